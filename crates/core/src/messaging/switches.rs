//! The school's emergency switches: messaging off for everyone, or for some roles only.
//!
//! In March 2024 the only lever left was to switch off every ENT's messaging in the country.
//! Here a head (or an academy admin, for all its schools) turns off sending for one school
//! or one role in one action; people can still read, and a banner tells them why.

use crate::Role;
use serde::{Deserialize, Serialize};

/// The longest explanation shown on the banner.
pub const MAX_REASON_CHARS: usize = 300;

/// Which roles may not send, and why. Empty means messaging runs normally.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MessagingSwitches {
    /// Roles whose sending is off. Holding every role means the whole school is off.
    pub off_for: Vec<Role>,
    /// What the banner says.
    pub reason: String,
}

/// Why a switch cannot be set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSwitch {
    /// Turning messaging off needs an explanation for the banner.
    #[error("say why messaging is switched off: it is shown to everyone")]
    MissingReason,
    /// The explanation is too long for a banner.
    #[error("the explanation is longer than {MAX_REASON_CHARS} characters")]
    ReasonTooLong,
}

impl MessagingSwitches {
    /// Sending off for `roles` (every role if `all`), with a reason for the banner.
    pub fn off(roles: &[Role], reason: &str) -> Result<MessagingSwitches, InvalidSwitch> {
        let reason = reason.trim();
        if roles.is_empty() {
            return Ok(MessagingSwitches::default());
        }
        if reason.is_empty() {
            return Err(InvalidSwitch::MissingReason);
        }
        if reason.chars().count() > MAX_REASON_CHARS || reason.chars().any(char::is_control) {
            return Err(InvalidSwitch::ReasonTooLong);
        }
        let mut off_for = roles.to_vec();
        off_for.sort();
        off_for.dedup();
        Ok(MessagingSwitches {
            off_for,
            reason: reason.to_owned(),
        })
    }

    /// Whether someone of `role` may send now. Academy admins are never switched off: they
    /// must be able to write to a school in a crisis.
    pub fn may_send(&self, role: Role) -> bool {
        role == Role::Admin || !self.off_for.contains(&role)
    }

    /// Whether any switch is on (a banner is due).
    pub fn any_off(&self) -> bool {
        !self.off_for.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_off_pupils_leaves_teachers_sending() {
        let switches = MessagingSwitches::off(&[Role::Pupil, Role::Parent], "Menaces").unwrap();
        assert!(!switches.may_send(Role::Pupil));
        assert!(!switches.may_send(Role::Parent));
        assert!(switches.may_send(Role::Teacher));
        assert!(switches.any_off());
    }

    #[test]
    fn switching_off_needs_a_reason_and_switching_on_does_not() {
        assert_eq!(
            MessagingSwitches::off(&[Role::Pupil], "  "),
            Err(InvalidSwitch::MissingReason)
        );
        assert_eq!(
            MessagingSwitches::off(&[], ""),
            Ok(MessagingSwitches::default())
        );
        assert!(!MessagingSwitches::default().any_off());
    }

    #[test]
    fn admins_can_always_write_to_a_school_in_crisis() {
        let switches = MessagingSwitches::off(&Role::ALL, "Incident en cours").unwrap();
        assert!(!switches.may_send(Role::Head));
        assert!(switches.may_send(Role::Admin));
    }
}
