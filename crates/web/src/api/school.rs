//! The school's accounts for its head and staff: list, import, reset access.

use super::dto::ErrorBody;
use super::json::from_status;
use super::school_dto::{
    AccountListDto, AccountRowDto, AccountsQuery, ImportReportDto, ResetResponse,
};
use super::school_id;
use crate::account_filter::{page_count, AccountFilter, PER_PAGE};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::school_admin;
use crate::state::AppState;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use cartable_core::authz::{authorize, Action};

/// One page of a school's accounts, searched and filtered by role and class.
#[utoipa::path(get, path = "/api/v1/schools/{school_id}/accounts", tag = "school",
    params(("school_id" = String, Path, description = "The school"), AccountsQuery),
    responses(
        (status = 200, description = "One page of the accounts", body = AccountListDto),
        (status = 400, description = "A filter that does not parse", body = ErrorBody),
        (status = 403, description = "Not staff of this school", body = ErrorBody),
    ))]
pub async fn accounts(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(school): Path<String>,
    query: Result<Query<AccountsQuery>, QueryRejection>,
) -> WebResult<Json<AccountListDto>> {
    let Query(query) = query.map_err(|r| WebError::InvalidInput(r.body_text()))?;
    let school = school_id(&school)?;
    let filter = AccountFilter::parse(&query)?;
    let permit = authorize(&session.info.actor, Action::ViewSchool(school))?;
    let found = state
        .store
        .school_accounts(&permit, &filter.query())
        .await?;
    Ok(Json(AccountListDto {
        accounts: found.accounts.iter().map(AccountRowDto::from).collect(),
        total: found.total,
        page: filter.page,
        pages: page_count(found.total),
        per_page: PER_PAGE,
    }))
}

/// Imports a directory file (the CSV text is the body): all rows or none.
#[utoipa::path(post, path = "/api/v1/schools/{school_id}/import", tag = "school",
    params(("school_id" = String, Path, description = "The school")),
    request_body(content = String, content_type = "text/csv", description = "role,login,last_name,first_name,classes,children"),
    responses(
        (status = 200, description = "Imported", body = ImportReportDto),
        (status = 403, description = "Not the head of this school", body = ErrorBody),
        (status = 413, description = "Larger than 2 MB", body = ErrorBody),
        (status = 422, description = "Bad rows, each listed; nothing imported", body = ErrorBody),
    ))]
pub async fn import(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(school): Path<String>,
    body: Result<axum::body::Bytes, BytesRejection>,
) -> WebResult<Json<ImportReportDto>> {
    let school = school_id(&school)?;
    let bytes = body.map_err(|r| from_status(r.status(), r.body_text(), WebError::InvalidInput))?;
    let text = cartable_core::import::decode_directory(&bytes);
    let report = school_admin::import_text(&state, &session, school, &text).await?;
    Ok(Json(report.into()))
}

/// Gives an account a new activation code (shown once), clearing its password and ending
/// its sessions.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/reset", tag = "school",
    params(("id" = String, Path, description = "The account")),
    responses(
        (status = 200, description = "The new code", body = ResetResponse),
        (status = 403, description = "Not allowed to reset this account", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
    ))]
pub async fn reset(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Json<ResetResponse>> {
    let fresh = school_admin::reset_access(&state, &session, &id).await?;
    Ok(Json(ResetResponse {
        id: fresh.account.id.to_string(),
        login: fresh.account.login.to_string(),
        display_name: fresh.account.display_name(),
        code: fresh.code,
        expires_at: fresh.expires_at.0,
    }))
}
