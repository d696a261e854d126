//! Sending a message from a request: who sends, from where, on which device; shared by the
//! API and the pages. The rules themselves are in core and the store.

use crate::auth::CurrentUser;
use crate::device;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use crate::{cookies, signin};
use axum::http::HeaderMap;
use cartable_core::authz::{authorize, Action};
use cartable_core::messaging::{MessageContent, Recipient};
use cartable_core::MessageId;
use cartable_store::messaging::{Attachment, Moderator, Origin, OutgoingMessage, SendOutcome};
use cartable_store::{BlobDigest, ContentKind};
use std::net::IpAddr;

/// What a request says about where it comes from, kept with the message as evidence.
pub fn origin(state: &AppState, session: &CurrentUser, ip: IpAddr, headers: &HeaderMap) -> Origin {
    let device = cookies::get(headers, cookies::DEVICE)
        .and_then(|v| device::read_device(&state.signer, v))
        .map(str::to_owned);
    Origin {
        session: Some(session.0.info.session_id.clone()),
        ip: ip.to_string(),
        device,
        user_agent: signin::user_agent(headers),
    }
}

/// Who moderates, from where: the audit log's actor for a decision, a switch or an
/// incident response.
pub fn moderator(session: &CurrentUser, ip: IpAddr) -> WebResult<Moderator> {
    Ok(Moderator {
        user: session.account()?,
        ip: ip.to_string(),
        session: Some(session.0.info.session_id.clone()),
    })
}

/// A message id from a path; anything else is "not found", like a message one may not see.
pub fn message_id(text: &str) -> WebResult<MessageId> {
    text.parse().map_err(|_| WebError::NotFound)
}

/// A message as parsed from a request, before the rules.
pub struct Compose {
    /// Recipients as written.
    pub to: Vec<String>,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// Files already stored.
    pub attachments: Vec<Attachment>,
    /// The message answered, as written.
    pub reply_to: Option<String>,
    /// The draft this message replaces, as written.
    pub draft: Option<String>,
}

/// How much of each attached text file the screening reads.
const SCREENED_BYTES_PER_FILE: u64 = 64 * 1024;

/// The beginning of every plain-text file among `files`, for the screening.
async fn text_of_files(state: &AppState, files: &[Attachment]) -> WebResult<String> {
    let mut text = String::new();
    for file in files {
        if ContentKind::for_mime(&file.content_type) != Some(ContentKind::PlainText) {
            continue;
        }
        let digest = BlobDigest::parse(&file.digest).map_err(|_| WebError::Internal)?;
        let content = state
            .blobs
            .read_text(&digest, SCREENED_BYTES_PER_FILE)
            .await
            .map_err(|_| WebError::Internal)?;
        text.push_str(&content);
        text.push('\n');
    }
    Ok(text)
}

/// Parses, authorises and sends a message; on a block, drops the sender's sessions from this
/// node's cache at once (other nodes follow within a second).
pub async fn send(
    state: &AppState,
    session: &CurrentUser,
    compose: Compose,
    origin: Origin,
) -> WebResult<SendOutcome> {
    let info = &session.0.info;
    let user = session.account()?;
    let school = session.0.profile.school_id.clone();
    let to = compose
        .to
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| t.parse::<Recipient>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| WebError::InvalidInput(e.to_string()))?;
    if to.is_empty() {
        return Err(WebError::InvalidInput(
            "the message has no recipient".into(),
        ));
    }
    let content = MessageContent::new(&compose.subject, &compose.body)?;
    let id = |text: &Option<String>| -> WebResult<Option<MessageId>> {
        text.as_deref()
            .filter(|t| !t.is_empty())
            .map(|t| t.parse::<MessageId>().map_err(|_| WebError::NotFound))
            .transpose()
    };
    let attached_text = text_of_files(state, &compose.attachments).await?;
    let message = OutgoingMessage {
        to,
        content,
        attachments: compose.attachments,
        attached_text,
        reply_to: id(&compose.reply_to)?,
        replaces_draft: id(&compose.draft)?,
        origin,
        new_device: info.on_new_device(state.now()),
    };
    let permit = authorize(&info.actor, Action::SendMessages(school))?;
    let (outcome, lockdown) = state
        .store
        .send_message(&permit, &user, &info.actor.schools, message, state.now())
        .await?;
    if !lockdown.ended_sessions.is_empty() {
        state.sessions.forget_sessions(&lockdown.ended_sessions);
        tracing::warn!(user = %user, "account locked after a blocked message");
    }
    Ok(outcome)
}
