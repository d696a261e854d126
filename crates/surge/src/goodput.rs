//! Goodput figures: how many real answers per second the users got at best, and how much of
//! that the server kept up once overloaded.
//!
//! The best single second is kept for continuity, but on a harness sharing one core with
//! other work one second is noisy: a lucky second makes a peak no one could hold. The fair
//! peak is the best mean over [`WINDOW`] consecutive seconds, and the overload is judged
//! against it twice: by its mean (did the server hold its pace?) and by its worst
//! [`WINDOW`]-second stretch (how low did it dip?).

use serde::Serialize;

/// Seconds in a rolling window.
pub const WINDOW: usize = 5;

/// Real answers per second.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goodput {
    /// Real answers in the whole run.
    pub total: u64,
    /// The best second.
    pub peak_per_s: u64,
    /// Mean over the last two thirds of the run (drain excluded).
    pub last_two_thirds_per_s: f64,
    /// That mean as a share of the best second.
    pub last_two_thirds_share_of_peak: Option<f64>,
    /// The best mean over 5 consecutive seconds: the peak the server really held.
    pub peak_5s_per_s: f64,
    /// The mean over the last two thirds as a share of the 5-second peak: near 1 when the
    /// server holds its pace.
    pub last_two_thirds_share_of_peak_5s: Option<f64>,
    /// The worst mean over 5 consecutive seconds of the last two thirds.
    pub last_two_thirds_worst_5s_per_s: Option<f64>,
    /// That worst stretch as a share of the 5-second peak: how low goodput dipped.
    pub last_two_thirds_worst_5s_share_of_peak_5s: Option<f64>,
}

/// The means of every [`WINDOW`] consecutive seconds of `per_second` (a single mean of them
/// all when there are fewer; nothing when there are none).
pub fn rolling_means(per_second: &[u64]) -> impl Iterator<Item = f64> + '_ {
    let width = WINDOW.min(per_second.len()).max(1);
    per_second
        .windows(width)
        .map(move |window| window.iter().sum::<u64>() as f64 / width as f64)
}

/// `part / whole`, or `None` when there is no whole.
fn share(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole)
}

/// The goodput figures of a run of `duration_s` seconds whose series (drain included) is
/// `per_second`; the overload is seconds `[duration/3, duration)`.
pub fn goodput(per_second: &[u64], duration_s: f64) -> Goodput {
    let peak = per_second.iter().copied().max().unwrap_or(0);
    let peak_5s = rolling_means(per_second).fold(0.0, f64::max);
    let from = (duration_s / 3.0).floor() as usize;
    let to = (duration_s.ceil() as usize).min(per_second.len());
    let overload = per_second.get(from..to).unwrap_or(&[]);
    let late = if overload.is_empty() {
        0.0
    } else {
        overload.iter().sum::<u64>() as f64 / overload.len() as f64
    };
    let worst_5s = rolling_means(overload).reduce(f64::min);
    Goodput {
        total: per_second.iter().sum(),
        peak_per_s: peak,
        last_two_thirds_per_s: late,
        last_two_thirds_share_of_peak: share(late, peak as f64),
        peak_5s_per_s: peak_5s,
        last_two_thirds_share_of_peak_5s: share(late, peak_5s),
        last_two_thirds_worst_5s_per_s: worst_5s,
        last_two_thirds_worst_5s_share_of_peak_5s: worst_5s.and_then(|w| share(w, peak_5s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn goodput_over_the_last_two_thirds() {
        // 9 seconds of run, 2 of drain: the overload is seconds 3..9.
        let per_second = [10, 50, 100, 80, 80, 80, 80, 80, 80, 5, 0];
        let g = goodput(&per_second, 9.0);
        assert_eq!(g.peak_per_s, 100);
        assert_eq!(g.total, 645);
        assert!((g.last_two_thirds_per_s - 80.0).abs() < 1e-9);
        assert_eq!(g.last_two_thirds_share_of_peak, Some(0.8));
    }

    #[test]
    fn a_lucky_second_does_not_make_the_peak() {
        // 15 seconds of run, 2 of drain; one lucky second (400), a dip at seconds 9–11.
        let per_second = [
            20, 60, 400, 100, 100, 100, 100, 100, 100, 40, 40, 40, 100, 100, 100, 5, 0,
        ];
        let g = goodput(&per_second, 15.0);
        assert_eq!(g.peak_per_s, 400);
        // Seconds 2..7: (400 + 4 × 100) / 5.
        assert!((g.peak_5s_per_s - 160.0).abs() < 1e-9);
        // Seconds 5..15: 820 / 10.
        assert!((g.last_two_thirds_per_s - 82.0).abs() < 1e-9);
        assert!(close(g.last_two_thirds_share_of_peak, 82.0 / 400.0));
        assert!(close(g.last_two_thirds_share_of_peak_5s, 82.0 / 160.0));
        // Seconds 7..12, 8..13 and 9..14 all average 64; the drain's 61 (12..17) is not
        // part of the overload.
        assert!(close(g.last_two_thirds_worst_5s_per_s, 64.0));
        assert!(close(g.last_two_thirds_worst_5s_share_of_peak_5s, 0.4));
    }

    #[test]
    fn short_runs_average_what_they_have() {
        let g = goodput(&[10, 30], 2.0);
        assert!((g.peak_5s_per_s - 20.0).abs() < 1e-9);
        assert!(close(g.last_two_thirds_worst_5s_per_s, 20.0));
        assert!(close(g.last_two_thirds_worst_5s_share_of_peak_5s, 1.0));
    }

    #[test]
    fn goodput_of_nothing() {
        let g = goodput(&[], 10.0);
        assert_eq!(g.peak_per_s, 0);
        assert_eq!(g.peak_5s_per_s, 0.0);
        assert_eq!(g.last_two_thirds_share_of_peak, None);
        assert_eq!(g.last_two_thirds_share_of_peak_5s, None);
        assert_eq!(g.last_two_thirds_worst_5s_per_s, None);
        assert_eq!(g.last_two_thirds_worst_5s_share_of_peak_5s, None);
    }
}
