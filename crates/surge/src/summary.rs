//! The few lines printed at the end: enough to tell at a glance whether the users got through,
//! and, in a comparison, which server served them better.

use crate::attack::AttackKind;
use crate::classify::Kind;
use crate::report::{Report, RunReport, ScenarioReport};
use std::fmt::Write;

/// A latency for people: `0.4 ms`, `12 ms`, `–` when there was none.
pub fn ms(value: Option<f64>) -> String {
    match value {
        None => "–".to_owned(),
        Some(v) if v < 10.0 => format!("{v:.1} ms"),
        Some(v) => format!("{v:.0} ms"),
    }
}

fn secs(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.0} s"))
}

/// A share for people: `97.5%`, `–` when there was nothing to divide.
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

/// The counts of every kind but `ok` that occurred, as `name count` pairs (`none` if none).
pub fn kinds(by_kind: &std::collections::BTreeMap<&'static str, u64>) -> String {
    let parts: Vec<String> = Kind::ALL
        .iter()
        .filter(|kind| **kind != Kind::Ok)
        .filter_map(|kind| {
            let n = by_kind.get(kind.name()).copied().unwrap_or(0);
            (n > 0).then(|| format!("{} {n}", kind.name()))
        })
        .collect();
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

/// The summary of one run of `scenario`.
pub fn run(run: &RunReport, scenario: &ScenarioReport) -> String {
    let t = &run.totals;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} ({:.0} s, setup {}/{} sessions, harness CPU {})",
        run.label,
        run.base,
        run.elapsed_s,
        run.setup.prepared,
        run.setup.accounts,
        run.harness_cpu_s
            .map_or_else(|| "–".to_owned(), |s| format!("{s:.1} s")),
    );
    let _ = writeln!(
        out,
        "  users: {} arrived, {} completed, {} gave up, {} failed, {} unfinished",
        t.users.arrived, t.users.completed, t.users.gave_up, t.users.failed, t.users.unfinished
    );
    let g = &t.goodput;
    let _ = writeln!(
        out,
        "  goodput: peak {}/s (best 5 s {:.1}/s), last 2/3 {:.1}/s = {} of peak, {} of the \
         5 s peak, worst 5 s {} = {} of it; {} real answers of {} sent",
        g.peak_per_s,
        g.peak_5s_per_s,
        g.last_two_thirds_per_s,
        percent(g.last_two_thirds_share_of_peak),
        percent(g.last_two_thirds_share_of_peak_5s),
        g.last_two_thirds_worst_5s_per_s
            .map_or_else(|| "–".to_owned(), |w| format!("{w:.1}/s")),
        percent(g.last_two_thirds_worst_5s_share_of_peak_5s),
        g.total,
        t.legit_requests.sent
    );
    let _ = writeln!(
        out,
        "  latency: p50 {}, p95 {}, p99 {}",
        ms(t.latency_ms.p50),
        ms(t.latency_ms.p95),
        ms(t.latency_ms.p99)
    );
    let _ = writeln!(
        out,
        "  success: {} of requests, {} of signed-in requests",
        percent(t.success.rate),
        percent(t.success.signed_in_rate)
    );
    let _ = writeln!(out, "  refused: {}", kinds(&t.legit_requests.by_kind));
    if t.users.saw_waiting_room > 0 {
        let _ = writeln!(
            out,
            "  waiting room: {} users, wait p50 {} p95 {} max {}; {} of refused users saw it",
            t.users.saw_waiting_room,
            secs(t.users.waiting_room_s.p50),
            secs(t.users.waiting_room_s.p95),
            secs(t.users.waiting_room_s.max),
            percent(t.users.refused_saw_waiting_room_share)
        );
    }
    if t.challenges.passed + t.challenges.failed > 0 {
        let _ = writeln!(
            out,
            "  challenges: {} passed, {} failed, solve p50 {} p99 {}",
            t.challenges.passed,
            t.challenges.failed,
            ms(t.challenges.solve_ms.p50),
            ms(t.challenges.solve_ms.p99)
        );
    }
    if t.attack_requests.sent + t.attack_requests.dropped > 0 {
        let _ = writeln!(
            out,
            "  attack: {} sent ({} due and not sent: no room or no connection); answers ok {}, {}",
            t.attack_requests.sent,
            t.attack_requests.dropped,
            t.attack_requests.by_kind.get("ok").copied().unwrap_or(0),
            kinds(&t.attack_requests.by_kind)
        );
    }
    for (attack, rate) in &t.attack_requests.by_attack {
        let asked = match attack {
            AttackKind::Anonymous => format!("{:.0}/s asked", scenario.flood_rate),
            AttackKind::Stuffing => format!("{:.0} attempts/s asked", scenario.stuffing_rate),
            AttackKind::Slowloris => continue,
        };
        let _ = writeln!(
            out,
            "    {}: {} requests sent = {:.0}/s ({asked}), {} dropped",
            attack.name(),
            rate.sent,
            rate.sent_per_s,
            rate.dropped
        );
    }
    if t.slowloris.target > 0 {
        let _ = writeln!(
            out,
            "  slowloris: {} wanted, peak {} held, {} opened, {} refused; cut after p50 {} \
             max {}; {} held to the end",
            t.slowloris.target,
            t.slowloris.peak_held,
            t.slowloris.opened,
            t.slowloris.connect_failures,
            secs(t.slowloris.cut_after_s.p50),
            secs(t.slowloris.cut_after_s.max),
            t.slowloris.held_to_end_s.count
        );
    }
    out
}

/// The summary of the whole report, with a side-by-side line when two servers were compared.
pub fn report(report: &Report) -> String {
    let mut out = String::new();
    for r in &report.runs {
        out.push_str(&run(r, &report.scenario));
    }
    if let [a, b] = report.runs.as_slice() {
        let _ = writeln!(
            out,
            "side by side ({} | {}): success {} | {}, signed-in {} | {}, p99 {} | {}, \
             last 2/3 goodput {} | {} of peak, {} | {} of the 5 s peak, worst 5 s {} | {} \
             of it",
            a.label,
            b.label,
            percent(a.totals.success.rate),
            percent(b.totals.success.rate),
            percent(a.totals.success.signed_in_rate),
            percent(b.totals.success.signed_in_rate),
            ms(a.totals.latency_ms.p99),
            ms(b.totals.latency_ms.p99),
            percent(a.totals.goodput.last_two_thirds_share_of_peak),
            percent(b.totals.goodput.last_two_thirds_share_of_peak),
            percent(a.totals.goodput.last_two_thirds_share_of_peak_5s),
            percent(b.totals.goodput.last_two_thirds_share_of_peak_5s),
            percent(a.totals.goodput.last_two_thirds_worst_5s_share_of_peak_5s),
            percent(b.totals.goodput.last_two_thirds_worst_5s_share_of_peak_5s),
        );
    }
    out
}
