//! Scratch copies of the repository's data for tests that write: a
//! temporary directory holding seeds/, gold/ and scores/, and a byte-exact
//! snapshot of every file in it to prove that a refused command changed
//! nothing.

use crate::util::root;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A temporary copy of seeds/, gold/ and scores/ (removed on drop).
pub fn copy_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for sub in ["seeds", "gold", "scores"] {
        copy_dir(&root().join(sub), &dir.path().join(sub));
    }
    dir
}

/// Copies the files of `from` (not recursive) into a new directory `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// Every file under `dir` (recursively, hidden ones included) with its
/// bytes, but for the gold edit lock (`gold/.quotebench.lock`, empty, made
/// by the first edit and ignored by git).
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path
                .file_name()
                .is_some_and(|n| n == quotebench::gold::lock::LOCK_FILE)
            {
                continue;
            }
            if path.is_dir() {
                out.insert(path.clone(), Vec::new());
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Asserts that two snapshots are equal, naming the first file that differs.
pub fn assert_same(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
    what: &str,
) {
    let names = |s: &BTreeMap<PathBuf, Vec<u8>>| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(before),
        names(after),
        "{what}: files added or removed"
    );
    for (path, bytes) in before {
        assert!(after[path] == *bytes, "{what}: {} changed", path.display());
    }
}
