//! `gold check`: the shipped gold passes; each broken fixture reports
//! exactly its diagnostic id at its line, and nothing else as an error.

use crate::util::{fixtures, run, stdout};

#[test]
fn shipped_gold_passes() {
    let o = run(&["gold", "check"]);
    assert_eq!(stdout(&o).trim_end(), "PASSED", "{}", stdout(&o));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn tiny_fixture_passes() {
    let t = fixtures().join("tiny");
    let o = run(&[
        "gold",
        "check",
        "--seeds",
        t.join("seeds").to_str().unwrap(),
        "--gold",
        t.join("gold").to_str().unwrap(),
    ]);
    assert_eq!(stdout(&o).trim_end(), "PASSED");
}

/// (fixture and diagnostic id, file, line, severity is error)
const CASES: &[(&str, &str, u64, bool)] = &[
    ("alias-collision", "speakers.csv", 5, true),
    ("bad-field-count", "quotes.csv", 3, true),
    ("bad-header", "quotes.csv", 1, true),
    ("bad-offset", "quotes.csv", 3, true),
    ("bad-speaker-id", "speakers.csv", 5, true),
    ("duplicate-row", "quotes.csv", 6, true),
    ("duplicate-speaker", "speakers.csv", 5, true),
    ("empty-name", "speakers.csv", 5, true),
    ("empty-span", "quotes.csv", 4, true),
    ("invalid-utf8", "quotes.csv", 3, true),
    ("kind-marks", "quotes.csv", 4, true),
    ("not-char-boundary", "quotes.csv", 2, true),
    ("offset-out-of-range", "quotes.csv", 4, true),
    ("span-text-mismatch", "quotes.csv", 3, true),
    ("unknown-doc", "quotes.csv", 4, true),
    ("unknown-kind", "quotes.csv", 5, true),
    ("unknown-speaker", "quotes.csv", 5, true),
    ("unsorted", "quotes.csv", 3, true),
    ("unused-speaker", "speakers.csv", 5, false),
];

#[test]
fn every_broken_fixture_reports_exactly_its_id() {
    let seeds = fixtures().join("tiny/seeds");
    for (id, file, line, is_error) in CASES {
        let dir = fixtures().join("broken").join(id);
        let o = run(&[
            "gold",
            "check",
            "--seeds",
            seeds.to_str().unwrap(),
            "--gold",
            dir.to_str().unwrap(),
        ]);
        let out = stdout(&o);
        let expected = format!("{}:{line}: {id}: ", dir.join(file).display());
        assert!(
            out.contains(&expected),
            "{id}: expected `{expected}` in\n{out}"
        );
        // No other error: every other line is a warning or the verdict.
        let others: Vec<&str> = out
            .lines()
            .filter(|l| !l.starts_with(&expected) && !l.contains(": warning: "))
            .filter(|l| !l.starts_with("PASSED") && !l.starts_with("FAILED"))
            .collect();
        assert!(others.is_empty(), "{id}: unexpected diagnostics {others:?}");
        if *is_error {
            assert_eq!(o.status.code(), Some(1), "{id}");
            assert!(out.trim_end().ends_with("warnings"), "{id}: {out}");
            assert!(out.contains("FAILED: 1 errors"), "{id}: {out}");
        } else {
            assert_eq!(o.status.code(), Some(0), "{id}");
        }
    }
}

#[test]
fn broken_seeds_are_reported_with_file_and_line() {
    let dir = fixtures().join("broken-seeds/invalid-utf8");
    let o = run(&[
        "gold",
        "check",
        "--seeds",
        dir.join("seeds").to_str().unwrap(),
        "--gold",
        dir.join("gold").to_str().unwrap(),
    ]);
    let expected = format!("{}:2: invalid-utf8: ", dir.join("seeds/b.txt").display());
    assert!(stdout(&o).contains(&expected), "{}", stdout(&o));
    assert_eq!(o.status.code(), Some(1));

    let dir = fixtures().join("broken-seeds/no-seeds");
    let o = run(&[
        "gold",
        "check",
        "--seeds",
        dir.join("seeds").to_str().unwrap(),
        "--gold",
        dir.join("gold").to_str().unwrap(),
    ]);
    assert!(stdout(&o).contains(": no-seeds: "), "{}", stdout(&o));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn unreadable_input_exits_2_with_the_path() {
    let o = run(&["gold", "check", "--gold", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    let err = crate::util::stderr(&o);
    assert!(
        err.starts_with("quotebench: no/such/dir/quotes.csv: "),
        "{err}"
    );
}
