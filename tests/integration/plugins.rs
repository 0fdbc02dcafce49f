//! External strategies and prediction files (issue 7, PLUGINS.md): the two
//! example plugins, every documented failure message of the broken plugin
//! in tests/fixtures/plugins, `quotebench score`, and one `compare`
//! leaderboard holding a built-in, a plugin and a prediction file.

use crate::util::{
    assert_killed_at_timeout, fixtures, root, run, stderr, stdout, synthetic, tiny, TIMEOUT,
    TIMEOUT_ARG,
};
use quotebench::plugin::{self, Command, Failure, Options};
use quotebench::score::{Settings, Task};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const NEAREST: &str = "exec:python3 examples/plugins/nearest_name.py";
const CHARS: &str = "exec:python3 examples/plugins/char_offsets.py";

/// The signature's label of a plugin that says `name@version` in its
/// hello, run as `command`: with the hash of its command line.
fn label(name_version: &str, command: &str) -> String {
    format!(
        "exec:{name_version};cmd={}",
        Command::parse(command).unwrap().hash()
    )
}

fn tiny_dirs() -> (String, String) {
    let t = fixtures().join("tiny");
    (
        t.join("seeds").display().to_string(),
        t.join("gold").display().to_string(),
    )
}

fn broken(mode: &str) -> String {
    format!("exec:python3 tests/fixtures/plugins/broken.py {mode}")
}

/// `quotebench` with `args` on the tiny corpus, no bootstrap.
fn on_tiny(args: &[&str]) -> std::process::Output {
    let (seeds, gold) = tiny_dirs();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--seeds", &seeds, "--gold", &gold, "--bootstrap", "0"]);
    run(&all)
}

/// The one line of stderr that quotebench wrote (plugin stderr is echoed
/// with a `[name] ` prefix and skipped here).
fn error_line(o: &std::process::Output) -> String {
    let err = stderr(o);
    let ours: Vec<&str> = err.lines().filter(|l| !l.starts_with('[')).collect();
    assert_eq!(ours.len(), 1, "{err}");
    assert!(ours[0].starts_with("quotebench: "), "{err}");
    ours[0].to_owned()
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn the_rule_based_example_gets_the_tiny_corpus_right() {
    let o = on_tiny(&["eval", "--strategy", NEAREST, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["strategy"], label("nearest-name@1", NEAREST).as_str());
    assert!(v["signature"]
        .as_str()
        .unwrap()
        .ends_with(&format!("|strategy:{}", label("nearest-name@1", NEAREST))));
    assert_eq!(v["metrics"]["accuracy"]["value"], serde_json::json!(1.0));
}

#[test]
fn the_offsets_example_answers_in_bytes() {
    // Document `a` opens with “ (one character, three bytes): the quote
    // `We are ready,` is characters 1..14 and bytes 3..16.
    let o = on_tiny(&[
        "eval",
        "--strategy",
        CHARS,
        "--task",
        "end-to-end",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let hit = v["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["doc"] == "a" && o["start"] == 3)
        .expect("the gold quote a 3..16");
    assert_eq!(hit["pred_start"], 3);
    assert_eq!(hit["pred_end"], 16);
    assert_eq!(hit["predicted"], "Jane Doe");
    assert_eq!(hit["outcome"], "correct");
}

#[test]
fn both_examples_run_on_the_shipped_corpus_for_both_tasks() {
    for strategy in [NEAREST, CHARS] {
        for task in ["attribution", "end-to-end"] {
            let o = run(&[
                "eval",
                "--strategy",
                strategy,
                "--task",
                task,
                "--bootstrap",
                "0",
            ]);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{strategy} {task}: {}",
                stderr(&o)
            );
        }
    }
}

/// Every failure of PLUGINS.md, as `eval` prints it: (mode, task, message).
const FAILURES: &[(&str, &str, &str)] = &[
    ("crash", "attribution", "quotebench: exec:broken@1: exited with exit code 1 while quotebench waited for document `b` (2 of 2); last lines of its stderr: "),
    ("crash", "attribution", "ZeroDivisionError: division by zero"),
    ("exit-early", "attribution", "quotebench: exec:broken@1: exited with exit code 0 while quotebench waited for document `a` (1 of 2); its stderr was empty"),
    ("exit-nonzero", "attribution", "quotebench: exec:broken@1: exited with exit code 3 after answering every document; last lines of its stderr: cleanup failed"),
    ("no-read", "attribution", "quotebench: exec:python3 tests/fixtures/plugins/broken.py no-read@?: exited with exit code 0 while quotebench waited for its hello; its stderr was empty"),
    ("garbage", "attribution", "quotebench: exec:broken@1: stdout line 3: not a JSON object (expected value at line 1 column 1): `Loading model weights... done`"),
    ("no-hello", "attribution", "stdout line 1: expected a \"hello\" message, got type \"predictions\""),
    ("refuse", "end-to-end", "stdout line 1: the plugin reported an error: end-to-end is not supported"),
    ("wrong-doc", "attribution", "quotebench: exec:broken@1: stdout line 3: answered for document `a`, but the document due was `b` (2 of 2); answer every document once, in the order sent"),
    ("missing-id", "attribution", "quotebench: exec:broken@1: stdout line 3: document `b`: quote id `q2` has no prediction (every id sent needs exactly one; use \"speaker\":null to abstain)"),
    ("invented-id", "attribution", "quotebench: exec:broken@1: stdout line 3: document `b`: quote id `q7` was never sent (this document's ids are q1 to q2)"),
    ("duplicate-id", "attribution", "quotebench: exec:broken@1: stdout line 3: document `b`: quote id `q1` has more than one prediction"),
    ("bad-offset", "end-to-end", "quotebench: exec:broken@1: stdout line 2: document `a`: prediction 1: span 3..9999 is out of range: the text is 105 bytes (offsets are UTF-8 bytes, not characters)"),
    ("off-boundary", "end-to-end", "quotebench: exec:broken@1: stdout line 2: document `a`: prediction 1: offset 1 of span 1..16 is inside a UTF-8 character (offsets are UTF-8 bytes, not characters; see PLUGINS.md)"),
    ("extra-output", "attribution", "quotebench: exec:broken@1: stdout line 4: output after the answer to the last document: `{\"type\": \"predictions\", \"doc\": \"c\", \"predictions\": []}`"),
];

#[test]
fn every_plugin_failure_is_one_documented_line_and_exit_2() {
    for (mode, task, message) in FAILURES {
        let o = on_tiny(&["eval", "--strategy", &broken(mode), "--task", task]);
        assert_eq!(o.status.code(), Some(2), "{mode}: {}", stderr(&o));
        let line = error_line(&o);
        assert!(
            line.contains(message),
            "{mode}:\n{line}\nwanted:\n{message}"
        );
        assert!(stdout(&o).is_empty(), "{mode}");
    }
}

#[test]
fn plugins_md_documents_every_checked_message() {
    let doc = std::fs::read_to_string(root().join("PLUGINS.md"))
        .unwrap()
        .replace("\\|", "|");
    for (mode, _, message) in FAILURES {
        let message = ["@1: ", "@?: "]
            .iter()
            .find_map(|sep| message.split_once(sep).map(|(_, m)| m))
            .unwrap_or(message);
        assert!(doc.contains(message), "{mode}: PLUGINS.md lacks {message}");
    }
    for (_, _, _, message) in BAD_FILES {
        assert!(doc.contains(message), "PLUGINS.md lacks {message}");
    }
}

#[test]
fn a_silent_plugin_is_killed_after_the_timeout() {
    let start = Instant::now();
    let o = on_tiny(&[
        "eval",
        "--strategy",
        &broken("timeout"),
        "--timeout",
        TIMEOUT_ARG,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        error_line(&o).ends_with(&format!(
            "quotebench: exec:broken@1: silent for more than {TIMEOUT} s while quotebench waited for document `b` (2 of 2), after its hello; the process was killed (raise --timeout if it is just slow); its stderr was empty"
        )),
        "{}",
        stderr(&o)
    );
    assert_killed_at_timeout(start);
}

#[test]
fn a_plugin_that_never_reads_cannot_block_the_writer() {
    // 2 MB of text: far more than a pipe holds.
    let corpus = synthetic(&[("a", 1 << 20), ("b", 1 << 20)], &[], &[]);
    let command = Command::parse(&broken("sleep-unread")).unwrap();
    let options = Options {
        timeout: Duration::from_secs(TIMEOUT),
        echo_stderr: false,
    };
    let start = Instant::now();
    let err = plugin::run(
        &command,
        Task::EndToEnd,
        &plugin::inputs(&corpus, Task::EndToEnd),
        &options,
    )
    .unwrap_err();
    assert_killed_at_timeout(start);
    match err {
        quotebench::Error::Plugin { strategy, failure } => {
            assert_eq!(strategy, "exec:broken@1");
            assert!(
                matches!(failure.downcast_ref(), Some(Failure::Timeout { .. })),
                "{failure}"
            );
        }
        e => panic!("{e}"),
    }
}

#[test]
fn a_missing_program_fails_to_start() {
    let o = on_tiny(&["eval", "--strategy", "exec:no-such-program-here --flag"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(error_line(&o).starts_with(
        "quotebench: exec:no-such-program-here --flag@?: cannot start `no-such-program-here`: "
    ));
    let o = on_tiny(&["eval", "--strategy", "exec:python3 'unclosed"]);
    assert!(
        error_line(&o).contains("cannot split the command line `python3 'unclosed`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn plugin_stderr_is_passed_through_with_its_name() {
    let o = on_tiny(&["eval", "--strategy", &broken("stderr")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("[broken] working on a\n[broken] working on b\n"),
        "{err}"
    );
}

#[test]
fn the_library_runs_a_plugin_and_scores_it() {
    let corpus = tiny();
    let command = Command::parse(NEAREST).unwrap();
    let options = Options {
        echo_stderr: false,
        ..Options::default()
    };
    let cwd_relative = |c: &Command| Command {
        argv: c
            .argv
            .iter()
            .map(|a| {
                if a.ends_with(".py") {
                    root().join(a).display().to_string()
                } else {
                    a.clone()
                }
            })
            .collect(),
    };
    let settings = Settings {
        bootstrap: 0,
        ..Settings::default()
    };
    let scored = plugin::evaluate(
        &corpus,
        &cwd_relative(&command),
        Task::Attribution,
        &settings,
        &options,
    )
    .unwrap();
    let cmd = cwd_relative(&command);
    assert_eq!(
        scored.signature.strategy(),
        format!("exec:nearest-name@1;cmd={}", cmd.hash())
    );
    assert_eq!(scored.outcomes.len(), 4);
}

/// Writes `lines` to `dir/name`.
fn file(dir: &Path, name: &str, lines: &[&str]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

#[test]
fn score_reads_a_prediction_file_like_eval_reads_a_strategy() {
    let dir = tempfile::tempdir().unwrap();
    // Gold spans: a 3..16 and 50..68, b 24..36 and 39..50; b 24..36 is left out
    // (an abstention), extra fields are ignored.
    let p = file(
        dir.path(),
        "mine.jsonl",
        &[
            r#"{"doc":"a","start":3,"end":16,"speaker":"Jane Doe","kind":"direct","quote":"We are ready,"}"#,
            r#"{"doc":"a","start":50,"end":68,"speaker":"John Smith"}"#,
            "",
            r#"{"doc":"b","start":39,"end":50,"speaker":null}"#,
        ],
    );
    let o = on_tiny(&[
        "score",
        "--predictions",
        p.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let strategy = v["strategy"].as_str().unwrap();
    assert!(
        strategy.starts_with("file:mine@") && strategy.len() == "file:mine@".len() + 8,
        "{strategy}"
    );
    assert_eq!(v["counts"]["correct"], 1);
    assert_eq!(v["counts"]["incorrect"], 1);
    assert_eq!(v["counts"]["abstained"], 2);
    assert!(v["signature"]
        .as_str()
        .unwrap()
        .contains("|task:attribution|fuzzy:0.90|match:names4|bs:0|seed:42|unit:doc|ci:percentile+wilson|test:paired-ar-exact16|strategy:file:mine@"));
}

#[test]
fn extract_style_records_score_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let p = file(
        dir.path(),
        "found.jsonl",
        &[
            r#"{"doc":"a","start":3,"end":16,"kind":"direct","speaker":"Jane Doe","quote":"We are ready,"}"#,
            r#"{"doc":"a","start":88,"end":93,"kind":null,"speaker":null}"#,
        ],
    );
    let o = on_tiny(&[
        "score",
        "--task",
        "end-to-end",
        "--predictions",
        p.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["counts"]["correct"], 1);
    assert_eq!(v["counts"]["spurious"], 1);
    assert_eq!(v["counts"]["missed"], 3);
}

/// Bad second lines of a prediction file after a good first one (`{ok}`):
/// (task, line, line number, message).
const BAD_FILES: &[(&str, &str, &str, &str)] = &[
    ("attribution", r#"{"doc":"c","start":3,"end":16,"speaker":"X"}"#, "2", "document `c` is not in the corpus"),
    ("attribution", r#"{"doc":"a","start":4,"end":16,"speaker":"X"}"#, "2", "span 4..16 of document `a` is not a gold span; for the attribution task every line names a gold span exactly (score found spans with --task end-to-end)"),
    ("attribution", "{ok}", "2", "a second prediction for span 3..16 of document `a` (the first is on line 1)"),
    ("attribution", "doc,start,end", "2", "not a JSON object (expected value at line 1 column 1): `doc,start,end`"),
    ("attribution", "[1, 2]", "2", "not a JSON object (JSON, but not an object): `[1, 2]`"),
    ("attribution", r#"{"doc":"a","start":50,"end":68}"#, "2", "\"speaker\" is missing (use null to abstain)"),
    ("attribution", r#"{"doc":"a","start":"50","end":68,"speaker":null}"#, "2", "\"start\" must be a non-negative integer, not a string"),
    ("attribution", r#"{"doc":"a","start":50,"end":68,"speaker":null,"kind":"quoted"}"#, "2", "\"kind\": unknown kind `quoted`"),
    ("end-to-end", r#"{"doc":"a","start":1,"end":16,"speaker":null}"#, "2", "document `a`: offset 1 of span 1..16 is inside a UTF-8 character"),
    ("end-to-end", r#"{"doc":"b","start":3,"end":500,"speaker":null}"#, "2", "document `b`: span 3..500 is out of range: the text is 90 bytes"),
];

#[test]
fn bad_prediction_files_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let ok = r#"{"doc":"a","start":3,"end":16,"speaker":"Jane Doe"}"#;
    for (i, (task, second, line, message)) in BAD_FILES.iter().enumerate() {
        let second = second.replace("{ok}", ok);
        let p = file(dir.path(), &format!("case{i}.jsonl"), &[ok, &second]);
        let o = on_tiny(&[
            "score",
            "--task",
            task,
            "--predictions",
            p.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{message}: {}", stderr(&o));
        let want = format!("quotebench: {}:{line}: {message}", p.display());
        let got = error_line(&o);
        assert!(got.starts_with(&want), "\n{got}\nwanted\n{want}");
    }
    let o = on_tiny(&["score", "--predictions", "nowhere.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(error_line(&o).starts_with("quotebench: nowhere.jsonl: "));
}

#[test]
fn one_leaderboard_holds_a_builtin_a_plugin_and_a_prediction_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = file(
        dir.path(),
        "elsewhere.jsonl",
        &[r#"{"doc":"b","start":39,"end":50,"speaker":"John Smith"}"#],
    );
    let o = on_tiny(&[
        "compare",
        "--task",
        "attribution",
        "--builtins",
        "--strategy",
        NEAREST,
        "--predictions",
        p.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let ranked: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["strategy"].as_str().unwrap())
        .collect();
    let builtins = quotebench::strategy::builtins();
    let n = builtins.len() + 2;
    assert_eq!(ranked.len(), n, "{ranked:?}");
    assert!(
        ranked.contains(&label("nearest-name@1", NEAREST).as_str()),
        "{ranked:?}"
    );
    assert!(
        ranked.iter().any(|r| r.starts_with("file:elsewhere@")),
        "{ranked:?}"
    );
    for b in &builtins {
        let label = format!("{}@{}", b.name(), b.version());
        assert!(
            ranked.contains(&label.as_str()),
            "{label} missing from {ranked:?}"
        );
    }
    // Sorted by accuracy, best first.
    let acc: Vec<f64> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["metrics"]["accuracy"]["value"].as_f64().unwrap())
        .collect();
    assert!(acc.windows(2).all(|w| w[0] >= w[1]), "{acc:?}");
    assert_eq!(v["pairs"].as_array().unwrap().len(), n * (n - 1) / 2);
}

#[test]
fn a_failing_plugin_is_ranked_failed_and_the_others_still_report() {
    let dir = tempfile::tempdir().unwrap();
    let bad = file(dir.path(), "bad.jsonl", &["not json"]);
    let o = on_tiny(&[
        "compare",
        "--task",
        "attribution",
        "--strategy",
        "null",
        "--strategy",
        &broken("crash"),
        "--strategy",
        &broken("timeout"),
        "--strategy",
        NEAREST,
        "--predictions",
        bad.to_str().unwrap(),
        // Long enough for every other plugin to start on a busy machine.
        "--timeout",
        TIMEOUT_ARG,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let rows: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().take(3).collect())
        .collect();
    let row = |r: &[&str]| rows.iter().any(|x| x == r);
    assert!(
        row(&["1", &label("nearest-name@1", NEAREST), "1.000"]),
        "{out}"
    );
    assert!(row(&["2", "null@1", "0.000"]), "{out}");
    assert!(row(&["3", "exec:broken@1", "FAILED"]), "{out}");
    assert!(row(&["4", "exec:broken@1", "FAILED"]), "{out}");
    assert!(row(&["5", "file:bad@?", "FAILED"]), "{out}");
    assert!(out.contains("\nFAILED exec:broken@1: exited with exit code 1 while quotebench waited for document `b` (2 of 2); last lines of its stderr: "), "{out}");
    assert!(out.contains(&format!("\nFAILED exec:broken@1: silent for more than {TIMEOUT} s while quotebench waited for document `b` (2 of 2), after its hello; the process was killed")), "{out}");
    assert!(out.contains(&format!("\nFAILED file:bad@?: {}:1: not a JSON object (expected ident at line 1 column 2): `not json`\n", bad.display())), "{out}");
    let err = stderr(&o);
    assert!(
        err.contains("quotebench: exec:broken@1 failed on attribution: exited with exit code 1"),
        "{err}"
    );
}

#[test]
fn compare_needs_a_task_for_prediction_files() {
    let o = run(&["compare", "--predictions", "x.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(error_line(&o).contains("--predictions needs --task"));
}
