//! A message's subject and body, validated once at the edge.

use serde::Serialize;

/// The longest subject, in characters.
pub const MAX_SUBJECT_CHARS: usize = 200;
/// The longest body, in characters: a long letter to a class fits, a pasted book does not.
pub const MAX_BODY_CHARS: usize = 20_000;

/// What is wrong with a subject or body; each maps to a message the pages translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// The subject is empty.
    #[error("the subject is empty")]
    EmptySubject,
    /// The subject is longer than [`MAX_SUBJECT_CHARS`].
    #[error("the subject is longer than {MAX_SUBJECT_CHARS} characters")]
    SubjectTooLong,
    /// The body is empty.
    #[error("the message is empty")]
    EmptyBody,
    /// The body is longer than [`MAX_BODY_CHARS`].
    #[error("the message is longer than {MAX_BODY_CHARS} characters")]
    BodyTooLong,
    /// Control or direction-changing characters, which hide or disguise text.
    #[error("the text contains control or direction-changing characters")]
    HiddenCharacters,
}

/// Bidirectional embeddings, overrides and isolates: they make text display in another order
/// than it is written. Zero-width characters are allowed (emoji sequences need the joiner);
/// the screening reads through them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A message's subject and body, trimmed, within limits, free of characters that could hide
/// words from the screening or from a reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageContent {
    subject: String,
    body: String,
}

impl MessageContent {
    /// Checks a subject and body as typed.
    pub fn new(subject: &str, body: &str) -> Result<MessageContent, ContentError> {
        let subject = subject.trim();
        let body = body.trim_end();
        let body = body.trim_start_matches(['\r', '\n']);
        if subject.is_empty() {
            return Err(ContentError::EmptySubject);
        }
        if subject.chars().count() > MAX_SUBJECT_CHARS {
            return Err(ContentError::SubjectTooLong);
        }
        if body.trim().is_empty() {
            return Err(ContentError::EmptyBody);
        }
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(ContentError::BodyTooLong);
        }
        let hidden_in_subject = subject
            .chars()
            .any(|c| c.is_control() || is_bidi_control(c));
        let hidden_in_body = body
            .chars()
            .any(|c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi_control(c));
        if hidden_in_subject || hidden_in_body {
            return Err(ContentError::HiddenCharacters);
        }
        Ok(MessageContent {
            subject: subject.to_owned(),
            body: body.replace("\r\n", "\n"),
        })
    }

    /// The subject.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The body, with `\n` line ends.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// Subject and body as one text, the way the screening reads them.
    pub fn screening_text(&self) -> String {
        format!("{}\n{}", self.subject, self.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_messages_pass_trimmed() {
        let content = MessageContent::new("  Sortie au musée ", "Bonjour,\r\nRDV 8h.\n\n").unwrap();
        assert_eq!(content.subject(), "Sortie au musée");
        assert_eq!(content.body(), "Bonjour,\nRDV 8h.");
    }

    #[test]
    fn each_bad_input_gets_its_own_error() {
        let long_subject = "a".repeat(MAX_SUBJECT_CHARS + 1);
        let long_body = "a".repeat(MAX_BODY_CHARS + 1);
        let cases = [
            (" ", "corps", ContentError::EmptySubject),
            (long_subject.as_str(), "corps", ContentError::SubjectTooLong),
            ("Objet", " \n ", ContentError::EmptyBody),
            ("Objet", long_body.as_str(), ContentError::BodyTooLong),
            ("Objet", "bom\u{2067}be", ContentError::HiddenCharacters),
            ("Ob\u{202e}jet", "corps", ContentError::HiddenCharacters),
            ("Objet", "a\u{0007}b", ContentError::HiddenCharacters),
        ];
        for (subject, body, expected) in cases {
            assert_eq!(
                MessageContent::new(subject, body),
                Err(expected),
                "{subject:?}"
            );
        }
    }
}
