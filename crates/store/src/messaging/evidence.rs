//! The evidence a message leaves in the audit log: the message as sent, with its headers,
//! address, session and device, so that a school can file it with a police complaint.

use super::model::Origin;
use super::record::Stored;
use cartable_core::audit::{AuditEvent, AuditKind};
use cartable_core::{SchoolId, Timestamp};
use serde_json::json;

/// A stored message and where it came from, ready to be written down.
pub(crate) struct Evidence<'a> {
    stored: &'a Stored<'a>,
    origin: &'a Origin,
}

impl<'a> Evidence<'a> {
    /// The evidence of `stored`, sent from `origin`.
    pub(crate) fn of(stored: &'a Stored<'a>, origin: &'a Origin) -> Evidence<'a> {
        Evidence { stored, origin }
    }

    /// The message as its recipients would have received it, with every header.
    fn document(&self) -> serde_json::Value {
        let m = self.stored;
        json!({
            "message_id": m.id,
            "thread_id": m.thread,
            "status": m.status,
            "sender": {
                "id": m.sender.id,
                "login": m.sender.login,
                "name": m.sender.name,
                "role": m.sender.role,
            },
            "recipients": m.labels,
            "recipient_count": m.reach,
            "subject": m.message.content.subject(),
            "body": m.message.content.body(),
            "attachments": m.message.attachments,
            "verdict": m.screening.verdict,
            "reasons": m.screening.reasons,
            "ip": self.origin.ip,
            "session": self.origin.session,
            "device": self.origin.device,
            "user_agent": self.origin.user_agent,
            "new_device": m.message.new_device,
        })
    }

    /// An audit event about this message.
    fn event(
        &self,
        school: &SchoolId,
        kind: AuditKind,
        target: String,
        now: Timestamp,
    ) -> AuditEvent {
        AuditEvent {
            at: now,
            school: Some(school.clone()),
            actor: Some(self.stored.sender.id.clone()),
            ip: Some(self.origin.ip.clone()),
            session: self.origin.session.clone(),
            kind,
            target: Some(target),
            details: self.document().to_string(),
        }
    }

    /// The sender's account locked because of this message.
    pub(crate) fn lock_event(&self, school: &SchoolId, now: Timestamp) -> AuditEvent {
        let mut event = self.event(
            school,
            AuditKind::AccountLocked,
            self.stored.sender.id.to_string(),
            now,
        );
        event.details = json!({
            "reason": "message_blocked",
            "message_id": self.stored.id,
            "login": self.stored.sender.login,
        })
        .to_string();
        event
    }

    /// The subject of the alert staff receive.
    pub(crate) fn alert_subject(&self) -> String {
        format!(
            "Alerte : compte {} verrouillé (message bloqué)",
            self.stored.sender.login
        )
    }

    /// The body of the alert staff receive: who, what, from where, and what to do next.
    pub(crate) fn alert_body(&self) -> String {
        let m = self.stored;
        let reasons: Vec<String> = m
            .screening
            .reasons
            .iter()
            .map(|r| format!("{} ({})", r.rule, r.words.join(", ")))
            .collect();
        format!(
            "Le message de {name} ({login}, {role}) à {count} destinataire(s) a été bloqué avant \
             toute remise. Le compte est verrouillé et ses sessions fermées.\n\n\
             Motifs : {reasons}\nAdresse IP : {ip}\nAppareil : {device}\nNavigateur : {agent}\n\n\
             Objet : {subject}\n\n{body}\n\n\
             Le message est conservé comme preuve (journal d'audit, page de modération).",
            name = m.sender.name,
            login = m.sender.login,
            role = m.sender.role,
            count = m.reach,
            reasons = reasons.join("; "),
            ip = self.origin.ip,
            device = self.origin.device.as_deref().unwrap_or("inconnu"),
            agent = self.origin.user_agent,
            subject = m.message.content.subject(),
            body = m.message.content.body(),
        )
    }
}

/// The audit event recording a message's fate (sent, held, blocked).
pub(crate) fn message_event(
    school: &SchoolId,
    evidence: &Evidence<'_>,
    kind: AuditKind,
    now: Timestamp,
) -> AuditEvent {
    evidence.event(school, kind, evidence.stored.id.to_string(), now)
}
