//! `/school/import`: the head loads the directory file (upload or paste) and sees either
//! what changed or every bad line.

use super::chrome::{render, Chrome};
use crate::api::json::from_status;
use crate::auth::CurrentUser;
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::school_admin;
use crate::session_cache::CachedSession;
use crate::state::AppState;
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cartable_core::authz::{authorize, Action};
use cartable_core::import::LineError;
use cartable_store::ImportReport;

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    c: Chrome,
    text: String,
    report: Option<ImportReport>,
    lines: Vec<LineError>,
}

/// `GET /school/import`.
pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
) -> WebResult<Response> {
    authorize(
        &session.info.actor,
        Action::ImportDirectory(session.profile.school_id.clone()),
    )?;
    let c = Chrome::signed_in(&state, lang, |t| t.import_title, &session);
    render(&ImportPage {
        c,
        text: String::new(),
        report: None,
        lines: Vec::new(),
    })
}

fn multipart_error(error: axum::extract::multipart::MultipartError) -> WebError {
    from_status(error.status(), error.body_text(), WebError::InvalidInput)
}

/// A CSV file sent by a page, uploaded (`file`) or pasted (`text`), its token checked.
pub(super) struct CsvForm {
    /// What was pasted, to show again when the file is refused.
    pub(super) text: String,
    /// The file if one was chosen, else what was pasted.
    pub(super) content: String,
}

/// Reads a multipart CSV form (`csrf`, `file`, `text`) and checks its token: the directory
/// and the timetable pages' one way to take a file.
pub(super) async fn read_csv_form(
    state: &AppState,
    session: &CachedSession,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult<CsvForm> {
    let mut multipart =
        multipart.map_err(|r| from_status(r.status(), r.body_text(), WebError::InvalidInput))?;
    let (mut token, mut file, mut text) = (String::new(), String::new(), String::new());
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or("").to_owned();
        let bytes = field.bytes().await.map_err(multipart_error)?;
        let value = cartable_core::import::decode_directory(&bytes);
        match name.as_str() {
            "csrf" => token = value,
            "file" => file = value,
            "text" => text = value,
            _ => {}
        }
    }
    csrf::check_session(&state.signer, &session.key, &token)?;
    let content = if file.trim().is_empty() {
        text.clone()
    } else {
        file
    };
    Ok(CsvForm { text, content })
}

/// `POST /school/import` (multipart: `csrf`, `file`, `text`).
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult<Response> {
    let CsvForm { text, content } = read_csv_form(&state, &session, multipart).await?;
    let c = Chrome::signed_in(&state, lang, |t| t.import_title, &session);
    match school_admin::import_text(
        &state,
        &session,
        session.profile.school_id.clone(),
        &content,
    )
    .await
    {
        Ok(report) => render(&ImportPage {
            c,
            text: String::new(),
            report: Some(report),
            lines: Vec::new(),
        }),
        Err(WebError::InvalidDirectory(lines)) => {
            let mut response = render(&ImportPage {
                c,
                text,
                report: None,
                lines,
            })?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other),
    }
}
