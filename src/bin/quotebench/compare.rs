//! `quotebench compare`: a leaderboard of strategies with intervals and
//! paired differences, from fresh runs (built-ins, `exec:` plugins and
//! `--predictions` files) or from saved results. A strategy that fails is
//! ranked last as FAILED with its reason, the others still report, and the
//! exit code is 1.

use crate::cli::CompareArgs;
use crate::runner::Entry;
use anyhow::{Context, Result};
use quotebench::report::{Comparison, Format, Report};
use quotebench::score::{Signature, Task};

pub fn run(args: CompareArgs) -> Result<u8> {
    let format: Format = args.output.format.parse().map_err(anyhow::Error::msg)?;
    let mut settings = crate::settings(&args.scoring)?;
    let task: Option<Task> = args
        .task
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let reports = if !args.results.is_empty() {
        if !args.strategies.is_empty() || args.builtins || !args.predictions.is_empty() {
            anyhow::bail!("give saved results or --strategy/--builtins/--predictions, not both");
        }
        let mut reports = Vec::new();
        for path in &args.results {
            // An `eval --format json` result, or a whole `compare --format
            // json` (or baseline) whose reports are taken one by one.
            let loaded =
                match Report::load(path) {
                    Ok(r) => vec![r],
                    Err(eval_err) => match quotebench::baseline::load(path) {
                        Ok(c) => c.results,
                        Err(_) => return Err(anyhow::Error::new(eval_err).context(
                            "expected an `eval --format json` or `compare --format json` result",
                        )),
                    },
                };
            for r in loaded {
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
        reports
    } else {
        if !args.predictions.is_empty() && task.is_none() {
            anyhow::bail!(
                "--predictions needs --task attribution or --task end-to-end: a prediction file is made for one task"
            );
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
        let corpus = crate::scored_corpus(&args.corpus)?;
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
                    Ok(scored) => Report::new(&scored, &settings),
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
        reports
    };
    let comparison = Comparison::new(reports, &settings)?;
    crate::emit(&comparison.render(format), args.output.output.as_deref())?;
    Ok(if comparison.any_failed() { 1 } else { 0 })
}
