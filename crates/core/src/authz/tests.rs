//! The authorisation rules, role by role: what each role may do in its school and none
//! outside it.

use super::*;
use crate::UserId;
use rand::{rngs::StdRng, SeedableRng};

struct World {
    home: SchoolId,
    other: SchoolId,
    rng: StdRng,
}

impl World {
    fn new() -> World {
        let mut rng = StdRng::seed_from_u64(42);
        World {
            home: SchoolId::random(&mut rng),
            other: SchoolId::random(&mut rng),
            rng,
        }
    }

    fn actor(&mut self, role: Role) -> Actor {
        Actor::person(UserId::random(&mut self.rng), role, vec![self.home.clone()])
    }
}

/// Expected answers for the school-wide actions, role by role, in the order
/// (view school, import, print codes).
fn school_table(role: Role) -> [bool; 3] {
    match role {
        Role::Pupil | Role::Parent | Role::Teacher => [false, false, false],
        Role::Staff => [true, false, false],
        Role::Head | Role::Admin => [true, true, true],
    }
}

#[test]
fn only_administrators_operate_the_shield() {
    let mut world = World::new();
    for role in Role::ALL {
        let actor = world.actor(role);
        assert_eq!(
            authorize(&actor, Action::OperateShield).is_ok(),
            role == Role::Admin,
            "{role:?}"
        );
    }
    let permit = authorize(&Actor::platform_operator(), Action::OperateShield).unwrap();
    assert_eq!(permit.school(), None);
}

#[test]
fn every_role_uses_its_own_account() {
    let mut w = World::new();
    for role in Role::ALL {
        assert!(
            authorize(&w.actor(role), Action::UseOwnAccount).is_ok(),
            "{role}"
        );
    }
}

#[test]
fn school_wide_actions_follow_the_table_and_stop_at_the_school_gate() {
    let mut w = World::new();
    for role in Role::ALL {
        let actor = w.actor(role);
        let home = w.home.clone();
        let other = w.other.clone();
        let actions = |s: &SchoolId| {
            [
                Action::ViewSchool(s.clone()),
                Action::ImportDirectory(s.clone()),
                Action::PrintActivationCodes(s.clone()),
            ]
        };
        for (action, expected) in actions(&home).into_iter().zip(school_table(role)) {
            assert_eq!(
                authorize(&actor, action.clone()).is_ok(),
                expected,
                "{role} {action:?}"
            );
        }
        for action in actions(&other) {
            assert_eq!(
                authorize(&actor, action.clone()),
                Err(Denied),
                "{role} {action:?}"
            );
        }
    }
}

#[test]
fn managing_accounts_follows_the_role_table() {
    use Role::*;
    // (actor, targets it may reset and lock)
    let table: [(Role, &[Role]); 6] = [
        (Pupil, &[]),
        (Parent, &[]),
        (Teacher, &[]),
        (Staff, &[Pupil, Parent]),
        (Head, &[Pupil, Parent, Teacher, Staff]),
        (Admin, &[Pupil, Parent, Teacher, Staff, Head, Admin]),
    ];
    let mut w = World::new();
    for (role, targets) in table {
        let actor = w.actor(role);
        for target in Role::ALL {
            let expected = targets.contains(&target);
            let school = w.home.clone();
            let reset = Action::ResetAccess {
                school: school.clone(),
                target,
            };
            let lock = Action::LockAccount {
                school: school.clone(),
                target,
            };
            assert_eq!(
                authorize(&actor, reset).is_ok(),
                expected,
                "{role} resets {target}"
            );
            assert_eq!(
                authorize(&actor, lock).is_ok(),
                expected,
                "{role} locks {target}"
            );
            let add = Action::AddUser {
                school,
                role: target,
            };
            let may_add = expected && role != Staff;
            assert_eq!(
                authorize(&actor, add).is_ok(),
                may_add,
                "{role} adds {target}"
            );
            let elsewhere = Action::ResetAccess {
                school: w.other.clone(),
                target,
            };
            assert_eq!(
                authorize(&actor, elsewhere),
                Err(Denied),
                "{role} elsewhere"
            );
        }
    }
}

#[test]
fn messaging_actions_follow_the_role_table() {
    use Role::*;
    // (role, [send, moderate, switch, edit policy, incident, groups])
    let table: [(Role, [bool; 6]); 6] = [
        (Pupil, [true, false, false, false, false, false]),
        (Parent, [true, false, false, false, false, false]),
        (Teacher, [true, false, false, false, false, true]),
        (Staff, [true, true, false, false, false, true]),
        (Head, [true, true, true, true, true, true]),
        (Admin, [true, true, true, true, true, true]),
    ];
    let mut w = World::new();
    let actions = |s: &SchoolId| {
        [
            Action::SendMessages(s.clone()),
            Action::ModerateMessages(s.clone()),
            Action::SwitchMessaging(s.clone()),
            Action::EditMessagingPolicy(s.clone()),
            Action::RespondToIncident(s.clone()),
            Action::ManageGroups(s.clone()),
        ]
    };
    for (role, expected) in table {
        let actor = w.actor(role);
        for (action, allowed) in actions(&w.home).into_iter().zip(expected) {
            assert_eq!(
                authorize(&actor, action.clone()).is_ok(),
                allowed,
                "{role} {action:?}"
            );
        }
        for action in actions(&w.other) {
            assert_eq!(
                authorize(&actor, action.clone()),
                Err(Denied),
                "{role} {action:?}"
            );
        }
    }
    // The operator at the command line has no mailbox to send from.
    let operator = Actor::platform_operator();
    assert_eq!(
        authorize(&operator, Action::SendMessages(w.home.clone())),
        Err(Denied)
    );
}

/// Which roles' accounts a head manages: everyone of the school but heads and admins.
const A_HEAD_MANAGES: [(Role, bool); 6] = [
    (Role::Pupil, true),
    (Role::Parent, true),
    (Role::Teacher, true),
    (Role::Staff, true),
    (Role::Head, false),
    (Role::Admin, false),
];

#[test]
fn an_incident_response_reaches_only_the_accounts_its_author_manages() {
    let mut w = World::new();
    let head = w.actor(Role::Head);
    let permit = authorize(&head, Action::RespondToIncident(w.home.clone())).unwrap();
    for (role, expected) in A_HEAD_MANAGES {
        assert_eq!(permit.covers_account(&w.home, role), expected, "{role}");
    }
    assert!(!permit.covers_account(&w.other, Role::Pupil));
}

#[test]
fn the_platform_operator_acts_everywhere_and_permits_are_scoped() {
    let w = World::new();
    let operator = Actor::platform_operator();
    let action = Action::AddUser {
        school: w.other.clone(),
        role: Role::Head,
    };
    let permit = authorize(&operator, action).unwrap();
    assert!(permit.covers_account(&w.other, Role::Head));
    assert!(!permit.covers_account(&w.home, Role::Head));
    assert!(!permit.covers_account(&w.other, Role::Admin));
    assert_eq!(permit.school(), Some(&w.other));
}

#[test]
fn an_account_less_actor_that_is_not_the_operator_is_refused() {
    let actor = Actor {
        user: None,
        role: Role::Head,
        schools: vec![],
    };
    assert_eq!(authorize(&actor, Action::UseOwnAccount), Err(Denied));
}

#[test]
fn an_import_covers_only_the_roles_its_author_manages() {
    let mut w = World::new();
    let head = w.actor(Role::Head);
    let permit = authorize(&head, Action::ImportDirectory(w.home.clone())).unwrap();
    for (role, expected) in A_HEAD_MANAGES {
        assert_eq!(permit.covers_import(role), expected, "{role}");
    }
    let operator = authorize(
        &Actor::platform_operator(),
        Action::ImportDirectory(w.home.clone()),
    )
    .unwrap();
    assert!(operator.covers_import(Role::Head));
    let view = authorize(&head, Action::ViewSchool(w.home.clone())).unwrap();
    assert!(!view.covers_import(Role::Pupil));
}

#[test]
fn only_the_head_and_admins_reopen_locked_accounts() {
    let mut w = World::new();
    for (role, expected) in [
        (Role::Staff, false),
        (Role::Head, true),
        (Role::Admin, true),
    ] {
        let actor = w.actor(role);
        let reset = Action::ResetAccess {
            school: w.home.clone(),
            target: Role::Pupil,
        };
        assert_eq!(
            authorize(&actor, reset).unwrap().reopens_locked_accounts(),
            expected,
            "{role}"
        );
    }
}
