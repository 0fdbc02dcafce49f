//! `gold export --format label-studio`: documents as Label Studio tasks
//! (the JSON that Label Studio imports), for the labelling config in
//! `examples/label-studio/config.xml`. A labelled document carries its gold
//! rows as an `annotation`; a strategy's quotes go in as `predictions`, so a
//! labeller corrects instead of starting from zero. Importing the export
//! back ([`super::import::label_studio`]) gives the same gold files, byte
//! for byte.

use super::import::label_studio::{
    CUE_LABEL, CUE_TEXT, LABELS, MENTION_LABEL, MENTION_TEXT, NEW_SPEAKER, SPEAKER, TEXT,
};
use super::import::CharIndex;
use crate::model::{GoldQuote, Kind, Prediction, Span, Speaker};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One document to export.
#[derive(Debug, Clone)]
pub struct ExportDoc<'a> {
    /// Document id (`data.doc`).
    pub id: &'a str,
    /// The text (`data.text`).
    pub text: &'a str,
    /// Its gold rows, exported as an annotation (none: no annotation).
    pub gold: Vec<&'a GoldQuote>,
    /// A strategy's quotes, exported as a prediction.
    pub predicted: Option<Vec<Prediction>>,
}

/// The occurrence of `needle` nearest to `span` (0 when overlapping; ties
/// go to the earlier one).
fn nearest(text: &str, needle: &str, span: Span) -> Option<Span> {
    super::edit::occurrences(text, needle)
        .into_iter()
        .min_by_key(|o| {
            if o.end <= span.start {
                span.start - o.end
            } else {
                o.start.saturating_sub(span.end)
            }
        })
}

struct Builder<'a> {
    text: &'a str,
    ix: CharIndex,
    result: Vec<Value>,
    regions: BTreeMap<(usize, usize, &'static str), String>,
    n: usize,
}

impl<'a> Builder<'a> {
    fn value(&self, span: Span) -> serde_json::Map<String, Value> {
        let mut v = serde_json::Map::new();
        v.insert(
            "start".into(),
            json!(self.ix.char_of(span.start).unwrap_or(0)),
        );
        v.insert("end".into(), json!(self.ix.char_of(span.end).unwrap_or(0)));
        v.insert("text".into(), json!(&self.text[span.start..span.end]));
        v
    }

    fn region(&mut self, span: Span, label: &'static str, prefix: &str) -> String {
        if let Some(id) = self.regions.get(&(span.start, span.end, label)) {
            return id.clone();
        }
        self.n += 1;
        let id = format!("{prefix}{}", self.n);
        let mut v = self.value(span);
        v.insert("labels".into(), json!([label]));
        self.result.push(
            json!({"id": id, "from_name": LABELS, "to_name": TEXT, "type": "labels", "value": v}),
        );
        self.regions
            .insert((span.start, span.end, label), id.clone());
        id
    }

    fn per_region(
        &mut self,
        id: &str,
        span: Span,
        from: &str,
        kind: &str,
        key: &str,
        value: Value,
    ) {
        let mut v = self.value(span);
        v.insert(key.into(), value);
        self.result
            .push(json!({"id": id, "from_name": from, "to_name": TEXT, "type": kind, "value": v}));
    }

    fn relation(&mut self, from: &str, to: &str) {
        self.result.push(json!({"from_id": from, "to_id": to, "type": "relation", "direction": "right", "labels": []}));
    }

    /// A content region with its speaker entity, mention and cue.
    fn quote(
        &mut self,
        span: Span,
        kind: Kind,
        speaker: Option<&str>,
        typed: Option<&str>,
        mention: &str,
        cue: &str,
    ) {
        let q = self.region(span, kind.as_str(), "q");
        if let Some(s) = speaker {
            self.per_region(&q, span, SPEAKER, "choices", "choices", json!([s]));
        }
        if let Some(t) = typed {
            self.per_region(&q, span, NEW_SPEAKER, "textarea", "text", json!([t]));
        }
        for (written, label, prefix, fallback) in [
            (mention, MENTION_LABEL, "m", MENTION_TEXT),
            (cue, CUE_LABEL, "c", CUE_TEXT),
        ] {
            if written.is_empty() {
                continue;
            }
            match nearest(self.text, written, span) {
                Some(at) => {
                    let r = self.region(at, label, prefix);
                    self.relation(&q, &r);
                }
                None => self.per_region(&q, span, fallback, "textarea", "text", json!([written])),
            }
        }
    }
}

fn builder(text: &str) -> Builder<'_> {
    Builder {
        text,
        ix: CharIndex::new(text),
        result: Vec::new(),
        regions: BTreeMap::new(),
        n: 0,
    }
}

/// The tasks for `docs` (ids `1`, `2`, … in order). `speakers` become each
/// task's `data.speakers` (`{"value": id, "html": name}`, the options of the
/// config's dynamic `<Choices value="$speakers">`) and `data.entities`
/// (`{"id", "name", "aliases"}`, read back by the import); `model` is
/// the `model_version` of the predictions. A predicted speaker that names
/// one of `speakers` is pre-selected; any other goes in the typed field.
pub fn tasks(docs: &[ExportDoc<'_>], speakers: &[&Speaker], model: &str) -> Value {
    let list: Vec<Value> = speakers
        .iter()
        .map(|s| json!({"value": s.id, "html": s.name}))
        .collect();
    let entities: Vec<Value> = speakers
        .iter()
        .map(|s| json!({"id": s.id, "name": s.name, "aliases": s.aliases}))
        .collect();
    let by_name = |name: &str| {
        let key = crate::name::normalize(name);
        speakers
            .iter()
            .find(|s| s.names().any(|n| crate::name::normalize(n) == key))
            .map(|s| s.id.as_str())
    };
    let mut out = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let mut task = serde_json::Map::new();
        task.insert("id".into(), json!(i + 1));
        task.insert(
            "data".into(),
            json!({"text": d.text, "doc": d.id, "speakers": list, "entities": entities}),
        );
        if !d.gold.is_empty() {
            let mut b = builder(d.text);
            for g in &d.gold {
                let speaker = g.speaker_known().then_some(g.speaker.as_str());
                b.quote(g.span, g.kind, speaker, None, &g.mention, &g.cue);
            }
            task.insert("annotations".into(), json!([{"id": i + 1, "result": b.result, "was_cancelled": false, "ground_truth": false}]));
        }
        if let Some(p) = &d.predicted {
            let mut b = builder(d.text);
            for q in p {
                let Some((span, kind)) = super::import::derive_kind(d.text, q.span) else {
                    continue;
                };
                let kind = q
                    .kind
                    .filter(|k| super::edit::kind_misfit(d.text, q.span, *k).is_none())
                    .map_or(kind, |k| k);
                let span = if q.kind == Some(kind) { q.span } else { span };
                let name = q.speaker.as_deref().filter(|s| !s.trim().is_empty());
                let known = name.and_then(by_name);
                b.quote(
                    span,
                    kind,
                    known,
                    if known.is_none() { name } else { None },
                    "",
                    "",
                );
            }
            task.insert(
                "predictions".into(),
                json!([{"model_version": model, "result": b.result}]),
            );
        }
        out.push(Value::Object(task));
    }
    Value::Array(out)
}
