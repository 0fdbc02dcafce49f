//! Edits of the seeds: `gold add-doc` (a new article, never overwriting
//! one) and `gold init` (a new, empty gold set). Both hold the gold edit
//! lock ([`super::lock`]); see [`super::edit`] for the edits of the CSVs.

use super::edit::{give_mode, io, line_of, locked, precheck, refused, sync_dir, Written};
use super::lock::{with_lock, STAGING_PREFIX};
use super::rows::{render_quotes, render_speakers};
use super::{check, QUOTES_FILE, SEED_EXT, SPEAKERS_FILE};
use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// True for a sensible document id: ASCII letters, digits, `_`, `-` and
/// `.`, starting with a letter or digit, at most 100 bytes, not ending in
/// `.txt`.
///
/// ```
/// use quotebench::gold::edit::is_doc_id;
/// assert!(is_doc_id("005_kyiv_talks"));
/// assert!(!is_doc_id("../etc"));
/// assert!(!is_doc_id("my article"));
/// ```
pub fn is_doc_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id.as_bytes()[0].is_ascii_alphanumeric()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && !id.ends_with(".txt")
}

/// Copies `file` into `seeds/` as `<id>.txt` (id: `id`, else the file's
/// stem). Refuses an id that is taken or not sensible ([`is_doc_id`]), an
/// empty file, and bytes that are not UTF-8 (naming the line of the first
/// bad byte). The copy is written to a temporary file in `seeds/` and
/// renamed into place without overwriting.
///
/// With `replace`, an existing document's text is replaced instead (to fix
/// a typo or a paste before labelling it): refused while any row of
/// gold/quotes.csv labels the document, since its offsets would no longer
/// point at the text they name. The rename is then the one atomic write.
pub fn add_doc(
    seeds: &Path,
    gold: &Path,
    file: &Path,
    id: Option<&str>,
    replace: bool,
) -> Result<Written> {
    locked(seeds, gold, || {
        add_doc_locked(seeds, gold, file, id, replace)
    })
}

fn add_doc_locked(
    seeds: &Path,
    gold: &Path,
    file: &Path,
    id: Option<&str>,
    replace: bool,
) -> Result<Written> {
    let id = match id {
        Some(id) => id.to_owned(),
        None => file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned(),
    };
    let target = seeds.join(format!("{id}.{SEED_EXT}"));
    if !is_doc_id(&id) {
        return Err(refused(
            seeds,
            format!(
                "`{id}` is not a usable document id: use ASCII letters, digits, `_`, `-` and `.` (starting with a letter or digit, no `.txt`), e.g. --id 005_kyiv_talks"
            ),
        ));
    }
    // `no-seeds` is the one error adding the first article cures.
    precheck(seeds, gold, seeds, &["no-seeds"])?;
    if replace {
        if !target.exists() {
            return Err(refused(
                &target,
                format!("document `{id}` does not exist, so there is nothing to replace; leave out --replace to add it"),
            ));
        }
        labelled_rows_refuse(gold, &id, &target)?;
    } else if target.exists() {
        return Err(refused(
            &target,
            format!("document `{id}` already exists; seeds are never overwritten, give the new article another --id (or --replace to change the text of one not labelled yet)"),
        ));
    }
    let len = std::fs::metadata(file).map_err(io(file))?.len();
    if len > crate::limits::MAX_DOC_BYTES as u64 {
        return Err(refused(
            seeds,
            crate::limits::too_large(
                &file.display().to_string(),
                usize::try_from(len).unwrap_or(usize::MAX),
            ),
        ));
    }
    let bytes = super::read(file)?;
    if bytes.is_empty() {
        return Err(refused(seeds, format!("{} is empty", file.display())));
    }
    if bytes.starts_with(b"\xef\xbb\xbf") {
        return Err(refused(
            seeds,
            format!(
                "{} starts with a byte-order mark (BOM), which would shift every offset; remove it first (e.g. `sed -i '1s/^\\xEF\\xBB\\xBF//' {}`)",
                file.display(),
                file.display()
            ),
        ));
    }
    for other in super::seed_files(seeds)? {
        if replace && other == target {
            continue;
        }
        if std::fs::read(&other).is_ok_and(|b| b == bytes) {
            return Err(refused(
                seeds,
                format!(
                    "{} is already in the seeds as {}; an article is added once",
                    file.display(),
                    other.display()
                ),
            ));
        }
    }
    if let Err(e) = std::str::from_utf8(&bytes) {
        let at = e.valid_up_to();
        return Err(refused(
            seeds,
            format!(
                "{}:{}: not valid UTF-8 (byte {at}); convert the article to UTF-8 first (e.g. `iconv -f windows-1252 -t utf-8`)",
                file.display(),
                line_of(&bytes, at)
            ),
        ));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .suffix(".tmp")
        .tempfile_in(seeds)
        .map_err(io(seeds))?;
    tmp.write_all(&bytes).map_err(io(tmp.path()))?;
    tmp.as_file().sync_all().map_err(io(tmp.path()))?;
    let sibling = super::seed_files(seeds)?
        .first()
        .and_then(|p| std::fs::metadata(p).ok());
    give_mode(tmp.as_file(), sibling);
    if replace {
        tmp.persist(&target)
            .map_err(|e| Error::io(&target, e.error))?;
        sync_dir(seeds);
        let report = check(seeds, gold)?;
        return Ok(Written::wrote(target, 0, report));
    }
    tmp.persist_noclobber(&target).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            refused(&target, format!("document `{id}` already exists"))
        } else {
            Error::io(&target, e.error)
        }
    })?;
    sync_dir(seeds);
    let report = check(seeds, gold)?;
    Ok(Written::wrote(target, 0, report))
}

/// Refuses (naming the first row's line) when rows of gold/quotes.csv label
/// document `id`, whose seed is `target`.
fn labelled_rows_refuse(gold: &Path, id: &str, target: &Path) -> Result<()> {
    let quotes = gold.join(QUOTES_FILE);
    if !quotes.exists() {
        return Ok(());
    }
    let rows = super::rows::read_quotes(&quotes)?;
    let mine: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.doc == id)
        .map(|(i, _)| i + 2)
        .collect();
    match mine.first() {
        None => Ok(()),
        Some(line) => Err(refused(
            target,
            format!(
                "document `{id}` is labelled by {} row(s) of {}, the first at line {line}; their offsets would no longer fit a new text, so remove them first (`quotebench gold remove --doc {id} --all`) and label again",
                mine.len(),
                quotes.display()
            ),
        )),
    }
}

/// Starts a new, empty gold set: creates `seeds` and `gold` if they are
/// missing and writes header-only `quotes.csv` and `speakers.csv`. Refuses
/// (writing nothing) when either CSV already exists. Returns the files
/// written.
pub fn init(seeds: &Path, gold: &Path) -> Result<Vec<PathBuf>> {
    let files = [
        (gold.join(QUOTES_FILE), render_quotes(&[])),
        (gold.join(SPEAKERS_FILE), render_speakers(&[])),
    ];
    for (path, _) in &files {
        if path.exists() {
            return Err(refused(
                path,
                format!(
                    "{} already exists; `gold init` only starts a new gold set",
                    path.display()
                ),
            ));
        }
    }
    for dir in [seeds, gold] {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    with_lock(seeds, gold, |_| {
        let mut written = Vec::new();
        for (path, bytes) in &files {
            let mut tmp = tempfile::Builder::new()
                .prefix(STAGING_PREFIX)
                .suffix(".tmp")
                .tempfile_in(gold)
                .map_err(io(gold))?;
            tmp.write_all(bytes).map_err(io(tmp.path()))?;
            give_mode(tmp.as_file(), None);
            tmp.persist_noclobber(path).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    refused(path, format!("{} already exists", path.display()))
                } else {
                    Error::io(path, e.error)
                }
            })?;
            written.push(path.clone());
        }
        sync_dir(gold);
        Ok(written)
    })
}
