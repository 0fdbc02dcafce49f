//! The paired randomization (sign-flip) test behind compare's p-values:
//! the approximate-randomization test of Noreen (1989) and Riezler &
//! Maxwell (2005), sacrebleu's `paired-ar`. Under the null hypothesis that
//! two strategies are interchangeable, which of the two produced a unit's
//! counts is a coin flip, so every way of swapping the two strategies'
//! counts within units is as likely as what was observed. The p-value is
//! the share of those assignments whose difference is at least as large
//! (in absolute value) as the observed one. Pooled (micro) metrics are
//! recomputed from the swapped counts, never averaged.
//!
//! With `n` units on which the two differ, the exact test enumerates all
//! `2^n` assignments when `n` ≤ [`EXACT_MAX`]: the observed assignment and
//! its mirror image (every unit swapped, which negates the difference) are
//! always among the extreme ones, so the two-sided p-value is never below
//! `2 / 2^n`. Above that bound it draws [`Settings::bootstrap`] random
//! assignments from the run's seed (Monte Carlo, `p = (1 + extreme) / (1 + R)`).
//! Units where the two strategies have identical counts are left out: a swap
//! there changes nothing, so every assignment of the others occurs equally
//! often and the fraction is the same.

use super::{bootstrap::Layout, counts::metrics, counts::Metric, Counts, Settings, Task, Unit};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Up to this many differing units the test enumerates every assignment.
pub const EXACT_MAX: usize = 16;

/// What the `test` part of a signature says: paired randomization, exact
/// up to [`EXACT_MAX`] differing units, Monte Carlo above.
pub const TEST: &str = "paired-ar-exact16";

/// Two observed differences closer than this are ties (floating rounding).
const TIE: f64 = 1e-9;

/// Whether a p-value was enumerated or sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TestMethod {
    /// Every one of the `2^n` assignments.
    Exact,
    /// Random assignments drawn from the run's seed.
    MonteCarlo,
}

/// Which test gave a p-value, recorded beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestUsed {
    /// Exact or Monte Carlo.
    pub method: TestMethod,
    /// What was swapped: whole documents or single quotes.
    pub unit: Unit,
    /// Units on which the two strategies' counts differ (the others
    /// cannot change the difference).
    pub informative: usize,
    /// Assignments considered: `2^informative` (exact) or the number drawn
    /// (Monte Carlo).
    pub assignments: u64,
    /// The seed of the draws (Monte Carlo only).
    pub seed: Option<u64>,
}

impl TestUsed {
    /// One line for reports: `paired randomization over documents, exact
    /// (32 assignments of 5 differing documents)`.
    pub fn describe(&self) -> String {
        let unit = match self.unit {
            Unit::Doc => "documents",
            Unit::Quote => "quotes",
        };
        match self.method {
            TestMethod::Exact => format!(
                "paired randomization over {unit}, exact ({} assignments of {} differing {unit})",
                self.assignments, self.informative
            ),
            TestMethod::MonteCarlo => format!(
                "paired randomization over {unit}, Monte Carlo, {} permutations, seed {} ({} differing {unit})",
                self.assignments,
                self.seed.unwrap_or_default(),
                self.informative
            ),
        }
    }

    /// A short cell for tables: `exact 2^5` or `mc 1000`.
    pub fn short(&self) -> String {
        match self.method {
            TestMethod::Exact => format!("exact 2^{}", self.informative),
            TestMethod::MonteCarlo => format!("mc {}", self.assignments),
        }
    }
}

/// The random assignments of a Monte Carlo test, drawn once for every unit
/// so that every pair of strategies sees the same draws.
#[derive(Debug, Clone)]
pub struct Draws {
    /// `swap[k][r]`: whether draw `k` swaps unit `r`.
    swap: Vec<Vec<bool>>,
    seed: u64,
}

impl Draws {
    /// `settings.bootstrap` draws over `units` randomization units, from
    /// `settings.seed`.
    pub fn new(units: usize, settings: &Settings) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
        Draws {
            swap: (0..settings.bootstrap)
                .map(|_| (0..units).map(|_| rng.gen_bool(0.5)).collect())
                .collect(),
            seed: settings.seed,
        }
    }
}

/// The randomization units of per-quote-unit counts: whole documents
/// (summed) or the units themselves, with each one's document.
pub fn randomization_units(
    units: &[Counts],
    layout: &Layout,
    unit: Unit,
) -> (Vec<Counts>, Vec<usize>) {
    match unit {
        Unit::Quote => (units.to_vec(), layout.doc_of.clone()),
        Unit::Doc => {
            let mut per_doc = vec![Counts::default(); layout.docs];
            for (u, c) in units.iter().enumerate() {
                per_doc[layout.doc_of[u]] += *c;
            }
            (per_doc, (0..layout.docs).collect())
        }
    }
}

/// Both strategies' counts per document under one assignment, with every
/// metric kept up to date as units are swapped.
#[derive(Clone)]
struct State {
    metrics: &'static [Metric],
    doc: [Vec<Counts>; 2],
    total: [Counts; 2],
    /// Each document's value of each micro metric, per strategy.
    value: [Vec<Vec<Option<f64>>>; 2],
    /// Sum and number of defined per-document values, per metric.
    sum: [Vec<f64>; 2],
    defined: [Vec<u64>; 2],
}

impl State {
    fn new(task: Task, doc: [Vec<Counts>; 2]) -> Self {
        let metrics = metrics(task);
        let value = [0, 1].map(|s| {
            doc[s]
                .iter()
                .map(|c| metrics.iter().map(|(_, f)| f(c)).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        });
        let sum = [0, 1].map(|s| {
            (0..metrics.len())
                .map(|m| value[s].iter().filter_map(|v| v[m]).sum())
                .collect()
        });
        let defined = [0, 1].map(|s| {
            (0..metrics.len())
                .map(|m| value[s].iter().filter(|v| v[m].is_some()).count() as u64)
                .collect()
        });
        State {
            metrics,
            total: [0, 1].map(|s| doc[s].iter().copied().sum()),
            doc,
            value,
            sum,
            defined,
        }
    }

    /// Moves a unit of document `d` whose counts are `x` on side 0 and `y`
    /// on side 1 to the other sides.
    fn swap(&mut self, d: usize, x: Counts, y: Counts) {
        let (out, inn) = ([x, y], [y, x]);
        for s in 0..2 {
            self.doc[s][d] = self.doc[s][d] + inn[s] - out[s];
            self.total[s] = self.total[s] + inn[s] - out[s];
            for (m, (_, f)) in self.metrics.iter().enumerate() {
                if let Some(v) = self.value[s][d][m] {
                    self.sum[s][m] -= v;
                    self.defined[s][m] -= 1;
                }
                let v = f(&self.doc[s][d]);
                if let Some(v) = v {
                    self.sum[s][m] += v;
                    self.defined[s][m] += 1;
                }
                self.value[s][d][m] = v;
            }
        }
    }

    /// The difference side 0 − side 1 of every metric, micro then macro.
    fn differences(&self, out: &mut [Option<f64>]) {
        let k = self.metrics.len();
        for (m, (_, f)) in self.metrics.iter().enumerate() {
            out[m] = f(&self.total[0]).zip(f(&self.total[1])).map(|(a, b)| a - b);
        }
        for m in 0..k {
            let mean = |s: usize| {
                (self.defined[s][m] > 0).then(|| self.sum[s][m] / self.defined[s][m] as f64)
            };
            out[k + m] = mean(0).zip(mean(1)).map(|(a, b)| a - b);
        }
    }
}

/// Tallies, per metric, how many assignments had a defined difference and
/// how many of those were at least as extreme as the observed one.
struct Tally {
    observed: Vec<Option<f64>>,
    defined: Vec<u64>,
    extreme: Vec<u64>,
    scratch: Vec<Option<f64>>,
}

impl Tally {
    fn new(observed: Vec<Option<f64>>) -> Self {
        let n = observed.len();
        Tally {
            observed,
            defined: vec![0; n],
            extreme: vec![0; n],
            scratch: vec![None; n],
        }
    }

    fn add(&mut self, state: &State) {
        let mut scratch = std::mem::take(&mut self.scratch);
        state.differences(&mut scratch);
        for (m, d) in scratch.iter().enumerate() {
            if let (Some(d), Some(obs)) = (d, self.observed[m]) {
                self.defined[m] += 1;
                if d.abs() >= obs.abs() - TIE {
                    self.extreme[m] += 1;
                }
            }
        }
        self.scratch = scratch;
    }
}

/// The two-sided p-value of the paired randomization test of `a − b` for
/// every metric (in [`super::bootstrap::all_metric_names`] order), and the
/// test used. `a` and `b` are the per-unit counts of the two strategies on
/// the same units ([`super::Scored::unit_counts`]); `draws` must cover
/// [`randomization_units`]'s units for `settings.unit` and is used only
/// when more than [`EXACT_MAX`] of them differ. A p-value is `None` where
/// the observed difference is undefined; assignments on which the
/// difference is undefined (a swapped ratio with a zero denominator) are
/// left out of both counts.
pub fn p_values(
    task: Task,
    a: &[Counts],
    b: &[Counts],
    layout: &Layout,
    settings: &Settings,
    draws: &Draws,
) -> (Vec<Option<f64>>, TestUsed) {
    let (ua, doc_of) = randomization_units(a, layout, settings.unit);
    let (ub, _) = randomization_units(b, layout, settings.unit);
    let per_doc = |u: &[Counts]| {
        let mut d = vec![Counts::default(); layout.docs];
        for (r, c) in u.iter().enumerate() {
            d[doc_of[r]] += *c;
        }
        d
    };
    let identity = State::new(task, [per_doc(&ua), per_doc(&ub)]);
    let mut observed = vec![None; 2 * identity.metrics.len()];
    identity.differences(&mut observed);
    let informative: Vec<usize> = (0..ua.len()).filter(|&r| ua[r] != ub[r]).collect();
    let n = informative.len();
    let mut tally = Tally::new(observed);
    let used = if n <= EXACT_MAX {
        // Gray code over all but the last differing unit: each assignment
        // with that unit unswapped stands for itself and its mirror image
        // (every unit swapped: the same |difference|), so 2^(n-1) steps
        // give the fractions over all 2^n.
        let k = n.saturating_sub(1);
        let mut state = identity;
        let mut swapped = vec![false; k];
        tally.add(&state);
        for i in 1u64..(1u64 << k) {
            let j = i.trailing_zeros() as usize;
            let r = informative[j];
            let (x, y) = if swapped[j] {
                (ub[r], ua[r])
            } else {
                (ua[r], ub[r])
            };
            state.swap(doc_of[r], x, y);
            swapped[j] = !swapped[j];
            tally.add(&state);
        }
        TestUsed {
            method: TestMethod::Exact,
            unit: settings.unit,
            informative: n,
            assignments: 1u64 << n,
            seed: None,
        }
    } else {
        for draw in &draws.swap {
            let mut state = identity.clone();
            for &r in &informative {
                if draw.get(r).copied().unwrap_or(false) {
                    state.swap(doc_of[r], ua[r], ub[r]);
                }
            }
            tally.add(&state);
        }
        TestUsed {
            method: TestMethod::MonteCarlo,
            unit: settings.unit,
            informative: n,
            assignments: draws.swap.len() as u64,
            seed: Some(draws.seed),
        }
    };
    let exact = used.method == TestMethod::Exact;
    let p = (0..tally.observed.len())
        .map(|m| {
            tally.observed[m]?;
            let (e, d) = (tally.extreme[m], tally.defined[m]);
            Some(if exact {
                e as f64 / d as f64
            } else {
                (1 + e) as f64 / (1 + d) as f64
            })
        })
        .collect();
    (p, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One unit per document, every quote answered.
    fn unit(gold: u64, correct: u64) -> Counts {
        Counts {
            gold,
            predicted: gold,
            answered: gold,
            correct,
            incorrect: gold - correct,
            ..Counts::default()
        }
    }

    fn layout(n: usize) -> Layout {
        Layout::new(&(0..n).map(|d| format!("d{d}")).collect::<Vec<_>>())
    }

    #[test]
    fn the_worked_example_of_methodology_md() {
        // A: 3/3, 1/1, 1/2; B: 0/3, 0/1, 2/2. Micro accuracy 5/6 vs 2/6,
        // d = 1/2. Swapping a document moves its counts: A's correct is
        // 5 + ΣΔ over the swapped documents (Δ = −3, −1, +1), so
        // d = (3 + 2ΣΔ)/6: 3, −3, 1, 5, −5, −1, 3, −3 (sixths) for {}, {1},
        // {2}, {3}, {1,2}, {1,3}, {2,3}, {1,2,3}; six of eight reach |1/2|.
        // Macro: per-document differences 1, 1, −1/2, d = ±1 ±1 ∓1/2 over 3:
        // 1/2, −1/6, −1/6, 5/6, −5/6, 1/6, 1/6, −1/2; four of eight.
        let a = [unit(3, 3), unit(1, 1), unit(2, 1)];
        let b = [unit(3, 0), unit(1, 0), unit(2, 2)];
        let s = Settings::default();
        let draws = Draws::new(3, &s);
        let (p, used) = p_values(Task::Attribution, &a, &b, &layout(3), &s, &draws);
        let names = super::super::bootstrap::all_metric_names(Task::Attribution);
        let p: std::collections::BTreeMap<_, _> = names.into_iter().zip(p).collect();
        assert_eq!(p["accuracy"], Some(6.0 / 8.0));
        assert_eq!(p["precision"], Some(6.0 / 8.0));
        assert_eq!(p["macro_accuracy"], Some(4.0 / 8.0));
        // Coverage is 1 for both: d = 0, and every assignment reaches it.
        assert_eq!(p["coverage"], Some(1.0));
        assert_eq!(used.method, TestMethod::Exact);
        assert_eq!((used.informative, used.assignments), (3, 8));
        assert_eq!(
            used.describe(),
            "paired randomization over documents, exact (8 assignments of 3 differing documents)"
        );
    }

    #[test]
    fn identical_documents_do_not_count() {
        // A fourth document where both are 1/1 leaves every p unchanged and
        // the assignments at 8.
        let a = [unit(3, 3), unit(1, 1), unit(2, 1), unit(1, 1)];
        let b = [unit(3, 0), unit(1, 0), unit(2, 2), unit(1, 1)];
        let s = Settings::default();
        let (p, used) = p_values(
            Task::Attribution,
            &a,
            &b,
            &layout(4),
            &s,
            &Draws::new(4, &s),
        );
        assert_eq!(p[0], Some(6.0 / 8.0));
        assert_eq!((used.informative, used.assignments), (3, 8));
    }

    #[test]
    fn five_documents_one_better_everywhere_give_two_in_32() {
        // A right and B wrong on all five documents: only the observed
        // assignment and its mirror reach |d| = 1, p = 2/32.
        let a = [unit(2, 2); 5];
        let b = [unit(2, 0); 5];
        let s = Settings::default();
        let (p, _) = p_values(
            Task::Attribution,
            &a,
            &b,
            &layout(5),
            &s,
            &Draws::new(5, &s),
        );
        assert_eq!(p[0], Some(2.0 / 32.0));
    }

    #[test]
    fn many_documents_use_monte_carlo_from_the_seed() {
        let n = EXACT_MAX + 4;
        let a = vec![unit(2, 2); n];
        let b = vec![unit(2, 0); n];
        let s = Settings {
            bootstrap: 200,
            ..Settings::default()
        };
        let run = || {
            p_values(
                Task::Attribution,
                &a,
                &b,
                &layout(n),
                &s,
                &Draws::new(n, &s),
            )
        };
        let (p, used) = run();
        assert_eq!(used.method, TestMethod::MonteCarlo);
        assert_eq!((used.assignments, used.seed), (200, Some(42)));
        // No random assignment of 20 one-sided documents reaches |d| = 1
        // (chance 2/2^20 each): p = (1 + 0)/(1 + 200).
        assert_eq!(p[0], Some(1.0 / 201.0));
        assert_eq!(run().0, p);
        assert_eq!(used.short(), "mc 200");
    }

    #[test]
    fn quote_units_swap_single_quotes() {
        // One document, two quotes: A right on both, B on neither. Swapping
        // quotes: d = 1, 0, 0, −1 → p = 2/4 for micro and macro alike.
        let a = [unit(1, 1), unit(1, 1)];
        let b = [unit(1, 0), unit(1, 0)];
        let layout = Layout::new(&["d".to_string(), "d".to_string()]);
        let s = Settings {
            unit: Unit::Quote,
            ..Settings::default()
        };
        let (p, used) = p_values(Task::Attribution, &a, &b, &layout, &s, &Draws::new(2, &s));
        assert_eq!(p[0], Some(0.5));
        assert_eq!(p[3], Some(0.5));
        assert_eq!(used.unit, Unit::Quote);
        // By documents there is one unit: p = 2/2 = 1.
        let s = Settings::default();
        let (p, _) = p_values(Task::Attribution, &a, &b, &layout, &s, &Draws::new(1, &s));
        assert_eq!(p[0], Some(1.0));
    }
}
