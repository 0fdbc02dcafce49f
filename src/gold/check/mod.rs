//! `gold check`: every problem in the seeds and gold files, each with a
//! stable id, a file and a line, in the manner of the UD validator. Only an
//! unreadable file is an [`crate::Error`]; everything else is a [`Diagnostic`].
//!
//! Ids: `bad-header`, `bad-field-count`, `invalid-utf8`, `bad-offset`,
//! `offset-out-of-range`, `empty-span`, `not-char-boundary`,
//! `span-text-mismatch`, `unknown-doc`, `unknown-kind`, `kind-marks`, `unknown-speaker`,
//! `duplicate-row`, `unsorted`, `bad-speaker-id`, `empty-name`,
//! `duplicate-speaker`, `alias-collision`, `no-seeds`, and the warnings
//! `unused-speaker` and `unlinked-no-mention` (a row whose speaker is
//! unknown, the `speaker` column empty, and whose `mention` is empty too:
//! nothing says who spoke; see [`crate::model::GoldQuote::speaker_known`]). (`bad-csv` is kept for readers that can fail; reading
//! from memory, the csv crate cannot.)
//!
//! The checks of each file's rows live in `check/speakers.rs` and `check/quotes.rs`.

mod quotes;
mod speakers;

use super::crlf::Crlf;
use super::{content_hash, read, seed_files, Corpus, QUOTES_FILE, SPEAKERS_FILE};
use crate::error::Result;
use crate::model::Document;
use quotes::check_quotes;
pub use quotes::parse_offset;
use speakers::check_speakers;
pub use speakers::{name_problem, shared_names, split_aliases, SharedName};
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
    let lines: BTreeMap<String, u64> = speakers
        .iter()
        .map(|(id, (line, _))| (id.clone(), *line))
        .collect();
    let corpus = Corpus {
        docs,
        speakers: speakers.into_iter().map(|(id, (_, s))| (id, s)).collect(),
        quotes,
        hash,
        name: "custom".to_string(),
    };
    // A name two entities share is a problem only inside one document.
    for shared in shared_names(&corpus) {
        sink.push(
            &speakers_path,
            lines.get(&shared.second).copied(),
            "alias-collision",
            Severity::Error,
            shared.message(),
        );
    }
    let mut diagnostics = sink.diagnostics;
    diagnostics.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(CheckReport {
        converted,
        diagnostics,
        corpus,
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
