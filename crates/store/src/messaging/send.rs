//! Sending: every rule a message passes, then delivery to every mailbox in one transaction.
//!
//! In order: the sender's account is active; the screening reads the content, and a threat
//! is blocked whoever it was addressed to; then messaging must not be switched off for the
//! sender's role; every recipient must exist and pass the rule; sending hours (outside them
//! the message waits in drafts); the limits per minute and per hour. A clean message reaches
//! every recipient's inbox in the same transaction that stores it — all of them or none. A
//! held message reaches no one until a moderator releases it. A blocked message — a threat,
//! or a pupil or parent mass-mailing — reaches no one, stays as evidence, locks the sender's
//! account at once, and alerts the school's staff.

use super::audiences::received;
use super::model::{OutgoingMessage, SendOutcome, SendRefusal};
use super::record::Job;
use super::settings;
use super::settings::SchoolMessaging;
use super::targets::resolve;
use crate::{Result, Store, StoreError};
use cartable_core::authz::{Action, Permit};
use cartable_core::messaging::{
    clear, Refusal, RefusedRecipient, Sender, SendingWindow, MAX_RECIPIENT_ENTRIES,
};
use cartable_core::screening::{screen, Verdict};
use cartable_core::{AccountStatus, MessageId, Role, SchoolId, SessionId, Timestamp, UserId};
use rand::rngs::OsRng;
use sqlx::{AnyPool, Row};

/// The most files on one message.
pub const MAX_ATTACHMENTS: usize = 5;
/// The most bytes of files on one message.
pub const MAX_ATTACHMENT_BYTES: i64 = 20 * 1024 * 1024;

/// The sender as the database knows them.
pub(crate) struct SenderAccount {
    pub(crate) id: UserId,
    pub(crate) role: Role,
    pub(crate) login: String,
    pub(crate) name: String,
}

/// What a blocked send did to the sender's account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lockdown {
    /// The sessions that ended (the web layer drops them from its cache at once).
    pub ended_sessions: Vec<SessionId>,
}

impl Store {
    /// Sends a message from the permit's holder. The permit must be `SendMessages` for the
    /// sender's school; `schools` are the schools the sender may write in (their own, or an
    /// academy's for an admin).
    pub async fn send_message(
        &self,
        permit: &Permit,
        sender: &UserId,
        schools: &[SchoolId],
        message: OutgoingMessage,
        now: Timestamp,
    ) -> Result<(SendOutcome, Lockdown)> {
        let Action::SendMessages(school) = permit.action() else {
            return Err(StoreError::Forbidden);
        };
        let mut message = message;
        message.to.sort();
        message.to.dedup();
        if message.to.len() > MAX_RECIPIENT_ENTRIES {
            let extra = message.to.split_off(MAX_RECIPIENT_ENTRIES);
            let refused = extra
                .into_iter()
                .map(|recipient| RefusedRecipient {
                    recipient,
                    refusal: Refusal::TooManyPeople,
                })
                .collect();
            return Err(StoreError::Refused(SendRefusal::Recipients(refused)));
        }
        if message.attachments.len() > MAX_ATTACHMENTS
            || message.attachments.iter().map(|a| a.size).sum::<i64>() > MAX_ATTACHMENT_BYTES
        {
            return Err(StoreError::Refused(SendRefusal::TooManyAttachments));
        }
        // Everything that only reads runs before the write transaction, so that writers hold
        // SQLite's lock for the inserts alone; the reads run side by side, each on a
        // connection of its own.
        let pool = &self.pool;
        let ((account, settings), thread, resolved) = tokio::try_join!(
            sender_account(pool, sender, school),
            thread_of(pool, sender, &message),
            resolve(pool, sender, &message.to),
        )?;
        let id = MessageId::ordered(&mut OsRng, now.0);
        // File names are read too: a threat can hide in "demain bombe.txt".
        let mut text = message.content.screening_text();
        for file in &message.attachments {
            text.push('\n');
            text.push_str(&file.name);
        }
        if !message.attached_text.is_empty() {
            text.push('\n');
            text.push_str(&message.attached_text);
        }
        let screening = screen(&text, Some(account.role));
        let mut job = Job {
            thread: thread.unwrap_or_else(|| id.clone()),
            id,
            school: school.clone(),
            account,
            labels: resolved.labels,
            message,
            screening,
            targets: Vec::new(),
            reach: 0,
            limit: None,
            now,
        };
        // A threat is evidence whoever it was addressed to, whatever the switches, hours or
        // policy say: it is kept, reaches no one, and locks the account.
        if job.screening.verdict == Verdict::Block {
            // Only what the sender's own schools hold is named in the evidence: a recipient
            // in another school stays as unknown to this school's moderators as to the
            // sender.
            let (named, labels): (Vec<_>, Vec<_>) = resolved
                .targets
                .iter()
                .zip(std::mem::take(&mut job.labels))
                .filter(|(target, _)| schools.contains(&target.school))
                .map(|(target, label)| (target.recipient.clone(), label))
                .unzip();
            job.targets = named;
            job.labels = labels;
            return self.write_job(job).await;
        }
        let role = job.account.role;
        if !settings.switches.may_send(role) {
            return Err(StoreError::Refused(SendRefusal::SwitchedOff(
                settings.switches.reason.clone(),
            )));
        }
        let rule_sender = Sender {
            role,
            schools: schools.to_vec(),
            new_device: job.message.new_device,
        };
        let mut refused = resolved.unknown;
        let clearance = match clear(&rule_sender, &settings.policy, resolved.targets) {
            Ok(clearance) if refused.is_empty() => clearance,
            Ok(_) => return Err(StoreError::Refused(SendRefusal::Recipients(refused))),
            Err(more) => {
                refused.extend(more);
                return Err(StoreError::Refused(SendRefusal::Recipients(refused)));
            }
        };
        if let Some(hours) = settings.policy.quiet_hours.get(role) {
            if let SendingWindow::Closed { opens_at } =
                hours.window(now, &settings.policy.time_zone)
            {
                let id = job.id.clone();
                let (_turn, mut tx) = self.begin_write().await?;
                job.keep_as_draft(&mut tx, format!("sending_hours:{}", opens_at.0))
                    .await?;
                tx.commit().await?;
                return Ok((SendOutcome::Deferred { id, opens_at }, Lockdown::default()));
            }
        }
        job.targets = clearance
            .targets()
            .iter()
            .map(|t| t.recipient.clone())
            .collect();
        // The limits are counted inside the write transaction: two sends at once cannot
        // both slip under them.
        job.limit = Some(*settings.policy.limits.get(role));
        self.write_job(job).await
    }

    /// Writes a decided message: batched with others on SQLite (the batch's writer says
    /// what changed once it commits, even if the sender stopped waiting), on its own on
    /// PostgreSQL.
    async fn write_job(&self, job: Job) -> Result<(SendOutcome, Lockdown)> {
        match &self.send_queue {
            Some(queue) => queue.write(job).await,
            None => {
                let audiences = job.audiences();
                let (_turn, mut tx) = self.begin_write().await?;
                let written = job.run(&mut tx, None).await?;
                tx.commit().await?;
                self.sends_committed(&audiences, [&Ok(written.clone())]);
                Ok(written)
            }
        }
    }

    /// Says, once sends are committed, whose unread counts they changed: their audiences',
    /// or everyone's when one was held or blocked (a blocked one alerted the school's staff).
    /// A refused send wrote nothing.
    pub(crate) fn sends_committed<'a>(
        &self,
        audiences: &[String],
        outcomes: impl IntoIterator<Item = &'a Result<(SendOutcome, Lockdown)>>,
    ) {
        let all_delivered = outcomes
            .into_iter()
            .all(|outcome| matches!(outcome, Ok((SendOutcome::Delivered { .. }, _)) | Err(_)));
        if all_delivered {
            self.changed(audiences.iter().map(String::as_str));
        } else {
            self.changed_widely();
        }
    }
}

/// The sender's account, which must be active and in the permit's school, and that
/// school's messaging settings, read together.
pub(crate) async fn sender_account(
    pool: &AnyPool,
    sender: &UserId,
    school: &SchoolId,
) -> Result<(SenderAccount, SchoolMessaging)> {
    let row = sqlx::query(
        "SELECT u.role, u.login, u.first_name, u.last_name, u.status, u.school_id, \
         s.policy, s.switches FROM users u \
         LEFT JOIN school_messaging s ON s.school_id = $2 WHERE u.id = $1",
    )
    .bind(sender.as_str())
    .bind(school.as_str())
    .fetch_optional(pool)
    .await?
    .ok_or(StoreError::Forbidden)?;
    let status: String = row.try_get("status")?;
    let role: String = row.try_get("role")?;
    let home: String = row.try_get("school_id")?;
    let role = role.parse::<Role>().map_err(|_| StoreError::Forbidden)?;
    let in_school = home == school.as_str() || role == Role::Admin;
    if AccountStatus::from_stored(&status) != AccountStatus::Active || !in_school {
        return Err(StoreError::Forbidden);
    }
    let first: String = row.try_get("first_name")?;
    let last: String = row.try_get("last_name")?;
    let account = SenderAccount {
        id: sender.clone(),
        role,
        login: row.try_get("login")?,
        name: format!("{first} {last}"),
    };
    Ok((account, settings::from_row(&row)?))
}

/// The thread a reply joins: that of the message replied to, which must be in the sender's
/// mailbox.
async fn thread_of(
    pool: &AnyPool,
    sender: &UserId,
    message: &OutgoingMessage,
) -> Result<Option<MessageId>> {
    let Some(parent) = &message.reply_to else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT m.thread_id FROM messages m WHERE m.id = $2 AND (EXISTS \
         (SELECT 1 FROM mailbox b WHERE b.user_id = $1 AND b.message_id = m.id) OR {})",
        received("m.id")
    );
    let row = sqlx::query(&sql)
        .bind(sender.as_str())
        .bind(parent.as_str())
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::Refused(SendRefusal::UnknownThread))?;
    let thread: String = row.try_get("thread_id")?;
    Ok(Some(crate::error::decode(thread)?))
}
