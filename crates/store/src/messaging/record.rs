//! Writing a message: the part of sending that runs inside the write transaction.

use super::alerts::alert_staff;
use super::audiences::deliver;
use super::counts::{count_sent, recent_sending, recent_sending_columns};
use super::entries::{Entries, EntryHead, EntrySender};
use super::evidence::{message_event, Evidence};
use super::model::{MessageStatus, OutgoingMessage, RecipientLabel, SendOutcome, SendRefusal};
use super::send::{Lockdown, SenderAccount};
use super::targets::audience_count;
use crate::accounts::revoke_user_sessions;
use crate::audit::{append_audit, ChainHead};
use crate::script::{Params, Script};
use crate::{Result, StoreError};
use cartable_core::audit::AuditKind;
use cartable_core::messaging::RecentSending;
use cartable_core::messaging::{
    check_new_device_reach, check_rate, LimitCrossed, RateLimit, Recipient, RefusedRecipient,
    NEW_DEVICE_SECONDS,
};
use cartable_core::screening::{Screening, Verdict};
use cartable_core::{AccountStatus, MessageId, Role, SchoolId, Timestamp, UserId};
use sqlx::any::AnyRow;
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
    /// How many people that is, counted in the write transaction.
    pub(crate) reach: u32,
    /// The sender's limits, checked in the transaction; `None` for a threat, which is
    /// recorded whatever the limits say.
    pub(crate) limit: Option<RateLimit>,
    pub(crate) now: Timestamp,
}

/// What the write transaction reads about a job's sender before deciding it, from the
/// columns of [`Job::check_columns`].
pub(crate) struct SenderState {
    /// The account's status now.
    pub(crate) status: String,
    /// How many people the message reaches.
    pub(crate) reach: u32,
    /// What the sender sent lately.
    pub(crate) recent: RecentSending,
    /// How many people the sender reached from this device in the last day.
    pub(crate) device_reach: u32,
}

impl SenderState {
    /// Reads the columns of [`Job::check_columns`].
    pub(crate) fn read(row: &AnyRow) -> Result<SenderState> {
        let count = |column: &str| -> Result<u32> {
            let n: i64 = row.try_get(column)?;
            Ok(u32::try_from(n).unwrap_or(u32::MAX))
        };
        Ok(SenderState {
            status: row.try_get("status")?,
            reach: count("reach")?,
            recent: recent_sending(row)?,
            device_reach: count("device_reach")?,
        })
    }
}

impl Job {
    /// Writes the message inside `tx`: checks the limits, stores it with its verdict's
    /// status, delivers it if it is clean, writes the evidence, and locks the sender if it is
    /// blocked. A refusal returns before writing anything. With `savepoint`, the job runs
    /// inside a savepoint of that name, opened with its first statements and released with
    /// its last ones (the caller rolls back to it on error).
    ///
    /// The job takes two trips to the database: one that takes the sender's and the audit
    /// chain's locks and reads their state, one that writes everything.
    pub(crate) async fn run(
        mut self,
        tx: &mut Transaction<'_, Any>,
        savepoint: Option<&str>,
    ) -> Result<(SendOutcome, Lockdown)> {
        let now = self.now;
        let mut check = Script::default();
        if let Some(name) = savepoint {
            check.push(format!("SAVEPOINT {name}"));
        }
        let sender = check.params.text(self.account.id.as_str());
        // One send at a time per sender, whatever the backend: on PostgreSQL this row lock
        // makes concurrent sends from one account queue, so they cannot all slip under the
        // limits together (SQLite writers are one at a time already).
        check.push(format!(
            "UPDATE users SET status = status WHERE id = {sender}"
        ));
        let head = ChainHead::hold(&mut check, self.school.as_str());
        let columns = self.check_columns(&mut check.params, &sender);
        check.push(format!(
            "SELECT {columns}, {head} FROM users WHERE id = {sender}"
        ));
        let rows = check.run(tx).await?;
        let row = rows.first().ok_or(StoreError::Forbidden)?;
        let mut head = ChainHead::read(row)?;
        let state = SenderState::read(row)?;
        let status = self.decide(&state)?;
        if let Some(draft) = &self.message.replaces_draft {
            discard_draft(tx, &self.account.id, draft).await?;
        }
        let mut write = Script::default();
        let mut entries = Entries::default();
        self.writes(&mut write, &mut entries, &mut head, status);
        entries.push(&mut write);
        let release = savepoint.map(|name| format!("RELEASE SAVEPOINT {name}"));
        let mut lockdown = Lockdown::default();
        if status == MessageStatus::Blocked {
            write.run(tx).await?;
            let stored = self.stored(status);
            let evidence = Evidence::of(&stored, &self.message.origin);
            lockdown = lock_sender(tx, &self.account, &self.school, &evidence, now).await?;
            if let Some(release) = release {
                sqlx::query(&release).execute(&mut **tx).await?;
            }
        } else {
            if let Some(release) = release {
                write.push(release);
            }
            write.run(tx).await?;
        }
        Ok((self.outcome(status), lockdown))
    }

    /// Whether this job can be decided and written with others (see `together`): neither
    /// a threat (which locks its sender) nor the replacement of a draft, and under limits.
    pub(crate) fn is_ordinary(&self) -> bool {
        self.screening.verdict != Verdict::Block
            && self.message.replaces_draft.is_none()
            && self.limit.is_some()
    }

    /// The columns a write transaction reads to decide this job (see [`SenderState`]), its
    /// sender bound as `sender`: for a `SELECT … FROM users WHERE id = {sender}`.
    pub(crate) fn check_columns(&self, p: &mut Params, sender: &str) -> String {
        let recent = recent_sending_columns(p, sender, self.now);
        let device = match (&self.limit, self.message.new_device) {
            (Some(_), true) => reached_from_device_column(p, sender, &self.message, self.now),
            _ => "CAST(0 AS BIGINT) AS device_reach".to_owned(),
        };
        let reach = audience_count(p, &self.targets, sender, None);
        format!("status, {reach} AS reach, {recent}, {device}")
    }

    /// Decides the job on what the transaction read: the status it is stored with, or why
    /// it is refused. A pupil or parent crossing the recipients-per-hour limit turns the
    /// message into a blocked one.
    pub(crate) fn decide(&mut self, state: &SenderState) -> Result<MessageStatus> {
        self.reach = state.reach;
        if let Some(limit) = &self.limit {
            // The account was checked before the transaction; if it was locked since (a
            // threat of its own written just before, an incident response, a moderator),
            // nothing more goes out of it. A threat is still kept as evidence.
            if AccountStatus::from_stored(&state.status) != AccountStatus::Active {
                return Err(StoreError::Forbidden);
            }
            if self.message.new_device {
                if let Err(refusal) = check_new_device_reach(state.device_reach, self.reach) {
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
            match check_rate(limit, state.recent, self.reach) {
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
        Ok(match self.screening.verdict {
            Verdict::Allow => MessageStatus::Delivered,
            Verdict::Hold => MessageStatus::Held,
            Verdict::Block => MessageStatus::Blocked,
        })
    }

    /// The audiences the message is addressed to, as deliveries name them.
    pub(crate) fn audiences(&self) -> Vec<String> {
        self.targets.iter().map(ToString::to_string).collect()
    }

    /// Adds to `script` every write of a decided job but the lock of a blocked sender: the
    /// message, the sender's counters, its delivery if it is clean, its audit entry after
    /// `head`; and to `entries` its listing entry, for the caller to write after it.
    pub(crate) fn writes(
        &self,
        script: &mut Script,
        entries: &mut Entries,
        head: &mut ChainHead,
        status: MessageStatus,
    ) {
        let stored = self.stored(status);
        insert_message(script, entries, &stored, "", self.now);
        let sender = script.params.text(self.account.id.as_str());
        count_sent(script, &sender, self.reach, self.now);
        if status == MessageStatus::Delivered {
            deliver(
                script,
                &self.id,
                &self.targets,
                self.targets.len(),
                Some(&self.account.id),
                self.now,
            );
        }
        let evidence = Evidence::of(&stored, &self.message.origin);
        head.append(
            script,
            &message_event(&self.school, &evidence, audit_kind(status), self.now),
        );
    }

    /// What the sender is told once the job is written with `status`.
    pub(crate) fn outcome(&self, status: MessageStatus) -> SendOutcome {
        let id = self.id.clone();
        match status {
            MessageStatus::Delivered => SendOutcome::Delivered {
                id,
                recipients: self.reach,
            },
            MessageStatus::Held => SendOutcome::Held { id },
            _ => SendOutcome::Blocked { id },
        }
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
        let mut write = Script::default();
        let mut entries = Entries::default();
        insert_message(&mut write, &mut entries, &stored, &note, self.now);
        entries.push(&mut write);
        write.run(tx).await?;
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

/// The column that reads how many people the sender bound as `sender` reached from this
/// message's device in the last day (`device_reach`), for a script's `SELECT`.
fn reached_from_device_column(
    p: &mut Params,
    sender: &str,
    message: &OutgoingMessage,
    now: Timestamp,
) -> String {
    let since = p.int(now.plus_seconds(-NEW_DEVICE_SECONDS).0);
    let device = p.text(message.origin.device.clone().unwrap_or_default());
    format!(
        "(SELECT CAST(COALESCE(SUM(recipient_count), 0) AS BIGINT) FROM messages \
         WHERE sender_id = {sender} AND created_at > {since} AND status <> 'draft' \
         AND COALESCE(sender_device, '') = {device}) AS device_reach"
    )
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

/// Adds to `script` what stores the message, its files, and the sender's own copy (in
/// "sent", or "drafts"), with `note` (why a draft was kept); and to `entries` its listing
/// entry, for the caller to write after it.
fn insert_message(
    script: &mut Script,
    entries: &mut Entries,
    m: &Stored<'_>,
    note: &str,
    now: Timestamp,
) {
    let origin = &m.message.origin;
    let p = &mut script.params;
    let id = p.text(m.id.as_str());
    let sender = p.text(m.sender.id.as_str());
    let at = p.int(now.0);
    let values = [
        id.clone(),
        p.text(m.thread.as_str()),
        p.text(m.school.as_str()),
        sender.clone(),
        p.text(m.message.content.subject()),
        p.text(m.message.content.body()),
        p.text(serde_json::to_string(m.labels).unwrap_or_else(|_| "[]".to_owned())),
        p.int(i64::from(m.reach)),
        p.text(m.status.as_str()),
        p.text(m.screening.verdict.as_str()),
        p.text(serde_json::to_string(&m.screening.reasons).unwrap_or_else(|_| "[]".to_owned())),
        p.text(note),
        p.text(origin.ip.as_str()),
        p.optional_text(origin.session.as_ref().map(|s| s.as_str().to_owned())),
        p.optional_text(origin.device.clone()),
        p.text(origin.user_agent.as_str()),
        at.clone(),
    ];
    script.push(format!(
        "INSERT INTO messages (id, thread_id, school_id, sender_id, subject, body, recipients, \
         recipient_count, status, verdict, reasons, note, sender_ip, sender_session, \
         sender_device, user_agent, created_at, kind) VALUES ({}, 'message')",
        values.join(", ")
    ));
    for (position, file) in m.message.attachments.iter().enumerate() {
        let p = &mut script.params;
        let values = [
            id.clone(),
            p.int(i64::try_from(position).unwrap_or(i64::MAX)),
            p.text(file.name.as_str()),
            p.text(file.digest.as_str()),
            p.int(file.size),
            p.text(file.content_type.as_str()),
        ];
        script.push(format!(
            "INSERT INTO message_attachments (message_id, position, name, digest, size, content_type) \
             VALUES ({})",
            values.join(", ")
        ));
    }
    entries.add(&EntryHead {
        id: m.id,
        thread_id: m.thread,
        sender: EntrySender {
            id: Some(&m.sender.id),
            name: &m.sender.name,
            role: Some(m.sender.role),
        },
        subject: m.message.content.subject(),
        recipients: m.labels,
        kind: "message",
        attachments: m.message.attachments.len(),
    });
    let folder = if m.status == MessageStatus::Draft {
        "drafts"
    } else {
        "sent"
    };
    script.push(format!(
        "INSERT INTO mailbox (user_id, message_id, folder, delivered_at, read_at) \
         VALUES ({sender}, {id}, '{folder}', {at}, {at})"
    ));
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
        "DELETE FROM mailbox_entries WHERE message_id = $1 \
         AND EXISTS (SELECT 1 FROM messages WHERE id = $1 AND status = 'draft')",
        "DELETE FROM messages WHERE id = $1 AND status = 'draft'",
    ] {
        sqlx::query(sql)
            .bind(draft.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
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
