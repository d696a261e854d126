//! The school's levers against abuse: the moderation queue and decisions, the messaging
//! switches and policy, and incident response. For staff, the head and academy admins.

use super::dto::ErrorBody;
use super::json::ApiJson;
use super::messages_dto::{
    DecisionRequest, DecisionResponse, IncidentRequest, IncidentResponseDto, ModerationItemDto,
    SwitchesDto,
};
use super::school_id;
use crate::auth::{ClientIp, CurrentUser};
use crate::error::{WebError, WebResult};
use crate::messaging::{message_id, moderator};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::messaging::{MessagingPolicy, MessagingSwitches};
use cartable_core::{Role, SchoolId};
use cartable_store::messaging::Decision;
use std::net::IpAddr;

fn roles(names: &[String]) -> WebResult<Vec<Role>> {
    names
        .iter()
        .map(|n| {
            n.parse::<Role>()
                .map_err(|e| WebError::InvalidInput(e.to_string()))
        })
        .collect()
}

/// One permit per school of the actor's academy (an academy admin), or of their school.
fn every_school(session: &CurrentUser, action: fn(SchoolId) -> Action) -> WebResult<Vec<Permit>> {
    let actor = &session.0.info.actor;
    if actor.schools.is_empty() {
        return Err(WebError::Forbidden);
    }
    actor
        .schools
        .iter()
        .map(|s| authorize(actor, action(s.clone())).map_err(WebError::from))
        .collect()
}

/// The school's moderation queue: held messages, reported ones, blocked ones, with the
/// evidence (sender, address, device, the screening's reasons).
#[utoipa::path(get, path = "/api/v1/schools/{school_id}/moderation", tag = "moderation",
    params(("school_id" = String, Path, description = "The school")),
    responses(
        (status = 200, description = "The queue, newest first", body = [ModerationItemDto]),
        (status = 403, description = "Not staff of this school", body = ErrorBody),
    ))]
pub async fn queue(
    State(state): State<AppState>,
    session: CurrentUser,
    Path(school): Path<String>,
) -> WebResult<Json<Vec<ModerationItemDto>>> {
    let permit = authorize(
        &session.0.info.actor,
        Action::ModerateMessages(school_id(&school)?),
    )?;
    let items = state.store.moderation_queue(&permit).await?;
    Ok(Json(items.iter().map(ModerationItemDto::from).collect()))
}

/// Releases or rejects a held message, recalls a delivered one from every mailbox, or
/// dismisses its reports.
#[utoipa::path(post, path = "/api/v1/schools/{school_id}/moderation/{message_id}", tag = "moderation",
    params(("school_id" = String, Path, description = "The school"), ("message_id" = String, Path, description = "The message")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "Done", body = DecisionResponse),
        (status = 403, description = "Not staff of this school", body = ErrorBody),
        (status = 404, description = "No such message in this school", body = ErrorBody),
        (status = 409, description = "Not in a state this decision applies to", body = ErrorBody),
    ))]
pub async fn decide(
    State(state): State<AppState>,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((school, message)): Path<(String, String)>,
    ApiJson(body): ApiJson<DecisionRequest>,
) -> WebResult<Json<DecisionResponse>> {
    let decision = match body.decision.as_str() {
        "release" => Decision::Release,
        "reject" => Decision::Reject,
        "recall" => Decision::Recall,
        "dismiss" => Decision::Dismiss,
        _ => {
            return Err(WebError::InvalidInput(
                "decision must be release, reject, recall or dismiss".into(),
            ))
        }
    };
    let message = message_id(&message)?;
    let permit = authorize(
        &session.0.info.actor,
        Action::ModerateMessages(school_id(&school)?),
    )?;
    let (status, mailboxes) = state
        .store
        .moderate(
            &permit,
            &moderator(&session, ip)?,
            &message,
            decision,
            state.now(),
        )
        .await?;
    Ok(Json(DecisionResponse {
        status: status.as_str().to_owned(),
        mailboxes,
    }))
}

fn switches_of(dto: &SwitchesDto) -> WebResult<MessagingSwitches> {
    MessagingSwitches::off(&roles(&dto.off_for)?, &dto.reason)
        .map_err(|e| WebError::InvalidInput(e.to_string()))
}

fn switches_dto(switches: &MessagingSwitches) -> SwitchesDto {
    SwitchesDto {
        off_for: switches
            .off_for
            .iter()
            .map(|r| r.as_str().to_owned())
            .collect(),
        reason: switches.reason.clone(),
    }
}

/// The school's messaging switches.
#[utoipa::path(get, path = "/api/v1/schools/{school_id}/messaging/switches", tag = "moderation",
    params(("school_id" = String, Path, description = "The school")),
    responses(
        (status = 200, description = "The switches in force", body = SwitchesDto),
        (status = 403, description = "Not staff of this school", body = ErrorBody),
    ))]
pub async fn switches(
    State(state): State<AppState>,
    session: CurrentUser,
    Path(school): Path<String>,
) -> WebResult<Json<SwitchesDto>> {
    let school = school_id(&school)?;
    authorize(
        &session.0.info.actor,
        Action::ModerateMessages(school.clone()),
    )?;
    let settings = state.store.school_messaging(&school).await?;
    Ok(Json(switches_dto(&settings.switches)))
}

/// Switches sending off (or back on) for the school or some of its roles; every node obeys
/// within a second, and a banner tells users why.
#[utoipa::path(put, path = "/api/v1/schools/{school_id}/messaging/switches", tag = "moderation",
    params(("school_id" = String, Path, description = "The school")), request_body = SwitchesDto,
    responses(
        (status = 200, description = "In force", body = SwitchesDto),
        (status = 400, description = "Unknown role, or no reason given", body = ErrorBody),
        (status = 403, description = "Not the head of this school", body = ErrorBody),
    ))]
pub async fn set_switches(
    State(state): State<AppState>,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(school): Path<String>,
    ApiJson(body): ApiJson<SwitchesDto>,
) -> WebResult<Json<SwitchesDto>> {
    let switches = switches_of(&body)?;
    let permit = authorize(
        &session.0.info.actor,
        Action::SwitchMessaging(school_id(&school)?),
    )?;
    apply_switches(&state, &session, ip, &[permit], &switches).await?;
    Ok(Json(switches_dto(&switches)))
}

/// The same, for every school of the admin's academy at once.
#[utoipa::path(put, path = "/api/v1/academy/messaging/switches", tag = "moderation",
    request_body = SwitchesDto,
    responses(
        (status = 200, description = "In force in every school of the academy", body = SwitchesDto),
        (status = 403, description = "Not an academy admin", body = ErrorBody),
    ))]
pub async fn set_academy_switches(
    State(state): State<AppState>,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<SwitchesDto>,
) -> WebResult<Json<SwitchesDto>> {
    if session.0.info.actor.role != Role::Admin {
        return Err(WebError::Forbidden);
    }
    let switches = switches_of(&body)?;
    let permits = every_school(&session, Action::SwitchMessaging)?;
    apply_switches(&state, &session, ip, &permits, &switches).await?;
    Ok(Json(switches_dto(&switches)))
}

async fn apply_switches(
    state: &AppState,
    session: &CurrentUser,
    ip: IpAddr,
    permits: &[Permit],
    switches: &MessagingSwitches,
) -> WebResult<()> {
    let by = moderator(session, ip)?;
    state
        .store
        .set_messaging_switches(permits, switches, &by, state.now())
        .await?;
    state.banners.refresh(&state.store).await?;
    Ok(())
}

/// The school's messaging policy.
#[utoipa::path(get, path = "/api/v1/schools/{school_id}/messaging/policy", tag = "moderation",
    params(("school_id" = String, Path, description = "The school")),
    responses(
        (status = 200, description = "The policy", body = Object),
        (status = 403, description = "Not staff of this school", body = ErrorBody),
    ))]
pub async fn policy(
    State(state): State<AppState>,
    session: CurrentUser,
    Path(school): Path<String>,
) -> WebResult<Json<MessagingPolicy>> {
    let school = school_id(&school)?;
    authorize(
        &session.0.info.actor,
        Action::ModerateMessages(school.clone()),
    )?;
    Ok(Json(state.store.school_messaging(&school).await?.policy))
}

/// Replaces the school's messaging policy (validated: limits, hours, time zone).
#[utoipa::path(put, path = "/api/v1/schools/{school_id}/messaging/policy", tag = "moderation",
    params(("school_id" = String, Path, description = "The school")), request_body = Object,
    responses(
        (status = 200, description = "Saved", body = Object),
        (status = 400, description = "A policy that does not validate", body = ErrorBody),
        (status = 403, description = "Not the head of this school", body = ErrorBody),
    ))]
pub async fn set_policy(
    State(state): State<AppState>,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(school): Path<String>,
    ApiJson(body): ApiJson<MessagingPolicy>,
) -> WebResult<Json<MessagingPolicy>> {
    let permit = authorize(
        &session.0.info.actor,
        Action::EditMessagingPolicy(school_id(&school)?),
    )?;
    body.validate()
        .map_err(|e| WebError::InvalidInput(e.to_string()))?;
    state
        .store
        .set_messaging_policy(&permit, &body, &moderator(&session, ip)?, state.now())
        .await?;
    Ok(Json(body))
}

/// Incident response for one school: ends every session of the given roles, requires new
/// passwords (new activation codes for pupils), tells each owner.
#[utoipa::path(post, path = "/api/v1/schools/{school_id}/incident", tag = "moderation",
    params(("school_id" = String, Path, description = "The school")), request_body = IncidentRequest,
    responses(
        (status = 200, description = "Done", body = IncidentResponseDto),
        (status = 403, description = "Not the head of this school, or a role they do not manage", body = ErrorBody),
    ))]
pub async fn incident(
    State(state): State<AppState>,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(school): Path<String>,
    ApiJson(body): ApiJson<IncidentRequest>,
) -> WebResult<Json<IncidentResponseDto>> {
    let permit = authorize(
        &session.0.info.actor,
        Action::RespondToIncident(school_id(&school)?),
    )?;
    respond(&state, &session, ip, vec![permit], &body).await
}

/// The same, for every school of the admin's academy.
#[utoipa::path(post, path = "/api/v1/academy/incident", tag = "moderation",
    request_body = IncidentRequest,
    responses(
        (status = 200, description = "Done", body = IncidentResponseDto),
        (status = 403, description = "Not an academy admin", body = ErrorBody),
    ))]
pub async fn academy_incident(
    State(state): State<AppState>,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<IncidentRequest>,
) -> WebResult<Json<IncidentResponseDto>> {
    if session.0.info.actor.role != Role::Admin {
        return Err(WebError::Forbidden);
    }
    let permits = every_school(&session, Action::RespondToIncident)?;
    respond(&state, &session, ip, permits, &body).await
}

async fn respond(
    state: &AppState,
    session: &CurrentUser,
    ip: IpAddr,
    permits: Vec<Permit>,
    body: &IncidentRequest,
) -> WebResult<Json<IncidentResponseDto>> {
    let roles = roles(&body.roles)?;
    if roles.is_empty() {
        return Err(WebError::InvalidInput("name at least one role".into()));
    }
    let report = state
        .store
        .respond_to_incident(&permits, &roles, &moderator(session, ip)?, state.now())
        .await?;
    Ok(Json(IncidentResponseDto {
        schools: permits.len(),
        accounts: report.accounts,
        sessions: report.sessions,
    }))
}
