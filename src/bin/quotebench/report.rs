//! `quotebench report`: one self-contained HTML page (quotebench::html)
//! from a live run (the strategy, task, corpus and scoring flags of
//! `compare`, plus `--timing N`) or from saved `eval`/`compare` JSON. The
//! corpus flags (`--corpus NAME` or `--seeds`/`--gold`) name the texts the
//! page shows; saved results must have been
//! scored on that corpus. Prints the file's size and the time taken to
//! render and write it.

use crate::cli::ReportArgs;
use anyhow::{Context, Result};
use quotebench::html::{self, ReportPage};
use quotebench::score::Signature;
use std::time::Instant;

pub fn run(args: ReportArgs) -> Result<u8> {
    let started = Instant::now();
    let (comparison, corpus) = crate::compare::comparison(&args.sources)?;
    let corpus = match corpus {
        Some(c) => c,
        None => crate::scored_subset(&args.sources.corpus, &args.sources.docs)?,
    };
    for r in &comparison.results {
        let gold = Signature::parse(&r.signature).and_then(|s| s.get("gold").map(str::to_owned));
        if let Some(g) = gold.filter(|g| *g != corpus.hash) {
            anyhow::bail!(
                "{} on {} was scored on gold {g}, but corpus {} is gold {}: give the --corpus (or --seeds and --gold) it was scored on",
                r.strategy,
                r.task,
                corpus.name,
                corpus.hash
            );
        }
    }
    let baseline = args
        .baseline
        .as_deref()
        .map(quotebench::baseline::load)
        .transpose()?;
    let ran = started.elapsed();
    let t = Instant::now();
    let label = if corpus.name == "custom" {
        format!("custom ({})", args.sources.corpus.seeds.display())
    } else {
        corpus.name.clone()
    };
    let held_out = quotebench::gold::corpora::parts(&corpus.name)
        .is_ok_and(|parts| parts.iter().any(|p| p.held_out));
    let page = html::report(&ReportPage {
        comparison: &comparison,
        corpus: &corpus,
        corpus_label: &label,
        baseline: baseline.as_ref(),
        held_out,
    });
    std::fs::write(&args.output, &page)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!(
        "quotebench: wrote {} ({:.0} KB) in {:.3} s after {:.2} s of scoring",
        args.output.display(),
        page.len() as f64 / 1024.0,
        t.elapsed().as_secs_f64(),
        ran.as_secs_f64()
    );
    Ok(if comparison.any_failed() { 1 } else { 0 })
}
