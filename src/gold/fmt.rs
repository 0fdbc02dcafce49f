//! `gold fmt`: rewrites a gold set that is valid but for its order or its
//! line endings into canonical form: quotes.csv sorted by doc, start, end,
//! kind and speaker, speakers.csv by id, both with `\n` line ends and no
//! byte-order mark, and seeds that a CRLF checkout converted turned back
//! into LF. It holds the gold edit lock ([`super::lock`]), checks the
//! rewritten set in a staging directory first, and renames each changed
//! file into place (each rename atomic); any other error is a refusal and
//! nothing is written.

use super::edit::{
    quotes_of, refused, render_quotes, render_speakers, sort_quotes, sort_speakers, speakers_of,
    sync_dir, write_synced,
};
use super::lock::{with_lock, STAGING_PREFIX};
use super::{check, CheckReport, Severity, QUOTES_FILE, SPEAKERS_FILE};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// What `gold fmt` did.
#[derive(Debug, Clone)]
pub struct Formatted {
    /// The files rewritten (none when the set was already canonical).
    pub changed: Vec<PathBuf>,
    /// `gold check` on the result.
    pub report: CheckReport,
}

/// The diagnostic ids that `gold fmt` repairs.
pub const REPAIRS: [&str; 2] = ["unsorted", super::crlf::ID];

/// The canonical bytes of a gold CSV's content: no BOM, and `\n` line
/// ends when the whole file was converted to `\r\n`.
fn canonical_input(bytes: &[u8]) -> Vec<u8> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if super::crlf::header_is_crlf(bytes) {
        String::from_utf8_lossy(bytes)
            .replace("\r\n", "\n")
            .into_bytes()
    } else {
        bytes.to_vec()
    }
}

/// Rewrites the gold set in `seeds` and `gold` into canonical form.
pub fn fmt(seeds: &Path, gold: &Path) -> Result<Formatted> {
    with_lock(seeds, gold, |_| fmt_locked(seeds, gold))
}

fn fmt_locked(seeds: &Path, gold: &Path) -> Result<Formatted> {
    let before = check(seeds, gold)?;
    let others: Vec<_> = before
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && !REPAIRS.contains(&d.id))
        .collect();
    if let Some(first) = others.first() {
        return Err(refused(
            gold,
            format!(
                "`gold fmt` only repairs order and line endings, and the gold set has {} other error(s) (first: {first}); fix them first",
                others.len()
            ),
        ));
    }
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| Error::io(p, e)
    };
    // The new bytes of every file that changes.
    let mut new: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let quotes_path = gold.join(QUOTES_FILE);
    let old = std::fs::read(&quotes_path).map_err(io(&quotes_path))?;
    let mut rows = quotes_of(&quotes_path, &canonical_input(&old))?;
    sort_quotes(&mut rows);
    let bytes = render_quotes(&rows);
    if bytes != old {
        new.push((quotes_path, bytes));
    }
    let speakers_path = gold.join(SPEAKERS_FILE);
    let old = std::fs::read(&speakers_path).map_err(io(&speakers_path))?;
    let mut rows = speakers_of(&speakers_path, &canonical_input(&old))?;
    sort_speakers(&mut rows);
    let bytes = render_speakers(&rows);
    if bytes != old {
        new.push((speakers_path, bytes));
    }
    for path in &before.converted {
        if path.parent() == Some(seeds) {
            let text = std::fs::read(path).map_err(io(path))?;
            let lf = String::from_utf8_lossy(&text).replace("\r\n", "\n");
            new.push((path.clone(), lf.into_bytes()));
        }
    }
    if new.is_empty() {
        return Ok(Formatted {
            changed: Vec::new(),
            report: before,
        });
    }
    // Stage: a copy of each directory with the new files, checked together.
    let stage = |dir: &Path| -> Result<tempfile::TempDir> {
        let staged = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .suffix(".tmp")
            .tempdir_in(dir)
            .map_err(io(dir))?;
        for entry in std::fs::read_dir(dir).map_err(io(dir))? {
            let path = entry.map_err(io(dir))?.path();
            let Some(name) = path.file_name() else {
                continue;
            };
            if !path.is_file() || name.to_string_lossy().starts_with('.') {
                continue;
            }
            let dest = staged.path().join(name);
            match new.iter().find(|(p, _)| *p == path) {
                Some((_, bytes)) => write_synced(&dest, bytes)?,
                None => {
                    std::fs::copy(&path, &dest).map_err(io(&path))?;
                }
            }
        }
        Ok(staged)
    };
    let staged_gold = stage(gold)?;
    let seeds_change = new.iter().any(|(p, _)| p.parent() == Some(seeds));
    let staged_seeds = if seeds_change && seeds != gold {
        Some(stage(seeds)?)
    } else {
        None
    };
    let seeds_used = staged_seeds.as_ref().map_or(seeds, |s| s.path());
    let mut report = check(seeds_used, staged_gold.path())?;
    for d in &mut report.diagnostics {
        for (staged, real) in [(staged_gold.path(), gold), (seeds_used, seeds)] {
            if let Ok(rest) = d.file.strip_prefix(staged) {
                d.file = real.join(rest);
            }
        }
    }
    if let Some(first) = report
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        return Err(refused(
            gold,
            format!("the rewritten gold set would still fail `gold check`: {first}"),
        ));
    }
    let mut changed = Vec::new();
    for (path, _) in &new {
        let dir = path.parent().unwrap_or(gold);
        let from = if dir == gold {
            staged_gold.path()
        } else {
            seeds_used
        };
        let Some(name) = path.file_name() else {
            continue;
        };
        let staged_file = from.join(name);
        if let Ok(meta) = std::fs::metadata(path) {
            let _ = std::fs::set_permissions(&staged_file, meta.permissions());
        }
        std::fs::rename(&staged_file, path).map_err(io(path))?;
        changed.push(path.clone());
    }
    sync_dir(gold);
    sync_dir(seeds);
    Ok(Formatted { changed, report })
}
