//! The tokenizer: tokens and, in the same pass, the event lists the later
//! stages walk instead of every token (see [`Events`]). ASCII is
//! classified 64 bytes at a time into a bitmask of letters and digits
//! (see [`Blocks`]), so a run of letters is one bit scan; a byte outside ASCII takes the scalar path, which decodes the
//! character there. The old byte-at-a-time tokenizer is kept as the test
//! oracle (`oracle.rs`): both give the same tokens on any text.

use super::super::lexicon::{self, Index};
use super::{
    char_at, char_before, is_apostrophe, is_common_punct, is_hyphen, strip_possessive, trim_dots,
    Tk, Token, ALNUM, ALPHA, CLASS, JOINER, SPACE, UPPER,
};

/// The lexicon tables that make a word an event of [`Events::cues`]: the
/// words the extractor's sentence scan tests (a cue verb, a report noun,
/// a fragment verb).
pub(crate) const CUE_BITS: u32 = lexicon::SAY_VERBS.bit()
    | lexicon::THAT_VERBS.bit()
    | lexicon::REPORT_NOUNS.bit()
    | lexicon::FRAGMENT_VERBS.bit();

/// The bit of the abbreviations (`Mr`, `Gov`) that keep their full stop.
const ABBREVIATION: u32 = lexicon::ABBREVIATIONS.bit();

/// Token indices of the tokens later stages look for, each list in text
/// order. Built by the tokenizer; each is exactly the tokens a filter over
/// the token vector would give (the property test checks it).
#[derive(Debug, Default)]
pub(crate) struct Events {
    /// Tokens that start with a capital ([`Token::cap`]).
    pub caps: Vec<u32>,
    /// Words in a cue table ([`CUE_BITS`]) and the word `according`, in
    /// any case.
    pub cues: Vec<u32>,
    /// Quotation marks and line breaks ([`Tk::Open`], [`Tk::Close`],
    /// [`Tk::Break`]): what pairing quotations looks at.
    pub marks: Vec<u32>,
    /// Line breaks and the punctuation that may end a sentence (`.`, `!`,
    /// `?`, `…`): what sentence splitting looks at.
    pub stops: Vec<u32>,
    /// Punctuation tokens starting with a comma.
    pub commas: Vec<u32>,
}

impl Events {
    /// Empties every list, keeping the allocations.
    pub fn clear(&mut self) {
        self.caps.clear();
        self.cues.clear();
        self.marks.clear();
        self.stops.clear();
        self.commas.clear();
    }

    /// Records token `t`, the `n`-th, in the lists it belongs to.
    #[inline]
    fn note(&mut self, n: usize, t: &Token) {
        let n = n as u32;
        if t.capital {
            self.caps.push(n);
        }
        match t.kind {
            Tk::Word => {
                if t.flags & CUE_BITS != 0 || t.s.eq_ignore_ascii_case("according") {
                    self.cues.push(n);
                }
            }
            Tk::Open | Tk::Close => self.marks.push(n),
            Tk::Break => {
                self.marks.push(n);
                self.stops.push(n);
            }
            Tk::Punct => match t.s.as_bytes()[0] {
                b',' => self.commas.push(n),
                b'.' | b'!' | b'?' if t.s.len() == 1 => self.stops.push(n),
                _ if t.s == "…" => self.stops.push(n),
                _ => {}
            },
            Tk::Num => {}
        }
    }
}

/// The letter-or-digit bitmask of the 64-byte block of the text holding
/// the cursor: bit `k` stands for byte `base + k`. Past the end of the
/// text every bit is clear, so runs stop there.
pub(crate) struct Blocks<'t> {
    bytes: &'t [u8],
    /// First byte of the block (a multiple of 64).
    base: usize,
    /// ASCII letters and digits.
    alnum: u64,
}

impl<'t> Blocks<'t> {
    /// The mask over `bytes`, the first block loaded.
    pub fn new(bytes: &'t [u8]) -> Self {
        let mut b = Blocks {
            bytes,
            base: 0,
            alnum: 0,
        };
        b.load(0);
        b
    }

    /// Loads the block holding byte `j` (`j` within the text, or 0).
    #[cold]
    #[inline(never)]
    fn load(&mut self, j: usize) {
        let base = j & !63;
        self.alnum = match self.bytes.get(base..base + 64) {
            Some(chunk) => alnum_mask(chunk.try_into().expect("64 bytes")),
            None => {
                // the last, partial block: zero bytes after the text are
                // in no class
                let mut pad = [0u8; 64];
                let rest = &self.bytes[base..];
                pad[..rest.len()].copy_from_slice(rest);
                alnum_mask(&pad)
            }
        };
        self.base = base;
    }

    /// The end of the run of ASCII letters and digits from byte `j` (at
    /// most the text's length: the bits past its end are clear, so the
    /// run stops there without a length test).
    #[inline(always)]
    pub fn alnum_end(&mut self, mut j: usize) -> usize {
        loop {
            let off = j.wrapping_sub(self.base);
            if off >= 64 {
                self.load(j);
                continue;
            }
            let m = !self.alnum >> off;
            if m != 0 {
                return j + m.trailing_zeros() as usize;
            }
            j = self.base + 64;
        }
    }
}

/// `text[a..b]` where the caller knows both ends are character
/// boundaries (each is the end of the text or the position of an ASCII
/// byte, or follows one): the slice without `str` indexing's boundary
/// checks, which cost more than the rest of a short word's token.
#[inline(always)]
fn ascii_slice(text: &str, a: usize, b: usize) -> &str {
    debug_assert!(a <= b && text.is_char_boundary(a) && text.is_char_boundary(b));
    // SAFETY: the callers pass `a <= b <= text.len()`, where `a` is the
    // position of an ASCII byte and `b` the end of the text or the
    // position of an ASCII byte: both character boundaries, so the bytes
    // between are valid UTF-8 (checked in debug builds above, and by the
    // oracle property tests, which run every path on random text).
    unsafe { text.get_unchecked(a..b) }
}

/// The first byte at or after `j` that is not ASCII white space (a line
/// break is not white space here). Runs of spaces are short in news, so a
/// byte at a time.
#[inline]
fn skip_space(bytes: &[u8], mut j: usize) -> usize {
    while j < bytes.len() && CLASS[bytes[j] as usize] & SPACE != 0 {
        j += 1;
    }
    j
}

/// The letter-or-digit mask of a 64-byte block: bit `k` set when byte `k`
/// is an ASCII letter or digit.
#[cfg(target_arch = "x86_64")]
#[inline]
fn alnum_mask(chunk: &[u8; 64]) -> u64 {
    use std::arch::x86_64::*;
    let mut alnum = 0u64;
    // SAFETY: SSE2 is part of the x86_64 baseline, so the intrinsics
    // are always available; each load reads sixteen bytes from `16 * k`,
    // within the 64-byte array (an unaligned load).
    // `masks_agree_with_the_class_table` checks the result against the
    // table for every byte value at every position.
    unsafe {
        // a byte is in `lo..lo + n` when `byte + (0x80 - lo)`, wrapping,
        // is below `0x80 + n` as a signed byte: one addition and one
        // signed comparison per range (a byte outside ASCII is in none)
        let letter_shift = _mm_set1_epi8(0x80u8.wrapping_sub(b'a') as i8);
        let letter_top = _mm_set1_epi8((0x80u8 + 26) as i8);
        let digit_shift = _mm_set1_epi8(0x80u8.wrapping_sub(b'0') as i8);
        let digit_top = _mm_set1_epi8((0x80u8 + 10) as i8);
        let case = _mm_set1_epi8(0x20);
        for k in 0..4 {
            let v = _mm_loadu_si128(chunk.as_ptr().add(16 * k).cast::<__m128i>());
            let letter = _mm_cmplt_epi8(
                _mm_add_epi8(_mm_or_si128(v, case), letter_shift),
                letter_top,
            );
            let digit = _mm_cmplt_epi8(_mm_add_epi8(v, digit_shift), digit_top);
            let a = _mm_movemask_epi8(_mm_or_si128(letter, digit)) as u32 as u64;
            alnum |= a << (16 * k);
        }
    }
    alnum
}

/// The letter-or-digit mask of a 64-byte block.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn alnum_mask(chunk: &[u8; 64]) -> u64 {
    mask_by_table(chunk)
}

/// [`alnum_mask`] from the class table, a byte at a time: the portable
/// path and the reference the SSE2 path is tested against.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn mask_by_table(chunk: &[u8; 64]) -> u64 {
    let mut alnum = 0u64;
    for (k, &b) in chunk.iter().enumerate() {
        alnum |= ((CLASS[b as usize] & ALNUM != 0) as u64) << k;
    }
    alnum
}

/// Splits `text` into tokens, appended to `out` (emptied first), and fills
/// `ev` (emptied first) with the events. White space other than line
/// breaks is dropped.
///
/// Where the 64-byte block of the cursor and the 64 bytes after it are in
/// the text (all but the last 128 bytes or so), the block's bytes are one
/// array and its letter-or-digit mask a local: a word of ASCII letters and
/// digits that ends in the block before a byte that is no joiner, a space
/// and ASCII punctuation other than quotation marks are made there,
/// without bounds checks or block look-ups. Every other token, and the
/// rest of the text, takes [`step`].
pub(crate) fn tokenize_into<'a>(text: &'a str, out: &mut Vec<Token<'a>>, ev: &mut Events) {
    out.clear();
    ev.clear();
    out.reserve(text.len() / 4 + 1);
    let index = lexicon::index();
    let bytes = text.as_bytes();
    let mut blocks = Blocks::new(bytes);
    // one past the last byte of the last block with 64 bytes after it
    let fast_end = match bytes.len().checked_sub(128) {
        Some(last) => (last & !63) + 64,
        None => 0,
    };
    let mut i = 0;
    while i < fast_end {
        let base = i & !63;
        let blk: &[u8; 128] = bytes[base..base + 128].try_into().expect("128 bytes");
        if blocks.base != base {
            blocks.load(base);
        }
        let alnum = blocks.alnum;
        loop {
            let off = i - base;
            if off >= 64 {
                break;
            }
            let b = blk[off];
            let class = CLASS[b as usize];
            if class & ALPHA != 0 {
                // a word of letters and digits that ends in the block,
                // before a byte that is no joiner: what [`step`] makes
                // of it
                let m = !alnum >> off;
                if m != 0 {
                    let e = off + m.trailing_zeros() as usize;
                    let after = blk[e];
                    if CLASS[after as usize] & JOINER == 0 {
                        let n = e - off;
                        let flags = if n <= 16 {
                            let w: &[u8; 16] = blk[off..off + 16].try_into().expect("16 bytes");
                            lexicon::flags_alnum16(index, w, n)
                        } else {
                            lexicon::flags_alnum(index, text, i, n)
                        };
                        let capital = class & UPPER != 0;
                        // `base + e` is the position of an ASCII byte
                        let s = ascii_slice(text, i, base + e);
                        word_events(ev, out.len() as u32, capital, flags, s);
                        out.push(Token {
                            start: i,
                            s,
                            kind: Tk::Word,
                            flags,
                            capital,
                            poss: 0,
                        });
                        i = base + e + (after == b' ') as usize;
                        continue;
                    }
                } else {
                    // the word runs into the next block
                    let run = blocks.alnum_end(base + 64);
                    let after = bytes.get(run).copied();
                    if after.is_none_or(|a| CLASS[a as usize] & JOINER == 0) {
                        i = crossing_word(text, index, i, run, class, out, ev);
                        continue;
                    }
                }
            } else if PLAIN_PUNCT[b as usize] {
                let n = out.len() as u32;
                match b {
                    b',' => ev.commas.push(n),
                    b'.' | b'!' | b'?' => ev.stops.push(n),
                    _ => {}
                }
                out.push(Token {
                    start: i,
                    s: ascii_slice(text, i, i + 1),
                    kind: Tk::Punct,
                    flags: 0,
                    capital: false,
                    poss: 0,
                });
                i += 1;
                continue;
            } else if b == b' ' {
                i += 1;
                continue;
            }
            i = step(text, i, index, &mut blocks, out, ev);
        }
    }
    while i < bytes.len() {
        i = step(text, i, index, &mut blocks, out, ev);
    }
}

/// The word of ASCII letters and digits `text[i..run]` (of class
/// `class`) that runs past its block, before a byte that is no joiner,
/// pushed with its events; returns where the next token may start.
#[inline(never)]
fn crossing_word<'a>(
    text: &'a str,
    index: &Index,
    i: usize,
    run: usize,
    class: u8,
    out: &mut Vec<Token<'a>>,
    ev: &mut Events,
) -> usize {
    let s = ascii_slice(text, i, run);
    let flags = lexicon::flags_alnum(index, text, i, run - i);
    let capital = class & UPPER != 0;
    word_events(ev, out.len() as u32, capital, flags, s);
    out.push(Token {
        start: i,
        s,
        kind: Tk::Word,
        flags,
        capital,
        poss: 0,
    });
    run + (text.as_bytes().get(run) == Some(&b' ')) as usize
}

/// The token at byte `i` (within the text), pushed with its events, or
/// the white space there skipped; returns where the next token may start.
#[inline]
fn step<'a>(
    text: &'a str,
    i: usize,
    index: &Index,
    blocks: &mut Blocks,
    out: &mut Vec<Token<'a>>,
    ev: &mut Events,
) -> usize {
    let bytes = text.as_bytes();
    let b = bytes[i];
    let class = CLASS[b as usize];
    if class & SPACE != 0 {
        return skip_space(bytes, i + 1);
    }
    // the common case first: a word that starts with an ASCII letter
    if class & ALPHA != 0 {
        let run = blocks.alnum_end(i + 1);
        let n = out.len() as u32;
        if bytes
            .get(run)
            .is_some_and(|&j| CLASS[j as usize] & JOINER != 0)
        {
            let t = joined_word(text, index, i, run, class, blocks);
            word_events(ev, n, t.capital, t.flags, t.s);
            let end = t.end();
            out.push(t);
            return end + (bytes.get(end) == Some(&b' ')) as usize;
        }
        // letters and digits only: no possessive or full stop to take
        // off, and lower-cased by setting a bit; `run` is the end of
        // the text or an ASCII byte that is no joiner (every byte
        // outside ASCII is one). The token is written in place, its
        // fields worked out first.
        let s = ascii_slice(text, i, run);
        let flags = lexicon::flags_alnum(index, text, i, run - i);
        let capital = class & UPPER != 0;
        word_events(ev, n, capital, flags, s);
        out.push(Token {
            start: i,
            s,
            kind: Tk::Word,
            flags,
            capital,
            poss: 0,
        });
        // the one space after a word, without a scan
        return run + (bytes.get(run) == Some(&b' ')) as usize;
    }
    // ASCII punctuation other than quotation marks: a token of its own
    // (what the scalar path would make of it, without decoding)
    if PLAIN_PUNCT[b as usize] {
        let t = Token {
            start: i,
            // an ASCII byte: a token of one byte
            s: ascii_slice(text, i, i + 1),
            kind: Tk::Punct,
            flags: 0,
            capital: false,
            poss: 0,
        };
        let n = out.len() as u32;
        match b {
            b',' => ev.commas.push(n),
            b'.' | b'!' | b'?' => ev.stops.push(n),
            _ => {}
        }
        out.push(t);
        return i + 1;
    }
    // a number and a line break: what the scalar path makes of them,
    // without decoding ASCII (neither has lexicon bits or a
    // possessive)
    if b.is_ascii_digit() {
        let end = num_end(text, i + 1);
        out.push(Token {
            start: i,
            s: &text[i..end],
            kind: Tk::Num,
            flags: 0,
            capital: false,
            poss: 0,
        });
        return end;
    }
    if b == b'\n' || b == b'\r' {
        let (end, next) = break_end(text, i);
        let n = out.len() as u32;
        ev.marks.push(n);
        ev.stops.push(n);
        out.push(Token {
            start: i,
            s: ascii_slice(text, i, end),
            kind: Tk::Break,
            flags: 0,
            capital: false,
            poss: 0,
        });
        return next;
    }
    // the typographic quotation marks, apostrophes, dashes and
    // ellipsis of news text (U+2010–U+2026: `E2 80 xx`): a token of
    // their own, as the scalar path makes them, without decoding
    if b == 0xE2 {
        if let Some(&[0x80, x]) = bytes.get(i + 1..i + 3) {
            let kind = TYPO_PUNCT[(x & 0x3F) as usize];
            if x & 0xC0 == 0x80 && kind != NOT_TYPO {
                let n = out.len() as u32;
                let kind = match kind {
                    TYPO_OPEN => Tk::Open,
                    TYPO_CLOSE => Tk::Close,
                    _ => Tk::Punct,
                };
                match kind {
                    Tk::Open | Tk::Close => ev.marks.push(n),
                    // `…`
                    _ if x == 0xA6 => ev.stops.push(n),
                    _ => {}
                }
                out.push(Token {
                    start: i,
                    // three bytes of one character
                    s: &text[i..i + 3],
                    kind,
                    flags: 0,
                    capital: false,
                    // (no possessive: a lone apostrophe is none)
                    poss: 0,
                });
                return i + 3;
            }
        }
    }
    scalar(text, i, index, blocks, out, ev)
}

/// [`TYPO_PUNCT`]: a character that is not one of the marks.
const NOT_TYPO: u8 = 0;
/// [`TYPO_PUNCT`]: an opening quotation mark (`“`, `„`).
const TYPO_OPEN: u8 = 1;
/// [`TYPO_PUNCT`]: a closing quotation mark (`”`, `‟`).
const TYPO_CLOSE: u8 = 2;
/// [`TYPO_PUNCT`]: other punctuation (`‐ ‑ – — ‘ ’ …`).
const TYPO_OTHER: u8 = 3;

/// For the character `E2 80 (0x80 | k)` (U+2000 + k), what the scalar
/// path makes of it when it is one of the common punctuation characters
/// of [`is_common_punct`] (each a token of its own, with no lexicon
/// bits), else [`NOT_TYPO`] (white space, other punctuation: left to
/// the scalar path).
static TYPO_PUNCT: [u8; 64] = {
    let mut t = [NOT_TYPO; 64];
    t[0x10] = TYPO_OTHER; // ‐
    t[0x11] = TYPO_OTHER; // ‑
    t[0x13] = TYPO_OTHER; // –
    t[0x14] = TYPO_OTHER; // —
    t[0x18] = TYPO_OTHER; // ‘
    t[0x19] = TYPO_OTHER; // ’
    t[0x1C] = TYPO_OPEN; // “
    t[0x1D] = TYPO_CLOSE; // ”
    t[0x1E] = TYPO_OPEN; // „
    t[0x1F] = TYPO_CLOSE; // ‟
    t[0x26] = TYPO_OTHER; // …
    t
};

/// Records the word token `n` (`capital`, lexicon bits `flags`, text `s`)
/// in the event lists a word belongs to, without the general
/// [`Events::note`].
#[inline(always)]
fn word_events(ev: &mut Events, n: u32, capital: bool, flags: u32, s: &str) {
    if capital {
        ev.caps.push(n);
    }
    if flags & CUE_BITS != 0 || (s.len() == 9 && s.eq_ignore_ascii_case("according")) {
        ev.cues.push(n);
    }
}

/// ASCII bytes that are always a punctuation token of one byte: neither a
/// letter, a digit, white space or a line break, nor a byte that may be
/// (half of) a quotation mark (`"`, `'`, `` ` ``).
static PLAIN_PUNCT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = !c.is_ascii_alphanumeric()
            && !c.is_ascii_whitespace()
            && c != 0x0B
            && !matches!(c, b'"' | b'\'' | b'`');
        b += 1;
    }
    t
};

/// The token of the word at byte `i`, which starts with an ASCII letter of
/// class `class` and whose letters and digits run to `run`, where a
/// joiner (`'`, `-`, `.` or a byte outside ASCII) follows.
#[inline(never)]
fn joined_word<'a>(
    text: &'a str,
    index: &Index,
    i: usize,
    run: usize,
    class: u8,
    blocks: &mut Blocks,
) -> Token<'a> {
    let bytes = text.as_bytes();
    // a full stop with no letter after it (the end of a sentence, `Mr.`):
    // the word takes it only when it is a capitalised abbreviation (what
    // [`word_end`] decides, without decoding)
    if bytes[run] == b'.'
        && bytes
            .get(run + 1)
            .is_none_or(|&n| n < 0x80 && CLASS[n as usize] & ALPHA == 0)
    {
        let flags = lexicon::flags_alnum(index, text, i, run - i);
        let capital = class & UPPER != 0;
        let end = run + (capital && flags & ABBREVIATION != 0) as usize;
        // `end` is `run` (a full stop) or the byte after it
        return Token {
            start: i,
            s: ascii_slice(text, i, end),
            kind: Tk::Word,
            flags,
            capital,
            poss: 0,
        };
    }
    let end = word_end(text, i, bytes[i] as char, run, blocks);
    ascii_word(index, bytes, i, &text[i..end], class)
}

/// The token of the word `s` at byte `i`, which starts with an ASCII
/// letter of class `class`.
#[inline(always)]
fn ascii_word<'a>(index: &Index, bytes: &[u8], i: usize, s: &'a str, class: u8) -> Token<'a> {
    // most words end in a letter or digit other than s: no possessive and
    // no full stop to take off
    let last = bytes[i + s.len() - 1];
    let (base, key) = if CLASS[last as usize] & ALNUM != 0 && last | 0x20 != b's' {
        (s, s)
    } else {
        let base = strip_possessive(s);
        (base, trim_dots(base))
    };
    Token {
        start: i,
        s,
        kind: Tk::Word,
        flags: lexicon::flags_at(index, bytes, i, key),
        capital: class & UPPER != 0,
        // at most 4 (`’s`): see the field
        poss: (s.len() - base.len()) as u8,
    }
}

/// The token at byte `i` when it is not an ASCII word, pushed with its
/// events (or nothing, for white space outside ASCII); returns where the
/// next token may start. The character is decoded.
#[inline(never)]
fn scalar<'a>(
    text: &'a str,
    i: usize,
    index: &Index,
    blocks: &mut Blocks,
    out: &mut Vec<Token<'a>>,
    ev: &mut Events,
) -> usize {
    let bytes = text.as_bytes();
    let b = bytes[i];
    let class = CLASS[b as usize];
    let (c, len) = if b < 0x80 {
        (b as char, 1)
    } else {
        char_at(text, i).expect("in range")
    };
    // typographic punctuation, frequent in news, skips the Unicode
    // property look-ups below
    let punct = b >= 0x80 && is_common_punct(c);
    let kind;
    let mut end = i + len;
    // where the next token may start (a line break swallows the white
    // space after it)
    let mut next = end;
    if c == '\n' || c == '\r' {
        (end, next) = break_end(text, i);
        kind = Tk::Break;
    } else if class & ALPHA != 0 || (b >= 0x80 && !punct && c.is_alphabetic()) {
        end = word_end(text, i, c, i + len, blocks);
        next = end;
        kind = Tk::Word;
    } else if b >= 0x80 && !punct && c.is_whitespace() {
        return end;
    } else if b.is_ascii_digit() || (b >= 0x80 && !punct && c.is_numeric()) {
        end = num_end(text, end);
        next = end;
        kind = Tk::Num;
    } else {
        // two apostrophes (`''`) or two backticks (```` `` ````) used
        // as a double quotation mark: one mark of two bytes
        let doubled = matches!(c, '\'' | '`') && bytes.get(end) == Some(&b);
        if doubled {
            end += 1;
            next = end;
        }
        kind = match c {
            '“' | '„' | '«' => Tk::Open,
            '”' | '»' | '‟' => Tk::Close,
            '`' if doubled => Tk::Open,
            '"' | '\'' if c == '"' || doubled => {
                let before_open = char_before(text, i).is_none_or(|p| {
                    p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | '/')
                });
                let after_space = bytes.get(end).is_none_or(|b| b.is_ascii_whitespace());
                if before_open && !after_space {
                    Tk::Open
                } else {
                    Tk::Close
                }
            }
            _ => Tk::Punct,
        };
    }
    let s = &text[i..end];
    let word = kind == Tk::Word;
    let (flags, capital, poss) = if word {
        let base = strip_possessive(s);
        let capital = if b < 0x80 {
            class & UPPER != 0
        } else {
            c.is_uppercase()
        };
        // at most 4 (`’s`): see the field
        let poss = (s.len() - base.len()) as u8;
        (lexicon::flags_in(index, trim_dots(base)), capital, poss)
    } else {
        (0, false, (s.len() - strip_possessive(s).len()) as u8)
    };
    let t = Token {
        start: i,
        s,
        kind,
        flags,
        capital,
        poss,
    };
    ev.note(out.len(), &t);
    out.push(t);
    next
}

/// The line-break token at byte `i` (a `\n` or `\r`): where it ends and
/// where the next token may start. The breaks run on over white space;
/// the token ends after the last break and the white space after it is
/// skipped. ASCII a byte at a time, a character outside ASCII decoded.
#[inline]
fn break_end(text: &str, i: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut end, mut next) = (i + 1, i + 1);
    loop {
        match bytes.get(next) {
            Some(b'\n' | b'\r') => {
                next += 1;
                end = next;
            }
            // the rest of ASCII's `char::is_whitespace`
            Some(b' ' | b'\t' | 0x0B | 0x0C) => next += 1,
            Some(&x) if x >= 0x80 => match char_at(text, next) {
                // (no line break: those are ASCII)
                Some((d, dl)) if d.is_whitespace() => next += dl,
                _ => return (end, next),
            },
            _ => return (end, next),
        }
    }
}

/// The end of the number whose first character ends at byte `end`:
/// letters, digits and `%`, and `.` or `,` before a digit. ASCII
/// without decoding.
#[inline]
fn num_end(text: &str, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        let Some(&d) = bytes.get(end) else {
            return end;
        };
        if d < 0x80 {
            let joins = matches!(d, b'.' | b',')
                && char_at(text, end + 1).is_some_and(|(n, _)| n.is_numeric());
            if d.is_ascii_alphanumeric() || d == b'%' || joins {
                end += 1;
            } else {
                return end;
            }
        } else {
            match char_at(text, end) {
                Some((c, cl)) if c.is_alphanumeric() => end += cl,
                _ => return end,
            }
        }
    }
}

/// The end of the word starting at byte `i` with the letter `c`, whose
/// letters and digits run (at least) to `end`: letters and digits,
/// joined by an apostrophe, a hyphen or (abbreviations such as U.S.) a
/// dot between single letters.
#[inline(never)]
fn word_end(text: &str, i: usize, c: char, mut end: usize, blocks: &mut Blocks) -> usize {
    let bytes = text.as_bytes();
    loop {
        end = blocks.alnum_end(end);
        // an ASCII byte that is neither a letter nor a joiner ends the word
        let joiner = match bytes.get(end) {
            Some(&b) if CLASS[b as usize] & JOINER != 0 => b,
            _ => return end,
        };
        // an apostrophe (`'`, `’`) or `-` before an ASCII letter joins,
        // without decoding (what the rules below decide for them)
        let dl = match joiner {
            b'\'' | b'-' => 1,
            0xE2 if bytes.get(end + 1..end + 3) == Some(&[0x80, 0x99]) => 3,
            _ => 0,
        };
        if dl != 0
            && bytes
                .get(end + dl)
                .is_some_and(|&a| CLASS[a as usize] & ALPHA != 0)
        {
            end += dl;
            continue;
        }
        let (d, dl) = char_at(text, end).expect("in range");
        if !is_common_punct(d) && d.is_alphanumeric() {
            end += dl;
            continue;
        }
        if is_apostrophe(d) || is_hyphen(d) || d == '.' {
            let joins = match char_at(text, end + dl) {
                Some((a, _)) if a.is_alphabetic() => {
                    if d == '.' {
                        // U.S / U.K: single letters around the dot
                        let cur = &text[i..end];
                        char_before(text, end).is_some_and(char::is_uppercase)
                            && (cur.len() == 1 || cur.as_bytes()[cur.len() - 2] == b'.')
                    } else {
                        true
                    }
                }
                _ => false,
            };
            if joins {
                end += dl;
                continue;
            }
            // trailing dot of an abbreviation such as U.S.
            if d == '.' {
                let cur = &text[i..end];
                let title_abbrev = c.is_uppercase() && lexicon::is(lexicon::ABBREVIATIONS, cur);
                if (cur.len() >= 3 && cur.as_bytes()[cur.len() - 2] == b'.') || title_abbrev {
                    end += 1;
                }
            } else if is_apostrophe(d)
                && text[i..end].ends_with(['s', 'S'])
                && bytes.get(end + dl) != Some(&b'\'')
            {
                // plural possessive: forces’
                end += dl;
            }
        }
        return end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_agree_with_the_class_table() {
        // every byte value in every position of a block
        for b in 0..=255u8 {
            for pos in 0..64 {
                let mut chunk = [b'-'; 64];
                chunk[pos] = b;
                chunk[(pos + 17) % 64] = b.wrapping_add(1);
                chunk[(pos + 40) % 64] = b.wrapping_sub(1);
                assert_eq!(
                    alnum_mask(&chunk),
                    mask_by_table(&chunk),
                    "byte {b:#x} at {pos}"
                );
            }
        }
    }

    #[test]
    fn runs_cross_blocks_and_stop_at_the_end() {
        for len in [0, 1, 63, 64, 65, 127, 128, 129, 200] {
            let text: String = (0..len)
                .map(|k| if k % 37 == 36 { ' ' } else { 'a' })
                .collect();
            let bytes = text.as_bytes();
            let mut blocks = Blocks::new(bytes);
            for from in 0..=len {
                let want = bytes[from..]
                    .iter()
                    .position(|&b| CLASS[b as usize] & ALNUM == 0)
                    .map_or(len, |p| from + p);
                assert_eq!(blocks.alnum_end(from), want, "{len} {from}");
                let want = bytes[from..]
                    .iter()
                    .position(|&b| CLASS[b as usize] & SPACE == 0)
                    .map_or(len, |p| from + p);
                assert_eq!(skip_space(bytes, from), want, "{len} {from}");
            }
        }
    }
}
