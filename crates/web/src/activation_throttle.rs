//! Growing delays after failed activations, so activation codes cannot be guessed in bulk.
//!
//! An activation code is a short secret that opens an account, and before this throttle one
//! client could try thousands a second. Every failed activation (unknown, used or expired code,
//! a login that does not go with the code, or a malformed login or code) now counts against
//! the client's address and against the login typed; past a few free failures each further
//! attempt must wait, twice as long each time. The per-address allowance is smaller than for
//! sign-ins (a class activates once, not every morning), and its memory is longer.
//!
//! It reuses the sign-in throttle's logic ([`SignInThrottle`]) but keeps its own table, so
//! failed activations never slow down sign-ins and the other way round. Each server state owns
//! one (no process-wide static), so tests running side by side do not throttle each other.

use cartable_core::{Login, Timestamp};
use cartable_shield::{RetryAfter, SignInThrottle, ThrottleConfig, ThrottleKey};
use std::net::IpAddr;

/// Keys the activation throttle tracks at most: the memory bound under a flood.
const CAPACITY: usize = 100_000;

/// Per client address: ten free failures (a class typing codes behind one school address makes
/// a few typos), then 2 s, 4 s, 8 s… up to a quarter of an hour, forgotten with a half-hour
/// half-life.
const PER_IP: ThrottleConfig = ThrottleConfig {
    free_failures: 10.0,
    base_delay_seconds: 2,
    max_delay_seconds: 900,
    half_life_seconds: 1800,
};

/// The keys one activation attempt counts against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivationKeys(Vec<ThrottleKey>);

impl ActivationKeys {
    /// The client's address, and the login when it parses: a malformed login counts only
    /// against the address, so junk text cannot fill the table with keys of its own.
    pub fn new(ip: IpAddr, login: Option<&Login>) -> ActivationKeys {
        let mut keys = vec![ThrottleKey::Ip(ip)];
        if let Some(login) = login {
            keys.push(ThrottleKey::Account(login.as_str().to_owned()));
        }
        ActivationKeys(keys)
    }
}

/// The throttle on failed activations, one per server state.
pub struct ActivationThrottle {
    inner: SignInThrottle,
}

impl Default for ActivationThrottle {
    fn default() -> Self {
        ActivationThrottle::new()
    }
}

impl ActivationThrottle {
    /// A throttle with Cartable's activation settings: per-account as for sign-ins, a
    /// stricter per-address allowance ([`PER_IP`]).
    pub fn new() -> ActivationThrottle {
        ActivationThrottle {
            inner: SignInThrottle::new(ThrottleConfig::per_account(), PER_IP, CAPACITY),
        }
    }

    /// Starts an activation attempt on `keys` at `now`: `Ok(())` if it may go ahead — and it
    /// is then counted as a failure at once, so parallel guesses cannot all slip through —
    /// otherwise how long to wait. Asked before anything else, so a throttled guesser costs
    /// no database lookup.
    pub fn begin(&self, keys: &ActivationKeys, now: Timestamp) -> Result<(), RetryAfter> {
        self.inner.begin(&keys.0, now)
    }

    /// After the login and code matched: the login's failures are forgotten and the address
    /// gets this attempt's count back; its earlier failures stay, since one good code does
    /// not excuse the other codes it has been guessing.
    pub fn succeeded(&self, keys: &ActivationKeys) {
        self.inner.record_success(&keys.0);
    }

    /// How many keys the table holds: a gauge for the metrics page.
    pub fn tracked_keys(&self) -> usize {
        self.inner.tracked_keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn login(text: &str) -> Login {
        Login::parse(text).unwrap()
    }

    #[test]
    fn one_address_guessing_many_logins_is_slowed_after_ten_failures() {
        let throttle = ActivationThrottle::new();
        let now = Timestamp(1_000_000);
        let ip = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7));
        for n in 0..10 {
            let keys = ActivationKeys::new(ip, Some(&login(&format!("pupil.{n}"))));
            assert_eq!(throttle.begin(&keys, now), Ok(()), "attempt {n}");
        }
        let keys = ActivationKeys::new(ip, Some(&login("pupil.10")));
        assert_eq!(throttle.begin(&keys, now), Ok(()));
        assert_eq!(
            throttle.begin(&ActivationKeys::new(ip, None), now),
            Err(RetryAfter { seconds: 2 })
        );
        let elsewhere = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 1));
        assert_eq!(
            throttle.begin(
                &ActivationKeys::new(elsewhere, Some(&login("pupil.0"))),
                now
            ),
            Ok(()),
            "another address and a login with one failure are not slowed"
        );
        assert_eq!(throttle.begin(&keys, now.plus_seconds(2)), Ok(()));
    }

    #[test]
    fn a_login_hammered_from_many_addresses_is_slowed_and_success_forgets_it() {
        let throttle = ActivationThrottle::new();
        let now = Timestamp(1_000_000);
        let lea = login("lea.martin");
        for n in 0..6 {
            let keys = ActivationKeys::new(IpAddr::V4(Ipv4Addr::new(10, 0, 0, n)), Some(&lea));
            assert_eq!(throttle.begin(&keys, now), Ok(()));
        }
        let fresh = ActivationKeys::new(IpAddr::V4(Ipv4Addr::new(10, 0, 1, 1)), Some(&lea));
        assert_eq!(throttle.begin(&fresh, now), Err(RetryAfter { seconds: 1 }));
        throttle.succeeded(&fresh);
        assert_eq!(
            throttle.tracked_keys(),
            6,
            "the addresses keep their counts"
        );
        assert_eq!(throttle.begin(&fresh, now), Ok(()));
    }
}
