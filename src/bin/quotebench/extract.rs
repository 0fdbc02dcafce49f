//! `quotebench extract`: run a strategy's end-to-end task on text outside
//! the gold set, as JSON lines, streaming.
//!
//! A reader thread cuts the input into batches of documents (about 4 MiB
//! each, never more than two batches waiting), a rayon pool runs the
//! strategy on each batch, and the main thread writes the results in input
//! order. Memory is bounded by the batches in flight, whatever the input
//! size. Bad input (a file that is not UTF-8, a malformed JSON line) is
//! reported with its file and line and skipped, or stops the run under
//! `--strict`.

use crate::cli::ExtractArgs;
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use quotebench::strategy::Strategy;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;

/// Bytes of input per batch handed to the workers.
const BATCH_BYTES: usize = 4 << 20;
/// Inputs larger than this get a progress bar (on a terminal).
const PROGRESS_BYTES: u64 = 64 << 20;

/// One line of output.
#[derive(Debug, Serialize)]
struct Record<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    speaker: Option<&'a str>,
    quote: &'a str,
}

/// One line of `--jsonl` input.
#[derive(Debug, Deserialize)]
struct InputLine {
    id: serde_json::Value,
    text: String,
}

/// A unit of work: a document, or a line/file to report and skip.
enum Item {
    /// (source for messages, raw input) to parse and run.
    Json {
        source: String,
        line: String,
    },
    Text {
        id: String,
        text: String,
    },
    Bad {
        message: String,
    },
}

fn run_item(strategy: &dyn Strategy, item: Item) -> Result<String, String> {
    let (id, text) = match item {
        Item::Bad { message } => return Err(message),
        Item::Text { id, text } => (id, text),
        Item::Json { source, line } => match serde_json::from_str::<InputLine>(&line) {
            Ok(l) => {
                let id = match l.id {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Number(n) => n.to_string(),
                    other => {
                        return Err(format!(
                            "{source}: `id` must be a string or a number, found {other}"
                        ))
                    }
                };
                (id, l.text)
            }
            Err(e) => {
                let start: String = line.trim_end().chars().take(40).collect();
                return Err(format!("{source}: malformed JSON line ({e}): {start:?}"));
            }
        },
    };
    let mut out = String::new();
    for p in strategy.extract(&text) {
        let Some(quote) = text.get(p.span.start..p.span.end) else {
            return Err(format!(
                "document `{id}`: strategy `{}` returned span {} outside the text or off a character boundary",
                strategy.name(),
                p.span
            ));
        };
        let record = Record {
            doc: &id,
            start: p.span.start,
            end: p.span.end,
            kind: p.kind.map(|k| k.as_str()),
            speaker: p.speaker.as_deref(),
            quote,
        };
        out.push_str(&serde_json::to_string(&record).map_err(|e| e.to_string())?);
        out.push('\n');
    }
    Ok(out)
}

/// Reads the inputs into batches and sends them down `tx`; returns total bytes seen.
fn read_inputs(
    args: &ExtractArgs,
    tx: std::sync::mpsc::SyncSender<Vec<Item>>,
    progress: &ProgressBar,
) -> Result<()> {
    let mut batch = Vec::new();
    let mut size = 0usize;
    let push = |item: Item, bytes: usize, batch: &mut Vec<Item>, size: &mut usize| -> bool {
        batch.push(item);
        *size += bytes;
        progress.inc(bytes as u64);
        if *size >= BATCH_BYTES {
            *size = 0;
            return tx.send(std::mem::take(batch)).is_ok();
        }
        true
    };
    if args.jsonl {
        let sources: Vec<Option<PathBuf>> =
            if args.files.is_empty() || args.files.iter().all(|f| f.as_os_str() == "-") {
                vec![None]
            } else {
                args.files.iter().map(|f| Some(f.clone())).collect()
            };
        for source in sources {
            let (name, reader): (String, Box<dyn Read>) = match &source {
                None => ("<stdin>".to_string(), Box::new(std::io::stdin().lock())),
                Some(p) => (
                    p.display().to_string(),
                    Box::new(
                        std::fs::File::open(p)
                            .with_context(|| format!("cannot open {}", p.display()))?,
                    ),
                ),
            };
            let mut reader = BufReader::with_capacity(1 << 20, reader);
            let mut buf = Vec::new();
            let mut line_no = 0u64;
            loop {
                buf.clear();
                let n = reader
                    .read_until(b'\n', &mut buf)
                    .with_context(|| format!("cannot read {name}"))?;
                if n == 0 {
                    break;
                }
                line_no += 1;
                let item = match String::from_utf8(std::mem::take(&mut buf)) {
                    Ok(line) if line.trim().is_empty() => continue,
                    Ok(line) => Item::Json {
                        source: format!("{name}:{line_no}"),
                        line,
                    },
                    Err(e) => Item::Bad {
                        message: format!(
                            "{name}:{line_no}: not valid UTF-8 (byte {})",
                            e.utf8_error().valid_up_to()
                        ),
                    },
                };
                if !push(item, n, &mut batch, &mut size) {
                    return Ok(());
                }
            }
        }
    } else {
        if args.files.is_empty() {
            bail!("no input: give text files, or --jsonl to read JSON lines from standard input");
        }
        for path in &args.files {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let n = bytes.len();
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let item = match String::from_utf8(bytes) {
                Ok(text) => Item::Text { id, text },
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let line = 1 + memchr::memchr_iter(b'\n', &e.as_bytes()[..at]).count();
                    Item::Bad {
                        message: format!("{}:{line}: not valid UTF-8 (byte {at})", path.display()),
                    }
                }
            };
            if !push(item, n, &mut batch, &mut size) {
                return Ok(());
            }
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(batch);
    }
    Ok(())
}

pub fn run(args: ExtractArgs) -> Result<u8> {
    let strategy = quotebench::strategy::by_name(&args.strategy)?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if jobs == 0 {
        bail!("--jobs must be at least 1");
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    let total: u64 = args
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let progress = if std::io::stderr().is_terminal() && total >= PROGRESS_BYTES {
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let (tx, rx) = sync_channel::<Vec<Item>>(2);
    let mut skipped = 0usize;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let result = std::thread::scope(|scope| -> Result<()> {
        let reader = scope.spawn(|| read_inputs(&args, tx, &progress));
        for batch in rx {
            let results: Vec<Result<String, String>> = pool.install(|| {
                batch
                    .into_par_iter()
                    .map(|item| run_item(strategy.as_ref(), item))
                    .collect()
            });
            for r in results {
                match r {
                    Ok(lines) => out.write_all(lines.as_bytes())?,
                    Err(message) if !args.strict => {
                        skipped += 1;
                        progress.suspend(|| eprintln!("quotebench: warning: {message}; skipped"));
                    }
                    Err(message) => bail!("{message}"),
                }
            }
        }
        out.flush()?;
        reader
            .join()
            .map_err(|_| anyhow::anyhow!("the input reader failed"))?
    });
    progress.finish_and_clear();
    result?;
    if skipped > 0 {
        eprintln!("quotebench: {skipped} input(s) skipped");
        return Ok(1);
    }
    Ok(0)
}
