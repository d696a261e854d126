//! `GET /api/v1/home`: what my home page shows, for my role.

use super::dto::{ChildDto, ErrorBody, HomeDto, PupilHomeDto, SchoolOverviewDto, TeachingDto};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use cartable_core::authz::{authorize, Action};
use cartable_core::Role;

/// My home: a pupil's class and teachers, a parent's children, a teacher's classes, or the
/// school's overview for staff, head and admin.
#[utoipa::path(get, path = "/api/v1/home", tag = "home",
    responses(
        (status = 200, description = "My home", body = HomeDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn home(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
) -> WebResult<Json<HomeDto>> {
    let actor = &session.info.actor;
    authorize(actor, Action::UseOwnAccount)?;
    let user = session.user().ok_or(WebError::Forbidden)?;
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
    Ok(Json(home))
}
