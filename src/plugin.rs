//! External strategies: any program that speaks the JSON-lines protocol of
//! PLUGINS.md (protocol [`PROTOCOL`]) on its standard input and output,
//! named on the command line as `exec:COMMAND ARGS`.
//!
//! [`run`] starts one process per run, sends it a hello and every document,
//! reads one answer per document, checks each answer against what was sent
//! and returns the predictions ready for [`crate::score::score_predictions`]
//! ([`evaluate`] does both). Anything the plugin gets wrong is an
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
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
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
            failure: Failure::Command {
                command: words.to_owned(),
                message,
            },
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
    #[error("stdout line {line}: answered for document `{got}`, but the document due was `{expected}` ({index} of {total}); answer every document once, in the order sent")]
    WrongDocument {
        /// Line of its stdout.
        line: usize,
        /// The document it named.
        got: String,
        /// The document due.
        expected: String,
        /// 1-based position of the document due.
        index: usize,
        /// How many documents were sent.
        total: usize,
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
pub fn run(command: &Command, task: Task, docs: &[Input<'_>], options: &Options) -> Result<Run> {
    let mut session = Session::start(command, task, docs, options)?;
    let result = session.converse(task, docs);
    session.finish(result.is_err());
    result.map_err(|failure| Error::Plugin {
        strategy: session.label(),
        failure,
    })
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

/// A running plugin process and the threads around it.
struct Session<'o> {
    options: &'o Options,
    child: Child,
    provisional: String,
    hello: Option<(String, String)>,
    /// Where its stderr lines go (prefixed with its name once known).
    echo: Arc<Mutex<Echo>>,
    stdout: Receiver<Event>,
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
    stderr_done: Receiver<()>,
    /// Lines of stdout read so far.
    line: usize,
    exited: Option<ExitStatus>,
}

impl<'o> Session<'o> {
    fn start(
        command: &Command,
        task: Task,
        docs: &[Input<'_>],
        options: &'o Options,
    ) -> Result<Self> {
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
                failure: Failure::Spawn {
                    program: program.clone(),
                    message: e.to_string(),
                },
            })?;
        let (stdin, stdout, stderr) =
            match (child.stdin.take(), child.stdout.take(), child.stderr.take()) {
                (Some(i), Some(o), Some(e)) => (i, o, e),
                _ => unreachable!("all three streams were requested as pipes"),
            };

        // The writer: everything is serialised up front and written by a
        // thread of its own, so a plugin that does not read cannot block us.
        let lines = messages(task, docs);
        thread::spawn(move || {
            let mut stdin = std::io::BufWriter::new(stdin);
            for l in lines {
                if stdin.write_all(l.as_bytes()).is_err() || stdin.write_all(b"\n").is_err() {
                    return; // the plugin is gone; its exit is reported from stdout
                }
            }
            let _ = stdin.flush();
        });

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
            options,
            child,
            provisional,
            hello: None,
            echo,
            stdout: rx,
            stderr_tail,
            stderr_done: done_rx,
            line: 0,
            exited: None,
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

    fn label(&self) -> String {
        match &self.hello {
            Some((name, version)) => format!("{PREFIX}{name}@{version}"),
            None => self.provisional.clone(),
        }
    }

    /// The whole exchange: hello, one answer per document, a clean exit.
    fn converse(&mut self, task: Task, docs: &[Input<'_>]) -> Result<Run, Failure> {
        let (line, hello) = self.next_object("its hello".into())?;
        let (name, version) = check_hello(line, &hello)?;
        self.name_echo(name.clone());
        self.hello = Some((name.clone(), version.clone()));

        let mut predictions = BTreeMap::new();
        for (i, doc) in docs.iter().enumerate() {
            let waiting = format!("document `{}` ({} of {})", doc.doc, i + 1, docs.len());
            let (line, msg) = self.next_object(waiting)?;
            expect_type(line, &msg, "predictions")?;
            let got = jsonl::string(&msg, "doc").map_err(|m| bad(line, m))?;
            if got != doc.doc {
                return Err(Failure::WrongDocument {
                    line,
                    got: got.to_owned(),
                    expected: doc.doc.to_owned(),
                    index: i + 1,
                    total: docs.len(),
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
            let p = match task {
                Task::Attribution => DocPredictions::Answers(check_answers(line, doc, list)?),
                Task::EndToEnd => DocPredictions::Quotes(check_quotes(line, doc, list)?),
            };
            predictions.insert(doc.doc.to_owned(), p);
        }

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
        Ok(Run {
            name,
            version,
            predictions,
        })
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

    /// Ends the process if it is still running (after a failure) and lets
    /// the stderr echo finish.
    fn finish(&mut self, failed: bool) {
        if failed {
            self.kill();
        }
        let _ = self.stderr_done.recv_timeout(Duration::from_millis(500));
        if self.hello.is_none() {
            self.name_echo(self.provisional.clone());
        }
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        self.kill();
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

/// quotebench's hello, fields in protocol order.
#[derive(serde::Serialize)]
struct Hello<'a> {
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

/// The lines quotebench sends: the hello, then one per document.
fn messages(task: Task, docs: &[Input<'_>]) -> Vec<String> {
    let hello = Hello {
        r#type: "hello",
        protocol: PROTOCOL,
        task: task.as_str(),
    };
    let mut out = vec![serde_json::to_string(&hello).unwrap_or_default()];
    for d in docs {
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
        out.push(serde_json::to_string(&message).unwrap_or_default());
    }
    out
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
        let m = messages(Task::Attribution, &[d]);
        assert_eq!(
            m[0],
            r#"{"type":"hello","protocol":1,"task":"attribution"}"#
        );
        assert!(!m[1].contains('\n'));
        let v: Value = serde_json::from_str(&m[1]).unwrap();
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
