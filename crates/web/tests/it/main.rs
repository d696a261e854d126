//! Cartable's web integration suite: the real server on 127.0.0.1:0 over a fresh database,
//! on SQLite and (when `CARTABLE_TEST_POSTGRES` is set) on PostgreSQL.

// Test helpers outside #[test] functions may unwrap: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts_page;
mod activation;
mod antivirus;
mod api_defences;
mod api_messages;
mod api_school;
mod api_session;
mod browser;
mod browser_assignment;
mod continuity;
mod documents;
mod forms;
mod harness;
mod messages_pages;
mod moderation_pages;
mod ops;
mod pages;
mod school_pages;
mod shield;
