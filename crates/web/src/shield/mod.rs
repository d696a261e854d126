//! The shield in the request path: what decides, before any database work, whether a request
//! is served now, waits its turn, proves it is not a bot, or is refused.
//!
//! The order follows DESIGN's request path. [`gate::gate`] runs on every request:
//!
//! 1. **Classify** ([`gate::Caller`]): a static asset or an operations route passes; a
//!    request with a session cookie the server signed is *signed in* (teachers ahead); a
//!    sign-in attempt; anything else is anonymous. No database: the session cookie's
//!    signature and the in-memory session cache are enough.
//! 2. **Rate limits** per session, device, address and subnet ([`RateLimits`]): 429 with
//!    `Retry-After`.
//! 3. **Under attack** ([`UnderAttack`]): anonymous requests without a pass get the
//!    proof-of-work page ([`challenge`]).
//! 4. **Admission** ([`Admission`]): an adaptive concurrency limit; past it, the lowest class
//!    is shed first. Whoever cannot be admitted gets a ticket in a [`waiting`] room (the
//!    page for a browser, a 503 with `Retry-After` and the same facts as JSON for an API
//!    client): signed-in users in theirs, called first, newcomers in the other. While a
//!    queue forms, those let in hold a ticket that stands as called (for its hour), so a
//!    pupil half-way through her morning is not sent to the back of the queue; when the
//!    server turns her away for a moment, she is told she is at its head.
//!
//! Every answer the shield gives itself carries a `Cartable-Shield` header naming it, so
//! clients (and `cartable-surge`) tell them from the application's own answers.

pub mod challenge;
pub mod gate;
pub mod replies;
pub mod waiting;

use cartable_core::Timestamp;
use cartable_shield::admission::{Admission, AdmissionConfig, Class};
use cartable_shield::{
    AttackSetting, AttackThresholds, ConnectionCap, ConnectionCapConfig, RateLimitConfig,
    RateLimits, SpentChallenges, UnderAttack, WaitingRoom,
};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Challenges remembered as solved at most (each for its few minutes of validity).
const SPENT_CHALLENGES_CAPACITY: usize = 1_000_000;

/// The fewest signed-in browsers called at each call while some wait: the pace grows from
/// there by a quarter a call, to a thousand a second within five seconds.
const MIN_SIGNED_IN_CALLS: u64 = 4;
/// The most called at each call (ten thousand a second). Those called come back only when
/// their page reloads itself, up to half a minute later: a pace bound near what the server
/// serves would leave it idle while a long queue drains.
const MAX_SIGNED_IN_CALLS: u64 = 2_500;

/// Newcomers called at each call while signed-in users wait (four a second).
const NEWCOMERS_CALLED_WHILE_SIGNED_IN_WAIT: u64 = 1;

/// How the shield is set up.
#[derive(Debug, Clone)]
pub struct ShieldConfig {
    /// Rate limits and trusted school networks.
    pub rate_limits: RateLimitConfig,
    /// Connections per address and in all.
    pub connections: ConnectionCapConfig,
    /// The adaptive concurrency limit.
    pub admission: AdmissionConfig,
    /// Under-attack mode at start-up.
    pub attack: AttackSetting,
    /// When the automatic under-attack mode switches on.
    pub attack_thresholds: AttackThresholds,
    /// Leading zero bits a challenge asks for: 2^difficulty hashes on average.
    pub pow_difficulty: u8,
    /// How often the waiting rooms call the next browsers in ([`Shield::call_waiting`]).
    pub call_every: Duration,
}

impl ShieldConfig {
    /// Defaults for a machine with `cores` cores.
    pub fn for_cores(cores: usize) -> ShieldConfig {
        ShieldConfig {
            rate_limits: RateLimitConfig::default(),
            connections: ConnectionCapConfig::default(),
            admission: AdmissionConfig::for_cores(cores),
            attack: AttackSetting::Auto,
            attack_thresholds: AttackThresholds::default(),
            pow_difficulty: challenge::DEFAULT_DIFFICULTY,
            call_every: Duration::from_millis(250),
        }
    }
}

/// The shield's state, shared by every request.
#[derive(Debug)]
pub struct Shield {
    /// Per session, device, address and subnet.
    pub rate_limits: RateLimits,
    /// Connections held, per address.
    pub connections: ConnectionCap,
    /// The adaptive concurrency limit.
    pub admission: Admission,
    /// Browsers without a session waiting their turn (to sign in, or for a public page).
    pub newcomers: WaitingRoom,
    /// Signed-in browsers that came while the server was full, waiting their turn: called
    /// before any newcomer, since signed-in users go first.
    pub signed_in: WaitingRoom,
    /// Proof-of-work solutions already used.
    pub spent: SpentChallenges,
    /// Whether anonymous browsers must prove their work.
    pub attack: UnderAttack,
    /// Leading zero bits a challenge asks for.
    pub pow_difficulty: u8,
    /// How often [`Shield::call_waiting`] runs.
    pub call_every: Duration,
    /// Sign-ins answered since the last look: the pace at which the server drains newcomers
    /// (each signs in once), hence at which the waiting room is called.
    sign_ins_answered: AtomicU64,
    /// Signed-in requests turned away by the admission, as last counted by
    /// [`Shield::call_waiting`].
    signed_in_shed_seen: AtomicU64,
    /// Signed-in browsers called at each call (see [`Shield::call_signed_in`]).
    signed_in_pace: AtomicU64,
}

impl Shield {
    /// A shield as `config` says, its waiting rooms numbered from `room_id` (drawn at random
    /// at start-up, so a restarted server's tickets do not stand in the new queues).
    pub fn new(config: &ShieldConfig, room_id: u64) -> Shield {
        Shield {
            rate_limits: RateLimits::new(&config.rate_limits),
            connections: ConnectionCap::new(config.connections.clone()),
            admission: Admission::new(config.admission.clone()),
            newcomers: WaitingRoom::new(room_id),
            signed_in: WaitingRoom::new(room_id.wrapping_add(1)),
            spent: SpentChallenges::new(SPENT_CHALLENGES_CAPACITY),
            attack: UnderAttack::new(config.attack, config.attack_thresholds),
            pow_difficulty: config
                .pow_difficulty
                .min(cartable_shield::proof_of_work::MAX_DIFFICULTY),
            call_every: config.call_every,
            sign_ins_answered: AtomicU64::new(0),
            signed_in_shed_seen: AtomicU64::new(0),
            signed_in_pace: AtomicU64::new(MIN_SIGNED_IN_CALLS),
        }
    }

    /// Notes that a sign-in was answered.
    pub fn sign_in_answered(&self) {
        self.sign_ins_answered.fetch_add(1, Ordering::Relaxed);
    }

    /// Whether a queue is forming: someone waits in a room, or the requests in flight leave
    /// no room for sign-ins. Someone let in meanwhile is given a pass
    /// ([`WaitingRoom::pass`]), so the rest of their visit is not sent to the back of the
    /// queue.
    pub fn busy(&self) -> bool {
        self.newcomers.waiting() > 0
            || self.signed_in.waiting() > 0
            || self.admission.spare(Class::SignIn) == 0
    }

    /// Reports the newcomers' tickets abandoned beyond those that came back as refusals to
    /// the under-attack switch, and calls the next browsers waiting: signed-in browsers
    /// first, newcomers once none of those waits (one a call meanwhile). Called every
    /// [`Shield::call_every`].
    pub fn call_waiting(&self, now: Timestamp, hashing_spare: usize, hashing_idle: bool) {
        let judged = self.newcomers.judge(now);
        self.attack.record_refusals(now, judged.beyond_came_back());
        // Signed-in users who give up are no flood: their numbers are only passed.
        self.signed_in.judge(now);
        self.call_signed_in(now);
        let answered = self.sign_ins_answered.swap(0, Ordering::Relaxed);
        if self.signed_in.waiting() == 0 {
            self.call_newcomers(now, answered, hashing_spare, hashing_idle);
        } else {
            // Signed-in users first, but the way in never closes: a signed-in crowd (or
            // someone drawing numbers without keeping them) slows sign-ins to a trickle.
            let trickle = NEWCOMERS_CALLED_WHILE_SIGNED_IN_WAIT
                .min(self.newcomers.waiting())
                .min(self.admission.spare(Class::SignIn) as u64);
            self.newcomers.admit(trickle, now);
        }
    }

    /// Calls signed-in browsers at a pace found by trial: it grows by a quarter at each call
    /// while the server has room and turns few signed-in requests away, and halves when it
    /// turns away more than a quarter of a call's worth. Those called keep coming for the
    /// rest of their visit (their ticket stays called), so the free places of one moment
    /// say little of how many to call: a server whose pupils click every few seconds has
    /// room most of the time and is full only when too many are in. Calling too few leaves
    /// the server idle while the queue grows; too many, and those already in are told to
    /// wait a moment at the head of the queue, which the halving soon stops.
    fn call_signed_in(&self, now: Timestamp) {
        let shed =
            self.admission.shed_count(Class::SignedIn) + self.admission.shed_count(Class::Priority);
        let turned_away =
            shed.saturating_sub(self.signed_in_shed_seen.swap(shed, Ordering::Relaxed));
        let waiting = self.signed_in.waiting();
        let pace = self.signed_in_pace.load(Ordering::Relaxed);
        let pace = if waiting == 0 {
            MIN_SIGNED_IN_CALLS
        } else if turned_away > pace / 4 {
            (pace / 2).max(MIN_SIGNED_IN_CALLS)
        } else if self.admission.spare(Class::SignedIn) > 0 {
            (pace + pace / 4).min(MAX_SIGNED_IN_CALLS)
        } else {
            pace
        };
        self.signed_in_pace.store(pace, Ordering::Relaxed);
        if waiting > 0 {
            self.signed_in.admit(pace.min(waiting), now);
        }
    }

    /// Calls newcomers: as many as sign-ins were answered since the last call (`answered`,
    /// the pace at which the server drains newcomers), plus the hashing pool's free places
    /// (`hashing_spare`), within the concurrency limit's room for sign-ins. A called browser
    /// that finds no room when it comes back keeps the head of the queue (see the gate), so
    /// calling a few too many costs nobody their place.
    ///
    /// Browsers that gave up leave their numbers behind, and nobody comes back for them.
    /// When the hashing pool is idle (`hashing_idle`) while people wait, the numbers called
    /// went mostly to such ghosts: the room is then called four times over, so a queue of
    /// ghosts is passed in seconds, and any real crowd among them still finds its place at
    /// the head.
    fn call_newcomers(
        &self,
        now: Timestamp,
        answered: u64,
        hashing_spare: usize,
        hashing_idle: bool,
    ) {
        let waiting = self.newcomers.waiting();
        if waiting == 0 {
            return;
        }
        let room = self.admission.spare(Class::SignIn) as u64;
        let count = if hashing_idle {
            room.saturating_mul(4)
        } else {
            (answered + hashing_spare as u64).min(room)
        };
        self.newcomers.admit(count.min(waiting), now);
    }

    /// Publishes the shield's gauges.
    pub fn record_gauges(&self) {
        metrics::gauge!("cartable_admission_limit").set(self.admission.limit() as f64);
        metrics::gauge!("cartable_admission_in_flight").set(self.admission.in_flight() as f64);
        for (room, lane) in [
            (&self.signed_in, "signed_in"),
            (&self.newcomers, "newcomers"),
        ] {
            metrics::gauge!("cartable_waiting_room_size", "lane" => lane)
                .set(room.waiting() as f64);
            metrics::gauge!("cartable_waiting_room_wait_seconds", "lane" => lane)
                .set(room.expected_wait_seconds().unwrap_or(0) as f64);
        }
        metrics::gauge!("cartable_connections_open").set(f64::from(self.connections.open_count()));
        for class in Class::ALL {
            metrics::counter!("cartable_admission_admitted_total", "class" => class.as_str())
                .absolute(self.admission.admitted_count(class));
            metrics::counter!("cartable_admission_shed_total", "class" => class.as_str())
                .absolute(self.admission.shed_count(class));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartable_shield::admission::AdmissionConfig;
    use cartable_shield::{Ticket, Turn};

    const NOW: Timestamp = Timestamp(1_800_000_000);
    const HOME: &str = "192.0.2.0/24";

    /// A shield whose limit stays at ten (signed-in users nine, sign-ins seven).
    fn shield() -> Shield {
        let mut config = ShieldConfig::for_cores(1);
        config.admission = AdmissionConfig {
            min_limit: 10,
            max_limit: 10,
            initial_limit: 10,
            ..config.admission
        };
        Shield::new(&config, 7)
    }

    #[test]
    fn signed_in_users_are_called_before_newcomers_at_a_pace_that_backs_off_when_they_are_turned_away(
    ) {
        let shield = shield();
        let signed_in: Vec<Ticket> = (0..40).map(|_| shield.signed_in.enter(HOME, NOW)).collect();
        for _ in 0..10 {
            shield.newcomers.enter(HOME, NOW);
        }
        // Room and no refusals: the pace grows by a quarter (at least one) at each call;
        // newcomers trickle in, one a call.
        for _ in 0..3 {
            shield.call_waiting(NOW, 4, false);
        }
        assert_eq!(shield.signed_in.waiting(), 40 - (5 + 6 + 7));
        assert_eq!(shield.newcomers.waiting(), 10 - 3);
        // Full, and five signed-in requests turned away: the pace halves (to the least), and
        // no newcomer is called.
        let held: Vec<_> = (0..9)
            .map(|_| shield.admission.try_admit(Class::Priority).unwrap())
            .collect();
        for _ in 0..5 {
            assert!(shield.admission.try_admit(Class::SignedIn).is_err());
        }
        shield.call_waiting(NOW, 4, false);
        assert_eq!(shield.signed_in.waiting(), 40 - (18 + MIN_SIGNED_IN_CALLS));
        // Full without refusals: the pace holds.
        shield.call_waiting(NOW, 4, false);
        assert_eq!(
            shield.signed_in.waiting(),
            40 - (18 + 2 * MIN_SIGNED_IN_CALLS)
        );
        assert_eq!(shield.newcomers.waiting(), 10 - 3);
        assert!(shield.busy());
        drop(held);
        // Once no signed-in user waits, newcomers are called by the sign-ins' pace.
        while shield.signed_in.waiting() > 0 {
            shield.call_waiting(NOW, 4, false);
        }
        for ticket in &signed_in {
            assert_eq!(shield.signed_in.turn(ticket, HOME), Turn::Admitted);
        }
        while shield.newcomers.waiting() > 0 {
            shield.call_waiting(NOW, 4, false);
        }
        assert!(!shield.busy());
    }
}
