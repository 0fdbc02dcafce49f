//! The token-stream floor for the benches (`floor/token-stream-lookup` in
//! `benches/throughput.rs`): what any strategy that looks at every word
//! must at least do. Not used by any strategy.
//!
//! It classifies bytes with the tokenizer's table ([`super::CLASS`]),
//! finds runs of letters and digits with the tokenizer's 64-byte bitmask
//! scan ([`Blocks`]), joins them across `'`, `-` and `.`
//! when a letter or digit follows, builds one token vector per document
//! and looks every word up in the lexicon index once (the tokenizer's
//! in-place look-ups, [`lexicon::flags_alnum`] for a word of letters and
//! digits only, [`lexicon::flags_at`] for the rest). It leaves out everything the
//! tokenizer does beyond that: decoding characters outside ASCII (each is
//! a token of its own here), abbreviations, possessives, quotation marks,
//! numbers with separators. So it is a lower bound for the tokenizer, not
//! a copy of it.

use super::tokenize::Blocks;
use super::{lexicon, ALNUM, ALPHA, CLASS, JOINER, SPACE};

/// A token of the floor: where it is, what it is and its lexicon bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloorToken {
    /// First byte.
    pub start: u32,
    /// Length in bytes.
    pub len: u32,
    /// The lexicon bits of a word, 0 for anything else.
    pub flags: u32,
    /// 0 a word, 1 a number, 2 a line break, 3 any other character.
    pub kind: u8,
}

/// The floor's token stream of `text`, every word looked up once.
pub fn token_floor(text: &str) -> Vec<FloorToken> {
    let bytes = text.as_bytes();
    let index = lexicon::index();
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let mut blocks = Blocks::new(bytes);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let class = CLASS[b as usize];
        if class & SPACE != 0 {
            i += 1;
            continue;
        }
        // a word of letters and digits only: the tokenizer's cheaper look-up
        let mut alnum_only = false;
        let (end, kind) = if class & ALNUM != 0 {
            let mut end = blocks.alnum_end(i + 1);
            if class & ALPHA != 0 {
                alnum_only = true;
                // `'`, `-` or `.` between letters or digits joins them
                while end + 1 < bytes.len()
                    && CLASS[bytes[end] as usize] & JOINER != 0
                    && bytes[end] < 0x80
                    && CLASS[bytes[end + 1] as usize] & ALNUM != 0
                {
                    alnum_only = false;
                    end = blocks.alnum_end(end + 1);
                }
                (end, 0)
            } else {
                (end, 1)
            }
        } else if b == b'\n' || b == b'\r' {
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'\n' | b'\r') {
                end += 1;
            }
            (end, 2)
        } else {
            // one character: its length from the lead byte
            let len = match b {
                0..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            ((i + len).min(bytes.len()), 3)
        };
        let flags = if alnum_only {
            lexicon::flags_alnum(index, text, i, end - i)
        } else if kind == 0 {
            // `end` is after an ASCII byte: a character boundary
            lexicon::flags_at(index, bytes, i, &text[i..end])
        } else {
            0
        };
        out.push(FloorToken {
            start: i as u32,
            len: (end - i) as u32,
            flags,
            kind,
        });
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_numbers_breaks_and_other_characters() {
        let text = "Obama’s aide said: “U.S. well-known 42,\r\n\nok.”";
        let toks: Vec<(&str, u8)> = token_floor(text)
            .iter()
            .map(|t| {
                let s = t.start as usize;
                (&text[s..s + t.len as usize], t.kind)
            })
            .collect();
        assert_eq!(
            toks,
            [
                ("Obama", 0),
                ("’", 3),
                ("s", 0),
                ("aide", 0),
                ("said", 0),
                (":", 3),
                ("“", 3),
                ("U.S", 0),
                (".", 3),
                ("well-known", 0),
                ("42", 1),
                (",", 3),
                ("\r\n\n", 2),
                ("ok", 0),
                (".", 3),
                ("”", 3),
            ]
        );
    }

    #[test]
    fn words_get_the_tokenizers_lexicon_bits() {
        let text = "Officials SAID the spokesman";
        let floor = token_floor(text);
        let toks = super::super::Doc::new(text).toks.clone();
        assert_eq!(floor.len(), toks.len());
        for (f, t) in floor.iter().zip(&toks) {
            assert_eq!(f.flags, t.flags, "{}", t.s);
        }
        assert_ne!(floor[1].flags, 0, "`said` is a cue verb");
    }
}
