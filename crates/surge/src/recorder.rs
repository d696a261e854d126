//! What happened, second by second: every task of a run tells the [`Recorder`] what it sent
//! and what came back, and the report is built from its [`Tallies`] at the end.
//!
//! Events are filed under the second of the run in which they happened (a request under the
//! second it was sent, an answer under the second it came back). One mutex guards everything:
//! a few thousand events per second cost it nothing next to the HTTP work.

use crate::attack::AttackKind;
use crate::browser::UserState;
use crate::classify::Kind;
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Counts per [`Kind`], indexed by [`Kind::index`].
pub type KindCounts = [u64; Kind::ALL.len()];

/// One second of the run.
#[derive(Debug, Clone, Default)]
pub struct Second {
    /// Users who arrived.
    pub arrivals: u64,
    /// Requests legitimate users sent (every attempt, retries included).
    pub legit_sent: u64,
    /// Legitimate answers by kind.
    pub legit: KindCounts,
    /// Latencies of the real answers legitimate users got, in milliseconds.
    pub latencies_ms: Vec<f64>,
    /// Requests the attackers sent.
    pub attack_sent: u64,
    /// Attack answers by kind.
    pub attack: KindCounts,
    /// Slowloris connections open at the end of the second.
    pub slowloris_held: u64,
}

/// How the legitimate users fared, user by user.
#[derive(Debug, Clone, Default)]
pub struct Users {
    /// Users who arrived.
    pub arrived: u64,
    /// Users whose whole morning was answered.
    pub completed: u64,
    /// Users who left because their patience ran out.
    pub gave_up: u64,
    /// Users stopped by a failure (error, timeout, lost session...).
    pub failed: u64,
    /// Users still busy when the run's drain time ended.
    pub unfinished: u64,
    /// Users who were refused at least once (anything but a real answer or a challenge).
    pub refused: u64,
    /// Refused users who saw the waiting room.
    pub refused_saw_waiting_room: u64,
    /// Time each user who saw the waiting room spent there, in seconds.
    pub waits_s: Vec<f64>,
}

/// The logical requests of legitimate users: a page asked for, whatever the number of
/// attempts (waiting room, retries, challenge) it took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Requests {
    /// Requests begun.
    pub started: u64,
    /// Requests that eventually got their real answer.
    pub answered: u64,
    /// Requests begun with a session.
    pub signed_in_started: u64,
    /// Requests with a session that eventually got their real answer.
    pub signed_in_answered: u64,
}

/// Proof-of-work challenges met by legitimate users.
#[derive(Debug, Clone, Default)]
pub struct Challenges {
    /// Challenges solved and passed (the pass cookie came back).
    pub passed: u64,
    /// Challenges that could not be read, or whose pass was refused.
    pub failed: u64,
    /// Time to solve each, in milliseconds.
    pub solve_ms: Vec<f64>,
}

/// The requests of one attack: sent, or due and not sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shots {
    /// Requests sent.
    pub sent: u64,
    /// Requests due that the harness could not send (too many unanswered, or no connection).
    pub dropped: u64,
}

/// The slowloris connections' fate.
#[derive(Debug, Clone, Default)]
pub struct Slowloris {
    /// Connections opened.
    pub opened: u64,
    /// Connections the server refused outright.
    pub connect_failures: u64,
    /// Lifetimes of the connections the server cut, in seconds.
    pub cut_after_s: Vec<f64>,
    /// Lifetimes of the connections still open when the attack stopped, in seconds.
    pub held_to_end_s: Vec<f64>,
}

/// Everything recorded in a run.
#[derive(Debug, Clone, Default)]
pub struct Tallies {
    /// Per second, from the start of the run.
    pub seconds: Vec<Second>,
    /// Legitimate answers by kind.
    pub legit: KindCounts,
    /// Attack answers by kind.
    pub attack: KindCounts,
    /// Each request-sending attack's requests, sent and dropped.
    pub shots: BTreeMap<AttackKind, Shots>,
    /// Every real answer's latency, in milliseconds.
    pub latencies_ms: Vec<f64>,
    /// The users.
    pub users: Users,
    /// The logical requests.
    pub requests: Requests,
    /// The challenges.
    pub challenges: Challenges,
    /// The slowloris connections.
    pub slowloris: Slowloris,
}

/// The shared ledger of a run.
#[derive(Debug)]
pub struct Recorder {
    start: Instant,
    tallies: Mutex<Tallies>,
}

impl Recorder {
    /// A ledger whose second 0 starts now.
    pub fn new() -> Self {
        Recorder {
            start: Instant::now(),
            tallies: Mutex::new(Tallies::default()),
        }
    }

    /// When the run started.
    pub fn start(&self) -> Instant {
        self.start
    }

    fn with<R>(&self, f: impl FnOnce(&mut Tallies, usize) -> R) -> R {
        let second = self.start.elapsed().as_secs() as usize;
        let mut tallies = self.tallies.lock().unwrap_or_else(PoisonError::into_inner);
        if tallies.seconds.len() <= second {
            tallies.seconds.resize(second + 1, Second::default());
        }
        f(&mut tallies, second)
    }

    /// A user arrived.
    pub fn arrival(&self) {
        self.with(|t, s| {
            t.seconds[s].arrivals += 1;
            t.users.arrived += 1;
        });
    }

    /// A legitimate user sent a request.
    pub fn legit_sent(&self) {
        self.with(|t, s| t.seconds[s].legit_sent += 1);
    }

    /// A legitimate request's answer came back after `latency`.
    pub fn legit_answer(&self, kind: Kind, latency: Duration) {
        self.with(|t, s| {
            t.seconds[s].legit[kind.index()] += 1;
            t.legit[kind.index()] += 1;
            if kind == Kind::Ok {
                let ms = latency.as_secs_f64() * 1000.0;
                t.seconds[s].latencies_ms.push(ms);
                t.latencies_ms.push(ms);
            }
        });
    }

    /// A legitimate user began asking for a page.
    pub fn request_started(&self, signed_in: bool) {
        self.with(|t, _| {
            t.requests.started += 1;
            if signed_in {
                t.requests.signed_in_started += 1;
            }
        });
    }

    /// A legitimate user's page request ended, answered for real or not.
    pub fn request_finished(&self, signed_in: bool, answered: bool) {
        self.with(|t, _| {
            if answered {
                t.requests.answered += 1;
                if signed_in {
                    t.requests.signed_in_answered += 1;
                }
            }
        });
    }

    /// A user's morning ended (`finished`) or was cut short by the end of the drain.
    pub fn user_done(&self, state: &UserState, finished: bool) {
        self.with(|t, _| {
            let users = &mut t.users;
            if !finished {
                users.unfinished += 1;
            } else if state.gave_up {
                users.gave_up += 1;
            } else if state.failed {
                users.failed += 1;
            } else {
                users.completed += 1;
            }
            if state.refused {
                users.refused += 1;
                if state.saw_waiting_room {
                    users.refused_saw_waiting_room += 1;
                }
            }
            if state.saw_waiting_room {
                users.waits_s.push(state.waited.as_secs_f64());
            }
        });
    }

    /// A challenge was solved in `solve_time`, and its pass was granted or not.
    pub fn challenge_solved(&self, solve_time: Duration, passed: bool) {
        self.with(|t, _| {
            t.challenges
                .solve_ms
                .push(solve_time.as_secs_f64() * 1000.0);
            if passed {
                t.challenges.passed += 1;
            } else {
                t.challenges.failed += 1;
            }
        });
    }

    /// A challenge could not be read.
    pub fn challenge_unreadable(&self) {
        self.with(|t, _| t.challenges.failed += 1);
    }

    /// `attack` sent `n` requests.
    pub fn attack_sent(&self, attack: AttackKind, n: u64) {
        self.with(|t, s| {
            t.seconds[s].attack_sent += n;
            t.shots.entry(attack).or_default().sent += n;
        });
    }

    /// An attack request's answer came back.
    pub fn attack_answer(&self, kind: Kind) {
        self.with(|t, s| {
            t.seconds[s].attack[kind.index()] += 1;
            t.attack[kind.index()] += 1;
        });
    }

    /// `attack` could not send `n` requests that were due.
    pub fn attack_dropped(&self, attack: AttackKind, n: u64) {
        if n > 0 {
            self.with(|t, _| t.shots.entry(attack).or_default().dropped += n);
        }
    }

    /// A slowloris connection was opened.
    pub fn slowloris_opened(&self) {
        self.with(|t, _| t.slowloris.opened += 1);
    }

    /// A slowloris connection was refused.
    pub fn slowloris_connect_failed(&self) {
        self.with(|t, _| t.slowloris.connect_failures += 1);
    }

    /// The server cut a slowloris connection after `lifetime`.
    pub fn slowloris_cut(&self, lifetime: Duration) {
        self.with(|t, _| t.slowloris.cut_after_s.push(lifetime.as_secs_f64()));
    }

    /// A slowloris connection was still open after `lifetime` when the attack stopped.
    pub fn slowloris_held_to_end(&self, lifetime: Duration) {
        self.with(|t, _| t.slowloris.held_to_end_s.push(lifetime.as_secs_f64()));
    }

    /// `held` slowloris connections are open now.
    pub fn slowloris_held(&self, held: u64) {
        self.with(|t, s| t.seconds[s].slowloris_held = held);
    }

    /// A copy of everything recorded so far.
    pub fn tallies(&self) -> Tallies {
        self.tallies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Default for Recorder {
    fn default() -> Self {
        Self::new()
    }
}
