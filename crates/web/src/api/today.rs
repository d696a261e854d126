//! `GET /api/v1/today`: a pupil's day, or a parent's child's — the 9:00 page.

use super::continuity_dto::{ChildRefDto, DayPupilDto, TodayDto};
use super::dto::ClassRefDto;
use super::dto::ErrorBody;
use super::home::DEGRADED_HEADER;
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::last_good::Served;
use crate::session_cache::CachedSession;
use crate::state::AppState;
use crate::today::{DayJson, TodayJson};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use cartable_core::authz::{authorize, Action};
use cartable_core::continuity::{ClassTie, SchoolDate};
use cartable_core::{ClassId, Role, SchoolId, UserId};
use serde::Deserialize;
use std::collections::HashSet;
use utoipa::IntoParams;

/// Which day, and for a parent whose.
#[derive(Debug, Deserialize, IntoParams)]
pub struct TodayQuery {
    /// For a parent: the child (default: the first).
    pub child: Option<String>,
    /// Another day than today, `YYYY-MM-DD` (the week view walks the days with it).
    pub date: Option<String>,
}

/// What a copy of a day is kept under for degraded mode: the viewer, the child asked
/// for, the day asked for.
pub type DayKey = (UserId, Option<UserId>, Option<SchoolDate>);

/// Whose day is shown, and how the viewer stands to that pupil's class.
struct Subject {
    pupil: UserId,
    pupil_name: String,
    school: SchoolId,
    class: Option<ClassId>,
    tie: ClassTie,
    children: Option<Vec<ChildRefDto>>,
}

/// My day (a pupil) or my child's (a parent): the day's lessons with their changes,
/// homework due today and on the next school day, the news, my unread messages.
#[utoipa::path(get, path = "/api/v1/today", tag = "continuity", params(TodayQuery),
    responses(
        (status = 200, description = "The day. While the database fails, the copy of the last visit, marked by a `Cartable-Degraded` header holding when it was made (seconds since the epoch)", body = TodayDto),
        (status = 400, description = "A date or child id that does not parse", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a pupil or a parent, or not my child", body = ErrorBody),
    ))]
pub async fn today(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Query(query): Query<TodayQuery>,
) -> WebResult<Response> {
    let viewer = session.user().cloned().ok_or(WebError::Forbidden)?;
    let date = query
        .date
        .as_deref()
        .map(SchoolDate::parse)
        .transpose()
        .map_err(|e| WebError::InvalidInput(e.to_string()))?;
    let child = query
        .child
        .as_deref()
        .map(str::parse::<UserId>)
        .transpose()
        .map_err(|_| WebError::InvalidInput("child is an account id".into()))?;
    if !matches!(session.profile.role, Role::Pupil | Role::Parent) {
        return Err(WebError::Forbidden);
    }
    let key: DayKey = (viewer.clone(), child.clone(), date);
    let served = state
        .today_api
        .load(&key, state.now(), load(&state, &session, child, date))
        .await?;
    let mut response = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        served.value().0.clone(),
    )
        .into_response();
    if let Served::Stale { since, .. } = served {
        response
            .headers_mut()
            .insert(DEGRADED_HEADER, HeaderValue::from(since.0));
    }
    Ok(response)
}

async fn load(
    state: &AppState,
    session: &CachedSession,
    child: Option<UserId>,
    date: Option<SchoolDate>,
) -> WebResult<TodayJson> {
    let viewer = session.user().ok_or(WebError::Forbidden)?;
    let subject = whose_day(state, session, child).await?;
    let now = state.now();
    let zone = state.school_zones.of(&state.store, &subject.school).await?;
    let date = date.unwrap_or_else(|| SchoolDate::of(now, &zone));
    let shared = match &subject.class {
        Some(class) => {
            let permit = authorize(
                &session.info.actor,
                Action::ReadClassWork {
                    school: subject.school.clone(),
                    class: class.clone(),
                    tie: subject.tie.clone(),
                },
            )?;
            Some(
                state
                    .class_days
                    .get(&state.store, &permit, class, date, now)
                    .await?,
            )
        }
        None => None,
    };
    let pupil = DayPupilDto {
        id: subject.pupil.to_string(),
        name: subject.pupil_name,
        class: shared.as_ref().map(|s| ClassRefDto::from(&s.day.class)),
    };
    let mut head = format!("\"date\":\"{date}\",\"pupil\":{}", to_json(&pupil)?);
    if let Some(children) = &subject.children {
        head.push_str(",\"children\":");
        head.push_str(&to_json(children)?);
    }
    let unread = state.store.unread_count(viewer).await?;
    let Some(shared) = shared else {
        return Ok(TodayJson::write(
            &head,
            &DayJson::empty(),
            now,
            &HashSet::new(),
            unread,
        ));
    };
    let done = state
        .store
        .homework_done_since(&subject.pupil, date)
        .await?;
    Ok(TodayJson::write(&head, &shared.json, now, &done, unread))
}

fn to_json<T: serde::Serialize>(value: &T) -> WebResult<String> {
    serde_json::to_string(value).map_err(|_| WebError::Internal)
}

/// The pupil whose day a viewer asks for: a pupil's own (class from the session), or for a
/// parent one of their children (the first when none is named).
async fn whose_day(
    state: &AppState,
    session: &CachedSession,
    child: Option<UserId>,
) -> WebResult<Subject> {
    let profile = &session.profile;
    if profile.role == Role::Pupil {
        let class = profile.class_ids.first().cloned();
        return Ok(Subject {
            pupil: profile.id.clone(),
            pupil_name: profile.display_name.clone(),
            school: profile.school_id.clone(),
            class,
            tie: ClassTie::Pupil,
            children: None,
        });
    }
    let children = state.store.parent_home(&profile.id).await?;
    let chosen = match &child {
        Some(id) => children.iter().find(|c| &c.id == id),
        None => children.first(),
    };
    authorize(
        &session.info.actor,
        Action::ViewChildDay {
            school: profile.school_id.clone(),
            own_child: chosen.is_some(),
        },
    )?;
    let chosen = chosen.ok_or(WebError::Forbidden)?;
    Ok(Subject {
        pupil: chosen.id.clone(),
        pupil_name: chosen.display_name.clone(),
        school: profile.school_id.clone(),
        class: chosen.class.as_ref().map(|c| c.id.clone()),
        tie: ClassTie::ParentOfPupil,
        children: Some(
            children
                .iter()
                .map(|c| ChildRefDto {
                    id: c.id.to_string(),
                    name: c.display_name.clone(),
                })
                .collect(),
        ),
    })
}
