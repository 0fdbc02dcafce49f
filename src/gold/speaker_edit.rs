//! `gold add-alias` and `gold remove-speaker`: the speaker edits that
//! labellers did by hand in gold/speakers.csv (an alias found after the
//! entity was added; an entity added by mistake). Like every gold edit they
//! take the gold lock, check the result and write atomically
//! ([`super::edit`]).

use super::edit::{commit, locked, precheck, refused, Written};
use super::rows::{read_quotes, read_speakers, render_speakers, SpeakerRow};
use super::{QUOTES_FILE, SPEAKERS_FILE};
use crate::error::Result;
use std::path::Path;

/// The row of speaker `id` and its line in speakers.csv, or a refusal
/// naming the file with the nearest id.
fn find<'a>(rows: &'a [SpeakerRow], id: &str, target: &Path) -> Result<(usize, &'a SpeakerRow)> {
    rows.iter()
        .enumerate()
        .find(|(_, r)| r.id == id)
        .map(|(i, r)| (i + 2, r))
        .ok_or_else(|| {
            let hint = crate::strategy::suggest(id, rows.iter().map(|r| r.id.as_str()))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            refused(
                target,
                format!(
                    "{}: no speaker `{id}`{hint}; add it with `quotebench gold add-speaker`",
                    target.display()
                ),
            )
        })
}

/// Adds `aliases` to speaker `id` in gold/speakers.csv. Refuses an unknown
/// id, an alias holding `|` or already a name of this entity, and anything
/// `gold check` rejects on the result (a pronoun as an alias, a name of
/// another entity of the same document).
pub fn add_alias(seeds: &Path, gold: &Path, id: &str, aliases: &[String]) -> Result<Written> {
    locked(seeds, gold, || add_alias_locked(seeds, gold, id, aliases))
}

fn add_alias_locked(seeds: &Path, gold: &Path, id: &str, aliases: &[String]) -> Result<Written> {
    let target = gold.join(SPEAKERS_FILE);
    precheck(seeds, gold, &target, &[])?;
    let mut rows = read_speakers(&target)?;
    let (line, row) = find(&rows, id, &target)?;
    let mut names: Vec<String> = std::iter::once(row.name.clone())
        .chain(super::check::split_aliases(&row.aliases))
        .collect();
    for a in aliases {
        let a = a.trim();
        if a.is_empty() {
            return Err(refused(
                &target,
                "--alias is empty; give the name as written",
            ));
        }
        if a.contains('|') {
            return Err(refused(
                &target,
                format!("alias {a:?} contains `|`, the alias separator; give each alias its own --alias"),
            ));
        }
        if names.iter().any(|n| n == a) {
            return Err(refused(
                &target,
                format!(
                    "{}:{line}: {a:?} is already a name of `{id}`; nothing to add",
                    target.display()
                ),
            ));
        }
        names.push(a.to_owned());
    }
    if let Some(problem) = super::check::name_problem(&names[0], &names[1..]) {
        return Err(refused(
            &target,
            format!("{}:{line}: {problem}", target.display()),
        ));
    }
    let i = line - 2;
    rows[i].aliases = names[1..].join("|");
    let report = commit(seeds, gold, SPEAKERS_FILE, &render_speakers(&rows))?;
    Ok(Written::wrote(target, line, report))
}

/// Removes speaker `id` from gold/speakers.csv. Refuses an unknown id, and
/// a speaker still named by rows of gold/quotes.csv (naming the first of
/// them): relabel or remove those rows first.
pub fn remove_speaker(seeds: &Path, gold: &Path, id: &str) -> Result<Written> {
    locked(seeds, gold, || remove_speaker_locked(seeds, gold, id))
}

fn remove_speaker_locked(seeds: &Path, gold: &Path, id: &str) -> Result<Written> {
    let target = gold.join(SPEAKERS_FILE);
    precheck(seeds, gold, &target, &[])?;
    let mut rows = read_speakers(&target)?;
    let (line, _) = find(&rows, id, &target)?;
    let quotes_path = gold.join(QUOTES_FILE);
    let quotes = read_quotes(&quotes_path)?;
    let users: Vec<(usize, &super::rows::QuoteRow)> = quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| q.speaker == id)
        .map(|(i, q)| (i + 2, q))
        .collect();
    if let Some((qline, q)) = users.first() {
        return Err(refused(
            &target,
            format!(
                "{}:{line}: speaker `{id}` is still the speaker of {} row(s) of {}, the first at line {qline} (doc `{}`, bytes {}..{}); relabel them (`gold add --replace`) or remove them (`gold remove`) first",
                target.display(),
                users.len(),
                quotes_path.display(),
                q.doc,
                q.start,
                q.end
            ),
        ));
    }
    rows.remove(line - 2);
    let report = commit(seeds, gold, SPEAKERS_FILE, &render_speakers(&rows))?;
    Ok(Written::wrote(target, line, report))
}
