//! The checks of speakers.csv: ids, names and aliases, and the rows' order;
//! and [`shared_names`], the names two entities of one document share
//! (`alias-collision`), which needs quotes.csv and the seeds too.

use super::{records, Sink};
use crate::gold::Corpus;
use crate::gold::SPEAKERS_HEADER;
use crate::model::Speaker;
use crate::score::{normalize, SpeakerMatcher};
use std::collections::BTreeMap;
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

/// A name (or alias) that two entities share, both of them entities of
/// the same documents: there an answer giving that name fits both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedName {
    /// The name as the second entity writes it.
    pub name: String,
    /// The entity that comes first by id.
    pub first: String,
    /// The other entity.
    pub second: String,
    /// The documents of which both are entities, sorted.
    pub docs: Vec<String>,
}

impl SharedName {
    /// The `alias-collision` message.
    pub fn message(&self) -> String {
        let more = match self.docs.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        format!(
            "name `{}` of `{}` is also a name of `{}`, and both are entities of document `{}`{more} (a row's speaker, or named in its text): an answer `{}` there would fit both; drop one of the two names or make it longer",
            self.name,
            self.second,
            self.first,
            self.docs.first().map_or("", String::as_str),
            self.name
        )
    }
}

/// Every name two entities share within one document: both are entities
/// of the document as the scorer defines them
/// ([`SpeakerMatcher::document_entities`]: the gold speakers of its rows,
/// and the entities named in its text by a name no other entity has).
/// Entities of different documents may share names (two articles'
/// people with one surname); the scorer judges each answer among the
/// entities of its own document.
pub fn shared_names(corpus: &Corpus) -> Vec<SharedName> {
    // normalised name -> the entities that have it, each as it writes it
    let mut owners: BTreeMap<String, BTreeMap<&str, &str>> = BTreeMap::new();
    for s in corpus.speakers.values() {
        for n in s.names() {
            let key = normalize(n);
            if !key.is_empty() {
                owners.entry(key).or_default().entry(&s.id).or_insert(n);
            }
        }
    }
    owners.retain(|_, ids| ids.len() > 1);
    if owners.is_empty() {
        return Vec::new();
    }
    let matcher = SpeakerMatcher::new(corpus.speakers.values(), 1.01);
    // (first, second, the name as the second writes it) -> documents
    let mut found: BTreeMap<(&str, &str, &str), Vec<String>> = BTreeMap::new();
    for (id, doc) in &corpus.docs {
        let gold = corpus
            .quotes_of(id)
            .filter(|q| q.speaker_known())
            .map(|q| q.speaker.as_str());
        let entities = matcher.document_entities(&doc.text, gold);
        for ids in owners.values() {
            let here: Vec<(&str, &str)> = ids
                .iter()
                .map(|(i, n)| (*i, *n))
                .filter(|(i, _)| entities.contains(*i))
                .collect();
            for (k, (a, _)) in here.iter().enumerate() {
                for (b, name) in &here[k + 1..] {
                    found.entry((a, b, name)).or_default().push(id.clone());
                }
            }
        }
    }
    found
        .into_iter()
        .map(|((first, second, name), docs)| SharedName {
            name: name.to_string(),
            first: first.to_owned(),
            second: second.to_owned(),
            docs,
        })
        .collect()
}
