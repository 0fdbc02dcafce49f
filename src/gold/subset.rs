//! A corpus cut down to some of its documents, for scoring a chosen set
//! (`eval --doc ID`, `compare --doc PREFIX`): a labeller reads the sieve
//! on the articles just added without building a scratch corpus.

use super::Corpus;
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};

impl Corpus {
    /// The documents (with their quotes, and the speakers those quotes
    /// name) whose id is one of `selectors`, or starts with one of them
    /// when no id equals it. The name becomes `NAME-subset` and the hash
    /// covers the chosen ids, so signatures tell the subset from the whole.
    /// Refuses a selector that matches no document, with the ids nearest it.
    pub fn subset(&self, selectors: &[String]) -> Result<Corpus> {
        let mut keep: std::collections::BTreeSet<&str> = Default::default();
        for sel in selectors {
            let sel = sel.trim();
            let hits: Vec<&str> = if self.docs.contains_key(sel) {
                vec![sel]
            } else {
                self.docs
                    .keys()
                    .map(String::as_str)
                    .filter(|id| !sel.is_empty() && id.starts_with(sel))
                    .collect()
            };
            if hits.is_empty() {
                let hint = crate::strategy::suggest(sel, self.docs.keys().map(String::as_str))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(Error::InvalidSetting(format!(
                    "--doc {sel:?}: no document of corpus `{}` has this id or starts with it{hint}",
                    self.name
                )));
            }
            keep.extend(hits);
        }
        let mut h = Sha256::new();
        h.update(self.hash.as_bytes());
        for id in &keep {
            h.update((id.len() as u64).to_le_bytes());
            h.update(id.as_bytes());
        }
        let hash: String = h
            .finalize()
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect();
        let quotes: Vec<_> = self
            .quotes
            .iter()
            .filter(|q| keep.contains(q.doc.as_str()))
            .cloned()
            .collect();
        let speakers = self
            .speakers
            .iter()
            .filter(|(id, _)| quotes.iter().any(|q| &q.speaker == *id))
            .map(|(id, s)| (id.clone(), s.clone()))
            .collect();
        Ok(Corpus {
            docs: self
                .docs
                .iter()
                .filter(|(id, _)| keep.contains(id.as_str()))
                .map(|(id, d)| (id.clone(), d.clone()))
                .collect(),
            speakers,
            quotes,
            hash,
            name: format!("{}-subset", self.name),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Corpus {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::gold::corpora::load_named(root, "seeds").unwrap()
    }

    #[test]
    fn ids_and_prefixes_choose_documents_and_their_quotes() {
        let all = shipped();
        let first = all.docs.keys().next().unwrap().clone();
        let one = all.subset(std::slice::from_ref(&first)).unwrap();
        assert_eq!(one.docs.len(), 1);
        assert_eq!(one.quotes.len(), all.quotes_of(&first).count());
        assert!(one
            .quotes
            .iter()
            .all(|q| one.speakers.contains_key(&q.speaker) || q.speaker.is_empty()));
        assert_ne!(one.hash, all.hash);
        assert_eq!(one.name, "seeds-subset");
        let prefixed = all.subset(&["00".to_owned()]).unwrap();
        assert_eq!(prefixed.docs.len(), all.docs.len());
        assert_eq!(prefixed.quotes.len(), all.quotes.len());
    }

    #[test]
    fn a_selector_matching_nothing_is_refused_with_a_hint() {
        let all = shipped();
        let first = all.docs.keys().next().unwrap();
        let typo = format!("{}x", &first[..first.len() - 1]);
        let e = all
            .subset(std::slice::from_ref(&typo))
            .unwrap_err()
            .to_string();
        assert!(e.contains(&format!("--doc \"{typo}\"")), "{e}");
        assert!(e.contains("did you mean"), "{e}");
    }
}
