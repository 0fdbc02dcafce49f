//! `first-name`: the first person-like name in the document, for every
//! quote. The floor any heuristic must beat.
//!
//! **What it does.** Finds the first run of two to four capitalised words
//! that looks like a person's name (titles stripped, organisations and
//! title-case headlines skipped) and answers it for every span. End to
//! end, it reports the quotes of the shared extractor, all with that name.
//!
//! **When it fails.** Whenever anyone but the first-named person speaks,
//! and on articles that open with an organisation or a byline. It abstains
//! on a document with no person-like name.
//!
//! ```
//! use quotebench::strategy::{FirstName, Strategy};
//! use quotebench::model::Span;
//! let text = "Anna Berg met Tom Lind. “Fine,” Lind said.";
//! assert_eq!(FirstName.attribute(text, &[Span::new(27, 31)]), vec![Some("Anna Berg".to_string())]);
//! ```

use super::extract::extract;
use super::names::Names;
use super::text::Doc;
use super::Strategy;
use crate::model::{Prediction, Span};

/// The strategy that names the first person in the document.
#[derive(Debug, Clone, Copy, Default)]
pub struct FirstName;

fn first_name(names: &Names) -> Option<String> {
    names
        .list
        .iter()
        .find(|n| n.person && n.words >= 2)
        .map(|n| names.fullest_at(n.text, n.na, n.titled).to_owned())
}

impl Strategy for FirstName {
    fn name(&self) -> &str {
        "first-name"
    }
    fn version(&self) -> u32 {
        11
    }
    fn summary(&self) -> &str {
        "the first person-like name in the document, for every quote"
    }
    fn attribute(&self, text: &str, spans: &[Span]) -> Vec<Option<String>> {
        let doc = Doc::new(text);
        let names = Names::new(&doc);
        vec![first_name(&names); spans.len()]
    }
    fn extract(&self, text: &str) -> Vec<Prediction> {
        let doc = Doc::new(text);
        let names = Names::new(&doc);
        let who = first_name(&names);
        extract(&doc, false)
            .into_iter()
            .map(|f| Prediction {
                span: f.span,
                kind: Some(f.kind),
                speaker: who.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn works_when_the_first_person_speaks() {
        let text = "Maria Lopez spoke on Monday. She said that prices would rise.";
        let got = FirstName.extract(text);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].speaker.as_deref(), Some("Maria Lopez"));
    }

    #[test]
    fn fails_when_someone_else_speaks() {
        let text = "Maria Lopez spoke on Monday. “No,” said John Smith.";
        let got = FirstName.extract(text);
        assert_eq!(got[0].speaker.as_deref(), Some("Maria Lopez"));
    }

    #[test]
    fn skips_title_case_headlines() {
        let text = "Markets Rally As Rates Fall\nThe rise was welcome, said Jane Doe.";
        assert_eq!(
            FirstName.attribute(text, &[Span::new(28, 49)]),
            vec![Some("Jane Doe".to_string())]
        );
    }
}
