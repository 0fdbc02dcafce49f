//! `quotebench eval`: one strategy, one task, every metric with intervals.
//! The strategy may be an `exec:` plugin; a plugin that breaks the protocol
//! is an error (one line naming it and the failure, exit code 2).

use crate::cli::EvalArgs;
use crate::runner::Entry;
use anyhow::Result;
use quotebench::gold::Corpus;
use quotebench::report::{render_errors, Format, Report};
use quotebench::score::Task;
use std::path::Path;

pub fn run(args: EvalArgs) -> Result<u8> {
    let task: Task = args.task.parse().map_err(anyhow::Error::msg)?;
    let format: Format = args.output.format.parse().map_err(anyhow::Error::msg)?;
    let settings = crate::settings(&args.scoring)?;
    let options = crate::runner::options(&args.plugin)?;
    let entry = Entry::strategy(&args.strategy)?;
    let corpus = crate::scored_subset(&args.corpus, &args.docs)?;
    let scored = entry.score(&corpus, task, &settings, &options)?;
    let report = Report::new(&scored, &settings);
    write_report(
        &report,
        &corpus,
        args.errors,
        format,
        args.output.output.as_deref(),
    )?;
    Ok(0)
}

/// Renders a report, with the error list when asked (to stderr unless the
/// report is text on standard output), and writes it.
pub fn write_report(
    report: &Report,
    corpus: &Corpus,
    errors: bool,
    format: Format,
    output: Option<&Path>,
) -> Result<()> {
    let mut out = report.render(format);
    if errors {
        let texts = corpus
            .docs
            .iter()
            .map(|(id, d)| (id.clone(), d.text.clone()))
            .collect();
        let errors = render_errors(report, &texts);
        if output.is_some() || format != Format::Text {
            eprint!("{errors}");
        } else {
            out.push_str("\nErrors:\n");
            out.push_str(&errors);
        }
    }
    crate::emit(&out, output)
}
