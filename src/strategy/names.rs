//! The capitalised-name finder: runs of capitalised words, with titles
//! (`Kremlin spokesman`, `Russian President`) stripped, classified as
//! person-like or organisation-like, and an index from a surname to the
//! fullest name the document gives for it (`Peskov` → `Dmitry Peskov`).
//!
//! It knows no names: a run is person-like by its shape (two to four
//! capitalised words, none an organisation word or a title, not in a
//! title-case headline). A lone surname is a person when the document
//! also gives the full name, or when a title stands before it.

use super::lexicon::{self, is};
use super::text::{Doc, Tk};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// One capitalised run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Name<'a> {
    /// First token of the run (titles included).
    pub a: usize,
    /// One past the last token of the run.
    pub b: usize,
    /// First token of the name proper (after titles).
    pub na: usize,
    /// The name proper as written, possessive stripped.
    pub text: &'a str,
    /// The last word, possessive stripped.
    pub last: &'a str,
    /// Words in the name proper.
    pub words: usize,
    /// Person-like.
    pub person: bool,
    /// A title stood before the name proper.
    pub titled: bool,
    /// The run ends in a possessive (`Zelenskyy’s commissioner`).
    pub poss: bool,
    /// Inside a quotation.
    pub quoted: bool,
    /// The sentence.
    pub sent: usize,
}

/// All names of a document and the surname index.
#[derive(Debug, Default)]
pub(crate) struct Names<'a> {
    /// Names in text order.
    pub list: Vec<Name<'a>>,
    /// Surname → fullest full name, and its number of words.
    full: HashMap<&'a str, (&'a str, usize), BuildHasherDefault<Fnv>>,
    /// Surname → every full name with it, as `(first token, name)` in
    /// text order, for a surname two people share.
    people: HashMap<&'a str, Vec<(usize, &'a str)>, BuildHasherDefault<Fnv>>,
}

/// FNV-1a: a fast hash for the short surname keys (the map is never
/// iterated, so its order does not matter).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
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

fn acronym(w: &str) -> bool {
    if w.is_ascii() {
        let b = w.as_bytes();
        return b.iter().filter(|c| c.is_ascii_alphabetic()).count() >= 2
            && !b.iter().any(u8::is_ascii_lowercase);
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

impl<'a> Names<'a> {
    /// Finds the names of `doc`.
    pub fn new(doc: &Doc<'a>) -> Self {
        let toks = &doc.toks;
        // a run starts at a capitalised word: walk the tokenizer's list of
        // them (`caps`), not every token; there are no more runs than those
        let caps = &doc.ev.caps;
        let mut list = Vec::with_capacity(caps.len());
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
            // the name proper: skip stop words, titles and nationalities
            let mut na = a;
            let mut titled = false;
            // everything up to the last title is a title (`Senate Majority
            // Leader Chuck Schumer`)
            let mut org_run = false;
            if let Some(k) = (a..b.saturating_sub(1))
                .rev()
                .find(|&k| toks[k].is(lexicon::TITLES) && !toks[k].is_whole(lexicon::CONNECTORS))
            {
                // a title inside an organisation's name is part of it: an
                // organisation word then a connector stand before it
                // (`Office for National Statistics`)
                let inside_org = (a + 1..k).any(|j| {
                    toks[j].is_whole(lexicon::CONNECTORS)
                        && !toks[j].cap()
                        && toks[j - 1].is(lexicon::ORG_WORDS)
                });
                if !inside_org && (k + 1..b).all(|j| !toks[j].is(lexicon::ORG_WORDS)) {
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
            if !titled && (a..b).any(|j| toks[j].is(lexicon::ORG_WORDS)) {
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
                            || t.s.contains('.') && next_title)
                {
                    na += 1;
                } else {
                    break;
                }
            }
            if na >= b {
                continue;
            }
            let org = (na..b).any(|k| toks[k].is(lexicon::ORG_WORDS));
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
                    let digits = has_numeric(w);
                    let demonym = w.len() > 4 && w.ends_with("ans");
                    let long_acronym = w.len() > 3 && acronym(w);
                    // a double-barrelled surname (`Ruiz-Ferrer`) is a
                    // surname; other hyphenated words are not names
                    let surname = k + 1 == b && k > na && barrelled(w);
                    !(digits || demonym || long_acronym || stop || (has_hyphen(w) && !surname))
                })
            };
            // `the Calder Bay Pilots`: a plural after `the` is a team or
            // a group, not a person
            let the_plural = lastt.base().ends_with('s')
                && !titled
                && (toks[a].s.eq_ignore_ascii_case("the")
                    || a > 0 && toks[a - 1].s.eq_ignore_ascii_case("the"));
            let person = !org
                && !the_plural
                && (2..=4).contains(&words)
                && !doc.title_case(sent)
                && shape_ok();
            list.push(Name {
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
            });
        }
        let mut full: HashMap<&'a str, (&'a str, usize), BuildHasherDefault<Fnv>> =
            HashMap::default();
        let mut people: HashMap<&'a str, Vec<(usize, &'a str)>, BuildHasherDefault<Fnv>> =
            HashMap::default();
        for n in &list {
            if n.person && n.words >= 2 {
                people.entry(n.last).or_default().push((n.na, n.text));
                let e = full
                    .entry(n.last)
                    .or_insert_with(|| (n.text, n.text.split_whitespace().count()));
                let (ew, nw) = (e.1, n.words);
                if nw > ew || (nw == ew && n.text.len() > e.0.len()) {
                    *e = (n.text, n.text.split_whitespace().count());
                }
            }
        }
        for n in &mut list {
            if n.words == 1
                && !n.person
                && shape_single(n)
                && (full.contains_key(n.last) || n.titled)
            {
                n.person = true;
            }
        }
        // keep only the surnames that more than one first name shares
        people.retain(|_, v| {
            fn first(t: &str) -> &str {
                t.split_whitespace().next().unwrap_or("")
            }
            v.iter().any(|&(_, t)| first(t) != first(v[0].1))
        });
        Names { list, full, people }
    }

    /// The fullest name the document gives for the person named `name`
    /// (matched on the last word), or `name` itself. A name of two words
    /// or more is only ever lengthened (`Peskov` and `Dmitry Peskov` both
    /// give `Dmitry Sergeyevich Peskov` when the text has it), never
    /// swapped for another person's name with the same surname.
    pub fn fullest(&self, name: &'a str) -> &'a str {
        let last = name.rsplit(' ').next().unwrap_or(name);
        let last = super::text::strip_possessive(last);
        let words = name.split_whitespace().count();
        match self.full.get(last) {
            Some(&(f, fw)) if fw >= words && (words == 1 || extends(f, name)) => f,
            _ => name,
        }
    }

    /// [`Names::fullest`] for the mention `name` at token `at`. A bare
    /// surname that two people of the document share is, with a title
    /// before it (`Mrs. Wrenfield`), the one named last before `at`, and
    /// without one the first named: news style gives the article's
    /// principal the bare surname and tells a relative apart by title or
    /// first name.
    pub fn fullest_at(&self, name: &'a str, at: usize, titled: bool) -> &'a str {
        if name.contains(' ') || self.people.is_empty() {
            return self.fullest(name);
        }
        let last = super::text::strip_possessive(name);
        match self.people.get(last) {
            Some(v) if titled => {
                let k = v.partition_point(|&(t, _)| t < at);
                self.fullest(v[k.saturating_sub(1)].1)
            }
            Some(v) => self.fullest(v[0].1),
            None => self.fullest(name),
        }
    }

    /// The people of the document with the surname `last`: every full
    /// name with it, each once, in the order first named (one name when
    /// no two people share it, none when no full name has it).
    pub fn bearers(&self, last: &str) -> Vec<&'a str> {
        let last = super::text::strip_possessive(last);
        match self.people.get(last) {
            Some(v) => {
                let mut out: Vec<&'a str> = Vec::new();
                for &(_, t) in v {
                    let f = self.fullest(t);
                    if !out.contains(&f) {
                        out.push(f);
                    }
                }
                out
            }
            None => self
                .full
                .get(last)
                .map(|&(f, _)| vec![f])
                .unwrap_or_default(),
        }
    }

    /// True when `word` is the surname of a full name in the document.
    pub fn is_surname(&self, word: &str) -> bool {
        self.full.contains_key(super::text::strip_possessive(word))
    }

    /// Index of the first name whose run ends after token `t`.
    pub fn first_ending_after(&self, t: usize) -> usize {
        self.list.partition_point(|n| n.b <= t)
    }
}

/// True when the name `long` ends with the words of `short`
/// (`Dmitry Peskov` extends `Peskov`), possessives aside.
fn extends(long: &str, short: &str) -> bool {
    let short = super::text::strip_possessive(short);
    long == short
        || long
            .strip_suffix(short)
            .is_some_and(|head| head.ends_with(' '))
}

fn shape_single(n: &Name) -> bool {
    !has_numeric(n.text) && (!has_hyphen(n.text) || barrelled(n.text))
}

/// True for a double-barrelled surname: capitalised parts of two letters
/// or more joined by hyphens (`Ruiz-Ferrer`).
fn barrelled(w: &str) -> bool {
    w.split(['-', '‐'])
        .all(|p| p.chars().count() >= 2 && p.chars().next().is_some_and(char::is_uppercase))
}

/// True when `w` holds `-` or `‐`.
fn has_hyphen(w: &str) -> bool {
    w.as_bytes().contains(&b'-') || (!w.is_ascii() && w.contains('‐'))
}

/// True when `w` holds a numeric character.
fn has_numeric(w: &str) -> bool {
    // one pass over the bytes; characters are decoded only outside ASCII
    let mut ascii = true;
    for &b in w.as_bytes() {
        if b.is_ascii_digit() {
            return true;
        }
        ascii &= b.is_ascii();
    }
    !ascii && w.chars().any(char::is_numeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_stripped_and_surnames_resolved() {
        let d = Doc::new("Kremlin spokesman Dmitry Peskov spoke. Later, Peskov said no. Russian President Vladimir Putin agreed with Chief of the General Staff Valery Gerasimov.");
        let n = Names::new(&d);
        let texts: Vec<&str> = n.list.iter().filter(|x| x.person).map(|x| x.text).collect();
        assert_eq!(
            texts,
            [
                "Dmitry Peskov",
                "Peskov",
                "Vladimir Putin",
                "Valery Gerasimov"
            ]
        );
        assert_eq!(n.fullest("Peskov"), "Dmitry Peskov");
        assert_eq!(n.fullest("Gerasimov’s"), "Valery Gerasimov");
    }

    #[test]
    fn a_surname_two_people_share() {
        let d = Doc::new("Ruth Calloway spoke first. Her brother, Henry Calloway, left. Calloway said no. Ruth Calloway agreed. Calloway smiled.");
        let n = Names::new(&d);
        // a full name is never swapped for the other person's
        assert_eq!(n.fullest("Ruth Calloway"), "Ruth Calloway");
        assert_eq!(n.fullest("Henry Calloway"), "Henry Calloway");
        let bare: Vec<&str> = n
            .list
            .iter()
            .filter(|x| x.text == "Calloway")
            .map(|x| n.fullest_at(x.text, x.na, x.titled))
            .collect();
        assert_eq!(bare, ["Ruth Calloway", "Ruth Calloway"]);
        let d = Doc::new(
            "Ruth Calloway spoke first. Her brother, Henry Calloway, left. Mr. Calloway said no.",
        );
        let n = Names::new(&d);
        let x = n
            .list
            .iter()
            .find(|x| x.text == "Calloway")
            .expect("a bare surname");
        assert!(x.titled);
        assert_eq!(n.fullest_at(x.text, x.na, x.titled), "Henry Calloway");
        // one person: the bare surname is that person wherever it stands
        let d = Doc::new("Lind spoke. Later, Analyst Tom Lind said no.");
        let n = Names::new(&d);
        assert_eq!(n.fullest_at("Lind", 0, false), "Tom Lind");
    }

    #[test]
    fn a_title_inside_an_organisation_name_is_kept() {
        let d = Doc::new("The Office for National Statistics said so.");
        let n = Names::new(&d);
        let texts: Vec<&str> = n.list.iter().map(|x| x.text).collect();
        assert_eq!(texts, ["Office for National Statistics"]);
        assert!(!n.list[0].person);
    }

    #[test]
    fn an_occupation_before_a_name_is_a_title() {
        let d = Doc::new("Meteorologist Sarah Lopez spoke. Activist Tom Reyes agreed.");
        let n = Names::new(&d);
        let persons: Vec<&str> = n.list.iter().filter(|x| x.person).map(|x| x.text).collect();
        assert_eq!(persons, ["Sarah Lopez", "Tom Reyes"]);
        // a two-word name is left alone, whatever its first word
        let d = Doc::new("Tom Baptist spoke.");
        let n = Names::new(&d);
        assert_eq!(n.list[0].text, "Tom Baptist");
    }

    #[test]
    fn organisations_are_not_persons() {
        let d = Doc::new("The Associated Press reported it. Black Bird Group agreed.");
        let n = Names::new(&d);
        assert!(n.list.iter().all(|x| !x.person));
    }
}
