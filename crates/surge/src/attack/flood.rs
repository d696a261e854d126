//! The anonymous flood: bots from many addresses asking for `/`, `/signin` and made-up paths
//! as fast as `--flood-rate` says, on kept-alive connections. They keep no cookie and solve
//! no challenge: what a cheap botnet does.

use super::pace;
use super::Arsenal;
use crate::addresses::{self, Population};
use crate::exchange::Request;

/// The path of flood request `k`: the front page, the sign-in page, or a path that does not
/// exist (and may miss every cache).
pub fn path(k: u64) -> String {
    match k % 3 {
        0 => "/".to_owned(),
        1 => "/signin".to_owned(),
        _ => format!("/wp-login.php?n={k}"),
    }
}

/// Floods at `rate` requests per second until the arsenal's end.
pub async fn run(arsenal: Arsenal, rate: f64) {
    let until = arsenal.until;
    pace::every(rate, until, |k| {
        let source = addresses::nth(Population::Flood, (k % u64::from(arsenal.ips)) as u32);
        match arsenal.clients.get(source) {
            Ok(client) => arsenal.fire(client, Request::get(path(k))),
            Err(_) => arsenal.recorder.attack_dropped(),
        }
    })
    .await;
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
}
