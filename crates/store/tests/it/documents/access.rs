//! Who reaches which space: an id from another space finds nothing.

use super::{blob, class_space, name, names, own, NewFile};
use crate::continuity::school;
use crate::fixture::{self, NOW};
use cartable_core::documents::{Quota, Space};
use cartable_store::StoreError;

#[tokio::test]
async fn someone_else_s_ids_find_nothing_in_my_space() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let id = &s.school.id;
        let (lea, lea_space) = own(store, id, "lea.martin").await;
        let folder = store
            .create_document_folder(&lea_space, &lea, None, &name("Brouillons"), NOW)
            .await
            .unwrap();
        let file = store
            .add_document_file(
                &lea_space,
                &lea,
                &NewFile {
                    parent: Some(&folder),
                    name: &name("récit.pdf"),
                    blob: &blob(1, 10),
                },
                Quota(1000),
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(file.size, 10);
        assert_eq!(file.author, "Léa Martin", "{backend}");
        assert_eq!(
            store.document_space(&file.id).await.unwrap(),
            Some(Space::Personal(lea.clone()))
        );
        assert_eq!(names(store, &lea_space, Some(&folder)).await, ["récit.pdf"]);

        // Tom's permit opens Tom's space only: Léa's ids are not found in it.
        let (_, tom_space) = own(store, id, "tom.martin").await;
        fn not_found<T>(r: Result<T, StoreError>) -> bool {
            matches!(r, Err(StoreError::NotFound))
        }
        assert!(
            not_found(store.document(&tom_space, &file.id).await),
            "{backend}"
        );
        assert!(not_found(
            store.documents_listing(&tom_space, Some(&folder)).await
        ));
        assert!(not_found(
            store
                .rename_document(&tom_space, &file.id, &name("x"), NOW)
                .await
        ));
        assert!(not_found(
            store.trash_document(&tom_space, &folder, NOW).await
        ));
        assert!(not_found(
            store.move_document(&tom_space, &file.id, None, NOW).await
        ));
        assert!(names(store, &tom_space, None).await.is_empty());
        // Léa still has everything.
        assert_eq!(names(store, &lea_space, None).await, ["Brouillons"]);
    })
    .await;
}

#[tokio::test]
async fn a_class_space_is_written_by_its_teachers_and_read_by_its_class() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let id = &s.school.id;
        // The rule's answers through the directory's ties.
        for (login, reads, writes) in [
            ("lea.martin", true, false),
            ("tom.martin", false, false),
            ("sophie.martin", true, false),
            ("marc.dupont", true, true),
            ("julie.bernard", true, true),
            ("anne.roux", true, true),
            ("paul.leroy", true, true),
        ] {
            let read = class_space(store, id, login, &s.six_a, false).await;
            let write = class_space(store, id, login, &s.six_a, true).await;
            assert_eq!(
                (read.is_some(), write.is_some()),
                (reads, writes),
                "{login} {backend}"
            );
        }
        let marc = crate::fixture::user_id(store, "marc.dupont").await;
        let teacher = class_space(store, id, "marc.dupont", &s.six_a, true)
            .await
            .unwrap();
        let folder = store
            .create_document_folder(&teacher, &marc, None, &name("Chapitre 1"), NOW)
            .await
            .unwrap();
        let pupil = class_space(store, id, "lea.martin", &s.six_a, false)
            .await
            .unwrap();
        assert_eq!(
            names(store, &pupil, None).await,
            ["Chapitre 1"],
            "{backend}"
        );
        // A read permit writes nothing.
        let refused = store
            .create_document_folder(&pupil, &marc, None, &name("Tag"), NOW)
            .await;
        assert!(matches!(refused, Err(StoreError::Forbidden)), "{backend}");
        assert!(matches!(
            store.trash_document(&pupil, &folder, NOW).await,
            Err(StoreError::Forbidden)
        ));
        // Another class's space does not see this one's folder.
        let other = class_space(store, id, "marc.dupont", &s.five_b, true)
            .await
            .unwrap();
        assert!(matches!(
            store.documents_listing(&other, Some(&folder)).await,
            Err(StoreError::NotFound)
        ));
        // The spaces each one is offered.
        let classes = |login: &'static str| async move {
            let (user, actor) = crate::continuity::person(store, id, login).await;
            store
                .document_classes(&user, actor.role, id)
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(classes("lea.martin").await, ["6e A"]);
        assert_eq!(classes("sophie.martin").await, ["5e B", "6e A"]);
        assert_eq!(classes("marc.dupont").await, ["5e B", "6e A"]);
        assert_eq!(classes("julie.bernard").await, ["6e A"]);
        assert_eq!(classes("paul.leroy").await, ["5e B", "6e A"]);
    })
    .await;
}
