//! The name of a folder or a file in a documents space.

use crate::directory::is_invisible_format;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 120;

/// What is wrong with a name. Each has a stable code the pages translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Empty once trimmed.
    #[error("the name is empty")]
    Empty,
    /// Longer than [`MAX_NAME_CHARS`].
    #[error("the name is longer than {MAX_NAME_CHARS} characters")]
    TooLong,
    /// Holds `/` or `\`, which would read as a path.
    #[error("the name may not contain '/' or '\\'")]
    Slash,
    /// `.` or `..`, which mean "here" and "the parent" in a path.
    #[error("the name may not be '.' or '..'")]
    Dots,
    /// Holds control or invisible formatting characters (a right-to-left override makes
    /// `photo<U+202E>gpj.exe` read as `photoexe.jpg`).
    #[error("the name contains control or invisible characters")]
    Hidden,
}

impl NameError {
    /// The stable code of this error, for the API and the pages.
    pub fn code(self) -> &'static str {
        match self {
            NameError::Empty => "name_empty",
            NameError::TooLong => "name_too_long",
            NameError::Slash => "name_with_slash",
            NameError::Dots => "name_reserved",
            NameError::Hidden => "name_hidden_characters",
        }
    }
}

/// A valid folder or file name: trimmed, in Unicode NFC (so a name typed on a Mac and the
/// same name typed elsewhere are one name), one line, no path separator, not `.` or `..`,
/// at most [`MAX_NAME_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DocName(String);

impl DocName {
    /// Checks `text` as a name.
    pub fn parse(text: &str) -> Result<DocName, NameError> {
        let name: String = text.trim().nfc().collect();
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(NameError::TooLong);
        }
        if name.contains(['/', '\\']) {
            return Err(NameError::Slash);
        }
        if name == "." || name == ".." {
            return Err(NameError::Dots);
        }
        if name
            .chars()
            .any(|c| c.is_control() || is_invisible_format(c))
        {
            return Err(NameError::Hidden);
        }
        Ok(DocName(name))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What two names must not share in one folder: the name in lower case, so that
    /// `Devoir.pdf` and `devoir.pdf` (one file on most pupils' computers) cannot sit side
    /// by side.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl std::fmt::Display for DocName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_names_are_trimmed_and_normalised() {
        assert_eq!(
            DocName::parse("  Cours.pdf ").unwrap().as_str(),
            "Cours.pdf"
        );
        let decomposed = "Re\u{0301}sume\u{0301}.odt";
        assert_eq!(DocName::parse(decomposed).unwrap().as_str(), "Résumé.odt");
        assert_eq!(DocName::parse(".cache").unwrap().as_str(), ".cache");
        assert_eq!(DocName::parse("...").unwrap().as_str(), "...");
        let longest = "é".repeat(MAX_NAME_CHARS);
        assert!(DocName::parse(&longest).is_ok());
    }

    #[test]
    fn bad_names_say_what_is_wrong() {
        let cases = [
            ("", NameError::Empty),
            ("   ", NameError::Empty),
            (".", NameError::Dots),
            (" .. ", NameError::Dots),
            ("a/b", NameError::Slash),
            ("..\\windows", NameError::Slash),
            ("a\nb", NameError::Hidden),
            ("a\0b", NameError::Hidden),
            ("photo\u{202E}gpj.exe", NameError::Hidden),
            ("zéro\u{200B}width", NameError::Hidden),
        ];
        for (text, expected) in cases {
            assert_eq!(DocName::parse(text), Err(expected), "{text:?}");
        }
        let too_long = "a".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(DocName::parse(&too_long), Err(NameError::TooLong));
        assert_eq!(NameError::Slash.code(), "name_with_slash");
    }

    #[test]
    fn names_differing_only_in_case_share_a_key() {
        let a = DocName::parse("Devoir.PDF").unwrap();
        let b = DocName::parse("devoir.pdf").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.key(), b.key());
        assert_eq!(DocName::parse("Élève").unwrap().key(), "élève");
    }
}
