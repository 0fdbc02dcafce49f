//! What a run can say about its predictions beyond the predictions
//! themselves (plugin protocol 2): documents it skipped, and quotes it gave
//! by their words, placed in the text or not. The scorer counts an
//! ungrounded quote as a spurious prediction and reports how many there
//! were; a skipped document is scored as answered with nothing.

use crate::model::{Kind, Span};
use std::collections::BTreeMap;

/// A quote given by its words that could not be placed in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UngroundedQuote {
    /// The words as given.
    pub quote: String,
    /// Why they could not be placed (`not in the text`, …).
    pub reason: String,
    /// The speaker given with it.
    pub speaker: Option<String>,
    /// The kind given with it.
    pub kind: Option<Kind>,
}

/// Skipped documents and quotes given by their words, per document id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// Documents the system skipped, with its reason.
    pub skipped: BTreeMap<String, String>,
    /// Quotes given by their words and placed: their span and words.
    pub quoted: BTreeMap<String, BTreeMap<Span, String>>,
    /// Quotes given by their words that could not be placed.
    pub ungrounded: BTreeMap<String, Vec<UngroundedQuote>>,
}
