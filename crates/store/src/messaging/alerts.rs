//! Cartable's own messages: alerts to a school's staff, notices to an account's owner.
//!
//! They go through the mailbox like any message (so they are read where people already
//! look) but have no sender and skip the rules: they are written by the platform.

use super::audiences::deliver;
use super::entries::{Entries, EntryHead, EntrySender};
use crate::script::Script;
use crate::Result;
use cartable_core::messaging::Recipient;
use cartable_core::{MessageId, SchoolId, Timestamp, UserId};
use rand::rngs::OsRng;
use sqlx::{Any, Transaction};

/// Stores a platform message of `kind` (`alert` or `notice`) and returns its id.
async fn platform_message(
    tx: &mut Transaction<'_, Any>,
    school: &SchoolId,
    kind: &str,
    subject: &str,
    body: &str,
    now: Timestamp,
) -> Result<MessageId> {
    let id = MessageId::ordered(&mut OsRng, now.0);
    sqlx::query(
        "INSERT INTO messages (id, thread_id, school_id, sender_id, kind, subject, body, recipients, \
         recipient_count, status, verdict, reasons, note, sender_ip, user_agent, created_at) \
         VALUES ($1, $1, $2, NULL, $3, $4, $5, '[]', 0, 'delivered', 'allow', '[]', '', '', '', $6)",
    )
    .bind(id.as_str())
    .bind(school.as_str())
    .bind(kind)
    .bind(subject)
    .bind(body)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    let mut entries = Entries::default();
    entries.add(&EntryHead {
        id: &id,
        thread_id: &id,
        sender: EntrySender {
            id: None,
            name: "Cartable",
            role: None,
        },
        subject,
        recipients: &[],
        kind,
        attachments: 0,
    });
    let mut entry = Script::default();
    entries.push(&mut entry);
    entry.run(tx).await?;
    Ok(id)
}

/// Alerts every staff member and the head of `school`.
pub(crate) async fn alert_staff(
    tx: &mut Transaction<'_, Any>,
    school: &SchoolId,
    subject: &str,
    body: &str,
    now: Timestamp,
) -> Result<MessageId> {
    let id = platform_message(tx, school, "alert", subject, body, now).await?;
    sqlx::query(
        "INSERT INTO deliveries (audience, delivered_at, message_id, sender_id, audiences) \
         SELECT 'user:' || id, $2, $1, NULL, COUNT(*) OVER () FROM users \
         WHERE school_id = $3 AND role IN ('staff', 'head') AND status = 'active'",
    )
    .bind(id.as_str())
    .bind(now.0)
    .bind(school.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Owners told per statement (an incident response may notify a whole school), within
/// every backend's limit on bound parameters.
const OWNERS_PER_STATEMENT: usize = 500;

/// Tells the owners of `users` (all of `school`) something about their own account: a new
/// device signed in, their sessions were ended.
pub(crate) async fn notify_owners(
    tx: &mut Transaction<'_, Any>,
    school: &SchoolId,
    users: &[UserId],
    subject: &str,
    body: &str,
    now: Timestamp,
) -> Result<()> {
    if users.is_empty() {
        return Ok(());
    }
    let id = platform_message(tx, school, "notice", subject, body, now).await?;
    let owners: Vec<Recipient> = users.iter().cloned().map(Recipient::User).collect();
    for some in owners.chunks(OWNERS_PER_STATEMENT) {
        let mut delivery = Script::default();
        deliver(&mut delivery, &id, some, owners.len(), None, now);
        delivery.run(tx).await?;
    }
    Ok(())
}
