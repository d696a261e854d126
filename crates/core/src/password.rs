//! Passwords: the NIST SP 800-63B policy for new ones, and argon2id hashing.
//!
//! The policy is about length, not composition: at least 8 characters, at most 128, not one of
//! the common passwords shipped in `data/common-passwords.txt`, and not the login itself.
//! Hashes use argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::{CryptoRng, RngCore};
use std::collections::HashSet;
use std::sync::LazyLock;

use crate::Login;

/// Shortest accepted password, in characters.
pub const MIN_CHARS: usize = 8;
/// Longest accepted password, in characters (bounds hashing work per attempt).
pub const MAX_CHARS: usize = 128;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .collect()
});

/// A password that passed the policy and may be hashed and stored.
#[derive(Clone)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(..)")
    }
}

/// Why a new password was refused. Each maps to a sentence the pages translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    /// Fewer than [`MIN_CHARS`] characters.
    #[error("a password has at least 8 characters")]
    TooShort,
    /// More than [`MAX_CHARS`] characters.
    #[error("a password has at most 128 characters")]
    TooLong,
    /// One of the passwords attackers try first.
    #[error("this password is among the most common ones; choose another")]
    Common,
    /// The password is the login, which anyone may know.
    #[error("a password may not be the login")]
    SameAsLogin,
}

impl WeakPassword {
    /// Stable snake_case code for the API and the pages.
    pub fn code(self) -> &'static str {
        match self {
            WeakPassword::TooShort => "password_too_short",
            WeakPassword::TooLong => "password_too_long",
            WeakPassword::Common => "password_too_common",
            WeakPassword::SameAsLogin => "password_is_login",
        }
    }
}

impl NewPassword {
    /// Checks a chosen password against the policy for the account `login`.
    pub fn parse(text: &str, login: &Login) -> Result<NewPassword, WeakPassword> {
        let chars = text.chars().count();
        if chars < MIN_CHARS {
            return Err(WeakPassword::TooShort);
        }
        if chars > MAX_CHARS {
            return Err(WeakPassword::TooLong);
        }
        let lower = text.to_lowercase();
        if COMMON.contains(lower.as_str()) {
            return Err(WeakPassword::Common);
        }
        if lower == login.as_str() {
            return Err(WeakPassword::SameAsLogin);
        }
        Ok(NewPassword(text.to_owned()))
    }

    /// The password itself, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Why hashing or reading a stored hash failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

fn hasher() -> Result<Argon2<'static>, HashError> {
    // OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| HashError(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). Costs about
/// 20–40 ms of one core: call it from a bounded blocking pool, never on an async thread.
pub fn hash(password: &str, rng: &mut (impl RngCore + CryptoRng)) -> Result<String, HashError> {
    let salt = SaltString::generate(rng);
    hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Checks a password against a stored PHC string. A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    hasher().is_ok_and(|h| h.verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash of a password nobody knows, with the same cost as real ones: verifying against it
/// when an account does not exist takes as long as a real check, so response times do not
/// reveal which logins exist.
pub fn decoy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$q9E0vGm3XQ9bRt0Qz6H1rXkqJcUqg1D1l2m6t9rjvS8"
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::OsRng;

    fn login() -> Login {
        Login::parse("lea.martin").unwrap()
    }

    #[test]
    fn policy_is_about_length_and_common_passwords() {
        assert!(NewPassword::parse("cheval bleu du matin", &login()).is_ok());
        assert!(NewPassword::parse("tr0mb0ne-Ver7", &login()).is_ok());
        assert_eq!(
            NewPassword::parse("abc12", &login()).err(),
            Some(WeakPassword::TooShort)
        );
        assert_eq!(
            NewPassword::parse(&"x".repeat(129), &login()).err(),
            Some(WeakPassword::TooLong)
        );
        for common in [
            "password",
            "Azertyuiop",
            "motdepasse",
            "12345678",
            "football1",
        ] {
            assert_eq!(
                NewPassword::parse(common, &login()).err(),
                Some(WeakPassword::Common)
            );
        }
        assert_eq!(
            NewPassword::parse("Lea.Martin", &login()).err(),
            Some(WeakPassword::SameAsLogin)
        );
    }

    #[test]
    fn no_composition_rule_refuses_a_long_lowercase_passphrase() {
        assert!(NewPassword::parse("unelonguephrasesanschiffre", &login()).is_ok());
    }

    #[test]
    fn hashes_are_argon2id_owasp_and_verify() {
        let stored = hash("cheval bleu du matin", &mut OsRng).unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("cheval bleu du matin", &stored));
        assert!(!verify("cheval bleu du soir", &stored));
        assert!(!verify("anything", "not a hash"));
        assert!(!verify("anything", decoy_hash()));
    }
}
