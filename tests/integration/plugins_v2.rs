//! Plugin protocol 2 (issue 14) and the plugin bounds of issue 17: one
//! process for both tasks, quotes given by their words (grounded, or
//! counted as ungrounded), skipped documents, the hashes in the signature,
//! timeouts that say whether the hello came and show stderr, and answers
//! capped in bytes. Each test is named after what it pins, and writes down
//! the message a user sees.

use crate::util::{assert_killed_at_timeout, fixtures, run, stderr, stdout, TIMEOUT, TIMEOUT_ARG};
use quotebench::plugin::Command;
use std::time::Instant;

fn on_tiny(args: &[&str]) -> std::process::Output {
    let t = fixtures().join("tiny");
    let (seeds, gold) = (
        t.join("seeds").display().to_string(),
        t.join("gold").display().to_string(),
    );
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--seeds", &seeds, "--gold", &gold, "--bootstrap", "0"]);
    run(&all)
}

fn broken(mode: &str) -> String {
    format!("exec:python3 tests/fixtures/plugins/broken.py {mode}")
}

/// quotebench's own stderr lines (the plugin's are echoed as `[name] …`).
fn ours(o: &std::process::Output) -> Vec<String> {
    stderr(o)
        .lines()
        .filter(|l| !l.starts_with('['))
        .map(str::to_owned)
        .collect()
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn one_compare_starts_a_protocol_2_plugin_once_for_both_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("starts.log");
    let strategy = format!(
        "exec:python3 tests/fixtures/plugins/counted.py {}",
        log.display()
    );
    let o = on_tiny(&["compare", "--strategy", &strategy, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "started\n");
    let v = json(&o);
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let by_task = |t: &str| results.iter().find(|r| r["task"] == t).unwrap();
    // Attribution: q1 of `a` ("We are ready," … Jane Doe) is right, the
    // other three abstain: 1 of 4.
    assert_eq!(
        by_task("attribution")["metrics"]["accuracy"]["value"],
        serde_json::json!(0.25)
    );
    // End-to-end: one quote found, by its words, grounded on the gold span.
    let e2e = by_task("end-to-end");
    assert_eq!(e2e["counts"]["by_text"], 1);
    assert_eq!(e2e["counts"]["joint_strict"], 1);
    assert_eq!(e2e["ungrounded"]["count"], 0);
    // The signature names the command line's hash and the config's.
    let label = e2e["strategy"].as_str().unwrap();
    let hash = Command::parse(&strategy).unwrap().hash();
    assert!(
        label.starts_with(&format!("exec:counted@1;cmd={hash};config=")),
        "{label}"
    );
}

#[test]
fn a_protocol_1_plugin_still_runs_both_tasks_one_process_each() {
    let o = on_tiny(&["compare", "--strategy", &broken("ok")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains("FAILED"), "{out}");
    assert_eq!(
        out.matches("strategy:exec:broken@1;cmd=").count(),
        2,
        "{out}"
    );
}

#[test]
fn quotes_given_by_their_words_are_grounded_and_the_invented_one_is_ungrounded() {
    let strategy = "exec:python3 tests/fixtures/plugins/by_text.py";
    let o = on_tiny(&[
        "eval",
        "--task",
        "end-to-end",
        "--strategy",
        strategy,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The stray print went to stderr, not into the protocol.
    assert!(stderr(&o).contains("a stray print: the kit keeps it off the protocol"));
    let v = json(&o);
    // `a`: "We are  ready," (straight quotes, two spaces) grounds on the
    // gold 3..16; "We shall never surrender" is not in the text.
    assert_eq!(v["counts"]["predicted"], 2);
    assert_eq!(v["counts"]["joint_strict"], 1);
    assert_eq!(v["counts"]["spurious"], 1);
    assert_eq!(v["counts"]["ungrounded"], 1);
    assert_eq!(v["ungrounded"]["count"], 1);
    assert_eq!(v["ungrounded"]["rate"], serde_json::json!(0.5));
    assert_eq!(v["skipped"]["b"], "no quotes worth finding");
    let invented = v["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["ungrounded"].is_string())
        .unwrap();
    assert_eq!(invented["quote"], "We shall never surrender");
    assert_eq!(invented["ungrounded"], "not in the text");
    assert_eq!(invented["outcome"], "spurious");
    // 1 joint match, 2 predicted, 4 gold: F1 = 2/6.
    assert_eq!(
        v["metrics"]["joint_f1_strict"]["value"],
        serde_json::json!(2.0 / 6.0)
    );

    let text = on_tiny(&[
        "eval",
        "--task",
        "end-to-end",
        "--strategy",
        strategy,
        "--errors",
    ]);
    let out = stdout(&text);
    assert!(out.contains("ungrounded: 1 of 2 predicted quotes (50.0%) could not be placed in the text (counted as spurious; 2 given by their words)"), "{out}");
    assert!(
        out.contains("skipped: 1 of 2 documents (b: no quotes worth finding)"),
        "{out}"
    );
    assert!(out.contains("a: ungrounded (predicted: \"Jane Doe\"): not in the text\n    \"We shall never surrender\""), "{out}");

    let cmp = on_tiny(&["compare", "--task", "end-to-end", "--strategy", strategy]);
    let out = stdout(&cmp);
    assert!(out.contains(";cmd="), "{out}");
    assert!(
        out.contains(": ungrounded: 1 of 2 predicted quotes (50.0%)"),
        "{out}"
    );
    assert!(
        out.contains(": skipped: 1 of 2 documents (b: no quotes worth finding)"),
        "{out}"
    );
}

#[test]
fn compare_with_an_unsplittable_plugin_command_fails_only_that_strategy() {
    let o = on_tiny(&[
        "compare",
        "--task",
        "attribution",
        "--strategy",
        "null",
        "--strategy",
        "exec:python3 'x",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("null@1"), "{out}");
    assert!(
        out.contains("\nFAILED exec:python3 'x@?: cannot split the command line `python3 'x`: missing closing quote\n"),
        "{out}"
    );
}

#[test]
fn a_plugin_answer_line_past_4_mib_is_refused_with_its_limit() {
    let o = on_tiny(&["eval", "--strategy", &broken("huge-line")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let line = &ours(&o)[0];
    assert!(
        line.starts_with("quotebench: exec:broken@1: stdout line 2: longer than 4194304 bytes, the most a line may be: `{\"type\": \"predictions\", \"doc\": \"a\", \"predictions\": [{\"id\":"),
        "{line}"
    );
}

#[test]
fn a_speaker_name_past_256_bytes_is_refused_with_its_size() {
    let o = on_tiny(&["eval", "--strategy", &broken("long-name")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        ours(&o),
        ["quotebench: exec:broken@1: stdout line 2: prediction 1: \"speaker\" is 900 bytes; a name may have at most 256"]
    );
}

#[test]
fn the_timeout_fires_while_blank_lines_keep_arriving() {
    let start = Instant::now();
    let o = on_tiny(&[
        "eval",
        "--strategy",
        &broken("blank-flood"),
        "--timeout",
        TIMEOUT_ARG,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        ours(&o),
        [format!("quotebench: exec:broken@1: printed no answer within {TIMEOUT} s while quotebench waited for document `a` (1 of 2), after its hello; the process was killed (raise --timeout if it is just slow); its stderr was empty")]
    );
    assert_killed_at_timeout(start);
}

#[test]
fn the_timeout_fires_while_a_line_that_never_ends_keeps_arriving() {
    let start = Instant::now();
    let o = on_tiny(&[
        "eval",
        "--strategy",
        &broken("endless-line"),
        "--timeout",
        TIMEOUT_ARG,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        ours(&o),
        [format!("quotebench: exec:broken@1: printed no answer within {TIMEOUT} s while quotebench waited for document `a` (1 of 2), after its hello; the process was killed (raise --timeout if it is just slow); its stderr was empty")]
    );
    assert_killed_at_timeout(start);
}

#[test]
fn a_plugin_killed_before_its_hello_shows_its_stderr_and_says_no_hello_came() {
    let o = on_tiny(&[
        "eval",
        "--strategy",
        &broken("slow-hello"),
        "--timeout",
        TIMEOUT_ARG,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        ours(&o),
        [format!("quotebench: exec:python3 tests/fixtures/plugins/broken.py slow-hello@?: silent for more than {TIMEOUT} s while quotebench waited for its hello (nothing on stdout yet); the process was killed (raise --timeout if it is just slow: a model loaded before the hello counts against it); last lines of its stderr: loading model")]
    );
}

#[test]
fn a_python_exception_becomes_a_protocol_error_naming_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let plugin = dir.path().join("raises.py");
    let kit = crate::util::root().join("python");
    std::fs::write(
        &plugin,
        format!(
            "import sys\nsys.path.insert(0, {kit:?})\nfrom quotebench_plugin import serve\n\ndef attribute(text, quotes):\n    return [text.index('Zelensky') and None for q in quotes]\n\nserve(attribute=attribute, name='raises', version='1')\n",
            kit = kit.display().to_string()
        ),
    )
    .unwrap();
    let o = on_tiny(&[
        "eval",
        "--strategy",
        &format!("exec:python3 {}", plugin.display()),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        ours(&o),
        ["quotebench: exec:raises@1: stdout line 2: the plugin reported an error: ValueError: substring not found (in attribute, document a)"]
    );
    // Its traceback was echoed.
    assert!(stderr(&o).contains("[raises] Traceback"), "{}", stderr(&o));
}

/// The fake endpoint, stopped when dropped.
struct FakeLlm(std::process::Child);

impl Drop for FakeLlm {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_llm_plugin_grounds_its_answers_and_counts_the_invented_quote_as_ungrounded() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.log");
    let mut child = std::process::Command::new("python3")
        .arg(crate::util::root().join("tests/fixtures/plugins/fake_llm.py"))
        .arg(&log)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let _server = FakeLlm(child);
    let t = fixtures().join("tiny");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_quotebench"))
        .current_dir(crate::util::root())
        .env(
            "QUOTEBENCH_LLM_BASE_URL",
            format!("http://127.0.0.1:{}/v1", port.trim()),
        )
        .env("QUOTEBENCH_LLM_MODEL", "fake-1")
        // Long enough for a quick reply on a busy machine; the fake's slow
        // reply takes 60 s, so the first request still times out.
        .env("QUOTEBENCH_LLM_TIMEOUT", "10")
        .env("QUOTEBENCH_LLM_BACKOFF", "0.05")
        .args([
            "compare",
            "--strategy",
            "exec:python3 examples/plugins/openai_chat/plugin.py",
            "--format",
            "json",
            "--bootstrap",
            "0",
            "--seeds",
        ])
        .arg(t.join("seeds"))
        .arg("--gold")
        .arg(t.join("gold"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // One process, both tasks: one request per document that answered
    // (cached for the second task), plus the slow and the malformed ones.
    let requests = std::fs::read_to_string(&log).unwrap();
    assert_eq!(requests, "a 1 fake-1\na 2 fake-1\nb 1 fake-1\nb 2 fake-1\n");
    let err = stderr(&o);
    assert!(
        err.contains("[llm-chat] retrying in 0.05 s after: request failed: timed out"),
        "{err}"
    );
    assert!(
        err.contains("[llm-chat] retrying in 0.05 s after: malformed reply: not JSON"),
        "{err}"
    );
    let v = json(&o);
    let results = v["results"].as_array().unwrap();
    let by_task = |t: &str| results.iter().find(|r| r["task"] == t).unwrap();
    let e2e = by_task("end-to-end");
    // Five quotes given by their words: four ground on the gold spans and
    // are right, the invented one is ungrounded (and spurious).
    assert_eq!(e2e["counts"]["by_text"], 5);
    assert_eq!(e2e["counts"]["ungrounded"], 1);
    assert_eq!(e2e["counts"]["spurious"], 1);
    assert_eq!(e2e["counts"]["joint_strict"], 4);
    assert_eq!(e2e["ungrounded"]["rate"], serde_json::json!(0.2));
    // joint F1 = 2·4 / (5 predicted + 4 gold)
    assert_eq!(
        e2e["metrics"]["joint_f1_strict"]["value"],
        serde_json::json!(8.0 / 9.0)
    );
    assert_eq!(
        by_task("attribution")["metrics"]["accuracy"]["value"],
        serde_json::json!(1.0)
    );
    let invented = e2e["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["ungrounded"].is_string())
        .unwrap();
    assert_eq!(invented["quote"], "We will win this war");
}

#[test]
fn extract_writes_grounded_quotes_and_warns_of_ungrounded_and_skipped_ones() {
    let seeds = fixtures().join("tiny/seeds");
    let o = run(&[
        "extract",
        "--strategy",
        "exec:python3 tests/fixtures/plugins/by_text.py",
        seeds.join("a.txt").to_str().unwrap(),
        seeds.join("b.txt").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let records: Vec<&str> = out.lines().collect();
    assert_eq!(records.len(), 1, "{records:?}");
    assert!(
        records[0].contains("\"start\":3,\"end\":16"),
        "{}",
        records[0]
    );
    assert_eq!(
        ours(&o),
        [
            "quotebench: warning: exec:by-text@1: document `a`: 1 quote(s) given by their words could not be placed in the text (not written)",
            "quotebench: warning: exec:by-text@1: document `b` skipped: no quotes worth finding",
        ]
    );
}
