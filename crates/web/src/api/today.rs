//! `GET /api/v1/today`: a pupil's day, or a parent's child's — the 9:00 page.

use super::continuity_dto::{DayPupilDto, TodayDto};
use super::dto::ClassRefDto;
use super::dto::ErrorBody;
use super::home::DEGRADED_HEADER;
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::last_good::Served;
use crate::session_cache::CachedSession;
use crate::state::AppState;
use crate::today::{viewer_day, DayJson, DayKey, TodayJson};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use cartable_core::continuity::SchoolDate;
use cartable_core::UserId;
use serde::Deserialize;
use std::sync::Arc;
use utoipa::IntoParams;

/// Which day, and for a parent whose.
#[derive(Debug, Deserialize, IntoParams)]
pub struct TodayQuery {
    /// For a parent: the child (default: the first).
    pub child: Option<String>,
    /// Another day than today, `YYYY-MM-DD` (the week view walks the days with it).
    pub date: Option<String>,
}

impl TodayQuery {
    /// The key of the day asked for, checked.
    pub fn key(&self, session: &CachedSession) -> WebResult<DayKey> {
        let viewer = session.user().cloned().ok_or(WebError::Forbidden)?;
        let date = self
            .date
            .as_deref()
            .filter(|d| !d.is_empty())
            .map(SchoolDate::parse)
            .transpose()
            .map_err(|e| WebError::InvalidInput(e.to_string()))?;
        let child = self
            .child
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(str::parse::<UserId>)
            .transpose()
            .map_err(|_| WebError::InvalidInput("child is an account id".into()))?;
        Ok((viewer, child, date))
    }
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
    let key = query.key(&session)?;
    // Only today's answer is kept for degraded mode: one copy per viewer and child.
    let served = match key.2 {
        Some(_) => Served::Fresh(Arc::new(load(&state, &session, &key).await?)),
        None => {
            state
                .today_api
                .load(&key, state.now(), load(&state, &session, &key))
                .await?
        }
    };
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

async fn load(state: &AppState, session: &CachedSession, key: &DayKey) -> WebResult<TodayJson> {
    let (_, child, date) = key;
    let day = viewer_day(state, session, child.clone(), *date).await?;
    let pupil = DayPupilDto {
        id: day.pupil.to_string(),
        name: day.pupil_name.clone(),
        class: day.shared.as_ref().map(|s| ClassRefDto::from(&s.day.class)),
    };
    let mut head = format!("\"date\":\"{}\",\"pupil\":{}", day.date, to_json(&pupil)?);
    if let Some(children) = &day.children {
        head.push_str(",\"children\":");
        head.push_str(&to_json(children)?);
    }
    let empty = DayJson::empty();
    let shared = day.shared.as_ref().map_or(&empty, |s| &s.json);
    Ok(TodayJson::write(
        &head,
        shared,
        state.now(),
        &day.done,
        day.unread,
    ))
}

fn to_json<T: serde::Serialize>(value: &T) -> WebResult<String> {
    serde_json::to_string(value).map_err(|_| WebError::Internal)
}
