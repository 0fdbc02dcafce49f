//! `quotebench compare`: a leaderboard of strategies with intervals and
//! paired differences, from fresh runs or from saved results.

use crate::cli::CompareArgs;
use anyhow::{Context, Result};
use quotebench::report::{Comparison, Format, Report};
use quotebench::score::{evaluate, Task};

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
        if !args.strategies.is_empty() {
            anyhow::bail!("give saved results or --strategy, not both");
        }
        let mut reports = Vec::new();
        for path in &args.results {
            let r = Report::load(path)?;
            if task.is_none_or(|t| t == r.task) {
                reports.push(r);
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
        let names = if args.strategies.is_empty() {
            quotebench::strategy::names()
        } else {
            args.strategies.clone()
        };
        let strategies = names
            .iter()
            .map(|n| quotebench::strategy::by_name(n))
            .collect::<Result<Vec<_>, _>>()?;
        let corpus = crate::corpus(&args.corpus)?;
        let tasks: Vec<Task> = task.map_or(Task::ALL.to_vec(), |t| vec![t]);
        let mut reports = Vec::new();
        for t in tasks {
            for s in &strategies {
                let scored = evaluate(&corpus, s.as_ref(), t, &settings)
                    .with_context(|| format!("scoring {} on {t}", s.name()))?;
                reports.push(Report::new(&scored, &settings));
            }
        }
        reports
    };
    let comparison = Comparison::new(reports, &settings)?;
    crate::emit(&comparison.render(format), args.output.output.as_deref())?;
    Ok(if comparison.any_failed() { 1 } else { 0 })
}
