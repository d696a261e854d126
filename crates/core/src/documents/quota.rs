//! How much a space may hold.
//!
//! A space's use is the size of every file in it, *the trash included*: a file in the
//! trash still takes its room until it is purged (30 days after deletion) or restored, so
//! emptying a folder into the trash does not make room. Deduplication in the blob store is
//! not credited: two copies of one file count twice, as the person sees two files.

use super::refusal::DocumentRefusal;
use super::space::Space;
use crate::Role;

/// A mebibyte.
const MIB: u64 = 1024 * 1024;

/// The most bytes a space may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota(pub u64);

impl Quota {
    /// A personal space's quota, by its owner's role: pupils and parents keep their
    /// homework and letters, teachers and staff their lessons and forms.
    pub fn personal(role: Role) -> Quota {
        Quota(match role {
            Role::Pupil => 200 * MIB,
            Role::Parent => 50 * MIB,
            Role::Teacher => 2048 * MIB,
            Role::Staff | Role::Head | Role::Admin => 1024 * MIB,
        })
    }

    /// A class space's quota, shared by everyone who writes it.
    pub const CLASS: Quota = Quota(4096 * MIB);

    /// The quota of `space`, whose owner (for a personal space) has `owner_role`.
    pub fn of(space: &Space, owner_role: Role) -> Quota {
        match space {
            Space::Personal(_) => Quota::personal(owner_role),
            Space::Class(_) => Quota::CLASS,
        }
    }

    /// Bytes still free when `used` are taken.
    pub fn remaining(self, used: u64) -> u64 {
        self.0.saturating_sub(used)
    }

    /// Whether `incoming` more bytes fit when `used` are taken.
    pub fn admit(self, used: u64, incoming: u64) -> Result<(), DocumentRefusal> {
        if used.saturating_add(incoming) <= self.0 {
            Ok(())
        } else {
            Err(DocumentRefusal::QuotaExceeded {
                remaining: self.remaining(used),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_fits_up_to_the_last_byte() {
        let quota = Quota(100);
        assert!(quota.admit(0, 100).is_ok());
        assert!(quota.admit(60, 40).is_ok());
        assert_eq!(
            quota.admit(60, 41),
            Err(DocumentRefusal::QuotaExceeded { remaining: 40 })
        );
        assert_eq!(
            quota.admit(150, 1),
            Err(DocumentRefusal::QuotaExceeded { remaining: 0 })
        );
        assert_eq!(quota.remaining(150), 0);
        assert!(quota.admit(u64::MAX, u64::MAX).is_err());
    }

    #[test]
    fn every_role_has_room_and_classes_have_more_than_pupils() {
        for role in Role::ALL {
            let quota = Quota::personal(role);
            assert!(quota.0 >= 50 * MIB, "{role}");
            assert!(Quota::CLASS.0 > quota.0, "{role}");
        }
    }
}
