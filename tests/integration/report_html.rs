//! `quotebench report` and `check --format html`: one self-contained page,
//! from a live run or saved results, every untrusted string escaped. The
//! page's script is exercised in a real browser by tests/browser.rs.

use crate::probe;
use crate::util::{root, run, shipped, stderr};

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The embedded browser data.
fn data(page: &str) -> serde_json::Value {
    let start = page
        .find("<script type=\"application/json\" id=\"qb-data\">")
        .unwrap();
    let rest = &page[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</script>").unwrap();
    serde_json::from_str(&rest[open..close]).unwrap()
}

#[test]
fn the_seeds_report_is_one_offline_page_under_a_megabyte() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let o = run(&["report", "--timing", "2", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("wrote"), "{}", stderr(&o));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.len() < 1_000_000, "{} bytes", page.len());
    // Nothing fetched: no external URL in any src or href, and a policy
    // that forbids it anyway.
    for bad in [
        "src=\"http",
        "href=\"http",
        "src='http",
        "@import",
        "url(http",
    ] {
        assert!(!page.contains(bad), "{bad}");
    }
    assert!(page.contains("default-src 'none'"));
    // One leaderboard row per built-in per task, and their charts.
    let n = quotebench::strategy::names().len();
    assert_eq!(count(&page, "<tr class=\"lb-row\""), 2 * n);
    assert!(count(&page, "<svg") >= 4, "interval and speed charts");
    assert!(page.contains("against throughput"));
    assert!(page.contains("best of 2 runs"));
    // The browser gets every document, every gold quote, every run.
    let corpus = shipped();
    let d = data(&page);
    assert_eq!(d["docs"].as_array().unwrap().len(), corpus.docs.len());
    assert_eq!(d["gold"].as_array().unwrap().len(), corpus.quotes.len());
    assert_eq!(d["runs"].as_array().unwrap().len(), 2 * n);
}

#[test]
fn timing_is_stored_beside_the_scores_and_not_in_the_signature() {
    let o = run(&[
        "compare",
        "--task",
        "attribution",
        "--strategy",
        "sieve",
        "--timing",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = &v["results"][0];
    let t = &r["timing"];
    assert_eq!(t["runs"], 3);
    assert_eq!(t["what"], "in-process");
    assert_eq!(
        t["bytes"].as_u64().unwrap() as usize,
        shipped().total_bytes()
    );
    assert!(t["cores"].as_u64().unwrap() >= 1);
    assert!(t["cpu"].as_str().is_some_and(|c| !c.is_empty()));
    let mbps = t["mb_per_s"].as_f64().unwrap();
    let secs = t["seconds"].as_f64().unwrap();
    assert!((mbps - t["bytes"].as_f64().unwrap() / secs / 1e6).abs() <= 1e-6 * mbps);
    assert!(!r["signature"].as_str().unwrap().contains("tim"));
    // Saved results keep it; a new measurement needs a live run.
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("c.json");
    std::fs::write(&saved, &o.stdout).unwrap();
    let o = run(&["compare", saved.to_str().unwrap(), "--timing", "2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--timing measures strategies as they run"));
}

#[test]
fn a_report_is_made_from_saved_eval_and_compare_results() {
    let dir = tempfile::tempdir().unwrap();
    let p = |f: &str| dir.path().join(f).to_str().unwrap().to_owned();
    let o = run(&[
        "eval",
        "--strategy",
        "sieve",
        "--format",
        "json",
        "-o",
        &p("sieve.json"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "compare",
        "--task",
        "end-to-end",
        "--format",
        "json",
        "-o",
        &p("e2e.json"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "report",
        &p("sieve.json"),
        &p("e2e.json"),
        "--baseline",
        "-o",
        &p("r.html"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(p("r.html")).unwrap();
    let n = quotebench::strategy::names().len();
    assert_eq!(count(&page, "<tr class=\"lb-row\""), 1 + n);
    // Saved runs plus every baseline run, for the diff.
    let runs = data(&page)["runs"].as_array().unwrap().clone();
    assert_eq!(runs.len(), 1 + n + 2 * n);
    assert!(runs.iter().any(|r| r["key"] == "baseline:sieve"));
    assert!(page.contains("No timing in these results"));
}

#[test]
fn saved_results_of_another_corpus_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("tiny.json");
    let tiny = root().join("tests/fixtures/tiny");
    let o = run(&[
        "eval",
        "--strategy",
        "sieve",
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
        "--seeds",
        tiny.join("seeds").to_str().unwrap(),
        "--gold",
        tiny.join("gold").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "report",
        json.to_str().unwrap(),
        "-o",
        dir.path().join("r.html").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("was scored on gold"), "{}", stderr(&o));
    assert!(!dir.path().join("r.html").exists());
}

#[test]
fn check_format_html_is_a_page_with_the_verdict() {
    let o = run(&["check", "--format", "html"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "check failed on the committed baseline: if the gold set changed, run `cargo run --release -- check --update`\n{}",
        stderr(&o)
    );
    let page = String::from_utf8(o.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("id=\"verdict\" class=\"verdict pass\""));
    assert!(page.contains("script-src 'none'") && !page.contains("<script"));
    let metrics = count(&page, "<tr class=\"m-");
    assert!(metrics > 0);
}

#[test]
fn injection_probes_in_text_speaker_plugin_name_and_stderr_are_escaped() {
    let corpus = probe::corpus();
    let comparison = probe::comparison(&corpus);
    let page = quotebench::html::report(&quotebench::html::ReportPage {
        comparison: &comparison,
        corpus: &corpus,
        corpus_label: &probe::all(),
        baseline: None,
        held_out: false,
    });
    // Exactly the page's own two scripts, no image, no probe element.
    assert_eq!(count(&page, "<script"), 2);
    assert_eq!(count(&page, "</script>"), 2);
    for raw in [
        probe::SCRIPT,
        probe::IMG,
        probe::TEXTAREA,
        probe::JS_URL,
        "<img",
        "<b id=\"pwned",
        "<a id=\"pwned",
        "href=\"javascript:",
        "</textarea>",
    ] {
        assert!(!page.contains(raw), "raw probe in the page: {raw}");
    }
    // The probes are there as text: in the leaderboard (plugin name), the
    // failure reason (stderr), the header (corpus label) and the data.
    let shown = quotebench::html::esc(probe::SCRIPT).into_owned();
    assert!(count(&page, &shown) >= 3, "escaped probe shown as text");
    let d = data(&page);
    assert!(d["docs"][0]["text"].as_str().unwrap().contains(probe::IMG));
    assert!(d["gold"][0]["sp"].as_str().unwrap().contains(probe::SCRIPT));
    assert!(d["runs"][0]["label"]
        .as_str()
        .unwrap()
        .contains(probe::JS_URL));
    // The check page too.
    let dir = tempfile::tempdir().unwrap();
    let check = quotebench::baseline::check(&comparison, &corpus, 0.0).unwrap();
    let page = quotebench::html::check(&[quotebench::html::CheckPart {
        corpus: &probe::all(),
        baseline: dir.path(),
        check: &check,
        held_out: false,
    }]);
    assert!(!page.contains("<script") && !page.contains("<img") && !page.contains("</textarea>"));
}
