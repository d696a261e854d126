use crate::fixture::*;
use cartable_core::authz::Action;
use cartable_core::{AccountStatus, Role};
use cartable_store::StoreError;

#[tokio::test]
async fn a_pupil_sees_their_class_and_teachers() {
    on_every_backend(async |store, backend| {
        populated_school(store).await;
        let home = store
            .pupil_home(&user_id(store, "lea.martin").await)
            .await
            .unwrap();
        assert_eq!(home.class.unwrap().name, "6e A", "{backend}");
        let teachers: Vec<(String, String)> = home
            .teachers
            .into_iter()
            .map(|t| (t.subject, t.display_name))
            .collect();
        assert_eq!(
            teachers,
            vec![
                ("Français".into(), "Julie Bernard".into()),
                ("Mathématiques".into(), "Marc Dupont".into())
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_teacher_sees_classes_subjects_and_sizes() {
    on_every_backend(async |store, backend| {
        populated_school(store).await;
        let home = store
            .teacher_home(&user_id(store, "marc.dupont").await)
            .await
            .unwrap();
        let seen: Vec<(String, String, i64)> = home
            .into_iter()
            .map(|t| (t.class.name, t.subject, t.pupils))
            .collect();
        assert_eq!(
            seen,
            vec![
                ("5e B".into(), "Mathématiques".into(), 1),
                ("6e A".into(), "Mathématiques".into(), 2)
            ],
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_head_sees_the_structure_and_counts() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        activate(store, &school.id, "lea.martin", Role::Pupil, "$h").await;
        let overview = store
            .school_overview(&operator(Action::ViewSchool(school.id.clone())))
            .await
            .unwrap();
        assert_eq!(overview.school.uai, school.uai, "{backend}");
        let six_a = &overview.classes[1];
        assert_eq!(
            (six_a.class.name.as_str(), six_a.pupils, six_a.pending),
            ("6e A", 2, 1)
        );
        assert_eq!(six_a.teachers.len(), 2);
        let pupils = overview
            .counts
            .iter()
            .find(|c| c.role == Role::Pupil)
            .unwrap();
        assert_eq!((pupils.active, pupils.pending, pupils.locked), (1, 2, 0));
        let teachers = store
            .school_accounts(
                &operator(Action::ViewSchool(school.id.clone())),
                Some(Role::Teacher),
            )
            .await
            .unwrap();
        let logins: Vec<&str> = teachers.iter().map(|a| a.login.as_str()).collect();
        assert_eq!(logins, vec!["julie.bernard", "marc.dupont"]);
        let parents = store
            .school_accounts(
                &operator(Action::ViewSchool(school.id.clone())),
                Some(Role::Parent),
            )
            .await
            .unwrap();
        assert_eq!(
            parents[0].class.as_deref(),
            Some("5e B"),
            "a parent shows a child's class"
        );
        let wrong = operator(Action::ImportDirectory(school.id.clone()));
        assert!(matches!(
            store.school_overview(&wrong).await,
            Err(StoreError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn a_code_sheet_lists_the_pending_pupils_of_the_class_and_their_parents() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        activate(store, &school.id, "ines.haddad", Role::Pupil, "$h").await;
        let overview = store
            .school_overview(&operator(Action::ViewSchool(school.id.clone())))
            .await
            .unwrap();
        let six_a = overview
            .classes
            .iter()
            .find(|c| c.class.name == "6e A")
            .unwrap()
            .class
            .id
            .clone();
        let sheet = store
            .code_sheet(
                &operator(Action::PrintActivationCodes(school.id.clone())),
                &six_a,
            )
            .await
            .unwrap();
        let logins: Vec<&str> = sheet.iter().map(|a| a.login.as_str()).collect();
        assert_eq!(logins, vec!["lea.martin", "sophie.martin"], "{backend}");
        assert!(sheet.iter().all(|a| a.status == AccountStatus::Pending));
        let other = crate::fixture::school(store, 751_235).await;
        let elsewhere = operator(Action::PrintActivationCodes(other.id.clone()));
        assert!(
            store
                .code_sheet(&elsewhere, &six_a)
                .await
                .unwrap()
                .is_empty(),
            "another school's class shows nothing"
        );
    })
    .await;
}
