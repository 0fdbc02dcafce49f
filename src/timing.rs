//! Throughput measurement for `--timing N`: each strategy's wall time over
//! a corpus, best of N runs, with the machine it was measured on. A timing
//! is not a score: it is stored beside a result, never in its signature.
//!
//! What is timed: for a built-in, the strategy's own work on every document
//! of the corpus in this process (`attribute` or `extract`); for an `exec:`
//! plugin, a whole [`crate::plugin::run`]: starting the process, the
//! protocol and the plugin's work. Scoring is not timed.

use crate::error::Result;
use crate::gold::Corpus;
use crate::model::Span;
use crate::plugin::{self, Command, Options};
use crate::score::Task;
use crate::strategy::Strategy;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// One strategy's measured speed on one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// How many runs were made; `seconds` is the fastest.
    pub runs: usize,
    /// Wall time of the fastest run, in seconds.
    pub seconds: f64,
    /// Bytes of text in the corpus (one run reads each once).
    pub bytes: usize,
    /// `bytes / seconds`, in megabytes (10^6 bytes) per second.
    pub mb_per_s: f64,
    /// `in-process` (a built-in) or `process+protocol` (an `exec:` plugin).
    pub what: String,
    /// The machine's CPU model, as the operating system names it.
    pub cpu: String,
    /// Logical cores available to the process.
    pub cores: usize,
}

/// The CPU model from /proc/cpuinfo (`unknown` elsewhere).
pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Logical cores available to this process.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn best_of<E>(
    runs: usize,
    bytes: usize,
    what: &str,
    mut f: impl FnMut() -> std::result::Result<(), E>,
) -> std::result::Result<Timing, E> {
    let runs = runs.max(1);
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let t = Instant::now();
        f()?;
        best = best.min(t.elapsed().as_secs_f64());
    }
    // A run too fast for the clock still took some time.
    let seconds = best.max(1e-9);
    Ok(Timing {
        runs,
        seconds,
        bytes,
        mb_per_s: bytes as f64 / seconds / 1e6,
        what: what.to_owned(),
        cpu: cpu_model(),
        cores: cores(),
    })
}

/// Times a built-in strategy on every document of `corpus`, best of `runs`.
pub fn builtin(corpus: &Corpus, strategy: &dyn Strategy, task: Task, runs: usize) -> Timing {
    let spans: Vec<(&str, Vec<Span>)> = corpus
        .docs
        .iter()
        .map(|(id, d)| {
            (
                d.text.as_str(),
                corpus.quotes_of(id).map(|q| q.span).collect(),
            )
        })
        .collect();
    let timed =
        best_of::<std::convert::Infallible>(runs, corpus.total_bytes(), "in-process", || {
            for (text, spans) in &spans {
                match task {
                    Task::Attribution => {
                        std::hint::black_box(strategy.attribute(text, spans));
                    }
                    Task::EndToEnd => {
                        std::hint::black_box(strategy.extract(text));
                    }
                }
            }
            Ok(())
        });
    match timed {
        Ok(t) => t,
        Err(never) => match never {},
    }
}

/// Times an `exec:` plugin over `corpus`: process start, protocol and work,
/// best of `runs`. A run that fails is an error.
pub fn exec(
    corpus: &Corpus,
    command: &Command,
    task: Task,
    runs: usize,
    options: &Options,
) -> Result<Timing> {
    let inputs = plugin::inputs(corpus, task);
    best_of(runs, corpus.total_bytes(), "process+protocol", || {
        plugin::run(command, task, &inputs, options).map(|_| ())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_of_keeps_the_fastest_run_and_counts_runs() {
        let mut n = 0;
        let t = best_of::<()>(3, 2_000_000, "in-process", || {
            n += 1;
            if n == 1 {
                std::thread::sleep(std::time::Duration::from_millis(30));
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 3);
        assert_eq!(t.runs, 3);
        assert!(t.seconds < 0.03, "the slow first run is not the best");
        assert!((t.mb_per_s - 2.0 / t.seconds).abs() < 1e-6 * t.mb_per_s);
        assert!(t.cores >= 1);
    }

    #[test]
    fn zero_runs_still_measure_once() {
        let t = best_of::<()>(0, 10, "in-process", || Ok(())).unwrap();
        assert_eq!(t.runs, 1);
    }
}
