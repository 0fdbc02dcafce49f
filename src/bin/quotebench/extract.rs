//! `quotebench extract`: run a strategy's end-to-end task on text outside
//! the gold set, as JSON lines, streaming.
//!
//! A reader thread cuts the input into batches of documents (about 4 MiB
//! each, never more than two batches waiting); it only finds line ends and
//! copies lines into one buffer per batch, and the workers check UTF-8 and
//! parse JSON. A built-in strategy runs on each batch in a rayon pool, the
//! next batch starting while the last one's results are written (at most
//! two batches in flight); an `exec:` plugin runs as one process for the
//! whole run (`--jobs` is ignored, with a warning), fed one document at a
//! time with at most [`PLUGIN_AHEAD`] documents sent ahead of its answers.
//! Either way the main thread writes the results in input order, and memory
//! is bounded by the batches and documents in flight, whatever the input
//! size. Bad input (a file that is not UTF-8, a malformed JSON line) is
//! reported with its file and line and skipped (never sent to a plugin), or
//! stops the run under `--strict`. A plugin that breaks the protocol stops
//! the run with its failure.

use crate::cli::ExtractArgs;
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use quotebench::limits::MAX_DOC_BYTES;
use quotebench::model::Prediction;
use quotebench::plugin;
use quotebench::score::{DocPredictions, Task};
use quotebench::strategy::Strategy;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;

/// Reads and drops the rest of a line (through its `\n`); returns its length.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<usize> {
    let mut skipped = 0;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(skipped);
        }
        if let Some(i) = memchr::memchr(b'\n', buf) {
            reader.consume(i + 1);
            return Ok(skipped + i + 1);
        }
        let n = buf.len();
        reader.consume(n);
        skipped += n;
    }
}

/// Bytes of input per batch handed to the workers.
const BATCH_BYTES: usize = 4 << 20;
/// Documents sent to a plugin ahead of its answers: enough that it never
/// waits for us, few enough that memory stays flat.
const PLUGIN_AHEAD: usize = 8;
/// The longest `--jsonl` line: a document of [`MAX_DOC_BYTES`] with room
/// for its JSON escapes and id.
const MAX_LINE_BYTES: usize = MAX_DOC_BYTES + MAX_DOC_BYTES / 2;
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

/// One line of `--jsonl` input; the text is borrowed from the line when it
/// holds no escapes.
#[derive(Debug, Deserialize)]
struct InputLine<'a> {
    id: serde_json::Value,
    #[serde(borrow)]
    text: Cow<'a, str>,
}

/// What the reader hands to the workers: the raw bytes of its `--jsonl`
/// lines in one buffer (one allocation per batch, not per line) and the
/// items, which point into it.
#[derive(Default)]
struct Batch {
    data: Vec<u8>,
    items: Vec<Item>,
}

/// A unit of work: a document, or a line/file to report and skip.
enum Item {
    /// A raw input line, checked (UTF-8, JSON) by the worker that runs it,
    /// so the reader thread only cuts lines.
    Json {
        /// The input's name, shared by its lines.
        name: Arc<str>,
        /// 1-based line number.
        line_no: u64,
        /// Where the line is in its batch's `data`.
        range: std::ops::Range<usize>,
    },
    Text {
        id: String,
        text: String,
    },
    Bad {
        message: String,
    },
}

/// The document in an item (whose `--jsonl` line is in `data`): (id,
/// text), nothing for a blank line, or the message to report.
fn parse_item(data: &[u8], item: Item) -> Result<Option<(String, Cow<'_, str>)>, String> {
    match item {
        Item::Bad { message } => Err(message),
        Item::Text { id, text } => Ok(Some((id, Cow::Owned(text)))),
        Item::Json {
            name,
            line_no,
            range,
        } => {
            let line = match std::str::from_utf8(&data[range]) {
                Ok(line) if line.trim().is_empty() => return Ok(None),
                Ok(line) => line,
                Err(e) => {
                    return Err(format!(
                        "{name}:{line_no}: not valid UTF-8 (byte {})",
                        e.valid_up_to()
                    ))
                }
            };
            parse_json(&name, line_no, line).map(Some)
        }
    }
}

/// One `--jsonl` line: (id, text), or the message to report.
fn parse_json<'a>(
    name: &str,
    line_no: u64,
    line: &'a str,
) -> Result<(String, Cow<'a, str>), String> {
    let source = || format!("{name}:{line_no}");
    match serde_json::from_str::<InputLine>(line) {
        Ok(l) => {
            let id = match l.id {
                serde_json::Value::String(s) => s,
                serde_json::Value::Number(n) => n.to_string(),
                other => {
                    return Err(format!(
                        "{}: `id` must be a string or a number, found {other}",
                        source()
                    ))
                }
            };
            if l.text.len() > MAX_DOC_BYTES {
                return Err(quotebench::limits::too_large(
                    &format!("{}: the text", source()),
                    l.text.len(),
                ));
            }
            Ok((id, l.text))
        }
        Err(e) => {
            let start: String = line.trim_end().chars().take(40).collect();
            Err(format!(
                "{}: malformed JSON line ({e}): {start:?}",
                source()
            ))
        }
    }
}

/// The output lines for what `strategy` found in one document.
fn records(strategy: &str, id: &str, text: &str, found: &[Prediction]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for p in found {
        let Some(quote) = text.get(p.span.start..p.span.end) else {
            return Err(format!(
                "document `{id}`: strategy `{strategy}` returned span {} outside the text or off a character boundary",
                p.span
            ));
        };
        let record = Record {
            doc: id,
            start: p.span.start,
            end: p.span.end,
            kind: p.kind.map(|k| k.as_str()),
            speaker: p.speaker.as_deref(),
            quote,
        };
        serde_json::to_writer(&mut out, &record).map_err(|e| e.to_string())?;
        out.push(b'\n');
    }
    Ok(out)
}

fn run_item(strategy: &dyn Strategy, data: &[u8], item: Item) -> Result<Vec<u8>, String> {
    match parse_item(data, item)? {
        Some((id, text)) => records(strategy.name(), &id, &text, &strategy.extract(&text)),
        None => Ok(Vec::new()),
    }
}

/// Reads the inputs into batches and sends them down `tx`; returns total bytes seen.
fn read_inputs(
    args: &ExtractArgs,
    tx: std::sync::mpsc::SyncSender<Batch>,
    progress: &ProgressBar,
) -> Result<()> {
    let mut batch = Batch::default();
    let mut size = 0usize;
    let push = |item: Item, bytes: usize, batch: &mut Batch, size: &mut usize| -> bool {
        batch.items.push(item);
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
            let (name, reader): (Arc<str>, Box<dyn Read>) = match &source {
                None => ("<stdin>".into(), Box::new(std::io::stdin().lock())),
                Some(p) => (
                    p.display().to_string().into(),
                    Box::new(
                        std::fs::File::open(p)
                            .with_context(|| format!("cannot open {}", p.display()))?,
                    ),
                ),
            };
            let mut reader = BufReader::with_capacity(1 << 20, reader);
            let mut line_no = 0u64;
            loop {
                // the line goes straight to the end of the batch's buffer
                let start = batch.data.len();
                // A line may hold a document and its JSON escapes (at most
                // 6 bytes per character), no more.
                let n = (&mut reader)
                    .take(MAX_LINE_BYTES as u64)
                    .read_until(b'\n', &mut batch.data)
                    .with_context(|| format!("cannot read {name}"))?;
                if n == 0 {
                    break;
                }
                line_no += 1;
                let item = if n == MAX_LINE_BYTES && batch.data.last() != Some(&b'\n') {
                    batch.data.truncate(start);
                    let rest =
                        skip_line(&mut reader).with_context(|| format!("cannot read {name}"))?;
                    Item::Bad {
                        message: quotebench::limits::too_large(
                            &format!("{name}:{line_no}: the line"),
                            n + rest,
                        ),
                    }
                } else {
                    Item::Json {
                        name: name.clone(),
                        line_no,
                        range: start..start + n,
                    }
                };
                if !push(item, n, &mut batch, &mut size) {
                    return Ok(());
                }
            }
        }
    } else {
        if args.files.is_empty() {
            bail!("no input: give text files (`-` for standard input), or --jsonl to read JSON lines from standard input");
        }
        for path in &args.files {
            // `-` is standard input, one document with id `stdin`.
            let stdin = path.as_os_str() == "-";
            let (name, id) = if stdin {
                ("<stdin>".to_string(), "stdin".to_string())
            } else {
                (
                    path.display().to_string(),
                    path.file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                )
            };
            let reader: Box<dyn Read> = if stdin {
                Box::new(std::io::stdin().lock())
            } else {
                Box::new(std::fs::File::open(path).with_context(|| format!("cannot read {name}"))?)
            };
            // One byte past the limit tells a document that is too large,
            // without reading it all.
            let mut bytes = Vec::new();
            reader
                .take(MAX_DOC_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
                .with_context(|| format!("cannot read {name}"))?;
            let n = bytes.len();
            if n > MAX_DOC_BYTES {
                let len = if stdin {
                    n
                } else {
                    std::fs::metadata(path).map_or(n, |m| m.len() as usize)
                };
                let item = Item::Bad {
                    message: quotebench::limits::too_large(&name, len),
                };
                if !push(item, 0, &mut batch, &mut size) {
                    return Ok(());
                }
                continue;
            }
            let item = match String::from_utf8(bytes) {
                Ok(text) => Item::Text { id, text },
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let line = 1 + memchr::memchr_iter(b'\n', &e.as_bytes()[..at]).count();
                    Item::Bad {
                        message: format!("{name}:{line}: not valid UTF-8 (byte {at})"),
                    }
                }
            };
            if !push(item, n, &mut batch, &mut size) {
                return Ok(());
            }
        }
    }
    if !batch.items.is_empty() {
        let _ = tx.send(batch);
    }
    Ok(())
}

/// What runs: a built-in on a thread pool, or one plugin process.
enum Engine {
    Builtin {
        strategy: Box<dyn Strategy>,
        pool: rayon::ThreadPool,
    },
    Plugin {
        command: plugin::Command,
        options: plugin::Options,
    },
}

pub fn run(args: ExtractArgs) -> Result<u8> {
    // Checked whatever the strategy, as `eval` does.
    let options = crate::runner::options(&args.plugin)?;
    let engine = if plugin::is_exec(&args.strategy) {
        let command = plugin::Command::parse(&args.strategy)?;
        if let Some(jobs) = args.jobs {
            eprintln!(
                "quotebench: warning: --jobs {jobs} is ignored for exec: strategies (one plugin process per run)"
            );
        }
        Engine::Plugin { command, options }
    } else {
        let strategy = quotebench::strategy::by_name(&args.strategy)?;
        let jobs = args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        if jobs == 0 {
            bail!("--jobs must be at least 1");
        }
        let most = quotebench::limits::max_jobs();
        if jobs > most {
            bail!(
                "--jobs {jobs} is more than {most}, {} times the cores of this machine (README.md, Limits); more threads than that only cost memory",
                quotebench::limits::JOBS_PER_CORE
            );
        }
        let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
        Engine::Builtin { strategy, pool }
    };
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
    let (tx, rx) = sync_channel::<Batch>(2);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut skipped = Skipped {
        strict: args.strict,
        count: 0,
        progress: &progress,
    };
    let result = std::thread::scope(|scope| -> Result<()> {
        let reader = scope.spawn(|| read_inputs(&args, tx, &progress));
        match &engine {
            Engine::Builtin { strategy, pool } => {
                run_builtin(strategy.as_ref(), pool, rx, &mut out, &mut skipped)?
            }
            Engine::Plugin { command, options } => {
                run_plugin(command, options, rx, &mut out, &mut skipped)?
            }
        }
        out.flush()?;
        reader
            .join()
            .map_err(|_| anyhow::anyhow!("the input reader failed"))?
    });
    progress.finish_and_clear();
    result?;
    if skipped.count > 0 {
        eprintln!("quotebench: {} input(s) skipped", skipped.count);
        return Ok(1);
    }
    Ok(0)
}

/// Bad inputs: reported and counted, or fatal under `--strict`.
struct Skipped<'a> {
    strict: bool,
    count: usize,
    progress: &'a ProgressBar,
}

impl Skipped<'_> {
    fn report(&mut self, message: String) -> Result<()> {
        if self.strict {
            bail!("{message}");
        }
        self.count += 1;
        self.progress
            .suspend(|| eprintln!("quotebench: warning: {message}; skipped"));
        Ok(())
    }
}

fn run_builtin(
    strategy: &dyn Strategy,
    pool: &rayon::ThreadPool,
    batches: Receiver<Batch>,
    out: &mut impl Write,
    skipped: &mut Skipped,
) -> Result<()> {
    // Batches run on the pool one after another without a pause between
    // them: the next one starts while this thread writes the last one's
    // results. At most `IN_FLIGHT` batches are being run or waiting to be
    // written, so memory stays bounded.
    const IN_FLIGHT: usize = 2;
    type Results = Vec<Result<Vec<u8>, String>>;
    let write = |rx: Receiver<Results>, out: &mut dyn Write, skipped: &mut Skipped| -> Result<()> {
        let results = rx.recv().map_err(|_| anyhow::anyhow!("a worker failed"))?;
        for r in results {
            match r {
                Ok(lines) => out.write_all(&lines)?,
                Err(message) => skipped.report(message)?,
            }
        }
        Ok(())
    };
    pool.in_place_scope(|scope| -> Result<()> {
        let mut pending: VecDeque<Receiver<Results>> = VecDeque::with_capacity(IN_FLIGHT + 1);
        for batch in batches {
            let (tx, rx) = sync_channel::<Results>(1);
            scope.spawn(move |_| {
                let Batch { data, items } = batch;
                let results: Results = items
                    .into_par_iter()
                    .map(|item| run_item(strategy, &data, item))
                    .collect();
                let _ = tx.send(results);
            });
            pending.push_back(rx);
            if pending.len() >= IN_FLIGHT {
                if let Some(oldest) = pending.pop_front() {
                    write(oldest, out, skipped)?;
                }
            }
        }
        while let Some(oldest) = pending.pop_front() {
            write(oldest, out, skipped)?;
        }
        Ok(())
    })
}

/// One plugin process for the whole run: documents go to it in input order
/// as they are read, at most [`PLUGIN_AHEAD`] ahead of its answers, and
/// each answer is written as soon as it is checked.
fn run_plugin(
    command: &plugin::Command,
    options: &plugin::Options,
    batches: Receiver<Batch>,
    out: &mut impl Write,
    skipped: &mut Skipped,
) -> Result<()> {
    let mut session = plugin::Session::start(command, Task::EndToEnd, None, options)?;
    // The documents sent and not yet answered, oldest first.
    let mut sent: VecDeque<(String, String)> = VecDeque::with_capacity(PLUGIN_AHEAD);
    let mut answer = |session: &mut plugin::Session, (id, text): (String, String)| -> Result<()> {
        let input = plugin::Input {
            doc: &id,
            text: &text,
            spans: Vec::new(),
        };
        let answer = session.receive_answer(&input)?;
        // Protocol 2: what a record cannot carry is said on stderr.
        if let Some(reason) = &answer.skipped {
            eprintln!(
                "quotebench: warning: {}: document `{id}` skipped: {reason}",
                session.label()
            );
        }
        let ungrounded = answer.by_text.iter().filter(|q| q.span.is_err()).count();
        if ungrounded > 0 {
            eprintln!(
                "quotebench: warning: {}: document `{id}`: {ungrounded} quote(s) given by their words could not be placed in the text (not written)",
                session.label()
            );
        }
        let DocPredictions::Quotes(found) = answer.predictions else {
            unreachable!("an end-to-end session answers with quotes")
        };
        let lines = records(&session.label(), &id, &text, &found).map_err(anyhow::Error::msg)?;
        out.write_all(&lines)?;
        Ok(())
    };
    for batch in batches {
        for item in batch.items {
            match parse_item(&batch.data, item) {
                Ok(None) => {}
                Ok(Some((id, text))) => {
                    let doc = (id, text.into_owned());
                    if sent.len() == PLUGIN_AHEAD {
                        if let Some(oldest) = sent.pop_front() {
                            answer(&mut session, oldest)?;
                        }
                    }
                    session.send(&plugin::Input {
                        doc: &doc.0,
                        text: &doc.1,
                        spans: Vec::new(),
                    });
                    sent.push_back(doc);
                }
                Err(message) => {
                    if skipped.strict {
                        // Everything before the bad input is written first,
                        // as for a built-in.
                        while let Some(oldest) = sent.pop_front() {
                            answer(&mut session, oldest)?;
                        }
                    }
                    skipped.report(message)?;
                }
            }
        }
    }
    session.close();
    while let Some(oldest) = sent.pop_front() {
        answer(&mut session, oldest)?;
    }
    session.finish()?;
    Ok(())
}
