use crate::fixture::*;
use cartable_core::authz::Action;
use cartable_core::{AccountStatus, Role};
use cartable_store::{AccountPage, AccountQuery, StoreError};

fn of_role(role: Role) -> AccountQuery {
    AccountQuery {
        role: Some(role),
        ..AccountQuery::default()
    }
}

fn searching(text: &str) -> AccountQuery {
    AccountQuery {
        search: Some(text.to_owned()),
        ..AccountQuery::default()
    }
}

fn logins(page: &AccountPage) -> Vec<&str> {
    page.accounts.iter().map(|a| a.login.as_str()).collect()
}

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
                ("6e A".into(), "Mathématiques".into(), 2),
                ("5e B".into(), "Mathématiques".into(), 1)
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
        let names: Vec<&str> = overview
            .classes
            .iter()
            .map(|c| c.class.name.as_str())
            .collect();
        assert_eq!(names, vec!["6e A", "5e B"], "by level, 6e first");
        let six_a = &overview.classes[0];
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
        let view = operator(Action::ViewSchool(school.id.clone()));
        let teachers = store
            .school_accounts(&view, &of_role(Role::Teacher))
            .await
            .unwrap();
        assert_eq!(logins(&teachers), vec!["julie.bernard", "marc.dupont"]);
        let parents = store
            .school_accounts(&view, &of_role(Role::Parent))
            .await
            .unwrap();
        assert_eq!(
            parents.accounts[0].class.as_deref(),
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

#[tokio::test]
async fn accounts_are_found_by_part_of_a_name_or_login_ignoring_case() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let view = operator(Action::ViewSchool(school.id.clone()));
        let found = |q: &'static str| {
            let view = view.clone();
            async move { store.school_accounts(&view, &searching(q)).await.unwrap() }
        };
        let martins = found("MART").await;
        assert_eq!(
            logins(&martins),
            vec!["lea.martin", "sophie.martin", "tom.martin"],
            "{backend}: last name, any case"
        );
        assert_eq!(martins.total, 3);
        assert_eq!(
            logins(&found("léa").await),
            vec!["lea.martin"],
            "{backend}: accents as typed"
        );
        assert_eq!(
            logins(&found("ulie").await),
            vec!["julie.bernard"],
            "{backend}: first name"
        );
        assert_eq!(
            logins(&found("anne.r").await),
            vec!["anne.roux"],
            "{backend}: login"
        );
        assert_eq!(
            logins(&found("Inès Haddad").await),
            vec!["ines.haddad"],
            "{backend}: full name"
        );
        let nobody = found("zzz").await;
        assert!(nobody.accounts.is_empty() && nobody.total == 0, "{backend}");
        let both = store
            .school_accounts(
                &view,
                &AccountQuery {
                    role: Some(Role::Parent),
                    ..searching("martin")
                },
            )
            .await
            .unwrap();
        assert_eq!(
            logins(&both),
            vec!["sophie.martin"],
            "{backend}: role and search"
        );
        let other = crate::fixture::school(store, 751_235).await;
        let elsewhere = operator(Action::ViewSchool(other.id.clone()));
        assert_eq!(
            store
                .school_accounts(&elsewhere, &searching("martin"))
                .await
                .unwrap()
                .total,
            0,
            "another school sees none of these"
        );
        let wrong = operator(Action::ImportDirectory(school.id.clone()));
        assert!(matches!(
            store.school_accounts(&wrong, &searching("martin")).await,
            Err(StoreError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn like_wildcards_in_a_search_are_plain_characters() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let view = operator(Action::ViewSchool(school.id.clone()));
        let directory = "role,login,last_name,first_name,classes,children
pupil,cent.pour,100%,Cent,6e A,
pupil,x_y,Tiret,Bas,6e A,
pupil,back.slash,A\\B,Anti,6e A,
";
        store
            .import_directory(
                &operator(Action::ImportDirectory(school.id.clone())),
                &cartable_core::import::parse_directory(directory).unwrap(),
                NOW,
            )
            .await
            .unwrap();
        for (q, expected) in [
            ("%", vec!["cent.pour"]),
            ("0%", vec!["cent.pour"]),
            ("_", vec!["x_y"]),
            ("x_", vec!["x_y"]),
            ("a\\b", vec!["back.slash"]),
            ("%%%", vec![]),
            ("m_rtin", vec![]),
            ("l%a", vec![]),
        ] {
            let page = store.school_accounts(&view, &searching(q)).await.unwrap();
            assert_eq!(logins(&page), expected, "{backend}: {q}");
            assert_eq!(page.total, expected.len() as i64, "{backend}: {q}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_class_lists_its_pupils_their_parents_and_its_teachers() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let view = operator(Action::ViewSchool(school.id.clone()));
        let classes = store.school_classes(&view).await.unwrap();
        let names: Vec<&str> = classes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["6e A", "5e B"], "{backend}");
        let in_class = |class: usize, role: Option<Role>| AccountQuery {
            class: Some(classes[class].id.clone()),
            role,
            ..AccountQuery::default()
        };
        let six_a = store
            .school_accounts(&view, &in_class(0, None))
            .await
            .unwrap();
        assert_eq!(
            logins(&six_a),
            vec![
                "julie.bernard",
                "marc.dupont",
                "ines.haddad",
                "lea.martin",
                "sophie.martin"
            ],
            "{backend}"
        );
        assert_eq!(six_a.total, 5);
        let pupils = store
            .school_accounts(&view, &in_class(1, Some(Role::Pupil)))
            .await
            .unwrap();
        assert_eq!(logins(&pupils), vec!["tom.martin"], "{backend}");
        let teachers = store
            .school_accounts(&view, &in_class(1, Some(Role::Teacher)))
            .await
            .unwrap();
        assert_eq!(logins(&teachers), vec!["marc.dupont"], "{backend}");
        let staff = store
            .school_accounts(&view, &in_class(0, Some(Role::Staff)))
            .await
            .unwrap();
        assert_eq!(staff.total, 0, "staff belong to no class");
        let searched = store
            .school_accounts(
                &view,
                &AccountQuery {
                    search: Some("martin".into()),
                    ..in_class(0, None)
                },
            )
            .await
            .unwrap();
        assert_eq!(logins(&searched), vec!["lea.martin", "sophie.martin"]);
        let other = crate::fixture::school(store, 751_235).await;
        let elsewhere = operator(Action::ViewSchool(other.id.clone()));
        assert!(store.school_classes(&elsewhere).await.unwrap().is_empty());
        assert_eq!(
            store
                .school_accounts(&elsewhere, &in_class(0, None))
                .await
                .unwrap()
                .total,
            0,
            "another school's class shows nothing"
        );
    })
    .await;
}

#[tokio::test]
async fn accounts_come_in_pages_with_the_total() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let view = operator(Action::ViewSchool(school.id.clone()));
        let everyone = store
            .school_accounts(&view, &AccountQuery::default())
            .await
            .unwrap();
        assert_eq!(everyone.total, 8, "{backend}");
        let all = logins(&everyone);
        let mut paged = Vec::new();
        for offset in [0, 3, 6] {
            let page = store
                .school_accounts(
                    &view,
                    &AccountQuery {
                        offset,
                        limit: 3,
                        ..AccountQuery::default()
                    },
                )
                .await
                .unwrap();
            assert_eq!(page.total, 8, "{backend}: the total is of every page");
            assert_eq!(page.accounts.len(), if offset == 6 { 2 } else { 3 });
            paged.extend(page.accounts.into_iter().map(|a| a.login.to_string()));
        }
        assert_eq!(
            paged, all,
            "{backend}: pages follow on without gaps or repeats"
        );
        let past_the_end = store
            .school_accounts(
                &view,
                &AccountQuery {
                    offset: 8,
                    ..AccountQuery::default()
                },
            )
            .await
            .unwrap();
        assert!(past_the_end.accounts.is_empty() && past_the_end.total == 8);
        let greedy = store
            .school_accounts(
                &view,
                &AccountQuery {
                    limit: 10_000,
                    ..AccountQuery::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(greedy.accounts.len(), 8);

        let mut crowd = String::from("role,login,last_name,first_name,classes,children\n");
        for i in 0..200 {
            crowd.push_str(&format!("pupil,p{i:03},Eleve{i:03},P,6e A,\n"));
        }
        store
            .import_directory(
                &operator(Action::ImportDirectory(school.id.clone())),
                &cartable_core::import::parse_directory(&crowd).unwrap(),
                NOW,
            )
            .await
            .unwrap();
        let capped = store
            .school_accounts(
                &view,
                &AccountQuery {
                    limit: 10_000,
                    ..AccountQuery::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (capped.accounts.len(), capped.total),
            (AccountQuery::MAX_LIMIT, 208),
            "{backend}: one query returns 200 accounts at most"
        );
    })
    .await;
}
