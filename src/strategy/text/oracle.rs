//! The test oracle: the tokenizer, quotation pairing and sentence
//! splitting as they were before the event lists and bitmasks (a byte at
//! a time, every token visited), kept verbatim so that property tests can
//! check that the fast versions give the same tokens, events, quotations
//! and sentences on any text.

use super::super::lexicon::{self, is};
use super::{
    alnum_run, char_at, char_before, is_apostrophe, is_common_punct, is_hyphen, strip_possessive,
    trim_dots, Quote, Tk, Token, ALNUM, ALPHA, CLASS, JOINER, SPACE, UPPER,
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

#[cfg(test)]
mod tests {
    use super::super::tokenize::{tokenize_into, Events, CUE_BITS};
    use super::super::{pair_quotes as fast_pairs, sentences as fast_sentences};
    use super::*;
    use proptest::prelude::*;

    /// A token as a comparable tuple.
    fn key<'a>(t: &Token<'a>) -> (usize, &'a str, Tk, u32, bool, u8) {
        (t.start, t.s, t.kind, t.flags, t.capital, t.poss)
    }

    /// The event lists, derived from tokens by filtering.
    fn events_of(toks: &[Token]) -> [Vec<u32>; 5] {
        let pick = |f: &dyn Fn(&Token) -> bool| -> Vec<u32> {
            (0..toks.len())
                .filter(|&i| f(&toks[i]))
                .map(|i| i as u32)
                .collect()
        };
        [
            pick(&|t| t.cap()),
            pick(&|t| {
                t.kind == Tk::Word
                    && (t.flags & CUE_BITS != 0 || t.s.eq_ignore_ascii_case("according"))
            }),
            pick(&|t| matches!(t.kind, Tk::Open | Tk::Close | Tk::Break)),
            pick(&|t| {
                t.kind == Tk::Break || (t.kind == Tk::Punct && matches!(t.s, "." | "!" | "?" | "…"))
            }),
            pick(&|t| t.is_punct(',')),
        ]
    }

    /// Checks the fast tokenizer, its events, quotation pairing and
    /// sentences against the oracle on `text`.
    fn same(text: &str) {
        let want = tokenize(text);
        let mut got = Vec::new();
        let mut ev = Events::default();
        tokenize_into(text, &mut got, &mut ev);
        let w: Vec<_> = want.iter().map(key).collect();
        let g: Vec<_> = got.iter().map(key).collect();
        assert_eq!(g, w, "tokens of {text:?}");
        let [caps, cues, marks, stops, commas] = events_of(&want);
        assert_eq!(ev.caps, caps, "caps of {text:?}");
        assert_eq!(ev.cues, cues, "cues of {text:?}");
        assert_eq!(ev.marks, marks, "marks of {text:?}");
        assert_eq!(ev.stops, stops, "stops of {text:?}");
        assert_eq!(ev.commas, commas, "commas of {text:?}");
        let (wq, wi) = pair_quotes(&want);
        let (mut gq, mut gi) = (Vec::new(), Vec::new());
        fast_pairs(&got, &ev.marks, &mut gq, &mut gi);
        let qk = |q: &Quote| (q.open, q.close, q.start, q.end, q.last);
        assert_eq!(
            gq.iter().map(qk).collect::<Vec<_>>(),
            wq.iter().map(qk).collect::<Vec<_>>(),
            "quotes of {text:?}"
        );
        assert_eq!(gi, wi, "inside of {text:?}");
        let mut gs = Vec::new();
        fast_sentences(&got, &ev.stops, &gi, &mut gs);
        let ws = sentences(&want, &wi);
        assert_eq!(gs, ws, "sentences of {text:?}");
        // the document's per-token tables, as they were filled before
        let doc = super::super::Doc::new(text);
        let mut sent_of = vec![0u32; want.len()];
        for (si, &(a, b)) in ws.iter().enumerate() {
            sent_of[a..b].fill(si as u32);
        }
        assert_eq!(doc.sent_of, sent_of, "sent_of of {text:?}");
        assert_eq!(doc.inside, wi, "inside of the document {text:?}");
        assert_eq!(doc.sents, ws, "sentences of the document {text:?}");
    }

    #[test]
    fn the_fast_tokenizer_agrees_on_the_seed_and_training_texts() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut n = 0;
        for dir in ["seeds", "dev/train/seeds"] {
            for f in std::fs::read_dir(root.join(dir)).expect("a corpus folder") {
                let path = f.expect("a folder entry").path();
                if path.extension().is_some_and(|e| e == "txt") {
                    same(&std::fs::read_to_string(&path).expect("a text"));
                    n += 1;
                }
            }
        }
        assert!(n >= 10, "{n} texts");
    }

    #[test]
    fn the_fast_path_agrees_on_examples() {
        for t in [
            "",
            " ",
            "a",
            "“Now, let’s talk.” Putin tells Ukraine\nMayor Tom Lind spoke.",
            "“We’re ready,” the U.S. envoy said. \"Yes.\"",
            "Coach Ann Lee: ''We Won'' Ann Lee said ``it was close,'' and the Owls'' fans cheered.",
            "The Owls' coach said 'no'. forces’ Mr. Smith’s U.K.-based e.g. 3.5% 1,000",
            "“First part.\n“Second part,” he said.\r\n\r\n  \u{a0}Next…",
            "ACCORDING to Him, Según élan Ünal İstanbul ǅemal \u{2009}x\u{3000}y",
            // a word after a run of spaces (the abbreviation test looks at
            // its first letter), and punctuation after one
            "Said  Mr. Lee,  Mrs. Ann  U.S. x  , y  . Z  \"q\"  'r'  ``s''",
            // a full stop after a word: before a letter, a letter
            // outside ASCII, a quotation mark, a digit, the end
            "Mr.Lee Dr.é Gov. Sen.\"x\" A. B.5 Mrs.” jr. MR. mr.\nSt.",
            "Ann Lee said so.",
            "Dr.",
        ] {
            same(t);
        }
        // every length around the block boundaries
        let unit = "Ann Lee said “it’s over,” according to the U.S. office… ";
        let long = unit.repeat(6);
        for n in 0..long.len() {
            if long.is_char_boundary(n) {
                same(&long[..n]);
                same(&long[n..]);
            }
        }
    }

    /// Pieces of text drawn with weights: ASCII letters and words,
    /// digits, apostrophes, hyphens, periods, curly and straight quotes,
    /// the other characters of U+2000–U+203F, letters outside ASCII,
    /// no-break and other Unicode spaces, `\r\n`.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => "[a-z]{1,7}",
            4 => "[A-Z][a-z]{0,6}",
            2 => "[A-Z]{1,4}",
            2 => "[0-9]{1,4}",
            6 => Just(" ".to_string()),
            2 => prop::sample::select(vec![
                "said", "Said", "told", "that", "according", "ACCORDING", "to", "the",
                "he", "she", "Mr", "U", "S", "e", "g", "spokesman", "Officials", "Mrs.", "  Dr.",
            ]).prop_map(str::to_string),
            5 => prop::sample::select(vec![
                "'", "-", ".", ",", "’", "‘", "“", "”", "\"", "``", "''", "…", "—",
                "–", "‐", "‑", "ʼ", "%", "&", "(", ")", ":", "!", "?", "/", "[",
            ]).prop_map(str::to_string),
            // the rest of `E2 80 xx` (U+2000–U+203F), beside the marks
            // the tokenizer's typographic fast path takes: spaces, other
            // dashes, quotation marks and punctuation, left to the scalar
            // path
            2 => prop::sample::select(vec![
                "„", "‟", "‚", "‛", "‒", "―", "•", "†", "‰", "‹", "›", "‼", "‿",
                "\u{2000}", "\u{200a}", "\u{200b}", "\u{200d}", "\u{2028}", "\u{2029}",
                "\u{202f}", "\u{203f}",
            ]).prop_map(str::to_string),
            2 => prop::sample::select(vec![
                "é", "Ü", "ß", "İ", "\u{212A}", "Σ", "ǅ", "ж", "Ж", "Й", "中", "٣", "²", "🙂",
            ]).prop_map(str::to_string),
            2 => prop::sample::select(vec![
                "\u{a0}", "\u{2009}", "\u{3000}", "\u{202f}", "\t", "\u{b}", "\u{c}",
            ]).prop_map(str::to_string),
            2 => prop::sample::select(vec!["\n", "\r\n", "\n\n", "\r", "\n \n"])
                .prop_map(str::to_string),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_fast_tokenizer_agrees_with_the_oracle(
            pieces in prop::collection::vec(piece(), 0..120),
            pad in 0usize..70,
        ) {
            // a prefix of letters shifts the pieces across block boundaries
            let text = "x".repeat(pad) + &pieces.concat();
            same(&text);
        }

        #[test]
        fn the_fast_tokenizer_agrees_on_any_text(text in "\\PC{0,300}") {
            same(&text);
        }
    }
}
