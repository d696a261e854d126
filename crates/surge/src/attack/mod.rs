//! The attackers that come on top of the surge, each in its own module:
//! - [`flood`]: anonymous bots hammering `/`, `/signin` and made-up paths, keeping their
//!   connections alive and solving no challenge, each connection a [`lane`] speaking raw
//!   HTTP/1.1 ([`wire`]);
//! - [`stuffing`]: credential stuffing, real logins with wrong passwords, through the API and
//!   the form;
//! - [`slowloris`]: connections that send a request line, then a header line now and then,
//!   and never finish, to tie up the server's connections.
//!
//! Attacks run from the start of the run to its end (not during the drain), open-loop: they
//! send at their rate whatever the server answers ([`pace`]). A request due that the harness
//! could not send (too many unanswered, or no connection) is counted as dropped, never
//! silently skipped.

pub mod flood;
pub mod lane;
pub mod pace;
pub mod slowloris;
pub mod stuffing;
pub mod wire;

use crate::cli::{Scenario, Target};
use crate::recorder::Recorder;
use serde::Serialize;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::{TcpSocket, TcpStream};
use tokio::task::JoinHandle;

/// An attack to mix into the morning (`--attack`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum AttackKind {
    /// The anonymous flood.
    Anonymous,
    /// Credential stuffing.
    Stuffing,
    /// Slow connections that never finish their request.
    Slowloris,
}

impl AttackKind {
    /// The attack's name, as `--attack` spells it.
    pub fn name(self) -> &'static str {
        match self {
            AttackKind::Anonymous => "anonymous",
            AttackKind::Stuffing => "stuffing",
            AttackKind::Slowloris => "slowloris",
        }
    }
}

/// What every attacker shares: the server, the ledger, when to stop, and how many addresses
/// to speak from.
#[derive(Debug, Clone)]
pub struct Arsenal {
    /// The base URL.
    pub base: String,
    /// The server's socket address (for the attacks that speak raw TCP).
    pub addr: SocketAddr,
    /// The `Host` header to send.
    pub host: String,
    /// How long an attack request waits for its answer.
    pub timeout: Duration,
    /// Where attack traffic is recorded.
    pub recorder: Arc<Recorder>,
    /// When the attacks stop.
    pub until: Instant,
    /// Distinct bot addresses per attack.
    pub ips: u32,
}

impl Arsenal {
    /// Opens a TCP connection to the server from `source` (a bot's own address), giving up
    /// after the request timeout.
    pub async fn connect_from(&self, source: IpAddr) -> std::io::Result<TcpStream> {
        let socket = TcpSocket::new_v4()?;
        socket.bind(SocketAddr::new(source, 0))?;
        socket.set_nodelay(true)?;
        tokio::time::timeout(self.timeout, socket.connect(self.addr))
            .await
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))?
    }
}

/// Starts the attacks of `scenario` against `target`; each task stops sending by `until` and
/// ends at most one request timeout later.
pub fn launch(
    scenario: &Scenario,
    target: &Target,
    recorder: &Arc<Recorder>,
    until: Instant,
) -> Vec<JoinHandle<()>> {
    let arsenal = Arsenal {
        base: target.base.clone(),
        addr: target.addr,
        host: target.host.clone(),
        timeout: scenario.timeout,
        recorder: Arc::clone(recorder),
        until,
        ips: scenario.attack_ips,
    };
    let mut tasks = Vec::new();
    if scenario.attacks_with(AttackKind::Anonymous) {
        tasks.push(tokio::spawn(flood::run(
            arsenal.clone(),
            scenario.flood_rate,
            scenario.attack_in_flight,
        )));
    }
    if scenario.attacks_with(AttackKind::Stuffing) {
        let logins = target.accounts.iter().map(|a| a.login.clone()).collect();
        tasks.push(tokio::spawn(stuffing::run(
            arsenal.clone(),
            scenario.stuffing_rate,
            scenario.attack_in_flight,
            logins,
            scenario.seed,
        )));
    }
    if scenario.slowloris > 0 {
        tasks.push(tokio::spawn(slowloris::run(
            arsenal,
            scenario.slowloris,
            scenario.slowloris_interval,
        )));
    }
    tasks
}
