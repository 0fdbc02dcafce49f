//! Recognising a checkout that converted line endings (`git -c
//! core.autocrlf=true clone`): the seeds and gold CSVs get `\r\n`, every
//! byte offset after the first line break is off, and `gold check` would
//! list a span error per row. `Crlf` holds back the span errors that
//! converting `\r\n` to `\n` would cure and, when that explains them, says
//! so in one diagnostic (`crlf-checkout`) with the fix, instead.

use super::check::{Diagnostic, Severity};
use crate::model::Span;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The diagnostic id.
pub const ID: &str = "crlf-checkout";

/// `text` with every `\r\n` turned into `\n`.
pub fn to_lf(text: &str) -> Cow<'_, str> {
    if text.contains("\r\n") {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// True when a CSV's first line (its header, which has no quoted field)
/// ends in `\r\n`: the whole file was converted.
pub fn header_is_crlf(bytes: &[u8]) -> bool {
    memchr::memchr(b'\n', bytes).is_some_and(|i| i > 0 && bytes[i - 1] == b'\r')
}

/// Span errors held back while `gold check` runs, and what converted.
pub(crate) struct Crlf {
    /// Seeds holding `\r\n`: (their file, their text with `\n`).
    seeds: BTreeMap<String, (PathBuf, String)>,
    /// Gold CSVs whose line ends are `\r\n`.
    gold: Vec<PathBuf>,
    quotes_crlf: bool,
    /// Per document: span errors that `\n` line ends would cure.
    held: BTreeMap<String, Vec<Diagnostic>>,
    /// Per document: rows whose span matches as the file is.
    matched: BTreeMap<String, usize>,
}

impl Crlf {
    /// Looks at the seeds (id, file, text) and the two gold CSVs.
    pub(crate) fn new<'a>(
        seeds: impl Iterator<Item = (&'a str, &'a Path, &'a str)>,
        gold: [(&Path, &[u8]); 2],
    ) -> Crlf {
        let seeds = seeds
            .filter(|(_, _, text)| text.contains("\r\n"))
            .map(|(id, path, text)| {
                (
                    id.to_owned(),
                    (path.to_path_buf(), to_lf(text).into_owned()),
                )
            })
            .collect();
        let quotes_crlf = header_is_crlf(gold[0].1);
        let gold = gold
            .iter()
            .filter(|(_, bytes)| header_is_crlf(bytes))
            .map(|(p, _)| p.to_path_buf())
            .collect();
        Crlf {
            seeds,
            gold,
            quotes_crlf,
            held: BTreeMap::new(),
            matched: BTreeMap::new(),
        }
    }

    /// True when nothing was converted: no work to do.
    pub(crate) fn is_empty(&self) -> bool {
        self.seeds.is_empty() && self.gold.is_empty()
    }

    /// Whether the row's span error is one that `\n` line ends cure; if
    /// so the diagnostic is held back.
    pub(crate) fn hold(
        &mut self,
        doc: &str,
        text: &str,
        span: Span,
        column: &str,
        d: &Diagnostic,
    ) -> bool {
        if self.is_empty() {
            return false;
        }
        let want = if self.quotes_crlf {
            to_lf(column)
        } else {
            Cow::Borrowed(column)
        };
        let cured = self
            .seeds
            .get(doc)
            .and_then(|(_, lf)| lf.get(span.start..span.end))
            .is_some_and(|t| t == want)
            || (self.quotes_crlf && text.get(span.start..span.end) == Some(want.as_ref()));
        if cured {
            self.held.entry(doc.to_owned()).or_default().push(d.clone());
        }
        cured
    }

    /// A row of `doc` whose span matched as the files are.
    pub(crate) fn matched(&mut self, doc: &str) {
        if self.seeds.contains_key(doc) {
            *self.matched.entry(doc.to_owned()).or_default() += 1;
        }
    }

    /// The diagnostics to add: one `crlf-checkout` line when anything was
    /// converted, and the held errors that line does not explain (a seed
    /// whose rows mostly matched as it is has real `\r\n`, not converted
    /// ones).
    pub(crate) fn finish(
        self,
        seeds_dir: &Path,
        fmt_flags: &str,
    ) -> (Vec<Diagnostic>, Vec<PathBuf>) {
        let mut out = Vec::new();
        let mut files: Vec<PathBuf> = Vec::new();
        let mut explained = 0;
        for (doc, held) in self.held {
            let converted = match self.seeds.get(&doc) {
                Some((path, _)) => {
                    let yes = held.len() > self.matched.get(&doc).copied().unwrap_or(0);
                    if yes {
                        files.push(path.clone());
                    }
                    yes
                }
                // a span cured by `\n` in quotes.csv alone
                None => true,
            };
            if converted {
                explained += held.len();
            } else {
                out.extend(held);
            }
        }
        files.extend(self.gold.iter().cloned());
        if files.is_empty() {
            return (out, files);
        }
        let shown: Vec<String> = files
            .iter()
            .take(3)
            .map(|p| p.display().to_string())
            .collect();
        let more = if files.len() > 3 {
            format!(" and {} more", files.len() - 3)
        } else {
            String::new()
        };
        let hidden = if explained > 0 {
            format!(" ({explained} span error(s) this explains are not listed)")
        } else {
            String::new()
        };
        out.push(Diagnostic {
            file: files.first().map_or_else(|| seeds_dir.to_path_buf(), Clone::clone),
            line: None,
            id: ID,
            severity: Severity::Error,
            message: format!(
                "{} file(s) have Windows line endings (CRLF), which the byte offsets do not count: {}{more}; a checkout with core.autocrlf=true converts them{hidden}. Fix: `quotebench gold fmt{fmt_flags}` turns them back into LF (new clones keep them byte-exact through .gitattributes)",
                files.len(),
                shown.join(", ")
            ),
        });
        (out, files)
    }
}
