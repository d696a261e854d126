//! `/school/accounts`: the school's accounts for its head and staff, searched, filtered and
//! paged, with "reset access" and "lock" on the accounts the viewer may manage.

use super::chrome::{datetime, render, Chrome, CsrfOnly, PageForm};
use crate::account_filter::{page_count, AccountFilter};
use crate::api::school_dto::AccountsQuery;
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
use cartable_core::{AccountStatus, Role};

/// Where the list lives; its links and forms point here.
const PATH: &str = "/school/accounts";

struct AccountLine {
    id: String,
    name: String,
    login: String,
    role: &'static str,
    status: &'static str,
    locked: bool,
    class: String,
    can_reset: bool,
    can_lock: bool,
}

struct Choice {
    value: String,
    name: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    c: Chrome,
    search: String,
    roles: Vec<Choice>,
    classes: Vec<Choice>,
    accounts: Vec<AccountLine>,
    total: String,
    page: String,
    previous: Option<String>,
    next: Option<String>,
}

/// `GET /school/accounts?q=&role=&class=&page=`.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    query: Result<Query<AccountsQuery>, QueryRejection>,
) -> WebResult<Response> {
    let Query(query) = query.map_err(|r| WebError::InvalidInput(r.body_text()))?;
    let mut filter = AccountFilter::parse(&query)?;
    let actor = &session.info.actor;
    let school = session.profile.school_id.clone();
    let permit = authorize(actor, Action::ViewSchool(school.clone()))?;
    let mut found = state
        .store
        .school_accounts(&permit, &filter.query())
        .await?;
    let pages = page_count(found.total);
    if filter.page > pages {
        // A page past the end (the list shrank, or a hand-typed link): show the last one.
        filter.page = pages;
        found = state
            .store
            .school_accounts(&permit, &filter.query())
            .await?;
    }
    let t = lang.text();
    let may = |action: Action| authorize(actor, action).is_ok();
    let accounts = found
        .accounts
        .iter()
        .map(|row| {
            let other = Some(&row.id) != session.user();
            let locked = row.status == AccountStatus::Locked;
            AccountLine {
                id: row.id.to_string(),
                name: row.display_name.clone(),
                login: row.login.to_string(),
                role: t.role(row.role),
                status: t.status(row.status),
                locked,
                class: row.class.clone().unwrap_or_default(),
                can_reset: other
                    && may(Action::ResetAccess {
                        school: school.clone(),
                        target: row.role,
                    }),
                can_lock: other
                    && !locked
                    && may(Action::LockAccount {
                        school: school.clone(),
                        target: row.role,
                    }),
            }
        })
        .collect();
    let roles = Role::ALL
        .iter()
        .filter(|r| **r != Role::Admin)
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            name: t.role(*r).to_owned(),
            selected: filter.role == Some(*r),
        })
        .collect();
    let classes = state
        .store
        .school_classes(&permit)
        .await?
        .into_iter()
        .map(|class| Choice {
            selected: filter.class.as_ref() == Some(&class.id),
            value: class.id.to_string(),
            name: class.name,
        })
        .collect();
    render(&AccountsPage {
        c: Chrome::signed_in(&state, lang, |t| t.accounts_title, &session),
        search: filter.search.clone().unwrap_or_default(),
        roles,
        classes,
        accounts,
        total: lang.account_count(found.total),
        page: lang.page_of(filter.page, pages),
        previous: (filter.page > 1).then(|| filter.on_page(filter.page - 1).href(PATH)),
        next: (filter.page < pages).then(|| filter.on_page(filter.page + 1).href(PATH)),
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

#[derive(Template)]
#[template(path = "lock.html")]
struct LockPage {
    c: Chrome,
    id: String,
    name: String,
    login: String,
    question: String,
    done: bool,
}

/// `GET /school/accounts/{id}/lock`: asks to confirm, changes nothing.
pub async fn confirm_lock(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let (account, _) = school_admin::lockable(&state, &session, &id).await?;
    let name = account.display_name();
    render(&LockPage {
        c: Chrome::signed_in(&state, lang, |t| t.lock_title, &session),
        id: account.id.to_string(),
        question: lang.lock_question(&name),
        name,
        login: account.login.to_string(),
        done: false,
    })
}

/// `POST /school/accounts/{id}/lock`: locks the account and ends its sessions at once.
pub async fn lock(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<CsrfOnly>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.key, &form.csrf)?;
    let account = school_admin::lock_account(&state, &session, &id).await?;
    render(&LockPage {
        c: Chrome::signed_in(&state, lang, |t| t.lock_title, &session),
        id: account.id.to_string(),
        name: account.display_name(),
        login: account.login.to_string(),
        question: String::new(),
        done: true,
    })
}
