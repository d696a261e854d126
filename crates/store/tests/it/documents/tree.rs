//! Names unique in a folder, moves that keep the tree a tree.

use super::{blob, name, names, own, NewFile};
use crate::continuity::school;
use crate::fixture::{self, NOW};
use cartable_core::documents::tree::MAX_DEPTH;
use cartable_core::documents::{DocumentRefusal, Quota};
use cartable_store::StoreError;

fn refused(result: Result<impl std::fmt::Debug, StoreError>) -> DocumentRefusal {
    match result {
        Err(StoreError::Document(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn names_are_unique_in_a_folder_case_aside() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let (me, space) = own(store, &s.school.id, "marc.dupont").await;
        let cours = store
            .create_document_folder(&space, &me, None, &name("Cours"), NOW)
            .await
            .unwrap();
        let again = store
            .create_document_folder(&space, &me, None, &name("cours"), NOW)
            .await;
        assert_eq!(refused(again), DocumentRefusal::NameTaken, "{backend}");
        let file = store
            .add_document_file(
                &space,
                &me,
                &NewFile {
                    parent: None,
                    name: &name("COURS"),
                    blob: &blob(2, 5),
                },
                Quota(100),
                NOW,
            )
            .await;
        assert_eq!(refused(file), DocumentRefusal::NameTaken);
        // The same name in another folder is fine; renaming onto a taken name is not.
        let inner = store
            .create_document_folder(&space, &me, Some(&cours), &name("Cours"), NOW)
            .await
            .unwrap();
        let other = store
            .create_document_folder(&space, &me, None, &name("Archives"), NOW)
            .await
            .unwrap();
        assert_eq!(
            refused(
                store
                    .rename_document(&space, &other, &name("COURS"), NOW)
                    .await
            ),
            DocumentRefusal::NameTaken
        );
        store
            .rename_document(&space, &cours, &name("COURS"), NOW)
            .await
            .unwrap();
        assert_eq!(
            names(store, &space, None).await,
            ["Archives", "COURS"],
            "{backend}"
        );
        // Moving the inner folder up onto its parent's name is refused too.
        assert_eq!(
            refused(store.move_document(&space, &inner, None, NOW).await),
            DocumentRefusal::NameTaken
        );
        // A name freed by the trash can be used again.
        store.trash_document(&space, &other, NOW).await.unwrap();
        store
            .create_document_folder(&space, &me, None, &name("archives"), NOW)
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_folder_never_goes_under_itself_nor_into_a_file() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let (me, space) = own(store, &s.school.id, "marc.dupont").await;
        let a = store
            .create_document_folder(&space, &me, None, &name("A"), NOW)
            .await
            .unwrap();
        let b = store
            .create_document_folder(&space, &me, Some(&a), &name("B"), NOW)
            .await
            .unwrap();
        let c = store
            .create_document_folder(&space, &me, Some(&b), &name("C"), NOW)
            .await
            .unwrap();
        for (folder, into) in [(&a, &a), (&a, &c), (&b, &c), (&a, &b)] {
            assert_eq!(
                refused(store.move_document(&space, folder, Some(into), NOW).await),
                DocumentRefusal::IntoItself,
                "{backend}"
            );
        }
        let file = store
            .add_document_file(
                &space,
                &me,
                &NewFile {
                    parent: Some(&c),
                    name: &name("f.pdf"),
                    blob: &blob(3, 5),
                },
                Quota(100),
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(
            refused(store.move_document(&space, &b, Some(&file.id), NOW).await),
            DocumentRefusal::NotAFolder
        );
        assert_eq!(
            refused(
                store
                    .create_document_folder(&space, &me, Some(&file.id), &name("x"), NOW)
                    .await
            ),
            DocumentRefusal::NotAFolder
        );
        // C up to the root, then A under C: allowed, the tree is still a tree.
        store.move_document(&space, &c, None, NOW).await.unwrap();
        store
            .move_document(&space, &a, Some(&c), NOW)
            .await
            .unwrap();
        assert_eq!(names(store, &space, None).await, ["C"]);
        assert_eq!(
            names(store, &space, Some(&c)).await,
            ["A", "f.pdf"],
            "{backend}"
        );
        let listing = store.documents_listing(&space, Some(&b)).await.unwrap();
        let path: Vec<&str> = listing.path.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(path, ["C", "A", "B"]);
        let folders = store.document_folders(&space, 100).await.unwrap();
        let paths: Vec<&str> = folders.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(paths, ["C", "C/A", "C/A/B"]);
    })
    .await;
}

#[tokio::test]
async fn folders_nest_only_so_deep() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let (me, space) = own(store, &s.school.id, "lea.martin").await;
        let mut parent = None;
        let mut first = None;
        for depth in 1..=MAX_DEPTH {
            let id = store
                .create_document_folder(
                    &space,
                    &me,
                    parent.as_ref(),
                    &name(&format!("n{depth}")),
                    NOW,
                )
                .await
                .unwrap();
            first.get_or_insert(id.clone());
            parent = Some(id);
        }
        let deeper = store
            .create_document_folder(&space, &me, parent.as_ref(), &name("trop"), NOW)
            .await;
        assert_eq!(refused(deeper), DocumentRefusal::TooDeep, "{backend}");
        // A two-level folder cannot go under the deepest but one either.
        let two = store
            .create_document_folder(&space, &me, None, &name("deux"), NOW)
            .await
            .unwrap();
        store
            .create_document_folder(&space, &me, Some(&two), &name("sous"), NOW)
            .await
            .unwrap();
        let chain = store
            .documents_listing(&space, parent.as_ref())
            .await
            .unwrap()
            .path;
        let second_deepest = &chain[MAX_DEPTH - 2].id;
        assert_eq!(
            refused(
                store
                    .move_document(&space, &two, Some(second_deepest), NOW)
                    .await
            ),
            DocumentRefusal::TooDeep
        );
        let third_deepest = &chain[MAX_DEPTH - 3].id;
        store
            .move_document(&space, &two, Some(third_deepest), NOW)
            .await
            .unwrap();
    })
    .await;
}
