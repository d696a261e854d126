//! The report: what the users experienced, as numbers a reader (or a script comparing two
//! servers) can use. Built once from a run's [`Tallies`]; written as JSON, drawn as SVG.
//!
//! Words used throughout:
//! - *offered load*: requests legitimate users sent per second, retries included;
//! - *goodput*: legitimate requests per second that got their real answer (2xx/3xx, not from
//!   the shield);
//! - *success rate*: the share of the pages users asked for that they eventually got, after
//!   waiting rooms and retries.

use crate::attack::AttackKind;
use crate::classify::Kind;
use crate::cli::Scenario;
use crate::goodput::{self, Goodput};
use crate::percentile::Percentiles;
use crate::recorder::{KindCounts, Shots, Tallies};
use crate::schedule::Shape;
use crate::setup::SetupReport;
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole report: the scenario, and one run (or two, compared).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The tool that wrote it.
    pub tool: &'static str,
    /// What was played.
    pub scenario: ScenarioReport,
    /// Each server's run, in the order played.
    pub runs: Vec<RunReport>,
}

impl Report {
    /// The report of `runs` of `scenario`.
    pub fn new(scenario: &Scenario, runs: Vec<RunReport>) -> Self {
        Report {
            tool: "cartable-surge",
            scenario: ScenarioReport::new(scenario),
            runs,
        }
    }
}

/// The scenario's settings, to reproduce it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScenarioReport {
    /// The arrival shape.
    pub shape: Shape,
    /// Users per second (peak, steady, or first rate).
    pub rate: f64,
    /// The step's multiplier.
    pub step_factor: f64,
    /// Length of the run.
    pub duration_s: f64,
    /// The seed.
    pub seed: u64,
    /// Share of users resuming a session.
    pub resume_share: f64,
    /// Share of users behind a school NAT.
    pub school_share: f64,
    /// Think-time multiplier.
    pub think_scale: f64,
    /// Browsers' patience.
    pub patience_s: f64,
    /// Request timeout.
    pub timeout_s: f64,
    /// Attacks mixed in.
    pub attacks: Vec<AttackKind>,
    /// Flood rate (when flooding).
    pub flood_rate: f64,
    /// Stuffing rate (when stuffing).
    pub stuffing_rate: f64,
    /// Slowloris connections.
    pub slowloris: usize,
    /// Source addresses per attack.
    pub attack_ips: u32,
}

impl ScenarioReport {
    /// The settings of `s`.
    pub fn new(s: &Scenario) -> Self {
        ScenarioReport {
            shape: s.ramp.shape,
            rate: s.ramp.rate,
            step_factor: s.ramp.step_factor,
            duration_s: s.ramp.duration,
            seed: s.seed,
            resume_share: s.resume_share,
            school_share: s.school_share,
            think_scale: s.think_scale,
            patience_s: s.patience.as_secs_f64(),
            timeout_s: s.timeout.as_secs_f64(),
            attacks: s.attacks.clone(),
            flood_rate: s.flood_rate,
            stuffing_rate: s.stuffing_rate,
            slowloris: s.slowloris,
            attack_ips: s.attack_ips,
        }
    }
}

/// One server's run.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    /// "run", or "first"/"compare" in a comparison.
    pub label: String,
    /// The server.
    pub base: String,
    /// The untimed preparation of resumed sessions.
    pub setup: SetupReport,
    /// Seconds from the first arrival to the last user done (run plus drain).
    pub elapsed_s: f64,
    /// CPU seconds the harness itself used during the run (setup excluded): on a shared
    /// machine, that much was not available to the server.
    pub harness_cpu_s: Option<f64>,
    /// The totals.
    pub totals: Totals,
    /// Second by second, from the first arrival.
    pub series: Vec<SecondReport>,
}

/// A run's totals.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    /// How users fared.
    pub users: UsersReport,
    /// Every attempt of legitimate users.
    pub legit_requests: Traffic,
    /// Every attack request.
    pub attack_requests: AttackTraffic,
    /// Real answers per second.
    pub goodput: Goodput,
    /// Latency of the real answers, in milliseconds.
    pub latency_ms: Percentiles,
    /// The pages users asked for, and how many they eventually got.
    pub success: Success,
    /// Proof-of-work challenges legitimate users met.
    pub challenges: ChallengesReport,
    /// The slowloris connections.
    pub slowloris: SlowlorisReport,
}

/// How users fared, one by one.
#[derive(Debug, Clone, Serialize)]
pub struct UsersReport {
    /// Users who arrived.
    pub arrived: u64,
    /// Users whose whole morning was answered.
    pub completed: u64,
    /// Users who left out of patience.
    pub gave_up: u64,
    /// Users stopped by an error.
    pub failed: u64,
    /// Users still busy when the drain ended.
    pub unfinished: u64,
    /// Users refused at least once.
    pub refused: u64,
    /// Users who saw the waiting room.
    pub saw_waiting_room: u64,
    /// Of the refused users, the share who saw the waiting room (rather than only errors).
    pub refused_saw_waiting_room_share: Option<f64>,
    /// Time spent in the waiting room by those who saw it, in seconds.
    pub waiting_room_s: Percentiles,
}

/// Requests and their answers by kind.
#[derive(Debug, Clone, Serialize)]
pub struct Traffic {
    /// Requests sent.
    pub sent: u64,
    /// Answers by kind (every kind, zeros included).
    pub by_kind: BTreeMap<&'static str, u64>,
}

/// Attack requests and their answers.
#[derive(Debug, Clone, Serialize)]
pub struct AttackTraffic {
    /// Requests sent.
    pub sent: u64,
    /// Requests due that the harness could not send (too many unanswered, or no connection).
    pub dropped: u64,
    /// Answers by kind (every kind, zeros included).
    pub by_kind: BTreeMap<&'static str, u64>,
    /// The same per attack sending requests, with the rate it really offered.
    pub by_attack: BTreeMap<AttackKind, AttackRate>,
}

/// What one attack really sent: the scenario asks for a rate, the harness says what left.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AttackRate {
    /// Requests sent.
    pub sent: u64,
    /// Requests due and not sent.
    pub dropped: u64,
    /// Requests sent per second of the run (drain excluded): the rate really offered.
    pub sent_per_s: f64,
}

impl AttackRate {
    /// The rate of `shots` over a run of `duration_s` seconds.
    pub fn new(shots: Shots, duration_s: f64) -> Self {
        AttackRate {
            sent: shots.sent,
            dropped: shots.dropped,
            sent_per_s: if duration_s > 0.0 {
                shots.sent as f64 / duration_s
            } else {
                0.0
            },
        }
    }
}

/// The pages asked for and eventually answered.
#[derive(Debug, Clone, Serialize)]
pub struct Success {
    /// Pages (and sign-ins) asked for.
    pub requests: u64,
    /// Of those, answered for real.
    pub answered: u64,
    /// answered / requests.
    pub rate: Option<f64>,
    /// Pages asked for with a session.
    pub signed_in_requests: u64,
    /// Of those, answered for real.
    pub signed_in_answered: u64,
    /// signed_in_answered / signed_in_requests.
    pub signed_in_rate: Option<f64>,
}

/// Challenges met by legitimate users.
#[derive(Debug, Clone, Serialize)]
pub struct ChallengesReport {
    /// Solved and passed.
    pub passed: u64,
    /// Unreadable, or the pass refused.
    pub failed: u64,
    /// Time to solve, in milliseconds.
    pub solve_ms: Percentiles,
}

/// The slowloris connections.
#[derive(Debug, Clone, Serialize)]
pub struct SlowlorisReport {
    /// Connections asked for.
    pub target: usize,
    /// Connections opened (reconnections included).
    pub opened: u64,
    /// Connections refused.
    pub connect_failures: u64,
    /// Most connections held at once.
    pub peak_held: u64,
    /// How long the server let the connections it cut live, in seconds.
    pub cut_after_s: Percentiles,
    /// Connections still open when the attack stopped, and their age in seconds.
    pub held_to_end_s: Percentiles,
}

/// One second of the run.
#[derive(Debug, Clone, Serialize)]
pub struct SecondReport {
    /// Seconds from the first arrival.
    pub t: usize,
    /// Users arriving.
    pub arrivals: u64,
    /// Offered load: legitimate requests sent.
    pub legit_sent: u64,
    /// Goodput: legitimate real answers.
    pub goodput: u64,
    /// Latency of this second's real answers, in milliseconds.
    pub p50_ms: Option<f64>,
    /// 95th percentile.
    pub p95_ms: Option<f64>,
    /// 99th percentile.
    pub p99_ms: Option<f64>,
    /// Legitimate answers other than real ones, by kind (non-zero only).
    pub refused: BTreeMap<&'static str, u64>,
    /// Attack requests sent.
    pub attack_sent: u64,
    /// Attack answers by kind (non-zero only).
    pub attack: BTreeMap<&'static str, u64>,
    /// Slowloris connections held.
    pub slowloris_held: u64,
}

fn all_kinds(counts: &KindCounts) -> BTreeMap<&'static str, u64> {
    Kind::ALL
        .iter()
        .map(|kind| (kind.name(), counts[kind.index()]))
        .collect()
}

fn non_zero(counts: &KindCounts, skip_ok: bool) -> BTreeMap<&'static str, u64> {
    Kind::ALL
        .iter()
        .filter(|kind| counts[kind.index()] > 0 && !(skip_ok && **kind == Kind::Ok))
        .map(|kind| (kind.name(), counts[kind.index()]))
        .collect()
}

/// `part / whole`, or `None` when there is no whole.
pub fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl RunReport {
    /// The report of one run against `base`, of `duration_s` seconds (drain excluded) with
    /// `slowloris` slow connections wanted.
    pub fn new(
        label: &str,
        base: &str,
        duration_s: f64,
        slowloris: usize,
        setup: SetupReport,
        mut tallies: Tallies,
        elapsed_s: f64,
    ) -> Self {
        let ok = Kind::Ok.index();
        let series: Vec<SecondReport> = tallies
            .seconds
            .iter_mut()
            .enumerate()
            .map(|(t, second)| {
                let latency = Percentiles::of(&mut second.latencies_ms);
                SecondReport {
                    t,
                    arrivals: second.arrivals,
                    legit_sent: second.legit_sent,
                    goodput: second.legit[ok],
                    p50_ms: latency.p50,
                    p95_ms: latency.p95,
                    p99_ms: latency.p99,
                    refused: non_zero(&second.legit, true),
                    attack_sent: second.attack_sent,
                    attack: non_zero(&second.attack, false),
                    slowloris_held: second.slowloris_held,
                }
            })
            .collect();
        let per_second: Vec<u64> = series.iter().map(|s| s.goodput).collect();
        let users = &mut tallies.users;
        let requests = tallies.requests;
        let slow = &mut tallies.slowloris;
        let totals = Totals {
            users: UsersReport {
                arrived: users.arrived,
                completed: users.completed,
                gave_up: users.gave_up,
                failed: users.failed,
                unfinished: users.unfinished,
                refused: users.refused,
                saw_waiting_room: users.waits_s.len() as u64,
                refused_saw_waiting_room_share: ratio(
                    users.refused_saw_waiting_room,
                    users.refused,
                ),
                waiting_room_s: Percentiles::of(&mut users.waits_s),
            },
            legit_requests: Traffic {
                sent: tallies.seconds.iter().map(|s| s.legit_sent).sum(),
                by_kind: all_kinds(&tallies.legit),
            },
            attack_requests: AttackTraffic {
                sent: tallies.seconds.iter().map(|s| s.attack_sent).sum(),
                dropped: tallies.shots.values().map(|s| s.dropped).sum(),
                by_kind: all_kinds(&tallies.attack),
                by_attack: tallies
                    .shots
                    .iter()
                    .map(|(attack, shots)| (*attack, AttackRate::new(*shots, duration_s)))
                    .collect(),
            },
            goodput: goodput::goodput(&per_second, duration_s),
            latency_ms: Percentiles::of(&mut tallies.latencies_ms),
            success: Success {
                requests: requests.started,
                answered: requests.answered,
                rate: ratio(requests.answered, requests.started),
                signed_in_requests: requests.signed_in_started,
                signed_in_answered: requests.signed_in_answered,
                signed_in_rate: ratio(requests.signed_in_answered, requests.signed_in_started),
            },
            challenges: ChallengesReport {
                passed: tallies.challenges.passed,
                failed: tallies.challenges.failed,
                solve_ms: Percentiles::of(&mut tallies.challenges.solve_ms),
            },
            slowloris: SlowlorisReport {
                target: slowloris,
                opened: slow.opened,
                connect_failures: slow.connect_failures,
                peak_held: series.iter().map(|s| s.slowloris_held).max().unwrap_or(0),
                cut_after_s: Percentiles::of(&mut slow.cut_after_s),
                held_to_end_s: Percentiles::of(&mut slow.held_to_end_s),
            },
        };
        RunReport {
            label: label.to_owned(),
            base: base.to_owned(),
            setup,
            elapsed_s,
            harness_cpu_s: None,
            totals,
            series,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios() {
        assert_eq!(ratio(1, 4), Some(0.25));
        assert_eq!(ratio(0, 0), None);
    }
}
