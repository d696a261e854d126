//! `GET/PUT /api/v1/shield`: the state of this node's shield, and the administrator's switch
//! of the under-attack mode.

use super::dto::ErrorBody;
use super::json::ApiJson;
use crate::auth::{ClientIp, CurrentUser};
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use cartable_core::authz::{authorize, Action};
use cartable_shield::AttackSetting;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the shield is doing on this node.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShieldDto {
    /// `off`, `on` or `auto`: the administrator's choice for the under-attack mode.
    pub attack_mode: String,
    /// Whether anonymous browsers must solve a proof of work right now.
    pub under_attack: bool,
    /// Leading zero bits a challenge asks for.
    pub pow_difficulty: u8,
    /// The adaptive concurrency limit now.
    pub concurrency_limit: usize,
    /// Requests being served now.
    pub in_flight: usize,
    /// Browsers in the waiting rooms, signed-in users and newcomers together.
    pub waiting: u64,
}

/// The administrator's switch.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AttackModeRequest {
    /// `off`, `on` or `auto`.
    pub attack_mode: String,
}

fn permitted(session: &CurrentUser) -> WebResult<()> {
    authorize(&session.0.info.actor, Action::OperateShield)?;
    Ok(())
}

fn describe(state: &AppState) -> WebResult<Json<ShieldDto>> {
    let shield = state.shield.as_ref().ok_or(WebError::NotFound)?;
    Ok(Json(ShieldDto {
        attack_mode: shield.attack.setting().as_str().to_owned(),
        under_attack: shield.attack.is_active(state.now()),
        pow_difficulty: shield.pow_difficulty,
        concurrency_limit: shield.admission.limit(),
        in_flight: shield.admission.in_flight(),
        waiting: shield.newcomers.waiting() + shield.signed_in.waiting(),
    }))
}

/// This node's shield: the under-attack mode, the concurrency limit, the waiting room.
#[utoipa::path(get, path = "/api/v1/shield", tag = "shield",
    responses(
        (status = 200, description = "The shield's state on this node", body = ShieldDto),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "This node runs without the shield", body = ErrorBody),
    ))]
pub async fn show(
    State(state): State<AppState>,
    session: CurrentUser,
) -> WebResult<Json<ShieldDto>> {
    permitted(&session)?;
    describe(&state)
}

/// Switches the under-attack mode: `on` (every anonymous browser proves its work), `off`, or
/// `auto` (on while anonymous traffic floods).
#[utoipa::path(put, path = "/api/v1/shield", tag = "shield",
    request_body = AttackModeRequest,
    responses(
        (status = 200, description = "Switched", body = ShieldDto),
        (status = 400, description = "Not off, on or auto", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
    ))]
pub async fn switch(
    State(state): State<AppState>,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<AttackModeRequest>,
) -> WebResult<Json<ShieldDto>> {
    permitted(&session)?;
    let setting = AttackSetting::parse(&body.attack_mode).ok_or_else(|| {
        WebError::InvalidInput("attack_mode must be \"off\", \"on\" or \"auto\"".into())
    })?;
    let shield = state.shield.as_ref().ok_or(WebError::NotFound)?;
    shield.attack.set(setting);
    tracing::warn!(
        mode = setting.as_str(),
        by = ?session.0.user(),
        %ip,
        "under-attack mode switched"
    );
    describe(&state)
}
