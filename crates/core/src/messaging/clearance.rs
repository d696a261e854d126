//! Who may write to whom: the rule every recipient of every message passes, on the server.
//!
//! The store describes each recipient relative to the sender (a [`Target`]: what it is, in
//! which school, and how it is tied to the sender); [`clear`] decides. The rule by role:
//!
//! | sender  | may write to |
//! |---------|--------------|
//! | pupil   | their own teachers; staff and head; classmates if the school allows it |
//! | parent  | their children's teachers; staff and head; their own children |
//! | teacher | pupils of their classes and those pupils' parents; colleagues; staff and head; their classes, those classes' parents and teachers, their own groups |
//! | staff, head | anyone in the school, any class, group, or the whole school |
//! | admin   | anyone in their academy's schools |
//!
//! Writing to many people at once (a class, a group, the school) is a privilege of teachers
//! (their own classes) and staff; pupils and parents name at most a few people per message.
//! A session on a device never seen before for the account may reach at most one class and
//! never a whole school until the device is a day old: a stolen password alone cannot reach a
//! school.

use super::policy::MessagingPolicy;
use super::recipient::Recipient;
use crate::{Role, SchoolId};
use serde::Serialize;

/// How long a device stays new for an account: until then its sessions may reach at most
/// one class and never the whole school.
pub const NEW_DEVICE_SECONDS: i64 = 24 * 3600;

/// How many people a new device may reach in its first day, all messages together: one
/// class and its parents, not a school one class at a time.
pub const NEW_DEVICE_DAILY_REACH: u32 = 60;

/// Whether a session on a new device may reach `reach` more people, having reached
/// `already` from that device today.
pub fn check_new_device_reach(already: u32, reach: u32) -> Result<(), Refusal> {
    if already.saturating_add(reach) > NEW_DEVICE_DAILY_REACH {
        Err(Refusal::NewDevice)
    } else {
        Ok(())
    }
}

/// What a recipient is, for the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// One person of this role.
    Person(Role),
    /// The pupils of a class.
    Class,
    /// The parents of a class.
    ClassParents,
    /// The teachers of a class.
    ClassTeachers,
    /// The members of a group.
    Group,
    /// The whole school.
    School,
}

/// How a recipient is tied to the sender. The store sets what is true; everything else is
/// false, which is the safe side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ties {
    /// The sender teaches this class, this pupil, or a child of this parent.
    pub sender_teaches: bool,
    /// This teacher teaches the sender (a pupil) or one of the sender's children (a parent);
    /// for "the teachers of class X": X is the sender's class or a child's class.
    pub teaches_sender: bool,
    /// This pupil shares a class with the sender; for a class: the sender is in it.
    pub classmate: bool,
    /// This pupil is the sender's child.
    pub own_child: bool,
    /// The sender owns this group.
    pub owns_group: bool,
}

/// A recipient as the store found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// As the sender wrote it.
    pub recipient: Recipient,
    /// What it is.
    pub kind: TargetKind,
    /// The school it belongs to.
    pub school: SchoolId,
    /// How it relates to the sender.
    pub ties: Ties,
    /// How many people it reaches.
    pub size: u32,
}

/// The sender, as the rule needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    /// Their role.
    pub role: Role,
    /// The schools they may write in (an academy admin: every school of the academy).
    pub schools: Vec<SchoolId>,
    /// Whether their session comes from a device first seen for this account less than a
    /// day ago.
    pub new_device: bool,
}

/// Why a recipient or a whole message is refused. The wire names are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The recipient does not exist or is in another school (the two are not told apart).
    #[error("unknown recipient")]
    Unknown,
    /// The sender's role may not write to this person.
    #[error("you may not write to this person")]
    NotAContact,
    /// Pupils may not write to classmates in this school.
    #[error("this school does not let pupils write to each other")]
    ClassmatesClosed,
    /// Only teachers (their own classes) and staff write to many people at once.
    #[error("writing to a whole class, group or school is reserved to teachers and staff")]
    Collective,
    /// Only staff and the head write to the whole school.
    #[error("only staff and the head write to the whole school")]
    SchoolWide,
    /// A pupil or parent named more people than the school allows on one message.
    #[error("too many people on one message")]
    TooManyPeople,
    /// A new device may reach at most one class and never the school for its first day.
    #[error("this device is new: for its first day it may write to one class at most")]
    NewDevice,
    /// The message has no recipient.
    #[error("the message has no recipient")]
    NoRecipient,
}

/// A recipient refused, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedRecipient {
    /// As the sender wrote it.
    pub recipient: Recipient,
    /// Why.
    pub refusal: Refusal,
}

/// Proof that every recipient of a message passed the rule. Only [`clear`] builds one; the
/// store delivers nothing without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clearance {
    targets: Vec<Target>,
}

impl Clearance {
    /// The cleared recipients.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// How many people the message reaches at most (before removing people counted twice).
    pub fn reach(&self) -> u32 {
        self.targets
            .iter()
            .fold(0u32, |sum, t| sum.saturating_add(t.size))
    }
}

/// Whether `sender` may write to one `target`, whatever else is on the message.
pub fn check_target(
    sender: &Sender,
    policy: &MessagingPolicy,
    target: &Target,
) -> Result<(), Refusal> {
    if !sender.schools.contains(&target.school) {
        return Err(Refusal::Unknown);
    }
    let ties = target.ties;
    match (sender.role, target.kind) {
        (Role::Staff | Role::Head | Role::Admin, _) => Ok(()),
        (_, TargetKind::School) => Err(Refusal::SchoolWide),
        (_, TargetKind::Person(Role::Staff | Role::Head)) => Ok(()),
        (Role::Pupil, TargetKind::Person(Role::Teacher)) => yes_if(ties.teaches_sender),
        (Role::Pupil, TargetKind::Person(Role::Pupil)) => {
            if !ties.classmate {
                Err(Refusal::NotAContact)
            } else if policy.pupils_write_to_classmates {
                Ok(())
            } else {
                Err(Refusal::ClassmatesClosed)
            }
        }
        (Role::Parent, TargetKind::Person(Role::Teacher)) => yes_if(ties.teaches_sender),
        (Role::Parent, TargetKind::Person(Role::Pupil)) => yes_if(ties.own_child),
        (Role::Teacher, TargetKind::Person(Role::Pupil | Role::Parent)) => {
            yes_if(ties.sender_teaches)
        }
        (Role::Teacher, TargetKind::Person(Role::Teacher)) => Ok(()),
        (
            Role::Teacher,
            TargetKind::Class | TargetKind::ClassParents | TargetKind::ClassTeachers,
        ) => {
            if ties.sender_teaches {
                Ok(())
            } else {
                Err(Refusal::Collective)
            }
        }
        (Role::Teacher, TargetKind::Group) => {
            if ties.owns_group {
                Ok(())
            } else {
                Err(Refusal::Collective)
            }
        }
        (Role::Pupil | Role::Parent, TargetKind::Person(_)) => Err(Refusal::NotAContact),
        (Role::Pupil | Role::Parent, _) => Err(Refusal::Collective),
        (Role::Teacher, TargetKind::Person(Role::Admin)) => Err(Refusal::NotAContact),
    }
}

fn yes_if(tie: bool) -> Result<(), Refusal> {
    if tie {
        Ok(())
    } else {
        Err(Refusal::NotAContact)
    }
}

/// Clears a whole message: every target must pass [`check_target`], and the message as a
/// whole must respect the per-message limits. On refusal, every refused recipient is named
/// (or, for a limit on the whole message, the recipients beyond it).
pub fn clear(
    sender: &Sender,
    policy: &MessagingPolicy,
    targets: Vec<Target>,
) -> Result<Clearance, Vec<RefusedRecipient>> {
    if targets.is_empty() {
        return Err(Vec::new());
    }
    let refused: Vec<RefusedRecipient> = targets
        .iter()
        .filter_map(|target| {
            check_target(sender, policy, target)
                .err()
                .map(|refusal| RefusedRecipient {
                    recipient: target.recipient.clone(),
                    refusal,
                })
        })
        .collect();
    if !refused.is_empty() {
        return Err(refused);
    }
    if matches!(sender.role, Role::Pupil | Role::Parent) {
        let limit = usize::try_from(policy.max_people_per_message).unwrap_or(usize::MAX);
        if targets.len() > limit {
            return Err(beyond(&targets, limit, Refusal::TooManyPeople));
        }
    }
    if sender.new_device {
        if let Some(school) = targets.iter().find(|t| t.kind == TargetKind::School) {
            return Err(vec![RefusedRecipient {
                recipient: school.recipient.clone(),
                refusal: Refusal::NewDevice,
            }]);
        }
        let collective: Vec<Target> = targets
            .iter()
            .filter(|t| t.recipient.is_collective())
            .cloned()
            .collect();
        if collective.len() > 1 {
            return Err(beyond(&collective, 1, Refusal::NewDevice));
        }
    }
    Ok(Clearance { targets })
}

/// The targets past the first `keep`, each refused for `refusal`.
fn beyond(targets: &[Target], keep: usize, refusal: Refusal) -> Vec<RefusedRecipient> {
    targets
        .iter()
        .skip(keep)
        .map(|t| RefusedRecipient {
            recipient: t.recipient.clone(),
            refusal,
        })
        .collect()
}

#[cfg(test)]
mod tests;
