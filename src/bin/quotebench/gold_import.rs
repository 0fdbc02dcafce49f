//! `quotebench gold import` and `gold export`: annotated corpora in, Label
//! Studio tasks out. The work is the library's (`gold::import`,
//! `gold::export`); a refusal is an error (exit 2) naming the file and line
//! or the task; a finished import prints the `gold check` report.

use anyhow::{Context, Result};
use clap::Args;
use quotebench::gold::export::{tasks, ExportDoc};
use quotebench::gold::import::{self, brat, label_studio};
use quotebench::model::{Document, Prediction};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// `gold import` arguments.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Input format: brat or label-studio.
    #[arg(long)]
    pub format: String,
    /// brat: a directory (NAME.txt + NAME.ann pairs, or PolNeAR's text/ and
    /// attributions/); label-studio: a JSON export file.
    pub input: PathBuf,
    /// The new corpus directory (must not exist): OUT/seeds, OUT/gold.
    #[arg(long)]
    pub out: PathBuf,
    /// brat: a mapping file of `key = value` lines (CONTRIBUTING.md,
    /// "Importing"); the flags below override it.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// brat: entity types of sources (comma-separated; default Source).
    #[arg(long)]
    pub source_type: Option<String>,
    /// brat: entity types of cues (default Cue).
    #[arg(long)]
    pub cue_type: Option<String>,
    /// brat: entity types of content (default Content).
    #[arg(long)]
    pub content_type: Option<String>,
    /// brat: event types that link them (default
    /// Attribution,Attribution-no-source).
    #[arg(long)]
    pub event_type: Option<String>,
    /// brat: cues to keep: default, all, or a file of one cue a line.
    #[arg(long)]
    pub cues: Option<String>,
    /// brat: discontinuous content as `fragments` (a row each, the
    /// default) or `hull` (one row from first start to last end).
    #[arg(long)]
    pub discontinuous: Option<String>,
    /// brat, PolNeAR layout: the annotator whose files to take.
    #[arg(long)]
    pub annotator: Option<String>,
}

/// `gold export` arguments.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format: label-studio.
    #[arg(long, default_value = "label-studio")]
    pub format: String,
    /// Pre-annotate with this strategy: a built-in name or `exec:COMMAND`.
    #[arg(long)]
    pub strategy: Option<String>,
    /// Leave the gold labels out (export the texts and predictions only).
    #[arg(long)]
    pub no_gold: bool,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Text files to export instead of a corpus (ids are their stems).
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub corpus: crate::cli::Corpus,
    #[command(flatten)]
    pub plugin: crate::cli::Plugin,
}

pub fn import(args: ImportArgs) -> Result<u8> {
    let imported = match args.format.as_str() {
        "brat" => {
            let mut m = match &args.mapping {
                Some(p) => brat::Mapping::from_file(p)?,
                None => brat::Mapping::default(),
            };
            let here = std::path::Path::new(".");
            for (key, value) in [
                ("source", &args.source_type),
                ("cue", &args.cue_type),
                ("content", &args.content_type),
                ("event", &args.event_type),
                ("cues", &args.cues),
                ("discontinuous", &args.discontinuous),
                ("annotator", &args.annotator),
            ] {
                if let Some(v) = value {
                    m.set(key, v, here)
                        .map_err(|e| anyhow::anyhow!("--{}: {e}", key.replace('_', "-")))?;
                }
            }
            brat::read_dir(&args.input, &m)?
        }
        "label-studio" => label_studio::read_file(&args.input)?,
        f => anyhow::bail!("unknown format `{f}` (expected brat or label-studio)"),
    };
    let w = import::write_corpus(&args.out, &imported)?;
    let mut out = format!(
        "imported {} document(s), {} speaker(s), {} row(s) ({} with an unknown speaker) into {}\ndecisions: {}\n",
        imported.docs.len(),
        imported.speakers.len(),
        imported.quotes.len(),
        imported.quotes.iter().filter(|q| q.speaker.is_empty()).count(),
        w.dir.display(),
        w.dir.join(import::LOG_FILE).display()
    );
    for d in &w.report.diagnostics {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    out.push_str(&format!("gold check: {}\n", w.report.verdict()));
    out.push_str(&format!(
        "next: quotebench compare --seeds {} --gold {}\n",
        w.seeds.display(),
        w.gold.display()
    ));
    crate::emit(&out, None)?;
    Ok(if w.report.passed() { 0 } else { 1 })
}

pub fn export(args: ExportArgs) -> Result<u8> {
    if args.format != "label-studio" {
        anyhow::bail!("unknown format `{}` (expected label-studio)", args.format);
    }
    let corpus = if args.files.is_empty() {
        Some(crate::corpus(&args.corpus)?)
    } else {
        None
    };
    let mut docs: Vec<Document> = Vec::new();
    match &corpus {
        Some(c) => docs.extend(c.docs.values().cloned()),
        None => {
            for f in &args.files {
                let text = std::fs::read_to_string(f)
                    .with_context(|| format!("cannot read {} as UTF-8 text", f.display()))?;
                let id = f
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                docs.push(Document { id, text });
            }
        }
    }
    let mut predicted: BTreeMap<String, Vec<Prediction>> = BTreeMap::new();
    let mut model = String::new();
    if let Some(name) = &args.strategy {
        match crate::runner::Entry::strategy(name)? {
            crate::runner::Entry::Builtin(s) => {
                model = format!("{}@{}", s.name(), s.version());
                for d in &docs {
                    predicted.insert(d.id.clone(), s.extract(&d.text));
                }
            }
            crate::runner::Entry::Plugin(cmd) => {
                let inputs: Vec<quotebench::plugin::Input<'_>> = docs
                    .iter()
                    .map(|d| quotebench::plugin::Input {
                        doc: &d.id,
                        text: &d.text,
                        spans: Vec::new(),
                    })
                    .collect();
                let options = crate::runner::options(&args.plugin)?;
                let run = quotebench::plugin::run(
                    &cmd,
                    quotebench::score::Task::EndToEnd,
                    &inputs,
                    &options,
                )?;
                model = run.label();
                for (doc, p) in run.predictions {
                    if let quotebench::score::DocPredictions::Quotes(q) = p {
                        predicted.insert(doc, q);
                    }
                }
            }
            crate::runner::Entry::File(_) | crate::runner::Entry::Broken(_) => {
                anyhow::bail!("--strategy takes a built-in name or exec:COMMAND")
            }
        }
    }
    let export: Vec<ExportDoc<'_>> = docs
        .iter()
        .map(|d| ExportDoc {
            id: &d.id,
            text: &d.text,
            gold: match (&corpus, args.no_gold) {
                (Some(c), false) => c.quotes_of(&d.id).collect(),
                _ => Vec::new(),
            },
            predicted: args
                .strategy
                .as_ref()
                .map(|_| predicted.remove(&d.id).unwrap_or_default()),
        })
        .collect();
    let speakers: Vec<&quotebench::model::Speaker> = corpus
        .as_ref()
        .map(|c| c.speakers.values().collect())
        .unwrap_or_default();
    let json = serde_json::to_string_pretty(&tasks(&export, &speakers, &model))? + "\n";
    crate::emit(&json, args.output.as_deref())?;
    Ok(0)
}
