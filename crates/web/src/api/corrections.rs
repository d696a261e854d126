//! Correcting the class log: the teachers of an entry's or a homework's subject in its class
//! rewrite or delete it. A homework pupils handed work in for is not deleted (409).

use super::class_log::{write_permit, MAX_TEXT_CHARS, MAX_TITLE_CHARS};
use super::dto::ErrorBody;
use super::json::ApiJson;
use crate::auth::CurrentUser;
use crate::continuity::invalid;
use crate::error::{WebError, WebResult};
use crate::session_cache::CachedSession;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use cartable_core::authz::Permit;
use cartable_core::continuity::{LongText, ShortText};
use cartable_core::{HomeworkId, LessonId};
use serde::Deserialize;
use utoipa::ToSchema;

/// An entry's new title and text.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LessonEdit {
    /// Its title.
    pub title: String,
    /// What was done.
    pub content: String,
}

/// A homework's new instructions.
#[derive(Debug, Deserialize, ToSchema)]
pub struct HomeworkEdit {
    /// What to do.
    pub instructions: String,
}

/// The entry `id` and the permit to correct it.
async fn lesson_permit(
    state: &AppState,
    session: &CachedSession,
    id: &str,
) -> WebResult<(LessonId, Permit)> {
    let id: LessonId = id.parse().map_err(|_| WebError::NotFound)?;
    let (class, subject) = state.store.lesson_class(&id).await?;
    let permit = write_permit(state, session, &class, subject.as_str()).await?;
    Ok((id, permit))
}

/// The homework `id` and the permit to correct it.
pub async fn homework_permit(
    state: &AppState,
    session: &CachedSession,
    id: &str,
) -> WebResult<(HomeworkId, Permit)> {
    let id: HomeworkId = id.parse().map_err(|_| WebError::NotFound)?;
    let (class, subject) = state.store.homework_class(&id).await?;
    let permit = write_permit(state, session, &class, subject.as_str()).await?;
    Ok((id, permit))
}

/// Rewrites an entry's title and text.
#[utoipa::path(patch, path = "/api/v1/lessons/{lesson_id}", tag = "continuity",
    params(("lesson_id" = String, Path, description = "The entry")),
    request_body = LessonEdit,
    responses(
        (status = 204, description = "Rewritten"),
        (status = 400, description = "An empty or too long title or text", body = ErrorBody),
        (status = 403, description = "Not a teacher of the entry's subject in its class", body = ErrorBody),
        (status = 404, description = "No such entry", body = ErrorBody),
    ))]
pub async fn edit_lesson(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LessonEdit>,
) -> WebResult<StatusCode> {
    let (id, permit) = lesson_permit(&state, &session, &id).await?;
    let title = ShortText::parse(&body.title, "title", MAX_TITLE_CHARS).map_err(invalid)?;
    let content = LongText::parse(&body.content, "content", MAX_TEXT_CHARS).map_err(invalid)?;
    state
        .store
        .edit_lesson(&permit, &id, &title, &content, state.now())
        .await?;
    state.class_days.written(&permit);
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes an entry and the homework it set.
#[utoipa::path(delete, path = "/api/v1/lessons/{lesson_id}", tag = "continuity",
    params(("lesson_id" = String, Path, description = "The entry")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a teacher of the entry's subject in its class", body = ErrorBody),
        (status = 404, description = "No such entry", body = ErrorBody),
        (status = 409, description = "Pupils handed work in for its homework: nothing deleted", body = ErrorBody),
    ))]
pub async fn delete_lesson(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<StatusCode> {
    let (id, permit) = lesson_permit(&state, &session, &id).await?;
    state.store.delete_lesson(&permit, &id).await?;
    state.class_days.written(&permit);
    Ok(StatusCode::NO_CONTENT)
}

/// Rewrites a homework's instructions.
#[utoipa::path(patch, path = "/api/v1/homework/{homework_id}", tag = "continuity",
    params(("homework_id" = String, Path, description = "The homework")),
    request_body = HomeworkEdit,
    responses(
        (status = 204, description = "Rewritten"),
        (status = 400, description = "Empty or too long instructions", body = ErrorBody),
        (status = 403, description = "Not a teacher of the homework's subject in its class", body = ErrorBody),
        (status = 404, description = "No such homework", body = ErrorBody),
    ))]
pub async fn edit_homework(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<HomeworkEdit>,
) -> WebResult<StatusCode> {
    let (id, permit) = homework_permit(&state, &session, &id).await?;
    let instructions =
        LongText::parse(&body.instructions, "instructions", MAX_TEXT_CHARS).map_err(invalid)?;
    state
        .store
        .edit_homework(&permit, &id, &instructions, state.now())
        .await?;
    state.class_days.written(&permit);
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a homework, unless pupils handed work in for it.
#[utoipa::path(delete, path = "/api/v1/homework/{homework_id}", tag = "continuity",
    params(("homework_id" = String, Path, description = "The homework")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a teacher of the homework's subject in its class", body = ErrorBody),
        (status = 404, description = "No such homework", body = ErrorBody),
        (status = 409, description = "Pupils handed work in for it: nothing deleted", body = ErrorBody),
    ))]
pub async fn delete_homework(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<StatusCode> {
    remove_homework(&state, &session, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes the homework `id` for its teacher: the API's and the page's one way to do it.
pub async fn remove_homework(state: &AppState, session: &CachedSession, id: &str) -> WebResult<()> {
    let (id, permit) = homework_permit(state, session, id).await?;
    state.store.delete_homework(&permit, &id).await?;
    state.class_days.written(&permit);
    Ok(())
}
