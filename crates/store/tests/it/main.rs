//! The store conformance suite: every operation, on SQLite and (when
//! `CARTABLE_TEST_POSTGRES` is set) on PostgreSQL, with the same assertions.

// Test helpers outside #[test] functions may unwrap: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod audit;
mod blobs;
mod blobs_antivirus;
mod contacts;
mod continuity;
mod documents;
mod fixture;
mod import;
mod messaging;
mod sessions;
mod views;
