//! Random, non-sequential identifiers.
//!
//! Ids are 128 random bits written as 32 lowercase hex characters: nobody can guess a
//! neighbour's id from their own, and ids from different tables never get mixed up because
//! each has its own type.

use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a string is not an id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid identifier")]
pub struct InvalidId;

/// Draws 128 random bits and writes them as 32 hex characters: every id, and anything else
/// that must be unguessable and unique (a proof-of-work challenge).
pub fn random_hex(rng: &mut dyn RngCore) -> String {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `text` is written as [`random_hex`] writes: 32 lowercase hex characters.
pub fn is_id(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// A fresh random id.
            pub fn random(rng: &mut dyn RngCore) -> Self {
                Self(random_hex(rng))
            }

            /// The id as stored and shown.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;
            fn try_from(text: String) -> Result<Self, InvalidId> {
                if is_id(&text) { Ok(Self(text)) } else { Err(InvalidId) }
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidId;
            fn from_str(text: &str) -> Result<Self, InvalidId> {
                Self::try_from(text.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A person's account.
    UserId
);
id_type!(
    /// A school (établissement).
    SchoolId
);
id_type!(
    /// A class or teaching group within a school.
    ClassId
);
id_type!(
    /// A signed-in session (not its secret token: the id is safe to show and log).
    SessionId
);
id_type!(
    /// An academy, the regional authority that groups schools.
    AcademyId
);
id_type!(
    /// A message: stored once, delivered to many mailboxes.
    MessageId
);

impl MessageId {
    /// A fresh id that begins with the second it was made (8 hex characters) and ends with
    /// 96 random bits. At 9:00 messages are written by the thousand each second: ids that
    /// grow with time keep every index on message ids (the messages, their deliveries,
    /// their threads) appending at its end, instead of writing one random page of each per
    /// message. The random part keeps ids as unguessable as any other.
    pub fn ordered(rng: &mut dyn RngCore, unix_seconds: i64) -> Self {
        let seconds = u32::try_from(unix_seconds.max(0)).unwrap_or(u32::MAX);
        let random = random_hex(rng);
        Self(format!("{seconds:08x}{}", &random[8..]))
    }
}
id_type!(
    /// A named set of people a teacher or staff member writes to (a choir, a Latin option).
    GroupId
);
id_type!(
    /// A report of a received message, waiting on the moderation page.
    ReportId
);
id_type!(
    /// A lesson of a class's weekly timetable.
    SlotId
);
id_type!(
    /// An entry of a class log: what was done in one lesson.
    LessonId
);
id_type!(
    /// A homework set to a class.
    HomeworkId
);
id_type!(
    /// A piece of news published to a school or a class.
    NewsId
);
id_type!(
    /// A folder or a file in a documents space.
    DocumentId
);

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn random_ids_are_32_hex_and_distinct() {
        let mut rng = StdRng::seed_from_u64(7);
        let a = UserId::random(&mut rng);
        let b = UserId::random(&mut rng);
        assert_eq!(a.as_str().len(), 32);
        assert_ne!(a, b);
        assert_eq!(a.as_str().parse::<UserId>(), Ok(a.clone()));
    }

    #[test]
    fn ordered_message_ids_grow_with_time_and_stay_random() {
        let mut rng = StdRng::seed_from_u64(7);
        let earlier = MessageId::ordered(&mut rng, 1_788_249_600);
        let same_second = MessageId::ordered(&mut rng, 1_788_249_600);
        let later = MessageId::ordered(&mut rng, 1_788_249_601);
        assert!(earlier < later && same_second < later);
        assert_ne!(earlier, same_second);
        assert_eq!(earlier.as_str().parse::<MessageId>(), Ok(earlier.clone()));
        assert_eq!(&earlier.as_str()[..8], &same_second.as_str()[..8]);
    }

    #[test]
    fn malformed_ids_are_refused() {
        for bad in ["", "123", "../etc/passwd", &"G".repeat(32), &"A".repeat(32)] {
            assert_eq!(bad.parse::<ClassId>(), Err(InvalidId), "{bad}");
        }
    }
}
