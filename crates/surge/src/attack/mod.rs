//! The attackers that come on top of the surge, each in its own module:
//! - [`flood`]: anonymous bots hammering `/`, `/signin` and made-up paths, keeping their
//!   connections alive and solving no challenge;
//! - [`stuffing`]: credential stuffing, real logins with wrong passwords, through the API and
//!   the form;
//! - [`slowloris`]: connections that send a request line, then a header line now and then,
//!   and never finish, to tie up the server's connections.
//!
//! Attacks run from the start of the run to its end (not during the drain), open-loop: they
//! send at their rate whatever the server answers.

pub mod flood;
pub mod pace;
pub mod slowloris;
pub mod stuffing;

use crate::cli::{Scenario, Target};
use crate::clients::ClientPool;
use crate::cookies::CookieJar;
use crate::exchange::{self, Request};
use crate::recorder::Recorder;
use reqwest::Client;
use serde::Serialize;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

/// An attack to mix into the morning (`--attack`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum AttackKind {
    /// The anonymous flood.
    Anonymous,
    /// Credential stuffing.
    Stuffing,
    /// Slow connections that never finish their request.
    Slowloris,
}

/// What every attacker shares: the server, the ledger, the clients of the botnet, and the
/// bound on requests in flight that keeps the harness within its file limit.
#[derive(Debug, Clone)]
pub struct Arsenal {
    /// The base URL.
    pub base: String,
    /// Where attack traffic is recorded.
    pub recorder: Arc<Recorder>,
    /// One client per bot address.
    pub clients: Arc<ClientPool>,
    /// Permits for requests in flight.
    pub in_flight: Arc<Semaphore>,
    /// When the attacks stop.
    pub until: Instant,
    /// Distinct bot addresses per attack.
    pub ips: u32,
}

impl Arsenal {
    /// Sends one attack request from `client` (if the harness has room for it) in the
    /// background, recording what it sent and what came back.
    pub fn fire(&self, client: Client, request: Request) {
        let Ok(permit) = Arc::clone(&self.in_flight).try_acquire_owned() else {
            self.recorder.attack_dropped();
            return;
        };
        let arsenal = self.clone();
        tokio::spawn(async move {
            let _permit = permit;
            arsenal.send(&client, &request, None, false).await;
        });
    }

    /// Sends one attack request (with the bot's cookies, if it keeps any) and waits for its
    /// answer.
    pub async fn send(
        &self,
        client: &Client,
        request: &Request,
        jar: Option<&mut CookieJar>,
        keep_body: bool,
    ) -> exchange::Answer {
        self.recorder.attack_sent();
        let answer = exchange::send(client, &self.base, request, jar, keep_body).await;
        self.recorder.attack_answer(answer.kind);
        answer
    }
}

/// Starts the attacks of `scenario` against `target`; each task ends by `until`.
pub fn launch(
    scenario: &Scenario,
    target: &Target,
    recorder: &Arc<Recorder>,
    until: Instant,
) -> Vec<JoinHandle<()>> {
    let arsenal = Arsenal {
        base: target.base.clone(),
        recorder: Arc::clone(recorder),
        clients: Arc::new(ClientPool::new(scenario.timeout)),
        in_flight: Arc::new(Semaphore::new(scenario.attack_in_flight)),
        until,
        ips: scenario.attack_ips,
    };
    let mut tasks = Vec::new();
    if scenario.attacks_with(AttackKind::Anonymous) {
        tasks.push(tokio::spawn(flood::run(
            arsenal.clone(),
            scenario.flood_rate,
        )));
    }
    if scenario.attacks_with(AttackKind::Stuffing) {
        let logins = target.accounts.iter().map(|a| a.login.clone()).collect();
        tasks.push(tokio::spawn(stuffing::run(
            arsenal.clone(),
            scenario.stuffing_rate,
            logins,
            scenario.seed,
        )));
    }
    if scenario.slowloris > 0 {
        tasks.push(tokio::spawn(slowloris::run(
            arsenal,
            target.addr,
            target.host.clone(),
            scenario.slowloris,
            scenario.slowloris_interval,
        )));
    }
    tasks
}
