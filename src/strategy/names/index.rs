//! The surname index of a document's names: the surnames of the full
//! names of persons in a sorted vector with a 256-bit filter, the
//! fullest name for each, and the look-ups over it
//! ([`Names::fullest`], [`Names::fullest_at`], [`Names::is_surname`]).

use super::words::{count_words, first_word};
use super::{last_word, recycle, Name, Names};
use crate::strategy::text::{strip_possessive, Doc};
use std::cmp::Ordering;

/// A full name of a person while the index is built: its surname's key,
/// the surname, its words, its first token and its text.
pub(super) type ByLast<'a> = (u64, &'a str, usize, usize, &'a str);

/// Slots of the [`Names::fullest`] cache.
pub(super) const MEMO: usize = 32;

/// One surname of the index.
#[derive(Debug, Clone, Copy)]
pub(super) struct Surname<'a> {
    /// The order key: see [`key`].
    pub(super) key: u64,
    /// The surname.
    pub(super) last: &'a str,
    /// The fullest full name with it, and its number of words.
    pub(super) best: (&'a str, usize),
    /// Its full names: `mentions[from..to]`.
    pub(super) from: u32,
    pub(super) to: u32,
    /// More than one first name has this surname.
    pub(super) shared: bool,
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

impl<'a> Names<'a> {
    /// The names `list` with the surname index built over them, in the
    /// (emptied) vectors `by_last`, `full` and `mentions`.
    pub(super) fn indexed(
        list: Vec<Name<'a>>,
        by_last: Vec<ByLast<'static>>,
        full: Vec<Surname<'static>>,
        mentions: Vec<(usize, &'static str)>,
    ) -> Self {
        // the surname index: full names of persons, grouped by surname
        // (a stable sort keeps text order within a surname)
        let mut by_last: Vec<ByLast<'a>> = recycle(by_last);
        by_last.extend(
            list.iter()
                .filter(|n| n.person && n.words >= 2)
                .map(|n| (key(n.last), n.last, n.words, n.na, n.text)),
        );
        by_last.sort_by(|x, y| by_key((x.0, x.1), (y.0, y.1)));
        let mut full: Vec<Surname<'a>> = recycle(full);
        let mut mentions: Vec<(usize, &'a str)> = recycle(mentions);
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
            let first0 = first_word(group[0].4);
            let two = group.iter().any(|g| first_word(g.4) != first0);
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
        Names {
            list,
            full,
            mentions,
            shared,
            filter,
            memo: Default::default(),
            by_last,
        }
    }

    /// The index entry of the surname `last`, if a full name has it.
    #[inline]
    pub(super) fn surname(&self, last: &str) -> Option<&Surname<'a>> {
        self.surname_index(last).map(|i| &self.full[i])
    }

    /// The index in `full` of the surname `last`. The filter turns most
    /// words away where it is asked; the search is out of line.
    #[inline(always)]
    fn surname_index(&self, last: &str) -> Option<usize> {
        if self.full.is_empty() {
            return None;
        }
        let bit = filter_bit(last);
        if self.filter[bit >> 6] & (1 << (bit & 63)) == 0 {
            return None;
        }
        self.search(last)
    }

    /// The index in `full` of the surname `last`, by halving.
    #[inline(never)]
    fn search(&self, last: &str) -> Option<usize> {
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
        let last = strip_possessive(last_word(name));
        let words = count_words(name);
        let i = self.surname_index(last)?;
        let (f, fw) = self.full[i].best;
        (fw >= words && (words == 1 || extends(f, name))).then_some(i)
    }

    /// [`Names::fullest`] without the cache (for the tests).
    #[cfg(test)]
    pub(super) fn fullest_uncached(&self, name: &'a str) -> &'a str {
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
        let last = strip_possessive(name);
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
        let last = strip_possessive(last);
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

    /// [`Names::bearers`], each with the first token of its first
    /// mention by a full name, in that order.
    pub fn bearers_at(&self, last: &str) -> Vec<(usize, &'a str)> {
        let last = strip_possessive(last);
        let Some(e) = self.surname(last) else {
            return Vec::new();
        };
        let mut out: Vec<(usize, &'a str)> = Vec::new();
        for &(t, m) in &self.mentions[e.from as usize..e.to as usize] {
            let f = self.fullest(m);
            if !out.iter().any(|&(_, o)| o == f) {
                out.push((t, f));
            }
        }
        out
    }

    /// For the surname `n` after a title (`Ms. Mayhew`): the only bearer
    /// of it named in full before the document's first mention of the
    /// surname after the same title word, if exactly one is (every `Ms.
    /// Mayhew` is the one the first meant, when only Ruth Mayhew was
    /// named by then), else `None`.
    pub fn title_bearer(&self, doc: &Doc, n: &Name) -> Option<&'a str> {
        if n.words != 1 || !n.titled || n.na == 0 {
            return None;
        }
        let title = doc.toks[n.na - 1].s;
        let first = self
            .list
            .iter()
            .find(|m| {
                m.words == 1
                    && m.titled
                    && m.na > 0
                    && m.last == n.last
                    && doc.toks[m.na - 1].s == title
            })
            .map_or(n.na, |m| m.na);
        let bearers = self.bearers_at(n.last);
        let mut before = bearers.iter().filter(|&&(t, _)| t < first);
        match (before.next(), before.next()) {
            (Some(&(_, b)), None) => Some(b),
            _ => None,
        }
    }

    /// True when `word` is the surname of a full name in the document.
    pub fn is_surname(&self, word: &str) -> bool {
        self.surname(strip_possessive(word)).is_some()
    }
}

/// True when the name `long` ends with the words of `short`
/// (`Dmitry Peskov` extends `Peskov`), possessives aside.
fn extends(long: &str, short: &str) -> bool {
    let short = strip_possessive(short);
    long == short
        || long
            .strip_suffix(short)
            .is_some_and(|head| head.ends_with(' '))
}
