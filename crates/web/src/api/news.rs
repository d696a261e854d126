//! News: published by the head and staff to the school or a class, by teachers to their
//! classes.

use super::class_log::{CreatedDto, MAX_TEXT_CHARS, MAX_TITLE_CHARS};
use super::continuity_dto::NewsDto;
use super::dto::ErrorBody;
use super::json::ApiJson;
use crate::auth::CurrentUser;
use crate::continuity::{class_id, class_permit, invalid};
use crate::error::{WebError, WebResult};
use crate::session_cache::CachedSession;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use cartable_core::audit::{AuditEvent, AuditKind};
use cartable_core::authz::{authorize, Action};
use cartable_core::continuity::{LongText, ShortText};
use cartable_core::screening::{screen, Verdict};
use cartable_core::NewsId;
use serde::Deserialize;
use utoipa::ToSchema;

/// News to publish.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewsRequest {
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// The class it is for; none for the whole school (head and staff only).
    pub class: Option<String>,
}

/// Publishes news to my school or one class.
#[utoipa::path(post, path = "/api/v1/news", tag = "continuity", request_body = NewsRequest,
    responses(
        (status = 201, description = "Published", body = CreatedDto),
        (status = 400, description = "An empty or too long title or text", body = ErrorBody),
        (status = 403, description = "Not allowed to publish there", body = ErrorBody),
        (status = 404, description = "No such class", body = ErrorBody),
        (status = 422, description = "Wording the screening holds or blocks (`news_refused`); not published", body = ErrorBody),
    ))]
pub async fn publish(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    ApiJson(body): ApiJson<NewsRequest>,
) -> WebResult<(StatusCode, Json<CreatedDto>)> {
    let id = publish_news(&state, &session, &body).await?;
    Ok((StatusCode::CREATED, Json(CreatedDto { id: id.to_string() })))
}

/// Publishes `request` for the signed-in person, if its wording passes the screening and
/// they may publish there: the API's and the page's one way to do it.
pub async fn publish_news(
    state: &AppState,
    session: &CachedSession,
    request: &NewsRequest,
) -> WebResult<NewsId> {
    let title = ShortText::parse(&request.title, "title", MAX_TITLE_CHARS).map_err(invalid)?;
    let text = LongText::parse(&request.body, "body", MAX_TEXT_CHARS).map_err(invalid)?;
    let permit = match request.class.as_deref().filter(|c| !c.is_empty()) {
        None => authorize(
            &session.info.actor,
            Action::PublishSchoolNews(session.profile.school_id.clone()),
        )?,
        Some(class) => {
            let class = class_id(class)?;
            class_permit(state, session, &class, |school, tie| {
                Action::PublishClassNews {
                    school,
                    class: class.clone(),
                    tie,
                }
            })
            .await?
        }
    };
    // News reaches a whole class or school at once, like a message to them: what the
    // messaging screening would hold or block is not published, and (as the author may
    // publish there) kept as evidence in the school's audit chain.
    let screening = screen(
        &format!("{}\n{}", title.as_str(), text.as_str()),
        Some(session.profile.role),
    );
    if screening.verdict != Verdict::Allow {
        tracing::warn!(verdict = screening.verdict.as_str(), author = %session.profile.id, "news refused by the screening");
        let evidence = AuditEvent {
            at: state.now(),
            school: permit.school().cloned(),
            actor: Some(session.profile.id.clone()),
            ip: None,
            session: None,
            kind: AuditKind::NewsRefused,
            target: permit.class().map(ToString::to_string),
            details: serde_json::json!({
                "title": title.as_str(),
                "body": text.as_str(),
                "verdict": screening.verdict.as_str(),
                "reasons": screening.reasons,
            })
            .to_string(),
        };
        state.store.append_audit(&evidence).await?;
        return Err(WebError::NewsRefused);
    }
    let author = session.user().ok_or(WebError::Forbidden)?;
    let id = state
        .store
        .publish_news(&permit, author, &title, &text, state.now())
        .await?;
    state.class_days.written(&permit);
    Ok(id)
}

/// My school's news, newest first (the head's and staff's view of what was published).
#[utoipa::path(get, path = "/api/v1/news", tag = "continuity",
    responses(
        (status = 200, description = "The news", body = [NewsDto]),
        (status = 403, description = "Not the school's staff or head", body = ErrorBody),
    ))]
pub async fn school(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
) -> WebResult<Json<Vec<NewsDto>>> {
    let school = session.profile.school_id.clone();
    authorize(&session.info.actor, Action::ViewSchool(school.clone()))?;
    let news = state.store.school_news(&school).await?;
    Ok(Json(news.iter().map(NewsDto::from).collect()))
}
