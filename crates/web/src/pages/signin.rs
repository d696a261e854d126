//! `/`, `/signin` and `/signout`.

use super::chrome::{render, Chrome, CsrfOnly, PageForm};
use crate::auth::{ClientIp, CurrentUser};
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::signin::{self, Attempt};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// `/`: home when signed in, the sign-in page otherwise.
pub async fn root(user: Option<CurrentUser>) -> Redirect {
    match user {
        Some(_) => Redirect::to("/home"),
        None => Redirect::to("/signin"),
    }
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    c: Chrome,
    login: String,
    error: Option<String>,
}

fn page(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
    login: String,
    error: Option<String>,
) -> WebResult<Response> {
    let (token, cookie) = csrf::anonymous_token(&state.signer, headers, state.secure_cookies);
    let mut response = render(&SignInPage {
        c: Chrome::new(lang, |t| t.signin_title, None, token),
        login,
        error,
    })?;
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `GET /signin`.
pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    user: Option<CurrentUser>,
    headers: HeaderMap,
) -> WebResult<Response> {
    if user.is_some() {
        return Ok(Redirect::to("/home").into_response());
    }
    page(&state, lang, &headers, String::new(), None)
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    stay_signed_in: Option<String>,
    #[serde(default)]
    csrf: String,
}

/// `POST /signin`: signs in and goes home, or shows the form again with what went wrong.
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PageForm(form): PageForm<SignInForm>,
) -> WebResult<Response> {
    csrf::check_anonymous(&state.signer, &headers, &form.csrf)?;
    let login = form.login.trim().to_owned();
    let attempt = Attempt {
        login: form.login,
        password: form.password,
        stay_signed_in: form.stay_signed_in.is_some(),
    };
    match signin::sign_in(&state, attempt, ip, &headers).await {
        Ok(signed_in) => {
            let mut response = Redirect::to("/home").into_response();
            for cookie in signed_in.set_cookies {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(
            error @ (WebError::InvalidCredentials | WebError::Throttled(_) | WebError::Busy(_)),
        ) => {
            let message = match error {
                WebError::Throttled(seconds) | WebError::Busy(seconds) if seconds > 0 => {
                    lang.retry_in(seconds)
                }
                _ => lang.error(error.code()).to_owned(),
            };
            let mut response = page(&state, lang, &headers, login, Some(message))?;
            *response.status_mut() = error.status();
            if let WebError::Throttled(seconds) | WebError::Busy(seconds) = error {
                if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
            }
            Ok(response)
        }
        Err(other) => Err(other),
    }
}

/// `POST /signout`: ends the session and goes to the sign-in page.
pub async fn sign_out(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    headers: HeaderMap,
    PageForm(form): PageForm<CsrfOnly>,
) -> WebResult<Response> {
    if let Some(CurrentUser(session)) = user {
        csrf::check_session(&state.signer, &session.key, &form.csrf)?;
    }
    let clear = signin::sign_out(&state, &headers).await?;
    let mut response = Redirect::to("/signin").into_response();
    response.headers_mut().append(header::SET_COOKIE, clear);
    Ok(response)
}
