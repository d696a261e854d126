//! `/activate`: the holder of an activation code chooses a password and is signed in.

use super::chrome::{render, Chrome, PageForm};
use crate::activation;
use crate::auth::ClientIp;
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::signin::open_session;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "activate.html")]
struct ActivatePage {
    c: Chrome,
    code: String,
    error: Option<&'static str>,
}

fn page(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
    code: String,
    error: Option<&'static str>,
) -> WebResult<Response> {
    let (token, cookie) = csrf::anonymous_token(&state.signer, headers, state.secure_cookies);
    let mut response = render(&ActivatePage {
        c: Chrome::new(lang, |t| t.activate_title, None, token),
        code,
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
    page(&state, lang, &headers, String::new(), None)
}

/// The activation form.
#[derive(Debug, Deserialize)]
pub struct ActivateForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    csrf: String,
}

/// `POST /activate`: activates the account and signs its holder in.
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PageForm(form): PageForm<ActivateForm>,
) -> WebResult<Response> {
    csrf::check_anonymous(&state.signer, &headers, &form.csrf)?;
    let again = |error: &'static str| -> WebResult<Response> {
        let mut response = page(&state, lang, &headers, form.code.clone(), Some(error))?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        Ok(response)
    };
    if form.password != form.confirm {
        return again(lang.text().passwords_differ);
    }
    match activation::activate(&state, &form.code, &form.password).await {
        Ok(account) => {
            let opened = open_session(&state, account, false, ip, &headers, state.now()).await?;
            let mut response = Redirect::to("/home").into_response();
            for cookie in opened.set_cookies {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(error @ (WebError::InvalidCode | WebError::WeakPassword(_))) => {
            again(lang.error(error.code()))
        }
        Err(other) => Err(other),
    }
}
