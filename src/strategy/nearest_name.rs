//! `nearest-name`: the closest person name before the quote, in the same
//! or the previous sentence.
//!
//! **What it does.** For each quote, walks back from the start of its
//! content to the nearest person-like name (titles stripped; a surname
//! resolved to the fullest name the document gives) that ends before it,
//! no further back than the previous sentence; abstains when there is
//! none. End to end, it uses the shared extractor's quotes.
//!
//! **When it fails.** On `“…,” X said` (the speaker comes after the
//! quote), on pronouns and descriptions (`he said`, `the blogger said`),
//! and whenever another name stands closer: the addressee, a name in the
//! reported content, a person mentioned inside an earlier quotation.
//!
//! ```
//! use quotebench::strategy::{NearestName, Strategy};
//! use quotebench::model::Span;
//! let text = "Anna Berg met Tom Lind. Lind said talks would resume.";
//! assert_eq!(NearestName.attribute(text, &[Span::new(34, 52)]), vec![Some("Tom Lind".to_string())]);
//! ```

use super::extract::extract;
use super::names::Names;
use super::resolve::Resolver;
use super::text::Doc;
use super::Strategy;
use crate::model::{Prediction, Span};

/// The strategy that names the nearest person before the quote.
#[derive(Debug, Clone, Copy, Default)]
pub struct NearestName;

fn nearest(doc: &Doc, r: &Resolver, pos: usize) -> Option<String> {
    let at = doc.tok_at(pos);
    r.nearest_person(at, true, 1)
}

impl Strategy for NearestName {
    fn name(&self) -> &str {
        "nearest-name"
    }
    fn version(&self) -> u32 {
        11
    }
    fn summary(&self) -> &str {
        "the closest person name before the quote, in the same or previous sentence"
    }
    fn attribute(&self, text: &str, spans: &[Span]) -> Vec<Option<String>> {
        let doc = Doc::new(text);
        let names = Names::new(&doc);
        let r = Resolver::new(&doc, &names, false);
        spans
            .iter()
            .map(|s| nearest(&doc, &r, s.start.min(text.len())))
            .collect()
    }
    fn extract(&self, text: &str) -> Vec<Prediction> {
        let doc = Doc::new(text);
        let names = Names::new(&doc);
        let r = Resolver::new(&doc, &names, false);
        extract(&doc, false)
            .into_iter()
            .map(|f| Prediction {
                span: f.span,
                kind: Some(f.kind),
                speaker: nearest(&doc, &r, f.span.start),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn works_for_name_said_that() {
        let text = "Later, John Smith said that the vote would be delayed.";
        let got = NearestName.extract(text);
        assert_eq!(got[0].speaker.as_deref(), Some("John Smith"));
    }

    #[test]
    fn fails_on_quote_then_said_name() {
        // the speaker comes after the quote: the nearest name before is wrong
        let text = "Maria Lopez spoke first. “We will win,” said John Smith.";
        let got = NearestName.extract(text);
        assert_eq!(got[0].speaker.as_deref(), Some("Maria Lopez"));
    }

    #[test]
    fn abstains_with_no_name_nearby() {
        let text = "It rained. It rained more. “Wet,” she said.";
        let got = NearestName.extract(text);
        assert_eq!(got[0].speaker, None);
    }
}
