//! Proof of work for anonymous browsers while the platform is under attack (hashcash).
//!
//! A flood of anonymous requests costs its sender almost nothing and the server a page each.
//! Under attack, an anonymous browser must first find a `nonce` such that
//! `SHA-256(challenge ":" nonce)` begins with `difficulty` zero bits: about `2^difficulty`
//! hashes, a fraction of a second in a phone's web worker at the difficulties used, but a
//! real cost multiplied by every request of a botnet. Checking a solution is one hash.
//!
//! A [`Challenge`] carries its own expiry and difficulty; the web layer signs its text with
//! the server's key, so a client can neither forge an easier one nor extend one. Each
//! challenge is accepted once ([`SpentChallenges`]): a solution cannot be replayed by a
//! thousand bots. Signed-in sessions never see any of this.

use cartable_core::id::{is_id, random_hex};
use cartable_core::Timestamp;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// The most difficulty a challenge may ask for: beyond, phones would give up.
pub const MAX_DIFFICULTY: u8 = 28;

/// Longest nonce accepted (a counter, in practice a handful of digits).
const MAX_NONCE_LEN: usize = 32;

/// Why a solution is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PowRefusal {
    /// The challenge's text is not one this server writes.
    Malformed,
    /// The challenge expired: ask for a new one.
    Expired,
    /// The nonce does not solve the challenge.
    Unsolved,
    /// The challenge was already used.
    Reused,
    /// Too many challenges were solved recently to remember another: ask again shortly.
    Busy,
}

/// A puzzle handed to an anonymous browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// 128 random bits, in hex: what makes each challenge (and its solution) unique.
    id: String,
    /// Until when a solution is accepted.
    expires_at: Timestamp,
    /// Leading zero bits the hash must have.
    difficulty: u8,
}

impl Challenge {
    /// A fresh challenge of `difficulty` (capped at [`MAX_DIFFICULTY`]), valid for
    /// `ttl_seconds` from `now`.
    pub fn new(rng: &mut dyn RngCore, now: Timestamp, difficulty: u8, ttl_seconds: i64) -> Self {
        Challenge {
            id: random_hex(rng),
            expires_at: now.plus_seconds(ttl_seconds),
            difficulty: difficulty.min(MAX_DIFFICULTY),
        }
    }

    /// Its text, which the web layer signs and the browser hashes: `v1.<id>.<expiry>.<difficulty>`.
    pub fn text(&self) -> String {
        format!("v1.{}.{}.{}", self.id, self.expires_at.0, self.difficulty)
    }

    /// Reads a challenge's text back; `None` if it is not one this server writes.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('.');
        let (Some("v1"), Some(id), Some(expires), Some(difficulty), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        let difficulty: u8 = difficulty.parse().ok()?;
        (is_id(id) && difficulty <= MAX_DIFFICULTY).then_some(())?;
        Some(Challenge {
            id: id.to_owned(),
            expires_at: Timestamp(expires.parse().ok()?),
            difficulty,
        })
    }

    /// Leading zero bits the hash must have.
    pub fn difficulty(&self) -> u8 {
        self.difficulty
    }

    /// Whether `nonce` (ASCII digits and letters, at most 32) solves the challenge.
    pub fn is_solved_by(&self, nonce: &str) -> bool {
        let plain = !nonce.is_empty()
            && nonce.len() <= MAX_NONCE_LEN
            && nonce.bytes().all(|b| b.is_ascii_alphanumeric());
        plain && leading_zero_bits(&self.hash(nonce)) >= u32::from(self.difficulty)
    }

    /// The smallest counter that solves the challenge: what a browser's worker (and the
    /// load harness) computes.
    pub fn solve(&self) -> String {
        (0u64..)
            .map(|n| n.to_string())
            .find(|nonce| self.is_solved_by(nonce))
            .unwrap_or_default()
    }

    fn hash(&self, nonce: &str) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(self.text().as_bytes());
        hasher.update(b":");
        hasher.update(nonce.as_bytes());
        hasher.finalize().into()
    }
}

fn leading_zero_bits(hash: &[u8; 32]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        bits += byte.leading_zeros();
        if *byte != 0 {
            break;
        }
    }
    bits
}

/// The challenges solved and not yet expired: each is accepted once.
#[derive(Debug)]
pub struct SpentChallenges {
    spent: Mutex<HashMap<String, Timestamp>>,
    capacity: usize,
}

impl SpentChallenges {
    /// Remembers at most `capacity` unexpired challenges; past that, solutions are refused
    /// ([`PowRefusal::Busy`]) rather than forgetting one that could then be replayed.
    pub fn new(capacity: usize) -> Self {
        SpentChallenges {
            spent: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// Accepts `nonce` for the challenge written `text` at `now`, once. The caller has
    /// checked the server's signature of `text`.
    pub fn accept(&self, text: &str, nonce: &str, now: Timestamp) -> Result<(), PowRefusal> {
        let challenge = Challenge::parse(text).ok_or(PowRefusal::Malformed)?;
        if now.0 > challenge.expires_at.0 {
            return Err(PowRefusal::Expired);
        }
        if !challenge.is_solved_by(nonce) {
            return Err(PowRefusal::Unsolved);
        }
        let mut spent = self.spent.lock().unwrap_or_else(PoisonError::into_inner);
        if spent.contains_key(&challenge.id) {
            return Err(PowRefusal::Reused);
        }
        if spent.len() >= self.capacity {
            spent.retain(|_, expires_at| expires_at.0 >= now.0);
            if spent.len() >= self.capacity {
                return Err(PowRefusal::Busy);
            }
        }
        spent.insert(challenge.id, challenge.expires_at);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::OsRng;

    const NOW: Timestamp = Timestamp(1_800_000_000);

    fn challenge(difficulty: u8) -> Challenge {
        Challenge::new(&mut OsRng, NOW, difficulty, 300)
    }

    #[test]
    fn a_solution_has_the_leading_zero_bits_asked_for() {
        let c = challenge(12);
        let nonce = c.solve();
        assert!(c.is_solved_by(&nonce));
        assert!(leading_zero_bits(&c.hash(&nonce)) >= 12);
        // Every smaller counter fails: the solution is the first that works.
        let first: u64 = nonce.parse().unwrap();
        assert!((0..first).all(|n| !c.is_solved_by(&n.to_string())));
    }

    #[test]
    fn a_solution_is_accepted_once_and_never_for_another_challenge() {
        let spent = SpentChallenges::new(100);
        let c = challenge(8);
        let nonce = c.solve();
        assert_eq!(spent.accept(&c.text(), &nonce, NOW), Ok(()));
        assert_eq!(
            spent.accept(&c.text(), &nonce, NOW),
            Err(PowRefusal::Reused)
        );
        // The same nonce against a fresh challenge almost never works: each has its own id.
        let other = challenge(16);
        if !other.is_solved_by(&nonce) {
            assert_eq!(
                spent.accept(&other.text(), &nonce, NOW),
                Err(PowRefusal::Unsolved)
            );
        }
    }

    #[test]
    fn wrong_expired_and_malformed_solutions_are_refused() {
        let spent = SpentChallenges::new(100);
        let c = challenge(16);
        let nonce = c.solve();
        let wrong = (0u64..)
            .map(|n| n.to_string())
            .find(|n| !c.is_solved_by(n))
            .unwrap();
        assert_eq!(
            spent.accept(&c.text(), &wrong, NOW),
            Err(PowRefusal::Unsolved)
        );
        for bad in ["", "1 2", "é", &"9".repeat(33)] {
            assert_eq!(spent.accept(&c.text(), bad, NOW), Err(PowRefusal::Unsolved));
        }
        assert_eq!(
            spent.accept(&c.text(), &nonce, NOW.plus_seconds(301)),
            Err(PowRefusal::Expired)
        );
        // A client cannot lower the difficulty or extend the expiry without changing the
        // text, whose signature the web layer checks; and a text that is not ours is refused.
        for text in [
            "v1.zz.1.1",
            "v2.abc.1.1",
            "v1.00000000000000000000000000000000.1.99",
            "x",
        ] {
            assert_eq!(spent.accept(text, "1", NOW), Err(PowRefusal::Malformed));
        }
        // The refusals above spent nothing: the right solution still passes once.
        assert_eq!(spent.accept(&c.text(), &nonce, NOW), Ok(()));
    }

    #[test]
    fn a_full_memory_refuses_rather_than_forgets() {
        let spent = SpentChallenges::new(2);
        let [a, b, c] = [challenge(4), challenge(4), challenge(4)];
        assert_eq!(spent.accept(&a.text(), &a.solve(), NOW), Ok(()));
        assert_eq!(spent.accept(&b.text(), &b.solve(), NOW), Ok(()));
        assert_eq!(
            spent.accept(&c.text(), &c.solve(), NOW),
            Err(PowRefusal::Busy)
        );
        // Once the first two expire, there is room again.
        let later = Challenge::new(&mut OsRng, NOW.plus_seconds(400), 4, 300);
        assert_eq!(
            spent.accept(&later.text(), &later.solve(), NOW.plus_seconds(400)),
            Ok(())
        );
    }

    #[test]
    fn a_challenge_reads_back_as_written_and_difficulty_is_capped() {
        let c = challenge(40);
        assert_eq!(c.difficulty(), MAX_DIFFICULTY);
        assert_eq!(Challenge::parse(&c.text()), Some(c));
    }
}
