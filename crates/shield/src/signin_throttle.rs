//! Sign-in throttling: growing delays after failed sign-ins, never a lockout.
//!
//! Every failed sign-in adds one to a score kept per [`ThrottleKey`]. The score halves every
//! `half_life_seconds` since the last failure, so an honest pupil's typos are forgotten within
//! the hour. While the score stays above `free_failures`, the next attempt on that key waits
//! `base_delay_seconds × 2^⌊score − free_failures − 1⌋` seconds after the last failure,
//! capped at `max_delay_seconds`: a password guesser gets a handful of tries a minute instead
//! of thousands, while nobody is ever locked out for good.
//!
//! # Why delays and device keys rather than a lockout
//!
//! Locking an account after N failures hands its owner's day to anyone who knows the login —
//! and pupils' logins (`first.last`) are easy to guess. Following OWASP's "device cookie"
//! defence against lockout abuse, the web layer gives each browser that once signed in
//! successfully to an account a signed device cookie naming that account. It then throttles:
//!
//! - a **known device** (valid device cookie for this login) on
//!   `[AccountOnDevice(login, device), Ip(addr)]`,
//! - any other attempt on `[Account(login), Ip(addr)]`.
//!
//! An attacker hammering `lea.martin` from elsewhere only raises the plain `Account` score, so
//! Léa signing in from her usual tablet is not delayed at all; someone who stole that device
//! cookie is still throttled by its own `AccountOnDevice` score. Failures on `Ip` slow one
//! address guessing many accounts; its allowance is large because a whole school may sign in
//! from behind one NAT address, and IPv6 addresses count by their /64 network, the block one
//! subscriber usually holds.
//!
//! # Memory
//!
//! The table holds at most `max_entries` keys. When a new key arrives and the table is full,
//! entries whose delay has fully elapsed are dropped first (they restrict nothing right now),
//! then, if every entry still imposes a delay, the oldest eighth by last failure.

use cartable_core::Timestamp;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// How fast one kind of key is slowed down. Account keys and IP keys use different ones,
/// because one IP address can be a whole school behind a NAT.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThrottleConfig {
    /// Failures (after decay) allowed before any delay.
    pub free_failures: f64,
    /// Delay after the first failure past the free ones; it doubles with each further failure.
    pub base_delay_seconds: i64,
    /// The longest delay ever asked for: a slow guesser always gets a try eventually.
    pub max_delay_seconds: i64,
    /// Time for the failure score to halve when no new failure comes.
    pub half_life_seconds: i64,
}

impl ThrottleConfig {
    /// For one account (or one account on one device): five free typos, then 1 s, 2 s, 4 s…
    /// up to five minutes, forgotten with a 15-minute half-life.
    pub fn per_account() -> Self {
        ThrottleConfig {
            free_failures: 5.0,
            base_delay_seconds: 1,
            max_delay_seconds: 300,
            half_life_seconds: 900,
        }
    }

    /// For one IP address or IPv6 /64: fifty free failures, since a whole school can sign in
    /// from behind one NAT address on a Monday morning, then delays up to ten minutes.
    pub fn per_ip() -> Self {
        ThrottleConfig {
            free_failures: 50.0,
            base_delay_seconds: 1,
            max_delay_seconds: 600,
            half_life_seconds: 900,
        }
    }

    /// The score `entry` has decayed to at `now`.
    fn score_at(&self, entry: &Entry, now: Timestamp) -> f64 {
        // Seconds to f64 is exact for any realistic gap (below 2^53 s).
        let elapsed = now.seconds_since(entry.last_failure).max(0) as f64;
        let half_life = self.half_life_seconds.max(1) as f64;
        entry.score * (-elapsed / half_life).exp2()
    }

    /// Seconds to wait after a failure that left the key with `score`.
    fn delay_for(&self, score: f64) -> i64 {
        let excess = score - self.free_failures;
        if excess.is_nan() || excess <= 0.0 {
            return 0;
        }
        // Bounded to [0, 62] first, so the shift below cannot overflow.
        let doublings = (excess - 1.0).floor().clamp(0.0, 62.0) as u32;
        self.base_delay_seconds
            .max(0)
            .saturating_mul(1_i64 << doublings)
            .min(self.max_delay_seconds.max(0))
    }

    /// The first instant `entry` allows another attempt.
    fn allowed_from(&self, entry: &Entry) -> Timestamp {
        entry.last_failure.plus_seconds(self.delay_for(entry.score))
    }
}

/// What a sign-in attempt is counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ThrottleKey {
    /// The login tried, from a browser that has not signed in to it before. Logins are
    /// compared trimmed and lowercased, as [`cartable_core::Login`] does, so changing the case
    /// does not reset the count.
    Account(String),
    /// The login tried, from a device that once signed in to it successfully: `(login, device
    /// id)`, the id coming from a signed device cookie. Uses the per-account settings but its
    /// own count, so failures on the plain [`ThrottleKey::Account`] key do not delay it.
    AccountOnDevice(String, String),
    /// The client's address; IPv6 addresses count by their /64 network.
    Ip(IpAddr),
}

/// The answer when an attempt must wait: how long, for the `Retry-After` header and the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter {
    /// Whole seconds until an attempt is allowed again (at least 1).
    pub seconds: i64,
}

impl std::fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "too many failed sign-ins; try again in {} s",
            self.seconds
        )
    }
}

impl std::error::Error for RetryAfter {}

/// A key as stored: logins normalised, IP addresses reduced to their network.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Slot {
    Account(String),
    Device(String, String),
    Ip(IpAddr),
}

impl Slot {
    fn of(key: &ThrottleKey) -> Slot {
        match key {
            ThrottleKey::Account(login) => Slot::Account(normalise_login(login)),
            ThrottleKey::AccountOnDevice(login, device) => {
                Slot::Device(normalise_login(login), device.clone())
            }
            ThrottleKey::Ip(addr) => Slot::Ip(network_of(*addr)),
        }
    }

    fn is_account(&self) -> bool {
        matches!(self, Slot::Account(_) | Slot::Device(..))
    }
}

fn normalise_login(login: &str) -> String {
    login.trim().to_lowercase()
}

/// IPv4 addresses as they are (IPv4-mapped IPv6 included); IPv6 reduced to its /64.
fn network_of(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V4(_) => addr,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
        },
    }
}

/// One key's failures: the score as of its last failure, and when that was.
#[derive(Debug, Clone, Copy)]
struct Entry {
    score: f64,
    last_failure: Timestamp,
}

/// The sign-in throttle shared by every request: a bounded in-memory table behind a mutex, so
/// it is `Send + Sync` and used through `&self`. State is per server process; a restart
/// forgets it, which only ever makes sign-in easier, never impossible.
pub struct SignInThrottle {
    account: ThrottleConfig,
    ip: ThrottleConfig,
    max_entries: usize,
    entries: Mutex<HashMap<Slot, Entry>>,
}

impl std::fmt::Debug for SignInThrottle {
    // Lists no logins or addresses: only the settings and how full the table is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInThrottle")
            .field("account", &self.account)
            .field("ip", &self.ip)
            .field("max_entries", &self.max_entries)
            .field("tracked_keys", &self.tracked_keys())
            .finish()
    }
}

impl SignInThrottle {
    /// A throttle using `account` for account and device keys, `ip` for addresses, and
    /// holding at most `max_entries` keys (at least one).
    pub fn new(account: ThrottleConfig, ip: ThrottleConfig, max_entries: usize) -> Self {
        SignInThrottle {
            account,
            ip,
            max_entries: max_entries.max(1),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// `Ok(())` if an attempt on all of `keys` may be made at `now`, otherwise how long the
    /// most restrictive key still asks to wait.
    pub fn check(&self, keys: &[ThrottleKey], now: Timestamp) -> Result<(), RetryAfter> {
        self.wait(&self.lock(), keys, now)
    }

    /// Starts an attempt: like [`SignInThrottle::check`], and if the attempt may go ahead it
    /// is counted as a failure at once, under the same lock. Attempts sent in parallel thus
    /// cannot all slip through before the first of them fails: a burst gets the free
    /// failures and no more. A successful attempt gives its count back with
    /// [`SignInThrottle::record_success`]; a failed one needs nothing more.
    pub fn begin(&self, keys: &[ThrottleKey], now: Timestamp) -> Result<(), RetryAfter> {
        let mut entries = self.lock();
        self.wait(&entries, keys, now)?;
        self.count_failure(&mut entries, keys, now);
        Ok(())
    }

    /// Counts a failed sign-in at `now` against each of `keys` (a key listed twice counts once).
    pub fn record_failure(&self, keys: &[ThrottleKey], now: Timestamp) {
        self.count_failure(&mut self.lock(), keys, now);
    }

    /// After a successful sign-in: forgets the failures of the account keys among `keys`, and
    /// gives back the one failure [`SignInThrottle::begin`] counted on the other keys. The IP
    /// key keeps its earlier count: one good password from an address does not excuse the
    /// other accounts it has been guessing.
    pub fn record_success(&self, keys: &[ThrottleKey]) {
        let mut entries = self.lock();
        for slot in keys.iter().map(Slot::of) {
            if slot.is_account() {
                entries.remove(&slot);
            } else {
                Self::uncount(&mut entries, &slot);
            }
        }
    }

    /// Gives back the count [`SignInThrottle::begin`] took on every key, for an attempt that
    /// never reached the password check (the server was too busy): not the client's failure.
    pub fn give_back(&self, keys: &[ThrottleKey]) {
        let mut entries = self.lock();
        for slot in keys.iter().map(Slot::of) {
            Self::uncount(&mut entries, &slot);
        }
    }

    fn uncount(entries: &mut HashMap<Slot, Entry>, slot: &Slot) {
        if let Some(entry) = entries.get_mut(slot) {
            entry.score -= 1.0;
            if entry.score <= 0.0 {
                entries.remove(slot);
            }
        }
    }

    fn wait(
        &self,
        entries: &HashMap<Slot, Entry>,
        keys: &[ThrottleKey],
        now: Timestamp,
    ) -> Result<(), RetryAfter> {
        let wait = keys
            .iter()
            .filter_map(|key| {
                let slot = Slot::of(key);
                let entry = entries.get(&slot)?;
                Some(
                    self.config_for(&slot)
                        .allowed_from(entry)
                        .seconds_since(now),
                )
            })
            .max()
            .unwrap_or(0);
        if wait > 0 {
            Err(RetryAfter { seconds: wait })
        } else {
            Ok(())
        }
    }

    fn count_failure(
        &self,
        entries: &mut HashMap<Slot, Entry>,
        keys: &[ThrottleKey],
        now: Timestamp,
    ) {
        let mut seen: Vec<Slot> = Vec::with_capacity(keys.len());
        for key in keys {
            let slot = Slot::of(key);
            if seen.contains(&slot) {
                continue;
            }
            seen.push(slot.clone());
            let config = self.config_for(&slot);
            if !entries.contains_key(&slot) {
                self.make_room(entries, now);
            }
            let entry = entries.entry(slot).or_insert(Entry {
                score: 0.0,
                last_failure: now,
            });
            entry.score = config.score_at(entry, now) + 1.0;
            // Requests finishing out of order must not move the deadline backwards.
            entry.last_failure = entry.last_failure.max(now);
        }
    }

    /// How many keys the table holds now: a gauge for the metrics page, and the memory bound.
    pub fn tracked_keys(&self) -> usize {
        self.lock().len()
    }

    fn config_for(&self, slot: &Slot) -> &ThrottleConfig {
        if slot.is_account() {
            &self.account
        } else {
            &self.ip
        }
    }

    /// The table only counts failures, so it stays consistent even if a thread panicked
    /// while holding the lock: keep using it rather than failing every sign-in.
    fn lock(&self) -> MutexGuard<'_, HashMap<Slot, Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes space for one new key if the table is full.
    fn make_room(&self, entries: &mut HashMap<Slot, Entry>, now: Timestamp) {
        if entries.len() < self.max_entries {
            return;
        }
        entries.retain(|slot, entry| self.config_for(slot).allowed_from(entry) > now);
        if entries.len() < self.max_entries {
            return;
        }
        // Every key still imposes a delay: drop the oldest eighth at once, so a flood of new
        // keys pays for this sort once per many insertions, not on each one.
        let keep = self.max_entries - (self.max_entries / 8).max(1);
        let drop = entries.len() - keep;
        let mut by_age: Vec<(Timestamp, Slot)> = entries
            .iter()
            .map(|(slot, entry)| (entry.last_failure, slot.clone()))
            .collect();
        by_age.select_nth_unstable_by_key(drop - 1, |(last_failure, _)| *last_failure);
        for (_, slot) in by_age.into_iter().take(drop) {
            entries.remove(&slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    const T0: Timestamp = Timestamp(1_700_000_000);

    fn throttle() -> SignInThrottle {
        SignInThrottle::new(
            ThrottleConfig::per_account(),
            ThrottleConfig::per_ip(),
            10_000,
        )
    }

    fn account(login: &str) -> ThrottleKey {
        ThrottleKey::Account(login.to_owned())
    }

    fn ip(last: u8) -> ThrottleKey {
        ThrottleKey::Ip(IpAddr::V4(Ipv4Addr::new(203, 0, 113, last)))
    }

    fn fail(throttle: &SignInThrottle, keys: &[ThrottleKey], times: usize, now: Timestamp) {
        for _ in 0..times {
            throttle.record_failure(keys, now);
        }
    }

    fn wait(throttle: &SignInThrottle, keys: &[ThrottleKey], now: Timestamp) -> i64 {
        throttle.check(keys, now).err().map_or(0, |r| r.seconds)
    }

    #[test]
    fn the_throttle_is_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SignInThrottle>();
    }

    #[test]
    fn free_failures_pass_without_delay() {
        let throttle = throttle();
        let keys = [account("lea.martin"), ip(1)];
        assert_eq!(throttle.check(&keys, T0), Ok(()));
        fail(&throttle, &keys, 5, T0);
        assert_eq!(throttle.check(&keys, T0), Ok(()));
        fail(&throttle, &keys, 1, T0);
        assert_eq!(throttle.check(&keys, T0), Err(RetryAfter { seconds: 1 }));
        assert_eq!(throttle.check(&keys, T0.plus_seconds(1)), Ok(()));
    }

    #[test]
    fn delay_doubles_with_each_failure_then_caps() {
        let throttle = throttle();
        let keys = [account("lea.martin")];
        fail(&throttle, &keys, 5, T0);
        let mut delays = Vec::new();
        for _ in 0..12 {
            fail(&throttle, &keys, 1, T0);
            delays.push(wait(&throttle, &keys, T0));
        }
        assert_eq!(delays, [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
        fail(&throttle, &keys, 100, T0);
        assert_eq!(wait(&throttle, &keys, T0), 300);
        assert_eq!(wait(&throttle, &keys, T0.plus_seconds(100)), 200);
        assert_eq!(throttle.check(&keys, T0.plus_seconds(300)), Ok(()));
    }

    #[test]
    fn a_guesser_waiting_out_every_delay_is_slowed_to_minutes() {
        let throttle = throttle();
        let keys = [account("lea.martin")];
        let mut now = T0;
        for _ in 0..60 {
            now = now.plus_seconds(wait(&throttle, &keys, now));
            assert_eq!(throttle.check(&keys, now), Ok(()));
            throttle.record_failure(&keys, now);
        }
        let delay = wait(&throttle, &keys, now);
        assert!((60..=300).contains(&delay), "delay {delay}");
        // Sixty guesses took over an hour instead of a few seconds.
        assert!(now.seconds_since(T0) > 3600, "{} s", now.seconds_since(T0));
    }

    #[test]
    fn the_score_decays_back_to_free_failures() {
        let throttle = throttle();
        let keys = [account("lea.martin")];
        fail(&throttle, &keys, 20, T0);
        assert_eq!(wait(&throttle, &keys, T0), 300);

        // One half-life later the score of 20 has halved to 10; one more failure makes 11.
        let later = T0.plus_seconds(900);
        assert_eq!(throttle.check(&keys, later), Ok(()));
        fail(&throttle, &keys, 1, later);
        assert_eq!(wait(&throttle, &keys, later), 32);

        // Ten half-lives on, what is left is a fraction of one failure.
        let much_later = later.plus_seconds(9000);
        assert_eq!(throttle.check(&keys, much_later), Ok(()));
        fail(&throttle, &keys, 4, much_later);
        assert_eq!(throttle.check(&keys, much_later), Ok(()));
    }

    #[test]
    fn success_clears_the_account_but_not_the_ip() {
        let strict_ip = ThrottleConfig {
            free_failures: 2.0,
            ..ThrottleConfig::per_ip()
        };
        let throttle = SignInThrottle::new(ThrottleConfig::per_account(), strict_ip, 100);
        let keys = [account("lea.martin"), ip(7)];
        fail(&throttle, &keys, 10, T0);
        assert_eq!(wait(&throttle, &[account("lea.martin")], T0), 16);
        assert_eq!(wait(&throttle, &[ip(7)], T0), 128);

        throttle.record_success(&keys);
        assert_eq!(throttle.check(&[account("lea.martin")], T0), Ok(()));
        // The success gives back one count (the one `begin` would have taken): 9 are left.
        assert_eq!(wait(&throttle, &[ip(7)], T0), 64);
        assert_eq!(wait(&throttle, &keys, T0), 64);
    }

    #[test]
    fn a_known_device_is_not_delayed_by_failures_on_the_plain_account() {
        let throttle = throttle();
        let attacker = [account("lea.martin"), ip(66)];
        fail(&throttle, &attacker, 30, T0);
        assert_eq!(wait(&throttle, &attacker, T0), 300);

        let tablet = ThrottleKey::AccountOnDevice("lea.martin".into(), "tablet-1".into());
        assert_eq!(throttle.check(&[tablet.clone(), ip(1)], T0), Ok(()));
        // Without the device cookie, the same pupil at school waits like the attacker.
        assert_eq!(wait(&throttle, &[account("lea.martin"), ip(1)], T0), 300);

        // Guessing with a stolen device cookie is throttled on that device's own count.
        fail(&throttle, &[tablet.clone(), ip(1)], 6, T0);
        assert_eq!(wait(&throttle, &[tablet, ip(1)], T0), 1);
        let phone = ThrottleKey::AccountOnDevice("lea.martin".into(), "phone-2".into());
        assert_eq!(throttle.check(&[phone, ip(1)], T0), Ok(()));
    }

    #[test]
    fn changing_the_case_of_a_login_does_not_reset_its_count() {
        let throttle = throttle();
        fail(&throttle, &[account("Lea.Martin ")], 3, T0);
        fail(&throttle, &[account("LEA.MARTIN")], 3, T0);
        assert_eq!(wait(&throttle, &[account("lea.martin")], T0), 1);
    }

    #[test]
    fn per_ip_allows_a_whole_school_behind_one_nat() {
        let throttle = throttle();
        let school_nat = ip(10);
        for pupil in 0..50 {
            let keys = [account(&format!("pupil.{pupil}")), school_nat.clone()];
            assert_eq!(throttle.check(&keys, T0), Ok(()));
            throttle.record_failure(&keys, T0);
        }
        assert_eq!(
            throttle.check(std::slice::from_ref(&school_nat), T0),
            Ok(())
        );
        throttle.record_failure(&[account("pupil.50"), school_nat.clone()], T0);
        assert_eq!(wait(&throttle, &[school_nat], T0), 1);
        assert_eq!(throttle.check(&[ip(11)], T0), Ok(()));
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_network() {
        let throttle = throttle();
        let v6 = |s: &str| ThrottleKey::Ip(IpAddr::V6(s.parse::<Ipv6Addr>().unwrap()));
        fail(&throttle, &[v6("2001:db8:1:2::1")], 51, T0);
        assert_eq!(wait(&throttle, &[v6("2001:db8:1:2:ffff::9")], T0), 1);
        assert_eq!(throttle.check(&[v6("2001:db8:1:3::1")], T0), Ok(()));

        fail(&throttle, &[v6("::ffff:198.51.100.4")], 51, T0);
        let plain = ThrottleKey::Ip(IpAddr::V4(Ipv4Addr::new(198, 51, 100, 4)));
        assert_eq!(wait(&throttle, &[plain], T0), 1);
    }

    #[test]
    fn the_longest_wait_among_the_keys_is_reported() {
        let throttle = throttle();
        fail(&throttle, &[account("a.b")], 8, T0);
        fail(&throttle, &[account("c.d")], 10, T0);
        assert_eq!(wait(&throttle, &[account("a.b"), account("c.d")], T0), 16);
    }

    #[test]
    fn memory_stays_bounded_and_active_delays_are_kept_first() {
        let throttle =
            SignInThrottle::new(ThrottleConfig::per_account(), ThrottleConfig::per_ip(), 16);
        let attacked: Vec<ThrottleKey> = (0..4).map(|i| account(&format!("target.{i}"))).collect();
        for key in &attacked {
            fail(&throttle, std::slice::from_ref(key), 20, T0);
        }
        // A flood of addresses with one failure each: none imposes a delay, so they go first.
        for n in 0..1000u32 {
            let addr = IpAddr::V4(Ipv4Addr::from(0x0A00_0000 + n));
            throttle.record_failure(&[ThrottleKey::Ip(addr)], T0.plus_seconds(1));
            assert!(throttle.tracked_keys() <= 16);
        }
        for key in &attacked {
            assert_eq!(
                wait(&throttle, std::slice::from_ref(key), T0.plus_seconds(1)),
                299
            );
        }
    }

    #[test]
    fn when_every_key_is_delayed_the_oldest_go() {
        let throttle =
            SignInThrottle::new(ThrottleConfig::per_account(), ThrottleConfig::per_ip(), 8);
        for n in 0..100 {
            let key = [account(&format!("pupil.{n}"))];
            fail(&throttle, &key, 10, T0.plus_seconds(n));
            assert!(throttle.tracked_keys() <= 8);
        }
        let newest = T0.plus_seconds(99);
        assert_eq!(wait(&throttle, &[account("pupil.99")], newest), 16);
        assert_eq!(throttle.check(&[account("pupil.0")], newest), Ok(()));
    }

    #[test]
    fn a_parallel_burst_gets_the_free_failures_and_no_more() {
        let t = throttle();
        let keys = [
            ThrottleKey::Account("lea.martin".into()),
            ThrottleKey::Ip(Ipv4Addr::new(192, 0, 2, 1).into()),
        ];
        // Sixty attempts started at the same instant, none finished yet.
        let started = (0..60).filter(|_| t.begin(&keys, T0).is_ok()).count();
        assert_eq!(
            started, 6,
            "five free failures and the one that reaches the first delay"
        );
    }

    #[test]
    fn a_success_gives_back_its_provisional_count() {
        let t = throttle();
        let ip = ThrottleKey::Ip(Ipv4Addr::new(192, 0, 2, 2).into());
        for n in 0..200 {
            let keys = [ThrottleKey::Account(format!("pupil{n}")), ip.clone()];
            assert!(
                t.begin(&keys, T0).is_ok(),
                "sign-in {n} of a school behind one address"
            );
            t.record_success(&keys);
        }
        assert_eq!(t.tracked_keys(), 0, "successes leave nothing behind");
    }

    #[test]
    fn an_attempt_refused_for_load_gives_its_count_back() {
        let t = throttle();
        let keys = [ThrottleKey::Account("lea.martin".into())];
        t.record_failure(&keys, T0);
        assert!(t.begin(&keys, T0).is_ok());
        t.give_back(&keys);
        for _ in 0..4 {
            assert!(
                t.begin(&keys, T0).is_ok(),
                "the earlier failure is kept, the refused one is not"
            );
        }
        assert!(t.begin(&keys, T0).is_ok());
        assert!(t.begin(&keys, T0).is_err());
    }
}
