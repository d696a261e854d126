//! The mailbox API: send, list, read, report, trash.

use super::dto::ErrorBody;
use super::json::ApiJson;
use super::messages_dto::{
    MailboxDto, MailboxQuery, MessageDto, ReportRequest, SendRequest, SendResponse, TrashRequest,
};
use crate::auth::{ClientIp, CurrentUser};
use crate::error::{WebError, WebResult};
use crate::files::download::file_response;
use crate::messaging::{self, message_id, Compose};
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use cartable_store::messaging::{Folder, SendOutcome};
use cartable_store::BlobDigest;

/// Sends a message. Every recipient is checked against the school's policy; the content is
/// screened; a clean message reaches every recipient in one transaction.
#[utoipa::path(post, path = "/api/v1/messages", tag = "messages", request_body = SendRequest,
    responses(
        (status = 201, description = "Stored: delivered, held for a moderator, blocked (the account is locked), or kept in drafts outside sending hours", body = SendResponse),
        (status = 400, description = "A recipient that does not parse, an empty or too long subject or body", body = ErrorBody),
        (status = 403, description = "Recipients the policy refuses (each named in `refused`), or messaging switched off (`messaging_off`, with `reason`)", body = ErrorBody),
        (status = 429, description = "Too many messages in a minute, or recipients in an hour", body = ErrorBody),
    ))]
pub async fn send(
    State(state): State<AppState>,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SendRequest>,
) -> WebResult<(StatusCode, Json<SendResponse>)> {
    let origin = messaging::origin(&state, &session, ip, &headers);
    let compose = Compose {
        to: body.to,
        subject: body.subject,
        body: body.body,
        attachments: Vec::new(),
        reply_to: body.reply_to,
        draft: None,
    };
    let outcome = messaging::send(&state, &session, compose, origin).await?;
    let response = match outcome {
        SendOutcome::Delivered { id, recipients } => SendResponse {
            id: id.to_string(),
            status: "delivered".into(),
            recipients: Some(recipients),
            sendable_at: None,
        },
        SendOutcome::Held { id } => SendResponse {
            id: id.to_string(),
            status: "held".into(),
            recipients: None,
            sendable_at: None,
        },
        SendOutcome::Blocked { id } => SendResponse {
            id: id.to_string(),
            status: "blocked".into(),
            recipients: None,
            sendable_at: None,
        },
        SendOutcome::Deferred { id, opens_at } => SendResponse {
            id: id.to_string(),
            status: "draft".into(),
            recipients: None,
            sendable_at: Some(opens_at.0),
        },
    };
    Ok((StatusCode::CREATED, Json(response)))
}

/// A page of one of my folders, newest first, optionally searched.
#[utoipa::path(get, path = "/api/v1/messages", tag = "messages", params(MailboxQuery),
    responses(
        (status = 200, description = "The page", body = MailboxDto),
        (status = 400, description = "Unknown folder", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    session: CurrentUser,
    query: Result<Query<MailboxQuery>, QueryRejection>,
) -> WebResult<Response> {
    let Query(query) = query.map_err(|r| WebError::InvalidInput(r.body_text()))?;
    let folder_name = query.folder.as_deref().unwrap_or("inbox");
    let folder = Folder::parse(folder_name).ok_or_else(|| {
        WebError::InvalidInput("folder must be inbox, sent, drafts or trash".into())
    })?;
    let search = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if search.is_some_and(|q| q.chars().count() > 100) {
        return Err(WebError::InvalidInput(
            "search text is longer than 100 characters".into(),
        ));
    }
    let me = session.account()?;
    // The page comes from the database as JSON already (the shape of `MailboxEntryDto`,
    // built by SQLite's or PostgreSQL's JSON functions): it is sent as it is, inside the
    // `MailboxDto` around it, without parsing it again.
    let (messages, unread) = state
        .store
        .mailbox_json(&me, folder, search, query.page.unwrap_or(0))
        .await?;
    let body = format!(
        "{{\"folder\":\"{}\",\"messages\":{messages},\"unread\":{unread}}}",
        folder.as_str()
    );
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// One of my messages (marked read) with its thread.
#[utoipa::path(get, path = "/api/v1/messages/{id}", tag = "messages",
    params(("id" = String, Path, description = "The message")),
    responses(
        (status = 200, description = "The message", body = MessageDto),
        (status = 404, description = "Not in my mailbox", body = ErrorBody),
    ))]
pub async fn read(
    State(state): State<AppState>,
    session: CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Json<MessageDto>> {
    let id = message_id(&id)?;
    let me = session.account()?;
    let view = state.store.read_message(&me, &id, state.now()).await?;
    let thread = state.store.thread(&me, &view.thread_id).await?;
    Ok(Json(MessageDto::new(&view, &thread)))
}

/// Reports a message I received to the school's moderators.
#[utoipa::path(post, path = "/api/v1/messages/{id}/report", tag = "messages",
    params(("id" = String, Path, description = "The message")), request_body = ReportRequest,
    responses(
        (status = 204, description = "Reported"),
        (status = 404, description = "Not in my inbox", body = ErrorBody),
    ))]
pub async fn report(
    State(state): State<AppState>,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReportRequest>,
) -> WebResult<StatusCode> {
    let id = message_id(&id)?;
    let me = session.account()?;
    state
        .store
        .report_message(
            &me,
            &session.0.profile.school_id,
            &id,
            &body.comment,
            &ip.to_string(),
            state.now(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts one of my messages in the trash, or takes it back out.
#[utoipa::path(post, path = "/api/v1/messages/{id}/trash", tag = "messages",
    params(("id" = String, Path, description = "The message")), request_body = TrashRequest,
    responses(
        (status = 204, description = "Done"),
        (status = 404, description = "Not in my mailbox", body = ErrorBody),
    ))]
pub async fn trash(
    State(state): State<AppState>,
    session: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TrashRequest>,
) -> WebResult<StatusCode> {
    let id = message_id(&id)?;
    let me = session.account()?;
    state
        .store
        .set_trashed(&me, &id, body.trashed, state.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A file of one of my messages, streamed (with Range support).
#[utoipa::path(get, path = "/api/v1/messages/{id}/attachments/{position}", tag = "messages",
    params(("id" = String, Path, description = "The message"), ("position" = usize, Path, description = "The file's position, from 0")),
    responses(
        (status = 200, description = "The file, as an attachment"),
        (status = 206, description = "The requested range"),
        (status = 404, description = "Not in my mailbox, or no such file", body = ErrorBody),
    ))]
pub async fn attachment(
    State(state): State<AppState>,
    session: CurrentUser,
    Path((id, position)): Path<(String, usize)>,
    headers: HeaderMap,
) -> WebResult<Response> {
    let id = message_id(&id)?;
    let me = session.account()?;
    let file = state.store.my_attachment(&me, &id, position).await?;
    let digest = BlobDigest::parse(&file.digest).map_err(|_| WebError::NotFound)?;
    file_response(
        &state.blobs,
        &digest,
        &file.name,
        &file.content_type,
        &headers,
    )
    .await
}
