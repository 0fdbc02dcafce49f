//! Label Studio JSON (the "JSON" export of a project: an array of tasks,
//! each with `data`, `annotations` and maybe `predictions`) for the
//! labelling config quotebench ships, `examples/label-studio/config.xml`.
//! The names below are that config's; [`crate::gold::export`] writes the
//! same shape.
//!
//! In a task: `data.text` is the document, `data.doc` its id,
//! `data.speakers` the options of the entity choice (`{"value": id,
//! "html": name}`) and `data.entities` the entities in full (`{"id",
//! "name", "aliases": [..]}`; without it, `data.speakers` is read). In a result: a `labels` region
//! (`from_name` [`LABELS`]) labelled `direct`, `partial` or `indirect` is a
//! content span; one labelled `speaker` is a speaker mention and one
//! labelled `cue` a reporting cue; a `relation` links a content region to
//! its mention and cue (either direction). The speaker entity is a
//! per-region `choices` ([`SPEAKER`]) or a typed per-region `textarea`
//! ([`NEW_SPEAKER`], an id or a name; an unknown name becomes a new
//! entity) on the content region or on its mention. A content region with
//! no entity is an unknown-speaker row. Offsets are characters (Unicode
//! scalar values), converted to UTF-8 bytes.

use super::{refused, CharIndex, Entities, Imported};
use crate::error::{Error, Result};
use crate::gold::edit::{is_doc_id, kind_misfit, QuoteRow, SpeakerRow};
use crate::model::{Kind, Span};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// `from_name` of the span labels.
pub const LABELS: &str = "label";
/// `to_name` of every region: the `<Text>` tag.
pub const TEXT: &str = "text";
/// `from_name` of the per-region entity choice.
pub const SPEAKER: &str = "speaker";
/// `from_name` of the per-region typed entity.
pub const NEW_SPEAKER: &str = "new_speaker";
/// `from_name` of the per-region typed mention, for a mention that is not
/// in the text.
pub const MENTION_TEXT: &str = "mention_text";
/// `from_name` of the per-region typed cue, for a cue not in the text.
pub const CUE_TEXT: &str = "cue_text";
/// Label of a speaker mention region.
pub const MENTION_LABEL: &str = "speaker";
/// Label of a cue region.
pub const CUE_LABEL: &str = "cue";

#[derive(Debug, Default)]
struct Region {
    span: Option<Span>,
    label: Option<String>,
    entity: Option<String>,
    typed: Option<String>,
    mention_text: Option<String>,
    cue_text: Option<String>,
}

fn str_of(v: &Value) -> Option<&str> {
    v.as_str()
}

/// Reads a Label Studio JSON export.
pub fn read_file(path: &Path) -> Result<Imported> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let tasks: Value = serde_json::from_slice(&bytes).map_err(|e| {
        refused(
            path,
            format!("{}:{}: not JSON: {e}", path.display(), e.line()),
        )
    })?;
    let Some(tasks) = tasks.as_array() else {
        return Err(refused(
            path,
            format!(
                "{}: expected an array of tasks (Label Studio's JSON export)",
                path.display()
            ),
        ));
    };
    let mut log = Vec::new();
    // Entities listed by the tasks.
    let mut known: BTreeMap<String, SpeakerRow> = BTreeMap::new();
    for (i, t) in tasks.iter().enumerate() {
        let tid = task_id(t, i);
        let listed = t
            .pointer("/data/entities")
            .or_else(|| t.pointer("/data/speakers"))
            .and_then(Value::as_array);
        for s in listed.into_iter().flatten() {
            let Some(id) = s.get("id").or_else(|| s.get("value")).and_then(str_of) else {
                return Err(refused(
                    path,
                    format!("task {tid}: a data.entities (or data.speakers) entry without an `id` (`value`)"),
                ));
            };
            let name = s
                .get("name")
                .or_else(|| s.get("html"))
                .and_then(str_of)
                .unwrap_or(id);
            let aliases = s
                .get("aliases")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(str_of).collect::<Vec<_>>().join("|"))
                .unwrap_or_default();
            let row = SpeakerRow {
                id: id.to_owned(),
                name: name.to_owned(),
                aliases,
            };
            match known.get(id) {
                Some(r) if *r != row => {
                    return Err(refused(path, format!("task {tid}: speaker `{id}` is listed as {:?} here but as {:?} in an earlier task", row.name, r.name)));
                }
                Some(_) => {}
                None => {
                    known.insert(id.to_owned(), row);
                }
            }
        }
    }
    let mut entities = Entities::with(known.into_values().collect());
    let mut imported = Imported::default();
    for (i, t) in tasks.iter().enumerate() {
        let tid = task_id(t, i);
        let bad = |m: String| refused(path, format!("task {tid}: {m}"));
        let Some(text) = t.pointer("/data/text").and_then(str_of) else {
            return Err(bad(
                "no `data.text` string (the labelling config reads `$text`)".into(),
            ));
        };
        let doc = match t.pointer("/data/doc").and_then(str_of) {
            Some(d) => d.to_owned(),
            None => format!("task_{tid}"),
        };
        if !is_doc_id(&doc) {
            return Err(bad(format!("`data.doc` {doc:?} is not a usable document id (ASCII letters, digits, `_`, `-`, `.`)")));
        }
        if imported.docs.contains_key(&doc) {
            return Err(bad(format!("document `{doc}` appears in two tasks")));
        }
        let annotations: Vec<&Value> = t
            .get("annotations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|a| a.get("was_cancelled").and_then(Value::as_bool) != Some(true))
            .collect();
        let Some(annotation) = annotations.last() else {
            log.push(format!(
                "task {tid} ({doc}): no annotation; imported with no attributions"
            ));
            imported.docs.insert(doc, text.to_owned());
            continue;
        };
        if annotations.len() > 1 {
            log.push(format!(
                "task {tid} ({doc}): {} annotations; took the last",
                annotations.len()
            ));
        }
        let ix = CharIndex::new(text);
        let mut regions: BTreeMap<String, Region> = BTreeMap::new();
        let mut relations: Vec<(String, String)> = Vec::new();
        let results = annotation
            .get("result")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (ri, r) in results.iter().enumerate() {
            let kind = r.get("type").and_then(str_of).unwrap_or("");
            if kind == "relation" {
                let (Some(a), Some(b)) = (
                    r.get("from_id").and_then(str_of),
                    r.get("to_id").and_then(str_of),
                ) else {
                    return Err(bad(format!(
                        "result {}: a relation without from_id and to_id",
                        ri + 1
                    )));
                };
                relations.push((a.to_owned(), b.to_owned()));
                continue;
            }
            let Some(id) = r.get("id").and_then(str_of) else {
                return Err(bad(format!("result {} has no `id`", ri + 1)));
            };
            let v = r.get("value").cloned().unwrap_or(Value::Null);
            let from = r.get("from_name").and_then(str_of).unwrap_or("");
            let region = regions.entry(id.to_owned()).or_default();
            if let (Some(s), Some(e)) = (
                v.get("start").and_then(Value::as_u64),
                v.get("end").and_then(Value::as_u64),
            ) {
                let (Some(bs), Some(be)) = (ix.byte(s as usize), ix.byte(e as usize)) else {
                    return Err(bad(format!("region {id}: characters {s}..{e} are past the end of the text ({} characters)", ix.chars())));
                };
                if bs >= be {
                    return Err(bad(format!(
                        "region {id}: characters {s}..{e} are empty or inverted"
                    )));
                }
                if let Some(shown) = v.get("text").and_then(str_of) {
                    if &text[bs..be] != shown {
                        return Err(bad(format!("region {id}: characters {s}..{e} are {:?}, but the region's text is {:?}", &text[bs..be], shown)));
                    }
                }
                region.span = Some(Span::new(bs, be));
            }
            match (kind, from) {
                ("labels", _) => {
                    let labels: Vec<&str> = v
                        .get("labels")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(str_of)
                        .collect();
                    if labels.len() != 1 {
                        return Err(bad(format!(
                            "region {id}: expected one label, found {}",
                            labels.len()
                        )));
                    }
                    region.label = Some(labels[0].to_owned());
                }
                ("choices", SPEAKER) => {
                    region.entity = v
                        .get("choices")
                        .and_then(Value::as_array)
                        .and_then(|c| c.first())
                        .and_then(str_of)
                        .map(str::to_owned);
                }
                ("textarea", f) => {
                    let typed = v
                        .get("text")
                        .and_then(Value::as_array)
                        .and_then(|c| c.first())
                        .and_then(str_of)
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty());
                    match f {
                        NEW_SPEAKER => region.typed = typed,
                        MENTION_TEXT => region.mention_text = typed,
                        CUE_TEXT => region.cue_text = typed,
                        _ => {}
                    }
                }
                _ => log.push(format!(
                    "task {tid}: result {} ({kind} from `{from}`) ignored",
                    ri + 1
                )),
            }
        }
        for (a, b) in &relations {
            for end in [a, b] {
                if !regions.contains_key(end) {
                    return Err(bad(format!("a relation from {a} to {b} refers to region {end}, which the annotation does not have")));
                }
            }
        }
        let mut rows = Vec::new();
        for (rid, r) in &regions {
            let Some(kind) = r.label.as_deref().and_then(|l| l.parse::<Kind>().ok()) else {
                match r.label.as_deref() {
                    Some(MENTION_LABEL) | Some(CUE_LABEL) => continue,
                    Some(l) => return Err(bad(format!("region {rid}: unknown label `{l}` (expected direct, partial, indirect, speaker or cue)"))),
                    None => return Err(bad(format!("region {rid}: no label"))),
                }
            };
            let Some(span) = r.span else {
                return Err(bad(format!("region {rid}: no start and end")));
            };
            let linked: Vec<&Region> = relations
                .iter()
                .filter_map(|(a, b)| {
                    if a == rid {
                        Some(b)
                    } else if b == rid {
                        Some(a)
                    } else {
                        None
                    }
                })
                .filter_map(|o| regions.get(o))
                .collect();
            let pick = |label: &str| -> Result<Option<&Region>> {
                let v: Vec<&Region> = linked
                    .iter()
                    .copied()
                    .filter(|o| o.label.as_deref() == Some(label))
                    .collect();
                if v.len() > 1 {
                    return Err(bad(format!(
                        "region {rid} is related to {} `{label}` regions; a quote has one",
                        v.len()
                    )));
                }
                Ok(v.first().copied())
            };
            let m = pick(MENTION_LABEL)?;
            let c = pick(CUE_LABEL)?;
            let slice = |o: Option<&Region>| {
                o.and_then(|o| o.span)
                    .map(|s| text[s.start..s.end].to_owned())
            };
            let mention = slice(m)
                .or_else(|| r.mention_text.clone())
                .unwrap_or_default();
            let cue = slice(c).or_else(|| r.cue_text.clone()).unwrap_or_default();
            let chosen = r
                .entity
                .clone()
                .or_else(|| m.and_then(|m| m.entity.clone()));
            let typed = r.typed.clone().or_else(|| m.and_then(|m| m.typed.clone()));
            let speaker = match (chosen, typed) {
                (Some(id), _) => match entities.lookup(&id) {
                    Some(found) => found.to_owned(),
                    None => entities.typed(&id),
                },
                (None, Some(name)) => {
                    let id = entities.typed(&name);
                    log.push(format!(
                        "task {tid}: region {rid}: typed speaker `{name}` is entity `{id}`"
                    ));
                    id
                }
                (None, None) => String::new(),
            };
            // `gold add` would refuse this kind; `gold check` accepts it
            // (single quotation marks, say), so it is recorded, not refused.
            if let Some(why) = kind_misfit(text, span, kind) {
                log.push(format!(
                    "task {tid} ({doc}): region {rid} (`{kind}`), note: {why}"
                ));
            }
            rows.push(QuoteRow {
                doc: doc.clone(),
                start: span.start,
                end: span.end,
                kind: kind.as_str().to_owned(),
                speaker,
                cue,
                mention,
                text: text[span.start..span.end].to_owned(),
            });
        }
        rows.sort_by_key(|r| (r.start, r.end));
        for w in rows.windows(2) {
            if (w[0].start, w[0].end) == (w[1].start, w[1].end) {
                return Err(bad(format!(
                    "two content regions label characters of bytes {}..{}; a span has one row",
                    w[0].start, w[0].end
                )));
            }
        }
        imported.quotes.extend(rows);
        imported.docs.insert(doc, text.to_owned());
    }
    imported.speakers = entities.into_rows();
    imported.log = log;
    Ok(imported)
}

fn task_id(t: &Value, i: usize) -> String {
    match t.get("id") {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => format!("#{}", i + 1),
    }
}
