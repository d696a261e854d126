//! Fan-out on read: a message stored once per audience reaches exactly those who were in it
//! when it was sent, once each, never its own sender; each reader's unread count and trash
//! are their own.

use super::*;
use crate::fixture::{operator, DIRECTORY};
use cartable_core::import::parse_directory;
use cartable_core::MessageId;

fn delivered(outcome: SendOutcome) -> MessageId {
    match outcome {
        SendOutcome::Delivered { id, .. } => id,
        other => panic!("not delivered: {other:?}"),
    }
}

async fn to_class(store: &Store, s: &School, subject: &str, at: Timestamp) -> MessageId {
    let to = vec![Recipient::Class(s.class_6a.clone())];
    let outcome = send_as(
        store,
        &s.id,
        &s.marc,
        Role::Teacher,
        message(to, subject, "…"),
        at,
    )
    .await
    .unwrap();
    delivered(outcome)
}

#[tokio::test]
async fn a_class_message_reaches_those_in_the_class_when_it_was_sent() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let before = to_class(store, &s, "Avant", NOW).await;
        assert_eq!(
            store.inboxes_holding(&before).await.unwrap(),
            2,
            "{backend}"
        );
        // Tom moves into 6e A and Inès leaves it for 5e B.
        let moved = DIRECTORY
            .replace("tom.martin,Martin,Tom,5e B", "tom.martin,Martin,Tom,6e A")
            .replace(
                "ines.haddad,Haddad,Inès,6e A",
                "ines.haddad,Haddad,Inès,5e B",
            );
        let rows = parse_directory(&moved).unwrap();
        store
            .import_directory(
                &operator(Action::ImportDirectory(s.id.clone())),
                &rows,
                NOW.plus_seconds(100),
            )
            .await
            .unwrap();
        let after = to_class(store, &s, "Après", NOW.plus_seconds(200)).await;
        assert_eq!(inbox(store, &s.lea).await, ["Après", "Avant"], "{backend}");
        assert_eq!(
            inbox(store, &s.tom).await,
            ["Après"],
            "{backend}: what was written before he joined is not his"
        );
        assert!(
            inbox(store, &s.ines).await.is_empty(),
            "{backend}: she left the class and its messages"
        );
        assert!(matches!(
            store.read_message(&s.tom, &before, NOW).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            store.inboxes_holding(&before).await.unwrap(),
            1,
            "{backend}"
        );
        assert_eq!(store.inboxes_holding(&after).await.unwrap(), 2, "{backend}");
        // Léa's unchanged membership kept its date through the import.
        assert_eq!(store.unread_count(&s.lea).await.unwrap(), 2, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn a_message_to_overlapping_audiences_is_listed_once_and_never_to_its_sender() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let to = vec![
            Recipient::Class(s.class_6a.clone()),
            Recipient::School(s.id.clone()),
        ];
        let outcome = send_as(
            store,
            &s.id,
            &s.paul,
            Role::Head,
            message(to, "Rentrée", "…"),
            NOW,
        )
        .await
        .unwrap();
        let SendOutcome::Delivered { recipients, .. } = outcome else {
            panic!("{backend}: {outcome:?}");
        };
        assert_eq!(
            recipients, 7,
            "{backend}: everyone in the school but the head"
        );
        assert_eq!(inbox(store, &s.lea).await, ["Rentrée"], "{backend}");
        assert_eq!(store.unread_count(&s.lea).await.unwrap(), 1, "{backend}");
        assert!(inbox(store, &s.paul).await.is_empty(), "{backend}");
        let to = vec![Recipient::ClassTeachers(s.class_6a.clone())];
        let later = NOW.plus_seconds(1);
        send_as(
            store,
            &s.id,
            &s.marc,
            Role::Teacher,
            message(to, "Conseil", "…"),
            later,
        )
        .await
        .unwrap();
        assert_eq!(
            inbox(store, &s.julie).await,
            ["Conseil", "Rentrée"],
            "{backend}"
        );
        assert_eq!(
            inbox(store, &s.marc).await,
            ["Rentrée"],
            "{backend}: a teacher of the class does not receive his own message"
        );
    })
    .await;
}

#[tokio::test]
async fn unread_counts_follow_each_readers_reads_and_trash_in_any_order() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let first = to_class(store, &s, "Un", NOW).await;
        let second = to_class(store, &s, "Deux", NOW.plus_seconds(1)).await;
        let third = to_class(store, &s, "Trois", NOW.plus_seconds(2)).await;
        assert_eq!(store.unread_count(&s.lea).await.unwrap(), 3, "{backend}");
        store
            .read_message(&s.lea, &second, NOW.plus_seconds(5))
            .await
            .unwrap();
        assert_eq!(store.unread_count(&s.lea).await.unwrap(), 2, "{backend}");
        assert_eq!(
            store.unread_count(&s.ines).await.unwrap(),
            3,
            "{backend}: her own"
        );
        store.set_trashed(&s.lea, &third, true, NOW).await.unwrap();
        assert_eq!(store.unread_count(&s.lea).await.unwrap(), 1, "{backend}");
        assert_eq!(inbox(store, &s.lea).await, ["Deux", "Un"], "{backend}");
        let trash = store.mailbox(&s.lea, Folder::Trash, None, 0).await.unwrap();
        assert_eq!(trash.len(), 1, "{backend}");
        assert_eq!(trash[0].subject, "Trois");
        assert_eq!(
            inbox(store, &s.ines).await.len(),
            3,
            "{backend}: her inbox is hers"
        );
        store.set_trashed(&s.lea, &third, false, NOW).await.unwrap();
        assert_eq!(store.unread_count(&s.lea).await.unwrap(), 2, "{backend}");
        // Reading everything, much later, moves the reader's watermark forward ...
        let later = NOW.plus_seconds(10_000);
        for id in [&first, &third] {
            store.read_message(&s.lea, id, later).await.unwrap();
        }
        assert_eq!(store.unread_count(&s.lea).await.unwrap(), 0, "{backend}");
        // ... but never past a message written just before that read and committed after
        // it, nor past a new one.
        to_class(store, &s, "En retard", later.plus_seconds(-30)).await;
        to_class(store, &s, "Nouveau", later.plus_seconds(1)).await;
        assert_eq!(store.unread_count(&s.lea).await.unwrap(), 2, "{backend}");
        assert_eq!(inbox(store, &s.lea).await.len(), 5, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn the_unread_count_is_exact_below_its_cap_whatever_was_read_out_of_order() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        let mut ids = Vec::new();
        for n in 0..120 {
            let at = NOW.plus_seconds(10 * n);
            ids.push(to_class(store, &s, &format!("n°{n}"), at).await);
        }
        assert_eq!(
            store.unread_count(&s.lea).await.unwrap(),
            99,
            "{backend}: capped"
        );
        // Reading the thirty newest leaves ninety unread, the oldest first.
        let later = NOW.plus_seconds(2_000);
        for id in &ids[90..] {
            store.read_message(&s.lea, id, later).await.unwrap();
        }
        assert_eq!(store.unread_count(&s.lea).await.unwrap(), 90, "{backend}");
        // Trashing ten unread ones and reading every fourth of the rest.
        for id in &ids[..10] {
            store.set_trashed(&s.lea, id, true, later).await.unwrap();
        }
        for id in ids[10..90].iter().step_by(4) {
            store.read_message(&s.lea, id, later).await.unwrap();
        }
        assert_eq!(store.unread_count(&s.lea).await.unwrap(), 60, "{backend}");
        assert_eq!(store.unread_count(&s.ines).await.unwrap(), 99, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn pages_list_every_audience_newest_first_without_the_trash_and_with_what_was_read() {
    on_every_backend(async |store, backend| {
        let s = school(store).await;
        // Sixty messages, every third to the whole school, the others to Léa's class, with
        // some to both; then Léa reads some (older and newer than her watermark will be)
        // and trashes others.
        let mut ids = Vec::new();
        for n in 0..60 {
            let at = NOW.plus_seconds(10 * n);
            let to = match n % 3 {
                0 => vec![Recipient::School(s.id.clone())],
                1 => vec![Recipient::Class(s.class_6a.clone())],
                _ => vec![
                    Recipient::Class(s.class_6a.clone()),
                    Recipient::School(s.id.clone()),
                ],
            };
            let outcome = send_as(
                store,
                &s.id,
                &s.paul,
                Role::Head,
                message(to, &format!("n°{n}"), "…"),
                at,
            )
            .await
            .unwrap();
            ids.push(delivered(outcome));
        }
        let later = NOW.plus_seconds(5_000);
        let read: Vec<usize> = (0..8).chain((20..60).step_by(7)).collect();
        let trashed = [9, 31, 59];
        for &n in &read {
            store.read_message(&s.lea, &ids[n], later).await.unwrap();
        }
        for n in trashed {
            store
                .set_trashed(&s.lea, &ids[n], true, later)
                .await
                .unwrap();
        }
        let mut listed = Vec::new();
        for page in 0..3 {
            let entries = store
                .mailbox(&s.lea, Folder::Inbox, None, page)
                .await
                .unwrap();
            let (json, _) = store
                .mailbox_json(&s.lea, Folder::Inbox, None, page)
                .await
                .unwrap();
            let json: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
            assert_eq!(json.len(), entries.len(), "{backend}");
            for (e, j) in entries.iter().zip(&json) {
                assert_eq!(j["id"], e.id.to_string(), "{backend}");
                assert_eq!(j["read"], e.read, "{backend}");
                listed.push((e.id.clone(), e.read));
            }
        }
        let expected: Vec<(MessageId, bool)> = (0..60)
            .rev()
            .filter(|n| !trashed.contains(n))
            .map(|n| (ids[n].clone(), read.contains(&n)))
            .collect();
        assert_eq!(listed, expected, "{backend}: newest first, each once");
        for folder in [Folder::Inbox, Folder::Sent] {
            let (far, _) = store
                .mailbox_json(&s.lea, folder, None, i64::MAX)
                .await
                .unwrap();
            assert_eq!(far, "[]", "{backend}: a page past the end is empty");
        }
        assert_eq!(
            store.unread_count(&s.lea).await.unwrap(),
            i64::try_from(expected.iter().filter(|(_, read)| !read).count()).unwrap(),
            "{backend}"
        );
    })
    .await;
}
