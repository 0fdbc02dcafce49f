//! Description resolution: from a source phrase that describes rather
//! than names (`the airline`, `The co-op`, `a department spokeswoman`,
//! `A spokeswoman for the firm`) to the organisation the text introduced
//! with that kind, or no answer when the text makes no one clear (a bare
//! description is never a speaker).
//!
//! The kinds are data (`data/lexicon/describe_org_kinds.txt`): each names
//! the nouns that describe an organisation of the kind and the words that
//! make a capitalised name one of that kind. A description of a kind is
//! the organisation of the kind named last before it, else the first
//! named after it; a general kind (`the company`) with no name of its
//! kind is left to the resolver's fallback (the organisation the text is
//! about). Used by the coreference level of [`Resolver`] only, once per
//! source phrase, never per token.

use super::lexicon as lx;
use super::resolve::{furniture, has_outlet_word, Resolver};
use std::sync::OnceLock;

/// How many names back (and forward) an organisation of a kind is looked for.
const BACK_NAMES: usize = 80;

/// One organisation kind: its description nouns and its name words.
#[derive(Debug)]
pub(super) struct Kind {
    /// Nouns describing an organisation of the kind (`airline`, `carrier`).
    nouns: Vec<String>,
    /// Words making a name one of the kind (`air`, `airlines`).
    words: Vec<String>,
    /// A general kind: any organisation may be meant.
    general: bool,
}

impl Kind {
    /// True when the lower-case `w` is a name word of the kind.
    fn has_word(&self, w: &str) -> bool {
        self.words.iter().any(|x| x.eq_ignore_ascii_case(w))
            || self.nouns.iter().any(|x| x.eq_ignore_ascii_case(w))
    }
}

/// Reads the kinds from the text of `describe_org_kinds.txt`.
fn parse_kinds(text: &str) -> Vec<Kind> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (general, l) = match l.strip_prefix('*') {
                Some(rest) => (true, rest),
                None => (false, l),
            };
            let (nouns, words) = l.split_once('|')?;
            let list = |s: &str| s.split_whitespace().map(str::to_lowercase).collect();
            Some(Kind {
                nouns: list(nouns),
                words: list(words),
                general,
            })
        })
        .collect()
}

/// The organisation kinds, read once.
fn kinds() -> &'static [Kind] {
    static KINDS: OnceLock<Vec<Kind>> = OnceLock::new();
    KINDS.get_or_init(|| parse_kinds(include_str!("../../data/lexicon/describe_org_kinds.txt")))
}

/// The kind whose description nouns hold `noun` (a plural `unions` as
/// its singular).
fn kind_of(noun: &str) -> Option<&'static Kind> {
    let lower = noun.to_lowercase();
    let find = |w: &str| kinds().iter().find(|k| k.nouns.iter().any(|n| n == w));
    find(&lower).or_else(|| lower.strip_suffix('s').and_then(find))
}

/// Spokespeople: a person noun that, with an organisation's kind or name,
/// speaks for the organisation (`a company spokeswoman`).
const SPOKES: &[&str] = &["spokesman", "spokeswoman", "spokesperson", "representative"];

impl<'d, 'a> Resolver<'d, 'a> {
    /// The answer for a descriptive source phrase `[s, e)` (determiner
    /// included): `Some(Some(name))` when it resolves, `Some(None)` when
    /// it is a description that names no one the text makes clear, and
    /// `None` when the phrase is not one these rules read (left to the
    /// rest of the resolver).
    pub(super) fn describe(&self, s: usize, e: usize) -> Option<Option<String>> {
        let doc = self.doc;
        if s >= e {
            return None;
        }
        let toks = &doc.toks[s..e];
        if let Some(got) = self.person_role(s, e) {
            return Some(got);
        }
        // the phrase: a determiner, lower-case modifiers, a head noun; no
        // name in it (`the co-op`, `a company spokeswoman`, `A spokeswoman
        // for the firm`)
        let det = toks[0].is(lx::DETERMINERS) && !toks[0].possessive();
        let body = if det { &toks[1..] } else { toks };
        if body.is_empty() || body.iter().any(|t| !t.word() || t.possessive()) {
            return None;
        }
        // (a capital is allowed only on the phrase's first word, where a
        // sentence opens: `Police said`)
        let first_body = usize::from(det);
        if body
            .iter()
            .enumerate()
            .any(|(i, t)| t.cap() && (i + first_body > 0 || body.len() > 1))
        {
            return None;
        }
        // `a spokeswoman for the firm`
        if let Some(f) = body.iter().position(|t| t.is_in(&["for", "of", "at"])) {
            if f == 0 || !body[..f].iter().any(|t| t.is_in(SPOKES)) {
                return None;
            }
            let rest = &body[f + 1..];
            let (det2, rest) = match rest.split_first() {
                Some((d, r)) if d.is(lx::DETERMINERS) => (true, r),
                _ => (false, rest),
            };
            if !det2 || rest.len() != 1 {
                return None;
            }
            let kind = kind_of(rest[0].s)?;
            return self.of_kind(s, kind, &[]).map(Some);
        }
        let head = body.last()?;
        if body.len() >= 2 && head.is_in(SPOKES) {
            // `a company spokeswoman`: the kind before the noun
            let kind = kind_of(body[body.len() - 2].s)?;
            let mods = modifiers(&body[..body.len() - 2]);
            return self.of_kind(s, kind, &mods).map(Some);
        }
        if !det && body.len() > 1 {
            return None;
        }
        let kind = kind_of(head.base())?;
        if head.base().ends_with('s')
            && !kind.nouns.iter().any(|n| n == &head.base().to_lowercase())
        {
            // a plural (`the unions`): a group, not read here
            return None;
        }
        let mods = modifiers(&body[..body.len() - 1]);
        self.of_kind(s, kind, &mods).map(Some)
    }

    /// A person described by a role (`the coach`, `the 61-year-old`):
    /// the person the text introduced with the role word (as a title,
    /// `Coach Ray Tolliver`, or in an appositive, `Ana Ruiz, the team's
    /// coach`), or with the age (`Marchbanks, 61,`), the latest before
    /// the mention; `Some(None)` when the text introduced no one so;
    /// `None` when the phrase is no such description.
    fn person_role(&self, s: usize, e: usize) -> Option<Option<String>> {
        let doc = self.doc;
        let toks = &doc.toks[s..e];
        // `the coach`, `the veteran coach`: `the`, lower-case words, the role
        if toks.len() < 2 || !toks[0].s.eq_ignore_ascii_case("the") {
            return None;
        }
        // `the 61-year-old` (however the tokenizer cut it)
        let age = doc
            .text
            .get(toks[1].start..toks[toks.len() - 1].end())
            .and_then(|w| w.strip_suffix("-year-old"))
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let body = &toks[1..];
        if age.is_none() && body.iter().any(|t| !t.word() || t.cap() || t.possessive()) {
            return None;
        }
        let head = body.last()?;
        if age.is_none() && (head.is(lx::PERSON_NOUNS) || !is_role(head.s)) {
            return None;
        }
        let end = self.names.first_ending_after(s);
        let sent = doc.sent_of.get(s).copied().unwrap_or(0) as usize;
        for n in self.names.list[..end].iter().rev().take(BACK_NAMES) {
            if !n.person || n.quoted || n.b > s {
                continue;
            }
            let introduced = match age {
                // `Marchbanks, 61,` / `Marchbanks (61)`
                Some(a) => {
                    sent.saturating_sub(n.sent) <= 3
                        && doc
                            .toks
                            .get(n.b)
                            .is_some_and(|t| t.is_punct(',') || t.is_punct('('))
                        && doc.toks.get(n.b + 1).is_some_and(|t| t.s == a)
                }
                None => {
                    // `Coach Ray Tolliver`, `Corran Valley coach Annika …`
                    let lo = n.a.min(n.na.saturating_sub(1));
                    let title = doc.toks[lo..n.na]
                        .iter()
                        .any(|t| t.word() && t.base().eq_ignore_ascii_case(head.s));
                    // `Ana Ruiz, the team's coach,`: up to the next comma
                    let appositive = doc.toks.get(n.b).is_some_and(|t| t.is_punct(','))
                        && doc.toks[n.b + 1..(n.b + 8).min(doc.toks.len())]
                            .iter()
                            .take_while(|t| !t.is_punct(',') && !t.is_punct('.'))
                            .any(|t| t.word() && t.base().eq_ignore_ascii_case(head.s));
                    title || appositive
                }
            };
            if introduced {
                return Some(Some(self.person_name(n)));
            }
        }
        Some(None)
    }

    /// The organisation of `kind` a description at token `at` refers to:
    /// the last named before it, else the first named after it; `None`
    /// when no name is of the kind.
    fn of_kind(&self, at: usize, kind: &Kind, mods: &[&str]) -> Option<String> {
        if !mods.is_empty() {
            if let Some(o) = self.of_kind_with(at, kind, mods) {
                return Some(o);
            }
        }
        self.of_kind_with(at, kind, &[])
    }

    /// [`Resolver::of_kind`] among the names holding every word of
    /// `mods` (`the river authority`: `Tansy Valley River Authority`).
    fn of_kind_with(&self, at: usize, kind: &Kind, mods: &[&str]) -> Option<String> {
        let doc = self.doc;
        let names = self.names;
        let fits = |n: &super::names::Name<'a>| {
            let words = &doc.toks[n.na..n.b];
            // a name the finder took for a person's by its shape, ending
            // in a word of a specific kind (`Skyrill Air`, `… Dairy
            // Cooperative`), is that organisation
            let org = !n.person
                || (!kind.general
                    && !n.titled
                    && words
                        .last()
                        .is_some_and(|t| t.cap() && kind.has_word(&t.base().to_lowercase())));
            org && mods
                .iter()
                .all(|m| words.iter().any(|t| t.base().eq_ignore_ascii_case(m)))
                && n.words >= 2
                && !n.quoted
                && !furniture(doc.text, doc.toks[n.na].start)
                && (!has_outlet_word(n.text)
                    || kind.nouns.iter().any(|w| lx::is(lx::OUTLET_NOUNS, w)))
                && doc.toks[n.na..n.b]
                    .iter()
                    .any(|t| t.word() && kind.has_word(&t.base().to_lowercase()))
        };
        let end = names.first_ending_after(at);
        // a name of the kind, or the first word alone of one named earlier
        // (`Tallgrass Harbor Partners` … `Tallgrass, which owns …`)
        let short = |i: usize, n: &super::names::Name<'a>| {
            (n.words == 1 && !n.person && !n.quoted)
                .then(|| {
                    names.list[..i].iter().find(|m| {
                        fits(m)
                            && m.text.len() > n.text.len()
                            && m.text.starts_with(n.text)
                            && m.text.as_bytes()[n.text.len()] == b' '
                    })
                })
                .flatten()
        };
        let before = names.list[..end]
            .iter()
            .enumerate()
            .rev()
            .take(BACK_NAMES)
            .find_map(|(i, n)| {
                if fits(n) {
                    Some((n.sent, n))
                } else {
                    short(i, n).map(|m| (n.sent, m))
                }
            });
        if kind.general {
            // `the company`: the company just named, else the resolver's
            // fallback (the organisation the text is about)
            let sent = doc.sent_of.get(at).copied().unwrap_or(0) as usize;
            return before
                .filter(|&(at_sent, _)| sent.saturating_sub(at_sent) <= 1)
                .map(|(_, n)| n.text.to_owned());
        }
        before
            .map(|(_, n)| n)
            .or_else(|| names.list[end..].iter().take(BACK_NAMES).find(|n| fits(n)))
            .map(|n| n.text.to_owned())
    }
}

/// True when the word is a person role of `describe_person_roles.txt`.
fn is_role(w: &str) -> bool {
    static ROLES: OnceLock<Vec<String>> = OnceLock::new();
    let roles = ROLES.get_or_init(|| {
        include_str!("../../data/lexicon/describe_person_roles.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    });
    roles.iter().any(|r| r.eq_ignore_ascii_case(w))
}

/// The modifiers of a description's head, as written (`river` in `the
/// river authority`), numbers and adverbs left out.
fn modifiers<'a>(toks: &[super::text::Token<'a>]) -> Vec<&'a str> {
    toks.iter()
        .filter(|t| t.word() && t.s.chars().all(char::is_alphabetic))
        .map(|t| t.s)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::{Sieve, Strategy};

    fn who(text: &str) -> Vec<Option<String>> {
        Sieve.extract(text).into_iter().map(|p| p.speaker).collect()
    }

    #[test]
    fn a_kind_is_the_organisation_of_that_kind() {
        // `the union` is the union, not the company the text is about
        let got = who("Corvane Therapeutics cut its forecast. The United Pharmaceutical Workers local met Corvane Therapeutics on Monday. The union said it would fight.");
        assert_eq!(got, [Some("United Pharmaceutical Workers".into())]);
        // a modifier picks among organisations of the kind
        let got = who("The Harlow Transit Authority and the Tansy Valley River Authority met. The river authority warned that a crest was possible.");
        assert_eq!(got, [Some("Tansy Valley River Authority".into())]);
    }

    #[test]
    fn a_spokesperson_of_a_kind_is_the_organisation() {
        let got = who("The state Department of Health must approve it. A department spokeswoman said the notice had arrived.");
        assert_eq!(got, [Some("Department of Health".into())]);
        let got = who("Haldane Foods confirmed the talks. A company spokeswoman said only that prices would hold.");
        assert_eq!(got, [Some("Haldane Foods".into())]);
        let got = who("Brisco agreed to be sold to Tallgrass Harbor Partners. Tallgrass owns two chains. A spokeswoman for the firm said it had no plans to move.");
        assert_eq!(got, [Some("Tallgrass Harbor Partners".into())]);
    }

    #[test]
    fn a_name_shaped_like_a_person_s_may_be_of_the_kind() {
        let got = who("Skyrill Air grounded 22 jets on Sunday. The airline said the crack was found in Boise.");
        assert_eq!(got, [Some("Skyrill Air".into())]);
    }

    #[test]
    fn a_role_is_the_person_introduced_with_it() {
        let got = who(
            "Coach Ray Tolliver spoke on Saturday. Ann Lee watched. “We lost,” the coach said.",
        );
        assert_eq!(got, [Some("Ray Tolliver".into())]);
        let got = who("Ana Ruiz, the team's coach, arrived late. Tom Baker left. The bus broke down, the coach said.");
        assert_eq!(got, [Some("Ana Ruiz".into())]);
        let got = who("Gideon Marchbanks, 61, did not attend. Reached by phone, the 61-year-old said he would not resign.");
        assert_eq!(got, [Some("Gideon Marchbanks".into())]);
    }

    #[test]
    fn a_role_no_one_was_introduced_with_is_no_answer() {
        assert_eq!(
            who("Ann Lee spoke. The bookkeeper said the books were clean."),
            [None]
        );
        assert_eq!(
            who("Ann Lee, 54, spoke. The 61-year-old said he would not resign."),
            [None]
        );
    }

    #[test]
    fn a_kind_the_text_never_names_is_no_answer() {
        assert_eq!(
            who("Ann Lee flew home. The airline said the flight was late."),
            [None]
        );
        assert_eq!(
            who("Ann Lee flew home. A union spokesman said the talks were over."),
            [None]
        );
    }

    #[test]
    fn kinds_parse_with_their_general_flag() {
        let k = parse_kinds("# c\n*company firm | inc corp\nairline | air\nbad line\n");
        assert_eq!(k.len(), 2);
        assert!(k[0].general && !k[1].general);
        assert_eq!(k[1].words, ["air"]);
    }

    #[test]
    fn a_plural_finds_its_kind() {
        assert!(kind_of("unions").is_some_and(|k| k.nouns.iter().any(|n| n == "union")));
        assert!(kind_of("co-op").is_some());
        assert!(kind_of("weather").is_none());
    }
}
