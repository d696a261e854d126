use crate::*;
use cartable_core::audit::{AuditEvent, AuditKind};
use cartable_core::{Login, SchoolId, SessionId, Timestamp, Uai, UserId};
use cartable_store::Store;
use serde_json::Value;

/// 18 March 2024, 09:30 in Paris: a threat arrives.
const THREAT_AT: Timestamp = Timestamp(1_710_750_600);

/// Runs `work` against the data directory's database, the way the server would write to it.
fn with_store<T>(data: &Path, work: impl AsyncFnOnce(&Store) -> T) -> T {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = Store::connect(&Store::sqlite_url(data)).await.unwrap();
        let result = work(&store).await;
        store.close().await;
        result
    })
}

fn message(school: &SchoolId, actor: Option<UserId>, at: Timestamp, subject: &str) -> AuditEvent {
    AuditEvent {
        at,
        school: Some(school.clone()),
        actor,
        ip: Some("203.0.113.66".into()),
        session: Some(SessionId::random(&mut rand::rngs::OsRng)),
        kind: AuditKind::MessageBlocked,
        target: Some("0123456789abcdef0123456789abcdef".into()),
        details: serde_json::json!({
            "subject": subject,
            "body": "Une bombe explosera demain",
            "recipients": ["6e A"],
        })
        .to_string(),
    }
}

/// A school whose audit log holds: one event on 17 March, two on 18 March (one by
/// marc.dupont, one with details that are not JSON), one platform event and one event of
/// another school.
fn audited_school() -> tempfile::TempDir {
    let dir = school_dir();
    let add = [
        "admin",
        "add-user",
        "--school",
        UAI,
        "--role",
        "teacher",
        "--login",
        "marc.dupont",
    ];
    let out = cartable(dir.path(), &add, "une phrase de passe solide\n");
    assert!(out.status.success(), "{:?}", text(&out));
    let other = [
        "admin",
        "add-school",
        "--uai",
        "0750001U",
        "--name",
        "Lycée",
        "--academy",
        "Académie de Paris",
    ];
    let out = cartable(dir.path(), &other, "");
    assert!(out.status.success(), "{:?}", text(&out));
    with_store(dir.path(), async |store| {
        let school = store
            .school_by_uai(&Uai::parse(UAI).unwrap())
            .await
            .unwrap()
            .unwrap();
        let marc = store
            .account_by_login(&Login::parse("marc.dupont").unwrap())
            .await
            .unwrap()
            .unwrap();
        let day_before = THREAT_AT.plus_seconds(-86_400);
        store
            .append_audit(&message(&school.id, None, day_before, "Réunion"))
            .await
            .unwrap();
        store
            .append_audit(&message(&school.id, Some(marc.id), THREAT_AT, "Alerte"))
            .await
            .unwrap();
        let plain = AuditEvent {
            details: "not json".into(),
            kind: AuditKind::AccountLocked,
            ..message(&school.id, None, THREAT_AT.plus_seconds(60), "")
        };
        store.append_audit(&plain).await.unwrap();
        let platform = AuditEvent {
            school: None,
            ..message(&school.id, None, THREAT_AT, "Plateforme")
        };
        store.append_audit(&platform).await.unwrap();
        let lycee = store
            .school_by_uai(&Uai::parse("0750001U").unwrap())
            .await
            .unwrap()
            .unwrap();
        store
            .append_audit(&message(&lycee.id, None, THREAT_AT, "Lycée"))
            .await
            .unwrap();
    });
    dir
}

#[test]
fn export_writes_one_school_since_a_date_as_evidence() {
    let dir = audited_school();
    let file = dir.path().join("plainte.json");
    let out = cartable(
        dir.path(),
        &[
            "audit",
            "export",
            "--school",
            UAI,
            "--since",
            "2024-03-18",
            "--output",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(
        text(&out)
            .1
            .contains("2 audit entries exported; chain intact"),
        "{:?}",
        text(&out)
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["school"]["uai"], UAI);
    assert_eq!(doc["school"]["name"], "Collège Jean Moulin");
    assert_eq!(
        doc["since"]["utc"], "2024-03-17T23:00:00Z",
        "Paris midnight"
    );
    assert_eq!(doc["chain"]["intact"], true);
    assert_eq!(doc["chain"]["head"]["seq"], 3);
    let entries = doc["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{doc:#}");
    let threat = &entries[0];
    assert_eq!(threat["seq"], 2);
    assert_eq!(threat["kind"], "message_blocked");
    assert_eq!(threat["time"]["unix"], THREAT_AT.0);
    assert_eq!(threat["time"]["utc"], "2024-03-18T08:30:00Z");
    assert_eq!(
        threat["time"]["local"],
        "2024-03-18T09:30:00+01:00[Europe/Paris]"
    );
    assert_eq!(threat["actor"]["login"], "marc.dupont");
    assert_eq!(threat["actor"]["name"], "Marc Dupont");
    assert_eq!(threat["actor"]["role"], "teacher");
    assert_eq!(threat["ip"], "203.0.113.66");
    assert_eq!(threat["session"].as_str().unwrap().len(), 32);
    assert_eq!(threat["details"]["body"], "Une bombe explosera demain");
    assert_eq!(threat["hash"].as_str().unwrap().len(), 64);
    assert_eq!(entries[1]["details"], "not json");
    assert_eq!(entries[1]["actor"], Value::Null);
}

#[test]
fn export_to_standard_output_takes_instants_and_refuses_bad_input() {
    let dir = audited_school();
    let export = |since: &str, school: &str| {
        cartable(
            dir.path(),
            &["audit", "export", "--school", school, "--since", since],
            "",
        )
    };
    let out = export("2024-03-18T08:31:00Z", UAI);
    assert!(out.status.success(), "{:?}", text(&out));
    let doc: Value = serde_json::from_str(&text(&out).0).unwrap();
    let seqs: Vec<&Value> = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["seq"])
        .collect();
    assert_eq!(seqs, [&Value::from(3)]);

    let out = export("0", UAI);
    let doc: Value = serde_json::from_str(&text(&out).0).unwrap();
    assert_eq!(doc["entries"].as_array().unwrap().len(), 3);

    let bad_date = export("hier", UAI);
    assert!(!bad_date.status.success());
    assert!(
        text(&bad_date).1.contains("--since \"hier\""),
        "{:?}",
        text(&bad_date)
    );
    let unknown = export("0", "0750002V");
    assert!(!unknown.status.success());
    assert!(
        text(&unknown).1.contains("unknown school 0750002V"),
        "{:?}",
        text(&unknown)
    );
}

#[test]
fn verify_reports_each_chain_and_fails_on_tampering() {
    let dir = audited_school();
    let out = cartable(dir.path(), &["audit", "verify"], "");
    assert!(out.status.success(), "{:?}", text(&out));
    let stdout = text(&out).0;
    assert!(
        stdout.contains("platform: 1 entry, chain intact, head 1 "),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("school {UAI}: 3 entries, chain intact, head 3 ")),
        "{stdout}"
    );
    assert!(
        stdout.contains("school 0750001U: 1 entry, chain intact"),
        "{stdout}"
    );

    with_store(dir.path(), async |store| {
        store
            .tamper("DROP TRIGGER audit_log_no_update")
            .await
            .unwrap();
        let changed = store
            .tamper("UPDATE audit_log SET ip = '192.0.2.1' WHERE seq = 2 AND ip = '203.0.113.66' AND actor_id IS NOT NULL")
            .await
            .unwrap();
        assert_eq!(changed, 1);
    });
    let out = cartable(dir.path(), &["audit", "verify"], "");
    assert!(!out.status.success());
    let (stdout, stderr) = text(&out);
    assert!(
        stdout.contains(&format!("school {UAI}: CHAIN BROKEN at entry 2")),
        "{stdout}"
    );
    assert!(
        stdout.contains("school 0750001U: 1 entry, chain intact"),
        "{stdout}"
    );
    assert!(
        stderr.contains("1 of 3 audit chains are broken"),
        "{stderr}"
    );

    let file = dir.path().join("plainte.json");
    let out = cartable(
        dir.path(),
        &[
            "audit",
            "export",
            "--school",
            UAI,
            "--since",
            "0",
            "--output",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "the evidence is still written: {:?}",
        text(&out)
    );
    assert!(text(&out).1.contains("WARNING"), "{:?}", text(&out));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["chain"]["intact"], false);
    assert_eq!(doc["chain"]["broken_at"], 2);
}

#[test]
fn verify_on_an_empty_log_says_so() {
    let dir = school_dir();
    let out = cartable(dir.path(), &["audit", "verify"], "");
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(text(&out).0.contains("no audit entries yet"));
}
