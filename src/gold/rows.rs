//! The rows of gold/quotes.csv and gold/speakers.csv as written: reading
//! them (every field a string, offsets parsed), sorting them into the
//! order `gold check` expects and rendering them the way Python's
//! `csv.writer` would. The edits of [`super::edit`] build on these.

use super::edit::refused;
use super::{QUOTES_HEADER, SPEAKERS_HEADER};
use crate::error::Result;
use std::path::Path;

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
