//! `/password`: changing my own password — and the one page a session may reach while an
//! incident response requires a new password (see `auth`).
//!
//! The current password is checked like a sign-in (throttled per account, verified in the
//! hashing pool), the new one against the NIST policy like an activation. A change ends my
//! other sessions: whoever else held the old password is out.

use super::chrome::{render, Chrome, Fields, PageForm};
use crate::auth::CurrentUser;
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cartable_core::password::{self, NewPassword};
use cartable_shield::ThrottleKey;
use rand::rngs::OsRng;

/// Longest password checked; longer ones cannot be valid (the policy stops at 128).
const MAX_PASSWORD_BYTES: usize = 1024;

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    c: Chrome,
    error: Option<String>,
    done: bool,
}

fn page(
    state: &AppState,
    lang: Lang,
    session: &CurrentUser,
    error: Option<(String, StatusCode)>,
    done: bool,
) -> WebResult<Response> {
    let status = error.as_ref().map(|(_, status)| *status);
    let mut response = render(&PasswordPage {
        c: Chrome::signed_in(state, lang, |t| t.m.password_title, &session.0),
        error: error.map(|(text, _)| text),
        done,
    })?;
    if let Some(status) = status {
        *response.status_mut() = status;
    }
    Ok(response)
}

/// `GET /password`.
pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    session: CurrentUser,
) -> WebResult<Response> {
    page(&state, lang, &session, None, false)
}

/// Whether `typed` is the account's current password; throttled like a sign-in, so a stolen
/// session cannot be used to guess it.
async fn current_password_matches(
    state: &AppState,
    session: &CurrentUser,
    typed: &str,
) -> WebResult<bool> {
    let login = session.0.info.login.clone();
    let keys = [ThrottleKey::Account(login.as_str().to_owned())];
    let now = state.now();
    if let Err(retry) = state.throttle.begin(&keys, now) {
        return Err(WebError::Throttled(retry.seconds.max(1)));
    }
    let stored = state
        .store
        .account_by_login(&login)
        .await?
        .and_then(|account| account.password_hash)
        .unwrap_or_else(|| password::decoy_hash().to_owned());
    let typed = typed.to_owned();
    let verified = typed.len() <= MAX_PASSWORD_BYTES
        && match state
            .hash_pool
            .run(move || password::verify(&typed, &stored))
            .await
        {
            Ok(verified) => verified,
            Err(error) => {
                state.throttle.give_back(&keys);
                return Err(error);
            }
        };
    if verified {
        state.throttle.record_success(&keys);
    }
    Ok(verified)
}

/// `POST /password` (`csrf`, `current`, `password`, `confirm`).
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    session: CurrentUser,
    PageForm(form): PageForm<Fields>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.0.key, form.first("csrf"))?;
    let again = |text: String, status: StatusCode| {
        page(&state, lang, &session, Some((text, status)), false)
    };
    let new = form.first("password");
    if new != form.first("confirm") {
        return again(
            lang.text().passwords_differ.to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let chosen = match NewPassword::parse(new, &session.0.info.login) {
        Ok(chosen) => chosen,
        Err(weak) => {
            return again(
                lang.error(weak.code()).to_owned(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    };
    match current_password_matches(&state, &session, form.first("current")).await {
        Ok(true) => {}
        Ok(false) => {
            return again(
                lang.messaging().wrong_password.to_owned(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(WebError::Throttled(seconds)) => {
            return again(lang.retry_in(seconds), StatusCode::TOO_MANY_REQUESTS)
        }
        Err(other) => return Err(other),
    }
    let hashed = state
        .hash_pool
        .run(move || password::hash(chosen.expose(), &mut OsRng))
        .await?
        .map_err(|error| {
            tracing::error!(%error, "password hashing failed");
            WebError::Internal
        })?;
    let user = session.account()?;
    state.store.change_password(&user, &hashed).await?;
    let now = state.now();
    let current = &session.0.info.session_id;
    let mut ended = Vec::new();
    for other in state.store.list_sessions(&user, now).await? {
        if other.id != *current && state.store.revoke_session(&user, &other.id, now).await? {
            ended.push(other.id);
        }
    }
    state.sessions.forget_sessions(&ended);
    page(&state, lang, &session, None, true)
}
