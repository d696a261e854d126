//! The messaging API's bodies, for the OpenAPI document.

use cartable_store::messaging::{
    Attachment, MailboxEntry, MessageView, ModerationItem, RecipientLabel, SenderRef,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// `POST /api/v1/messages`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendRequest {
    /// Recipients: `user:<id>`, `class:<id>`, `class-parents:<id>`, `class-teachers:<id>`,
    /// `group:<id>`, `school:<id>`.
    pub to: Vec<String>,
    /// Subject (up to 200 characters).
    pub subject: String,
    /// Body (up to 20,000 characters).
    pub body: String,
    /// The message this one answers: the reply joins its thread.
    #[serde(default)]
    pub reply_to: Option<String>,
}

/// What became of a message sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct SendResponse {
    /// The message's id.
    pub id: String,
    /// `delivered`, `held` (waiting for a moderator), `blocked` (stopped; the account is
    /// locked) or `draft` (outside sending hours; kept in drafts).
    pub status: String,
    /// For `delivered`: how many inboxes received it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipients: Option<u32>,
    /// For `draft`: when sending opens (Unix seconds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sendable_at: Option<i64>,
}

/// `GET /api/v1/messages` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MailboxQuery {
    /// `inbox` (default), `sent`, `drafts` or `trash`.
    pub folder: Option<String>,
    /// Only messages whose subject or body holds this text.
    pub q: Option<String>,
    /// Page, from 0.
    pub page: Option<i64>,
}

/// Who wrote a message.
#[derive(Debug, Serialize, ToSchema)]
pub struct SenderDto {
    /// Their account id; absent for Cartable's own alerts and notices.
    pub id: Option<String>,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Option<String>,
}

impl From<&SenderRef> for SenderDto {
    fn from(s: &SenderRef) -> SenderDto {
        SenderDto {
            id: s.id.as_ref().map(ToString::to_string),
            name: s.name.clone(),
            role: s.role.map(|r| r.as_str().to_owned()),
        }
    }
}

/// A recipient as written, with its name.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecipientDto {
    /// As written, e.g. `class:<id>`.
    pub to: String,
    /// Its name.
    pub name: String,
}

fn recipients(labels: &[RecipientLabel]) -> Vec<RecipientDto> {
    labels
        .iter()
        .map(|l| RecipientDto {
            to: l.to.to_string(),
            name: l.name.clone(),
        })
        .collect()
}

/// A line of a mailbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct MailboxEntryDto {
    /// The message.
    pub id: String,
    /// Its thread.
    pub thread_id: String,
    /// Who wrote it.
    pub sender: SenderDto,
    /// Subject.
    pub subject: String,
    /// Recipients as written.
    pub recipients: Vec<RecipientDto>,
    /// When it reached the mailbox (Unix seconds).
    pub at: i64,
    /// Whether it was read.
    pub read: bool,
    /// `delivered`, `held`, `blocked`, `rejected`, `recalled`, `draft`.
    pub status: String,
    /// `message`, `alert` (to staff) or `notice` (about one's own account).
    pub kind: String,
    /// Number of files.
    pub attachments: u32,
}

impl From<&MailboxEntry> for MailboxEntryDto {
    fn from(e: &MailboxEntry) -> MailboxEntryDto {
        MailboxEntryDto {
            id: e.id.to_string(),
            thread_id: e.thread_id.to_string(),
            sender: (&e.sender).into(),
            subject: e.subject.clone(),
            recipients: recipients(&e.recipients),
            at: e.at.0,
            read: e.read,
            status: e.status.as_str().to_owned(),
            kind: e.kind.clone(),
            attachments: e.attachments,
        }
    }
}

/// A page of a mailbox folder.
#[derive(Debug, Serialize, ToSchema)]
pub struct MailboxDto {
    /// The folder.
    pub folder: String,
    /// Newest first.
    pub messages: Vec<MailboxEntryDto>,
    /// Unread messages in the inbox, counted up to 99 (99 means "99 or more").
    pub unread: i64,
}

/// A file of a message.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentDto {
    /// Its position on the message (for the download address).
    pub position: usize,
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub size: i64,
    /// Type, detected from the content.
    pub content_type: String,
}

fn attachments(files: &[Attachment]) -> Vec<AttachmentDto> {
    files
        .iter()
        .enumerate()
        .map(|(position, a)| AttachmentDto {
            position,
            name: a.name.clone(),
            size: a.size,
            content_type: a.content_type.clone(),
        })
        .collect()
}

/// A message as its reader sees it, with the thread it belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageDto {
    /// The message.
    pub id: String,
    /// Its thread.
    pub thread_id: String,
    /// Who wrote it.
    pub sender: SenderDto,
    /// Subject.
    pub subject: String,
    /// Body (plain text).
    pub body: String,
    /// Recipients as written.
    pub recipients: Vec<RecipientDto>,
    /// When it was written (Unix seconds).
    pub created_at: i64,
    /// Where it stands.
    pub status: String,
    /// Why it is a draft, if it is one.
    pub note: String,
    /// `message`, `alert` or `notice`.
    pub kind: String,
    /// The folder of mine that holds it.
    pub folder: String,
    /// Files.
    pub attachments: Vec<AttachmentDto>,
    /// The thread's messages in my mailbox, oldest first.
    pub thread: Vec<MailboxEntryDto>,
}

impl MessageDto {
    /// The view of a message and its thread.
    pub fn new(m: &MessageView, thread: &[MailboxEntry]) -> MessageDto {
        MessageDto {
            id: m.id.to_string(),
            thread_id: m.thread_id.to_string(),
            sender: (&m.sender).into(),
            subject: m.subject.clone(),
            body: m.body.clone(),
            recipients: recipients(&m.recipients),
            created_at: m.created_at.0,
            status: m.status.as_str().to_owned(),
            note: m.note.clone(),
            kind: m.kind.clone(),
            folder: m.folder.as_str().to_owned(),
            attachments: attachments(&m.attachments),
            thread: thread.iter().map(MailboxEntryDto::from).collect(),
        }
    }
}

/// `POST /api/v1/messages/{id}/report`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// What is wrong with the message (optional, up to 1,000 characters).
    #[serde(default)]
    pub comment: String,
}

/// `POST /api/v1/messages/{id}/trash`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrashRequest {
    /// `true` to put in the trash, `false` to take it back out.
    pub trashed: bool,
}

/// A message on the moderation page, with the evidence.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModerationItemDto {
    /// The message.
    pub id: String,
    /// Who wrote it.
    pub sender: SenderDto,
    /// Their login.
    pub sender_login: String,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// Recipients as written.
    pub recipients: Vec<RecipientDto>,
    /// People it reaches.
    pub recipient_count: i64,
    /// `held`, `blocked`, `delivered` (reported)…
    pub status: String,
    /// The screening's verdict.
    pub verdict: String,
    /// The screening's reasons: `[{"rule", "words"}]`.
    #[schema(value_type = Object)]
    pub reasons: serde_json::Value,
    /// The sender's address.
    pub ip: String,
    /// The sender's device id.
    pub device: Option<String>,
    /// The sender's browser.
    pub user_agent: String,
    /// When it was written (Unix seconds).
    pub created_at: i64,
    /// Open reports: who reported and what they said.
    pub reports: Vec<ReportDto>,
}

/// A report on a message.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportDto {
    /// Who reported it.
    pub by: String,
    /// What they said.
    pub comment: String,
}

impl From<&ModerationItem> for ModerationItemDto {
    fn from(m: &ModerationItem) -> ModerationItemDto {
        ModerationItemDto {
            id: m.id.to_string(),
            sender: (&m.sender).into(),
            sender_login: m.sender_login.clone(),
            subject: m.subject.clone(),
            body: m.body.clone(),
            recipients: recipients(&m.recipients),
            recipient_count: m.recipient_count,
            status: m.status.as_str().to_owned(),
            verdict: m.verdict.clone(),
            reasons: serde_json::from_str(&m.reasons).unwrap_or_default(),
            ip: m.ip.clone(),
            device: m.device.clone(),
            user_agent: m.user_agent.clone(),
            created_at: m.created_at.0,
            reports: m
                .reports
                .iter()
                .map(|(by, comment)| ReportDto {
                    by: by.clone(),
                    comment: comment.clone(),
                })
                .collect(),
        }
    }
}

/// `POST /api/v1/schools/{school_id}/moderation/{message_id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// `release` (a held message), `reject` (a held message), `recall` (a delivered
    /// message, from every mailbox) or `dismiss` (close its reports).
    pub decision: String,
}

/// What a moderation decision did.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionResponse {
    /// The message's new status.
    pub status: String,
    /// Mailboxes reached (delivered to, or recalled from).
    pub mailboxes: u64,
}

/// `PUT /api/v1/schools/{school_id}/messaging/switches` and the academy-wide form.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SwitchesDto {
    /// Roles whose sending is off; empty turns messaging back on.
    pub off_for: Vec<String>,
    /// Shown to everyone on a banner; required when turning something off.
    #[serde(default)]
    pub reason: String,
}

/// `POST /api/v1/schools/{school_id}/incident` and the academy-wide form.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentRequest {
    /// Roles whose sessions end and whose passwords must change (e.g. `["pupil", "parent"]`).
    pub roles: Vec<String>,
}

/// What an incident response did.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentResponseDto {
    /// Schools it covered.
    pub schools: usize,
    /// Accounts whose sessions ended and that need a new password.
    pub accounts: u64,
    /// Sessions ended.
    pub sessions: u64,
}

/// `POST /api/v1/groups`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGroupRequest {
    /// Its name (up to 40 characters).
    pub name: String,
    /// Account ids of its members: people the creator may write to one by one.
    pub members: Vec<String>,
}

/// One of my groups.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupDto {
    /// The group; write to it as `group:<id>`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// How many members it has.
    pub members: i64,
}
