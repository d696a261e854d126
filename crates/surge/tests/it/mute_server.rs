//! A server that accepts connections and never answers: the harness must still end, in its
//! duration, its drain and a few request timeouts, rather than wait out every sign-in of the
//! setup's one after the other.

use std::time::Duration;

/// Well above what the run may take (duration 2 s + drain 1 s + a few 3 s timeouts), well
/// below what it took when the setup waited out each of its ~140 sign-ins' timeouts, 16 at a
/// time (27 s).
const BOUND: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_never_answers_does_not_stall_the_run() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("accounts.csv");
    let accounts: String = (0..200)
        .map(|i| format!("pupil.{i},pw-{i}-x,pupil,0750001A,6A\n"))
        .collect();
    std::fs::write(
        &csv,
        format!("login,password,role,school,class\n{accounts}"),
    )
    .unwrap();
    let base = format!("http://{addr}");
    let cli = crate::surge_cli(
        &base,
        &csv,
        &[
            "--shape",
            "steady",
            "--rate",
            "100",
            "--duration",
            "2",
            "--drain",
            "1",
            "--timeout",
            "3",
            "--setup-seconds",
            "0.5",
            "--attack",
            "anonymous,stuffing,slowloris",
            "--flood-rate",
            "50",
            "--stuffing-rate",
            "5",
            "--slowloris",
            "5",
            "--attack-ips",
            "4",
        ],
    );
    let report = tokio::time::timeout(BOUND, cartable_surge::run(cli))
        .await
        .expect("the run against a mute server stalled")
        .unwrap();

    let run = &report.runs[0];
    let totals = &run.totals;
    assert_eq!(run.setup.prepared, 0);
    assert!(totals.users.arrived > 0);
    assert_eq!(totals.users.completed, 0);
    assert_eq!(
        totals.users.failed + totals.users.unfinished,
        totals.users.arrived
    );
    assert_eq!(totals.legit_requests.by_kind["ok"], 0);
    assert!(totals.attack_requests.sent > 0);
    assert_eq!(totals.attack_requests.by_kind["ok"], 0);
    assert!(totals.slowloris.held_to_end_s.count > 0);
}
