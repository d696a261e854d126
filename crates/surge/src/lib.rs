//! `cartable-surge`: plays the Monday 9:00 surge of French pupils against a running Cartable
//! server on loopback, with attacks on top, and reports what the legitimate users lived
//! through.
//!
//! The harness is open-loop: users *arrive* on a schedule whatever the server does, as pupils
//! do when the bell rings; a closed loop (each client waiting for its answer before sending the
//! next) would slow down with the server and hide its overload. Each user plays a morning:
//! resume a session (or sign in), home, today's view, inbox, a page or two, with think times.
//! Every answer is sorted into a [`Kind`] following the shield's contract (waiting room, shed,
//! rate-limited, challenge) so the report tells graceful refusals from failures.
//!
//! The pieces, one idea per module:
//! - [`cli`]: the flags, and [`Scenario`], what one run plays.
//! - [`loopback`]: the guard that keeps the harness pointed at this machine.
//! - [`accounts`], [`schedule`], [`plan`], [`addresses`]: who arrives when, as whom, from where.
//! - [`cookies`], [`classify`], [`exchange`], [`browser`]: one request, and one request as a
//!   patient browser makes it (waiting room, retries, proof of work).
//! - [`setup`], [`journey`], [`attack`]: the untimed preparation, the morning, the attackers.
//! - [`recorder`], [`percentile`], [`goodput`], [`report`], [`summary`], [`svg`]: what is
//!   measured and how it is shown.
//! - [`limits`], [`cpu`]: the harness's own footprint on the machine it shares.
//! - [`scenario`]: one run from start to report; [`run`]: one run or two side by side.

pub mod accounts;
pub mod addresses;
pub mod attack;
pub mod browser;
pub mod classify;
pub mod cli;
pub mod clients;
pub mod cookies;
pub mod cpu;
pub mod exchange;
pub mod goodput;
pub mod journey;
pub mod limits;
pub mod loopback;
pub mod percentile;
pub mod plan;
pub mod recorder;
pub mod report;
pub mod scenario;
pub mod schedule;
pub mod setup;
pub mod summary;
pub mod svg;

pub use classify::Kind;
pub use cli::{Cli, Scenario};
pub use report::{Report, RunReport};

use anyhow::Context;

/// Runs the scenario the flags describe (and, with `--compare`, the same scenario against a
/// second server), writes the JSON and SVG reports asked for, and returns the report.
pub async fn run(cli: Cli) -> anyhow::Result<Report> {
    let scenario = cli.scenario()?;
    limits::check_open_files(&scenario);
    let mut runs = Vec::new();
    let label = if scenario.compare.is_some() {
        "first"
    } else {
        "run"
    };
    runs.push(scenario::run(&scenario, &scenario.target, label).await?);
    if let Some(second) = &scenario.compare {
        runs.push(scenario::run(&scenario, second, "compare").await?);
    }
    let report = Report::new(&scenario, runs);
    if let Some(path) = &scenario.json {
        let text = serde_json::to_string_pretty(&report)?;
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = &scenario.svg {
        std::fs::write(path, svg::render(&report))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(report)
}
