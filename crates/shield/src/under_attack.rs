//! Under-attack mode: when anonymous traffic floods the server, anonymous browsers must solve
//! a proof of work ([`crate::proof_of_work`]) before they reach the sign-in page.
//!
//! An administrator may switch it on or off by hand; by default it is automatic. In
//! automatic mode the web layer reports each *refusal* of anonymous traffic (a request over a
//! rate limit, a failed sign-in, a waiting-room ticket nobody came back with): honest
//! families and schools produce a few, floods and credential stuffing by the thousand. An
//! honest 9:00 surge fills the waiting room too, but its browsers come back with their
//! tickets, so it does not count; a botnet spread over many networks, under every rate
//! limit, draws tickets it never uses, and is then made to pay for each. When more than
//! `refusals_per_second` arrive on average over a window of `window_seconds`, the mode comes
//! on and stays on for `hold_seconds` after the last such window, so that it does not flap
//! while the attack pauses.
//!
//! Signed-in sessions never see the challenge: the web layer asks this only for requests
//! without one.

use cartable_core::Timestamp;
use std::sync::atomic::{AtomicI64, AtomicU8, Ordering};
use std::sync::{Mutex, PoisonError};

/// What the administrator chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttackSetting {
    /// Never ask for proof of work.
    Off,
    /// Always ask anonymous browsers for it.
    On,
    /// Ask while refusals of anonymous traffic show a flood.
    Auto,
}

impl AttackSetting {
    /// Its name in the API and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            AttackSetting::Off => "off",
            AttackSetting::On => "on",
            AttackSetting::Auto => "auto",
        }
    }

    /// The setting called `name`, if any.
    pub fn parse(name: &str) -> Option<AttackSetting> {
        match name {
            "off" => Some(AttackSetting::Off),
            "on" => Some(AttackSetting::On),
            "auto" => Some(AttackSetting::Auto),
            _ => None,
        }
    }

    fn code(self) -> u8 {
        match self {
            AttackSetting::Off => 0,
            AttackSetting::On => 1,
            AttackSetting::Auto => 2,
        }
    }

    fn from_code(code: u8) -> AttackSetting {
        match code {
            0 => AttackSetting::Off,
            1 => AttackSetting::On,
            _ => AttackSetting::Auto,
        }
    }
}

/// When the automatic mode switches on and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttackThresholds {
    /// Refusals of anonymous traffic per second, on average over a window, that mean a flood.
    pub refusals_per_second: u32,
    /// The window's length.
    pub window_seconds: i64,
    /// How long the mode stays on after the last window over the threshold.
    pub hold_seconds: i64,
}

impl Default for AttackThresholds {
    /// Twenty refusals a second for five seconds, held ten minutes.
    fn default() -> Self {
        AttackThresholds {
            refusals_per_second: 20,
            window_seconds: 5,
            hold_seconds: 600,
        }
    }
}

#[derive(Debug, Default)]
struct Window {
    started: i64,
    refusals: u64,
}

/// The mode of one server.
#[derive(Debug)]
pub struct UnderAttack {
    setting: AtomicU8,
    thresholds: AttackThresholds,
    /// In automatic mode: on until this instant (seconds since the epoch).
    active_until: AtomicI64,
    window: Mutex<Window>,
}

impl UnderAttack {
    /// A mode with `setting`, switching automatically at `thresholds`.
    pub fn new(setting: AttackSetting, thresholds: AttackThresholds) -> UnderAttack {
        UnderAttack {
            setting: AtomicU8::new(setting.code()),
            thresholds,
            active_until: AtomicI64::new(i64::MIN),
            window: Mutex::default(),
        }
    }

    /// What the administrator chose.
    pub fn setting(&self) -> AttackSetting {
        AttackSetting::from_code(self.setting.load(Ordering::Relaxed))
    }

    /// Changes the setting (the automatic state is kept, so switching back to automatic
    /// during an attack keeps the challenge on).
    pub fn set(&self, setting: AttackSetting) {
        self.setting.store(setting.code(), Ordering::Relaxed);
    }

    /// Whether anonymous browsers must solve a challenge at `now`.
    pub fn is_active(&self, now: Timestamp) -> bool {
        match self.setting() {
            AttackSetting::Off => false,
            AttackSetting::On => true,
            AttackSetting::Auto => now.0 < self.active_until.load(Ordering::Relaxed),
        }
    }

    /// Reports one refusal of anonymous traffic at `now`.
    pub fn record_refusal(&self, now: Timestamp) {
        self.record_refusals(now, 1);
    }

    /// Reports `count` refusals of anonymous traffic at `now`.
    pub fn record_refusals(&self, now: Timestamp, count: u64) {
        if count == 0 {
            return;
        }
        let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        if now.0 >= window.started + self.thresholds.window_seconds {
            *window = Window {
                started: now.0,
                refusals: 0,
            };
        }
        window.refusals += count;
        let flood = u64::from(self.thresholds.refusals_per_second)
            * u64::try_from(self.thresholds.window_seconds.max(1)).unwrap_or(1);
        if window.refusals > flood {
            self.active_until
                .fetch_max(now.0 + self.thresholds.hold_seconds, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_800_000_000);

    fn at(seconds: i64) -> Timestamp {
        Timestamp(NOW.0 + seconds)
    }

    #[test]
    fn a_flood_of_refusals_switches_it_on_for_the_hold_time() {
        let mode = UnderAttack::new(AttackSetting::Auto, AttackThresholds::default());
        assert!(!mode.is_active(NOW));
        // 100 refusals in a window of five seconds is exactly the threshold: not yet.
        for _ in 0..100 {
            mode.record_refusal(NOW);
        }
        assert!(!mode.is_active(NOW));
        mode.record_refusals(at(1), 0);
        assert!(!mode.is_active(at(1)));
        mode.record_refusal(at(1));
        assert!(mode.is_active(at(1)));
        assert!(mode.is_active(at(600)));
        assert!(!mode.is_active(at(601)));
    }

    #[test]
    fn a_trickle_of_refusals_never_does() {
        let mode = UnderAttack::new(AttackSetting::Auto, AttackThresholds::default());
        // Ten refusals a second for an hour: typos and a few impatient pupils.
        for second in 0..3600 {
            for _ in 0..10 {
                mode.record_refusal(at(second));
            }
        }
        assert!(!mode.is_active(at(3600)));
        // Counted in bulk, a flood is the same flood.
        mode.record_refusals(at(3601), 101);
        assert!(mode.is_active(at(3601)));
    }

    #[test]
    fn the_administrator_overrides_it_both_ways() {
        let mode = UnderAttack::new(AttackSetting::Off, AttackThresholds::default());
        for _ in 0..1000 {
            mode.record_refusal(NOW);
        }
        assert!(!mode.is_active(NOW));
        mode.set(AttackSetting::Auto);
        assert!(mode.is_active(NOW), "the flood seen while off still counts");
        mode.set(AttackSetting::On);
        assert!(mode.is_active(at(100_000)));
        assert_eq!(mode.setting(), AttackSetting::On);
        for setting in [AttackSetting::Off, AttackSetting::On, AttackSetting::Auto] {
            assert_eq!(AttackSetting::parse(setting.as_str()), Some(setting));
        }
        assert_eq!(AttackSetting::parse("maybe"), None);
    }
}
