//! The texts teachers and staff write: a short title, a longer text (what was done in a
//! lesson, the instructions of a homework, a piece of news). Checked once at the edge.

use serde::Serialize;

/// What is wrong with a text; each variant names the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Empty after trimming.
    #[error("{0} is empty")]
    Empty(&'static str),
    /// Over its limit.
    #[error("{0} is longer than {1} characters")]
    TooLong(&'static str, usize),
    /// Holds control or direction-changing characters, which hide or disguise text.
    #[error("{0} contains control or direction-changing characters")]
    Hidden(&'static str),
}

/// Bidirectional embeddings, overrides and isolates: they make text display in another order
/// than it is written.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A one-line text: a title, a room, a note on a cancelled lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ShortText(String);

impl ShortText {
    /// Checks `text` (trimmed) as the field `what`, at most `max` characters, one line.
    pub fn parse(text: &str, what: &'static str, max: usize) -> Result<ShortText, TextError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TextError::Empty(what));
        }
        if text.chars().count() > max {
            return Err(TextError::TooLong(what, max));
        }
        if text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
            return Err(TextError::Hidden(what));
        }
        Ok(ShortText(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A text of several lines: line breaks and tabs are kept, `\r\n` becomes `\n`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct LongText(String);

impl LongText {
    /// Checks `text` as the field `what`, at most `max` characters.
    pub fn parse(text: &str, what: &'static str, max: usize) -> Result<LongText, TextError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TextError::Empty(what));
        }
        if text.chars().count() > max {
            return Err(TextError::TooLong(what, max));
        }
        let hidden = text
            .chars()
            .any(|c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi_control(c));
        if hidden {
            return Err(TextError::Hidden(what));
        }
        Ok(LongText(text.replace("\r\n", "\n")))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_one_trimmed_line_within_its_limit() {
        assert_eq!(
            ShortText::parse("  Fractions ", "title", 10)
                .unwrap()
                .as_str(),
            "Fractions"
        );
        assert_eq!(
            ShortText::parse(" ", "title", 10),
            Err(TextError::Empty("title"))
        );
        assert_eq!(
            ShortText::parse("abcdefghijk", "title", 10),
            Err(TextError::TooLong("title", 10))
        );
        assert_eq!(
            ShortText::parse("a\nb", "title", 10),
            Err(TextError::Hidden("title"))
        );
        assert_eq!(
            ShortText::parse("é\u{202E}", "title", 10),
            Err(TextError::Hidden("title"))
        );
    }

    #[test]
    fn a_long_text_keeps_its_lines_and_refuses_hidden_characters() {
        let text = LongText::parse("Exercice 1\r\n\tp. 42\n", "instructions", 100).unwrap();
        assert_eq!(text.as_str(), "Exercice 1\n\tp. 42");
        assert!(LongText::parse("a\u{0007}b", "instructions", 100).is_err());
        assert!(LongText::parse("a\u{2066}b", "instructions", 100).is_err());
        assert_eq!(
            LongText::parse(&"x".repeat(101), "instructions", 100),
            Err(TextError::TooLong("instructions", 100))
        );
    }
}
