//! Delivery: who receives a message, once, all of them or none; threads, drafts, groups, the JSON page.

use super::*;

#[tokio::test]
async fn a_teacher_writes_to_a_class_and_every_pupil_has_it_once() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let to = vec![Recipient::Class(s.class_6a.clone()), person(&s.lea)];
        let outcome = send_as(
            store,
            &s.id,
            &s.marc,
            Role::Teacher,
            message(to, "Contrôle", "Jeudi, chapitre 3."),
            NOW,
        )
        .await
        .unwrap();
        let SendOutcome::Delivered { id, recipients } = outcome else {
            panic!("{backend}: {outcome:?}");
        };
        assert_eq!(recipients, 2, "{backend}: Léa and Inès, Léa once");
        assert_eq!(inbox(store, &s.lea).await, ["Contrôle"], "{backend}");
        assert_eq!(inbox(store, &s.ines).await, ["Contrôle"], "{backend}");
        assert!(inbox(store, &s.tom).await.is_empty(), "{backend}");
        assert_eq!(store.unread_count(&s.lea).await.unwrap(), 1);
        let view = store.read_message(&s.lea, &id, NOW).await.unwrap();
        assert_eq!(view.body, "Jeudi, chapitre 3.");
        assert_eq!(view.sender.id.as_ref(), Some(&s.marc));
        assert_eq!(store.unread_count(&s.lea).await.unwrap(), 0);
        let sent = store.mailbox(&s.marc, Folder::Sent, None, 0).await.unwrap();
        assert_eq!(sent[0].status, MessageStatus::Delivered);
        // No one reads a message their mailbox does not hold, whatever the id.
        assert!(matches!(
            store.read_message(&s.tom, &id, NOW).await,
            Err(StoreError::NotFound)
        ));
        // A reply joins the thread and reaches the teacher.
        let mut reply = message(vec![person(&s.marc)], "Re: Contrôle", "Merci !");
        reply.reply_to = Some(id.clone());
        send_as(store, &s.id, &s.lea, Role::Pupil, reply, NOW)
            .await
            .unwrap();
        let thread = store.thread(&s.marc, &view.thread_id).await.unwrap();
        assert_eq!(thread.len(), 2, "{backend}");
        let found = store
            .mailbox(&s.lea, Folder::Inbox, Some("CHAPITRE"), 0)
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{backend}: search is case-insensitive");
        let none = store
            .mailbox(&s.lea, Folder::Inbox, Some("100%"), 0)
            .await
            .unwrap();
        assert!(none.is_empty(), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn the_policy_refuses_recipients_by_name_and_nothing_is_stored() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let to = vec![
            person(&s.marc),
            Recipient::Class(s.class_6a.clone()),
            Recipient::School(s.id.clone()),
        ];
        let refused = send_as(
            store,
            &s.id,
            &s.lea,
            Role::Pupil,
            message(to, "Salut", "Coucou"),
            NOW,
        )
        .await
        .unwrap_err();
        let StoreError::Refused(SendRefusal::Recipients(refused)) = refused else {
            panic!("{backend}: {refused:?}");
        };
        let reasons: Vec<Refusal> = refused.iter().map(|r| r.refusal).collect();
        assert_eq!(
            reasons,
            [Refusal::Collective, Refusal::SchoolWide],
            "{backend}"
        );
        assert!(
            inbox(store, &s.marc).await.is_empty(),
            "{backend}: all or nothing"
        );
        assert!(store
            .mailbox(&s.lea, Folder::Sent, None, 0)
            .await
            .unwrap()
            .is_empty());
        // Tom is not in Julie's class: he may not write to her; Sophie (Léa's mother) may.
        let refused = send_as(
            store,
            &s.id,
            &s.tom,
            Role::Pupil,
            message(vec![person(&s.julie)], "Q", "?"),
            NOW,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(refused, StoreError::Refused(SendRefusal::Recipients(_))),
            "{backend}"
        );
        send_as(
            store,
            &s.id,
            &s.sophie,
            Role::Parent,
            message(vec![person(&s.julie)], "Absence", "Léa sera absente."),
            NOW,
        )
        .await
        .unwrap();
        assert_eq!(inbox(store, &s.julie).await, ["Absence"], "{backend}");
        // An id from another school reads as unknown, like an id that does not exist.
        let stranger = Recipient::User(UserId::random(&mut rand::thread_rng()));
        let refused = send_as(
            store,
            &s.id,
            &s.anne,
            Role::Staff,
            message(vec![stranger], "x", "y"),
            NOW,
        )
        .await
        .unwrap_err();
        let StoreError::Refused(SendRefusal::Recipients(refused)) = refused else {
            panic!("{backend}");
        };
        assert_eq!(refused[0].refusal, Refusal::Unknown);
    })
    .await;
}

#[tokio::test]
async fn outside_sending_hours_a_message_waits_in_drafts() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        // 22:00 in Paris on the fixture's Monday.
        let night = NOW.plus_seconds(12 * 3600);
        let outcome = send_as(
            store,
            &s.id,
            &s.lea,
            Role::Pupil,
            message(vec![person(&s.marc)], "Nuit", "q"),
            night,
        )
        .await
        .unwrap();
        let SendOutcome::Deferred { id, opens_at } = outcome else {
            panic!("{backend}: {outcome:?}");
        };
        assert!(
            opens_at > night && opens_at.seconds_since(night) < 10 * 3600,
            "{backend}"
        );
        assert!(inbox(store, &s.marc).await.is_empty());
        let drafts = store
            .mailbox(&s.lea, Folder::Drafts, None, 0)
            .await
            .unwrap();
        assert_eq!(drafts.len(), 1);
        let view = store.read_message(&s.lea, &id, night).await.unwrap();
        assert_eq!(view.status, MessageStatus::Draft);
        assert!(view.note.starts_with("sending_hours:"));
        // Sent again in the morning, the draft leaves the drafts.
        let mut morning = message(vec![person(&s.marc)], "Nuit", "q");
        morning.replaces_draft = Some(id);
        send_as(store, &s.id, &s.lea, Role::Pupil, morning, opens_at)
            .await
            .unwrap();
        assert!(
            store
                .mailbox(&s.lea, Folder::Drafts, None, 0)
                .await
                .unwrap()
                .is_empty(),
            "{backend}"
        );
        assert_eq!(inbox(store, &s.marc).await, ["Nuit"]);
        // Teachers have no hours by default.
        send_as(
            store,
            &s.id,
            &s.marc,
            Role::Teacher,
            message(vec![person(&s.lea)], "Soir", "q"),
            night,
        )
        .await
        .unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_group_holds_only_people_its_owner_may_write_to() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let name = cartable_core::directory::ClassName::parse("Option latin").unwrap();
        let marc = permit(Role::Teacher, &s.marc, Action::ManageGroups(s.id.clone()));
        let group = store
            .create_group(&marc, &s.marc, &name, &[s.lea.clone(), s.tom.clone()], NOW)
            .await
            .unwrap();
        let groups = store.my_groups(&s.marc, &s.id).await.unwrap();
        assert_eq!(groups.len(), 1, "{backend}");
        assert_eq!(
            (groups[0].name.as_str(), groups[0].members),
            ("Option latin", 2)
        );
        let m = message(
            vec![Recipient::Group(group.clone())],
            "Latin",
            "Version pour lundi.",
        );
        let outcome = send_as(store, &s.id, &s.marc, Role::Teacher, m, NOW)
            .await
            .unwrap();
        assert!(
            matches!(outcome, SendOutcome::Delivered { recipients: 2, .. }),
            "{backend}"
        );
        assert_eq!(inbox(store, &s.tom).await, ["Latin"]);
        // Julie teaches 6e A only: Tom is not hers to gather, and Marc's group is not hers to use.
        let julie = permit(Role::Teacher, &s.julie, Action::ManageGroups(s.id.clone()));
        let refused = store
            .create_group(
                &julie,
                &s.julie,
                &name,
                &[s.lea.clone(), s.tom.clone()],
                NOW,
            )
            .await;
        let Err(StoreError::Refused(SendRefusal::Recipients(refused))) = refused else {
            panic!("{backend}: {refused:?}");
        };
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].recipient, person(&s.tom));
        let m = message(vec![Recipient::Group(group)], "Latin", "x");
        let borrowed = send_as(store, &s.id, &s.julie, Role::Teacher, m, NOW).await;
        assert!(
            matches!(
                borrowed,
                Err(StoreError::Refused(SendRefusal::Recipients(_)))
            ),
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_message_names_fifty_entries_at_most_and_repeats_count_once() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let mut rng = rand::thread_rng();
        let many: Vec<Recipient> = (0..51)
            .map(|_| Recipient::User(UserId::random(&mut rng)))
            .collect();
        let refused = send_as(
            store,
            &s.id,
            &s.anne,
            Role::Staff,
            message(many, "x", "y"),
            NOW,
        )
        .await;
        let Err(StoreError::Refused(SendRefusal::Recipients(refused))) = refused else {
            panic!("{backend}: {refused:?}");
        };
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].refusal, Refusal::TooManyPeople);
        // A threat naming the same teacher five hundred times is one entry: blocked, kept.
        let same = vec![person(&s.marc); 500];
        let threat = message(
            same,
            "Attention",
            "Une bombe va exploser dans la cour demain à 11h.",
        );
        let outcome = send_as(store, &s.id, &s.lea, Role::Pupil, threat, NOW)
            .await
            .unwrap();
        assert!(
            matches!(outcome, SendOutcome::Blocked { .. }),
            "{backend}: {outcome:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_json_page_says_what_the_structured_page_says() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let class = Recipient::Class(s.class_6a.clone());
        send_as(
            store,
            &s.id,
            &s.marc,
            Role::Teacher,
            message(vec![class], "Sortie", "Jeudi."),
            NOW,
        )
        .await
        .unwrap();
        let reply = message(vec![person(&s.marc)], "Re: \"Sortie\" \\ <b>", "Merci");
        send_as(
            store,
            &s.id,
            &s.lea,
            Role::Pupil,
            reply,
            NOW.plus_seconds(5),
        )
        .await
        .unwrap();
        for (user, folder) in [
            (&s.lea, Folder::Inbox),
            (&s.lea, Folder::Sent),
            (&s.marc, Folder::Inbox),
        ] {
            let entries = store.mailbox(user, folder, None, 0).await.unwrap();
            let (json, unread) = store.mailbox_json(user, folder, None, 0).await.unwrap();
            assert_eq!(unread, store.unread_count(user).await.unwrap(), "{backend}");
            let json: serde_json::Value = serde_json::from_str(&json).unwrap();
            let json = json.as_array().unwrap();
            assert_eq!(json.len(), entries.len(), "{backend} {folder:?}");
            for (e, j) in entries.iter().zip(json) {
                assert_eq!(j["id"], e.id.to_string(), "{backend}");
                assert_eq!(j["thread_id"], e.thread_id.to_string());
                assert_eq!(j["subject"], e.subject);
                assert_eq!(j["sender"]["name"], e.sender.name);
                assert_eq!(
                    j["sender"]["id"],
                    serde_json::to_value(&e.sender.id).unwrap()
                );
                assert_eq!(
                    j["sender"]["role"],
                    serde_json::to_value(e.sender.role).unwrap()
                );
                assert_eq!(j["at"], e.at.0);
                assert_eq!(j["read"], e.read, "{backend}");
                assert_eq!(j["status"], e.status.as_str());
                assert_eq!(j["kind"], e.kind);
                assert_eq!(j["attachments"], e.attachments);
                assert_eq!(
                    j["recipients"],
                    serde_json::to_value(&e.recipients).unwrap(),
                    "{backend}"
                );
            }
        }
        let (empty, unread) = store
            .mailbox_json(&s.tom, Folder::Inbox, None, 0)
            .await
            .unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&empty).unwrap(),
            serde_json::json!([])
        );
        assert_eq!(unread, 0);
    })
    .await;
}

#[tokio::test]
async fn a_message_that_cannot_be_written_costs_the_others_sent_with_it_nothing() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        // The database refuses one message (a full disk, a corrupt page: anything).
        let refuse: &[&str] = if backend == "postgres" {
            &[
                "CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN \
                 IF NEW.subject = 'poison' THEN RAISE EXCEPTION 'refused'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON messages \
                 FOR EACH ROW EXECUTE FUNCTION refuse_poison()",
            ]
        } else {
            &["CREATE TRIGGER refuse_poison BEFORE INSERT ON messages \
               WHEN NEW.subject = 'poison' BEGIN SELECT RAISE(ABORT, 'refused'); END"]
        };
        for sql in refuse {
            store.tamper(sql).await.unwrap();
        }
        // Sent at once (on SQLite, written as one group that fails, then one by one).
        let class = || vec![Recipient::Class(s.class_6a.clone())];
        let sends = [
            (&s.marc, Role::Teacher, message(class(), "Maths", "…")),
            (&s.julie, Role::Teacher, message(class(), "Français", "…")),
            (
                &s.anne,
                Role::Staff,
                message(vec![person(&s.lea)], "Vie scolaire", "…"),
            ),
            (
                &s.paul,
                Role::Head,
                message(vec![person(&s.lea)], "poison", "…"),
            ),
        ]
        .map(|(sender, role, m)| send_as(store, &s.id, sender, role, m, NOW));
        let outcomes = futures_util::future::join_all(sends).await;
        assert!(
            outcomes[..3]
                .iter()
                .all(|o| matches!(o, Ok(SendOutcome::Delivered { .. }))),
            "{backend}: {outcomes:?}"
        );
        assert!(outcomes[3].is_err(), "{backend}");
        let mut received = inbox(store, &s.lea).await;
        received.sort();
        assert_eq!(received, ["Français", "Maths", "Vie scolaire"], "{backend}");
        assert!(store.verify_audit().await.unwrap().is_intact(), "{backend}");
    })
    .await;
}
