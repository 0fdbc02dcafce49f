//! The data every part of quotebench shares: documents, spans, quote kinds,
//! speakers, gold quotes and predictions. No I/O and no scoring here; it
//! depends on nothing in the crate but [`crate::name`].

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A half-open byte range `start..end` into a document's UTF-8 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (end exclusive).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Length in bytes (0 for an inverted span).
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes covered by both spans.
    pub fn overlap(&self, other: &Span) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }

    /// The span's text, or `None` when it is out of range or off a
    /// character boundary.
    pub fn text<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// How a quote is reported; see gold/GUIDELINES.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A full utterance inside quotation marks, set off from the narration.
    Direct,
    /// Quoted words built into the narrator's sentence.
    Partial,
    /// Reported speech whose content is a finite clause, without marks.
    Indirect,
}

impl Kind {
    /// All kinds, in order.
    pub const ALL: [Kind; 3] = [Kind::Direct, Kind::Partial, Kind::Indirect];

    /// The name used in files and reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Direct => "direct",
            Kind::Partial => "partial",
            Kind::Indirect => "indirect",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "direct" => Ok(Kind::Direct),
            "partial" => Ok(Kind::Partial),
            "indirect" => Ok(Kind::Indirect),
            _ => Err(format!(
                "unknown kind `{s}` (expected direct, partial or indirect)"
            )),
        }
    }
}

/// How the gold speaker is mentioned nearest the quote, derived from the
/// gold `mention` column (see [`MentionType::classify`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionType {
    /// The mention contains one of the entity's names (`Kremlin spokesman Dmitry Peskov`).
    Name,
    /// A description without a name (`the blogger`, `Ukraine's top sanction official`).
    Description,
    /// A personal pronoun (`he`, `they`).
    Pronoun,
    /// No mention: the speaker is implied.
    None,
}

impl MentionType {
    /// All mention types, in order.
    pub const ALL: [MentionType; 4] = [
        MentionType::Name,
        MentionType::Description,
        MentionType::Pronoun,
        MentionType::None,
    ];

    /// The name used in reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            MentionType::Name => "name",
            MentionType::Description => "description",
            MentionType::Pronoun => "pronoun",
            MentionType::None => "none",
        }
    }

    /// Classifies a mention of `speaker`: empty is `None`, a lone pronoun is
    /// `Pronoun` (`data/pronouns.txt`), a mention containing one of the speaker's names or aliases
    /// (compared after [`crate::name::normalize`], on word boundaries) is
    /// `Name`, anything else `Description`.
    ///
    /// ```
    /// use quotebench::model::{MentionType, Speaker};
    /// let peskov = Speaker { id: "dmitry_peskov".into(), name: "Dmitry Peskov".into(), aliases: vec!["Peskov".into()] };
    /// assert_eq!(MentionType::classify("", &peskov), MentionType::None);
    /// assert_eq!(MentionType::classify("He", &peskov), MentionType::Pronoun);
    /// assert_eq!(MentionType::classify("Kremlin spokesman Dmitry Peskov", &peskov), MentionType::Name);
    /// assert_eq!(MentionType::classify("the spokesman", &peskov), MentionType::Description);
    /// ```
    pub fn classify(mention: &str, speaker: &Speaker) -> MentionType {
        let m = crate::name::normalize(mention);
        if m.is_empty() {
            return MentionType::None;
        }
        if crate::name::is_pronoun(&m) {
            return MentionType::Pronoun;
        }
        let padded = format!(" {m} ");
        let named = speaker.names().any(|n| {
            let n = crate::name::normalize(n);
            !n.is_empty() && padded.contains(&format!(" {n} "))
        });
        if named {
            MentionType::Name
        } else {
            MentionType::Description
        }
    }
}

impl fmt::Display for MentionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One article of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The file stem, e.g. `000_3bcdd38ada0a119a`.
    pub id: String,
    /// The article's text, exactly as in the file.
    pub text: String,
}

/// An entity that speaks: a person, an organisation or a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Stable snake_case id used in gold/quotes.csv.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Other names used for the entity in the documents.
    pub aliases: Vec<String>,
}

impl Speaker {
    /// The canonical name followed by the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// One row of gold/quotes.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldQuote {
    /// Document id.
    pub doc: String,
    /// Content span.
    pub span: Span,
    /// Direct, partial or indirect.
    pub kind: Kind,
    /// Speaker id (a key of gold/speakers.csv), or empty when the speaker
    /// is unknown: the source is a mention (a pronoun, a description) that
    /// the corpus did not link to an entity. See [`GoldQuote::speaker_known`].
    pub speaker: String,
    /// The reporting cue as written, empty for none.
    pub cue: String,
    /// The nearest speaker mention as written, empty for none.
    pub mention: String,
    /// Mention type derived from `mention` and the speaker's names.
    pub mention_type: MentionType,
    /// Line of the row in gold/quotes.csv (1-based, the header is line 1).
    pub line: u64,
}

impl GoldQuote {
    /// False for a row whose speaker is unknown (empty `speaker` column):
    /// it counts for span metrics and is left out of speaker scoring.
    pub fn speaker_known(&self) -> bool {
        !self.speaker.is_empty()
    }
}

/// A quote found by a strategy in the end-to-end task.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Prediction {
    /// Content span, UTF-8 byte offsets.
    pub span: Span,
    /// The kind, when the strategy knows it.
    pub kind: Option<Kind>,
    /// The speaker's name as a person would write it, or `None` to abstain.
    pub speaker: Option<String>,
}
