//! `quotebench eval`: one strategy, one task, every metric with intervals.

use crate::cli::EvalArgs;
use anyhow::Result;
use quotebench::report::{render_errors, Format, Report};
use quotebench::score::{evaluate, Task};

pub fn run(args: EvalArgs) -> Result<u8> {
    let task: Task = args.task.parse().map_err(anyhow::Error::msg)?;
    let format: Format = args.output.format.parse().map_err(anyhow::Error::msg)?;
    let settings = crate::settings(&args.scoring)?;
    let strategy = quotebench::strategy::by_name(&args.strategy)?;
    let corpus = crate::corpus(&args.corpus)?;
    let scored = evaluate(&corpus, strategy.as_ref(), task, &settings)?;
    let report = Report::new(&scored, &settings);
    let mut out = report.render(format);
    if args.errors {
        let texts = corpus
            .docs
            .iter()
            .map(|(id, d)| (id.clone(), d.text.clone()))
            .collect();
        let errors = render_errors(&report, &texts);
        if args.output.output.is_some() || format != Format::Text {
            eprint!("{errors}");
        } else {
            out.push_str("\nErrors:\n");
            out.push_str(&errors);
        }
    }
    crate::emit(&out, args.output.output.as_deref())?;
    Ok(0)
}
