//! The `cartable` binary, run as a user would: real processes over a temporary data directory.

// Test helpers outside #[test] functions may unwrap: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
mod audit;
mod import;
mod serve;
mod shield;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `cartable` with `args` over `data`, feeding `stdin`.
pub fn cartable(data: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cartable"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("CARTABLE_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Standard output and error as text, for assertions and failure messages.
pub fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The UAI used by these tests.
pub const UAI: &str = "0751234J";

/// A data directory with one registered school.
pub fn school_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let uai = cartable_core::Uai::from_digits(751_234);
    assert_eq!(uai.as_str(), UAI);
    let out = cartable(
        dir.path(),
        &[
            "admin",
            "add-school",
            "--uai",
            UAI,
            "--name",
            "Collège Jean Moulin",
            "--academy",
            "Académie de Paris",
        ],
        "",
    );
    assert!(out.status.success(), "{:?}", text(&out));
    dir
}
