//! The names a school's directory is made of: people, classes, subjects.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a directory name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidName {
    /// Empty after trimming.
    #[error("{0} is empty")]
    Empty(&'static str),
    /// Longer than the limit for its kind.
    #[error("{0} is longer than {1} characters")]
    TooLong(&'static str, usize),
    /// Holds a control character or a character reserved by the file formats.
    #[error("{0} holds a forbidden character")]
    Forbidden(&'static str),
}

/// Trims `text` and checks it is a printable name of at most `max` characters.
fn parse_name(
    text: &str,
    what: &'static str,
    max: usize,
    reserved: &[char],
) -> Result<String, InvalidName> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(InvalidName::Empty(what));
    }
    if trimmed.chars().count() > max {
        return Err(InvalidName::TooLong(what, max));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() || reserved.contains(&c))
    {
        return Err(InvalidName::Forbidden(what));
    }
    Ok(trimmed.to_owned())
}

macro_rules! name_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $max:literal, $reserved:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses user input (trimmed).
            pub fn parse(text: &str) -> Result<Self, InvalidName> {
                parse_name(text, $what, $max, $reserved).map(Self)
            }

            /// The name as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidName;
            fn try_from(text: String) -> Result<Self, InvalidName> {
                Self::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(name: $name) -> String {
                name.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

name_type!(
    /// A first or last name, as the school writes it (accents, hyphens, apostrophes welcome).
    PersonName, "name", 80, &[]
);
name_type!(
    /// A class or group name, unique within a school (`6e A`, `2nde 3`, `TG2`).
    ClassName, "class name", 40, &[':', ';']
);
name_type!(
    /// A subject taught to a class (`Mathématiques`, `Histoire-géographie`).
    Subject, "subject", 60, &[':', ';']
);
name_type!(
    /// A school's or academy's name.
    SchoolName, "school name", 120, &[]
);

/// How a person is shown: "First Last".
pub fn display_name(first: &PersonName, last: &PersonName) -> String {
    format!("{first} {last}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(
            PersonName::parse("  Léa-Chloé ").map(String::from),
            Ok("Léa-Chloé".into())
        );
        assert_eq!(PersonName::parse("  "), Err(InvalidName::Empty("name")));
        assert_eq!(
            PersonName::parse("a\u{0}b"),
            Err(InvalidName::Forbidden("name"))
        );
        assert_eq!(
            ClassName::parse("6A:Maths"),
            Err(InvalidName::Forbidden("class name"))
        );
        assert_eq!(
            Subject::parse(&"x".repeat(61)),
            Err(InvalidName::TooLong("subject", 60))
        );
    }
}
