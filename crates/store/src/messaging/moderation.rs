//! Moderation: held and reported messages, and what staff do about them (release, reject,
//! recall from every mailbox). Every decision is written to the audit log in the same
//! transaction.

use super::audiences::{deliver, people_reached, received};
use super::model::{MessageStatus, ModerationItem, RecipientLabel, SenderRef};
use crate::audit::append_audit;
use crate::error::decode;
use crate::script::Script;
use crate::{Result, Store, StoreError};
use cartable_core::audit::{AuditEvent, AuditKind};
use cartable_core::authz::{Action, Permit};
use cartable_core::messaging::Recipient;
use cartable_core::{AccountStatus, MessageId, ReportId, Role, SchoolId, Timestamp, UserId};
use rand::rngs::OsRng;
use serde_json::json;
use sqlx::Row;

/// What a moderator does to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// A held message goes to its recipients.
    Release,
    /// A held message is refused; it reaches no one.
    Reject,
    /// A delivered message leaves every mailbox it reached.
    Recall,
    /// The reports on a message are closed without action.
    Dismiss,
}

/// Who decides, from where: the audit log's actor.
#[derive(Debug, Clone)]
pub struct Moderator {
    /// Their account.
    pub user: UserId,
    /// Their address.
    pub ip: String,
    /// Their session.
    pub session: Option<cartable_core::SessionId>,
}

const ITEM: &str = "SELECT m.id, m.sender_id, m.subject, m.body, m.recipients, m.recipient_count, \
    m.status, m.verdict, m.reasons, m.sender_ip, m.sender_device, m.user_agent, m.created_at, \
    u.login, u.first_name, u.last_name, u.role FROM messages m JOIN users u ON u.id = m.sender_id";

impl Store {
    /// The moderation queue of the permit's school: held messages, messages with open
    /// reports, and recently blocked ones, newest first. The permit must be
    /// `ModerateMessages`.
    pub async fn moderation_queue(&self, permit: &Permit) -> Result<Vec<ModerationItem>> {
        let Action::ModerateMessages(school) = permit.action() else {
            return Err(StoreError::Forbidden);
        };
        let sql = format!(
            "{ITEM} WHERE m.school_id = $1 AND (m.status IN ('held', 'blocked') OR m.id IN \
             (SELECT message_id FROM message_reports WHERE school_id = $1 AND resolved_at IS NULL)) \
             ORDER BY m.created_at DESC LIMIT 200"
        );
        let rows = sqlx::query(&sql)
            .bind(school.as_str())
            .fetch_all(&self.pool)
            .await?;
        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            let id: MessageId = decode(row.try_get("id")?)?;
            let reports = sqlx::query(
                "SELECT u.first_name, u.last_name, r.comment FROM message_reports r \
                 JOIN users u ON u.id = r.reporter_id \
                 WHERE r.message_id = $1 AND r.resolved_at IS NULL ORDER BY r.created_at",
            )
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let first: String = r.try_get("first_name")?;
                let last: String = r.try_get("last_name")?;
                Ok((format!("{first} {last}"), r.try_get("comment")?))
            })
            .collect::<Result<Vec<(String, String)>>>()?;
            let status: String = row.try_get("status")?;
            let recipients: String = row.try_get("recipients")?;
            let role: String = row.try_get("role")?;
            let first: String = row.try_get("first_name")?;
            let last: String = row.try_get("last_name")?;
            items.push(ModerationItem {
                id,
                sender: SenderRef {
                    id: Some(decode(row.try_get("sender_id")?)?),
                    name: format!("{first} {last}"),
                    role: role.parse::<Role>().ok(),
                },
                sender_login: row.try_get("login")?,
                subject: row.try_get("subject")?,
                body: row.try_get("body")?,
                recipients: serde_json::from_str::<Vec<RecipientLabel>>(&recipients)
                    .unwrap_or_default(),
                recipient_count: row.try_get("recipient_count")?,
                status: MessageStatus::from_stored(&status),
                verdict: row.try_get("verdict")?,
                reasons: row.try_get("reasons")?,
                ip: row.try_get("sender_ip")?,
                device: row.try_get("sender_device")?,
                user_agent: row.try_get("user_agent")?,
                created_at: Timestamp(row.try_get("created_at")?),
                reports,
            });
        }
        Ok(items)
    }

    /// Applies a moderator's decision to a message of the permit's school. The permit must
    /// be `ModerateMessages`. Returns the message's new status and how many mailboxes the
    /// decision reached (delivered to, or recalled from).
    pub async fn moderate(
        &self,
        permit: &Permit,
        by: &Moderator,
        id: &MessageId,
        decision: Decision,
        now: Timestamp,
    ) -> Result<(MessageStatus, u64)> {
        let Action::ModerateMessages(school) = permit.action() else {
            return Err(StoreError::Forbidden);
        };
        let (_turn, mut tx) = self.begin_write().await?;
        let row = sqlx::query(
            "SELECT m.status, m.sender_id, m.recipients, u.status AS sender_status \
             FROM messages m JOIN users u ON u.id = m.sender_id \
             WHERE m.id = $1 AND m.school_id = $2 AND m.kind = 'message'",
        )
        .bind(id.as_str())
        .bind(school.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let status: String = row.try_get("status")?;
        let status = MessageStatus::from_stored(&status);
        let sender: UserId = decode(row.try_get("sender_id")?)?;
        let sender_status: String = row.try_get("sender_status")?;
        // A held message of an account locked since (another threat, a theft found out) is
        // not released in its name: reject it, or reopen the account first.
        if decision == Decision::Release
            && AccountStatus::from_stored(&sender_status) == AccountStatus::Locked
        {
            return Err(StoreError::Conflict);
        }
        let (new_status, kind) = match (decision, status) {
            (Decision::Release, MessageStatus::Held) => {
                (MessageStatus::Delivered, AuditKind::MessageReleased)
            }
            (Decision::Reject, MessageStatus::Held) => {
                (MessageStatus::Rejected, AuditKind::MessageRejected)
            }
            (Decision::Recall, MessageStatus::Delivered) => {
                (MessageStatus::Recalled, AuditKind::MessageRecalled)
            }
            (Decision::Dismiss, current) => (current, AuditKind::MessageReported),
            _ => return Err(StoreError::Conflict),
        };
        let reached = match decision {
            Decision::Release => {
                let recipients: String = row.try_get("recipients")?;
                let labels: Vec<RecipientLabel> =
                    serde_json::from_str(&recipients).unwrap_or_default();
                let to: Vec<Recipient> = labels.into_iter().map(|l| l.to).collect();
                let mut delivery = Script::default();
                deliver(&mut delivery, id, &to, to.len(), Some(&sender), now);
                delivery.run(&mut tx).await?;
                u64::try_from(people_reached(&mut tx, id).await?).unwrap_or(0)
            }
            Decision::Recall => {
                let reached = u64::try_from(people_reached(&mut tx, id).await?).unwrap_or(0);
                for sql in [
                    "DELETE FROM deliveries WHERE message_id = $1",
                    "DELETE FROM inbox_marks WHERE message_id = $1",
                ] {
                    sqlx::query(sql).bind(id.as_str()).execute(&mut *tx).await?;
                }
                reached
            }
            Decision::Reject | Decision::Dismiss => 0,
        };
        sqlx::query(
            "UPDATE messages SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4",
        )
        .bind(new_status.as_str())
        .bind(by.user.as_str())
        .bind(now.0)
        .bind(id.as_str())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE message_reports SET resolved_at = $1, resolved_by = $2 \
             WHERE message_id = $3 AND resolved_at IS NULL",
        )
        .bind(now.0)
        .bind(by.user.as_str())
        .bind(id.as_str())
        .execute(&mut *tx)
        .await?;
        let event = AuditEvent {
            at: now,
            school: Some(school.clone()),
            actor: Some(by.user.clone()),
            ip: Some(by.ip.clone()),
            session: by.session.clone(),
            kind,
            target: Some(id.to_string()),
            details: json!({
                "decision": format!("{decision:?}").to_lowercase(),
                "previous_status": status,
                "status": new_status,
                "mailboxes": reached,
            })
            .to_string(),
        };
        append_audit(&mut tx, &event).await?;
        tx.commit().await?;
        // A release delivers, a withdrawal takes back: from whom, only the audiences know.
        self.changed_widely();
        Ok((new_status, reached))
    }

    /// Reports a message I received to my school's moderators; `true` if this is a new
    /// report. Reporting twice is the same report (and one audit entry). `NotFound` if my
    /// inbox never held it.
    pub async fn report_message(
        &self,
        reporter: &UserId,
        school: &SchoolId,
        id: &MessageId,
        comment: &str,
        ip: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let comment: String = comment
            .trim()
            .chars()
            .filter(|c| !c.is_control() || *c == '\n')
            .take(1000)
            .collect();
        let (_turn, mut tx) = self.begin_write().await?;
        let sql = format!(
            "SELECT m.school_id FROM messages m WHERE m.id = $2 AND m.kind = 'message' AND {}",
            received("m.id")
        );
        let received = sqlx::query(&sql)
            .bind(reporter.as_str())
            .bind(id.as_str())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let message_school: SchoolId = decode(received.try_get("school_id")?)?;
        let report = ReportId::random(&mut OsRng);
        let added = sqlx::query(
            "INSERT INTO message_reports (id, message_id, school_id, reporter_id, comment, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (message_id, reporter_id) DO NOTHING",
        )
        .bind(report.as_str())
        .bind(id.as_str())
        .bind(message_school.as_str())
        .bind(reporter.as_str())
        .bind(&comment)
        .bind(now.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added == 0 {
            // The same person reporting again adds nothing, not even to the audit log.
            return Ok(false);
        }
        let event = AuditEvent {
            at: now,
            school: Some(school.clone()),
            actor: Some(reporter.clone()),
            ip: Some(ip.to_owned()),
            session: None,
            kind: AuditKind::MessageReported,
            target: Some(id.to_string()),
            details: json!({ "comment": comment }).to_string(),
        };
        append_audit(&mut tx, &event).await?;
        tx.commit().await?;
        Ok(true)
    }
}
