//! How someone stands to a class, as the store found it: the fact the authorisation of
//! every class-log, homework and news action is decided on (see [`crate::authz`]).

use crate::directory::Subject;

/// The actor's tie to one class. The store sets what the directory says; anything it did not
/// find is [`ClassTie::None`], the safe side.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ClassTie {
    /// No tie: not a member, no child in it, does not teach it.
    #[default]
    None,
    /// A pupil of the class.
    Pupil,
    /// The parent of a pupil of the class.
    ParentOfPupil,
    /// Teaches the class these subjects.
    Teacher(Vec<Subject>),
}

impl ClassTie {
    /// Whether this tie lets a teacher write for `subject` in the class.
    pub fn teaches(&self, subject: &Subject) -> bool {
        matches!(self, ClassTie::Teacher(subjects) if subjects.contains(subject))
    }

    /// Whether the actor teaches the class at all.
    pub fn teaches_class(&self) -> bool {
        matches!(self, ClassTie::Teacher(subjects) if !subjects.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authz::{authorize, Action, Denied};
    use crate::{Actor, ClassId, Role, SchoolId, UserId};
    use rand::{rngs::StdRng, SeedableRng};

    struct World {
        home: SchoolId,
        other: SchoolId,
        class: ClassId,
        maths: Subject,
        french: Subject,
        rng: StdRng,
    }

    impl World {
        fn new() -> World {
            let mut rng = StdRng::seed_from_u64(7);
            World {
                home: SchoolId::random(&mut rng),
                other: SchoolId::random(&mut rng),
                class: ClassId::random(&mut rng),
                maths: Subject::parse("Mathématiques").unwrap(),
                french: Subject::parse("Français").unwrap(),
                rng,
            }
        }

        fn actor(&mut self, role: Role) -> Actor {
            Actor::person(UserId::random(&mut self.rng), role, vec![self.home.clone()])
        }

        /// Every tie a store could find, the teacher's being "teaches maths".
        fn ties(&self) -> [ClassTie; 4] {
            [
                ClassTie::None,
                ClassTie::Pupil,
                ClassTie::ParentOfPupil,
                ClassTie::Teacher(vec![self.maths.clone()]),
            ]
        }
    }

    /// (role, tie) pairs allowed to read a class's work; staff, head and admin with any tie.
    fn reads(role: Role, tie: &ClassTie) -> bool {
        match role {
            Role::Pupil => *tie == ClassTie::Pupil,
            Role::Parent => *tie == ClassTie::ParentOfPupil,
            Role::Teacher => matches!(tie, ClassTie::Teacher(_)),
            Role::Staff | Role::Head | Role::Admin => true,
        }
    }

    #[test]
    fn a_class_s_work_is_read_by_its_pupils_parents_teachers_and_staff_only() {
        let mut w = World::new();
        for role in Role::ALL {
            let actor = w.actor(role);
            for tie in w.ties() {
                let action = |school: &SchoolId| Action::ReadClassWork {
                    school: school.clone(),
                    class: w.class.clone(),
                    tie: tie.clone(),
                };
                assert_eq!(
                    authorize(&actor, action(&w.home)).is_ok(),
                    reads(role, &tie),
                    "{role} {tie:?}"
                );
                assert_eq!(
                    authorize(&actor, action(&w.other)),
                    Err(Denied),
                    "{role} {tie:?}"
                );
            }
        }
        let permit = authorize(
            &w.actor(Role::Pupil),
            Action::ReadClassWork {
                school: w.home.clone(),
                class: w.class.clone(),
                tie: ClassTie::Pupil,
            },
        )
        .unwrap();
        assert_eq!(permit.class(), Some(&w.class));
    }

    #[test]
    fn only_a_teacher_of_the_subject_writes_the_class_log() {
        let mut w = World::new();
        for role in Role::ALL {
            let actor = w.actor(role);
            for tie in w.ties() {
                for subject in [w.maths.clone(), w.french.clone()] {
                    let allowed =
                        role == Role::Teacher && subject == w.maths && tie.teaches_class();
                    let action = Action::WriteClassLog {
                        school: w.home.clone(),
                        class: w.class.clone(),
                        subject: subject.clone(),
                        tie: tie.clone(),
                    };
                    assert_eq!(
                        authorize(&actor, action).is_ok(),
                        allowed,
                        "{role} {tie:?} {subject}"
                    );
                }
            }
        }
        let teacher = w.actor(Role::Teacher);
        let elsewhere = Action::WriteClassLog {
            school: w.other.clone(),
            class: w.class.clone(),
            subject: w.maths.clone(),
            tie: ClassTie::Teacher(vec![w.maths.clone()]),
        };
        assert_eq!(authorize(&teacher, elsewhere), Err(Denied));
    }

    #[test]
    fn only_a_pupil_of_the_class_ticks_its_homework() {
        let mut w = World::new();
        for role in Role::ALL {
            let actor = w.actor(role);
            for tie in w.ties() {
                let action = Action::TickHomework {
                    school: w.home.clone(),
                    class: w.class.clone(),
                    tie: tie.clone(),
                };
                assert_eq!(
                    authorize(&actor, action).is_ok(),
                    role == Role::Pupil && tie == ClassTie::Pupil,
                    "{role} {tie:?}"
                );
            }
        }
    }

    #[test]
    fn only_a_pupil_of_the_class_hands_work_in() {
        let mut w = World::new();
        for role in Role::ALL {
            let actor = w.actor(role);
            for tie in w.ties() {
                for school in [w.home.clone(), w.other.clone()] {
                    let allowed = role == Role::Pupil && tie == ClassTie::Pupil && school == w.home;
                    let action = Action::HandIn {
                        school,
                        class: w.class.clone(),
                        tie: tie.clone(),
                    };
                    assert_eq!(authorize(&actor, action).is_ok(), allowed, "{role} {tie:?}");
                }
            }
        }
    }

    #[test]
    fn only_a_teacher_of_the_subject_reviews_hand_ins() {
        let mut w = World::new();
        for role in Role::ALL {
            let actor = w.actor(role);
            for tie in w.ties() {
                for subject in [w.maths.clone(), w.french.clone()] {
                    let allowed = role == Role::Teacher && tie.teaches(&subject);
                    let action = Action::ReviewHandIns {
                        school: w.home.clone(),
                        class: w.class.clone(),
                        subject: subject.clone(),
                        tie: tie.clone(),
                    };
                    assert_eq!(
                        authorize(&actor, action).is_ok(),
                        allowed,
                        "{role} {tie:?} {subject}"
                    );
                }
            }
        }
    }

    /// Whether `role` with `tie` reads the hand-in of `pupil` in maths, as the rule says:
    /// the pupil herself, her parents, the class's maths teachers; not even the head.
    fn reads_hand_in(role: Role, tie: &ClassTie, herself: bool, own_child: bool) -> bool {
        match role {
            Role::Pupil => *tie == ClassTie::Pupil && herself,
            Role::Parent => *tie == ClassTie::ParentOfPupil && own_child,
            Role::Teacher => matches!(tie, ClassTie::Teacher(_)),
            Role::Staff | Role::Head | Role::Admin => false,
        }
    }

    #[test]
    fn a_hand_in_is_read_by_its_pupil_her_parents_and_the_subject_s_teachers() {
        let mut w = World::new();
        for role in Role::ALL {
            let actor = w.actor(role);
            let someone_else = UserId::random(&mut w.rng);
            for tie in w.ties() {
                for herself in [false, true] {
                    for own_child in [false, true] {
                        let pupil = match (herself, actor.user.clone()) {
                            (true, Some(me)) => me,
                            _ => someone_else.clone(),
                        };
                        let action = |school: &SchoolId, subject: &Subject| Action::ReadHandIn {
                            school: school.clone(),
                            class: w.class.clone(),
                            subject: subject.clone(),
                            tie: tie.clone(),
                            pupil: pupil.clone(),
                            own_child,
                        };
                        assert_eq!(
                            authorize(&actor, action(&w.home, &w.maths)).is_ok(),
                            reads_hand_in(role, &tie, herself, own_child),
                            "{role} {tie:?} herself={herself} child={own_child}"
                        );
                        assert_eq!(authorize(&actor, action(&w.other, &w.maths)), Err(Denied));
                        if role == Role::Teacher {
                            assert_eq!(authorize(&actor, action(&w.home, &w.french)), Err(Denied));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn only_a_parent_sees_the_day_of_their_own_child() {
        let mut w = World::new();
        for role in Role::ALL {
            let actor = w.actor(role);
            for own_child in [false, true] {
                let action = Action::ViewChildDay {
                    school: w.home.clone(),
                    own_child,
                };
                assert_eq!(
                    authorize(&actor, action).is_ok(),
                    role == Role::Parent && own_child,
                    "{role} {own_child}"
                );
            }
        }
    }

    #[test]
    fn staff_edit_timetables_and_publish_to_the_school_teachers_to_their_classes() {
        let mut w = World::new();
        for role in Role::ALL {
            let actor = w.actor(role);
            let runs = role.runs_school();
            for action in [
                Action::EditTimetable(w.home.clone()),
                Action::PublishSchoolNews(w.home.clone()),
            ] {
                assert_eq!(
                    authorize(&actor, action.clone()).is_ok(),
                    runs,
                    "{role} {action:?}"
                );
            }
            for action in [
                Action::EditTimetable(w.other.clone()),
                Action::PublishSchoolNews(w.other.clone()),
            ] {
                assert_eq!(
                    authorize(&actor, action.clone()),
                    Err(Denied),
                    "{role} {action:?}"
                );
            }
            for tie in w.ties() {
                let allowed = runs || (role == Role::Teacher && tie.teaches_class());
                let action = Action::PublishClassNews {
                    school: w.home.clone(),
                    class: w.class.clone(),
                    tie: tie.clone(),
                };
                assert_eq!(authorize(&actor, action).is_ok(), allowed, "{role} {tie:?}");
            }
        }
    }
}
