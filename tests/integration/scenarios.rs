//! The scenario table of METHODOLOGY.md, one test per row, each expected
//! value written as the fraction that produces it.
//!
//! The tiny corpus: document `a` has q1 `We are ready,` (jane_doe, direct)
//! and q2 `talks would resume` (jane_doe, indirect); document `b` has q3
//! `profits rose` (acme, indirect) and q4 `Great news,` (john_smith,
//! direct). Speakers: `ACME Corp|ACME`, `Jane Doe|Doe`, `John Smith|Smith`.

use crate::util::{synthetic, tiny};
use quotebench::gold::Corpus;
use quotebench::model::{Kind, Prediction, Span};
use quotebench::report::Report;
use quotebench::score::bootstrap::{self, IntervalMethod};
use quotebench::score::{score_predictions, DocPredictions, MatchRule, Settings, Task, Verdict};
use std::collections::BTreeMap;

fn settings() -> Settings {
    Settings {
        bootstrap: 0,
        ..Settings::default()
    }
}

fn attribution(corpus: &Corpus, answers: &[(&str, &[Option<&str>])], s: &Settings) -> Report {
    let preds: BTreeMap<String, DocPredictions> = answers
        .iter()
        .map(|(d, a)| {
            (
                d.to_string(),
                DocPredictions::Answers(a.iter().map(|x| x.map(str::to_owned)).collect()),
            )
        })
        .collect();
    let scored = score_predictions(corpus, Task::Attribution, s, "test@1", &preds).unwrap();
    Report::new(&scored, s)
}

/// Per document, the predicted quotes as (snippet, speaker).
type Found<'a> = &'a [(&'a str, &'a [(&'a str, Option<&'a str>)])];

fn end_to_end(corpus: &Corpus, quotes: Found) -> Report {
    let s = settings();
    let preds: BTreeMap<String, DocPredictions> = quotes
        .iter()
        .map(|(d, q)| {
            let text = &corpus.docs[*d].text;
            let preds = q
                .iter()
                .map(|(snippet, speaker)| {
                    let start = text.find(snippet).expect("snippet in document");
                    Prediction {
                        span: Span::new(start, start + snippet.len()),
                        kind: None,
                        speaker: speaker.map(str::to_owned),
                    }
                })
                .collect();
            (d.to_string(), DocPredictions::Quotes(preds))
        })
        .collect();
    let scored = score_predictions(corpus, Task::EndToEnd, &s, "test@1", &preds).unwrap();
    Report::new(&scored, &s)
}

fn m(r: &Report, name: &str) -> Option<f64> {
    r.metrics[name].value
}

const ALL_RIGHT_A: &[Option<&str>] = &[Some("Jane Doe"), Some("Jane Doe")];
const ALL_RIGHT_B: &[Option<&str>] = &[Some("ACME Corp"), Some("John Smith")];

#[test]
fn a1_every_speaker_named_exactly() {
    let r = attribution(
        &tiny(),
        &[("a", ALL_RIGHT_A), ("b", ALL_RIGHT_B)],
        &settings(),
    );
    assert_eq!(m(&r, "accuracy"), Some(4.0 / 4.0));
    assert_eq!(m(&r, "precision"), Some(4.0 / 4.0));
    assert_eq!(m(&r, "coverage"), Some(4.0 / 4.0));
    assert!(r.outcomes.iter().all(|o| o.rule == Some(MatchRule::Exact)));
}

#[test]
fn a2_alias_counts_as_exact() {
    let r = attribution(
        &tiny(),
        &[("a", &[Some("Doe"), Some("DOE")]), ("b", ALL_RIGHT_B)],
        &settings(),
    );
    assert_eq!(m(&r, "accuracy"), Some(4.0 / 4.0));
    assert_eq!(r.outcomes[0].rule, Some(MatchRule::Exact));
}

#[test]
fn a3_normalisation_case_possessive_article_apostrophe() {
    let r = attribution(
        &tiny(),
        &[
            ("a", ALL_RIGHT_A),
            ("b", &[Some("the ACME Corp’s"), Some("  john   SMITH ")]),
        ],
        &settings(),
    );
    assert_eq!(m(&r, "accuracy"), Some(4.0 / 4.0));
}

#[test]
fn a4_near_miss_is_fuzzy_correct_unless_fuzzy_is_off() {
    let answers: &[(&str, &[Option<&str>])] = &[
        ("a", &[Some("Jane Doee"), Some("Jane Doe")]),
        ("b", ALL_RIGHT_B),
    ];
    let r = attribution(&tiny(), answers, &settings());
    assert_eq!(m(&r, "accuracy"), Some(4.0 / 4.0));
    assert_eq!(r.outcomes[0].rule, Some(MatchRule::Fuzzy));
    let off = Settings {
        fuzzy: 1.01,
        ..settings()
    };
    let r = attribution(&tiny(), answers, &off);
    assert_eq!(m(&r, "accuracy"), Some(3.0 / 4.0));
    assert_eq!(r.outcomes[0].outcome, Verdict::Incorrect);
}

#[test]
fn a5_another_entitys_name_is_incorrect() {
    let r = attribution(
        &tiny(),
        &[
            ("a", &[Some("John Smith"), Some("Jane Doe")]),
            ("b", ALL_RIGHT_B),
        ],
        &settings(),
    );
    assert_eq!(m(&r, "accuracy"), Some(3.0 / 4.0));
    assert_eq!(m(&r, "precision"), Some(3.0 / 4.0));
    assert_eq!(m(&r, "coverage"), Some(4.0 / 4.0));
}

#[test]
fn a6_unknown_name_is_incorrect_and_pronoun_unresolved() {
    let r = attribution(
        &tiny(),
        &[("a", &[Some("she"), Some("Bob Jones")]), ("b", ALL_RIGHT_B)],
        &settings(),
    );
    assert_eq!(m(&r, "accuracy"), Some(2.0 / 4.0));
    // Both answered, neither correct: precision 2/4, coverage 4/4.
    assert_eq!(m(&r, "precision"), Some(2.0 / 4.0));
    assert_eq!(m(&r, "coverage"), Some(4.0 / 4.0));
    assert_eq!(r.counts.incorrect, 1);
    assert_eq!(r.counts.unresolved, 1);
    assert_eq!(r.outcomes[0].outcome, Verdict::Unresolved);
    assert_eq!(r.outcomes[1].outcome, Verdict::Incorrect);
}

#[test]
fn a7_abstaining_lowers_accuracy_and_coverage_not_precision() {
    let r = attribution(
        &tiny(),
        &[
            ("a", &[None, Some("Jane Doe")]),
            ("b", &[Some("ACME"), Some("")]),
        ],
        &settings(),
    );
    assert_eq!(m(&r, "accuracy"), Some(2.0 / 4.0));
    assert_eq!(m(&r, "precision"), Some(2.0 / 2.0));
    assert_eq!(m(&r, "coverage"), Some(2.0 / 4.0));
    assert_eq!(r.counts.abstained, 2);
}

#[test]
fn a8_abstaining_everywhere_leaves_precision_undefined() {
    let r = attribution(
        &tiny(),
        &[("a", &[None, None]), ("b", &[None, None])],
        &settings(),
    );
    assert_eq!(m(&r, "accuracy"), Some(0.0 / 4.0));
    assert_eq!(m(&r, "precision"), None);
    assert_eq!(m(&r, "coverage"), Some(0.0 / 4.0));
}

#[test]
fn a9_macro_averages_documents_micro_averages_quotes() {
    // x has 1 quote (right), y has 3 quotes (1 right).
    let c = synthetic(
        &[("x", 10), ("y", 30)],
        &[
            ("x", 0, 5, "p"),
            ("y", 0, 5, "p"),
            ("y", 10, 15, "q"),
            ("y", 20, 25, "q"),
        ],
        &[("p", "Pat Lee"), ("q", "Quinn Ray")],
    );
    let r = attribution(
        &c,
        &[
            ("x", &[Some("Pat Lee")]),
            ("y", &[Some("Pat Lee"), None, Some("Pat Lee")]),
        ],
        &settings(),
    );
    assert_eq!(m(&r, "accuracy"), Some(2.0 / 4.0));
    assert_eq!(m(&r, "macro_accuracy"), Some((1.0 / 1.0 + 1.0 / 3.0) / 2.0));
    assert_eq!(m(&r, "precision"), Some(2.0 / 3.0));
    assert_eq!(
        m(&r, "macro_precision"),
        Some((1.0 / 1.0 + 1.0 / 2.0) / 2.0)
    );
}

#[test]
fn a10_breakdowns_by_kind_and_document() {
    let r = attribution(
        &tiny(),
        &[
            ("a", &[Some("Jane Doe"), None]),
            ("b", &[Some("ACME"), Some("Jane Doe")]),
        ],
        &settings(),
    );
    assert_eq!(r.by_kind["direct"].metrics["accuracy"], Some(1.0 / 2.0));
    assert_eq!(r.by_kind["indirect"].metrics["accuracy"], Some(1.0 / 2.0));
    assert_eq!(r.by_doc["a"].metrics["accuracy"], Some(1.0 / 2.0));
    assert_eq!(r.by_doc["b"].metrics["accuracy"], Some(1.0 / 2.0));
    assert_eq!(r.by_mention["pronoun"].metrics["accuracy"], Some(0.0 / 1.0));
    assert_eq!(r.by_mention["name"].metrics["accuracy"], Some(2.0 / 3.0));
}

#[test]
fn e1_exact_spans_and_speakers() {
    let r = end_to_end(
        &tiny(),
        &[
            (
                "a",
                &[
                    ("We are ready,", Some("Jane Doe")),
                    ("talks would resume", Some("Doe")),
                ],
            ),
            (
                "b",
                &[
                    ("profits rose", Some("ACME")),
                    ("Great news,", Some("John Smith")),
                ],
            ),
        ],
    );
    for name in [
        "span_f1_strict",
        "span_f1_lenient",
        "joint_f1_strict",
        "joint_f1_lenient",
        "joint_precision_strict",
        "joint_recall_strict",
    ] {
        assert_eq!(m(&r, name), Some(4.0 / 4.0), "{name}");
    }
}

#[test]
fn e2_marks_and_edge_punctuation_are_trimmed_before_strict_comparison() {
    // “We are ready,” (marks included) and `talks would resume.` (full stop)
    // equal the gold spans after trimming.
    let r = end_to_end(
        &tiny(),
        &[
            (
                "a",
                &[
                    ("“We are ready,”", Some("Jane Doe")),
                    ("talks would resume.", Some("Jane Doe")),
                ],
            ),
            ("b", &[]),
        ],
    );
    assert_eq!(m(&r, "span_recall_strict"), Some(2.0 / 4.0));
    assert_eq!(m(&r, "span_precision_strict"), Some(2.0 / 2.0));
    assert_eq!(m(&r, "span_f1_strict"), Some(2.0 * 2.0 / (2.0 + 4.0)));
}

#[test]
fn e3_a_longer_span_matches_leniently_not_strictly() {
    // `that talks would resume` (23 bytes, trims to itself) vs gold
    // `talks would resume` (18): overlap 18/23 ≥ 0.5.
    let r = end_to_end(
        &tiny(),
        &[
            ("a", &[("that talks would resume", Some("Jane Doe"))]),
            ("b", &[]),
        ],
    );
    assert_eq!(m(&r, "span_recall_lenient"), Some(1.0 / 4.0));
    assert_eq!(m(&r, "span_recall_strict"), Some(0.0 / 4.0));
    assert_eq!(m(&r, "joint_precision_lenient"), Some(1.0 / 1.0));
    assert_eq!(m(&r, "joint_precision_strict"), Some(0.0 / 1.0));
}

#[test]
fn e4_too_little_overlap_is_a_miss_and_a_spurious_prediction() {
    // `She added that talks` overlaps gold `talks would resume` by 5 of 20.
    let r = end_to_end(
        &tiny(),
        &[
            ("a", &[("She added that talks", Some("Jane Doe"))]),
            ("b", &[]),
        ],
    );
    assert_eq!(r.counts.missed, 4);
    assert_eq!(r.counts.spurious, 1);
    assert_eq!(m(&r, "span_precision_lenient"), Some(0.0 / 1.0));
}

#[test]
fn e5_a_spurious_prediction_lowers_precision_only() {
    let r = end_to_end(
        &tiny(),
        &[
            (
                "a",
                &[
                    ("We are ready,", Some("Jane Doe")),
                    ("talks would resume", Some("Jane Doe")),
                    ("Ready", None),
                ],
            ),
            (
                "b",
                &[
                    ("profits rose", Some("ACME")),
                    ("Great news,", Some("John Smith")),
                ],
            ),
        ],
    );
    assert_eq!(m(&r, "span_precision_strict"), Some(4.0 / 5.0));
    assert_eq!(m(&r, "span_recall_strict"), Some(4.0 / 4.0));
    assert_eq!(m(&r, "span_f1_strict"), Some(2.0 * 4.0 / (5.0 + 4.0)));
    assert_eq!(m(&r, "joint_f1_lenient"), Some(2.0 * 4.0 / (5.0 + 4.0)));
}

#[test]
fn e6_two_predictions_for_one_quote_align_one_to_one() {
    // Both overlap `Great news,`; the exact one is aligned, the other is spurious.
    let r = end_to_end(
        &tiny(),
        &[
            ("a", &[]),
            (
                "b",
                &[
                    ("\"Great news,\" said", Some("John Smith")),
                    ("Great news,", Some("John Smith")),
                ],
            ),
        ],
    );
    assert_eq!(r.counts.span_strict, 1);
    assert_eq!(r.counts.spurious, 1);
    assert_eq!(m(&r, "span_precision_strict"), Some(1.0 / 2.0));
}

#[test]
fn e7_right_span_wrong_or_no_speaker() {
    let r = end_to_end(
        &tiny(),
        &[
            (
                "a",
                &[
                    ("We are ready,", Some("John Smith")),
                    ("talks would resume", None),
                ],
            ),
            ("b", &[]),
        ],
    );
    assert_eq!(m(&r, "span_recall_strict"), Some(2.0 / 4.0));
    assert_eq!(m(&r, "joint_recall_strict"), Some(0.0 / 4.0));
    assert_eq!(r.counts.incorrect, 1);
    assert_eq!(r.counts.abstained, 1);
}

#[test]
fn e8_nothing_found() {
    let r = end_to_end(&tiny(), &[("a", &[]), ("b", &[])]);
    assert_eq!(m(&r, "span_recall_strict"), Some(0.0 / 4.0));
    assert_eq!(m(&r, "span_precision_strict"), None);
    assert_eq!(m(&r, "span_f1_strict"), Some(0.0 / 4.0));
    assert_eq!(r.counts.missed, 4);
}

#[test]
fn e9_kind_breakdown_uses_the_predicted_kind_for_spurious_quotes() {
    let c = tiny();
    let text = &c.docs["a"].text;
    let start = text.find("Ready").unwrap();
    let mut preds = BTreeMap::new();
    preds.insert(
        "a".to_string(),
        DocPredictions::Quotes(vec![Prediction {
            span: Span::new(start, start + 5),
            kind: Some(Kind::Direct),
            speaker: None,
        }]),
    );
    let s = settings();
    let r = Report::new(
        &score_predictions(&c, Task::EndToEnd, &s, "t@1", &preds).unwrap(),
        &s,
    );
    assert_eq!(r.by_kind["direct"].counts.predicted, 1);
    assert_eq!(r.by_kind["direct"].counts.gold, 2);
    assert_eq!(r.by_mention["spurious"].counts.predicted, 1);
}

#[test]
fn bad_predictions_are_errors_not_numbers() {
    let c = tiny();
    let s = settings();
    let mut preds = BTreeMap::new();
    preds.insert("a".to_string(), DocPredictions::Answers(vec![None]));
    let err = score_predictions(&c, Task::Attribution, &s, "t@1", &preds).unwrap_err();
    assert!(err.to_string().contains("1 answers for 2 spans"), "{err}");
    let mut preds = BTreeMap::new();
    preds.insert(
        "a".to_string(),
        DocPredictions::Quotes(vec![Prediction {
            span: Span::new(1, 5),
            kind: None,
            speaker: None,
        }]),
    );
    let err = score_predictions(&c, Task::EndToEnd, &s, "t@1", &preds).unwrap_err();
    assert!(err.to_string().contains("character boundary"), "{err}");
    let mut preds = BTreeMap::new();
    preds.insert("zz".to_string(), DocPredictions::Quotes(vec![]));
    let err = score_predictions(&c, Task::EndToEnd, &s, "t@1", &preds).unwrap_err();
    assert!(err.to_string().contains("no such document"), "{err}");
}

#[test]
fn a11_titles_and_appositives_are_stripped_rule_tokens() {
    let r = attribution(
        &tiny(),
        &[
            ("a", &[Some("spokeswoman Jane Doe"), Some("Doe, who added")]),
            ("b", &[Some("ACME Corp's CEO"), Some("Mr Smith")]),
        ],
        &settings(),
    );
    // q3's answer is the company's CEO: a description, not the company.
    assert_eq!(m(&r, "accuracy"), Some(3.0 / 4.0));
    assert_eq!(r.by_rule["tokens"], 3);
    assert_eq!(r.by_rule["exact"], 0);
    assert_eq!(r.counts.unresolved, 1);
    let rules: Vec<Option<MatchRule>> = r.outcomes.iter().map(|o| o.rule).collect();
    assert_eq!(
        rules,
        [
            Some(MatchRule::Tokens),
            Some(MatchRule::Tokens),
            None,
            Some(MatchRule::Tokens)
        ]
    );
}

#[test]
fn s1_a_perfect_cell_gets_a_wilson_interval_on_its_trials() {
    let s = Settings {
        bootstrap: 100,
        ..Settings::default()
    };
    let r = attribution(&tiny(), &[("a", ALL_RIGHT_A), ("b", ALL_RIGHT_B)], &s);
    let e = r.metrics["accuracy"];
    // Wilson at p = 1, n = 4: low = n / (n + z²) = 4 / (4 + 1.96²) = 0.5101.
    let z2 = bootstrap::Z95 * bootstrap::Z95;
    assert!((e.low.unwrap() - 4.0 / (4.0 + z2)).abs() < 1e-12);
    assert!((e.low.unwrap() - 0.5101).abs() < 1e-4);
    assert_eq!(e.high, Some(1.0));
    assert_eq!(e.method, Some(IntervalMethod::Wilson));
    assert_eq!(e.wilson_n, Some(4.0));
    // macro accuracy: n is the documents, 2: low = 2 / (2 + 1.96²) = 0.3424.
    let e = r.metrics["macro_accuracy"];
    assert!((e.low.unwrap() - 2.0 / (2.0 + z2)).abs() < 1e-12);
    assert_eq!(e.wilson_n, Some(2.0));
}

#[test]
fn s2_document_resampling_is_the_default_and_percentile_inside() {
    let s = Settings {
        bootstrap: 1000,
        ..Settings::default()
    };
    assert_eq!(s.unit, quotebench::score::Unit::Doc);
    // doc a 2/2 right, doc b 0/2: two documents drawn with replacement give
    // accuracy 1 (a,a; chance 1/4), 0 (b,b; 1/4) or 1/2: the 2.5th
    // percentile is 0 and the 97.5th is 1.
    let r = attribution(&tiny(), &[("a", ALL_RIGHT_A), ("b", &[None, None])], &s);
    let e = r.metrics["accuracy"];
    assert_eq!(e.value, Some(2.0 / 4.0));
    assert_eq!((e.low, e.high), (Some(0.0), Some(1.0)));
    assert_eq!(e.method, Some(IntervalMethod::Percentile));
}

#[test]
fn s3_holm_and_the_minimum_detectable_difference() {
    // Holm over three p-values 0.001, 0.012, 0.001: sorted 0.001·3,
    // max(0.001·2, 0.003), max(0.012·1, 0.003).
    let adj = bootstrap::holm(&[Some(0.001), Some(0.012), Some(0.001)]);
    let want = [0.003, 0.012, 0.003];
    for (a, w) in adj.iter().zip(want) {
        assert!((a.unwrap() - w).abs() < 1e-12, "{adj:?}");
    }
    // Paired differences 0.1 and 0.3 (b constant 0): se = sd(0.1, 0.3) =
    // 0.1414, MDD = (1.96 + 0.84) · 0.1414 = 0.3962.
    let a = bootstrap::Resampled {
        observed: vec![Some(0.2), Some(0.2), Some(0.2)],
        samples: vec![vec![Some(0.1); 3], vec![Some(0.3); 3]],
    };
    let b = bootstrap::Resampled {
        observed: vec![Some(0.0); 3],
        samples: vec![vec![Some(0.0); 3], vec![Some(0.0); 3]],
    };
    let mut names = bootstrap::all_metric_names(Task::Attribution);
    names.truncate(3);
    let d = &bootstrap::differences(Task::Attribution, &a, &b)["accuracy"];
    let se = 0.02_f64.sqrt();
    assert!((d.se.unwrap() - se).abs() < 1e-12, "{d:?}");
    assert!((d.mdd.unwrap() - 0.3962).abs() < 1e-3, "{d:?}");
}
