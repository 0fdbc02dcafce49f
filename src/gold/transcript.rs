//! Q&A transcript lines (GUIDELINES.md §2.1): a verbatim exchange printed
//! without quotation marks, one speaker label per line
//! (`Q. Did you tell the board?` / `A. I told them.`, or `Q: …` /
//! `Brightwater: …`). Such a line is set off from the narration by the
//! transcript layout instead of by marks, so `gold add` and `gold check`
//! accept its text as a direct span.
//!
//! A line is a transcript line when it opens with a label (`Q.`, `A.`,
//! `Q:`, `A:`, or one to four capitalised words and a colon) followed by
//! text, and the nearest non-blank line before or after it is a labelled
//! line too: an exchange has at least two turns, which keeps a single
//! headline `Name: words` or a `Photo: …` caption out.

use crate::model::Span;

/// The byte length of the speaker label that opens `line` (label, then
/// the white space after it), or `None` when the line has no label or
/// nothing after it.
///
/// ```
/// use quotebench::gold::transcript::label_len;
/// assert_eq!(label_len("Q. Did you?"), Some(3));
/// assert_eq!(label_len("Dr. Brightwater: No."), Some(17));
/// assert_eq!(label_len("He said: no."), None);
/// assert_eq!(label_len("Q."), None);
/// ```
pub fn label_len(line: &str) -> Option<usize> {
    let label = if let Some(rest) = ["Q.", "A.", "Q:", "A:"]
        .iter()
        .find_map(|l| line.strip_prefix(l))
    {
        line.len() - rest.len()
    } else {
        let colon = line.find(':')?;
        let words: Vec<&str> = line[..colon].split(' ').collect();
        let name_word = |w: &&str| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        };
        if words.is_empty() || words.len() > 4 || !words.iter().all(name_word) {
            return None;
        }
        colon + 1
    };
    let rest = &line[label..];
    let body = rest.trim_start();
    if body.is_empty() || body.len() == rest.len() {
        // `Q.` alone, or `Q.x` with no space after the label
        return None;
    }
    Some(label + rest.len() - body.len())
}

/// The lines of `text` as byte ranges, line breaks excluded.
fn lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            out.push(Span::new(start, i));
            start = i + 1;
        }
    }
    out.push(Span::new(start, text.len()));
    out
}

/// The transcript line whose text after the label is exactly `span`
/// (white space at the line's end left out), or `None`.
///
/// ```
/// use quotebench::{gold::transcript::transcript_line, model::Span};
/// let t = "From the transcript:\n\nQ. Did you know?\n\nA. No. Not then.\n";
/// assert!(transcript_line(t, Span::new(25, 38)).is_some()); // `Did you know?`
/// assert!(transcript_line(t, Span::new(43, 56)).is_some()); // `No. Not then.`
/// assert!(transcript_line(t, Span::new(43, 46)).is_none()); // `No.`: part of a line
/// assert!(transcript_line("Mayor Kell: We will rebuild\n\nThe storm hit.", Span::new(12, 27)).is_none());
/// ```
pub fn transcript_line(text: &str, span: Span) -> Option<Span> {
    let all = lines(text);
    let i = all
        .iter()
        .position(|l| l.start <= span.start && span.end <= l.end)?;
    let line = all[i];
    let body = &text[line.start..line.end];
    let label = label_len(body)?;
    let end = line.start + body.trim_end().len();
    if span.start != line.start + label || span.end != end {
        return None;
    }
    let labelled = |l: &Span| label_len(&text[l.start..l.end]).is_some();
    let blank = |l: &&Span| text[l.start..l.end].trim().is_empty();
    let before = all[..i].iter().rev().find(|l| !blank(l));
    let after = all[i + 1..].iter().find(|l| !blank(l));
    (before.is_some_and(labelled) || after.is_some_and(labelled)).then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    #[test]
    fn a_single_labelled_line_is_not_a_transcript() {
        let t = "Photo: A dog on the beach. (Staff)\n\nThe dog said nothing.\n";
        assert_eq!(
            transcript_line(t, span_of(t, "A dog on the beach. (Staff)")),
            None
        );
    }

    #[test]
    fn named_labels_and_trailing_space() {
        let t = "Q: Did you expect this?  \nBrightwater: No. We did not.\n";
        assert!(transcript_line(t, span_of(t, "Did you expect this?")).is_some());
        assert!(transcript_line(t, span_of(t, "No. We did not.")).is_some());
        assert_eq!(transcript_line(t, span_of(t, "No. We did not")), None);
    }
}
