//! How a [`Check`] reads: the verdict line and the text, Markdown or JSON
//! rendering that `quotebench check` prints (per-metric arrows, signature
//! differences with what their key means, fixed and broken quotes).

use super::{Check, MetricChange, Movement, QuoteChange, QuoteMovement, QuoteState};
use crate::report::{fmt_value, Format, Table};
use crate::score::Task;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

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

        let moved = |movement: Movement| -> Vec<String> {
            self.metrics
                .iter()
                .filter(|m| m.movement == movement)
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
                .collect()
        };
        let fell = moved(Movement::Fell);
        list(&mut out, "Fell".into(), &fell);
        let improved = moved(Movement::Improved);
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
