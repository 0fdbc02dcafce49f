//! `quotebench check`: green on the committed baseline; red when a recorded
//! metric is higher than today's, when a strategy is gone, or when the
//! signature changed; and it lists improved metrics and per-quote changes.

use crate::scratch::copy_repo;
use crate::util::{root, run_in, stderr, stdout};
use serde_json::Value;
use std::path::Path;

fn baseline() -> Value {
    let text = std::fs::read_to_string(root().join("scores/baseline.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The first report of `task` in a baseline.
/// The `null` strategy's report on `task`: its scores are known (0), so
/// the edits below have known effects whatever else the baseline holds.
fn report<'a>(v: &'a mut Value, task: &str) -> &'a mut Value {
    v["results"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["task"] == task && r["strategy"] == "null@1")
        .unwrap()
}

fn write(dir: &Path, v: &Value) -> String {
    let path = dir.join("edited.json");
    std::fs::write(&path, serde_json::to_string_pretty(v).unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn check_is_green_on_the_committed_baseline() {
    let o = run_in(&root(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o)
        .trim_end()
        .ends_with("PASSED: no metric fell by more than 0.000"));
    let o = run_in(&root(), &["check", "--format", "md"]);
    assert!(
        stdout(&o).starts_with("## ✅ quotebench check"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("| strategy | task | metric | baseline | now | change |"));
    let o = run_in(&root(), &["check", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["passed"], Value::Bool(true));
}

#[test]
fn the_baseline_tracks_every_builtin_on_both_tasks() {
    let v = baseline();
    for name in quotebench::strategy::names() {
        for task in ["attribution", "end-to-end"] {
            let found = v["results"].as_array().unwrap().iter().any(|r| {
                r["task"] == task
                    && r["strategy"].as_str().unwrap().split('@').next() == Some(&name)
            });
            assert!(
                found,
                "{name} on {task} is not in scores/baseline.json: run `quotebench check --update`"
            );
        }
    }
}

#[test]
fn a_metric_that_falls_turns_the_check_red() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = baseline();
    report(&mut v, "attribution")["metrics"]["accuracy"]["value"] = 0.25.into();
    let path = write(dir.path(), &v);
    let o = run_in(&root(), &["check", "--baseline", &path]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("accuracy             0.250  0.000  ▼ -0.250  FELL"),
        "{out}"
    );
    assert!(
        out.contains("on attribution: accuracy 0.250 → 0.000"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("FAILED: 1 metric(s) fell by more than 0.000"),
        "{out}"
    );
    let o = run_in(&root(), &["check", "--baseline", &path, "--format", "md"]);
    assert!(
        stdout(&o).contains("| accuracy | 0.250 | 0.000 | **▼ -0.250** ❌ |"),
        "{}",
        stdout(&o)
    );
    // Within the tolerance it passes.
    let o = run_in(
        &root(),
        &["check", "--baseline", &path, "--tolerance", "0.3"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run_in(
        &root(),
        &["check", "--baseline", &path, "--tolerance", "-1"],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn improvements_and_per_quote_changes_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = baseline();
    let r = report(&mut v, "attribution");
    r["metrics"]["accuracy"]["value"] = (-0.5).into();
    // The first quote was right in the baseline: now it broke.
    r["outcomes"][0]["outcome"] = "correct".into();
    r["outcomes"][0]["predicted"] = "Reuters".into();
    // A spurious prediction in the baseline that is gone now: fixed.
    let e = report(&mut v, "end-to-end");
    let mut spurious = e["outcomes"][0].clone();
    for k in [
        "start",
        "end",
        "kind",
        "mention",
        "gold_speaker",
        "span_match",
        "rule",
    ] {
        spurious[k] = Value::Null;
    }
    spurious["outcome"] = "spurious".into();
    spurious["pred_start"] = 0.into();
    spurious["pred_end"] = 10.into();
    e["outcomes"].as_array_mut().unwrap().push(spurious);
    let path = write(dir.path(), &v);
    let o = run_in(&root(), &["check", "--baseline", &path]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("Improved: raise the baseline"), "{out}");
    assert!(
        out.contains("on attribution: accuracy -0.500 → 0.000"),
        "{out}"
    );
    assert!(out.contains("Per quote: 1 fixed, 1 broke,"), "{out}");
    assert!(
        out.contains("gold reuters: correct \"Reuters\" → abstained"),
        "{out}"
    );
    assert!(
        out.contains(":0..10 gold (none: spurious): spurious → not predicted"),
        "{out}"
    );
}

#[test]
fn a_strategy_gone_from_the_registry_turns_the_check_red() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = baseline();
    for r in v["results"].as_array_mut().unwrap() {
        let label = r["strategy"].as_str().unwrap().to_owned();
        let ghost = label.replace(label.split('@').next().unwrap(), "ghost");
        r["signature"] = r["signature"]
            .as_str()
            .unwrap()
            .replace(&label, &ghost)
            .into();
        r["strategy"] = ghost.into();
    }
    let path = write(dir.path(), &v);
    let o = run_in(&root(), &["check", "--baseline", &path]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("unknown strategy `ghost`"), "{out}");
    assert!(out.contains("no longer exist"), "{out}");
    assert!(out.contains("Not tracked yet"), "{out}");
}

#[test]
fn a_changed_signature_says_which_part_and_fails_until_updated() {
    let dir = copy_repo();
    let d = dir.path();
    let mut v = baseline();
    for r in v["results"].as_array_mut().unwrap() {
        let sig = r["signature"].as_str().unwrap();
        let ours = format!("quotebench:{}", env!("CARGO_PKG_VERSION"));
        r["signature"] = sig.replace(&ours, "quotebench:0.0.1").into();
    }
    std::fs::write(
        d.join("scores/baseline.json"),
        serde_json::to_string_pretty(&v).unwrap(),
    )
    .unwrap();
    let o = run_in(d, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let expected = format!(
        "quotebench: 0.0.1 vs {} (the quotebench version changed)",
        env!("CARGO_PKG_VERSION")
    );
    assert!(stdout(&o).contains(&expected), "{}", stdout(&o));
    let o = run_in(d, &["check", "--update"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("signature change(s)"), "{}", stdout(&o));
    // The refreshed baseline equals the committed one (same gold, settings, code).
    assert_eq!(
        std::fs::read(d.join("scores/baseline.json")).unwrap(),
        std::fs::read(root().join("scores/baseline.json")).unwrap(),
        "scores/baseline.json is stale: run `quotebench check --update`"
    );
    let o = run_in(d, &["check"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn a_missing_baseline_is_an_error_that_says_how_to_create_it() {
    let o = run_in(&root(), &["check", "--baseline", "no/such.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("no/such.json: no such baseline; create it with `quotebench check --update`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn plugins_are_tracked_when_their_command_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("with-plugin.json");
    let path = path.to_str().unwrap();
    let plugin = "exec:python3 examples/plugins/nearest_name.py";
    let o = run_in(
        &root(),
        &[
            "check",
            "--update",
            "--baseline",
            path,
            "--strategy",
            plugin,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("exec:nearest-name@1"), "{}", stdout(&o));
    let o = run_in(
        &root(),
        &["check", "--baseline", path, "--strategy", plugin],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Without its command the plugin cannot be re-run: the check says so and fails.
    let o = run_in(&root(), &["check", "--baseline", path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("exec:nearest-name@1 on attribution: an external strategy; give its command with --strategy 'exec:COMMAND' to check it"),
        "{}",
        stdout(&o)
    );
}
