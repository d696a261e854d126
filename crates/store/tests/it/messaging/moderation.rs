//! Moderation and incident response: held, reported, recalled; sessions ended, passwords cleared.

use super::*;

#[tokio::test]
async fn held_messages_wait_for_a_moderator_and_delivered_ones_can_be_recalled() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let moderate = permit(Role::Staff, &s.anne, Action::ModerateMessages(s.id.clone()));
        let m = message(
            vec![person(&s.marc)],
            "Question",
            "je ramène un couteau demain",
        );
        let outcome = send_as(store, &s.id, &s.lea, Role::Pupil, m, NOW)
            .await
            .unwrap();
        let id = match outcome {
            SendOutcome::Held { id } => id,
            other => panic!("{backend}: expected held, got {other:?}"),
        };
        assert!(inbox(store, &s.marc).await.is_empty());
        let (status, reached) = store
            .moderate(&moderate, &moderator(&s.anne), &id, Decision::Release, NOW)
            .await
            .unwrap();
        assert_eq!(
            (status, reached),
            (MessageStatus::Delivered, 1),
            "{backend}"
        );
        assert_eq!(inbox(store, &s.marc).await, ["Question"]);
        // Releasing twice is refused; recalling takes it from every mailbox.
        assert!(matches!(
            store
                .moderate(&moderate, &moderator(&s.anne), &id, Decision::Release, NOW)
                .await,
            Err(StoreError::Conflict)
        ));
        let (status, reached) = store
            .moderate(&moderate, &moderator(&s.anne), &id, Decision::Recall, NOW)
            .await
            .unwrap();
        assert_eq!((status, reached), (MessageStatus::Recalled, 1), "{backend}");
        assert!(inbox(store, &s.marc).await.is_empty());
        let kinds: Vec<String> = store
            .audit_entries(Some(&s.id), NOW)
            .await
            .unwrap()
            .iter()
            .map(|e| e.event.kind.as_str().to_owned())
            .collect();
        assert_eq!(
            kinds,
            ["message_held", "message_released", "message_recalled"],
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_reported_message_reaches_the_moderation_queue() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let m = message(vec![person(&s.lea)], "Remarque", "Tu parles trop en cours.");
        let SendOutcome::Delivered { id, .. } =
            send_as(store, &s.id, &s.marc, Role::Teacher, m, NOW)
                .await
                .unwrap()
        else {
            panic!("{backend}");
        };
        store
            .report_message(
                &s.lea,
                &s.id,
                &id,
                "Ce message me met mal à l'aise",
                "203.0.113.9",
                NOW,
            )
            .await
            .unwrap();
        let again = store
            .report_message(&s.lea, &s.id, &id, "encore", "203.0.113.9", NOW)
            .await
            .unwrap();
        assert!(!again, "{backend}: the same report");
        let reported = store
            .audit_entries(Some(&s.id), NOW)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.event.kind.as_str() == "message_reported")
            .count();
        assert_eq!(reported, 1, "{backend}: one audit entry");
        assert!(
            matches!(
                store
                    .report_message(&s.tom, &s.id, &id, "", "203.0.113.9", NOW)
                    .await,
                Err(StoreError::NotFound)
            ),
            "{backend}: only a recipient reports"
        );
        let moderate = permit(Role::Head, &s.paul, Action::ModerateMessages(s.id.clone()));
        let queue = store.moderation_queue(&moderate).await.unwrap();
        assert_eq!(queue.len(), 1, "{backend}");
        assert_eq!(
            queue[0].reports,
            vec![(
                "Léa Martin".to_owned(),
                "Ce message me met mal à l'aise".to_owned()
            )]
        );
        store
            .moderate(&moderate, &moderator(&s.paul), &id, Decision::Dismiss, NOW)
            .await
            .unwrap();
        assert!(
            store.moderation_queue(&moderate).await.unwrap().is_empty(),
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn incident_response_ends_sessions_and_sends_accounts_back_to_activation() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let lea_token = SecretDigest::of("lea");
        let marc_token = SecretDigest::of("marc");
        store
            .create_session(new_session(&s.lea, &lea_token))
            .await
            .unwrap();
        store
            .create_session(new_session(&s.marc, &marc_token))
            .await
            .unwrap();
        let respond = permit(Role::Head, &s.paul, Action::RespondToIncident(s.id.clone()));
        let report = store
            .respond_to_incident(
                std::slice::from_ref(&respond),
                &[Role::Pupil, Role::Teacher],
                &moderator(&s.paul),
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(report.accounts, 5, "{backend}: three pupils, two teachers");
        assert_eq!(report.sessions, 2, "{backend}");
        assert!(store
            .session_by_token(&lea_token, NOW)
            .await
            .unwrap()
            .is_none());
        assert!(store
            .session_by_token(&marc_token, NOW)
            .await
            .unwrap()
            .is_none());
        let lea = store.account(&s.lea).await.unwrap().unwrap();
        assert_eq!(
            lea.status,
            cartable_core::AccountStatus::Pending,
            "{backend}: pupils get new codes"
        );
        let marc = store.account(&s.marc).await.unwrap().unwrap();
        assert_eq!(
            marc.status,
            cartable_core::AccountStatus::Pending,
            "{backend}: the old password opens nothing"
        );
        assert!(marc.password_hash.is_none());
        let anne = store.account(&s.anne).await.unwrap().unwrap();
        assert_eq!(
            anne.status,
            cartable_core::AccountStatus::Active,
            "staff not chosen"
        );
        let notices = store
            .mailbox(&s.marc, Folder::Inbox, None, 0)
            .await
            .unwrap();
        assert_eq!(notices[0].kind, "notice");
        // A head cannot reset heads.
        let refused = store
            .respond_to_incident(&[respond], &[Role::Head], &moderator(&s.paul), NOW)
            .await;
        assert!(matches!(refused, Err(StoreError::Forbidden)), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn a_held_message_of_a_locked_account_is_not_released_in_its_name() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let m = message(
            vec![person(&s.marc)],
            "Question",
            "je ramène un couteau demain",
        );
        let SendOutcome::Held { id } = send_as(store, &s.id, &s.lea, Role::Pupil, m, NOW)
            .await
            .unwrap()
        else {
            panic!("{backend}: expected held");
        };
        let lock = permit(
            Role::Staff,
            &s.anne,
            Action::LockAccount {
                school: s.id.clone(),
                target: Role::Pupil,
            },
        );
        store.lock_account(&lock, &s.lea, NOW).await.unwrap();
        let moderate = permit(Role::Staff, &s.anne, Action::ModerateMessages(s.id.clone()));
        let release = store
            .moderate(&moderate, &moderator(&s.anne), &id, Decision::Release, NOW)
            .await;
        assert!(
            matches!(release, Err(StoreError::Conflict)),
            "{backend}: {release:?}"
        );
        assert!(inbox(store, &s.marc).await.is_empty());
        let (status, _) = store
            .moderate(&moderate, &moderator(&s.anne), &id, Decision::Reject, NOW)
            .await
            .unwrap();
        assert_eq!(status, MessageStatus::Rejected);
    })
    .await;
}
