//! `quotebench compare`: a leaderboard of strategies with intervals and
//! paired differences, from fresh runs (built-ins, `exec:` plugins and
//! `--predictions` files) or from saved results. A strategy that fails is
//! ranked last as FAILED with its reason, the others still report, and the
//! exit code is 1. `--timing N` also measures each strategy's throughput.

use crate::cli::{CompareArgs, Sources};
use crate::runner::Entry;
use anyhow::{Context, Result};
use quotebench::gold::Corpus;
use quotebench::report::{Comparison, Format, Report};
use quotebench::score::{Settings, Signature, Task};
use std::path::Path;

pub fn run(args: CompareArgs) -> Result<u8> {
    let format: Format = args.output.format.parse().map_err(anyhow::Error::msg)?;
    let (comparison, _) = comparison(&args.sources)?;
    crate::emit(&comparison.render(format), args.output.output.as_deref())?;
    Ok(if comparison.any_failed() { 1 } else { 0 })
}

/// Reads saved results: an `eval --format json` report, or every report of
/// a `compare --format json` comparison (a baseline is one).
pub fn load_results(path: &Path) -> Result<Vec<Report>> {
    match Report::load(path) {
        Ok(r) => Ok(vec![r]),
        Err(as_report) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            match serde_json::from_slice::<Comparison>(&bytes) {
                Ok(c) => Ok(c.results),
                // Not a comparison either: the report's message says more.
                Err(_) => Err(as_report.into()),
            }
        }
    }
}

/// Scores what `sources` names (or reads it) and compares. Returns the
/// corpus too when strategies were run on it.
pub fn comparison(sources: &Sources) -> Result<(Comparison, Option<Corpus>)> {
    let (reports, settings, corpus) = reports(sources)?;
    Ok((Comparison::new(reports, &settings)?, corpus))
}

fn reports(args: &Sources) -> Result<(Vec<Report>, Settings, Option<Corpus>)> {
    let mut settings = crate::settings(&args.scoring)?;
    let task: Option<Task> = args
        .task
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    if !args.results.is_empty() {
        if !args.strategies.is_empty() || args.builtins || !args.predictions.is_empty() {
            anyhow::bail!("give saved results or --strategy/--builtins/--predictions, not both");
        }
        if args.timing.is_some() {
            anyhow::bail!(
                "--timing measures strategies as they run; saved results keep the timing they were saved with"
            );
        }
        let mut reports = Vec::new();
        for path in &args.results {
            for r in load_results(path)? {
                if task.is_none_or(|t| t == r.task) {
                    reports.push(r);
                }
            }
        }
        // Saved results carry their settings in their signatures; the
        // paired bootstrap must redraw exactly their resamples.
        if let Some(first) = reports.iter().find(|r| r.failed.is_none()) {
            settings = first.settings().with_context(|| {
                format!(
                    "cannot read the settings in signature `{}`",
                    first.signature
                )
            })?;
        }
        return Ok((reports, settings, None));
    }
    if !args.predictions.is_empty() && task.is_none() {
        anyhow::bail!(
            "--predictions needs --task attribution or --task end-to-end: a prediction file is made for one task"
        );
    }
    if args.timing == Some(0) {
        anyhow::bail!("--timing 0: give the number of runs to take the best of (at least 1)");
    }
    let options = crate::runner::options(&args.plugin)?;
    let mut names = args.strategies.clone();
    if args.builtins || names.is_empty() {
        for b in quotebench::strategy::names() {
            if !names.contains(&b) {
                names.push(b);
            }
        }
    }
    // A plugin whose command line cannot be split is a failed row, like
    // any other plugin failure; an unknown built-in name is a usage error.
    let mut entries = Vec::new();
    for n in &names {
        match Entry::strategy(n) {
            Ok(e) => entries.push(e),
            Err(err @ quotebench::Error::Plugin { .. }) => entries.push(Entry::Broken(err)),
            Err(err) => return Err(err.into()),
        }
    }
    entries.extend(args.predictions.iter().cloned().map(Entry::File));
    let corpus = crate::scored_subset(&args.corpus, &args.docs)?;
    let tasks: Vec<Task> = task.map_or(Task::ALL.to_vec(), |t| vec![t]);
    // Every task of one entry at once, so that a plugin serving several
    // tasks runs as one process.
    let mut results: Vec<Vec<(Task, quotebench::Result<quotebench::score::Scored>)>> = entries
        .iter()
        .map(|e| e.score_tasks(&corpus, &tasks, &settings, &options))
        .collect();
    let mut reports = Vec::new();
    for (ti, t) in tasks.iter().copied().enumerate() {
        for (e, results) in entries.iter().zip(&mut results) {
            let (_, result) = std::mem::replace(
                &mut results[ti],
                (t, Err(quotebench::Error::InvalidSetting("taken".into()))),
            );
            // A strategy that fails is a failed row; the others still report.
            let report = match result {
                Ok(scored) => {
                    let mut r = Report::new(&scored, &settings);
                    if let Some(n) = args.timing {
                        r.timing = e.time(&corpus, t, n, &options);
                    }
                    r
                }
                Err(err) => {
                    let (label, reason) = e.failure(&err);
                    eprintln!("quotebench: {label} failed on {t}: {reason}");
                    let signature =
                        Signature::new(&corpus.name, &corpus.hash, t, &settings, &label);
                    Report::failed(signature, t, reason)
                }
            };
            reports.push(report);
        }
    }
    Ok((reports, settings, Some(corpus)))
}
