//! Writing a message: the part of sending that runs inside the write transaction.

use super::alerts::alert_staff;
use super::counts::{count_sent, recent_sending};
use super::evidence::{message_event, Evidence};
use super::model::{MessageStatus, OutgoingMessage, RecipientLabel, SendOutcome, SendRefusal};
use super::send::{Lockdown, SenderAccount};
use super::targets::audience_sql;
use crate::accounts::revoke_user_sessions;
use crate::audit::append_audit;
use crate::{Result, StoreError};
use cartable_core::audit::AuditKind;
use cartable_core::messaging::{
    check_new_device_reach, check_rate, LimitCrossed, RateLimit, Recipient, RefusedRecipient,
    NEW_DEVICE_SECONDS,
};
use cartable_core::screening::{Screening, Verdict};
use cartable_core::{AccountStatus, MessageId, Role, SchoolId, Timestamp, UserId};
use sqlx::{Any, Row, Transaction};

/// A message ready to be written: everything about it was decided before the write
/// transaction except what must be counted inside it (the sending limits).
pub(crate) struct Job {
    pub(crate) id: MessageId,
    pub(crate) thread: MessageId,
    pub(crate) school: SchoolId,
    pub(crate) account: SenderAccount,
    pub(crate) labels: Vec<RecipientLabel>,
    pub(crate) message: OutgoingMessage,
    pub(crate) screening: Screening,
    /// Who it goes to, once cleared (for a blocked threat: whoever it named).
    pub(crate) targets: Vec<Recipient>,
    /// How many people that is.
    pub(crate) reach: u32,
    /// The sender's limits, checked in the transaction; `None` for a threat, which is
    /// recorded whatever the limits say.
    pub(crate) limit: Option<RateLimit>,
    pub(crate) now: Timestamp,
}

impl Job {
    /// Writes the message inside `tx`: checks the limits, stores it with its verdict's
    /// status, delivers it if it is clean, writes the evidence, and locks the sender if it is
    /// blocked. A refusal writes nothing.
    pub(crate) async fn run(
        mut self,
        tx: &mut Transaction<'_, Any>,
    ) -> Result<(SendOutcome, Lockdown)> {
        let now = self.now;
        // One send at a time per sender, whatever the backend: on PostgreSQL this row lock
        // makes concurrent sends from one account queue, so they cannot all slip under the
        // limits together (SQLite writers are one at a time already).
        let status: String =
            sqlx::query("UPDATE users SET status = status WHERE id = $1 RETURNING status")
                .bind(self.account.id.as_str())
                .fetch_one(&mut **tx)
                .await?
                .try_get("status")?;
        if let Some(limit) = &self.limit {
            // The account was checked before the transaction; if it was locked since (a
            // threat of its own written just before, an incident response, a moderator),
            // nothing more goes out of it. A threat is still kept as evidence.
            if AccountStatus::from_stored(&status) != AccountStatus::Active {
                return Err(StoreError::Forbidden);
            }
            if self.message.new_device {
                let already = reached_from_device(tx, &self.account.id, &self.message, now).await?;
                if let Err(refusal) = check_new_device_reach(already, self.reach) {
                    let refused = self
                        .targets
                        .iter()
                        .map(|recipient| RefusedRecipient {
                            recipient: recipient.clone(),
                            refusal,
                        })
                        .collect();
                    return Err(StoreError::Refused(SendRefusal::Recipients(refused)));
                }
            }
            let recent = recent_sending(tx, &self.account.id, now).await?;
            match check_rate(limit, recent, self.reach) {
                Ok(()) => {}
                Err(LimitCrossed::MessagesPerMinute) => {
                    return Err(StoreError::Refused(SendRefusal::TooFast(60)))
                }
                Err(LimitCrossed::RecipientsPerHour) => {
                    if !matches!(self.account.role, Role::Pupil | Role::Parent) {
                        return Err(StoreError::Refused(SendRefusal::TooManyRecipients));
                    }
                    // A pupil or parent account suddenly writing to many people is what a
                    // hijacked account does: stopped and locked like a threat.
                    self.screening.verdict = Verdict::Block;
                    self.screening
                        .reasons
                        .insert(0, mass_mailing_reason(self.reach));
                }
            }
        }
        let status = match self.screening.verdict {
            Verdict::Allow => MessageStatus::Delivered,
            Verdict::Hold => MessageStatus::Held,
            Verdict::Block => MessageStatus::Blocked,
        };
        let stored = self.stored(status);
        insert_message(tx, &stored, now).await?;
        count_sent(tx, &self.account.id, self.reach, now).await?;
        if let Some(draft) = &self.message.replaces_draft {
            discard_draft(tx, &self.account.id, draft).await?;
        }
        let mut delivered = 0;
        if status == MessageStatus::Delivered {
            delivered = deliver(tx, &self.id, &self.targets, &self.account.id, now).await?;
        }
        let evidence = Evidence::of(&stored, &self.message.origin);
        let event = message_event(&self.school, &evidence, audit_kind(status), now);
        append_audit(tx, &event).await?;
        let mut lockdown = Lockdown::default();
        if status == MessageStatus::Blocked {
            lockdown = lock_sender(tx, &self.account, &self.school, &evidence, now).await?;
        }
        let id = self.id.clone();
        let outcome = match status {
            MessageStatus::Delivered => SendOutcome::Delivered {
                id,
                recipients: delivered,
            },
            MessageStatus::Held => SendOutcome::Held { id },
            _ => SendOutcome::Blocked { id },
        };
        Ok((outcome, lockdown))
    }

    /// Keeps the message in the sender's drafts, with a note saying why.
    pub(crate) async fn keep_as_draft(
        mut self,
        tx: &mut Transaction<'_, Any>,
        note: String,
    ) -> Result<()> {
        self.screening = Screening {
            verdict: Verdict::Allow,
            reasons: Vec::new(),
        };
        self.reach = 0;
        let stored = self.stored(MessageStatus::Draft);
        insert_message(tx, &stored, self.now).await?;
        sqlx::query("UPDATE messages SET note = $1 WHERE id = $2")
            .bind(note)
            .bind(self.id.as_str())
            .execute(&mut **tx)
            .await?;
        if let Some(old) = &self.message.replaces_draft {
            discard_draft(tx, &self.account.id, old).await?;
        }
        Ok(())
    }

    fn stored(&self, status: MessageStatus) -> Stored<'_> {
        Stored {
            id: &self.id,
            thread: &self.thread,
            school: &self.school,
            sender: &self.account,
            labels: &self.labels,
            message: &self.message,
            status,
            screening: &self.screening,
            reach: self.reach,
        }
    }
}

/// How many people the sender reached from this message's device in the last day.
async fn reached_from_device(
    tx: &mut Transaction<'_, Any>,
    sender: &UserId,
    message: &OutgoingMessage,
    now: Timestamp,
) -> Result<u32> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(recipient_count), 0) AS BIGINT) AS reached FROM messages \
         WHERE sender_id = $1 AND created_at > $2 AND status <> 'draft' \
         AND COALESCE(sender_device, '') = $3",
    )
    .bind(sender.as_str())
    .bind(now.plus_seconds(-NEW_DEVICE_SECONDS).0)
    .bind(message.origin.device.clone().unwrap_or_default())
    .fetch_one(&mut **tx)
    .await?;
    let reached: i64 = row.try_get("reached")?;
    Ok(u32::try_from(reached).unwrap_or(u32::MAX))
}

/// The audit kind of a message's fate.
fn audit_kind(status: MessageStatus) -> AuditKind {
    match status {
        MessageStatus::Held => AuditKind::MessageHeld,
        MessageStatus::Blocked => AuditKind::MessageBlocked,
        _ => AuditKind::MessageSent,
    }
}

/// The reason given when a pupil or parent crosses the recipients-per-hour limit.
fn mass_mailing_reason(reach: u32) -> cartable_core::screening::Reason {
    cartable_core::screening::Reason {
        rule: "mass_mailing",
        words: vec![format!("{reach} recipients")],
    }
}

/// A message about to be stored, with everything decided about it.
pub(crate) struct Stored<'a> {
    pub(crate) id: &'a MessageId,
    pub(crate) thread: &'a MessageId,
    pub(crate) school: &'a SchoolId,
    pub(crate) sender: &'a SenderAccount,
    pub(crate) labels: &'a [RecipientLabel],
    pub(crate) message: &'a OutgoingMessage,
    pub(crate) status: MessageStatus,
    pub(crate) screening: &'a Screening,
    pub(crate) reach: u32,
}

/// Stores the message, its files, and the sender's own copy (in "sent", or "drafts").
async fn insert_message(
    tx: &mut Transaction<'_, Any>,
    m: &Stored<'_>,
    now: Timestamp,
) -> Result<()> {
    let origin = &m.message.origin;
    sqlx::query(
        "INSERT INTO messages (id, thread_id, school_id, sender_id, kind, subject, body, recipients, \
         recipient_count, status, verdict, reasons, note, sender_ip, sender_session, sender_device, \
         user_agent, created_at) \
         VALUES ($1, $2, $3, $4, 'message', $5, $6, $7, $8, $9, $10, $11, '', $12, $13, $14, $15, $16)",
    )
    .bind(m.id.as_str())
    .bind(m.thread.as_str())
    .bind(m.school.as_str())
    .bind(m.sender.id.as_str())
    .bind(m.message.content.subject())
    .bind(m.message.content.body())
    .bind(serde_json::to_string(m.labels)?)
    .bind(i64::from(m.reach))
    .bind(m.status.as_str())
    .bind(m.screening.verdict.as_str())
    .bind(serde_json::to_string(&m.screening.reasons)?)
    .bind(&origin.ip)
    .bind(origin.session.as_ref().map(|s| s.as_str().to_owned()))
    .bind(origin.device.clone())
    .bind(&origin.user_agent)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    for (position, file) in m.message.attachments.iter().enumerate() {
        sqlx::query(
            "INSERT INTO message_attachments (message_id, position, name, digest, size, content_type) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(m.id.as_str())
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(&file.name)
        .bind(&file.digest)
        .bind(file.size)
        .bind(&file.content_type)
        .execute(&mut **tx)
        .await?;
    }
    let folder = if m.status == MessageStatus::Draft {
        "drafts"
    } else {
        "sent"
    };
    sqlx::query(
        "INSERT INTO mailbox (user_id, message_id, folder, delivered_at, read_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(m.sender.id.as_str())
    .bind(m.id.as_str())
    .bind(folder)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes a draft of the sender's once it is sent (or saved again).
async fn discard_draft(
    tx: &mut Transaction<'_, Any>,
    sender: &UserId,
    draft: &MessageId,
) -> Result<()> {
    let owned = sqlx::query(
        "DELETE FROM mailbox WHERE user_id = $1 AND message_id = $2 AND folder = 'drafts'",
    )
    .bind(sender.as_str())
    .bind(draft.as_str())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if owned == 0 {
        return Ok(());
    }
    for sql in [
        "DELETE FROM message_attachments WHERE message_id = $1",
        "DELETE FROM messages WHERE id = $1 AND status = 'draft'",
    ] {
        sqlx::query(sql)
            .bind(draft.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Puts the message in the inbox of everyone in the audience; returns how many.
pub(crate) async fn deliver(
    tx: &mut Transaction<'_, Any>,
    id: &MessageId,
    to: &[Recipient],
    sender: &UserId,
    now: Timestamp,
) -> Result<u32> {
    // $1 the sender, $2 the message, $3 the time, $4… the recipients. SQLite needs the
    // `WHERE` to tell the upsert clause from a join constraint.
    let (audience, binds) = audience_sql(to, 1, 4);
    let sql = format!(
        "INSERT INTO mailbox (user_id, message_id, folder, delivered_at) \
         SELECT member, $2, 'inbox', $3 FROM ({audience}) delivered \
         WHERE true ON CONFLICT DO NOTHING"
    );
    let mut query = sqlx::query(&sql)
        .bind(sender.as_str())
        .bind(id.as_str())
        .bind(now.0);
    for bind in binds {
        query = query.bind(bind);
    }
    let n = query.execute(&mut **tx).await?.rows_affected();
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Locks the sender's account at once, ends its sessions, records it, and alerts staff.
async fn lock_sender(
    tx: &mut Transaction<'_, Any>,
    account: &SenderAccount,
    school: &SchoolId,
    evidence: &Evidence<'_>,
    now: Timestamp,
) -> Result<Lockdown> {
    sqlx::query("UPDATE users SET status = $1 WHERE id = $2")
        .bind(AccountStatus::Locked.as_str())
        .bind(account.id.as_str())
        .execute(&mut **tx)
        .await?;
    let ended_sessions = revoke_user_sessions(tx, &account.id, now).await?;
    append_audit(tx, &evidence.lock_event(school, now)).await?;
    alert_staff(
        tx,
        school,
        &evidence.alert_subject(),
        &evidence.alert_body(),
        now,
    )
    .await?;
    Ok(Lockdown { ended_sessions })
}
