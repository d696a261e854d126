//! Accounts: their life cycle, who is acting, and how long a session lasts.

use crate::{Role, SchoolId, Timestamp, UserId};
use serde::{Deserialize, Serialize};

/// Where an account is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountStatus {
    /// Created, waiting for its holder to redeem an activation code and choose a password.
    Pending,
    /// In use.
    Active,
    /// Locked by an administrator: no sign-in, no session.
    Locked,
}

impl AccountStatus {
    /// The stable storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Pending => "pending",
            AccountStatus::Active => "active",
            AccountStatus::Locked => "locked",
        }
    }

    /// Reads a stored name back; unknown names read as locked, the safe side.
    pub fn from_stored(text: &str) -> AccountStatus {
        match text {
            "pending" => AccountStatus::Pending,
            "active" => AccountStatus::Active,
            _ => AccountStatus::Locked,
        }
    }
}

/// Someone acting: the subject of every authorisation decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Their account, or `None` for the platform operator at the command line.
    pub user: Option<UserId>,
    /// Their role.
    pub role: Role,
    /// The schools they belong to (for an academy admin, the academy's schools).
    pub schools: Vec<SchoolId>,
}

impl Actor {
    /// A signed-in person.
    pub fn person(user: UserId, role: Role, schools: Vec<SchoolId>) -> Actor {
        Actor {
            user: Some(user),
            role,
            schools,
        }
    }

    /// Whoever holds the server's command line (`cartable admin …`): the platform operator,
    /// who may act on every school.
    pub fn platform_operator() -> Actor {
        Actor {
            user: None,
            role: Role::Admin,
            schools: Vec::new(),
        }
    }

    /// Whether this actor is the platform operator.
    pub fn is_platform_operator(&self) -> bool {
        self.user.is_none() && self.role == Role::Admin
    }

    /// Whether this actor belongs to `school` (the operator belongs everywhere).
    pub fn belongs_to(&self, school: &SchoolId) -> bool {
        self.is_platform_operator() || self.schools.contains(school)
    }
}

/// A pupil who ticked "stay signed in" keeps a session this long: the 9:00 surge then needs
/// almost no password hashing, because returning pupils resume.
pub const LONG_SESSION_SECONDS: i64 = 30 * 24 * 3600;
/// Every other session lasts a school day.
pub const SHORT_SESSION_SECONDS: i64 = 12 * 3600;

/// When a session opened at `now` expires. Only pupils get long sessions: accounts that can
/// reach a whole class or school keep short ones.
pub fn session_expiry(role: Role, stay_signed_in: bool, now: Timestamp) -> Timestamp {
    let seconds = if role == Role::Pupil && stay_signed_in {
        LONG_SESSION_SECONDS
    } else {
        SHORT_SESSION_SECONDS
    };
    now.plus_seconds(seconds)
}

/// How long an activation code stays valid after it is issued.
pub const ACTIVATION_CODE_SECONDS: i64 = 60 * 24 * 3600;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pupils_who_ask_get_long_sessions() {
        let now = Timestamp(1_000);
        assert_eq!(
            session_expiry(Role::Pupil, true, now),
            now.plus_seconds(LONG_SESSION_SECONDS)
        );
        assert_eq!(
            session_expiry(Role::Pupil, false, now),
            now.plus_seconds(SHORT_SESSION_SECONDS)
        );
        for role in [
            Role::Parent,
            Role::Teacher,
            Role::Staff,
            Role::Head,
            Role::Admin,
        ] {
            assert_eq!(
                session_expiry(role, true, now),
                now.plus_seconds(SHORT_SESSION_SECONDS)
            );
        }
    }

    #[test]
    fn unknown_stored_status_reads_as_locked() {
        assert_eq!(AccountStatus::from_stored("active"), AccountStatus::Active);
        assert_eq!(AccountStatus::from_stored("??"), AccountStatus::Locked);
    }
}
