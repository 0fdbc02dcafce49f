//! Criterion benches: strategy throughput beside the memchr floor, scaling
//! with input size, and the cost of loading, scoring and comparing.
//!
//! Groups: `strategies` (every built-in, both tasks, MB/s), `floor` (a
//! memchr count of quotation marks: nothing can read its input faster; the
//! token stream with one lexicon look-up per word, the floor of any
//! strategy that reads every word; and sieve end-to-end beside them, so
//! its ratio to each floor comes from one run),
//! `scaling` (the last rung of the ladder on the corpus repeated 1×, 16×,
//! 256×, as more documents and as one long document) and `scoring`. Setup is never timed: documents are loaded outside
//! the timed closures and outputs go through `black_box`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use quotebench::gold::{self, Corpus};
use quotebench::model::Span;
use quotebench::report::{Comparison, Report};
use quotebench::score::{evaluate, Settings, Task};
use quotebench::strategy::{builtins, by_name, token_floor, Strategy};
use std::path::Path;

fn corpus() -> Corpus {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    gold::load(&root.join("seeds"), &root.join("gold")).expect("the shipped gold set loads")
}

/// Each document's text and its gold spans.
fn inputs(c: &Corpus) -> Vec<(String, Vec<Span>)> {
    c.docs
        .iter()
        .map(|(id, d)| (d.text.clone(), c.quotes_of(id).map(|q| q.span).collect()))
        .collect()
}

/// The same floor as the `floor` group, for reuse.
fn count_marks(text: &[u8]) -> usize {
    // `"` and the lead byte of “ ” (E2 80 9C/9D): one memchr2 pass.
    memchr::memchr2_iter(b'"', 0xE2, text).count()
}

fn strategies(c: &mut Criterion) {
    let corpus = corpus();
    let docs = inputs(&corpus);
    let bytes = corpus.total_bytes() as u64;
    let mut g = c.benchmark_group("strategies");
    g.throughput(Throughput::Bytes(bytes));
    for s in builtins() {
        g.bench_function(BenchmarkId::new("end-to-end", s.name()), |b| {
            b.iter(|| {
                for (text, _) in &docs {
                    black_box(s.extract(black_box(text)));
                }
            })
        });
        g.bench_function(BenchmarkId::new("attribution", s.name()), |b| {
            b.iter(|| {
                for (text, spans) in &docs {
                    black_box(s.attribute(black_box(text), spans));
                }
            })
        });
    }
    g.finish();
}

fn floor(c: &mut Criterion) {
    // estimates written after this are this run's (see `print_ratios`)
    let started = std::time::SystemTime::now();
    let corpus = corpus();
    let docs = inputs(&corpus);
    let mut g = c.benchmark_group("floor");
    g.throughput(Throughput::Bytes(corpus.total_bytes() as u64));
    g.bench_function("memchr-quote-marks", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(t, _)| count_marks(black_box(t.as_bytes())))
                .sum::<usize>()
        })
    });
    // What a strategy that looks at every word cannot go below: the
    // tokenizer's byte classes, a token vector per document and one
    // lexicon look-up per word, no strategy logic.
    g.bench_function("token-stream-lookup", |b| {
        b.iter(|| {
            for (t, _) in &docs {
                black_box(token_floor(black_box(t)));
            }
        })
    });
    // The sieve in the same group and run, so its ratio to the floors
    // above is read off one report.
    let sieve = by_name("sieve").expect("sieve is built in");
    g.bench_function("sieve-end-to-end", |b| {
        b.iter(|| {
            for (t, _) in &docs {
                black_box(sieve.extract(black_box(t)));
            }
        })
    });
    g.finish();
    print_ratios(started);
}

/// Criterion's estimate (slope, else mean; nanoseconds per iteration) of
/// `floor/NAME`, if this run measured it.
fn estimate(name: &str, since: std::time::SystemTime) -> Option<f64> {
    let home = std::env::var_os("CRITERION_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(|d| Path::new(&d).join("criterion")))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion"));
    let file = home.join("floor").join(name).join("new/estimates.json");
    if std::fs::metadata(&file).ok()?.modified().ok()? < since {
        return None; // left over from an earlier run (filtered out now)
    }
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).ok()?).ok()?;
    ["slope", "mean"]
        .iter()
        .find_map(|k| v[k]["point_estimate"].as_f64())
}

/// Prints sieve's time over each floor's, from this run's estimates.
fn print_ratios(since: std::time::SystemTime) {
    let Some(sieve) = estimate("sieve-end-to-end", since) else {
        return;
    };
    for floor in ["token-stream-lookup", "memchr-quote-marks"] {
        if let Some(f) = estimate(floor, since) {
            println!(
                "floor: sieve-end-to-end / {floor} = {:.2}x (time per corpus pass)",
                sieve / f
            );
        }
    }
}

/// Two ways to grow the input. `documents`: the corpus repeated as more
/// documents, each run on its own (a news archive: memory per document
/// stays small). `one-document`: the corpus joined into one document and
/// repeated (a single long text: every pass over the document's arrays
/// leaves the cache once it outgrows it).
fn scaling(c: &mut Criterion) {
    let corpus = corpus();
    let texts: Vec<&str> = corpus.docs.values().map(|d| d.text.as_str()).collect();
    let all: String = texts.join("\n\n");
    let best: Box<dyn Strategy> = builtins().pop().expect("at least one strategy");
    let mut g = c.benchmark_group("scaling");
    for times in [1usize, 16, 256] {
        if times == 256 {
            g.sample_size(10);
        }
        let docs: Vec<&str> = texts
            .iter()
            .copied()
            .cycle()
            .take(texts.len() * times)
            .collect();
        g.throughput(Throughput::Bytes(docs.iter().map(|d| d.len() as u64).sum()));
        g.bench_function(
            BenchmarkId::new(format!("{}/documents", best.name()), format!("{times}x")),
            |b| {
                b.iter(|| {
                    for d in &docs {
                        black_box(best.extract(black_box(d)));
                    }
                })
            },
        );
        let text = all.repeat(times);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(
            BenchmarkId::new(format!("{}/one-document", best.name()), format!("{times}x")),
            |b| b.iter(|| black_box(best.extract(black_box(&text)))),
        );
    }
    g.finish();
}

fn scoring(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = corpus();
    let strategies = builtins();
    let best = strategies.last().expect("at least one strategy");
    let no_bs = Settings {
        bootstrap: 0,
        ..Settings::default()
    };
    let bs = Settings::default();
    let mut g = c.benchmark_group("scoring");
    g.bench_function("load-and-check-gold", |b| {
        b.iter(|| black_box(gold::load(&root.join("seeds"), &root.join("gold")).unwrap()))
    });
    let scored = evaluate(&corpus, best.as_ref(), Task::Attribution, &no_bs).unwrap();
    g.bench_function("score-one-strategy", |b| {
        b.iter(|| {
            let s = evaluate(&corpus, best.as_ref(), Task::Attribution, &no_bs).unwrap();
            black_box(Report::new(&s, &no_bs))
        })
    });
    g.bench_function("bootstrap-1000", |b| {
        b.iter(|| black_box(Report::new(&scored, &bs)))
    });
    let reports: Vec<Report> = strategies
        .iter()
        .map(|s| {
            Report::new(
                &evaluate(&corpus, s.as_ref(), Task::Attribution, &bs).unwrap(),
                &bs,
            )
        })
        .collect();
    g.bench_function("compare-all-pairs", |b| {
        b.iter(|| black_box(Comparison::new(reports.clone(), &bs).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, strategies, floor, scaling, scoring);
criterion_main!(benches);
