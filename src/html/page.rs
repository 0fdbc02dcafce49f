//! The report's server-rendered sections: header, leaderboards with their
//! interval charts and pairwise verdicts, throughput, slice tables, and the
//! empty frame the error browser's script fills.

use super::{charts, esc, ReportPage};
use crate::report::{fmt_value, Breakdown, Comparison, Pair, Report};
use crate::score::bootstrap::{Difference, Estimate, IntervalMethod};
use crate::score::{headline, Signature, Task};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The metrics a leaderboard shows, headline first.
pub(crate) fn shown(task: Task) -> &'static [&'static str] {
    match task {
        Task::Attribution => &["accuracy", "precision", "coverage"],
        Task::EndToEnd => &[
            "joint_f1_lenient",
            "joint_f1_strict",
            "span_f1_lenient",
            "span_f1_strict",
        ],
    }
}

fn of_task(c: &Comparison, task: Task) -> Vec<&Report> {
    c.results.iter().filter(|r| r.task == task).collect()
}

/// The signature with the strategy part as `*`: what every row shares.
fn shared_signature(reports: &[&Report]) -> Option<String> {
    let first = reports.iter().find(|r| r.failed.is_none())?;
    let mut sig = Signature::parse(&first.signature)?;
    for part in &mut sig.parts {
        if part.0 == "strategy" {
            part.1 = "*".into();
        }
    }
    Some(sig.to_string())
}

pub(crate) fn header(out: &mut String, page: &ReportPage<'_>) {
    let c = page.corpus;
    let _ = write!(
        out,
        "<header><h1>quotebench report</h1>\n<p class=\"corpus\">corpus <b id=\"corpus-name\">{}</b>: {} documents, {} gold quotes, {} speakers, {} bytes; gold hash <code>{}</code></p>\n",
        esc(page.corpus_label),
        c.docs.len(),
        c.quotes.len(),
        c.speakers.len(),
        c.total_bytes(),
        esc(&c.hash)
    );
    if page.held_out {
        out.push_str("<p class=\"note held-out\"><b>Held-out text:</b> this corpus includes a part strategies must not be tuned on (dev-test). Read its errors to report, not to tune.</p>\n");
    }
    out.push_str("<nav><a href=\"#leaderboards\">leaderboards</a> · <a href=\"#speed\">accuracy and speed</a> · <a href=\"#slices\">slices</a> · <a href=\"#browser\">error browser</a> · <a href=\"#diff\">diff</a></nav>\n</header>\n");
}

/// A value with its interval; a Wilson interval is marked W, its method
/// and trials in the tooltip.
fn cell(e: Option<&Estimate>) -> String {
    let Some(e) = e else {
        return "<td class=\"num\">-</td>".into();
    };
    let ci = match (e.low, e.high) {
        (Some(l), Some(h)) => {
            let (mark, how) = match (e.method, e.wilson_n) {
                // Only an F1's trials, (predicted + gold) / 2, can be a half.
                (Some(IntervalMethod::Wilson), Some(n)) if n.fract() != 0.0 => (
                    "<sup>W</sup>",
                    format!("Wilson interval on {n} trials: an F1's, (predicted + gold) / 2"),
                ),
                (Some(IntervalMethod::Wilson), Some(n)) => {
                    ("<sup>W</sup>", format!("Wilson interval on {n} trials"))
                }
                (Some(IntervalMethod::Wilson), None) => ("<sup>W</sup>", "Wilson interval".into()),
                (Some(m), _) => ("", format!("{} interval", m.as_str())),
                (None, _) => ("", "interval".into()),
            };
            format!(" <span class=\"ci\" title=\"{how}\">[{l:.3}, {h:.3}]{mark}</span>")
        }
        _ => String::new(),
    };
    format!("<td class=\"num\">{}{ci}</td>", fmt_value(e.value))
}

/// The end-to-end, ungrounded and skipped counts of a leaderboard row.
fn extra_counts(r: &Report) -> String {
    let k = &r.counts;
    let mut out = String::new();
    if r.task == Task::EndToEnd {
        let _ = write!(out, " · {} missed · {} spurious", k.missed, k.spurious);
    }
    if let Some(u) = r.ungrounded.as_ref().filter(|u| u.count > 0) {
        let _ = write!(
            out,
            " · {} of {} quotes given by their words ungrounded (not in the browser: they have no place in the text)",
            u.count, u.by_text
        );
    }
    if !r.skipped.is_empty() {
        let list: Vec<String> = r
            .skipped
            .iter()
            .map(|(d, why)| format!("{d}: {why}"))
            .collect();
        let _ = write!(
            out,
            " · <span title=\"{}\">{} documents skipped</span>",
            esc(&list.join("; ")),
            r.skipped.len()
        );
    }
    out
}

/// What a pairwise difference says: Holm-corrected when the comparison
/// carries the correction, else from the interval.
pub(crate) fn verdict(p: &Pair, d: Option<&Difference>) -> String {
    let ahead = match d.and_then(|d| d.value) {
        Some(v) if v > 0.0 => p.a.as_str(),
        Some(v) if v < 0.0 => p.b.as_str(),
        _ => "neither",
    };
    match (
        d.and_then(|d| d.distinguishable),
        d.map(|d| (d.low, d.high)),
    ) {
        (Some(true), _) => format!("{ahead} better (distinct after Holm)"),
        (Some(false), _) => "not distinguishable after Holm".into(),
        (None, Some((Some(l), _))) if l > 0.0 => format!("{} better", p.a),
        (None, Some((_, Some(h)))) if h < 0.0 => format!("{} better", p.b),
        (None, Some((Some(_), Some(_)))) => "no clear difference".into(),
        _ => "-".into(),
    }
}

pub(crate) fn leaderboards(out: &mut String, c: &Comparison) {
    out.push_str("<section id=\"leaderboards\">\n");
    for task in Task::ALL {
        let reports = of_task(c, task);
        if reports.is_empty() {
            continue;
        }
        let head = headline(task);
        let metrics = shown(task);
        let _ = writeln!(
            out,
            "<h2 id=\"lb-{task}\">Leaderboard: {task} <small>sorted by {head}, 95% intervals</small></h2>"
        );
        let _ = write!(
            out,
            "<table class=\"lb\" data-task=\"{task}\"><thead><tr><th>rank</th><th>strategy</th>"
        );
        for m in metrics {
            let _ = write!(out, "<th>{m}</th>");
        }
        out.push_str("<th>counts</th></tr></thead>\n<tbody>\n");
        for (i, r) in reports.iter().enumerate() {
            let _ = write!(
                out,
                "<tr class=\"lb-row\" data-strategy=\"{}\"><td class=\"num\">{}</td><td class=\"name\">{}</td>",
                esc(&r.strategy),
                i + 1,
                esc(&r.strategy)
            );
            if let Some(reason) = &r.failed {
                let _ = writeln!(
                    out,
                    "<td colspan=\"{}\" class=\"failed\">FAILED: {}</td></tr>",
                    metrics.len() + 1,
                    esc(reason)
                );
                continue;
            }
            for m in metrics {
                out.push_str(&cell(r.metrics.get(*m)));
            }
            let k = &r.counts;
            let _ = writeln!(
                out,
                "<td class=\"counts\">{} gold · {} correct · {} incorrect · {} unresolved · {} abstained{}</td></tr>",
                k.gold,
                k.correct,
                k.incorrect,
                k.unresolved,
                k.abstained,
                extra_counts(r)
            );
        }
        out.push_str("</tbody></table>\n");
        if let Some(svg) = charts::intervals(&reports, metrics) {
            let _ = writeln!(
                out,
                "<figure class=\"chart\">{svg}<figcaption>Each metric's value (dot) and 95% interval (bar); best first.</figcaption></figure>"
            );
        }
        if let Some(sig) = shared_signature(&reports) {
            let _ = writeln!(
                out,
                "<p class=\"sig\">signature <code>{}</code></p>\n<p class=\"note\">{}; <sup>W</sup> marks a Wilson interval.</p>",
                esc(&sig),
                esc(&crate::report::unit_line(&sig))
            );
        }
        out.push_str("<details><summary>every signature</summary><ul class=\"sigs\">");
        for r in &reports {
            let _ = write!(out, "<li><code>{}</code></li>", esc(&r.signature));
        }
        out.push_str("</ul></details>\n");
        let pairs: Vec<&Pair> = c.pairs.iter().filter(|p| p.task == task).collect();
        if !pairs.is_empty() {
            let _ = writeln!(
                out,
                "<h3>Pairwise verdicts on {head} (interval: paired bootstrap; p: paired randomization test, Holm-corrected over {} pairs)</h3>\n<table class=\"pairs\"><thead><tr><th>a</th><th>b</th><th>a − b</th><th>95% interval</th><th>p</th><th>p (Holm)</th><th>MDD</th><th>verdict</th></tr></thead><tbody>",
                pairs.len()
            );
            for p in pairs {
                let d = p.differences.get(head);
                let _ = writeln!(
                    out,
                    "<tr class=\"pair-row\"><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\" title=\"{}\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    esc(&p.a),
                    esc(&p.b),
                    d.and_then(|d| d.value).map_or("-".into(), |v| format!("{v:+.3}")),
                    match d.map(|d| (d.low, d.high)) {
                        Some((Some(l), Some(h))) => format!("[{l:+.3}, {h:+.3}]"),
                        _ => "-".into(),
                    },
                    esc(&d.and_then(|d| d.test.as_ref()).map_or(String::new(), |t| t.describe())),
                    d.and_then(|d| d.p_value).map_or("-".into(), |v| format!("{v:.3}")),
                    d.and_then(|d| d.p_holm).map_or("-".into(), |v| format!("{v:.3}")),
                    d.and_then(|d| d.mdd).map_or("-".into(), |v| format!("{v:.3}")),
                    esc(&verdict(p, d))
                );
            }
            out.push_str("</tbody></table>\n");
        }
    }
    out.push_str("</section>\n");
}

pub(crate) fn speed(out: &mut String, c: &Comparison) {
    out.push_str("<section id=\"speed\"><h2>Accuracy and speed</h2>\n");
    let timed: Vec<&Report> = c.results.iter().filter(|r| r.timing.is_some()).collect();
    let Some(machine) = timed.iter().find_map(|r| r.timing.as_ref()) else {
        out.push_str("<p class=\"note\">No timing in these results: run <code>quotebench report --timing 5</code> (or <code>compare --timing 5 --format json</code>) to measure each strategy's throughput.</p>\n</section>\n");
        return;
    };
    let _ = writeln!(
        out,
        "<p>Wall time of each strategy over the whole corpus, best of {} runs, on {} ({} cores). Built-ins run in this process; <code>exec:</code> plugins are timed with their process start and protocol. Not a score: not in the signature.</p>",
        machine.runs,
        esc(&machine.cpu),
        machine.cores
    );
    for task in Task::ALL {
        let reports: Vec<&Report> = timed.iter().copied().filter(|r| r.task == task).collect();
        if reports.is_empty() {
            continue;
        }
        if let Some(svg) = charts::speed(task, &reports) {
            let _ = writeln!(out, "<figure class=\"chart\">{svg}</figure>");
        }
        let _ = writeln!(
            out,
            "<table class=\"timing\"><thead><tr><th>strategy ({task})</th><th>MB/s</th><th>best seconds</th><th>runs</th><th>bytes</th><th>timed</th></tr></thead><tbody>"
        );
        for r in reports {
            if let Some(t) = &r.timing {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"num\">{:.2}</td><td class=\"num\">{:.6}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    esc(&r.strategy),
                    t.mb_per_s,
                    t.seconds,
                    t.runs,
                    t.bytes,
                    esc(&t.what)
                );
            }
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
}

fn slice_table(
    out: &mut String,
    title: &str,
    task: Task,
    reports: &[&Report],
    get: impl Fn(&Report) -> &BTreeMap<String, Breakdown>,
) {
    let head = headline(task);
    let keys: BTreeSet<&String> = reports.iter().flat_map(|r| get(r).keys()).collect();
    if keys.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<table class=\"slice\"><caption>{task}: {head} by {title}</caption><thead><tr><th>{title}</th><th>gold</th>"
    );
    for r in reports {
        let _ = write!(out, "<th>{}</th>", esc(&r.strategy));
    }
    out.push_str("</tr></thead><tbody>\n");
    for k in keys {
        let gold = reports
            .iter()
            .find_map(|r| get(r).get(k))
            .map_or(0, |b| b.counts.gold);
        let _ = write!(out, "<tr><td>{}</td><td class=\"num\">{gold}</td>", esc(k));
        for r in reports {
            let v = get(r)
                .get(k)
                .and_then(|b| b.metrics.get(head).copied().flatten());
            match v {
                Some(v) => {
                    let _ = write!(
                        out,
                        "<td class=\"bar\"><span class=\"track\"><span class=\"fill\" style=\"width:{:.1}%\"></span></span> {v:.3}</td>",
                        (v * 100.0).clamp(0.0, 100.0)
                    );
                }
                None => out.push_str("<td class=\"num\">-</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

pub(crate) fn slices(out: &mut String, c: &Comparison) {
    out.push_str("<section id=\"slices\"><h2>Slices</h2>\n");
    for task in Task::ALL {
        let reports: Vec<&Report> = of_task(c, task)
            .into_iter()
            .filter(|r| r.failed.is_none())
            .collect();
        if reports.is_empty() {
            continue;
        }
        out.push_str("<div class=\"slices\">");
        slice_table(out, "kind", task, &reports, |r| &r.by_kind);
        slice_table(out, "mention type", task, &reports, |r| &r.by_mention);
        slice_table(out, "document", task, &reports, |r| &r.by_doc);
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
}

/// The error browser and diff frames; the script fills them.
pub(crate) fn browser(out: &mut String) {
    out.push_str(concat!(
        "<section id=\"browser\"><h2>Error browser</h2>\n",
        "<noscript><p class=\"note\">The error browser and the diff need JavaScript; everything above does not.</p></noscript>\n",
        "<div class=\"controls\">",
        "<label>task <select id=\"f-task\"></select></label> ",
        "<label>strategy <select id=\"f-strategy\"></select></label> ",
        "<label>outcome <select id=\"f-outcome\"></select></label> ",
        "<label>kind <select id=\"f-kind\"></select></label> ",
        "<label>document <select id=\"f-doc\"></select></label> ",
        "<button type=\"button\" id=\"prev-error\">previous error (p)</button> ",
        "<button type=\"button\" id=\"next-error\">next error (n)</button> ",
        "<a id=\"permalink\" href=\"#\">link to this view</a></div>\n",
        "<div class=\"legend\" id=\"legend\"></div>\n",
        "<p id=\"summary\" aria-live=\"polite\"></p>\n",
        "<div class=\"browse\"><div id=\"docs\"></div>",
        "<aside id=\"details\" aria-live=\"polite\"><p>Hover over or focus (Tab, n, p) a marked quote to see its gold speaker, the predicted name and the matching rule.</p></aside></div>\n",
        "<details open><summary>the quotes shown</summary><table id=\"quotes\"><thead><tr><th>document</th><th>kind</th><th>outcome</th><th>gold speaker</th><th>predicted</th><th>rule</th><th>text</th></tr></thead><tbody></tbody></table></details>\n",
        "</section>\n",
        "<section id=\"diff\"><h2>Diff of two runs</h2>\n",
        "<p>Quotes one run gets right and the other does not, on the browser's task. Give <code>--baseline scores/baseline.json</code> to compare with the committed baseline.</p>\n",
        "<div class=\"controls\"><label>A <select id=\"d-a\"></select></label> <label>B <select id=\"d-b\"></select></label></div>\n",
        "<p id=\"diff-summary\"></p>\n",
        "<table id=\"diff-table\"><thead><tr><th>document</th><th>change</th><th>gold speaker</th><th>A</th><th>B</th><th>text</th></tr></thead><tbody></tbody></table>\n",
        "</section>\n",
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wilson(n: f64) -> Estimate {
        Estimate {
            value: Some(0.0),
            low: Some(0.0),
            high: Some(0.015),
            method: Some(IntervalMethod::Wilson),
            wilson_n: Some(n),
        }
    }

    #[test]
    fn a_wilson_tooltip_says_where_a_half_trial_comes_from() {
        assert!(cell(Some(&wilson(495.0))).contains("title=\"Wilson interval on 495 trials\""));
        assert!(cell(Some(&wilson(247.5))).contains(
            "title=\"Wilson interval on 247.5 trials: an F1's, (predicted + gold) / 2\""
        ));
    }
}
