//! Attribution strategies: the [`Strategy`] trait every system implements,
//! and the one explicit registry of built-ins ([`builtins`], [`by_name`]).
//! A strategy sees a document's text (and, for attribution, the gold content
//! spans as bare offsets) and nothing else: never the gold speakers, kinds
//! or files.

mod answer;
mod cue_pattern;
mod describe;
mod extract;
mod first_name;
mod gender;
pub(crate) mod guess;
mod lexicon;
mod names;
mod nearest_name;
mod null;
mod resolve;
#[cfg(test)]
mod robustness;
mod sieve;
mod text;
mod transcript;

pub use cue_pattern::CuePattern;
pub use first_name::FirstName;
pub use nearest_name::NearestName;
pub use null::Null;
pub use sieve::Sieve;
#[doc(hidden)]
pub use text::floor::{token_floor, FloorToken};

use crate::error::{Error, Result};
use crate::model::{Prediction, Span};

/// An attribution system.
///
/// Implementations must be deterministic: the same text gives the same
/// answer. Names are returned as a person would write them (`Dmitry
/// Peskov`), never as gold ids.
pub trait Strategy: Send + Sync {
    /// Stable kebab-case name, used on the command line and in signatures.
    fn name(&self) -> &str;
    /// Bumped whenever the strategy's behaviour changes.
    fn version(&self) -> u32;
    /// One line for `quotebench strategies`.
    fn summary(&self) -> &str;
    /// Attribution task: for each given content span, the speaker's name,
    /// or `None` to abstain. Must return exactly one answer per span.
    fn attribute(&self, text: &str, spans: &[Span]) -> Vec<Option<String>>;
    /// End-to-end task: the quotes found in `text`, each with a speaker
    /// name or `None`.
    fn extract(&self, text: &str) -> Vec<Prediction>;
}

/// Every built-in strategy, from the floor up, in ladder order.
pub fn builtins() -> Vec<Box<dyn Strategy>> {
    vec![
        Box::new(Null),
        Box::new(FirstName),
        Box::new(NearestName),
        Box::new(CuePattern),
        Box::new(Sieve),
    ]
}

/// The names of the built-in strategies, in ladder order.
pub fn names() -> Vec<String> {
    builtins().iter().map(|s| s.name().to_owned()).collect()
}

/// The built-in strategy called `name`; an unknown name gets the closest
/// registered name as a suggestion.
///
/// ```
/// let err = quotebench::strategy::by_name("nul").err().unwrap();
/// assert!(err.to_string().contains("did you mean `null`?"));
/// ```
pub fn by_name(name: &str) -> Result<Box<dyn Strategy>> {
    let mut all = builtins();
    if let Some(i) = all.iter().position(|s| s.name() == name) {
        return Ok(all.swap_remove(i));
    }
    Err(Error::UnknownStrategy {
        name: name.to_owned(),
        suggestion: suggest(name, all.iter().map(|s| s.name())),
    })
}

/// The candidate closest to `name` by Jaro-Winkler similarity, if it is at
/// least 0.7 similar.
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}
