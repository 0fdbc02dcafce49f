//! One running plugin process, driven one document at a time: the process,
//! its three pipes and their threads, the deadlines, and the stderr echo.
//! What a line must say is [`super::answer`]'s business.

use super::answer::{self, Answer};
use super::hello;
use super::{Command, Failure, Hello, Input, Options, STDERR_TAIL};
use crate::error::{Error, Result};
use crate::jsonl;
use crate::score::{DocPredictions, Task};
use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How many lines the stdout reader may hold for us: with
/// [`super::MAX_LINE`], a bound on the memory a flood of output can take.
const READ_AHEAD: usize = 4;

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
            None => {
                if self.pending.len() < 1000 {
                    self.pending.push(line.to_owned());
                }
            }
        }
    }
}

/// What the stdout reader thread reports.
enum Event {
    Line(Vec<u8>),
    /// A line past [`super::MAX_LINE`]: its start. The reader stops.
    TooLong(String),
    Eof,
    Failed(String),
}

/// One running plugin process, driven one document at a time: the
/// incremental form of [`super::run`], for callers that stream documents
/// and cannot hold them all (`quotebench extract`).
///
/// [`send`](Session::send) queues a document for a writer thread of its own
/// (so a plugin that does not read never blocks the caller);
/// [`receive`](Session::receive) reads and checks the answer to the oldest
/// document sent and not yet answered; [`close`](Session::close) ends the
/// plugin's input; [`finish`](Session::finish) checks that it then exits
/// cleanly. The plugin's hello is read and checked when the first answer
/// (or the exit) is due, or when [`hello`](Session::hello) asks for it.
///
/// A session started with [`Session::start_tasks`] offers several tasks;
/// once [`hello`](Session::hello) says which the plugin serves,
/// [`send_for`](Session::send_for) sends documents of any of them through
/// the same process (protocol 2).
///
/// The session holds the messages sent and not yet written to the plugin,
/// and at most a few lines of its output: a caller that keeps at most N
/// documents [`outstanding`](Session::outstanding) keeps memory flat. The
/// first failure kills the process and is returned again by every later
/// call. Dropping a session kills the process if it is still running.
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
    /// The tasks offered, the first being the one of quotebench's hello.
    tasks: Vec<Task>,
    options: Options,
    child: Child,
    provisional: String,
    hello: Option<Hello>,
    /// Messages for the writer thread; `None` once the input is closed.
    input: Option<Sender<String>>,
    /// Where its stderr lines go (prefixed with its name once known).
    echo: Arc<Mutex<Echo>>,
    stdout: Receiver<Event>,
    /// Bytes of stdout read so far (by the reader thread).
    progress: Arc<AtomicU64>,
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
    stderr_done: Receiver<()>,
    /// How many documents of each task will be sent, when known (for
    /// messages); `None` when they are streamed.
    totals: Option<BTreeMap<Task, usize>>,
    /// The task of each document sent and not yet received, oldest first.
    due: VecDeque<Task>,
    sent: usize,
    received: usize,
    /// Documents received so far, per task.
    received_of: BTreeMap<Task, usize>,
    /// Lines of stdout read so far.
    line: usize,
    exited: Option<ExitStatus>,
    failure: Option<Failure>,
}

impl Session {
    /// Starts the plugin and sends it quotebench's hello for `task`.
    /// `total` is how many documents will be sent, if known: failure
    /// messages then say `document `b` (2 of 2)` rather than
    /// `document `b` (number 2)`.
    ///
    /// The only failure here is a program that cannot be started; anything
    /// else shows when an answer is due.
    pub fn start(
        command: &Command,
        task: Task,
        total: Option<usize>,
        options: &Options,
    ) -> Result<Session> {
        let totals = total.map(|n| BTreeMap::from([(task, n)]));
        Self::spawn(command, vec![task], totals, options)
    }

    /// Starts the plugin offering every task in `tasks` (the first is the
    /// one a protocol-1 plugin serves); `totals` is how many documents of
    /// each will be sent. Call [`hello`](Session::hello) to learn which it
    /// serves before sending documents of the others.
    ///
    /// # Panics
    ///
    /// When `tasks` is empty.
    pub fn start_tasks(
        command: &Command,
        tasks: &[Task],
        totals: BTreeMap<Task, usize>,
        options: &Options,
    ) -> Result<Session> {
        assert!(!tasks.is_empty(), "Session::start_tasks with no task");
        Self::spawn(command, tasks.to_vec(), Some(totals), options)
    }

    fn spawn(
        command: &Command,
        tasks: Vec<Task>,
        totals: Option<BTreeMap<Task, usize>>,
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
        let _ = input.send(hello::hello_message(&tasks));

        // The reader: one line at a time, at most MAX_LINE bytes, at most
        // READ_AHEAD lines ahead of us; `progress` counts the bytes read, so
        // that a timeout can tell silence from output that is not an answer.
        let (tx, rx) = mpsc::sync_channel(READ_AHEAD);
        let progress = Arc::new(AtomicU64::new(0));
        {
            let progress = Arc::clone(&progress);
            thread::spawn(move || read_lines(stdout, &tx, &progress));
        }

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
                // Long stderr lines are cut (the rest is read and dropped).
                while let Ok(n) = reader.read_until(b'\n', &mut buf) {
                    if n == 0 {
                        break;
                    }
                    buf.truncate(4096);
                    let line = String::from_utf8_lossy(jsonl::chomp(&buf)).into_owned();
                    buf.clear();
                    if let Ok(mut e) = echo.lock() {
                        e.line(&line);
                    }
                    let trimmed = line.trim();
                    if !trimmed.is_empty() {
                        if let Ok(mut t) = tail.lock() {
                            t.push_back(trimmed.chars().take(300).collect());
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
            tasks,
            options: options.clone(),
            child,
            provisional,
            hello: None,
            input: Some(input),
            echo,
            stdout: rx,
            progress,
            stderr_tail,
            stderr_done: done_rx,
            totals,
            due: VecDeque::new(),
            sent: 0,
            received: 0,
            received_of: BTreeMap::new(),
            line: 0,
            exited: None,
            failure: None,
        })
    }

    /// Queues `doc` for the plugin, for the task of quotebench's hello.
    /// Never waits: the message is written by the session's writer thread
    /// as fast as the plugin reads. A plugin that has died is reported by
    /// the next [`receive`](Session::receive), not here.
    ///
    /// # Panics
    ///
    /// After [`close`](Session::close).
    pub fn send(&mut self, doc: &Input<'_>) {
        self.send_for(self.tasks[0], doc);
    }

    /// Queues `doc` for `task`: one of the tasks offered, and (for any but
    /// the first) one the plugin's hello says it serves.
    ///
    /// # Panics
    ///
    /// After [`close`](Session::close).
    pub fn send_for(&mut self, task: Task, doc: &Input<'_>) {
        let input = self
            .input
            .as_ref()
            .expect("Session::send after Session::close");
        // An error means the writer has stopped: the plugin is gone, which
        // the next answer due reports.
        let _ = input.send(answer::document_message(task, doc));
        self.due.push_back(task);
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

    /// Reads and checks the plugin's hello (once; later calls return it
    /// again). On failure the process is killed.
    pub fn hello(&mut self) -> Result<Hello> {
        self.failed()?;
        let result = self.read_hello();
        self.checked(result)
    }

    /// The predictions in the plugin's answer to the oldest outstanding
    /// document, which must be `doc`: [`receive_answer`](Session::receive_answer)
    /// without the per-document status and the quotes given by their words.
    ///
    /// # Panics
    ///
    /// When no document is outstanding.
    pub fn receive(&mut self, doc: &Input<'_>) -> Result<DocPredictions> {
        self.receive_answer(doc).map(|a| a.predictions)
    }

    /// The plugin's answer to the oldest outstanding document, which must
    /// be `doc`, checked against it (its hello is read first, if it has not
    /// been yet). On failure the process is killed.
    ///
    /// # Panics
    ///
    /// When no document is outstanding.
    pub fn receive_answer(&mut self, doc: &Input<'_>) -> Result<Answer> {
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
        let hello = hello::check_hello(line, &msg, &self.tasks)?;
        self.name_echo(hello.name.clone());
        self.hello = Some(hello.clone());
        Ok(hello)
    }

    /// `2 of 5`, `number 2` when streaming, or `end-to-end, 2 of 5` when
    /// the session offers several tasks.
    fn position(&self, task: Task, index: usize) -> String {
        match &self.totals {
            None => format!("number {index}"),
            Some(totals) => {
                let total = totals.get(&task).copied().unwrap_or(0);
                if self.tasks.len() > 1 {
                    format!("{task}, {index} of {total}")
                } else {
                    format!("{index} of {total}")
                }
            }
        }
    }

    /// The answer due for `doc`, checked.
    fn answer(&mut self, doc: &Input<'_>) -> Result<Answer, Failure> {
        let hello = self.read_hello()?;
        let task = *self.due.front().expect("a document is outstanding");
        let index = self.received_of.get(&task).copied().unwrap_or(0) + 1;
        let position = self.position(task, index);
        let waiting = format!("document `{}` ({position})", doc.doc);
        let (line, msg) = self.next_object(waiting)?;
        let answer = answer::check_answer(line, &msg, task, hello.protocol, doc, &position)?;
        self.due.pop_front();
        self.received += 1;
        *self.received_of.entry(task).or_default() += 1;
        Ok(answer)
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

    /// The next non-blank line, `None` at end of output. The whole wait
    /// is bounded by one timeout, however many blank lines come meanwhile.
    fn next_line(&mut self, waiting: &str) -> Result<Option<Vec<u8>>, Failure> {
        let deadline = Instant::now().checked_add(self.options.timeout);
        let before = self.progress.load(Ordering::Relaxed);
        let mut busy = false;
        loop {
            let left = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()),
                None => Duration::MAX,
            };
            match self.stdout.recv_timeout(left) {
                Ok(Event::Line(l)) => {
                    self.line += 1;
                    if !jsonl::is_blank(&l) {
                        return Ok(Some(l));
                    }
                    busy = true;
                }
                Ok(Event::TooLong(start)) => {
                    self.line += 1;
                    return Err(Failure::LineTooLong {
                        line: self.line,
                        start,
                    });
                }
                Ok(Event::Eof) | Err(RecvTimeoutError::Disconnected) => return Ok(None),
                Ok(Event::Failed(e)) => return Err(Failure::Io(e)),
                Err(RecvTimeoutError::Timeout) => {
                    // Bytes of a line that never ended count as output too.
                    busy |= self.progress.load(Ordering::Relaxed) != before;
                    return Err(self.timeout(waiting, busy));
                }
            }
        }
    }

    /// The next line as a JSON object; the end of output is a failure.
    fn next_object(&mut self, waiting: String) -> Result<(usize, jsonl::Object), Failure> {
        let Some(bytes) = self.next_line(&waiting)? else {
            let status = self.wait(&waiting)?;
            return Err(self.exited(status, format!("while quotebench waited for {waiting}")));
        };
        let line = self.line;
        Ok((line, answer::object(line, &bytes)?))
    }

    /// Waits for the process to exit, at most one timeout.
    fn wait(&mut self, waiting: &str) -> Result<ExitStatus, Failure> {
        let deadline = Instant::now().checked_add(self.options.timeout);
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    self.exited = Some(status);
                    return Ok(status);
                }
                Ok(None) if deadline.is_none_or(|d| Instant::now() < d) => {
                    thread::sleep(Duration::from_millis(5))
                }
                Ok(None) => return Err(self.timeout(waiting, false)),
                Err(e) => return Err(Failure::Io(e.to_string())),
            }
        }
    }

    fn timeout(&mut self, waiting: &str, busy: bool) -> Failure {
        self.kill();
        Failure::Timeout {
            seconds: format!("{}", self.options.timeout.as_secs_f64()),
            waiting: waiting.to_owned(),
            hello: self.hello.is_some(),
            busy,
            stderr: self.stderr_lines(),
        }
    }

    /// The last lines of its stderr, once the process has gone (its stderr
    /// closes when it exits; give the reader a moment to finish).
    fn stderr_lines(&mut self) -> Vec<String> {
        let _ = self.stderr_done.recv_timeout(Duration::from_secs(2));
        self.stderr_tail
            .lock()
            .map(|t| t.iter().cloned().collect())
            .unwrap_or_default()
    }

    fn exited(&mut self, status: ExitStatus, when: String) -> Failure {
        Failure::Exited {
            status: describe(status),
            when,
            stderr: self.stderr_lines(),
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

/// The stdout reader thread: sends each line (without its newline) until
/// end of output, a read error, or a line past [`super::MAX_LINE`].
fn read_lines(stdout: impl Read, tx: &mpsc::SyncSender<Event>, progress: &AtomicU64) {
    let mut reader = BufReader::new(stdout);
    let mut line = Vec::new();
    loop {
        let (done, used) = match reader.fill_buf() {
            Ok([]) => {
                if !line.is_empty() {
                    let _ = tx.send(Event::Line(std::mem::take(&mut line)));
                }
                let _ = tx.send(Event::Eof);
                return;
            }
            Ok(buf) => match memchr::memchr(b'\n', buf) {
                Some(i) => {
                    line.extend_from_slice(&buf[..i]);
                    (true, i + 1)
                }
                None => {
                    line.extend_from_slice(buf);
                    (false, buf.len())
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let _ = tx.send(Event::Failed(e.to_string()));
                return;
            }
        };
        reader.consume(used);
        progress.fetch_add(used as u64, Ordering::Relaxed);
        if line.len() > super::MAX_LINE {
            let _ = tx.send(Event::TooLong(jsonl::line_start(&line)));
            return;
        }
        if done {
            let l = jsonl::chomp(&line).to_vec();
            line.clear();
            if tx.send(Event::Line(l)).is_err() {
                return;
            }
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
