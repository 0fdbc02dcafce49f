//! The library's one error type. Every message says where: a file, a line,
//! a strategy. Diagnostics about the *content* of the gold set are not errors
//! but [`crate::gold::Diagnostic`]s; this type is for what stops work. It
//! depends on nothing else in the crate.

use std::path::PathBuf;

/// Everything that can stop the library from doing its job.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The gold set has errors; `quotebench gold check` lists them.
    #[error("{gold}: the gold set has {errors} error(s); run `quotebench gold check` to see them (first: {first})")]
    InvalidGold {
        /// The gold directory.
        gold: PathBuf,
        /// How many errors `gold check` found.
        errors: usize,
        /// The first error, rendered.
        first: String,
    },
    /// A strategy name that is not in the registry.
    #[error("unknown strategy `{name}`{}; `quotebench strategies` lists them", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownStrategy {
        /// The name asked for.
        name: String,
        /// The closest registered name, if any is close.
        suggestion: Option<String>,
    },
    /// A strategy returned something the scorer cannot use.
    #[error("strategy `{strategy}` on document `{doc}`: {message}")]
    BadPrediction {
        /// The strategy.
        strategy: String,
        /// The document.
        doc: String,
        /// What was wrong.
        message: String,
    },
    /// A saved result that cannot be read or used.
    #[error("{path}: {message}")]
    BadResult {
        /// The result file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// Two results that cannot be compared.
    #[error("results are not comparable: {0}")]
    Incomparable(String),
    /// A setting out of its range.
    #[error("invalid setting: {0}")]
    InvalidSetting(String),
    /// An external strategy (`exec:`) that broke the protocol in PLUGINS.md.
    #[error("{strategy}: {failure}")]
    Plugin {
        /// `exec:NAME@VERSION` from the plugin's hello, or `exec:COMMAND@?`
        /// when it failed before saying hello.
        strategy: String,
        /// What went wrong: a [`crate::plugin::Failure`] (boxed, so that
        /// this module depends on nothing above it; `downcast_ref` recovers
        /// the variant).
        failure: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
    /// A line of a prediction file that cannot be scored.
    #[error("{}:{line}: {message}", path.display())]
    PredictionFile {
        /// The prediction file.
        path: PathBuf,
        /// The line (1-based).
        line: usize,
        /// What was wrong.
        message: String,
    },
    /// A `--corpus` name that quotebench does not ship.
    #[error("unknown corpus `{name}` (known: {known})")]
    UnknownCorpus {
        /// The name asked for.
        name: String,
        /// The names there are.
        known: String,
    },
    /// Two parts of one corpus that cannot be joined.
    #[error("{}: {what}", gold.display())]
    CorpusClash {
        /// The gold directory of the later part.
        gold: PathBuf,
        /// What clashes.
        what: String,
    },
    /// A change to the gold set or the seeds that was refused: nothing was
    /// written, and `path` is exactly as it was.
    #[error("{message} ({path} unchanged)")]
    Refused {
        /// The file (or directory) the change would have written.
        path: PathBuf,
        /// Why, and what to do instead.
        message: String,
    },
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
