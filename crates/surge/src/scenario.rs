//! One run against one server, from plan to report: plan the users from the seed, prepare
//! the resumed sessions (untimed), then let users arrive on schedule while the attacks play,
//! give late users the drain time to finish, and build the report.
//!
//! Every wait is bounded, whatever the server does: a run lasts its duration, the drain, and
//! at most one request timeout more (the setup before it has its own bound).

use crate::attack;
use crate::browser::{Browser, Site};
use crate::cli::{Scenario, Target};
use crate::clients::ClientPool;
use crate::cookies::CookieJar;
use crate::cpu;
use crate::journey;
use crate::plan::{self, Entry, Mix};
use crate::recorder::Recorder;
use crate::report::RunReport;
use crate::setup;
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

/// Salt of the plan's random choices (the arrival times use the seed itself).
const PLAN_SALT: u64 = 0x9_00;
/// How often a progress line is printed.
const PROGRESS_EVERY: Duration = Duration::from_secs(10);

/// Plays `scenario` against `target`; `label` names the run in the report.
pub async fn run(scenario: &Scenario, target: &Target, label: &str) -> anyhow::Result<RunReport> {
    let arrivals = scenario
        .ramp
        .arrivals(&mut StdRng::seed_from_u64(scenario.seed));
    let mix = Mix {
        resume_share: scenario.resume_share,
        school_share: scenario.school_share,
        think_scale: scenario.think_scale,
    };
    let mut plans = plan::plan(
        &arrivals,
        &target.accounts,
        mix,
        &mut StdRng::seed_from_u64(scenario.seed ^ PLAN_SALT),
    );
    let pool = Arc::new(ClientPool::new(scenario.timeout));
    eprintln!(
        "[{label}] {}: {} users planned over {} s; preparing resumed sessions…",
        target.base,
        plans.len(),
        scenario.ramp.duration
    );
    let prepared = setup::prepare(
        label,
        &target.base,
        &target.accounts,
        &plans,
        &pool,
        scenario.setup,
    )
    .await;
    eprintln!(
        "[{label}] {} of {} sessions prepared in {:.1} s; the run starts",
        prepared.report.prepared, prepared.report.accounts, prepared.report.seconds
    );
    for plan in &mut plans {
        if plan.entry == Entry::Resume && !prepared.jars.contains_key(&plan.account) {
            plan.entry = Entry::SignInApi;
        }
    }

    let cpu_before = cpu::used_seconds();
    let recorder = Arc::new(Recorder::new());
    let start = recorder.start();
    let end = start + Duration::from_secs_f64(scenario.ramp.duration);
    let hard_end = end + scenario.drain;
    let site = Site {
        base: target.base.clone(),
        recorder: Arc::clone(&recorder),
        patience: scenario.patience,
        max_retries: scenario.max_retries,
    };
    let attacks = attack::launch(scenario, target, &recorder, end);
    let progress = tokio::spawn(progress(label.to_owned(), Arc::clone(&recorder), end));
    let mut users = tokio::task::JoinSet::new();
    for plan in plans {
        tokio::time::sleep_until((start + Duration::from_secs_f64(plan.arrival)).into()).await;
        recorder.arrival();
        let jar = match plan.entry {
            Entry::Resume => prepared.jars.get(&plan.account).cloned(),
            Entry::SignInApi | Entry::SignInForm => None,
        }
        .unwrap_or_default();
        let account = target
            .accounts
            .get(plan.account)
            .cloned()
            .unwrap_or_else(|| target.accounts[0].clone());
        users.spawn(user(
            site.clone(),
            Arc::clone(&pool),
            plan,
            account,
            jar,
            hard_end,
        ));
    }
    while users.join_next().await.is_some() {}
    // The attacks stopped sending at `end` and wait a request timeout or two for their last
    // answers; whatever still runs one timeout after the drain is abandoned.
    join_by(attacks, hard_end + scenario.timeout).await;
    progress.abort();
    let elapsed = start.elapsed().as_secs_f64();
    let mut report = RunReport::new(
        label,
        &target.base,
        scenario.ramp.duration,
        scenario.slowloris,
        prepared.report,
        recorder.tallies(),
        elapsed,
    );
    report.harness_cpu_s = cpu::used_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    Ok(report)
}

/// Waits for `tasks` until `deadline`, then abandons those still running.
async fn join_by(tasks: Vec<JoinHandle<()>>, deadline: Instant) {
    for mut task in tasks {
        if tokio::time::timeout_at(deadline.into(), &mut task)
            .await
            .is_err()
        {
            task.abort();
        }
    }
}

/// One user, from arrival to the end of their morning (or of the drain).
async fn user(
    site: Site,
    pool: Arc<ClientPool>,
    plan: plan::UserPlan,
    account: crate::accounts::Account,
    jar: CookieJar,
    hard_end: Instant,
) {
    let recorder = Arc::clone(&site.recorder);
    let client = if plan.at_school {
        pool.get(plan.source)
    } else {
        pool.own(plan.source)
    };
    let Ok(client) = client else {
        let state = crate::browser::UserState {
            failed: true,
            ..Default::default()
        };
        recorder.user_done(&state, true);
        return;
    };
    let mut browser = Browser::new(site, client, jar);
    let finished = tokio::time::timeout_at(
        hard_end.into(),
        journey::morning(&mut browser, &plan, &account),
    )
    .await
    .is_ok();
    recorder.user_done(&browser.state, finished);
}

/// Prints a line on standard error every few seconds while the run lasts.
async fn progress(label: String, recorder: Arc<Recorder>, end: Instant) {
    let mut tick = tokio::time::interval(PROGRESS_EVERY);
    tick.tick().await;
    loop {
        tick.tick().await;
        let tallies = recorder.tallies();
        let t = recorder.start().elapsed().as_secs();
        let last = tallies
            .seconds
            .len()
            .checked_sub(2)
            .and_then(|s| tallies.seconds.get(s));
        let (sent, good, attack) = last.map_or((0, 0, 0), |s| {
            (
                s.legit_sent,
                s.legit[crate::Kind::Ok.index()],
                s.attack_sent,
            )
        });
        let phase = if Instant::now() < end { "" } else { " (drain)" };
        eprintln!(
            "[{label}] t={t}s{phase}: {} users arrived, {} done; last second: {sent} sent, \
             {good} good, {attack} attack",
            tallies.users.arrived,
            tallies.users.completed
                + tallies.users.failed
                + tallies.users.gave_up
                + tallies.users.unfinished,
        );
    }
}
