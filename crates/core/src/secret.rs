//! Bearer secrets: session tokens and activation codes.
//!
//! Both are random, shown once to their holder and stored only as a SHA-256 digest, so a
//! leaked database holds nothing that signs anyone in. A plain hash (not argon2) is right here:
//! the secrets carry 128 and 50 random bits, far beyond what guessing can reach.

use rand::{CryptoRng, Rng, RngCore};
use sha2::{Digest, Sha256};

/// The SHA-256 digest of a secret, in lowercase hex: what the store keeps and looks up.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretDigest(String);

impl SecretDigest {
    /// Digests a secret as presented by its holder.
    pub fn of(secret: &str) -> SecretDigest {
        let digest = Sha256::digest(secret.as_bytes());
        SecretDigest(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Wraps a digest read back from storage.
    pub fn from_stored(hex: String) -> SecretDigest {
        SecretDigest(hex)
    }

    /// The digest as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A session token: 32 random bytes in URL-safe characters, carried by the session cookie.
pub fn new_session_token(rng: &mut (impl RngCore + CryptoRng)) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    (0..43)
        .map(|_| ALPHABET[rng.gen_range(0..64)] as char)
        .collect()
}

/// Letters for activation codes: no 0/O, 1/I/L, so a code printed on paper and typed by a
/// ten-year-old goes through.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// Characters in an activation code, without its separator.
pub const ACTIVATION_CODE_LEN: usize = 10;

/// A one-time activation code, `XXXXX-XXXXX` (about 50 bits).
pub fn new_activation_code(rng: &mut (impl RngCore + CryptoRng)) -> String {
    let mut code: String = (0..ACTIVATION_CODE_LEN)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    code.insert(5, '-');
    code
}

/// Puts a typed activation code in its canonical form `XXXXX-XXXXX`: case, spaces and dashes
/// do not matter. `None` if it cannot be a code at all (wrong length, or a character such as
/// O, 0, I or 1 that codes never contain).
pub fn normalize_activation_code(typed: &str) -> Option<String> {
    let compact: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid =
        compact.len() == ACTIVATION_CODE_LEN && compact.bytes().all(|b| CODE_ALPHABET.contains(&b));
    valid.then(|| format!("{}-{}", &compact[..5], &compact[5..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn tokens_are_long_and_distinct() {
        let mut rng = StdRng::seed_from_u64(1);
        let a = new_session_token(&mut rng);
        let b = new_session_token(&mut rng);
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_ne!(SecretDigest::of(&a), SecretDigest::of(&b));
        assert_eq!(SecretDigest::of(&a).as_str().len(), 64);
    }

    #[test]
    fn activation_codes_survive_sloppy_typing() {
        let mut rng = StdRng::seed_from_u64(2);
        let code = new_activation_code(&mut rng);
        assert_eq!(code.len(), 11);
        let sloppy = code.to_lowercase().replace('-', " ");
        assert_eq!(normalize_activation_code(&sloppy), Some(code));
        assert_eq!(normalize_activation_code("ABCDE-0OIL1"), None);
        assert_eq!(normalize_activation_code("short"), None);
    }
}
