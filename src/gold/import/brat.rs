//! brat standoff (`NAME.txt` + `NAME.ann`, as written by brat and shipped
//! by the PARC/PolNeAR family) to quotebench rows. Text-bound annotations
//! (`T1<TAB>Source 718 755<TAB>text`, discontinuous `1948 1958;1974 2071`)
//! give spans in characters; events (`E1<TAB>Attribution:T13 Content:T12
//! Cue:T11 Source:T10`) link them. A [`Mapping`] says which types are which.
//!
//! Two layouts: a flat directory of `NAME.txt` + `NAME.ann` pairs, or the
//! PolNeAR one (`DIR/text/NAME.txt` + `DIR/attributions/NAME_ANNOTATOR.ann`,
//! the first annotator in name order unless one is chosen).

use super::{derive_kind, is_named, refused, trim_mention, CharIndex, Entities, Imported};
use crate::error::{Error, Result};
use crate::gold::edit::{is_doc_id, QuoteRow};
use crate::model::Span;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const DEFAULT_CUES: &str = include_str!("../../../data/import/cues.txt");

/// Which cues an attribution must have to be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cues {
    /// Every attribution.
    All,
    /// Those whose cue matches the list (see `data/import/cues.txt`).
    List(BTreeSet<String>),
}

impl Cues {
    /// The default list: speech and communication verbs, `according to`.
    pub fn default_list() -> Cues {
        Cues::List(parse_list(DEFAULT_CUES))
    }

    /// True when a cue (as written) is kept; an empty cue always is.
    ///
    /// ```
    /// use quotebench::gold::import::brat::Cues;
    /// let c = Cues::default_list();
    /// assert!(c.keeps("have also said") && c.keeps("According to") && c.keeps(""));
    /// assert!(!c.keeps("allows"));
    /// ```
    pub fn keeps(&self, cue: &str) -> bool {
        let Cues::List(list) = self else {
            return true;
        };
        let cue = cue
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if cue.is_empty() || list.contains(&cue) {
            return true;
        }
        let padded = format!(" {cue} ");
        list.iter().any(|e| {
            if e.contains(' ') {
                padded.contains(&format!(" {e} "))
            } else {
                cue.split(' ')
                    .any(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == e)
            }
        })
    }
}

fn parse_list(text: &str) -> BTreeSet<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_lowercase())
        .filter(|l| !l.is_empty())
        .collect()
}

/// How discontinuous content becomes rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discontinuous {
    /// One row per fragment (the default), each recorded in the log.
    Fragments,
    /// One row from the first fragment's start to the last one's end.
    Hull,
}

/// Which brat types mean what. Defaults fit PolNeAR: entity types
/// `Source`, `Cue`, `Content`; event types `Attribution` and
/// `Attribution-no-source`; the default cue list; one row per fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// Entity types of sources.
    pub source: Vec<String>,
    /// Entity types of cues.
    pub cue: Vec<String>,
    /// Entity types of content.
    pub content: Vec<String>,
    /// Event types that link them.
    pub event: Vec<String>,
    /// Which cues to keep.
    pub cues: Cues,
    /// What to do with discontinuous content.
    pub discontinuous: Discontinuous,
    /// PolNeAR layout: which annotator's file to take (the suffix after
    /// the last `_`); `None` takes the first in name order.
    pub annotator: Option<String>,
}

impl Default for Mapping {
    fn default() -> Self {
        Mapping {
            source: vec!["Source".into()],
            cue: vec!["Cue".into()],
            content: vec!["Content".into()],
            event: vec!["Attribution".into(), "Attribution-no-source".into()],
            cues: Cues::default_list(),
            discontinuous: Discontinuous::Fragments,
            annotator: None,
        }
    }
}

impl Mapping {
    /// Sets one key (`source`, `cue`, `content`, `event`: comma-separated
    /// type names; `cues`: `default`, `all` or a file of one cue a line,
    /// relative to `base`; `discontinuous`: `fragments` or `hull`;
    /// `annotator`).
    pub fn set(&mut self, key: &str, value: &str, base: &Path) -> std::result::Result<(), String> {
        let list = || {
            value
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        match key {
            "source" => self.source = list(),
            "cue" => self.cue = list(),
            "content" => self.content = list(),
            "event" => self.event = list(),
            "annotator" => self.annotator = Some(value.trim().to_owned()),
            "cues" => {
                self.cues = match value.trim() {
                    "default" => Cues::default_list(),
                    "all" => Cues::All,
                    file => {
                        let path = base.join(file);
                        let text = std::fs::read_to_string(&path)
                            .map_err(|e| format!("cue list {}: {e}", path.display()))?;
                        Cues::List(parse_list(&text))
                    }
                }
            }
            "discontinuous" => {
                self.discontinuous = match value.trim() {
                    "fragments" => Discontinuous::Fragments,
                    "hull" => Discontinuous::Hull,
                    v => return Err(format!("discontinuous `{v}` (expected fragments or hull)")),
                }
            }
            k => {
                return Err(format!(
                    "unknown key `{k}` (expected source, cue, content, event, cues, discontinuous, annotator)"
                ))
            }
        }
        Ok(())
    }

    /// Reads a mapping file: `key = value` lines, `#` comments (keys as in
    /// [`Mapping::set`]), on top of the defaults.
    pub fn from_file(path: &Path) -> Result<Mapping> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut m = Mapping::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let Some((k, v)) = line.split_once('=') else {
                return Err(refused(
                    path,
                    format!("{}:{}: expected `key = value`", path.display(), i + 1),
                ));
            };
            m.set(k.trim(), v.trim(), base)
                .map_err(|e| refused(path, format!("{}:{}: {e}", path.display(), i + 1)))?;
        }
        Ok(m)
    }
}

/// A text-bound annotation.
#[derive(Debug, Clone)]
struct TextBound {
    kind: String,
    /// Byte spans, in file order.
    spans: Vec<Span>,
}

/// A brat event or relation: its type and `role → T id` arguments.
#[derive(Debug, Clone)]
struct Event {
    id: String,
    kind: String,
    args: Vec<String>,
    line: usize,
}

/// One document's pair of files.
struct Pair {
    id: String,
    txt: PathBuf,
    ann: Option<PathBuf>,
}

fn pairs(dir: &Path, mapping: &Mapping, log: &mut Vec<String>) -> Result<Vec<Pair>> {
    let list = |d: &Path, ext: &str| -> Result<Vec<PathBuf>> {
        let mut v = Vec::new();
        for e in std::fs::read_dir(d).map_err(|e| Error::io(d, e))? {
            let p = e.map_err(|e| Error::io(d, e))?.path();
            if p.is_file() && p.extension().is_some_and(|x| x == ext) {
                v.push(p);
            }
        }
        v.sort();
        Ok(v)
    };
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let (text_dir, ann_dir) = (dir.join("text"), dir.join("attributions"));
    let polnear = text_dir.is_dir() && ann_dir.is_dir();
    let mut out = Vec::new();
    if polnear {
        let anns = list(&ann_dir, "ann")?;
        for txt in list(&text_dir, "txt")? {
            let name = stem(&txt);
            let mine: Vec<&PathBuf> = anns
                .iter()
                .filter(|a| {
                    let s = stem(a);
                    s.rsplit_once('_').is_some_and(|(n, _)| n == name)
                })
                .collect();
            let chosen = match &mapping.annotator {
                Some(who) => mine
                    .iter()
                    .find(|a| stem(a).rsplit_once('_').is_some_and(|(_, w)| w == who))
                    .copied(),
                None => mine.first().copied(),
            };
            if mine.len() > 1 {
                log.push(format!(
                    "{name}: {} annotators' files; took {}",
                    mine.len(),
                    chosen.map_or("none".into(), |c| c.display().to_string())
                ));
            }
            out.push(Pair {
                id: name,
                txt: txt.clone(),
                ann: chosen.cloned(),
            });
        }
    } else {
        let txts = list(dir, "txt")?;
        for ann in list(dir, "ann")? {
            let t = ann.with_extension("txt");
            if !t.is_file() {
                return Err(refused(
                    &ann,
                    format!(
                        "{}: no {} beside it; brat pairs NAME.ann with NAME.txt",
                        ann.display(),
                        t.display()
                    ),
                ));
            }
        }
        for txt in txts {
            let ann = txt.with_extension("ann");
            out.push(Pair {
                id: stem(&txt),
                ann: ann.is_file().then_some(ann),
                txt,
            });
        }
    }
    if out.is_empty() {
        return Err(refused(
            dir,
            format!(
                "{}: no documents: expected NAME.txt + NAME.ann pairs, or text/ and attributions/ (the PolNeAR layout)",
                dir.display()
            ),
        ));
    }
    Ok(out)
}

/// A usable document id for a file stem: characters `gold add-doc` refuses
/// become `_`.
fn doc_id(stem: &str) -> String {
    let mut id: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !id.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) {
        id.insert(0, 'd');
    }
    id.truncate(100);
    id
}

fn parse_ann(
    path: &Path,
    text: &str,
    ann: &str,
) -> Result<(BTreeMap<String, TextBound>, Vec<Event>)> {
    let ix = CharIndex::new(text);
    let mut tbs = BTreeMap::new();
    let mut events = Vec::new();
    let at = |line: usize, msg: String| refused(path, format!("{}:{line}: {msg}", path.display()));
    for (i, raw) in ann.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim_end_matches('\r');
        if l.trim().is_empty() {
            continue;
        }
        let mut fields = l.splitn(3, '\t');
        let id = fields.next().unwrap_or("");
        let body = fields.next();
        let Some(body) = body else {
            return Err(at(
                line,
                format!(
                    "malformed line (an annotation is `ID<TAB>…`, fields separated by tabs): {:?}",
                    clip(l)
                ),
            ));
        };
        match id.chars().next() {
            Some('T') => {
                let Some(shown) = fields.next() else {
                    return Err(at(line, format!("text-bound annotation {id} has no text field")));
                };
                let (kind, offsets) = body.split_once(' ').ok_or_else(|| {
                    at(line, format!("{id}: expected `TYPE START END`, found {:?}", clip(body)))
                })?;
                let mut spans = Vec::new();
                let mut pieces = Vec::new();
                for frag in offsets.split(';') {
                    let mut nums = frag.split_whitespace().map(|n| n.parse::<usize>());
                    let (Some(Ok(a)), Some(Ok(b)), None) = (nums.next(), nums.next(), nums.next()) else {
                        return Err(at(line, format!("{id}: offsets {:?} are not `START END` pairs separated by `;`", clip(offsets))));
                    };
                    let (Some(sa), Some(sb)) = (ix.byte(a), ix.byte(b)) else {
                        return Err(at(line, format!("{id}: offsets {a} {b} are past the end of the text ({} characters)", ix.chars())));
                    };
                    if a > b {
                        return Err(at(line, format!("{id}: offsets {a} {b} are inverted")));
                    }
                    spans.push(Span::new(sa, sb));
                    pieces.push(&text[sa..sb]);
                }
                let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
                if flat(&pieces.join(" ")) != flat(shown) {
                    return Err(at(line, format!(
                        "{id}: the text at these offsets is {:?}, but the annotation says {:?} (offsets count characters, not bytes)",
                        clip(&pieces.join(" ")),
                        clip(shown)
                    )));
                }
                if tbs.insert(id.to_owned(), TextBound { kind: kind.to_owned(), spans }).is_some() {
                    return Err(at(line, format!("{id} is defined twice")));
                }
            }
            Some('E') | Some('R') => {
                let mut parts = body.split_whitespace();
                let first = parts.next().unwrap_or("");
                let (kind, mut args) = if id.starts_with('E') {
                    let (k, trigger) = first.split_once(':').ok_or_else(|| at(line, format!("{id}: expected `TYPE:TRIGGER ROLE:ID …`, found {:?}", clip(body))))?;
                    (k.to_owned(), vec![trigger.to_owned()])
                } else {
                    (first.to_owned(), Vec::new())
                };
                for p in parts {
                    let (_, target) = p.split_once(':').ok_or_else(|| at(line, format!("{id}: argument {:?} is not `ROLE:ID`", clip(p))))?;
                    args.push(target.to_owned());
                }
                events.push(Event { id: id.to_owned(), kind, args, line });
            }
            Some('A') | Some('M') | Some('N') | Some('#') | Some('*') => {}
            _ => return Err(at(line, format!("malformed line: an annotation id starts with T, E, R, A, M, N, # or *, found {:?}", clip(l)))),
        }
    }
    Ok((tbs, events))
}

/// The text of the first fragment of text-bound annotation `t`.
fn first_of(tbs: &BTreeMap<String, TextBound>, text: &str, t: &str) -> String {
    tbs.get(t)
        .and_then(|tb| tb.spans.first())
        .map_or(String::new(), |s| text[s.start..s.end].to_owned())
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Reads a brat directory (either layout) with `mapping`.
pub fn read_dir(dir: &Path, mapping: &Mapping) -> Result<Imported> {
    let mut imported = Imported::default();
    let mut entities = Entities::default();
    let mut log = Vec::new();
    let pairs = pairs(dir, mapping, &mut log)?;
    let mut kept = 0usize;
    let mut dropped = 0usize;
    for pair in pairs {
        let id = doc_id(&pair.id);
        if !is_doc_id(&id) {
            return Err(refused(
                &pair.txt,
                format!(
                    "{}: cannot make a document id of this name",
                    pair.txt.display()
                ),
            ));
        }
        if id != pair.id {
            log.push(format!("{}: document id `{id}`", pair.txt.display()));
        }
        if imported.docs.contains_key(&id) {
            return Err(refused(
                &pair.txt,
                format!(
                    "{}: document id `{id}` is taken by another file",
                    pair.txt.display()
                ),
            ));
        }
        let bytes = std::fs::read(&pair.txt).map_err(|e| Error::io(&pair.txt, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            refused(
                &pair.txt,
                format!(
                    "{}:{}: not valid UTF-8 (byte {at})",
                    pair.txt.display(),
                    crate::gold::edit::line_of(e.as_bytes(), at)
                ),
            )
        })?;
        let Some(ann_path) = &pair.ann else {
            log.push(format!("{id}: no .ann file; imported with no attributions"));
            imported.docs.insert(id, text);
            continue;
        };
        let ann = std::fs::read_to_string(ann_path).map_err(|e| Error::io(ann_path, e))?;
        let (tbs, events) = parse_ann(ann_path, &text, &ann)?;
        // Attributions: (content T, source T, cue T, event line).
        let mut found = Vec::new();
        for e in &events {
            if !mapping.event.contains(&e.kind) {
                continue;
            }
            let (mut content, mut source, mut cue) = (None, None, None);
            for a in &e.args {
                let Some(tb) = tbs.get(a) else {
                    return Err(refused(
                        ann_path,
                        format!(
                            "{}:{}: {} refers to {a}, which this file does not define",
                            ann_path.display(),
                            e.line,
                            e.id
                        ),
                    ));
                };
                if mapping.content.contains(&tb.kind) {
                    content = Some(a.as_str());
                } else if mapping.source.contains(&tb.kind) {
                    source = Some(a.as_str());
                } else if mapping.cue.contains(&tb.kind) {
                    cue = Some(a.as_str());
                }
            }
            let Some(content) = content else {
                log.push(format!(
                    "{id}: {} ({}:{}) has no content ({}); skipped",
                    e.id,
                    ann_path.display(),
                    e.line,
                    mapping.content.join(", ")
                ));
                continue;
            };
            let cue_text = cue.map(|c| first_of(&tbs, &text, c)).unwrap_or_default();
            if !mapping.cues.keeps(&cue_text) {
                dropped += 1;
                log.push(format!(
                    "{id}: {} dropped: cue `{cue_text}` is not in the cue list",
                    e.id
                ));
                continue;
            }
            found.push((e, content, source, cue_text));
        }
        let first_text = |t: &str| -> String {
            tbs.get(t)
                .and_then(|tb| tb.spans.first())
                .map_or(String::new(), |s| text[s.start..s.end].to_owned())
        };
        let mentions: Vec<String> = found
            .iter()
            .filter_map(|(_, _, s, _)| s.map(&first_text))
            .filter(|m| is_named(m))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let ids = entities.resolve_doc(&id, &mentions, &mut log);
        let who: BTreeMap<&str, &str> = mentions
            .iter()
            .map(String::as_str)
            .zip(ids.iter().map(String::as_str))
            .collect();
        let mut rows: BTreeMap<(usize, usize), (QuoteRow, usize)> = BTreeMap::new();
        for (e, content, source, cue_text) in found {
            let mention = source.map(&first_text).unwrap_or_default();
            let speaker = who
                .get(mention.as_str())
                .map_or(String::new(), |s| (*s).to_owned());
            if speaker.is_empty() && !mention.trim().is_empty() {
                log.push(format!(
                    "{id}: {}: source `{}` is a pronoun or description: unknown speaker",
                    e.id,
                    clip(&mention)
                ));
            }
            let tb = &tbs[content];
            let spans: Vec<Span> = match (mapping.discontinuous, tb.spans.len()) {
                (_, 1) => tb.spans.clone(),
                (Discontinuous::Hull, _) => vec![Span::new(
                    tb.spans[0].start,
                    tb.spans[tb.spans.len() - 1].end,
                )],
                (Discontinuous::Fragments, n) => {
                    log.push(format!(
                        "{id}: {} content {content} is discontinuous: {n} rows, one per fragment ({})",
                        e.id,
                        tb.spans.iter().map(|s| format!("bytes {s}")).collect::<Vec<_>>().join(", ")
                    ));
                    tb.spans.clone()
                }
            };
            for s in spans {
                let Some((span, kind)) = derive_kind(&text, s) else {
                    log.push(format!(
                        "{id}: {} content {content}: an empty fragment at bytes {s}; skipped",
                        e.id
                    ));
                    continue;
                };
                let row = QuoteRow {
                    doc: id.clone(),
                    start: span.start,
                    end: span.end,
                    kind: kind.as_str().to_owned(),
                    speaker: speaker.clone(),
                    cue: trim_mention(&cue_text).to_owned(),
                    mention: trim_mention(&mention).to_owned(),
                    text: text[span.start..span.end].to_owned(),
                };
                match rows.get(&(span.start, span.end)) {
                    Some((r, _)) if r.speaker == row.speaker && r.kind == row.kind => {
                        log.push(format!(
                            "{id}: {} repeats the row of bytes {span}; kept once",
                            e.id
                        ));
                    }
                    Some((r, line)) => {
                        return Err(refused(ann_path, format!(
                            "{}:{}: {} labels bytes {span} again (first at line {line}, speaker `{}`); a span has one row",
                            ann_path.display(), e.line, e.id, r.speaker
                        )));
                    }
                    None => {
                        rows.insert((span.start, span.end), (row, e.line));
                        kept += 1;
                    }
                }
            }
        }
        imported.quotes.extend(rows.into_values().map(|(r, _)| r));
        imported.docs.insert(id, text);
    }
    log.push(format!(
        "{kept} row(s) imported, {dropped} attribution(s) dropped by the cue list"
    ));
    imported.speakers = entities.into_rows();
    imported.log = log;
    Ok(imported)
}
