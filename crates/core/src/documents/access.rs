//! Who may use which documents space: the table the rules in [`crate::authz`] follow,
//! tested role by role and tie by tie.
//!
//! - A personal space: its owner, whatever their role; nobody else, not even the head.
//! - A class space, to read: its pupils, their parents, its teachers, the school's staff,
//!   head and administrators.
//! - A class space, to write: its teachers, the school's staff and head.
//!
//! Nothing crosses the school gate.

#[cfg(test)]
mod tests {
    use crate::authz::{authorize, Action, Denied};
    use crate::continuity::ClassTie;
    use crate::directory::Subject;
    use crate::{Actor, ClassId, Role, SchoolId, UserId};
    use rand::{rngs::StdRng, SeedableRng};

    struct World {
        home: SchoolId,
        other: SchoolId,
        class: ClassId,
        rng: StdRng,
    }

    impl World {
        fn new() -> World {
            let mut rng = StdRng::seed_from_u64(11);
            World {
                home: SchoolId::random(&mut rng),
                other: SchoolId::random(&mut rng),
                class: ClassId::random(&mut rng),
                rng,
            }
        }

        fn actor(&mut self, role: Role) -> Actor {
            Actor::person(UserId::random(&mut self.rng), role, vec![self.home.clone()])
        }

        fn ties() -> [ClassTie; 4] {
            [
                ClassTie::None,
                ClassTie::Pupil,
                ClassTie::ParentOfPupil,
                ClassTie::Teacher(vec![Subject::parse("Histoire").unwrap()]),
            ]
        }

        fn read(&self, school: &SchoolId, tie: &ClassTie) -> Action {
            Action::ReadClassDocuments {
                school: school.clone(),
                class: self.class.clone(),
                tie: tie.clone(),
            }
        }

        fn write(&self, school: &SchoolId, tie: &ClassTie) -> Action {
            Action::WriteClassDocuments {
                school: school.clone(),
                class: self.class.clone(),
                tie: tie.clone(),
            }
        }
    }

    /// (role, tie index in [`World::ties`]) → (reads, writes), for the actor's own school.
    fn expected(role: Role, tie: &ClassTie) -> (bool, bool) {
        use Role::*;
        match (role, tie) {
            (Pupil, ClassTie::Pupil) => (true, false),
            (Parent, ClassTie::ParentOfPupil) => (true, false),
            (Teacher, ClassTie::Teacher(_)) => (true, true),
            (Staff | Head, _) => (true, true),
            (Admin, _) => (true, false),
            _ => (false, false),
        }
    }

    #[test]
    fn class_spaces_follow_the_table_role_by_role() {
        let mut w = World::new();
        for role in Role::ALL {
            let actor = w.actor(role);
            for tie in World::ties() {
                let (reads, writes) = expected(role, &tie);
                assert_eq!(
                    authorize(&actor, w.read(&w.home, &tie)).is_ok(),
                    reads,
                    "{role} reads with {tie:?}"
                );
                assert_eq!(
                    authorize(&actor, w.write(&w.home, &tie)).is_ok(),
                    writes,
                    "{role} writes with {tie:?}"
                );
                assert_eq!(authorize(&actor, w.read(&w.other, &tie)), Err(Denied));
                assert_eq!(authorize(&actor, w.write(&w.other, &tie)), Err(Denied));
            }
        }
    }

    #[test]
    fn a_personal_space_is_its_owner_s_alone() {
        let mut w = World::new();
        for role in Role::ALL {
            let me = w.actor(role);
            let mine = Action::UseOwnDocuments {
                owner: me.user.clone().unwrap(),
            };
            assert!(authorize(&me, mine).is_ok(), "{role}");
            for other_role in Role::ALL {
                let someone = w.actor(other_role);
                let theirs = Action::UseOwnDocuments {
                    owner: someone.user.clone().unwrap(),
                };
                assert_eq!(authorize(&me, theirs), Err(Denied), "{role} → {other_role}");
            }
        }
        let operator = Actor::platform_operator();
        let anyone = Action::UseOwnDocuments {
            owner: UserId::random(&mut w.rng),
        };
        assert_eq!(authorize(&operator, anyone), Err(Denied));
    }

    #[test]
    fn a_class_documents_permit_names_its_class_and_school() {
        let mut w = World::new();
        let teacher = w.actor(Role::Teacher);
        let tie = ClassTie::Teacher(vec![Subject::parse("Histoire").unwrap()]);
        let permit = authorize(&teacher, w.write(&w.home, &tie)).unwrap();
        assert_eq!(permit.class(), Some(&w.class));
        assert_eq!(permit.school(), Some(&w.home));
        let own = authorize(
            &teacher,
            Action::UseOwnDocuments {
                owner: teacher.user.clone().unwrap(),
            },
        )
        .unwrap();
        assert_eq!(own.school(), None);
        assert_eq!(own.class(), None);
    }
}
