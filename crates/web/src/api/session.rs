//! The API of my own account: sign in and out, who am I, my sessions.

use super::dto::{ErrorBody, ProfileDto, SessionDto, SignInRequest};
use super::json::ApiJson;
use crate::auth::{ClientIp, CurrentUser};
use crate::error::{WebError, WebResult};
use crate::signin::{self, Attempt};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use cartable_core::authz::{authorize, Action};
use cartable_core::SessionId;

fn json_bytes(bytes: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

/// Signs in with a login and a password; the session comes back as an HttpOnly cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in; `Set-Cookie: cartable_session`", body = ProfileDto),
        (status = 401, description = "Wrong login or password, or account not active", body = ErrorBody),
        (status = 429, description = "Too many failures; see Retry-After", body = ErrorBody),
        (status = 503, description = "Too many sign-ins at once; see Retry-After", body = ErrorBody),
    ))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignInRequest>,
) -> WebResult<Response> {
    let attempt = Attempt {
        login: body.login,
        password: body.password,
        stay_signed_in: body.stay_signed_in,
    };
    let signed_in = signin::sign_in(&state, attempt, ip, &headers).await?;
    let session = state
        .sessions
        .resolve(&state.store, &signed_in.token, state.now())
        .await?
        .ok_or(WebError::Internal)?;
    let mut response = json_bytes(session.me_json.clone());
    for cookie in signed_in.set_cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Signs out: the session ends and its cookie is cleared.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204, description = "Signed out (also when there was no session)")))]
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> WebResult<Response> {
    let clear = signin::sign_out(&state, &headers).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

/// Who I am. Served from the session cache: no database work.
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses(
        (status = 200, description = "My profile", body = ProfileDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn me(CurrentUser(session): CurrentUser) -> Response {
    json_bytes(session.me_json.clone())
}

/// My live sessions, the current one marked.
#[utoipa::path(get, path = "/api/v1/sessions", tag = "session",
    responses(
        (status = 200, description = "My sessions", body = [SessionDto]),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
) -> WebResult<Json<Vec<SessionDto>>> {
    authorize(&session.info.actor, Action::UseOwnAccount)?;
    let user = session.user().ok_or(WebError::Forbidden)?;
    let rows = state.store.list_sessions(user, state.now()).await?;
    Ok(Json(
        rows.iter()
            .map(|row| SessionDto::new(row, row.id == session.info.session_id))
            .collect(),
    ))
}

/// Ends one of my sessions (someone else's id is not found).
#[utoipa::path(delete, path = "/api/v1/sessions/{id}", tag = "session",
    params(("id" = String, Path, description = "The session's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such session of mine", body = ErrorBody),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<StatusCode> {
    authorize(&session.info.actor, Action::UseOwnAccount)?;
    revoke_own(&state, &session, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends one of the user's sessions by id, for the API and the sessions page.
pub async fn revoke_own(
    state: &AppState,
    session: &crate::session_cache::CachedSession,
    id: &str,
) -> WebResult<()> {
    let id: SessionId = id.parse().map_err(|_| WebError::NotFound)?;
    let user = session.user().ok_or(WebError::Forbidden)?;
    if !state.store.revoke_session(user, &id, state.now()).await? {
        return Err(WebError::NotFound);
    }
    state.sessions.forget_session(&id);
    Ok(())
}
