//! The document messages of the protocol: what quotebench writes (one line
//! per document) and the checks on what the plugin writes back (one answer
//! per document). The hellos are in `plugin/hello.rs`. Pure functions of a
//! line and what was sent, so that [`parse_answer`] can be called (and
//! fuzzed) without a process.

use super::ground::{Grounder, Locator, Ungrounded};
use super::{quote_id, Failure, Input, MAX_NAME};
use crate::jsonl::{self, LineError, Object};
use crate::model::{Kind, Prediction, Span};
use crate::score::{DocPredictions, Task};
use serde_json::Value;

/// One document's checked answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The predictions: attribution answers in quote order, or the quotes
    /// found (those given by their words included once grounded).
    pub predictions: DocPredictions,
    /// `Some(reason)` when the plugin skipped the document
    /// (`"status":"skipped"`): its predictions are then empty.
    pub skipped: Option<String>,
    /// End-to-end, protocol 2: every prediction given by its words
    /// (`"quote"`), grounded or not.
    pub by_text: Vec<TextQuote>,
}

/// A quote a plugin gave by its words.
#[derive(Debug, Clone, PartialEq)]
pub struct TextQuote {
    /// The words as given.
    pub quote: String,
    /// Its speaker.
    pub speaker: Option<String>,
    /// Its kind.
    pub kind: Option<Kind>,
    /// Where it is in the text, or why it could not be placed.
    pub span: Result<Span, Ungrounded>,
}

/// One document message, fields in protocol order.
#[derive(serde::Serialize)]
struct DocumentMessage<'a> {
    r#type: &'static str,
    task: &'a str,
    doc: &'a str,
    text: &'a str,
    quotes: Vec<QuoteRef>,
}

#[derive(serde::Serialize)]
struct QuoteRef {
    id: String,
    start: usize,
    end: usize,
}

/// The line quotebench sends for one document.
pub(crate) fn document_message(task: Task, d: &Input<'_>) -> String {
    let message = DocumentMessage {
        r#type: "document",
        task: task.as_str(),
        doc: d.doc,
        text: d.text,
        quotes: d
            .spans
            .iter()
            .enumerate()
            .map(|(i, s)| QuoteRef {
                id: quote_id(i),
                start: s.start,
                end: s.end,
            })
            .collect(),
    };
    serde_json::to_string(&message).unwrap_or_default()
}

pub(super) fn bad(line: usize, message: String) -> Failure {
    Failure::BadMessage { line, message }
}

/// Line `line` of the plugin's stdout as a JSON object; an `error`
/// message is the plugin giving up.
pub(crate) fn object(line: usize, bytes: &[u8]) -> Result<Object, Failure> {
    let obj = jsonl::parse_object(bytes).map_err(|e| match e {
        LineError::NotJson(reason) => Failure::NotJson {
            line,
            reason,
            start: jsonl::line_start(bytes),
        },
        LineError::NotObject => Failure::NotJson {
            line,
            reason: "JSON, but not an object".into(),
            start: jsonl::line_start(bytes),
        },
    })?;
    if obj.get("type").and_then(Value::as_str) == Some("error") {
        let message = obj
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("(no message)");
        return Err(Failure::Reported {
            line,
            message: message.chars().take(1000).collect(),
        });
    }
    Ok(obj)
}

/// Checks one answer line on its own: `bytes` is line `line` of the
/// plugin's stdout (without its newline), the answer to `doc` for `task`
/// under `protocol`; `position` names the document in messages
/// (`2 of 5`). What [`super::Session`] does with each answer, callable
/// without a process (the fuzz target's entry). Never panics.
///
/// ```
/// use quotebench::plugin::{answer::parse_answer, Input};
/// use quotebench::score::{DocPredictions, Task};
/// let doc = Input { doc: "a", text: "“Hi,” Jane Doe said.", spans: vec![] };
/// let line = br#"{"type":"predictions","doc":"a","predictions":[{"quote":"Hi,","speaker":"Jane Doe"}]}"#;
/// let answer = parse_answer(2, line, Task::EndToEnd, 2, &doc, "1 of 1").unwrap();
/// let DocPredictions::Quotes(found) = answer.predictions else { unreachable!() };
/// assert_eq!((found[0].span.start, found[0].span.end), (3, 6));
/// ```
pub fn parse_answer(
    line: usize,
    bytes: &[u8],
    task: Task,
    protocol: u64,
    doc: &Input<'_>,
    position: &str,
) -> Result<Answer, Failure> {
    if bytes.len() > super::MAX_LINE {
        return Err(Failure::LineTooLong {
            line,
            start: jsonl::line_start(bytes),
        });
    }
    let msg = object(line, bytes)?;
    check_answer(line, &msg, task, protocol, doc, position)
}

pub(crate) fn check_answer(
    line: usize,
    msg: &Object,
    task: Task,
    protocol: u64,
    doc: &Input<'_>,
    position: &str,
) -> Result<Answer, Failure> {
    expect_type(line, msg, "predictions")?;
    let got = jsonl::string(msg, "doc").map_err(|m| bad(line, m))?;
    if got != doc.doc {
        return Err(Failure::WrongDocument {
            line,
            got: got.chars().take(200).collect(),
            expected: doc.doc.to_owned(),
            position: position.to_owned(),
        });
    }
    let skipped = if protocol >= 2 {
        status(line, msg)?
    } else {
        None
    };
    let list = match (msg.get("predictions"), &skipped) {
        (Some(Value::Array(a)), Some(_)) if !a.is_empty() => {
            return Err(bad(
                line,
                "a skipped document's \"predictions\" must be empty or absent".into(),
            ))
        }
        (None, Some(_)) => &[][..],
        (Some(Value::Array(a)), _) => &a[..],
        (Some(v), _) => {
            return Err(bad(
                line,
                format!(
                    "\"predictions\" must be an array, not {}",
                    jsonl::kind_of(v)
                ),
            ))
        }
        (None, None) => return Err(bad(line, "\"predictions\" is missing".into())),
    };
    let (predictions, by_text) = match task {
        Task::Attribution if skipped.is_some() => (
            DocPredictions::Answers(vec![None; doc.spans.len()]),
            Vec::new(),
        ),
        Task::Attribution => (
            DocPredictions::Answers(check_answers(line, doc, list)?),
            Vec::new(),
        ),
        Task::EndToEnd => {
            let (found, by_text) = check_quotes(line, doc, list, protocol)?;
            (DocPredictions::Quotes(found), by_text)
        }
    };
    Ok(Answer {
        predictions,
        skipped,
        by_text,
    })
}

/// Protocol 2's per-document `"status"`: `None` for ok, `Some(reason)`
/// for skipped.
fn status(line: usize, msg: &Object) -> Result<Option<String>, Failure> {
    match msg.get("status") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s == "ok" => Ok(None),
        Some(Value::String(s)) if s == "skipped" => match msg.get("reason") {
            Some(Value::String(r)) if !r.trim().is_empty() => {
                Ok(Some(r.trim().chars().take(200).collect()))
            }
            _ => Err(bad(
                line,
                "\"status\":\"skipped\" needs a \"reason\": a non-empty string saying why".into(),
            )),
        },
        Some(v) => Err(bad(
            line,
            format!(
                "\"status\" must be \"ok\" or \"skipped\", not {}",
                match v {
                    Value::String(s) => format!("{:?}", s.chars().take(40).collect::<String>()),
                    v => jsonl::kind_of(v).to_owned(),
                }
            ),
        )),
    }
}

pub(crate) fn expect_type(line: usize, msg: &Object, expected: &str) -> Result<(), Failure> {
    match msg.get("type") {
        Some(Value::String(t)) if t == expected => Ok(()),
        Some(Value::String(t)) => Err(bad(
            line,
            format!(
                "expected a \"{expected}\" message, got type {:?}",
                t.chars().take(40).collect::<String>()
            ),
        )),
        Some(v) => Err(bad(
            line,
            format!("\"type\" must be a string, not {}", jsonl::kind_of(v)),
        )),
        None => Err(bad(
            line,
            format!("expected a \"{expected}\" message, but \"type\" is missing"),
        )),
    }
}

/// The `speaker` field, at most [`MAX_NAME`] bytes.
fn speaker(p: &Object) -> Result<Option<String>, String> {
    let s = jsonl::speaker(p)?;
    match &s {
        Some(name) if name.len() > MAX_NAME => Err(format!(
            "\"speaker\" is {} bytes; a name may have at most {MAX_NAME}",
            name.len()
        )),
        _ => Ok(s),
    }
}

/// Prediction `i` (0-based) of an answer line, which must be an object.
fn prediction_object(
    line: usize,
    i: usize,
    p: &Value,
) -> Result<&serde_json::Map<String, Value>, Failure> {
    match p {
        Value::Object(p) => Ok(p),
        _ => Err(bad(
            line,
            format!(
                "prediction {} must be an object, not {}",
                i + 1,
                jsonl::kind_of(p)
            ),
        )),
    }
}

fn check_answers(
    line: usize,
    doc: &Input<'_>,
    list: &[Value],
) -> Result<Vec<Option<String>>, Failure> {
    let mut answers: Vec<Option<Option<String>>> = vec![None; doc.spans.len()];
    for (i, p) in list.iter().enumerate() {
        let p = prediction_object(line, i, p)?;
        let field = |m: String| bad(line, format!("prediction {}: {m}", i + 1));
        let id = jsonl::string(p, "id").map_err(field)?;
        let speaker = speaker(p).map_err(field)?;
        let slot = id
            .strip_prefix('q')
            .filter(|n| !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .filter(|&n| n < answers.len());
        let Some(slot) = slot else {
            return Err(Failure::UnknownQuote {
                line,
                doc: doc.doc.to_owned(),
                id: id.chars().take(40).collect(),
                known: match answers.len() {
                    0 => "none: send an empty list".into(),
                    1 => "q1".into(),
                    n => format!("q1 to q{n}"),
                },
            });
        };
        if answers[slot].is_some() {
            return Err(Failure::DuplicateQuote {
                line,
                doc: doc.doc.to_owned(),
                id: id.to_owned(),
            });
        }
        answers[slot] = Some(speaker);
    }
    answers
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            a.ok_or_else(|| Failure::MissingQuote {
                line,
                doc: doc.doc.to_owned(),
                id: quote_id(i),
            })
        })
        .collect()
}

/// Protocol 2's `"occurrence"`: absent or null, else a positive integer.
fn occurrence(p: &Object) -> Result<Option<usize>, String> {
    match p.get("occurrence") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .filter(|&n| n > 0)
            .and_then(|n| usize::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| {
                format!("\"occurrence\" must be a positive integer (1 for the first), not {n}")
            }),
        Some(v) => Err(format!(
            "\"occurrence\" must be a positive integer, not {}",
            jsonl::kind_of(v)
        )),
    }
}

/// An optional string field.
fn optional_string<'a>(p: &'a Object, key: &str) -> Result<Option<&'a str>, String> {
    match p.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(format!(
            "\"{key}\" must be a string, not {}",
            jsonl::kind_of(v)
        )),
    }
}

fn check_quotes(
    line: usize,
    doc: &Input<'_>,
    list: &[Value],
    protocol: u64,
) -> Result<(Vec<Prediction>, Vec<TextQuote>), Failure> {
    let mut out = Vec::with_capacity(list.len());
    let mut by_text = Vec::new();
    let mut grounder: Option<Grounder> = None;
    for (i, p) in list.iter().enumerate() {
        let p = prediction_object(line, i, p)?;
        let field = |m: String| bad(line, format!("prediction {}: {m}", i + 1));
        let speaker = speaker(p).map_err(field)?;
        let kind = jsonl::kind(p).map_err(field)?;
        let by_offsets = p.contains_key("start") || p.contains_key("end");
        if protocol >= 2 && !by_offsets {
            let Some(quote) = optional_string(p, "quote").map_err(field)? else {
                return Err(field(
                    "give \"start\" and \"end\" (UTF-8 byte offsets) or \"quote\" (the quote's words)"
                        .into(),
                ));
            };
            let locator = Locator {
                quote,
                occurrence: occurrence(p).map_err(field)?,
                context: optional_string(p, "context").map_err(field)?,
            };
            let span = grounder
                .get_or_insert_with(|| Grounder::new(doc.text))
                .ground(&locator);
            if let Ok(span) = span {
                out.push(Prediction {
                    span,
                    kind,
                    speaker: speaker.clone(),
                });
            }
            by_text.push(TextQuote {
                quote: quote.chars().take(500).collect(),
                speaker,
                kind,
                span,
            });
            continue;
        }
        let span = Span::new(
            jsonl::offset(p, "start").map_err(field)?,
            jsonl::offset(p, "end").map_err(field)?,
        );
        if let Some(message) = jsonl::span_problem(doc.text, span) {
            return Err(Failure::BadSpan {
                line,
                doc: doc.doc.to_owned(),
                index: i + 1,
                message,
            });
        }
        out.push(Prediction {
            span,
            kind,
            speaker,
        });
    }
    Ok((out, by_text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugin::hello::check_hello;
    use serde_json::json;

    fn obj(v: Value) -> Object {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    fn doc<'a>(text: &'a str, spans: Vec<Span>) -> Input<'a> {
        Input {
            doc: "a",
            text,
            spans,
        }
    }

    #[test]
    fn answers_need_every_id_once() {
        let d = doc("xxxxxxxxxx", vec![Span::new(0, 2), Span::new(3, 5)]);
        let ok = [
            json!({"id": "q2", "speaker": "B"}),
            json!({"id": "q1", "speaker": null}),
        ];
        assert_eq!(
            check_answers(4, &d, &ok).unwrap(),
            vec![None, Some("B".to_string())]
        );
        let missing = [json!({"id": "q1", "speaker": "A"})];
        assert_eq!(
            check_answers(4, &d, &missing).unwrap_err().to_string(),
            "stdout line 4: document `a`: quote id `q2` has no prediction (every id sent needs exactly one; use \"speaker\":null to abstain)"
        );
        for id in ["q3", "q01", "x", "q0"] {
            let invented = [json!({"id": id, "speaker": "A"})];
            assert!(matches!(
                check_answers(4, &d, &invented),
                Err(Failure::UnknownQuote { .. })
            ));
        }
        let twice = [
            json!({"id": "q1", "speaker": "A"}),
            json!({"id": "q1", "speaker": "A"}),
        ];
        assert!(matches!(
            check_answers(4, &d, &twice),
            Err(Failure::DuplicateQuote { .. })
        ));
        let no_speaker = [json!({"id": "q1"})];
        assert_eq!(
            check_answers(4, &d, &no_speaker).unwrap_err().to_string(),
            "stdout line 4: prediction 1: \"speaker\" is missing (use null to abstain)"
        );
    }

    #[test]
    fn messages_are_one_line_each() {
        let d = doc("line one\nline \"two\"", vec![Span::new(0, 4)]);
        let m = document_message(Task::Attribution, &d);
        assert!(!m.contains('\n'));
        let v: Value = serde_json::from_str(&m).unwrap();
        assert_eq!(v["quotes"][0]["id"], "q1");
        assert_eq!(v["task"], "attribution");
        assert_eq!(v["text"], "line one\nline \"two\"");
    }

    fn e2e(line: &str, protocol: u64) -> Result<Answer, Failure> {
        let d = doc(
            "“We are ready,” Jane Doe said. “We are ready,” Bob said.",
            vec![],
        );
        parse_answer(2, line.as_bytes(), Task::EndToEnd, protocol, &d, "1 of 1")
    }

    #[test]
    fn quotes_given_by_their_words_are_grounded_or_counted() {
        let a = e2e(
            r#"{"type":"predictions","doc":"a","predictions":[
            {"quote":"\"We are ready,\"","context":"Bob said","speaker":"Bob"},
            {"quote":"We are ready,","speaker":"Jane Doe"},
            {"quote":"We are not ready","speaker":"Jane Doe","kind":"direct"},
            {"start":3,"end":16,"quote":"ignored when offsets are given","speaker":"Jane Doe"}]}"#
                .replace('\n', " ")
                .as_str(),
            2,
        )
        .unwrap();
        let DocPredictions::Quotes(found) = &a.predictions else {
            unreachable!()
        };
        assert_eq!(found.len(), 2, "the grounded quote and the one by offsets");
        assert_eq!(found[0].span, Span::new(38, 51));
        assert_eq!(a.by_text.len(), 3);
        assert_eq!(a.by_text[1].span, Err(Ungrounded::Ambiguous { count: 2 }));
        assert_eq!(a.by_text[2].span, Err(Ungrounded::NotFound));
        assert_eq!(a.by_text[2].kind, Some(Kind::Direct));
        // Protocol 1 knows no "quote": offsets are required.
        assert_eq!(
            e2e(
                r#"{"type":"predictions","doc":"a","predictions":[{"quote":"x","speaker":null}]}"#,
                1
            )
            .unwrap_err()
            .to_string(),
            "stdout line 2: prediction 1: \"start\" is missing"
        );
        assert_eq!(
            e2e(r#"{"type":"predictions","doc":"a","predictions":[{"speaker":null}]}"#, 2).unwrap_err().to_string(),
            "stdout line 2: prediction 1: give \"start\" and \"end\" (UTF-8 byte offsets) or \"quote\" (the quote's words)"
        );
        assert_eq!(
            e2e(r#"{"type":"predictions","doc":"a","predictions":[{"quote":"x","occurrence":0,"speaker":null}]}"#, 2).unwrap_err().to_string(),
            "stdout line 2: prediction 1: \"occurrence\" must be a positive integer (1 for the first), not 0"
        );
    }

    #[test]
    fn a_skipped_document_needs_a_reason_and_no_predictions() {
        let a = e2e(
            r#"{"type":"predictions","doc":"a","status":"skipped","reason":"too long"}"#,
            2,
        )
        .unwrap();
        assert_eq!(a.skipped.as_deref(), Some("too long"));
        assert_eq!(a.predictions, DocPredictions::Quotes(vec![]));
        assert_eq!(
            e2e(r#"{"type":"predictions","doc":"a","status":"skipped"}"#, 2).unwrap_err().to_string(),
            "stdout line 2: \"status\":\"skipped\" needs a \"reason\": a non-empty string saying why"
        );
        assert_eq!(
            e2e(r#"{"type":"predictions","doc":"a","status":"skipped","reason":"x","predictions":[{"quote":"a","speaker":null}]}"#, 2).unwrap_err().to_string(),
            "stdout line 2: a skipped document's \"predictions\" must be empty or absent"
        );
        assert_eq!(
            e2e(
                r#"{"type":"predictions","doc":"a","status":"failed","predictions":[]}"#,
                2
            )
            .unwrap_err()
            .to_string(),
            "stdout line 2: \"status\" must be \"ok\" or \"skipped\", not \"failed\""
        );
        let d = doc("abcdef", vec![Span::new(0, 2)]);
        let skipped = parse_answer(
            2,
            br#"{"type":"predictions","doc":"a","status":"skipped","reason":"x"}"#,
            Task::Attribution,
            2,
            &d,
            "1 of 1",
        )
        .unwrap();
        assert_eq!(skipped.predictions, DocPredictions::Answers(vec![None]));
        // Protocol 1 never skips: the field is not part of it.
        assert!(e2e(
            r#"{"type":"predictions","doc":"a","status":"skipped","reason":"x"}"#,
            1
        )
        .is_err());
    }

    #[test]
    fn a_50_kb_speaker_name_is_refused_with_its_size() {
        let name = "x".repeat(50_000);
        let line = format!(
            r#"{{"type":"predictions","doc":"a","predictions":[{{"start":3,"end":16,"speaker":"{name}"}}]}}"#
        );
        assert_eq!(
            e2e(&line, 1).unwrap_err().to_string(),
            "stdout line 2: prediction 1: \"speaker\" is 50000 bytes; a name may have at most 256"
        );
        let long = obj(json!({"type": "hello", "name": "n".repeat(65), "version": "1"}));
        assert_eq!(
            check_hello(1, &long, &[Task::EndToEnd])
                .unwrap_err()
                .to_string(),
            "stdout line 1: hello: \"name\" is 65 bytes; at most 64 are allowed"
        );
    }
}
