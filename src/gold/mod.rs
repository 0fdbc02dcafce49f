//! The gold set: loading the seed articles and the labels in gold/, checking
//! them ([`check()`]), summarising them ([`stats`]), and growing them safely
//! ([`edit`], [`suggest`]). Scoring lives in [`crate::score`].

pub mod check;
pub mod corpora;
pub mod crlf;
pub mod edit;
pub mod export;
pub mod fmt;
pub mod import;
pub mod lock;
pub mod marks;
pub mod near;
pub mod rows;
pub mod seed_edit;
pub mod speaker_edit;
pub mod stats;
mod subset;
pub mod suggest;
pub mod transcript;

pub use check::{check, CheckReport, Diagnostic, Severity};

use crate::error::{Error, Result};
use crate::model::{Document, GoldQuote, Speaker};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The header of gold/quotes.csv.
pub const QUOTES_HEADER: [&str; 8] = [
    "doc", "start", "end", "kind", "speaker", "cue", "mention", "text",
];
/// The header of gold/speakers.csv.
pub const SPEAKERS_HEADER: [&str; 3] = ["id", "name", "aliases"];
/// File name of the attributions inside the gold directory.
pub const QUOTES_FILE: &str = "quotes.csv";
/// File name of the entities inside the gold directory.
pub const SPEAKERS_FILE: &str = "speakers.csv";
/// Extension of seed articles.
pub const SEED_EXT: &str = "txt";

/// A validated gold set: documents, speakers and attributions.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Documents by id.
    pub docs: BTreeMap<String, Document>,
    /// Speakers by id.
    pub speakers: BTreeMap<String, Speaker>,
    /// Attributions, sorted by doc, start, end.
    pub quotes: Vec<GoldQuote>,
    /// Short content hash of seeds and gold files, for signatures.
    pub hash: String,
    /// The corpus's name in signatures: `seeds`, `dev-train`, `dev-test`,
    /// `dev`, `all` ([`corpora`]), or `custom` for directories given by hand.
    pub name: String,
}

impl Corpus {
    /// The gold quotes of one document, in order.
    pub fn quotes_of<'a>(&'a self, doc: &'a str) -> impl Iterator<Item = &'a GoldQuote> + 'a {
        self.quotes.iter().filter(move |q| q.doc == doc)
    }

    /// Total bytes of text in the corpus.
    pub fn total_bytes(&self) -> usize {
        self.docs.values().map(|d| d.text.len()).sum()
    }
}

/// Loads and checks one gold set (named `custom`; [`corpora::load_named`]
/// loads a shipped corpus by name); fails with [`Error::InvalidGold`] when
/// `gold check` would report an error (warnings are allowed).
pub fn load(seeds: &Path, gold: &Path) -> Result<Corpus> {
    let report = check(seeds, gold)?;
    let errors: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if let Some(first) = errors.first() {
        return Err(Error::InvalidGold {
            gold: gold.to_path_buf(),
            errors: errors.len(),
            first: first.to_string(),
        });
    }
    Ok(report.corpus)
}

/// Reads a file, naming it in the error.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Lists the seed files (`*.txt`) of a directory, sorted by name.
pub(crate) fn seed_files(seeds: &Path) -> Result<Vec<std::path::PathBuf>> {
    let entries = std::fs::read_dir(seeds).map_err(|e| Error::io(seeds, e))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(seeds, e))?.path();
        if path.is_file() && path.extension().is_some_and(|x| x == SEED_EXT) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Content hash over the seeds (id and bytes, in id order) and both gold files.
pub(crate) fn content_hash<'a>(
    seeds: impl Iterator<Item = (&'a str, &'a [u8])>,
    quotes: &[u8],
    speakers: &[u8],
) -> String {
    let mut h = Sha256::new();
    for (id, bytes) in seeds {
        h.update((id.len() as u64).to_le_bytes());
        h.update(id.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    for part in [quotes, speakers] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize()
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}
