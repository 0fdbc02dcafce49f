//! Resource bounds, stated in README.md ("Limits") and enforced with a
//! clear message wherever input enters: one document, worker threads and
//! the plugin timeout.

/// The largest document, in bytes (4 MiB): a seed article, an `extract`
/// input file or `--jsonl` text. A built-in strategy needs up to about 40
/// bytes of memory per byte of text (a document of nothing but quotation
/// marks), so one document stays under about 180 MB; news articles are a
/// thousand times smaller.
pub const MAX_DOC_BYTES: usize = 4 << 20;

/// `--jobs` may be at most this many times the number of cores.
pub const JOBS_PER_CORE: usize = 4;

/// The largest `--timeout`, in seconds (one hour).
pub const MAX_TIMEOUT_SECS: f64 = 3600.0;

/// The smallest `--timeout`, in seconds.
pub const MIN_TIMEOUT_SECS: f64 = 0.001;

/// The most `--jobs` allowed on this machine: [`JOBS_PER_CORE`] times its
/// cores.
pub fn max_jobs() -> usize {
    JOBS_PER_CORE * std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `n` bytes for messages: `512 bytes`, `3.2 MiB`.
///
/// ```
/// assert_eq!(quotebench::limits::size(512), "512 bytes");
/// assert_eq!(quotebench::limits::size(8 << 20), "8.0 MiB");
/// ```
pub fn size(n: usize) -> String {
    if n < 1 << 20 {
        format!("{n} bytes")
    } else {
        format!("{:.1} MiB", n as f64 / f64::from(1u32 << 20))
    }
}

/// The message for a document over [`MAX_DOC_BYTES`].
pub fn too_large(what: &str, len: usize) -> String {
    format!(
        "{what} is {}, more than the {} a document may have (README.md, Limits); split it into articles",
        size(len),
        size(MAX_DOC_BYTES)
    )
}
