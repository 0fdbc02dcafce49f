//! Score tracking: a committed baseline (scores/baseline.json) of every
//! built-in strategy's results on both tasks, and the comparison that
//! `quotebench check` makes against it so that scores never fall silently.
//!
//! The baseline is a [`Comparison`], what `compare --format json` prints
//! (reports with signatures, metrics and per-quote outcomes), laid out one
//! outcome per line for diffs and merges (`lines`). A check
//! re-runs each strategy named in the baseline with the settings recorded in
//! its signature, and reports per metric (fell, improved, unchanged), per
//! quote (fixed, broke, still wrong), signature parts that changed, and
//! strategies that are gone or not yet tracked. No strategy name is written
//! here: the registry ([`crate::strategy::builtins`]) is the only list.
//!
//! Not here: how a metric is computed ([`crate::score`]) or rendered in a
//! leaderboard ([`crate::report`]).

use crate::error::{Error, Result};
use crate::gold::Corpus;
use crate::report::{Comparison, Report};
use crate::score::bootstrap::all_metric_names;
use crate::score::{evaluate, headline, Outcome, Settings, Signature, Task, Verdict};
use crate::strategy::{self, Strategy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::Path;

mod lines;
mod render;

/// Where the baseline lives, relative to the repository root.
pub const DEFAULT_PATH: &str = "scores/baseline.json";

/// Where the baseline of the shipped corpus part `part` lives: the seeds'
/// at [`DEFAULT_PATH`], every other part's at `scores/baseline-PART.json`.
pub fn path_for(part: &str) -> std::path::PathBuf {
    if part == crate::gold::corpora::SEEDS.name {
        DEFAULT_PATH.into()
    } else {
        format!("scores/baseline-{part}.json").into()
    }
}

/// Differences smaller than this are rounding, not change.
const EPSILON: f64 = 1e-9;

/// Reads a baseline written by [`save`] (or by `compare --format json`),
/// its reports in leaderboard order.
pub fn load(path: &Path) -> Result<Comparison> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut baseline: Comparison = serde_json::from_slice(&bytes).map_err(|e| Error::BadResult {
        path: path.to_path_buf(),
        message: format!(
            "not a quotebench baseline (the `compare --format json` shape): {e}; recreate it with `quotebench check --update`"
        ),
    })?;
    baseline.results.sort_by(crate::report::leaderboard_order);
    Ok(baseline)
}

/// Writes a baseline atomically (a temporary file next to `path`, then a
/// rename), one line per outcome, metric and document, so
/// that a change of one outcome changes one line. Creates the parent
/// directory if needed.
pub fn save(path: &Path, baseline: &Comparison) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let text = lines::render(baseline);
    let mut tmp = tempfile::Builder::new()
        .prefix(".baseline-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(text.as_bytes())
        .map_err(|e| Error::io(tmp.path(), e))?;
    crate::gold::edit::give_mode(tmp.as_file(), std::fs::metadata(path).ok());
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// The settings a baseline was made with: those in the signature of its
/// first scored report.
pub fn settings_of(baseline: &Comparison) -> Option<Settings> {
    baseline
        .results
        .iter()
        .find(|r| r.failed.is_none())
        .and_then(Report::settings)
}

/// Scores every strategy in `strategies` on both tasks: a new baseline.
pub fn make(
    corpus: &Corpus,
    strategies: &[Box<dyn Strategy>],
    settings: &Settings,
) -> Result<Comparison> {
    make_with(corpus, strategies, &External::new(), settings)
}

/// As [`make`], adding runs of external strategies made by the caller.
pub fn make_with(
    corpus: &Corpus,
    strategies: &[Box<dyn Strategy>],
    external: &External,
    settings: &Settings,
) -> Result<Comparison> {
    let mut reports = Vec::new();
    for task in Task::ALL {
        for s in strategies {
            let scored = evaluate(corpus, s.as_ref(), task, settings)?;
            reports.push(Report::new(&scored, settings));
        }
    }
    reports.extend(external.values().map(|s| Report::new(s, settings)));
    Comparison::new(reports, settings)
}

/// How one metric moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Movement {
    /// Equal (or both undefined).
    Same,
    /// Higher, or newly defined: the baseline can be raised.
    Improved,
    /// Lower, but by no more than the tolerance.
    FellWithinTolerance,
    /// Lower by more than the tolerance, or no longer defined: the check fails.
    Fell,
}

/// One metric of one strategy on one task, then and now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricChange {
    /// `name@version` as it runs now.
    pub strategy: String,
    /// The task.
    pub task: Task,
    /// The metric.
    pub metric: String,
    /// The value in the baseline.
    pub baseline: Option<f64>,
    /// The value now.
    pub now: Option<f64>,
    /// `now − baseline`, when both are defined.
    pub change: Option<f64>,
    /// The verdict.
    pub movement: Movement,
    /// True for the task's headline metric.
    pub headline: bool,
}

/// What happened to one quote (or spurious prediction) between the
/// baseline and now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteMovement {
    /// Wrong in the baseline, correct now (or a spurious prediction gone).
    Fixed,
    /// Correct in the baseline, wrong now (or a new spurious prediction).
    Broke,
    /// Wrong in both (a gold quote new since the baseline counts here when wrong).
    StillWrong,
}

/// One side of a [`QuoteChange`]: the verdict and the predicted name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteState {
    /// The verdict.
    pub outcome: Verdict,
    /// The predicted speaker, as written by the strategy.
    pub predicted: Option<String>,
}

/// A quote whose outcome is worth listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteChange {
    /// `name@version` as it runs now.
    pub strategy: String,
    /// The task.
    pub task: Task,
    /// Document id.
    pub doc: String,
    /// Gold span start, or the predicted start of a spurious prediction.
    pub start: usize,
    /// Gold span end, or the predicted end.
    pub end: usize,
    /// The gold speaker; none for a spurious prediction.
    pub gold_speaker: Option<String>,
    /// The outcome in the baseline (none: not in the baseline).
    pub before: Option<QuoteState>,
    /// The outcome now (none: no longer predicted).
    pub now: Option<QuoteState>,
    /// Fixed, broke or still wrong.
    pub movement: QuoteMovement,
    /// The first words of the span.
    pub snippet: String,
}

/// A strategy and task whose signature changed since the baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureChange {
    /// `name@version` in the baseline.
    pub strategy: String,
    /// The task.
    pub task: Task,
    /// Each differing part, `key: baseline vs now`.
    pub differences: Vec<String>,
}

/// Everything `quotebench check` found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// The allowed fall per metric.
    pub tolerance: f64,
    /// Every metric of every strategy and task in the baseline.
    pub metrics: Vec<MetricChange>,
    /// Quotes that were fixed, broke, or are still wrong.
    pub quotes: Vec<QuoteChange>,
    /// Signatures that differ: the gold set, settings or versions changed.
    pub signatures: Vec<SignatureChange>,
    /// Strategies in the baseline that no longer exist (with a suggestion).
    pub gone: Vec<String>,
    /// Strategies that failed to run now.
    pub failures: Vec<String>,
    /// Built-in strategies (and tasks) not in the baseline: not tracked yet.
    pub untracked: Vec<String>,
    /// Documents the corpus has and the baseline does not (added since it
    /// was made), sorted: their quotes are new, neither fixed nor broken,
    /// so they are not compared quote by quote.
    #[serde(default)]
    pub new_documents: Vec<String>,
    /// True when nothing fell, nothing is gone or failed, and every
    /// signature matches.
    pub passed: bool,
}

fn movement(baseline: Option<f64>, now: Option<f64>, tolerance: f64) -> Movement {
    match (baseline, now) {
        (None, None) => Movement::Same,
        (None, Some(_)) => Movement::Improved,
        (Some(_), None) => Movement::Fell,
        (Some(b), Some(n)) => {
            let d = n - b;
            if d > EPSILON {
                Movement::Improved
            } else if d >= -EPSILON {
                Movement::Same
            } else if -d <= tolerance + EPSILON {
                Movement::FellWithinTolerance
            } else {
                Movement::Fell
            }
        }
    }
}

/// Identifies an outcome across runs: document, spurious or not, span.
type QuoteKey = (String, bool, usize, usize);

fn quote_key(o: &Outcome) -> Option<QuoteKey> {
    match (o.start, o.end, o.pred_start, o.pred_end) {
        (Some(s), Some(e), _, _) => Some((o.doc.clone(), false, s, e)),
        (None, None, Some(s), Some(e)) => Some((o.doc.clone(), true, s, e)),
        _ => None,
    }
}

fn state(o: &Outcome) -> QuoteState {
    QuoteState {
        outcome: o.outcome,
        predicted: o.predicted.clone(),
    }
}

fn snippet(corpus: &Corpus, doc: &str, start: usize, end: usize) -> String {
    let text = corpus
        .docs
        .get(doc)
        .and_then(|d| d.text.get(start..end))
        .unwrap_or("");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(50).collect();
    if out.len() < flat.len() {
        out.push('…');
    }
    out
}

/// The quotes whose outcome moved between `before` and `now` (and those
/// still wrong). A document `before` never saw is skipped and added to
/// `new_documents`: a spurious prediction there is not a quote that broke.
fn quote_changes(
    corpus: &Corpus,
    before: &Report,
    now: &Report,
    new_documents: &mut BTreeSet<String>,
) -> Vec<QuoteChange> {
    let seen: BTreeSet<&str> = before
        .by_doc
        .keys()
        .map(String::as_str)
        .chain(before.outcomes.iter().map(|o| o.doc.as_str()))
        .collect();
    let old: BTreeMap<QuoteKey, &Outcome> = before
        .outcomes
        .iter()
        .filter_map(|o| Some((quote_key(o)?, o)))
        .collect();
    let new: BTreeMap<QuoteKey, &Outcome> = now
        .outcomes
        .iter()
        .filter_map(|o| Some((quote_key(o)?, o)))
        .collect();
    let keys: BTreeSet<&QuoteKey> = old.keys().chain(new.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        if !seen.contains(key.0.as_str()) {
            new_documents.insert(key.0.clone());
            continue;
        }
        let (b, n) = (old.get(key).copied(), new.get(key).copied());
        let spurious = key.1;
        let right = |o: Option<&Outcome>| o.is_some_and(|o| o.outcome == Verdict::Correct);
        let movement = if spurious {
            match (b, n) {
                (Some(_), None) => QuoteMovement::Fixed,
                (None, Some(_)) => QuoteMovement::Broke,
                _ => QuoteMovement::StillWrong,
            }
        } else {
            // A gold quote removed since the baseline is not listed.
            if n.is_none() {
                continue;
            }
            match (b.is_some() && right(b), right(n)) {
                (false, true) if b.is_some() => QuoteMovement::Fixed,
                (false, true) => continue,
                (true, false) => QuoteMovement::Broke,
                (false, false) => QuoteMovement::StillWrong,
                (true, true) => continue,
            }
        };
        let any = n.or(b).expect("a key comes from one side");
        out.push(QuoteChange {
            strategy: now.strategy.clone(),
            task: now.task,
            doc: key.0.clone(),
            start: key.2,
            end: key.3,
            gold_speaker: any.gold_speaker.clone(),
            before: b.map(state),
            now: n.map(state),
            movement,
            snippet: snippet(corpus, &key.0, key.2, key.3),
        });
    }
    out
}

fn strategy_name(label: &str) -> &str {
    label.split('@').next().unwrap_or(label)
}

/// Runs of strategies the library cannot start by name (`exec:` plugins),
/// scored by the caller, by strategy name (the label without `@version`)
/// and task.
pub type External = BTreeMap<(String, Task), crate::score::Scored>;

/// Re-runs every strategy of `baseline` on `corpus`, with the settings
/// recorded in each report's signature, and compares.
pub fn check(baseline: &Comparison, corpus: &Corpus, tolerance: f64) -> Result<Check> {
    check_with(baseline, corpus, tolerance, &External::new())
}

/// As [`check`], with runs of external strategies made by the caller (with
/// the baseline's settings). A plugin or prediction file in the baseline
/// without a run here is reported gone, with how to give it.
pub fn check_with(
    baseline: &Comparison,
    corpus: &Corpus,
    tolerance: f64,
    external: &External,
) -> Result<Check> {
    if tolerance.is_nan() || tolerance < 0.0 {
        return Err(Error::InvalidSetting(format!(
            "--tolerance {tolerance} is not a number ≥ 0"
        )));
    }
    let registry = strategy::names();
    let mut c = Check {
        tolerance,
        metrics: Vec::new(),
        quotes: Vec::new(),
        signatures: Vec::new(),
        gone: Vec::new(),
        failures: Vec::new(),
        untracked: Vec::new(),
        new_documents: Vec::new(),
        passed: false,
    };
    let mut new_documents: BTreeSet<String> = BTreeSet::new();
    let mut tracked: BTreeSet<(String, Task)> = BTreeSet::new();
    for before in &baseline.results {
        let name = strategy_name(&before.strategy);
        tracked.insert((name.to_owned(), before.task));
        let settings = before.settings().ok_or_else(|| Error::BadResult {
            path: DEFAULT_PATH.into(),
            message: format!(
                "cannot read the settings in signature `{}`",
                before.signature
            ),
        })?;
        let scored = if let Some(run) = external.get(&(name.to_owned(), before.task)) {
            Ok(run.clone())
        } else if name.starts_with(crate::plugin::PREFIX)
            || name.starts_with(crate::predictions::PREFIX)
        {
            let line = format!(
                "{} on {}: an external strategy; give its command with --strategy 'exec:COMMAND' to check it",
                before.strategy, before.task
            );
            c.gone.push(line);
            continue;
        } else {
            match strategy::by_name(name) {
                Ok(s) => evaluate(corpus, s.as_ref(), before.task, &settings),
                Err(e) => {
                    let line = format!("{} on {}: {e}", before.strategy, before.task);
                    if !c.gone.contains(&line) {
                        c.gone.push(line);
                    }
                    continue;
                }
            }
        };
        let now = match scored {
            Ok(scored) => Report::new(&scored, &settings),
            Err(e) => {
                c.failures
                    .push(format!("{} on {}: {e}", before.strategy, before.task));
                continue;
            }
        };
        let old_sig = Signature::parse(&before.signature).unwrap_or(Signature { parts: vec![] });
        let new_sig = Signature::parse(&now.signature).unwrap_or(Signature { parts: vec![] });
        let mut differences = old_sig.differences(&new_sig);
        if before.strategy != now.strategy {
            differences.push(format!("strategy: {} vs {}", before.strategy, now.strategy));
        }
        if !differences.is_empty() {
            c.signatures.push(SignatureChange {
                strategy: before.strategy.clone(),
                task: before.task,
                differences,
            });
        }
        let head = headline(before.task);
        for metric in all_metric_names(before.task) {
            let b = before.metrics.get(&metric).and_then(|e| e.value);
            let n = now.metrics.get(&metric).and_then(|e| e.value);
            if before.failed.is_none() || now.metrics.contains_key(&metric) {
                c.metrics.push(MetricChange {
                    strategy: now.strategy.clone(),
                    task: before.task,
                    headline: metric == head,
                    change: b.zip(n).map(|(b, n)| n - b),
                    movement: movement(b, n, tolerance),
                    baseline: b,
                    now: n,
                    metric,
                });
            }
        }
        c.quotes
            .extend(quote_changes(corpus, before, &now, &mut new_documents));
    }
    c.new_documents = new_documents.into_iter().collect();
    for name in &registry {
        for task in Task::ALL {
            if !tracked.contains(&(name.clone(), task)) {
                c.untracked.push(format!("{name} on {task}"));
            }
        }
    }
    c.passed = c.gone.is_empty()
        && c.failures.is_empty()
        && c.signatures.is_empty()
        && !c.metrics.iter().any(|m| m.movement == Movement::Fell);
    Ok(c)
}
