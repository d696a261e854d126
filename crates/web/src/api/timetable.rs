//! Timetables: a class's week, a school's file, one day's change to a lesson.

use super::continuity_dto::WeekLessonDto;
use super::dto::ErrorBody;
use super::json::{from_status, ApiJson};
use crate::auth::CurrentUser;
use crate::continuity::{class_id, invalid, read_permit};
use crate::error::{WebError, WebResult};
use crate::session_cache::CachedSession;
use crate::state::AppState;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use cartable_core::authz::{authorize, Action};
use cartable_core::continuity::timetable::{parse_room, parse_timetable};
use cartable_core::continuity::{SchoolDate, ShortText};
use cartable_core::{ClassId, Login, SchoolId, SlotId};
use cartable_store::continuity::{LessonChange, TimetableReport};
use cartable_store::StoreError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a timetable file changed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TimetableReportDto {
    /// Classes whose week was replaced.
    pub classes: usize,
    /// Weekly lessons written.
    pub lessons: usize,
}

/// A change to one lesson on one day.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LessonChangeRequest {
    /// The day, `YYYY-MM-DD`, on the lesson's weekday.
    pub date: String,
    /// Not taught that day.
    #[serde(default)]
    pub cancelled: bool,
    /// Another room.
    pub room: Option<String>,
    /// A stand-in teacher's login.
    pub teacher: Option<String>,
    /// What pupils are told (up to 200 characters).
    #[serde(default)]
    pub note: String,
}

/// The longest note on a changed lesson.
const MAX_NOTE_CHARS: usize = 200;

/// A class's week, by day and time.
#[utoipa::path(get, path = "/api/v1/classes/{class_id}/timetable", tag = "continuity",
    params(("class_id" = String, Path, description = "The class")),
    responses(
        (status = 200, description = "The weekly lessons", body = [WeekLessonDto]),
        (status = 403, description = "Not of this class", body = ErrorBody),
        (status = 404, description = "No such class", body = ErrorBody),
    ))]
pub async fn week(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(class): Path<String>,
) -> WebResult<Json<Vec<WeekLessonDto>>> {
    let class = class_id(&class)?;
    let permit = read_permit(&state, &session, &class).await?;
    let week = state.store.class_week(&permit).await?;
    Ok(Json(week.iter().map(WeekLessonDto::from).collect()))
}

/// Loads a timetable file (CSV: `class,day,start,end,subject,teacher,room`) into a school:
/// the week of every class it names is replaced, all or nothing; every bad line is listed.
#[utoipa::path(post, path = "/api/v1/schools/{school_id}/timetable", tag = "continuity",
    params(("school_id" = String, Path, description = "The school")),
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, description = "Loaded", body = TimetableReportDto),
        (status = 403, description = "Not the school's staff or head", body = ErrorBody),
        (status = 422, description = "Bad lines (`invalid_timetable`, with `lines`); nothing changed", body = ErrorBody),
    ))]
pub async fn import(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(school): Path<String>,
    body: Result<axum::body::Bytes, BytesRejection>,
) -> WebResult<Json<TimetableReportDto>> {
    let school = super::school_id(&school)?;
    let bytes = body.map_err(|r| from_status(r.status(), r.body_text(), WebError::InvalidInput))?;
    let text = cartable_core::import::decode_directory(&bytes);
    let report = load_timetable(&state, &session, school, &text).await?;
    Ok(Json(TimetableReportDto {
        classes: report.classes,
        lessons: report.lessons,
    }))
}

/// Loads a timetable file's text into `school` for the signed-in head or staff, all or
/// nothing: the API's and the page's one way to do it. Bad lines are
/// [`WebError::InvalidTimetable`], each with its number.
pub async fn load_timetable(
    state: &AppState,
    session: &CachedSession,
    school: SchoolId,
    text: &str,
) -> WebResult<TimetableReport> {
    let permit = authorize(&session.info.actor, Action::EditTimetable(school))?;
    let lessons = parse_timetable(text).map_err(WebError::InvalidTimetable)?;
    let report = match state.store.import_timetable(&permit, &lessons).await {
        Ok(report) => report,
        Err(StoreError::Import(lines)) => return Err(WebError::InvalidTimetable(lines)),
        Err(e) => return Err(e.into()),
    };
    state.class_days.written(&permit);
    Ok(report)
}

/// Changes or cancels one weekly lesson on one day; it shows on the pupils' day.
#[utoipa::path(put, path = "/api/v1/timetable/{slot_id}/changes", tag = "continuity",
    params(("slot_id" = String, Path, description = "The weekly lesson")),
    request_body = LessonChangeRequest,
    responses(
        (status = 204, description = "Recorded"),
        (status = 400, description = "A field that does not parse", body = ErrorBody),
        (status = 403, description = "Not the school's staff or head", body = ErrorBody),
        (status = 404, description = "No such lesson in my school, or no such teacher", body = ErrorBody),
        (status = 409, description = "The day is not on the lesson's weekday", body = ErrorBody),
    ))]
pub async fn change(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(slot): Path<String>,
    ApiJson(body): ApiJson<LessonChangeRequest>,
) -> WebResult<StatusCode> {
    change_lesson(&state, &session, &slot, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes or cancels the weekly lesson `slot` of the signed-in head's or staff's school on
/// one day, as `body` says: the API's and the page's one way to do it. Returns the lesson's
/// class.
pub async fn change_lesson(
    state: &AppState,
    session: &CachedSession,
    slot: &str,
    body: &LessonChangeRequest,
) -> WebResult<ClassId> {
    let slot: SlotId = slot.parse().map_err(|_| WebError::NotFound)?;
    let permit = authorize(
        &session.info.actor,
        Action::EditTimetable(session.profile.school_id.clone()),
    )?;
    let day = SchoolDate::parse(&body.date).map_err(invalid)?;
    let note = match body.note.trim() {
        "" => String::new(),
        note => ShortText::parse(note, "note", MAX_NOTE_CHARS)
            .map_err(invalid)?
            .as_str()
            .to_owned(),
    };
    let room = body
        .room
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .map(parse_room)
        .transpose()
        .map_err(invalid)?;
    let teacher = body
        .teacher
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(Login::parse)
        .transpose()
        .map_err(invalid)?;
    let change = LessonChange {
        cancelled: body.cancelled,
        room,
        teacher,
        note,
    };
    let by = session.user().ok_or(WebError::Forbidden)?;
    let class = state
        .store
        .change_lesson(&permit, &slot, day, &change, by, state.now())
        .await?;
    state.class_days.class_written(&class);
    Ok(class)
}
