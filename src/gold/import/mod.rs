//! `gold import`: annotated corpora from other tools ([`brat`] standoff,
//! [`label_studio`] JSON exports) become a new quotebench corpus directory
//! (`OUT/seeds/*.txt`, `OUT/gold/{quotes,speakers}.csv`, `OUT/import-log.txt`).
//!
//! The parsers only read; [`write_corpus`] writes. It renders the rows with
//! the same code as `gold add` ([`super::edit`]: sorted, quoted like
//! Python's `csv.writer`), lays the corpus out in a staging directory next
//! to `OUT`, runs [`check()`] on the staged copy, and only if it passes
//! renames the staging directory to `OUT` (one atomic rename; `OUT` must not
//! exist). A refused import leaves nothing behind.
//!
//! Shared here: speaker entities built by name matching ([`Entities`]), the
//! kind of an imported content span ([`derive_kind`]), character to byte
//! offsets ([`CharIndex`]).

pub mod brat;
pub mod label_studio;

use super::edit::{render_quotes, render_speakers, sort_quotes, sort_speakers};
use super::edit::{QuoteRow, SpeakerRow};
use super::lock::STAGING_PREFIX;
use super::{check, CheckReport, Severity, QUOTES_FILE, SEED_EXT, SPEAKERS_FILE};
use crate::error::{Error, Result};
use crate::gold::edit::{is_quoted, CLOSING_MARKS, OPENING_MARKS};
use crate::model::{Kind, Span};
use crate::name::{normalize, read, ReadingKind};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// File name of the import log inside the new corpus directory.
pub const LOG_FILE: &str = "import-log.txt";

/// What a parser read: documents, entities, rows, and the decisions it took
/// (one line each, for `import-log.txt`).
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Document id → text.
    pub docs: BTreeMap<String, String>,
    /// Speaker entities.
    pub speakers: Vec<SpeakerRow>,
    /// Attributions.
    pub quotes: Vec<QuoteRow>,
    /// Decisions worth recording (discontinuous content split, cues
    /// dropped, sources left unlinked), in the order taken.
    pub log: Vec<String>,
}

/// A refusal naming the input and what to do.
pub(crate) fn refused(path: &Path, message: impl Into<String>) -> Error {
    Error::Refused {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Character (Unicode scalar value) offsets to UTF-8 byte offsets, for one
/// text: brat and Label Studio count characters, quotebench counts bytes.
pub struct CharIndex {
    bytes: Vec<usize>,
}

impl CharIndex {
    /// The index of `text`.
    pub fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { bytes }
    }

    /// Number of characters.
    pub fn chars(&self) -> usize {
        self.bytes.len() - 1
    }

    /// The byte offset of character offset `c`, `None` past the end.
    ///
    /// ```
    /// use quotebench::gold::import::CharIndex;
    /// let ix = CharIndex::new("Zürich said");
    /// assert_eq!(ix.byte(2), Some(3));
    /// assert_eq!(ix.byte(12), None);
    /// ```
    pub fn byte(&self, c: usize) -> Option<usize> {
        self.bytes.get(c).copied()
    }

    /// The character offset of byte offset `b` (which must be a boundary).
    pub fn char_of(&self, b: usize) -> Option<usize> {
        self.bytes.binary_search(&b).ok()
    }
}

const ALL_MARKS: [char; 3] = ['"', '\u{201c}', '\u{201d}'];

/// The span and kind of an imported content span, by a fixed rule
/// (documented in CONTRIBUTING.md, "Importing"):
///
/// 1. white space is trimmed from both ends; when the content starts with an
///    opening quotation mark and ends with a closing one (punctuation after
///    the closing mark allowed), the marks and that punctuation are trimmed
///    too, since a quotebench span is what lies between the marks;
/// 2. the span is then *wholly quoted* when a quotation mark sits just
///    before and just after it ([`is_quoted`]). Wholly quoted and *set off
///    from narration* (the opening mark is at the start of the text or of a
///    line, or follows `. ! ? : , ; — –` or another quotation mark) →
///    `direct`; wholly quoted inside a narrator's sentence (a word before
///    the opening mark) → `partial`; anything else → `indirect`.
///
/// Returns `None` when nothing is left after trimming.
///
/// ```
/// use quotebench::{gold::import::derive_kind, model::{Kind, Span}};
/// let t = "He said: “We are ready.” She called it “a farce” and left.";
/// let d = t.find('W').unwrap();
/// let (s, k) = derive_kind(t, Span::new(d - 3, d + 17)).unwrap();
/// assert_eq!((&t[s.start..s.end], k), ("We are ready.", Kind::Direct));
/// let p = t.find("a farce").unwrap();
/// assert_eq!(derive_kind(t, Span::new(p, p + 7)).unwrap().1, Kind::Partial);
/// assert_eq!(derive_kind(t, Span::new(0, 7)).unwrap().1, Kind::Indirect);
/// ```
pub fn derive_kind(text: &str, span: Span) -> Option<(Span, Kind)> {
    let body = &text[span.start..span.end];
    let lead = body.len() - body.trim_start().len();
    let trail = body.len() - body.trim_end().len();
    let mut s = Span::new(span.start + lead, span.end - trail);
    if s.is_empty() {
        return None;
    }
    let inner = &text[s.start..s.end];
    if inner.starts_with(OPENING_MARKS) {
        // The closing mark, maybe followed by punctuation.
        let stripped = inner.trim_end_matches([',', '.', ';', ':']);
        if stripped.len() > 1 && stripped.ends_with(CLOSING_MARKS) {
            let open = inner.chars().next().map_or(1, char::len_utf8);
            let close = stripped.chars().next_back().map_or(1, char::len_utf8);
            let end = s.start + stripped.len() - close;
            let start = s.start + open;
            if start < end {
                let b = &text[start..end];
                let l = b.len() - b.trim_start().len();
                let r = b.len() - b.trim_end().len();
                s = Span::new(start + l, end - r);
                if s.is_empty() {
                    return None;
                }
            }
        }
    }
    if !is_quoted(text, s) {
        return Some((s, Kind::Indirect));
    }
    // The opening mark is the last non-space character before `s`.
    let before_mark = text[..s.start].trim_end();
    let before_mark = before_mark
        .strip_suffix(|c: char| ALL_MARKS.contains(&c))
        .unwrap_or(before_mark);
    let line_start = before_mark
        .rfind('\n')
        .map_or(before_mark, |i| &before_mark[i + 1..]);
    let prev = line_start.trim_end().chars().next_back();
    let set_off = match prev {
        None => true,
        Some(c) => {
            matches!(
                c,
                '.' | '!' | '?' | ':' | ',' | ';' | '\u{2014}' | '\u{2013}'
            ) || ALL_MARKS.contains(&c)
        }
    };
    Some((s, if set_off { Kind::Direct } else { Kind::Partial }))
}

/// A snake_case speaker id for a name: accents dropped, anything but ASCII
/// letters and digits becomes `_`.
///
/// ```
/// use quotebench::gold::import::slug;
/// assert_eq!(slug("Charles E. Grassley"), "charles_e_grassley");
/// assert_eq!(slug("Zoë O’Brien"), "zoe_o_brien");
/// assert_eq!(slug("3M"), "s_3m");
/// assert_eq!(slug("Ødegaard"), "odegaard");
/// ```
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    // Letters that do not decompose into an ASCII base letter.
    let spelled: String = name
        .chars()
        .map(|c| match c {
            'ø' | 'Ø' => "o".to_owned(),
            'æ' | 'Æ' => "ae".to_owned(),
            'œ' | 'Œ' => "oe".to_owned(),
            'ß' => "ss".to_owned(),
            'ł' | 'Ł' => "l".to_owned(),
            'đ' | 'Đ' => "d".to_owned(),
            'þ' | 'Þ' => "th".to_owned(),
            c => c.to_string(),
        })
        .collect();
    for c in spelled.nfkd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c.is_ascii() || c.is_whitespace() || !c.is_alphanumeric())
            && !out.ends_with('_')
            && !out.is_empty()
        {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        return "speaker".into();
    }
    if !out.as_bytes()[0].is_ascii_lowercase() {
        out.insert_str(0, "s_");
    }
    out
}

/// True when `mention` names someone (a name remains after titles,
/// determiners and role words are stripped): such a source becomes an
/// entity; a pronoun or a bare description stays an unknown-speaker row.
pub fn is_named(mention: &str) -> bool {
    read(mention).kind == ReadingKind::Name
}

/// The name an entity gets from a mention: the words of the mention from
/// the first whose normalised form is one of its name tokens to the last,
/// before the first comma (`Senator Dianne Feinstein, Democrat of
/// California,` → `Dianne Feinstein`); the trimmed mention when that leaves
/// nothing.
pub fn entity_name(mention: &str) -> String {
    let tokens = read(mention).name;
    let head = mention.split(',').next().unwrap_or(mention);
    let words: Vec<&str> = head.split_whitespace().collect();
    let is_token = |w: &&str| {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        tokens.contains(&normalize(w)) || tokens.contains(&normalize(bare))
    };
    // From the first name word to the last, so that initials between them
    // (`Charles E. Grassley`) stay.
    match (
        words.iter().position(is_token),
        words.iter().rposition(is_token),
    ) {
        (Some(a), Some(b)) => words[a..=b].join(" "),
        _ => trim_mention(mention).to_owned(),
    }
}

/// A mention without surrounding white space and trailing commas.
pub fn trim_mention(m: &str) -> &str {
    m.trim().trim_end_matches(',').trim_end()
}

/// A mention as an alias: its head, before the first comma (the
/// appositive tail, `, Republican of Iowa`, describes and is dropped).
pub fn alias_of(m: &str) -> &str {
    trim_mention(m.split(',').next().unwrap_or(m))
}

fn is_initial(t: &str) -> bool {
    t.chars().count() == 1
}

/// True when two name-token lists can be the same person: the same last
/// token, and every token of the shorter (initials aside) in the longer.
fn same_person(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match (short.last(), long.last()) {
        (Some(x), Some(y)) if x == y => short.iter().all(|t| is_initial(t) || long.contains(t)),
        _ => false,
    }
}

/// Speaker entities built from the named sources of each document: within
/// a document, mentions that can be the same person (`Mr. Grassley`,
/// `Senator Charles E. Grassley`) become one entity whose name is the
/// fullest mention and whose aliases are the others; across documents, an
/// entity one of whose names (after [`normalize`]) is already taken joins
/// that entity. Aliases that another entity already owns are dropped (and
/// logged), so `gold check` never sees an `alias-collision`.
#[derive(Debug, Default)]
pub struct Entities {
    rows: Vec<SpeakerRow>,
    owner: BTreeMap<String, usize>,
    ids: BTreeMap<String, usize>,
}

impl Entities {
    /// Entities known before the import (a Label Studio export lists them).
    pub fn with(rows: Vec<SpeakerRow>) -> Self {
        let mut e = Entities::default();
        for r in rows {
            let i = e.rows.len();
            e.ids.insert(r.id.clone(), i);
            for n in std::iter::once(r.name.as_str()).chain(r.aliases.split('|')) {
                let k = normalize(n);
                if !k.is_empty() {
                    e.owner.entry(k).or_insert(i);
                }
            }
            e.rows.push(r);
        }
        e
    }

    /// The id of a known entity with this id or name.
    pub fn lookup(&self, id_or_name: &str) -> Option<&str> {
        if let Some(&i) = self.ids.get(id_or_name) {
            return Some(&self.rows[i].id);
        }
        self.owner
            .get(&normalize(id_or_name))
            .map(|&i| self.rows[i].id.as_str())
    }

    /// The entity of each named mention of one document (same order).
    pub fn resolve_doc(
        &mut self,
        doc: &str,
        mentions: &[String],
        log: &mut Vec<String>,
    ) -> Vec<String> {
        // Cluster, fullest mention first.
        let readings: Vec<Vec<String>> = mentions.iter().map(|m| read(m).name).collect();
        let mut order: Vec<usize> = (0..mentions.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(readings[i].len()), i));
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        for &i in &order {
            match clusters
                .iter_mut()
                .find(|c| same_person(&readings[c[0]], &readings[i]))
            {
                Some(c) => c.push(i),
                None => clusters.push(vec![i]),
            }
        }
        let mut out = vec![String::new(); mentions.len()];
        for c in clusters {
            let name = entity_name(&mentions[c[0]]);
            let mut names: Vec<String> = vec![name.clone()];
            for &i in &c {
                let m = alias_of(&mentions[i]).to_owned();
                if !names.iter().any(|n| normalize(n) == normalize(&m)) {
                    names.push(m);
                }
            }
            let known = names
                .iter()
                .find_map(|n| self.owner.get(&normalize(n)).copied());
            let idx = match known {
                Some(i) => {
                    if normalize(&self.rows[i].name) != normalize(&name) {
                        log.push(format!(
                            "{doc}: `{name}` joined entity `{}` (a name they share)",
                            self.rows[i].id
                        ));
                    }
                    i
                }
                None => {
                    let base = slug(&name);
                    let mut id = base.clone();
                    let mut k = 2;
                    while self.ids.contains_key(&id) {
                        id = format!("{base}_{k}");
                        k += 1;
                    }
                    let i = self.rows.len();
                    self.ids.insert(id.clone(), i);
                    self.owner.insert(normalize(&name), i);
                    self.rows.push(SpeakerRow {
                        id,
                        name: name.clone(),
                        aliases: String::new(),
                    });
                    i
                }
            };
            for n in &names {
                let key = normalize(n);
                if key.is_empty() {
                    continue;
                }
                match self.owner.get(&key) {
                    Some(&o) if o == idx => {}
                    Some(&o) => log.push(format!(
                        "{doc}: alias `{n}` of `{}` dropped: it is a name of `{}`",
                        self.rows[idx].id, self.rows[o].id
                    )),
                    None => {
                        self.owner.insert(key, idx);
                        let row = &mut self.rows[idx];
                        if row.aliases.is_empty() {
                            row.aliases = n.clone();
                        } else {
                            row.aliases = format!("{}|{n}", row.aliases);
                        }
                    }
                }
            }
            for &i in &c {
                out[i] = self.rows[idx].id.clone();
            }
        }
        out
    }

    /// Adds (or finds) an entity for a typed name, returning its id.
    pub fn typed(&mut self, name: &str) -> String {
        if let Some(id) = self.lookup(name) {
            return id.to_owned();
        }
        let mut log = Vec::new();
        self.resolve_doc("", &[name.to_owned()], &mut log)
            .pop()
            .unwrap_or_default()
    }

    /// The entities, sorted by id.
    pub fn into_rows(self) -> Vec<SpeakerRow> {
        let mut rows = self.rows;
        sort_speakers(&mut rows);
        rows
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = std::fs::File::create(path).map_err(io(path))?;
    f.write_all(bytes).map_err(io(path))?;
    f.sync_all().map_err(io(path))
}

/// What [`write_corpus`] wrote.
#[derive(Debug, Clone)]
pub struct WrittenCorpus {
    /// The new corpus directory.
    pub dir: PathBuf,
    /// Its seeds directory (`DIR/seeds`).
    pub seeds: PathBuf,
    /// Its gold directory (`DIR/gold`).
    pub gold: PathBuf,
    /// `gold check` on the new corpus.
    pub report: CheckReport,
}

/// Writes `imported` as a new corpus directory `out` (which must not
/// exist): staged next to it, checked with [`check()`], renamed into place
/// only if the check passes (warnings allowed). The rows are sorted into
/// gold order first.
pub fn write_corpus(out: &Path, imported: &Imported) -> Result<WrittenCorpus> {
    if out.exists() {
        return Err(refused(
            out,
            format!(
                "{} already exists; `gold import` writes a new corpus directory, give --out a new path",
                out.display()
            ),
        ));
    }
    if imported.docs.is_empty() {
        return Err(refused(out, "the input has no documents"));
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staged = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .suffix(".import")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let seeds = staged.path().join("seeds");
    let gold = staged.path().join("gold");
    std::fs::create_dir(&seeds).map_err(io(&seeds))?;
    std::fs::create_dir(&gold).map_err(io(&gold))?;
    for (id, text) in &imported.docs {
        write_synced(&seeds.join(format!("{id}.{SEED_EXT}")), text.as_bytes())?;
    }
    let mut quotes = imported.quotes.clone();
    sort_quotes(&mut quotes);
    let mut speakers = imported.speakers.clone();
    sort_speakers(&mut speakers);
    write_synced(&gold.join(QUOTES_FILE), &render_quotes(&quotes))?;
    write_synced(&gold.join(SPEAKERS_FILE), &render_speakers(&speakers))?;
    let mut log = String::new();
    for l in &imported.log {
        log.push_str(l);
        log.push('\n');
    }
    write_synced(&staged.path().join(LOG_FILE), log.as_bytes())?;
    let mut report = check(&seeds, &gold)?;
    for d in &mut report.diagnostics {
        if let Ok(rest) = d.file.strip_prefix(staged.path()) {
            d.file = out.join(rest);
        }
    }
    if let Some(first) = report
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        return Err(refused(
            out,
            format!(
                "the imported corpus would fail `gold check` ({} error(s)), first: {first}",
                report.count(Severity::Error)
            ),
        ));
    }
    let dir = staged.keep();
    if let Err(e) = std::fs::rename(&dir, out) {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(Error::io(out, e));
    }
    if let Ok(d) = std::fs::File::open(&parent) {
        let _ = d.sync_all();
    }
    Ok(WrittenCorpus {
        dir: out.to_path_buf(),
        seeds: out.join("seeds"),
        gold: out.join("gold"),
        report,
    })
}
