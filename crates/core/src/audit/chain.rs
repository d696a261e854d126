//! The hash chain: each audit row's hash covers the previous row's hash, its sequence number
//! and an unambiguous encoding of every field of its event.
//!
//! The bytes hashed for row `seq` after a row whose hash is `prev` are, in this order:
//!
//! ```text
//! "cartable-audit-v1"          domain tag (17 bytes), so no other hash can pass for a link
//! prev                         32 bytes
//! seq                          8 bytes, big-endian two's complement
//! at                           8 bytes, big-endian two's complement (Unix seconds)
//! school, actor, ip, session   optional text each
//! kind                         text (the stable snake_case name)
//! target                       optional text
//! details                      text (the exact stored bytes)
//!
//! text          = length as 8 bytes big-endian, then the UTF-8 bytes
//! optional text = 0x00 when absent; 0x01 then text when present
//! ```
//!
//! Every field is either fixed-size or prefixed with its length, so two different events
//! never encode to the same bytes (moving a character from one field to the next, or an
//! absent value becoming an empty one, changes the encoding).

use super::AuditEvent;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// Separates audit links from every other SHA-256 Cartable computes.
const DOMAIN: &[u8] = b"cartable-audit-v1";

/// A row's place in its chain: SHA-256 over the previous hash and the row (see [`link`]).
/// Stored and shown as 64 lowercase hex characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChainHash([u8; 32]);

/// Why a string is not a chain hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a chain hash is 64 lowercase hexadecimal characters")]
pub struct InvalidChainHash;

impl ChainHash {
    /// What the first row of every chain links to.
    pub const GENESIS: ChainHash = ChainHash([0; 32]);
}

impl fmt::Display for ChainHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl std::str::FromStr for ChainHash {
    type Err = InvalidChainHash;
    fn from_str(text: &str) -> Result<ChainHash, InvalidChainHash> {
        let digits = text.as_bytes();
        if digits.len() != 64 {
            return Err(InvalidChainHash);
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
            *byte = (nibble(pair[0])? << 4) | nibble(pair[1])?;
        }
        Ok(ChainHash(bytes))
    }
}

/// The value of one lowercase hex digit.
fn nibble(digit: u8) -> Result<u8, InvalidChainHash> {
    match digit {
        b'0'..=b'9' => Ok(digit - b'0'),
        b'a'..=b'f' => Ok(digit - b'a' + 10),
        _ => Err(InvalidChainHash),
    }
}

impl TryFrom<String> for ChainHash {
    type Error = InvalidChainHash;
    fn try_from(text: String) -> Result<ChainHash, InvalidChainHash> {
        text.parse()
    }
}

impl From<ChainHash> for String {
    fn from(hash: ChainHash) -> String {
        hash.to_string()
    }
}

/// The hash of row `seq` holding `event`, after a row whose hash is `prev`
/// ([`ChainHash::GENESIS`] for the first row). The bytes hashed are described in this
/// module's documentation.
pub fn link(prev: &ChainHash, seq: i64, event: &AuditEvent) -> ChainHash {
    let mut hasher = Sha256::new();
    hasher.update(DOMAIN);
    hasher.update(prev.0);
    hasher.update(seq.to_be_bytes());
    hasher.update(event.at.0.to_be_bytes());
    optional_text(&mut hasher, event.school.as_ref().map(|s| s.as_str()));
    optional_text(&mut hasher, event.actor.as_ref().map(|u| u.as_str()));
    optional_text(&mut hasher, event.ip.as_deref());
    optional_text(&mut hasher, event.session.as_ref().map(|s| s.as_str()));
    text(&mut hasher, event.kind.as_str());
    optional_text(&mut hasher, event.target.as_deref());
    text(&mut hasher, &event.details);
    ChainHash(hasher.finalize().into())
}

/// A length-prefixed string.
fn text(hasher: &mut Sha256, value: &str) {
    // usize fits in u64 on every platform Rust supports.
    hasher.update((value.len() as u64).to_be_bytes());
    hasher.update(value.as_bytes());
}

/// A presence byte, then the string if present.
fn optional_text(hasher: &mut Sha256, value: Option<&str>) {
    match value {
        None => hasher.update([0u8]),
        Some(value) => {
            hasher.update([1u8]);
            text(hasher, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::AuditKind;
    use crate::Timestamp;

    fn event() -> AuditEvent {
        AuditEvent {
            at: Timestamp(1_710_748_800),
            school: Some("0123456789abcdef0123456789abcdef".parse().unwrap()),
            actor: None,
            ip: Some("192.0.2.7".into()),
            session: None,
            kind: AuditKind::MessageBlocked,
            target: Some("a".into()),
            details: "b".into(),
        }
    }

    #[test]
    fn hashes_round_trip_through_hex() {
        let hash = link(&ChainHash::GENESIS, 1, &event());
        let hex = hash.to_string();
        assert_eq!(hex.len(), 64);
        assert_eq!(hex.parse::<ChainHash>(), Ok(hash));
        assert_eq!(ChainHash::GENESIS.to_string(), "0".repeat(64));
        for bad in ["", "00", &"A".repeat(64), &"g".repeat(64), &"0".repeat(65)] {
            assert_eq!(bad.parse::<ChainHash>(), Err(InvalidChainHash), "{bad}");
        }
    }

    /// Pins the encoding documented above: these values were computed from that
    /// description by an independent implementation. If this test fails, stored chains
    /// no longer verify.
    #[test]
    fn links_match_the_documented_encoding() {
        let first = link(&ChainHash::GENESIS, 1, &event());
        assert_eq!(
            first.to_string(),
            "a008bb03232435f6fc6a6573babfb6f893f711fd6e54fc298b7600f3d3d1998a"
        );
        let second = AuditEvent {
            at: Timestamp(-1),
            school: None,
            actor: Some("fedcba9876543210fedcba9876543210".parse().unwrap()),
            ip: None,
            session: Some("00000000000000000000000000000000".parse().unwrap()),
            kind: AuditKind::NewDevice,
            target: None,
            details: r#"{"é":1}"#.into(),
        };
        assert_eq!(
            link(&first, 2, &second).to_string(),
            "e9cf4c133acbc56fa1c51bbf91bef07b77de83811be2e63b58cfbf4c04f81000"
        );
    }

    #[test]
    fn every_input_changes_the_link() {
        let base = event();
        let hash = link(&ChainHash::GENESIS, 1, &base);
        assert_eq!(link(&ChainHash::GENESIS, 1, &base), hash, "deterministic");
        assert_ne!(link(&hash, 1, &base), hash, "previous hash");
        assert_ne!(link(&ChainHash::GENESIS, 2, &base), hash, "sequence number");
        type Change = (&'static str, fn(&mut AuditEvent));
        let changes: [Change; 8] = [
            ("at", |e| e.at = Timestamp(e.at.0 + 1)),
            ("school", |e| e.school = None),
            ("actor", |e| {
                e.actor = e.school.as_ref().map(|s| s.as_str().parse().unwrap())
            }),
            ("ip", |e| e.ip = Some("192.0.2.8".into())),
            ("session", |e| {
                e.session = Some("0123456789abcdef0123456789abcdef".parse().unwrap())
            }),
            ("kind", |e| e.kind = AuditKind::MessageSent),
            ("target", |e| e.target = Some(String::new())),
            ("details", |e| e.details.push(' ')),
        ];
        for (field, change) in changes {
            let mut changed = base.clone();
            change(&mut changed);
            assert_ne!(link(&ChainHash::GENESIS, 1, &changed), hash, "{field}");
        }
    }

    #[test]
    fn moving_bytes_between_fields_changes_the_link() {
        let mut left = event();
        left.target = Some("ab".into());
        left.details = String::new();
        let mut right = event();
        right.target = Some("a".into());
        right.details = "b".into();
        assert_ne!(
            link(&ChainHash::GENESIS, 1, &left),
            link(&ChainHash::GENESIS, 1, &right)
        );
        let mut absent = event();
        absent.target = None;
        let mut empty = event();
        empty.target = Some(String::new());
        assert_ne!(
            link(&ChainHash::GENESIS, 1, &absent),
            link(&ChainHash::GENESIS, 1, &empty)
        );
    }
}
