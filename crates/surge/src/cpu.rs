//! The harness's own CPU time. The harness shares the machine with the server it measures:
//! a run where the harness burnt a whole core measured a server with one core less, and the
//! report says so.

/// Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on every Linux platform the
/// harness runs on).
const TICKS_PER_SECOND: f64 = 100.0;

/// CPU seconds (user + system) this process has used so far, if the system tells.
pub fn used_seconds() -> Option<f64> {
    parse_stat(&std::fs::read_to_string("/proc/self/stat").ok()?)
}

/// User + system seconds of a `/proc/<pid>/stat` line.
pub fn parse_stat(stat: &str) -> Option<f64> {
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Fields 14 and 15 of the line are the 12th and 13th after the name.
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / TICKS_PER_SECOND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_user_and_system_time() {
        let stat = "4242 (cartable surge) S 1 4242 4242 0 -1 4194304 2700 0 0 0 1234 566 0 0 \
                    20 0 4 0 100 1000000 500 18446744073709551615";
        assert_eq!(parse_stat(stat), Some(18.0));
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn this_process_has_used_some() {
        assert!(used_seconds().is_some_and(|s| s >= 0.0));
    }
}
