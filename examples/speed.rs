//! The measuring driver behind BENCHMARKS.md, beside the criterion benches:
//! instructions per byte under callgrind (`run`), a best-of-nine wall-clock
//! figure that filters out a noisy neighbour's bursts (`time`), and a dump
//! of every built-in's answers (`dump`) to check that a speed-up changed
//! no output.
//!
//! ```sh
//! cargo build --release --example speed
//! valgrind --tool=callgrind target/release/examples/speed run sieve e2e 20 seeds/0*.txt
//! target/release/examples/speed time e2e seeds/0*.txt
//! target/release/examples/speed dump seeds/0*.txt > before.txt   # then after.txt; cmp
//! # the token-stream floor and sieve end-to-end in one run (issue 15):
//! valgrind --tool=callgrind --callgrind-out-file=cg.floor target/release/examples/speed floor 20 seeds/0*.txt
//! callgrind_annotate --inclusive=yes cg.floor | grep -E 'floor_rounds|sieve_rounds'
//! ```
//!
//! `floor` runs the token-stream floor (`quotebench::strategy::token_floor`)
//! and then sieve's `extract` the same number of rounds over the same
//! texts, each in its own function (`floor_rounds`, `sieve_rounds`), so
//! callgrind's inclusive counts of the two give both figures, and their
//! ratio, from one run; without callgrind it prints the wall time of each.
//!
//! `dump` also asks about a span outside the text. `run` and `time` give the attribution task the spans that `sieve`
//! finds (computed once, outside the timed part; callgrind counts that
//! one pass too, about 5% of a 20-round run).

use quotebench::model::Span;
use quotebench::strategy::{builtins, by_name, token_floor, Strategy};
use std::fmt::Write as _;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

fn usage() -> ExitCode {
    eprintln!(
        "usage: speed run STRATEGY e2e|attr ROUNDS FILE...\n       speed time e2e|attr FILE...\n       speed floor ROUNDS FILE...\n       speed dump FILE..."
    );
    ExitCode::from(2)
}

fn read(files: &[String]) -> Result<Vec<String>, String> {
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}")))
        .collect()
}

/// The spans `sieve` finds in each text: the attribution task's input.
fn spans(texts: &[String]) -> Vec<Vec<Span>> {
    let sieve = by_name("sieve").expect("sieve is built in");
    texts
        .iter()
        .map(|t| sieve.extract(t).iter().map(|p| p.span).collect())
        .collect()
}

/// Runs `s` once over every text; returns how many answers it gave.
fn once(s: &dyn Strategy, e2e: bool, texts: &[String], spans: &[Vec<Span>]) -> usize {
    texts
        .iter()
        .zip(spans)
        .map(|(t, sp)| {
            if e2e {
                black_box(s.extract(black_box(t))).len()
            } else {
                black_box(s.attribute(black_box(t), sp)).len()
            }
        })
        .sum()
}

/// `rounds` passes of the token-stream floor over `texts`; returns the
/// tokens made.
#[inline(never)]
fn floor_rounds(texts: &[String], rounds: usize) -> usize {
    (0..rounds)
        .map(|_| {
            texts
                .iter()
                .map(|t| black_box(token_floor(black_box(t))).len())
                .sum::<usize>()
        })
        .sum()
}

/// `rounds` passes of `s`'s end-to-end task over `texts`; returns the
/// answers given.
#[inline(never)]
fn sieve_rounds(s: &dyn Strategy, texts: &[String], rounds: usize) -> usize {
    (0..rounds)
        .map(|_| {
            texts
                .iter()
                .map(|t| black_box(s.extract(black_box(t))).len())
                .sum::<usize>()
        })
        .sum()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = |t: &str| match t {
        "e2e" => Some(true),
        "attr" => Some(false),
        _ => None,
    };
    let result = match args.first().map(String::as_str) {
        Some("run") if args.len() >= 5 => {
            let (Ok(s), Some(e2e), Ok(rounds)) =
                (by_name(&args[1]), task(&args[2]), args[3].parse::<usize>())
            else {
                return usage();
            };
            read(&args[4..]).map(|texts| {
                let sp = spans(&texts);
                let n: usize = (0..rounds)
                    .map(|_| once(s.as_ref(), e2e, &texts, &sp))
                    .sum();
                println!("{n} answers");
            })
        }
        Some("time") if args.len() >= 3 => {
            let Some(e2e) = task(&args[1]) else {
                return usage();
            };
            read(&args[2..]).map(|texts| {
                let sp = spans(&texts);
                let bytes: usize = texts.iter().map(String::len).sum();
                for s in builtins().into_iter().skip(1) {
                    let mut best = f64::MAX;
                    for _ in 0..9 {
                        let t0 = Instant::now();
                        let mut rounds = 0;
                        while t0.elapsed().as_secs_f64() < 0.2 {
                            once(s.as_ref(), e2e, &texts, &sp);
                            rounds += 1;
                        }
                        best = best.min(t0.elapsed().as_secs_f64() / rounds as f64);
                    }
                    println!(
                        "{:14} {:5} {:7.1} MB/s",
                        s.name(),
                        args[1],
                        bytes as f64 / best / 1e6
                    );
                }
            })
        }
        Some("floor") if args.len() >= 3 => {
            let Ok(rounds) = args[1].parse::<usize>() else {
                return usage();
            };
            read(&args[2..]).map(|texts| {
                let sieve = by_name("sieve").expect("sieve is built in");
                // first uses build the lexicon index and the like: not
                // part of either figure
                let warm = "“Warm up,” the spokesman said.";
                black_box((token_floor(warm), sieve.extract(warm)));
                let bytes: usize = texts.iter().map(String::len).sum();
                let t0 = Instant::now();
                let tokens = floor_rounds(&texts, rounds);
                let floor = t0.elapsed().as_secs_f64();
                let t0 = Instant::now();
                let answers = sieve_rounds(sieve.as_ref(), &texts, rounds);
                let full = t0.elapsed().as_secs_f64();
                let mb = (bytes * rounds) as f64 / 1e6;
                println!("floor: {tokens} tokens, {:.1} MB/s", mb / floor);
                println!("sieve: {answers} answers, {:.1} MB/s", mb / full);
                println!("sieve / floor time: {:.2}", full / floor);
            })
        }
        Some("dump") if args.len() >= 2 => read(&args[1..]).map(|texts| {
            let mut out = String::new();
            for (f, text) in args[1..].iter().zip(&texts) {
                // every quote any strategy finds, and a sliding set of spans
                let mut spans: Vec<Span> = builtins()
                    .iter()
                    .flat_map(|s| s.extract(text).into_iter().map(|p| p.span))
                    .collect();
                spans.extend(
                    (0..text.len() + 10)
                        .step_by(83)
                        .map(|i| Span::new(i, i + 61)),
                );
                // and one far outside the text
                spans.push(Span::new(usize::MAX - 1, usize::MAX));
                for s in builtins() {
                    let _ = writeln!(out, "== {f} {} extract", s.name());
                    for p in s.extract(text) {
                        let _ = writeln!(out, "{p:?}");
                    }
                    let _ = writeln!(out, "== {f} {} attribute", s.name());
                    for (sp, a) in spans.iter().zip(s.attribute(text, &spans)) {
                        let _ = writeln!(out, "{sp:?} {a:?}");
                    }
                }
            }
            print!("{out}");
        }),
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("speed: {e}");
            ExitCode::FAILURE
        }
    }
}
