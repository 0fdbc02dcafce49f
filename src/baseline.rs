//! Score tracking: a committed baseline (scores/baseline.json) of every
//! built-in strategy's results on both tasks, and the comparison that
//! `quotebench check` makes against it so that scores never fall silently.
//!
//! The baseline is a [`Comparison`], exactly what `compare --format json`
//! prints: reports with signatures, metrics and per-quote outcomes. A check
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
use crate::report::{fmt_value, Comparison, Format, Report, Table};
use crate::score::bootstrap::all_metric_names;
use crate::score::{evaluate, headline, Outcome, Settings, Signature, Task, Verdict};
use crate::strategy::{self, Strategy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

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

/// Reads a baseline written by [`save`] (or by `compare --format json`).
pub fn load(path: &Path) -> Result<Comparison> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| Error::BadResult {
        path: path.to_path_buf(),
        message: format!(
            "not a quotebench baseline (the `compare --format json` shape): {e}; recreate it with `quotebench check --update`"
        ),
    })
}

/// Writes a baseline as pretty JSON, atomically: a temporary file next to
/// `path`, then a rename. Creates the parent directory if needed.
pub fn save(path: &Path, baseline: &Comparison) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let text = baseline.render(Format::Json);
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

fn arrow(m: &MetricChange) -> String {
    match (m.movement, m.change) {
        (Movement::Same, _) => "= 0.000".into(),
        (_, Some(d)) if d > 0.0 => format!("▲ +{d:.3}"),
        (_, Some(d)) => format!("▼ {d:.3}"),
        (Movement::Improved, None) => "▲ now defined".into(),
        (_, None) => "▼ now undefined".into(),
    }
}

/// A signature difference (`key: a vs b`) with what the key means.
fn explain(difference: &str) -> String {
    let key = difference.split(':').next().unwrap_or("");
    let what = match key {
        "gold" => "the seeds or gold files changed",
        "quotebench" => "the quotebench version changed",
        "strategy" => "the strategy's version changed",
        "task" => "a different task",
        "match" => "the name-matching rules changed",
        _ => "a scoring setting changed",
    };
    format!("{difference} ({what})")
}

/// One line per strategy with quotes still wrong, in the order of the
/// check: `sieve@2: 2 still wrong (attribution 1, end-to-end 1)`.
fn count_by_strategy(quotes: &[QuoteChange], movement: QuoteMovement, word: &str) -> Vec<String> {
    let mut counts: Vec<(&str, BTreeMap<Task, usize>)> = Vec::new();
    for q in quotes {
        if q.movement != movement {
            continue;
        }
        let i = match counts.iter().position(|(s, _)| *s == q.strategy) {
            Some(i) => i,
            None => {
                counts.push((&q.strategy, BTreeMap::new()));
                counts.len() - 1
            }
        };
        *counts[i].1.entry(q.task).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(strategy, by_task)| {
            let total: usize = by_task.values().sum();
            let parts: Vec<String> = by_task
                .iter()
                .map(|(task, n)| format!("{task} {n}"))
                .collect();
            format!("{strategy}: {total} {word} ({})", parts.join(", "))
        })
        .collect()
}

fn describe(s: Option<&QuoteState>) -> String {
    match s {
        None => "not predicted".into(),
        Some(s) => match (&s.predicted, s.outcome) {
            (Some(p), v) => format!("{} {p:?}", v.as_str()),
            (None, v) => v.as_str().to_owned(),
        },
    }
}

impl Check {
    /// The last line: `PASSED` or `FAILED` with the reasons.
    pub fn verdict(&self) -> String {
        if self.passed {
            return format!("PASSED: no metric fell by more than {:.3}", self.tolerance);
        }
        let mut why = Vec::new();
        let fell = self
            .metrics
            .iter()
            .filter(|m| m.movement == Movement::Fell)
            .count();
        if fell > 0 {
            why.push(format!(
                "{fell} metric(s) fell by more than {:.3}",
                self.tolerance
            ));
        }
        if !self.gone.is_empty() {
            why.push(format!(
                "{} strategy run(s) in the baseline no longer exist",
                self.gone.len()
            ));
        }
        if !self.failures.is_empty() {
            why.push(format!("{} strategy run(s) failed", self.failures.len()));
        }
        if !self.signatures.is_empty() {
            why.push(
                "the signature changed; refresh the baseline with `quotebench check --update`"
                    .into(),
            );
        }
        format!("FAILED: {}", why.join("; "))
    }

    /// Renders as aligned text, Markdown (for a pull-request comment or a
    /// CI job summary) or JSON.
    pub fn render(&self, format: Format, baseline: &Path) -> String {
        self.render_with(format, baseline, false)
    }

    /// As [`Check::render`]; with `brief`, the text and Markdown list each
    /// fixed and broken quote but not each quote still wrong: one line per
    /// strategy counts those instead. JSON is always complete (`brief` does
    /// not apply).
    pub fn render_with(&self, format: Format, baseline: &Path, brief: bool) -> String {
        self.render_for(format, baseline, brief, false)
    }

    /// As [`Check::render_with`]; `held_out` (a corpus strategies are not
    /// tuned on, such as dev-test) counts the fixed, broken and still-wrong
    /// quotes per strategy and never shows one, so that reading a check
    /// does not leak the held-out text into the next change.
    pub fn render_for(
        &self,
        format: Format,
        baseline: &Path,
        brief: bool,
        held_out: bool,
    ) -> String {
        if matches!(format, Format::Json | Format::Csv) {
            return serde_json::to_string_pretty(self).unwrap_or_default() + "\n";
        }
        let md = format == Format::Md;
        let mut out = String::new();
        let h = if md { "### " } else { "" };
        let code = |s: &str| if md { format!("`{s}`") } else { s.to_owned() };
        if md {
            let mark = if self.passed { "✅" } else { "❌" };
            let _ = writeln!(out, "## {mark} quotebench check\n");
            let _ = writeln!(out, "**{}**\n", self.verdict());
        }
        let _ = writeln!(
            out,
            "Compared with {} (tolerance {:.3}).\n",
            code(&baseline.display().to_string()),
            self.tolerance
        );
        let list = |out: &mut String, title: String, items: &[String]| {
            if items.is_empty() {
                return;
            }
            let _ = writeln!(out, "{h}{title}\n");
            for i in items {
                let _ = writeln!(out, "{}{i}", if md { "- " } else { "  " });
            }
            out.push('\n');
        };
        list(
            &mut out,
            "Strategies in the baseline that no longer exist".into(),
            &self.gone,
        );
        list(&mut out, "Strategies that failed".into(), &self.failures);
        let sigs: Vec<String> = self
            .signatures
            .iter()
            .map(|s| {
                let parts: Vec<String> = s.differences.iter().map(|d| explain(d)).collect();
                format!("{} on {}: {}", s.strategy, s.task, parts.join(", "))
            })
            .collect();
        list(
            &mut out,
            "Signature changed (baseline vs now): the gold set, settings or versions differ; run `quotebench check --update` once the change is intended".into(),
            &sigs,
        );

        // The table: headline metrics always, other metrics when they moved.
        let mut t =
            Table::new(&["strategy", "task", "metric", "baseline", "now", "change"]).left(3);
        for m in &self.metrics {
            if m.headline || m.movement != Movement::Same {
                let mut change = arrow(m);
                if m.movement == Movement::Fell {
                    change = if md {
                        format!("**{change}** ❌")
                    } else {
                        format!("{change}  FELL")
                    };
                }
                t.row(vec![
                    m.strategy.clone(),
                    m.task.to_string(),
                    m.metric.clone(),
                    fmt_value(m.baseline),
                    fmt_value(m.now),
                    change,
                ]);
            }
        }
        let _ = writeln!(
            out,
            "{h}Metrics (headline metrics, and every metric that moved)\n"
        );
        out.push_str(&t.render(md));
        out.push('\n');

        let fell: Vec<String> = self
            .metrics
            .iter()
            .filter(|m| m.movement == Movement::Fell)
            .map(|m| {
                format!(
                    "{} on {}: {} {} → {}",
                    m.strategy,
                    m.task,
                    m.metric,
                    fmt_value(m.baseline),
                    fmt_value(m.now)
                )
            })
            .collect();
        list(&mut out, "Fell".into(), &fell);
        let improved: Vec<String> = self
            .metrics
            .iter()
            .filter(|m| m.movement == Movement::Improved)
            .map(|m| {
                format!(
                    "{} on {}: {} {} → {}",
                    m.strategy,
                    m.task,
                    m.metric,
                    fmt_value(m.baseline),
                    fmt_value(m.now)
                )
            })
            .collect();
        list(
            &mut out,
            "Improved: raise the baseline with `quotebench check --update`".into(),
            &improved,
        );

        let count = |m: QuoteMovement| self.quotes.iter().filter(|q| q.movement == m).count();
        let _ = writeln!(
            out,
            "{h}Per quote: {} fixed, {} broke, {} still wrong\n",
            count(QuoteMovement::Fixed),
            count(QuoteMovement::Broke),
            count(QuoteMovement::StillWrong)
        );
        if !self.new_documents.is_empty() {
            let _ = writeln!(
                out,
                "{} document(s) not in the baseline, so not compared quote by quote: {}\n",
                self.new_documents.len(),
                self.new_documents.join(", ")
            );
        }
        for (m, title) in [
            (QuoteMovement::Broke, "Broke"),
            (QuoteMovement::Fixed, "Fixed"),
            (QuoteMovement::StillWrong, "Still wrong"),
        ] {
            let items: Vec<String> = self
                .quotes
                .iter()
                .filter(|q| q.movement == m)
                .map(|q| {
                    format!(
                        "{} {} {}:{}..{} gold {}: {} → {}  {}",
                        q.strategy,
                        q.task,
                        q.doc,
                        q.start,
                        q.end,
                        q.gold_speaker.as_deref().unwrap_or("(none: spurious)"),
                        describe(q.before.as_ref()),
                        describe(q.now.as_ref()),
                        if md {
                            format!("“{}”", q.snippet.replace('|', "\\|"))
                        } else {
                            format!("“{}”", q.snippet)
                        }
                    )
                })
                .collect();
            if items.is_empty() {
                continue;
            }
            if held_out {
                let word = title.to_lowercase();
                list(
                    &mut out,
                    format!("{title} ({}; a held-out corpus: counts only)", items.len()),
                    &count_by_strategy(&self.quotes, m, &word),
                );
                continue;
            }
            if brief && m == QuoteMovement::StillWrong {
                list(
                    &mut out,
                    format!(
                        "{title} ({}; run without {} to list them)",
                        items.len(),
                        code("--brief")
                    ),
                    &count_by_strategy(&self.quotes, m, "still wrong"),
                );
                continue;
            }
            if md {
                let _ = writeln!(
                    out,
                    "<details><summary>{title} ({})</summary>\n",
                    items.len()
                );
                for i in &items {
                    let _ = writeln!(out, "- {i}");
                }
                let _ = writeln!(out, "\n</details>\n");
            } else {
                list(&mut out, format!("{title} ({})", items.len()), &items);
            }
        }
        list(
            &mut out,
            "Not tracked yet (add with `quotebench check --update`)".into(),
            &self.untracked,
        );
        if !md {
            let _ = writeln!(out, "{}", self.verdict());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::explain;

    #[test]
    fn a_signature_difference_says_what_its_key_means() {
        assert_eq!(
            explain("match: (none) vs names4"),
            "match: (none) vs names4 (the name-matching rules changed)"
        );
        assert_eq!(
            explain("gold: 1 vs 2"),
            "gold: 1 vs 2 (the seeds or gold files changed)"
        );
        assert_eq!(
            explain("bs: 200 vs 1000"),
            "bs: 200 vs 1000 (a scoring setting changed)"
        );
    }
}
