//! External strategies: any program that speaks the JSON-lines protocol of
//! PLUGINS.md (protocol [`PROTOCOL`]) on its standard input and output,
//! named on the command line as `exec:COMMAND ARGS`.
//!
//! [`run`] starts one process per run, sends it a hello and every document,
//! reads one answer per document, checks each answer against what was sent
//! and returns the predictions ready for [`crate::score::score_predictions`]
//! ([`evaluate`] does both). [`Session`] is the same conversation one
//! document at a time, for callers that stream (`quotebench extract`);
//! [`run`] is a loop over it, so both make the same checks. Anything the plugin gets wrong is an
//! [`Error::Plugin`] whose [`Failure`] says exactly what and where; the
//! process is killed when it is no longer needed. No shell runs the command:
//! [`Command::parse`] splits it into words as a shell would.
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
//! println!("{}", scored.signature); // …|strategy:exec:nearest-name@1
//! ```

use crate::error::{Error, Result};
use crate::gold::Corpus;
use crate::jsonl::{self, LineError, Object};
use crate::model::{Prediction, Span};
use crate::score::{DocPredictions, Scored, Settings, Task};
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The protocol version this quotebench speaks.
pub const PROTOCOL: u64 = 1;

/// The prefix that marks a strategy name as an external command.
pub const PREFIX: &str = "exec:";

/// How long a plugin may stay silent, per document, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

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
}

/// How to run a plugin.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long the plugin may stay silent while an answer is due (for its
    /// hello, for each document, and for its exit after the last one).
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
    /// The name from its hello.
    pub name: String,
    /// The version from its hello.
    pub version: String,
    /// One entry per document sent.
    pub predictions: BTreeMap<String, DocPredictions>,
}

impl Run {
    /// `exec:NAME@VERSION`, the strategy part of the signature.
    pub fn label(&self) -> String {
        format!("{PREFIX}{}@{}", self.name, self.version)
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
    /// The process was silent too long and was killed.
    #[error("silent for more than {seconds} s while quotebench waited for {waiting}; the process was killed (raise --timeout if it is just slow)")]
    Timeout {
        /// The timeout, in seconds.
        seconds: String,
        /// What was due.
        waiting: String,
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
    /// Answers for another document than the one due.
    #[error("stdout line {line}: answered for document `{got}`, but the document due was `{expected}` ({}); answer every document once, in the order sent", position(*index, *total))]
    WrongDocument {
        /// Line of its stdout.
        line: usize,
        /// The document it named.
        got: String,
        /// The document due.
        expected: String,
        /// 1-based position of the document due.
        index: usize,
        /// How many documents are sent in all, when known (not when they
        /// are streamed).
        total: Option<usize>,
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
/// [`crate::score::score_predictions`] with label `exec:NAME@VERSION`.
pub fn evaluate(
    corpus: &Corpus,
    command: &Command,
    task: Task,
    settings: &Settings,
    options: &Options,
) -> Result<Scored> {
    settings.validate()?;
    let run = run(command, task, &inputs(corpus, task), options)?;
    crate::score::score_predictions(corpus, task, settings, &run.label(), &run.predictions)
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
    let mut predictions = BTreeMap::new();
    for doc in docs {
        predictions.insert(doc.doc.to_owned(), session.receive(doc)?);
    }
    let hello = session.finish()?;
    Ok(Run {
        name: hello.name,
        version: hello.version,
        predictions,
    })
}

/// Who a plugin said it was, in its hello.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hello {
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
}

impl Hello {
    /// `exec:NAME@VERSION`, the strategy part of the signature.
    pub fn label(&self) -> String {
        format!("{PREFIX}{}@{}", self.name, self.version)
    }
}

/// The plugin's stderr, copied to ours line by line as `[NAME] line`.
/// Lines that come before its hello has been read are held back until the
/// name is known (or the run ends), so that every line carries the name.
struct Echo {
    enabled: bool,
    name: Option<String>,
    pending: Vec<String>,
}

impl Echo {
    fn line(&mut self, line: &str) {
        if !self.enabled {
            return;
        }
        match &self.name {
            // Ignore a closed stderr: the echo is a courtesy.
            Some(name) => {
                let _ = writeln!(std::io::stderr(), "[{name}] {line}");
            }
            None => self.pending.push(line.to_owned()),
        }
    }
}

/// What the stdout reader thread reports.
enum Event {
    Line(Vec<u8>),
    Eof,
    Failed(String),
}

/// One running plugin process, driven one document at a time: the
/// incremental form of [`run`], for callers that stream documents and
/// cannot hold them all (`quotebench extract`).
///
/// [`send`](Session::send) queues a document for a writer thread of its own
/// (so a plugin that does not read never blocks the caller);
/// [`receive`](Session::receive) reads and checks the answer to the oldest
/// document sent and not yet answered; [`close`](Session::close) ends the
/// plugin's input; [`finish`](Session::finish) checks that it then exits
/// cleanly. The plugin's hello is read and checked when the first answer
/// (or the exit) is due.
///
/// The session holds the messages sent and not yet written to the plugin,
/// nothing more: a caller that keeps at most N documents
/// [`outstanding`](Session::outstanding) (sent, not yet received) keeps
/// memory flat. The first failure kills the process and is returned again
/// by every later call. Dropping a session kills the process if it is still
/// running.
///
/// ```no_run
/// use quotebench::plugin::{Command, Input, Options, Session};
/// use quotebench::score::{DocPredictions, Task};
/// let command = Command::parse("exec:python3 examples/plugins/nearest_name.py").unwrap();
/// let mut session = Session::start(&command, Task::EndToEnd, None, &Options::default()).unwrap();
/// let doc = Input { doc: "a", text: "“We are ready,” Jane Doe said.", spans: vec![] };
/// session.send(&doc);
/// let DocPredictions::Quotes(found) = session.receive(&doc).unwrap() else { unreachable!() };
/// session.close();
/// println!("{} found {} quote(s)", session.finish().unwrap().label(), found.len());
/// ```
pub struct Session {
    task: Task,
    options: Options,
    child: Child,
    provisional: String,
    hello: Option<Hello>,
    /// Messages for the writer thread; `None` once the input is closed.
    input: Option<Sender<String>>,
    /// Where its stderr lines go (prefixed with its name once known).
    echo: Arc<Mutex<Echo>>,
    stdout: Receiver<Event>,
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
    stderr_done: Receiver<()>,
    /// How many documents will be sent, when known (for messages).
    total: Option<usize>,
    sent: usize,
    received: usize,
    /// Lines of stdout read so far.
    line: usize,
    exited: Option<ExitStatus>,
    failure: Option<Failure>,
}

impl Session {
    /// Starts the plugin and sends it quotebench's hello. `total` is how
    /// many documents will be sent, if known: failure messages then say
    /// `document `b` (2 of 2)` rather than `document `b` (number 2)`.
    ///
    /// The only failure here is a program that cannot be started; anything
    /// else shows when an answer is due.
    pub fn start(
        command: &Command,
        task: Task,
        total: Option<usize>,
        options: &Options,
    ) -> Result<Session> {
        let provisional = command.provisional_label();
        let program = &command.argv[0];
        let mut child = std::process::Command::new(program)
            .args(&command.argv[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::Plugin {
                strategy: provisional.clone(),
                failure: Box::new(Failure::Spawn {
                    program: program.clone(),
                    message: e.to_string(),
                }),
            })?;
        let (stdin, stdout, stderr) =
            match (child.stdin.take(), child.stdout.take(), child.stderr.take()) {
                (Some(i), Some(o), Some(e)) => (i, o, e),
                _ => unreachable!("all three streams were requested as pipes"),
            };

        // The writer: messages are serialised by `send` and written by a
        // thread of its own, so a plugin that does not read cannot block
        // us. It flushes whenever it has nothing more to write, so that the
        // plugin always has every document sent so far.
        let (input, queue) = mpsc::channel::<String>();
        thread::spawn(move || {
            let mut stdin = std::io::BufWriter::new(stdin);
            loop {
                let message = match queue.try_recv() {
                    Ok(m) => m,
                    Err(TryRecvError::Empty) => {
                        if stdin.flush().is_err() {
                            return;
                        }
                        match queue.recv() {
                            Ok(m) => m,
                            Err(_) => break,
                        }
                    }
                    Err(TryRecvError::Disconnected) => break,
                };
                if stdin.write_all(message.as_bytes()).is_err() || stdin.write_all(b"\n").is_err() {
                    return; // the plugin is gone; its exit is reported from stdout
                }
            }
            // Dropping stdin closes it: the plugin reads end of input.
            let _ = stdin.flush();
        });
        // Cannot fail: the writer holds the receiver until the sender is dropped.
        let _ = input.send(hello_message(task));

        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut buf = Vec::new();
                let event = match reader.read_until(b'\n', &mut buf) {
                    Ok(0) => Event::Eof,
                    Ok(_) => Event::Line(jsonl::chomp(&buf).to_vec()),
                    Err(e) => Event::Failed(e.to_string()),
                };
                let last = !matches!(event, Event::Line(_));
                if tx.send(event).is_err() || last {
                    return;
                }
            }
        });

        let echo = Arc::new(Mutex::new(Echo {
            enabled: options.echo_stderr,
            name: None,
            pending: Vec::new(),
        }));
        let stderr_tail = Arc::new(Mutex::new(VecDeque::new()));
        let (done_tx, done_rx) = mpsc::channel();
        {
            let echo = Arc::clone(&echo);
            let tail = Arc::clone(&stderr_tail);
            thread::spawn(move || {
                let mut reader = BufReader::new(stderr);
                let mut buf = Vec::new();
                while let Ok(n) = reader.read_until(b'\n', &mut buf) {
                    if n == 0 {
                        break;
                    }
                    let line = String::from_utf8_lossy(jsonl::chomp(&buf)).into_owned();
                    buf.clear();
                    if let Ok(mut e) = echo.lock() {
                        e.line(&line);
                    }
                    let trimmed = line.trim();
                    if !trimmed.is_empty() {
                        if let Ok(mut t) = tail.lock() {
                            t.push_back(trimmed.to_owned());
                            if t.len() > STDERR_TAIL {
                                t.pop_front();
                            }
                        }
                    }
                }
                let _ = done_tx.send(());
            });
        }

        Ok(Session {
            task,
            options: options.clone(),
            child,
            provisional,
            hello: None,
            input: Some(input),
            echo,
            stdout: rx,
            stderr_tail,
            stderr_done: done_rx,
            total,
            sent: 0,
            received: 0,
            line: 0,
            exited: None,
            failure: None,
        })
    }

    /// Queues `doc` for the plugin. Never waits: the message is written by
    /// the session's writer thread as fast as the plugin reads. A plugin
    /// that has died is reported by the next [`receive`](Session::receive),
    /// not here.
    ///
    /// # Panics
    ///
    /// After [`close`](Session::close).
    pub fn send(&mut self, doc: &Input<'_>) {
        let input = self
            .input
            .as_ref()
            .expect("Session::send after Session::close");
        // An error means the writer has stopped: the plugin is gone, which
        // the next answer due reports.
        let _ = input.send(document_message(doc));
        self.sent += 1;
    }

    /// Ends the plugin's input once everything sent has been written: it
    /// reads end of input. Call it after the last [`send`](Session::send),
    /// before waiting for the last answers, so that a plugin that reads
    /// every document before answering can start. Calling it again does
    /// nothing.
    pub fn close(&mut self) {
        self.input = None;
    }

    /// How many documents have been sent and not yet received.
    pub fn outstanding(&self) -> usize {
        self.sent - self.received
    }

    /// The plugin's answer to the oldest outstanding document, which must
    /// be `doc`, checked against it (its hello is read first, if it has not
    /// been yet). On failure the process is killed.
    ///
    /// # Panics
    ///
    /// When no document is outstanding.
    pub fn receive(&mut self, doc: &Input<'_>) -> Result<DocPredictions> {
        assert!(
            self.received < self.sent,
            "Session::receive with no document outstanding"
        );
        self.failed()?;
        let result = self.answer(doc);
        self.checked(result)
    }

    /// Closes the plugin's input and checks that it then exits with status
    /// 0 without printing anything more; returns who it said it was. On
    /// failure the process is killed.
    ///
    /// # Panics
    ///
    /// When documents are still outstanding.
    pub fn finish(mut self) -> Result<Hello> {
        assert_eq!(
            self.received, self.sent,
            "Session::finish with documents outstanding"
        );
        self.failed()?;
        self.close();
        let result = self.exit();
        let hello = self.checked(result)?;
        // Let the stderr echo finish.
        let _ = self.stderr_done.recv_timeout(Duration::from_millis(500));
        Ok(hello)
    }

    /// `exec:NAME@VERSION` once its hello has been read; until then
    /// `exec:COMMAND@?`.
    pub fn label(&self) -> String {
        match &self.hello {
            Some(hello) => hello.label(),
            None => self.provisional.clone(),
        }
    }

    /// The earlier failure, again.
    fn failed(&self) -> Result<()> {
        match &self.failure {
            Some(failure) => Err(Error::Plugin {
                strategy: self.label(),
                failure: Box::new(failure.clone()),
            }),
            None => Ok(()),
        }
    }

    /// A failure ends the session: the process is killed, the stderr echo
    /// finishes, and the failure is kept for later calls.
    fn checked<T>(&mut self, result: Result<T, Failure>) -> Result<T> {
        result.map_err(|failure| {
            self.kill();
            let _ = self.stderr_done.recv_timeout(Duration::from_millis(500));
            if self.hello.is_none() {
                self.name_echo(self.provisional.clone());
            }
            self.failure = Some(failure.clone());
            Error::Plugin {
                strategy: self.label(),
                failure: Box::new(failure),
            }
        })
    }

    /// Names the stderr echo and lets out the lines held back so far.
    fn name_echo(&self, name: String) {
        if let Ok(mut e) = self.echo.lock() {
            e.name = Some(name);
            for line in std::mem::take(&mut e.pending) {
                e.line(&line);
            }
        }
    }

    /// Reads and checks the plugin's hello, once.
    fn read_hello(&mut self) -> Result<Hello, Failure> {
        if let Some(hello) = &self.hello {
            return Ok(hello.clone());
        }
        let (line, msg) = self.next_object("its hello".into())?;
        let (name, version) = check_hello(line, &msg)?;
        self.name_echo(name.clone());
        let hello = Hello { name, version };
        self.hello = Some(hello.clone());
        Ok(hello)
    }

    /// The answer due for `doc`, checked.
    fn answer(&mut self, doc: &Input<'_>) -> Result<DocPredictions, Failure> {
        self.read_hello()?;
        let index = self.received + 1;
        let waiting = format!("document `{}` ({})", doc.doc, position(index, self.total));
        let (line, msg) = self.next_object(waiting)?;
        expect_type(line, &msg, "predictions")?;
        let got = jsonl::string(&msg, "doc").map_err(|m| bad(line, m))?;
        if got != doc.doc {
            return Err(Failure::WrongDocument {
                line,
                got: got.to_owned(),
                expected: doc.doc.to_owned(),
                index,
                total: self.total,
            });
        }
        let list = match msg.get("predictions") {
            Some(Value::Array(a)) => a,
            Some(v) => {
                return Err(bad(
                    line,
                    format!(
                        "\"predictions\" must be an array, not {}",
                        jsonl::kind_of(v)
                    ),
                ))
            }
            None => return Err(bad(line, "\"predictions\" is missing".into())),
        };
        let p = match self.task {
            Task::Attribution => DocPredictions::Answers(check_answers(line, doc, list)?),
            Task::EndToEnd => DocPredictions::Quotes(check_quotes(line, doc, list)?),
        };
        self.received += 1;
        Ok(p)
    }

    /// After the last answer: nothing more on stdout, then exit status 0.
    fn exit(&mut self) -> Result<Hello, Failure> {
        let hello = self.read_hello()?;
        if let Some(line) = self.next_line("its exit after the last document")? {
            return Err(Failure::ExtraOutput {
                line: self.line,
                start: jsonl::line_start(&line),
            });
        }
        let status = self.wait("its exit after the last document")?;
        if !status.success() {
            return Err(self.exited(status, "after answering every document".into()));
        }
        Ok(hello)
    }

    /// The next non-blank line, `None` at end of output.
    fn next_line(&mut self, waiting: &str) -> Result<Option<Vec<u8>>, Failure> {
        loop {
            match self.stdout.recv_timeout(self.options.timeout) {
                Ok(Event::Line(l)) => {
                    self.line += 1;
                    if !jsonl::is_blank(&l) {
                        return Ok(Some(l));
                    }
                }
                Ok(Event::Eof) | Err(RecvTimeoutError::Disconnected) => return Ok(None),
                Ok(Event::Failed(e)) => return Err(Failure::Io(e)),
                Err(RecvTimeoutError::Timeout) => return Err(self.timeout(waiting)),
            }
        }
    }

    /// The next line as a JSON object; the end of output is a failure.
    fn next_object(&mut self, waiting: String) -> Result<(usize, Object), Failure> {
        let Some(bytes) = self.next_line(&waiting)? else {
            let status = self.wait(&waiting)?;
            return Err(self.exited(status, format!("while quotebench waited for {waiting}")));
        };
        let line = self.line;
        let obj = jsonl::parse_object(&bytes).map_err(|e| match e {
            LineError::NotJson(reason) => Failure::NotJson {
                line,
                reason,
                start: jsonl::line_start(&bytes),
            },
            LineError::NotObject => Failure::NotJson {
                line,
                reason: "JSON, but not an object".into(),
                start: jsonl::line_start(&bytes),
            },
        })?;
        if obj.get("type").and_then(Value::as_str) == Some("error") {
            let message = obj
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("(no message)")
                .to_owned();
            return Err(Failure::Reported { line, message });
        }
        Ok((line, obj))
    }

    /// Waits for the process to exit, at most one timeout.
    fn wait(&mut self, waiting: &str) -> Result<ExitStatus, Failure> {
        let deadline = Instant::now() + self.options.timeout;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    self.exited = Some(status);
                    return Ok(status);
                }
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(5)),
                Ok(None) => return Err(self.timeout(waiting)),
                Err(e) => return Err(Failure::Io(e.to_string())),
            }
        }
    }

    fn timeout(&mut self, waiting: &str) -> Failure {
        self.kill();
        Failure::Timeout {
            seconds: format!("{}", self.options.timeout.as_secs_f64()),
            waiting: waiting.to_owned(),
        }
    }

    fn exited(&mut self, status: ExitStatus, when: String) -> Failure {
        // Its stderr closes when it exits; give the reader a moment to finish.
        let _ = self.stderr_done.recv_timeout(Duration::from_secs(2));
        let stderr = self
            .stderr_tail
            .lock()
            .map(|t| t.iter().cloned().collect())
            .unwrap_or_default();
        Failure::Exited {
            status: describe(status),
            when,
            stderr,
        }
    }

    fn kill(&mut self) {
        if self.exited.is_none() {
            let _ = self.child.kill();
            self.exited = self.child.wait().ok();
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.kill();
        if self.hello.is_none() {
            self.name_echo(self.provisional.clone());
        }
    }
}

fn describe(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exit code {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("signal {signal}");
        }
    }
    status.to_string()
}

fn bad(line: usize, message: String) -> Failure {
    Failure::BadMessage { line, message }
}

/// `2 of 5` when the number of documents is known, else `number 2`.
fn position(index: usize, total: Option<usize>) -> String {
    match total {
        Some(total) => format!("{index} of {total}"),
        None => format!("number {index}"),
    }
}

/// quotebench's hello, fields in protocol order.
#[derive(serde::Serialize)]
struct HelloMessage<'a> {
    r#type: &'static str,
    protocol: u64,
    task: &'a str,
}

/// One document message, fields in protocol order.
#[derive(serde::Serialize)]
struct DocumentMessage<'a> {
    r#type: &'static str,
    doc: &'a str,
    text: &'a str,
    quotes: Vec<QuoteRef>,
}

#[derive(serde::Serialize)]
struct QuoteRef {
    id: String,
    start: usize,
    end: usize,
}

/// The first line quotebench sends.
fn hello_message(task: Task) -> String {
    let hello = HelloMessage {
        r#type: "hello",
        protocol: PROTOCOL,
        task: task.as_str(),
    };
    serde_json::to_string(&hello).unwrap_or_default()
}

/// The line quotebench sends for one document.
fn document_message(d: &Input<'_>) -> String {
    let message = DocumentMessage {
        r#type: "document",
        doc: d.doc,
        text: d.text,
        quotes: d
            .spans
            .iter()
            .enumerate()
            .map(|(i, s)| QuoteRef {
                id: quote_id(i),
                start: s.start,
                end: s.end,
            })
            .collect(),
    };
    serde_json::to_string(&message).unwrap_or_default()
}

fn expect_type(line: usize, msg: &Object, expected: &str) -> Result<(), Failure> {
    match msg.get("type") {
        Some(Value::String(t)) if t == expected => Ok(()),
        Some(Value::String(t)) => Err(bad(
            line,
            format!("expected a \"{expected}\" message, got type \"{t}\""),
        )),
        Some(v) => Err(bad(
            line,
            format!("\"type\" must be a string, not {}", jsonl::kind_of(v)),
        )),
        None => Err(bad(
            line,
            format!("expected a \"{expected}\" message, but \"type\" is missing"),
        )),
    }
}

/// A name or version usable in a signature: non-empty, no whitespace,
/// `|`, `@` or `:`-free enough to parse back.
fn label_part(line: usize, msg: &Object, key: &str) -> Result<String, Failure> {
    let value = match msg.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) if key == "version" => n.to_string(),
        Some(v) => {
            return Err(bad(
                line,
                format!(
                    "hello: \"{key}\" must be a string, not {}",
                    jsonl::kind_of(v)
                ),
            ))
        }
        None => return Err(bad(line, format!("hello: \"{key}\" is missing"))),
    };
    if value.is_empty() || value.chars().any(|c| c.is_whitespace() || "|@".contains(c)) {
        return Err(bad(
            line,
            format!(
                "hello: \"{key}\" must be non-empty, without spaces, `|` or `@`; got {value:?}"
            ),
        ));
    }
    Ok(value)
}

fn check_hello(line: usize, msg: &Object) -> Result<(String, String), Failure> {
    expect_type(line, msg, "hello")?;
    if let Some(p) = msg.get("protocol") {
        if p.as_u64() != Some(PROTOCOL) {
            return Err(bad(
                line,
                format!("hello: the plugin speaks protocol {p}; this quotebench speaks protocol {PROTOCOL}"),
            ));
        }
    }
    Ok((
        label_part(line, msg, "name")?,
        label_part(line, msg, "version")?,
    ))
}

fn check_answers(
    line: usize,
    doc: &Input<'_>,
    list: &[Value],
) -> Result<Vec<Option<String>>, Failure> {
    let mut answers: Vec<Option<Option<String>>> = vec![None; doc.spans.len()];
    for (i, p) in list.iter().enumerate() {
        let Value::Object(p) = p else {
            return Err(bad(
                line,
                format!(
                    "prediction {} must be an object, not {}",
                    i + 1,
                    jsonl::kind_of(p)
                ),
            ));
        };
        let field = |m: String| bad(line, format!("prediction {}: {m}", i + 1));
        let id = jsonl::string(p, "id").map_err(field)?;
        let speaker = jsonl::speaker(p).map_err(field)?;
        let slot = id
            .strip_prefix('q')
            .filter(|n| !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .filter(|&n| n < answers.len());
        let Some(slot) = slot else {
            return Err(Failure::UnknownQuote {
                line,
                doc: doc.doc.to_owned(),
                id: id.to_owned(),
                known: match answers.len() {
                    0 => "none: send an empty list".into(),
                    1 => "q1".into(),
                    n => format!("q1 to q{n}"),
                },
            });
        };
        if answers[slot].is_some() {
            return Err(Failure::DuplicateQuote {
                line,
                doc: doc.doc.to_owned(),
                id: id.to_owned(),
            });
        }
        answers[slot] = Some(speaker);
    }
    answers
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            a.ok_or_else(|| Failure::MissingQuote {
                line,
                doc: doc.doc.to_owned(),
                id: quote_id(i),
            })
        })
        .collect()
}

fn check_quotes(line: usize, doc: &Input<'_>, list: &[Value]) -> Result<Vec<Prediction>, Failure> {
    let mut out = Vec::with_capacity(list.len());
    for (i, p) in list.iter().enumerate() {
        let Value::Object(p) = p else {
            return Err(bad(
                line,
                format!(
                    "prediction {} must be an object, not {}",
                    i + 1,
                    jsonl::kind_of(p)
                ),
            ));
        };
        let field = |m: String| bad(line, format!("prediction {}: {m}", i + 1));
        let span = Span::new(
            jsonl::offset(p, "start").map_err(field)?,
            jsonl::offset(p, "end").map_err(field)?,
        );
        let speaker = jsonl::speaker(p).map_err(field)?;
        let kind = jsonl::kind(p).map_err(field)?;
        if let Some(message) = jsonl::span_problem(doc.text, span) {
            return Err(Failure::BadSpan {
                line,
                doc: doc.doc.to_owned(),
                index: i + 1,
                message,
            });
        }
        out.push(Prediction {
            span,
            kind,
            speaker,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Object {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    fn doc<'a>(text: &'a str, spans: Vec<Span>) -> Input<'a> {
        Input {
            doc: "a",
            text,
            spans,
        }
    }

    #[test]
    fn answers_need_every_id_once() {
        let d = doc("xxxxxxxxxx", vec![Span::new(0, 2), Span::new(3, 5)]);
        let ok = [
            json!({"id": "q2", "speaker": "B"}),
            json!({"id": "q1", "speaker": null}),
        ];
        assert_eq!(
            check_answers(4, &d, &ok).unwrap(),
            vec![None, Some("B".to_string())]
        );
        let missing = [json!({"id": "q1", "speaker": "A"})];
        assert_eq!(
            check_answers(4, &d, &missing).unwrap_err().to_string(),
            "stdout line 4: document `a`: quote id `q2` has no prediction (every id sent needs exactly one; use \"speaker\":null to abstain)"
        );
        for id in ["q3", "q01", "x", "q0"] {
            let invented = [json!({"id": id, "speaker": "A"})];
            assert!(matches!(
                check_answers(4, &d, &invented),
                Err(Failure::UnknownQuote { .. })
            ));
        }
        let twice = [
            json!({"id": "q1", "speaker": "A"}),
            json!({"id": "q1", "speaker": "A"}),
        ];
        assert!(matches!(
            check_answers(4, &d, &twice),
            Err(Failure::DuplicateQuote { .. })
        ));
        let no_speaker = [json!({"id": "q1"})];
        assert_eq!(
            check_answers(4, &d, &no_speaker).unwrap_err().to_string(),
            "stdout line 4: prediction 1: \"speaker\" is missing (use null to abstain)"
        );
    }

    #[test]
    fn hello_names_must_fit_a_signature() {
        let ok = obj(json!({"type": "hello", "name": "x", "version": 2}));
        assert_eq!(check_hello(1, &ok).unwrap(), ("x".into(), "2".into()));
        let spaced = obj(json!({"type": "hello", "name": "my plugin", "version": "1"}));
        assert!(check_hello(1, &spaced).is_err());
        let future = obj(json!({"type": "hello", "name": "x", "version": "1", "protocol": 2}));
        assert!(check_hello(1, &future)
            .unwrap_err()
            .to_string()
            .contains("speaks protocol 2"));
    }

    #[test]
    fn messages_are_one_line_each() {
        let d = doc("line one\nline \"two\"", vec![Span::new(0, 4)]);
        assert_eq!(
            hello_message(Task::Attribution),
            r#"{"type":"hello","protocol":1,"task":"attribution"}"#
        );
        let m = document_message(&d);
        assert!(!m.contains('\n'));
        let v: Value = serde_json::from_str(&m).unwrap();
        assert_eq!(v["quotes"][0]["id"], "q1");
        assert_eq!(v["text"], "line one\nline \"two\"");
    }

    #[test]
    fn commands_split_like_a_shell_without_one() {
        let c = Command::parse("exec:python3 -c 'print(1); print(2)' $HOME").unwrap();
        assert_eq!(c.argv, ["python3", "-c", "print(1); print(2)", "$HOME"]);
        assert!(Command::parse("exec:").is_err());
        assert!(Command::parse("exec:python3 'unclosed").is_err());
    }
}
