use crate::fixture::*;
use cartable_core::authz::{authorize, Action};
use cartable_core::directory::PersonName;
use cartable_core::secret::SecretDigest;
use cartable_core::{AccountStatus, Actor, Login, Role};
use cartable_store::{NewUser, StoreError};

fn new_user(
    school: &cartable_core::SchoolId,
    role: Role,
    login: &str,
    hash: Option<&str>,
) -> NewUser {
    NewUser {
        school: school.clone(),
        role,
        login: Login::parse(login).unwrap(),
        first_name: PersonName::parse("Claire").unwrap(),
        last_name: PersonName::parse("Petit").unwrap(),
        password_hash: hash.map(str::to_owned),
    }
}

#[tokio::test]
async fn added_users_start_active_with_a_password_and_pending_without() {
    on_every_backend(async |store, backend| {
        let school = school(store, 751_234).await;
        let permit = operator(Action::AddUser {
            school: school.id.clone(),
            role: Role::Teacher,
        });
        store
            .add_user(
                &permit,
                new_user(&school.id, Role::Teacher, "claire.petit", Some("$h")),
                NOW,
            )
            .await
            .unwrap();
        store
            .add_user(
                &permit,
                new_user(&school.id, Role::Teacher, "claire.petit2", None),
                NOW,
            )
            .await
            .unwrap();
        let active = store
            .account_by_login(&Login::parse("claire.petit").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(active.status, AccountStatus::Active, "{backend}");
        assert_eq!(active.password_hash.as_deref(), Some("$h"));
        assert_eq!(active.display_name(), "Claire Petit");
        assert_eq!(store.account(&active.id).await.unwrap(), Some(active));
        let pending = store
            .account_by_login(&Login::parse("claire.petit2").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(pending.status, AccountStatus::Pending, "{backend}");
        assert_eq!(pending.password_hash, None);
    })
    .await;
}

#[tokio::test]
async fn a_taken_login_is_refused_and_nothing_is_written() {
    on_every_backend(async |store, backend| {
        let school = school(store, 751_234).await;
        let permit = operator(Action::AddUser {
            school: school.id.clone(),
            role: Role::Teacher,
        });
        store
            .add_user(
                &permit,
                new_user(&school.id, Role::Teacher, "claire.petit", None),
                NOW,
            )
            .await
            .unwrap();
        let again = store
            .add_user(
                &permit,
                new_user(&school.id, Role::Teacher, "claire.petit", None),
                NOW,
            )
            .await;
        assert!(
            matches!(again, Err(StoreError::LoginTaken(l)) if l.as_str() == "claire.petit"),
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn permits_cannot_be_stretched_to_another_role_or_school() {
    on_every_backend(async |store, backend| {
        let school = school(store, 751_234).await;
        let other = crate::fixture::school(store, 751_235).await;
        let for_pupils = operator(Action::AddUser {
            school: school.id.clone(),
            role: Role::Pupil,
        });
        let head = new_user(&school.id, Role::Head, "evil.head", None);
        assert!(
            matches!(
                store.add_user(&for_pupils, head, NOW).await,
                Err(StoreError::Forbidden)
            ),
            "{backend}"
        );
        let elsewhere = new_user(&other.id, Role::Pupil, "evil.pupil", None);
        assert!(matches!(
            store.add_user(&for_pupils, elsewhere, NOW).await,
            Err(StoreError::Forbidden)
        ));
        let view = operator(Action::ViewSchool(school.id.clone()));
        let pupil = new_user(&school.id, Role::Pupil, "evil.pupil", None);
        assert!(matches!(
            store.add_user(&view, pupil, NOW).await,
            Err(StoreError::Forbidden)
        ));
        assert_eq!(
            store
                .account_by_login(&Login::parse("evil.pupil").unwrap())
                .await
                .unwrap(),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn profiles_list_classes_for_pupils_and_teachers_and_children_for_parents() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let lea = store
            .profile(&user_id(store, "lea.martin").await)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(lea.display_name, "Léa Martin", "{backend}");
        assert_eq!(lea.role, Role::Pupil);
        assert_eq!(lea.school_id, school.id);
        assert_eq!(lea.class_ids.len(), 1);
        assert!(lea.children_ids.is_empty());
        let marc = store
            .profile(&user_id(store, "marc.dupont").await)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(marc.class_ids.len(), 2);
        assert!(marc.class_ids.contains(&lea.class_ids[0]));
        let sophie = store
            .profile(&user_id(store, "sophie.martin").await)
            .await
            .unwrap()
            .unwrap();
        let mut kids = vec![lea.id.clone(), user_id(store, "tom.martin").await];
        kids.sort();
        assert_eq!(sophie.children_ids, kids);
        assert!(sophie.class_ids.is_empty());
    })
    .await;
}

#[tokio::test]
async fn activation_codes_work_once_and_expire() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let lea = user_id(store, "lea.martin").await;
        let code = SecretDigest::of("ABCDE-FGHJK");
        let print = operator(Action::PrintActivationCodes(school.id.clone()));
        store
            .issue_activation_codes(
                &print,
                &[(lea.clone(), code.clone())],
                NOW.plus_seconds(60),
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .account_by_activation_code(&code, NOW.plus_seconds(61))
                .await
                .unwrap(),
            None,
            "{backend}"
        );
        let found = store
            .account_by_activation_code(&code, NOW)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, lea);
        let active = store.activate(&code, "$argon2id$fake", NOW).await.unwrap();
        assert_eq!(active.status, AccountStatus::Active);
        assert!(matches!(
            store.activate(&code, "$other", NOW).await,
            Err(StoreError::InvalidCode)
        ));
        let stored = store.account(&lea).await.unwrap().unwrap();
        assert_eq!(stored.password_hash.as_deref(), Some("$argon2id$fake"));
        // Printing codes is for pending accounts only: an active one needs a reset.
        let again = store
            .issue_activation_codes(
                &print,
                &[(lea, SecretDigest::of("x"))],
                NOW.plus_seconds(60),
                NOW,
            )
            .await;
        assert!(matches!(again, Err(StoreError::Forbidden)));
    })
    .await;
}

#[tokio::test]
async fn a_reset_ends_sessions_and_clears_the_password() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let lea = activate(store, &school.id, "lea.martin", Role::Pupil, "$h").await;
        let token = SecretDigest::of("token");
        store
            .create_session(crate::sessions::new_session(&lea, &token))
            .await
            .unwrap();
        let staff = Actor::person(
            user_id(store, "anne.roux").await,
            Role::Staff,
            vec![school.id.clone()],
        );
        let reset = authorize(
            &staff,
            Action::ResetAccess {
                school: school.id.clone(),
                target: Role::Pupil,
            },
        )
        .unwrap();
        let code = SecretDigest::of("NEW-CODE");
        store
            .issue_activation_codes(
                &reset,
                &[(lea.clone(), code.clone())],
                NOW.plus_seconds(60),
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(
            store.session_by_token(&token, NOW).await.unwrap(),
            None,
            "{backend}"
        );
        let account = store.account(&lea).await.unwrap().unwrap();
        assert_eq!(account.status, AccountStatus::Pending);
        assert_eq!(account.password_hash, None);
        assert!(store
            .account_by_activation_code(&code, NOW)
            .await
            .unwrap()
            .is_some());
        // Staff may not reset a teacher.
        let teacher = user_id(store, "marc.dupont").await;
        assert!(matches!(
            store
                .issue_activation_codes(
                    &reset,
                    &[(teacher, SecretDigest::of("t"))],
                    NOW.plus_seconds(60),
                    NOW
                )
                .await,
            Err(StoreError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn locking_ends_every_session_and_keeps_the_account_locked() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let lea = activate(store, &school.id, "lea.martin", Role::Pupil, "$h").await;
        let first = SecretDigest::of("first");
        let second = SecretDigest::of("second");
        store
            .create_session(crate::sessions::new_session(&lea, &first))
            .await
            .unwrap();
        store
            .create_session(crate::sessions::new_session(&lea, &second))
            .await
            .unwrap();
        let lock = operator(Action::LockAccount {
            school: school.id.clone(),
            target: Role::Pupil,
        });
        let ended = store.lock_account(&lock, &lea, NOW).await.unwrap();
        assert_eq!(ended.len(), 2, "{backend}");
        assert_eq!(store.session_by_token(&first, NOW).await.unwrap(), None);
        assert_eq!(
            store.account(&lea).await.unwrap().unwrap().status,
            AccountStatus::Locked
        );
        let wrong_role = operator(Action::LockAccount {
            school: school.id.clone(),
            target: Role::Teacher,
        });
        assert!(matches!(
            store.lock_account(&wrong_role, &lea, NOW).await,
            Err(StoreError::Forbidden)
        ));
    })
    .await;
}
