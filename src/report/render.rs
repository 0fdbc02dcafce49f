//! Rendering results: text and Markdown tables, JSON, CSV and the error
//! listing. Everything here formats what [`Report`] and [`Comparison`]
//! hold and never recomputes a number.

use super::{Breakdown, Comparison, Pair, Report, FEW_DOCUMENTS};
use crate::score::bootstrap::{self, Estimate, IntervalMethod};
use crate::score::randomization::TestMethod;
use crate::score::{headline, Counts, MatchRule, Signature, Task, Unit, Verdict};
use std::collections::BTreeMap;
use std::fmt::Write;

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

/// The `CI method` cell of metric `name`: `percentile`, or Wilson with
/// its trials written so that they can be read: `wilson n=85` (a ratio's
/// denominator), `wilson n=(0+85)/2` (an F1's: predicted plus gold, halved,
/// which is where a fractional n comes from) or `wilson n=5 docs` (a macro
/// metric's documents). [`WILSON_NOTE`] says the same under the table.
fn fmt_method(e: &Estimate, name: &str, c: &Counts) -> String {
    match (e.method, e.wilson_n) {
        (Some(IntervalMethod::Wilson), Some(n)) => {
            if name.starts_with("macro_") {
                return format!("wilson n={} docs", fmt_n(n));
            }
            let f1 = if name.starts_with("joint_") {
                (c.speaker_predicted(), c.speaker_gold())
            } else {
                (c.predicted, c.gold)
            };
            if name.contains("_f1_") && (f1.0 + f1.1) as f64 == 2.0 * n {
                format!("wilson n=({}+{})/2", f1.0, f1.1)
            } else {
                format!("wilson n={}", fmt_n(n))
            }
        }
        (Some(m), _) => m.as_str().to_string(),
        (None, _) => "-".to_string(),
    }
}

/// The line under a table that shows a Wilson interval: what its n is.
const WILSON_NOTE: &str = "wilson n: the trials a Wilson interval rests on: the ratio's denominator; for an F1, (predicted + gold) / 2, as F1 = TP / ((predicted + gold) / 2); for a macro metric, the documents where it is defined.";

/// True when one of `estimates` is a Wilson interval.
fn any_wilson<'a>(estimates: impl IntoIterator<Item = &'a Estimate>) -> bool {
    estimates
        .into_iter()
        .any(|e| e.method == Some(IntervalMethod::Wilson))
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
                                fmt_method(e, &name, &self.counts),
                            ]);
                        }
                    }
                    out.push_str(&t.render(md));
                    let _ = writeln!(out, "\n{}", unit_line(&self.signature));
                    if any_wilson(self.metrics.values()) {
                        let _ = writeln!(out, "{WILSON_NOTE}");
                    }
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
            row.push(
                r.metrics
                    .get(head)
                    .map(|e| fmt_method(e, head, &r.counts))
                    .unwrap_or_default(),
            );
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
            let shown = results
                .iter()
                .filter(|r| r.failed.is_none())
                .filter_map(|r| r.metrics.get(head));
            if any_wilson(shown) {
                let _ = writeln!(out, "{WILSON_NOTE}{}", if md { "  " } else { "" });
            }
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
                "\n{h}Pairwise differences in {head} (95% CI: paired bootstrap; p: paired randomization test, Holm-corrected over {} pairs)\n",
                pairs.len()
            );
            let mut t = Table::new(&[
                "a", "b", "a - b", "95% CI", "p", "test", "p (Holm)", "at 0.05", "MDD",
            ])
            .left(2);
            let mut mdds = Vec::new();
            let mut tests: Vec<String> = Vec::new();
            let mut exact_tested = false;
            // The fewest random assignments of a Monte Carlo test.
            let mut drawn: Option<u64> = None;
            for p in pairs {
                let d = p.differences.get(head);
                if let Some(m) = d.and_then(|d| d.mdd) {
                    mdds.push(m);
                }
                let test = d.and_then(|d| d.test.as_ref());
                match test {
                    Some(t) if t.method == TestMethod::Exact => exact_tested = true,
                    Some(t) => drawn = Some(drawn.map_or(t.assignments, |d| d.min(t.assignments))),
                    None => {}
                }
                if let Some(t) = test {
                    let line = t.describe();
                    if !tests.contains(&line) {
                        tests.push(line);
                    }
                }
                let p3 = |v: Option<f64>| v.map_or("-".into(), |p| format!("{p:.3}"));
                t.row(vec![
                    p.a.clone(),
                    p.b.clone(),
                    d.and_then(|d| d.value)
                        .map_or("-".into(), |v| format!("{v:+.3}")),
                    d.map(|d| fmt_range(d.low, d.high)).unwrap_or_default(),
                    p3(d.and_then(|d| d.p_value)),
                    test.map_or("-".into(), |t| t.short()),
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
            out.push('\n');
            for line in &tests {
                let _ = writeln!(out, "p: {line}.{}", if md { "  " } else { "" });
            }
            // Each test's floor, said only for the tests that were used.
            if let Some(r) = drawn {
                let _ = writeln!(
                    out,
                    "The Monte Carlo test's p-value is (1 + swaps at least as extreme) / (1 + swaps drawn): with {r} drawn it cannot go below 1/{} = {:.4}.{}",
                    r + 1,
                    1.0 / (r as f64 + 1.0),
                    if md { "  " } else { "" },
                );
            }
            if exact_tested {
                let _ = writeln!(
                    out,
                    "The exact test enumerates every way of swapping the two strategies' counts within the units where they differ; its two-sided p-value cannot go below 2/2^n on n such units.{}",
                    if md { "  " } else { "" },
                );
            }
            mdds.sort_by(f64::total_cmp);
            if let (Some(lo), Some(hi)) = (mdds.first(), mdds.last()) {
                let _ = writeln!(
                    out,
                    "Minimum detectable difference in {head} at this corpus size: {lo:.3} to {hi:.3} by pair (MDD = {:.2} x the paired standard error: a two-sided test at 0.05 finds a true difference that large 80% of the time).{}",
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
