//! Rate limits: how many requests one caller may make, as a sustained rate with a burst
//! (GCRA, through the `governor` crate).
//!
//! # Who is counted
//!
//! A request is counted against the most specific identity it proves, so that the limit
//! falls on the one who makes the requests and not on the people who share their network:
//!
//! - a **signed-in** request (valid session cookie) counts against its session only. Eight
//!   hundred pupils of one collège behind one NAT address are eight hundred sessions, each
//!   with its own allowance; no address limit applies to them.
//! - any other request (anonymous pages, sign-in attempts) counts against its **device**
//!   when it carries a valid device cookie (a browser that once signed in), **and** against
//!   its **address** and its **subnet** (/24, /56), so a bot that drops its cookies is still
//!   held by its address, and a botnet renting a block by the block.
//! - sign-in attempts also count against separate, lower per-address and per-subnet limits:
//!   each costs a password hash.
//!
//! Requests from [`TrustedNetworks`] (the schools' own addresses, declared by the operator)
//! get the trusted per-address ceilings and no subnet limit: a whole school signs in from
//! there at 9:00. Everyone else gets ceilings that a family or a small office never reaches,
//! and that one attacking machine reaches in seconds.
//!
//! # Memory
//!
//! Each limiter keeps one small state per key it saw. [`RateLimits::forget_idle`] (called
//! every few seconds by the server) drops the keys whose allowance is full again, so a flood
//! from a million addresses leaves nothing behind once it stops. Sessions and devices are
//! keyed by a 64-bit keyed hash of their token, so no secret is held here.

use crate::network::{Cidr, TrustedNetworks};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::str::FromStr;
use std::time::Duration;

/// A sustained rate and the burst allowed on top of it: `per_second/burst` in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests per second, sustained.
    pub per_second: NonZeroU32,
    /// Requests that may come at once after a quiet spell.
    pub burst: NonZeroU32,
}

/// Why a rate could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a rate in per_second/burst form with both above zero (e.g. 20/400): {0}")]
pub struct BadRate(String);

impl Rate {
    /// `per_second` requests a second with bursts of `burst`; zeros are raised to one.
    pub fn new(per_second: u32, burst: u32) -> Rate {
        Rate {
            per_second: NonZeroU32::new(per_second).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN),
        }
    }

    fn quota(self) -> Quota {
        Quota::per_second(self.per_second).allow_burst(self.burst)
    }
}

impl FromStr for Rate {
    type Err = BadRate;

    fn from_str(text: &str) -> Result<Rate, BadRate> {
        let bad = || BadRate(text.to_owned());
        let (per_second, burst) = text.trim().split_once('/').ok_or_else(bad)?;
        Ok(Rate {
            per_second: per_second.parse().map_err(|_| bad())?,
            burst: burst.parse().map_err(|_| bad())?,
        })
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.per_second, self.burst)
    }
}

/// Every limit, as the operator may set them (`--rate-limit name=per_second/burst`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitConfig {
    /// Requests of one signed-in session.
    pub session: Rate,
    /// Anonymous requests and sign-ins from one known device.
    pub device: Rate,
    /// Anonymous requests from one address.
    pub address: Rate,
    /// Anonymous requests from one subnet.
    pub subnet: Rate,
    /// Anonymous requests from one address of a trusted school network.
    pub trusted_address: Rate,
    /// Sign-in attempts from one address.
    pub signin_address: Rate,
    /// Sign-in attempts from one subnet.
    pub signin_subnet: Rate,
    /// Sign-in attempts from one address of a trusted school network.
    pub signin_trusted_address: Rate,
    /// The schools' networks.
    pub trusted: TrustedNetworks,
}

impl Default for RateLimitConfig {
    /// Ceilings sized for 9:00: a school of 800 behind one untrusted NAT address signs in
    /// within two minutes (two anonymous requests and one sign-in each: about 13 and 7 a
    /// second, in bursts) without meeting them; a pupil clicking fast never does either.
    fn default() -> Self {
        RateLimitConfig {
            session: Rate::new(20, 200),
            device: Rate::new(10, 100),
            address: Rate::new(30, 600),
            subnet: Rate::new(60, 1200),
            trusted_address: Rate::new(300, 6000),
            signin_address: Rate::new(10, 300),
            signin_subnet: Rate::new(20, 600),
            signin_trusted_address: Rate::new(100, 3000),
            trusted: TrustedNetworks::default(),
        }
    }
}

/// Why a setting could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadSetting {
    /// No such limit.
    #[error("no rate limit is called {0:?}; the limits are {names}", names = RateLimitConfig::NAMES.join(", "))]
    UnknownLimit(String),
    /// `name=rate` was not written so.
    #[error("a rate limit is set as name=per_second/burst (e.g. address=30/600): {0}")]
    Malformed(String),
    /// The rate itself was wrong.
    #[error(transparent)]
    Rate(#[from] BadRate),
}

impl RateLimitConfig {
    /// The names of the limits, as [`RateLimitConfig::set`] takes them.
    pub const NAMES: [&'static str; 8] = [
        "session",
        "device",
        "address",
        "subnet",
        "trusted-address",
        "signin-address",
        "signin-subnet",
        "signin-trusted-address",
    ];

    /// Applies one `name=per_second/burst` setting.
    pub fn set(&mut self, setting: &str) -> Result<(), BadSetting> {
        let (name, rate) = setting
            .split_once('=')
            .ok_or_else(|| BadSetting::Malformed(setting.to_owned()))?;
        let rate: Rate = rate.parse()?;
        let slot = match name.trim() {
            "session" => &mut self.session,
            "device" => &mut self.device,
            "address" => &mut self.address,
            "subnet" => &mut self.subnet,
            "trusted-address" => &mut self.trusted_address,
            "signin-address" => &mut self.signin_address,
            "signin-subnet" => &mut self.signin_subnet,
            "signin-trusted-address" => &mut self.signin_trusted_address,
            other => return Err(BadSetting::UnknownLimit(other.to_owned())),
        };
        *slot = rate;
        Ok(())
    }
}

/// What the web layer knows of a request's caller, cheaply (no database).
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    /// The session token, when it carries one the server signed.
    pub session: Option<&'a str>,
    /// The device id from a valid device cookie.
    pub device: Option<&'a str>,
    /// The TCP peer's address.
    pub address: IpAddr,
    /// Whether the request is a sign-in attempt.
    pub signs_in: bool,
}

/// A refusal: try again in this many seconds (at least one), for `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    /// Seconds until the request would be allowed.
    pub retry_after_seconds: u64,
    /// Which limit refused it, for the metrics.
    pub limit: &'static str,
}

type Keyed<K, C> = RateLimiter<K, DashMapStateStore<K>, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// One limit: its name, for metrics and refusals, and its per-key states.
struct Limiter<K: Hash + Eq + Clone, C: Clock> {
    name: &'static str,
    keyed: Keyed<K, C>,
}

impl<K: Hash + Eq + Clone, C: Clock + Clone> Limiter<K, C> {
    fn new(name: &'static str, rate: Rate, clock: &C) -> Self {
        Limiter {
            name,
            keyed: RateLimiter::dashmap_with_clock(rate.quota(), clock.clone()),
        }
    }

    fn check(&self, key: &K, clock: &C) -> Result<(), Limited> {
        self.keyed.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(clock.now());
            Limited {
                retry_after_seconds: whole_seconds(wait),
                limit: self.name,
            }
        })
    }

    fn forget_idle(&self) -> usize {
        self.keyed.retain_recent();
        self.keyed.shrink_to_fit();
        self.keyed.len()
    }
}

/// `wait` rounded up to whole seconds, at least one.
fn whole_seconds(wait: Duration) -> u64 {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    seconds.max(1)
}

/// The limits of one server. Shared behind an `Arc`; every check is a few atomic operations
/// on a concurrent map.
pub struct RateLimits<C: Clock = DefaultClock> {
    clock: C,
    hasher: RandomState,
    trusted: TrustedNetworks,
    session: Limiter<u64, C>,
    device: Limiter<u64, C>,
    address: Limiter<IpAddr, C>,
    trusted_address: Limiter<IpAddr, C>,
    subnet: Limiter<Cidr, C>,
    signin_address: Limiter<IpAddr, C>,
    signin_trusted_address: Limiter<IpAddr, C>,
    signin_subnet: Limiter<Cidr, C>,
}

impl fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimits")
            .field("trusted", &self.trusted)
            .finish_non_exhaustive()
    }
}

impl RateLimits {
    /// The limits of `config` on the system's monotonic clock.
    pub fn new(config: &RateLimitConfig) -> RateLimits {
        RateLimits::with_clock(config, DefaultClock::default())
    }
}

impl<C: Clock + Clone> RateLimits<C> {
    /// The limits of `config` on `clock` (tests move a fake one).
    pub fn with_clock(config: &RateLimitConfig, clock: C) -> RateLimits<C> {
        RateLimits {
            session: Limiter::new("session", config.session, &clock),
            device: Limiter::new("device", config.device, &clock),
            address: Limiter::new("address", config.address, &clock),
            trusted_address: Limiter::new("trusted-address", config.trusted_address, &clock),
            subnet: Limiter::new("subnet", config.subnet, &clock),
            signin_address: Limiter::new("signin-address", config.signin_address, &clock),
            signin_trusted_address: Limiter::new(
                "signin-trusted-address",
                config.signin_trusted_address,
                &clock,
            ),
            signin_subnet: Limiter::new("signin-subnet", config.signin_subnet, &clock),
            trusted: config.trusted.clone(),
            hasher: RandomState::new(),
            clock,
        }
    }

    /// Counts one request of `caller`, or refuses it with the time to wait.
    pub fn check(&self, caller: &Caller<'_>) -> Result<(), Limited> {
        if let Some(session) = caller.session {
            return self
                .session
                .check(&self.hasher.hash_one(session), &self.clock);
        }
        if let Some(device) = caller.device {
            self.device
                .check(&self.hasher.hash_one(device), &self.clock)?;
        }
        let address = caller.address;
        let trusted = self.trusted.contains(address);
        let subnet = Cidr::subnet_of(address);
        if trusted {
            self.trusted_address.check(&address, &self.clock)?;
        } else {
            self.address.check(&address, &self.clock)?;
            self.subnet.check(&subnet, &self.clock)?;
        }
        if caller.signs_in {
            if trusted {
                self.signin_trusted_address.check(&address, &self.clock)?;
            } else {
                self.signin_address.check(&address, &self.clock)?;
                self.signin_subnet.check(&subnet, &self.clock)?;
            }
        }
        Ok(())
    }

    /// Drops the keys whose allowance is full again; returns how many keys remain tracked.
    pub fn forget_idle(&self) -> usize {
        self.session.forget_idle()
            + self.device.forget_idle()
            + self.address.forget_idle()
            + self.trusted_address.forget_idle()
            + self.subnet.forget_idle()
            + self.signin_address.forget_idle()
            + self.signin_trusted_address.forget_idle()
            + self.signin_subnet.forget_idle()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn anonymous(address: &str) -> Caller<'static> {
        Caller {
            session: None,
            device: None,
            address: ip(address),
            signs_in: false,
        }
    }

    fn sign_in(address: &str) -> Caller<'static> {
        Caller {
            signs_in: true,
            ..anonymous(address)
        }
    }

    fn allowed(limits: &RateLimits<FakeRelativeClock>, caller: &Caller<'_>, times: u32) -> u32 {
        (0..times).filter(|_| limits.check(caller).is_ok()).count() as u32
    }

    fn school_config() -> RateLimitConfig {
        RateLimitConfig {
            trusted: TrustedNetworks::new(vec!["192.0.2.0/24".parse().unwrap()]),
            ..RateLimitConfig::default()
        }
    }

    #[test]
    fn one_address_gets_its_burst_then_a_429_with_the_wait() {
        let clock = FakeRelativeClock::default();
        let config = RateLimitConfig {
            address: Rate::new(2, 5),
            ..RateLimitConfig::default()
        };
        let limits = RateLimits::with_clock(&config, clock.clone());
        let attacker = anonymous("198.51.100.9");
        assert_eq!(allowed(&limits, &attacker, 20), 5);
        let refusal = limits.check(&attacker).unwrap_err();
        assert_eq!(refusal.limit, "address");
        assert_eq!(refusal.retry_after_seconds, 1);
        // Half a second later one more request is allowed (two a second).
        clock.advance(Duration::from_millis(500));
        assert_eq!(allowed(&limits, &attacker, 3), 1);
        // Another address is not affected.
        assert_eq!(allowed(&limits, &anonymous("203.0.113.1"), 5), 5);
    }

    #[test]
    fn retry_after_says_how_long_a_slow_limit_asks_to_wait() {
        let clock = FakeRelativeClock::default();
        let config = RateLimitConfig {
            signin_address: Rate::new(1, 1),
            ..RateLimitConfig::default()
        };
        let limits = RateLimits::with_clock(&config, clock.clone());
        assert!(limits.check(&sign_in("198.51.100.9")).is_ok());
        let refusal = limits.check(&sign_in("198.51.100.9")).unwrap_err();
        assert_eq!(refusal.limit, "signin-address");
        assert_eq!(refusal.retry_after_seconds, 1);
        clock.advance(Duration::from_secs(1));
        assert!(limits.check(&sign_in("198.51.100.9")).is_ok());
    }

    #[test]
    fn a_botnet_spread_over_one_subnet_is_held_by_the_subnet() {
        let clock = FakeRelativeClock::default();
        let limits = RateLimits::with_clock(&RateLimitConfig::default(), clock);
        let burst = RateLimitConfig::default().subnet.burst.get();
        // 254 machines of one /24, each far below its own address limit.
        let served: u32 = (1..=254)
            .map(|host| allowed(&limits, &anonymous(&format!("198.51.100.{host}")), 10))
            .sum();
        assert_eq!(served, burst);
    }

    /// 800 pupils of one school at 9:00, all from `nat`: within two minutes, in bursts of 100
    /// every 15 seconds, each loads the sign-in page and signs in. Returns the requests let
    /// through.
    fn nine_oclock(
        limits: &RateLimits<FakeRelativeClock>,
        clock: &FakeRelativeClock,
        nat: &str,
    ) -> u32 {
        let mut served = 0;
        for _ in 0..8 {
            for _ in 0..100 {
                served += allowed(limits, &anonymous(nat), 1);
                served += allowed(limits, &sign_in(nat), 1);
            }
            clock.advance(Duration::from_secs(15));
        }
        served
    }

    #[test]
    fn eight_hundred_pupils_behind_a_trusted_school_address_all_sign_in() {
        let clock = FakeRelativeClock::default();
        let limits = RateLimits::with_clock(&school_config(), clock.clone());
        assert_eq!(nine_oclock(&limits, &clock, "192.0.2.10"), 1600);
        // The same morning from an address outside the school's network: the attacker's
        // machine is held far below that.
        let attacker = sign_in("198.51.100.9");
        let served = allowed(&limits, &attacker, 1600);
        assert_eq!(
            served,
            RateLimitConfig::default().signin_address.burst.get()
        );
    }

    #[test]
    fn an_untrusted_school_nat_still_gets_its_pupils_in_at_nine() {
        let clock = FakeRelativeClock::default();
        let limits = RateLimits::with_clock(&RateLimitConfig::default(), clock.clone());
        assert_eq!(nine_oclock(&limits, &clock, "203.0.113.50"), 1600);
    }

    #[test]
    fn signed_in_sessions_are_counted_alone_whatever_their_address() {
        let clock = FakeRelativeClock::default();
        let config = RateLimitConfig {
            session: Rate::new(1, 3),
            address: Rate::new(1, 1),
            ..RateLimitConfig::default()
        };
        let limits = RateLimits::with_clock(&config, clock);
        // The address is exhausted by anonymous traffic…
        assert_eq!(allowed(&limits, &anonymous("203.0.113.50"), 5), 1);
        // …but each session behind it keeps its own allowance.
        for token in ["session-a", "session-b"] {
            let pupil = Caller {
                session: Some(token),
                ..anonymous("203.0.113.50")
            };
            assert_eq!(allowed(&limits, &pupil, 10), 3);
            assert_eq!(limits.check(&pupil).unwrap_err().limit, "session");
        }
    }

    #[test]
    fn a_known_device_is_counted_before_its_address() {
        let clock = FakeRelativeClock::default();
        let config = RateLimitConfig {
            device: Rate::new(1, 2),
            ..RateLimitConfig::default()
        };
        let limits = RateLimits::with_clock(&config, clock);
        let tablet = Caller {
            device: Some("device-1"),
            ..sign_in("203.0.113.50")
        };
        assert_eq!(allowed(&limits, &tablet, 5), 2);
        assert_eq!(limits.check(&tablet).unwrap_err().limit, "device");
        // The address itself still has room for others.
        assert!(limits.check(&sign_in("203.0.113.50")).is_ok());
    }

    #[test]
    fn idle_keys_are_forgotten() {
        let clock = FakeRelativeClock::default();
        let limits = RateLimits::with_clock(&RateLimitConfig::default(), clock.clone());
        for host in 1..=50 {
            let _ = limits.check(&anonymous(&format!("198.51.{host}.1")));
        }
        assert!(limits.forget_idle() >= 100);
        clock.advance(Duration::from_secs(3600));
        assert_eq!(limits.forget_idle(), 0);
    }

    #[test]
    fn settings_parse_by_name_and_refuse_what_they_do_not_know() {
        let mut config = RateLimitConfig::default();
        config.set("address=5/50").unwrap();
        assert_eq!(config.address, Rate::new(5, 50));
        config.set("signin-trusted-address=1000/9000").unwrap();
        assert_eq!(config.signin_trusted_address, Rate::new(1000, 9000));
        assert!(matches!(
            config.set("adress=5/50"),
            Err(BadSetting::UnknownLimit(name)) if name == "adress"
        ));
        assert!(matches!(
            config.set("address"),
            Err(BadSetting::Malformed(_))
        ));
        for rate in ["0/5", "5/0", "5", "-1/3", "a/b"] {
            assert!(matches!(
                config.set(&format!("address={rate}")),
                Err(BadSetting::Rate(_))
            ));
        }
        assert_eq!("20/400".parse::<Rate>().unwrap().to_string(), "20/400");
    }
}
