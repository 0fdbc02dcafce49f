//! Results, computed once and rendered many ways. A [`Report`] holds one
//! strategy's scores on one task; a [`Comparison`] holds several with their
//! pairwise differences. Renderers (text, JSON, CSV, Markdown) only format:
//! they never recompute.

mod render;

pub use render::{fmt_value, render_errors, Format};
pub(crate) use render::{unit_line, Table};

use crate::error::{Error, Result};
use crate::score::bootstrap::{self, Difference, Estimate, Layout};
use crate::score::randomization;
use crate::score::{headline, Counts, MatchRule, Outcome, Scored, Settings, Signature, Task, Unit};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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

/// The leaderboard order of reports: by task, scored before failed, best
/// headline first, then by strategy name.
pub(crate) fn leaderboard_order(x: &Report, y: &Report) -> std::cmp::Ordering {
    let key = |r: &Report| (r.task, r.failed.is_some(), r.headline().map(|v| -v));
    key(x)
        .partial_cmp(&key(y))
        .unwrap_or(std::cmp::Ordering::Equal)
        .then_with(|| x.strategy.cmp(&y.strategy))
}

impl Comparison {
    /// Compares reports made with the same gold set and settings. Refuses,
    /// with the reason, reports whose signatures differ in anything but the
    /// strategy.
    pub fn new(mut results: Vec<Report>, settings: &Settings) -> Result<Comparison> {
        results.sort_by(leaderboard_order);
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
            let counts: Vec<Vec<Counts>> = ok.iter().map(|r| r.unit_counts()).collect();
            // Each strategy's metrics on every resample, once; pairs reuse them.
            let resampled: Vec<bootstrap::Resampled> = counts
                .iter()
                .map(|c| bootstrap::resample(task, c, &layout, &samples))
                .collect();
            // The randomization test's draws, shared by every pair (used
            // only where too many units differ to enumerate them all).
            let n_units = match settings.unit {
                Unit::Doc => layout.docs,
                Unit::Quote => layout.doc_of.len(),
            };
            let draws = randomization::Draws::new(n_units, settings);
            let mut task_pairs = Vec::new();
            for i in 0..ok.len() {
                for j in i + 1..ok.len() {
                    let mut differences =
                        bootstrap::differences(task, &resampled[i], &resampled[j]);
                    let (p, used) = randomization::p_values(
                        task, &counts[i], &counts[j], &layout, settings, &draws,
                    );
                    for (name, p) in bootstrap::all_metric_names(task).into_iter().zip(p) {
                        if let Some(d) = differences.get_mut(&name) {
                            d.p_value = p;
                            d.test = Some(used.clone());
                        }
                    }
                    task_pairs.push(Pair {
                        task,
                        a: ok[i].strategy.clone(),
                        b: ok[j].strategy.clone(),
                        differences,
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
