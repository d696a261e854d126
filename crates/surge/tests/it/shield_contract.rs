//! A short steady morning against the fake shielded server.

use crate::fake_server;
use std::sync::atomic::Ordering;

const ACCOUNTS: &str = "login,password,role,school,class\n\
    lea.martin,pw-one-1,pupil,0750001A,6A\n\
    paul.durand,pw-two-2,pupil,0750001A,6A\n\
    ines.petit,pw-three-3,parent,0750002B,\n\
    hugo.robert,pw-four-4,teacher,0750002B,\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_get_through_the_waiting_room_and_the_report_says_so() {
    let (addr, seen) = fake_server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("accounts.csv");
    std::fs::write(&csv, ACCOUNTS).unwrap();
    let json = dir.path().join("report.json");
    let svg = dir.path().join("report.svg");
    let base = format!("http://{addr}");
    let cli = crate::surge_cli(
        &base,
        &csv,
        &[
            "--shape",
            "steady",
            "--rate",
            "3",
            "--duration",
            "3",
            "--think-scale",
            "0.02",
            "--setup-seconds",
            "0.2",
            "--drain",
            "8",
            "--seed",
            "5",
            "--attack",
            "anonymous",
            "--flood-rate",
            "10",
            "--attack-ips",
            "4",
            "--json",
            json.to_str().unwrap(),
            "--svg",
            svg.to_str().unwrap(),
        ],
    );
    let report = cartable_surge::run(cli).await.unwrap();

    let run = &report.runs[0];
    let totals = &run.totals;
    eprintln!("{}", cartable_surge::summary::report(&report));
    assert!(totals.users.arrived > 0);
    assert_eq!(totals.users.completed, totals.users.arrived, "{totals:#?}");
    assert_eq!(totals.success.rate, Some(1.0));
    assert_eq!(totals.success.signed_in_rate, Some(1.0));
    // Every user came in through the waiting room, once, and waited its second.
    assert_eq!(totals.users.saw_waiting_room, totals.users.arrived);
    assert_eq!(totals.users.refused_saw_waiting_room_share, Some(1.0));
    assert!(totals.users.waiting_room_s.p50.unwrap() >= 1.0);
    let waiting = totals.legit_requests.by_kind["waiting_room"];
    assert!(waiting >= totals.users.arrived);
    // The server saw those, plus the setup's, plus the bots'.
    let bots = totals.attack_requests.by_kind["waiting_room"];
    assert!(bots > 0);
    assert!(seen.waiting_room.load(Ordering::Relaxed) >= waiting + bots);
    // Each browser solved the challenge once.
    assert_eq!(
        totals.challenges.passed,
        seen.passes.load(Ordering::Relaxed)
    );
    assert!(totals.challenges.passed > 0);
    assert_eq!(
        totals.legit_requests.by_kind["challenge"],
        totals.challenges.passed
    );
    for failure in [
        "server_error",
        "timeout",
        "connection",
        "unexplained",
        "signed_out",
    ] {
        assert_eq!(totals.legit_requests.by_kind[failure], 0, "{failure}");
    }
    assert!(totals.goodput.peak_per_s > 0);
    assert!(totals.latency_ms.p99.is_some());

    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(written["tool"], "cartable-surge");
    assert_eq!(written["scenario"]["shape"], "steady");
    let run = &written["runs"][0];
    for field in [
        "users",
        "legit_requests",
        "attack_requests",
        "goodput",
        "latency_ms",
        "success",
        "challenges",
        "slowloris",
    ] {
        assert!(run["totals"].get(field).is_some(), "no totals.{field}");
    }
    let second = &run["series"][0];
    for field in [
        "t",
        "legit_sent",
        "goodput",
        "p99_ms",
        "refused",
        "attack_sent",
    ] {
        assert!(second.get(field).is_some(), "no series.{field}");
    }
    assert!(run["setup"]["prepared"].as_u64().unwrap() > 0);
    let picture = std::fs::read_to_string(&svg).unwrap();
    assert!(picture.starts_with("<svg") && picture.contains("<polyline"));
}

#[test]
fn refuses_a_server_elsewhere() {
    let cli = crate::surge_cli(
        "http://192.0.2.1:8080",
        std::path::Path::new("/nonexistent.csv"),
        &[],
    );
    let error = cli.scenario().unwrap_err().to_string();
    assert!(error.contains("loopback"), "{error}");
}
