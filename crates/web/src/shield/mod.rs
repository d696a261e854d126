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
//!    is shed first. A browser that cannot be admitted gets a ticket in the
//!    [`waiting`] room, an API client a 503 with `Retry-After`.
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

/// Challenges remembered as solved at most (each for its few minutes of validity).
const SPENT_CHALLENGES_CAPACITY: usize = 1_000_000;

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
    /// Browsers waiting their turn.
    pub room: WaitingRoom,
    /// Proof-of-work solutions already used.
    pub spent: SpentChallenges,
    /// Whether anonymous browsers must prove their work.
    pub attack: UnderAttack,
    /// Leading zero bits a challenge asks for.
    pub pow_difficulty: u8,
    /// Sign-ins answered since the last look: the pace at which the server drains newcomers
    /// (each signs in once), hence at which the waiting room is called.
    sign_ins_answered: AtomicU64,
}

impl Shield {
    /// A shield as `config` says, its waiting room numbered `room_id` (drawn at random at
    /// start-up, so a restarted server's tickets do not stand in the new queue).
    pub fn new(config: &ShieldConfig, room_id: u64) -> Shield {
        Shield {
            rate_limits: RateLimits::new(&config.rate_limits),
            connections: ConnectionCap::new(config.connections.clone()),
            admission: Admission::new(config.admission.clone()),
            room: WaitingRoom::new(room_id),
            spent: SpentChallenges::new(SPENT_CHALLENGES_CAPACITY),
            attack: UnderAttack::new(config.attack, config.attack_thresholds),
            pow_difficulty: config
                .pow_difficulty
                .min(cartable_shield::proof_of_work::MAX_DIFFICULTY),
            sign_ins_answered: AtomicU64::new(0),
        }
    }

    /// Notes that a sign-in was answered.
    pub fn sign_in_answered(&self) {
        self.sign_ins_answered.fetch_add(1, Ordering::Relaxed);
    }

    /// Reports the tickets abandoned beyond those that came back as refusals to the
    /// under-attack switch, and calls the next browsers waiting. Called four times a second.
    pub fn call_waiting(&self, now: Timestamp, hashing_spare: usize, hashing_idle: bool) {
        let judged = self.room.judge(now);
        self.attack.record_refusals(now, judged.beyond_came_back());
        self.call_newcomers(now, hashing_spare, hashing_idle);
    }

    /// Calls newcomers: as many as sign-ins were answered since the last call (the pace at
    /// which the server drains newcomers), plus the hashing pool's free places
    /// (`hashing_spare`), within the concurrency limit's room for sign-ins. A called browser
    /// that finds no room when it comes back keeps the head of the queue (see the gate), so
    /// calling a few too many costs nobody their place.
    ///
    /// Browsers that gave up leave their numbers behind, and nobody comes back for them.
    /// When the hashing pool is idle (`hashing_idle`) while people wait, the numbers called
    /// went mostly to such ghosts: the room is then called four times over, so a queue of
    /// ghosts is passed in seconds, and any real crowd among them still finds its place at
    /// the head.
    fn call_newcomers(&self, now: Timestamp, hashing_spare: usize, hashing_idle: bool) {
        let answered = self.sign_ins_answered.swap(0, Ordering::Relaxed);
        let waiting = self.room.waiting();
        if waiting == 0 {
            return;
        }
        let room = self.admission.spare(Class::SignIn) as u64;
        let count = if hashing_idle {
            room.saturating_mul(4)
        } else {
            (answered + hashing_spare as u64).min(room)
        };
        self.room.admit(count.min(waiting), now);
    }

    /// Publishes the shield's gauges.
    pub fn record_gauges(&self) {
        metrics::gauge!("cartable_admission_limit").set(self.admission.limit() as f64);
        metrics::gauge!("cartable_admission_in_flight").set(self.admission.in_flight() as f64);
        metrics::gauge!("cartable_waiting_room_size").set(self.room.waiting() as f64);
        metrics::gauge!("cartable_waiting_room_wait_seconds")
            .set(self.room.expected_wait_seconds().unwrap_or(0) as f64);
        metrics::gauge!("cartable_connections_open").set(f64::from(self.connections.open_count()));
        for class in Class::ALL {
            metrics::counter!("cartable_admission_admitted_total", "class" => class.as_str())
                .absolute(self.admission.admitted_count(class));
            metrics::counter!("cartable_admission_shed_total", "class" => class.as_str())
                .absolute(self.admission.shed_count(class));
        }
    }
}
