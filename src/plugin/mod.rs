//! External strategies: any program that speaks the JSON-lines protocol of
//! PLUGINS.md (protocols 1 and [`PROTOCOL`]) on its standard input and
//! output, named on the command line as `exec:COMMAND ARGS`.
//!
//! [`run`] starts one process per run, sends it a hello and every document,
//! reads one answer per document, checks each answer against what was sent
//! and returns the predictions ready for [`crate::score::score_predictions`]
//! ([`evaluate`] does both). [`run_tasks`] and [`evaluate_tasks`] serve
//! several tasks through one process when the plugin says it can (protocol
//! 2), and fall back to one process per task otherwise. [`Session`] is the
//! same conversation one document at a time, for callers that stream
//! (`quotebench extract`); [`run`] is a loop over it, so both make the same
//! checks. [`answer::parse_answer`] checks one answer line on its own (the
//! fuzz target's entry). [`ground`] places quotes given by their words.
//! Anything the plugin gets wrong is an [`Error::Plugin`] whose [`Failure`]
//! says exactly what and where; the process is killed when it is no longer
//! needed. No shell runs the command: [`Command::parse`] splits it into
//! words as a shell would.
//!
//! This module does not rank, render or decide exit codes: callers do
//! (`compare` turns a failure into a failed leaderboard row).
//!
//! ```no_run
//! use std::path::Path;
//! use quotebench::plugin::{self, Command, Options};
//! use quotebench::score::{Settings, Task};
//! let corpus = quotebench::gold::load(Path::new("seeds"), Path::new("gold")).unwrap();
//! let command = Command::parse("exec:python3 examples/plugins/nearest_name.py").unwrap();
//! let scored = plugin::evaluate(&corpus, &command, Task::Attribution, &Settings::default(), &Options::default()).unwrap();
//! println!("{}", scored.signature); // …|strategy:exec:nearest-name@2;cmd=…
//! ```

pub mod answer;
pub mod ground;
mod hello;
mod session;

pub use answer::{Answer, TextQuote};
pub use session::Session;

use crate::error::{Error, Result};
use crate::gold::Corpus;
use crate::model::Span;
use crate::score::{DocPredictions, Notes, Scored, Settings, Task};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::time::Duration;

/// The newest protocol version this quotebench speaks (it also speaks 1).
pub const PROTOCOL: u64 = 2;

/// Every protocol version this quotebench speaks.
pub const PROTOCOLS: [u64; 2] = [1, 2];

/// The prefix that marks a strategy name as an external command.
pub const PREFIX: &str = "exec:";

/// How long a plugin may take, per answer, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The longest line a plugin may print on stdout, in bytes (4 MiB).
pub const MAX_LINE: usize = 4 << 20;

/// The longest speaker name, in bytes.
pub const MAX_NAME: usize = 256;

/// The longest hello `name` or `version`, in bytes.
pub const MAX_LABEL: usize = 64;

/// How many of the plugin's last stderr lines a failure shows.
const STDERR_TAIL: usize = 3;

/// True when `name` names an external command (`exec:…`) rather than a
/// built-in strategy.
///
/// ```
/// assert!(quotebench::plugin::is_exec("exec:python3 plugin.py"));
/// assert!(!quotebench::plugin::is_exec("null"));
/// ```
pub fn is_exec(name: &str) -> bool {
    name.starts_with(PREFIX)
}

/// The first 8 hex digits of the SHA-256 of `bytes`.
fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A plugin's command line, split into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The program and its arguments.
    pub argv: Vec<String>,
}

impl Command {
    /// Splits `spec` (with or without the `exec:` prefix) into words as a
    /// POSIX shell would (quotes and backslashes work; nothing is expanded
    /// and no shell runs).
    ///
    /// ```
    /// let c = quotebench::plugin::Command::parse("exec:python3 'my plugin.py' --k 3").unwrap();
    /// assert_eq!(c.argv, ["python3", "my plugin.py", "--k", "3"]);
    /// ```
    pub fn parse(spec: &str) -> Result<Command> {
        let words = spec.strip_prefix(PREFIX).unwrap_or(spec);
        let fail = |message: String| Error::Plugin {
            strategy: format!("{PREFIX}{}@?", words.trim()),
            failure: Box::new(Failure::Command {
                command: words.to_owned(),
                message,
            }),
        };
        let argv = shell_words::split(words).map_err(|e| fail(e.to_string()))?;
        if argv.is_empty() {
            return Err(fail(
                "no program named (write `exec:PROGRAM ARGS`, e.g. `exec:python3 plugin.py`)"
                    .into(),
            ));
        }
        Ok(Command { argv })
    }

    /// The label used until the plugin says who it is: `exec:` and the
    /// command line, with version `?`.
    pub fn provisional_label(&self) -> String {
        format!("{PREFIX}{}@?", shell_words::join(&self.argv))
    }

    /// The first 8 hex digits of the SHA-256 of the command line (its
    /// words joined as a shell would quote them): part of the signature, so
    /// that two runs with different arguments never share one.
    ///
    /// ```
    /// use quotebench::plugin::Command;
    /// let a = Command::parse("exec:python3 p.py --model small").unwrap();
    /// let b = Command::parse("exec:python3 p.py --model  'small'").unwrap();
    /// assert_eq!(a.hash(), b.hash()); // the same words
    /// assert_ne!(a.hash(), Command::parse("exec:python3 p.py --model large").unwrap().hash());
    /// ```
    pub fn hash(&self) -> String {
        short_hash(shell_words::join(&self.argv).as_bytes())
    }
}

/// How to run a plugin.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long the plugin may take while an answer is due (for its hello,
    /// for each document, and for its exit after the last one), whatever it
    /// prints meanwhile.
    pub timeout: Duration,
    /// Copy each line of the plugin's stderr to ours, prefixed `[NAME] `.
    pub echo_stderr: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: DEFAULT_TIMEOUT,
            echo_stderr: true,
        }
    }
}

/// One document to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input<'a> {
    /// Document id.
    pub doc: &'a str,
    /// The text.
    pub text: &'a str,
    /// Attribution: the content spans to attribute (quote ids are `q1`,
    /// `q2`, … in this order). End-to-end: empty.
    pub spans: Vec<Span>,
}

/// The documents of a corpus as sent for `task`, in id order.
pub fn inputs(corpus: &Corpus, task: Task) -> Vec<Input<'_>> {
    corpus
        .docs
        .iter()
        .map(|(id, d)| Input {
            doc: id,
            text: &d.text,
            spans: match task {
                Task::Attribution => corpus.quotes_of(id).map(|q| q.span).collect(),
                Task::EndToEnd => Vec::new(),
            },
        })
        .collect()
}

/// The id of the `i`-th (0-based) quote of a document: `q1`, `q2`, …
pub fn quote_id(i: usize) -> String {
    format!("q{}", i + 1)
}

/// A finished run: who the plugin said it was, and what it predicted.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Its hello.
    pub hello: Hello,
    /// The hash of its command line ([`Command::hash`]).
    pub command: String,
    /// One entry per document sent.
    pub predictions: BTreeMap<String, DocPredictions>,
    /// Skipped documents, quotes given by their words: what the scorer
    /// reports beside the predictions.
    pub notes: Notes,
}

impl Run {
    /// The strategy part of the signature:
    /// `exec:NAME@VERSION;cmd=HASH`, with `;config=HASH` when the hello
    /// sent a `config`.
    pub fn label(&self) -> String {
        let mut label = format!("{};cmd={}", self.hello.label(), self.command);
        if let Some(config) = &self.hello.config {
            label.push_str(";config=");
            label.push_str(config);
        }
        label
    }

    fn new(hello: Hello, command: &Command) -> Run {
        Run {
            hello,
            command: command.hash(),
            predictions: BTreeMap::new(),
            notes: Notes::default(),
        }
    }

    fn add(&mut self, doc: &str, answer: Answer) {
        if let Some(reason) = answer.skipped {
            self.notes.skipped.insert(doc.to_owned(), reason);
        }
        for q in answer.by_text {
            match q.span {
                Ok(span) => {
                    self.notes
                        .quoted
                        .entry(doc.to_owned())
                        .or_default()
                        .insert(span, q.quote);
                }
                Err(reason) => self
                    .notes
                    .ungrounded
                    .entry(doc.to_owned())
                    .or_default()
                    .push(crate::score::UngroundedQuote {
                        quote: q.quote,
                        reason: reason.to_string(),
                        speaker: q.speaker,
                        kind: q.kind,
                    }),
            }
        }
        self.predictions.insert(doc.to_owned(), answer.predictions);
    }
}

/// Who a plugin said it was, in its hello.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hello {
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// The protocol it speaks (1 when its hello did not say).
    pub protocol: u64,
    /// The tasks it serves: protocol 2's `"tasks"` (every task, when
    /// absent); under protocol 1, the one task of quotebench's hello.
    pub tasks: Vec<Task>,
    /// The first 8 hex digits of the SHA-256 of its `config` object
    /// (serialised with sorted keys), when it sent one.
    pub config: Option<String>,
}

impl Hello {
    /// `exec:NAME@VERSION`: how failures name the plugin.
    pub fn label(&self) -> String {
        format!("{PREFIX}{}@{}", self.name, self.version)
    }

    /// True when it serves `task`.
    pub fn serves(&self, task: Task) -> bool {
        self.tasks.contains(&task)
    }
}

/// Everything a plugin can get wrong. Each message is one line; the
/// `stdout line N` in it counts the lines the plugin printed, from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    /// The command line cannot be split into words, or is empty.
    #[error("cannot split the command line `{command}`: {message}")]
    Command {
        /// The command line as given.
        command: String,
        /// Why.
        message: String,
    },
    /// The program could not be started.
    #[error("cannot start `{program}`: {message}")]
    Spawn {
        /// The program.
        program: String,
        /// The operating system's reason.
        message: String,
    },
    /// The process ended before answering every document, or with a
    /// non-zero status after.
    #[error("exited with {status} {when}; {}", tail(stderr))]
    Exited {
        /// `exit code N` or `signal N`.
        status: String,
        /// `while quotebench waited for …` or `after answering every document`.
        when: String,
        /// The last lines of its stderr.
        stderr: Vec<String>,
    },
    /// No answer came within the timeout: the process was killed.
    #[error("{} {seconds} s while quotebench waited for {waiting}{}; the process was killed (raise --timeout if it is just slow{}); {}",
        if *busy { "printed no answer within" } else { "silent for more than" },
        if *hello { ", after its hello" } else if waiting.as_str() == "its hello" { " (nothing on stdout yet)" } else { "" },
        if *hello { "" } else { ": a model loaded before the hello counts against it" },
        tail(stderr))]
    Timeout {
        /// The timeout, in seconds.
        seconds: String,
        /// What was due.
        waiting: String,
        /// Whether its hello had been read.
        hello: bool,
        /// Whether it printed (blank lines, or part of a line) meanwhile.
        busy: bool,
        /// The last lines of its stderr.
        stderr: Vec<String>,
    },
    /// A line longer than [`MAX_LINE`].
    #[error(
        "stdout line {line}: longer than {} bytes, the most a line may be: `{start}`",
        MAX_LINE
    )]
    LineTooLong {
        /// Line of its stdout.
        line: usize,
        /// The start of the line.
        start: String,
    },
    /// A line that is not a JSON object.
    #[error("stdout line {line}: not a JSON object ({reason}): `{start}`")]
    NotJson {
        /// Line of its stdout.
        line: usize,
        /// The parser's reason.
        reason: String,
        /// The start of the line.
        start: String,
    },
    /// A JSON object that is not the message due, or lacks a field.
    #[error("stdout line {line}: {message}")]
    BadMessage {
        /// Line of its stdout.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The plugin sent `{"type":"error"}`.
    #[error("stdout line {line}: the plugin reported an error: {message}")]
    Reported {
        /// Line of its stdout.
        line: usize,
        /// Its message.
        message: String,
    },
    /// Its protocol-2 hello does not list a task it was asked for.
    #[error("stdout line {line}: hello: the plugin serves {served}, not {task} (its \"tasks\")")]
    NotServed {
        /// Line of its stdout.
        line: usize,
        /// The task asked for.
        task: Task,
        /// The tasks it lists.
        served: String,
    },
    /// Answers for another document than the one due.
    #[error("stdout line {line}: answered for document `{got}`, but the document due was `{expected}` ({position}); answer every document once, in the order sent")]
    WrongDocument {
        /// Line of its stdout.
        line: usize,
        /// The document it named.
        got: String,
        /// The document due.
        expected: String,
        /// `2 of 5`, `number 2` or `end-to-end, 2 of 5`.
        position: String,
    },
    /// A quote id that was sent has no prediction.
    #[error("stdout line {line}: document `{doc}`: quote id `{id}` has no prediction (every id sent needs exactly one; use \"speaker\":null to abstain)")]
    MissingQuote {
        /// Line of its stdout.
        line: usize,
        /// The document.
        doc: String,
        /// The quote id.
        id: String,
    },
    /// A prediction for a quote id that was never sent.
    #[error("stdout line {line}: document `{doc}`: quote id `{id}` was never sent (this document's ids are {known})")]
    UnknownQuote {
        /// Line of its stdout.
        line: usize,
        /// The document.
        doc: String,
        /// The invented id.
        id: String,
        /// The ids sent, for the message.
        known: String,
    },
    /// Two predictions for one quote id.
    #[error("stdout line {line}: document `{doc}`: quote id `{id}` has more than one prediction")]
    DuplicateQuote {
        /// Line of its stdout.
        line: usize,
        /// The document.
        doc: String,
        /// The id.
        id: String,
    },
    /// An end-to-end span that is inverted, empty, out of range or off a
    /// character boundary.
    #[error("stdout line {line}: document `{doc}`: prediction {index}: {message}")]
    BadSpan {
        /// Line of its stdout.
        line: usize,
        /// The document.
        doc: String,
        /// 1-based position in `predictions`.
        index: usize,
        /// What is wrong with it.
        message: String,
    },
    /// Output after the answer to the last document.
    #[error("stdout line {line}: output after the answer to the last document: `{start}`")]
    ExtraOutput {
        /// Line of its stdout.
        line: usize,
        /// The start of the line.
        start: String,
    },
    /// Reading the plugin's output failed.
    #[error("cannot read its output: {0}")]
    Io(String),
}

fn tail(lines: &[String]) -> String {
    if lines.is_empty() {
        "its stderr was empty".into()
    } else {
        format!("last lines of its stderr: {}", lines.join(" | "))
    }
}

/// Runs the plugin and scores its predictions: [`run`] then
/// [`crate::score::score_with_notes`] with the label of [`Run::label`].
pub fn evaluate(
    corpus: &Corpus,
    command: &Command,
    task: Task,
    settings: &Settings,
    options: &Options,
) -> Result<Scored> {
    settings.validate()?;
    let run = run(command, task, &inputs(corpus, task), options)?;
    score(corpus, task, settings, &run)
}

fn score(corpus: &Corpus, task: Task, settings: &Settings, run: &Run) -> Result<Scored> {
    crate::score::score_with_notes(
        corpus,
        task,
        settings,
        &run.label(),
        &run.predictions,
        &run.notes,
    )
}

/// [`evaluate`] for several tasks, through one process when the plugin
/// serves them all (protocol 2), else one process per task. One result per
/// task, in the order given.
pub fn evaluate_tasks(
    corpus: &Corpus,
    command: &Command,
    tasks: &[Task],
    settings: &Settings,
    options: &Options,
) -> Vec<(Task, Result<Scored>)> {
    if let Err(e) = settings.validate() {
        return tasks.iter().map(|&t| (t, Err(again(&e)))).collect();
    }
    let docs: BTreeMap<Task, Vec<Input<'_>>> =
        tasks.iter().map(|&t| (t, inputs(corpus, t))).collect();
    run_tasks(command, tasks, &docs, options)
        .into_iter()
        .map(|(t, r)| (t, r.and_then(|run| score(corpus, t, settings, &run))))
        .collect()
}

/// Runs the plugin once over `docs` for `task` and returns its checked
/// predictions, or the first thing it got wrong as an [`Error::Plugin`].
///
/// A loop over a [`Session`]: every document is sent at once (the plugin
/// may read ahead and batch as far as it likes, as PLUGINS.md promises),
/// then the answers are read in order.
pub fn run(command: &Command, task: Task, docs: &[Input<'_>], options: &Options) -> Result<Run> {
    let mut session = Session::start(command, task, Some(docs.len()), options)?;
    for doc in docs {
        session.send(doc);
    }
    session.close();
    let mut answers = Vec::with_capacity(docs.len());
    for doc in docs {
        answers.push(session.receive_answer(doc)?);
    }
    let mut run = Run::new(session.finish()?, command);
    for (doc, answer) in docs.iter().zip(answers) {
        run.add(doc.doc, answer);
    }
    Ok(run)
}

/// Runs several tasks (`docs` holds each task's documents) through one
/// process when the plugin's protocol-2 hello says it serves them, and
/// falls back to one process per task for a protocol-1 plugin. A task the
/// plugin does not serve fails with [`Failure::NotServed`]; a failure while
/// one process serves several tasks fails all of them. One result per task
/// in `tasks`, in order.
pub fn run_tasks(
    command: &Command,
    tasks: &[Task],
    docs: &BTreeMap<Task, Vec<Input<'_>>>,
    options: &Options,
) -> Vec<(Task, Result<Run>)> {
    let empty = Vec::new();
    let docs_of = |t: Task| docs.get(&t).unwrap_or(&empty);
    let Some(&first) = tasks.first() else {
        return Vec::new();
    };
    let totals: BTreeMap<Task, usize> = tasks.iter().map(|&t| (t, docs_of(t).len())).collect();
    let all_fail = |e: Error| tasks.iter().map(|&t| (t, Err(again(&e)))).collect();
    let mut session = match Session::start_tasks(command, tasks, totals, options) {
        Ok(s) => s,
        Err(e) => return all_fail(e),
    };
    let hello = match session.hello() {
        Ok(h) => h,
        Err(e) => return all_fail(e),
    };
    if hello.protocol < 2 {
        // Protocol 1: this process serves the first task only.
        let mut results = vec![(first, single(session, command, docs_of(first)))];
        for &t in &tasks[1..] {
            results.push((t, run(command, t, docs_of(t), options)));
        }
        return results;
    }
    let served: Vec<Task> = tasks.iter().copied().filter(|&t| hello.serves(t)).collect();
    for &t in &served {
        for doc in docs_of(t) {
            session.send_for(t, doc);
        }
    }
    session.close();
    let mut runs: BTreeMap<Task, Run> = BTreeMap::new();
    let mut failure = None;
    'tasks: for &t in &served {
        let mut r = Run::new(hello.clone(), command);
        for doc in docs_of(t) {
            match session.receive_answer(doc) {
                Ok(a) => r.add(doc.doc, a),
                Err(e) => {
                    failure = Some(e);
                    break 'tasks;
                }
            }
        }
        runs.insert(t, r);
    }
    if failure.is_none() {
        match session.finish() {
            Ok(h) => {
                for r in runs.values_mut() {
                    r.hello = h.clone();
                }
            }
            Err(e) => failure = Some(e),
        }
    }
    tasks
        .iter()
        .map(|&t| {
            let result = if !hello.serves(t) {
                Err(Error::Plugin {
                    strategy: hello.label(),
                    failure: Box::new(Failure::NotServed {
                        line: 1,
                        task: t,
                        served: hello
                            .tasks
                            .iter()
                            .map(|t| t.as_str())
                            .collect::<Vec<_>>()
                            .join(" and "),
                    }),
                })
            } else if let Some(e) = &failure {
                Err(again(e))
            } else {
                runs.remove(&t).ok_or_else(|| unreachable_run(t))
            };
            (t, result)
        })
        .collect()
}

fn unreachable_run(t: Task) -> Error {
    Error::InvalidSetting(format!("no run for {t}"))
}

/// The same error again, for each task a shared process failed.
fn again(e: &Error) -> Error {
    match e {
        Error::Plugin { strategy, failure } => Error::Plugin {
            strategy: strategy.clone(),
            failure: match failure.downcast_ref::<Failure>() {
                Some(f) => Box::new(f.clone()),
                None => Box::new(Failure::Io(failure.to_string())),
            },
        },
        Error::BadPrediction {
            strategy,
            doc,
            message,
        } => Error::BadPrediction {
            strategy: strategy.clone(),
            doc: doc.clone(),
            message: message.clone(),
        },
        e => Error::InvalidSetting(e.to_string()),
    }
}

/// The rest of [`run`] on a session already started (and greeted).
fn single(mut session: Session, command: &Command, docs: &[Input<'_>]) -> Result<Run> {
    for doc in docs {
        session.send(doc);
    }
    session.close();
    let mut answers = Vec::with_capacity(docs.len());
    for doc in docs {
        answers.push(session.receive_answer(doc)?);
    }
    let mut run = Run::new(session.finish()?, command);
    for (doc, answer) in docs.iter().zip(answers) {
        run.add(doc.doc, answer);
    }
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_like_a_shell_without_one() {
        let c = Command::parse("exec:python3 -c 'print(1); print(2)' $HOME").unwrap();
        assert_eq!(c.argv, ["python3", "-c", "print(1); print(2)", "$HOME"]);
        assert!(Command::parse("exec:").is_err());
        assert!(Command::parse("exec:python3 'unclosed").is_err());
    }

    #[test]
    fn the_label_carries_the_command_and_config_hashes() {
        let c = Command::parse("exec:python3 p.py").unwrap();
        let hello = Hello {
            name: "p".into(),
            version: "1".into(),
            protocol: 2,
            tasks: Task::ALL.to_vec(),
            config: None,
        };
        let mut run = Run::new(hello, &c);
        assert_eq!(run.label(), format!("exec:p@1;cmd={}", c.hash()));
        assert_eq!(c.hash().len(), 8);
        run.hello.config = Some("0badcafe".into());
        assert!(run.label().ends_with(";config=0badcafe"));
    }
}
