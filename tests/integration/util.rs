//! Shared helpers: running the binary, paths of fixtures, small corpora.

use quotebench::gold::Corpus;
use quotebench::model::{Document, GoldQuote, Kind, MentionType, Span, Speaker};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

/// Runs `quotebench` with `args` in the repository root.
pub fn run(args: &[&str]) -> Output {
    run_in(&root(), args)
}

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quotebench"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the quotebench binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The shipped gold set.
pub fn shipped() -> Corpus {
    quotebench::gold::corpora::load_named(&root(), "seeds").expect("shipped gold loads")
}

/// The tiny fixture corpus (two documents, four quotes, three speakers).
pub fn tiny() -> Corpus {
    let f = fixtures().join("tiny");
    quotebench::gold::load(&f.join("seeds"), &f.join("gold")).expect("tiny fixture loads")
}

/// A corpus built in memory: documents of `len` spaces, quotes as
/// (doc, start, end, speaker id); speakers as (id, name).
pub fn synthetic(
    docs: &[(&str, usize)],
    quotes: &[(&str, usize, usize, &str)],
    speakers: &[(&str, &str)],
) -> Corpus {
    let speakers: std::collections::BTreeMap<String, Speaker> = speakers
        .iter()
        .map(|(id, name)| {
            (
                id.to_string(),
                Speaker {
                    id: id.to_string(),
                    name: name.to_string(),
                    aliases: vec![],
                },
            )
        })
        .collect();
    Corpus {
        docs: docs
            .iter()
            .map(|(id, len)| {
                (
                    id.to_string(),
                    Document {
                        id: id.to_string(),
                        text: "x".repeat(*len),
                    },
                )
            })
            .collect(),
        quotes: quotes
            .iter()
            .enumerate()
            .map(|(i, (doc, s, e, spk))| GoldQuote {
                doc: doc.to_string(),
                span: Span::new(*s, *e),
                kind: Kind::Direct,
                speaker: spk.to_string(),
                cue: "said".into(),
                mention: speakers[*spk].name.clone(),
                mention_type: MentionType::Name,
                line: i as u64 + 2,
            })
            .collect(),
        speakers,
        hash: "synthetic".into(),
        name: "synthetic".into(),
    }
}

/// The `.txt` files in `dir`, sorted, as paths for the command line.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

/// The `--timeout` (seconds) of the tests that wait for a plugin timeout to
/// fire. The same timeout covers the plugin's start and hello, so it must
/// outlast Python starting on a machine busy compiling (2 cores shared by
/// several builds: 3 s did not always), and it stays far below the
/// fixtures' own hangs (300 s), so a run that ends is one that was killed.
pub const TIMEOUT: u64 = 10;

/// [`TIMEOUT`] as the command line gives it.
pub const TIMEOUT_ARG: &str = "10";

/// Asserts that a run started at `start` waited out [`TIMEOUT`] and was
/// then stopped, long before the plugin's own 300 s hang would end.
pub fn assert_killed_at_timeout(start: std::time::Instant) {
    let took = start.elapsed();
    assert!(
        took >= std::time::Duration::from_secs(TIMEOUT),
        "ended after {took:?}, before the {TIMEOUT} s timeout"
    );
    assert!(
        took < std::time::Duration::from_secs(TIMEOUT + 120),
        "took {took:?}: the plugin was not killed at the timeout"
    );
}
