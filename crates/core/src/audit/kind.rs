//! What an audit event records.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kinds of acts the audit log records. The storage and wire names are stable
/// snake_case: they are part of every chain hash, so renaming one would break old chains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// A message was delivered to its recipients.
    MessageSent,
    /// A message was quarantined, waiting for a moderator.
    MessageHeld,
    /// A message was stopped by screening or limits and delivered to no one.
    MessageBlocked,
    /// A moderator released a held message.
    MessageReleased,
    /// A moderator rejected a held message.
    MessageRejected,
    /// A moderator took a delivered message back from every mailbox.
    MessageRecalled,
    /// A recipient reported a message (or a moderator closed the reports).
    MessageReported,
    /// An account was locked and its sessions ended.
    AccountLocked,
    /// An account's access was reset (new activation code, forced password change).
    AccountReset,
    /// Messaging was switched off or on, for a school or a role.
    MessagingSwitched,
    /// A school's messaging policy changed.
    PolicyChanged,
    /// An incident response was run (several locks, switches and recalls at once).
    IncidentResponse,
    /// An account signed in from a device never seen before.
    NewDevice,
    /// News the screening would hold or block was not published; its text is kept here as
    /// evidence for the school.
    NewsRefused,
}

/// Why a string is not an audit kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown audit event kind {0:?}")]
pub struct UnknownAuditKind(pub String);

impl AuditKind {
    /// Every kind.
    pub const ALL: [AuditKind; 14] = [
        AuditKind::MessageSent,
        AuditKind::MessageHeld,
        AuditKind::MessageBlocked,
        AuditKind::MessageReleased,
        AuditKind::MessageRejected,
        AuditKind::MessageRecalled,
        AuditKind::MessageReported,
        AuditKind::AccountLocked,
        AuditKind::AccountReset,
        AuditKind::MessagingSwitched,
        AuditKind::PolicyChanged,
        AuditKind::IncidentResponse,
        AuditKind::NewDevice,
        AuditKind::NewsRefused,
    ];

    /// The stable storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::MessageSent => "message_sent",
            AuditKind::MessageHeld => "message_held",
            AuditKind::MessageBlocked => "message_blocked",
            AuditKind::MessageReleased => "message_released",
            AuditKind::MessageRejected => "message_rejected",
            AuditKind::MessageRecalled => "message_recalled",
            AuditKind::MessageReported => "message_reported",
            AuditKind::AccountLocked => "account_locked",
            AuditKind::AccountReset => "account_reset",
            AuditKind::MessagingSwitched => "messaging_switched",
            AuditKind::PolicyChanged => "policy_changed",
            AuditKind::IncidentResponse => "incident_response",
            AuditKind::NewDevice => "new_device",
            AuditKind::NewsRefused => "news_refused",
        }
    }
}

impl std::str::FromStr for AuditKind {
    type Err = UnknownAuditKind;
    /// Reads a storage name exactly: a stored kind is never trimmed or re-cased, since the
    /// chain hash covers the exact bytes.
    fn from_str(text: &str) -> Result<AuditKind, UnknownAuditKind> {
        AuditKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| UnknownAuditKind(text.to_owned()))
    }
}

impl fmt::Display for AuditKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_storage_and_wire_names() {
        for kind in AuditKind::ALL {
            assert_eq!(kind.as_str().parse::<AuditKind>(), Ok(kind));
            let wire = serde_json::to_string(&kind).unwrap();
            assert_eq!(wire, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(
            "Message_Sent".parse::<AuditKind>(),
            Err(UnknownAuditKind("Message_Sent".into()))
        );
    }
}
