//! Who a message is addressed to, as written by the sender: `user:<id>`, `class:<id>`,
//! `class-parents:<id>`, `class-teachers:<id>`, `group:<id>`, `school:<id>`.

use crate::id::{ClassId, GroupId, SchoolId, UserId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One entry of a message's "to" list. A list entry can stand for many people: the store
/// expands it when it delivers, after the policy has cleared it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Recipient {
    /// One person.
    User(UserId),
    /// Every pupil of a class.
    Class(ClassId),
    /// The parents of every pupil of a class.
    ClassParents(ClassId),
    /// Every teacher of a class.
    ClassTeachers(ClassId),
    /// The members of a group.
    Group(GroupId),
    /// Everyone in a school.
    School(SchoolId),
}

/// The most entries one message's "to" list may hold (each may stand for many people):
/// enough for any real message, few enough that checking each one stays cheap.
pub const MAX_RECIPIENT_ENTRIES: usize = 50;

/// Why a "to" entry could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a recipient (expected user:, class:, class-parents:, class-teachers:, group: or school: followed by an id)")]
pub struct InvalidRecipient(pub String);

impl Recipient {
    /// The wire prefix of this kind of recipient.
    fn prefix(&self) -> &'static str {
        match self {
            Recipient::User(_) => "user",
            Recipient::Class(_) => "class",
            Recipient::ClassParents(_) => "class-parents",
            Recipient::ClassTeachers(_) => "class-teachers",
            Recipient::Group(_) => "group",
            Recipient::School(_) => "school",
        }
    }

    /// The id after the prefix: that of the person, class, group or school.
    pub fn id(&self) -> &str {
        match self {
            Recipient::User(id) => id.as_str(),
            Recipient::Class(id) | Recipient::ClassParents(id) | Recipient::ClassTeachers(id) => {
                id.as_str()
            }
            Recipient::Group(id) => id.as_str(),
            Recipient::School(id) => id.as_str(),
        }
    }

    /// Whether this entry reaches many people at once (a class, a group, a school): a
    /// privilege of teachers for their own classes, and of staff.
    pub fn is_collective(&self) -> bool {
        !matches!(self, Recipient::User(_))
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.prefix(), self.id())
    }
}

impl std::str::FromStr for Recipient {
    type Err = InvalidRecipient;
    fn from_str(text: &str) -> Result<Recipient, InvalidRecipient> {
        let invalid = || InvalidRecipient(text.chars().take(80).collect());
        let (kind, id) = text.trim().split_once(':').ok_or_else(invalid)?;
        let recipient = match kind {
            "user" => Recipient::User(id.parse().map_err(|_| invalid())?),
            "class" => Recipient::Class(id.parse().map_err(|_| invalid())?),
            "class-parents" => Recipient::ClassParents(id.parse().map_err(|_| invalid())?),
            "class-teachers" => Recipient::ClassTeachers(id.parse().map_err(|_| invalid())?),
            "group" => Recipient::Group(id.parse().map_err(|_| invalid())?),
            "school" => Recipient::School(id.parse().map_err(|_| invalid())?),
            _ => return Err(invalid()),
        };
        Ok(recipient)
    }
}

impl TryFrom<String> for Recipient {
    type Error = InvalidRecipient;
    fn try_from(text: String) -> Result<Recipient, InvalidRecipient> {
        text.parse()
    }
}

impl From<Recipient> for String {
    fn from(recipient: Recipient) -> String {
        recipient.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_what_it_writes() {
        let id = "0123456789abcdef0123456789abcdef";
        for kind in [
            "user",
            "class",
            "class-parents",
            "class-teachers",
            "group",
            "school",
        ] {
            let text = format!("{kind}:{id}");
            let recipient: Recipient = text.parse().unwrap();
            assert_eq!(recipient.to_string(), text);
            assert_eq!(recipient.is_collective(), kind != "user");
        }
    }

    #[test]
    fn malformed_entries_are_refused_with_the_entry_named() {
        for bad in [
            "",
            "user",
            "user:",
            "user:../../etc",
            "everyone:0123456789abcdef0123456789abcdef",
            "class:0123456789ABCDEF0123456789ABCDEF",
        ] {
            let error = bad.parse::<Recipient>().unwrap_err();
            assert_eq!(error.0, bad.trim());
        }
    }
}
