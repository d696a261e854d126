//! Messaging on every backend: the policy on each recipient, all-or-nothing delivery, the
//! shield's verdicts and what they do to the sender, moderation, switches, hours, limits.

mod audiences;
mod delivery;
mod limits;
mod moderation;
mod remembered;
mod shield;

use crate::fixture::{activate, on_every_backend, populated_school, NOW};
use crate::sessions::new_session;
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::messaging::{
    MessageContent, MessagingPolicy, MessagingSwitches, Recipient, Refusal,
};
use cartable_core::secret::SecretDigest;
use cartable_core::{Actor, ClassId, Role, SchoolId, Timestamp, UserId};
use cartable_store::messaging::{
    Decision, Folder, MessageStatus, Moderator, Origin, OutgoingMessage, SendOutcome, SendRefusal,
};
use cartable_store::{Store, StoreError};

/// The fixture school with everyone active.
struct School {
    id: SchoolId,
    lea: UserId,
    tom: UserId,
    ines: UserId,
    sophie: UserId,
    marc: UserId,
    julie: UserId,
    anne: UserId,
    paul: UserId,
    class_6a: ClassId,
}

async fn school(store: &Store) -> School {
    let school = populated_school(store).await;
    let id = school.id.clone();
    let mut people = Vec::new();
    for (login, role) in [
        ("lea.martin", Role::Pupil),
        ("tom.martin", Role::Pupil),
        ("ines.haddad", Role::Pupil),
        ("sophie.martin", Role::Parent),
        ("marc.dupont", Role::Teacher),
        ("julie.bernard", Role::Teacher),
        ("anne.roux", Role::Staff),
        ("paul.leroy", Role::Head),
    ] {
        people.push(activate(store, &id, login, role, "$argon2id$test").await);
    }
    let profile = store.profile(&people[0]).await.unwrap().unwrap();
    let [lea, tom, ines, sophie, marc, julie, anne, paul] = people.try_into().unwrap();
    School {
        id,
        lea,
        tom,
        ines,
        sophie,
        marc,
        julie,
        anne,
        paul,
        class_6a: profile.class_ids[0].clone(),
    }
}

fn message(to: Vec<Recipient>, subject: &str, body: &str) -> OutgoingMessage {
    OutgoingMessage {
        to,
        content: MessageContent::new(subject, body).unwrap(),
        attachments: Vec::new(),
        attached_text: String::new(),
        reply_to: None,
        replaces_draft: None,
        origin: Origin {
            session: None,
            ip: "203.0.113.7".into(),
            device: Some("device-1".into()),
            user_agent: "test".into(),
        },
        new_device: false,
    }
}

async fn send_as(
    store: &Store,
    school: &SchoolId,
    sender: &UserId,
    role: Role,
    message: OutgoingMessage,
    now: Timestamp,
) -> Result<SendOutcome, StoreError> {
    let actor = Actor::person(sender.clone(), role, vec![school.clone()]);
    let permit = authorize(&actor, Action::SendMessages(school.clone())).unwrap();
    store
        .send_message(&permit, sender, std::slice::from_ref(school), message, now)
        .await
        .map(|(outcome, _)| outcome)
}

fn person(user: &UserId) -> Recipient {
    Recipient::User(user.clone())
}

async fn inbox(store: &Store, user: &UserId) -> Vec<String> {
    store
        .mailbox(user, Folder::Inbox, None, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.subject)
        .collect()
}

fn moderator(user: &UserId) -> Moderator {
    Moderator {
        user: user.clone(),
        ip: "198.51.100.1".into(),
        session: None,
    }
}

fn permit(role: Role, user: &UserId, action: Action) -> Permit {
    let school = action_school(&action);
    authorize(&Actor::person(user.clone(), role, vec![school]), action).unwrap()
}

fn action_school(action: &Action) -> SchoolId {
    match action {
        Action::ModerateMessages(s)
        | Action::SwitchMessaging(s)
        | Action::EditMessagingPolicy(s)
        | Action::RespondToIncident(s)
        | Action::ManageGroups(s)
        | Action::LockAccount { school: s, .. } => s.clone(),
        _ => unreachable!("not a school action"),
    }
}
