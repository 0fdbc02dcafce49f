//! The shared first pass over a document: tokens borrowed from the text
//! (with the event lists of [`tokenize`]), quotation marks paired into
//! quotations, and sentences. The tokenizer makes one linear scan; pairing
//! and sentence splitting visit only the events they need. The vectors are
//! reused from one document to the next on a thread (see [`Doc`]).
//!
//! Not a linguistic tokenizer: it knows words, numbers, punctuation, line
//! breaks and quotation marks, which is what the attribution rules need.

use super::lexicon::{self, is};
use std::cell::{Cell, RefCell};

#[doc(hidden)]
pub mod floor;
#[cfg(test)]
mod oracle;
mod tokenize;

pub(crate) use tokenize::{Events, CUE_BITS};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tk {
    /// Letters, with internal apostrophes, hyphens and abbreviation dots.
    Word,
    /// Digits and what sticks to them.
    Num,
    /// An opening quotation mark.
    Open,
    /// A closing quotation mark.
    Close,
    /// Any other punctuation character.
    Punct,
    /// One or more line breaks.
    Break,
}

/// A token: a kind and a byte range of the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    /// First byte.
    pub start: usize,
    /// The token's text.
    pub s: &'a str,
    /// What it is.
    pub kind: Tk,
    /// The lexicon tables the word belongs to (see [`lexicon::flags`]).
    pub flags: u32,
    /// A word whose first character is upper case (see [`Token::cap`]).
    capital: bool,
    /// Bytes of possessive ending (`'s`, `’s`, `’`) after [`Token::base`];
    /// at most four, since a token ends in at most one apostrophe.
    poss: u8,
}

impl<'a> Token<'a> {
    /// One past the last byte.
    pub fn end(&self) -> usize {
        self.start + self.s.len()
    }
    /// True for a word that starts with an upper-case letter.
    pub fn cap(&self) -> bool {
        self.capital
    }
    /// True for a word.
    pub fn word(&self) -> bool {
        self.kind == Tk::Word
    }
    /// True for the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Tk::Punct && self.s.starts_with(c)
    }
    /// The word without a possessive `'s` / `’s` / trailing apostrophe.
    #[inline]
    pub fn base(&self) -> &'a str {
        // most words have no possessive: the word itself, without the
        // slice's character-boundary checks
        if self.poss == 0 {
            return self.s;
        }
        &self.s[..self.s.len() - self.poss as usize]
    }
    /// True when the word ends in a possessive.
    pub fn possessive(&self) -> bool {
        self.kind == Tk::Word && self.poss != 0
    }
    /// True when the word, lower-cased and without possessive (and
    /// without an abbreviation's dot), is in `table`.
    pub fn is(&self, table: &lexicon::Table) -> bool {
        self.flags & table.bit() != 0
    }
    /// True when the whole word, lower-cased (no possessive or full stop
    /// removed), is in `table`: `is_in(table's words, self.s)` as a bit
    /// test.
    pub fn is_whole(&self, table: &lexicon::Table) -> bool {
        self.is(table) && self.poss == 0 && !self.s.ends_with('.')
    }
    /// True when the word, lower-cased and without possessive, is in the
    /// small literal list `words`.
    #[inline]
    pub fn is_in(&self, words: &[&str]) -> bool {
        self.kind == Tk::Word && lexicon::is_in(words, self.base())
    }
}

/// `word` without a trailing possessive.
#[inline]
pub(crate) fn strip_possessive(word: &str) -> &str {
    // fast path: a possessive ends in an apostrophe, ’ (…\x99), or an
    // s or S right after one of those (`says` is not a possessive)
    let b = word.as_bytes();
    match b {
        [.., b'\'' | 0x99] => strip_possessive_slow(word),
        [_, .., b'\'' | 0x99, b's' | b'S'] => strip_possessive_slow(word),
        _ => word,
    }
}

#[cold]
fn strip_possessive_slow(word: &str) -> &str {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(b) = word.strip_suffix(suffix) {
            if !b.is_empty() {
                return b;
            }
        }
    }
    if word.len() > 2 && (word.ends_with('\'') || word.ends_with('’')) {
        let b = word.trim_end_matches(['\'', '’']);
        if b.ends_with('s') {
            return b;
        }
    }
    word
}

/// `word` without trailing full stops (`U.S.` → `U.S`): the same as
/// `trim_end_matches('.')`, on bytes.
#[inline]
fn trim_dots(word: &str) -> &str {
    let b = word.as_bytes();
    let mut e = b.len();
    while e > 0 && b[e - 1] == b'.' {
        e -= 1;
    }
    // a full stop is ASCII, so `e` is a character boundary
    &word[..e]
}

/// Quotation marks, apostrophes, dashes and the ellipsis: punctuation
/// (never a letter, digit or space) that news text uses often.
fn is_common_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '„' | '‟' | '«' | '»' | '—' | '–' | '‐' | '‑' | '…'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// The character starting at byte `i` and its length in bytes; ASCII
/// without decoding.
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = text[i..].chars().next()?;
    Some((c, c.len_utf8()))
}

/// The character ending at byte `i`.
#[inline]
fn char_before(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i.checked_sub(1)?)?;
    if b < 0x80 {
        return Some(b as char);
    }
    text[..i].chars().next_back()
}

/// Byte classes of ASCII for the tokenizer (see [`CLASS`]).
pub(super) const ALNUM: u8 = 1;
/// Upper-case ASCII letter.
pub(super) const UPPER: u8 = 2;
/// ASCII letter.
const ALPHA: u8 = 4;
/// ASCII white space other than a line break (`char::is_whitespace`).
const SPACE: u8 = 8;
/// A byte that may continue a word after its letters: `'`, `-`, `.`, or
/// the lead byte of a character outside ASCII.
const JOINER: u8 = 16;

/// The class bits of every byte.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let mut k = 0;
        if c.is_ascii_alphanumeric() {
            k |= ALNUM;
        }
        if c.is_ascii_uppercase() {
            k |= UPPER;
        }
        if c.is_ascii_alphabetic() {
            k |= ALPHA;
        }
        if matches!(c, b' ' | b'\t' | 0x0B | 0x0C) {
            k |= SPACE;
        }
        if matches!(c, b'\'' | b'-' | b'.') || c >= 0x80 {
            k |= JOINER;
        }
        t[b] = k;
        b += 1;
    }
    t
};

/// The end of the run of ASCII letters and digits from byte `from` (the
/// old tokenizer's scan, kept for the oracle).
/// Eight bytes at a time where eight remain (no branch per byte: word
/// lengths are unpredictable), then byte by byte.
#[cfg(test)]
#[inline]
fn alnum_run(bytes: &[u8], from: usize) -> usize {
    let mut j = from;
    while let Some(chunk) = bytes.get(j..j + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let stop = !alnum_mask(x) & TOP;
        if stop != 0 {
            return j + (stop.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while j < bytes.len() && CLASS[bytes[j] as usize] & ALNUM != 0 {
        j += 1;
    }
    j
}

/// The top bit of every byte of a `u64`.
#[cfg(test)]
const TOP: u64 = 0x8080_8080_8080_8080;
/// `b` in every byte of a `u64`.
#[cfg(test)]
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// For each byte of `x`, the top bit set when the byte is an ASCII letter
/// or digit. Every comparison is an addition that cannot carry into the
/// next byte, because it is done on the low seven bits only.
#[cfg(test)]
#[inline]
fn alnum_mask(x: u64) -> u64 {
    let ascii = !x & TOP;
    let low = x & !TOP;
    // low + (0x80 - lo) has its top bit set when low >= lo, and
    // low + (0x7f - hi) when low > hi
    let between = |v: u64, lo: u8, hi: u8| (v + splat(0x80 - lo)) & !(v + splat(0x7f - hi)) & TOP;
    let digit = between(low, b'0', b'9');
    let letter = between(low | splat(0x20), b'a', b'z');
    (digit | letter) & ascii
}

/// A quotation: the marks and the content between them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Quote {
    /// Token index of the opening mark.
    pub open: usize,
    /// Token index of the closing mark, `None` when unbalanced.
    pub close: Option<usize>,
    /// First content byte.
    pub start: usize,
    /// One past the last content byte.
    pub end: usize,
    /// Token index one past the last content token.
    pub last: usize,
}

/// Pairs quotation marks, visiting only the marks and line breaks
/// (`marks`, see [`Events::marks`]). A quotation left open at a line
/// break continues when the next paragraph reopens with a mark
/// (multi-paragraph quotes); otherwise it ends at the break. A stray
/// closing mark is ignored. Fills `quotes` with the quotations and
/// `inside` with, for each token, the quotation it is inside.
pub(crate) fn pair_quotes(
    toks: &[Token],
    marks: &[u32],
    quotes: &mut Vec<Quote>,
    inside: &mut Vec<u32>,
) {
    quotes.clear();
    inside.clear();
    let mut open: Option<usize> = None;
    // the next token to look at: a break that reopens skips the mark after it
    let mut i = 0;
    let finish = |quotes: &mut Vec<Quote>, o: usize, close: Option<usize>, last: usize| {
        let start = toks[o].end();
        let end = if last > o + 1 {
            toks[last - 1].end()
        } else {
            start
        };
        quotes.push(Quote {
            open: o,
            close,
            start,
            end: end.max(start),
            last,
        });
    };
    for &m in marks {
        let m = m as usize;
        if m < i {
            continue;
        }
        i = m + 1;
        match toks[m].kind {
            Tk::Open => {
                if let Some(o) = open {
                    // unbalanced: the previous quotation ends here
                    finish(quotes, o, None, m);
                }
                open = Some(m);
            }
            Tk::Close => {
                if let Some(o) = open.take() {
                    finish(quotes, o, Some(m), m);
                }
            }
            _ => {
                if let Some(o) = open {
                    let reopens = toks.get(m + 1).is_some_and(|t| t.kind == Tk::Open);
                    if reopens {
                        i = m + 2;
                        continue;
                    }
                    finish(quotes, o, None, m);
                    open = None;
                }
            }
        }
    }
    if let Some(o) = open {
        finish(quotes, o, None, toks.len());
    }
    // the quotations' token ranges are in order and do not overlap, so
    // `inside` is written once, front to back
    for (qi, q) in quotes.iter().enumerate() {
        let from = q.open + 1;
        let stop = q.close.unwrap_or(q.last).max(from);
        debug_assert!(inside.len() <= from);
        inside.resize(from, u32::MAX);
        inside.resize(stop, qi as u32);
    }
    inside.resize(toks.len(), u32::MAX);
}

/// Sentences as token ranges `[start, end)`, visiting only the line
/// breaks and sentence-ending punctuation (`stops`, see
/// [`Events::stops`]). A sentence ends at a line break, or after `.`,
/// `!` or `?` (and any closing marks) when the next token starts a
/// sentence, but never inside a quotation unless the quotation closes
/// right after the full stop.
pub(crate) fn sentences(
    toks: &[Token],
    stops: &[u32],
    inside: &[u32],
    out: &mut Vec<(usize, usize)>,
) {
    out.clear();
    let mut start = 0;
    // tokens before `i` are done
    let mut i = 0;
    for &k in stops {
        let k = k as usize;
        if k < i {
            continue;
        }
        i = k + 1;
        let t = &toks[k];
        if t.kind == Tk::Break {
            if k > start {
                out.push((start, k));
            }
            start = k + 1;
            continue;
        }
        if inside[k] == u32::MAX {
            let prev_abbrev = k > 0
                && toks[k - 1].word()
                && t.s == "."
                && (abbreviation(&toks[k - 1]) || (toks[k - 1].cap() && one_char(toks[k - 1].s)));
            let mut j = k + 1;
            while j < toks.len() && (toks[j].kind == Tk::Close || toks[j].is_punct(')')) {
                j += 1;
            }
            let next_starts = toks
                .get(j)
                .is_none_or(|n| n.cap() || matches!(n.kind, Tk::Open | Tk::Num | Tk::Break));
            if !prev_abbrev && next_starts {
                out.push((start, j));
                start = j;
                i = j;
            }
        } else {
            // “… talks.” Putin said: the sentence ends after the closing mark
            let mut j = k + 1;
            if toks.get(j).is_some_and(|c| c.kind == Tk::Close) {
                j += 1;
                let next_starts = toks
                    .get(j)
                    .is_none_or(|n| n.cap() || matches!(n.kind, Tk::Open | Tk::Break));
                if next_starts {
                    out.push((start, j));
                    start = j;
                    i = j;
                }
            }
        }
    }
    if start < toks.len() {
        out.push((start, toks.len()));
    }
}

/// True when the whole word `t` is an abbreviation (`is(ABBREVIATIONS,
/// t.s)`): the token's own bit when no possessive or full stop was taken
/// off the word for its look-up, else the look-up.
#[inline]
fn abbreviation(t: &Token) -> bool {
    if t.poss == 0 && !t.s.ends_with('.') {
        return t.is(lexicon::ABBREVIATIONS);
    }
    is(lexicon::ABBREVIATIONS, t.s)
}

/// True when `s` is one character (`s.chars().count() == 1`).
#[inline]
fn one_char(s: &str) -> bool {
    s.len() == 1 || (s.len() <= 4 && s.chars().count() == 1)
}

/// A tokenized document with its quotations and sentences.
///
/// Its vectors come from, and on drop go back to, a per-thread scratch
/// store ([`Scratch`]), so that a thread running one document after
/// another allocates them once, not once a document.
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    /// The text.
    pub text: &'a str,
    /// The tokens.
    pub toks: Vec<Token<'a>>,
    /// The quotations.
    pub quotes: Vec<Quote>,
    /// For each token, the quotation it is inside (`u32::MAX`: none).
    pub inside: Vec<u32>,
    /// Sentences as token ranges.
    pub sents: Vec<(usize, usize)>,
    /// For each token, its sentence.
    pub sent_of: Vec<u32>,
    /// The tokens later stages look for (see [`Events`]).
    pub ev: Events,
    /// For each sentence, whether it looks like a title-case headline,
    /// worked out on first asking: 0 not yet, 1 no, 2 yes.
    titled: Vec<Cell<u8>>,
}

/// The vectors of a dropped [`Doc`], kept for the next one on the same
/// thread. Tokens borrow their text, so the token vector is kept empty
/// with its lifetime erased by [`recycle`] (no `unsafe`: the allocation
/// is reused by `collect`'s in-place path, which
/// `scratch_reuses_the_allocations` checks).
#[derive(Default)]
struct Scratch {
    toks: Vec<Token<'static>>,
    quotes: Vec<Quote>,
    inside: Vec<u32>,
    sents: Vec<(usize, usize)>,
    sent_of: Vec<u32>,
    ev: Events,
    titled: Vec<Cell<u8>>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// `v` emptied, as a vector of tokens of any lifetime, keeping its
/// allocation.
fn recycle<'x>(mut v: Vec<Token<'_>>) -> Vec<Token<'x>> {
    v.clear();
    v.into_iter().map(|_| unreachable!("empty")).collect()
}

impl<'a> Doc<'a> {
    /// Tokenizes and segments `text`.
    pub fn new(text: &'a str) -> Self {
        let s = SCRATCH
            .try_with(|c| c.try_borrow_mut().map(|mut c| std::mem::take(&mut *c)))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
        let mut toks = recycle(s.toks);
        let mut ev = s.ev;
        tokenize::tokenize_into(text, &mut toks, &mut ev);
        let (mut quotes, mut inside) = (s.quotes, s.inside);
        pair_quotes(&toks, &ev.marks, &mut quotes, &mut inside);
        let mut sents = s.sents;
        sentences(&toks, &ev.stops, &inside, &mut sents);
        let mut sent_of = s.sent_of;
        sent_of.clear();
        // sentences are in order and do not overlap; a line break between
        // two belongs to sentence 0, as it always has
        for (si, &(a, b)) in sents.iter().enumerate() {
            debug_assert!(sent_of.len() <= a);
            sent_of.resize(a, 0);
            sent_of.resize(b, si as u32);
        }
        sent_of.resize(toks.len(), 0);
        let mut titled = s.titled;
        titled.clear();
        titled.resize(sents.len(), Cell::new(0));
        Doc {
            text,
            toks,
            quotes,
            inside,
            sents,
            sent_of,
            ev,
            titled,
        }
    }

    /// True when token `i` is inside a quotation.
    pub fn quoted(&self, i: usize) -> bool {
        self.inside.get(i).is_some_and(|&q| q != u32::MAX)
    }

    /// The first token starting at or after byte `pos`.
    pub fn tok_at(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.start < pos)
    }

    /// The text of tokens `[a, b)`.
    pub fn slice(&self, a: usize, b: usize) -> &'a str {
        if a >= b || b > self.toks.len() {
            return "";
        }
        &self.text[self.toks[a].start..self.toks[b - 1].end()]
    }

    /// True when the line holding sentence `s` looks like a title-case
    /// headline (most longer words capitalised).
    pub fn title_case(&self, s: usize) -> bool {
        let Some(cell) = self.titled.get(s) else {
            return false;
        };
        if cell.get() == 0 {
            let (a, b) = self.sents[s];
            cell.set(1 + title_case(&self.toks[a..b]) as u8);
        }
        cell.get() == 2
    }
}

impl Drop for Doc<'_> {
    fn drop(&mut self) {
        let toks = recycle(std::mem::take(&mut self.toks));
        let mut back = Scratch {
            toks,
            quotes: std::mem::take(&mut self.quotes),
            inside: std::mem::take(&mut self.inside),
            sents: std::mem::take(&mut self.sents),
            sent_of: std::mem::take(&mut self.sent_of),
            ev: std::mem::take(&mut self.ev),
            titled: std::mem::take(&mut self.titled),
        };
        // a document made while another was alive got fresh vectors: keep
        // the larger set
        let _ = SCRATCH.try_with(|c| {
            if let Ok(mut c) = c.try_borrow_mut() {
                if c.toks.capacity() <= back.toks.capacity() {
                    std::mem::swap(&mut *c, &mut back);
                }
            }
        });
    }
}

/// True for a title-case headline: most longer words capitalised and no
/// full stop at the end.
fn title_case(toks: &[Token]) -> bool {
    if toks.last().is_some_and(|t| t.is_punct('.')) {
        return false;
    }
    let (mut long, mut caps) = (0, 0);
    for t in toks {
        if t.word() && t.s.len() > 3 {
            long += 1;
            if t.cap() {
                caps += 1;
            }
        }
    }
    long >= 3 && caps * 10 >= long * 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_marks() {
        let d = Doc::new("“We’re ready,” the U.S. envoy said. \"Yes.\"");
        let kinds: Vec<Tk> = d.toks.iter().map(|t| t.kind).collect();
        assert_eq!(kinds[0], Tk::Open);
        assert_eq!(d.toks[1].s, "We’re");
        assert!(d.toks.iter().any(|t| t.s == "U.S."));
        assert_eq!(d.quotes.len(), 2);
        assert_eq!(&d.text[d.quotes[1].start..d.quotes[1].end], "Yes.");
        assert_eq!(d.sents.len(), 2);
    }

    #[test]
    fn doubled_apostrophes_and_backticks_are_quotation_marks() {
        let d = Doc::new(
            "Coach Ann Lee: ''We Won'' Ann Lee said ``it was close,'' and the Owls'' fans cheered.",
        );
        let q: Vec<&str> = d.quotes.iter().map(|q| &d.text[q.start..q.end]).collect();
        assert_eq!(q, ["We Won", "it was close,"]);
        assert_eq!(d.toks.iter().filter(|t| t.kind == Tk::Open).count(), 2);
        // a lone apostrophe is still part of a word or punctuation
        let d = Doc::new("The Owls' coach said 'no'.");
        assert!(d.quotes.is_empty());
        assert!(d.toks.iter().any(|t| t.s == "Owls'"));
    }

    #[test]
    fn multi_paragraph_quote_is_one() {
        let d = Doc::new("“First part.\n“Second part,” he said.");
        assert_eq!(d.quotes.len(), 1);
        assert!(d.text[d.quotes[0].start..d.quotes[0].end].ends_with("part,"));
    }

    #[test]
    fn unbalanced_quote_ends_at_break() {
        let d = Doc::new("“Never closed\nNext line.");
        assert_eq!(d.quotes.len(), 1);
        assert_eq!(&d.text[d.quotes[0].start..d.quotes[0].end], "Never closed");
    }

    #[test]
    fn common_punctuation_is_no_letter_digit_or_space() {
        for c in "“”‘’„‟«»—–‐‑…".chars() {
            assert!(is_common_punct(c));
            assert!(
                !c.is_alphanumeric() && !c.is_numeric() && !c.is_whitespace(),
                "{c}"
            );
        }
    }

    #[test]
    fn alnum_mask_agrees_with_the_class_table() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut chunk = [b'-'; 8];
                chunk[pos] = b;
                let m = alnum_mask(u64::from_le_bytes(chunk));
                for (k, &c) in chunk.iter().enumerate() {
                    let want = CLASS[c as usize] & ALNUM != 0;
                    assert_eq!(m >> (8 * k + 7) & 1 == 1, want, "byte {c:#x} at {k}");
                }
            }
        }
        let text = b"Hello, wor1d-again 123abcXYZ.";
        for from in 0..text.len() {
            let want = text[from..]
                .iter()
                .position(|&b| CLASS[b as usize] & ALNUM == 0)
                .map_or(text.len(), |p| from + p);
            assert_eq!(alnum_run(text, from), want);
        }
    }

    #[test]
    fn scratch_reuses_the_allocations() {
        let text = "Ann Lee said “yes,” and left. ".repeat(40);
        let first = Doc::new(&text).toks.as_ptr() as usize;
        // another text, another lifetime: the same token allocation
        let other = text.replace("Ann", "Bob");
        let d = Doc::new(&other);
        assert_eq!(d.toks.as_ptr() as usize, first);
        // a document made while one is alive gets its own vectors
        let e = Doc::new(&text);
        assert_ne!(e.toks.as_ptr(), d.toks.as_ptr());
        assert_eq!(e.toks.len(), d.toks.len());
    }

    #[test]
    fn possessives() {
        assert_eq!(strip_possessive("Ukraine’s"), "Ukraine");
        assert_eq!(strip_possessive("Putin's"), "Putin");
        assert_eq!(strip_possessive("it's"), "it");
        assert_eq!(strip_possessive("s"), "s");
    }
}
