//! Shipped corpora by name (`--corpus`), corpora of several parts, and the
//! score check of a held-out part, which counts quotes and never lists them.

use crate::util::{fixtures, root, run, stderr, stdout};
use quotebench::error::Error;
use quotebench::gold::corpora::{self, load_parts};
use quotebench::report::Format;
use quotebench::score::Settings;
use std::path::{Path, PathBuf};

/// A copy of the tiny fixture whose documents are renamed `a` → `PREFIXa`
/// and whose speakers get `rename(name)` as their canonical name.
fn tiny_copy(dir: &Path, prefix: &str, rename: impl Fn(&str) -> String) -> (PathBuf, PathBuf) {
    let tiny = fixtures().join("tiny");
    let seeds = dir.join("seeds");
    let gold = dir.join("gold");
    std::fs::create_dir_all(&seeds).unwrap();
    std::fs::create_dir_all(&gold).unwrap();
    for doc in ["a", "b"] {
        std::fs::copy(
            tiny.join("seeds").join(format!("{doc}.txt")),
            seeds.join(format!("{prefix}{doc}.txt")),
        )
        .unwrap();
    }
    let quotes = std::fs::read_to_string(tiny.join("gold/quotes.csv")).unwrap();
    let quotes: String = quotes
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l}\n")
            } else {
                format!("{prefix}{l}\n")
            }
        })
        .collect();
    std::fs::write(gold.join("quotes.csv"), quotes).unwrap();
    let speakers = std::fs::read_to_string(tiny.join("gold/speakers.csv")).unwrap();
    let speakers: String = speakers
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                return format!("{l}\n");
            }
            let f: Vec<&str> = l.split(',').collect();
            format!("{},{},{}\n", f[0], rename(f[1]), f[2])
        })
        .collect();
    std::fs::write(gold.join("speakers.csv"), speakers).unwrap();
    (seeds, gold)
}

fn tiny_dirs() -> (PathBuf, PathBuf) {
    let tiny = fixtures().join("tiny");
    (tiny.join("seeds"), tiny.join("gold"))
}

#[test]
fn an_unknown_corpus_name_is_refused_with_the_known_names() {
    let o = run(&["compare", "--corpus", "dve"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "quotebench: unknown corpus `dve` (known: seeds, dev-train, dev-test, dev, all)"
    );
}

#[test]
fn corpus_and_seeds_flags_together_are_refused() {
    let o = run(&["compare", "--corpus", "seeds", "--seeds", "seeds"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("'--corpus <NAME>' cannot be used with '--seeds <SEEDS>'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_seeds_corpus_by_name_is_the_default_corpus() {
    let by_name = corpora::load_named(&root(), "seeds").unwrap();
    let by_dirs = quotebench::gold::load(&root().join("seeds"), &root().join("gold")).unwrap();
    assert_eq!(by_name.name, "seeds");
    assert_eq!(by_dirs.name, "custom");
    assert_eq!(by_name.hash, by_dirs.hash);
    assert_eq!(by_name.quotes, by_dirs.quotes);
    let o = run(&["eval", "--strategy", "null", "--bootstrap", "0"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("|corpus:seeds|"), "{}", stdout(&o));
}

#[test]
fn gold_edits_refuse_a_corpus_of_several_parts() {
    let o = run(&[
        "gold",
        "add-speaker",
        "--corpus",
        "dev",
        "--id",
        "x_y",
        "--name",
        "X Y",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "quotebench: --corpus dev: this command works on one gold set; name one part (dev-train, dev-test)"
    );
}

#[test]
fn two_parts_join_into_one_corpus_with_a_hash_of_both() {
    let dir = tempfile::tempdir().unwrap();
    let second = tiny_copy(dir.path(), "z", |n| n.to_string());
    let one = load_parts(&[tiny_dirs()]).unwrap();
    let both = load_parts(&[tiny_dirs(), second.clone()]).unwrap();
    let other = load_parts(&[second]).unwrap();
    assert_eq!(both.docs.len(), 4);
    assert_eq!(both.quotes.len(), 8);
    // The same speakers in both parts are one entity each.
    assert_eq!(both.speakers.len(), 3);
    let docs: Vec<&str> = both.quotes.iter().map(|q| q.doc.as_str()).collect();
    assert_eq!(docs, ["a", "a", "b", "b", "za", "za", "zb", "zb"]);
    assert_ne!(both.hash, one.hash);
    assert_ne!(both.hash, other.hash);
    assert_eq!(both.name, "custom");
    // A corpus of one part is exactly that gold set.
    assert_eq!(
        one.hash,
        quotebench::gold::load(&tiny_dirs().0, &tiny_dirs().1)
            .unwrap()
            .hash
    );
}

#[test]
fn a_document_in_two_parts_is_a_clash_not_a_merge() {
    let err = load_parts(&[tiny_dirs(), tiny_dirs()]).unwrap_err();
    assert!(matches!(err, Error::CorpusClash { .. }));
    assert!(
        err.to_string()
            .ends_with("gold: document `a` is also in an earlier part"),
        "{err}"
    );
}

#[test]
fn a_speaker_id_defined_twice_differently_is_a_clash() {
    let dir = tempfile::tempdir().unwrap();
    let second = tiny_copy(dir.path(), "z", |n| format!("{n} Jr"));
    let err = load_parts(&[tiny_dirs(), second]).unwrap_err();
    assert!(
        err.to_string().ends_with(
            "gold: speaker `acme` is defined differently in an earlier part; give one of them another id"
        ),
        "{err}"
    );
}

#[test]
fn a_held_out_check_counts_quotes_and_never_shows_their_text() {
    let corpus = load_parts(&[tiny_dirs()]).unwrap();
    let null = quotebench::strategy::by_name("null").unwrap();
    let settings = Settings {
        bootstrap: 0,
        ..Settings::default()
    };
    let baseline = quotebench::baseline::make(&corpus, &[null], &settings).unwrap();
    let check = quotebench::baseline::check(&baseline, &corpus, 0.0).unwrap();
    let path = Path::new("scores/baseline-dev-test.json");
    let open = check.render_for(Format::Text, path, false, false);
    let held = check.render_for(Format::Text, path, false, true);
    // null abstains on all four quotes of both tasks: still wrong.
    assert!(open.contains("talks would resume"), "{open}");
    assert!(!held.contains("talks would resume"), "{held}");
    assert!(!held.contains("Great news"), "{held}");
    assert!(
        held.contains("Still wrong (8; a held-out corpus: counts only)"),
        "{held}"
    );
    assert!(
        held.contains("null@1: 8 still wrong (attribution 4, end-to-end 4)"),
        "{held}"
    );
    assert!(held.contains("PASSED") || held.contains("passed"), "{held}");
}
