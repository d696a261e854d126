//! Before the run, untimed: the sessions that returning users resume at 9:00.
//!
//! Most pupils stayed signed in yesterday; their 9:00 costs no password hashing. The harness
//! signs those accounts in beforehand (API, `stay_signed_in`), spread over a few seconds,
//! each from the address its user will use, retrying patiently when the server asks to wait.
//! An account that could not be prepared signs in during the run instead.
//!
//! The preparation is bounded: it first checks that the server answers at all (a server that
//! accepts connections and never answers would otherwise cost every sign-in its timeout, in
//! silence), says how far it got every few seconds, and stops after `--setup-seconds` plus
//! the sign-ins' patience whatever the server does.

use crate::accounts::Account;
use crate::browser::{Browser, Site};
use crate::classify::Kind;
use crate::clients::ClientPool;
use crate::cookies::{CookieJar, SHORT_LIVED};
use crate::exchange::{self, Request};
use crate::plan::{Entry, UserPlan};
use crate::recorder::Recorder;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Sign-ins in flight at once during the setup.
const CONCURRENCY: usize = 16;
/// How long a setup sign-in may be told to wait in total.
const PATIENCE: Duration = Duration::from_secs(120);
/// Retries of a setup sign-in shed or rate-limited.
const RETRIES: u32 = 20;
/// Asked before the setup to learn whether the server answers at all.
const PROBE_PATH: &str = "/healthz";
/// How often the setup says how far it got.
const PROGRESS_EVERY: Duration = Duration::from_secs(10);

/// How the preparation went.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SetupReport {
    /// Accounts to prepare (distinct accounts among resuming users).
    pub accounts: usize,
    /// Sessions prepared.
    pub prepared: usize,
    /// Accounts that could not be signed in (their users sign in during the run).
    pub failed: usize,
    /// How long the preparation took.
    pub seconds: f64,
    /// Answers to the setup's requests, by kind.
    pub by_kind: BTreeMap<&'static str, u64>,
}

/// The prepared sessions: each account's cookies.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Cookies by account index.
    pub jars: HashMap<usize, CookieJar>,
    /// How it went.
    pub report: SetupReport,
}

/// The request that signs `account` in for 30 days through the API.
pub fn sign_in_request(account: &Account) -> Request {
    Request::json(
        "/api/v1/session",
        serde_json::json!({
            "login": account.login,
            "password": account.password,
            "stay_signed_in": true,
        }),
    )
}

/// Whether the server at `base` answers a request at all (whatever the answer).
async fn server_answers(base: &str, pool: &ClientPool) -> bool {
    let Ok(client) = pool.own(IpAddr::V4(Ipv4Addr::LOCALHOST)) else {
        return false;
    };
    let answer = exchange::send(&client, base, &Request::get(PROBE_PATH), None, false).await;
    !matches!(answer.kind, Kind::Timeout | Kind::Connection)
}

/// Signs in the accounts of the resuming users of `plans`, spread over `spread`, and gives
/// up on those not signed in `spread` + the sign-ins' patience later; `label` names the run
/// in the progress lines.
pub async fn prepare(
    label: &str,
    base: &str,
    accounts: &[Account],
    plans: &[UserPlan],
    pool: &Arc<ClientPool>,
    spread: Duration,
) -> Prepared {
    let mut seen = HashSet::new();
    let first_use: Vec<&UserPlan> = plans
        .iter()
        .filter(|p| p.entry == Entry::Resume && seen.insert(p.account))
        .collect();
    let started = Instant::now();
    if !server_answers(base, pool).await {
        eprintln!(
            "[{label}] {base} does not answer {PROBE_PATH}: no session prepared, every user \
             signs in during the run"
        );
        return Prepared {
            jars: HashMap::new(),
            report: SetupReport {
                accounts: first_use.len(),
                failed: first_use.len(),
                seconds: started.elapsed().as_secs_f64(),
                ..SetupReport::default()
            },
        };
    }
    let deadline = started + spread + PATIENCE;
    let recorder = Arc::new(Recorder::new());
    let progress = tokio::spawn(progress(
        label.to_owned(),
        Arc::clone(&recorder),
        first_use.len(),
    ));
    let site = Site {
        base: base.to_owned(),
        recorder: Arc::clone(&recorder),
        patience: PATIENCE,
        max_retries: RETRIES,
    };
    let gate = Arc::new(Semaphore::new(CONCURRENCY));
    let step = spread.div_f64(first_use.len().max(1) as f64);
    let mut tasks = tokio::task::JoinSet::new();
    for (n, plan) in first_use.iter().enumerate() {
        let at = started + step * n as u32;
        if at >= deadline {
            break;
        }
        tokio::time::sleep_until(at.into()).await;
        let Some(account) = accounts.get(plan.account).cloned() else {
            continue;
        };
        let client = if plan.at_school {
            pool.get(plan.source)
        } else {
            pool.own(plan.source)
        };
        let Ok(client) = client else { continue };
        let Ok(Ok(permit)) =
            tokio::time::timeout_at(deadline.into(), Arc::clone(&gate).acquire_owned()).await
        else {
            break;
        };
        let site = site.clone();
        let index = plan.account;
        tasks.spawn(async move {
            let _permit = permit;
            let mut browser = Browser::new(site, client, CookieJar::default());
            let answered = browser
                .fetch(&sign_in_request(&account), false, false)
                .await
                .is_some();
            let mut jar = browser.jar;
            for name in SHORT_LIVED {
                jar.remove(name);
            }
            (index, (answered && jar.signed_in()).then_some(jar))
        });
    }
    let mut jars = HashMap::new();
    while let Ok(Some(done)) = tokio::time::timeout_at(deadline.into(), tasks.join_next()).await {
        if let Ok((index, Some(jar))) = done {
            jars.insert(index, jar);
        }
    }
    // Sign-ins still waiting at the deadline are abandoned.
    tasks.abort_all();
    progress.abort();
    let tallies = recorder.tallies();
    let report = SetupReport {
        accounts: first_use.len(),
        prepared: jars.len(),
        failed: first_use.len() - jars.len(),
        seconds: started.elapsed().as_secs_f64(),
        by_kind: Kind::ALL
            .iter()
            .filter(|kind| tallies.legit[kind.index()] > 0)
            .map(|kind| (kind.name(), tallies.legit[kind.index()]))
            .collect(),
    };
    Prepared { jars, report }
}

/// Says every few seconds how many of the `accounts` sign-ins got their answer.
async fn progress(label: String, recorder: Arc<Recorder>, accounts: usize) {
    let mut tick = tokio::time::interval(PROGRESS_EVERY);
    tick.tick().await;
    loop {
        tick.tick().await;
        eprintln!(
            "[{label}] setup, {} s: {} of {accounts} sign-ins answered",
            recorder.start().elapsed().as_secs(),
            recorder.tallies().requests.answered,
        );
    }
}
