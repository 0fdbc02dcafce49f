//! Safe edits of the gold set: `gold add-speaker`, `gold add` and `gold
//! remove` here, `gold add-doc` and `gold init` in [`super::seed_edit`]
//! (re-exported), on the rows of [`super::rows`] (re-exported). Offsets are
//! computed here from the document's bytes, never typed by hand.
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
pub use super::rows::{
    quotes_of, read_quotes, read_speakers, render_quotes, render_speakers, sort_quotes,
    sort_speakers, speakers_of, QuoteRow, SpeakerRow,
};
pub use super::seed_edit::{add_doc, init, is_doc_id};
use super::{check, CheckReport, Corpus, Severity, QUOTES_FILE, SEED_EXT, SPEAKERS_FILE};
use crate::error::{Error, Result};
use crate::model::{Document, Kind, Span};
use crate::score::normalize;
use std::io::Write;
use std::path::{Path, PathBuf};

pub(crate) fn refused(path: impl Into<PathBuf>, message: impl Into<String>) -> Error {
    Error::Refused {
        path: path.into(),
        message: message.into(),
    }
}

/// The gold set as it is now, which must pass [`check()`]: an edit is only
/// checked for the errors it would add.
pub(super) fn precheck(
    seeds: &Path,
    gold: &Path,
    target: &Path,
    allow: &[&str],
) -> Result<CheckReport> {
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

pub(super) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
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
pub(super) fn commit(seeds: &Path, gold: &Path, file: &str, bytes: &[u8]) -> Result<CheckReport> {
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
    /// Replace the row already labelling this span (`gold add --replace`)
    /// instead of refusing.
    pub replace: bool,
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
    /// The rows this edit took out: the one `gold add --replace` replaced,
    /// or those `gold remove` removed.
    pub removed: Vec<QuoteRow>,
}

impl Written {
    /// What an edit that wrote `path` reports: the row at `line` (0 when
    /// there is no one row), `gold check`'s `report` on the result, and
    /// nothing replaced, removed or cleaned.
    pub(crate) fn wrote(path: PathBuf, line: usize, report: CheckReport) -> Self {
        Written {
            path,
            line,
            report,
            quote: None,
            cleaned: Vec::new(),
            unchanged: false,
            removed: Vec::new(),
        }
    }
}

/// Runs the edit `f` under the gold-set lock ([`with_lock`]) and records in
/// its [`Written`] the staging folders of killed edits the lock removed
/// first: the one wrapper every `gold` edit goes through.
pub(crate) fn locked(
    seeds: &Path,
    gold: &Path,
    f: impl FnOnce() -> Result<Written>,
) -> Result<Written> {
    with_lock(seeds, gold, |cleaned| {
        let mut w = f()?;
        w.cleaned = cleaned;
        Ok(w)
    })
}

/// A "did you mean" suffix for `name` among `candidates`, or "".
fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    crate::strategy::suggest(name, candidates)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// The ids of every speaker whose name or alias is `name`, after
/// [`normalize`], in id order (entities of different documents may share a
/// name).
pub fn speakers_by_name<'a>(corpus: &'a Corpus, name: &str) -> Vec<&'a str> {
    let key = normalize(name);
    if key.is_empty() {
        return Vec::new();
    }
    corpus
        .speakers
        .values()
        .filter(|s| s.names().any(|n| normalize(n) == key))
        .map(|s| s.id.as_str())
        .collect()
}

/// Why `mention` cannot be a mention of `speaker` in document `doc`: it is
/// a name or alias (after [`normalize`]) of another speaker of the
/// document's rows and none of `speaker`'s own. That row is a copied line
/// whose --speaker was not changed, or the wrong one of two people who
/// share a surname (`Mrs. Dunmore` for Mr. Dunmore): GUIDELINES.md §5, the
/// mention names the row's speaker. Pronouns and descriptions are never
/// names, so they always pass.
pub fn mention_of_another(
    corpus: &Corpus,
    doc: &str,
    speaker: &str,
    mention: &str,
) -> Option<String> {
    let key = normalize(mention);
    let own = corpus.speakers.get(speaker)?;
    if key.is_empty() || own.names().any(|n| normalize(n) == key) {
        return None;
    }
    let other = corpus
        .quotes_of(doc)
        .map(|q| q.speaker.as_str())
        .filter(|id| *id != speaker)
        .find(|id| {
            corpus
                .speakers
                .get(*id)
                .is_some_and(|s| s.names().any(|n| normalize(n) == key))
        })?;
    Some(format!(
        "--mention {mention:?} is a name of `{other}`, another speaker of `{doc}`, not of `{speaker}`; the mention names the row's speaker (GUIDELINES.md §5): check --speaker and --mention"
    ))
}

/// The speaker id that `name` (after [`normalize`]) names in document
/// `doc`: the one entity with that name or alias, or, when entities of
/// several documents share it, the one of them that speaks in `doc`.
/// `None` when no entity has the name or the choice is not clear.
pub fn speaker_in_document<'a>(corpus: &'a Corpus, doc: &str, name: &str) -> Option<&'a str> {
    let key = normalize(name);
    if key.is_empty() {
        return None;
    }
    let owners: Vec<&str> = corpus
        .speakers
        .values()
        .filter(|s| s.names().any(|n| normalize(n) == key))
        .map(|s| s.id.as_str())
        .collect();
    if let [one] = owners[..] {
        return Some(one);
    }
    let here: Vec<&str> = owners
        .into_iter()
        .filter(|id| corpus.quotes_of(doc).any(|q| q.speaker == *id))
        .collect();
    match here[..] {
        [one] => Some(one),
        _ => None,
    }
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
/// fit, the cue or mention does not occur in the document, the mention is
/// another speaker's name ([`mention_of_another`]), or the result would
/// fail `gold check`.
pub fn add_quote(seeds: &Path, gold: &Path, q: &NewQuote) -> Result<Written> {
    locked(seeds, gold, || add_quote_locked(seeds, gold, q))
}

fn add_quote_locked(seeds: &Path, gold: &Path, q: &NewQuote) -> Result<Written> {
    let target = gold.join(QUOTES_FILE);
    let before = precheck(seeds, gold, &target, &[])?;
    let corpus = &before.corpus;
    let doc = document(corpus, &q.doc, &target)?;
    if !corpus.speakers.contains_key(&q.speaker) {
        let owners = speakers_by_name(corpus, &q.speaker);
        let hint = match (speaker_in_document(corpus, &q.doc, &q.speaker), &owners[..]) {
            (Some(id), _) | (None, &[id]) => format!(
                " (did you mean `{id}`? `{}` is one of its names)",
                q.speaker
            ),
            (None, []) => did_you_mean(&q.speaker, corpus.speakers.keys().map(String::as_str)),
            (None, many) => format!(
                " (`{}` is a name of {}; give the id of the one in `{}`)",
                q.speaker,
                many.iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                q.doc
            ),
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
    let mut removed = Vec::new();
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
        if q.replace && !same {
            let old = r.clone();
            rows.retain(|x| *x != old);
            removed.push(old);
        } else if same {
            // Re-running a labelling script is harmless.
            return Ok(Written {
                quote: Some(r.clone()),
                unchanged: true,
                ..Written::wrote(target, line, before)
            });
        } else {
            return Err(refused(
            &target,
            format!(
                "bytes {span} of `{}` are already labelled at {}:{line} ({}, speaker `{}`, cue {:?}, mention {:?}); a span has one row (GUIDELINES.md §4): add --replace to replace it, or take it out with `quotebench gold remove{} --doc {} --start {} --end {}`",
                q.doc,
                target.display(),
                r.kind,
                r.speaker,
                r.cue,
                r.mention,
                corpus_flags(seeds, gold),
                q.doc,
                span.start,
                span.end
            ),
        ));
        }
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
        let file = seed.display().to_string();
        let line = |at| line_of(doc.text.as_bytes(), at);
        if let Some(why) = super::near::misfit(&doc.text, span, flag, value, &file, line) {
            return Err(refused(&target, why));
        }
    }
    if let Some(why) = mention_of_another(corpus, &q.doc, &q.speaker, &q.mention) {
        return Err(refused(&target, why));
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
        quote: Some(row),
        removed,
        ..Written::wrote(target, line, report)
    })
}

/// Which rows of one document `gold remove` takes out.
#[derive(Debug, Clone)]
pub enum Selector {
    /// The row whose span is exactly these byte offsets.
    Span(Span),
    /// The row whose span is this text (its `occurrence`-th place, 1-based,
    /// when the text occurs more than once).
    Text(String, Option<usize>),
    /// Every row of the document.
    All,
}

/// Removes rows of document `doc` from gold/quotes.csv through the same
/// checked, atomic, locked path as [`add_quote`]. Refuses (writing nothing)
/// when the document is unknown or no row matches. A speaker left without
/// rows stays in speakers.csv (`gold check` warns `unused-speaker`).
pub fn remove_quotes(seeds: &Path, gold: &Path, doc: &str, which: &Selector) -> Result<Written> {
    locked(seeds, gold, || remove_locked(seeds, gold, doc, which))
}

fn remove_locked(seeds: &Path, gold: &Path, doc: &str, which: &Selector) -> Result<Written> {
    let target = gold.join(QUOTES_FILE);
    let before = precheck(seeds, gold, &target, &[])?;
    let document = document(&before.corpus, doc, &target)?;
    let seed = seeds.join(format!("{doc}.{SEED_EXT}"));
    let span = match which {
        Selector::All => None,
        Selector::Span(s) => Some(*s),
        Selector::Text(text, occurrence) => {
            let found = occurrences(&document.text, text);
            match (found.len(), occurrence) {
                (0, _) => {
                    return Err(refused(
                        &target,
                        format!("the text {text:?} does not occur in {}", seed.display()),
                    ))
                }
                (1, None) => Some(found[0]),
                (n, None) => {
                    return Err(refused(
                        &target,
                        format!(
                            "the text {text:?} occurs {n} times in {}; choose one with --occurrence 1..{n}",
                            seed.display()
                        ),
                    ))
                }
                (n, Some(k)) if *k == 0 || *k > n => {
                    return Err(refused(
                        &target,
                        format!("--occurrence {k} is out of range: the text occurs {n} time(s)"),
                    ))
                }
                (_, Some(k)) => Some(found[k - 1]),
            }
        }
    };
    let rows = read_quotes(&target)?;
    let hit =
        |r: &QuoteRow| r.doc == doc && span.is_none_or(|s| r.start == s.start && r.end == s.end);
    let (removed, kept): (Vec<QuoteRow>, Vec<QuoteRow>) = rows.into_iter().partition(hit);
    if removed.is_empty() {
        let what = span.map_or("no row".to_string(), |s| format!("no row has bytes {s}"));
        return Err(refused(
            &target,
            format!(
                "{what} of `{doc}` in {}; `quotebench gold check` lists the rows with their lines",
                target.display()
            ),
        ));
    }
    let report = commit(seeds, gold, QUOTES_FILE, &render_quotes(&kept))?;
    Ok(Written {
        removed,
        ..Written::wrote(target, 0, report)
    })
}

/// Adds one entity to gold/speakers.csv. Refuses an id that exists with
/// another name or aliases, an alias containing `|`, and anything `gold
/// check` rejects (an id that is not snake_case, an empty name, a name or
/// alias of another entity); an id that exists with the same name and
/// aliases writes nothing ([`Written::unchanged`]), so that a label script
/// can be run again after `gold remove --doc D --all`. Until a quote uses
/// it, `gold check` warns `unused-speaker`.
pub fn add_speaker(
    seeds: &Path,
    gold: &Path,
    id: &str,
    name: &str,
    aliases: &[String],
) -> Result<Written> {
    locked(seeds, gold, || {
        add_speaker_locked(seeds, gold, id, name, aliases)
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
    let before = precheck(seeds, gold, &target, &[])?;
    let mut rows = read_speakers(&target)?;
    let joined = aliases
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect::<Vec<_>>()
        .join("|");
    if let Some(i) = rows.iter().position(|r| r.id == id) {
        if rows[i].name == name.trim() && rows[i].aliases == joined {
            // Re-running a labelling script is harmless.
            return Ok(Written {
                unchanged: true,
                ..Written::wrote(target, i + 2, before)
            });
        }
        return Err(refused(
            &target,
            format!(
                "speaker `{id}` already exists at {}:{} ({}{}); ids are stable, so pick another or reuse this one (`gold add-alias` adds a name)",
                target.display(),
                i + 2,
                rows[i].name,
                if rows[i].aliases.is_empty() { String::new() } else { format!(", aliases {}", rows[i].aliases) }
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
        aliases: joined,
    };
    rows.push(row.clone());
    sort_speakers(&mut rows);
    let line = rows.iter().position(|r| *r == row).unwrap_or(0) + 2;
    let report = commit(seeds, gold, SPEAKERS_FILE, &render_speakers(&rows))?;
    Ok(Written::wrote(target, line, report))
}
