//! Content screening: every message is read before delivery and allowed, held for a
//! moderator, or blocked.
//!
//! In March 2024, hijacked ENT accounts sent bomb and attack threats to about 130 French
//! schools through the internal messaging. Screening is the line that keeps such a message
//! from reaching a class while letting ordinary school life through: history lessons about
//! attacks, safety drills, chemistry, sport, and pupils' slang ("ton exposé était une bombe").
//!
//! How a message is read, in order:
//! 1. [`normalise`]: characters folded — accents, case, look-alike letters
//!    ([`confusables`]), fullwidth and mathematical letters, invisible characters;
//! 2. [`tokenise`]: words cut, leetspeak read ("b0mb3"), spaced letters glued ("B O M B E"),
//!    split words joined ("bom be"), emoji read as words ([`emoji`]);
//! 3. [`read`]: words looked up in the [`lexicon`] (exact, SMS first person "jvais",
//!    one-slip misspellings via [`fuzzy`]), numbers read by shape, [`phrases`] joined;
//! 4. [`rules`]: harmless uses dropped (slang, figurative, the sender as victim, a thing as
//!    object…), and the targets, times and intent around each act gathered;
//! 5. [`verdict`]: scored and decided, with the reasons.
//!
//! The whole is pure and fast: no I/O, no model to load, a few microseconds for an ordinary
//! message (measured by `examples/screening_eval.rs`, reported in docs/SCREENING.md).

pub mod act;
pub mod confusables;
pub mod emoji;
pub mod fuzzy;
pub mod lexicon;
pub mod normalise;
pub mod phrases;
pub mod read;
pub mod rules;
pub mod tags;
pub mod tokenise;
pub mod verdict;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod tests;

use crate::Role;
use serde::Serialize;

/// What happens to a message. Ordered by severity: `Allow < Hold < Block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Delivered.
    Allow,
    /// Quarantined: delivered only if a moderator releases it.
    Hold,
    /// Refused, and the sending account is locked at once.
    Block,
}

impl Verdict {
    /// The stable wire name: "allow", "hold" or "block".
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Allow => "allow",
            Verdict::Hold => "hold",
            Verdict::Block => "block",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason for a verdict: which rule fired and which words (as written in the message)
/// made it fire, so a moderator sees at a glance why a message was stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Stable snake_case id: a kind of violence (`weapon`, `attack`, `killing`, `explosion`,
    /// `arson`, `shooting`, `death`, `assault`), its context (`target`, `time`, `intent`),
    /// or a message-wide signal (`ultimatum`, `menace`, `extremist_reference`, `insistence`,
    /// `benign_context` when a defusing context kept a hold from being a block).
    pub rule: &'static str,
    /// The words that fired it, as written.
    pub words: Vec<String>,
}

/// The outcome of screening one message. Reasons are present whenever the verdict is not
/// [`Verdict::Allow`], and empty when it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Screening {
    /// What happens to the message.
    pub verdict: Verdict,
    /// Why.
    pub reasons: Vec<Reason>,
}

/// Screens a message (subject and body joined by the caller, as
/// [`crate::messaging::MessageContent::screening_text`] does).
pub fn screen(text: &str, sender: Option<Role>) -> Screening {
    let words = read::read(text);
    let evidence = rules::gather(words);
    verdict::decide(&evidence, text, sender)
}
