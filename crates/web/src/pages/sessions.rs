//! `/sessions`: my sessions, and revoking one.

use super::chrome::{datetime, render, Chrome, CsrfOnly, PageForm};
use crate::api::session::revoke_own;
use crate::auth::CurrentUser;
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use cartable_core::authz::{authorize, Action};

struct SessionLine {
    id: String,
    device: String,
    ip: String,
    opened: String,
    last_seen: String,
    expires: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "sessions.html")]
struct SessionsPage {
    c: Chrome,
    sessions: Vec<SessionLine>,
}

/// `GET /sessions`.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
) -> WebResult<Response> {
    authorize(&session.info.actor, Action::UseOwnAccount)?;
    let user = session.user().ok_or(WebError::Forbidden)?;
    let rows = state.store.list_sessions(user, state.now()).await?;
    let sessions = rows
        .iter()
        .map(|row| SessionLine {
            id: row.id.to_string(),
            device: if row.user_agent.is_empty() {
                "?".to_owned()
            } else {
                row.user_agent.clone()
            },
            ip: row.ip.clone(),
            opened: datetime(row.created_at),
            last_seen: datetime(row.last_seen_at),
            expires: datetime(row.expires_at),
            current: row.id == session.info.session_id,
        })
        .collect();
    render(&SessionsPage {
        c: Chrome::signed_in(&state, lang, |t| t.sessions_title, &session),
        sessions,
    })
}

/// `POST /sessions/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<CsrfOnly>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.key, &form.csrf)?;
    authorize(&session.info.actor, Action::UseOwnAccount)?;
    revoke_own(&state, &session, &id).await?;
    Ok(Redirect::to("/sessions").into_response())
}
