//! `POST /api/v1/activate`: redeem an activation code and choose a password.

use super::dto::ErrorBody;
use super::json::ApiJson;
use super::school_dto::{ActivateRequest, ActivateResponse};
use crate::activation;
use crate::error::WebResult;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;

/// Activates a pending account. Password codes: `password_too_short`, `password_too_long`,
/// `password_too_common`, `password_is_login`.
#[utoipa::path(post, path = "/api/v1/activate", tag = "session", request_body = ActivateRequest,
    responses(
        (status = 200, description = "Activated: sign in with this login", body = ActivateResponse),
        (status = 422, description = "invalid_code or a password code", body = ErrorBody),
    ))]
pub async fn activate(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ActivateRequest>,
) -> WebResult<Json<ActivateResponse>> {
    let account = activation::activate(&state, &body.code, &body.password).await?;
    Ok(Json(ActivateResponse {
        display_name: account.display_name(),
        login: account.login.to_string(),
    }))
}
