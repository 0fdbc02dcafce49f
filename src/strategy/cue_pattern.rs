//! `cue-pattern`: reporting-cue patterns around the quote.
//!
//! **What it does.** Uses the shared extractor's cue patterns —
//! `“…,” X said`, `“…,” said X, title`, `X said: “…”`, `X told reporters
//! (that) …`, `according to X, …`, `…, X said.`, `X reported`, `the
//! newspaper writes`, `X's statements that …` — and answers the cue's
//! subject: a name resolved to the fullest name in the document, an
//! organisation or group as written, and a pronoun resolved to the most
//! recent person name before it. A quote with no cue gets no answer.
//!
//! A phrase with no name-like word in it (`the blogger`) is no answer.
//!
//! **When it fails.** On descriptions (`the blogger said` is not resolved,
//! so no answer), on pronouns whose nearest name sits inside a quotation or is
//! not the subject, on floating quotes and headline quotes (no cue), and
//! on reports the extractor does not recognise.
//!
//! ```
//! use quotebench::strategy::{CuePattern, Strategy};
//! let text = "Anna Berg arrived. “We are ready,” said Tom Lind, the mayor.";
//! let got = CuePattern.extract(text);
//! assert_eq!(got[0].speaker.as_deref(), Some("Tom Lind"));
//! ```

use super::extract::{answers, extract, Found};
use super::names::Names;
use super::resolve::Resolver;
use super::text::Doc;
use super::Strategy;
use crate::model::{Prediction, Span};

/// The strategy that follows reporting cues.
#[derive(Debug, Clone, Copy, Default)]
pub struct CuePattern;

fn run(text: &str) -> (Vec<Found>, Vec<Option<String>>) {
    let doc = Doc::new(text);
    let names = Names::new(&doc);
    let r = Resolver::new(&doc, &names, false);
    let found = extract(&doc, false);
    let speakers = found
        .iter()
        .map(|f| {
            let c = f.cue?;
            if c.src.0 >= c.src.1 {
                return None;
            }
            r.source(c.src.0, c.src.1)
        })
        .collect();
    (found, speakers)
}

impl Strategy for CuePattern {
    fn name(&self) -> &str {
        "cue-pattern"
    }
    fn version(&self) -> u32 {
        11
    }
    fn summary(&self) -> &str {
        "reporting-cue patterns around the quote; pronouns to the nearest person"
    }
    fn attribute(&self, text: &str, spans: &[Span]) -> Vec<Option<String>> {
        let (found, speakers) = run(text);
        answers(text, &found, &speakers, spans, |_| None)
    }
    fn extract(&self, text: &str) -> Vec<Prediction> {
        let (found, speakers) = run(text);
        super::extract::predictions(found, speakers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(text: &str) -> Vec<Option<String>> {
        CuePattern
            .extract(text)
            .into_iter()
            .map(|p| p.speaker)
            .collect()
    }

    #[test]
    fn she_said_resolves_to_the_last_person() {
        assert_eq!(
            who("Mayor Jane Doe spoke. “We are ready,” she said."),
            [Some("Jane Doe".into())]
        );
    }

    #[test]
    fn straight_quotes_and_said_name() {
        assert_eq!(
            who("\"Prices will fall,\" said Tom Lind, an economist."),
            [Some("Tom Lind".into())]
        );
    }

    #[test]
    fn according_to_an_outlet() {
        let got = CuePattern
            .extract("The talks will resume on Monday, according to the Associated Press.");
        assert_eq!(got[0].speaker.as_deref(), Some("the Associated Press"));
    }

    #[test]
    fn fails_on_descriptions() {
        // the description is not resolved, and a description is no name:
        // no answer
        let got = who("Economist Tom Lind spoke. “Rates will rise,” the economist said.");
        assert_eq!(got, [None]);
    }

    #[test]
    fn fails_on_a_floating_quote() {
        let got = who("“We are ready,” said Tom Lind. “We have waited long enough.”");
        assert_eq!(got, [Some("Tom Lind".into()), None]);
    }
}
