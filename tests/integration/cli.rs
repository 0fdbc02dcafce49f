//! The command line: leaderboard, eval formats, saved-result comparison,
//! and one-line errors with exit code 2.

use crate::util::{run, stderr, stdout};

#[test]
fn compare_prints_a_leaderboard_with_intervals_and_signatures() {
    let o = run(&["compare", "--bootstrap", "200"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Leaderboard: attribution on seeds (sorted by accuracy)"),
        "{out}"
    );
    assert!(
        out.contains("Leaderboard: end-to-end on seeds (sorted by joint_f1_lenient)"),
        "{out}"
    );
    assert!(out.contains("null@1"), "{out}");
    assert!(out.contains("|corpus:seeds|gold:"), "{out}");
    assert!(
        out.contains("|task:attribution|fuzzy:0.90|match:names4|bs:200|seed:42|unit:doc|ci:percentile+wilson|test:paired-ar-exact16|strategy:null@1"),
        "{out}"
    );
}

/// With quotes as units, sieve and null differ on far more than 16 units, so
/// their p-value is Monte Carlo: the report says its floor, 1/(1 + 200)
/// with 200 draws, and says the exact test's floor only if some pair was
/// tested exactly.
#[test]
fn a_monte_carlo_p_value_comes_with_its_floor() {
    let o = run(&["compare", "--bootstrap", "200", "--unit", "quote"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(" mc 200 "), "{out}");
    assert!(
        out.contains("The Monte Carlo test's p-value is (1 + swaps at least as extreme) / (1 + swaps drawn): with 200 drawn it cannot go below 1/201 = 0.0050."),
        "{out}"
    );
    let exact_cells = out.matches(" exact 2^").count();
    let exact_floor = out.matches("The exact test enumerates").count();
    assert_eq!(exact_cells > 0, exact_floor > 0, "{out}");
    // Documents as units on the seeds: five documents, every test exact.
    let o = run(&["compare", "--bootstrap", "200"]);
    let out = stdout(&o);
    assert!(!out.contains("The Monte Carlo test"), "{out}");
    assert!(out.contains("The exact test enumerates"), "{out}");
}

#[test]
fn null_scores_zero_on_both_tasks() {
    for task in ["attribution", "end-to-end"] {
        let o = run(&[
            "eval",
            "--strategy",
            "null",
            "--task",
            task,
            "--format",
            "json",
            "--bootstrap",
            "50",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        for key in [
            "signature",
            "task",
            "strategy",
            "metrics",
            "by_kind",
            "by_mention",
            "by_doc",
            "outcomes",
        ] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        let head = if task == "attribution" {
            "accuracy"
        } else {
            "joint_f1_lenient"
        };
        assert_eq!(v["metrics"][head]["value"], serde_json::json!(0.0));
        assert!(
            v["metrics"]["precision"].is_null() || v["metrics"]["precision"]["value"].is_null()
        );
    }
}

#[test]
fn saved_results_compare_and_refuse_different_settings() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    let c = dir.path().join("c.json");
    let save = |path: &std::path::Path, extra: &[&str]| {
        let mut args = vec![
            "eval",
            "--strategy",
            "null",
            "--format",
            "json",
            "--bootstrap",
            "100",
            "-o",
            path.to_str().unwrap(),
        ];
        args.extend(extra);
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    save(&a, &[]);
    save(&b, &[]);
    save(&c, &["--seed", "7"]);
    let o = run(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["results"].as_array().unwrap().len(), 2);
    assert_eq!(v["pairs"].as_array().unwrap().len(), 1);
    let o = run(&["compare", a.to_str().unwrap(), c.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("seed: 42 vs 7"), "{}", stderr(&o));
}

#[test]
fn every_format_renders() {
    for format in ["text", "json", "csv", "md"] {
        let o = run(&[
            "eval",
            "--strategy",
            "null",
            "--format",
            format,
            "--bootstrap",
            "20",
        ]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert!(stdout(&o).contains("null@1"), "{format}");
    }
    let o = run(&["compare", "--format", "md", "--bootstrap", "20"]);
    assert!(stdout(&o).contains("| rank | strategy |"), "{}", stdout(&o));
}

#[test]
fn errors_are_one_line_and_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["eval", "--strategy", "nul"], "did you mean `null`?"),
        (
            &["eval", "--strategy", "null", "--task", "e2e"],
            "unknown task `e2e`",
        ),
        (
            &["eval", "--strategy", "null", "--format", "xml"],
            "unknown format `xml`",
        ),
        (&["eval", "--strategy", "null", "--fuzzy", "3"], "--fuzzy 3"),
        (
            &["eval", "--strategy", "null", "--unit", "word"],
            "unknown unit `word`",
        ),
        (&["compare", "--gold", "nowhere"], "nowhere/quotes.csv"),
    ];
    for (args, needle) in cases {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.starts_with("quotebench: ") && err.contains(needle),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn strategies_lists_the_registry() {
    let o = run(&["strategies"]);
    assert!(stdout(&o).starts_with("null"), "{}", stdout(&o));
}

#[test]
fn gold_stats_counts_the_shipped_set() {
    let o = run(&["gold", "stats", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let total = v["total"].as_u64().unwrap();
    let by_kind: u64 = v["by_kind"]
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_u64().unwrap())
        .sum();
    assert_eq!(total, by_kind);
    assert!(total >= 80, "{total}");
}

#[test]
fn eval_and_compare_score_only_the_documents_chosen_with_doc() {
    let all = crate::util::shipped();
    let first = all.docs.keys().next().unwrap().clone();
    let n = all.quotes_of(&first).count();
    let o = run(&[
        "eval",
        "--strategy",
        "sieve",
        "--doc",
        &first,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["counts"]["gold"], n as u64);
    assert!(
        v["signature"]
            .as_str()
            .unwrap()
            .contains("corpus:seeds-subset"),
        "{v}"
    );
    // a prefix chooses every document it starts
    let o = run(&[
        "compare",
        "--strategy",
        "null",
        "--doc",
        "00",
        "--task",
        "attribution",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["results"][0]["counts"]["gold"], all.quotes.len() as u64);
    let o = run(&["eval", "--strategy", "sieve", "--doc", "no_such_doc"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--doc \"no_such_doc\": no document of corpus `seeds`"),
        "{}",
        stderr(&o)
    );
}
