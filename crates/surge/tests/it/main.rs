//! The harness against a tiny server that imitates the shield's contract (the whole path from
//! arrival to report, in a few seconds) and against one that never answers.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fake_server;
mod mute_server;
mod shield_contract;

use cartable_surge::Cli;
use clap::Parser;
use std::path::Path;

/// The harness's flags for a run against `base` with the accounts in `csv`, then `flags`.
fn surge_cli(base: &str, csv: &Path, flags: &[&str]) -> Cli {
    let mut args = vec!["cartable-surge", "--base", base, "--users-csv"];
    args.push(csv.to_str().unwrap());
    args.extend_from_slice(flags);
    Cli::try_parse_from(args).unwrap()
}
