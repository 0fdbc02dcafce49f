//! Guesses of each found quote's cue and speaker mention, written as
//! gold/GUIDELINES.md §5 writes them (the reporting word as in the text,
//! the source phrase nearest the quote), for `gold suggest`: a labeller
//! accepts or corrects a guess instead of typing it. They come from the
//! shared extractor's cues ([`super::extract`]), so they are as good as
//! its patterns and lexicons, no better.

use super::extract::{extract, Found, Role};
use super::lexicon as lx;
use super::text::Doc;
use crate::model::{Kind, Span};
use std::sync::OnceLock;

/// The guessed cue and mention of one quote the extractor found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hint {
    /// The quote's content span.
    pub span: Span,
    /// The cue as written (`said`, `according to`, `:`); empty for a
    /// quote with no cue of its own (a floating quotation).
    pub cue: String,
    /// The source phrase as written (`Kremlin spokesman Dmitry Peskov`,
    /// `he`); empty when none was found.
    pub mention: String,
}

/// How far back (in found quotes) a floating quotation looks for the cued
/// quote it continues.
const FLOAT_BACK: usize = 8;

/// The cue word(s) of `f` as written, when it has a cue.
fn cue_text(doc: &Doc, f: &Found) -> Option<String> {
    let c = f.cue?;
    let verb = doc.toks.get(c.verb)?;
    let next = doc.toks.get(c.verb + 1);
    Some(match c.role {
        Role::According if next.is_some_and(|t| t.s.eq_ignore_ascii_case("to")) => {
            doc.slice(c.verb, c.verb + 2).to_owned()
        }
        _ => verb.s.to_owned(),
    })
}

/// Words in front of a source phrase that are not part of the mention
/// (`data/gold/mention_leads.txt`).
fn leads() -> &'static [&'static str] {
    static LEADS: OnceLock<Vec<&'static str>> = OnceLock::new();
    LEADS.get_or_init(|| {
        include_str!("../../data/gold/mention_leads.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// The mention inside source tokens `[a, b)`: leading conjunctions and
/// reporting verbs dropped (`while Farah Gideon`, `said the company`), a
/// name's `of`/`at` phrase cut (`Judge Ames of the Circuit Court` → `Judge
/// Ames`, GUIDELINES.md §5: premodifiers only); none when what is left is
/// a lone determiner or an all-capitals dateline (`PORT ELLIS`).
fn trim_source(doc: &Doc, mut a: usize, mut b: usize) -> Option<(usize, usize)> {
    while a < b && {
        let t = &doc.toks[a];
        t.word()
            && !t.cap()
            && (lx::is_in(leads(), t.s) || t.is(lx::SAY_VERBS) || t.is(lx::AFTER_QUOTE_VERBS))
    } {
        a += 1;
    }
    if let Some(k) = (a + 2..b).find(|&k| {
        let t = &doc.toks[k];
        let name = |t: &super::text::Token| t.cap() && !t.is(lx::TITLES);
        t.word() && (t.s == "of" || t.s == "at") && name(&doc.toks[k - 1]) && doc.toks[k - 2].cap()
    }) {
        b = k;
    }
    let words: Vec<_> = doc.toks[a..b].iter().filter(|t| t.word()).collect();
    let lone_determiner = words.len() == 1 && words[0].is(lx::DETERMINERS);
    let dateline = words
        .iter()
        .all(|t| t.s.chars().any(char::is_alphabetic) && !t.s.chars().any(char::is_lowercase));
    (!words.is_empty() && !lone_determiner && !dateline).then_some((a, b))
}

/// The source phrase of `f` as written, edge punctuation trimmed (see
/// [`trim_source`]). Of a name with a comma-set appositive (`Ames, the
/// mayor,`; `the city's mayor, Lena Ames,`) only the name part: the
/// comma-separated piece with the largest share of capitalised words (the
/// first of equals).
fn mention_text(doc: &Doc, f: &Found) -> Option<String> {
    let c = f.cue?;
    let (a, b) = c.src;
    if a >= b || b > doc.toks.len() {
        return None;
    }
    let mut best: Option<((usize, usize), f64)> = None;
    let mut from = a;
    for i in a..=b {
        if i < b && !doc.toks[i].is_punct(',') {
            continue;
        }
        let words: Vec<_> = doc.toks[from..i].iter().filter(|t| t.word()).collect();
        if !words.is_empty() {
            let share = words.iter().filter(|t| t.cap()).count() as f64 / words.len() as f64;
            if best.is_none_or(|(_, s)| share > s) {
                best = Some(((from, i), share));
            }
        }
        from = i + 1;
    }
    let ((x, y), _) = best?;
    let (x, y) = trim_source(doc, x, y)?;
    let text = doc
        .slice(x, y)
        .trim_matches(|ch: char| ch.is_whitespace() || ",;:—–-()\"“”‘’'".contains(ch));
    // a possessive source is its owner (`Putin's statements` → `Putin`)
    let text = ["'s", "’s", "'", "’"]
        .iter()
        .find_map(|p| text.strip_suffix(p))
        .unwrap_or(text);
    (!text.is_empty()).then(|| text.to_owned())
}

/// A hint for every quote the extractor finds in `text`, in span order:
/// its own cue and source; a partial quote without a cue of its own takes
/// the report around it's; a direct quotation without a cue takes an
/// empty cue and the mention of the cued quotation before it.
pub(crate) fn hints(text: &str) -> Vec<Hint> {
    let doc = Doc::new(text);
    let found = extract(&doc, true);
    let mut out: Vec<Hint> = Vec::with_capacity(found.len());
    for (i, f) in found.iter().enumerate() {
        let own = (cue_text(&doc, f), mention_text(&doc, f));
        let (cue, mention) = match own {
            (Some(cue), mention) => (cue, mention.unwrap_or_default()),
            (None, _) => match f.parent.filter(|&p| p < out.len()) {
                Some(p) => (out[p].cue.clone(), out[p].mention.clone()),
                None if f.kind == Kind::Direct => {
                    let before = found[i.saturating_sub(FLOAT_BACK)..i]
                        .iter()
                        .zip(&out[i.saturating_sub(FLOAT_BACK)..i])
                        .rev()
                        .find(|(g, h)| g.kind == Kind::Direct && !h.mention.is_empty());
                    (
                        String::new(),
                        before.map(|(_, h)| h.mention.clone()).unwrap_or_default(),
                    )
                }
                None => (String::new(), String::new()),
            },
        };
        out.push(Hint {
            span: f.span,
            cue,
            mention,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint_of(text: &str, words: &str) -> Hint {
        let at = text.find(words).unwrap();
        hints(text)
            .into_iter()
            .find(|h| h.span.start <= at && at < h.span.end)
            .unwrap_or_else(|| panic!("no quote found at {words:?} in {:?}", hints(text)))
    }

    #[test]
    fn the_reporting_verb_and_its_source_as_written() {
        let t = "Mayor Lena Ames said the pier would reopen in May.\n";
        let h = hint_of(t, "the pier");
        assert_eq!(
            (h.cue.as_str(), h.mention.as_str()),
            ("said", "Mayor Lena Ames")
        );
        let t = "“We will rebuild,” she told reporters on Monday.\n";
        let h = hint_of(t, "We will");
        assert_eq!((h.cue.as_str(), h.mention.as_str()), ("told", "she"));
    }

    #[test]
    fn according_to_is_one_cue() {
        let t = "The storm killed four people, according to the county coroner.\n";
        let h = hint_of(t, "The storm");
        assert_eq!(h.cue, "according to");
        assert_eq!(h.mention, "the county coroner");
    }
}
