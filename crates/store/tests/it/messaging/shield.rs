//! The shield: threats reach no one and lock their sender; new devices are held back.

use super::*;
use cartable_core::audit::AuditKind;

#[tokio::test]
async fn a_threat_reaches_no_one_locks_the_sender_and_alerts_staff() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let token = SecretDigest::of("lea-session");
        store
            .create_session(new_session(&s.lea, &token))
            .await
            .unwrap();
        let threat = message(
            vec![person(&s.marc), person(&s.julie)],
            "demain",
            "Une bombe va exploser dans la cour demain à 11h.",
        );
        let outcome = send_as(store, &s.id, &s.lea, Role::Pupil, threat, NOW)
            .await
            .unwrap();
        let SendOutcome::Blocked { id } = outcome else {
            panic!("{backend}: {outcome:?}");
        };
        assert!(inbox(store, &s.marc).await.is_empty(), "{backend}");
        assert!(inbox(store, &s.julie).await.is_empty(), "{backend}");
        let account = store.account(&s.lea).await.unwrap().unwrap();
        assert_eq!(
            account.status,
            cartable_core::AccountStatus::Locked,
            "{backend}"
        );
        assert!(
            store.session_by_token(&token, NOW).await.unwrap().is_none(),
            "{backend}"
        );
        for staff in [&s.anne, &s.paul] {
            let alerts = store.mailbox(staff, Folder::Inbox, None, 0).await.unwrap();
            assert_eq!(alerts.len(), 1, "{backend}");
            assert_eq!(alerts[0].kind, "alert");
            assert!(
                alerts[0].subject.contains("lea.martin"),
                "{}",
                alerts[0].subject
            );
        }
        let queue = store
            .moderation_queue(&permit(
                Role::Staff,
                &s.anne,
                Action::ModerateMessages(s.id.clone()),
            ))
            .await
            .unwrap();
        assert_eq!(queue.len(), 1);
        assert_eq!(queue[0].id, id);
        assert_eq!(queue[0].status, MessageStatus::Blocked);
        assert_eq!(queue[0].ip, "203.0.113.7");
        assert!(
            queue[0].reasons.contains("bomb") || queue[0].reasons.contains("bombe"),
            "{}",
            queue[0].reasons
        );
        let report = store.verify_audit().await.unwrap();
        assert!(report.is_intact(), "{backend}: {report:?}");
        let events = store.audit_entries(Some(&s.id), NOW).await.unwrap();
        let kinds: Vec<&str> = events.iter().map(|e| e.event.kind.as_str()).collect();
        assert_eq!(kinds, ["message_blocked", "account_locked"], "{backend}");
        assert!(
            events[0].event.details.contains("exploser"),
            "the evidence holds the message"
        );
    })
    .await;
}

#[tokio::test]
async fn a_threat_hidden_in_a_file_name_is_read_too() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let mut m = message(vec![person(&s.marc)], "Devoir", "Voir la pièce jointe.");
        m.attachments.push(cartable_store::messaging::Attachment {
            name: "Demain bombe au college vous allez tous mourir.txt".into(),
            digest: "0".repeat(64),
            size: 10,
            content_type: "text/plain".into(),
        });
        let outcome = send_as(store, &s.id, &s.lea, Role::Pupil, m, NOW)
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
async fn a_new_device_reaches_one_class_at_most() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let profile = store.profile(&s.tom).await.unwrap().unwrap();
        let class_5b = profile.class_ids[0].clone();
        let mut m = message(
            vec![
                Recipient::Class(s.class_6a.clone()),
                Recipient::Class(class_5b),
            ],
            "Info",
            "x",
        );
        m.new_device = true;
        let refused = send_as(store, &s.id, &s.marc, Role::Teacher, m, NOW).await;
        assert!(
            matches!(
                refused,
                Err(StoreError::Refused(SendRefusal::Recipients(_)))
            ),
            "{backend}"
        );
        let mut m = message(vec![Recipient::School(s.id.clone())], "Info", "x");
        m.new_device = true;
        let refused = send_as(store, &s.id, &s.paul, Role::Head, m, NOW).await;
        assert!(
            matches!(
                refused,
                Err(StoreError::Refused(SendRefusal::Recipients(_)))
            ),
            "{backend}"
        );
        let m = message(vec![Recipient::School(s.id.clone())], "Info", "x");
        let outcome = send_as(store, &s.id, &s.paul, Role::Head, m, NOW)
            .await
            .unwrap();
        assert!(
            matches!(outcome, SendOutcome::Delivered { recipients: 7, .. }),
            "{backend}: {outcome:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_first_sign_in_from_a_device_is_recorded_and_told_to_the_owner() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let token = SecretDigest::of("tablet");
        let mut session = new_session(&s.lea, &token);
        session.device = Some("tablet-1".into());
        store.create_session(session.clone()).await.unwrap();
        let info = store.session_by_token(&token, NOW).await.unwrap().unwrap();
        assert_eq!(
            info.device_first_seen,
            Some(session.created_at),
            "{backend}"
        );
        assert!(info.on_new_device(NOW));
        assert!(!info.on_new_device(session.created_at.plus_seconds(86_400)));
        let notices = store.mailbox(&s.lea, Folder::Inbox, None, 0).await.unwrap();
        assert_eq!(notices.len(), 1, "{backend}");
        assert_eq!(notices[0].kind, "notice");
        // The same device again: no second notice.
        let mut again = new_session(&s.lea, &SecretDigest::of("tablet-2"));
        again.device = Some("tablet-1".into());
        store.create_session(again).await.unwrap();
        assert_eq!(
            store
                .mailbox(&s.lea, Folder::Inbox, None, 0)
                .await
                .unwrap()
                .len(),
            1
        );
    })
    .await;
}

#[tokio::test]
async fn a_new_device_reaches_sixty_people_a_day_however_it_splits_them() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let class = || Recipient::Class(s.class_6a.clone());
        // Léa and Inès, thirty times over, a message every ten seconds: sixty people.
        for n in 0..30 {
            let mut m = message(vec![class()], "Devoirs", &format!("exercice {n}"));
            m.new_device = true;
            let outcome = send_as(
                store,
                &s.id,
                &s.marc,
                Role::Teacher,
                m,
                NOW.plus_seconds(n * 10),
            )
            .await;
            assert!(
                matches!(outcome, Ok(SendOutcome::Delivered { .. })),
                "{backend} {n}: {outcome:?}"
            );
        }
        let mut m = message(vec![class()], "Devoirs", "encore");
        m.new_device = true;
        let refused = send_as(
            store,
            &s.id,
            &s.marc,
            Role::Teacher,
            m,
            NOW.plus_seconds(300),
        )
        .await;
        let Err(StoreError::Refused(SendRefusal::Recipients(refused))) = refused else {
            panic!("{backend}: {refused:?}");
        };
        assert_eq!(refused[0].refusal, Refusal::NewDevice);
        // From his known computer, Marc goes on.
        let m = message(vec![class()], "Devoirs", "encore");
        send_as(
            store,
            &s.id,
            &s.marc,
            Role::Teacher,
            m,
            NOW.plus_seconds(300),
        )
        .await
        .unwrap();
    })
    .await;
}

#[tokio::test]
async fn nothing_leaves_an_account_once_its_threat_locked_it() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let threat = message(
            vec![person(&s.marc)],
            "demain",
            "Une bombe va exploser dans la cour demain à 11h.",
        );
        // The threat and a burst of ordinary messages race through the write path
        // together (on SQLite, into the same batches).
        let mut sends = vec![send_as(store, &s.id, &s.lea, Role::Pupil, threat, NOW)];
        sends.extend((0..4).map(|n| {
            let m = message(vec![person(&s.marc)], "Question", &format!("question {n}"));
            send_as(store, &s.id, &s.lea, Role::Pupil, m, NOW)
        }));
        let outcomes = futures_util::future::join_all(sends).await;
        assert!(
            matches!(outcomes[0], Ok(SendOutcome::Blocked { .. })),
            "{backend}: {:?}",
            outcomes[0]
        );
        let entries = store.audit_entries(Some(&s.id), NOW).await.unwrap();
        let lock = entries
            .iter()
            .find(|e| e.event.kind == AuditKind::AccountLocked)
            .map(|e| e.seq)
            .unwrap();
        let sent: Vec<i64> = entries
            .iter()
            .filter(|e| e.event.kind == AuditKind::MessageSent)
            .map(|e| e.seq)
            .collect();
        assert!(
            sent.iter().all(|&seq| seq < lock),
            "{backend}: {sent:?} after {lock}"
        );
        let delivered = outcomes
            .iter()
            .filter(|o| matches!(o, Ok(SendOutcome::Delivered { .. })))
            .count();
        assert_eq!(delivered, sent.len(), "{backend}");
        assert_eq!(inbox(store, &s.marc).await.len(), delivered, "{backend}");
    })
    .await;
}
