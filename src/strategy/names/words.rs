//! Byte-class helpers for the name finder's word tests: one table
//! look-up a byte, characters decoded only outside ASCII.

/// Byte classes for the word tests below: one table look-up a byte.
pub(super) const DIGIT: u8 = 1;
pub(super) const HYPHEN: u8 = 2;
pub(super) const HIGH: u8 = 4;
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
pub(super) fn classes(w: &str) -> u8 {
    w.as_bytes()
        .iter()
        .fold(0, |acc, &b| acc | CLASS[b as usize])
}

/// True when `w` holds `-` or `‐`.
pub(super) fn has_hyphen(w: &str) -> bool {
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

/// The first word of `s` split at white space
/// (`s.split_whitespace().next()`, or `""`), without decoding ASCII text.
pub(super) fn first_word(s: &str) -> &str {
    if classes(s) & HIGH != 0 {
        return s.split_whitespace().next().unwrap_or("");
    }
    let b = s.as_bytes();
    let Some(a) = b.iter().position(|&x| CLASS[x as usize] & SPACE == 0) else {
        return "";
    };
    let e = b[a..]
        .iter()
        .position(|&x| CLASS[x as usize] & SPACE != 0)
        .map_or(b.len(), |k| a + k);
    // ASCII: every position is a character boundary
    &s[a..e]
}

/// True when `w` holds a numeric character.
pub(super) fn has_numeric(w: &str) -> bool {
    // characters are decoded only outside ASCII
    let c = classes(w);
    c & DIGIT != 0 || (c & HIGH != 0 && w.chars().any(char::is_numeric))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_word_and_count_words_agree_with_split_whitespace() {
        for s in [
            "",
            " ",
            "Ann",
            "Ann Lee",
            "  Ann\tLee ",
            "\u{b}Ann\u{c}Lee",
            "\r\nAnn",
            "Ann\u{a0}Lee",
            "\u{2009}Élan Ünal",
            "x\u{1c}y",
        ] {
            assert_eq!(
                first_word(s),
                s.split_whitespace().next().unwrap_or(""),
                "{s:?}"
            );
            assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
        }
    }
}
