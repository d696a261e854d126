//! The anonymous flood: bots from many addresses asking for `/`, `/signin` and made-up paths
//! as fast as `--flood-rate` says, on kept-alive connections. They keep no cookie and solve
//! no challenge: what a cheap botnet does.
//!
//! The shots are dealt in turn to a fixed set of [`Lane`]s, one connection each, so that one
//! core can offer tens of thousands of requests a second beside the users.

use super::lane::Lane;
use super::wire;
use super::Arsenal;
use std::borrow::Cow;
use std::time::Instant;

/// The path of flood request `k`: the front page, the sign-in page, or a path that does not
/// exist (and may miss every cache).
pub fn path(k: u64) -> Cow<'static, str> {
    match k % 3 {
        0 => Cow::Borrowed("/"),
        1 => Cow::Borrowed("/signin"),
        _ => Cow::Owned(format!("/wp-login.php?n={k}")),
    }
}

/// How many lanes (connections) for `ips` bot addresses and at most `connections` sockets:
/// one per address while the bound allows.
pub fn lanes(ips: u32, connections: usize) -> u64 {
    (ips as usize).min(connections).max(1) as u64
}

/// Floods at `rate` requests per second until the arsenal's end, on at most `connections`
/// connections; returns when the last lane has had its answers.
pub async fn run(arsenal: Arsenal, rate: f64, connections: usize) {
    if !(rate > 0.0 && rate.is_finite()) {
        return;
    }
    let lanes = lanes(arsenal.ips, connections);
    let get = wire::Get::new(&arsenal.host);
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for index in 0..lanes {
        let lane = Lane {
            index,
            lanes,
            rate,
            get: get.clone(),
            arsenal: arsenal.clone(),
        };
        tasks.spawn(lane.run(start));
    }
    while tasks.join_next().await.is_some() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixes_real_and_bogus_paths() {
        assert_eq!(path(0), "/");
        assert_eq!(path(1), "/signin");
        assert!(path(2).starts_with("/wp-login.php"));
        assert_ne!(path(2), path(5));
    }

    #[test]
    fn one_lane_per_address_within_the_bound() {
        assert_eq!(lanes(1000, 2000), 1000);
        assert_eq!(lanes(1000, 300), 300);
        assert_eq!(lanes(0, 2000), 1);
    }
}
