//! Matching rules: when a predicted speaker name counts as the gold entity
//! (the one place the rules live: [`SpeakerMatcher::compare_in`]), and how
//! spans are trimmed before they are compared. METHODOLOGY.md states the
//! same rules for readers; the name parts come from [`crate::name`].

use crate::model::{Span, Speaker};
pub use crate::name::normalize;
use crate::name::{read, words, ReadingKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What the `match` part of a signature says: the version of the rules
/// that decide when a predicted name counts as the gold entity. 1 was exact
/// names and aliases with a Jaro-Winkler fallback; 2 strips titles, role
/// words and appositive tails (`spokesman Dmitry Peskov`) and takes a part
/// of a name that fits no other entity; 3 judges every rule among the
/// entities of the quote's own document, not the whole corpus; 4 does not
/// count an entity as named in a document's text when its canonical name is
/// a name of one of that document's own speakers. Bump it with
/// any change to [`SpeakerMatcher`] that can move a score.
pub const VERSION: &str = "names4";

/// Which rule made a predicted name count as the gold entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchRule {
    /// Equal, after normalisation, to the entity's name or an alias.
    Exact,
    /// Titles, modifiers and appositive tails stripped, the name tokens
    /// equal those of one of the entity's names, or are a part of them that
    /// fits no other entity of the document.
    Tokens,
    /// The name tokens are a spelling variant (Jaro-Winkler) of the
    /// entity's, closer to it than to any other entity of the document.
    Fuzzy,
}

impl MatchRule {
    /// Every rule, in the order they are tried.
    pub const ALL: [MatchRule; 3] = [MatchRule::Exact, MatchRule::Tokens, MatchRule::Fuzzy];

    /// The name used in reports and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            MatchRule::Exact => "exact",
            MatchRule::Tokens => "tokens",
            MatchRule::Fuzzy => "fuzzy",
        }
    }
}

/// How a predicted name compares with the gold entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerMatch {
    /// The prediction names the gold entity.
    Correct(MatchRule),
    /// The prediction names someone else, or fits two entities, or no one.
    Incorrect,
    /// The prediction is a pronoun or a bare description (`he`, `the
    /// company`, `a spokesman`): it names no one. Not correct.
    Unresolved,
    /// No prediction (or an empty one).
    Abstained,
}

/// One entity's names as token sets.
#[derive(Debug, Clone)]
struct Entity {
    /// The name tokens of each name (titles stripped); for a name that is
    /// all title words (`Ukrainian military`), all its tokens.
    names: Vec<BTreeSet<String>>,
    /// All tokens of each name (determiners dropped), sorted.
    all: Vec<Vec<String>>,
    /// The words of the canonical name, for finding the entity in a text;
    /// empty when another entity has a name with the same words (a name
    /// two entities share names neither).
    words: Vec<String>,
    /// The canonical name, normalised.
    canonical: String,
    /// Every name and alias, normalised.
    keys: BTreeSet<String>,
}

/// Matches predicted names against gold entities. Built once per corpus;
/// every rule looks only at the entities of the document the quote is in
/// (see [`SpeakerMatcher::document_entities`]), so two entities of
/// different documents may share a name (a surname, say).
#[derive(Debug, Clone)]
pub struct SpeakerMatcher {
    entities: BTreeMap<String, Entity>,
    /// Normalised name -> every entity that has it, sorted by id.
    exact: BTreeMap<String, Vec<String>>,
    fuzzy: f64,
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// The Jaro-Winkler similarity of name tokens `p` to name tokens `t`: each
/// predicted token paired with the closest unused token of `t`, and the
/// weakest pair is the score (0 when `p` has more tokens than `t`).
fn token_similarity(p: &[String], t: &BTreeSet<String>) -> f64 {
    if p.is_empty() || p.len() > t.len() {
        return 0.0;
    }
    let mut used = vec![false; t.len()];
    let mut worst = 1.0_f64;
    for w in p {
        let best = t
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .map(|(i, x)| (i, strsim::jaro_winkler(w, x)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let Some((i, sim)) = best else { return 0.0 };
        used[i] = true;
        worst = worst.min(sim);
    }
    worst
}

impl SpeakerMatcher {
    /// A matcher over `speakers` with Jaro-Winkler threshold `fuzzy`
    /// (a threshold above 1 turns fuzzy matching off).
    pub fn new<'a>(speakers: impl IntoIterator<Item = &'a Speaker>, fuzzy: f64) -> Self {
        let mut entities = BTreeMap::new();
        let mut exact: BTreeMap<String, Vec<String>> = BTreeMap::new();
        // The words of every name, with the entities that have them.
        let mut named: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
        let mut canonical: Vec<(String, Vec<String>)> = Vec::new();
        for s in speakers {
            let mut e = Entity {
                names: Vec::new(),
                all: Vec::new(),
                words: Vec::new(),
                canonical: normalize(&s.name),
                keys: BTreeSet::new(),
            };
            for n in s.names() {
                let key = normalize(n);
                if key.is_empty() {
                    continue;
                }
                e.keys.insert(key.clone());
                let owners = exact.entry(key).or_default();
                if !owners.contains(&s.id) {
                    owners.push(s.id.clone());
                }
                let r = read(n);
                let toks = if r.kind == ReadingKind::Name {
                    r.name
                } else {
                    r.all.clone()
                };
                if !toks.is_empty() {
                    e.names.push(toks.into_iter().collect());
                    e.all.push(sorted(r.all));
                }
                let w = words(n);
                if !w.is_empty() {
                    named.entry(w).or_default().insert(s.id.clone());
                }
            }
            canonical.push((s.id.clone(), words(&s.name)));
            entities.insert(s.id.clone(), e);
        }
        for owners in exact.values_mut() {
            owners.sort();
        }
        for (id, w) in canonical {
            if let Some(e) = entities.get_mut(&id) {
                if named.get(&w).is_some_and(|o| o.len() == 1) {
                    e.words = w;
                }
            }
        }
        SpeakerMatcher {
            entities,
            exact,
            fuzzy,
        }
    }

    /// The entities of a document: the gold speakers of its quotes, and
    /// every entity whose canonical name (not an alias) occurs in its text
    /// (on word boundaries, case-folded) when no other entity has a name of
    /// the same words. An alias such as a bare surname is not enough: the
    /// same word in another article may name another person. Nor is a
    /// canonical name that is also a name of one of the document's own
    /// speakers: there the text's `the Ledger` is that speaker, not another
    /// article's newspaper called `Ledger`.
    pub fn document_entities<'a>(
        &self,
        text: &str,
        gold_speakers: impl IntoIterator<Item = &'a str>,
    ) -> BTreeSet<String> {
        let text = words(text);
        let mut out: BTreeSet<String> = gold_speakers.into_iter().map(str::to_owned).collect();
        let own: BTreeSet<&str> = out
            .iter()
            .filter_map(|id| self.entities.get(id))
            .flat_map(|e| e.keys.iter().map(String::as_str))
            .collect();
        for (id, e) in &self.entities {
            if out.contains(id) || own.contains(e.canonical.as_str()) {
                continue;
            }
            let w = &e.words;
            let named = !w.is_empty() && text.windows(w.len()).any(|x| x == w.as_slice());
            if named {
                out.insert(id.clone());
            }
        }
        out
    }

    /// Compares a predicted name with the gold entity `gold_id`, every
    /// entity of the corpus counting as a rival.
    pub fn compare(&self, predicted: Option<&str>, gold_id: &str) -> SpeakerMatch {
        let all: BTreeSet<String> = self.entities.keys().cloned().collect();
        self.compare_in(predicted, gold_id, &all)
    }

    /// Compares a predicted name with the gold entity `gold_id` of a
    /// document whose entities are `document` (the rivals of the `tokens`
    /// and `fuzzy` rules; `gold_id` is always one). The rules, in order
    /// (METHODOLOGY.md, "Speaker match"):
    ///
    /// 1. empty: abstained;
    /// 2. `exact`: the normalised name is a name of a document entity:
    ///    correct if it is the gold entity's alone, else incorrect;
    /// 3. a pronoun: unresolved;
    /// 4. `tokens`: all its tokens, in any order, are those of a name of
    ///    a document entity: correct if only the gold entity's;
    /// 5. a bare description (nothing but titles and generic nouns):
    ///    unresolved;
    /// 6. `tokens`: the name tokens (titles stripped) equal a name's of
    ///    document entities, or else are a proper part of a name's: correct
    ///    when the gold entity is the only one that fits, else incorrect;
    /// 7. `fuzzy`: the token similarity to the gold entity is at least the
    ///    threshold and above every other document entity's;
    /// 8. anything else is incorrect.
    ///
    /// Entities outside `document` (and not `gold_id`) play no part: a
    /// name that only they have is judged like any unknown name.
    pub fn compare_in(
        &self,
        predicted: Option<&str>,
        gold_id: &str,
        document: &BTreeSet<String>,
    ) -> SpeakerMatch {
        let Some(p) = predicted.map(normalize).filter(|p| !p.is_empty()) else {
            return SpeakerMatch::Abstained;
        };
        let verdict = |fits: &BTreeSet<&str>, rule| {
            if fits.len() == 1 && fits.contains(gold_id) {
                SpeakerMatch::Correct(rule)
            } else {
                SpeakerMatch::Incorrect
            }
        };
        let in_document = |id: &str| id == gold_id || document.contains(id);
        let rivals = || self.entities.iter().filter(|(id, _)| in_document(id));
        if let Some(owners) = self.exact.get(&p) {
            let owners: BTreeSet<&str> = owners
                .iter()
                .map(String::as_str)
                .filter(|id| in_document(id))
                .collect();
            if !owners.is_empty() {
                return verdict(&owners, MatchRule::Exact);
            }
        }
        let r = read(predicted.unwrap_or(""));
        if r.kind == ReadingKind::Pronoun {
            return SpeakerMatch::Unresolved;
        }
        let all = sorted(r.all.clone());
        if !all.is_empty() {
            let owners: BTreeSet<&str> = rivals()
                .filter(|(_, e)| e.all.contains(&all))
                .map(|(id, _)| id.as_str())
                .collect();
            if !owners.is_empty() {
                return verdict(&owners, MatchRule::Tokens);
            }
        }
        if r.kind == ReadingKind::Description {
            return SpeakerMatch::Unresolved;
        }
        let name: BTreeSet<String> = r.name.iter().cloned().collect();
        let full: BTreeSet<&str> = rivals()
            .filter(|(_, e)| e.names.contains(&name))
            .map(|(id, _)| id.as_str())
            .collect();
        if !full.is_empty() {
            return verdict(&full, MatchRule::Tokens);
        }
        let part: BTreeSet<&str> = rivals()
            .filter(|(_, e)| e.names.iter().any(|n| name.is_subset(n)))
            .map(|(id, _)| id.as_str())
            .collect();
        if !part.is_empty() {
            return verdict(&part, MatchRule::Tokens);
        }
        if self.fuzzy > 1.0 {
            return SpeakerMatch::Incorrect;
        }
        let score = |e: &Entity| {
            e.names
                .iter()
                .map(|n| token_similarity(&r.name, n))
                .fold(0.0_f64, f64::max)
        };
        let Some(gold) = self.entities.get(gold_id) else {
            return SpeakerMatch::Incorrect;
        };
        let gold_score = score(gold);
        if gold_score < self.fuzzy {
            return SpeakerMatch::Incorrect;
        }
        let rivalled = rivals().any(|(id, e)| id != gold_id && score(e) >= gold_score);
        if rivalled {
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
