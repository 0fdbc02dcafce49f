//! The shared first pass over a document: tokens borrowed from the text,
//! quotation marks paired into quotations, and sentences. One linear scan
//! each; nothing here allocates per token beyond the token vector.
//!
//! Not a linguistic tokenizer: it knows words, numbers, punctuation, line
//! breaks and quotation marks, which is what the attribution rules need.

use super::lexicon::{self, is};

#[doc(hidden)]
pub mod floor;

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
    pub fn base(&self) -> &'a str {
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
const ALNUM: u8 = 1;
/// Upper-case ASCII letter.
const UPPER: u8 = 2;
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

/// Splits `text` into tokens. Linear; white space other than line breaks
/// is dropped. One pass over the bytes: ASCII is classified by a table,
/// other characters are decoded where they occur.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let index = lexicon::index();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let class = CLASS[b as usize];
        // the common case first: white space between tokens
        if class & SPACE != 0 {
            i += 1;
            continue;
        }
        // the next most common case: a word that starts with an ASCII letter
        if class & ALPHA != 0 {
            let end = word_end(text, i, b as char);
            let s = &text[i..end];
            // most words end in a letter or digit other than s: no
            // possessive and no full stop to take off
            let last = bytes[end - 1];
            let (base, key) = if CLASS[last as usize] & ALNUM != 0 && last | 0x20 != b's' {
                (s, s)
            } else {
                let base = strip_possessive(s);
                (base, trim_dots(base))
            };
            out.push(Token {
                start: i,
                s,
                kind: Tk::Word,
                flags: lexicon::flags_at(index, bytes, i, key),
                capital: class & UPPER != 0,
                // at most 4 (`’s`): see the field
                poss: (s.len() - base.len()) as u8,
            });
            // the white space after a word, without another turn of the loop
            i = if bytes.get(end) == Some(&b' ') {
                end + 1
            } else {
                end
            };
            continue;
        }
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
            end = word_end(text, i, c);
            next = end;
            kind = Tk::Word;
        } else if b >= 0x80 && !punct && c.is_whitespace() {
            i = end;
            continue;
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
        out.push(Token {
            start: i,
            s,
            kind,
            flags,
            capital,
            poss,
        });
        i = next;
    }
    out
}

/// The end of the run of ASCII letters and digits from byte `from`.
/// Eight bytes at a time where eight remain (no branch per byte: word
/// lengths are unpredictable), then byte by byte.
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
const TOP: u64 = 0x8080_8080_8080_8080;
/// `b` in every byte of a `u64`.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// For each byte of `x`, the top bit set when the byte is an ASCII letter
/// or digit. Every comparison is an addition that cannot carry into the
/// next byte, because it is done on the low seven bits only.
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

/// The end of the word starting at byte `i` with the letter `c`: letters
/// and digits, joined by an apostrophe, a hyphen or (abbreviations such
/// as U.S.) a dot between single letters.
#[inline]
fn word_end(text: &str, i: usize, c: char) -> usize {
    let bytes = text.as_bytes();
    let mut end = i + c.len_utf8();
    loop {
        end = alnum_run(bytes, end);
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

/// Pairs quotation marks. A quotation left open at a line break continues
/// when the next paragraph reopens with a mark (multi-paragraph quotes);
/// otherwise it ends at the break. A stray closing mark is ignored.
/// Returns the quotations and, for each token, the quotation it is inside.
pub(crate) fn pair_quotes(toks: &[Token]) -> (Vec<Quote>, Vec<u32>) {
    let mut quotes = Vec::new();
    let mut inside = vec![u32::MAX; toks.len()];
    let mut open: Option<usize> = None;
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
    while i < toks.len() {
        match toks[i].kind {
            Tk::Open => {
                if let Some(o) = open {
                    // unbalanced: the previous quotation ends here
                    finish(&mut quotes, o, None, i);
                }
                open = Some(i);
            }
            Tk::Close => {
                if let Some(o) = open.take() {
                    finish(&mut quotes, o, Some(i), i);
                }
            }
            Tk::Break => {
                if let Some(o) = open {
                    let reopens = toks.get(i + 1).is_some_and(|t| t.kind == Tk::Open);
                    if reopens {
                        i += 2;
                        continue;
                    }
                    finish(&mut quotes, o, None, i);
                    open = None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(o) = open {
        finish(&mut quotes, o, None, toks.len());
    }
    for (qi, q) in quotes.iter().enumerate() {
        let stop = q.close.unwrap_or(q.last);
        for slot in &mut inside[q.open + 1..stop.max(q.open + 1)] {
            *slot = qi as u32;
        }
    }
    (quotes, inside)
}

/// Sentences as token ranges `[start, end)`. A sentence ends at a line
/// break, or after `.`, `!` or `?` (and any closing marks) when the next
/// token starts a sentence, but never inside a quotation unless the
/// quotation closes right after the full stop.
pub(crate) fn sentences(toks: &[Token], inside: &[u32]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.kind == Tk::Break {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
            i += 1;
            continue;
        }
        let ends = t.kind == Tk::Punct && matches!(t.s, "." | "!" | "?" | "…");
        if ends && inside[i] == u32::MAX {
            let prev_abbrev = i > 0
                && toks[i - 1].word()
                && t.s == "."
                && (is(lexicon::ABBREVIATIONS, toks[i - 1].s)
                    || (toks[i - 1].s.chars().count() == 1 && toks[i - 1].cap()));
            let mut j = i + 1;
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
                continue;
            }
        } else if ends && inside[i] != u32::MAX {
            // “… talks.” Putin said: the sentence ends after the closing mark
            let mut j = i + 1;
            if toks.get(j).is_some_and(|c| c.kind == Tk::Close) {
                j += 1;
                let next_starts = toks
                    .get(j)
                    .is_none_or(|n| n.cap() || matches!(n.kind, Tk::Open | Tk::Break));
                if next_starts {
                    out.push((start, j));
                    start = j;
                    i = j;
                    continue;
                }
            }
        }
        i += 1;
    }
    if start < toks.len() {
        out.push((start, toks.len()));
    }
    out
}

/// A tokenized document with its quotations and sentences.
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
    /// For each sentence, whether it looks like a title-case headline.
    titled: Vec<bool>,
}

impl<'a> Doc<'a> {
    /// Tokenizes and segments `text`.
    pub fn new(text: &'a str) -> Self {
        let toks = tokenize(text);
        let (quotes, inside) = pair_quotes(&toks);
        let sents = sentences(&toks, &inside);
        let mut sent_of = vec![0u32; toks.len()];
        for (si, &(a, b)) in sents.iter().enumerate() {
            for s in &mut sent_of[a..b] {
                *s = si as u32;
            }
        }
        let titled = sents
            .iter()
            .map(|&(a, b)| title_case(&toks[a..b]))
            .collect();
        Doc {
            text,
            toks,
            quotes,
            inside,
            sents,
            sent_of,
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
        self.titled.get(s).copied().unwrap_or(false)
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
    fn possessives() {
        assert_eq!(strip_possessive("Ukraine’s"), "Ukraine");
        assert_eq!(strip_possessive("Putin's"), "Putin");
        assert_eq!(strip_possessive("it's"), "it");
        assert_eq!(strip_possessive("s"), "s");
    }
}
