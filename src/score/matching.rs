//! Matching rules: when a predicted speaker name counts as the gold entity,
//! and how spans are trimmed before they are compared. METHODOLOGY.md
//! states the same rules for readers.

use crate::model::{Span, Speaker};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// Normalises a name for comparison: Unicode NFKC, case folding, curly
/// apostrophes made straight, white space collapsed, a leading `the` and a
/// trailing possessive `'s` dropped.
///
/// ```
/// use quotebench::score::normalize;
/// assert_eq!(normalize("  The Kremlin’s "), "kremlin");
/// assert_eq!(normalize("Dmitry\u{a0}PESKOV"), "dmitry peskov");
/// assert_eq!(normalize("the"), "the");
/// ```
pub fn normalize(name: &str) -> String {
    let folded = caseless::default_case_fold_str(&name.nfkc().collect::<String>());
    let straight: String = folded
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '`' | '\u{00b4}' => '\'',
            c => c,
        })
        .collect();
    let mut s = straight.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(rest) = s.strip_prefix("the ") {
        s = rest.to_owned();
    }
    if let Some(rest) = s.strip_suffix("'s") {
        if !rest.is_empty() {
            s = rest.trim_end().to_owned();
        }
    }
    s
}

/// Which rule made a predicted name count as the gold entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchRule {
    /// Equal, after normalisation, to the entity's name or an alias.
    Exact,
    /// Jaro-Winkler similar enough, and closer to this entity than to any other.
    Fuzzy,
}

/// How a predicted name compares with the gold entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerMatch {
    /// The prediction names the gold entity.
    Correct(MatchRule),
    /// The prediction names someone else, or no one in particular.
    Incorrect,
    /// No prediction (or an empty one).
    Abstained,
}

/// Matches predicted names against gold entities. Built once per corpus.
#[derive(Debug, Clone)]
pub struct SpeakerMatcher {
    /// Normalised names of each entity, by speaker id.
    names: BTreeMap<String, Vec<String>>,
    /// Normalised name -> the entity that has it.
    exact: BTreeMap<String, String>,
    fuzzy: f64,
}

impl SpeakerMatcher {
    /// A matcher over `speakers` with Jaro-Winkler threshold `fuzzy`
    /// (a threshold above 1 turns fuzzy matching off).
    pub fn new<'a>(speakers: impl IntoIterator<Item = &'a Speaker>, fuzzy: f64) -> Self {
        let mut names = BTreeMap::new();
        let mut exact = BTreeMap::new();
        for s in speakers {
            let ns: Vec<String> = s.names().map(normalize).filter(|n| !n.is_empty()).collect();
            for n in &ns {
                exact.entry(n.clone()).or_insert_with(|| s.id.clone());
            }
            names.insert(s.id.clone(), ns);
        }
        SpeakerMatcher {
            names,
            exact,
            fuzzy,
        }
    }

    /// Compares a predicted name with the gold entity `gold_id`.
    pub fn compare(&self, predicted: Option<&str>, gold_id: &str) -> SpeakerMatch {
        let Some(p) = predicted.map(normalize).filter(|p| !p.is_empty()) else {
            return SpeakerMatch::Abstained;
        };
        if let Some(owner) = self.exact.get(&p) {
            return if owner == gold_id {
                SpeakerMatch::Correct(MatchRule::Exact)
            } else {
                SpeakerMatch::Incorrect
            };
        }
        let best = |names: &[String]| {
            names
                .iter()
                .map(|n| strsim::jaro_winkler(&p, n))
                .fold(0.0_f64, f64::max)
        };
        let Some(gold_names) = self.names.get(gold_id) else {
            return SpeakerMatch::Incorrect;
        };
        let gold_best = best(gold_names);
        if gold_best < self.fuzzy {
            return SpeakerMatch::Incorrect;
        }
        let beaten = self
            .names
            .iter()
            .any(|(id, names)| id != gold_id && best(names) > gold_best);
        if beaten {
            SpeakerMatch::Incorrect
        } else {
            SpeakerMatch::Correct(MatchRule::Fuzzy)
        }
    }
}

/// True for characters trimmed from span edges: white space, quotation
/// marks and punctuation.
fn is_edge(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '“'
                | '”'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '„'
                | '‟'
                | '‹'
                | '›'
                | '.'
                | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '…'
                | '-'
                | '–'
                | '—'
                | '('
                | ')'
                | '['
                | ']'
        )
}

/// The span with white space, quotation marks and punctuation trimmed from
/// both edges. Out-of-range or broken spans come back unchanged.
///
/// ```
/// use quotebench::{model::Span, score::trim_span};
/// let text = "He said: “We are ready,” and left.";
/// let s = trim_span(text, Span::new(8, 28));
/// assert_eq!(&text[s.start..s.end], "We are ready");
/// ```
pub fn trim_span(text: &str, span: Span) -> Span {
    let Some(inner) = span.text(text) else {
        return span;
    };
    let trimmed_start = inner.trim_start_matches(is_edge);
    let start = span.start + (inner.len() - trimmed_start.len());
    let trimmed = trimmed_start.trim_end_matches(is_edge);
    Span::new(start, start + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(id: &str, name: &str, aliases: &[&str]) -> Speaker {
        Speaker {
            id: id.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn exact_fuzzy_and_wrong_entity() {
        let speakers = [
            sp("putin", "Vladimir Putin", &["Putin"]),
            sp("peskov", "Dmitry Peskov", &["Peskov"]),
        ];
        let m = SpeakerMatcher::new(&speakers, 0.9);
        assert_eq!(
            m.compare(Some("PUTIN’s"), "putin"),
            SpeakerMatch::Correct(MatchRule::Exact)
        );
        assert_eq!(
            m.compare(Some("Dmitri Peskov"), "peskov"),
            SpeakerMatch::Correct(MatchRule::Fuzzy)
        );
        assert_eq!(m.compare(Some("Peskov"), "putin"), SpeakerMatch::Incorrect);
        assert_eq!(
            m.compare(Some("Zelensky"), "putin"),
            SpeakerMatch::Incorrect
        );
        assert_eq!(m.compare(None, "putin"), SpeakerMatch::Abstained);
        assert_eq!(m.compare(Some("  "), "putin"), SpeakerMatch::Abstained);
        let strict = SpeakerMatcher::new(&speakers, 1.01);
        assert_eq!(
            strict.compare(Some("Dmitri Peskov"), "peskov"),
            SpeakerMatch::Incorrect
        );
    }

    #[test]
    fn fuzzy_refuses_when_another_entity_is_closer() {
        let speakers = [sp("a", "Jon Smith", &[]), sp("b", "John Smith", &[])];
        let m = SpeakerMatcher::new(&speakers, 0.9);
        // "John Smithe" is closer to b than to a.
        assert_eq!(m.compare(Some("John Smithe"), "a"), SpeakerMatch::Incorrect);
        assert_eq!(
            m.compare(Some("John Smithe"), "b"),
            SpeakerMatch::Correct(MatchRule::Fuzzy)
        );
    }
}
