use crate::fixture::*;
use cartable_core::authz::Action;
use cartable_core::secret::SecretDigest;
use cartable_core::{Role, SessionId, UserId};
use cartable_store::NewSession;
use rand::rngs::OsRng;

pub fn new_session(user: &UserId, token: &SecretDigest) -> NewSession {
    NewSession {
        user: user.clone(),
        token: token.clone(),
        created_at: NOW,
        expires_at: NOW.plus_seconds(3600),
        user_agent: "Firefox".into(),
        ip: "192.0.2.7".into(),
        device: None,
    }
}

#[tokio::test]
async fn a_session_is_found_by_its_token_until_it_expires() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let lea = activate(store, &school.id, "lea.martin", Role::Pupil, "$h").await;
        let token = SecretDigest::of("token");
        let id = store
            .create_session(new_session(&lea, &token))
            .await
            .unwrap();
        let info = store.session_by_token(&token, NOW).await.unwrap().unwrap();
        assert_eq!(info.session_id, id, "{backend}");
        assert_eq!(info.actor.user.as_ref(), Some(&lea));
        assert_eq!(info.actor.role, Role::Pupil);
        assert_eq!(info.actor.schools, vec![school.id.clone()]);
        assert_eq!(info.display_name, "Léa Martin");
        assert_eq!(info.login.as_str(), "lea.martin");
        assert_eq!(
            store
                .session_by_token(&token, NOW.plus_seconds(3600))
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store
                .session_by_token(&SecretDigest::of("other"), NOW)
                .await
                .unwrap(),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn i_list_and_revoke_my_own_sessions_only() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let lea = activate(store, &school.id, "lea.martin", Role::Pupil, "$h").await;
        let tom = activate(store, &school.id, "tom.martin", Role::Pupil, "$h").await;
        let lea_phone = store
            .create_session(new_session(&lea, &SecretDigest::of("phone")))
            .await
            .unwrap();
        store
            .create_session(new_session(&lea, &SecretDigest::of("laptop")))
            .await
            .unwrap();
        let tom_session = store
            .create_session(new_session(&tom, &SecretDigest::of("tom")))
            .await
            .unwrap();
        store
            .touch_sessions(&[(lea_phone.clone(), NOW.plus_seconds(600))])
            .await
            .unwrap();
        let mine = store.list_sessions(&lea, NOW).await.unwrap();
        assert_eq!(mine.len(), 2, "{backend}");
        assert_eq!(mine[0].id, lea_phone, "most recently used first");
        assert_eq!(mine[0].last_seen_at, NOW.plus_seconds(600));
        assert_eq!(mine[0].user_agent, "Firefox");
        assert!(
            !store.revoke_session(&lea, &tom_session, NOW).await.unwrap(),
            "not hers"
        );
        assert!(store
            .session_by_token(&SecretDigest::of("tom"), NOW)
            .await
            .unwrap()
            .is_some());
        assert!(!store
            .revoke_session(&lea, &SessionId::random(&mut OsRng), NOW)
            .await
            .unwrap());
        assert!(store.revoke_session(&lea, &lea_phone, NOW).await.unwrap());
        assert!(
            !store.revoke_session(&lea, &lea_phone, NOW).await.unwrap(),
            "already ended"
        );
        assert_eq!(store.list_sessions(&lea, NOW).await.unwrap().len(), 1);
        let out = store
            .revoke_session_by_token(&SecretDigest::of("laptop"), NOW)
            .await
            .unwrap();
        assert!(out.is_some());
        assert_eq!(
            store
                .revoke_session_by_token(&SecretDigest::of("laptop"), NOW)
                .await
                .unwrap(),
            None
        );
        assert!(store.list_sessions(&lea, NOW).await.unwrap().is_empty());
        assert_eq!(
            store.revoke_all_sessions(&tom, NOW).await.unwrap(),
            vec![tom_session]
        );
    })
    .await;
}

#[tokio::test]
async fn an_admin_acts_on_every_school_of_the_academy() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let other = crate::fixture::school(store, 751_235).await;
        let permit = operator(Action::AddUser {
            school: school.id.clone(),
            role: Role::Admin,
        });
        let admin = store
            .add_user(
                &permit,
                cartable_store::NewUser {
                    school: school.id.clone(),
                    role: Role::Admin,
                    login: cartable_core::Login::parse("rectorat.admin").unwrap(),
                    first_name: cartable_core::directory::PersonName::parse("Rémi").unwrap(),
                    last_name: cartable_core::directory::PersonName::parse("Admin").unwrap(),
                    password_hash: Some("$h".into()),
                },
                NOW,
            )
            .await
            .unwrap();
        store
            .create_session(new_session(&admin, &SecretDigest::of("admin")))
            .await
            .unwrap();
        let info = store
            .session_by_token(&SecretDigest::of("admin"), NOW)
            .await
            .unwrap()
            .unwrap();
        let mut expected = vec![school.id.clone(), other.id.clone()];
        expected.sort();
        assert_eq!(info.actor.schools, expected, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn settings_are_kept_and_replaced() {
    on_every_backend(async |store, backend| {
        assert_eq!(store.get_setting("demo").await.unwrap(), None, "{backend}");
        store.set_setting("demo", "1").await.unwrap();
        store.set_setting("demo", "2").await.unwrap();
        assert_eq!(
            store.get_setting("demo").await.unwrap().as_deref(),
            Some("2")
        );
        store.ping().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn revocations_can_be_followed_from_another_node() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let lea = activate(store, &school.id, "lea.martin", Role::Pupil, "$h").await;
        let phone = store
            .create_session(new_session(&lea, &SecretDigest::of("phone")))
            .await
            .unwrap();
        let laptop = store
            .create_session(new_session(&lea, &SecretDigest::of("laptop")))
            .await
            .unwrap();
        let (none, since) = store.sessions_revoked_since(NOW).await.unwrap();
        assert!(none.is_empty(), "{backend}");
        assert_eq!(since, NOW);
        store
            .revoke_session(&lea, &phone, NOW.plus_seconds(5))
            .await
            .unwrap();
        let (ended, since) = store.sessions_revoked_since(NOW).await.unwrap();
        assert_eq!(ended, vec![phone], "{backend}");
        assert_eq!(since, NOW.plus_seconds(5));
        store
            .revoke_all_sessions(&lea, NOW.plus_seconds(9))
            .await
            .unwrap();
        let (ended, _) = store
            .sessions_revoked_since(NOW.plus_seconds(6))
            .await
            .unwrap();
        assert_eq!(ended, vec![laptop], "only what ended after the last poll");
    })
    .await;
}

#[tokio::test]
async fn concurrent_writing_transactions_wait_their_turn() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let lea = activate(store, &school.id, "lea.martin", Role::Pupil, "$h").await;
        // Each of these reads, then writes, in one transaction, while others do the same.
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..40 {
            let store = store.clone();
            let lea = lea.clone();
            tasks.spawn(async move {
                store
                    .create_session(new_session(&lea, &SecretDigest::of(&format!("t{n}"))))
                    .await?;
                store.revoke_all_sessions(&lea, NOW).await.map(|_| ())
            });
        }
        for result in tasks.join_all().await {
            result.unwrap_or_else(|e| panic!("{backend}: {e}"));
        }
        assert!(store.list_sessions(&lea, NOW).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn opening_one_session_too_many_ends_the_oldest() {
    on_every_backend(async |store, backend| {
        let school = populated_school(store).await;
        let lea = activate(store, &school.id, "lea.martin", Role::Pupil, "$h").await;
        let max = cartable_store::MAX_LIVE_SESSIONS_PER_USER;
        for n in 0..max + 3 {
            let session = NewSession {
                created_at: NOW.plus_seconds(n),
                ..new_session(&lea, &SecretDigest::of(&format!("s{n}")))
            };
            store.create_session(session).await.unwrap();
        }
        let live = store.list_sessions(&lea, NOW).await.unwrap();
        assert_eq!(live.len() as i64, max, "{backend}");
        assert!(
            store
                .session_by_token(&SecretDigest::of("s0"), NOW)
                .await
                .unwrap()
                .is_none(),
            "the oldest ended"
        );
        assert!(store
            .session_by_token(&SecretDigest::of(&format!("s{}", max + 2)), NOW)
            .await
            .unwrap()
            .is_some());
        let (ended, _) = store.sessions_revoked_since(NOW).await.unwrap();
        assert_eq!(ended.len(), 3, "other nodes learn of the ended sessions");
    })
    .await;
}
