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
use std::cell::{Cell, RefCell};
use std::cmp::Ordering;

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
    /// The surnames of the full names of persons (two words or more),
    /// sorted by [`Surname::key`]: a sorted vector searched by halving,
    /// instead of a hash map built and dropped per document.
    full: Vec<Surname<'a>>,
    /// Every full name of a person as `(first token, name)`, grouped by
    /// surname in the order of `full`, in text order within a surname.
    mentions: Vec<(usize, &'a str)>,
    /// True when some surname is shared by more than one first name.
    shared: bool,
    /// A 256-bit filter of the surnames in `full` ([`filter_bit`]).
    filter: [u64; 4],
    /// Answers of [`Names::fullest`], in the slot of the name's address
    /// and length: `(address, length, answer)`, the answer an index in
    /// `full` or `u32::MAX` for the name itself (address 0: empty; no
    /// string is at address 0).
    /// (No borrowed strings in a `Cell`: that would make `Names`
    /// invariant in its lifetime.)
    memo: [Cell<(usize, usize, u32)>; MEMO],
    /// Kept empty: the vector the index is built in, for the scratch store.
    by_last: Vec<ByLast<'a>>,
}

/// The vectors of a dropped [`Names`], kept for the next document on
/// the same thread, as [`Doc`]'s are: the name list of a document is
/// tens of kilobytes, and allocating and freeing it per document cost
/// more than finding the names of a short one.
#[derive(Default)]
struct Scratch {
    list: Vec<Name<'static>>,
    full: Vec<Surname<'static>>,
    mentions: Vec<(usize, &'static str)>,
    by_last: Vec<ByLast<'static>>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A full name of a person while the index is built: its surname's key,
/// the surname, its words, its first token and its text.
type ByLast<'a> = (u64, &'a str, usize, usize, &'a str);

/// `v` emptied, as a vector of the same type with any lifetime, keeping
/// its allocation (`collect`'s in-place path; no `unsafe`, and
/// `scratch_reuses_the_allocations` checks that the allocation is kept).
fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().map(|_| unreachable!("empty")).collect()
}

impl Drop for Names<'_> {
    fn drop(&mut self) {
        let mut back = Scratch {
            list: recycle(std::mem::take(&mut self.list)),
            full: recycle(std::mem::take(&mut self.full)),
            mentions: recycle(std::mem::take(&mut self.mentions)),
            by_last: recycle(std::mem::take(&mut self.by_last)),
        };
        // names made while others were alive got fresh vectors: keep the
        // larger set
        let _ = SCRATCH.try_with(|c| {
            if let Ok(mut c) = c.try_borrow_mut() {
                if c.list.capacity() <= back.list.capacity() {
                    std::mem::swap(&mut *c, &mut back);
                }
            }
        });
    }
}

/// Slots of the [`Names::fullest`] cache.
const MEMO: usize = 32;

/// One surname of the index.
#[derive(Debug, Clone, Copy)]
struct Surname<'a> {
    /// The order key: see [`key`].
    key: u64,
    /// The surname.
    last: &'a str,
    /// The fullest full name with it, and its number of words.
    best: (&'a str, usize),
    /// Its full names: `mentions[from..to]`.
    from: u32,
    to: u32,
    /// More than one first name has this surname.
    shared: bool,
}

/// A surname's order key: its first eight bytes, big-endian (zero
/// padded), so that most comparisons are one of integers; ties are
/// broken by the whole string ([`by_key`]).
fn key(s: &str) -> u64 {
    let b = s.as_bytes();
    if let Some(head) = b.first_chunk::<8>() {
        return u64::from_be_bytes(*head);
    }
    let mut k = 0u64;
    for (i, &x) in b.iter().enumerate() {
        k |= (x as u64) << (56 - 8 * i);
    }
    k
}

/// The bit of a surname in [`Names::filter`]: from its length and its
/// first and last bytes, so that most words that are no surname of the
/// document are turned away without a search.
#[inline]
fn filter_bit(s: &str) -> usize {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) => (b.len() * 31 + f as usize * 7 + l as usize * 131) & 255,
        _ => 0,
    }
}

/// The order of the surname index: by [`key`], then by length, then by
/// the whole string (two strings of up to eight bytes with one key and
/// one length are equal, so need no byte comparison).
#[inline]
fn by_key(a: (u64, &str), b: (u64, &str)) -> Ordering {
    a.0.cmp(&b.0).then(a.1.len().cmp(&b.1.len())).then_with(|| {
        if a.1.len() <= 8 {
            Ordering::Equal
        } else {
            a.1.cmp(b.1)
        }
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

fn acronym(w: &str) -> bool {
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

impl<'a> Names<'a> {
    /// Finds the names of `doc`.
    pub fn new(doc: &Doc<'a>) -> Self {
        let toks = &doc.toks;
        // a run starts at a capitalised word: walk the tokenizer's list of
        // them (`caps`), not every token; there are no more runs than those
        let caps = &doc.ev.caps;
        let scratch = SCRATCH
            .try_with(|c| c.try_borrow_mut().map(|mut c| std::mem::take(&mut *c)))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
        let mut list: Vec<Name<'a>> = recycle(scratch.list);
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
                            || next_title && t.s.as_bytes().contains(&b'.'))
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
                    let demonym = w.len() > 4 && w.ends_with("ans");
                    // (the tests in order of cost: each is pure, so only
                    // the first that holds is run)
                    !(stop
                        || demonym
                        || has_numeric(w)
                        || w.len() > 3 && acronym(w)
                        // a double-barrelled surname (`Ruiz-Ferrer`) is a
                        // surname; other hyphenated words are not names
                        || has_hyphen(w) && !(k + 1 == b && k > na && barrelled(w)))
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
        // the surname index: full names of persons, grouped by surname
        // (a stable sort keeps text order within a surname)
        let mut by_last: Vec<ByLast<'a>> = recycle(scratch.by_last);
        by_last.extend(
            list.iter()
                .filter(|n| n.person && n.words >= 2)
                .map(|n| (key(n.last), n.last, n.words, n.na, n.text)),
        );
        by_last.sort_by(|x, y| by_key((x.0, x.1), (y.0, y.1)));
        let mut full: Vec<Surname<'a>> = recycle(scratch.full);
        let mut mentions: Vec<(usize, &'a str)> = recycle(scratch.mentions);
        let mut shared = false;
        let mut filter = [0u64; 4];
        for group in by_last.chunk_by(|x, y| x.0 == y.0 && x.1 == y.1) {
            // the fullest: most words, then the longest text, the first
            // such in text order
            let mut best: Option<(&'a str, usize)> = None;
            for &(_, _, nw, _, text) in group {
                let e = best.get_or_insert_with(|| (text, count_words(text)));
                if nw > e.1 || (nw == e.1 && text.len() > e.0.len()) {
                    *e = (text, count_words(text));
                }
            }
            fn first(t: &str) -> &str {
                t.split_whitespace().next().unwrap_or("")
            }
            let first0 = first(group[0].4);
            let two = group.iter().any(|g| first(g.4) != first0);
            shared |= two;
            let bit = filter_bit(group[0].1);
            filter[bit >> 6] |= 1 << (bit & 63);
            let from = mentions.len() as u32;
            mentions.extend(group.iter().map(|g| (g.3, g.4)));
            full.push(Surname {
                key: group[0].0,
                last: group[0].1,
                best: best.expect("a group is not empty"),
                from,
                to: mentions.len() as u32,
                shared: two,
            });
        }
        by_last.clear();
        let mut names = Names {
            list,
            full,
            mentions,
            shared,
            filter,
            memo: Default::default(),
            by_last,
        };
        for i in 0..names.list.len() {
            let n = &names.list[i];
            if n.words == 1
                && !n.person
                && (n.titled || names.surname(n.last).is_some())
                && shape_single(n)
            {
                names.list[i].person = true;
            }
        }
        names
    }

    /// The index entry of the surname `last`, if a full name has it.
    #[inline]
    fn surname(&self, last: &str) -> Option<&Surname<'a>> {
        self.surname_index(last).map(|i| &self.full[i])
    }

    /// The index in `full` of the surname `last`.
    #[inline]
    fn surname_index(&self, last: &str) -> Option<usize> {
        if self.full.is_empty() {
            return None;
        }
        let bit = filter_bit(last);
        if self.filter[bit >> 6] & (1 << (bit & 63)) == 0 {
            return None;
        }
        let k = key(last);
        self.full
            .binary_search_by(|e| by_key((e.key, e.last), (k, last)))
            .ok()
    }

    /// The fullest name the document gives for the person named `name`
    /// (matched on the last word), or `name` itself. A name of two words
    /// or more is only ever lengthened (`Peskov` and `Dmitry Peskov` both
    /// give `Dmitry Sergeyevich Peskov` when the text has it), never
    /// swapped for another person's name with the same surname.
    pub fn fullest(&self, name: &'a str) -> &'a str {
        // the same mentions are resolved again and again (each quote asks
        // for the names near it): a small cache keyed by the slice itself
        // (the same bytes of the same text give the same answer)
        let (ptr, len) = (name.as_ptr() as usize, name.len());
        let slot = &self.memo[(ptr ^ len) % MEMO];
        let (p, l, answer) = slot.get();
        let answer = if p == ptr && l == len {
            answer
        } else {
            let answer = self.fullest_entry(name).map_or(u32::MAX, |i| i as u32);
            slot.set((ptr, len, answer));
            answer
        };
        match answer {
            u32::MAX => name,
            i => self.full[i as usize].best.0,
        }
    }

    /// [`Names::fullest`] worked out: the index in `full` of the surname
    /// whose fullest name is the answer, or `None` for `name` itself.
    fn fullest_entry(&self, name: &str) -> Option<usize> {
        let last = super::text::strip_possessive(last_word(name));
        let words = count_words(name);
        let i = self.surname_index(last)?;
        let (f, fw) = self.full[i].best;
        (fw >= words && (words == 1 || extends(f, name))).then_some(i)
    }

    /// [`Names::fullest`] without the cache (for the tests).
    #[cfg(test)]
    fn fullest_uncached(&self, name: &'a str) -> &'a str {
        self.fullest_entry(name)
            .map_or(name, |i| self.full[i].best.0)
    }

    /// [`Names::fullest`] for the mention `name` at token `at`. A bare
    /// surname that two people of the document share is, with a title
    /// before it (`Mrs. Wrenfield`), the one named last before `at`, and
    /// without one the first named: news style gives the article's
    /// principal the bare surname and tells a relative apart by title or
    /// first name.
    pub fn fullest_at(&self, name: &'a str, at: usize, titled: bool) -> &'a str {
        if !self.shared || name.as_bytes().contains(&b' ') {
            return self.fullest(name);
        }
        let last = super::text::strip_possessive(name);
        let people = self
            .surname(last)
            .filter(|e| e.shared)
            .map(|e| &self.mentions[e.from as usize..e.to as usize]);
        match people {
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
        let Some(e) = self.surname(last) else {
            return Vec::new();
        };
        if !e.shared {
            return vec![e.best.0];
        }
        let mut out: Vec<&'a str> = Vec::new();
        for &(_, t) in &self.mentions[e.from as usize..e.to as usize] {
            let f = self.fullest(t);
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out
    }

    /// True when `word` is the surname of a full name in the document.
    pub fn is_surname(&self, word: &str) -> bool {
        self.surname(super::text::strip_possessive(word)).is_some()
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

/// Byte classes for the word tests below: one table look-up a byte.
const DIGIT: u8 = 1;
const HYPHEN: u8 = 2;
const HIGH: u8 = 4;
const SPACE: u8 = 8;

/// The classes of every byte value: ASCII digits, `-`, bytes outside
/// ASCII, and the ASCII characters `char::is_whitespace` holds for.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_digit() {
            DIGIT
        } else if b == b'-' {
            HYPHEN
        } else if b >= 0x80 {
            HIGH
        } else if b == b' ' || (b >= b'\t' && b <= b'\r') {
            SPACE
        } else {
            0
        };
        i += 1;
    }
    t
};

/// The union of the classes of the bytes of `w`.
fn classes(w: &str) -> u8 {
    w.as_bytes()
        .iter()
        .fold(0, |acc, &b| acc | CLASS[b as usize])
}

/// True when `w` holds `-` or `‐`.
fn has_hyphen(w: &str) -> bool {
    let c = classes(w);
    c & HYPHEN != 0 || (c & HIGH != 0 && w.contains('‐'))
}

/// The last word of `name`: what follows its last space (`rsplit(' ')`'s
/// first item).
pub(crate) fn last_word(name: &str) -> &str {
    match name.as_bytes().iter().rposition(|&b| b == b' ') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The number of words of `s` split at white space
/// (`s.split_whitespace().count()`), without decoding ASCII text.
pub(crate) fn count_words(s: &str) -> usize {
    if classes(s) & HIGH != 0 {
        return s.split_whitespace().count();
    }
    let mut n = 0;
    let mut prev_space = true;
    for &b in s.as_bytes() {
        let sp = CLASS[b as usize] & SPACE != 0;
        n += (prev_space && !sp) as usize;
        prev_space = sp;
    }
    n
}

/// True when `w` holds a numeric character.
fn has_numeric(w: &str) -> bool {
    // characters are decoded only outside ASCII
    let c = classes(w);
    c & DIGIT != 0 || (c & HIGH != 0 && w.chars().any(char::is_numeric))
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
    fn the_sorted_surname_index_agrees_with_hash_maps() {
        use std::collections::HashMap;
        // invented names: shared surnames, prefixes of eight bytes and
        // more in common, possessives, three-word names
        let pool = [
            "Ann Lee",
            "Bo Lee",
            "Ann Marie Lee",
            "Tom Lee’s",
            "Ann Leeward",
            "Karl Vandenberghe",
            "Ella Vandenberg",
            "Ella Vandenberghe",
            "Mia Ruiz-Ferrer",
            "Ola Øberg",
            "Per Øberg",
            "Lee",
            "Vandenberghe",
        ];
        for start in 0..pool.len() {
            for step in 1..5 {
                let text: String = (0..9)
                    .map(|i| {
                        format!(
                            "{} spoke on Monday. ",
                            pool[(start + i * step) % pool.len()]
                        )
                    })
                    .collect();
                let d = Doc::new(&text);
                let n = Names::new(&d);
                // the maps as they were built before the sorted index
                let mut full: HashMap<&str, (&str, usize)> = HashMap::new();
                let mut people: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
                for x in n.list.iter().filter(|x| x.person && x.words >= 2) {
                    people.entry(x.last).or_default().push((x.na, x.text));
                    let e = full
                        .entry(x.last)
                        .or_insert_with(|| (x.text, x.text.split_whitespace().count()));
                    if x.words > e.1 || (x.words == e.1 && x.text.len() > e.0.len()) {
                        *e = (x.text, x.text.split_whitespace().count());
                    }
                }
                people.retain(|_, v| {
                    let first = |t: &str| t.split_whitespace().next().unwrap_or("").to_owned();
                    v.iter().any(|&(_, t)| first(t) != first(v[0].1))
                });
                assert_eq!(n.shared, !people.is_empty(), "{text}");
                let probes = pool
                    .iter()
                    .flat_map(|p| p.split(' '))
                    .chain(["", "Le", "Z"]);
                for w in n.list.iter().map(|x| x.last).chain(probes) {
                    let e = n.surname(w);
                    assert_eq!(e.map(|e| e.best), full.get(w).copied(), "{w} in {text}");
                    let got = e
                        .filter(|e| e.shared)
                        .map(|e| &n.mentions[e.from as usize..e.to as usize]);
                    assert_eq!(got, people.get(w).map(Vec::as_slice), "{w} in {text}");
                }
            }
        }
    }

    #[test]
    fn the_fullest_cache_gives_the_answers_worked_out() {
        let copy = String::from("Peskov");
        let text = "Dmitry Peskov spoke. Peskov said no. Ann Lee and Tom Lee met. Lee left. Mrs. Lee stayed. Peskov’s aide, Lee, smiled.";
        let d = Doc::new(text);
        let n = Names::new(&d);
        // every mention, asked three times in an order that collides in
        // the cache, and words that are no name
        let mut asks: Vec<&str> = n.list.iter().map(|x| x.text).collect();
        asks.extend(["Peskov", "Lee", "Nobody", "Tom Lee"]);
        for round in 0..3 {
            for (i, &w) in asks.iter().enumerate() {
                let w = if (i + round) % 2 == 0 {
                    w
                } else {
                    asks[asks.len() - 1 - i]
                };
                assert_eq!(n.fullest(w), n.fullest_uncached(w), "{w}");
            }
        }
        // equal text at another address is its own key, with the same answer
        assert_eq!(n.fullest(&copy), "Dmitry Peskov");
    }

    #[test]
    fn scratch_reuses_the_allocations() {
        let text = "Ann Lee met Tom Lee and Bo Moss. Lee spoke.";
        let (list, full) = {
            let d = Doc::new(text);
            let n = Names::new(&d);
            (n.list.as_ptr() as usize, n.full.as_ptr() as usize)
        };
        let d = Doc::new(text);
        let n = Names::new(&d);
        assert_eq!(n.list.as_ptr() as usize, list);
        assert_eq!(n.full.as_ptr() as usize, full);
        // a second set alive at the same time gets vectors of its own
        let m = Names::new(&d);
        assert_ne!(m.list.as_ptr() as usize, list);
        fn texts<'a>(n: &Names<'a>) -> Vec<&'a str> {
            n.list.iter().map(|x| x.text).collect()
        }
        assert_eq!(texts(&n), texts(&m));
        assert_eq!(n.fullest("Lee"), m.fullest("Lee"));
    }

    #[test]
    fn word_helpers_agree_with_the_std_splits() {
        for s in [
            "",
            " ",
            "Ann",
            "Ann Lee",
            " Ann  Lee ",
            "Ann\tLee\r\n",
            "Ann\u{0b}Lee\u{0c}x",
            "Ann\u{a0}Lee",
            "Ann\u{2009}Lee Moss",
            "É Ö",
            "a-b c.d",
            "Ann Lee’s",
        ] {
            assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
            assert_eq!(last_word(s), s.rsplit(' ').next().unwrap_or(s), "{s:?}");
            assert_eq!(has_hyphen(s), s.contains('-') || s.contains('‐'), "{s:?}");
        }
        for w in [
            "NATO",
            "Nato",
            "US",
            "U.S.",
            "A",
            "ÉU",
            "Éu",
            "ÖSTERREICH",
            "X1",
            "A-B",
        ] {
            let want = {
                let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
                letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
            };
            assert_eq!(acronym(w), want, "{w}");
        }
        for w in ["12", "a1", "x", "٣", "Ⅻ", "Ann"] {
            assert_eq!(has_numeric(w), w.chars().any(char::is_numeric), "{w}");
        }
        assert!(has_hyphen("Ruiz‐Ferrer"));
        assert!(has_hyphen("Ruiz-Ferrer"));
    }

    #[test]
    fn organisations_are_not_persons() {
        let d = Doc::new("The Associated Press reported it. Black Bird Group agreed.");
        let n = Names::new(&d);
        assert!(n.list.iter().all(|x| !x.person));
    }
}
