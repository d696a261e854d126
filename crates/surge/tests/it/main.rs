//! The harness against a tiny server that imitates the shield's contract (the whole path from
//! arrival to report, in a few seconds) and against one that never answers.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fake_server;
mod mute_server;
mod shield_contract;
