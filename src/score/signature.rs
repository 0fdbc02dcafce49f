//! Result signatures, sacrebleu-style: one string that says what a number
//! was computed from, so that two numbers are known to be comparable.
//! `quotebench:0.1.0|corpus:seeds|gold:3f2a9c01|task:attribution|fuzzy:0.90|match:names4|bs:1000|seed:42|unit:doc|ci:percentile+wilson|test:paired-ar-exact16|strategy:null@1`

use super::{Settings, Task};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The parts of a signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// `(key, value)` pairs in signature order.
    pub parts: Vec<(String, String)>,
}

impl Signature {
    /// The signature of scoring `strategy` (`name@version`) on `task` over
    /// the corpus called `corpus` whose content hash is `gold_hash`.
    pub fn new(
        corpus: &str,
        gold_hash: &str,
        task: Task,
        settings: &Settings,
        strategy: &str,
    ) -> Self {
        let mut parts = vec![
            ("quotebench", env!("CARGO_PKG_VERSION").to_string()),
            ("corpus", corpus.to_string()),
            ("gold", gold_hash.to_string()),
            ("task", task.to_string()),
            ("fuzzy", format!("{:.2}", settings.fuzzy)),
            ("match", super::matching::VERSION.to_string()),
        ];
        if task == Task::EndToEnd {
            parts.push(("overlap", format!("{:.2}", settings.overlap)));
        }
        parts.extend([
            ("bs", settings.bootstrap.to_string()),
            ("seed", settings.seed.to_string()),
            ("unit", settings.unit.as_str().to_string()),
            ("ci", super::bootstrap::INTERVALS.to_string()),
            ("test", super::randomization::TEST.to_string()),
            ("strategy", strategy.to_string()),
        ]);
        Signature {
            parts: parts.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        }
    }

    /// Parses a rendered signature.
    pub fn parse(s: &str) -> Option<Self> {
        let parts = s
            .split('|')
            .map(|p| {
                p.split_once(':')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Signature { parts })
    }

    /// The value of one part.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.parts
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The strategy part (`name@version`).
    pub fn strategy(&self) -> &str {
        self.get("strategy").unwrap_or("")
    }

    /// The parts on which `other` differs, strategy aside: empty when the
    /// two results are comparable.
    pub fn differences(&self, other: &Signature) -> Vec<String> {
        let mut keys: Vec<&str> = self
            .parts
            .iter()
            .chain(&other.parts)
            .map(|(k, _)| k.as_str())
            .filter(|k| *k != "strategy")
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter()
            .filter(|k| self.get(k) != other.get(k))
            .map(|k| {
                format!(
                    "{k}: {} vs {}",
                    self.get(k).unwrap_or("(none)"),
                    other.get(k).unwrap_or("(none)")
                )
            })
            .collect()
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (k, v)) in self.parts.iter().enumerate() {
            if i > 0 {
                f.write_str("|")?;
            }
            write!(f, "{k}:{v}")?;
        }
        Ok(())
    }
}

impl Serialize for SignatureString<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self.0)
    }
}

/// Serialises a [`Signature`] as its rendered string.
pub struct SignatureString<'a>(pub &'a Signature);
