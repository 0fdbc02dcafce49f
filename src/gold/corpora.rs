//! The corpora quotebench ships, by name (`seeds`, `dev-train`, `dev-test`,
//! `dev`, `all`), and loading one as a single [`Corpus`]: a corpus made of
//! several parts is their documents, speakers and attributions together.
//!
//! Each part is an ordinary gold set (a directory of `*.txt` articles and a
//! directory holding quotes.csv and speakers.csv) and is checked on its own
//! before the parts are joined; a document id or a speaker id that two parts
//! define differently is an error, never a silent merge, and so is a name
//! that the join makes two entities of one document share (an entity of
//! one part named in another part's article by a name it shares with that
//! article's speaker: see [`super::check::shared_names`]).

use super::{load, Corpus};
use crate::error::{Error, Result};
use crate::model::Speaker;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// One gold set on disk: articles and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// The part's own name (`seeds`, `dev-train`, `dev-test`).
    pub name: &'static str,
    /// Directory of the articles, relative to the repository root.
    pub seeds: &'static str,
    /// Directory of quotes.csv and speakers.csv, relative to the root.
    pub gold: &'static str,
    /// Held out: tuned strategies must not be shown its quotes one by one,
    /// so `check` reports only its counts and metrics.
    pub held_out: bool,
}

/// The benchmark's reference set: five articles, the gold labels in gold/.
pub const SEEDS: Part = Part {
    name: "seeds",
    seeds: "seeds",
    gold: "gold",
    held_out: false,
};
/// The development corpus's tuning part.
pub const DEV_TRAIN: Part = Part {
    name: "dev-train",
    seeds: "dev/train/seeds",
    gold: "dev/train/gold",
    held_out: false,
};
/// The development corpus's held-out part: written and labelled first, and
/// not looked at while strategies change.
pub const DEV_TEST: Part = Part {
    name: "dev-test",
    seeds: "dev/test/seeds",
    gold: "dev/test/gold",
    held_out: true,
};

/// Every part, in the order a combined corpus lists them.
pub const PARTS: [Part; 3] = [SEEDS, DEV_TRAIN, DEV_TEST];

/// The corpus names `--corpus` takes, with the parts each is made of.
pub const NAMES: [(&str, &[Part]); 5] = [
    ("seeds", &[SEEDS]),
    ("dev-train", &[DEV_TRAIN]),
    ("dev-test", &[DEV_TEST]),
    ("dev", &[DEV_TRAIN, DEV_TEST]),
    ("all", &[SEEDS, DEV_TRAIN, DEV_TEST]),
];

/// The parts of the corpus called `name`, or an error listing the names.
pub fn parts(name: &str) -> Result<&'static [Part]> {
    NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| *p)
        .ok_or_else(|| Error::UnknownCorpus {
            name: name.to_string(),
            known: NAMES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
        })
}

/// Loads the corpus called `name`, its directories taken relative to `root`.
pub fn load_named(root: &Path, name: &str) -> Result<Corpus> {
    let parts = parts(name)?;
    let dirs: Vec<(PathBuf, PathBuf)> = parts
        .iter()
        .map(|p| (root.join(p.seeds), root.join(p.gold)))
        .collect();
    let mut corpus = load_parts(&dirs)?;
    corpus.name = name.to_string();
    Ok(corpus)
}

/// Loads several gold sets (`(seeds, gold)` directory pairs) as one corpus
/// named `custom`. One part is exactly [`load`]; more are joined, with a
/// content hash over the parts' hashes.
pub fn load_parts(dirs: &[(PathBuf, PathBuf)]) -> Result<Corpus> {
    let mut loaded = Vec::with_capacity(dirs.len());
    for (seeds, gold) in dirs {
        loaded.push((gold.clone(), load(seeds, gold)?));
    }
    let mut iter = loaded.into_iter();
    let Some((_, mut joined)) = iter.next() else {
        return Err(Error::UnknownCorpus {
            name: String::new(),
            known: "a corpus needs at least one part".into(),
        });
    };
    let mut hasher = Sha256::new();
    hasher.update(joined.hash.as_bytes());
    let mut many = false;
    // Which part's gold directory each document came from, for messages.
    let mut gold_of: std::collections::BTreeMap<String, PathBuf> = joined
        .docs
        .keys()
        .map(|id| (id.clone(), dirs[0].1.clone()))
        .collect();
    for (gold, part) in iter {
        many = true;
        hasher.update(part.hash.as_bytes());
        for id in part.docs.keys() {
            gold_of.insert(id.clone(), gold.clone());
        }
        for (id, doc) in part.docs {
            if joined.docs.contains_key(&id) {
                return Err(Error::CorpusClash {
                    gold,
                    what: format!("document `{id}` is also in an earlier part"),
                });
            }
            joined.docs.insert(id, doc);
        }
        for (id, speaker) in part.speakers {
            match joined.speakers.get(&id) {
                Some(s) if !same_speaker(s, &speaker) => {
                    return Err(Error::CorpusClash {
                        gold,
                        what: format!(
                            "speaker `{id}` is defined differently in an earlier part; give one of them another id"
                        ),
                    })
                }
                Some(_) => {}
                None => {
                    joined.speakers.insert(id, speaker);
                }
            }
        }
        joined.quotes.extend(part.quotes);
    }
    if many {
        // Each part passed `gold check`, so a shared name in one document
        // is one that only the join brings in.
        if let Some(shared) = super::check::shared_names(&joined).into_iter().next() {
            let doc = shared.docs.first().cloned().unwrap_or_default();
            return Err(Error::CorpusClash {
                gold: gold_of.get(&doc).cloned().unwrap_or_default(),
                what: format!("joined with the other parts, {}", shared.message()),
            });
        }
        // Each document is in one part, whose rows are in order already: a
        // stable sort by document keeps them so.
        joined.quotes.sort_by(|a, b| a.doc.cmp(&b.doc));
        joined.hash = hasher
            .finalize()
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect();
    }
    joined.name = "custom".to_string();
    Ok(joined)
}

fn same_speaker(a: &Speaker, b: &Speaker) -> bool {
    a.name == b.name && a.aliases == b.aliases
}
