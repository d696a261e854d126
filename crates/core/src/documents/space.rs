//! Where documents live: one person's own space, or one class's shared space, and what a
//! permit opens.

use crate::authz::{Action, Permit};
use crate::{ClassId, UserId};

/// A documents space.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Space {
    /// A person's own space: only they see it.
    Personal(UserId),
    /// A class's shared space: its teachers (and the school's staff) write, its pupils and
    /// their parents read.
    Class(ClassId),
}

/// What a permit allows in its space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// List and download.
    Read,
    /// Also create, upload, rename, move, delete and restore.
    Write,
}

impl Space {
    /// The space and the access a permit gives, if it is a documents permit:
    /// `UseOwnDocuments` opens its owner's space for writing, `ReadClassDocuments` and
    /// `WriteClassDocuments` their class's. Any other permit opens nothing.
    pub fn of_permit(permit: &Permit) -> Option<(Space, Access)> {
        match permit.action() {
            Action::UseOwnDocuments { owner } => {
                Some((Space::Personal(owner.clone()), Access::Write))
            }
            Action::ReadClassDocuments { class, .. } => {
                Some((Space::Class(class.clone()), Access::Read))
            }
            Action::WriteClassDocuments { class, .. } => {
                Some((Space::Class(class.clone()), Access::Write))
            }
            _ => None,
        }
    }

    /// The space as one stored text: `u:` and the owner's id, or `c:` and the class's.
    pub fn key(&self) -> String {
        match self {
            Space::Personal(owner) => format!("u:{owner}"),
            Space::Class(class) => format!("c:{class}"),
        }
    }

    /// The space a stored key names; `None` for anything [`Space::key`] does not write.
    pub fn from_key(key: &str) -> Option<Space> {
        if let Some(owner) = key.strip_prefix("u:") {
            return owner.parse().ok().map(Space::Personal);
        }
        key.strip_prefix("c:")?.parse().ok().map(Space::Class)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authz::authorize;
    use crate::continuity::ClassTie;
    use crate::{Actor, Role, SchoolId};
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn keys_round_trip_and_nothing_else_parses() {
        let mut rng = StdRng::seed_from_u64(3);
        let personal = Space::Personal(UserId::random(&mut rng));
        let class = Space::Class(ClassId::random(&mut rng));
        for space in [personal, class] {
            assert_eq!(Space::from_key(&space.key()), Some(space));
        }
        for bad in [
            "",
            "u:",
            "c:xyz",
            "x:0123456789abcdef0123456789abcdef",
            "u:../etc",
        ] {
            assert_eq!(Space::from_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_permit_opens_its_own_space_only() {
        let mut rng = StdRng::seed_from_u64(4);
        let me = UserId::random(&mut rng);
        let school = SchoolId::random(&mut rng);
        let class = ClassId::random(&mut rng);
        let pupil = Actor::person(me.clone(), Role::Pupil, vec![school.clone()]);
        let own = authorize(&pupil, Action::UseOwnDocuments { owner: me.clone() }).unwrap();
        assert_eq!(
            Space::of_permit(&own),
            Some((Space::Personal(me), Access::Write))
        );
        let read = authorize(
            &pupil,
            Action::ReadClassDocuments {
                school,
                class: class.clone(),
                tie: ClassTie::Pupil,
            },
        )
        .unwrap();
        assert_eq!(
            Space::of_permit(&read),
            Some((Space::Class(class), Access::Read))
        );
        let other = authorize(&pupil, Action::UseOwnAccount).unwrap();
        assert_eq!(Space::of_permit(&other), None);
    }
}
