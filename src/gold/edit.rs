//! Safe edits of the gold set: `gold add-doc`, `gold add-speaker` and
//! `gold add`. Offsets are computed here from the document's bytes, never
//! typed by hand.
//!
//! Every edit follows the same steps: the gold set must pass [`check()`]
//! before the change; the edited CSV is rewritten whole (sorted, quoted like
//! Python's `csv.writer`) into a staging directory inside `gold/`; [`check()`]
//! runs on the staged copy; only if it passes is the staged file renamed over
//! the real one (one atomic rename on the same file system). A refused or
//! interrupted edit leaves every file byte for byte as it was, and a refusal
//! is an [`Error::Refused`] that says why and what to do instead.
//!
//! Not here: deciding *what* to label (gold/GUIDELINES.md) or finding
//! candidates ([`super::suggest`]).

use super::lock::{with_lock, STAGING_PREFIX};
pub use super::marks::{is_quoted, kind_misfit, surroundings, CLOSING_MARKS, OPENING_MARKS};
use super::{check, CheckReport, Corpus, Severity, QUOTES_FILE, SEED_EXT, SPEAKERS_FILE};
use super::{QUOTES_HEADER, SPEAKERS_HEADER};
use crate::error::{Error, Result};
use crate::model::{Document, Kind, Span};
use crate::score::normalize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One row of gold/quotes.csv, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRow {
    /// Document id.
    pub doc: String,
    /// Byte offset of the first byte of the span.
    pub start: usize,
    /// Byte offset one past the span.
    pub end: usize,
    /// `direct`, `partial` or `indirect`.
    pub kind: String,
    /// Speaker id.
    pub speaker: String,
    /// Reporting cue as written, may be empty.
    pub cue: String,
    /// Nearest speaker mention as written, may be empty.
    pub mention: String,
    /// The span's text.
    pub text: String,
}

impl QuoteRow {
    /// The sort key of gold/quotes.csv: doc, start, end, then kind and speaker.
    fn key(&self) -> (&str, usize, usize, &str, &str) {
        (&self.doc, self.start, self.end, &self.kind, &self.speaker)
    }
}

/// One row of gold/speakers.csv, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerRow {
    /// Snake-case id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Aliases joined with `|`, may be empty.
    pub aliases: String,
}

pub(crate) fn refused(path: impl Into<PathBuf>, message: impl Into<String>) -> Error {
    Error::Refused {
        path: path.into(),
        message: message.into(),
    }
}

fn records_of(path: &Path, bytes: &[u8], width: usize) -> Result<Vec<(u64, Vec<String>)>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| super::check::line_at(bytes, p));
            refused(
                path,
                format!("{}:{line}: unreadable CSV: {e}", path.display()),
            )
        })?;
        let line = record
            .position()
            .map_or(0, |p| super::check::line_at(bytes, p));
        if record.len() != width {
            return Err(refused(
                path,
                format!(
                    "{}:{line}: expected {width} fields, found {}",
                    path.display(),
                    record.len()
                ),
            ));
        }
        out.push((line, record.iter().map(str::to_owned).collect()));
    }
    Ok(out)
}

/// Reads gold/quotes.csv as rows, in file order.
pub fn read_quotes(path: &Path) -> Result<Vec<QuoteRow>> {
    quotes_of(path, &super::read(path)?)
}

/// The rows of quotes.csv bytes; `path` only names the file in errors.
pub fn quotes_of(path: &Path, bytes: &[u8]) -> Result<Vec<QuoteRow>> {
    records_of(path, bytes, QUOTES_HEADER.len())?
        .into_iter()
        .map(|(line, f)| {
            let offset = |v: &str| {
                super::check::parse_offset(v).ok_or_else(|| {
                    refused(
                        path,
                        format!("{}:{line}: offset `{v}` is not an integer", path.display()),
                    )
                })
            };
            Ok(QuoteRow {
                start: offset(&f[1])?,
                end: offset(&f[2])?,
                doc: f[0].clone(),
                kind: f[3].clone(),
                speaker: f[4].clone(),
                cue: f[5].clone(),
                mention: f[6].clone(),
                text: f[7].clone(),
            })
        })
        .collect()
}

/// Reads gold/speakers.csv as rows, in file order.
pub fn read_speakers(path: &Path) -> Result<Vec<SpeakerRow>> {
    speakers_of(path, &super::read(path)?)
}

/// The rows of speakers.csv bytes; `path` only names the file in errors.
pub fn speakers_of(path: &Path, bytes: &[u8]) -> Result<Vec<SpeakerRow>> {
    Ok(records_of(path, bytes, SPEAKERS_HEADER.len())?
        .into_iter()
        .map(|(_, f)| SpeakerRow {
            id: f[0].clone(),
            name: f[1].clone(),
            aliases: f[2].clone(),
        })
        .collect())
}

fn csv_bytes<R, F>(header: &[&str], rows: R) -> Vec<u8>
where
    R: IntoIterator<Item = F>,
    F: IntoIterator,
    F::Item: AsRef<[u8]>,
{
    // Python's csv.writer(f, lineterminator="\n"): minimal quoting, `\n`.
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing records to a Vec cannot fail.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    w.into_inner().unwrap_or_default()
}

/// Sorts quote rows into the gold order: doc, start, end, kind, speaker.
pub fn sort_quotes(rows: &mut [QuoteRow]) {
    rows.sort_by(|a, b| a.key().cmp(&b.key()));
}

/// Sorts speaker rows by id.
pub fn sort_speakers(rows: &mut [SpeakerRow]) {
    rows.sort_by(|a, b| a.id.cmp(&b.id));
}

/// The bytes of gold/quotes.csv holding `rows`, in the order given.
pub fn render_quotes(rows: &[QuoteRow]) -> Vec<u8> {
    csv_bytes(
        &QUOTES_HEADER,
        rows.iter().map(|r| {
            [
                r.doc.clone(),
                r.start.to_string(),
                r.end.to_string(),
                r.kind.clone(),
                r.speaker.clone(),
                r.cue.clone(),
                r.mention.clone(),
                r.text.clone(),
            ]
        }),
    )
}

/// The bytes of gold/speakers.csv holding `rows`, in the order given.
pub fn render_speakers(rows: &[SpeakerRow]) -> Vec<u8> {
    csv_bytes(
        &SPEAKERS_HEADER,
        rows.iter().map(|r| [&r.id, &r.name, &r.aliases]),
    )
}

/// The gold set as it is now, which must pass [`check()`]: an edit is only
/// checked for the errors it would add.
fn precheck(seeds: &Path, gold: &Path, target: &Path, allow: &[&str]) -> Result<CheckReport> {
    let report = check(seeds, gold)?;
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && !allow.contains(&d.id))
        .collect();
    let Some(first) = errors.first() else {
        return Ok(report);
    };
    // Only order or line endings wrong: `gold fmt` repairs that.
    let fmt = |id: &str| matches!(id, "unsorted" | "crlf-checkout");
    let message = if errors.iter().all(|d| fmt(d.id)) {
        format!(
            "the gold set is valid but not in canonical form ({first}); run `quotebench gold fmt{}` to rewrite it, then retry",
            corpus_flags(seeds, gold)
        )
    } else {
        format!(
            "the gold set already fails `quotebench gold check` ({} error(s), first: {first}); fix it before adding to it",
            errors.len()
        )
    };
    Err(refused(target, message))
}

/// ` --seeds S --gold G` for the directories that are not the defaults
/// (`seeds`, `gold`), so that a printed command acts on the same gold set.
pub fn corpus_flags(seeds: &Path, gold: &Path) -> String {
    let mut out = String::new();
    for (flag, dir, default) in [("--seeds", seeds, "seeds"), ("--gold", gold, "gold")] {
        if dir != Path::new(default) {
            let shown = dir.display().to_string();
            out.push_str(&format!(" {flag} {}", super::suggest::shell_quote(&shown)));
        }
    }
    out
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

/// Writes `bytes` to a new file and flushes it to disk.
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = std::fs::File::create(path).map_err(io(path))?;
    f.write_all(bytes).map_err(io(path))?;
    f.sync_all().map_err(io(path))
}

/// Replaces `gold/<file>` by `bytes` if the gold set with the new file
/// passes [`check()`]: the new file is staged in a temporary directory inside
/// `gold/` (next to the real one, so the final rename is atomic), checked
/// there, then renamed into place. On refusal the staging directory is
/// removed and nothing else was touched.
fn commit(seeds: &Path, gold: &Path, file: &str, bytes: &[u8]) -> Result<CheckReport> {
    let target = gold.join(file);
    if let Ok(meta) = std::fs::metadata(&target) {
        if meta.permissions().readonly() {
            return Err(refused(
                &target,
                format!(
                    "{} is read-only; make it writable (`chmod u+w {}`) if it is meant to be edited",
                    target.display(),
                    target.display()
                ),
            ));
        }
    }
    let staged = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .suffix(".tmp")
        .tempdir_in(gold)
        .map_err(io(gold))?;
    for f in [QUOTES_FILE, SPEAKERS_FILE] {
        let dest = staged.path().join(f);
        if f == file {
            write_synced(&dest, bytes)?;
        } else {
            let src = gold.join(f);
            std::fs::copy(&src, &dest).map_err(io(&src))?;
        }
    }
    let mut report = check(seeds, staged.path())?;
    for d in &mut report.diagnostics {
        if let Ok(rest) = d.file.strip_prefix(staged.path()) {
            d.file = gold.join(rest);
        }
    }
    if let Some(first) = report
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        return Err(refused(
            &target,
            format!("the change would break the gold set: {first}"),
        ));
    }
    let staged_file = staged.path().join(file);
    if let Ok(meta) = std::fs::metadata(&target) {
        // Keep the file's mode; failing to is not worth refusing the edit.
        let _ = std::fs::set_permissions(&staged_file, meta.permissions());
    }
    std::fs::rename(&staged_file, &target).map_err(io(&target))?;
    sync_dir(gold);
    Ok(report)
}

/// A temporary file is private (0600 on Unix); before it is renamed into
/// place, give it the mode of `like` (the file it replaces, or a sibling),
/// else an ordinary 0644. Best effort: a mode is not worth failing an edit.
pub fn give_mode(file: &std::fs::File, like: Option<std::fs::Metadata>) {
    if let Some(meta) = like {
        let _ = file.set_permissions(meta.permissions());
        return;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file.set_permissions(std::fs::Permissions::from_mode(0o644));
    }
}

/// Makes a rename in `dir` durable where the platform allows it.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        // Best effort: the rename has happened either way.
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The 1-based line of byte `at` in `text`.
pub fn line_of(text: &[u8], at: usize) -> usize {
    1 + memchr::memchr_iter(b'\n', &text[..at.min(text.len())]).count()
}

/// Every place `needle` occurs in `haystack`, overlapping ones included.
/// A match of a non-empty UTF-8 needle in UTF-8 text always falls on
/// character boundaries.
///
/// ```
/// use quotebench::gold::edit::occurrences;
/// assert_eq!(occurrences("aaa", "aa"), vec![quotebench::model::Span::new(0, 2), quotebench::model::Span::new(1, 3)]);
/// ```
pub fn occurrences(haystack: &str, needle: &str) -> Vec<Span> {
    if needle.is_empty() {
        return Vec::new();
    }
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = finder.find(&haystack.as_bytes()[from..]) {
        let start = from + i;
        out.push(Span::new(start, start + needle.len()));
        from = start + 1;
    }
    out
}

/// A new attribution for [`add_quote`]: everything but the offsets.
#[derive(Debug, Clone)]
pub struct NewQuote {
    /// Document id.
    pub doc: String,
    /// Direct, partial or indirect.
    pub kind: Kind,
    /// Speaker id, as in gold/speakers.csv.
    pub speaker: String,
    /// The exact text of the span, as in the document.
    pub text: String,
    /// Which occurrence of `text` (1-based) when it occurs more than once.
    pub occurrence: Option<usize>,
    /// Reporting cue as written, may be empty.
    pub cue: String,
    /// Nearest speaker mention as written, may be empty.
    pub mention: String,
}

/// What an edit wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// The file written.
    pub path: PathBuf,
    /// The line of the new row (1-based, the header is line 1).
    pub line: usize,
    /// `gold check` on the result.
    pub report: CheckReport,
    /// The row `gold add` wrote (as it was written, not re-read: another
    /// edit may already have changed the file).
    pub quote: Option<QuoteRow>,
    /// Staging folders of killed edits that were removed first.
    pub cleaned: Vec<PathBuf>,
    /// True when the row was already there, identical, and nothing was
    /// written.
    pub unchanged: bool,
}

/// A "did you mean" suffix for `name` among `candidates`, or "".
fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    crate::strategy::suggest(name, candidates)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// The speaker id whose name or alias is `name`, after [`normalize`].
pub fn speaker_by_name<'a>(corpus: &'a Corpus, name: &str) -> Option<&'a str> {
    let key = normalize(name);
    if key.is_empty() {
        return None;
    }
    corpus
        .speakers
        .values()
        .find(|s| s.names().any(|n| normalize(n) == key))
        .map(|s| s.id.as_str())
}

fn document<'a>(corpus: &'a Corpus, id: &str, target: &Path) -> Result<&'a Document> {
    corpus.docs.get(id).ok_or_else(|| {
        refused(
            target,
            format!(
                "unknown document `{id}`{}; a document id is the stem of a file in seeds/ (add one with `quotebench gold add-doc`)",
                did_you_mean(id, corpus.docs.keys().map(String::as_str))
            ),
        )
    })
}

/// Adds one attribution to gold/quotes.csv, finding `q.text` in the
/// document to compute the offsets. Refuses (and writes nothing) when the
/// document or speaker is unknown, the text is not found or is ambiguous
/// without `occurrence`, the span is already labelled, the kind does not
/// fit, the cue or mention does not occur in the document, or the result
/// would fail `gold check`.
pub fn add_quote(seeds: &Path, gold: &Path, q: &NewQuote) -> Result<Written> {
    with_lock(seeds, gold, |cleaned| {
        let mut w = add_quote_locked(seeds, gold, q)?;
        w.cleaned = cleaned;
        Ok(w)
    })
}

fn add_quote_locked(seeds: &Path, gold: &Path, q: &NewQuote) -> Result<Written> {
    let target = gold.join(QUOTES_FILE);
    let before = precheck(seeds, gold, &target, &[])?;
    let corpus = &before.corpus;
    let doc = document(corpus, &q.doc, &target)?;
    if !corpus.speakers.contains_key(&q.speaker) {
        let hint = match speaker_by_name(corpus, &q.speaker) {
            Some(id) => format!(
                " (did you mean `{id}`? `{}` is one of its names)",
                q.speaker
            ),
            None => did_you_mean(&q.speaker, corpus.speakers.keys().map(String::as_str)),
        };
        return Err(refused(
            &target,
            format!(
                "unknown speaker `{}`{hint}; --speaker takes an id from gold/speakers.csv; add a new entity with `quotebench gold add-speaker --id ID --name NAME`",
                q.speaker
            ),
        ));
    }
    if q.text.is_empty() {
        return Err(refused(&target, "--text is empty"));
    }
    let found = occurrences(&doc.text, &q.text);
    let seed = seeds.join(format!("{}.{SEED_EXT}", q.doc));
    if found.is_empty() {
        let mut hint = String::new();
        for (from, to, what) in [
            ('\'', "\u{2019}", "curly apostrophes `’`"),
            ('\u{2019}', "'", "straight apostrophes `'`"),
        ] {
            if q.text.contains(from) && doc.text.contains(&q.text.replace(from, to)) {
                hint = format!("; it does with {what}");
            }
        }
        return Err(refused(
            &target,
            format!(
                "the text {:?} does not occur in {}{hint}; copy it from the file exactly (quotation marks, apostrophes and dashes included)",
                q.text,
                seed.display()
            ),
        ));
    }
    let n = found.len();
    let index = match q.occurrence {
        None if n == 1 => 0,
        None => {
            let lines: Vec<String> = found
                .iter()
                .map(|s| line_of(doc.text.as_bytes(), s.start).to_string())
                .collect();
            return Err(refused(
                &target,
                format!(
                    "the text {:?} occurs {n} times in {} (lines {}); choose one with --occurrence 1..{n}",
                    q.text,
                    seed.display(),
                    lines.join(", ")
                ),
            ));
        }
        Some(k) if k == 0 || k > n => {
            return Err(refused(
                &target,
                format!(
                    "--occurrence {k} is out of range: the text occurs {n} time(s) in {}",
                    seed.display()
                ),
            ))
        }
        Some(k) => k - 1,
    };
    let span = found[index];
    let mut rows = read_quotes(&target)?;
    if let Some(r) = rows
        .iter()
        .find(|r| r.doc == q.doc && r.start == span.start && r.end == span.end)
    {
        // The line as `gold check` counts it (a field may hold line breaks).
        let line = corpus
            .quotes_of(&q.doc)
            .find(|g| g.span == span)
            .map_or(0, |g| g.line as usize);
        let same = r.kind == q.kind.as_str()
            && r.speaker == q.speaker
            && r.cue == q.cue
            && r.mention == q.mention;
        if same {
            // Re-running a labelling script is harmless.
            return Ok(Written {
                path: target,
                line,
                report: before,
                quote: Some(r.clone()),
                cleaned: Vec::new(),
                unchanged: true,
            });
        }
        return Err(refused(
            &target,
            format!(
                "bytes {span} of `{}` are already labelled at {}:{line} ({}, speaker `{}`, cue {:?}, mention {:?}); a span has one row (GUIDELINES.md §4)",
                q.doc,
                target.display(),
                r.kind,
                r.speaker,
                r.cue,
                r.mention
            ),
        ));
    }
    if let Some(why) = kind_misfit(&doc.text, span, q.kind) {
        return Err(refused(
            &target,
            format!(
                "--kind {} does not fit {}:{}: {why}",
                q.kind,
                seed.display(),
                line_of(doc.text.as_bytes(), span.start)
            ),
        ));
    }
    for (flag, value) in [("--cue", &q.cue), ("--mention", &q.mention)] {
        if !value.is_empty() && !doc.text.contains(value.as_str()) {
            return Err(refused(
                &target,
                format!(
                    "{flag} {value:?} does not occur in {}; write it as in the text, same case (or leave it empty: GUIDELINES.md §5)",
                    seed.display()
                ),
            ));
        }
    }
    let row = QuoteRow {
        doc: q.doc.clone(),
        start: span.start,
        end: span.end,
        kind: q.kind.as_str().to_owned(),
        speaker: q.speaker.clone(),
        cue: q.cue.clone(),
        mention: q.mention.clone(),
        text: doc.text[span.start..span.end].to_owned(),
    };
    rows.push(row.clone());
    sort_quotes(&mut rows);
    let line = rows.iter().position(|r| *r == row).unwrap_or(0) + 2;
    let report = commit(seeds, gold, QUOTES_FILE, &render_quotes(&rows))?;
    Ok(Written {
        path: target,
        line,
        report,
        quote: Some(row),
        cleaned: Vec::new(),
        unchanged: false,
    })
}

/// Adds one entity to gold/speakers.csv. Refuses an id that exists, an
/// alias containing `|`, and anything `gold check` rejects (an id that is
/// not snake_case, an empty name, a name or alias of another entity).
/// Until a quote uses it, `gold check` warns `unused-speaker`.
pub fn add_speaker(
    seeds: &Path,
    gold: &Path,
    id: &str,
    name: &str,
    aliases: &[String],
) -> Result<Written> {
    with_lock(seeds, gold, |cleaned| {
        let mut w = add_speaker_locked(seeds, gold, id, name, aliases)?;
        w.cleaned = cleaned;
        Ok(w)
    })
}

fn add_speaker_locked(
    seeds: &Path,
    gold: &Path,
    id: &str,
    name: &str,
    aliases: &[String],
) -> Result<Written> {
    let target = gold.join(SPEAKERS_FILE);
    precheck(seeds, gold, &target, &[])?;
    let mut rows = read_speakers(&target)?;
    if let Some(i) = rows.iter().position(|r| r.id == id) {
        return Err(refused(
            &target,
            format!(
                "speaker `{id}` already exists at {}:{} ({}); ids are stable, so pick another or reuse this one",
                target.display(),
                i + 2,
                rows[i].name
            ),
        ));
    }
    if let Some(a) = aliases.iter().find(|a| a.contains('|')) {
        return Err(refused(
            &target,
            format!(
                "alias {a:?} contains `|`, the alias separator; give each alias its own --alias"
            ),
        ));
    }
    let trimmed: Vec<String> = aliases.iter().map(|a| a.trim().to_owned()).collect();
    if let Some(problem) = super::check::name_problem(name.trim(), &trimmed) {
        return Err(refused(&target, problem));
    }
    let row = SpeakerRow {
        id: id.to_owned(),
        name: name.trim().to_owned(),
        aliases: aliases
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .collect::<Vec<_>>()
            .join("|"),
    };
    rows.push(row.clone());
    sort_speakers(&mut rows);
    let line = rows.iter().position(|r| *r == row).unwrap_or(0) + 2;
    let report = commit(seeds, gold, SPEAKERS_FILE, &render_speakers(&rows))?;
    Ok(Written {
        path: target,
        line,
        report,
        quote: None,
        cleaned: Vec::new(),
        unchanged: false,
    })
}

/// True for a sensible document id: ASCII letters, digits, `_`, `-` and
/// `.`, starting with a letter or digit, at most 100 bytes, not ending in
/// `.txt`.
///
/// ```
/// use quotebench::gold::edit::is_doc_id;
/// assert!(is_doc_id("005_kyiv_talks"));
/// assert!(!is_doc_id("../etc"));
/// assert!(!is_doc_id("my article"));
/// ```
pub fn is_doc_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id.as_bytes()[0].is_ascii_alphanumeric()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && !id.ends_with(".txt")
}

/// Copies `file` into `seeds/` as `<id>.txt` (id: `id`, else the file's
/// stem). Refuses an id that is taken or not sensible ([`is_doc_id`]), an
/// empty file, and bytes that are not UTF-8 (naming the line of the first
/// bad byte). The copy is written to a temporary file in `seeds/` and
/// renamed into place without overwriting.
pub fn add_doc(seeds: &Path, gold: &Path, file: &Path, id: Option<&str>) -> Result<Written> {
    with_lock(seeds, gold, |cleaned| {
        let mut w = add_doc_locked(seeds, gold, file, id)?;
        w.cleaned = cleaned;
        Ok(w)
    })
}

fn add_doc_locked(seeds: &Path, gold: &Path, file: &Path, id: Option<&str>) -> Result<Written> {
    let id = match id {
        Some(id) => id.to_owned(),
        None => file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned(),
    };
    let target = seeds.join(format!("{id}.{SEED_EXT}"));
    if !is_doc_id(&id) {
        return Err(refused(
            seeds,
            format!(
                "`{id}` is not a usable document id: use ASCII letters, digits, `_`, `-` and `.` (starting with a letter or digit, no `.txt`), e.g. --id 005_kyiv_talks"
            ),
        ));
    }
    // `no-seeds` is the one error adding the first article cures.
    precheck(seeds, gold, seeds, &["no-seeds"])?;
    if target.exists() {
        return Err(refused(
            &target,
            format!("document `{id}` already exists; seeds are never overwritten, give the new article another --id"),
        ));
    }
    let len = std::fs::metadata(file).map_err(io(file))?.len();
    if len > crate::limits::MAX_DOC_BYTES as u64 {
        return Err(refused(
            seeds,
            crate::limits::too_large(
                &file.display().to_string(),
                usize::try_from(len).unwrap_or(usize::MAX),
            ),
        ));
    }
    let bytes = super::read(file)?;
    if bytes.is_empty() {
        return Err(refused(seeds, format!("{} is empty", file.display())));
    }
    if bytes.starts_with(b"\xef\xbb\xbf") {
        return Err(refused(
            seeds,
            format!(
                "{} starts with a byte-order mark (BOM), which would shift every offset; remove it first (e.g. `sed -i '1s/^\\xEF\\xBB\\xBF//' {}`)",
                file.display(),
                file.display()
            ),
        ));
    }
    for other in super::seed_files(seeds)? {
        if std::fs::read(&other).is_ok_and(|b| b == bytes) {
            return Err(refused(
                seeds,
                format!(
                    "{} is already in the seeds as {}; an article is added once",
                    file.display(),
                    other.display()
                ),
            ));
        }
    }
    if let Err(e) = std::str::from_utf8(&bytes) {
        let at = e.valid_up_to();
        return Err(refused(
            seeds,
            format!(
                "{}:{}: not valid UTF-8 (byte {at}); convert the article to UTF-8 first (e.g. `iconv -f windows-1252 -t utf-8`)",
                file.display(),
                line_of(&bytes, at)
            ),
        ));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .suffix(".tmp")
        .tempfile_in(seeds)
        .map_err(io(seeds))?;
    tmp.write_all(&bytes).map_err(io(tmp.path()))?;
    tmp.as_file().sync_all().map_err(io(tmp.path()))?;
    let sibling = super::seed_files(seeds)?
        .first()
        .and_then(|p| std::fs::metadata(p).ok());
    give_mode(tmp.as_file(), sibling);
    tmp.persist_noclobber(&target).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            refused(&target, format!("document `{id}` already exists"))
        } else {
            Error::io(&target, e.error)
        }
    })?;
    sync_dir(seeds);
    let report = check(seeds, gold)?;
    Ok(Written {
        path: target,
        line: 0,
        report,
        quote: None,
        cleaned: Vec::new(),
        unchanged: false,
    })
}

/// Starts a new, empty gold set: creates `seeds` and `gold` if they are
/// missing and writes header-only `quotes.csv` and `speakers.csv`. Refuses
/// (writing nothing) when either CSV already exists. Returns the files
/// written.
pub fn init(seeds: &Path, gold: &Path) -> Result<Vec<PathBuf>> {
    let files = [
        (gold.join(QUOTES_FILE), render_quotes(&[])),
        (gold.join(SPEAKERS_FILE), render_speakers(&[])),
    ];
    for (path, _) in &files {
        if path.exists() {
            return Err(refused(
                path,
                format!(
                    "{} already exists; `gold init` only starts a new gold set",
                    path.display()
                ),
            ));
        }
    }
    for dir in [seeds, gold] {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    with_lock(seeds, gold, |_| {
        let mut written = Vec::new();
        for (path, bytes) in &files {
            let mut tmp = tempfile::Builder::new()
                .prefix(STAGING_PREFIX)
                .suffix(".tmp")
                .tempfile_in(gold)
                .map_err(io(gold))?;
            tmp.write_all(bytes).map_err(io(tmp.path()))?;
            give_mode(tmp.as_file(), None);
            tmp.persist_noclobber(path).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    refused(path, format!("{} already exists", path.display()))
                } else {
                    Error::io(path, e.error)
                }
            })?;
            written.push(path.clone());
        }
        sync_dir(gold);
        Ok(written)
    })
}
