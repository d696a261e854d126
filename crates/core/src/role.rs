//! The roles a person can hold in a school.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What someone is in a school. The wire form is the lowercase English name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Élève.
    Pupil,
    /// Parent or legal guardian, linked to their children.
    Parent,
    /// Enseignant, linked to (class, subject) pairs.
    Teacher,
    /// Vie scolaire, CPE, secretariat.
    Staff,
    /// Chef d'établissement.
    Head,
    /// Academy or platform administrator.
    Admin,
}

/// Why a string is not a role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?} (expected pupil, parent, teacher, staff, head or admin)")]
pub struct UnknownRole(pub String);

impl Role {
    /// Every role, in the order pages list them.
    pub const ALL: [Role; 6] = [
        Role::Pupil,
        Role::Parent,
        Role::Teacher,
        Role::Staff,
        Role::Head,
        Role::Admin,
    ];

    /// The stable wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Pupil => "pupil",
            Role::Parent => "parent",
            Role::Teacher => "teacher",
            Role::Staff => "staff",
            Role::Head => "head",
            Role::Admin => "admin",
        }
    }

    /// Staff, head and admin run a school's accounts; the others use the school.
    pub fn runs_school(self) -> bool {
        matches!(self, Role::Staff | Role::Head | Role::Admin)
    }
}

impl std::str::FromStr for Role {
    type Err = UnknownRole;
    fn from_str(text: &str) -> Result<Role, UnknownRole> {
        let lower = text.trim().to_ascii_lowercase();
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == lower)
            .ok_or(UnknownRole(text.to_owned()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!(" Teacher ".parse::<Role>(), Ok(Role::Teacher));
        assert!("student".parse::<Role>().is_err());
    }
}
