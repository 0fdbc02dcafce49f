//! Percentile bootstrap over resampling units (whole documents by
//! default), Wilson score intervals where the percentile interval would be
//! a point, and the paired bootstrap for differences between strategies,
//! with Holm's correction and the minimum detectable difference. Resamples depend only on the units,
//! the settings and the seed, so every strategy scored on the same gold set
//! with the same settings sees the same resamples: intervals and pairwise
//! differences are computed on identical draws.

use super::{counts::metrics, counts::trials, Counts, Settings, Task, Unit};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How an interval was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IntervalMethod {
    /// 2.5th and 97.5th percentiles of the resampled values.
    Percentile,
    /// Wilson score interval on `n` trials: used when the metric is 0 or 1
    /// or every resample agrees, where a percentile interval would be a
    /// single point.
    Wilson,
}

impl IntervalMethod {
    /// The name used in reports and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            IntervalMethod::Percentile => "percentile",
            IntervalMethod::Wilson => "wilson",
        }
    }
}

/// What the `ci` part of a signature says: percentile intervals, Wilson
/// where they would collapse.
pub const INTERVALS: &str = "percentile+wilson";

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// z for 80% power (one-sided 0.8 quantile of the normal).
pub const Z80: f64 = 0.841_621_233_572_914_3;

/// A metric's value and its 95% interval. Every field is `None` where the
/// ratio is undefined; the interval fields are `None` without resamples.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The value on the whole gold set.
    pub value: Option<f64>,
    /// Lower end of the 95% interval.
    pub low: Option<f64>,
    /// Upper end of the 95% interval.
    pub high: Option<f64>,
    /// How `low` and `high` were computed.
    #[serde(default)]
    pub method: Option<IntervalMethod>,
    /// For a Wilson interval, the number of trials it rests on (see
    /// [`crate::score::counts::trials`]; for a macro metric, the documents).
    #[serde(default)]
    pub wilson_n: Option<f64>,
}

/// The Wilson score interval of a proportion `p` on `n` trials at normal
/// quantile `z`; `None` when `n` is not positive. It is never a point for
/// `n` finite, even at `p` = 0 or 1.
///
/// ```
/// use quotebench::score::bootstrap::{wilson, Z95};
/// let (lo, hi) = wilson(1.0, 85.0, Z95).unwrap();
/// assert_eq!(hi, 1.0);
/// assert!((lo - 85.0 / (85.0 + Z95 * Z95)).abs() < 1e-12);
/// ```
pub fn wilson(p: f64, n: f64, z: f64) -> Option<(f64, f64)> {
    if n <= 0.0 || !n.is_finite() {
        return None;
    }
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).max(0.0).sqrt();
    // Rounding must not lift the bound off the value at 0 or 1.
    let low = if p <= 0.0 {
        0.0
    } else {
        (centre - half).clamp(0.0, p)
    };
    let high = if p >= 1.0 {
        1.0
    } else {
        (centre + half).clamp(p, 1.0)
    };
    Some((low, high))
}

/// The difference `a − b` of one metric between two strategies, with its
/// paired-bootstrap interval, two-sided p-value, the p-value after Holm's
/// correction for the number of pairs, and the minimum detectable
/// difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// The observed difference.
    pub value: Option<f64>,
    /// 2.5th percentile of the resampled differences.
    pub low: Option<f64>,
    /// 97.5th percentile of the resampled differences.
    pub high: Option<f64>,
    /// Share of resamples whose difference lies at least as far from the
    /// observed one as the observed one lies from 0 (with the +1
    /// correction): the chance of a difference this large if there were
    /// none.
    pub p_value: Option<f64>,
    /// `p_value` after Holm's step-down correction over every pair of the
    /// comparison (set by [`holm`]; `None` until then).
    #[serde(default)]
    pub p_holm: Option<f64>,
    /// True when `p_holm` < 0.05: the two are distinguishable on this
    /// corpus after correction.
    #[serde(default)]
    pub distinguishable: Option<bool>,
    /// Standard deviation of the resampled differences: the paired
    /// standard error.
    #[serde(default)]
    pub se: Option<f64>,
    /// Minimum detectable difference: `(Z95 + Z80) · se`, the smallest true
    /// difference a two-sided test at 0.05 would find 80% of the time on a
    /// corpus like this one.
    #[serde(default)]
    pub mdd: Option<f64>,
}

/// Holm's step-down adjustment of p-values (in the given order; `None`
/// stays `None` and does not count as a test).
///
/// ```
/// use quotebench::score::bootstrap::holm;
/// let adj = holm(&[Some(0.01), Some(0.04), None, Some(0.03)]);
/// // sorted: 0.01·3, max(0.03·2, 0.03), max(0.04·1, 0.06)
/// assert_eq!(adj, [Some(0.03), Some(0.06), None, Some(0.06)]);
/// ```
pub fn holm(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut idx: Vec<usize> = (0..p.len()).filter(|&i| p[i].is_some()).collect();
    idx.sort_by(|&a, &b| p[a].unwrap_or(1.0).total_cmp(&p[b].unwrap_or(1.0)));
    let m = idx.len();
    let mut out = vec![None; p.len()];
    let mut running = 0.0_f64;
    for (k, &i) in idx.iter().enumerate() {
        let adj = ((m - k) as f64 * p[i].unwrap_or(1.0)).min(1.0);
        running = running.max(adj);
        out[i] = Some(running);
    }
    out
}

/// Units grouped by document: `doc_of[u]` is the index of unit `u`'s document.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Document index of each unit.
    pub doc_of: Vec<usize>,
    /// Number of documents.
    pub docs: usize,
}

impl Layout {
    /// The layout of units whose documents are `unit_docs`.
    pub fn new(unit_docs: &[String]) -> Self {
        let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
        for d in unit_docs {
            let n = ids.len();
            ids.entry(d.as_str()).or_insert(n);
        }
        Layout {
            doc_of: unit_docs.iter().map(|d| ids[d.as_str()]).collect(),
            docs: ids.len(),
        }
    }
}

/// One resample: how many times each unit and each document was drawn.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Weight of each unit.
    pub units: Vec<u64>,
    /// Weight of each document in the macro average.
    pub docs: Vec<u64>,
}

impl Sample {
    /// The sample that is the gold set itself: every unit once.
    pub fn identity(layout: &Layout) -> Self {
        Sample {
            units: vec![1; layout.doc_of.len()],
            docs: vec![1; layout.docs],
        }
    }
}

/// The resamples for `settings` (seeded ChaCha8; same inputs, same draws).
pub fn samples(layout: &Layout, settings: &Settings) -> Vec<Sample> {
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    let n = layout.doc_of.len();
    let mut out = Vec::with_capacity(settings.bootstrap);
    if n == 0 {
        return out;
    }
    for _ in 0..settings.bootstrap {
        let mut s = Sample {
            units: vec![0; n],
            docs: vec![0; layout.docs],
        };
        match settings.unit {
            Unit::Quote => {
                for _ in 0..n {
                    s.units[rng.gen_range(0..n)] += 1;
                }
                for (u, &w) in s.units.iter().enumerate() {
                    if w > 0 {
                        s.docs[layout.doc_of[u]] = 1;
                    }
                }
            }
            Unit::Doc => {
                for _ in 0..layout.docs {
                    s.docs[rng.gen_range(0..layout.docs)] += 1;
                }
                for (u, w) in s.units.iter_mut().enumerate() {
                    *w = (s.docs[layout.doc_of[u]] > 0) as u64;
                }
            }
        }
        out.push(s);
    }
    out
}

/// Names of every metric reported for a task: the micro metrics, then the
/// same names prefixed `macro_` (mean over documents).
pub fn all_metric_names(task: Task) -> Vec<String> {
    let micro = metrics(task);
    micro
        .iter()
        .map(|(m, _)| m.to_string())
        .chain(micro.iter().map(|(m, _)| format!("macro_{m}")))
        .collect()
}

/// Every metric of [`all_metric_names`] on one sample. Each document's
/// counts are the unit-weighted sums of its units; micro is the ratio of the
/// document-weighted sums (quote mode: units drawn k times count k times,
/// document weights are 0 or 1; doc mode: units count once, a document
/// drawn k times counts k times). Macro: the weighted mean over documents of each
/// document's ratio, documents where it is undefined left out.
pub fn metrics_on(
    task: Task,
    units: &[Counts],
    layout: &Layout,
    sample: &Sample,
) -> Vec<Option<f64>> {
    let mut per_doc = vec![Counts::default(); layout.docs];
    for (u, c) in units.iter().enumerate() {
        if sample.units[u] > 0 {
            per_doc[layout.doc_of[u]] += *c * sample.units[u];
        }
    }
    let total: Counts = per_doc.iter().zip(&sample.docs).map(|(c, &w)| *c * w).sum();
    let micro = metrics(task);
    let mut out: Vec<Option<f64>> = micro.iter().map(|(_, f)| f(&total)).collect();
    for (_, f) in micro {
        let (mut sum, mut weight) = (0.0, 0u64);
        for (c, &w) in per_doc.iter().zip(&sample.docs) {
            if w == 0 {
                continue;
            }
            if let Some(v) = f(c) {
                sum += v * w as f64;
                weight += w;
            }
        }
        out.push((weight > 0).then(|| sum / weight as f64));
    }
    out
}

/// The `q` quantile (0..=1) of sorted values, linearly interpolated.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

fn interval(mut values: Vec<f64>) -> (Option<f64>, Option<f64>) {
    values.sort_by(f64::total_cmp);
    (quantile(&values, 0.025), quantile(&values, 0.975))
}

/// The interval of one metric: percentile, or Wilson on `n` when the
/// percentile interval would be a point (the value 0 or 1, or every
/// resample the same).
fn estimate(value: Option<f64>, resampled: Vec<f64>, n: Option<f64>) -> Estimate {
    let none = Estimate {
        value,
        low: None,
        high: None,
        method: None,
        wilson_n: None,
    };
    let Some(v) = value else { return none };
    if resampled.is_empty() {
        return none;
    }
    let (low, high) = interval(resampled);
    let (Some(l), Some(h)) = (low, high) else {
        return none;
    };
    let point = h - l < 1e-12 || v <= 0.0 || v >= 1.0;
    if !point {
        return Estimate {
            value,
            low,
            high,
            method: Some(IntervalMethod::Percentile),
            wilson_n: None,
        };
    }
    match n.and_then(|n| Some((n, wilson(v, n, Z95)?))) {
        Some((n, (l, h))) => Estimate {
            value,
            low: Some(l),
            high: Some(h),
            method: Some(IntervalMethod::Wilson),
            wilson_n: Some(n),
        },
        None => Estimate {
            value,
            low,
            high,
            method: Some(IntervalMethod::Percentile),
            wilson_n: None,
        },
    }
}

/// Every metric of a strategy with its interval, by name.
pub fn estimates(
    task: Task,
    units: &[Counts],
    layout: &Layout,
    samples: &[Sample],
) -> BTreeMap<String, Estimate> {
    let r = resample(task, units, layout, samples);
    let mut resampled: Vec<Vec<f64>> = vec![Vec::with_capacity(samples.len()); r.observed.len()];
    for sample in &r.samples {
        for (i, v) in sample.iter().enumerate() {
            if let Some(v) = v {
                resampled[i].push(*v);
            }
        }
    }
    // The Wilson n: a micro metric's trials on the whole gold set; a macro
    // metric's, the documents where it is defined.
    let total: Counts = units.iter().copied().sum();
    let mut per_doc = vec![Counts::default(); layout.docs];
    for (u, c) in units.iter().enumerate() {
        per_doc[layout.doc_of[u]] += *c;
    }
    let micro = metrics(task);
    let n: Vec<Option<f64>> = micro
        .iter()
        .map(|(m, _)| trials(m, &total))
        .chain(micro.iter().map(|(_, f)| {
            let docs = per_doc.iter().filter(|c| f(c).is_some()).count();
            Some(docs as f64)
        }))
        .collect();
    all_metric_names(task)
        .into_iter()
        .zip(r.observed)
        .zip(resampled)
        .zip(n)
        .map(|(((name, value), r), n)| (name, estimate(value, r, n)))
        .collect()
}

/// One strategy's metrics (in [`all_metric_names`] order) on the gold set
/// and on every resample: computed once, then paired with any other
/// strategy's by [`differences`].
#[derive(Debug, Clone)]
pub struct Resampled {
    /// The metrics on the gold set itself.
    pub observed: Vec<Option<f64>>,
    /// The metrics on each resample, in resample order.
    pub samples: Vec<Vec<Option<f64>>>,
}

/// Computes a strategy's [`Resampled`] metrics.
pub fn resample(task: Task, units: &[Counts], layout: &Layout, samples: &[Sample]) -> Resampled {
    Resampled {
        observed: metrics_on(task, units, layout, &Sample::identity(layout)),
        samples: samples
            .iter()
            .map(|s| metrics_on(task, units, layout, s))
            .collect(),
    }
}

/// The paired-bootstrap difference `a − b` for every metric, by name. `a`
/// and `b` must come from the same resamples.
pub fn differences(task: Task, a: &Resampled, b: &Resampled) -> BTreeMap<String, Difference> {
    let names = all_metric_names(task);
    let observed: Vec<Option<f64>> = a
        .observed
        .iter()
        .zip(&b.observed)
        .map(|(x, y)| Some((*x)? - (*y)?))
        .collect();
    let mut resampled: Vec<Vec<f64>> = vec![Vec::with_capacity(a.samples.len()); names.len()];
    for (ma, mb) in a.samples.iter().zip(&b.samples) {
        for (i, (x, y)) in ma.iter().zip(mb).enumerate() {
            if let (Some(x), Some(y)) = (x, y) {
                resampled[i].push(x - y);
            }
        }
    }
    names
        .into_iter()
        .zip(observed)
        .zip(resampled)
        .map(|((name, value), r)| {
            let p_value = match value {
                Some(d) if !r.is_empty() => {
                    let extreme = r
                        .iter()
                        .filter(|x| (*x - d).abs() >= d.abs() - 1e-12)
                        .count();
                    Some((1 + extreme) as f64 / (1 + r.len()) as f64)
                }
                _ => None,
            };
            let se = match value {
                Some(_) if r.len() > 1 => {
                    let mean = r.iter().sum::<f64>() / r.len() as f64;
                    let var =
                        r.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (r.len() - 1) as f64;
                    Some(var.sqrt())
                }
                _ => None,
            };
            let (low, high) = match value {
                Some(_) => interval(r),
                None => (None, None),
            };
            (
                name,
                Difference {
                    value,
                    low,
                    high,
                    p_value,
                    p_holm: None,
                    distinguishable: None,
                    se,
                    mdd: se.map(|se| (Z95 + Z80) * se),
                },
            )
        })
        .collect()
}
