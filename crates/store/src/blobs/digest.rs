//! A blob's name: the SHA-256 of its content.

use super::BlobError;
use std::fmt;
use std::str::FromStr;

/// The SHA-256 of a blob's content as 64 lowercase hexadecimal digits: its name in the store,
/// its strong ETag, and what feature rows keep to point at it. Only hex digits get in, so a
/// digest can never make a path that leaves the store.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobDigest(String);

/// Hex digits in a SHA-256.
const HEX_LEN: usize = 64;

impl BlobDigest {
    /// Reads a digest as stored or sent: exactly 64 lowercase hex digits.
    pub fn parse(text: &str) -> Result<BlobDigest, BlobError> {
        let valid = text.len() == HEX_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if valid {
            Ok(BlobDigest(text.to_owned()))
        } else {
            Err(BlobError::InvalidDigest)
        }
    }

    /// The digest of content whose SHA-256 is `hash`.
    pub(super) fn from_hash(hash: &[u8]) -> BlobDigest {
        BlobDigest(hex(hash))
    }

    /// The 64 hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Bytes as lowercase hex digits.
pub(super) fn hex(bytes: &[u8]) -> String {
    use fmt::Write;
    let mut hex = String::with_capacity(2 * bytes.len());
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

impl fmt::Display for BlobDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for BlobDigest {
    type Err = BlobError;

    fn from_str(text: &str) -> Result<BlobDigest, BlobError> {
        BlobDigest::parse(text)
    }
}

impl TryFrom<String> for BlobDigest {
    type Error = BlobError;

    fn try_from(text: String) -> Result<BlobDigest, BlobError> {
        BlobDigest::parse(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_64_lowercase_hex_digits_are_a_digest() {
        let good = "0123456789abcdef".repeat(4);
        assert_eq!(BlobDigest::parse(&good).unwrap().as_str(), good);
        for bad in [
            String::new(),
            good[..63].to_owned(),
            format!("{good}0"),
            good.to_uppercase(),
            format!("../{}", &good[3..]),
            format!("{}/..", &good[..61]),
            format!("{}\0", &good[..63]),
            format!("{}é", &good[..62]),
        ] {
            assert!(BlobDigest::parse(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_hash_is_written_in_lowercase_hex() {
        let digest = BlobDigest::from_hash(&[0xab; 32]);
        assert_eq!(digest.as_str(), "ab".repeat(32));
        assert_eq!(digest, "ab".repeat(32).parse().unwrap());
    }
}
