use crate::fixture::*;
use cartable_core::authz::Action;
use cartable_core::import::parse_directory;
use cartable_core::{Login, Role};
use cartable_store::{AccountQuery, ImportReport, StoreError};

#[tokio::test]
async fn a_directory_creates_accounts_classes_and_links() {
    on_every_backend(async |store, backend| {
        let school = school(store, 751_234).await;
        let rows = parse_directory(DIRECTORY).unwrap();
        let permit = operator(Action::ImportDirectory(school.id.clone()));
        let report = store.import_directory(&permit, &rows, NOW).await.unwrap();
        assert_eq!(
            report,
            ImportReport {
                created: 8,
                updated: 0,
                unchanged: 0,
                classes_created: 2
            },
            "{backend}"
        );
        let again = store.import_directory(&permit, &rows, NOW).await.unwrap();
        assert_eq!(
            again,
            ImportReport {
                created: 0,
                updated: 0,
                unchanged: 8,
                classes_created: 0
            },
            "{backend}"
        );
        let accounts = store
            .school_accounts(
                &operator(Action::ViewSchool(school.id.clone())),
                &AccountQuery::default(),
            )
            .await
            .unwrap();
        assert_eq!((accounts.accounts.len(), accounts.total), (8, 8));
    })
    .await;
}

#[tokio::test]
async fn a_changed_file_updates_names_classes_and_teaching() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let changed = "role,login,last_name,first_name,classes,children
pupil,lea.martin,Martin-Roux,Léa,5e B,
teacher,marc.dupont,Dupont,Marc,6e A:Mathématiques,
pupil,ines.haddad,Haddad,Inès,6e A,
";
        let permit = operator(Action::ImportDirectory(school.id.clone()));
        let report = store
            .import_directory(&permit, &parse_directory(changed).unwrap(), NOW)
            .await
            .unwrap();
        assert_eq!(
            report,
            ImportReport {
                created: 0,
                updated: 2,
                unchanged: 1,
                classes_created: 0
            },
            "{backend}"
        );
        let lea = store
            .pupil_home(&user_id(store, "lea.martin").await)
            .await
            .unwrap();
        assert_eq!(lea.class.unwrap().name, "5e B");
        let marc = store
            .teacher_home(&user_id(store, "marc.dupont").await)
            .await
            .unwrap();
        assert_eq!(marc.len(), 1);
        let account = store
            .account_by_login(&Login::parse("lea.martin").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.last_name, "Martin-Roux");
    })
    .await;
}

#[tokio::test]
async fn rows_the_database_makes_invalid_import_nothing_and_are_all_listed() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let other = crate::fixture::school(store, 751_235).await;
        let bad = "role,login,last_name,first_name,classes,children
pupil,new.pupil,Nouveau,Jean,4e C,
teacher,lea.martin,Martin,Léa,6e A:Anglais,
parent,new.parent,Nouveau,Marie,,ghost.child
";
        let permit = operator(Action::ImportDirectory(school.id.clone()));
        let Err(StoreError::Import(errors)) = store
            .import_directory(&permit, &parse_directory(bad).unwrap(), NOW)
            .await
        else {
            panic!("{backend}: the import should have failed");
        };
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4], "{backend}: {errors:?}");
        assert!(errors[0].reason.contains("is a pupil in this school"));
        assert!(errors[1].reason.contains("ghost.child"));
        assert_eq!(
            store
                .account_by_login(&Login::parse("new.pupil").unwrap())
                .await
                .unwrap(),
            None
        );
        // The same login in another school is refused too.
        let elsewhere = operator(Action::ImportDirectory(other.id.clone()));
        let rows = parse_directory(
            "role,login,last_name,first_name,classes,children\npupil,lea.martin,M,L,6e A,\n",
        )
        .unwrap();
        let Err(StoreError::Import(errors)) = store.import_directory(&elsewhere, &rows, NOW).await
        else {
            panic!("{backend}: a login of another school must be refused");
        };
        assert!(errors[0].reason.contains("another school"));
        let classes = store
            .school_overview(&operator(Action::ViewSchool(school.id.clone())))
            .await
            .unwrap()
            .classes;
        assert_eq!(
            classes.len(),
            2,
            "no class was created by the failed import"
        );
    })
    .await;
}

#[tokio::test]
async fn a_parent_can_be_linked_to_a_pupil_imported_earlier() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let file = "role,login,last_name,first_name,classes,children\nparent,karim.haddad,Haddad,Karim,,ines.haddad\n";
        let permit = operator(Action::ImportDirectory(school.id.clone()));
        store.import_directory(&permit, &parse_directory(file).unwrap(), NOW).await.unwrap();
        let kids = store.parent_home(&user_id(store, "karim.haddad").await).await.unwrap();
        assert_eq!(kids.len(), 1, "{backend}");
        assert_eq!(kids[0].display_name, "Inès Haddad");
        assert_eq!(kids[0].class.as_ref().unwrap().name, "6e A");
        let wrong = operator(Action::ViewSchool(school.id.clone()));
        assert!(matches!(store.import_directory(&wrong, &[], NOW).await, Err(StoreError::Forbidden)));
        let _ = Role::Parent;
    })
    .await;
}

#[tokio::test]
async fn a_head_cannot_import_heads() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let head = cartable_core::Actor::person(
            user_id(store, "paul.leroy").await,
            Role::Head,
            vec![school.id.clone()],
        );
        let permit =
            cartable_core::authz::authorize(&head, Action::ImportDirectory(school.id.clone()))
                .unwrap();
        let file = "role,login,last_name,first_name,classes,children
head,evil.head,Evil,Head,,
staff,new.staff,New,Staff,,
";
        let Err(StoreError::Import(errors)) = store
            .import_directory(&permit, &parse_directory(file).unwrap(), NOW)
            .await
        else {
            panic!("{backend}: a head must not create another head");
        };
        assert_eq!(errors.len(), 1, "{backend}: {errors:?}");
        assert_eq!(errors[0].line, 2);
        assert!(errors[0]
            .reason
            .contains("you may not import head accounts"));
        assert_eq!(
            store
                .account_by_login(&Login::parse("new.staff").unwrap())
                .await
                .unwrap(),
            None
        );
    })
    .await;
}
