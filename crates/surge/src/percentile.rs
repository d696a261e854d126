//! Percentiles: the latency most users had (p50) and the one the unluckiest had (p99).
//!
//! The nearest-rank definition: the p-th percentile of n values is the ⌈p·n⌉-th smallest, a
//! value that really occurred (no interpolation between two requests).

use serde::Serialize;

/// The nearest-rank `q`-quantile (0 < q ≤ 1) of `sorted` (ascending); `None` when empty.
pub fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (q.clamp(0.0, 1.0) * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}

/// The usual summary of a distribution; `None` values when there was nothing to measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Percentiles {
    /// How many values.
    pub count: usize,
    /// The median.
    pub p50: Option<f64>,
    /// The 95th percentile.
    pub p95: Option<f64>,
    /// The 99th percentile.
    pub p99: Option<f64>,
    /// The largest value.
    pub max: Option<f64>,
}

impl Percentiles {
    /// Summarises `values` (sorted in place; NaNs sort last).
    pub fn of(values: &mut [f64]) -> Self {
        values.sort_by(f64::total_cmp);
        Percentiles {
            count: values.len(),
            p50: percentile(values, 0.50),
            p95: percentile(values, 0.95),
            p99: percentile(values, 0.99),
            max: values.last().copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.5), Some(50.0));
        assert_eq!(percentile(&values, 0.95), Some(95.0));
        assert_eq!(percentile(&values, 0.99), Some(99.0));
        assert_eq!(percentile(&values, 1.0), Some(100.0));
        assert_eq!(percentile(&values, 0.0), Some(1.0));
    }

    #[test]
    fn small_samples_take_a_real_value() {
        assert_eq!(percentile(&[7.0], 0.99), Some(7.0));
        assert_eq!(percentile(&[1.0, 2.0, 3.0], 0.5), Some(2.0));
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.0));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn summary_sorts_first() {
        let mut values = vec![5.0, 1.0, 4.0, 2.0, 3.0];
        let summary = Percentiles::of(&mut values);
        assert_eq!(summary.count, 5);
        assert_eq!(summary.p50, Some(3.0));
        assert_eq!(summary.p99, Some(5.0));
        assert_eq!(summary.max, Some(5.0));
        assert_eq!(Percentiles::of(&mut []).p50, None);
    }
}
