//! `quotebench extract`: the same quotes as the scorer's end-to-end task,
//! in input order whatever the number of jobs, and bad input reported and
//! skipped (or fatal under --strict).

use crate::util::{files_in, fixtures, root, run, stderr, stdout};
use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn extract_finds_what_the_scorer_saw() {
    let corpus = crate::util::shipped();
    for strategy in quotebench::strategy::builtins() {
        let mut args = vec!["extract", "--strategy", strategy.name()];
        let files = files_in(&root().join("seeds"));
        args.extend(files.iter().map(String::as_str));
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let mut expected = String::new();
        for (id, doc) in &corpus.docs {
            for p in strategy.extract(&doc.text) {
                let v = serde_json::json!({
                    "doc": id, "start": p.span.start, "end": p.span.end,
                    "speaker": p.speaker, "quote": &doc.text[p.span.start..p.span.end],
                });
                let mut v = v.as_object().unwrap().clone();
                if let Some(k) = p.kind {
                    v.insert("kind".into(), serde_json::json!(k.as_str()));
                }
                expected.push_str(&serde_json::Value::Object(v).to_string());
                expected.push('\n');
            }
        }
        let got: Vec<serde_json::Value> = stdout(&o)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let want: Vec<serde_json::Value> = expected
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(got, want, "{}", strategy.name());
    }
}

fn extract_jsonl(input: &str, extra: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_quotebench"))
        .args([
            "extract",
            "--strategy",
            quotebench::strategy::names().last().unwrap(),
            "--jsonl",
        ])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn output_keeps_input_order_with_any_number_of_jobs() {
    let corpus = crate::util::shipped();
    let mut input = String::new();
    for copy in 0..40 {
        for (id, d) in &corpus.docs {
            input.push_str(
                &serde_json::json!({"id": format!("{id}-{copy}"), "text": d.text}).to_string(),
            );
            input.push('\n');
        }
    }
    let one = extract_jsonl(&input, &["--jobs", "1"]);
    let two = extract_jsonl(&input, &["--jobs", "2"]);
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(stdout(&one), stdout(&two));
}

#[test]
fn malformed_lines_are_reported_and_skipped() {
    let input = "{\"id\":\"a\",\"text\":\"He said so.\"}\nnot json\n{\"id\":\"b\"}\n{\"id\":\"c\",\"text\":\"x\"}\n";
    let o = extract_jsonl(input, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("<stdin>:2: malformed JSON line"), "{err}");
    assert!(
        err.contains("<stdin>:3: malformed JSON line (missing field `text`"),
        "{err}"
    );
    assert!(err.contains("2 input(s) skipped"), "{err}");
    let strict = extract_jsonl(input, &["--strict"]);
    assert_eq!(strict.status.code(), Some(2));
    assert!(stderr(&strict).contains("<stdin>:2: malformed JSON line"));
}

#[test]
fn a_file_that_is_not_utf8_is_skipped_with_its_line() {
    let bad = fixtures().join("broken-seeds/invalid-utf8/seeds/b.txt");
    let good = fixtures().join("tiny/seeds/a.txt");
    let o = run(&[
        "extract",
        "--strategy",
        "null",
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("{}:2: not valid UTF-8", bad.display())),
        "{}",
        stderr(&o)
    );
}
