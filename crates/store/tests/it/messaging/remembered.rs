//! An unread count asked for again is what the database holds after every kind of write
//! that changes it, although SQLite's server remembers it between writes.

use super::*;
use cartable_core::MessageId;
use cartable_store::NewSession;

async fn unread(store: &Store, user: &UserId) -> i64 {
    store.unread_count(user).await.unwrap()
}

/// A message of `user`'s inbox other than `other`.
async fn other_than(store: &Store, user: &UserId, other: &MessageId) -> MessageId {
    let entries = store.mailbox(user, Folder::Inbox, None, 0).await.unwrap();
    entries.into_iter().find(|e| &e.id != other).unwrap().id
}

#[tokio::test]
async fn a_remembered_unread_count_follows_every_write_that_changes_it() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        assert_eq!(unread(store, &s.lea).await, 0, "{backend}");

        // A message to her class.
        let to_class = message(vec![Recipient::Class(s.class_6a.clone())], "Classe", "…");
        let first = match send_as(store, &s.id, &s.marc, Role::Teacher, to_class, NOW)
            .await
            .unwrap()
        {
            SendOutcome::Delivered { id, .. } => id,
            other => panic!("{backend}: not delivered: {other:?}"),
        };
        assert_eq!(unread(store, &s.lea).await, 1, "{backend}: class message");
        assert_eq!(
            unread(store, &s.marc).await,
            0,
            "{backend}: not to its sender"
        );

        // The notice of a new device she signed in from.
        let session = NewSession {
            device: Some("phone".into()),
            ..new_session(&s.lea, &SecretDigest::of("new-device"))
        };
        store.create_session(session).await.unwrap();
        assert_eq!(
            unread(store, &s.lea).await,
            2,
            "{backend}: new device notice"
        );

        // A message held by moderation reaches its recipient only once released.
        let held = message(
            vec![person(&s.marc)],
            "Question",
            "je ramène un couteau demain",
        );
        let held = match send_as(store, &s.id, &s.lea, Role::Pupil, held, NOW)
            .await
            .unwrap()
        {
            SendOutcome::Held { id } => id,
            other => panic!("{backend}: expected held, got {other:?}"),
        };
        assert_eq!(unread(store, &s.marc).await, 0, "{backend}: held");
        let moderate = permit(Role::Staff, &s.anne, Action::ModerateMessages(s.id.clone()));
        store
            .moderate(
                &moderate,
                &moderator(&s.anne),
                &held,
                Decision::Release,
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(unread(store, &s.marc).await, 1, "{backend}: released");
        store
            .moderate(&moderate, &moderator(&s.anne), &held, Decision::Recall, NOW)
            .await
            .unwrap();
        assert_eq!(unread(store, &s.marc).await, 0, "{backend}: recalled");

        // Her own reading and trashing.
        store.read_message(&s.lea, &first, NOW).await.unwrap();
        assert_eq!(unread(store, &s.lea).await, 1, "{backend}: read");
        let notice = other_than(store, &s.lea, &first).await;
        store.set_trashed(&s.lea, &notice, true, NOW).await.unwrap();
        assert_eq!(unread(store, &s.lea).await, 0, "{backend}: trashed");
        store
            .set_trashed(&s.lea, &notice, false, NOW)
            .await
            .unwrap();
        assert_eq!(
            unread(store, &s.lea).await,
            1,
            "{backend}: back from the trash"
        );
    })
    .await;
}
