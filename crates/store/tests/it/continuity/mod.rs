//! Timetables, the class log, homework and news, on every backend.

mod class_log;
mod hand_in;
mod news;
mod timetable;

use crate::fixture::{self, populated_school, user_id};
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::directory::Subject;
use cartable_core::{Actor, ClassId, Role, SchoolId, UserId};
use cartable_store::{School, Store};

/// The populated school, and a way to act in it as one of its people.
pub struct Class {
    pub school: School,
    pub six_a: ClassId,
    pub five_b: ClassId,
}

pub async fn school(store: &Store) -> Class {
    let school = populated_school(store).await;
    let classes = store
        .school_overview(&fixture::operator(Action::ViewSchool(school.id.clone())))
        .await
        .unwrap()
        .classes;
    let id = |name: &str| {
        classes
            .iter()
            .find(|c| c.class.name == name)
            .unwrap()
            .class
            .id
            .clone()
    };
    Class {
        six_a: id("6e A"),
        five_b: id("5e B"),
        school,
    }
}

/// `login`, acting with its role in `school`.
pub async fn person(store: &Store, school: &SchoolId, login: &str) -> (UserId, Actor) {
    let id = user_id(store, login).await;
    let role = store.account(&id).await.unwrap().unwrap().role;
    (id.clone(), Actor::person(id, role, vec![school.clone()]))
}

/// A permit to read `class`'s work as `login`, if the rule gives one.
pub async fn reader(
    store: &Store,
    school: &SchoolId,
    login: &str,
    class: &ClassId,
) -> Option<Permit> {
    let (id, actor) = person(store, school, login).await;
    let (school, tie) = store
        .class_tie(&id, actor.role, class)
        .await
        .unwrap()
        .unwrap();
    authorize(
        &actor,
        Action::ReadClassWork {
            school,
            class: class.clone(),
            tie,
        },
    )
    .ok()
}

/// A permit to write `class`'s log in `subject` as `login`, if the rule gives one.
pub async fn writer(
    store: &Store,
    school: &SchoolId,
    login: &str,
    class: &ClassId,
    subject: &str,
) -> Option<Permit> {
    let (id, actor) = person(store, school, login).await;
    let (school, tie) = store
        .class_tie(&id, actor.role, class)
        .await
        .unwrap()
        .unwrap();
    authorize(
        &actor,
        Action::WriteClassLog {
            school,
            class: class.clone(),
            subject: Subject::parse(subject).unwrap(),
            tie,
        },
    )
    .ok()
}

#[tokio::test]
async fn ties_come_from_the_directory_role_by_role() {
    use cartable_core::continuity::ClassTie;
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let tie = async |login: &str, class: &ClassId| {
            let (id, actor) = person(store, &s.school.id, login).await;
            store
                .class_tie(&id, actor.role, class)
                .await
                .unwrap()
                .unwrap()
                .1
        };
        assert_eq!(
            tie("lea.martin", &s.six_a).await,
            ClassTie::Pupil,
            "{backend}"
        );
        assert_eq!(
            tie("lea.martin", &s.five_b).await,
            ClassTie::None,
            "{backend}"
        );
        assert_eq!(
            tie("sophie.martin", &s.five_b).await,
            ClassTie::ParentOfPupil,
            "{backend}"
        );
        assert_eq!(
            tie("marc.dupont", &s.six_a).await,
            ClassTie::Teacher(vec![Subject::parse("Mathématiques").unwrap()]),
            "{backend}"
        );
        assert_eq!(
            tie("julie.bernard", &s.five_b).await,
            ClassTie::None,
            "{backend}"
        );
        assert_eq!(
            tie("anne.roux", &s.six_a).await,
            ClassTie::None,
            "{backend}"
        );
        let pupil = user_id(store, "lea.martin").await;
        let unknown = ClassId::random(&mut rand::rngs::OsRng);
        assert!(store
            .class_tie(&pupil, Role::Pupil, &unknown)
            .await
            .unwrap()
            .is_none());
        let (_, class) = store.class_of_pupil(&pupil).await.unwrap().unwrap();
        assert_eq!(class.id, s.six_a, "{backend}");
    })
    .await;
}
