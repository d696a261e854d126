//! Session tokens the server can recognise before asking the database.
//!
//! A token is 43 random URL-safe characters, a dot, and the HMAC of the random part under the
//! server's key. A request carrying a token the server did not issue — a flood of random
//! cookies — is turned away after one HMAC, without a database look-up; the database still
//! decides whether a well-signed token opens a live session.

use crate::signing::Signer;
use cartable_core::secret::new_session_token;
use rand::{CryptoRng, RngCore};

const PURPOSE: &str = "session";

/// A new session token.
pub fn issue(signer: &Signer, rng: &mut (impl RngCore + CryptoRng)) -> String {
    let random = new_session_token(rng);
    let tag = signer.sign(PURPOSE, random.as_bytes());
    format!("{random}.{tag}")
}

/// Whether this server issued `token` (and so whether it is worth looking up).
pub fn is_ours(signer: &Signer, token: &str) -> bool {
    token
        .split_once('.')
        .is_some_and(|(random, tag)| signer.verify(PURPOSE, random.as_bytes(), tag))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::OsRng;

    #[test]
    fn only_tokens_issued_with_this_key_are_ours() {
        let signer = Signer::new([7; 32]);
        let token = issue(&signer, &mut OsRng);
        assert!(is_ours(&signer, &token));
        assert!(!is_ours(&Signer::new([8; 32]), &token));
        let (random, _) = token.split_once('.').unwrap();
        assert!(!is_ours(&signer, random), "an unsigned token");
        assert!(!is_ours(&signer, &format!("{random}.AAAA")), "a forged tag");
        let other = issue(&signer, &mut OsRng);
        let (_, other_tag) = other.split_once('.').unwrap();
        assert!(
            !is_ours(&signer, &format!("{random}.{other_tag}")),
            "a tag from another token"
        );
    }
}
