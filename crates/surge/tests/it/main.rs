//! The harness against a tiny server that imitates the shield's contract: the whole path
//! from arrival to report, in a few seconds.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fake_server;
mod shield_contract;
