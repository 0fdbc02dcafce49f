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
    /// Re-run the strategies in the score baseline and fail if any metric
    /// fell (exit 1); `--update` rewrites the baseline.
    Check(CheckArgs),
    /// Write one self-contained HTML page (no network needed to open it):
    /// leaderboards with intervals, accuracy against speed, slices, an
    /// error browser over the texts and a diff of two runs. Runs the
    /// strategies as `compare` does, or reads saved results.
    Report(ReportArgs),
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
    /// Start a new, empty gold set: the seeds and gold directories and
    /// header-only quotes.csv and speakers.csv (never overwrites).
    Init(Corpus),
    /// Rewrite a gold set that is valid but for its order or line endings
    /// (CRLF, a BOM) into canonical form, each file atomically.
    Fmt(Corpus),
    /// Copy a new article into the seeds (never overwrites one).
    AddDoc(AddDocArgs),
    /// Add a speaker entity to gold/speakers.csv.
    AddSpeaker(AddSpeakerArgs),
    /// Add aliases to a speaker of gold/speakers.csv.
    AddAlias(AddAliasArgs),
    /// Remove a speaker from gold/speakers.csv (refused while rows of
    /// gold/quotes.csv still name it).
    RemoveSpeaker(RemoveSpeakerArgs),
    /// Label one attribution: finds --text in the document and computes the
    /// byte offsets.
    Add(AddArgs),
    /// Remove one attribution (by --start/--end or --text) or every one of a
    /// document (--all), checked and atomic like `gold add`.
    Remove(RemoveArgs),
    /// List quotes a strategy finds that are not labelled yet, as `gold add`
    /// command lines to edit.
    Suggest(SuggestArgs),
    /// Import an annotated corpus (brat standoff, a Label Studio JSON
    /// export) as a new corpus directory, checked before it is written.
    Import(crate::gold_import::ImportArgs),
    /// Export documents as Label Studio tasks, with their gold labels and
    /// a strategy's pre-annotations.
    Export(crate::gold_import::ExportArgs),
}

/// `gold add-doc` arguments.
#[derive(Debug, Args)]
pub struct AddDocArgs {
    /// The article, a UTF-8 text file.
    pub file: PathBuf,
    /// Document id (default: the file's stem); the seed is saved as ID.txt.
    #[arg(long)]
    pub id: Option<String>,
    /// Replace the text of an existing document that no row labels yet
    /// (to fix a typo before labelling); refused once it has rows.
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub corpus: Corpus,
}

/// `gold add-speaker` arguments.
#[derive(Debug, Args)]
pub struct AddSpeakerArgs {
    /// snake_case id, stable once used (e.g. `dmitry_peskov`).
    #[arg(long)]
    pub id: String,
    /// Canonical full name.
    #[arg(long)]
    pub name: String,
    /// Another name used for the entity in the seeds (repeatable).
    #[arg(long = "alias")]
    pub aliases: Vec<String>,
    #[command(flatten)]
    pub corpus: Corpus,
}

/// `gold add-alias` arguments.
#[derive(Debug, Args)]
pub struct AddAliasArgs {
    /// The speaker's id.
    #[arg(long)]
    pub id: String,
    /// A name the seeds use for the entity (repeatable).
    #[arg(long = "alias", required = true)]
    pub aliases: Vec<String>,
    #[command(flatten)]
    pub corpus: Corpus,
}

/// `gold remove-speaker` arguments.
#[derive(Debug, Args)]
pub struct RemoveSpeakerArgs {
    /// The speaker's id.
    #[arg(long)]
    pub id: String,
    #[command(flatten)]
    pub corpus: Corpus,
}

/// `gold add` arguments.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// Document id (a seed file's stem).
    #[arg(long)]
    pub doc: String,
    /// direct, partial or indirect.
    #[arg(long)]
    pub kind: String,
    /// Speaker id from gold/speakers.csv.
    #[arg(long)]
    pub speaker: String,
    /// The span's exact text, copied from the document (marks excluded).
    #[arg(long)]
    pub text: String,
    /// Which occurrence of --text (1-based) when it occurs more than once.
    #[arg(long)]
    pub occurrence: Option<usize>,
    /// The reporting cue as written (`said`, `according to`, `:`), or empty.
    #[arg(long, default_value = "")]
    pub cue: String,
    /// The nearest speaker mention as written, or empty.
    #[arg(long, default_value = "")]
    pub mention: String,
    /// Replace the row that already labels this span (its kind, speaker,
    /// cue or mention) instead of refusing.
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub corpus: Corpus,
}

/// `gold remove` arguments: one row by its span (--start/--end) or its
/// text, or every row of the document (--all).
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Document id (a seed file's stem).
    #[arg(long)]
    pub doc: String,
    /// Byte offset where the row's span starts (with --end).
    #[arg(long, requires = "end", conflicts_with_all = ["text", "all"])]
    pub start: Option<usize>,
    /// Byte offset one past the row's span (with --start).
    #[arg(long, requires = "start")]
    pub end: Option<usize>,
    /// The row's span text, as in the document.
    #[arg(long, conflicts_with = "all")]
    pub text: Option<String>,
    /// Which occurrence of --text (1-based) when it occurs more than once.
    #[arg(long, requires = "text")]
    pub occurrence: Option<usize>,
    /// Every row of the document.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub corpus: Corpus,
}

/// `gold suggest` arguments.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// Document id.
    #[arg(long, required_unless_present = "accuracy")]
    pub doc: Option<String>,
    /// Instead of listing one document's candidates, print how often the
    /// guessed cue and mention are the labelled ones, over every labelled
    /// quote of the corpus (as if each were not labelled yet).
    #[arg(long, conflicts_with = "doc")]
    pub accuracy: bool,
    /// Strategy to run (default: `sieve`, else the last built-in), or an
    /// `exec:COMMAND ARGS` plugin (PLUGINS.md) run end to end on the one
    /// document.
    #[arg(long)]
    pub strategy: Option<String>,
    #[command(flatten)]
    pub plugin: Plugin,
    #[command(flatten)]
    pub corpus: Corpus,
}

/// `check` arguments.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The baseline to compare with (default: each corpus part's own,
    /// scores/baseline.json for the seeds, scores/baseline-PART.json for
    /// the others). Without --corpus, --seeds or --gold, every shipped part
    /// that exists is checked: seeds, dev-train and dev-test.
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Largest allowed fall of any metric.
    #[arg(long, default_value_t = 0.0)]
    pub tolerance: f64,
    /// Output format: text, md, json or html (a self-contained page for
    /// CI artifacts: `check --format html > check.html`).
    #[arg(long, default_value = "text")]
    pub format: String,
    /// Text and md: list each fixed and broken quote, but count the quotes
    /// still wrong (one line per strategy) instead of listing them. The
    /// verdict and exit code are the same; json is always complete.
    #[arg(long)]
    pub brief: bool,
    /// Rewrite the baseline with every built-in strategy on both tasks
    /// (and the plugins given with --strategy).
    #[arg(long)]
    pub update: bool,
    /// An external strategy, `exec:COMMAND ARGS` (repeatable): it is run on
    /// both tasks and checked against its baseline entry (matched by the
    /// name in its hello). A plugin cannot be re-run from its label alone.
    #[arg(long = "strategy", value_name = "exec:COMMAND")]
    pub strategies: Vec<String>,
    #[command(flatten)]
    pub plugin: Plugin,
    #[command(flatten)]
    pub corpus: Corpus,
}

/// Where the corpus is: a shipped corpus by name, or directories by hand.
#[derive(Debug, Clone, Args)]
pub struct Corpus {
    /// A shipped corpus: seeds (the reference set, the default), dev-train,
    /// dev-test, dev (both dev parts) or all (seeds and dev).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["seeds", "gold"])]
    pub corpus: Option<String>,
    /// Directory of seed articles (*.txt).
    #[arg(long, default_value = "seeds")]
    pub seeds: PathBuf,
    /// Directory holding quotes.csv and speakers.csv.
    #[arg(long, default_value = "gold")]
    pub gold: PathBuf,
}

impl Corpus {
    /// The parts this names: the `--corpus` parts, or none when directories
    /// were given (or defaulted) by hand.
    pub fn parts(
        &self,
    ) -> quotebench::error::Result<Option<&'static [quotebench::gold::corpora::Part]>> {
        self.corpus
            .as_deref()
            .map(quotebench::gold::corpora::parts)
            .transpose()
    }

    /// The flags that point another command at this same gold set, for
    /// printed command lines: ` --corpus NAME` when one was named, else
    /// ` --seeds S --gold G` for the directories that are not the defaults
    /// (empty for the default `seeds` and `gold`).
    pub fn flags(&self) -> String {
        match &self.corpus {
            Some(name) => format!(" --corpus {}", quotebench::gold::suggest::shell_quote(name)),
            None => quotebench::gold::edit::corpus_flags(&self.seeds, &self.gold),
        }
    }

    /// For commands that read or write one gold set (gold check, add-doc,
    /// add-speaker, add, suggest): points `seeds` and `gold` at the one part
    /// `--corpus` names, or refuses a corpus of several parts.
    pub fn resolve_one(&mut self) -> anyhow::Result<()> {
        if let Some(parts) = self.parts()? {
            match parts {
                [one] => {
                    self.seeds = PathBuf::from(one.seeds);
                    self.gold = PathBuf::from(one.gold);
                }
                _ => anyhow::bail!(
                    "--corpus {}: this command works on one gold set; name one part ({})",
                    self.corpus.as_deref().unwrap_or_default(),
                    parts.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
                ),
            }
        }
        Ok(())
    }
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
    /// What the bootstrap resamples: doc (clustered: whole documents, the
    /// default) or quote (assumes independent quotes; too narrow).
    #[arg(long, default_value = "doc")]
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
    /// killed and marked failed (0.001 to 3600).
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
    /// Score only these documents (repeatable): an id, or the start of
    /// ids (`--doc trainj` for trainj01, trainj02, …). The signature's
    /// corpus becomes `NAME-subset` with a hash of the ids chosen.
    #[arg(long = "doc", value_name = "ID")]
    pub docs: Vec<String>,
    #[command(flatten)]
    pub corpus: Corpus,
    #[command(flatten)]
    pub scoring: Scoring,
    #[command(flatten)]
    pub plugin: Plugin,
    #[command(flatten)]
    pub output: Output,
}

/// What to score, for `compare` and `report`: fresh runs or saved results.
#[derive(Debug, Args)]
pub struct Sources {
    /// Saved results to compare instead of running strategies: files
    /// written by `eval --format json` or `compare --format json`.
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
    /// Also measure each strategy's throughput: wall time over the corpus,
    /// best of N runs (built-ins in process, plugins with their process and
    /// protocol; prediction files are not timed). Stored in the JSON
    /// beside the scores, with the CPU model and core count; not part of
    /// the signature.
    #[arg(long, value_name = "N")]
    pub timing: Option<usize>,
    /// Score only these documents (repeatable): an id, or the start of
    /// ids (`--doc trainj` for trainj01, trainj02, …). The signature's
    /// corpus becomes `NAME-subset` with a hash of the ids chosen.
    #[arg(long = "doc", value_name = "ID")]
    pub docs: Vec<String>,
    #[command(flatten)]
    pub corpus: Corpus,
    #[command(flatten)]
    pub scoring: Scoring,
    #[command(flatten)]
    pub plugin: Plugin,
}

/// `compare` arguments.
#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub sources: Sources,
    #[command(flatten)]
    pub output: Output,
}

/// `report` arguments.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub sources: Sources,
    /// Also load a saved baseline (default scores/baseline.json) so that
    /// the page's diff can compare each run with its baseline entry.
    #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = quotebench::baseline::DEFAULT_PATH)]
    pub baseline: Option<PathBuf>,
    /// The page to write.
    #[arg(short = 'o', long = "output", default_value = "report.html")]
    pub output: PathBuf,
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
    /// Text files (one document each, id = file stem; `-`: standard input,
    /// id `stdin`), or with --jsonl JSON-lines files (`-` or none: standard
    /// input). A document may have at most 4 MiB (README.md, Limits).
    pub files: Vec<PathBuf>,
    /// Read `{"id": ..., "text": ...}` lines instead of text files.
    #[arg(long)]
    pub jsonl: bool,
    /// Worker threads for a built-in strategy (default: all cores; at most
    /// 4 times the cores). Does not
    /// apply to an `exec:` plugin, which always runs as one process (a
    /// warning says so when --jobs is given).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Stop at the first bad input instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub plugin: Plugin,
}
