//! HMAC signatures with the server's secret key: anti-forgery tokens and device cookies are
//! values the server can recognise as its own without storing them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Signs and checks short values with the server's 32-byte secret key. Each use names its
/// purpose, so a signature made for one purpose never passes for another.
#[derive(Clone)]
pub struct Signer {
    key: [u8; 32],
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(..)")
    }
}

impl Signer {
    /// A signer over `key`.
    pub fn new(key: [u8; 32]) -> Signer {
        Signer { key }
    }

    fn mac(&self, purpose: &str, data: &[u8]) -> Option<HmacSha256> {
        let mut mac = HmacSha256::new_from_slice(&self.key).ok()?;
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(data);
        Some(mac)
    }

    /// The signature of `data` for `purpose`, in URL-safe base64 (43 characters).
    pub fn sign(&self, purpose: &str, data: &[u8]) -> String {
        self.mac(purpose, data)
            .map(|mac| URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
            .unwrap_or_default()
    }

    /// Whether `signature` is the signature of `data` for `purpose` (compared in constant time).
    pub fn verify(&self, purpose: &str, data: &[u8], signature: &str) -> bool {
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(signature) else {
            return false;
        };
        self.mac(purpose, data)
            .is_some_and(|mac| mac.verify_slice(&bytes).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_bound_to_key_purpose_and_data() {
        let signer = Signer::new([7; 32]);
        let signature = signer.sign("csrf", b"abc");
        assert_eq!(signature.len(), 43);
        assert!(signer.verify("csrf", b"abc", &signature));
        assert!(!signer.verify("device", b"abc", &signature));
        assert!(!signer.verify("csrf", b"abd", &signature));
        assert!(!Signer::new([8; 32]).verify("csrf", b"abc", &signature));
        assert!(!signer.verify("csrf", b"abc", "not base64!"));
    }
}
