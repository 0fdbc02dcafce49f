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

/// Writes `text` over `path` with every `\n` turned into `\r\n`, as git
/// does on checkout with core.autocrlf=true.
fn to_crlf(path: &Path) {
    let text = std::fs::read(path).unwrap();
    let mut out = Vec::with_capacity(text.len() + text.len() / 20);
    for b in text {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    std::fs::write(path, out).unwrap();
}

fn txt_and_csv(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = ["seeds", "gold"]
        .iter()
        .flat_map(|sub| std::fs::read_dir(dir.join(sub)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "csv"))
        .collect();
    out.sort();
    out
}

#[test]
fn a_crlf_checkout_gave_84_span_errors_and_no_hint() {
    let dir = copy_repo();
    let d = dir.path();
    let files = txt_and_csv(d);
    let originals: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    for p in &files {
        to_crlf(p);
    }
    let o = run_in(d, &["gold", "check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "one diagnosis and the verdict: {out}");
    assert!(
        lines[0].starts_with("seeds/000_3bcdd38ada0a119a.txt: crlf-checkout: 7 file(s) have Windows line endings (CRLF), which the byte offsets do not count: seeds/000_3bcdd38ada0a119a.txt, seeds/001_9c4c0bff040564e8.txt, seeds/002_8f39ec3155af1ad9.txt and 4 more; a checkout with core.autocrlf=true converts them (84 span error(s) this explains are not listed). Fix: `quotebench gold fmt` turns them back into LF"),
        "{out}"
    );
    // An edit says what to run instead of failing on 84 errors.
    std::fs::write(d.join("seeds/900_sixteen.txt"), sixteen_clauses()).unwrap();
    let o = run_in(
        d,
        &add_args(1).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the gold set is valid but not in canonical form")
            && stderr(&o).contains("run `quotebench gold fmt` to rewrite it, then retry"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_file(d.join("seeds/900_sixteen.txt")).unwrap();
    // gold fmt restores every byte.
    let o = run_in(d, &["gold", "fmt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("rewrote gold/quotes.csv"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).ends_with("gold check: PASSED\n"),
        "{}",
        stdout(&o)
    );
    for (p, before) in files.iter().zip(&originals) {
        assert!(
            std::fs::read(p).unwrap() == *before,
            "{} differs",
            p.display()
        );
    }
    let o = run_in(d, &["gold", "fmt"]);
    assert_eq!(
        stdout(&o),
        "already in canonical form: nothing changed\ngold check: PASSED\n"
    );
}

#[test]
fn crlf_csv_line_numbers_were_one_too_low() {
    let dir = copy_repo();
    let d = dir.path();
    let quotes = d.join("gold/quotes.csv");
    let text = std::fs::read_to_string(&quotes).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let at = lines.iter().position(|l| l.contains(",direct,")).unwrap();
    lines[at] = lines[at].replacen(",direct,", ",bogus,", 1);
    std::fs::write(&quotes, lines.join("\r\n") + "\r\n").unwrap();
    let o = run_in(d, &["gold", "check"]);
    let want = format!(
        "gold/quotes.csv:{}: unknown-kind: unknown kind `bogus`",
        at + 1
    );
    assert!(stdout(&o).contains(&want), "{want}\n{}", stdout(&o));
}

#[test]
fn an_unsorted_but_valid_gold_set_is_repaired_by_gold_fmt() {
    let dir = copy_repo();
    let d = dir.path();
    let quotes = d.join("gold/quotes.csv");
    let original = std::fs::read_to_string(&quotes).unwrap();
    let mut lines: Vec<&str> = original.lines().collect();
    lines.swap(1, 2);
    std::fs::write(&quotes, lines.join("\n") + "\n").unwrap();
    std::fs::write(d.join("seeds/900_sixteen.txt"), sixteen_clauses()).unwrap();
    let o = run_in(
        d,
        &add_args(1).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("gold/quotes.csv:3: unsorted: rows must be sorted by doc, start, end")
            && stderr(&o).contains("run `quotebench gold fmt` to rewrite it, then retry"),
        "{}",
        stderr(&o)
    );
    let o = run_in(d, &["gold", "fmt"]);
    assert_eq!(
        stdout(&o),
        "rewrote gold/quotes.csv\ngold check: PASSED with 1 warning(s)\n",
        "{}",
        stderr(&o)
    );
    std::fs::remove_file(d.join("seeds/900_sixteen.txt")).unwrap();
    assert_eq!(std::fs::read_to_string(&quotes).unwrap(), original);
    // Anything else wrong: refused, nothing written.
    std::fs::write(&quotes, original.replacen(",direct,", ",bogus,", 1)).unwrap();
    let o = run_in(d, &["gold", "fmt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`gold fmt` only repairs order and line endings, and the gold set has 1 other error(s) (first: gold/quotes.csv:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn extract_jobs_100000_panicked_a_thread_and_hung() {
    let o = crate::util::run(&[
        "extract",
        "--strategy",
        "sieve",
        "--jobs",
        "100000",
        "seeds/000_3bcdd38ada0a119a.txt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let most = quotebench::limits::max_jobs();
    assert_eq!(
        stderr(&o),
        format!("quotebench: --jobs 100000 is more than {most}, 4 times the cores of this machine (README.md, Limits); more threads than that only cost memory\n")
    );
}

#[test]
fn timeout_1e20_panicked_converting_to_a_duration() {
    for cmd in [
        vec!["eval", "--strategy", "sieve", "--timeout", "1e20"],
        vec![
            "extract",
            "--strategy",
            "sieve",
            "--timeout",
            "1e20",
            "seeds/000_3bcdd38ada0a119a.txt",
        ],
    ] {
        let o = crate::util::run(&cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}");
        assert_eq!(
            stderr(&o),
            "quotebench: --timeout 100000000000000000000 is out of range: give 0.001 to 3600 seconds (README.md, Limits)\n"
        );
    }
}

#[test]
fn one_large_document_used_gigabytes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let big = d.join("big.txt");
    std::fs::write(&big, "\"".repeat(quotebench::limits::MAX_DOC_BYTES + 1)).unwrap();
    std::fs::write(d.join("small.txt"), "“Fine,” she said.").unwrap();
    let o = run_in(
        d,
        &["extract", "--strategy", "sieve", "big.txt", "small.txt"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "quotebench: warning: big.txt is 4.0 MiB, more than the 4.0 MiB a document may have (README.md, Limits); split it into articles; skipped\nquotebench: 1 input(s) skipped\n"
    );
    assert!(stdout(&o).contains("\"doc\":\"small\""), "{}", stdout(&o));
    // the same text as one JSON line
    let line = format!(
        "{{\"id\":\"big\",\"text\":\"{}\"}}\n",
        "x".repeat(quotebench::limits::MAX_DOC_BYTES + 1)
    );
    std::fs::write(d.join("big.jsonl"), line).unwrap();
    let o = run_in(
        d,
        &["extract", "--strategy", "sieve", "--jsonl", "big.jsonl"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("quotebench: warning: big.jsonl:1: the text is 4.0 MiB, more than the 4.0 MiB a document may have"),
        "{}",
        stderr(&o)
    );
    // and as a seed
    let repo = copy_repo();
    std::fs::copy(&big, repo.path().join("seeds/900_big.txt")).unwrap();
    let o = run_in(repo.path(), &["gold", "check"]);
    assert!(
        stdout(&o).contains("seeds/900_big.txt: doc-too-large: the article is 4.0 MiB, more than the 4.0 MiB a document may have (README.md, Limits); split it into articles"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_header_only_quotes_csv_scored_0_quotes() {
    let dir = copy_repo();
    let d = dir.path();
    std::fs::write(
        d.join("gold/quotes.csv"),
        "doc,start,end,kind,speaker,cue,mention,text\n",
    )
    .unwrap();
    std::fs::write(d.join("gold/speakers.csv"), "id,name,aliases\n").unwrap();
    let o = run_in(d, &["gold", "check"]);
    assert!(
        stdout(&o).contains("gold/quotes.csv: no-quotes: warning: the gold set has no attributions (header only): there is nothing to score yet"),
        "{}",
        stdout(&o)
    );
    for cmd in [
        vec!["eval", "--strategy", "sieve"],
        vec!["compare"],
        vec!["score", "--predictions", "p.jsonl"],
    ] {
        let o = run_in(d, &cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}");
        assert_eq!(
            stderr(&o),
            "quotebench: gold/quotes.csv: the gold set has no attributions (header only), so there is nothing to score; label some with `quotebench gold add`\n",
            "{cmd:?}"
        );
    }
}

#[test]
fn an_empty_predictions_file_scored_85_abstentions() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.jsonl");
    std::fs::write(&p, "\n  \n").unwrap();
    let o = crate::util::run(&[
        "score",
        "--predictions",
        p.to_str().unwrap(),
        "--bootstrap",
        "0",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!("quotebench: {}: the prediction file has no predictions (it is empty or blank), which would score as an abstention on every quote; write one line per gold span (`\"speaker\": null` to abstain on purpose)\n", p.display())
    );
}

#[test]
fn a_bom_in_a_prediction_file_gave_expected_value_at_line_1() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bom.jsonl");
    let q = &crate::util::shipped().quotes[0];
    std::fs::write(
        &p,
        format!(
            "\u{feff}{{\"doc\":\"{}\",\"start\":{},\"end\":{},\"speaker\":null}}\n",
            q.doc, q.span.start, q.span.end
        ),
    )
    .unwrap();
    let o = crate::util::run(&[
        "score",
        "--predictions",
        p.to_str().unwrap(),
        "--bootstrap",
        "0",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn extract_dash_without_jsonl_failed_though_help_says_stdin() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_quotebench"))
        .args(["extract", "--strategy", "sieve", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("“We are ready,” Jane Doe said.".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("{\"doc\":\"stdin\",\"start\":3,\"end\":16,"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn io_errors_printed_their_cause_twice() {
    let o = crate::util::run(&[
        "score",
        "--predictions",
        "no/such.jsonl",
        "--bootstrap",
        "0",
    ]);
    assert_eq!(
        stderr(&o),
        "quotebench: no/such.jsonl: No such file or directory (os error 2)\n"
    );
    // a missing gold directory says how to start one
    let o = crate::util::run(&["gold", "check", "--gold", "no/gold"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "quotebench: no/gold/quotes.csv: no such file; start a new gold set with `quotebench gold init --gold no/gold`\n"
    );
}

#[test]
fn check_baseline_other_json_named_scores_baseline_json() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    let text = std::fs::read_to_string(crate::util::root().join("scores/baseline.json")).unwrap();
    let broken = text.replacen("|bs:1000|", "|bs:many|", 1);
    std::fs::write(&other, broken).unwrap();
    let o = crate::util::run(&["check", "--baseline", other.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(&format!(
            "quotebench: {}: cannot read the settings in signature",
            other.display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn compare_could_not_read_its_own_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.json");
    let o = crate::util::run(&[
        "compare",
        "--bootstrap",
        "0",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = crate::util::run(&["compare", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("sieve@"), "{}", stdout(&o));
}

#[test]
fn a_bad_speakers_header_first_printed_85_unknown_speaker_lines() {
    let dir = copy_repo();
    let d = dir.path();
    let speakers = d.join("gold/speakers.csv");
    let text = std::fs::read_to_string(&speakers).unwrap();
    std::fs::write(
        &speakers,
        text.replacen("id,name,aliases", "id,name,alias", 1),
    )
    .unwrap();
    let o = run_in(d, &["gold", "check"]);
    assert_eq!(
        stdout(&o),
        "gold/speakers.csv:1: bad-header: the header must be `id,name,aliases`, found `id,name,alias`\nFAILED: 1 errors, 0 warnings\n"
    );
}

#[test]
fn a_stray_txt_or_a_symlink_in_seeds_was_loaded_silently() {
    let dir = copy_repo();
    let d = dir.path();
    std::fs::write(d.join("seeds/notes.txt"), "remember to label 004").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("seeds/notes.txt"), d.join("seeds/linked.txt")).unwrap();
    let o = run_in(d, &["gold", "check"]);
    let out = stdout(&o);
    assert!(
        out.contains("seeds/notes.txt: unlabelled-doc: warning: document `notes` has no row in quotes.csv: every quote a strategy finds in it counts as spurious end to end; label it, or move the file out of the seeds if it is not an article"),
        "{out}"
    );
    #[cfg(unix)]
    assert!(
        out.contains(
            "seeds/linked.txt: symlinked-seed: a seed must be a regular file, not a symbolic link"
        ),
        "{out}"
    );
}

#[test]
fn a_plus_2415_offset_was_accepted() {
    let dir = copy_repo();
    let d = dir.path();
    let quotes = d.join("gold/quotes.csv");
    let text = std::fs::read_to_string(&quotes).unwrap();
    std::fs::write(&quotes, text.replacen(",68,336,", ",+68,336,", 1)).unwrap();
    let o = run_in(d, &["gold", "check"]);
    assert!(
        stdout(&o).contains("gold/quotes.csv:2: bad-offset: start `+68` is not a non-negative integer written in digits (no sign, no leading zero)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_speaker_name_with_a_newline_or_bar_and_the_alias_he_were_accepted() {
    let dir = copy_repo();
    let d = dir.path();
    let cases: [(&[&str], &str); 3] = [
        (
            &["--id", "jane_roe", "--name", "Jane\nRoe"],
            "name \"Jane\\nRoe\" contains a line break or another control character (gold/speakers.csv unchanged)",
        ),
        (
            &["--id", "jane_roe", "--name", "Jane Roe|Roe"],
            "name \"Jane Roe|Roe\" contains `|`, the alias separator; put other names in the aliases column (gold/speakers.csv unchanged)",
        ),
        (
            &["--id", "jane_roe", "--name", "Jane Roe", "--alias", "he"],
            "alias `he` is a pronoun; aliases are names of the entity (a pronoun mention goes in the mention column of quotes.csv) (gold/speakers.csv unchanged)",
        ),
    ];
    for (args, want) in cases {
        let mut all = vec!["gold", "add-speaker"];
        all.extend_from_slice(args);
        let o = run_in(d, &all);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o), format!("quotebench: {want}\n"), "{args:?}");
    }
    // and by hand in the CSV
    let speakers = d.join("gold/speakers.csv");
    let text = std::fs::read_to_string(&speakers).unwrap();
    std::fs::write(
        &speakers,
        text.replacen(
            "associated_press,Associated Press,",
            "associated_press,Associated Press,it|",
            1,
        ),
    )
    .unwrap();
    let o = run_in(d, &["gold", "check"]);
    assert!(
        stdout(&o).contains("bad-name: speaker `associated_press`: alias `it` is a pronoun"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn an_indirect_span_crossing_quotation_marks_was_accepted_by_gold_add() {
    let dir = copy_repo();
    let d = dir.path();
    std::fs::write(
        d.join("seeds/900_cross.txt"),
        "She said the plan was “dead on arrival,” and left.\n",
    )
    .unwrap();
    let o = run_in(
        d,
        &[
            "gold",
            "add",
            "--doc",
            "900_cross",
            "--kind",
            "indirect",
            "--speaker",
            "vladimir_putin",
            "--text",
            "the plan was “dead on",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("an indirect span must not cross quotation marks, but this one has an opening `“` whose closing `”` is after it"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bom_prefixed_or_duplicate_article_was_accepted_by_add_doc() {
    let dir = copy_repo();
    let d = dir.path();
    std::fs::write(d.join("bom.txt"), "\u{feff}Headline\n\nText.\n").unwrap();
    let o = run_in(d, &["gold", "add-doc", "bom.txt", "--id", "900_bom"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("quotebench: bom.txt starts with a byte-order mark (BOM), which would shift every offset; remove it first"),
        "{}",
        stderr(&o)
    );
    std::fs::copy(
        d.join("seeds/002_8f39ec3155af1ad9.txt"),
        d.join("again.txt"),
    )
    .unwrap();
    let o = run_in(d, &["gold", "add-doc", "again.txt", "--id", "900_again"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "quotebench: again.txt is already in the seeds as seeds/002_8f39ec3155af1ad9.txt; an article is added once (seeds unchanged)\n"
    );
}

#[test]
fn a_typo_in_an_unlabelled_article_could_not_be_fixed_with_add_doc() {
    let dir = copy_repo();
    let d = dir.path();
    std::fs::write(
        d.join("draft.txt"),
        "Headline\n\n\u{201c}Wee are ready,\u{201d} Jane Doe said.\n",
    )
    .unwrap();
    let o = run_in(d, &["gold", "add-doc", "draft.txt", "--id", "900_draft"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fixed = "Headline\n\n\u{201c}We are ready,\u{201d} Jane Doe said.\n";
    std::fs::write(d.join("fixed.txt"), fixed).unwrap();
    // Without --replace the seed is never overwritten.
    let o = run_in(d, &["gold", "add-doc", "fixed.txt", "--id", "900_draft"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    let o = run_in(
        d,
        &[
            "gold",
            "add-doc",
            "fixed.txt",
            "--id",
            "900_draft",
            "--replace",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("replaced the text of document `900_draft`"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        std::fs::read_to_string(d.join("seeds/900_draft.txt")).unwrap(),
        fixed
    );
    // Nothing to replace: refused.
    let o = run_in(
        d,
        &[
            "gold",
            "add-doc",
            "fixed.txt",
            "--id",
            "900_none",
            "--replace",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    // A labelled article keeps its text: its offsets would break.
    let o = run_in(
        d,
        &[
            "gold",
            "add-doc",
            "fixed.txt",
            "--id",
            "002_8f39ec3155af1ad9",
            "--replace",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("document `002_8f39ec3155af1ad9` is labelled by")
            && stderr(&o).contains("gold remove --doc 002_8f39ec3155af1ad9 --all"),
        "{}",
        stderr(&o)
    );
    assert_ne!(
        std::fs::read_to_string(d.join("seeds/002_8f39ec3155af1ad9.txt")).unwrap(),
        fixed
    );
}

#[test]
fn gold_readme_id_rule_disagreed_with_the_code() {
    let readme = std::fs::read_to_string(crate::util::root().join("gold/README.md")).unwrap();
    assert!(
        readme.contains("starts with a letter, no `__`, does not end in `_`"),
        "gold/README.md states the id rule of `gold check`"
    );
    let dir = copy_repo();
    for bad in ["9lives", "_x", "a__b", "ab_"] {
        let o = run_in(
            dir.path(),
            &["gold", "add-speaker", "--id", bad, "--name", "Someone New"],
        );
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&o).contains("is not snake_case"),
            "{bad}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn add_doc_refused_the_first_article_of_an_empty_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = run_in(
        d,
        &["gold", "init", "--seeds", "new/seeds", "--gold", "new/gold"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "wrote new/gold/quotes.csv\nwrote new/gold/speakers.csv\nnext: `quotebench gold add-doc --seeds new/seeds --gold new/gold ARTICLE.txt --id ID`\n"
    );
    std::fs::write(d.join("art.txt"), "“We are ready,” Jane Doe said.\n").unwrap();
    let flags = ["--seeds", "new/seeds", "--gold", "new/gold"];
    let with = |args: &[&'static str]| {
        let mut a = args.to_vec();
        a.extend_from_slice(&flags);
        a
    };
    let o = run_in(
        d,
        &with(&["gold", "add-doc", "art.txt", "--id", "n01_first"]),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run_in(
        d,
        &with(&[
            "gold",
            "add-speaker",
            "--id",
            "jane_doe",
            "--name",
            "Jane Doe",
        ]),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // No warning that the speaker just added has no rows yet (it is added
    // before them), and the next step names this gold set.
    assert_eq!(
        stdout(&o).matches("unused-speaker").count(),
        0,
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o)
            .contains("next: `quotebench gold add --seeds new/seeds --gold new/gold --doc DOC"),
        "{}",
        stdout(&o)
    );
    // suggest prints lines for this gold set, not the default one
    let o = run_in(d, &with(&["gold", "suggest", "--doc", "n01_first"]));
    assert!(
        stdout(&o)
            .contains("quotebench gold add --seeds new/seeds --gold new/gold --doc n01_first"),
        "{}",
        stdout(&o)
    );
    let add = with(&[
        "gold",
        "add",
        "--doc",
        "n01_first",
        "--kind",
        "direct",
        "--speaker",
        "jane_doe",
        "--text",
        "We are ready,",
        "--cue",
        "said",
        "--mention",
        "Jane Doe",
    ]);
    let o = run_in(d, &add);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Re-running a labelling script is harmless.
    let o = run_in(d, &add);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .starts_with("already labelled identically (nothing changed): new/gold/quotes.csv:2:"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        read_quotes(&d.join("new/gold/quotes.csv")).unwrap().len(),
        1
    );
    let o = run_in(d, &with(&["gold", "init"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists; `gold init` only starts a new gold set"));
}

#[test]
fn gold_suggest_refused_exec_strategies() {
    let dir = tempfile::tempdir().unwrap();
    let plugin = dir.path().join("one.py");
    std::fs::write(
        &plugin,
        r#"import json, sys
print(json.dumps({"type": "hello", "name": "one", "version": "1"}), flush=True)
sys.stdin.readline()
for line in sys.stdin:
    doc = json.loads(line)
    text = doc["text"].encode()
    i = text.find("Ready".encode())
    preds = [{"start": i, "end": i + 5, "speaker": "Jane Doe"}] if i >= 0 else []
    print(json.dumps({"type": "predictions", "doc": doc["doc"], "predictions": preds}), flush=True)
"#,
    )
    .unwrap();
    let tiny = crate::util::fixtures().join("tiny");
    let strategy = format!("exec:python3 {}", plugin.display());
    let seeds = tiny.join("seeds");
    let gold = tiny.join("gold");
    let o = crate::util::run(&[
        "gold",
        "suggest",
        "--doc",
        "a",
        "--strategy",
        &strategy,
        "--seeds",
        seeds.to_str().unwrap(),
        "--gold",
        gold.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("# 1 unlabelled candidate(s) in `a` found by exec:one@1"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("--kind direct --speaker jane_doe --text Ready"),
        "{}",
        stdout(&o)
    );
}
