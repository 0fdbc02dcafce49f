//! Results, computed once and rendered many ways. A [`Report`] holds one
//! strategy's scores on one task; a [`Comparison`] holds several with their
//! pairwise differences. Renderers (text, JSON, CSV, Markdown) only format:
//! they never recompute.

use crate::error::{Error, Result};
use crate::score::bootstrap::{self, Difference, Estimate, IntervalMethod, Layout};
use crate::score::{
    headline, Counts, MatchRule, Outcome, Scored, Settings, Signature, Task, Unit, Verdict,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// Counts and metrics of one slice of the outcomes (a kind, a mention type,
/// a document).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Summed counts.
    pub counts: Counts,
    /// Micro metrics of the slice (no intervals).
    pub metrics: BTreeMap<String, Option<f64>>,
}

/// One strategy scored on one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The signature string.
    pub signature: String,
    /// The task.
    pub task: Task,
    /// `name@version`.
    pub strategy: String,
    /// Set when the strategy could not be scored: the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
    /// Every metric with its interval.
    pub metrics: BTreeMap<String, Estimate>,
    /// Speed measured with `--timing N`; not a score and not in the signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<crate::timing::Timing>,
    /// Totals over the gold set.
    pub counts: Counts,
    /// Correct answers by the matching rule that made them correct
    /// (`exact`, `tokens`, `fuzzy`; every rule present, 0 when unused).
    #[serde(default)]
    pub by_rule: BTreeMap<String, u64>,
    /// By gold kind (spurious predictions under their predicted kind).
    pub by_kind: BTreeMap<String, Breakdown>,
    /// By gold mention type (spurious predictions under `spurious`).
    pub by_mention: BTreeMap<String, Breakdown>,
    /// By document.
    pub by_doc: BTreeMap<String, Breakdown>,
    /// The document of each resampling unit.
    pub units: Vec<String>,
    /// One row per gold quote and per spurious prediction.
    pub outcomes: Vec<Outcome>,
    /// Documents the system said it skipped (plugin protocol 2), with its
    /// reason.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped: BTreeMap<String, String>,
    /// Quotes given by their words (plugin protocol 2) that could not be
    /// placed in the text: present when any quote was given by its words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ungrounded: Option<Ungrounded>,
}

/// How many predictions given by their words could not be placed in the
/// text (each is also a spurious prediction).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ungrounded {
    /// Predictions that could not be placed.
    pub count: u64,
    /// Predictions given by their words, placed or not.
    pub by_text: u64,
    /// All predictions (by offsets or by words).
    pub predicted: u64,
    /// `count` over all predictions (`None` when there were none).
    pub rate: Option<f64>,
}

impl Ungrounded {
    fn of(c: &Counts) -> Option<Ungrounded> {
        (c.by_text > 0 || c.ungrounded > 0).then(|| Ungrounded {
            count: c.ungrounded,
            by_text: c.by_text,
            predicted: c.predicted,
            rate: crate::score::counts::ratio(c.ungrounded, c.predicted),
        })
    }

    /// `ungrounded: 1 of 5 predicted quotes (20.0%) are not in the text (…)`.
    pub fn describe(&self) -> String {
        format!(
            "ungrounded: {} of {} predicted quotes ({}) could not be placed in the text (counted as spurious; {} given by their words)",
            self.count,
            self.predicted,
            self.rate
                .map_or("-".into(), |r| format!("{:.1}%", 100.0 * r)),
            self.by_text
        )
    }
}

/// `skipped: 1 of 2 documents (b: too long)`.
fn skipped_line(skipped: &BTreeMap<String, String>, docs: usize) -> String {
    let listed: Vec<String> = skipped
        .iter()
        .take(5)
        .map(|(d, r)| format!("{d}: {r}"))
        .collect();
    format!(
        "skipped: {} of {docs} documents ({}{})",
        skipped.len(),
        listed.join("; "),
        if skipped.len() > 5 { "; …" } else { "" }
    )
}

fn breakdown<'a>(task: Task, outcomes: impl Iterator<Item = &'a Outcome>) -> Breakdown {
    let counts: Counts = outcomes.map(Outcome::counts).sum();
    Breakdown {
        counts,
        metrics: crate::score::counts::metrics(task)
            .iter()
            .map(|(m, f)| (m.to_string(), f(&counts)))
            .collect(),
    }
}

fn group<'a>(
    task: Task,
    outcomes: &'a [Outcome],
    key: impl Fn(&'a Outcome) -> &'a str,
) -> BTreeMap<String, Breakdown> {
    let mut keys: Vec<&str> = outcomes.iter().map(&key).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .map(|k| {
            (
                k.to_string(),
                breakdown(task, outcomes.iter().filter(|o| key(o) == k)),
            )
        })
        .collect()
}

/// Correct outcomes per matching rule, every rule present.
fn rule_counts(outcomes: &[Outcome]) -> BTreeMap<String, u64> {
    MatchRule::ALL
        .iter()
        .map(|r| {
            let n = outcomes.iter().filter(|o| o.rule == Some(*r)).count() as u64;
            (r.as_str().to_string(), n)
        })
        .collect()
}

impl Report {
    /// Computes metrics, intervals and breakdowns of a scored run.
    pub fn new(scored: &Scored, settings: &Settings) -> Report {
        let layout = Layout::new(&scored.units);
        let samples = bootstrap::samples(&layout, settings);
        Self::with_samples(scored, &layout, &samples)
    }

    /// As [`Report::new`], with resamples drawn once and shared.
    pub fn with_samples(scored: &Scored, layout: &Layout, samples: &[bootstrap::Sample]) -> Report {
        let task = scored.task;
        let units = scored.unit_counts();
        let mut by_doc = group(task, &scored.outcomes, |o| o.doc.as_str());
        for d in &scored.units {
            by_doc
                .entry(d.clone())
                .or_insert_with(|| breakdown(task, std::iter::empty()));
        }
        let counts: Counts = units.iter().copied().sum();
        Report {
            signature: scored.signature.to_string(),
            task,
            strategy: scored.signature.strategy().to_string(),
            failed: None,
            metrics: bootstrap::estimates(task, &units, layout, samples),
            timing: None,
            counts,
            skipped: scored.skipped.clone(),
            ungrounded: Ungrounded::of(&counts),
            by_rule: rule_counts(&scored.outcomes),
            by_kind: group(task, &scored.outcomes, |o| o.kind_key()),
            by_mention: group(task, &scored.outcomes, |o| o.mention_key()),
            by_doc,
            units: scored.units.clone(),
            outcomes: scored.outcomes.clone(),
        }
    }

    /// A report for a strategy that could not be scored.
    pub fn failed(signature: Signature, task: Task, reason: String) -> Report {
        Report {
            strategy: signature.strategy().to_string(),
            signature: signature.to_string(),
            task,
            failed: Some(reason),
            metrics: BTreeMap::new(),
            timing: None,
            counts: Counts::default(),
            by_rule: BTreeMap::new(),
            by_kind: BTreeMap::new(),
            by_mention: BTreeMap::new(),
            by_doc: BTreeMap::new(),
            units: Vec::new(),
            outcomes: Vec::new(),
            skipped: BTreeMap::new(),
            ungrounded: None,
        }
    }

    /// One line each for the documents skipped and the quotes that could
    /// not be placed in the text, when there are any.
    pub fn notes(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(u) = &self.ungrounded {
            lines.push(u.describe());
        }
        if !self.skipped.is_empty() {
            lines.push(skipped_line(&self.skipped, self.by_doc.len()));
        }
        lines
    }

    /// The headline metric's value, if defined.
    pub fn headline(&self) -> Option<f64> {
        self.metrics.get(headline(self.task)).and_then(|e| e.value)
    }

    /// The per-unit counts, rebuilt from the outcomes.
    pub fn unit_counts(&self) -> Vec<Counts> {
        let mut c = vec![Counts::default(); self.units.len()];
        for o in &self.outcomes {
            if let Some(slot) = c.get_mut(o.unit) {
                *slot += o.counts();
            }
        }
        c
    }

    /// Reads a report saved with `eval --format json`.
    pub fn load(path: &Path) -> Result<Report> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let report: Report = serde_json::from_slice(&bytes).map_err(|e| Error::BadResult {
            path: path.to_path_buf(),
            message: format!("not a quotebench eval result: {e}"),
        })?;
        if report.outcomes.iter().any(|o| o.unit >= report.units.len()) {
            return Err(Error::BadResult {
                path: path.to_path_buf(),
                message: "an outcome names a unit that does not exist".into(),
            });
        }
        Ok(report)
    }

    /// The settings recorded in the signature.
    pub fn settings(&self) -> Option<Settings> {
        let sig = Signature::parse(&self.signature)?;
        Some(Settings {
            fuzzy: sig.get("fuzzy")?.parse().ok()?,
            overlap: sig.get("overlap").unwrap_or("0.5").parse().ok()?,
            bootstrap: sig.get("bs")?.parse().ok()?,
            seed: sig.get("seed")?.parse().ok()?,
            unit: sig.get("unit")?.parse().ok()?,
        })
    }
}

/// The significance level of compare's verdicts (after Holm's correction).
pub const ALPHA: f64 = 0.05;

/// Below this many documents the leaderboard says that its intervals and
/// tests rest on few independent units.
pub const FEW_DOCUMENTS: usize = 10;

/// The difference between two strategies on every metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// The task both were scored on.
    pub task: Task,
    /// First strategy (`name@version`).
    pub a: String,
    /// Second strategy.
    pub b: String,
    /// `a − b` by metric.
    pub differences: BTreeMap<String, Difference>,
}

/// Several strategies on one task, best first, with pairwise differences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The reports, sorted by the headline metric (best first, failures last).
    pub results: Vec<Report>,
    /// Every pair of scored strategies, in leaderboard order.
    pub pairs: Vec<Pair>,
}

impl Comparison {
    /// Compares reports made with the same gold set and settings. Refuses,
    /// with the reason, reports whose signatures differ in anything but the
    /// strategy.
    pub fn new(mut results: Vec<Report>, settings: &Settings) -> Result<Comparison> {
        results.sort_by(|x, y| {
            let key = |r: &Report| (r.task, r.failed.is_some(), r.headline().map(|v| -v));
            key(x)
                .partial_cmp(&key(y))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| x.strategy.cmp(&y.strategy))
        });
        let mut pairs = Vec::new();
        for task in Task::ALL {
            let ok: Vec<&Report> = results
                .iter()
                .filter(|r| r.task == task && r.failed.is_none())
                .collect();
            let Some(first) = ok.first() else { continue };
            let a = Signature::parse(&first.signature).unwrap_or(Signature { parts: vec![] });
            for r in &ok[1..] {
                let b = Signature::parse(&r.signature).unwrap_or(Signature { parts: vec![] });
                let diff = a.differences(&b);
                if !diff.is_empty() {
                    return Err(Error::Incomparable(format!(
                        "{} and {} differ in {}",
                        first.strategy,
                        r.strategy,
                        diff.join(", ")
                    )));
                }
                if r.units != first.units {
                    return Err(Error::Incomparable(format!(
                        "{} and {} were scored on different units",
                        first.strategy, r.strategy
                    )));
                }
            }
            let layout = Layout::new(&first.units);
            let samples = bootstrap::samples(&layout, settings);
            // Each strategy's metrics on every resample, once; pairs reuse them.
            let resampled: Vec<bootstrap::Resampled> = ok
                .iter()
                .map(|r| bootstrap::resample(task, &r.unit_counts(), &layout, &samples))
                .collect();
            let mut task_pairs = Vec::new();
            for i in 0..ok.len() {
                for j in i + 1..ok.len() {
                    task_pairs.push(Pair {
                        task,
                        a: ok[i].strategy.clone(),
                        b: ok[j].strategy.clone(),
                        differences: bootstrap::differences(task, &resampled[i], &resampled[j]),
                    });
                }
            }
            // Holm over the pairs of this task, metric by metric.
            for name in bootstrap::all_metric_names(task) {
                let p: Vec<Option<f64>> = task_pairs
                    .iter()
                    .map(|pair| pair.differences.get(&name).and_then(|d| d.p_value))
                    .collect();
                for (pair, adj) in task_pairs.iter_mut().zip(bootstrap::holm(&p)) {
                    if let Some(d) = pair.differences.get_mut(&name) {
                        d.p_holm = adj;
                        d.distinguishable = adj.map(|p| p < ALPHA);
                    }
                }
            }
            pairs.extend(task_pairs);
        }
        Ok(Comparison { results, pairs })
    }

    /// True when some strategy failed.
    pub fn any_failed(&self) -> bool {
        self.results.iter().any(|r| r.failed.is_some())
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned plain-text tables.
    Text,
    /// The stable JSON shape documented in README.md.
    Json,
    /// One CSV row per strategy and metric.
    Csv,
    /// Markdown tables.
    Md,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "md" => Ok(Format::Md),
            _ => Err(format!(
                "unknown format `{s}` (expected text, json, csv or md)"
            )),
        }
    }
}

/// A number with three decimals, or `-` when undefined.
pub fn fmt_value(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

fn fmt_interval(e: &Estimate) -> String {
    fmt_range(e.low, e.high)
}

fn fmt_range(low: Option<f64>, high: Option<f64>) -> String {
    match (low, high) {
        (Some(l), Some(h)) => format!("[{l:.3}, {h:.3}]"),
        _ => "-".to_string(),
    }
}

fn fmt_method(e: &Estimate) -> String {
    match (e.method, e.wilson_n) {
        (Some(IntervalMethod::Wilson), Some(n)) => format!("wilson n={}", fmt_n(n)),
        (Some(m), _) => m.as_str().to_string(),
        (None, _) => "-".to_string(),
    }
}

fn fmt_n(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    }
}

/// How the intervals of a signature were resampled, for the line under a
/// table.
pub(crate) fn unit_line(signature: &str) -> String {
    let sig = Signature::parse(signature);
    let unit = sig
        .as_ref()
        .and_then(|s| s.get("unit")?.parse::<Unit>().ok());
    let bs = sig
        .as_ref()
        .and_then(|s| s.get("bs").map(str::to_owned))
        .unwrap_or_else(|| "?".into());
    let how = match unit {
        Some(Unit::Doc) => "whole documents resampled (clustered bootstrap)",
        Some(Unit::Quote) => "quotes resampled: assumes independent quotes (too narrow when errors repeat within a document)",
        None => "unknown resampling unit",
    };
    format!(
        "95% intervals: {how}, {bs} resamples; percentile intervals, Wilson where a percentile interval would be a point (0, 1, or every resample equal)"
    )
}

/// A table: header and rows of cells, rendered aligned or as Markdown.
pub(crate) struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// How many leading columns are text (left-aligned); the rest are numbers.
    left: usize,
}

impl Table {
    pub(crate) fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            left: 1,
        }
    }
    pub(crate) fn left(mut self, n: usize) -> Self {
        self.left = n;
        self
    }
    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
    pub(crate) fn render(&self, md: bool) -> String {
        let mut out = String::new();
        if md {
            let _ = writeln!(out, "| {} |", self.header.join(" | "));
            let _ = writeln!(
                out,
                "|{}",
                self.header
                    .iter()
                    .enumerate()
                    .map(|(i, _)| if i < self.left { "---|" } else { "---:|" })
                    .collect::<String>()
            );
            for r in &self.rows {
                let _ = writeln!(out, "| {} |", r.join(" | "));
            }
            return out;
        }
        let widths: Vec<usize> = (0..self.header.len())
            .map(|i| {
                std::iter::once(&self.header)
                    .chain(&self.rows)
                    .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for r in std::iter::once(&self.header).chain(&self.rows) {
            let line: Vec<String> = r
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i < self.left {
                        format!("{c:<w$}", w = widths[i])
                    } else {
                        format!("{c:>w$}", w = widths[i])
                    }
                })
                .collect();
            let _ = writeln!(out, "{}", line.join("  ").trim_end());
        }
        out
    }
}

fn breakdown_table(title: &str, task: Task, map: &BTreeMap<String, Breakdown>, md: bool) -> String {
    let shown: Vec<&str> = match task {
        Task::Attribution => vec!["accuracy", "precision", "coverage"],
        Task::EndToEnd => vec!["joint_f1_lenient", "span_f1_strict", "span_f1_lenient"],
    };
    let mut header = vec![title, "gold", "predicted"];
    header.extend(&shown);
    let mut t = Table::new(&header);
    for (k, b) in map {
        let mut row = vec![
            k.clone(),
            b.counts.gold.to_string(),
            b.counts.predicted.to_string(),
        ];
        row.extend(
            shown
                .iter()
                .map(|m| fmt_value(b.metrics.get(*m).copied().flatten())),
        );
        t.row(row);
    }
    t.render(md)
}

fn counts_line(task: Task, c: &Counts, rules: &BTreeMap<String, u64>) -> String {
    let by_rule = MatchRule::ALL
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r.as_str(),
                rules.get(r.as_str()).copied().unwrap_or(0)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let line = match task {
        Task::Attribution => format!(
            "{} quotes: {} correct ({by_rule}), {} incorrect (wrong or ambiguous name), {} unresolved (pronoun or description), {} abstained",
            c.gold, c.correct, c.incorrect, c.unresolved, c.abstained
        ),
        Task::EndToEnd => format!(
            "{} gold, {} predicted: {} correct ({by_rule}), {} incorrect (wrong or ambiguous name), {} unresolved (pronoun or description), {} abstained, {} missed, {} spurious (lenient)",
            c.gold, c.predicted, c.correct, c.incorrect, c.unresolved, c.abstained, c.missed, c.spurious
        ),
    };
    if c.unlinked == 0 {
        return line;
    }
    format!(
        "{line}; {} gold quote(s) with an unknown speaker counted for spans only, left out of speaker scoring ({} of them found)",
        c.unlinked, c.unlinked_matched
    )
}

/// One CSV row per strategy and metric (with the leaderboard rank when
/// `ranked`); a failed strategy gets one row with its reason. The last two
/// columns say how each interval was computed (`percentile` or `wilson`)
/// and, for Wilson, on how many trials.
fn csv_rows(reports: &[Report], ranked: bool) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "strategy",
        "task",
        "metric",
        "value",
        "low",
        "high",
        "signature",
        "failed",
        "ci_method",
        "wilson_n",
    ];
    if ranked {
        header.insert(0, "rank");
    }
    let _ = w.write_record(&header);
    let f = |v: Option<f64>| v.map(|v| format!("{v:.6}")).unwrap_or_default();
    for (i, r) in reports.iter().enumerate() {
        // (metric, value, low, high, failed, method, n)
        let mut rows: Vec<[String; 7]> = r
            .metrics
            .iter()
            .map(|(name, e)| {
                [
                    name.clone(),
                    f(e.value),
                    f(e.low),
                    f(e.high),
                    String::new(),
                    e.method.map(|m| m.as_str().to_string()).unwrap_or_default(),
                    e.wilson_n.map(fmt_n).unwrap_or_default(),
                ]
            })
            .collect();
        if let Some(reason) = &r.failed {
            let mut row: [String; 7] = Default::default();
            row[4] = reason.clone();
            rows = vec![row];
        }
        for [metric, value, low, high, failed, method, n] in rows {
            let mut record = vec![
                r.strategy.clone(),
                r.task.as_str().to_string(),
                metric,
                value,
                low,
                high,
                r.signature.clone(),
                failed,
                method,
                n,
            ];
            if ranked {
                // The leaderboard rank within the report's task.
                let rank = 1 + reports[..i].iter().filter(|x| x.task == r.task).count();
                record.insert(0, rank.to_string());
            }
            let _ = w.write_record(&record);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

impl Report {
    /// Renders in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => serde_json::to_string_pretty(self).unwrap_or_default() + "\n",
            Format::Csv => csv_rows(std::slice::from_ref(self), false),
            Format::Text | Format::Md => {
                let md = format == Format::Md;
                let mut out = String::new();
                let h = if md { "### " } else { "" };
                let _ = writeln!(out, "{h}{} on {}", self.strategy, self.task);
                if let Some(reason) = &self.failed {
                    let _ = writeln!(out, "\nFAILED: {reason}");
                } else {
                    let _ = writeln!(
                        out,
                        "{}",
                        counts_line(self.task, &self.counts, &self.by_rule)
                    );
                    for line in self.notes() {
                        let _ = writeln!(out, "{line}");
                    }
                    out.push('\n');
                    let mut t = Table::new(&["metric", "value", "95% CI", "CI method"]);
                    for name in bootstrap::all_metric_names(self.task) {
                        if let Some(e) = self.metrics.get(&name) {
                            t.row(vec![
                                name.clone(),
                                fmt_value(e.value),
                                fmt_interval(e),
                                fmt_method(e),
                            ]);
                        }
                    }
                    out.push_str(&t.render(md));
                    let _ = writeln!(out, "\n{}", unit_line(&self.signature));
                    for (title, map) in [
                        ("kind", &self.by_kind),
                        ("mention", &self.by_mention),
                        ("document", &self.by_doc),
                    ] {
                        out.push('\n');
                        out.push_str(&breakdown_table(title, self.task, map, md));
                    }
                }
                let _ = writeln!(
                    out,
                    "\n{}",
                    if md {
                        format!("`{}`", self.signature)
                    } else {
                        self.signature.clone()
                    }
                );
                out
            }
        }
    }
}

impl Comparison {
    /// Renders in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => serde_json::to_string_pretty(self).unwrap_or_default() + "\n",
            Format::Csv => csv_rows(&self.results, true),
            Format::Text | Format::Md => {
                let md = format == Format::Md;
                let mut out = String::new();
                for task in Task::ALL {
                    if self.results.iter().any(|r| r.task == task) {
                        if !out.is_empty() {
                            out.push('\n');
                        }
                        out.push_str(&self.render_task(task, md));
                    }
                }
                out
            }
        }
    }

    fn render_task(&self, task: Task, md: bool) -> String {
        let results: Vec<&Report> = self.results.iter().filter(|r| r.task == task).collect();
        let mut out = String::new();
        let h = if md { "### " } else { "" };
        let head = headline(task);
        let corpus = results
            .iter()
            .find_map(|r| Signature::parse(&r.signature))
            .and_then(|s| s.get("corpus").map(str::to_owned));
        match corpus {
            Some(c) => {
                let _ = writeln!(out, "{h}Leaderboard: {task} on {c} (sorted by {head})\n");
            }
            None => {
                let _ = writeln!(out, "{h}Leaderboard: {task} (sorted by {head})\n");
            }
        }
        let docs = results.iter().find(|r| r.failed.is_none()).map(|r| {
            let mut d: Vec<&str> = r.units.iter().map(String::as_str).collect();
            d.sort_unstable();
            d.dedup();
            d.len()
        });
        if let Some(n) = docs.filter(|&n| n < FEW_DOCUMENTS) {
            let _ = writeln!(
                out,
                "Only {n} document{} (fewer than {FEW_DOCUMENTS}): intervals and tests rest on {n} independent unit{}; read them as rough.\n",
                if n == 1 { "" } else { "s" },
                if n == 1 { "" } else { "s" },
            );
        }
        if let Some(u) = results
            .iter()
            .find(|r| r.failed.is_none())
            .map(|r| r.counts.unlinked)
            .filter(|&u| u > 0)
        {
            let _ = writeln!(
                out,
                "{u} gold quote(s) with an unknown speaker: counted for spans, left out of speaker scoring (METHODOLOGY.md).\n"
            );
        }
        let shown: &[&str] = match task {
            Task::Attribution => &["accuracy", "precision", "coverage"],
            Task::EndToEnd => &[
                "joint_f1_lenient",
                "joint_f1_strict",
                "span_f1_lenient",
                "span_f1_strict",
            ],
        };
        let mut header = vec!["rank", "strategy"];
        header.extend(shown);
        header.extend(["incorrect", "unresolved"]);
        let ci = format!("{head} 95% CI");
        header.push(&ci);
        header.push("CI method");
        let mut t = Table::new(&header).left(2);
        for (i, r) in results.iter().enumerate() {
            let mut row = vec![(i + 1).to_string(), r.strategy.clone()];
            if r.failed.is_some() {
                // The reason goes under the table: it would stretch a column.
                row.push("FAILED".into());
                t.row(row);
                continue;
            }
            for m in shown {
                row.push(fmt_value(r.metrics.get(*m).and_then(|e| e.value)));
            }
            row.push(r.counts.incorrect.to_string());
            row.push(r.counts.unresolved.to_string());
            row.push(r.metrics.get(head).map(fmt_interval).unwrap_or_default());
            row.push(r.metrics.get(head).map(fmt_method).unwrap_or_default());
            t.row(row);
        }
        out.push_str(&t.render(md));
        if let Some(r) = results.iter().find(|r| r.failed.is_none()) {
            let _ = writeln!(
                out,
                "\nincorrect: a wrong or ambiguous name; unresolved: a pronoun or a bare description (neither is correct).{}\n{}{}",
                if md { "  " } else { "" },
                unit_line(&r.signature),
                if md { "  " } else { "" },
            );
        }
        let failed: Vec<(&str, &str)> = results
            .iter()
            .filter_map(|r| Some((r.strategy.as_str(), r.failed.as_deref()?)))
            .collect();
        if !failed.is_empty() {
            out.push('\n');
            for (strategy, reason) in failed {
                let _ = writeln!(
                    out,
                    "FAILED {strategy}: {reason}{}",
                    if md { "  " } else { "" }
                );
            }
        }
        let notes: Vec<(String, String)> = results
            .iter()
            .filter(|r| r.failed.is_none())
            .flat_map(|r| r.notes().into_iter().map(|n| (r.strategy.clone(), n)))
            .collect();
        if !notes.is_empty() {
            out.push('\n');
            for (strategy, note) in notes {
                let _ = writeln!(out, "{strategy}: {note}{}", if md { "  " } else { "" });
            }
        }
        let pairs: Vec<&Pair> = self.pairs.iter().filter(|p| p.task == task).collect();
        if !pairs.is_empty() {
            let _ = writeln!(
                out,
                "\n{h}Pairwise differences in {head} (paired bootstrap, Holm-corrected over {} pairs)\n",
                pairs.len()
            );
            let mut t = Table::new(&[
                "a", "b", "a - b", "95% CI", "p", "p (Holm)", "at 0.05", "MDD",
            ])
            .left(2);
            let mut mdds = Vec::new();
            for p in pairs {
                let d = p.differences.get(head);
                if let Some(m) = d.and_then(|d| d.mdd) {
                    mdds.push(m);
                }
                let p3 = |v: Option<f64>| v.map_or("-".into(), |p| format!("{p:.3}"));
                t.row(vec![
                    p.a.clone(),
                    p.b.clone(),
                    d.and_then(|d| d.value)
                        .map_or("-".into(), |v| format!("{v:+.3}")),
                    d.map(|d| fmt_range(d.low, d.high)).unwrap_or_default(),
                    p3(d.and_then(|d| d.p_value)),
                    p3(d.and_then(|d| d.p_holm)),
                    match d.and_then(|d| d.distinguishable) {
                        Some(true) => "distinct".into(),
                        Some(false) => "not distinct".into(),
                        None => "-".into(),
                    },
                    p3(d.and_then(|d| d.mdd)),
                ]);
            }
            out.push_str(&t.render(md));
            mdds.sort_by(f64::total_cmp);
            if let (Some(lo), Some(hi)) = (mdds.first(), mdds.last()) {
                let _ = writeln!(
                    out,
                    "\nMinimum detectable difference in {head} at this corpus size: {lo:.3} to {hi:.3} by pair (MDD = {:.2} x the paired standard error: a two-sided test at 0.05 finds a true difference that large 80% of the time).{}",
                    bootstrap::Z95 + bootstrap::Z80,
                    if md { "  " } else { "" },
                );
            }
        }
        out.push('\n');
        for r in results {
            if md {
                let _ = writeln!(out, "`{}`  ", r.signature);
            } else {
                let _ = writeln!(out, "{}", r.signature);
            }
        }
        out
    }
}

/// Lists every quote the strategy got wrong or abstained on, with context,
/// for `eval --errors`.
pub fn render_errors(report: &Report, texts: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    for o in &report.outcomes {
        if matches!(o.outcome, Verdict::Correct | Verdict::Unlinked) {
            continue;
        }
        let Some(text) = texts.get(&o.doc) else {
            continue;
        };
        if let (Some(reason), Some(quote)) = (&o.ungrounded, &o.quote) {
            let _ = writeln!(
                out,
                "{}: ungrounded (predicted: {}): {reason}\n    {:?}",
                o.doc,
                o.predicted
                    .as_deref()
                    .map_or("-".to_string(), |p| format!("{p:?}")),
                quote
            );
            continue;
        }
        let (s, e) = match (o.start, o.end, o.pred_start, o.pred_end) {
            (Some(s), Some(e), _, _) | (None, None, Some(s), Some(e)) => (s, e),
            _ => continue,
        };
        let quote = text.get(s..e).unwrap_or("");
        let ctx_start = floor_char(text, s.saturating_sub(60));
        let ctx_end = floor_char(text, (e + 60).min(text.len()));
        let before = text.get(ctx_start..s).unwrap_or("").replace('\n', " ");
        let after = text.get(e..ctx_end).unwrap_or("").replace('\n', " ");
        let _ = writeln!(
            out,
            "{}:{}..{}: {} (gold: {}, predicted: {})\n    …{}[{}]{}…",
            o.doc,
            s,
            e,
            o.outcome.as_str(),
            o.gold_speaker.as_deref().unwrap_or("-"),
            o.predicted
                .as_deref()
                .map_or("-".to_string(), |p| format!("{p:?}")),
            before,
            quote.replace('\n', " "),
            after
        );
    }
    out
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
