//! The address book on every backend: every contact listed is one the rule accepts, and a
//! pupil is offered exactly the people the rule lets them write to.

use crate::fixture::{activate, on_every_backend, operator, populated_school, NOW};
use cartable_core::authz::{authorize, Action};
use cartable_core::messaging::{MessageContent, MessagingPolicy, Recipient};
use cartable_core::{Actor, Role, SchoolId, Timestamp, UserId};
use cartable_store::messaging::{Contact, ContactGroup, Moderator, Origin, OutgoingMessage};
use cartable_store::{AccountQuery, Store, StoreError};
use std::collections::BTreeSet;

/// The fixture's accounts, all active.
const PEOPLE: [(&str, Role); 8] = [
    ("lea.martin", Role::Pupil),
    ("tom.martin", Role::Pupil),
    ("ines.haddad", Role::Pupil),
    ("sophie.martin", Role::Parent),
    ("marc.dupont", Role::Teacher),
    ("julie.bernard", Role::Teacher),
    ("anne.roux", Role::Staff),
    ("paul.leroy", Role::Head),
];

async fn active_school(store: &Store) -> SchoolId {
    let school = populated_school(store).await.id;
    for (login, role) in PEOPLE {
        activate(store, &school, login, role, "$argon2id$test").await;
    }
    school
}

/// Sends a short clean message to one recipient; `Ok` when the rule accepted it.
async fn send_to(
    store: &Store,
    school: &SchoolId,
    sender: &UserId,
    role: Role,
    to: Recipient,
    now: Timestamp,
) -> Result<(), StoreError> {
    let actor = Actor::person(sender.clone(), role, vec![school.clone()]);
    let permit = authorize(&actor, Action::SendMessages(school.clone())).unwrap();
    let message = OutgoingMessage {
        to: vec![to],
        content: MessageContent::new("Question", "Bonjour, une question sur le cours.").unwrap(),
        attachments: Vec::new(),
        attached_text: String::new(),
        reply_to: None,
        replaces_draft: None,
        origin: Origin {
            ip: "203.0.113.9".into(),
            ..Origin::default()
        },
        new_device: false,
    };
    store
        .send_message(&permit, sender, std::slice::from_ref(school), message, now)
        .await
        .map(|_| ())
}

fn names(contacts: &[Contact], group: ContactGroup) -> Vec<&str> {
    contacts
        .iter()
        .filter(|c| c.group == group)
        .map(|c| c.name.as_str())
        .collect()
}

/// Everything anyone could name in the school: every account but `me`, every class three
/// ways, the school itself, and someone from another school.
async fn everything_nameable(store: &Store, school: &SchoolId, me: &UserId) -> Vec<Recipient> {
    let view = operator(Action::ViewSchool(school.clone()));
    let accounts = store
        .school_accounts(&view, &AccountQuery::default())
        .await
        .unwrap();
    let mut all: Vec<Recipient> = accounts
        .accounts
        .into_iter()
        .filter(|a| a.id != *me)
        .map(|a| Recipient::User(a.id))
        .collect();
    for class in store.school_classes(&view).await.unwrap() {
        all.push(Recipient::Class(class.id.clone()));
        all.push(Recipient::ClassParents(class.id.clone()));
        all.push(Recipient::ClassTeachers(class.id));
    }
    all.push(Recipient::School(school.clone()));
    let elsewhere = crate::fixture::school(store, 751_999).await;
    all.push(Recipient::School(elsewhere.id));
    all
}

#[tokio::test]
async fn every_contact_listed_is_accepted_role_by_role() {
    on_every_backend(async |store, backend| {
        let school = active_school(store).await;
        let mut now = NOW;
        for (login, role) in [
            ("lea.martin", Role::Pupil),
            ("sophie.martin", Role::Parent),
            ("marc.dupont", Role::Teacher),
            ("anne.roux", Role::Staff),
            ("paul.leroy", Role::Head),
        ] {
            let me = crate::fixture::user_id(store, login).await;
            let contacts = store.contacts(&me).await.unwrap();
            assert!(!contacts.is_empty(), "{backend}: {login}");
            for contact in contacts {
                // A minute apart: the per-minute limit is not what this test is about.
                now = now.plus_seconds(61);
                let sent = send_to(store, &school, &me, role, contact.to.clone(), now).await;
                assert!(sent.is_ok(), "{backend}: {login} → {contact:?}: {sent:?}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn each_role_sees_its_own_address_book() {
    on_every_backend(async |store, backend| {
        active_school(store).await;
        let book = async |login: &str| {
            let me = crate::fixture::user_id(store, login).await;
            store.contacts(&me).await.unwrap()
        };
        let lea = book("lea.martin").await;
        assert_eq!(
            names(&lea, ContactGroup::Teachers),
            ["Julie Bernard (Français)", "Marc Dupont (Mathématiques)"],
            "{backend}"
        );
        assert_eq!(
            names(&lea, ContactGroup::SchoolStaff),
            ["Paul Leroy", "Anne Roux"]
        );
        let sophie = book("sophie.martin").await;
        assert_eq!(
            names(&sophie, ContactGroup::Children),
            ["Léa Martin", "Tom Martin"]
        );
        assert_eq!(
            names(&sophie, ContactGroup::Teachers),
            ["Julie Bernard (Français)", "Marc Dupont (Mathématiques)"]
        );
        let julie = book("julie.bernard").await;
        assert_eq!(names(&julie, ContactGroup::Classes), ["6e A"]);
        assert_eq!(names(&julie, ContactGroup::ClassParents), ["6e A"]);
        assert_eq!(names(&julie, ContactGroup::Teachers), ["Marc Dupont"]);
        let paul = book("paul.leroy").await;
        assert_eq!(names(&paul, ContactGroup::School), ["Collège 751234"]);
        assert_eq!(names(&paul, ContactGroup::ClassTeachers).len(), 2);
        assert_eq!(names(&paul, ContactGroup::SchoolStaff), ["Anne Roux"]);
        // Groups come in the order pages show them.
        let order: Vec<ContactGroup> = paul.iter().map(|c| c.group).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
    })
    .await;
}

#[tokio::test]
async fn a_pupil_is_offered_exactly_whom_the_rule_accepts() {
    on_every_backend(async |store, backend| {
        let school = active_school(store).await;
        let lea = crate::fixture::user_id(store, "lea.martin").await;
        let candidates = everything_nameable(store, &school, &lea).await;
        let mut now = NOW;
        for classmates_open in [false, true] {
            if classmates_open {
                let paul = crate::fixture::user_id(store, "paul.leroy").await;
                let head = Actor::person(paul.clone(), Role::Head, vec![school.clone()]);
                let permit = authorize(&head, Action::EditMessagingPolicy(school.clone())).unwrap();
                let policy = MessagingPolicy {
                    pupils_write_to_classmates: true,
                    ..MessagingPolicy::default()
                };
                let by = Moderator {
                    user: paul,
                    ip: "198.51.100.1".into(),
                    session: None,
                };
                store
                    .set_messaging_policy(&permit, &policy, &by, NOW)
                    .await
                    .unwrap();
            }
            let listed: BTreeSet<Recipient> = store
                .contacts(&lea)
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.to)
                .collect();
            let mut accepted = BTreeSet::new();
            for candidate in &candidates {
                now = now.plus_seconds(61);
                let sent = send_to(store, &school, &lea, Role::Pupil, candidate.clone(), now).await;
                match sent {
                    Ok(()) => {
                        accepted.insert(candidate.clone());
                    }
                    Err(StoreError::Refused(_)) => {}
                    Err(other) => panic!("{backend}: {other}"),
                }
            }
            assert_eq!(
                listed, accepted,
                "{backend}: classmates open: {classmates_open}"
            );
            let classmates = store.contacts(&lea).await.unwrap();
            let expected: &[&str] = if classmates_open {
                &["Inès Haddad"]
            } else {
                &[]
            };
            assert_eq!(
                names(&classmates, ContactGroup::Classmates),
                expected,
                "{backend}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn an_unknown_account_has_no_address_book() {
    on_every_backend(async |store, backend| {
        let nobody = UserId::random(&mut rand::thread_rng());
        let result = store.contacts(&nobody).await;
        assert!(matches!(result, Err(StoreError::NotFound)), "{backend}");
    })
    .await;
}
