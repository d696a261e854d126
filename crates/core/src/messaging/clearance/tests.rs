//! The rule, role by role and recipient kind by recipient kind.

use super::*;
use crate::id::{ClassId, GroupId, UserId};
use rand::{rngs::StdRng, SeedableRng};

struct World {
    rng: StdRng,
    home: SchoolId,
    other: SchoolId,
}

impl World {
    fn new() -> World {
        let mut rng = StdRng::seed_from_u64(3);
        World {
            home: SchoolId::random(&mut rng),
            other: SchoolId::random(&mut rng),
            rng,
        }
    }

    fn sender(&self, role: Role) -> Sender {
        Sender {
            role,
            schools: vec![self.home.clone()],
            new_device: false,
        }
    }

    fn target(&mut self, kind: TargetKind, ties: Ties) -> Target {
        let recipient = match kind {
            TargetKind::Person(_) => Recipient::User(UserId::random(&mut self.rng)),
            TargetKind::Class => Recipient::Class(ClassId::random(&mut self.rng)),
            TargetKind::ClassParents => Recipient::ClassParents(ClassId::random(&mut self.rng)),
            TargetKind::ClassTeachers => Recipient::ClassTeachers(ClassId::random(&mut self.rng)),
            TargetKind::Group => Recipient::Group(GroupId::random(&mut self.rng)),
            TargetKind::School => Recipient::School(self.home.clone()),
        };
        let size = if recipient.is_collective() { 30 } else { 1 };
        Target {
            recipient,
            kind,
            school: self.home.clone(),
            ties,
            size,
        }
    }
}

const NONE: Ties = Ties {
    sender_teaches: false,
    teaches_sender: false,
    classmate: false,
    own_child: false,
    owns_group: false,
};

/// The tie that makes each (sender, recipient) pair legitimate, if any does.
fn the_tie(sender: Role, kind: TargetKind) -> Option<Ties> {
    use TargetKind::*;
    let tie = match (sender, kind) {
        (Role::Pupil, Person(Role::Teacher)) | (Role::Parent, Person(Role::Teacher)) => Ties {
            teaches_sender: true,
            ..NONE
        },
        (Role::Pupil, Person(Role::Pupil)) => Ties {
            classmate: true,
            ..NONE
        },
        (Role::Parent, Person(Role::Pupil)) => Ties {
            own_child: true,
            ..NONE
        },
        (Role::Teacher, Person(Role::Pupil | Role::Parent))
        | (Role::Teacher, Class | ClassParents | ClassTeachers) => Ties {
            sender_teaches: true,
            ..NONE
        },
        (Role::Teacher, Group) => Ties {
            owns_group: true,
            ..NONE
        },
        _ => return None,
    };
    Some(tie)
}

/// Every kind of recipient the rule knows.
fn every_kind() -> Vec<TargetKind> {
    let mut kinds: Vec<TargetKind> = Role::ALL.into_iter().map(TargetKind::Person).collect();
    kinds.extend([
        TargetKind::Class,
        TargetKind::ClassParents,
        TargetKind::ClassTeachers,
        TargetKind::Group,
        TargetKind::School,
    ]);
    kinds
}

/// The expected answer for `sender` writing to `kind`, without any tie and with the tie that
/// could make it legitimate, under the default policy.
fn expected(sender: Role, kind: TargetKind) -> (Result<(), Refusal>, Result<(), Refusal>) {
    use TargetKind::*;
    let ok = Ok(());
    match (sender, kind) {
        (Role::Staff | Role::Head | Role::Admin, _) => (ok, ok),
        (_, School) => (Err(Refusal::SchoolWide), Err(Refusal::SchoolWide)),
        (_, Person(Role::Staff | Role::Head)) => (ok, ok),
        (Role::Teacher, Person(Role::Teacher)) => (ok, ok),
        (Role::Pupil, Person(Role::Pupil)) => {
            (Err(Refusal::NotAContact), Err(Refusal::ClassmatesClosed))
        }
        (Role::Pupil | Role::Parent, Person(Role::Teacher))
        | (Role::Parent, Person(Role::Pupil))
        | (Role::Teacher, Person(Role::Pupil | Role::Parent)) => (Err(Refusal::NotAContact), ok),
        (_, Person(_)) => (Err(Refusal::NotAContact), Err(Refusal::NotAContact)),
        (Role::Teacher, _) => (Err(Refusal::Collective), ok),
        (Role::Pupil | Role::Parent, _) => (Err(Refusal::Collective), Err(Refusal::Collective)),
    }
}

#[test]
fn every_role_and_recipient_kind_follows_the_table() {
    let mut w = World::new();
    let policy = MessagingPolicy::default();
    let mut pairs = 0;
    for role in Role::ALL {
        for kind in every_kind() {
            let (untied, tied) = expected(role, kind);
            let target = w.target(kind, NONE);
            assert_eq!(
                check_target(&w.sender(role), &policy, &target),
                untied,
                "{role} → {kind:?} without a tie"
            );
            let tie = the_tie(role, kind).unwrap_or(NONE);
            let target = w.target(kind, tie);
            assert_eq!(
                check_target(&w.sender(role), &policy, &target),
                tied,
                "{role} → {kind:?} with {tie:?}"
            );
            pairs += 1;
        }
    }
    assert_eq!(pairs, 6 * 11);
}

#[test]
fn no_one_but_an_academy_admin_writes_into_another_school() {
    let mut w = World::new();
    let policy = MessagingPolicy::default();
    for role in Role::ALL {
        for kind in every_kind() {
            let mut target = w.target(kind, the_tie(role, kind).unwrap_or(NONE));
            target.school = w.other.clone();
            assert_eq!(
                check_target(&w.sender(role), &policy, &target),
                Err(Refusal::Unknown),
                "{role} → {kind:?}"
            );
        }
    }
    let mut admin = w.sender(Role::Admin);
    admin.schools.push(w.other.clone());
    let mut target = w.target(TargetKind::School, NONE);
    target.school = w.other.clone();
    assert_eq!(check_target(&admin, &policy, &target), Ok(()));
}

#[test]
fn a_school_may_open_pupil_to_pupil_messages_between_classmates_only() {
    let mut w = World::new();
    let policy = MessagingPolicy {
        pupils_write_to_classmates: true,
        ..MessagingPolicy::default()
    };
    let pupil = w.sender(Role::Pupil);
    let classmate = w.target(
        TargetKind::Person(Role::Pupil),
        the_tie(Role::Pupil, TargetKind::Person(Role::Pupil)).unwrap(),
    );
    let stranger = w.target(TargetKind::Person(Role::Pupil), NONE);
    assert_eq!(check_target(&pupil, &policy, &classmate), Ok(()));
    assert_eq!(
        check_target(&pupil, &policy, &stranger),
        Err(Refusal::NotAContact)
    );
}

#[test]
fn a_message_is_refused_whole_and_names_each_refused_recipient() {
    let mut w = World::new();
    let policy = MessagingPolicy::default();
    let teacher = w.target(
        TargetKind::Person(Role::Teacher),
        Ties {
            teaches_sender: true,
            ..NONE
        },
    );
    let school = w.target(TargetKind::School, NONE);
    let class = w.target(TargetKind::Class, NONE);
    let refused = clear(
        &w.sender(Role::Pupil),
        &policy,
        vec![teacher, school.clone(), class.clone()],
    )
    .unwrap_err();
    assert_eq!(
        refused,
        vec![
            RefusedRecipient {
                recipient: school.recipient,
                refusal: Refusal::SchoolWide
            },
            RefusedRecipient {
                recipient: class.recipient,
                refusal: Refusal::Collective
            },
        ]
    );
}

#[test]
fn pupils_and_parents_name_only_a_few_people_per_message() {
    let mut w = World::new();
    let policy = MessagingPolicy::default();
    let staff: Vec<Target> = (0..policy.max_people_per_message + 2)
        .map(|_| w.target(TargetKind::Person(Role::Staff), NONE))
        .collect();
    for role in [Role::Pupil, Role::Parent] {
        let refused = clear(&w.sender(role), &policy, staff.clone()).unwrap_err();
        assert_eq!(refused.len(), 2, "{role}");
        assert!(refused.iter().all(|r| r.refusal == Refusal::TooManyPeople));
    }
    let cleared = clear(&w.sender(Role::Teacher), &policy, staff.clone()).unwrap();
    assert_eq!(cleared.targets().len(), staff.len());
    assert_eq!(
        clear(&w.sender(Role::Pupil), &policy, Vec::new()),
        Err(Vec::new())
    );
}

#[test]
fn a_new_device_reaches_one_class_at_most_and_never_the_school() {
    let mut w = World::new();
    let policy = MessagingPolicy::default();
    let mut staff = w.sender(Role::Staff);
    staff.new_device = true;
    let class_a = w.target(TargetKind::Class, NONE);
    let class_b = w.target(TargetKind::ClassParents, NONE);
    let school = w.target(TargetKind::School, NONE);
    let person = w.target(TargetKind::Person(Role::Teacher), NONE);
    assert!(clear(&staff, &policy, vec![class_a.clone(), person.clone()]).is_ok());
    let refused = clear(&staff, &policy, vec![class_a.clone(), class_b.clone()]).unwrap_err();
    assert_eq!(
        refused,
        vec![RefusedRecipient {
            recipient: class_b.recipient,
            refusal: Refusal::NewDevice
        }]
    );
    let refused = clear(&staff, &policy, vec![school.clone()]).unwrap_err();
    assert_eq!(refused[0].refusal, Refusal::NewDevice);
    staff.new_device = false;
    let cleared = clear(&staff, &policy, vec![class_a, school]).unwrap();
    assert_eq!(cleared.reach(), 60);
}

#[test]
fn a_new_device_reaches_a_class_and_its_parents_in_a_day_not_a_school_piecemeal() {
    assert_eq!(check_new_device_reach(0, 30), Ok(()));
    assert_eq!(check_new_device_reach(30, 30), Ok(()));
    assert_eq!(check_new_device_reach(60, 1), Err(Refusal::NewDevice));
    assert_eq!(check_new_device_reach(0, 61), Err(Refusal::NewDevice));
}
