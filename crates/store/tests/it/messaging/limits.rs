//! Sending limits and switches: per minute, per hour, per sender at once, per role.

use super::*;

#[tokio::test]
async fn a_pupil_mass_mailing_is_stopped_at_the_limit_and_locked() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let mut policy = MessagingPolicy::default();
        policy.limits.pupil.recipients_per_hour = 2;
        store
            .set_messaging_policy(
                &permit(
                    Role::Head,
                    &s.paul,
                    Action::EditMessagingPolicy(s.id.clone()),
                ),
                &policy,
                &moderator(&s.paul),
                NOW,
            )
            .await
            .unwrap();
        let to = vec![person(&s.marc), person(&s.julie)];
        let first = send_as(
            store,
            &s.id,
            &s.lea,
            Role::Pupil,
            message(to.clone(), "Devoirs", "Bonjour"),
            NOW,
        )
        .await
        .unwrap();
        assert!(
            matches!(first, SendOutcome::Delivered { recipients: 2, .. }),
            "{backend}: {first:?}"
        );
        let second = send_as(
            store,
            &s.id,
            &s.lea,
            Role::Pupil,
            message(vec![person(&s.anne)], "Encore", "Bonjour"),
            NOW.plus_seconds(120),
        )
        .await
        .unwrap();
        assert!(
            matches!(second, SendOutcome::Blocked { .. }),
            "{backend}: {second:?}"
        );
        assert!(inbox(store, &s.anne)
            .await
            .iter()
            .all(|subject| subject != "Encore"));
        let account = store.account(&s.lea).await.unwrap().unwrap();
        assert_eq!(
            account.status,
            cartable_core::AccountStatus::Locked,
            "{backend}"
        );
        // A teacher past the same kind of limit is slowed down, not locked.
        for n in 0..5 {
            send_as(
                store,
                &s.id,
                &s.tom,
                Role::Pupil,
                message(vec![person(&s.marc)], "x", &format!("message {n}")),
                NOW,
            )
            .await
            .ok();
        }
        let too_fast = send_as(
            store,
            &s.id,
            &s.marc,
            Role::Teacher,
            message(vec![person(&s.anne)], "ok", "ok"),
            NOW,
        )
        .await;
        assert!(too_fast.is_ok(), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn the_sixth_message_in_a_minute_waits() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        for n in 0..5 {
            let m = message(vec![person(&s.marc)], "Question", &format!("question {n}"));
            send_as(store, &s.id, &s.lea, Role::Pupil, m, NOW)
                .await
                .unwrap();
        }
        let sixth = send_as(
            store,
            &s.id,
            &s.lea,
            Role::Pupil,
            message(vec![person(&s.marc)], "Q", "q"),
            NOW,
        )
        .await;
        assert!(
            matches!(sixth, Err(StoreError::Refused(SendRefusal::TooFast(_)))),
            "{backend}: {sixth:?}"
        );
        let later = send_as(
            store,
            &s.id,
            &s.lea,
            Role::Pupil,
            message(vec![person(&s.marc)], "Q", "q"),
            NOW.plus_seconds(61),
        )
        .await;
        assert!(later.is_ok(), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn sends_at_once_from_one_account_cannot_slip_under_the_limit_together() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let sends = (0..20).map(|n| {
            let m = message(vec![person(&s.marc)], "Question", &format!("question {n}"));
            send_as(store, &s.id, &s.lea, Role::Pupil, m, NOW)
        });
        let outcomes = futures_util::future::join_all(sends).await;
        let delivered = count(&outcomes, |o| {
            matches!(o, Ok(SendOutcome::Delivered { .. }))
        });
        let slowed = count(&outcomes, |o| {
            matches!(o, Err(StoreError::Refused(SendRefusal::TooFast(_))))
        });
        assert_eq!((delivered, slowed), (5, 15), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn switches_stop_a_role_at_once_and_leave_the_others_writing() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let switches = MessagingSwitches::off(
            &[Role::Pupil, Role::Parent],
            "Menaces reçues : messagerie suspendue",
        )
        .unwrap();
        let switch = permit(Role::Head, &s.paul, Action::SwitchMessaging(s.id.clone()));
        store
            .set_messaging_switches(
                std::slice::from_ref(&switch),
                &switches,
                &moderator(&s.paul),
                NOW,
            )
            .await
            .unwrap();
        let refused = send_as(
            store,
            &s.id,
            &s.lea,
            Role::Pupil,
            message(vec![person(&s.marc)], "Q", "q"),
            NOW,
        )
        .await;
        let Err(StoreError::Refused(SendRefusal::SwitchedOff(reason))) = refused else {
            panic!("{backend}: {refused:?}");
        };
        assert_eq!(reason, "Menaces reçues : messagerie suspendue");
        send_as(
            store,
            &s.id,
            &s.marc,
            Role::Teacher,
            message(vec![person(&s.lea)], "Cours", "ok"),
            NOW,
        )
        .await
        .unwrap();
        assert_eq!(
            store.switched_off_schools().await.unwrap(),
            vec![(s.id.clone(), switches)]
        );
        store
            .set_messaging_switches(
                &[switch],
                &MessagingSwitches::default(),
                &moderator(&s.paul),
                NOW,
            )
            .await
            .unwrap();
        assert!(
            store.switched_off_schools().await.unwrap().is_empty(),
            "{backend}"
        );
        send_as(
            store,
            &s.id,
            &s.lea,
            Role::Pupil,
            message(vec![person(&s.marc)], "Q", "q"),
            NOW,
        )
        .await
        .unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_burst_that_crosses_the_mass_mailing_limit_together_locks_at_the_crossing() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let mut policy = MessagingPolicy::default();
        policy.limits.pupil.recipients_per_hour = 2;
        let edit = permit(
            Role::Head,
            &s.paul,
            Action::EditMessagingPolicy(s.id.clone()),
        );
        store
            .set_messaging_policy(&edit, &policy, &moderator(&s.paul), NOW)
            .await
            .unwrap();
        // Four messages to one teacher each, at once (on SQLite, decided in one batch): two
        // fit the hour's allowance, the third crosses it and locks the account, the
        // fourth finds it locked.
        let sends = (0..4).map(|n| {
            let m = message(vec![person(&s.marc)], "Question", &format!("question {n}"));
            send_as(store, &s.id, &s.lea, Role::Pupil, m, NOW)
        });
        let outcomes = futures_util::future::join_all(sends).await;
        let delivered = count(&outcomes, |o| {
            matches!(o, Ok(SendOutcome::Delivered { .. }))
        });
        let blocked = count(&outcomes, |o| matches!(o, Ok(SendOutcome::Blocked { .. })));
        let refused = count(&outcomes, |o| matches!(o, Err(StoreError::Forbidden)));
        assert_eq!(
            (delivered, blocked, refused),
            (2, 1, 1),
            "{backend}: {outcomes:?}"
        );
        assert_eq!(inbox(store, &s.marc).await.len(), 2, "{backend}");
        let account = store.account(&s.lea).await.unwrap().unwrap();
        assert_eq!(
            account.status,
            cartable_core::AccountStatus::Locked,
            "{backend}"
        );
        let report = store.verify_audit().await.unwrap();
        assert!(report.is_intact(), "{backend}: {report:?}");
    })
    .await;
}

/// How many of `outcomes` are `pick`.
fn count(
    outcomes: &[Result<SendOutcome, StoreError>],
    pick: impl Fn(&Result<SendOutcome, StoreError>) -> bool,
) -> usize {
    outcomes.iter().filter(|o| pick(o)).count()
}
