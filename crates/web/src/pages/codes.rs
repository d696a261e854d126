//! `/school/classes/{id}/codes`: the head prints a class's activation codes. The page first
//! lists who is pending; making the sheet is a POST, because it replaces earlier codes.

use super::chrome::{datetime, render, Chrome, CsrfOnly, PageForm};
use crate::auth::CurrentUser;
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::school_admin;
use crate::session_cache::CachedSession;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use cartable_core::authz::{authorize, Action};

struct CodeLine {
    name: String,
    login: String,
    role: &'static str,
    code: String,
}

#[derive(Template)]
#[template(path = "codes.html")]
struct CodesPage {
    c: Chrome,
    class_id: String,
    class_name: String,
    lines: Vec<CodeLine>,
    sheet: bool,
    expires: String,
}

/// The class's name, checking it belongs to the viewer's school.
async fn class_name(state: &AppState, session: &CachedSession, class: &str) -> WebResult<String> {
    let permit = authorize(
        &session.info.actor,
        Action::ViewSchool(session.profile.school_id.clone()),
    )?;
    let overview = state.store.school_overview(&permit).await?;
    overview
        .classes
        .into_iter()
        .find(|c| c.class.id.as_str() == class)
        .map(|c| c.class.name)
        .ok_or(WebError::NotFound)
}

/// `GET /school/classes/{id}/codes`: who is pending, and the button.
pub async fn preview(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let rows = school_admin::code_sheet_preview(&state, &session, &id).await?;
    let class_name = class_name(&state, &session, &id).await?;
    let t = lang.text();
    let lines = rows
        .into_iter()
        .map(|row| CodeLine {
            name: row.display_name,
            login: row.login.to_string(),
            role: t.role(row.role),
            code: String::new(),
        })
        .collect();
    let c = Chrome::signed_in(&state, lang, |t| t.codes_title, &session);
    render(&CodesPage {
        c,
        class_id: id,
        class_name,
        lines,
        sheet: false,
        expires: String::new(),
    })
}

/// `POST /school/classes/{id}/codes`: fresh codes, as a printable sheet.
pub async fn sheet(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<CsrfOnly>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.key, &form.csrf)?;
    authorize(
        &session.info.actor,
        Action::PrintActivationCodes(session.profile.school_id.clone()),
    )?;
    let class_name = class_name(&state, &session, &id).await?;
    let (sheet, expires_at) = school_admin::issue_class_codes(&state, &session, &id).await?;
    let t = lang.text();
    let lines = sheet
        .into_iter()
        .map(|(row, code)| CodeLine {
            name: row.display_name,
            login: row.login.to_string(),
            role: t.role(row.role),
            code,
        })
        .collect();
    let c = Chrome::signed_in(&state, lang, |t| t.codes_title, &session);
    render(&CodesPage {
        c,
        class_id: id,
        class_name,
        lines,
        sheet: true,
        expires: datetime(expires_at),
    })
}
