//! Groups to write to: created by teachers and staff, from people they may already reach.

use super::dto::ErrorBody;
use super::json::ApiJson;
use super::messages_dto::{GroupDto, NewGroupRequest};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use cartable_core::authz::{authorize, Action};
use cartable_core::directory::ClassName;
use cartable_core::UserId;

/// Creates a group. Every member must be someone the creator may write to; those who are not
/// are named in `refused` and nothing is created.
#[utoipa::path(post, path = "/api/v1/groups", tag = "messages", request_body = NewGroupRequest,
    responses(
        (status = 201, description = "Created", body = GroupDto),
        (status = 400, description = "A name or member id that does not parse, or no member", body = ErrorBody),
        (status = 403, description = "Pupils and parents do not create groups; or members the rule refuses", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    session: CurrentUser,
    ApiJson(body): ApiJson<NewGroupRequest>,
) -> WebResult<(StatusCode, Json<GroupDto>)> {
    let name = ClassName::parse(&body.name).map_err(|e| WebError::InvalidInput(e.to_string()))?;
    let members = body
        .members
        .iter()
        .map(|m| m.parse::<UserId>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| WebError::InvalidInput("members are account ids".into()))?;
    if members.is_empty() || members.len() > cartable_store::messaging::MAX_GROUP_MEMBERS {
        return Err(WebError::InvalidInput(format!(
            "a group has between 1 and {} members",
            cartable_store::messaging::MAX_GROUP_MEMBERS
        )));
    }
    let info = &session.0.info;
    let owner = session.account()?;
    let permit = authorize(
        &info.actor,
        Action::ManageGroups(session.0.profile.school_id.clone()),
    )?;
    let id = state
        .store
        .create_group(&permit, &owner, &name, &members, state.now())
        .await?;
    let count = i64::try_from(members.len()).unwrap_or(i64::MAX);
    Ok((
        StatusCode::CREATED,
        Json(GroupDto {
            id: id.to_string(),
            name: name.as_str().to_owned(),
            members: count,
        }),
    ))
}

/// The groups I created.
#[utoipa::path(get, path = "/api/v1/groups", tag = "messages",
    responses((status = 200, description = "My groups, by name", body = [GroupDto])))]
pub async fn mine(
    State(state): State<AppState>,
    session: CurrentUser,
) -> WebResult<Json<Vec<GroupDto>>> {
    let owner = session.account()?;
    let groups = state
        .store
        .my_groups(&owner, &session.0.profile.school_id)
        .await?;
    Ok(Json(
        groups
            .into_iter()
            .map(|g| GroupDto {
                id: g.id.to_string(),
                name: g.name,
                members: g.members,
            })
            .collect(),
    ))
}
