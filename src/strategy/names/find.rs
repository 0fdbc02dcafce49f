//! The runs of capitalised words of a document, each with its title
//! stripped and classified as person-like or organisation-like by its
//! shape.

use super::words::{classes, has_hyphen, has_numeric, DIGIT, HIGH, HYPHEN};
use super::Name;
use crate::strategy::lexicon::{self, is};
use crate::strategy::text::{Doc, Tk, Token};

/// Appends the capitalised runs of `doc` to `list`, in text order.
pub(super) fn runs<'a>(doc: &Doc<'a>, list: &mut Vec<Name<'a>>) {
    let toks = &doc.toks[..];
    // (one entry a token, as `Doc::new` makes them: indexing both by a
    // token's index needs one bounds check)
    let sent_of = &doc.sent_of[..toks.len()];
    // a run starts at a capitalised word: walk the tokenizer's list of
    // them (`caps`), not every token; there are no more runs than those
    let caps = &doc.ev.caps;
    list.reserve(caps.len());
    // tokens before `i` are in a run already
    let mut i = 0;
    for &c in caps {
        let a = c as usize;
        if a < i {
            continue;
        }
        let Some(first) = toks.get(a) else {
            break;
        };
        let sent = sent_of[a];
        let mut b = a + 1;
        if !first.possessive() {
            while let Some(t) = toks.get(b) {
                if t.cap() {
                    if sent_of[b] != sent {
                        break;
                    }
                    b += 1;
                    if t.possessive() {
                        break;
                    }
                    continue;
                }
                let next_cap = || toks.get(b + 1).is_some_and(|n| n.cap());
                let joins = match t.kind {
                    // `Florida Power & Light`
                    Tk::Punct => t.s.starts_with('&') && next_cap(),
                    // `Chief of the General Staff`, not `Collins of Maine`
                    Tk::Word => {
                        t.is_whole(lexicon::CONNECTORS)
                            && (toks[b - 1].is(lexicon::TITLES)
                                || toks[b - 1].is(lexicon::ORG_WORDS))
                            && next_cap()
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                b += 1;
            }
        }
        let name = if b == a + 1 {
            one_word(doc, a, first, sent)
        } else {
            // connectors cannot end a run
            while b > a + 1 && !toks[b - 1].cap() {
                b -= 1;
            }
            run_name(doc, a, b)
        };
        i = b;
        if let Some(n) = name {
            list.push(n);
        }
    }
}

/// The name of the run of the one word `a` (most runs: a capital after a
/// full stop, a place): no title or occupation stands before it and
/// nothing follows it, so the rules of [`run_name`] come to this (the
/// test `one_word_runs_follow_the_general_rules` checks it).
#[inline(always)]
fn one_word<'a>(doc: &Doc<'a>, a: usize, t: &Token<'a>, sent: u32) -> Option<Name<'a>> {
    if !t.is(lexicon::ORG_WORDS) && (t.is(lexicon::TITLES) || t.is(lexicon::STOP_CAPS)) {
        return None;
    }
    let base = t.base();
    Some(Name {
        a,
        b: a + 1,
        na: a,
        text: base,
        last: base,
        words: 1,
        // a person's name has two words or more; a lone surname is made
        // a person by `Names::new`
        person: false,
        titled: false,
        poss: t.possessive(),
        quoted: doc.quoted(a),
        sent: sent as usize,
    })
}

/// The name of the run of capitalised words `[a, b)`, titles stripped and
/// classified by its shape; `None` when nothing is left of it.
#[inline(always)]
pub(super) fn run_name<'a>(doc: &Doc<'a>, a: usize, b: usize) -> Option<Name<'a>> {
    let toks = &doc.toks;
    // the tables any word of the run is in: a search for a table no word
    // is in is left out (most runs hold no title, many no organisation
    // word)
    let any = toks[a..b].iter().fold(0, |f, t| f | t.flags);
    let has = |table: &lexicon::Table| any & table.bit() != 0;
    // the name proper: skip stop words, titles and nationalities
    let mut na = a;
    let mut titled = false;
    // everything up to the last title is a title (`Senate Majority
    // Leader Chuck Schumer`)
    let mut org_run = false;
    let last_title = if has(lexicon::TITLES) {
        (a..b.saturating_sub(1))
            .rev()
            .find(|&k| toks[k].is(lexicon::TITLES) && !toks[k].is_whole(lexicon::CONNECTORS))
    } else {
        None
    };
    if let Some(k) = last_title {
        // a title inside an organisation's name is part of it: an
        // organisation word then a connector stand before it
        // (`Office for National Statistics`)
        let inside_org = (a + 1..k).any(|j| {
            toks[j].is_whole(lexicon::CONNECTORS)
                && !toks[j].cap()
                && toks[j - 1].is(lexicon::ORG_WORDS)
        });
        if !inside_org
            && (!has(lexicon::ORG_WORDS) || (k + 1..b).all(|j| !toks[j].is(lexicon::ORG_WORDS)))
        {
            na = k + 1;
            titled = true;
        }
    }
    // an occupation before a full name is a title too
    // (`Meteorologist Sarah Lopez`): a first word ending in -ist
    // (`-ologist`, `economist`, `activist`) before two or more
    // capitalised words
    if !titled
        && b - a >= 3
        && occupation(toks[a].base())
        && (a + 1..b).all(|j| toks[j].cap() && !toks[j].is(lexicon::ORG_WORDS))
    {
        na = a + 1;
        titled = true;
    }
    if !titled && has(lexicon::ORG_WORDS) {
        // an organisation keeps its modifiers (`Defence Ministry`)
        org_run = true;
        while na + 1 < b
            && (toks[na].is(lexicon::STOP_CAPS) || toks[na].is_whole(lexicon::CONNECTORS))
        {
            na += 1;
        }
    }
    while na < b && !org_run {
        let t = &toks[na];
        let next_title = toks
            .get(na + 1)
            .is_some_and(|n| na + 1 < b && n.is(lexicon::TITLES));
        if t.is(lexicon::TITLES) {
            titled = titled || !t.is_whole(lexicon::CONNECTORS);
            na += 1;
        } else if t.is(lexicon::STOP_CAPS)
            || na + 1 < b
                && (t.is_whole(lexicon::CONNECTORS)
                    || (nationality(t.base()) && !t.possessive())
                    || (next_title && acronym(t.s))
                    || next_title && t.s.as_bytes().contains(&b'.'))
        {
            na += 1;
        } else {
            break;
        }
    }
    if na >= b {
        return None;
    }
    let org = has(lexicon::ORG_WORDS) && (na..b).any(|k| toks[k].is(lexicon::ORG_WORDS));
    let first = &toks[na];
    let lastt = &toks[b - 1];
    let text = &doc.text[first.start..lastt.start + lastt.base().len()];
    let words = b - na;
    let sent = doc.sent_of[na] as usize;
    let shape_ok = || {
        (na..b).all(|k| {
            let w = toks[k].base();
            // the token's own bits hold for `w` unless a full stop
            // was trimmed from it
            let stop = if w.ends_with('.') {
                is(lexicon::STOP_CAPS, w)
            } else {
                toks[k].is(lexicon::STOP_CAPS)
            };
            let demonym = w.len() > 4 && w.ends_with("ans");
            // (`has_numeric` and `has_hyphen` from one pass over the
            // bytes)
            let c = classes(w);
            let high = c & HIGH != 0;
            // (the tests in order of cost: each is pure, so only
            // the first that holds is run)
            !(stop
                || demonym
                || c & DIGIT != 0
                || high && w.chars().any(char::is_numeric)
                || w.len() > 3 && acronym(w)
                // a double-barrelled surname (`Ruiz-Ferrer`) is a
                // surname; other hyphenated words are not names
                || (c & HYPHEN != 0 || high && w.contains('‐'))
                    && !(k + 1 == b && k > na && barrelled(w)))
        })
    };
    // `the Calder Bay Pilots`: a plural after `the` is a team or
    // a group, not a person
    let the_plural = lastt.base().ends_with('s')
        && !titled
        && (toks[a].s.eq_ignore_ascii_case("the")
            || a > 0 && toks[a - 1].s.eq_ignore_ascii_case("the"));
    let person =
        !org && !the_plural && (2..=4).contains(&words) && !doc.title_case(sent) && shape_ok();
    Some(Name {
        a,
        b,
        na,
        text,
        last: lastt.base(),
        words,
        person,
        titled: titled && !org,
        poss: lastt.possessive(),
        quoted: doc.quoted(na),
        sent,
    })
}

fn nationality(w: &str) -> bool {
    let l = w.trim_end_matches('.');
    let lower_suffix = |s: &str| l.len() > s.len() + 2 && l.ends_with(s);
    lower_suffix("ian")
        || lower_suffix("ean")
        || lower_suffix("ese")
        || lower_suffix("ish")
        || lower_suffix("ani")
        || lower_suffix("ch") && l.len() <= 6
}

/// True for a word shaped like an occupation: at least seven letters
/// ending in `ist` (`Meteorologist`, `Economist`, `Activist`).
fn occupation(w: &str) -> bool {
    w.len() >= 7 && w.is_ascii() && w[w.len() - 3..].eq_ignore_ascii_case("ist")
}

pub(super) fn acronym(w: &str) -> bool {
    // ASCII: two letters or more and no lower-case one (one pass, out at
    // the first lower-case letter)
    let mut letters = 0;
    let mut ascii = true;
    for &b in w.as_bytes() {
        if b.is_ascii_lowercase() {
            return false;
        }
        ascii &= b.is_ascii();
        letters += b.is_ascii_uppercase() as usize;
    }
    if ascii {
        return letters >= 2;
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// True when a lone capitalised word may be a person's surname: no
/// digit, and no hyphen unless it is double-barrelled.
pub(super) fn shape_single(n: &Name) -> bool {
    // (`has_numeric` and `has_hyphen` from one pass over the bytes)
    let c = classes(n.text);
    if c & HIGH != 0 {
        return !has_numeric(n.text) && (!has_hyphen(n.text) || barrelled(n.text));
    }
    c & DIGIT == 0 && (c & HYPHEN == 0 || barrelled(n.text))
}

/// True for a double-barrelled surname: capitalised parts of two letters
/// or more joined by hyphens (`Ruiz-Ferrer`).
fn barrelled(w: &str) -> bool {
    w.split(['-', '‐'])
        .all(|p| p.chars().count() >= 2 && p.chars().next().is_some_and(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A name's fields, its text's address among them (the fullest-name
    /// cache is keyed by it).
    type Fields<'a> = ([usize; 6], &'a str, &'a str, [bool; 4], usize, usize);

    fn fields<'a>(n: &Name<'a>) -> Fields<'a> {
        (
            [n.a, n.b, n.na, n.words, n.sent, n.text.as_ptr() as usize],
            n.text,
            n.last,
            [n.person, n.titled, n.poss, n.quoted],
            n.last.as_ptr() as usize,
            n.last.len(),
        )
    }

    /// Checks [`one_word`] against [`run_name`] on every capitalised word
    /// of `text`; returns how many were checked.
    fn same(text: &str) -> usize {
        let doc = Doc::new(text);
        for &c in &doc.ev.caps {
            let a = c as usize;
            let fast = one_word(&doc, a, &doc.toks[a], doc.sent_of[a]);
            let general = run_name(&doc, a, a + 1);
            assert_eq!(
                fast.as_ref().map(fields),
                general.as_ref().map(fields),
                "{:?} in {text:?}",
                doc.toks[a].s
            );
        }
        doc.ev.caps.len()
    }

    #[test]
    fn one_word_runs_follow_the_general_rules() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut n = 0;
        for dir in ["seeds", "dev/train/seeds"] {
            for f in std::fs::read_dir(root.join(dir)).expect("a corpus folder") {
                let path = f.expect("a folder entry").path();
                if path.extension().is_some_and(|e| e == "txt") {
                    n += same(&std::fs::read_to_string(&path).expect("a text"));
                }
            }
        }
        assert!(n >= 1000, "{n} capitalised words");
        same("The President. Ministry’s Of “Senator” Mr. Jones’ The’s U.S. Putin's");
    }

    /// The name-finding loop as it was before it walked `caps` with
    /// fewer bounds checks: the reference for [`runs`].
    fn runs_reference<'a>(doc: &Doc<'a>, list: &mut Vec<Name<'a>>) {
        let toks = &doc.toks;
        // a run starts at a capitalised word: walk the tokenizer's list of
        // them (`caps`), not every token; there are no more runs than those
        let caps = &doc.ev.caps;
        list.reserve(caps.len());
        let mut next_cap = 0;
        let mut i = 0;
        loop {
            while caps.get(next_cap).is_some_and(|&c| (c as usize) < i) {
                next_cap += 1;
            }
            let Some(&c) = caps.get(next_cap) else {
                break;
            };
            i = c as usize;
            let a = i;
            let mut b = i + 1;
            if !toks[i].possessive() {
                loop {
                    let sent = doc.sent_of[a];
                    match toks.get(b) {
                        Some(t) if t.cap() && doc.sent_of[b] == sent => {
                            b += 1;
                            if t.possessive() {
                                break;
                            }
                        }
                        // `Florida Power & Light`
                        Some(t) if t.is_punct('&') && toks.get(b + 1).is_some_and(|n| n.cap()) => {
                            b += 1;
                        }
                        // `Chief of the General Staff`, not `Collins of Maine`
                        Some(t)
                            if t.kind == Tk::Word
                                && t.is_whole(lexicon::CONNECTORS)
                                && !t.cap()
                                && (toks[b - 1].is(lexicon::TITLES)
                                    || toks[b - 1].is(lexicon::ORG_WORDS))
                                && toks.get(b + 1).is_some_and(|n| n.cap()) =>
                        {
                            b += 1;
                        }
                        _ => break,
                    }
                }
            }
            // connectors cannot end a run
            while b > a + 1 && !toks[b - 1].cap() {
                b -= 1;
            }
            i = b;
            let name = if b == a + 1 {
                run_name(doc, a, a + 1)
            } else {
                run_name(doc, a, b)
            };
            if let Some(n) = name {
                list.push(n);
            }
        }
    }

    /// Checks [`runs`] against [`runs_reference`] on `text`.
    fn same_runs(text: &str) {
        let doc = Doc::new(text);
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        runs(&doc, &mut fast);
        runs_reference(&doc, &mut slow);
        let f: Vec<_> = fast.iter().map(fields).collect();
        let s: Vec<_> = slow.iter().map(fields).collect();
        assert_eq!(f, s, "{text:?}");
    }

    #[test]
    fn runs_agree_with_the_reference() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["seeds", "dev/train/seeds"] {
            for f in std::fs::read_dir(root.join(dir)).expect("a corpus folder") {
                let path = f.expect("a folder entry").path();
                if path.extension().is_some_and(|e| e == "txt") {
                    same_runs(&std::fs::read_to_string(&path).expect("a text"));
                }
            }
        }
        same_runs("Florida Power & Light. Chief of the General Staff Collins of Maine & \n& Ann Lee’s Bob");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn one_word_runs_follow_the_general_rules_on_any_words(
            words in prop::collection::vec(prop::sample::select(vec![
                "The", "A", "Of", "President", "Minister", "Spokesman", "Ministry",
                "Agency", "Forces", "Ann", "Lee", "Russian", "Economist", "NATO",
                "U.S.", "Mr.", "Jones’", "Lee’s", "Putin's", "of", "the", "said",
                "\u{201c}", "\u{201d}", ".", ",", "\n", "&", "Ruiz-Ferrer", "Élan",
            ]), 0..40),
        ) {
            same(&words.join(" "));
            same_runs(&words.join(" "));
        }
    }
}
