//! A school's messaging policy: the settings the head edits, with safe defaults.
//!
//! The policy holds what varies from school to school (may pupils write to classmates, how
//! many messages per minute, when pupils and parents may send). Who may write to whom *by
//! role* is not a setting: it is the rule in [`super::clearance`], the same everywhere.

use super::quiet_hours::QuietHours;
use crate::Role;
use serde::{Deserialize, Serialize};

/// How much one sender may send, per role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Messages sent (or attempted) in any 60 seconds.
    pub messages_per_minute: u32,
    /// People reached in any hour, counting each person a class or school stands for.
    pub recipients_per_hour: u32,
}

/// One value per role that sends messages; an academy admin is held to the head's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerRole<T> {
    /// For pupils.
    pub pupil: T,
    /// For parents.
    pub parent: T,
    /// For teachers.
    pub teacher: T,
    /// For staff.
    pub staff: T,
    /// For the head (and academy admins).
    pub head: T,
}

impl<T> PerRole<T> {
    /// The value for `role`.
    pub fn get(&self, role: Role) -> &T {
        match role {
            Role::Pupil => &self.pupil,
            Role::Parent => &self.parent,
            Role::Teacher => &self.teacher,
            Role::Staff => &self.staff,
            Role::Head | Role::Admin => &self.head,
        }
    }

    /// The value for `role`, to change it.
    pub fn get_mut(&mut self, role: Role) -> &mut T {
        match role {
            Role::Pupil => &mut self.pupil,
            Role::Parent => &mut self.parent,
            Role::Teacher => &mut self.teacher,
            Role::Staff => &mut self.staff,
            Role::Head | Role::Admin => &mut self.head,
        }
    }
}

/// The roles a policy has a column for, in the order pages show them.
pub const POLICY_ROLES: [Role; 5] = [
    Role::Pupil,
    Role::Parent,
    Role::Teacher,
    Role::Staff,
    Role::Head,
];

/// The most people a pupil or parent may name on one message, whatever the policy says: more
/// is mass mailing, which only teachers and staff may do.
pub const MAX_PEOPLE_CEILING: u32 = 10;

/// The highest value a limit may take: high enough to switch a limit off in effect (an
/// academy's own bulk mailings, benchmarks), low enough to stay an integer everywhere.
pub const MAX_LIMIT: u32 = 10_000_000;

/// A school's messaging settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessagingPolicy {
    /// Whether pupils may write to the pupils of their own classes.
    pub pupils_write_to_classmates: bool,
    /// How many people a pupil or parent may name on one message.
    pub max_people_per_message: u32,
    /// Sending limits per role.
    pub limits: PerRole<RateLimit>,
    /// When each role may send; `None` means at any time.
    pub quiet_hours: PerRole<Option<QuietHours>>,
    /// The school's time zone (IANA name), in which quiet hours are read.
    pub time_zone: String,
}

impl Default for MessagingPolicy {
    /// The safe defaults: pupils write only to adults, families send on school days from 7:00
    /// to 20:00, and a pupil reaching a few dozen people in an hour is stopped.
    fn default() -> MessagingPolicy {
        let family_hours = Some(QuietHours::school_days(7 * 60, 20 * 60));
        MessagingPolicy {
            pupils_write_to_classmates: false,
            max_people_per_message: 5,
            limits: PerRole {
                pupil: RateLimit {
                    messages_per_minute: 5,
                    recipients_per_hour: 40,
                },
                parent: RateLimit {
                    messages_per_minute: 5,
                    recipients_per_hour: 40,
                },
                teacher: RateLimit {
                    messages_per_minute: 30,
                    recipients_per_hour: 3_000,
                },
                staff: RateLimit {
                    messages_per_minute: 60,
                    recipients_per_hour: 20_000,
                },
                head: RateLimit {
                    messages_per_minute: 60,
                    recipients_per_hour: 20_000,
                },
            },
            quiet_hours: PerRole {
                pupil: family_hours,
                parent: family_hours,
                teacher: None,
                staff: None,
                head: None,
            },
            time_zone: "Europe/Paris".to_owned(),
        }
    }
}

/// Why a policy cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidPolicy {
    /// `max_people_per_message` is 0 or above [`MAX_PEOPLE_CEILING`].
    #[error("people per message must be between 1 and {MAX_PEOPLE_CEILING}")]
    PeoplePerMessage,
    /// A limit is zero or beyond [`MAX_LIMIT`].
    #[error("the {0} limits must be between 1 and 10000000")]
    Limit(Role),
    /// Quiet hours that close before they open.
    #[error("the {0} sending hours must start before they end")]
    Hours(Role),
    /// A time zone the database does not know.
    #[error("unknown time zone {0:?}")]
    TimeZone(String),
}

impl MessagingPolicy {
    /// Checks a policy before it is saved, so a school can never be left with one that
    /// silences everyone or lets anyone flood.
    pub fn validate(&self) -> Result<(), InvalidPolicy> {
        if !(1..=MAX_PEOPLE_CEILING).contains(&self.max_people_per_message) {
            return Err(InvalidPolicy::PeoplePerMessage);
        }
        for role in POLICY_ROLES {
            let limit = self.limits.get(role);
            let sane = 1..=MAX_LIMIT;
            if !sane.contains(&limit.messages_per_minute)
                || !sane.contains(&limit.recipients_per_hour)
            {
                return Err(InvalidPolicy::Limit(role));
            }
            if let Some(hours) = self.quiet_hours.get(role) {
                if !hours.is_valid() {
                    return Err(InvalidPolicy::Hours(role));
                }
            }
        }
        if jiff::tz::db().get(&self.time_zone).is_err() {
            return Err(InvalidPolicy::TimeZone(self.time_zone.clone()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_read_back_from_json() {
        let policy = MessagingPolicy::default();
        policy.validate().unwrap();
        let json = serde_json::to_string(&policy).unwrap();
        let back: MessagingPolicy = serde_json::from_str(&json).unwrap();
        assert_eq!(back, policy);
    }

    #[test]
    fn unsafe_policies_are_refused() {
        let mut policy = MessagingPolicy {
            max_people_per_message: MAX_PEOPLE_CEILING + 1,
            ..MessagingPolicy::default()
        };
        assert_eq!(policy.validate(), Err(InvalidPolicy::PeoplePerMessage));
        policy.max_people_per_message = 3;
        policy.limits.pupil.recipients_per_hour = 0;
        assert_eq!(policy.validate(), Err(InvalidPolicy::Limit(Role::Pupil)));
        policy.limits.pupil.recipients_per_hour = 10;
        policy.quiet_hours.parent = Some(QuietHours::school_days(20 * 60, 7 * 60));
        assert_eq!(policy.validate(), Err(InvalidPolicy::Hours(Role::Parent)));
        policy.quiet_hours.parent = None;
        policy.time_zone = "Europe/Atlantis".to_owned();
        assert!(matches!(policy.validate(), Err(InvalidPolicy::TimeZone(_))));
    }

    #[test]
    fn unknown_fields_are_refused_rather_than_ignored() {
        let mut json = serde_json::to_value(MessagingPolicy::default()).unwrap();
        json["pupils_write_to_everyone"] = true.into();
        assert!(serde_json::from_value::<MessagingPolicy>(json).is_err());
    }
}
