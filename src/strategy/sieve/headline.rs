//! Headline quotations lifted from the body: a quotation in the
//! headline block (`Founder: “We Ran Out of Road”`, `Sheriff: “We are
//! out of beds”`) is nearly always an excerpt of a quotation the body
//! attributes with a cue and a name. When the body repeats its words
//! (case aside: headlines are often in title case), the headline
//! quotation takes the body quotation's speaker, whatever its own
//! source phrase says (a bare role, `Nimbrel chief`, `Local 418
//! president`, names no one). A report in the headline holding such a
//! quotation (`CEO says worst “is behind us”`) takes the same speaker
//! when its own source named no one.
//!
//! The headline block is the run of short lines at the top of the text,
//! up to the first line long enough to be a paragraph of the body. Runs
//! once per document over the few quotes found in that block.
//!
//! **When it fails**: a headline quotation the body never repeats (a
//! paraphrase, `Glacier lab says … “within a decade”`) keeps its own
//! answer; a body that quotes two people with the same words gives the
//! first.

use crate::model::{Kind, Span};
use crate::strategy::extract::Found;

/// A line at least this long (in bytes) is a paragraph of the body.
const BODY_LINE: usize = 160;
/// The headline block never reaches past this byte.
const MAX_BLOCK: usize = 1200;
/// Shortest headline quotation (in bytes, edges trimmed) looked for in
/// the body: a word or two (`Ruin`) may well recur by chance.
const MIN_QUOTE: usize = 10;

/// The byte where the body begins: the start of the first line of
/// `BODY_LINE` bytes or more, at most `MAX_BLOCK`.
pub(crate) fn block_end(text: &str) -> usize {
    let head = &text.as_bytes()[..text.len().min(MAX_BLOCK)];
    let mut at = 0;
    for nl in memchr::memchr_iter(b'\n', head).chain([head.len()]) {
        // (white space at a line's edges counts: a few bytes either way)
        if nl - at >= BODY_LINE {
            return at;
        }
        at = nl + 1;
    }
    head.len()
}

/// True when `hay` holds `needle`, ASCII case ignored. Candidates are
/// found with `memchr2` by the needle's rarest letter (English letter
/// frequency), in either case, so few windows are compared.
fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    if needle.is_empty() || needle.len() > hay.len() {
        return needle.is_empty();
    }
    // letters from rarest to commonest; any other byte ranks last
    const RARE: &[u8] = b"zqxjkvbpygfwmucldrhsnioate";
    let rank = |b: u8| {
        RARE.iter()
            .position(|&r| r == b.to_ascii_lowercase())
            .unwrap_or(RARE.len())
    };
    let (k, &b) = needle
        .iter()
        .enumerate()
        .min_by_key(|&(_, &b)| rank(b))
        .unwrap_or((0, &needle[0]));
    let hi = hay.len() - needle.len() + k + 1;
    memchr::memchr2_iter(b.to_ascii_lowercase(), b.to_ascii_uppercase(), &hay[k..hi])
        .any(|i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The text of `sp` without white space and punctuation at its edges.
fn core(text: &str, sp: Span) -> &str {
    text.get(sp.start..sp.end)
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
}

/// The speaker of the first body quotation (after byte `end`) holding
/// the words of `sp`, if one was answered.
pub(crate) fn body_speaker(
    text: &str,
    sp: Span,
    end: usize,
    found: &[Found],
    speakers: &[Option<String>],
) -> Option<String> {
    let q = core(text, sp);
    if q.len() < MIN_QUOTE || sp.start >= end {
        return None;
    }
    let from = found.partition_point(|f| f.span.start < end);
    found[from..]
        .iter()
        .zip(&speakers[from..])
        .filter(|(f, s)| f.kind != Kind::Indirect && f.span.len() >= q.len() && s.is_some())
        .find(|(f, _)| {
            text.get(f.span.start..f.span.end)
                .is_some_and(|b| contains_ci(b.as_bytes(), q.as_bytes()))
        })
        .and_then(|(_, s)| s.clone())
}

/// Gives each quotation of the headline block the speaker of the body
/// quotation that repeats it, and a headline report with no answer the
/// speaker of a quotation inside it so answered.
pub(crate) fn lift(text: &str, found: &[Found], speakers: &mut [Option<String>]) {
    let end = block_end(text);
    let n = found.partition_point(|f| f.span.start < end);
    if n == 0 {
        return;
    }
    for i in 0..n {
        if found[i].kind == Kind::Indirect {
            continue;
        }
        if let Some(s) = body_speaker(text, found[i].span, end, found, speakers) {
            speakers[i] = Some(s);
            if let Some(p) = found[i].parent.filter(|&p| speakers[p].is_none()) {
                speakers[p] = speakers[i].clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::{Sieve, Strategy};

    fn who(text: &str) -> Vec<Option<String>> {
        Sieve.extract(text).into_iter().map(|p| p.speaker).collect()
    }

    #[test]
    fn a_case_blind_search() {
        assert!(contains_ci(
            b"we ran out of road, he said",
            b"We Ran Out of Road"
        ));
        assert!(contains_ci(b"xWe", b"we"));
        assert!(!contains_ci(b"we ran out", b"We Ran Out of Road"));
        assert!(!contains_ci(b"a wee", b"web"));
    }

    #[test]
    fn the_block_ends_at_the_first_paragraph() {
        let body = "x".repeat(BODY_LINE);
        let text = format!("Head: “Hi there”\n\nBy Ann Lee\n\n{body}\n");
        assert_eq!(block_end(&text), text.find('x').unwrap());
        assert_eq!(block_end("short"), 5);
        assert_eq!(block_end(&"y".repeat(2 * MAX_BLOCK)), 0);
    }

    #[test]
    fn a_headline_quotation_repeated_in_the_body_takes_its_speaker() {
        let lede = "WEXHAM — The festival called off its closing concert on Saturday, hours before the gates were due to open, after its insurer withdrew cover for the outdoor stage, the board said.";
        let text = format!("Festival Cancels Final Night; Founder: \"We Ran Out of Road\"\n\nBy Colette Ng\n\n{lede}\n\n\"We ran out of road,\" said Marcus Reyes, the festival's founder.\n");
        let got = who(&text);
        assert_eq!(
            got.first(),
            Some(&Some("Marcus Reyes".to_string())),
            "{got:?}"
        );
    }

    #[test]
    fn a_quotation_not_repeated_keeps_its_answer() {
        let lede = "WEXHAM — The festival called off its closing concert on Saturday, hours before the gates were due to open, after its insurer withdrew cover for the outdoor stage, the board said.";
        let text = format!("Founder: \"We Ran Out of Road\"\n\n{lede}\n\n\"We sold every seat,\" said Marcus Reyes, the festival's founder.\n");
        let got = who(&text);
        assert_ne!(
            got.first(),
            Some(&Some("Marcus Reyes".to_string())),
            "{got:?}"
        );
    }
}
