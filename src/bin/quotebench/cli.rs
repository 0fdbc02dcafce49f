//! Command-line definitions (clap derive). Parsing only; each subcommand's
//! work is in its own module.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// quotebench: a benchmark for quote attribution (who said what) in news text.
#[derive(Debug, Parser)]
#[command(name = "quotebench", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check or summarise the gold set.
    #[command(subcommand)]
    Gold(GoldCommand),
    /// List the built-in strategies.
    Strategies,
    /// Score one strategy on one task.
    Eval(EvalArgs),
    /// Score several strategies (default: every built-in, both tasks) and
    /// rank them, or compare saved `eval --format json` results.
    Compare(CompareArgs),
    /// Run a strategy on any text and print the quotes it finds, as JSON lines.
    Extract(ExtractArgs),
    /// Score a prediction file (JSON lines of doc, start, end, speaker)
    /// made by a system that ran elsewhere.
    Score(ScoreArgs),
}

/// `gold` subcommands.
#[derive(Debug, Subcommand)]
pub enum GoldCommand {
    /// Validate seeds and gold files; list every problem.
    Check(Corpus),
    /// Count attributions by document, kind, speaker and mention type.
    Stats {
        #[command(flatten)]
        corpus: Corpus,
        /// Output format: text or json.
        #[arg(long, default_value = "text")]
        format: String,
    },
}

/// Where the corpus is.
#[derive(Debug, Clone, Args)]
pub struct Corpus {
    /// Directory of seed articles (*.txt).
    #[arg(long, default_value = "seeds")]
    pub seeds: PathBuf,
    /// Directory holding quotes.csv and speakers.csv.
    #[arg(long, default_value = "gold")]
    pub gold: PathBuf,
}

/// Scoring settings (all recorded in the signature).
#[derive(Debug, Clone, Args)]
pub struct Scoring {
    /// Jaro-Winkler threshold for a fuzzy speaker match (1.01: exact only).
    #[arg(long, default_value_t = 0.9)]
    pub fuzzy: f64,
    /// Lenient span match: minimum overlap / longer span.
    #[arg(long, default_value_t = 0.5)]
    pub overlap: f64,
    /// Bootstrap resamples (0: no intervals).
    #[arg(long, default_value_t = 1000)]
    pub bootstrap: usize,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// What the bootstrap resamples: quote or doc.
    #[arg(long, default_value = "quote")]
    pub unit: String,
}

/// Output options.
#[derive(Debug, Clone, Args)]
pub struct Output {
    /// Output format: text, json, csv or md.
    #[arg(long, default_value = "text")]
    pub format: String,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

/// How external strategies (`exec:COMMAND ARGS`) are run.
#[derive(Debug, Clone, Args)]
pub struct Plugin {
    /// Seconds an `exec:` plugin may stay silent per document before it is
    /// killed and marked failed.
    #[arg(long, default_value_t = 60.0, value_name = "SECS")]
    pub timeout: f64,
}

/// `eval` arguments.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The strategy to score: a built-in name, or `exec:COMMAND ARGS` for an
    /// external program speaking the protocol in PLUGINS.md.
    #[arg(long)]
    pub strategy: String,
    /// attribution (gold spans given) or end-to-end.
    #[arg(long, default_value = "attribution")]
    pub task: String,
    /// Also list every wrong, abstained, missed or spurious quote.
    #[arg(long)]
    pub errors: bool,
    #[command(flatten)]
    pub corpus: Corpus,
    #[command(flatten)]
    pub scoring: Scoring,
    #[command(flatten)]
    pub plugin: Plugin,
    #[command(flatten)]
    pub output: Output,
}

/// `compare` arguments.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Saved `eval --format json` results to compare instead of running strategies.
    pub results: Vec<PathBuf>,
    /// Strategies to run (repeatable; default: every built-in): built-in
    /// names or `exec:COMMAND ARGS` plugins.
    #[arg(long = "strategy")]
    pub strategies: Vec<String>,
    /// Run every built-in too (the default when no --strategy is given).
    #[arg(long)]
    pub builtins: bool,
    /// Prediction files to rank alongside (repeatable; needs --task). With
    /// no --strategy, the built-ins run too.
    #[arg(long = "predictions", value_name = "FILE")]
    pub predictions: Vec<PathBuf>,
    /// attribution or end-to-end (default: both).
    #[arg(long)]
    pub task: Option<String>,
    #[command(flatten)]
    pub corpus: Corpus,
    #[command(flatten)]
    pub scoring: Scoring,
    #[command(flatten)]
    pub plugin: Plugin,
    #[command(flatten)]
    pub output: Output,
}

/// `score` arguments.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// JSON lines `{"doc","start","end","speaker"}` (UTF-8 byte offsets);
    /// for attribution every span must be a gold span.
    #[arg(long, value_name = "FILE")]
    pub predictions: PathBuf,
    /// attribution (spans are gold spans) or end-to-end.
    #[arg(long, default_value = "attribution")]
    pub task: String,
    /// Also list every wrong, abstained, missed or spurious quote.
    #[arg(long)]
    pub errors: bool,
    #[command(flatten)]
    pub corpus: Corpus,
    #[command(flatten)]
    pub scoring: Scoring,
    #[command(flatten)]
    pub output: Output,
}

/// `extract` arguments.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The strategy to run: a built-in name, or `exec:COMMAND ARGS` for an
    /// external program speaking the protocol in PLUGINS.md (one process for
    /// the whole run, documents streamed to it in input order).
    #[arg(long)]
    pub strategy: String,
    /// Text files (one document each, id = file stem), or with --jsonl
    /// JSON-lines files (`-` or none: standard input).
    pub files: Vec<PathBuf>,
    /// Read `{"id": ..., "text": ...}` lines instead of text files.
    #[arg(long)]
    pub jsonl: bool,
    /// Worker threads for a built-in strategy (default: all cores). Does not
    /// apply to an `exec:` plugin, which always runs as one process.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Stop at the first bad input instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub plugin: Plugin,
}
