//! Reading JSON-lines records field by field, with messages that say which
//! field is wrong and how. Shared by the plugin protocol ([`crate::plugin`])
//! and prediction files ([`crate::predictions`]); not a general JSON layer.

use crate::model::{Kind, Span};
use serde_json::{Map, Value};

/// A parsed line: one JSON object.
pub(crate) type Object = Map<String, Value>;

/// Why a line is not a JSON object.
pub(crate) enum LineError {
    /// Not UTF-8, or not JSON at all: the parser's reason.
    NotJson(String),
    /// Valid JSON, but not an object.
    NotObject,
}

/// Parses one line (without its newline) as a JSON object.
pub(crate) fn parse_object(line: &[u8]) -> Result<Object, LineError> {
    let text =
        std::str::from_utf8(line).map_err(|e| LineError::NotJson(format!("not UTF-8: {e}")))?;
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(LineError::NotObject),
        Err(e) => Err(LineError::NotJson(e.to_string())),
    }
}

/// The first 60 characters of a line, for messages; invalid UTF-8 is
/// replaced, and a cut is marked with `…`.
pub(crate) fn line_start(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(line);
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// The line without its trailing `\n` or `\r\n`.
pub(crate) fn chomp(mut line: &[u8]) -> &[u8] {
    if let Some(l) = line.strip_suffix(b"\n") {
        line = l;
    }
    if let Some(l) = line.strip_suffix(b"\r") {
        line = l;
    }
    line
}

/// True for a line of only whitespace (skipped everywhere).
pub(crate) fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// A required string field.
pub(crate) fn string<'a>(obj: &'a Object, key: &str) -> Result<&'a str, String> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(v) => Err(format!("\"{key}\" must be a string, not {}", kind_of(v))),
        None => Err(format!("\"{key}\" is missing")),
    }
}

/// A required non-negative integer field (a byte offset).
pub(crate) fn offset(obj: &Object, key: &str) -> Result<usize, String> {
    match obj.get(key) {
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| format!("\"{key}\" must be a non-negative integer, not {n}")),
        Some(v) => Err(format!(
            "\"{key}\" must be a non-negative integer, not {}",
            kind_of(v)
        )),
        None => Err(format!("\"{key}\" is missing")),
    }
}

/// The required `speaker` field: a name, or null to abstain.
pub(crate) fn speaker(obj: &Object) -> Result<Option<String>, String> {
    match obj.get("speaker") {
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Null) => Ok(None),
        Some(v) => Err(format!(
            "\"speaker\" must be a string or null, not {}",
            kind_of(v)
        )),
        None => Err("\"speaker\" is missing (use null to abstain)".into()),
    }
}

/// The optional `kind` field: absent or null for unknown, else one of the
/// kinds.
pub(crate) fn kind(obj: &Object) -> Result<Option<Kind>, String> {
    match obj.get("kind") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => s.parse().map(Some).map_err(|e| format!("\"kind\": {e}")),
        Some(v) => Err(format!(
            "\"kind\" must be direct, partial, indirect or null, not {}",
            kind_of(v)
        )),
    }
}

/// What is wrong with a predicted span in a text, if anything.
pub(crate) fn span_problem(text: &str, span: Span) -> Option<String> {
    if span.start > span.end {
        return Some(format!("span {span} ends before it starts"));
    }
    if span.start == span.end {
        return Some(format!("span {span} is empty"));
    }
    if span.end > text.len() {
        return Some(format!(
            "span {span} is out of range: the text is {} bytes (offsets are UTF-8 bytes, not characters)",
            text.len()
        ));
    }
    for offset in [span.start, span.end] {
        if !text.is_char_boundary(offset) {
            return Some(format!(
                "offset {offset} of span {span} is inside a UTF-8 character (offsets are UTF-8 bytes, not characters; see PLUGINS.md)"
            ));
        }
    }
    None
}

/// `a string`, `a number`, … for messages.
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_checked_in_bytes() {
        let text = "“Hi,” he said.";
        assert_eq!(span_problem(text, Span::new(3, 6)), None);
        assert!(span_problem(text, Span::new(1, 6))
            .unwrap()
            .contains("offset 1 of span 1..6 is inside a UTF-8 character"));
        assert!(span_problem(text, Span::new(3, 99))
            .unwrap()
            .contains("out of range: the text is 18 bytes"));
        assert!(span_problem(text, Span::new(6, 3))
            .unwrap()
            .contains("ends before it starts"));
        assert!(span_problem(text, Span::new(3, 3))
            .unwrap()
            .contains("empty"));
    }

    #[test]
    fn line_start_cuts_at_sixty_characters() {
        let long = "é".repeat(100);
        let s = line_start(long.as_bytes());
        assert_eq!(s.chars().count(), 61);
        assert!(s.ends_with('…'));
        assert_eq!(line_start(b"short"), "short");
    }
}
