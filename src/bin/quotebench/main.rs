//! The `quotebench` command: a thin layer over the library. Each subcommand
//! is a module; errors are printed as one line (`quotebench: …`) with exit
//! code 2, and a closed pipe ends the program quietly.

mod check;
mod cli;
mod compare;
mod eval;
mod extract;
mod gold;
mod gold_add;
mod gold_import;
mod gold_suggest;
mod report;
mod runner;
mod score;
mod strategies;

use anyhow::{Context, Result};
use clap::Parser;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Gold(cmd) => gold::resolve(cmd).and_then(gold::run),
        cli::Command::Strategies => strategies::run(),
        cli::Command::Eval(args) => eval::run(args),
        cli::Command::Compare(args) => compare::run(args),
        cli::Command::Extract(args) => extract::run(args),
        cli::Command::Score(args) => score::run(args),
        cli::Command::Check(args) => check::run(args),
        cli::Command::Report(args) => report::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("quotebench: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, `: `-separated, leaving out a cause whose text
/// the message already ends with (the library's I/O errors print their
/// cause themselves).
fn message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes `text` to `path`, or to standard output.
pub fn emit(text: &str, path: Option<&Path>) -> Result<()> {
    match path {
        Some(p) => std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

/// The scoring settings from the command line, checked.
pub fn settings(s: &cli::Scoring) -> Result<quotebench::score::Settings> {
    let settings = quotebench::score::Settings {
        fuzzy: s.fuzzy,
        overlap: s.overlap,
        bootstrap: s.bootstrap,
        seed: s.seed,
        unit: s.unit.parse().map_err(anyhow::Error::msg)?,
    };
    settings.validate()?;
    Ok(settings)
}

/// Loads the corpus named on the command line: `--corpus NAME`, or the
/// `--seeds`/`--gold` directories (named after the shipped part they are,
/// else `custom`).
pub fn corpus(c: &cli::Corpus) -> Result<quotebench::gold::Corpus> {
    use quotebench::gold::corpora;
    if let Some(name) = &c.corpus {
        return Ok(corpora::load_named(Path::new("."), name)?);
    }
    let mut corpus = quotebench::gold::load(&c.seeds, &c.gold)?;
    if let Some(part) = corpora::PARTS
        .iter()
        .find(|p| Path::new(p.seeds) == c.seeds && Path::new(p.gold) == c.gold)
    {
        corpus.name = part.name.to_string();
    }
    Ok(corpus)
}

/// Loads a corpus to score on: one without a single attribution is an
/// error, not a leaderboard of dashes.
/// [`scored_corpus`] cut down to the documents `--doc` chose (all when none).
pub fn scored_subset(c: &cli::Corpus, docs: &[String]) -> Result<quotebench::gold::Corpus> {
    let corpus = scored_corpus(c)?;
    if docs.is_empty() {
        return Ok(corpus);
    }
    let subset = corpus.subset(docs)?;
    if subset.quotes.is_empty() {
        anyhow::bail!(
            "--doc {}: the chosen documents have no attributions, so there is nothing to score",
            docs.join(" --doc ")
        );
    }
    Ok(subset)
}

pub fn scored_corpus(c: &cli::Corpus) -> Result<quotebench::gold::Corpus> {
    let corpus = corpus(c)?;
    if corpus.quotes.is_empty() {
        anyhow::bail!(
            "{}: the gold set has no attributions (header only), so there is nothing to score; label some with `quotebench gold add`",
            c.gold.join(quotebench::gold::QUOTES_FILE).display()
        );
    }
    Ok(corpus)
}
