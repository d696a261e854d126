//! March 2024, replayed on the demo college: hijacked accounts write bomb and attack threats
//! through the school's messaging. A pupil's stolen password is used from a browser never
//! seen for the account to write to the whole school; a parent's, to write to a class. Nobody
//! receives either message, both accounts are locked at once and their sessions end, the
//! school's staff are alerted, and the audit log keeps each message as evidence.

use super::*;
use cartable_core::authz::{authorize, Action};
use cartable_core::directory::SchoolName;
use cartable_core::import::parse_directory;
use cartable_core::secret::SecretDigest;
use cartable_core::{AccountStatus, Actor, Login, MessageId, SchoolId};
use cartable_store::{BlobStore, Store};
use cartable_web::{AppState, WebConfig};
use rand::SeedableRng;
use serde_json::{json, Value};

/// The demo college in a fresh database, with only the accounts the scenario needs active
/// (hashing all 1,100 passwords would take a minute).
async fn demo_college(store: &Store, active: &[&DemoAccount]) -> SchoolId {
    let academy = generate(&mut StdRng::seed_from_u64(crate::seed::DEMO_SEED));
    let college = &academy.schools[0];
    let operator = Actor::platform_operator();
    let academy_id = store
        .ensure_academy(&SchoolName::parse(&academy.name).unwrap())
        .await
        .unwrap();
    let school = store
        .ensure_school(
            &academy_id,
            &college.uai,
            &SchoolName::parse(&college.name).unwrap(),
        )
        .await
        .unwrap();
    let rows = parse_directory(&college.directory_csv).unwrap();
    let import = authorize(&operator, Action::ImportDirectory(school.id.clone())).unwrap();
    let now = cartable_core::Clock::now(&cartable_core::SystemClock);
    store.import_directory(&import, &rows, now).await.unwrap();
    for account in active {
        let user = store
            .account_by_login(&Login::parse(&account.login).unwrap())
            .await
            .unwrap()
            .unwrap();
        let code = SecretDigest::of(&format!("replay:{}", account.login));
        let reset = Action::ResetAccess {
            school: school.id.clone(),
            target: user.role,
        };
        store
            .issue_activation_codes(
                &authorize(&operator, reset).unwrap(),
                &[(user.id, code.clone())],
                now.plus_seconds(60),
                now,
            )
            .await
            .unwrap();
        let hash =
            cartable_core::password::hash(&account.password, &mut rand::rngs::OsRng).unwrap();
        store.activate(&code, &hash, now).await.unwrap();
    }
    school.id
}

/// A new browser: no cookies yet, so no known device.
fn fresh_browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

async fn sign_in(base: &str, account: &DemoAccount) -> reqwest::Client {
    let client = fresh_browser();
    let response = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "login": account.login, "password": account.password }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{} signs in", account.login);
    client
}

#[tokio::test]
async fn the_2024_threat_wave_reaches_no_one_in_the_demo_college() {
    let academy = generate(&mut StdRng::seed_from_u64(crate::seed::DEMO_SEED));
    let college = &academy.schools[0];
    let by_role = |role: Role| college.accounts.iter().find(|a| a.role == role).unwrap();
    let pupil = by_role(Role::Pupil);
    let parent = by_role(Role::Parent);
    let staff = by_role(Role::Staff);
    let rows = parse_directory(&college.directory_csv).unwrap();
    let child = &rows
        .iter()
        .find(|r| r.login.as_str() == parent.login)
        .unwrap()
        .children[0];
    let child_class = rows
        .iter()
        .find(|r| &r.login == child)
        .map(|r| r.classes[0].0.as_str().to_owned())
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&Store::sqlite_url(dir.path()))
        .await
        .unwrap();
    let school = demo_college(&store, &[pupil, parent, staff, &college.head]).await;
    let overview = store
        .school_overview(
            &authorize(
                &Actor::platform_operator(),
                Action::ViewSchool(school.clone()),
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let class = overview
        .classes
        .iter()
        .find(|c| c.class.name.as_str() == child_class)
        .unwrap();
    let blobs = BlobStore::open(dir.path().join("blobs")).await.unwrap();
    let state = AppState::new(store.clone(), blobs, &WebConfig::new([7; 32]));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cartable_web::serve_state(listener, state, async move {
        let _ = stopped.await;
    }));

    let waves = [
        (
            pupil,
            format!("school:{school}"),
            "B O M B E dans le collège lundi 9h. vous allez tous y passer 💣💣",
        ),
        (
            parent,
            format!("class:{}", class.class.id),
            "Votre école sera attaquée lundi, il y aura des victimes.",
        ),
    ];
    for (account, to, threat) in waves {
        let thief = sign_in(&base, account).await;
        let sent: Value = thief
            .post(format!("{base}/api/v1/messages"))
            .json(&json!({ "to": [to], "subject": "Attention", "body": threat }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(sent["status"], "blocked", "{}: {sent}", account.login);
        let id: MessageId = sent["id"].as_str().unwrap().parse().unwrap();
        assert_eq!(
            store.inboxes_holding(&id).await.unwrap(),
            0,
            "zero recipients"
        );
        let me = thief.get(format!("{base}/api/v1/me")).send().await.unwrap();
        assert_eq!(me.status(), 401, "the thief's session ended at once");
        let locked = store
            .account_by_login(&Login::parse(&account.login).unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(locked.status, AccountStatus::Locked);
        let again = fresh_browser()
            .post(format!("{base}/api/v1/session"))
            .json(&json!({ "login": account.login, "password": account.password }))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 401, "and cannot sign in again");
    }

    // Staff see the alerts in their inbox and both messages, with the evidence, on the
    // moderation page.
    let desk = sign_in(&base, staff).await;
    let inbox: Value = desk
        .get(format!("{base}/api/v1/messages"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let alerts: Vec<&str> = inbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "alert")
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(alerts.len(), 2, "{inbox}");
    assert!(alerts.iter().any(|a| a.contains(&pupil.login)));
    assert!(alerts.iter().any(|a| a.contains(&parent.login)));
    let queue: Value = desk
        .get(format!("{base}/api/v1/schools/{school}/moderation"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let held_as_evidence: Vec<&str> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sender_login"].as_str().unwrap())
        .collect();
    assert!(
        held_as_evidence.contains(&pupil.login.as_str())
            && held_as_evidence.contains(&parent.login.as_str())
    );

    // The audit log holds each message as sent, with the address and session, and its chain
    // verifies.
    let since = cartable_core::Timestamp(0);
    let events = store.audit_entries(Some(&school), since).await.unwrap();
    let blocked: Vec<_> = events
        .iter()
        .filter(|e| e.event.kind.as_str() == "message_blocked")
        .collect();
    assert_eq!(blocked.len(), 2);
    assert!(blocked[0].event.details.contains("B O M B E"));
    assert!(blocked[1].event.details.contains("victimes"));
    for event in &blocked {
        assert_eq!(event.event.ip.as_deref(), Some("127.0.0.1"));
        assert!(event.event.session.is_some());
    }
    assert_eq!(
        events
            .iter()
            .filter(|e| e.event.kind.as_str() == "account_locked")
            .count(),
        2
    );
    assert!(
        events.iter().any(|e| e.event.kind.as_str() == "new_device"),
        "the thief's browser was recorded"
    );
    assert!(store.verify_audit().await.unwrap().is_intact());

    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
