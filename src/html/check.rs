//! `check --format html`: the baseline diff as a page for CI artifacts:
//! the verdict, signature changes, every metric that moved, and each quote
//! fixed, broken or still wrong with its text. No script.

use super::{document, esc};
use crate::baseline::{Check, Movement, QuoteMovement, QuoteState};
use crate::report::fmt_value;
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

/// The check as a page; `corpus_label` and `baseline` name what was compared.
pub fn check(check: &Check, corpus_label: &str, baseline: &Path) -> String {
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<header><h1>quotebench check</h1><p class=\"corpus\">corpus <b>{}</b> against <code>{}</code> (tolerance {})</p></header>",
        esc(corpus_label),
        esc(&baseline.display().to_string()),
        check.tolerance
    );
    let _ = writeln!(
        b,
        "<p id=\"verdict\" class=\"verdict {}\">{}</p>",
        if check.passed { "pass" } else { "fail" },
        if check.passed {
            "PASSED: no metric fell, every signature matches"
        } else {
            "FAILED: see below"
        }
    );
    for (title, list) in [
        ("Gone", &check.gone),
        ("Failed to run", &check.failures),
        ("Not tracked yet", &check.untracked),
    ] {
        if !list.is_empty() {
            let _ = write!(b, "<h2>{title}</h2><ul>");
            for l in list {
                let _ = write!(b, "<li>{}</li>", esc(l));
            }
            b.push_str("</ul>\n");
        }
    }
    if !check.signatures.is_empty() {
        b.push_str("<h2>Signature changes</h2><ul>");
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
    b.push_str("<h2>Metrics</h2>\n<table class=\"check-metrics\"><thead><tr><th>strategy</th><th>task</th><th>metric</th><th>baseline</th><th>now</th><th>change</th><th>movement</th></tr></thead><tbody>\n");
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
        "<h2>Quotes</h2><p>{} fixed, {} broke, {} still wrong.</p>",
        count(QuoteMovement::Fixed),
        count(QuoteMovement::Broke),
        count(QuoteMovement::StillWrong)
    );
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
    b.push_str("</tbody></table>\n");
    document("quotebench check", &b, None)
}
