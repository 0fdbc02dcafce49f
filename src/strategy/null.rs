//! `null`: the floor. Abstains on every span and finds no quotes.
//!
//! **What it does.** Nothing: it exists so that the whole pipeline (loading,
//! scoring, statistics, reports) runs end to end with a known answer.
//!
//! **When it fails.** Always; it scores 0 on accuracy, coverage, recall and
//! F1, and its precision is undefined (null).
//!
//! ```
//! use quotebench::strategy::{Null, Strategy};
//! use quotebench::model::Span;
//! assert_eq!(Null.attribute("“Hi,” he said.", &[Span::new(3, 6)]), vec![None]);
//! assert!(Null.extract("“Hi,” he said.").is_empty());
//! ```

use super::Strategy;
use crate::model::{Prediction, Span};

/// The strategy that abstains on everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Null;

impl Strategy for Null {
    fn name(&self) -> &str {
        "null"
    }
    fn version(&self) -> u32 {
        1
    }
    fn summary(&self) -> &str {
        "abstains on every quote and finds none: the floor"
    }
    fn attribute(&self, _text: &str, spans: &[Span]) -> Vec<Option<String>> {
        vec![None; spans.len()]
    }
    fn extract(&self, _text: &str) -> Vec<Prediction> {
        Vec::new()
    }
}
