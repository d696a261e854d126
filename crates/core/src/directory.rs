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

/// Invisible formatting characters: zero-width spaces and joiners, and the bidirectional
/// overrides that make a name display as something else than it is (a spoofed sender, a
/// file called `devoir\u{202E}fdp.exe`). Names of people, classes and files refuse them.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

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
        .any(|c| c.is_control() || is_invisible_format(c) || reserved.contains(&c))
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

/// Where a class sorts in a school's lists: by level as French schools count them, collège
/// first (6e, 5e, 4e, 3e) then lycée (2nde, 1re, Terminale), then by the rest of the name with
/// numbers in numeric order, so that "2nde 2" comes before "2nde 10". Names with no level
/// ("Atelier théâtre", "601") come last, in the same natural order. Sorting by name alone puts
/// "3e A" first and "Tle" among the "T…" groups, which is not how a school reads its classes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClassOrderKey {
    level: u8,
    rest: Vec<NameChunk>,
    /// The name as written breaks the last ties, so two different names never compare equal.
    name: String,
}

/// A run of a name: digits compare as numbers, anything else as lower-case text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum NameChunk {
    /// Digits without leading zeros: a shorter run is a smaller number.
    Number(usize, String),
    /// Text, lower-cased.
    Text(String),
}

/// How each level may be written (lower case), with its rank. Longer spellings of a level come
/// before their prefixes ("6ème" before "6e").
const LEVELS: [(u8, &[&str]); 7] = [
    (0, &["sixième", "sixieme", "6ème", "6eme", "6è", "6e"]),
    (1, &["cinquième", "cinquieme", "5ème", "5eme", "5è", "5e"]),
    (2, &["quatrième", "quatrieme", "4ème", "4eme", "4è", "4e"]),
    (3, &["troisième", "troisieme", "3ème", "3eme", "3è", "3e"]),
    (4, &["seconde", "2nde", "2de", "2nd"]),
    (5, &["première", "premiere", "1ère", "1ere", "1re"]),
    (6, &["terminale", "term", "tle"]),
];

/// The rank of names with no recognised level.
const NO_LEVEL: u8 = 7;

/// The sort key of a class name; see [`ClassOrderKey`].
pub fn class_order_key(name: &str) -> ClassOrderKey {
    let trimmed = name.trim();
    let (level, rest) = split_level(trimmed).unwrap_or((NO_LEVEL, trimmed));
    ClassOrderKey {
        level,
        rest: natural_chunks(
            rest.trim_start_matches(|c: char| c.is_whitespace() || "-_.".contains(c)),
        ),
        name: name.to_owned(),
    }
}

/// The level a name starts with and what follows it. A spelled-out level must not run into
/// a lower-case letter ("Tlemcen" is no Terminale); the short forms schools use in timetables
/// count too: a digit then a capital for collège and lycée years ("3A", "1STMG", "2GT1"), and
/// a capital T then a capital or a digit for Terminale ("TG2", "T1").
fn split_level(name: &str) -> Option<(u8, &str)> {
    for (rank, spellings) in LEVELS {
        for spelling in spellings {
            if let Some(rest) = strip_prefix_ignoring_case(name, spelling) {
                if !rest.starts_with(char::is_lowercase) {
                    return Some((rank, rest));
                }
            }
        }
    }
    let mut chars = name.chars();
    let first = chars.next()?;
    let second = chars.next()?;
    let rank = match first {
        '6' => 0,
        '5' => 1,
        '4' => 2,
        '3' => 3,
        '2' => 4,
        '1' => 5,
        'T' => 6,
        _ => return None,
    };
    let short_form = second.is_uppercase() || (first == 'T' && second.is_ascii_digit());
    short_form.then(|| (rank, &name[first.len_utf8()..]))
}

/// `text` without `prefix` (given in lower case) at its start, comparing letters case-blind.
fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let mut chars = text.char_indices();
    for wanted in prefix.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(std::iter::once(wanted)) {
            return None;
        }
    }
    Some(chars.next().map_or("", |(at, _)| &text[at..]))
}

/// A name cut into runs of digits and runs of anything else.
fn natural_chunks(text: &str) -> Vec<NameChunk> {
    let mut chunks = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let digits = first.is_ascii_digit();
        let end = rest
            .find(|c: char| c.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        chunks.push(if digits {
            let value = run.trim_start_matches('0');
            NameChunk::Number(value.len(), value.to_owned())
        } else {
            NameChunk::Text(run.to_lowercase())
        });
        rest = tail;
    }
    chunks
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

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        names.sort_by_cached_key(|n| class_order_key(n));
        names
    }

    #[test]
    fn classes_sort_by_level_from_sixth_form_to_terminale() {
        assert_eq!(
            sorted(&["3e A", "3e B", "4e A", "5e A", "6e D", "6e A", "Tle 1", "1re 2", "2nde 1"]),
            vec!["6e A", "6e D", "5e A", "4e A", "3e A", "3e B", "2nde 1", "1re 2", "Tle 1"]
        );
    }

    #[test]
    fn every_usual_spelling_of_a_level_counts() {
        let levels: Vec<u8> = [
            "6ème B",
            "5EME C",
            "4è1",
            "3e",
            "2de 4",
            "Seconde 1",
            "1ère G",
            "1ere 2",
            "Première 3",
            "Terminale 2",
            "TLE 5",
            "Term S",
            "3A",
            "1STMG",
            "2GT1",
            "TG2",
            "T1",
        ]
        .iter()
        .map(|n| class_order_key(n).level)
        .collect();
        assert_eq!(
            levels,
            vec![0, 1, 2, 3, 4, 4, 5, 5, 5, 6, 6, 6, 3, 5, 4, 6, 6]
        );
    }

    #[test]
    fn numbers_in_names_sort_as_numbers() {
        assert_eq!(
            sorted(&["2nde 10", "2nde 2", "2nde 1", "2nde 02b"]),
            vec!["2nde 1", "2nde 2", "2nde 02b", "2nde 10"]
        );
        assert_eq!(
            sorted(&["6e A10", "6e A2", "6e B1"]),
            vec!["6e A2", "6e A10", "6e B1"]
        );
    }

    #[test]
    fn names_without_a_level_come_last_in_natural_order() {
        assert_eq!(
            sorted(&[
                "Théâtre",
                "Tle A",
                "Groupe 10",
                "Tlemcen",
                "6e A",
                "Groupe 9",
                "601",
                "tennis"
            ]),
            vec![
                "6e A",
                "Tle A",
                "601",
                "Groupe 9",
                "Groupe 10",
                "tennis",
                "Théâtre",
                "Tlemcen"
            ]
        );
        assert_eq!(class_order_key("Tlemcen").level, NO_LEVEL);
        assert_eq!(class_order_key("Tennis").level, NO_LEVEL);
        assert_eq!(class_order_key("").level, NO_LEVEL);
    }

    #[test]
    fn different_names_never_tie() {
        assert!(class_order_key("6e A") != class_order_key("6ème A"));
        assert!(
            class_order_key("6e a") < class_order_key("6e A")
                || class_order_key("6e A") < class_order_key("6e a")
        );
        assert_eq!(class_order_key("6e A"), class_order_key("6e A"));
    }

    #[test]
    fn invisible_and_direction_changing_characters_are_refused() {
        for spoof in [
            "Léa\u{202E}nitraM",
            "Lé\u{200B}a",
            "\u{2066}Paul",
            "Anne\u{FEFF}",
        ] {
            assert_eq!(
                PersonName::parse(spoof),
                Err(InvalidName::Forbidden("name")),
                "{spoof:?}"
            );
        }
    }
}
