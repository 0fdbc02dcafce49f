//! The scorer: strategy output against the gold set, one outcome per quote,
//! counts that sum, metrics derived from counts, bootstrap intervals and a
//! signature. Rendering is [`crate::report`]'s job; this module computes.
//!
//! The two tasks:
//! - [`Task::Attribution`]: the gold content spans are given; a strategy
//!   names the speaker of each or abstains.
//! - [`Task::EndToEnd`]: only the text is given; predicted spans are aligned
//!   one-to-one with gold spans (see [`align`]) and then speakers compared.

pub mod align;
pub mod bootstrap;
pub mod counts;
pub mod matching;
pub mod notes;
pub mod signature;

pub use counts::{headline, metric_names, Counts};
pub use matching::{normalize, trim_span, MatchRule, SpeakerMatch, SpeakerMatcher};
pub use notes::{Notes, UngroundedQuote};
pub use signature::Signature;

use crate::error::{Error, Result};
use crate::gold::Corpus;
use crate::model::{GoldQuote, Kind, MentionType, Prediction, Span};
use crate::strategy::Strategy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Which task a strategy is scored on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Task {
    /// Gold spans given; name the speaker of each.
    #[serde(rename = "attribution")]
    Attribution,
    /// Nothing given; find the quotes and their speakers.
    #[serde(rename = "end-to-end")]
    EndToEnd,
}

impl Task {
    /// Both tasks.
    pub const ALL: [Task; 2] = [Task::Attribution, Task::EndToEnd];

    /// The name used on the command line and in signatures.
    pub fn as_str(&self) -> &'static str {
        match self {
            Task::Attribution => "attribution",
            Task::EndToEnd => "end-to-end",
        }
    }
}

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Task {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "attribution" => Ok(Task::Attribution),
            "end-to-end" => Ok(Task::EndToEnd),
            _ => Err(format!(
                "unknown task `{s}` (expected attribution or end-to-end)"
            )),
        }
    }
}

/// What the bootstrap resamples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Quotes (a gold quote with the spurious predictions nearest to it),
    /// as if quotes were independent: they are not (errors repeat down a
    /// document), so these intervals are too narrow.
    Quote,
    /// Whole documents (clustered resampling): the default.
    Doc,
}

impl Unit {
    /// The name used on the command line and in signatures.
    pub fn as_str(&self) -> &'static str {
        match self {
            Unit::Quote => "quote",
            Unit::Doc => "doc",
        }
    }
}

impl FromStr for Unit {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "quote" => Ok(Unit::Quote),
            "doc" => Ok(Unit::Doc),
            _ => Err(format!("unknown unit `{s}` (expected quote or doc)")),
        }
    }
}

/// Scoring settings; all of them go into the signature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Jaro-Winkler threshold for a fuzzy speaker match (above 1: off).
    pub fuzzy: f64,
    /// Minimum overlap / longer span for a lenient span match.
    pub overlap: f64,
    /// Bootstrap resamples (0: no intervals).
    pub bootstrap: usize,
    /// Seed of the bootstrap's random numbers.
    pub seed: u64,
    /// What the bootstrap resamples.
    pub unit: Unit,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            fuzzy: 0.9,
            overlap: 0.5,
            bootstrap: 1000,
            seed: 42,
            unit: Unit::Doc,
        }
    }
}

impl Settings {
    /// Refuses settings outside their ranges.
    pub fn validate(&self) -> Result<()> {
        if !(0.0..=1.01).contains(&self.fuzzy) {
            return Err(Error::InvalidSetting(format!(
                "--fuzzy {} is not between 0 and 1 (1.01 turns fuzzy matching off)",
                self.fuzzy
            )));
        }
        if !(self.overlap > 0.0 && self.overlap <= 1.0) {
            return Err(Error::InvalidSetting(format!(
                "--overlap {} is not in (0, 1]",
                self.overlap
            )));
        }
        Ok(())
    }
}

/// The verdict on one quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The speaker is the gold entity.
    Correct,
    /// A speaker was named, but not the gold entity (or a name that fits
    /// two entities of the document).
    Incorrect,
    /// The answer is a pronoun or a bare description (`he`, `the company`):
    /// it names no one. Not correct; counted apart from wrong names.
    Unresolved,
    /// The span was given or found, but no speaker named.
    Abstained,
    /// End-to-end: no prediction matches this gold quote.
    Missed,
    /// End-to-end: this prediction matches no gold quote.
    Spurious,
    /// The span was given or found, but the gold speaker is unknown (a
    /// mention not linked to an entity): not scored for the speaker.
    Unlinked,
}

impl Verdict {
    /// The name used in reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Correct => "correct",
            Verdict::Incorrect => "incorrect",
            Verdict::Unresolved => "unresolved",
            Verdict::Abstained => "abstained",
            Verdict::Missed => "missed",
            Verdict::Spurious => "spurious",
            Verdict::Unlinked => "unlinked",
        }
    }
}

/// How a predicted span matched its gold span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpanMatch {
    /// Equal after trimming (always, for attribution: the span is given).
    Strict,
    /// Overlapping enough, but not equal.
    Lenient,
}

/// One scored item: a gold quote and what the strategy said of it, or a
/// spurious prediction. Flat, so that it serialises to one JSON object or
/// one CSV row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Document id.
    pub doc: String,
    /// Resampling unit this item belongs to.
    pub unit: usize,
    /// Gold span start (none for a spurious prediction).
    pub start: Option<usize>,
    /// Gold span end.
    pub end: Option<usize>,
    /// Gold kind.
    pub kind: Option<Kind>,
    /// Gold mention type.
    pub mention: Option<MentionType>,
    /// Gold speaker id.
    pub gold_speaker: Option<String>,
    /// Predicted span start (the gold span, for attribution).
    pub pred_start: Option<usize>,
    /// Predicted span end.
    pub pred_end: Option<usize>,
    /// Predicted kind, when the strategy gave one.
    pub pred_kind: Option<Kind>,
    /// Predicted speaker, as the strategy wrote it.
    pub predicted: Option<String>,
    /// The verdict.
    pub outcome: Verdict,
    /// How the spans matched, when they did.
    pub span_match: Option<SpanMatch>,
    /// Which rule made the speaker correct, when it was.
    pub rule: Option<MatchRule>,
    /// The quote's words, when the strategy gave it by its words (plugin
    /// protocol 2) rather than by offsets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Why a quote given by its words could not be placed in the text
    /// (such a prediction is spurious and has no span).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ungrounded: Option<String>,
}

impl Outcome {
    /// This item's counts.
    pub fn counts(&self) -> Counts {
        let gold = self.start.is_some();
        let matched = gold && self.pred_start.is_some();
        let strict = matched && self.span_match == Some(SpanMatch::Strict);
        let v = self.outcome;
        let correct = v == Verdict::Correct;
        Counts {
            gold: gold as u64,
            predicted: (self.pred_start.is_some() || self.ungrounded.is_some()) as u64,
            answered: matches!(
                v,
                Verdict::Correct | Verdict::Incorrect | Verdict::Unresolved
            ) as u64,
            correct: correct as u64,
            incorrect: (v == Verdict::Incorrect) as u64,
            unresolved: (v == Verdict::Unresolved) as u64,
            abstained: (v == Verdict::Abstained) as u64,
            missed: (v == Verdict::Missed) as u64,
            spurious: (v == Verdict::Spurious) as u64,
            span_strict: strict as u64,
            span_lenient: matched as u64,
            joint_strict: (correct && strict) as u64,
            joint_lenient: correct as u64,
            unlinked: (gold && self.gold_speaker.as_deref() == Some("")) as u64,
            unlinked_matched: (v == Verdict::Unlinked) as u64,
            by_text: self.quote.is_some() as u64,
            ungrounded: self.ungrounded.is_some() as u64,
        }
    }

    /// The kind this item is reported under: gold kind, else the predicted
    /// kind, else `unknown`.
    pub fn kind_key(&self) -> &'static str {
        self.kind
            .or(self.pred_kind)
            .map_or("unknown", |k| k.as_str())
    }

    /// The mention type this item is reported under (`spurious` for a
    /// prediction with no gold quote).
    pub fn mention_key(&self) -> &'static str {
        self.mention.map_or("spurious", |m| m.as_str())
    }
}

/// What a system said about one document.
#[derive(Debug, Clone, PartialEq)]
pub enum DocPredictions {
    /// Attribution: one answer per gold span, in gold order.
    Answers(Vec<Option<String>>),
    /// End-to-end: the quotes found.
    Quotes(Vec<Prediction>),
}

/// A strategy scored on one task: the outcomes, before any statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The signature of the run.
    pub signature: Signature,
    /// Which task.
    pub task: Task,
    /// The document of each resampling unit, in unit order.
    pub units: Vec<String>,
    /// One row per gold quote, plus one per spurious prediction.
    pub outcomes: Vec<Outcome>,
    /// Documents the system said it skipped, with its reason.
    pub skipped: BTreeMap<String, String>,
}

impl Scored {
    /// The counts of each resampling unit.
    pub fn unit_counts(&self) -> Vec<Counts> {
        let mut c = vec![Counts::default(); self.units.len()];
        for o in &self.outcomes {
            c[o.unit] += o.counts();
        }
        c
    }
}

/// Resampling units of a corpus for a task: one per gold quote, in gold
/// order, and for end-to-end one more for each document with no gold quote
/// (its spurious predictions need a home). Returns each unit's document.
pub fn units(corpus: &Corpus, task: Task) -> Vec<String> {
    let mut units = Vec::new();
    for doc in corpus.docs.keys() {
        let n = corpus.quotes_of(doc).count();
        if n == 0 && task == Task::EndToEnd {
            units.push(doc.clone());
        }
        units.extend(std::iter::repeat_n(doc.clone(), n));
    }
    units
}

/// Runs `strategy` on every document and scores it.
pub fn evaluate(
    corpus: &Corpus,
    strategy: &dyn Strategy,
    task: Task,
    settings: &Settings,
) -> Result<Scored> {
    let mut predictions = BTreeMap::new();
    for (id, doc) in &corpus.docs {
        let p = match task {
            Task::Attribution => {
                let spans: Vec<Span> = corpus.quotes_of(id).map(|q| q.span).collect();
                DocPredictions::Answers(strategy.attribute(&doc.text, &spans))
            }
            Task::EndToEnd => DocPredictions::Quotes(strategy.extract(&doc.text)),
        };
        predictions.insert(id.clone(), p);
    }
    let label = format!("{}@{}", strategy.name(), strategy.version());
    score_predictions(corpus, task, settings, &label, &predictions)
}

/// Scores predictions made elsewhere (a strategy, a plugin, a file).
/// `label` is `name@version`; a document missing from `predictions` counts
/// as answered with nothing.
pub fn score_predictions(
    corpus: &Corpus,
    task: Task,
    settings: &Settings,
    label: &str,
    predictions: &BTreeMap<String, DocPredictions>,
) -> Result<Scored> {
    score_with_notes(
        corpus,
        task,
        settings,
        label,
        predictions,
        &Notes::default(),
    )
}

/// [`score_predictions`] with what a plugin said beside its predictions:
/// each quote it gave by words that could not be placed in the text is one
/// more spurious prediction (counted in [`Counts::ungrounded`]), the words
/// of those placed are kept on their outcomes, and skipped documents are
/// listed in [`Scored::skipped`].
pub fn score_with_notes(
    corpus: &Corpus,
    task: Task,
    settings: &Settings,
    label: &str,
    predictions: &BTreeMap<String, DocPredictions>,
    notes: &Notes,
) -> Result<Scored> {
    settings.validate()?;
    let matcher = SpeakerMatcher::new(corpus.speakers.values(), settings.fuzzy);
    // Each document's entities: the rivals of the tokens and fuzzy rules.
    let entities = |id: &str, text: &str| {
        matcher.document_entities(
            text,
            corpus
                .quotes_of(id)
                .filter(|q| q.speaker_known())
                .map(|q| q.speaker.as_str()),
        )
    };
    let units = units(corpus, task);
    let mut outcomes = Vec::new();
    let mut next_unit = 0;
    let bad = |doc: &str, message: String| Error::BadPrediction {
        strategy: label.to_owned(),
        doc: doc.to_owned(),
        message,
    };
    for (id, doc) in &corpus.docs {
        let gold: Vec<&GoldQuote> = corpus.quotes_of(id).collect();
        let first_unit = next_unit;
        next_unit += if gold.is_empty() && task == Task::EndToEnd {
            1
        } else {
            gold.len()
        };
        let in_doc = entities(id, &doc.text);
        match (task, predictions.get(id)) {
            (Task::Attribution, p) => {
                let none = vec![None; gold.len()];
                let answers = match p {
                    Some(DocPredictions::Answers(a)) => a,
                    None => &none,
                    Some(DocPredictions::Quotes(_)) => {
                        return Err(bad(
                            id,
                            "end-to-end predictions given for the attribution task".into(),
                        ))
                    }
                };
                if answers.len() != gold.len() {
                    return Err(bad(
                        id,
                        format!("{} answers for {} spans", answers.len(), gold.len()),
                    ));
                }
                for (i, (g, a)) in gold.iter().zip(answers).enumerate() {
                    let m = matcher.compare_in(a.as_deref(), &g.speaker, &in_doc);
                    outcomes.push(gold_outcome(
                        g,
                        first_unit + i,
                        Some((g.span, None, a.clone())),
                        Some(SpanMatch::Strict),
                        m,
                    ));
                }
            }
            (Task::EndToEnd, p) => {
                let empty = Vec::new();
                let preds = match p {
                    Some(DocPredictions::Quotes(q)) => q,
                    None => &empty,
                    Some(DocPredictions::Answers(_)) => {
                        return Err(bad(
                            id,
                            "attribution answers given for the end-to-end task".into(),
                        ))
                    }
                };
                // A canonical order, so that the result never depends on
                // the order a strategy listed its quotes in (ties between
                // identical spans included).
                let mut sorted = preds.clone();
                sorted.sort();
                let preds = &sorted;
                for p in preds {
                    if p.span.text(&doc.text).is_none() {
                        return Err(bad(
                            id,
                            format!(
                                "span {} is out of range (0..{}) or off a character boundary",
                                p.span,
                                doc.text.len()
                            ),
                        ));
                    }
                }
                let gold_spans: Vec<Span> =
                    gold.iter().map(|g| trim_span(&doc.text, g.span)).collect();
                let pred_spans: Vec<Span> =
                    preds.iter().map(|p| trim_span(&doc.text, p.span)).collect();
                let pairs = align::align(&gold_spans, &pred_spans);
                let mut used = vec![false; preds.len()];
                for (gi, g) in gold.iter().enumerate() {
                    let unit = first_unit + gi;
                    match pairs[gi] {
                        Some(pi)
                            if align::ratio(gold_spans[gi], pred_spans[pi]) >= settings.overlap =>
                        {
                            used[pi] = true;
                            let p = &preds[pi];
                            let sm = if gold_spans[gi] == pred_spans[pi] {
                                SpanMatch::Strict
                            } else {
                                SpanMatch::Lenient
                            };
                            let m = matcher.compare_in(p.speaker.as_deref(), &g.speaker, &in_doc);
                            outcomes.push(gold_outcome(
                                g,
                                unit,
                                Some((p.span, p.kind, p.speaker.clone())),
                                Some(sm),
                                m,
                            ));
                        }
                        _ => outcomes.push(gold_outcome(
                            g,
                            unit,
                            None,
                            None,
                            SpeakerMatch::Abstained,
                        )),
                    }
                }
                let mut spurious: Vec<Outcome> = Vec::new();
                for (pi, p) in preds.iter().enumerate() {
                    if used[pi] {
                        continue;
                    }
                    let unit = if gold.is_empty() {
                        first_unit
                    } else {
                        // the gold quote nearest by start, ties to the earlier one
                        first_unit
                            + (0..gold.len())
                                .min_by_key(|&gi| {
                                    gold_spans[gi].start.abs_diff(pred_spans[pi].start)
                                })
                                .unwrap_or(0)
                    };
                    spurious.push(Outcome {
                        doc: id.clone(),
                        unit,
                        start: None,
                        end: None,
                        kind: None,
                        mention: None,
                        gold_speaker: None,
                        pred_start: Some(p.span.start),
                        pred_end: Some(p.span.end),
                        pred_kind: p.kind,
                        predicted: p.speaker.clone(),
                        outcome: Verdict::Spurious,
                        span_match: None,
                        rule: None,
                        quote: None,
                        ungrounded: None,
                    });
                }
                outcomes.extend(spurious);
                for u in notes.ungrounded.get(id).into_iter().flatten() {
                    outcomes.push(Outcome {
                        doc: id.clone(),
                        unit: first_unit,
                        start: None,
                        end: None,
                        kind: None,
                        mention: None,
                        gold_speaker: None,
                        pred_start: None,
                        pred_end: None,
                        pred_kind: u.kind,
                        predicted: u.speaker.clone(),
                        outcome: Verdict::Spurious,
                        span_match: None,
                        rule: None,
                        quote: Some(u.quote.clone()),
                        ungrounded: Some(u.reason.clone()),
                    });
                }
            }
        }
    }
    if let Some(doc) = predictions.keys().find(|d| !corpus.docs.contains_key(*d)) {
        return Err(bad(doc, "no such document in the corpus".into()));
    }
    for o in &mut outcomes {
        if let (Some(start), Some(end)) = (o.pred_start, o.pred_end) {
            let words = notes
                .quoted
                .get(&o.doc)
                .and_then(|q| q.get(&Span::new(start, end)));
            if o.quote.is_none() {
                o.quote = words.cloned();
            }
        }
    }
    outcomes.sort_by(|a, b| {
        (a.unit, a.start.is_none(), a.pred_start, a.pred_end).cmp(&(
            b.unit,
            b.start.is_none(),
            b.pred_start,
            b.pred_end,
        ))
    });
    Ok(Scored {
        signature: Signature::new(&corpus.name, &corpus.hash, task, settings, label),
        task,
        units,
        outcomes,
        skipped: notes.skipped.clone(),
    })
}

fn gold_outcome(
    g: &GoldQuote,
    unit: usize,
    pred: Option<(Span, Option<Kind>, Option<String>)>,
    span_match: Option<SpanMatch>,
    m: SpeakerMatch,
) -> Outcome {
    let (outcome, rule) = match (&pred, m) {
        (None, _) => (Verdict::Missed, None),
        (Some(_), _) if !g.speaker_known() => (Verdict::Unlinked, None),
        (Some(_), SpeakerMatch::Correct(r)) => (Verdict::Correct, Some(r)),
        (Some(_), SpeakerMatch::Incorrect) => (Verdict::Incorrect, None),
        (Some(_), SpeakerMatch::Unresolved) => (Verdict::Unresolved, None),
        (Some(_), SpeakerMatch::Abstained) => (Verdict::Abstained, None),
    };
    let (pred_span, pred_kind, predicted) = match pred {
        Some((s, k, p)) => (Some(s), k, p),
        None => (None, None, None),
    };
    Outcome {
        doc: g.doc.clone(),
        unit,
        start: Some(g.span.start),
        end: Some(g.span.end),
        kind: Some(g.kind),
        mention: Some(g.mention_type),
        gold_speaker: Some(g.speaker.clone()),
        pred_start: pred_span.map(|s| s.start),
        pred_end: pred_span.map(|s| s.end),
        pred_kind,
        predicted,
        outcome,
        span_match,
        rule,
        quote: None,
        ungrounded: None,
    }
}
