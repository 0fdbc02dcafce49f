//! What the error browser's script reads: the documents, the gold quotes
//! and every run's per-quote outcomes, as one JSON object embedded in the
//! page. Offsets are converted from UTF-8 bytes to the UTF-16 code units
//! that JavaScript strings count.

use crate::gold::Corpus;
use crate::report::{Comparison, Report};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Doc<'a> {
    id: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct Gold<'a> {
    /// Document index.
    d: usize,
    s: usize,
    e: usize,
    /// Kind.
    k: &'static str,
    /// Speaker id and name.
    id: &'a str,
    sp: &'a str,
    /// Mention as written and its type.
    m: &'a str,
    mt: &'static str,
}

#[derive(Serialize)]
struct Out {
    /// Gold quote index; none for a spurious prediction.
    #[serde(skip_serializing_if = "Option::is_none")]
    g: Option<usize>,
    d: usize,
    /// The outcome's name.
    v: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    p: Option<String>,
    /// The matching rule's name, when the speaker was matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    r: Option<String>,
    /// Predicted span, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    e: Option<usize>,
    /// Predicted kind (spurious predictions).
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<&'static str>,
}

#[derive(Serialize)]
struct Run {
    /// What the page calls it: the strategy name, or `baseline:NAME`.
    key: String,
    label: String,
    task: &'static str,
    o: Vec<Out>,
}

#[derive(Serialize)]
struct Data<'a> {
    docs: Vec<Doc<'a>>,
    gold: Vec<Gold<'a>>,
    runs: Vec<Run>,
}

/// Byte offset to UTF-16 offset, per document.
struct Utf16 {
    table: Vec<usize>,
}

impl Utf16 {
    fn new(text: &str) -> Utf16 {
        let mut table = vec![0; text.len() + 1];
        let mut u = 0;
        for (b, c) in text.char_indices() {
            for slot in &mut table[b..b + c.len_utf8()] {
                *slot = u;
            }
            u += c.len_utf16();
        }
        table[text.len()] = u;
        Utf16 { table }
    }
    /// Out of range offsets (a saved result for another text) clamp to the end.
    fn at(&self, byte: usize) -> usize {
        self.table[byte.min(self.table.len() - 1)]
    }
}

/// The strategy name of a label (`sieve@2` → `sieve`).
pub(crate) fn name_of(label: &str) -> &str {
    label.rsplit_once('@').map_or(label, |(n, _)| n)
}

fn rule_name<T: Serialize>(rule: &T) -> Option<String> {
    match serde_json::to_value(rule).ok()? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        v => Some(v.to_string()),
    }
}

fn verdict_name<T: Serialize>(v: &T) -> String {
    rule_name(v).unwrap_or_default()
}

/// The browser's data as JSON, safe to put inside a `<script>` element:
/// `<`, `>` and `&` are written as `\u003c`, `\u003e` and `\u0026`.
pub fn json(corpus: &Corpus, comparison: &Comparison, baseline: Option<&Comparison>) -> String {
    let doc_index: BTreeMap<&str, usize> = corpus
        .docs
        .keys()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    let utf16: Vec<Utf16> = corpus.docs.values().map(|d| Utf16::new(&d.text)).collect();
    let mut gold_index: BTreeMap<(&str, usize, usize), usize> = BTreeMap::new();
    let gold: Vec<Gold> = corpus
        .quotes
        .iter()
        .enumerate()
        .map(|(i, q)| {
            gold_index
                .entry((&q.doc, q.span.start, q.span.end))
                .or_insert(i);
            let d = doc_index[q.doc.as_str()];
            let speaker = corpus.speakers.get(&q.speaker);
            Gold {
                d,
                s: utf16[d].at(q.span.start),
                e: utf16[d].at(q.span.end),
                k: q.kind.as_str(),
                id: &q.speaker,
                sp: speaker.map_or(q.speaker.as_str(), |s| s.name.as_str()),
                m: &q.mention,
                mt: q.mention_type.as_str(),
            }
        })
        .collect();
    let mut runs = Vec::new();
    let mut add = |r: &Report, prefix: &str| {
        if r.failed.is_some() {
            return;
        }
        let o = r
            .outcomes
            .iter()
            .filter_map(|o| {
                let d = *doc_index.get(o.doc.as_str())?;
                let g = match (o.start, o.end) {
                    (Some(s), Some(e)) => Some(*gold_index.get(&(o.doc.as_str(), s, e))?),
                    _ => None,
                };
                Some(Out {
                    g,
                    d,
                    v: verdict_name(&o.outcome),
                    p: o.predicted.clone(),
                    r: rule_name(&o.rule),
                    s: o.pred_start.map(|b| utf16[d].at(b)),
                    e: o.pred_end.map(|b| utf16[d].at(b)),
                    k: o.pred_kind.map(|k| k.as_str()),
                })
            })
            .collect();
        runs.push(Run {
            key: format!("{prefix}{}", name_of(&r.strategy)),
            label: format!("{prefix}{}", r.strategy),
            task: r.task.as_str(),
            o,
        });
    };
    for r in &comparison.results {
        add(r, "");
    }
    if let Some(b) = baseline {
        for r in &b.results {
            add(r, "baseline:");
        }
    }
    let data = Data {
        docs: corpus
            .docs
            .iter()
            .map(|(id, d)| Doc { id, text: &d.text })
            .collect(),
        gold,
        runs,
    };
    script_safe(&serde_json::to_string(&data).unwrap_or_else(|_| "{}".into()))
}

/// JSON with the characters that could end a `<script>` element or open a
/// comment in it written as escapes (equivalent inside JSON strings, and
/// they cannot occur outside them).
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_code_units() {
        // "é" is 2 bytes and 1 unit; "😀" is 4 bytes and 2 units.
        let u = Utf16::new("aé😀b");
        assert_eq!(u.at(0), 0);
        assert_eq!(u.at(1), 1);
        assert_eq!(u.at(3), 2);
        assert_eq!(u.at(7), 4);
        assert_eq!(u.at(8), 5);
        assert_eq!(u.at(99), 5);
    }

    #[test]
    fn script_safe_leaves_no_tag_open() {
        let s = script_safe(r#"{"t":"</script><!-- & >"}"#);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["t"], "</script><!-- & >");
    }

    #[test]
    fn names_drop_the_version_only() {
        assert_eq!(name_of("sieve@2"), "sieve");
        assert_eq!(name_of("exec:my@plugin@1"), "exec:my@plugin");
        assert_eq!(name_of("plain"), "plain");
    }
}
