//! Per-item counts that sum, and the metrics derived from them. Every
//! metric is a ratio of sums of these counts, so resampling items and
//! summing again is all the bootstrap needs. An undefined ratio is `None`.

use super::Task;
use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Mul};

/// Counts of one item, or a sum of items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Gold quotes.
    pub gold: u64,
    /// Predicted quotes (end-to-end) or given spans (attribution).
    pub predicted: u64,
    /// Predictions (on a matched span, for end-to-end) that give a speaker
    /// (correct, incorrect or unresolved).
    pub answered: u64,
    /// Speaker correct (on a leniently matched span, for end-to-end).
    pub correct: u64,
    /// Speaker named but wrong (another entity, or ambiguous).
    pub incorrect: u64,
    /// Speaker given as a pronoun or a bare description: not correct, not
    /// a wrong name either.
    #[serde(default)]
    pub unresolved: u64,
    /// Span given or matched but no speaker named.
    pub abstained: u64,
    /// Gold quotes with no matching prediction (lenient; end-to-end only).
    pub missed: u64,
    /// Predictions with no matching gold quote (lenient; end-to-end only).
    pub spurious: u64,
    /// Gold quotes matched by a prediction, strict span rule.
    pub span_strict: u64,
    /// Gold quotes matched by a prediction, lenient span rule.
    pub span_lenient: u64,
    /// Strictly matched and speaker correct.
    pub joint_strict: u64,
    /// Leniently matched and speaker correct.
    pub joint_lenient: u64,
    /// Gold quotes whose speaker is unknown (a mention not linked to an
    /// entity): counted in `gold` and the span counts, left out of every
    /// speaker and joint metric.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unlinked: u64,
    /// Predictions matched (leniently) to such a gold quote: counted in
    /// `predicted` for span metrics, left out of joint precision.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unlinked_matched: u64,
    /// Predictions given by their words rather than offsets (plugin
    /// protocol 2), placed in the text or not.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub by_text: u64,
    /// Predictions given by their words that could not be placed in the
    /// text: spurious, and counted in `predicted`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ungrounded: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Add for Counts {
    type Output = Counts;
    fn add(self, o: Counts) -> Counts {
        Counts {
            gold: self.gold + o.gold,
            predicted: self.predicted + o.predicted,
            answered: self.answered + o.answered,
            correct: self.correct + o.correct,
            incorrect: self.incorrect + o.incorrect,
            unresolved: self.unresolved + o.unresolved,
            abstained: self.abstained + o.abstained,
            missed: self.missed + o.missed,
            spurious: self.spurious + o.spurious,
            span_strict: self.span_strict + o.span_strict,
            span_lenient: self.span_lenient + o.span_lenient,
            joint_strict: self.joint_strict + o.joint_strict,
            joint_lenient: self.joint_lenient + o.joint_lenient,
            unlinked: self.unlinked + o.unlinked,
            unlinked_matched: self.unlinked_matched + o.unlinked_matched,
            by_text: self.by_text + o.by_text,
            ungrounded: self.ungrounded + o.ungrounded,
        }
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        *self = *self + o;
    }
}

impl Mul<u64> for Counts {
    type Output = Counts;
    fn mul(self, k: u64) -> Counts {
        Counts {
            gold: self.gold * k,
            predicted: self.predicted * k,
            answered: self.answered * k,
            correct: self.correct * k,
            incorrect: self.incorrect * k,
            unresolved: self.unresolved * k,
            abstained: self.abstained * k,
            missed: self.missed * k,
            spurious: self.spurious * k,
            span_strict: self.span_strict * k,
            span_lenient: self.span_lenient * k,
            joint_strict: self.joint_strict * k,
            joint_lenient: self.joint_lenient * k,
            unlinked: self.unlinked * k,
            unlinked_matched: self.unlinked_matched * k,
            by_text: self.by_text * k,
            ungrounded: self.ungrounded * k,
        }
    }
}

impl std::iter::Sum for Counts {
    fn sum<I: Iterator<Item = Counts>>(iter: I) -> Counts {
        iter.fold(Counts::default(), Add::add)
    }
}

/// `num / den`, or `None` when `den` is 0.
pub fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Count-based F1: `2·tp / (predicted + gold)`, `None` when both are 0.
pub fn f1(tp: u64, predicted: u64, gold: u64) -> Option<f64> {
    ratio(2 * tp, predicted + gold)
}

/// A metric: its name and how it is computed from counts.
pub type Metric = (&'static str, fn(&Counts) -> Option<f64>);

const ATTRIBUTION: &[Metric] = &[
    ("accuracy", |c| ratio(c.correct, c.speaker_gold())),
    ("precision", |c| ratio(c.correct, c.answered)),
    ("coverage", |c| ratio(c.answered, c.speaker_gold())),
];

const END_TO_END: &[Metric] = &[
    ("joint_f1_lenient", |c| {
        f1(c.joint_lenient, c.speaker_predicted(), c.speaker_gold())
    }),
    ("joint_precision_lenient", |c| {
        ratio(c.joint_lenient, c.speaker_predicted())
    }),
    ("joint_recall_lenient", |c| {
        ratio(c.joint_lenient, c.speaker_gold())
    }),
    ("joint_f1_strict", |c| {
        f1(c.joint_strict, c.speaker_predicted(), c.speaker_gold())
    }),
    ("joint_precision_strict", |c| {
        ratio(c.joint_strict, c.speaker_predicted())
    }),
    ("joint_recall_strict", |c| {
        ratio(c.joint_strict, c.speaker_gold())
    }),
    ("span_f1_lenient", |c| {
        f1(c.span_lenient, c.predicted, c.gold)
    }),
    ("span_precision_lenient", |c| {
        ratio(c.span_lenient, c.predicted)
    }),
    ("span_recall_lenient", |c| ratio(c.span_lenient, c.gold)),
    ("span_f1_strict", |c| f1(c.span_strict, c.predicted, c.gold)),
    ("span_precision_strict", |c| {
        ratio(c.span_strict, c.predicted)
    }),
    ("span_recall_strict", |c| ratio(c.span_strict, c.gold)),
];

/// The micro-averaged metrics of a task, in report order. The first is
/// the headline metric.
pub fn metrics(task: Task) -> &'static [Metric] {
    match task {
        Task::Attribution => ATTRIBUTION,
        Task::EndToEnd => END_TO_END,
    }
}

/// Names of the micro-averaged metrics of a task, in report order.
pub fn metric_names(task: Task) -> Vec<&'static str> {
    metrics(task).iter().map(|(n, _)| *n).collect()
}

/// The headline metric of a task: leaderboards sort on it.
pub fn headline(task: Task) -> &'static str {
    metrics(task)[0].0
}

/// The number of trials behind metric `name` on counts `c`, the `n` of
/// its Wilson interval: the denominator of a proportion (`gold` for
/// accuracy, coverage and recall, `answered` for precision, `predicted` for
/// span and joint precision) and half the denominator of an F1
/// (`(predicted + gold) / 2`, which is the number of quotes when the two
/// are equal). `None` for an unknown name.
///
/// ```
/// use quotebench::score::{counts::trials, Counts};
/// let c = Counts { gold: 4, predicted: 6, answered: 3, ..Counts::default() };
/// assert_eq!(trials("accuracy", &c), Some(4.0));
/// assert_eq!(trials("precision", &c), Some(3.0));
/// assert_eq!(trials("span_f1_strict", &c), Some(5.0));
/// ```
pub fn trials(name: &str, c: &Counts) -> Option<f64> {
    let n = match name {
        "accuracy" | "coverage" => c.speaker_gold(),
        "precision" => c.answered,
        n if n.starts_with("joint_") && n.contains("_recall_") => c.speaker_gold(),
        n if n.starts_with("joint_") && n.contains("_precision_") => c.speaker_predicted(),
        n if n.starts_with("joint_") && n.contains("_f1_") => {
            return Some((c.speaker_predicted() + c.speaker_gold()) as f64 / 2.0)
        }
        n if n.contains("_recall_") => c.gold,
        n if n.contains("_precision_") => c.predicted,
        n if n.contains("_f1_") => return Some((c.predicted + c.gold) as f64 / 2.0),
        _ => return None,
    };
    Some(n as f64)
}

impl Counts {
    /// Gold quotes that speaker metrics are computed on: all but those
    /// whose speaker is unknown ([`Counts::unlinked`]).
    pub fn speaker_gold(&self) -> u64 {
        self.gold.saturating_sub(self.unlinked)
    }

    /// Predictions that joint precision is computed on: all but those
    /// matched to a gold quote whose speaker is unknown.
    pub fn speaker_predicted(&self) -> u64 {
        self.predicted.saturating_sub(self.unlinked_matched)
    }

    /// The value of metric `name` (a name from [`metric_names`] of either
    /// task); `None` when the ratio is undefined or the name unknown.
    ///
    /// ```
    /// use quotebench::score::Counts;
    /// let c = Counts { gold: 4, predicted: 4, answered: 3, correct: 2, ..Counts::default() };
    /// assert_eq!(c.metric("accuracy"), Some(2.0 / 4.0));
    /// assert_eq!(c.metric("precision"), Some(2.0 / 3.0));
    /// assert_eq!(Counts::default().metric("precision"), None);
    /// ```
    pub fn metric(&self, name: &str) -> Option<f64> {
        ATTRIBUTION
            .iter()
            .chain(END_TO_END)
            .find(|(n, _)| *n == name)
            .and_then(|(_, f)| f(self))
    }
}
