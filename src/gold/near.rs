//! Where a row's cue and mention may be (GUIDELINES.md §5): near the span,
//! as whole words. `gold add` used to accept `--mention he` for any quote
//! because `he` occurs somewhere in every article (in `the`, too).
//!
//! Near means in the span's own paragraphs, the paragraph before them or
//! the paragraph after them. A paragraph that opens with a quotation mark or
//! a transcript label continues the one before it (a quotation over several
//! paragraphs, a Q&A exchange), so the window reaches back to the paragraph
//! before the first of them: a floating continuation's mention is the one
//! that carried the quotation's first paragraph.

use super::marks::OPENING_MARKS;
use super::transcript::label_len;
use crate::model::Span;

/// The paragraphs of `text` (runs of lines between blank lines), as byte
/// ranges.
pub(crate) fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (true, Some(s)) => {
                out.push(Span::new(s, pos));
                start = None;
            }
            (false, None) => start = Some(pos),
            _ => {}
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(Span::new(s, text.len()));
    }
    out
}

/// True when the paragraph continues the one before: it opens with a
/// quotation mark or a transcript label.
fn continues(text: &str, p: Span) -> bool {
    let body = text[p.start..p.end].trim_start();
    body.starts_with(OPENING_MARKS) || label_len(body).is_some()
}

/// The byte range of `text` where the cue and mention of `span` may be.
pub fn window(text: &str, span: Span) -> Span {
    let paras = paragraphs(text);
    let index = |at: usize| {
        paras
            .iter()
            .rposition(|p| p.start <= at)
            .unwrap_or_default()
    };
    if paras.is_empty() {
        return Span::new(0, text.len());
    }
    let mut lo = index(span.start);
    let hi = index(span.end.saturating_sub(1).max(span.start));
    while lo > 0 && continues(text, paras[lo]) {
        lo -= 1;
    }
    let lo = lo.saturating_sub(1);
    let hi = (hi + 1).min(paras.len() - 1);
    Span::new(paras[lo].start, paras[hi].end)
}

/// True when `word` occurs in `text[within]` as whole words: not preceded
/// or followed by a letter or digit.
pub fn occurs_within(text: &str, within: Span, word: &str) -> bool {
    if word.is_empty() {
        return true;
    }
    let hay = &text[within.start..within.end];
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let first = word.chars().next();
    let last = word.chars().next_back();
    hay.match_indices(word).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + word.len()..].chars().next();
        // A word edge is only needed where the word itself is a word there.
        (!alnum(first) || !alnum(before)) && (!alnum(last) || !alnum(after))
    })
}

/// Why `--flag value` does not fit `span`, or `None`: it must occur in the
/// document, as whole words, near the span (see [`window`]). `file` names
/// the seed in the message; `line_of` gives a byte's line.
pub fn misfit(
    text: &str,
    span: Span,
    flag: &str,
    value: &str,
    file: &str,
    line_of: impl Fn(usize) -> usize,
) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    let whole = Span::new(0, text.len());
    if !occurs_within(text, whole, value) {
        return Some(format!(
            "{flag} {value:?} does not occur in {file}{}; write it as in the text, same case (or leave it empty: GUIDELINES.md §5)",
            if text.contains(value) {
                " as a word (only inside a longer word)"
            } else {
                ""
            }
        ));
    }
    let role = if flag == "--cue" { "cue" } else { "mention" };
    let w = window(text, span);
    // The quotation's own words are never its cue or mention (`--mention
    // she` for a quote that ends `… and so does she.`).
    let before = Span::new(w.start, span.start.clamp(w.start, w.end));
    let after = Span::new(span.end.clamp(w.start, w.end), w.end);
    if occurs_within(text, before, value) || occurs_within(text, after, value) {
        return None;
    }
    if occurs_within(text, w, value) {
        return Some(format!(
            "{flag} {value:?} occurs near the span ({file}:{}) only inside the quoted words themselves; the {} is outside the span, as written (GUIDELINES.md §5)",
            line_of(span.start),
            role
        ));
    }
    Some(format!(
        "{flag} {value:?} does not occur near the span ({file}:{}-{}, the span's paragraph and the ones around it); the {} is the one nearest the quote, as written (GUIDELINES.md §5)",
        line_of(w.start),
        line_of(w.end.saturating_sub(1).max(w.start)),
        role
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    #[test]
    fn gold_add_accepted_a_mention_anywhere_in_the_document() {
        let t = "Kell said the pier would reopen.\n\nThe storm hit.\n\nThe council met.\n\nIt voted that the pier would close.\n";
        let s = span_of(t, "the pier would close");
        let m = misfit(t, s, "--mention", "Kell", "a.txt", |_| 1).unwrap();
        assert!(m.contains("does not occur near the span"), "{m}");
        // `he` is inside `the` but is no word of the text
        let m = misfit(t, s, "--mention", "he", "a.txt", |_| 1).unwrap();
        assert!(m.contains("as a word (only inside a longer word)"), "{m}");
        assert_eq!(
            misfit(t, s, "--mention", "The council", "a.txt", |_| 1),
            None
        );
    }

    #[test]
    fn gold_add_accepted_a_mention_found_only_inside_the_quote() {
        let t = "Tollemache said the county would pay, and so does she.\n\nThe vote is Tuesday.\n";
        let s = span_of(t, "the county would pay, and so does she");
        let m = misfit(t, s, "--mention", "she", "a.txt", |_| 3).unwrap();
        assert!(m.contains("only inside the quoted words"), "{m}");
        assert!(m.contains("a.txt:3"), "{m}");
        assert_eq!(
            misfit(t, s, "--mention", "Tollemache", "a.txt", |_| 1),
            None
        );
        assert_eq!(misfit(t, s, "--cue", "said", "a.txt", |_| 1), None);
    }

    #[test]
    fn a_quotation_over_paragraphs_reaches_back_to_its_first() {
        let t = "Dorn said: “One.\n\n“Two.\n\n“Three.”\n\nLater, Kell spoke.\n";
        let s = span_of(t, "Three.");
        assert_eq!(misfit(t, s, "--mention", "Dorn", "a.txt", |_| 1), None);
    }
}
