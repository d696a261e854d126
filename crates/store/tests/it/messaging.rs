//! Messaging on every backend: the policy on each recipient, all-or-nothing delivery, the
//! shield's verdicts and what they do to the sender, moderation, switches, hours, limits.

use crate::fixture::{activate, on_every_backend, populated_school, NOW};
use crate::sessions::new_session;
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::messaging::{
    MessageContent, MessagingPolicy, MessagingSwitches, Recipient, Refusal,
};
use cartable_core::secret::SecretDigest;
use cartable_core::{Actor, ClassId, Role, SchoolId, Timestamp, UserId};
use cartable_store::messaging::{
    Decision, Folder, MessageStatus, Moderator, Origin, OutgoingMessage, SendOutcome, SendRefusal,
};
use cartable_store::{Store, StoreError};

/// The fixture school with everyone active.
struct School {
    id: SchoolId,
    lea: UserId,
    tom: UserId,
    ines: UserId,
    sophie: UserId,
    marc: UserId,
    julie: UserId,
    anne: UserId,
    paul: UserId,
    class_6a: ClassId,
}

async fn school(store: &Store) -> School {
    let school = populated_school(store).await;
    let id = school.id.clone();
    let mut people = Vec::new();
    for (login, role) in [
        ("lea.martin", Role::Pupil),
        ("tom.martin", Role::Pupil),
        ("ines.haddad", Role::Pupil),
        ("sophie.martin", Role::Parent),
        ("marc.dupont", Role::Teacher),
        ("julie.bernard", Role::Teacher),
        ("anne.roux", Role::Staff),
        ("paul.leroy", Role::Head),
    ] {
        people.push(activate(store, &id, login, role, "$argon2id$test").await);
    }
    let profile = store.profile(&people[0]).await.unwrap().unwrap();
    let [lea, tom, ines, sophie, marc, julie, anne, paul] = people.try_into().unwrap();
    School {
        id,
        lea,
        tom,
        ines,
        sophie,
        marc,
        julie,
        anne,
        paul,
        class_6a: profile.class_ids[0].clone(),
    }
}

fn message(to: Vec<Recipient>, subject: &str, body: &str) -> OutgoingMessage {
    OutgoingMessage {
        to,
        content: MessageContent::new(subject, body).unwrap(),
        attachments: Vec::new(),
        reply_to: None,
        replaces_draft: None,
        origin: Origin {
            session: None,
            ip: "203.0.113.7".into(),
            device: Some("device-1".into()),
            user_agent: "test".into(),
        },
        new_device: false,
    }
}

async fn send_as(
    store: &Store,
    school: &SchoolId,
    sender: &UserId,
    role: Role,
    message: OutgoingMessage,
    now: Timestamp,
) -> Result<SendOutcome, StoreError> {
    let actor = Actor::person(sender.clone(), role, vec![school.clone()]);
    let permit = authorize(&actor, Action::SendMessages(school.clone())).unwrap();
    store
        .send_message(&permit, sender, std::slice::from_ref(school), message, now)
        .await
        .map(|(outcome, _)| outcome)
}

fn person(user: &UserId) -> Recipient {
    Recipient::User(user.clone())
}

async fn inbox(store: &Store, user: &UserId) -> Vec<String> {
    store
        .mailbox(user, Folder::Inbox, None, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.subject)
        .collect()
}

fn moderator(user: &UserId) -> Moderator {
    Moderator {
        user: user.clone(),
        ip: "198.51.100.1".into(),
        session: None,
    }
}

fn permit(role: Role, user: &UserId, action: Action) -> Permit {
    let school = action_school(&action);
    authorize(&Actor::person(user.clone(), role, vec![school]), action).unwrap()
}

fn action_school(action: &Action) -> SchoolId {
    match action {
        Action::ModerateMessages(s)
        | Action::SwitchMessaging(s)
        | Action::EditMessagingPolicy(s)
        | Action::RespondToIncident(s)
        | Action::ManageGroups(s) => s.clone(),
        _ => unreachable!("not a school action"),
    }
}

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
async fn sends_at_once_from_one_account_cannot_slip_under_the_limit_together() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let sends = (0..20).map(|n| {
            let m = message(vec![person(&s.marc)], "Question", &format!("question {n}"));
            send_as(store, &s.id, &s.lea, Role::Pupil, m, NOW)
        });
        let outcomes = futures_util::future::join_all(sends).await;
        let delivered = outcomes
            .iter()
            .filter(|o| matches!(o, Ok(SendOutcome::Delivered { .. })))
            .count();
        let slowed = outcomes
            .iter()
            .filter(|o| matches!(o, Err(StoreError::Refused(SendRefusal::TooFast(_)))))
            .count();
        assert_eq!((delivered, slowed), (5, 15), "{backend}");
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
