//! The gold directory's edit lock: every edit of a gold set (`gold add`,
//! `add-speaker`, `add-doc`, `fmt`) holds an exclusive advisory lock on
//! `gold/.quotebench.lock` (through `fd-lock`: `flock` on Unix, `LockFileEx`
//! on Windows) from the moment it reads the files until its rename is done,
//! so that concurrent edits run one after another and none loses another's
//! row. The operating system drops the lock when its holder exits, killed
//! or not, so a crashed edit never leaves the gold set locked.
//!
//! The lock file itself is never removed (removing it would let two
//! processes lock two different files) and is ignored by git.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Name of the lock file inside the gold directory.
pub const LOCK_FILE: &str = ".quotebench.lock";
/// How long an edit waits for another to finish before giving up.
pub const WAIT: Duration = Duration::from_secs(120);
/// Prefix of the staging folders and files an edit writes before its rename.
pub const STAGING_PREFIX: &str = ".quotebench-staged-";

/// Runs `f` while holding the exclusive lock of `gold`, waiting up to
/// [`WAIT`] for another edit to release it. Staging folders and files left
/// in `gold` and `seeds` by an edit that was killed are removed first (no
/// other edit can be using them while this one holds the lock); their
/// names are returned so the caller can say so.
pub fn with_lock<T>(
    seeds: &Path,
    gold: &Path,
    f: impl FnOnce(Vec<PathBuf>) -> Result<T>,
) -> Result<T> {
    with_lock_waiting(seeds, gold, WAIT, f)
}

/// [`with_lock`] with a chosen wait.
pub fn with_lock_waiting<T>(
    seeds: &Path,
    gold: &Path,
    wait: Duration,
    f: impl FnOnce(Vec<PathBuf>) -> Result<T>,
) -> Result<T> {
    let path = gold.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    let mut lock = fd_lock::RwLock::new(file);
    let started = Instant::now();
    let mut pause = Duration::from_millis(5);
    let _guard = loop {
        match lock.try_write() {
            Ok(guard) => break guard,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if started.elapsed() >= wait {
                    return Err(Error::Refused {
                        path: gold.to_path_buf(),
                        message: format!(
                            "another `quotebench gold` edit has held {} for {} s; try again when it has finished",
                            path.display(),
                            wait.as_secs()
                        ),
                    });
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            Err(e) => return Err(Error::io(&path, e)),
        }
    };
    let mut removed = stale_staging(gold);
    if seeds != gold {
        removed.extend(stale_staging(seeds));
    }
    f(removed)
}

/// Removes what killed edits left in `dir`: `.quotebench-staged-*.tmp`
/// folders and files. Best effort: what cannot be removed stays.
fn stale_staging(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(STAGING_PREFIX) && name.ends_with(".tmp")) {
            continue;
        }
        let path = entry.path();
        let gone = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path).is_ok(),
            Ok(_) => std::fs::remove_file(&path).is_ok(),
            Err(_) => false,
        };
        if gone {
            removed.push(path);
        }
    }
    removed.sort();
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_edit_waits_and_then_fails_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (tx, rx) = std::sync::mpsc::channel();
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        let holder = {
            let d = d.to_path_buf();
            std::thread::spawn(move || {
                with_lock(&d, &d, |_| {
                    tx.send(()).unwrap();
                    done_rx.recv().unwrap();
                    Ok(())
                })
                .unwrap()
            })
        };
        rx.recv().unwrap();
        let err = with_lock_waiting(d, d, Duration::from_millis(200), |_| Ok(())).unwrap_err();
        assert!(
            err.to_string()
                .contains("another `quotebench gold` edit has held"),
            "{err}"
        );
        done_tx.send(()).unwrap();
        holder.join().unwrap();
        with_lock_waiting(d, d, Duration::from_millis(200), |_| Ok(())).unwrap();
    }

    #[test]
    fn staging_left_by_a_killed_edit_is_removed_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join(".quotebench-staged-abc.tmp")).unwrap();
        std::fs::write(d.join(".quotebench-staged-abc.tmp/quotes.csv"), "x").unwrap();
        std::fs::write(d.join(".quotebench-staged-def.tmp"), "x").unwrap();
        std::fs::write(d.join("keep.tmp"), "x").unwrap();
        let removed = with_lock(d, d, Ok).unwrap();
        assert_eq!(removed.len(), 2);
        assert!(!d.join(".quotebench-staged-abc.tmp").exists());
        assert!(d.join("keep.tmp").exists());
    }
}
