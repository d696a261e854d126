//! Sign-in names.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A validated sign-in name: 3 to 64 characters of lowercase ASCII letters, digits, `.`, `-`
/// and `_`, starting with a letter or digit. Input is trimmed and lowercased first, so
/// `Lea.Martin ` and `lea.martin` are the same account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Login(String);

/// Why a string is not a login.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidLogin {
    /// Fewer than 3 or more than 64 characters.
    #[error("a login has 3 to 64 characters")]
    Length,
    /// A character outside a-z, 0-9, `.`, `-`, `_`, or a leading punctuation mark.
    #[error("a login uses only letters a-z, digits and . - _, and starts with a letter or digit")]
    Characters,
}

impl Login {
    /// Longest accepted login.
    pub const MAX_LEN: usize = 64;

    /// Parses user input into a login.
    pub fn parse(text: &str) -> Result<Login, InvalidLogin> {
        let lower = text.trim().to_ascii_lowercase();
        if lower.len() < 3 || lower.len() > Self::MAX_LEN {
            return Err(InvalidLogin::Length);
        }
        let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b);
        let first_ok = lower
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !first_ok || !lower.bytes().all(allowed) {
            return Err(InvalidLogin::Characters);
        }
        Ok(Login(lower))
    }

    /// The login as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Login {
    type Error = InvalidLogin;
    fn try_from(text: String) -> Result<Login, InvalidLogin> {
        Login::parse(&text)
    }
}

impl From<Login> for String {
    fn from(login: Login) -> String {
        login.0
    }
}

impl fmt::Display for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_trimmed_and_lowercased() {
        assert_eq!(
            Login::parse(" Lea.Martin2 ").map(String::from),
            Ok("lea.martin2".into())
        );
    }

    #[test]
    fn bad_logins_say_why() {
        assert_eq!(Login::parse("ab"), Err(InvalidLogin::Length));
        assert_eq!(Login::parse(&"a".repeat(65)), Err(InvalidLogin::Length));
        assert_eq!(Login::parse("léa.martin"), Err(InvalidLogin::Characters));
        assert_eq!(Login::parse(".lea"), Err(InvalidLogin::Characters));
        assert_eq!(Login::parse("lea martin"), Err(InvalidLogin::Characters));
        assert_eq!(Login::parse("lea<script>"), Err(InvalidLogin::Characters));
    }
}
