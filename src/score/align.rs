//! One-to-one alignment of predicted spans with gold spans, by an optimal
//! assignment (Kuhn–Munkres) that maximises the summed overlap ratio. Never
//! greedy, never all pairs: each gold span gets at most one prediction.

use crate::model::Span;
use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;

/// Overlap divided by the longer span: 1 for equal spans, less for a span
/// that merely contains the other, 0 for disjoint or empty spans.
///
/// ```
/// use quotebench::{model::Span, score::align::ratio};
/// assert_eq!(ratio(Span::new(0, 10), Span::new(0, 10)), 1.0);
/// assert_eq!(ratio(Span::new(0, 10), Span::new(0, 20)), 0.5);
/// assert_eq!(ratio(Span::new(0, 10), Span::new(10, 20)), 0.0);
/// ```
pub fn ratio(a: Span, b: Span) -> f64 {
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 0.0;
    }
    a.overlap(&b) as f64 / longer as f64
}

/// Fixed-point scale of the ratios handed to Kuhn–Munkres (integer weights
/// keep the assignment exact and deterministic).
const SCALE: f64 = 1e9;

/// For each gold span, the index of the prediction assigned to it, if the
/// two overlap at all. The assignment maximises the summed [`ratio`].
///
/// ```
/// use quotebench::{model::Span, score::align::align};
/// // The exact prediction wins the gold span over the one containing it.
/// let gold = [Span::new(0, 10)];
/// let pred = [Span::new(0, 20), Span::new(0, 10)];
/// assert_eq!(align(&gold, &pred), vec![Some(1)]);
/// ```
pub fn align(gold: &[Span], pred: &[Span]) -> Vec<Option<usize>> {
    let mut out = vec![None; gold.len()];
    if gold.is_empty() || pred.is_empty() {
        return out;
    }
    let weight = |g: usize, p: usize| (ratio(gold[g], pred[p]) * SCALE).round() as i64;
    let transpose = gold.len() > pred.len();
    let (rows, cols) = if transpose {
        (pred.len(), gold.len())
    } else {
        (gold.len(), pred.len())
    };
    let matrix = Matrix::from_fn(rows, cols, |(r, c)| {
        if transpose {
            weight(c, r)
        } else {
            weight(r, c)
        }
    });
    let (_, assignment) = kuhn_munkres(&matrix);
    for (r, c) in assignment.into_iter().enumerate() {
        let (g, p) = if transpose { (c, r) } else { (r, c) };
        if weight(g, p) > 0 {
            out[g] = Some(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_gold_than_predictions() {
        let gold = [Span::new(0, 10), Span::new(20, 30), Span::new(40, 50)];
        let pred = [Span::new(21, 30)];
        assert_eq!(align(&gold, &pred), vec![None, Some(0), None]);
    }

    #[test]
    fn optimal_not_greedy() {
        // Greedy on gold order would give pred 0 to gold 0 (ratio 0.5) and
        // leave gold 1 with nothing; optimal gives 1+0.5.
        let gold = [Span::new(0, 10), Span::new(5, 10)];
        let pred = [Span::new(5, 10), Span::new(0, 10)];
        assert_eq!(align(&gold, &pred), vec![Some(1), Some(0)]);
    }
}
