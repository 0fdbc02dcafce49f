//! Issue 11's acceptance test ("done when"), on the shipped seeds through
//! the command line: prediction files built from the gold spans with name
//! variants of the right speaker score 1.0; the same spans with each
//! speaker swapped for a titled name of another entity of the document
//! score 0; pronouns are unresolved; and `compare` prints document-level
//! intervals, Holm-corrected verdicts and the minimum detectable
//! difference, with no point interval at 0 or 1.

use crate::util::{run, shipped, stderr, stdout};
use quotebench::gold::Corpus;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The seed entities that are people (the rest are organisations and
/// groups, which have no surname or title).
const PEOPLE: &[&str] = &[
    "dmitry_peskov",
    "donald_trump",
    "jd_vance",
    "keir_starmer",
    "konstantin_remchukov",
    "marco_rubio",
    "mike_waltz",
    "mikhail_zvinchuk",
    "oleksandr_syrskyi",
    "pasi_paroinen",
    "valery_gerasimov",
    "vladimir_putin",
    "vladyslav_vlasiuk",
    "volodymyr_zelenskyy",
    "yuri_ushakov",
];

fn surname(c: &Corpus, id: &str) -> String {
    let name = &c.speakers[id].name;
    name.split_whitespace().last().unwrap().to_string()
}

/// A variant of the right speaker's name, cycling through the forms: for a
/// person titled, surname only, appositive, organisation-prefixed; for an
/// organisation appositive or shouted.
fn variant(c: &Corpus, id: &str, i: usize) -> String {
    let name = &c.speakers[id].name;
    if PEOPLE.contains(&id) {
        match i % 4 {
            0 => format!("Minister {}", surname(c, id)),
            1 => surname(c, id),
            2 => format!("{name}, who spoke on Tuesday"),
            _ => format!("Ukraine's chief general {name}"),
        }
    } else if i.is_multiple_of(2) {
        format!("{name}, which said so")
    } else {
        name.to_uppercase()
    }
}

/// Writes one JSON line per gold quote with `answer(quote index, doc,
/// speaker id)` as the speaker.
fn predictions(
    dir: &Path,
    file: &str,
    c: &Corpus,
    answer: impl Fn(usize, &str, &str) -> String,
) -> PathBuf {
    let mut lines = String::new();
    for (i, q) in c.quotes.iter().enumerate() {
        let line = json!({"doc": q.doc, "start": q.span.start, "end": q.span.end,
                          "speaker": answer(i, &q.doc, &q.speaker)});
        lines.push_str(&format!("{line}\n"));
    }
    let path = dir.join(file);
    std::fs::write(&path, lines).unwrap();
    path
}

fn score(path: &Path) -> Value {
    let o = run(&[
        "score",
        "--predictions",
        path.to_str().unwrap(),
        "--bootstrap",
        "200",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn name_variants_of_the_right_speaker_score_one() {
    let c = shipped();
    let dir = tempfile::tempdir().unwrap();
    let p = predictions(dir.path(), "variants.jsonl", &c, |i, _, id| {
        variant(&c, id, i)
    });
    let v = score(&p);
    let n = c.quotes.len() as u64;
    assert_eq!(v["counts"]["correct"], n, "{:#}", v["counts"]);
    assert_eq!(v["metrics"]["accuracy"]["value"], 1.0);
    // Not one of them is the exact form: most are correct by the tokens rule.
    assert!(
        v["by_rule"]["tokens"].as_u64().unwrap() > n / 2,
        "{}",
        v["by_rule"]
    );
    // At 1.0 the interval is Wilson's on the 85 quotes, not a point.
    let acc = &v["metrics"]["accuracy"];
    assert_eq!(acc["method"], "wilson");
    assert_eq!(acc["wilson_n"], n as f64);
    let z = quotebench::score::bootstrap::Z95;
    let low = n as f64 / (n as f64 + z * z);
    assert!((acc["low"].as_f64().unwrap() - low).abs() < 1e-9, "{acc}");
    assert_eq!(acc["high"], 1.0);
}

#[test]
fn a_titled_name_of_another_entity_of_the_document_scores_zero() {
    let c = shipped();
    let dir = tempfile::tempdir().unwrap();
    let p = predictions(dir.path(), "swapped.jsonl", &c, |_, doc, id| {
        let other = c
            .quotes_of(doc)
            .map(|q| q.speaker.as_str())
            .find(|s| *s != id && PEOPLE.contains(s))
            .expect("every seed has two people who speak");
        format!("President {}", surname(&c, other))
    });
    let v = score(&p);
    let n = c.quotes.len() as u64;
    assert_eq!(v["metrics"]["accuracy"]["value"], 0.0);
    assert_eq!(v["counts"]["incorrect"], n);
    assert_eq!(v["counts"]["unresolved"], 0);
    let acc = &v["metrics"]["accuracy"];
    assert!(acc["high"].as_f64().unwrap() > 0.0, "{acc}");
}

#[test]
fn pronoun_answers_are_unresolved() {
    let c = shipped();
    let dir = tempfile::tempdir().unwrap();
    let p = predictions(dir.path(), "pronouns.jsonl", &c, |i, _, _| {
        ["he", "She", "they", "who", "a spokesman", "the company"][i % 6].to_string()
    });
    let v = score(&p);
    let n = c.quotes.len() as u64;
    assert_eq!(v["counts"]["unresolved"], n);
    assert_eq!(v["counts"]["incorrect"], 0);
    // Not correct, but answered: precision 0/85, coverage 85/85.
    assert_eq!(v["metrics"]["accuracy"]["value"], 0.0);
    assert_eq!(v["metrics"]["precision"]["value"], 0.0);
    assert_eq!(v["metrics"]["coverage"]["value"], 1.0);
    assert!(v["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["outcome"] == "unresolved"));
}

#[test]
fn compare_on_the_seeds_is_clustered_corrected_and_never_a_point() {
    let c = shipped();
    let dir = tempfile::tempdir().unwrap();
    let p = predictions(dir.path(), "variants.jsonl", &c, |i, _, id| {
        variant(&c, id, i)
    });
    let args = |format: &str| {
        run(&[
            "compare",
            "--predictions",
            p.to_str().unwrap(),
            "--task",
            "attribution",
            "--bootstrap",
            "200",
            "--format",
            format,
        ])
    };
    let o = args("json");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    for r in results {
        assert!(r["signature"]
            .as_str()
            .unwrap()
            .contains("|unit:doc|ci:percentile+wilson|"));
        for (name, e) in r["metrics"].as_object().unwrap() {
            let Some(value) = e["value"].as_f64() else {
                continue;
            };
            let (low, high) = (e["low"].as_f64().unwrap(), e["high"].as_f64().unwrap());
            assert!(low < high, "{} {name}: {e}", r["strategy"]);
            assert!(
                low <= value && value <= high,
                "{} {name}: {e}",
                r["strategy"]
            );
            if value == 0.0 || value == 1.0 {
                assert_eq!(e["method"], "wilson", "{} {name}", r["strategy"]);
            }
        }
    }
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 15);
    for p in pairs {
        let d = &p["differences"]["accuracy"];
        let (raw, holm) = (
            d["p_value"].as_f64().unwrap(),
            d["p_holm"].as_f64().unwrap(),
        );
        assert!(holm >= raw && holm <= 1.0, "{d}");
        assert_eq!(d["distinguishable"], holm < 0.05, "{d}");
        assert!(d["mdd"].as_f64().unwrap() >= 0.0, "{d}");
    }
    let text = stdout(&args("text"));
    for want in [
        "Only 5 documents (fewer than 10)",
        "whole documents resampled (clustered bootstrap)",
        "Holm-corrected over 15 pairs",
        "p (Holm)",
        "Minimum detectable difference in accuracy at this corpus size",
        "wilson n=85",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    // CSV names each interval's method too.
    let csv = stdout(&args("csv"));
    let mut lines = csv.lines();
    assert!(
        lines.next().unwrap().ends_with(",ci_method,wilson_n"),
        "{csv}"
    );
    assert!(csv.contains(",wilson,85\n"), "{csv}");
    assert!(csv.contains(",percentile,\n"), "{csv}");
    // --unit quote stays, labelled as assuming independent quotes.
    let o = run(&[
        "compare",
        "--task",
        "attribution",
        "--unit",
        "quote",
        "--bootstrap",
        "50",
    ]);
    assert!(stdout(&o).contains("quotes resampled: assumes independent quotes"));
}
