//! The trash keeps things 30 days, counts in the quota, and gives back what went together.

use super::{blob, name, names, own, NewFile};
use crate::continuity::school;
use crate::fixture::{self, NOW};
use cartable_core::documents::{DocumentRefusal, Quota};
use cartable_store::StoreError;

const DAY: i64 = 86_400;

#[tokio::test]
async fn what_went_to_the_trash_together_comes_back_together() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let (me, space) = own(store, &s.school.id, "marc.dupont").await;
        let folder = store
            .create_document_folder(&space, &me, None, &name("Cours"), NOW)
            .await
            .unwrap();
        let early = store
            .add_document_file(
                &space,
                &me,
                &NewFile {
                    parent: Some(&folder),
                    name: &name("a.pdf"),
                    blob: &blob(1, 5),
                },
                Quota(100),
                NOW,
            )
            .await
            .unwrap();
        let kept = store
            .add_document_file(
                &space,
                &me,
                &NewFile {
                    parent: Some(&folder),
                    name: &name("b.pdf"),
                    blob: &blob(2, 5),
                },
                Quota(100),
                NOW,
            )
            .await
            .unwrap();
        // a.pdf first, then the whole folder.
        store.trash_document(&space, &early.id, NOW).await.unwrap();
        store
            .trash_document(&space, &folder, NOW.plus_seconds(60))
            .await
            .unwrap();
        assert!(names(store, &space, None).await.is_empty(), "{backend}");
        assert!(matches!(
            store.document(&space, &kept.id).await,
            Err(StoreError::NotFound)
        ));
        let trash = store
            .documents_trash(&space, NOW.plus_seconds(120))
            .await
            .unwrap();
        let listed: Vec<&str> = trash.iter().map(|t| t.item.name.as_str()).collect();
        assert_eq!(listed, ["Cours", "a.pdf"], "{backend}");
        assert_eq!(trash[0].restorable_until, NOW.plus_seconds(60 + 30 * DAY));
        // Only what the person deleted can be restored, not what went with it.
        assert!(matches!(
            store.restore_document(&space, &kept.id, NOW).await,
            Err(StoreError::NotFound)
        ));
        store.restore_document(&space, &folder, NOW).await.unwrap();
        assert_eq!(
            names(store, &space, Some(&folder)).await,
            ["b.pdf"],
            "{backend}"
        );
        store
            .restore_document(&space, &early.id, NOW)
            .await
            .unwrap();
        assert_eq!(
            names(store, &space, Some(&folder)).await,
            ["a.pdf", "b.pdf"]
        );

        // A file whose folder is in the trash comes back to the root; a name taken
        // meanwhile is refused.
        store.trash_document(&space, &early.id, NOW).await.unwrap();
        store.trash_document(&space, &folder, NOW).await.unwrap();
        store
            .restore_document(&space, &early.id, NOW)
            .await
            .unwrap();
        assert_eq!(names(store, &space, None).await, ["a.pdf"]);
        store
            .create_document_folder(&space, &me, None, &name("cours"), NOW)
            .await
            .unwrap();
        assert!(matches!(
            store.restore_document(&space, &folder, NOW).await,
            Err(StoreError::Document(DocumentRefusal::NameTaken))
        ));
    })
    .await;
}

#[tokio::test]
async fn the_trash_counts_in_the_quota_until_it_is_purged_after_thirty_days() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let (me, space) = own(store, &s.school.id, "lea.martin").await;
        let quota = Quota(100);
        let big = store
            .add_document_file(
                &space,
                &me,
                &NewFile {
                    parent: None,
                    name: &name("vidéo.mp4"),
                    blob: &blob(1, 60),
                },
                quota,
                NOW,
            )
            .await
            .unwrap();
        let over = store
            .add_document_file(
                &space,
                &me,
                &NewFile {
                    parent: None,
                    name: &name("photo.png"),
                    blob: &blob(2, 41),
                },
                quota,
                NOW,
            )
            .await;
        assert!(
            matches!(
                over,
                Err(StoreError::Document(DocumentRefusal::QuotaExceeded {
                    remaining: 40
                }))
            ),
            "{backend}"
        );
        store.trash_document(&space, &big.id, NOW).await.unwrap();
        assert_eq!(store.documents_used(&space, NOW).await.unwrap(), 60);
        let still_over = store
            .add_document_file(
                &space,
                &me,
                &NewFile {
                    parent: None,
                    name: &name("photo.png"),
                    blob: &blob(2, 41),
                },
                quota,
                NOW,
            )
            .await;
        assert!(matches!(
            still_over,
            Err(StoreError::Document(DocumentRefusal::QuotaExceeded { .. }))
        ));

        // Day 30 to the second: still there and restorable. After: purged when read.
        let last = NOW.plus_seconds(30 * DAY);
        assert_eq!(store.documents_trash(&space, last).await.unwrap().len(), 1);
        assert_eq!(
            store.documents_used(&space, last).await.unwrap(),
            60,
            "{backend}"
        );
        let later = last.plus_seconds(1);
        assert_eq!(
            store.documents_used(&space, later).await.unwrap(),
            0,
            "{backend}"
        );
        assert!(store
            .documents_trash(&space, later)
            .await
            .unwrap()
            .is_empty());
        assert!(matches!(
            store.restore_document(&space, &big.id, later).await,
            Err(StoreError::NotFound)
        ));
        store
            .add_document_file(
                &space,
                &me,
                &NewFile {
                    parent: None,
                    name: &name("photo.png"),
                    blob: &blob(2, 41),
                },
                quota,
                later,
            )
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn expired_trash_is_purged_everywhere_at_once() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let (lea, lea_space) = own(store, &s.school.id, "lea.martin").await;
        let (tom, tom_space) = own(store, &s.school.id, "tom.martin").await;
        let folder = store
            .create_document_folder(&lea_space, &lea, None, &name("Vieux"), NOW)
            .await
            .unwrap();
        store
            .add_document_file(
                &lea_space,
                &lea,
                &NewFile {
                    parent: Some(&folder),
                    name: &name("x.pdf"),
                    blob: &blob(1, 5),
                },
                Quota(100),
                NOW,
            )
            .await
            .unwrap();
        store
            .trash_document(&lea_space, &folder, NOW)
            .await
            .unwrap();
        let recent = store
            .create_document_folder(&tom_space, &tom, None, &name("Récent"), NOW)
            .await
            .unwrap();
        store
            .trash_document(&tom_space, &recent, NOW.plus_seconds(20 * DAY))
            .await
            .unwrap();
        let purged = store
            .purge_expired_documents(NOW.plus_seconds(31 * DAY))
            .await
            .unwrap();
        assert_eq!(purged, 2, "{backend}");
        assert!(store.document_space(&folder).await.unwrap().is_none());
        assert!(store.document_space(&recent).await.unwrap().is_some());
    })
    .await;
}
