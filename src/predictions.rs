//! Prediction files: what a system that ran elsewhere predicted, one JSON
//! object per line, `{"doc":"ID","start":N,"end":N,"speaker":"Name"|null}`
//! (UTF-8 byte offsets), the records `extract` writes. [`load`] reads and
//! checks a file against a corpus for a task and returns per-document
//! predictions for [`crate::score::score_predictions`].
//!
//! Every problem is an [`Error::PredictionFile`] naming the file and line.
//! Extra fields (`quote`, `text`, …) are ignored; `kind`, when present, must
//! be `direct`, `partial`, `indirect` or null and is recorded.
//!
//! For the attribution task each line names a gold span exactly; a gold span
//! with no line is an abstention. For end-to-end, any span inside the text
//! on character boundaries counts. A file is recorded in the signature as
//! `file:STEM@HASH`: its file stem and the first 8 hex digits of the SHA-256
//! of its bytes, so that the "version" changes whenever the predictions do.

use crate::error::{Error, Result};
use crate::gold::Corpus;
use crate::jsonl::{self, LineError};
use crate::model::{Prediction, Span};
use crate::score::{DocPredictions, Scored, Settings, Task};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The prefix of a prediction file's strategy name in signatures.
pub const PREFIX: &str = "file:";

/// A checked prediction file.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictionFile {
    /// `file:STEM@HASH`.
    pub label: String,
    /// One entry per document of the corpus.
    pub predictions: BTreeMap<String, DocPredictions>,
}

/// The stem of a file's name, for its label.
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().replace(['|', '@', ' '], "_"))
        .unwrap_or_else(|| "predictions".into())
}

/// The label of a file whose bytes could not be read or checked:
/// `file:STEM@?`.
pub fn provisional_label(path: &Path) -> String {
    format!("{PREFIX}{}@?", stem(path))
}

/// The label of a file with these bytes: `file:STEM@HASH`.
///
/// ```
/// use std::path::Path;
/// let l = quotebench::predictions::label(Path::new("runs/spacy.jsonl"), b"");
/// assert_eq!(l, "file:spacy@e3b0c442");
/// ```
pub fn label(path: &Path, bytes: &[u8]) -> String {
    let hash: String = Sha256::digest(bytes)
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{PREFIX}{}@{hash}", stem(path))
}

/// Reads `path` and checks it against `corpus` for `task`.
pub fn load(path: &Path, corpus: &Corpus, task: Task) -> Result<PredictionFile> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(PredictionFile {
        label: label(path, &bytes),
        predictions: parse(&bytes, path, corpus, task)?,
    })
}

/// Reads, checks and scores a prediction file.
pub fn evaluate(path: &Path, corpus: &Corpus, task: Task, settings: &Settings) -> Result<Scored> {
    settings.validate()?;
    let file = load(path, corpus, task)?;
    crate::score::score_predictions(corpus, task, settings, &file.label, &file.predictions)
}

/// Checks the lines of a prediction file; `path` only names it in errors.
pub fn parse(
    bytes: &[u8],
    path: &Path,
    corpus: &Corpus,
    task: Task,
) -> Result<BTreeMap<String, DocPredictions>> {
    let err = |line: usize, message: String| Error::PredictionFile {
        path: path.to_path_buf(),
        line,
        message,
    };
    // (doc, span) → line of the prediction, to catch duplicates.
    let mut seen: HashMap<(String, Span), usize> = HashMap::new();
    let mut answers: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    let mut quotes: BTreeMap<String, Vec<Prediction>> = BTreeMap::new();
    for id in corpus.docs.keys() {
        match task {
            Task::Attribution => {
                answers.insert(id.clone(), vec![None; corpus.quotes_of(id).count()]);
            }
            Task::EndToEnd => {
                quotes.insert(id.clone(), Vec::new());
            }
        }
    }
    // A byte-order mark is accepted at the start, as in the gold CSVs.
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut lines = 0usize;
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = i + 1;
        let raw = jsonl::chomp(raw);
        if jsonl::is_blank(raw) {
            continue;
        }
        lines += 1;
        let obj = jsonl::parse_object(raw).map_err(|e| {
            let reason = match e {
                LineError::NotJson(r) => r,
                LineError::NotObject => "JSON, but not an object".into(),
            };
            err(
                line,
                format!("not a JSON object ({reason}): `{}`", jsonl::line_start(raw)),
            )
        })?;
        let doc = jsonl::string(&obj, "doc").map_err(|m| err(line, m))?;
        let span = Span::new(
            jsonl::offset(&obj, "start").map_err(|m| err(line, m))?,
            jsonl::offset(&obj, "end").map_err(|m| err(line, m))?,
        );
        let speaker = jsonl::speaker(&obj).map_err(|m| err(line, m))?;
        let kind = jsonl::kind(&obj).map_err(|m| err(line, m))?;
        let Some(d) = corpus.docs.get(doc) else {
            let suggestion = crate::strategy::suggest(doc, corpus.docs.keys().map(String::as_str))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(err(
                line,
                format!("document `{doc}` is not in the corpus{suggestion}"),
            ));
        };
        if let Some(problem) = jsonl::span_problem(&d.text, span) {
            return Err(err(line, format!("document `{doc}`: {problem}")));
        }
        if let Some(first) = seen.insert((doc.to_owned(), span), line) {
            return Err(err(
                line,
                format!("a second prediction for span {span} of document `{doc}` (the first is on line {first})"),
            ));
        }
        match task {
            Task::Attribution => {
                let Some(k) = corpus.quotes_of(doc).position(|q| q.span == span) else {
                    return Err(err(
                        line,
                        format!(
                            "span {span} of document `{doc}` is not a gold span; for the attribution task every line names a gold span exactly (score found spans with --task end-to-end)"
                        ),
                    ));
                };
                if let Some(slot) = answers.get_mut(doc).and_then(|a| a.get_mut(k)) {
                    *slot = speaker;
                }
            }
            Task::EndToEnd => {
                quotes.entry(doc.to_owned()).or_default().push(Prediction {
                    span,
                    kind,
                    speaker,
                });
            }
        }
    }
    if lines == 0 {
        return Err(Error::BadResult {
            path: path.to_path_buf(),
            message: match task {
                Task::Attribution => "the prediction file has no predictions (it is empty or blank), which would score as an abstention on every quote; write one line per gold span (`\"speaker\": null` to abstain on purpose)".into(),
                Task::EndToEnd => "the prediction file has no predictions (it is empty or blank), which would score as finding nothing; check that the system wrote its output".into(),
            },
        });
    }
    Ok(match task {
        Task::Attribution => answers
            .into_iter()
            .map(|(d, a)| (d, DocPredictions::Answers(a)))
            .collect(),
        Task::EndToEnd => quotes
            .into_iter()
            .map(|(d, q)| (d, DocPredictions::Quotes(q)))
            .collect(),
    })
}
