//! The server-rendered pages: French first, English on request, no script, every form
//! protected against forgery.
//!
//! A layer around the pages picks the language, remembers a `?lang=` choice in a cookie, and
//! turns error responses into pages: "not signed in" becomes a redirect to `/signin`, any
//! other error a translated page with the same status.

mod accounts;
mod activate;
mod assignment;
mod chrome;
mod class_log;
mod codes;
mod compose;
mod documents;
mod documents_forms;
pub mod home;
mod import;
mod messages;
mod moderation;
mod news;
mod password;
mod policy;
mod sessions;
mod signin;
mod timetable;
mod today;
mod week;

pub use chrome::{datetime, Chrome};

use crate::cookies::{self, SameSite};
use crate::error::ErrorInfo;
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

/// How long a language choice is remembered.
const LANG_COOKIE_SECONDS: i64 = 365 * 24 * 3600;

/// The pages' routes, inside the page layer.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(signin::root))
        .route("/signin", get(signin::form).post(signin::submit))
        .route("/signout", post(signin::sign_out))
        .route("/home", get(home::page))
        .route("/today", get(today::page))
        .route("/week", get(week::page))
        .route("/today/homework/{id}/done", post(today::tick))
        .route("/class-log", get(class_log::page))
        .route(
            "/classes/{class_id}/homework",
            post(class_log::set_homework).layer(DefaultBodyLimit::max(
                crate::api::class_log::HOMEWORK_BODY_LIMIT,
            )),
        )
        .route("/homework/{id}", get(assignment::page))
        .route(
            "/homework/{id}/hand-in",
            post(assignment::hand_in)
                .layer(DefaultBodyLimit::max(crate::hand_in::HAND_IN_BODY_LIMIT)),
        )
        .route(
            "/homework/{id}/hand-ins/{pupil}/review",
            post(assignment::review),
        )
        .route("/homework/{id}/delete", post(assignment::delete))
        // The same downloads as the API's, under the page layer: errors become pages.
        .route(
            "/homework/{id}/files/{position}",
            get(crate::api::class_log::attachment),
        )
        .route(
            "/homework/{id}/hand-ins/{pupil}/files/{position}",
            get(crate::api::hand_in::file),
        )
        .route("/homework/{id}/hand-ins.zip", get(crate::api::hand_in::zip))
        .route("/sessions", get(sessions::page))
        .route("/sessions/{id}/revoke", post(sessions::revoke))
        .route("/activate", get(activate::form).post(activate::submit))
        .route("/school/accounts", get(accounts::page))
        .route("/school/accounts/{id}/reset", post(accounts::reset))
        .route(
            "/school/accounts/{id}/lock",
            get(accounts::confirm_lock).post(accounts::lock),
        )
        .route(
            "/school/import",
            get(import::form)
                .post(import::submit)
                .layer(DefaultBodyLimit::max(crate::api::IMPORT_BODY_LIMIT)),
        )
        .route(
            "/school/timetable",
            get(timetable::page)
                .post(timetable::upload)
                .layer(DefaultBodyLimit::max(crate::api::IMPORT_BODY_LIMIT)),
        )
        .route("/school/timetable/lessons/{id}", post(timetable::change))
        .route("/news", get(news::page).post(news::publish))
        .route(
            "/school/classes/{id}/codes",
            get(codes::preview).post(codes::sheet),
        )
        .route("/messages", get(messages::list))
        .route(
            "/messages/new",
            get(compose::form)
                .post(compose::submit)
                .layer(DefaultBodyLimit::max(compose::COMPOSE_BODY_LIMIT)),
        )
        .route("/messages/{id}", get(messages::view))
        .route("/messages/{id}/report", post(messages::report))
        .route("/messages/{id}/trash", post(messages::trash))
        // The same download as the API's, under the page layer: errors become pages.
        .route(
            "/messages/{id}/files/{position}",
            get(crate::api::messages::attachment),
        )
        .route("/school/moderation", get(moderation::show))
        .route("/school/moderation/{id}", post(moderation::decide))
        .route("/school/messaging-switches", post(moderation::switch))
        .route(
            "/school/incident",
            get(moderation::confirm_incident).post(moderation::respond),
        )
        .route(
            "/school/messaging-policy",
            get(policy::form).post(policy::save),
        )
        .route("/documents", get(documents::mine))
        .route("/documents/spaces/{space}", get(documents::space))
        .route("/documents/spaces/{space}/trash", get(documents::trash))
        .route(
            "/documents/spaces/{space}/folders",
            post(documents_forms::create_folder),
        )
        .route(
            "/documents/spaces/{space}/files",
            post(documents_forms::upload).layer(DefaultBodyLimit::max(
                crate::api::documents::UPLOAD_BODY_LIMIT,
            )),
        )
        .route("/documents/items/{id}", get(documents::item))
        // The same download as the API's, under the page layer: errors become pages.
        .route(
            "/documents/items/{id}/file",
            get(crate::api::documents::content),
        )
        .route(
            "/documents/items/{id}/rename",
            post(documents_forms::rename),
        )
        .route("/documents/items/{id}/move", post(documents_forms::move_to))
        .route(
            "/documents/items/{id}/delete",
            post(documents_forms::delete),
        )
        .route(
            "/documents/items/{id}/restore",
            post(documents_forms::restore),
        )
        .route("/password", get(password::form).post(password::submit))
        .layer(axum::middleware::from_fn(crate::csrf::reject_cross_site))
        .layer(axum::middleware::from_fn(page_layer))
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    message: &'static str,
    detail: Option<String>,
}

fn render_error(lang: Lang, info: &ErrorInfo, original: &Response) -> Response {
    if info.code == "not_signed_in" {
        return Redirect::to("/signin").into_response();
    }
    let detail = info.retry_after.map(|seconds| lang.retry_in(seconds));
    let page = ErrorPage {
        c: Chrome::new(lang, |t| t.error_title, None, String::new()),
        message: lang.error(info.code),
        detail,
    };
    let mut response = match chrome::render(&page) {
        Ok(response) => response,
        Err(_) => return info.status.into_response(),
    };
    *response.status_mut() = info.status;
    if let Some(retry) = original.headers().get(header::RETRY_AFTER) {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, retry.clone());
    }
    response
}

/// Renders an error response as a page, for requests outside the page router (the fallback).
pub fn error_page(request: &Request, response: Response) -> Response {
    let lang = Lang::detect(request.uri().query(), request.headers());
    match response.extensions().get::<ErrorInfo>().cloned() {
        Some(info) => render_error(lang, &info, &response),
        None => response,
    }
}

async fn page_layer(mut request: Request, next: Next) -> Response {
    let chosen = Lang::from_query(request.uri().query());
    let lang = Lang::detect(request.uri().query(), request.headers());
    request.extensions_mut().insert(lang);
    let response = next.run(request).await;
    let mut response = match response.extensions().get::<ErrorInfo>().cloned() {
        Some(info) => render_error(lang, &info, &response),
        None => response,
    };
    if let Some(chosen) = chosen {
        let cookie = cookies::set(
            cookies::LANG,
            chosen.code(),
            Some(LANG_COOKIE_SECONDS),
            SameSite::Lax,
            false,
        );
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}
