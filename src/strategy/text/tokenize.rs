//! The tokenizer: tokens and, in the same pass, the event lists the later
//! stages walk instead of every token (see [`Events`]). ASCII is
//! classified 64 bytes at a time into bitmasks (letters and digits, white
//! space; see [`Blocks`]), so a run of letters or of spaces is one bit
//! scan; a byte outside ASCII takes the scalar path, which decodes the
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

/// Bitmasks of the 64-byte block of the text holding the cursor: bit `k`
/// stands for byte `base + k`. Past the end of the text every bit is
/// clear, so runs stop there.
pub(crate) struct Blocks<'t> {
    bytes: &'t [u8],
    /// First byte of the block (a multiple of 64).
    base: usize,
    /// ASCII letters and digits.
    alnum: u64,
    /// ASCII white space other than a line break (the tokenizer's
    /// [`SPACE`] class).
    space: u64,
}

impl<'t> Blocks<'t> {
    /// Masks over `bytes`, the first block loaded.
    pub fn new(bytes: &'t [u8]) -> Self {
        let mut b = Blocks {
            bytes,
            base: 0,
            alnum: 0,
            space: 0,
        };
        b.load(0);
        b
    }

    /// Loads the block holding byte `j` (`j` within the text, or 0).
    #[cold]
    #[inline(never)]
    fn load(&mut self, j: usize) {
        let base = j & !63;
        let (alnum, space) = match self.bytes.get(base..base + 64) {
            Some(chunk) => masks(chunk.try_into().expect("64 bytes")),
            None => {
                // the last, partial block: zero bytes after the text are
                // in neither class
                let mut pad = [0u8; 64];
                let rest = &self.bytes[base..];
                pad[..rest.len()].copy_from_slice(rest);
                masks(&pad)
            }
        };
        self.base = base;
        self.alnum = alnum;
        self.space = space;
    }

    /// The first byte at or after `j` for which `stop` (applied to the
    /// block's masks) has its bit set, or the end of the text.
    #[inline(always)]
    fn scan(&mut self, mut j: usize, stop: impl Fn(&Self) -> u64) -> usize {
        loop {
            if j >= self.bytes.len() {
                return self.bytes.len();
            }
            let off = j.wrapping_sub(self.base);
            if off >= 64 {
                self.load(j);
                continue;
            }
            let m = stop(self) >> off;
            if m != 0 {
                return j + m.trailing_zeros() as usize;
            }
            j = self.base + 64;
        }
    }

    /// The end of the run of ASCII letters and digits from byte `j`.
    #[inline(always)]
    pub fn alnum_end(&mut self, j: usize) -> usize {
        self.scan(j, |b| !b.alnum)
    }

    /// The first byte at or after `j` that is not ASCII white space (a
    /// line break is not white space here).
    #[inline(always)]
    pub fn skip_space(&mut self, j: usize) -> usize {
        self.scan(j, |b| !b.space)
    }
}

/// The letter-or-digit and white-space masks of a 64-byte block.
#[cfg(target_arch = "x86_64")]
#[inline]
fn masks(chunk: &[u8; 64]) -> (u64, u64) {
    use std::arch::x86_64::*;
    let mut alnum = 0u64;
    let mut space = 0u64;
    // SAFETY: SSE2 is part of the x86_64 baseline, so the intrinsics
    // are always available; each load reads sixteen bytes from `16 * k`,
    // within the 64-byte array (an unaligned load).
    // `masks_agree_with_the_class_table` checks the result against the
    // table for every byte value at every position.
    unsafe {
        let set = |b: u8| _mm_set1_epi8(b as i8);
        for k in 0..4 {
            let v = _mm_loadu_si128(chunk.as_ptr().add(16 * k).cast::<__m128i>());
            // signed compares: a byte outside ASCII is negative and in no range
            let lower = _mm_or_si128(v, set(0x20));
            let letter = _mm_and_si128(
                _mm_cmpgt_epi8(lower, set(b'a' - 1)),
                _mm_cmplt_epi8(lower, set(b'z' + 1)),
            );
            let digit = _mm_and_si128(
                _mm_cmpgt_epi8(v, set(b'0' - 1)),
                _mm_cmplt_epi8(v, set(b'9' + 1)),
            );
            let sp = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, set(b' ')), _mm_cmpeq_epi8(v, set(b'\t'))),
                _mm_or_si128(_mm_cmpeq_epi8(v, set(0x0B)), _mm_cmpeq_epi8(v, set(0x0C))),
            );
            let a = _mm_movemask_epi8(_mm_or_si128(letter, digit)) as u32 as u64;
            let s = _mm_movemask_epi8(sp) as u32 as u64;
            alnum |= (a & 0xFFFF) << (16 * k);
            space |= (s & 0xFFFF) << (16 * k);
        }
    }
    (alnum, space)
}

/// The letter-or-digit and white-space masks of a 64-byte block.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn masks(chunk: &[u8; 64]) -> (u64, u64) {
    masks_by_table(chunk)
}

/// [`masks`] from the class table, a byte at a time: the portable path and
/// the reference the SSE2 path is tested against.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn masks_by_table(chunk: &[u8; 64]) -> (u64, u64) {
    let (mut alnum, mut space) = (0u64, 0u64);
    for (k, &b) in chunk.iter().enumerate() {
        let class = CLASS[b as usize];
        alnum |= ((class & ALNUM != 0) as u64) << k;
        space |= ((class & SPACE != 0) as u64) << k;
    }
    (alnum, space)
}

/// Splits `text` into tokens, appended to `out` (emptied first), and fills
/// `ev` (emptied first) with the events. White space other than line
/// breaks is dropped.
pub(crate) fn tokenize_into<'a>(text: &'a str, out: &mut Vec<Token<'a>>, ev: &mut Events) {
    out.clear();
    ev.clear();
    out.reserve(text.len() / 4 + 1);
    let index = lexicon::index();
    let bytes = text.as_bytes();
    let mut blocks = Blocks::new(bytes);
    let mut i = 0;
    while let Some(&first) = bytes.get(i) {
        let mut b = first;
        let mut class = CLASS[b as usize];
        if class & SPACE != 0 {
            i = blocks.skip_space(i + 1);
            let Some(&next) = bytes.get(i) else {
                break;
            };
            b = next;
            class = CLASS[b as usize];
        }
        // the common case first: a word that starts with an ASCII letter
        if class & ALPHA != 0 {
            let run = blocks.alnum_end(i + 1);
            let after = bytes.get(run).copied();
            let n = out.len() as u32;
            let t = match after {
                Some(j) if CLASS[j as usize] & JOINER != 0 => {
                    let end = word_end(text, i, b as char, run, &mut blocks);
                    ascii_word(index, bytes, i, &text[i..end], class)
                }
                // letters and digits only: no possessive or full stop to
                // take off, and lower-cased by setting a bit
                _ => Token {
                    start: i,
                    s: &text[i..run],
                    kind: Tk::Word,
                    flags: lexicon::flags_alnum(index, text, i, run - i),
                    capital: class & UPPER != 0,
                    poss: 0,
                },
            };
            // its events, without the general [`Events::note`]
            if t.capital {
                ev.caps.push(n);
            }
            if t.flags & CUE_BITS != 0 || (t.s.len() == 9 && t.s.eq_ignore_ascii_case("according"))
            {
                ev.cues.push(n);
            }
            let end = t.end();
            out.push(t);
            // the one space after a word, without a scan
            i = end + (bytes.get(end) == Some(&b' ')) as usize;
            continue;
        }
        // ASCII punctuation other than quotation marks: a token of its own
        // (what the scalar path would make of it, without decoding)
        if PLAIN_PUNCT[b as usize] {
            let t = Token {
                start: i,
                s: &text[i..i + 1],
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
            i += 1;
            continue;
        }
        i = scalar(text, i, index, &mut blocks, out, ev);
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
        while let Some((d, dl)) = char_at(text, next) {
            if !d.is_whitespace() {
                break;
            }
            next += dl;
            if d == '\n' || d == '\r' {
                end = next;
            }
        }
        kind = Tk::Break;
    } else if class & ALPHA != 0 || (b >= 0x80 && !punct && c.is_alphabetic()) {
        end = word_end(text, i, c, i + len, blocks);
        next = end;
        kind = Tk::Word;
    } else if b >= 0x80 && !punct && c.is_whitespace() {
        return end;
    } else if b.is_ascii_digit() || (b >= 0x80 && !punct && c.is_numeric()) {
        while let Some((d, dl)) = char_at(text, end) {
            let next_digit = || char_at(text, end + dl).is_some_and(|(n, _)| n.is_numeric());
            if d.is_alphanumeric() || d == '%' || ((d == '.' || d == ',') && next_digit()) {
                end += dl;
            } else {
                break;
            }
        }
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
        match bytes.get(end) {
            Some(&b) if CLASS[b as usize] & JOINER != 0 => {}
            _ => return end,
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
                    masks(&chunk),
                    masks_by_table(&chunk),
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
                assert_eq!(blocks.skip_space(from), want, "{len} {from}");
            }
        }
    }
}
