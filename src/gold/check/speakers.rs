//! The checks of speakers.csv: ids, names and aliases, and the rows' order.

use super::{records, Sink};
use crate::gold::SPEAKERS_HEADER;
use crate::model::Speaker;
use crate::score::normalize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn is_snake_case(id: &str) -> bool {
    !id.is_empty()
        && id.as_bytes()[0].is_ascii_lowercase()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !id.ends_with('_')
        && !id.contains("__")
}

/// What is wrong with a speaker's name or aliases, if anything: a line
/// break or other control character, a `|` in the name (the alias
/// separator), or a pronoun as an alias (GUIDELINES: aliases are names,
/// never pronouns).
pub fn name_problem(name: &str, aliases: &[String]) -> Option<String> {
    for n in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
        if n.chars().any(char::is_control) {
            return Some(format!(
                "name {n:?} contains a line break or another control character"
            ));
        }
    }
    if name.contains('|') {
        return Some(format!(
            "name {name:?} contains `|`, the alias separator; put other names in the aliases column"
        ));
    }
    if let Some(a) = aliases
        .iter()
        .find(|a| crate::name::is_pronoun(&normalize(a)))
    {
        return Some(format!(
            "alias `{a}` is a pronoun; aliases are names of the entity (a pronoun mention goes in the mention column of quotes.csv)"
        ));
    }
    None
}

/// Splits the aliases column on `|`, dropping empty parts.
pub fn split_aliases(aliases: &str) -> Vec<String> {
    aliases
        .split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(super) fn check_speakers(
    path: &Path,
    bytes: &[u8],
    sink: &mut Sink,
) -> Option<BTreeMap<String, (u64, Speaker)>> {
    let mut speakers: BTreeMap<String, (u64, Speaker)> = BTreeMap::new();
    // normalised name -> speaker id that uses it
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut previous: Option<String> = None;
    for (line, f) in records(path, bytes, &SPEAKERS_HEADER, sink)? {
        let (id, name, aliases) = (f[0].as_str(), f[1].trim(), split_aliases(&f[2]));
        if !is_snake_case(id) {
            sink.error(
                path,
                line,
                "bad-speaker-id",
                format!("speaker id `{id}` is not snake_case (a-z, 0-9, single underscores)"),
            );
            continue;
        }
        if name.is_empty() {
            sink.error(
                path,
                line,
                "empty-name",
                format!("speaker `{id}` has no name"),
            );
            continue;
        }
        if let Some(problem) = name_problem(name, &aliases) {
            sink.error(path, line, "bad-name", format!("speaker `{id}`: {problem}"));
            continue;
        }
        if let Some((first, _)) = speakers.get(id) {
            sink.error(
                path,
                line,
                "duplicate-speaker",
                format!("speaker id `{id}` is already defined at line {first}"),
            );
            continue;
        }
        if previous.as_deref().is_some_and(|p| p > id) {
            sink.error(
                path,
                line,
                "unsorted",
                format!(
                    "speakers must be sorted by id: `{id}` comes after `{}`",
                    previous.as_deref().unwrap_or_default()
                ),
            );
        }
        previous = Some(id.to_owned());
        let mut own = BTreeSet::new();
        for n in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
            let key = normalize(n);
            if !own.insert(key.clone()) {
                continue; // the same entity listing a name twice is harmless
            }
            if let Some(other) = names.get(&key) {
                sink.error(
                    path,
                    line,
                    "alias-collision",
                    format!("name `{n}` of `{id}` is also a name of `{other}`"),
                );
            } else {
                names.insert(key, id.to_owned());
            }
        }
        speakers.insert(
            id.to_owned(),
            (
                line,
                Speaker {
                    id: id.to_owned(),
                    name: name.to_owned(),
                    aliases,
                },
            ),
        );
    }
    Some(speakers)
}
