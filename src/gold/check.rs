//! `gold check`: every problem in the seeds and gold files, each with a
//! stable id, a file and a line, in the manner of the UD validator. Only an
//! unreadable file is an [`crate::Error`]; everything else is a [`Diagnostic`].
//!
//! Ids: `bad-header`, `bad-field-count`, `invalid-utf8`, `bad-offset`,
//! `offset-out-of-range`, `empty-span`, `not-char-boundary`,
//! `span-text-mismatch`, `unknown-doc`, `unknown-kind`, `unknown-speaker`,
//! `duplicate-row`, `unsorted`, `bad-speaker-id`, `empty-name`,
//! `duplicate-speaker`, `alias-collision`, `no-seeds`, and the warnings
//! `unused-speaker` and `unlinked-no-mention` (a row whose speaker is
//! unknown, the `speaker` column empty, and whose `mention` is empty too:
//! nothing says who spoke; see [`crate::model::GoldQuote::speaker_known`]). (`bad-csv` is kept for readers that can fail; reading
//! from memory, the csv crate cannot.)

use super::crlf::Crlf;
use super::{
    content_hash, read, seed_files, Corpus, QUOTES_FILE, QUOTES_HEADER, SPEAKERS_FILE,
    SPEAKERS_HEADER,
};
use crate::error::Result;
use crate::model::{Document, GoldQuote, Kind, MentionType, Span, Speaker};
use crate::score::normalize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The gold set cannot be used as it is.
    Error,
    /// Worth a look; the gold set still loads.
    Warning,
}

/// One problem, at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// The line, 1-based, when the problem has one.
    pub line: Option<u64>,
    /// Stable kebab-case id, e.g. `span-text-mismatch`.
    pub id: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}: ", self.id)?;
        if self.severity == Severity::Warning {
            write!(f, "warning: ")?;
        }
        f.write_str(&self.message)
    }
}

/// What `gold check` found: the diagnostics, and the corpus built from the
/// rows that were valid.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// Every problem, in file then line order.
    pub diagnostics: Vec<Diagnostic>,
    /// The valid part of the gold set.
    pub corpus: Corpus,
    /// Files a CRLF checkout converted (seeds and gold CSVs), which
    /// `gold fmt` turns back into LF.
    pub converted: Vec<PathBuf>,
}

impl CheckReport {
    /// Number of diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// True when there is no error (warnings allowed).
    pub fn passed(&self) -> bool {
        self.count(Severity::Error) == 0
    }

    /// The last line of `gold check`: `PASSED` or `FAILED: N errors, M warnings`.
    pub fn verdict(&self) -> String {
        if self.passed() {
            match self.count(Severity::Warning) {
                0 => "PASSED".to_string(),
                w => format!("PASSED with {w} warning(s)"),
            }
        } else {
            format!(
                "FAILED: {} errors, {} warnings",
                self.count(Severity::Error),
                self.count(Severity::Warning)
            )
        }
    }
}

struct Sink {
    diagnostics: Vec<Diagnostic>,
}

impl Sink {
    fn push(
        &mut self,
        file: &Path,
        line: Option<u64>,
        id: &'static str,
        severity: Severity,
        message: String,
    ) {
        self.diagnostics.push(Diagnostic {
            file: file.to_path_buf(),
            line,
            id,
            severity,
            message,
        });
    }
    fn error(&mut self, file: &Path, line: u64, id: &'static str, message: String) {
        self.push(file, Some(line), id, Severity::Error, message);
    }
}

/// Checks the seeds in `seeds` and the gold files in `gold`. Fails only
/// when a directory or file cannot be read at all.
pub fn check(seeds: &Path, gold: &Path) -> Result<CheckReport> {
    let mut sink = Sink {
        diagnostics: Vec::new(),
    };
    let quotes_path = gold.join(QUOTES_FILE);
    let speakers_path = gold.join(SPEAKERS_FILE);
    let quotes_bytes = read_gold_file(seeds, &quotes_path)?;
    let speakers_bytes = read_gold_file(seeds, &speakers_path)?;

    // Seeds: valid UTF-8, else reported at the line of the first bad byte.
    let mut raw_seeds: Vec<(String, Vec<u8>)> = Vec::new();
    let mut docs = BTreeMap::new();
    let mut bad_docs = BTreeSet::new();
    let files = seed_files(seeds)?;
    if files.is_empty() {
        sink.push(
            seeds,
            None,
            "no-seeds",
            Severity::Error,
            "no seed articles (*.txt) in this directory".into(),
        );
    }
    let mut seed_paths: Vec<(String, PathBuf)> = Vec::new();
    for path in files {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        seed_paths.push((id.clone(), path.clone()));
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            sink.push(
                &path,
                None,
                "symlinked-seed",
                Severity::Error,
                "a seed must be a regular file, not a symbolic link (its target can change, or lie outside the gold set); copy the article in with `quotebench gold add-doc`".into(),
            );
            bad_docs.insert(id);
            continue;
        }
        if !super::edit::is_doc_id(&id) {
            sink.push(
                &path,
                None,
                "bad-doc-id",
                Severity::Warning,
                format!("`{id}` is not a usable document id (ASCII letters, digits, `_`, `-` and `.`, starting with a letter or digit); is this file an article?"),
            );
        }
        let len = std::fs::metadata(&path).map_or(0, |m| m.len());
        if len > crate::limits::MAX_DOC_BYTES as u64 {
            sink.push(
                &path,
                None,
                "doc-too-large",
                Severity::Error,
                crate::limits::too_large("the article", usize::try_from(len).unwrap_or(usize::MAX)),
            );
            bad_docs.insert(id);
            continue;
        }
        let bytes = read(&path)?;
        match std::str::from_utf8(&bytes) {
            Ok(text) => {
                docs.insert(
                    id.clone(),
                    Document {
                        id: id.clone(),
                        text: text.to_owned(),
                    },
                );
            }
            Err(e) => {
                let at = e.valid_up_to();
                let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64;
                sink.error(
                    &path,
                    line,
                    "invalid-utf8",
                    format!("the article is not valid UTF-8 (byte {at})"),
                );
                bad_docs.insert(id.clone());
            }
        }
        raw_seeds.push((id, bytes));
    }

    let mut crlf = Crlf::new(
        seed_paths.iter().filter_map(|(id, p)| {
            docs.get(id)
                .map(|d| (id.as_str(), p.as_path(), d.text.as_str()))
        }),
        [
            (&quotes_path, &quotes_bytes),
            (&speakers_path, &speakers_bytes),
        ],
    );
    let speakers = check_speakers(&speakers_path, &speakers_bytes, &mut sink);
    let (quotes, named) = check_quotes(
        &quotes_path,
        &quotes_bytes,
        &docs,
        &bad_docs,
        speakers.as_ref(),
        &mut crlf,
        &mut sink,
    );
    let (explained, converted) = crlf.finish(seeds, &super::edit::corpus_flags(seeds, gold));
    sink.diagnostics.extend(explained);
    let speakers = speakers.unwrap_or_default();

    // Speakers named by any row count as used, valid row or not, so that one
    // broken row does not cascade into warnings; a quotes.csv that could not
    // be read at all (`named` is None) says nothing about use.
    for (id, (line, _)) in &speakers {
        if named.as_ref().is_some_and(|(n, _)| !n.contains(id)) {
            sink.push(
                &speakers_path,
                Some(*line),
                "unused-speaker",
                Severity::Warning,
                format!("speaker `{id}` is not the speaker of any quote"),
            );
        }
    }
    if let Some((named, labelled)) = &named {
        // Rows of a document, valid or not, count: a broken row has its own error.
        if named.is_empty() {
            sink.push(
                &quotes_path,
                None,
                "no-quotes",
                Severity::Warning,
                "the gold set has no attributions (header only): there is nothing to score yet; label some with `quotebench gold add`".into(),
            );
        } else {
            for (id, path) in &seed_paths {
                if docs.contains_key(id) && !labelled.contains(id) {
                    sink.push(
                        path,
                        None,
                        "unlabelled-doc",
                        Severity::Warning,
                        format!("document `{id}` has no row in quotes.csv: every quote a strategy finds in it counts as spurious end to end; label it, or move the file out of the seeds if it is not an article"),
                    );
                }
            }
        }
    }

    let hash = content_hash(
        raw_seeds.iter().map(|(id, b)| (id.as_str(), b.as_slice())),
        &quotes_bytes,
        &speakers_bytes,
    );
    let mut diagnostics = sink.diagnostics;
    diagnostics.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(CheckReport {
        converted,
        diagnostics,
        corpus: Corpus {
            docs,
            speakers: speakers.into_iter().map(|(id, (_, s))| (id, s)).collect(),
            quotes,
            hash,
            name: "custom".to_string(),
        },
    })
}

/// Reads a gold CSV; a missing one says how to start a gold set.
fn read_gold_file(seeds: &Path, path: &Path) -> Result<Vec<u8>> {
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(crate::Error::io(
            path,
            std::io::Error::new(
                e.kind(),
                format!(
                    "no such file; start a new gold set with `quotebench gold init{}`",
                    super::edit::corpus_flags(seeds, path.parent().unwrap_or(Path::new("")))
                ),
            ),
        )),
        other => other.map_err(|e| crate::Error::io(path, e)),
    }
}

/// Reads CSV records as bytes so that a bad byte is a diagnostic, not a failure.
fn records(
    path: &Path,
    bytes: &[u8],
    header: &[&str],
    sink: &mut Sink,
) -> Option<Vec<(u64, Vec<String>)>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut out = Vec::new();
    let mut first = true;
    for result in reader.byte_records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(bytes, p));
                sink.error(path, line, "bad-csv", format!("unreadable CSV: {e}"));
                break;
            }
        };
        let line = record.position().map_or(0, |p| line_at(bytes, p));
        let mut fields = Vec::with_capacity(record.len());
        let mut utf8_ok = true;
        for (i, field) in record.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(s) => fields.push(s.to_owned()),
                Err(e) => {
                    sink.error(
                        path,
                        line,
                        "invalid-utf8",
                        format!(
                            "field {} is not valid UTF-8 (byte {} of the field)",
                            i + 1,
                            e.valid_up_to()
                        ),
                    );
                    utf8_ok = false;
                    break;
                }
            }
        }
        if first {
            first = false;
            if !utf8_ok || fields != header {
                sink.error(
                    path,
                    line,
                    "bad-header",
                    format!(
                        "the header must be `{}`, found `{}`",
                        header.join(","),
                        fields.join(",")
                    ),
                );
                return None;
            }
            continue;
        }
        if !utf8_ok {
            continue;
        }
        if fields.len() != header.len() {
            sink.error(
                path,
                line,
                "bad-field-count",
                format!("expected {} fields, found {}", header.len(), fields.len()),
            );
            continue;
        }
        out.push((line, fields));
    }
    if first {
        sink.error(
            path,
            1,
            "bad-header",
            format!(
                "the file is empty; the header must be `{}`",
                header.join(",")
            ),
        );
        return None;
    }
    Some(out)
}

/// The 1-based line where a record starts, counted on the bytes: the csv
/// crate's own line count is one too low after `\r\n` line ends.
pub(crate) fn line_at(bytes: &[u8], position: &csv::Position) -> u64 {
    let mut at = usize::try_from(position.byte()).map_or(bytes.len(), |b| b.min(bytes.len()));
    // After `\r`, the record's position is the `\n` that ends the line before.
    if at > 0 && bytes[at - 1] == b'\r' && bytes.get(at) == Some(&b'\n') {
        at += 1;
    }
    1 + memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64
}

fn is_snake_case(id: &str) -> bool {
    !id.is_empty()
        && id.as_bytes()[0].is_ascii_lowercase()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !id.ends_with('_')
        && !id.contains("__")
}

/// What is wrong with a speaker's name or aliases, if anything: a line
/// break or other control character, a `|` in the name (the alias
/// separator), or a pronoun as an alias (GUIDELINES: aliases are names,
/// never pronouns).
pub fn name_problem(name: &str, aliases: &[String]) -> Option<String> {
    for n in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
        if n.chars().any(char::is_control) {
            return Some(format!(
                "name {n:?} contains a line break or another control character"
            ));
        }
    }
    if name.contains('|') {
        return Some(format!(
            "name {name:?} contains `|`, the alias separator; put other names in the aliases column"
        ));
    }
    if let Some(a) = aliases
        .iter()
        .find(|a| crate::name::is_pronoun(&normalize(a)))
    {
        return Some(format!(
            "alias `{a}` is a pronoun; aliases are names of the entity (a pronoun mention goes in the mention column of quotes.csv)"
        ));
    }
    None
}

/// Splits the aliases column on `|`, dropping empty parts.
pub fn split_aliases(aliases: &str) -> Vec<String> {
    aliases
        .split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect()
}

fn check_speakers(
    path: &Path,
    bytes: &[u8],
    sink: &mut Sink,
) -> Option<BTreeMap<String, (u64, Speaker)>> {
    let mut speakers: BTreeMap<String, (u64, Speaker)> = BTreeMap::new();
    // normalised name -> speaker id that uses it
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut previous: Option<String> = None;
    for (line, f) in records(path, bytes, &SPEAKERS_HEADER, sink)? {
        let (id, name, aliases) = (f[0].as_str(), f[1].trim(), split_aliases(&f[2]));
        if !is_snake_case(id) {
            sink.error(
                path,
                line,
                "bad-speaker-id",
                format!("speaker id `{id}` is not snake_case (a-z, 0-9, single underscores)"),
            );
            continue;
        }
        if name.is_empty() {
            sink.error(
                path,
                line,
                "empty-name",
                format!("speaker `{id}` has no name"),
            );
            continue;
        }
        if let Some(problem) = name_problem(name, &aliases) {
            sink.error(path, line, "bad-name", format!("speaker `{id}`: {problem}"));
            continue;
        }
        if let Some((first, _)) = speakers.get(id) {
            sink.error(
                path,
                line,
                "duplicate-speaker",
                format!("speaker id `{id}` is already defined at line {first}"),
            );
            continue;
        }
        if previous.as_deref().is_some_and(|p| p > id) {
            sink.error(
                path,
                line,
                "unsorted",
                format!(
                    "speakers must be sorted by id: `{id}` comes after `{}`",
                    previous.as_deref().unwrap_or_default()
                ),
            );
        }
        previous = Some(id.to_owned());
        let mut own = BTreeSet::new();
        for n in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
            let key = normalize(n);
            if !own.insert(key.clone()) {
                continue; // the same entity listing a name twice is harmless
            }
            if let Some(other) = names.get(&key) {
                sink.error(
                    path,
                    line,
                    "alias-collision",
                    format!("name `{n}` of `{id}` is also a name of `{other}`"),
                );
            } else {
                names.insert(key, id.to_owned());
            }
        }
        speakers.insert(
            id.to_owned(),
            (
                line,
                Speaker {
                    id: id.to_owned(),
                    name: name.to_owned(),
                    aliases,
                },
            ),
        );
    }
    Some(speakers)
}

/// The speakers and the documents that rows of quotes.csv name.
type Named = (BTreeSet<String>, BTreeSet<String>);

fn check_quotes(
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
