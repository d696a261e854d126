//! The audit log: an append-only, tamper-evident record of every act that matters after an
//! incident — each message sent, held, blocked, released, rejected, recalled or reported, each
//! account locked or reset, each messaging switch and policy change.
//!
//! In March 2024 hijacked accounts sent threats through ENT messaging; a school then files a
//! police complaint and must hand over what was sent, by which account, from which address and
//! session, and when. That evidence is only worth something if nobody — not even someone with
//! write access to the database — can quietly edit or drop a row. So the events of each school
//! form a hash chain ([`link`]): every row's hash covers the previous row's hash, its own
//! sequence number and every byte of every field, and the chain's head (last sequence number
//! and hash) is kept apart. [`verify_chain`] recomputes the chain and names the first row that
//! does not fit: a changed field, a removed, inserted or reordered row, a truncated tail.
//!
//! A chain proves integrity relative to its head: someone able to rewrite every row *and*
//! the head could forge a consistent chain. The head printed in every export and every
//! verification is the anchor: once written down outside the database (in a complaint, a
//! ticket, a mail), any later rewrite of what it covers is detected.

mod chain;
mod kind;
mod verify;

pub use chain::{link, ChainHash, InvalidChainHash};
pub use kind::{AuditKind, UnknownAuditKind};
pub use verify::{verify_chain, Break, ChainBroken, ChainVerifier};

use crate::{SchoolId, SessionId, Timestamp, UserId};
use serde::{Deserialize, Serialize};

/// One recorded act: who did what, when, from where, to what, with the facts as they were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// When it happened.
    pub at: Timestamp,
    /// The school it concerns; `None` for platform-wide acts (they form their own chain).
    pub school: Option<SchoolId>,
    /// Who acted; `None` when Cartable itself acted (screening, limits).
    pub actor: Option<UserId>,
    /// The address the act came from, as the server saw it.
    pub ip: Option<String>,
    /// The session it came through.
    pub session: Option<SessionId>,
    /// What happened.
    pub kind: AuditKind,
    /// What it was done to: a message id, an account id…
    pub target: Option<String>,
    /// The facts, as a JSON document chosen by the caller: for a message, the message as
    /// received (sender login and name, recipients, subject, body, attachment names and
    /// SHA-256, verdict and reasons, user agent, device).
    pub details: String,
}
