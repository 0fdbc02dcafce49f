//! `check --format html`: the baseline diff as a page for CI artifacts,
//! one section per corpus part: the verdict, signature changes, every
//! metric, and each quote fixed, broken or still wrong with its text (for a
//! held-out part only their counts per strategy, as in the text output, so
//! that its text does not leak). No script.

use super::{document, esc};
use crate::baseline::{Check, Movement, QuoteMovement, QuoteState};
use crate::report::fmt_value;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

fn movement(m: Movement) -> &'static str {
    match m {
        Movement::Same => "same",
        Movement::Improved => "improved",
        Movement::FellWithinTolerance => "fell within tolerance",
        Movement::Fell => "fell",
    }
}

fn quote_movement(m: QuoteMovement) -> &'static str {
    match m {
        QuoteMovement::Fixed => "fixed",
        QuoteMovement::Broke => "broke",
        QuoteMovement::StillWrong => "still wrong",
    }
}

fn state(s: &Option<QuoteState>) -> String {
    match s {
        None => "-".into(),
        Some(s) => {
            let v = serde_json::to_value(s.outcome)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            match &s.predicted {
                Some(p) => format!("{} ({})", esc(&v), esc(p)),
                None => esc(&v).into_owned(),
            }
        }
    }
}

/// One corpus part's check, for [`check`].
#[derive(Debug, Clone, Copy)]
pub struct CheckPart<'a> {
    /// The part's name (`seeds`, `dev-train`, …).
    pub corpus: &'a str,
    /// The baseline it was checked against.
    pub baseline: &'a Path,
    /// What the check found.
    pub check: &'a Check,
    /// A held-out part: count quotes per strategy, never show one.
    pub held_out: bool,
}

/// Every part's check as one page.
pub fn check(parts: &[CheckPart<'_>]) -> String {
    let mut b = String::new();
    let passed = parts.iter().all(|p| p.check.passed);
    let _ = writeln!(
        b,
        "<header><h1>quotebench check</h1><p id=\"verdict\" class=\"verdict {}\">{}</p></header>",
        if passed { "pass" } else { "fail" },
        if passed {
            "PASSED: no metric fell, every signature matches"
        } else {
            "FAILED: see below"
        }
    );
    for p in parts {
        part(&mut b, p);
    }
    document("quotebench check", &b, None)
}

fn part(b: &mut String, p: &CheckPart<'_>) {
    let check = p.check;
    let _ = writeln!(
        b,
        "<section class=\"part\" data-corpus=\"{}\"><h2>corpus {} <small class=\"verdict {}\">{}</small></h2><p class=\"corpus\">against <code>{}</code> (tolerance {})</p>",
        esc(p.corpus),
        esc(p.corpus),
        if check.passed { "pass" } else { "fail" },
        if check.passed { "passed" } else { "failed" },
        esc(&p.baseline.display().to_string()),
        check.tolerance
    );
    for (title, list) in [
        ("Gone", &check.gone),
        ("Failed to run", &check.failures),
        ("Not tracked yet", &check.untracked),
    ] {
        if !list.is_empty() {
            let _ = write!(b, "<h3>{title}</h3><ul>");
            for l in list {
                let _ = write!(b, "<li>{}</li>", esc(l));
            }
            b.push_str("</ul>\n");
        }
    }
    if !check.signatures.is_empty() {
        b.push_str("<h3>Signature changes</h3><ul>");
        for s in &check.signatures {
            let _ = write!(
                b,
                "<li>{} on {}: {}</li>",
                esc(&s.strategy),
                s.task,
                esc(&s.differences.join("; "))
            );
        }
        b.push_str("</ul>\n");
    }
    b.push_str("<h3>Metrics</h3>\n<table class=\"check-metrics\"><thead><tr><th>strategy</th><th>task</th><th>metric</th><th>baseline</th><th>now</th><th>change</th><th>movement</th></tr></thead><tbody>\n");
    for m in &check.metrics {
        let _ = writeln!(
            b,
            "<tr class=\"m-{}{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            movement(m.movement).replace(' ', "-"),
            if m.headline { " headline" } else { "" },
            esc(&m.strategy),
            m.task,
            esc(&m.metric),
            fmt_value(m.baseline),
            fmt_value(m.now),
            m.change.map_or("-".into(), |c| format!("{c:+.3}")),
            movement(m.movement)
        );
    }
    b.push_str("</tbody></table>\n");
    let count = |q: QuoteMovement| check.quotes.iter().filter(|x| x.movement == q).count();
    let _ = writeln!(
        b,
        "<h3>Quotes</h3><p>{} fixed, {} broke, {} still wrong.</p>",
        count(QuoteMovement::Fixed),
        count(QuoteMovement::Broke),
        count(QuoteMovement::StillWrong)
    );
    if p.held_out {
        b.push_str("<p class=\"note\">A held-out part: quotes are counted per strategy, never shown.</p>\n<table class=\"check-counts\"><thead><tr><th>strategy</th><th>task</th><th>fixed</th><th>broke</th><th>still wrong</th></tr></thead><tbody>\n");
        let mut by: BTreeMap<(&str, &str), [usize; 3]> = BTreeMap::new();
        for q in &check.quotes {
            let slot = by
                .entry((q.strategy.as_str(), q.task.as_str()))
                .or_default();
            slot[match q.movement {
                QuoteMovement::Fixed => 0,
                QuoteMovement::Broke => 1,
                QuoteMovement::StillWrong => 2,
            }] += 1;
        }
        for ((s, t), [f, br, w]) in by {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td>{t}</td><td class=\"num\">{f}</td><td class=\"num\">{br}</td><td class=\"num\">{w}</td></tr>",
                esc(s)
            );
        }
        b.push_str("</tbody></table></section>\n");
        return;
    }
    b.push_str("<table class=\"check-quotes\"><thead><tr><th>movement</th><th>strategy</th><th>task</th><th>document</th><th>span</th><th>gold speaker</th><th>baseline</th><th>now</th><th>text</th></tr></thead><tbody>\n");
    let mut quotes: Vec<_> = check.quotes.iter().collect();
    // Fixed and broken first: they are what changed.
    quotes.sort_by_key(|q| q.movement == QuoteMovement::StillWrong);
    for q in quotes {
        let _ = writeln!(
            b,
            "<tr class=\"q-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}..{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"snip\">{}</td></tr>",
            quote_movement(q.movement).replace(' ', "-"),
            quote_movement(q.movement),
            esc(&q.strategy),
            q.task,
            esc(&q.doc),
            q.start,
            q.end,
            esc(q.gold_speaker.as_deref().unwrap_or("-")),
            state(&q.before),
            state(&q.now),
            esc(&q.snippet)
        );
    }
    b.push_str("</tbody></table></section>\n");
}
