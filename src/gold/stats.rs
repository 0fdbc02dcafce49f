//! `gold stats`: how many attributions the gold set has, by document, kind,
//! speaker and mention type. Counting only; no judgement.

use super::Corpus;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Attribution counts of a gold set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// All attributions.
    pub total: usize,
    /// Documents in the corpus (with or without attributions).
    pub documents: usize,
    /// Attributions by document id (every document, zero included).
    pub by_doc: BTreeMap<String, usize>,
    /// Attributions by kind.
    pub by_kind: BTreeMap<String, usize>,
    /// Attributions by speaker id.
    pub by_speaker: BTreeMap<String, usize>,
    /// Attributions by mention type.
    pub by_mention: BTreeMap<String, usize>,
}

/// Counts the attributions of a corpus.
pub fn stats(corpus: &Corpus) -> Stats {
    let mut s = Stats {
        total: corpus.quotes.len(),
        documents: corpus.docs.len(),
        by_doc: corpus.docs.keys().map(|d| (d.clone(), 0)).collect(),
        ..Stats::default()
    };
    for k in crate::model::Kind::ALL {
        s.by_kind.insert(k.to_string(), 0);
    }
    for m in crate::model::MentionType::ALL {
        s.by_mention.insert(m.to_string(), 0);
    }
    for q in &corpus.quotes {
        *s.by_doc.entry(q.doc.clone()).or_default() += 1;
        *s.by_kind.entry(q.kind.to_string()).or_default() += 1;
        *s.by_speaker.entry(q.speaker.clone()).or_default() += 1;
        *s.by_mention.entry(q.mention_type.to_string()).or_default() += 1;
    }
    s
}

impl Stats {
    /// Plain-text tables, one per breakdown.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} attributions in {} documents",
            self.total, self.documents
        );
        for (title, map) in [
            ("document", &self.by_doc),
            ("kind", &self.by_kind),
            ("mention", &self.by_mention),
            ("speaker", &self.by_speaker),
        ] {
            let width = map
                .keys()
                .map(|k| k.chars().count())
                .max()
                .unwrap_or(0)
                .max(title.len());
            let _ = writeln!(out, "\n{title:<width$}  count");
            for (k, v) in map {
                let _ = writeln!(out, "{k:<width$}  {v:>5}");
            }
        }
        out
    }
}
