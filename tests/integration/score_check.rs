//! `quotebench check`: green on the committed baseline; red when a recorded
//! metric is higher than today's, when a strategy is gone, or when the
//! signature changed; and it lists improved metrics and per-quote changes
//! (under `--brief`, every fixed and broken quote but only a count of those
//! still wrong).

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
    // Every shipped part is checked against its own baseline.
    for part in ["seeds", "dev-train", "dev-test"] {
        assert!(
            stdout(&o).contains(&format!("== corpus {part} (scores/baseline")),
            "{}",
            stdout(&o)
        );
    }
    let o = run_in(&root(), &["check", "--corpus", "seeds", "--format", "md"]);
    assert!(
        stdout(&o).starts_with("## ✅ quotebench check"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("| strategy | task | metric | baseline | now | change |"));
    let o = run_in(&root(), &["check", "--corpus", "seeds", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["passed"], Value::Bool(true));
    // All parts at once: one JSON document with a check per part.
    let o = run_in(&root(), &["check", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["passed"], Value::Bool(true));
    let parts: Vec<&str> = v["corpora"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["corpus"].as_str().unwrap())
        .collect();
    assert_eq!(parts, ["seeds", "dev-train", "dev-test"]);
    assert_eq!(v["corpora"][2]["check"]["passed"], Value::Bool(true));
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

/// The committed baseline edited so that, on re-running, `null` has
/// improved on attribution, one of its quotes broke and one spurious
/// prediction is fixed (its other quotes are still wrong).
fn one_fixed_one_broke() -> Value {
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
    v
}

#[test]
fn improvements_and_per_quote_changes_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), &one_fixed_one_broke());
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

/// A document added since the baseline was made: its quotes are new, so
/// none of them is listed as fixed, broke or still wrong, and the check
/// names the document instead.
#[test]
fn a_document_the_baseline_never_saw_is_named_not_compared() {
    let mut v = baseline();
    let doc = "004_88877d2485751673";
    for r in v["results"].as_array_mut().unwrap() {
        r["by_doc"].as_object_mut().unwrap().remove(doc);
        r["outcomes"]
            .as_array_mut()
            .unwrap()
            .retain(|o| o["doc"] != doc);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), &v);
    let o = run_in(
        &root(),
        &["check", "--corpus", "seeds", "--baseline", &path],
    );
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "1 document(s) not in the baseline, so not compared quote by quote: {doc}"
        )),
        "{out}"
    );
    // The null strategy is wrong on every quote of the document: before,
    // each was listed as still wrong (and a spurious prediction there as broke).
    let listed: Vec<&str> = out
        .lines()
        .filter(|l| l.contains(doc) && !l.contains("not in the baseline"))
        .collect();
    assert!(listed.is_empty(), "{listed:?}");
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
    let label = format!(
        "exec:nearest-name@1;cmd={}",
        quotebench::plugin::Command::parse(plugin).unwrap().hash()
    );
    assert!(stdout(&o).contains(&label), "{}", stdout(&o));
    let o = run_in(
        &root(),
        &["check", "--baseline", path, "--strategy", plugin],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Without its command the plugin cannot be re-run: the check says so and fails.
    let o = run_in(&root(), &["check", "--baseline", path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(&format!("{label} on attribution: an external strategy; give its command with --strategy 'exec:COMMAND' to check it")),
        "{}",
        stdout(&o)
    );
}

/// `check --brief` in `format`, beside the full output: same exit code.
fn full_and_brief(baseline: &str, format: &str) -> (String, String) {
    let full = run_in(
        &root(),
        &["check", "--baseline", baseline, "--format", format],
    );
    let brief = run_in(
        &root(),
        &[
            "check",
            "--baseline",
            baseline,
            "--format",
            format,
            "--brief",
        ],
    );
    assert_eq!(
        brief.status.code(),
        full.status.code(),
        "{}",
        stdout(&brief)
    );
    assert!(stderr(&brief).is_empty(), "{}", stderr(&brief));
    (stdout(&full), stdout(&brief))
}

#[test]
fn brief_lists_every_fixed_and_broken_quote_but_only_counts_the_still_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), &one_fixed_one_broke());
    let o = run_in(&root(), &["check", "--baseline", &path, "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let quotes = v["quotes"].as_array().unwrap();
    // How a quote's line starts in text and md: `STRATEGY TASK DOC:START..END gold `.
    let line = |q: &Value| {
        format!(
            "{} {} {}:{}..{} gold ",
            q["strategy"].as_str().unwrap(),
            q["task"].as_str().unwrap(),
            q["doc"].as_str().unwrap(),
            q["start"],
            q["end"]
        )
    };
    let moved = |m: &'static str| quotes.iter().filter(move |q| q["movement"] == m);
    assert_eq!(moved("fixed").count(), 1);
    assert_eq!(moved("broke").count(), 1);
    let still_wrong = moved("still-wrong").count();
    assert!(still_wrong > 100, "{still_wrong}");
    // The count line of each strategy, from the JSON.
    let mut counts: Vec<(String, [usize; 2])> = Vec::new();
    for q in moved("still-wrong") {
        let strategy = q["strategy"].as_str().unwrap().to_owned();
        let i = match counts.iter().position(|(s, _)| *s == strategy) {
            Some(i) => i,
            None => {
                counts.push((strategy, [0, 0]));
                counts.len() - 1
            }
        };
        counts[i].1[usize::from(q["task"] == "end-to-end")] += 1;
    }
    assert_eq!(counts.len(), quotebench::strategy::names().len());

    for format in ["text", "md"] {
        let (full, brief) = full_and_brief(&path, format);
        assert!(
            brief.contains(&format!(
                "Per quote: 1 fixed, 1 broke, {still_wrong} still wrong"
            )),
            "{format}:\n{brief}"
        );
        for q in moved("fixed").chain(moved("broke")) {
            assert!(full.contains(&line(q)), "{format}: {}\n{full}", line(q));
            assert!(
                brief.contains(&line(q)),
                "{format} --brief dropped {}:\n{brief}",
                line(q)
            );
        }
        for q in moved("still-wrong") {
            assert!(full.contains(&line(q)), "{format}: {}\n{full}", line(q));
            assert!(
                !brief.contains(&line(q)),
                "{format} --brief lists {}:\n{brief}",
                line(q)
            );
        }
        let hint = if format == "md" {
            "`--brief`"
        } else {
            "--brief"
        };
        assert!(
            brief.contains(&format!(
                "Still wrong ({still_wrong}; run without {hint} to list them)"
            )),
            "{format}:\n{brief}"
        );
        for (strategy, [a, e]) in &counts {
            let parts: Vec<String> = [("attribution", a), ("end-to-end", e)]
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(task, n)| format!("{task} {n}"))
                .collect();
            let want = format!("{strategy}: {} still wrong ({})", a + e, parts.join(", "));
            assert!(brief.contains(&want), "{format}: no `{want}`:\n{brief}");
        }
        // Everything else is as in the full output.
        let extra: Vec<&str> = brief
            .lines()
            .filter(|l| !full.lines().any(|f| f == *l))
            .filter(|l| !l.contains(" still wrong ("))
            .collect();
        assert!(
            extra.len() == 1 && extra[0].contains("Still wrong ("),
            "{format}: {extra:?}"
        );
        assert!(brief.lines().count() < 60, "{format}:\n{brief}");
    }
}

#[test]
fn brief_keeps_the_verdict_and_exit_code() {
    let (_, brief) = full_and_brief("scores/baseline.json", "text");
    assert!(
        brief
            .trim_end()
            .ends_with("PASSED: no metric fell by more than 0.000"),
        "{brief}"
    );
    assert!(brief.contains("\n  sieve@"), "{brief}");
    let (_, brief) = full_and_brief("scores/baseline.json", "md");
    assert!(brief.starts_with("## ✅ quotebench check"), "{brief}");

    // A metric that fell: exit 1 and the same lines about it.
    let dir = tempfile::tempdir().unwrap();
    let mut v = baseline();
    report(&mut v, "attribution")["metrics"]["accuracy"]["value"] = 0.25.into();
    let path = write(dir.path(), &v);
    let (full, brief) = full_and_brief(&path, "text");
    for wanted in [
        "accuracy             0.250  0.000  ▼ -0.250  FELL",
        "on attribution: accuracy 0.250 → 0.000",
    ] {
        assert!(full.contains(wanted) && brief.contains(wanted), "{brief}");
    }
    assert!(
        brief
            .trim_end()
            .ends_with("FAILED: 1 metric(s) fell by more than 0.000"),
        "{brief}"
    );
    let o = run_in(&root(), &["check", "--baseline", &path, "--brief"]);
    assert_eq!(o.status.code(), Some(1));

    // A strategy gone and a changed signature are still reported.
    let mut v = baseline();
    for r in v["results"].as_array_mut().unwrap() {
        let label = r["strategy"].as_str().unwrap().to_owned();
        if label.starts_with("null@") {
            r["strategy"] = "ghost@1".into();
        }
        let ours = format!("quotebench:{}|", env!("CARGO_PKG_VERSION"));
        r["signature"] = r["signature"]
            .as_str()
            .unwrap()
            .replace(&ours, "quotebench:0.0.1|")
            .into();
    }
    let path = write(dir.path(), &v);
    let (_, brief) = full_and_brief(&path, "text");
    assert!(
        brief.contains("ghost@1 on attribution: unknown strategy `ghost`"),
        "{brief}"
    );
    let changed = format!(
        "sieve@{} on end-to-end: quotebench: 0.0.1 vs {} (the quotebench version changed)",
        quotebench::strategy::Strategy::version(&quotebench::strategy::Sieve),
        env!("CARGO_PKG_VERSION")
    );
    assert!(brief.contains(&changed), "{brief}");
    assert!(
        brief.trim_end().starts_with("Compared with") && brief.contains("FAILED: "),
        "{brief}"
    );
}

#[test]
fn brief_does_not_apply_to_json_and_says_so() {
    let full = run_in(&root(), &["check", "--format", "json"]);
    let brief = run_in(&root(), &["check", "--format", "json", "--brief"]);
    assert_eq!(
        brief.status.code(),
        Some(0),
        "check failed on the committed baseline: if the gold set changed, run `cargo run --release -- check --update`\n{}",
        stdout(&brief)
    );
    assert_eq!(stdout(&brief), stdout(&full));
    assert_eq!(
        stderr(&brief),
        "quotebench: warning: --brief applies to --format text and md; the json output is complete\n"
    );
}
