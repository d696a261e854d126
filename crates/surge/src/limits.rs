//! The harness's own limit: every connection is a file descriptor, and slowloris alone may
//! want thousands. Running out mid-run would show up as "connection" failures the server is
//! not to blame for, so the harness compares its needs with `ulimit -n` before starting.

use crate::attack::{flood, AttackKind};
use crate::cli::Scenario;

/// Descriptors kept for legitimate users' connections, logs and the runtime.
const LEGIT_BUDGET: u64 = 4_000;

/// The soft limit on open files, read from `/proc/self/limits` (Linux).
pub fn open_files_limit() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/limits").ok()?;
    parse_limit(&text)
}

/// The soft "Max open files" of a `/proc/<pid>/limits` text.
pub fn parse_limit(text: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with("Max open files"))?;
    let soft = line
        .trim_start_matches("Max open files")
        .split_whitespace()
        .next()?;
    if soft == "unlimited" {
        return Some(u64::MAX);
    }
    soft.parse().ok()
}

/// Descriptors the scenario may hold at once, roughly: a connection per flood lane, one per
/// stuffing attempt in flight, one per slowloris connection.
pub fn needed(scenario: &Scenario) -> u64 {
    let flood = if scenario.attacks_with(AttackKind::Anonymous) {
        flood::lanes(scenario.attack_ips, scenario.attack_in_flight)
    } else {
        0
    };
    let stuffing = if scenario.attacks_with(AttackKind::Stuffing) {
        scenario.attack_in_flight as u64
    } else {
        0
    };
    scenario.slowloris as u64 + flood + stuffing + LEGIT_BUDGET
}

/// Warns on standard error when the scenario may not fit in the open-file limit.
pub fn check_open_files(scenario: &Scenario) {
    if let Some(limit) = open_files_limit() {
        let need = needed(scenario);
        if need > limit {
            eprintln!(
                "warning: this scenario may hold ~{need} sockets but `ulimit -n` is {limit}: \
                 lower --slowloris or --attack-in-flight, or raise the limit"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_soft_limit() {
        let text = "Limit                     Soft Limit           Hard Limit           Units\n\
                    Max cpu time              unlimited            unlimited            seconds\n\
                    Max open files            20000                20000                files\n";
        assert_eq!(parse_limit(text), Some(20_000));
        assert_eq!(
            parse_limit("Max open files            unlimited            unlimited   files"),
            Some(u64::MAX)
        );
        assert_eq!(parse_limit("nothing"), None);
    }
}
