//! Quotation marks and whether a kind fits a span (GUIDELINES.md §2, §3,
//! §6.1), for `gold add` and `gold suggest`.
//!
//! A quotation is between double marks (`"…"`, `“…”`, and the typewriter
//! `''…''` and ``` ``…'' ```) or single marks (`‘…’`, `'…'`, nested
//! quotations); an opening mark pairs with a closing mark of its own
//! family. The first paragraphs of a quotation that runs over several
//! paragraphs have no closing mark: a span that ends a paragraph, with the
//! next paragraph opening with a mark, is inside the quotation too (the
//! news convention).

use crate::model::{Kind, Span};

/// Opening quotation marks: double (straight, curly, the second backtick
/// of ``` `` ```, the second apostrophe of `''`) and single (curly,
/// straight).
pub const OPENING_MARKS: [char; 5] = ['"', '\u{201c}', '`', '\u{2018}', '\''];
/// Closing quotation marks: double (straight, curly, the last apostrophe of
/// `''`) and single (curly, straight).
pub const CLOSING_MARKS: [char; 4] = ['"', '\u{201d}', '\u{2019}', '\''];
/// Every mark, for "leave the marks out of --text".
const MARKS: [char; 7] = [
    '"', '\u{201c}', '\u{201d}', '`', '\u{2018}', '\u{2019}', '\'',
];
/// Punctuation that stays inside the closing mark (`“…,”`).
const INNER_PUNCTUATION: [char; 7] = [',', '.', ';', ':', '!', '?', '\u{2026}'];

/// True when an opening mark `open` and a closing mark `close` can be the
/// two ends of one quotation: both double or both single (`''…''` and
/// ``` ``…'' ``` end in `'`, so `'` closes either family).
fn pair(open: char, close: char) -> bool {
    match open {
        '"' | '\u{201c}' => matches!(close, '"' | '\u{201d}'),
        '`' => close == '\'',
        '\u{2018}' | '\'' => matches!(close, '\u{2019}' | '\''),
        _ => false,
    }
}

/// The characters just outside `span`, white space skipped: the one before
/// and the one after.
pub fn surroundings(text: &str, span: Span) -> (Option<char>, Option<char>) {
    let before = text[..span.start].trim_end().chars().next_back();
    let after = text[span.end..].trim_start().chars().next();
    (before, after)
}

/// True when `span` sits inside quotation marks: an opening mark before it
/// and a closing mark of the same family after it, white space between
/// allowed; or an opening mark before it and the end of its paragraph after
/// it, the next paragraph opening with a mark (a quotation over several
/// paragraphs).
///
/// ```
/// use quotebench::{gold::edit::is_quoted, model::Span};
/// let t = "“We are ready,” she said.";
/// assert!(is_quoted(t, Span::new(3, 16)));   // `We are ready,`
/// assert!(!is_quoted(t, Span::new(3, 15)));  // `We are ready`: the comma is outside
/// let t = "He said ‘no deal,’ twice. ``Not now,'' she added.";
/// assert!(is_quoted(t, Span::new(11, 19)));  // `no deal,`
/// assert!(is_quoted(t, Span::new(32, 40)));  // `Not now,`
/// let t = "“First part.\n\n“Second part.”";
/// assert!(is_quoted(t, Span::new(3, 14)));   // a paragraph of a longer quotation
/// ```
pub fn is_quoted(text: &str, span: Span) -> bool {
    let (Some(before), after) = surroundings(text, span) else {
        return false;
    };
    if !OPENING_MARKS.contains(&before) {
        return false;
    }
    match after {
        Some(c) if pair(before, c) => true,
        Some(c) if OPENING_MARKS.contains(&c) => {
            // `“…\n\n“…`: the quotation goes on in the next paragraph.
            let gap = &text[span.end..];
            let gap = &gap[..gap.len() - gap.trim_start().len()];
            gap.contains('\n')
        }
        _ => false,
    }
}

/// Why an indirect span crosses quotation marks (an opening double mark
/// without its closing one inside the span, or the other way round), or
/// `None`. Single marks are not counted: `’` and `'` are also apostrophes.
fn crossing(body: &str) -> Option<&'static str> {
    let mut open = 0usize;
    let mut straight = 0usize;
    for c in body.chars() {
        match c {
            '\u{201c}' => open += 1,
            '\u{201d}' if open == 0 => return Some("a closing `”` whose opening `“` is before it"),
            '\u{201d}' => open -= 1,
            '"' => straight += 1,
            _ => {}
        }
    }
    if open > 0 {
        return Some("an opening `“` whose closing `”` is after it");
    }
    (straight % 2 == 1).then_some("an odd number of `\"` marks")
}

/// Why `kind` does not fit `span` of `text`, with a fix, or `None` when it
/// fits. Direct and partial spans must sit inside quotation marks, marks
/// excluded and inner punctuation included; an indirect span must not be
/// exactly a quotation, nor cross one's marks (GUIDELINES.md §2, §3, §6.1).
pub fn kind_misfit(text: &str, span: Span, kind: Kind) -> Option<String> {
    let body = &text[span.start..span.end];
    let quoted = is_quoted(text, span);
    match kind {
        Kind::Indirect if quoted => Some(
            "the span is exactly a quotation (between quotation marks); label it --kind direct or --kind partial: an indirect span is a reported clause without marks (GUIDELINES.md §2, §6.1)"
                .into(),
        ),
        Kind::Indirect => crossing(body).map(|why| {
            format!(
                "an indirect span must not cross quotation marks, but this one has {why}; end it before the quotation or take the whole quotation in"
            )
        }),
        Kind::Direct | Kind::Partial if quoted => None,
        Kind::Direct | Kind::Partial => {
            if body.starts_with(MARKS) || body.ends_with(MARKS) {
                return Some(format!(
                    "a {kind} span is what lies between the quotation marks: leave the marks out of --text"
                ));
            }
            // `“…,”` given without its comma: suggest the span that fits.
            let rest = &text[span.end..];
            let punct: usize = rest
                .chars()
                .take_while(|c| INNER_PUNCTUATION.contains(c))
                .map(char::len_utf8)
                .sum();
            if punct > 0 {
                let longer = Span::new(span.start, span.end + punct);
                if is_quoted(text, longer) {
                    return Some(format!(
                        "a {kind} span keeps the punctuation inside the closing mark: use --text {:?}",
                        &text[longer.start..longer.end]
                    ));
                }
            }
            let (before, after) = surroundings(text, span);
            let show = |c: Option<char>| c.map_or("the document's edge".to_string(), |c| format!("`{c}`"));
            Some(format!(
                "a {kind} span must sit inside quotation marks (`\"…\"`, `“…”`, `‘…’`, `'…'`, `''…''` or ``` ``…'' ```, or a paragraph of a quotation that goes on in the next one), but it has {} before it and {} after it; for reported speech without marks use --kind indirect",
                show(before),
                show(after)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    #[test]
    fn gold_add_refused_single_and_typewriter_quotation_marks() {
        let t = "He said ''We will rebuild,'' and ``Not now,'' she added. \
                 ‘Good enough for the gulls,’ he told me. 'Fine,' she said.";
        for quote in [
            "We will rebuild,",
            "Not now,",
            "Good enough for the gulls,",
            "Fine,",
        ] {
            assert_eq!(
                kind_misfit(t, span_of(t, quote), Kind::Direct),
                None,
                "{quote}"
            );
        }
        // mixed families do not pair
        let t = "“Mixed,’ he said.";
        assert!(kind_misfit(t, span_of(t, "Mixed,"), Kind::Direct)
            .unwrap()
            .contains("must sit inside quotation marks"));
    }

    #[test]
    fn gold_add_refused_the_first_paragraph_of_a_multi_paragraph_quotation() {
        let t = "“We lost the harbour.\n\n“We will win it back,” she said.";
        assert_eq!(
            kind_misfit(t, span_of(t, "We lost the harbour."), Kind::Direct),
            None
        );
        // a paragraph end with no mark after it is not a quotation
        let t = "“We lost the harbour.\n\nShe left.";
        assert!(
            kind_misfit(t, span_of(t, "We lost the harbour."), Kind::Direct)
                .unwrap()
                .contains("but it has `“` before it and `S` after it")
        );
    }

    #[test]
    fn an_indirect_span_crossing_quotation_marks_was_accepted() {
        let t = "She said the plan was “dead on arrival,” and left.";
        assert_eq!(
            kind_misfit(
                t,
                span_of(t, "the plan was “dead on arrival,”"),
                Kind::Indirect
            ),
            None
        );
        assert_eq!(
            kind_misfit(t, span_of(t, "the plan was “dead on"), Kind::Indirect).unwrap(),
            "an indirect span must not cross quotation marks, but this one has an opening `“` whose closing `”` is after it; end it before the quotation or take the whole quotation in"
        );
    }
}
