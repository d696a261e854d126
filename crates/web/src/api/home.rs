//! `GET /api/v1/home`: what my home page shows, for my role.

use super::dto::{ChildDto, ErrorBody, HomeDto, PupilHomeDto, SchoolOverviewDto, TeachingDto};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::last_good::Served;
use crate::session_cache::CachedSession;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use cartable_core::authz::{authorize, Action};
use cartable_core::{Role, UserId};

/// My home: a pupil's class and teachers, a parent's children, a teacher's classes, or the
/// school's overview for staff, head and admin.
#[utoipa::path(get, path = "/api/v1/home", tag = "home",
    responses(
        (status = 200, description = "My home. While the database fails, the copy of my last visit, marked by a `Cartable-Degraded` header holding when it was made (seconds since the epoch)", body = HomeDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn home(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
) -> WebResult<Response> {
    authorize(&session.info.actor, Action::UseOwnAccount)?;
    let user = session.user().ok_or(WebError::Forbidden)?;
    let served = state
        .home_api
        .load(user, state.now(), load(&state, &session, user))
        .await?;
    let mut response = Json(served.value()).into_response();
    if let Served::Stale { since, .. } = served {
        response
            .headers_mut()
            .insert(DEGRADED_HEADER, HeaderValue::from(since.0));
    }
    Ok(response)
}

/// Marks an answer served from the last good copy while the database fails.
pub const DEGRADED_HEADER: HeaderName = HeaderName::from_static("cartable-degraded");

async fn load(state: &AppState, session: &CachedSession, user: &UserId) -> WebResult<HomeDto> {
    let actor = &session.info.actor;
    let profile = &session.profile;
    let mut home = HomeDto {
        role: profile.role.as_str().to_owned(),
        display_name: profile.display_name.clone(),
        pupil: None,
        children: None,
        teachings: None,
        school: None,
    };
    match profile.role {
        Role::Pupil => home.pupil = Some(PupilHomeDto::from(&state.store.pupil_home(user).await?)),
        Role::Parent => {
            home.children = Some(
                state
                    .store
                    .parent_home(user)
                    .await?
                    .iter()
                    .map(ChildDto::from)
                    .collect(),
            );
        }
        Role::Teacher => {
            home.teachings = Some(
                state
                    .store
                    .teacher_home(user)
                    .await?
                    .iter()
                    .map(TeachingDto::from)
                    .collect(),
            );
        }
        Role::Staff | Role::Head | Role::Admin => {
            let permit = authorize(actor, Action::ViewSchool(profile.school_id.clone()))?;
            home.school = Some(SchoolOverviewDto::from(
                &state.store.school_overview(&permit).await?,
            ));
        }
    }
    Ok(home)
}
