//! What the messaging operations take and give back.

use cartable_core::messaging::{MessageContent, Recipient, RefusedRecipient};
use cartable_core::{MessageId, Role, SessionId, Timestamp, UserId};
use serde::Serialize;

/// Where a message stands. The wire and storage names are the lowercase variant names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageStatus {
    /// Written but not sent (or waiting for sending hours).
    Draft,
    /// In every recipient's inbox.
    Delivered,
    /// Quarantined: delivered only if a moderator releases it.
    Held,
    /// Stopped by the screening or the limits; kept as evidence, delivered to no one.
    Blocked,
    /// Held, then rejected by a moderator.
    Rejected,
    /// Delivered, then taken back from every mailbox by a moderator.
    Recalled,
}

impl MessageStatus {
    /// The storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Draft => "draft",
            MessageStatus::Delivered => "delivered",
            MessageStatus::Held => "held",
            MessageStatus::Blocked => "blocked",
            MessageStatus::Rejected => "rejected",
            MessageStatus::Recalled => "recalled",
        }
    }

    /// Reads a stored name; anything unknown reads as blocked, the safe side.
    pub fn from_stored(text: &str) -> MessageStatus {
        match text {
            "draft" => MessageStatus::Draft,
            "delivered" => MessageStatus::Delivered,
            "held" => MessageStatus::Held,
            "rejected" => MessageStatus::Rejected,
            "recalled" => MessageStatus::Recalled,
            _ => MessageStatus::Blocked,
        }
    }
}

/// Who wrote a message, as a reader sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SenderRef {
    /// Their account; `None` for Cartable's own alerts and notices.
    pub id: Option<UserId>,
    /// Their name, or "Cartable".
    pub name: String,
    /// Their role, if a person.
    pub role: Option<Role>,
}

/// Where a send came from: kept with the message and in the audit log as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// The session it was sent through.
    pub session: Option<SessionId>,
    /// The client address.
    pub ip: String,
    /// The signed device id of the browser, if it has one.
    pub device: Option<String>,
    /// The browser or app, as it says.
    pub user_agent: String,
}

/// A file attached to a message, already in the blob store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// The file name shown (sanitised).
    pub name: String,
    /// The blob's SHA-256, hex.
    pub digest: String,
    /// Its size in bytes.
    pub size: i64,
    /// Its type, as detected from its content.
    pub content_type: String,
}

impl Attachment {
    /// A file from a row with the columns `name`, `digest`, `size` and `content_type`, as
    /// every table of files (messages', homework's, hand-ins') keeps them.
    pub(crate) fn from_row(row: &sqlx::any::AnyRow) -> crate::Result<Attachment> {
        use sqlx::Row;
        Ok(Attachment {
            name: row.try_get("name")?,
            digest: row.try_get("digest")?,
            size: row.try_get("size")?,
            content_type: row.try_get("content_type")?,
        })
    }
}

/// A recipient as written, with the name it had when the message was sent (a person's
/// name, a class's name, a group's name, the school's name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RecipientLabel {
    /// As written.
    pub to: Recipient,
    /// Its name.
    pub name: String,
}

/// A message to send (or keep as a draft).
#[derive(Debug, Clone)]
pub struct OutgoingMessage {
    /// Recipients as written.
    pub to: Vec<Recipient>,
    /// Subject and body.
    pub content: MessageContent,
    /// Files, at most a few, already stored.
    pub attachments: Vec<Attachment>,
    /// What the text files among them say (the beginning of each), read from the blob
    /// store by the caller: a threat typed into a `.txt` file is screened like one typed
    /// into the body.
    pub attached_text: String,
    /// The message this one answers, if any: the reply joins its thread.
    pub reply_to: Option<MessageId>,
    /// A draft of mine this message replaces: it leaves the drafts once sent.
    pub replaces_draft: Option<MessageId>,
    /// Where it comes from.
    pub origin: Origin,
    /// Whether the session's device was first seen less than a day ago.
    pub new_device: bool,
}

/// What happened to a message sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// Delivered to this many people.
    Delivered {
        /// The message.
        id: MessageId,
        /// People whose inbox has it.
        recipients: u32,
    },
    /// Quarantined for a moderator.
    Held {
        /// The message.
        id: MessageId,
    },
    /// Stopped, kept as evidence; the sender's account is locked and staff alerted.
    Blocked {
        /// The message.
        id: MessageId,
    },
    /// Outside the sender's sending hours: kept in drafts until then.
    Deferred {
        /// The draft.
        id: MessageId,
        /// When sending opens.
        opens_at: Timestamp,
    },
}

/// Why a message was not accepted at all (nothing was stored).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendRefusal {
    /// Some recipients are not allowed for this sender; each is named.
    #[error("{} recipients are not allowed", .0.len())]
    Recipients(Vec<RefusedRecipient>),
    /// Messaging is switched off for the sender's role in this school.
    #[error("messaging is switched off: {0}")]
    SwitchedOff(String),
    /// Too many messages in the last minute; try again after this many seconds.
    #[error("too many messages; try again in {0} s")]
    TooFast(i64),
    /// More people in an hour than a teacher's or staff member's limit allows.
    #[error("too many recipients in an hour")]
    TooManyRecipients,
    /// Too many attachments, or too much in total.
    #[error("too many attachments")]
    TooManyAttachments,
    /// The message replied to is not in the sender's mailbox.
    #[error("the message you reply to is not in your mailbox")]
    UnknownThread,
}

/// A line of a mailbox listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailboxEntry {
    /// The message.
    pub id: MessageId,
    /// Its thread.
    pub thread_id: MessageId,
    /// Who wrote it.
    pub sender: SenderRef,
    /// Its subject.
    pub subject: String,
    /// The recipients as written, for "sent" and "drafts".
    pub recipients: Vec<RecipientLabel>,
    /// When it reached this mailbox.
    pub at: Timestamp,
    /// Whether I have read it.
    pub read: bool,
    /// Where it stands (for the sender's own copy: held, blocked, recalled…).
    pub status: MessageStatus,
    /// `alert`, `notice` or `message`.
    pub kind: String,
    /// Number of attachments.
    pub attachments: u32,
}

/// A mailbox folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Folder {
    /// Received.
    Inbox,
    /// Written by me and sent (or held, blocked…).
    Sent,
    /// Written, not sent.
    Drafts,
    /// Put aside; restorable.
    Trash,
}

impl Folder {
    /// Reads a folder name from a query string.
    pub fn parse(text: &str) -> Option<Folder> {
        match text {
            "inbox" => Some(Folder::Inbox),
            "sent" => Some(Folder::Sent),
            "drafts" => Some(Folder::Drafts),
            "trash" => Some(Folder::Trash),
            _ => None,
        }
    }

    /// The storage (and wire) name.
    pub fn as_str(self) -> &'static str {
        match self {
            Folder::Inbox => "inbox",
            Folder::Sent => "sent",
            Folder::Drafts => "drafts",
            Folder::Trash => "trash",
        }
    }
}

/// A message as its reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageView {
    /// The message.
    pub id: MessageId,
    /// Its thread.
    pub thread_id: MessageId,
    /// Who wrote it.
    pub sender: SenderRef,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// Recipients as written, with names.
    pub recipients: Vec<RecipientLabel>,
    /// When it was written.
    pub created_at: Timestamp,
    /// Where it stands.
    pub status: MessageStatus,
    /// Why it is a draft (sending hours), or what a moderator decided.
    pub note: String,
    /// `alert`, `notice` or `message`.
    pub kind: String,
    /// Files.
    pub attachments: Vec<Attachment>,
    /// Which folder of mine holds it.
    pub folder: Folder,
}

/// A message on the moderation page: held, reported, or blocked, with the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModerationItem {
    /// The message.
    pub id: MessageId,
    /// Who wrote it.
    pub sender: SenderRef,
    /// The sender's login.
    pub sender_login: String,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// Recipients as written, with names.
    pub recipients: Vec<RecipientLabel>,
    /// People it reaches.
    pub recipient_count: i64,
    /// Where it stands.
    pub status: MessageStatus,
    /// The screening verdict.
    pub verdict: String,
    /// The screening's reasons, as JSON.
    pub reasons: String,
    /// The sender's address.
    pub ip: String,
    /// The sender's device id, if any.
    pub device: Option<String>,
    /// The sender's browser.
    pub user_agent: String,
    /// When it was written.
    pub created_at: Timestamp,
    /// Open reports on it: (reporter name, comment).
    pub reports: Vec<(String, String)>,
}
