//! Issue 17: no lost labels, no panics or hangs on any input, and messages
//! that point at the real cause. Each test is named after the failure it
//! pins and asserts the message a user sees.

use crate::scratch::copy_repo;
use crate::util::{run_in, stderr, stdout};
use quotebench::gold::edit::read_quotes;
use std::path::Path;
use std::process::{Command, Stdio};

/// A seed of sixteen unquoted, distinct clauses, one per line.
fn sixteen_clauses() -> String {
    (1..=16)
        .map(|i| format!("Officials said shipment {i:02} was late.\n"))
        .collect()
}

fn add_args(i: usize) -> Vec<String> {
    [
        "gold",
        "add",
        "--doc",
        "900_sixteen",
        "--kind",
        "indirect",
        "--speaker",
        "vladimir_putin",
        "--text",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("shipment {i:02} was late")])
    .collect()
}

#[test]
fn parallel_gold_add_loses_no_row() {
    let dir = copy_repo();
    let d = dir.path();
    std::fs::write(d.join("seeds/900_sixteen.txt"), sixteen_clauses()).unwrap();
    let before = read_quotes(&d.join("gold/quotes.csv")).unwrap().len();
    let children: Vec<_> = (1..=16)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_quotebench"))
                .args(add_args(i))
                .current_dir(d)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (i, child) in children.into_iter().enumerate() {
        let o = child.wait_with_output().unwrap();
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(0), "run {}: {}", i + 1, stderr(&o));
        // The `added` line describes this run's row, not another one.
        assert!(
            out.contains(&format!("\"shipment {:02} was late\"", i + 1)),
            "run {}: {out}",
            i + 1
        );
    }
    let rows = read_quotes(&d.join("gold/quotes.csv")).unwrap();
    assert_eq!(rows.len(), before + 16);
    let mine: Vec<_> = rows.iter().filter(|r| r.doc == "900_sixteen").collect();
    assert_eq!(mine.len(), 16, "all 16 rows survive");
    let check = run_in(d, &["gold", "check"]);
    assert!(stdout(&check).contains("PASSED"), "{}", stdout(&check));
}

#[test]
fn killed_edit_leaves_staging_folders_that_the_next_edit_removes() {
    let dir = copy_repo();
    let d = dir.path();
    std::fs::write(d.join("seeds/900_sixteen.txt"), sixteen_clauses()).unwrap();
    let stale = d.join("gold/.quotebench-staged-XyZ123.tmp");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("quotes.csv"), "half").unwrap();
    let o = run_in(
        d,
        &add_args(3).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "quotebench: note: removed {}, left by an edit that was interrupted",
            Path::new("gold/.quotebench-staged-XyZ123.tmp").display()
        )),
        "{}",
        stderr(&o)
    );
    assert!(!stale.exists());
}

#[cfg(unix)]
#[test]
fn edit_replaced_a_read_only_quotes_csv() {
    use std::os::unix::fs::PermissionsExt;
    let dir = copy_repo();
    let d = dir.path();
    std::fs::write(d.join("seeds/900_sixteen.txt"), sixteen_clauses()).unwrap();
    let quotes = d.join("gold/quotes.csv");
    std::fs::set_permissions(&quotes, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&quotes).unwrap();
    let o = run_in(
        d,
        &add_args(1).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "gold/quotes.csv is read-only; make it writable (`chmod u+w gold/quotes.csv`) if it is meant to be edited (gold/quotes.csv unchanged)"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&quotes).unwrap(), before);
}
