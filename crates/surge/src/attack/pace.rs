//! The open-loop pacer of the request attacks: the `k`-th shot leaves `k / rate` seconds
//! after the start, whether or not earlier ones were answered.

use std::time::{Duration, Instant};

/// When shot `k` leaves, at `rate` per second from `start`.
pub fn due(start: Instant, rate: f64, k: u64) -> Instant {
    start + Duration::from_secs_f64(k as f64 / rate)
}

/// Calls `shoot(k)` for k = 0, 1, 2… at `rate` per second until `until`.
pub async fn every(rate: f64, until: Instant, mut shoot: impl FnMut(u64)) {
    if !(rate > 0.0 && rate.is_finite()) {
        return;
    }
    let start = Instant::now();
    let mut k = 0;
    loop {
        let at = due(start, rate, k);
        if at >= until {
            return;
        }
        if at > Instant::now() {
            tokio::time::sleep_until(at.into()).await;
        }
        shoot(k);
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shots_are_evenly_spaced() {
        let start = Instant::now();
        assert_eq!(due(start, 4.0, 0), start);
        assert_eq!(due(start, 4.0, 2), start + Duration::from_millis(500));
        assert_eq!(due(start, 4.0, 8), start + Duration::from_secs(2));
    }
}
