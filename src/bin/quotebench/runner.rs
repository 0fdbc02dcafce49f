//! What the command line names as a strategy, run and scored the same way
//! whatever it is: a built-in, an `exec:` plugin (PLUGINS.md) or a
//! prediction file. Parsing names and turning failures into labels and
//! reasons lives here; the work is the library's.

use crate::cli;
use anyhow::Result;
use quotebench::plugin::{self, Options};
use quotebench::score::{Scored, Settings, Task};
use quotebench::strategy::Strategy;
use quotebench::Error;
use std::path::PathBuf;
use std::time::Duration;

/// One thing to score.
pub enum Entry {
    /// A built-in strategy.
    Builtin(Box<dyn Strategy>),
    /// An external program.
    Plugin(plugin::Command),
    /// A prediction file.
    File(PathBuf),
    /// A plugin that cannot even be started (its command line cannot be
    /// split): `compare` lists it as failed.
    Broken(Error),
}

impl Entry {
    /// A strategy named on the command line: `exec:COMMAND ARGS` or a
    /// built-in name.
    pub fn strategy(name: &str) -> quotebench::Result<Entry> {
        if plugin::is_exec(name) {
            Ok(Entry::Plugin(plugin::Command::parse(name)?))
        } else {
            Ok(Entry::Builtin(quotebench::strategy::by_name(name)?))
        }
    }

    /// Runs (or reads) and scores.
    pub fn score(
        &self,
        corpus: &quotebench::gold::Corpus,
        task: Task,
        settings: &Settings,
        options: &Options,
    ) -> quotebench::Result<Scored> {
        match self {
            Entry::Builtin(s) => quotebench::score::evaluate(corpus, s.as_ref(), task, settings),
            Entry::Plugin(c) => plugin::evaluate(corpus, c, task, settings, options),
            Entry::File(p) => quotebench::predictions::evaluate(p, corpus, task, settings),
            Entry::Broken(e) => Err(again(e)),
        }
    }

    /// Runs (or reads) and scores each task; a plugin serves them all
    /// through one process when it can.
    pub fn score_tasks(
        &self,
        corpus: &quotebench::gold::Corpus,
        tasks: &[Task],
        settings: &Settings,
        options: &Options,
    ) -> Vec<(Task, quotebench::Result<Scored>)> {
        match self {
            Entry::Plugin(c) => plugin::evaluate_tasks(corpus, c, tasks, settings, options),
            _ => tasks
                .iter()
                .map(|&t| (t, self.score(corpus, t, settings, options)))
                .collect(),
        }
    }

    /// Its throughput on `task` over `corpus`, best of `runs`; none for a
    /// prediction file, or (with a warning) for a plugin run that failed.
    pub fn time(
        &self,
        corpus: &quotebench::gold::Corpus,
        task: Task,
        runs: usize,
        options: &Options,
    ) -> Option<quotebench::timing::Timing> {
        match self {
            Entry::Builtin(s) => Some(quotebench::timing::builtin(corpus, s.as_ref(), task, runs)),
            Entry::Plugin(c) => {
                let quiet = Options {
                    echo_stderr: false,
                    ..options.clone()
                };
                match quotebench::timing::exec(corpus, c, task, runs, &quiet) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        eprintln!(
                            "quotebench: warning: timing {} on {task} failed: {e}",
                            c.provisional_label()
                        );
                        None
                    }
                }
            }
            Entry::File(_) | Entry::Broken(_) => None,
        }
    }

    /// The strategy label and the reason to show for a failure.
    pub fn failure(&self, err: &Error) -> (String, String) {
        match (self, err) {
            (_, Error::Plugin { strategy, failure }) => (strategy.clone(), failure.to_string()),
            (
                _,
                Error::BadPrediction {
                    strategy,
                    doc,
                    message,
                },
            ) => (strategy.clone(), format!("document `{doc}`: {message}")),
            (Entry::Builtin(s), e) => (format!("{}@{}", s.name(), s.version()), e.to_string()),
            (Entry::Plugin(c), e) => (c.provisional_label(), e.to_string()),
            (Entry::File(p), e) => (quotebench::predictions::provisional_label(p), e.to_string()),
            (Entry::Broken(_), e) => ("exec:?@?".into(), e.to_string()),
        }
    }
}

/// The same plugin failure again (errors are not `Clone`).
fn again(e: &Error) -> Error {
    match e {
        Error::Plugin { strategy, failure } => Error::Plugin {
            strategy: strategy.clone(),
            failure: match failure.downcast_ref::<plugin::Failure>() {
                Some(f) => Box::new(f.clone()),
                None => Box::new(plugin::Failure::Io(failure.to_string())),
            },
        },
        e => Error::InvalidSetting(e.to_string()),
    }
}

/// Plugin options from the command line; a timeout must be a positive
/// number of seconds.
pub fn options(p: &cli::Plugin) -> Result<Options> {
    use quotebench::limits::{MAX_TIMEOUT_SECS, MIN_TIMEOUT_SECS};
    if !(p.timeout.is_finite() && p.timeout > 0.0) {
        anyhow::bail!(
            "--timeout {} is not a positive number of seconds",
            p.timeout
        );
    }
    if !(MIN_TIMEOUT_SECS..=MAX_TIMEOUT_SECS).contains(&p.timeout) {
        anyhow::bail!(
            "--timeout {} is out of range: give {MIN_TIMEOUT_SECS} to {MAX_TIMEOUT_SECS} seconds (README.md, Limits)",
            p.timeout
        );
    }
    Ok(Options {
        timeout: Duration::from_secs_f64(p.timeout),
        echo_stderr: true,
    })
}
