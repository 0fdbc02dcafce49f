//! The checks of quotes.csv: each row's document, offsets, span text,
//! kind, speaker and order, and the kind against the marks around the span.

use super::{records, Diagnostic, Severity, Sink};
use crate::gold::crlf::Crlf;
use crate::gold::QUOTES_HEADER;
use crate::model::{Document, GoldQuote, Kind, MentionType, Span, Speaker};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The speakers and the documents that rows of quotes.csv name.
type Named = (BTreeSet<String>, BTreeSet<String>);

pub(super) fn check_quotes(
    path: &Path,
    bytes: &[u8],
    docs: &BTreeMap<String, Document>,
    bad_docs: &BTreeSet<String>,
    speakers: Option<&BTreeMap<String, (u64, Speaker)>>,
    crlf: &mut Crlf,
    sink: &mut Sink,
) -> (Vec<GoldQuote>, Option<Named>) {
    let mut quotes = Vec::new();
    let mut named = BTreeSet::new();
    let mut labelled = BTreeSet::new();
    let Some(rows) = records(path, bytes, &QUOTES_HEADER, sink) else {
        return (quotes, None);
    };
    let mut seen: BTreeMap<(String, usize, usize), u64> = BTreeMap::new();
    let mut previous: Option<(String, usize, usize)> = None;
    for (line, f) in rows {
        let [doc, start, end, kind, speaker, cue, mention, text] = &f[..] else {
            continue;
        };
        named.insert(speaker.clone());
        labelled.insert(doc.clone());
        let mut ok = true;
        let document = match docs.get(doc.as_str()) {
            Some(d) => Some(d),
            None => {
                if !bad_docs.contains(doc.as_str()) {
                    sink.error(
                        path,
                        line,
                        "unknown-doc",
                        format!("document `{doc}` is not among the seeds"),
                    );
                }
                ok = false;
                None
            }
        };
        let mut offset = |name: &str, value: &str| match parse_offset(value) {
            Some(v) => Some(v),
            None => {
                sink.error(
                    path,
                    line,
                    "bad-offset",
                    format!("{name} `{value}` is not a non-negative integer written in digits (no sign, no leading zero)"),
                );
                None
            }
        };
        let (start, end) = (offset("start", start), offset("end", end));
        let span = match (start, end) {
            (Some(s), Some(e)) => Some(Span::new(s, e)),
            _ => {
                ok = false;
                None
            }
        };
        if let (Some(span), Some(document)) = (span, document) {
            match span_problem(doc, &document.text, span, text) {
                None => crlf.matched(doc),
                Some((id, message)) => {
                    let d = Diagnostic {
                        file: path.to_path_buf(),
                        line: Some(line),
                        id,
                        severity: Severity::Error,
                        message,
                    };
                    if !crlf.hold(doc, &document.text, span, text, &d) {
                        sink.diagnostics.push(d);
                    }
                    ok = false;
                }
            }
        }
        let kind = match kind.parse::<Kind>() {
            Ok(k) => Some(k),
            Err(message) => {
                sink.error(path, line, "unknown-kind", message);
                ok = false;
                None
            }
        };
        // An empty speaker column: the speaker is unknown (a source mention
        // the corpus did not link to an entity). The row counts for span
        // metrics and is left out of speaker scoring.
        let unlinked = Speaker {
            id: String::new(),
            name: String::new(),
            aliases: Vec::new(),
        };
        let entity = match speakers.map(|s| s.get(speaker.as_str())) {
            Some(Some((_, s))) => Some(s),
            Some(None) if speaker.is_empty() => {
                if mention.trim().is_empty() {
                    sink.push(
                        path,
                        Some(line),
                        "unlinked-no-mention",
                        Severity::Warning,
                        "the speaker is unknown (empty `speaker`) and the `mention` is empty too: the row is scored for spans only, and nothing records who spoke".into(),
                    );
                }
                Some(&unlinked)
            }
            // speakers.csv is unreadable: its own error says so, once
            None => {
                ok = false;
                None
            }
            Some(None) => {
                sink.error(
                    path,
                    line,
                    "unknown-speaker",
                    format!("speaker `{speaker}` is not in speakers.csv"),
                );
                ok = false;
                None
            }
        };
        if let Some(span) = span {
            let key = (doc.clone(), span.start, span.end);
            if let Some(first) = seen.get(&key) {
                sink.error(
                    path,
                    line,
                    "duplicate-row",
                    format!("span {span} of `{doc}` is already labelled at line {first}"),
                );
                ok = false;
            } else {
                seen.insert(key.clone(), line);
            }
            if previous.as_ref().is_some_and(|p| *p > key) {
                sink.error(
                    path,
                    line,
                    "unsorted",
                    format!(
                        "rows must be sorted by doc, start, end: ({doc}, {}, {}) comes after ({}, {}, {})",
                        span.start,
                        span.end,
                        previous.as_ref().map_or("", |p| p.0.as_str()),
                        previous.as_ref().map_or(0, |p| p.1),
                        previous.as_ref().map_or(0, |p| p.2)
                    ),
                );
            }
            previous = Some(key);
        }
        if let (true, Some(span), Some(kind), Some(document)) = (ok, span, kind, document) {
            kind_marks(path, line, document, span, kind, sink);
        }
        if let (true, Some(span), Some(kind), Some(entity)) = (ok, span, kind, entity) {
            quotes.push(GoldQuote {
                doc: doc.clone(),
                span,
                kind,
                speaker: speaker.clone(),
                cue: cue.clone(),
                mention: mention.clone(),
                mention_type: MentionType::classify(mention, entity),
                line,
            });
        }
    }
    quotes.sort_by(|a, b| (&a.doc, a.span).cmp(&(&b.doc, b.span)));
    (quotes, Some((named, labelled)))
}

/// A byte offset as `gold add` writes it: ASCII digits, no sign and no
/// leading zero (`usize::from_str` would take `+2415`).
pub fn parse_offset(value: &str) -> Option<usize> {
    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    let canonical = value == "0" || !value.starts_with('0');
    if digits && canonical {
        value.parse().ok()
    } else {
        None
    }
}

/// What is wrong with a row's span in its document, if anything: the
/// diagnostic id and message.
fn span_problem(doc: &str, text: &str, span: Span, column: &str) -> Option<(&'static str, String)> {
    let len = text.len();
    if span.start > span.end || span.end > len {
        return Some((
            "offset-out-of-range",
            format!("span {span} is not within `{doc}` (0..{len})"),
        ));
    }
    if span.is_empty() {
        return Some(("empty-span", format!("span {span} is empty")));
    }
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return Some((
            "not-char-boundary",
            format!("span {span} cuts a character of `{doc}` in two"),
        ));
    }
    let actual = &text[span.start..span.end];
    if actual == column {
        return None;
    }
    Some(("span-text-mismatch", mismatch(doc, span, actual, column)))
}

/// A span-text mismatch, shown around the first character that differs
/// (two long texts cut at the same length would look the same).
fn mismatch(doc: &str, span: Span, actual: &str, column: &str) -> String {
    let at = actual
        .char_indices()
        .zip(column.chars())
        .find(|((_, a), c)| a != c)
        .map_or_else(|| actual.len().min(column.len()), |((i, _), _)| i);
    // up to 20 characters of context before the difference
    let from = actual[..at]
        .char_indices()
        .rev()
        .nth(19)
        .map_or(0, |(i, _)| i);
    let show = |t: &str| {
        let prefix = if from > 0 { "…" } else { "" };
        format!("{prefix}{}", clip(t.get(from..).unwrap_or("")))
    };
    format!(
        "bytes {span} of `{doc}` are {:?}, but the text column is {:?} (they differ from character {} of the span)",
        show(actual),
        show(column),
        actual[..at].chars().count() + 1
    )
}

/// At most 60 characters of a text, for messages.
fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// `kind-marks`: a row whose kind does not fit the marks around its span
/// (the rule `gold add` applies, [`crate::gold::marks::kind_misfit`]): a direct
/// or partial span not set off by quotation marks (or, direct only, not a
/// whole Q&A transcript line), an indirect span that is exactly a
/// quotation or crosses a quotation's marks. Catches a kind column edited
/// by hand.
fn kind_marks(
    path: &Path,
    line: u64,
    document: &Document,
    span: Span,
    kind: Kind,
    sink: &mut Sink,
) {
    if let Some(why) = crate::gold::marks::kind_misfit(&document.text, span, kind) {
        sink.error(
            path,
            line,
            "kind-marks",
            format!("{kind} row, bytes {span} of `{}`: {why}", document.id),
        );
    }
}
