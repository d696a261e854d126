//! `/activate`: the holder of an activation code types their login and the code, chooses a
//! password and is signed in.

use super::chrome::{render, Chrome, PageForm};
use crate::activation::{self, ActivationAttempt};
use crate::auth::ClientIp;
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::signin::open_session;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "activate.html")]
struct ActivatePage {
    c: Chrome,
    login: String,
    code: String,
    error: Option<String>,
}

/// What the form shows again after a refused attempt.
struct Typed {
    login: String,
    code: String,
}

fn page(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
    typed: Typed,
    error: Option<String>,
) -> WebResult<Response> {
    let (token, cookie) = csrf::anonymous_token(&state.signer, headers, state.secure_cookies);
    let mut response = render(&ActivatePage {
        c: Chrome::new(lang, |t| t.activate_title, None, token),
        login: typed.login,
        code: typed.code,
        error,
    })?;
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `GET /activate`.
pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
) -> WebResult<Response> {
    let typed = Typed {
        login: String::new(),
        code: String::new(),
    };
    page(&state, lang, &headers, typed, None)
}

/// The activation form.
#[derive(Debug, Deserialize)]
pub struct ActivateForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    csrf: String,
}

/// `POST /activate`: activates the account and signs its holder in. Refusals show the form
/// again with the login and code as typed; a throttled client is told how long to wait.
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PageForm(form): PageForm<ActivateForm>,
) -> WebResult<Response> {
    csrf::check_anonymous(&state.signer, &headers, &form.csrf)?;
    let again = |error: String, status: StatusCode| -> WebResult<Response> {
        let typed = Typed {
            login: form.login.clone(),
            code: form.code.clone(),
        };
        let mut response = page(&state, lang, &headers, typed, Some(error))?;
        *response.status_mut() = status;
        Ok(response)
    };
    if form.password != form.confirm {
        return again(
            lang.text().passwords_differ.to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let attempt = ActivationAttempt {
        login: &form.login,
        code: &form.code,
        password: &form.password,
    };
    match activation::activate(&state, ip, attempt).await {
        Ok(account) => {
            let opened = open_session(&state, account, false, ip, &headers, state.now()).await?;
            let mut response = Redirect::to("/home").into_response();
            for cookie in opened.set_cookies {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(WebError::Throttled(seconds)) => {
            let mut response = again(lang.retry_in(seconds), StatusCode::TOO_MANY_REQUESTS)?;
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
        Err(error @ (WebError::InvalidCode | WebError::WeakPassword(_))) => {
            again(lang.error(error.code()).to_owned(), error.status())
        }
        Err(other) => Err(other),
    }
}
