//! `quotebench extract --strategy exec:…`: one plugin process per run, fed
//! documents in input order with only a few in flight; the records are the
//! plugin's end-to-end answers as `eval` gets them; a plugin failure stops
//! the run with its documented message; bad input is skipped, never sent.

use crate::util::{
    assert_killed_at_timeout, files_in, fixtures, root, run, stderr, stdout, TIMEOUT, TIMEOUT_ARG,
};
use quotebench::plugin::{self, Command, Options};
use quotebench::score::{DocPredictions, Task};
use std::io::Write;
use std::process::Stdio;

const NEAREST: &str = "exec:python3 examples/plugins/nearest_name.py";
const CHARS: &str = "exec:python3 examples/plugins/char_offsets.py";

fn broken(mode: &str) -> String {
    format!("exec:python3 tests/fixtures/plugins/broken.py {mode}")
}

/// `quotebench extract --strategy STRATEGY EXTRA… FILES…`.
fn extract_files(strategy: &str, extra: &[&str], files: &[String]) -> std::process::Output {
    let mut args = vec!["extract", "--strategy", strategy];
    args.extend(extra);
    args.extend(files.iter().map(String::as_str));
    run(&args)
}

/// `quotebench extract --jsonl --strategy STRATEGY EXTRA…` with `input` on stdin.
fn extract_jsonl(strategy: &str, extra: &[&str], input: &str) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_quotebench"))
        .args(["extract", "--jsonl", "--strategy", strategy])
        .args(extra)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    // Write from a thread: extract answers while it reads.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn jsonl_line(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "text": text}).to_string() + "\n"
}

fn records(out: &std::process::Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// quotebench's own lines on stderr (the plugin's are echoed as `[name] …`).
fn our_lines(o: &std::process::Output) -> Vec<String> {
    stderr(o)
        .lines()
        .filter(|l| !l.starts_with('['))
        .map(str::to_owned)
        .collect()
}

#[test]
fn extract_writes_the_answers_eval_gets_from_the_same_plugin() {
    let corpus = crate::util::shipped();
    let options = Options {
        echo_stderr: false,
        ..Options::default()
    };
    for strategy in [NEAREST, CHARS] {
        // The library runs the command from the test's working directory:
        // name the script by its full path.
        let mut command = Command::parse(strategy).unwrap();
        command.argv[1] = root().join(&command.argv[1]).display().to_string();
        let run = plugin::run(
            &command,
            Task::EndToEnd,
            &plugin::inputs(&corpus, Task::EndToEnd),
            &options,
        )
        .unwrap();
        let mut want = Vec::new();
        for (id, p) in &run.predictions {
            let DocPredictions::Quotes(found) = p else {
                unreachable!()
            };
            let text = &corpus.docs[id].text;
            for p in found {
                let mut v = serde_json::json!({
                    "doc": id, "start": p.span.start, "end": p.span.end,
                    "speaker": p.speaker, "quote": &text[p.span.start..p.span.end],
                });
                if let Some(k) = p.kind {
                    v["kind"] = serde_json::json!(k.as_str());
                }
                want.push(v);
            }
        }
        assert!(!want.is_empty(), "{strategy} finds quotes in the seeds");

        let o = extract_files(strategy, &[], &files_in(&root().join("seeds")));
        assert_eq!(o.status.code(), Some(0), "{strategy}: {}", stderr(&o));
        assert_eq!(records(&o), want, "{strategy}");
        // --jobs does not apply to a plugin, and changes nothing.
        let jobs = extract_files(strategy, &["--jobs", "3"], &files_in(&root().join("seeds")));
        assert_eq!(stdout(&jobs), stdout(&o), "{strategy} --jobs 3");
    }
}

#[test]
fn one_process_serves_the_whole_run_with_only_a_few_documents_in_flight() {
    // The greedy plugin reads every document it can before answering and
    // reports on stderr, when its input ends, the most it ever held.
    let input: String = (0..40)
        .map(|i| jsonl_line(&format!("d{i:02}"), "“Nothing to see,” she said."))
        .collect();
    let o = extract_jsonl(
        "exec:python3 tests/fixtures/plugins/greedy.py",
        &["--timeout", "10"],
        &input,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let reports: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix("[greedy] most documents read ahead: "))
        .collect();
    assert_eq!(reports.len(), 1, "one process: {err}");
    let most: usize = reports[0].parse().unwrap();
    assert!((1..=8).contains(&most), "{most} documents in flight: {err}");
}

#[test]
fn a_plugin_that_reads_eight_documents_before_answering_is_served() {
    // PLUGINS.md promises extract keeps 8 documents ahead of the answers: a
    // plugin batching 8 at a time never waits for a ninth.
    let batch = r#"exec:python3 -c '
import json, sys
print(json.dumps({"type": "hello", "name": "batch-of-8", "version": "1"}), flush=True)
stdin = open(sys.stdin.fileno(), encoding="utf-8", closefd=False)
stdin.readline()
docs = []
for line in stdin:
    docs.append(json.loads(line)["doc"])
    if len(docs) == 8:
        for d in docs:
            print(json.dumps({"type": "predictions", "doc": d, "predictions": []}), flush=True)
        docs = []
for d in docs:
    print(json.dumps({"type": "predictions", "doc": d, "predictions": []}), flush=True)
'"#;
    let input: String = (0..20).map(|i| jsonl_line(&i.to_string(), "x")).collect();
    let o = extract_jsonl(batch, &["--timeout", "5"], &input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Failures as extract reports them: the documents are streamed, so their
/// number is not known and positions read `(number N)`.
const FAILURES: &[(&str, &str)] = &[
    ("crash", "quotebench: exec:broken@1: exited with exit code 1 while quotebench waited for document `b` (number 2); last lines of its stderr: "),
    ("wrong-doc", "quotebench: exec:broken@1: stdout line 3: answered for document `a`, but the document due was `b` (number 2); answer every document once, in the order sent"),
    ("refuse", "quotebench: exec:python3 tests/fixtures/plugins/broken.py refuse@?: stdout line 1: the plugin reported an error: end-to-end is not supported"),
    ("bad-offset", "quotebench: exec:broken@1: stdout line 2: document `a`: prediction 1: span 3..9999 is out of range: the text is 105 bytes (offsets are UTF-8 bytes, not characters)"),
];

#[test]
fn a_failing_plugin_stops_extract_with_its_message_and_exit_2() {
    let tiny = files_in(&fixtures().join("tiny/seeds"));
    for (mode, message) in FAILURES {
        let o = extract_files(&broken(mode), &[], &tiny);
        assert_eq!(o.status.code(), Some(2), "{mode}: {}", stderr(&o));
        let ours = our_lines(&o);
        assert_eq!(ours.len(), 1, "{mode}: {}", stderr(&o));
        assert!(
            ours[0].starts_with(message),
            "{mode}:\n{}\nwanted:\n{message}",
            ours[0]
        );
    }
}

#[test]
fn a_silent_plugin_is_killed_after_the_timeout() {
    let tiny = files_in(&fixtures().join("tiny/seeds"));
    let start = std::time::Instant::now();
    let o = extract_files(&broken("timeout"), &["--timeout", TIMEOUT_ARG], &tiny);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        our_lines(&o),
        [format!("quotebench: exec:broken@1: silent for more than {TIMEOUT} s while quotebench waited for document `b` (number 2), after its hello; the process was killed (raise --timeout if it is just slow); its stderr was empty")]
    );
    assert_killed_at_timeout(start);
}

#[test]
fn plugins_md_documents_the_streamed_messages() {
    let doc = std::fs::read_to_string(root().join("PLUGINS.md")).unwrap();
    for (mode, message) in &FAILURES[..2] {
        let message = message.split_once("@1: ").unwrap().1;
        assert!(doc.contains(message), "{mode}: PLUGINS.md lacks {message}");
    }
}

#[test]
fn bad_input_lines_are_skipped_and_never_sent() {
    let input = [
        jsonl_line("a", "“We are ready,” Jane Doe said."),
        "not json\n".to_owned(),
        "{\"id\":\"x\"}\n".to_owned(),
        jsonl_line("b", "“Talks will resume soon,” John Smith said."),
    ]
    .concat();
    let o = extract_jsonl(NEAREST, &[], &input);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let docs: Vec<String> = records(&o)
        .iter()
        .map(|r| r["doc"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(docs, ["a", "b"]);
    assert_eq!(records(&o)[1]["speaker"], "John Smith");
    let err = stderr(&o);
    assert!(err.contains("<stdin>:2: malformed JSON line"), "{err}");
    assert!(
        err.contains("<stdin>:3: malformed JSON line (missing field `text`"),
        "{err}"
    );
    assert!(err.contains("2 input(s) skipped"), "{err}");

    // --strict: what came before the bad line is written, then exit 2.
    let strict = extract_jsonl(NEAREST, &["--strict"], &input);
    assert_eq!(strict.status.code(), Some(2), "{}", stderr(&strict));
    let docs: Vec<String> = records(&strict)
        .iter()
        .map(|r| r["doc"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(docs, ["a"]);
    assert_eq!(
        our_lines(&strict),
        ["quotebench: <stdin>:2: malformed JSON line (expected ident at line 1 column 2): \"not json\""]
    );
}

#[test]
fn no_documents_still_checks_the_plugin() {
    let o = extract_jsonl(NEAREST, &[], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let o = extract_jsonl(&broken("exit-nonzero"), &[], "");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        our_lines(&o),
        ["quotebench: exec:broken@1: exited with exit code 3 after answering every document; last lines of its stderr: cleanup failed"]
    );
}

#[test]
fn jobs_given_with_a_plugin_is_ignored_with_one_warning() {
    let seeds = files_in(&root().join("seeds"));
    let plain = extract_files(NEAREST, &[], &seeds);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    assert!(our_lines(&plain).is_empty(), "{}", stderr(&plain));
    let o = extract_files(NEAREST, &["--jobs", "2"], &seeds);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        our_lines(&o),
        ["quotebench: warning: --jobs 2 is ignored for exec: strategies (one plugin process per run)"]
    );
    assert_eq!(stdout(&o), stdout(&plain));
    // The exit code is the run's own: 1 when an input was skipped.
    let o = extract_jsonl(
        NEAREST,
        &["--jobs", "3"],
        &[jsonl_line("a", "x"), "not json\n".to_owned()].concat(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        our_lines(&o)[0],
        "quotebench: warning: --jobs 3 is ignored for exec: strategies (one plugin process per run)"
    );
    // A built-in uses --jobs: no warning.
    let o = extract_files("sieve", &["--jobs", "2"], &seeds);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}
