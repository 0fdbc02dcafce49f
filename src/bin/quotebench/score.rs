//! `quotebench score`: a prediction file from a system that ran elsewhere,
//! scored like `eval` scores a strategy (same report, statistics and
//! signature; the strategy is recorded as `file:STEM@HASH`). A bad line is
//! an error, `FILE:LINE: message`, exit code 2.

use crate::cli::ScoreArgs;
use anyhow::Result;
use quotebench::report::{Format, Report};
use quotebench::score::Task;

pub fn run(args: ScoreArgs) -> Result<u8> {
    let task: Task = args.task.parse().map_err(anyhow::Error::msg)?;
    let format: Format = args.output.format.parse().map_err(anyhow::Error::msg)?;
    let settings = crate::settings(&args.scoring)?;
    let corpus = crate::scored_corpus(&args.corpus)?;
    let scored = quotebench::predictions::evaluate(&args.predictions, &corpus, task, &settings)?;
    let report = Report::new(&scored, &settings);
    crate::eval::write_report(
        &report,
        &corpus,
        args.errors,
        format,
        args.output.output.as_deref(),
    )?;
    Ok(0)
}
