//! Properties of the scorer, over random predictions on the shipped gold:
//! metrics in [0, 1] or null, perfect predictions score exactly 1, order
//! does not matter, per-document counts sum to the total, the same seed
//! gives the same intervals.

use crate::util::shipped;
use proptest::prelude::*;
use quotebench::gold::Corpus;
use quotebench::model::{Prediction, Span};
use quotebench::report::Report;
use quotebench::score::bootstrap::IntervalMethod;
use quotebench::score::{score_predictions, Counts, DocPredictions, Settings, Task};
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(shipped)
}

fn names() -> Vec<String> {
    let mut n: Vec<String> = corpus().speakers.values().map(|s| s.name.clone()).collect();
    n.extend(["Nobody Inparticular".to_string(), "he".to_string()]);
    n
}

/// The gold answers, as a perfect system would give them.
fn perfect(task: Task) -> BTreeMap<String, DocPredictions> {
    let c = corpus();
    c.docs
        .keys()
        .map(|d| {
            let gold = c.quotes_of(d);
            let p = match task {
                Task::Attribution => DocPredictions::Answers(
                    gold.map(|q| Some(c.speakers[&q.speaker].name.clone()))
                        .collect(),
                ),
                Task::EndToEnd => DocPredictions::Quotes(
                    gold.map(|q| Prediction {
                        span: q.span,
                        kind: Some(q.kind),
                        speaker: Some(c.speakers[&q.speaker].name.clone()),
                    })
                    .collect(),
                ),
            };
            (d.clone(), p)
        })
        .collect()
}

#[test]
fn perfect_predictions_score_exactly_one_on_every_metric() {
    let s = Settings {
        bootstrap: 200,
        ..Settings::default()
    };
    for task in Task::ALL {
        let scored = score_predictions(corpus(), task, &s, "perfect@1", &perfect(task)).unwrap();
        let r = Report::new(&scored, &s);
        for (name, e) in &r.metrics {
            assert_eq!(e.value, Some(1.0), "{task} {name}");
            // Never a point at 1: a Wilson interval on the trials behind it.
            assert_eq!(e.high, Some(1.0), "{task} {name}");
            assert!(e.low.unwrap() < 1.0, "{task} {name}");
            assert_eq!(e.method, Some(IntervalMethod::Wilson), "{task} {name}");
        }
    }
}

fn char_floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Random end-to-end predictions: per document, spans near gold spans or
/// anywhere, with random names or none.
fn random_e2e() -> impl Strategy<Value = BTreeMap<String, DocPredictions>> {
    let docs: Vec<(String, usize)> = corpus()
        .docs
        .iter()
        .map(|(k, d)| (k.clone(), d.text.len()))
        .collect();
    let names = names();
    let per_doc = docs
        .into_iter()
        .map(move |(id, len)| {
            let names = names.clone();
            prop::collection::vec(
                (0..len, 0usize..400, prop::option::of(0..names.len())),
                0..30,
            )
            .prop_map(move |v| {
                let text = &corpus().docs[&id].text;
                let preds = v
                    .into_iter()
                    .map(|(s, l, n)| {
                        let start = char_floor(text, s);
                        let end = char_floor(text, s + l).max(start);
                        Prediction {
                            span: Span::new(start, end),
                            kind: None,
                            speaker: n.map(|i| names[i].clone()),
                        }
                    })
                    .collect();
                (id.clone(), DocPredictions::Quotes(preds))
            })
        })
        .collect::<Vec<_>>();
    per_doc.prop_map(|v| v.into_iter().collect())
}

fn random_attribution() -> impl Strategy<Value = BTreeMap<String, DocPredictions>> {
    let names = names();
    let docs: Vec<(String, usize)> = corpus()
        .docs
        .keys()
        .map(|d| (d.clone(), corpus().quotes_of(d).count()))
        .collect();
    docs.into_iter()
        .map(move |(id, n)| {
            let names = names.clone();
            prop::collection::vec(prop::option::of(0..names.len()), n..=n).prop_map(move |v| {
                (
                    id.clone(),
                    DocPredictions::Answers(
                        v.into_iter().map(|i| i.map(|i| names[i].clone())).collect(),
                    ),
                )
            })
        })
        .collect::<Vec<_>>()
        .prop_map(|v| v.into_iter().collect())
}

fn check_invariants(task: Task, preds: &BTreeMap<String, DocPredictions>) {
    let s = Settings {
        bootstrap: 50,
        seed: 7,
        ..Settings::default()
    };
    let scored = score_predictions(corpus(), task, &s, "random@1", preds).unwrap();
    let r = Report::new(&scored, &s);
    for (name, e) in &r.metrics {
        for v in [e.value, e.low, e.high].into_iter().flatten() {
            assert!((0.0..=1.0).contains(&v), "{name} = {v}");
        }
        if let (Some(v), Some(l), Some(h)) = (e.value, e.low, e.high) {
            assert!(l <= h, "{name}: {l} > {h}");
            let _ = v;
        }
    }
    // Per-document counts sum to the total.
    let sum: Counts = r.by_doc.values().map(|b| b.counts).sum();
    assert_eq!(sum, r.counts);
    // Every gold quote has exactly one outcome.
    assert_eq!(r.counts.gold as usize, corpus().quotes.len());
    // The same seed gives the same intervals.
    let again = Report::new(&scored, &s);
    assert_eq!(again.metrics, r.metrics);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn attribution_invariants(preds in random_attribution()) {
        check_invariants(Task::Attribution, &preds);
    }

    #[test]
    fn end_to_end_invariants(preds in random_e2e()) {
        check_invariants(Task::EndToEnd, &preds);
    }

    #[test]
    fn prediction_order_changes_nothing(preds in random_e2e(), seed in any::<u64>()) {
        let s = Settings { bootstrap: 0, ..Settings::default() };
        let a = score_predictions(corpus(), Task::EndToEnd, &s, "r@1", &preds).unwrap();
        // Reverse, then rotate by a seed-chosen amount, each document's predictions.
        let shuffled: BTreeMap<String, DocPredictions> = preds.iter().map(|(d, p)| {
            let DocPredictions::Quotes(q) = p else { unreachable!() };
            let mut q = q.clone();
            q.reverse();
            if !q.is_empty() { let k = (seed as usize) % q.len(); q.rotate_left(k); }
            (d.clone(), DocPredictions::Quotes(q))
        }).collect();
        let b = score_predictions(corpus(), Task::EndToEnd, &s, "r@1", &shuffled).unwrap();
        let (ra, rb) = (Report::new(&a, &s), Report::new(&b, &s));
        prop_assert_eq!(ra.counts, rb.counts);
        prop_assert_eq!(ra.metrics, rb.metrics);
    }
}

#[test]
fn document_order_changes_nothing() {
    // Rename documents so that their order reverses; the totals stay.
    let c = corpus();
    let mut renamed = c.clone();
    let rename = |d: &str| format!("{}", 999 - d[..3].parse::<u32>().unwrap()) + &d[3..];
    renamed.docs = c
        .docs
        .iter()
        .map(|(k, d)| {
            let mut d = d.clone();
            d.id = rename(k);
            (rename(k), d)
        })
        .collect();
    renamed.quotes = c
        .quotes
        .iter()
        .map(|q| {
            let mut q = q.clone();
            q.doc = rename(&q.doc);
            q
        })
        .collect();
    renamed
        .quotes
        .sort_by(|a, b| (&a.doc, a.span).cmp(&(&b.doc, b.span)));
    let s = Settings {
        bootstrap: 0,
        ..Settings::default()
    };
    for task in Task::ALL {
        let p: BTreeMap<String, DocPredictions> = perfect(task)
            .into_iter()
            .map(|(d, mut p)| {
                if let DocPredictions::Answers(a) = &mut p {
                    if let Some(x) = a.first_mut() {
                        *x = None;
                    }
                }
                (rename(&d), p)
            })
            .collect();
        let p0: BTreeMap<String, DocPredictions> = perfect(task)
            .into_iter()
            .map(|(d, mut p)| {
                if let DocPredictions::Answers(a) = &mut p {
                    if let Some(x) = a.first_mut() {
                        *x = None;
                    }
                }
                (d, p)
            })
            .collect();
        let a = Report::new(&score_predictions(c, task, &s, "x@1", &p0).unwrap(), &s);
        let b = Report::new(
            &score_predictions(&renamed, task, &s, "x@1", &p).unwrap(),
            &s,
        );
        assert_eq!(a.counts, b.counts, "{task}");
        assert_eq!(a.metrics, b.metrics, "{task}");
    }
}
