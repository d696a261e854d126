//! `POST /api/v1/activate`: redeem an activation code and choose a password.

use super::dto::ErrorBody;
use super::json::ApiJson;
use super::school_dto::{ActivateRequest, ActivateResponse};
use crate::activation::{self, ActivationAttempt};
use crate::auth::ClientIp;
use crate::error::WebResult;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;

/// Activates a pending account from its login and its activation code, both as printed on the
/// code sheet. A wrong login, an unknown, used or expired code, or a malformed one all answer
/// `invalid_code`, without saying which part was wrong; failures are throttled per client
/// address and per login (429 with `Retry-After`). Password codes: `password_too_short`,
/// `password_too_long`, `password_too_common`, `password_is_login`.
#[utoipa::path(post, path = "/api/v1/activate", tag = "session", request_body = ActivateRequest,
    responses(
        (status = 200, description = "Activated: sign in with this login", body = ActivateResponse),
        (status = 422, description = "invalid_code (login and code do not go together) or a password code", body = ErrorBody),
        (status = 429, description = "Too many failed activations; see Retry-After", body = ErrorBody,
            headers(("Retry-After" = i64, description = "Seconds to wait before trying again"))),
    ))]
pub async fn activate(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<ActivateRequest>,
) -> WebResult<Json<ActivateResponse>> {
    let attempt = ActivationAttempt {
        login: &body.login,
        code: &body.code,
        password: &body.password,
    };
    let account = activation::activate(&state, ip, attempt).await?;
    Ok(Json(ActivateResponse {
        display_name: account.display_name(),
        login: account.login.to_string(),
    }))
}
