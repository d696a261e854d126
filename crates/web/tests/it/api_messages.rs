//! The messaging API over real HTTP: sending, reading, the policy's refusals, and the March
//! 2024 scenario replayed — a hijacked account writing threats gets nowhere.

use crate::harness::{on_every_backend, user_id, Server};
use cartable_store::messaging::Folder;
use serde_json::{json, Value};

async fn post_json(
    server: &Server,
    client: &reqwest::Client,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let response = client
        .post(server.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn get_json(server: &Server, client: &reqwest::Client, path: &str) -> (u16, Value) {
    let response = client.get(server.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The id of a class of the first school, by name.
async fn class_id(server: &Server, name: &str) -> String {
    let overview = server
        .store
        .school_overview(&crate::harness::operator(
            cartable_core::authz::Action::ViewSchool(server.school.id.clone()),
        ))
        .await
        .unwrap();
    overview
        .classes
        .iter()
        .find(|c| c.class.name == name)
        .map(|c| c.class.id.to_string())
        .unwrap()
}

#[tokio::test]
async fn a_teacher_writes_to_a_class_and_the_pupils_read_it() {
    on_every_backend(async |server| {
        let marc = server.signed_in("marc.dupont").await;
        let class = class_id(server, "6e A").await;
        let (status, sent) = post_json(
            server,
            &marc,
            "/api/v1/messages",
            json!({
                "to": [format!("class:{class}")],
                "subject": "Sortie au musée <b>jeudi</b>",
                "body": "Rendez-vous à 8h devant le collège.",
            }),
        )
        .await;
        assert_eq!(status, 201, "{}: {sent}", server.backend);
        assert_eq!(sent["status"], "delivered");
        assert_eq!(sent["recipients"], 2, "Léa and Inès");
        let lea = server.signed_in("lea.martin").await;
        let (_, inbox) = get_json(server, &lea, "/api/v1/messages?folder=inbox").await;
        // The message, and the notice of the sign-in from a new device.
        assert_eq!(inbox["unread"], 2);
        let messages = inbox["messages"].as_array().unwrap();
        let kinds: Vec<&str> = messages
            .iter()
            .map(|m| m["kind"].as_str().unwrap())
            .collect();
        assert!(kinds.contains(&"notice"), "{kinds:?}");
        let message = messages.iter().find(|m| m["kind"] == "message").unwrap();
        assert_eq!(message["subject"], "Sortie au musée <b>jeudi</b>");
        assert_eq!(message["sender"]["name"], "Marc Dupont");
        let id = message["id"].as_str().unwrap().to_owned();
        let (status, message) = get_json(server, &lea, &format!("/api/v1/messages/{id}")).await;
        assert_eq!(status, 200);
        assert_eq!(message["body"], "Rendez-vous à 8h devant le collège.");
        assert_eq!(message["recipients"][0]["name"], "6e A");
        let (_, inbox) = get_json(server, &lea, "/api/v1/messages").await;
        assert_eq!(inbox["unread"], 1);
        // Tom is in 5e B: the message is not his, whatever id he tries.
        let tom = server.signed_in("tom.martin").await;
        let (status, _) = get_json(server, &tom, &format!("/api/v1/messages/{id}")).await;
        assert_eq!(status, 404);
        let (_, sent_box) = get_json(server, &marc, "/api/v1/messages?folder=sent").await;
        assert_eq!(sent_box["messages"][0]["status"], "delivered");
    })
    .await;
}

#[tokio::test]
async fn refused_recipients_are_named_and_bad_input_is_explained() {
    on_every_backend(async |server| {
        let lea = server.signed_in("lea.martin").await;
        let school = format!("school:{}", server.school.id);
        let marc = format!("user:{}", user_id(&server.store, "marc.dupont").await);
        let (status, body) = post_json(
            server,
            &lea,
            "/api/v1/messages",
            json!({
                "to": [marc, school], "subject": "Info", "body": "Bonjour",
            }),
        )
        .await;
        assert_eq!(status, 403, "{}: {body}", server.backend);
        assert_eq!(body["error"], "recipients_refused");
        assert_eq!(
            body["refused"],
            json!([{
                "recipient": school,
                "reason": "school_wide",
                "message": "only staff and the head write to the whole school",
            }])
        );
        let marc_id = user_id(&server.store, "marc.dupont").await;
        assert!(server
            .store
            .mailbox(&marc_id, Folder::Inbox, None, 0)
            .await
            .unwrap()
            .is_empty());
        for (body, code) in [
            (
                json!({"to": ["everyone"], "subject": "a", "body": "b"}),
                "invalid_input",
            ),
            (
                json!({"to": [marc], "subject": " ", "body": "b"}),
                "empty_subject",
            ),
            (
                json!({"to": [marc], "subject": "a", "body": "x".repeat(20_001)}),
                "body_too_long",
            ),
            (
                json!({"to": [], "subject": "a", "body": "b"}),
                "invalid_input",
            ),
            (
                json!({"to": [marc], "subject": "a", "body": "b", "bcc": []}),
                "invalid_json",
            ),
        ] {
            let (status, answer) = post_json(server, &lea, "/api/v1/messages", body).await;
            assert_eq!(answer["error"], code, "{answer}");
            assert!(status == 400 || status == 413, "{status}");
        }
        let (status, answer) = get_json(server, &lea, "/api/v1/messages?folder=spam").await;
        assert_eq!(
            (status, answer["error"].as_str()),
            (400, Some("invalid_input"))
        );
    })
    .await;
}

/// March 2024, replayed on the test school: a pupil's password is stolen; the thief signs in
/// from an address and browser never seen for the account and writes a bomb threat to the
/// whole school. Nobody receives it, the account is locked at once and its sessions end,
/// staff are alerted, and the audit log holds the message as evidence. The same for a parent
/// account writing to a class.
#[tokio::test]
async fn the_2024_threat_wave_reaches_no_one() {
    on_every_backend(async |server| {
        let everyone_but_sender = |store: cartable_store::Store, sender: String| async move {
            let mut total = 0;
            for login in [
                "lea.martin",
                "tom.martin",
                "sophie.martin",
                "marc.dupont",
                "julie.bernard",
                "anne.roux",
                "paul.leroy",
            ] {
                if login == sender {
                    continue;
                }
                let id = user_id(&store, login).await;
                total += store
                    .mailbox(&id, Folder::Inbox, None, 0)
                    .await
                    .unwrap()
                    .iter()
                    .filter(|m| m.kind == "message")
                    .count();
            }
            total
        };
        let cases = [
            (
                "tom.martin",
                format!("school:{}", server.school.id),
                "b0mbe dans le collège lundi à 10h, vous allez tous y passer",
            ),
            (
                "sophie.martin",
                format!("class:{}", class_id(server, "6e A").await),
                "Votre école sera attaquée lundi, il y aura des victimes.",
            ),
        ];
        for (login, to, threat) in cases {
            let thief = server.signed_in(login).await;
            let (status, sent) = post_json(
                server,
                &thief,
                "/api/v1/messages",
                json!({
                    "to": [to], "subject": "Alerte", "body": threat,
                }),
            )
            .await;
            assert_eq!(status, 201, "{}: {sent}", server.backend);
            assert_eq!(sent["status"], "blocked", "{login}");
            assert_eq!(
                everyone_but_sender(server.store.clone(), login.to_owned()).await,
                0,
                "{login}: zero recipients"
            );
            // The session ended at once: the thief's next request is refused.
            let (status, _) = get_json(server, &thief, "/api/v1/me").await;
            assert_eq!(status, 401, "{login}");
            let account = server
                .store
                .account_by_login(&cartable_core::Login::parse(login).unwrap())
                .await
                .unwrap()
                .unwrap();
            assert_eq!(account.status, cartable_core::AccountStatus::Locked);
            // Staff are alerted, and see the message with its evidence on the moderation page.
            let anne = server.signed_in("anne.roux").await;
            let (_, inbox) = get_json(server, &anne, "/api/v1/messages").await;
            let alerts: Vec<&Value> = inbox["messages"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["kind"] == "alert")
                .collect();
            assert!(
                alerts
                    .iter()
                    .any(|a| a["subject"].as_str().unwrap().contains(login)),
                "{inbox}"
            );
            let (_, queue) = get_json(
                server,
                &anne,
                &format!("/api/v1/schools/{}/moderation", server.school.id),
            )
            .await;
            let item = queue
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["sender_login"] == login)
                .unwrap();
            assert_eq!(item["status"], "blocked");
            assert_eq!(item["body"], threat);
            assert_eq!(item["ip"], "127.0.0.1");
            assert!(!item["reasons"].as_array().unwrap().is_empty());
        }
        let events = server
            .store
            .audit_entries(Some(&server.school.id), server.now().plus_seconds(-60))
            .await
            .unwrap();
        let blocked: Vec<_> = events
            .iter()
            .filter(|e| e.event.kind.as_str() == "message_blocked")
            .collect();
        assert_eq!(blocked.len(), 2, "{}", server.backend);
        assert!(blocked[0].event.details.contains("b0mbe"));
        assert_eq!(blocked[0].event.ip.as_deref(), Some("127.0.0.1"));
        assert!(blocked[0].event.session.is_some());
        assert_eq!(
            events
                .iter()
                .filter(|e| e.event.kind.as_str() == "account_locked")
                .count(),
            2
        );
        assert!(server.store.verify_audit().await.unwrap().is_intact());
    })
    .await;
}

#[tokio::test]
async fn the_head_switches_pupils_off_and_only_pupils_stop() {
    on_every_backend(async |server| {
        let paul = server.signed_in("paul.leroy").await;
        let path = format!("/api/v1/schools/{}/messaging/switches", server.school.id);
        let response = paul
            .put(server.url(&path))
            .json(
                &json!({"off_for": ["pupil"], "reason": "Messagerie suspendue après des menaces"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{}", server.backend);
        let marc = format!("user:{}", user_id(&server.store, "marc.dupont").await);
        let lea = server.signed_in("lea.martin").await;
        let (status, body) = post_json(
            server,
            &lea,
            "/api/v1/messages",
            json!({"to": [marc], "subject": "Q", "body": "?"}),
        )
        .await;
        assert_eq!(status, 403);
        assert_eq!(body["error"], "messaging_off");
        assert_eq!(body["reason"], "Messagerie suspendue après des menaces");
        let sophie = server.signed_in("sophie.martin").await;
        let (status, body) = post_json(
            server,
            &sophie,
            "/api/v1/messages",
            json!({"to": [marc], "subject": "Q", "body": "?"}),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        // Staff may look but not flip; a pupil may do neither.
        let anne = server.signed_in("anne.roux").await;
        let response = anne
            .put(server.url(&path))
            .json(&json!({"off_for": []}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403);
        let (status, _) = get_json(server, &lea, &path).await;
        assert_eq!(status, 403);
        let (status, switches) = get_json(server, &anne, &path).await;
        assert_eq!(
            (status, switches["off_for"].clone()),
            (200, json!(["pupil"]))
        );
        // Every node's banner table follows within a second.
        assert!(server.state.banners.for_school(&server.school.id).is_some());
    })
    .await;
}

#[tokio::test]
async fn a_teacher_gathers_pupils_of_his_classes_into_a_group() {
    on_every_backend(async |server| {
        let lea = user_id(&server.store, "lea.martin").await.to_string();
        let tom = user_id(&server.store, "tom.martin").await.to_string();
        let marc = server.signed_in("marc.dupont").await;
        let (status, group) = post_json(
            server,
            &marc,
            "/api/v1/groups",
            json!({
                "name": "Option latin", "members": [lea, tom],
            }),
        )
        .await;
        assert_eq!(status, 201, "{}: {group}", server.backend);
        assert_eq!(group["members"], 2);
        let (_, mine) = get_json(server, &marc, "/api/v1/groups").await;
        assert_eq!(mine[0]["name"], "Option latin");
        let to = format!("group:{}", group["id"].as_str().unwrap());
        let (status, sent) = post_json(
            server,
            &marc,
            "/api/v1/messages",
            json!({
                "to": [to], "subject": "Latin", "body": "Version pour lundi.",
            }),
        )
        .await;
        assert_eq!(
            (status, sent["recipients"].clone()),
            (201, json!(2)),
            "{sent}"
        );
        // Julie teaches 6e A only: Tom is refused by name; a pupil may not gather anyone.
        let julie = server.signed_in("julie.bernard").await;
        let (status, refused) = post_json(
            server,
            &julie,
            "/api/v1/groups",
            json!({
                "name": "Club", "members": [lea, tom],
            }),
        )
        .await;
        assert_eq!(status, 403);
        assert_eq!(refused["refused"][0]["recipient"], format!("user:{tom}"));
        let pupil = server.signed_in("lea.martin").await;
        let (status, _) = post_json(
            server,
            &pupil,
            "/api/v1/groups",
            json!({
                "name": "Copains", "members": [tom],
            }),
        )
        .await;
        assert_eq!(status, 403);
    })
    .await;
}

#[tokio::test]
async fn a_threat_to_another_school_names_nobody_from_there() {
    on_every_backend(async |server| {
        let hugo = format!("user:{}", user_id(&server.store, "hugo.petit").await);
        let lea = server.signed_in("lea.martin").await;
        let (status, sent) = post_json(server, &lea, "/api/v1/messages", json!({
            "to": [hugo], "subject": "Attention", "body": "Une bombe va exploser dans la cour demain à 11h.",
        }))
        .await;
        assert_eq!((status, sent["status"].as_str()), (201, Some("blocked")), "{}", server.backend);
        let anne = server.signed_in("anne.roux").await;
        let (_, queue) = get_json(server, &anne, &format!("/api/v1/schools/{}/moderation", server.school.id)).await;
        let item = queue.as_array().unwrap().iter().find(|i| i["sender_login"] == "lea.martin").unwrap();
        assert_eq!(item["recipients"], json!([]), "{item}");
        assert!(!queue.to_string().contains("Hugo"));
    })
    .await;
}
