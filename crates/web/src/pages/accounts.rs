//! `/school/accounts`: the school's accounts for its head and staff, with "reset access".

use super::chrome::{datetime, render, Chrome, CsrfOnly, PageForm};
use crate::api::school::role_filter;
use crate::auth::CurrentUser;
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::school_admin;
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use cartable_core::authz::{authorize, Action};
use cartable_core::Role;
use serde::Deserialize;

struct AccountLine {
    id: String,
    name: String,
    login: String,
    role: &'static str,
    status: &'static str,
    class: String,
    can_reset: bool,
}

struct RoleChoice {
    value: &'static str,
    name: &'static str,
    selected: bool,
}

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    c: Chrome,
    roles: Vec<RoleChoice>,
    accounts: Vec<AccountLine>,
}

/// The role filter.
#[derive(Debug, Deserialize)]
pub struct Filter {
    role: Option<String>,
}

/// `GET /school/accounts`.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    filter: Result<Query<Filter>, QueryRejection>,
) -> WebResult<Response> {
    let Query(filter) = filter.map_err(|r| WebError::InvalidInput(r.body_text()))?;
    let actor = &session.info.actor;
    let school = session.profile.school_id.clone();
    let permit = authorize(actor, Action::ViewSchool(school.clone()))?;
    let role = role_filter(filter.role.as_deref())?;
    let rows = state.store.school_accounts(&permit, role).await?;
    let t = lang.text();
    let accounts = rows
        .iter()
        .map(|row| AccountLine {
            id: row.id.to_string(),
            name: row.display_name.clone(),
            login: row.login.to_string(),
            role: t.role(row.role),
            status: t.status(row.status),
            class: row.class.clone().unwrap_or_default(),
            can_reset: Some(&row.id) != session.user()
                && authorize(
                    actor,
                    Action::ResetAccess {
                        school: school.clone(),
                        target: row.role,
                    },
                )
                .is_ok(),
        })
        .collect();
    let roles = Role::ALL
        .iter()
        .filter(|r| **r != Role::Admin)
        .map(|r| RoleChoice {
            value: r.as_str(),
            name: t.role(*r),
            selected: role == Some(*r),
        })
        .collect();
    render(&AccountsPage {
        c: Chrome::signed_in(&state, lang, |t| t.accounts_title, &session),
        roles,
        accounts,
    })
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    c: Chrome,
    name: String,
    login: String,
    code: String,
    expires: String,
}

/// `POST /school/accounts/{id}/reset`: shows the new code once.
pub async fn reset(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<CsrfOnly>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.key, &form.csrf)?;
    let fresh = school_admin::reset_access(&state, &session, &id).await?;
    render(&ResetPage {
        c: Chrome::signed_in(&state, lang, |t| t.reset_title, &session),
        name: fresh.account.display_name(),
        login: fresh.account.login.to_string(),
        code: fresh.code,
        expires: datetime(fresh.expires_at),
    })
}
