//! The class log and homework: teachers write, pupils and parents read and pupils tick.

use super::continuity_dto::{HomeworkDto, LessonEntryDto};
use super::dto::ErrorBody;
use super::json::ApiJson;
use crate::auth::CurrentUser;
use crate::continuity::{
    class_id, class_permit, invalid, read_permit, tick_homework, today, visible_at,
};
use crate::csrf::FormOrigin;
use crate::error::{WebError, WebResult};
use crate::files::download::file_response;
use crate::files::upload::{attachment_field, multipart_error, read_text};
use crate::hand_in::HandInAsk;
use crate::state::AppState;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use cartable_core::authz::{Action, Permit};
use cartable_core::continuity::{LongText, SchoolDate, ShortText};
use cartable_core::directory::Subject;
use cartable_core::{ClassId, HomeworkId, LessonId, Timestamp};
use cartable_store::continuity::{NewHomework, NewLesson, MAX_HOMEWORK_ATTACHMENTS};
use cartable_store::messaging::Attachment;
use cartable_store::{BlobDigest, ContentKind, UploadLimits};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};

/// The longest title of an entry.
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest text of an entry or a homework.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The largest homework form: its files and room for the text.
pub const HOMEWORK_BODY_LIMIT: usize = MAX_HOMEWORK_ATTACHMENTS * 10 * 1024 * 1024 + 1024 * 1024;
/// The text fields of the homework form, each at most once (`accepted` may repeat, one
/// checkbox per kind) before the files: what is read before the author's permit is known
/// stays small.
const HOMEWORK_FIELDS: [&str; 8] = [
    "subject",
    "due",
    "instructions",
    "visible_from",
    "hand_in",
    "deadline_time",
    "accepted",
    "max_mib",
];
/// The longest name of a kind of file a homework form may list (`office`, `video`…).
const MAX_KIND_NAME: usize = 16;
/// The most days one read of the log spans.
const MAX_LOG_DAYS: i32 = 62;

/// Which lessons to list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct LogQuery {
    /// First day, `YYYY-MM-DD` (default: 14 days ago).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (default: 14 days ahead).
    pub to: Option<String>,
}

/// A homework as written in a request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewHomeworkRequest {
    /// Due day, `YYYY-MM-DD`, today or later.
    pub due: String,
    /// What to do.
    pub instructions: String,
    /// Work to hand in, if the homework asks for some (pupils then hand it in with
    /// `PUT /api/v1/homework/{id}/hand-in`).
    #[serde(default)]
    pub hand_in: Option<HandInAsk>,
}

/// A class log entry to write.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewLessonRequest {
    /// The subject, one the author teaches this class.
    pub subject: String,
    /// The day of the lesson, `YYYY-MM-DD`.
    pub date: String,
    /// A title.
    pub title: String,
    /// What was done.
    pub content: String,
    /// Shown to pupils from this day (`YYYY-MM-DD`); default now.
    pub visible_from: Option<String>,
    /// Homework it sets (files go with `POST …/homework`).
    #[serde(default)]
    pub homework: Vec<NewHomeworkRequest>,
}

/// Where to copy an entry.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CopyRequest {
    /// The class to copy it to (one where the author teaches the entry's subject).
    pub class: String,
}

/// A tick.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DoneRequest {
    /// Done or not.
    pub done: bool,
}

/// What was created.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedDto {
    /// Its id.
    pub id: String,
}

fn date(text: &str) -> WebResult<SchoolDate> {
    SchoolDate::parse(text).map_err(invalid)
}

/// When something shown "from this day" becomes visible: the start of that day in the
/// class's `zone`, or now when not said.
fn visible_from(state: &AppState, zone: &TimeZone, day: Option<&str>) -> WebResult<Timestamp> {
    match day.filter(|d| !d.trim().is_empty()) {
        None => Ok(state.now()),
        Some(text) => date(text)?
            .start_in(zone)
            .ok_or_else(|| invalid(format!("{text} cannot be placed in the school's calendar"))),
    }
}

/// The time zone of the class a write permit is for (its school's): its days and deadlines.
async fn class_zone(state: &AppState, permit: &Permit) -> WebResult<TimeZone> {
    let school = permit.school().ok_or(WebError::Forbidden)?;
    state.school_zones.of(&state.store, school).await
}

/// The permit to write `class`'s log in `subject`.
pub(crate) async fn write_permit(
    state: &AppState,
    session: &crate::session_cache::CachedSession,
    class: &ClassId,
    subject: &str,
) -> WebResult<Permit> {
    let subject = Subject::parse(subject).map_err(invalid)?;
    class_permit(state, session, class, |school, tie| Action::WriteClassLog {
        school,
        class: class.clone(),
        subject,
        tie,
    })
    .await
}

/// A class's log: its lessons and the homework they set, newest first. Pupils and parents
/// see what is visible now; the class's teachers and staff also what is planned.
#[utoipa::path(get, path = "/api/v1/classes/{class_id}/log", tag = "continuity",
    params(("class_id" = String, Path, description = "The class"), LogQuery),
    responses(
        (status = 200, description = "The entries", body = [LessonEntryDto]),
        (status = 403, description = "Not a pupil, parent, teacher or staff of this class", body = ErrorBody),
        (status = 404, description = "No such class", body = ErrorBody),
    ))]
pub async fn log(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(class): Path<String>,
    Query(query): Query<LogQuery>,
) -> WebResult<Json<Vec<LessonEntryDto>>> {
    let class = class_id(&class)?;
    let permit = read_permit(&state, &session, &class).await?;
    let today = today(&state, &session).await?;
    let from = query
        .from
        .as_deref()
        .map(date)
        .transpose()?
        .unwrap_or(today.plus_days(-14));
    let to = query
        .to
        .as_deref()
        .map(date)
        .transpose()?
        .unwrap_or(today.plus_days(14));
    if to < from || from.plus_days(MAX_LOG_DAYS) < to {
        return Err(invalid(format!("from..to spans 0 to {MAX_LOG_DAYS} days")));
    }
    let entries = state
        .store
        .class_log(&permit, from, to, visible_at(&state, &session))
        .await?;
    Ok(Json(entries.iter().map(LessonEntryDto::from).collect()))
}

/// Writes a class log entry, with the homework it sets.
#[utoipa::path(post, path = "/api/v1/classes/{class_id}/log", tag = "continuity",
    params(("class_id" = String, Path, description = "The class")),
    request_body = NewLessonRequest,
    responses(
        (status = 201, description = "Written", body = CreatedDto),
        (status = 400, description = "A text, date or subject that does not parse, or a due day in the past", body = ErrorBody),
        (status = 403, description = "Not a teacher of this subject in this class", body = ErrorBody),
        (status = 404, description = "No such class", body = ErrorBody),
    ))]
pub async fn write(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(class): Path<String>,
    ApiJson(body): ApiJson<NewLessonRequest>,
) -> WebResult<(StatusCode, Json<CreatedDto>)> {
    let class = class_id(&class)?;
    let permit = write_permit(&state, &session, &class, &body.subject).await?;
    let zone = class_zone(&state, &permit).await?;
    let today = SchoolDate::of(state.now(), &zone);
    if body.homework.len() > cartable_store::continuity::MAX_HOMEWORK_PER_LESSON {
        return Err(invalid(format!(
            "an entry sets at most {} homework",
            cartable_store::continuity::MAX_HOMEWORK_PER_LESSON
        )));
    }
    let homework = body
        .homework
        .iter()
        .map(|h| {
            let due = date(&h.due)?.due_from(today).map_err(invalid)?;
            Ok(NewHomework {
                due,
                instructions: LongText::parse(&h.instructions, "instructions", MAX_TEXT_CHARS)
                    .map_err(invalid)?,
                attachments: Vec::new(),
                hand_in: h
                    .hand_in
                    .as_ref()
                    .map(|ask| ask.request(due, &zone, state.now()))
                    .transpose()?,
            })
        })
        .collect::<WebResult<Vec<_>>>()?;
    let lesson = NewLesson {
        date: date(&body.date)?,
        title: ShortText::parse(&body.title, "title", MAX_TITLE_CHARS).map_err(invalid)?,
        content: LongText::parse(&body.content, "content", MAX_TEXT_CHARS).map_err(invalid)?,
        visible_from: visible_from(&state, &zone, body.visible_from.as_deref())?,
        homework,
    };
    let shown_too_late = lesson.homework.iter().any(|h| {
        h.hand_in
            .is_some_and(|request| lesson.visible_from > request.deadline)
    });
    if shown_too_late {
        return Err(invalid(
            "the homework would be shown after its hand-in deadline",
        ));
    }
    let teacher = session.user().ok_or(WebError::Forbidden)?;
    let id = state
        .store
        .write_lesson(&permit, teacher, &lesson, state.now())
        .await?;
    state.class_days.written(&permit);
    Ok((StatusCode::CREATED, Json(CreatedDto { id: id.to_string() })))
}

/// Copies one of my entries (with its homework and files) to another class I teach the
/// same subject.
#[utoipa::path(post, path = "/api/v1/lessons/{lesson_id}/copy", tag = "continuity",
    params(("lesson_id" = String, Path, description = "My entry")),
    request_body = CopyRequest,
    responses(
        (status = 201, description = "Copied", body = CreatedDto),
        (status = 403, description = "Not a teacher of the entry's subject in that class", body = ErrorBody),
        (status = 404, description = "No such entry of mine, or no such class", body = ErrorBody),
    ))]
pub async fn copy(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(lesson): Path<String>,
    ApiJson(body): ApiJson<CopyRequest>,
) -> WebResult<(StatusCode, Json<CreatedDto>)> {
    let lesson: LessonId = lesson.parse().map_err(|_| WebError::NotFound)?;
    let teacher = session.user().ok_or(WebError::Forbidden)?;
    let subject = state
        .store
        .lesson_subject(teacher, &lesson)
        .await?
        .ok_or(WebError::NotFound)?;
    let class = class_id(&body.class)?;
    let permit = write_permit(&state, &session, &class, &subject).await?;
    let id = state
        .store
        .copy_lesson(&permit, teacher, &lesson, state.now())
        .await?;
    state.class_days.written(&permit);
    Ok((StatusCode::CREATED, Json(CreatedDto { id: id.to_string() })))
}

/// Sets a homework with files: a `multipart/form-data` form with the text fields
/// `subject`, `due`, `instructions`, optionally `visible_from`, then up to five `files`
/// (10 MiB each; PDF, pictures, office documents, text, sound, video). To ask pupils to hand
/// work in, add `hand_in=on` and optionally `deadline_time` (`HH:MM` on the due day,
/// default 08:00), `accepted` (kinds, comma-separated or repeated) and `max_mib` (1 to 20).
/// The text fields come first; nothing is stored unless they are valid and the author may
/// write for the class.
#[utoipa::path(post, path = "/api/v1/classes/{class_id}/homework", tag = "continuity",
    params(("class_id" = String, Path, description = "The class")),
    responses(
        (status = 201, description = "Set", body = CreatedDto),
        (status = 400, description = "A field that does not parse, or a due day or deadline in the past", body = ErrorBody),
        (status = 403, description = "Not a teacher of this subject in this class", body = ErrorBody),
        (status = 413, description = "A file over 10 MiB, refused as it crossed the limit", body = ErrorBody),
        (status = 415, description = "A file of a type not accepted", body = ErrorBody),
        (status = 422, description = "`file_infected`: the antivirus found a threat; the file is quarantined", body = ErrorBody),
        (status = 503, description = "`antivirus_unavailable`: no verdict from the antivirus, nothing kept", body = ErrorBody),
    ))]
pub async fn set_homework(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(class): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> WebResult<(StatusCode, Json<CreatedDto>)> {
    let class = class_id(&class)?;
    let form = form.map_err(|r| invalid(r.body_text()))?;
    let id = receive_homework(&state, &session, &class, form, FormOrigin::Api).await?;
    Ok((StatusCode::CREATED, Json(CreatedDto { id: id.to_string() })))
}

/// Takes a homework for `class` from a multipart form (a page's starts with its `csrf`
/// token), its files streamed into the blob store once the text fields have been checked and
/// the author's permit found: the API's and the page's one way to set a homework.
pub async fn receive_homework(
    state: &AppState,
    session: &crate::session_cache::CachedSession,
    class: &ClassId,
    mut form: Multipart,
    mut origin: FormOrigin<'_>,
) -> WebResult<HomeworkId> {
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut checked: Option<(Permit, NewHomework, Timestamp)> = None;
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "csrf" && origin.takes_token() {
            origin.check(&read_text(field).await?)?;
            continue;
        }
        if name != "files" {
            if checked.is_some() {
                return Err(invalid("text fields come before the files"));
            }
            let repeats = name == "accepted";
            if !HOMEWORK_FIELDS.contains(&name.as_str()) || (fields.contains_key(&name) && !repeats)
            {
                return Err(invalid(format!("unexpected field {name:?}")));
            }
            let value = read_text(field).await?;
            // One box per kind of file, each a short name: bounded before the permit is known.
            let kinds_so_far = fields.get("accepted").map_or(0, |k| k.split(',').count());
            if repeats && (kinds_so_far >= ContentKind::ALL.len() || value.len() > MAX_KIND_NAME) {
                return Err(invalid("accepted lists at most the seven kinds of file"));
            }
            let kept = fields.entry(name).or_default();
            if !kept.is_empty() {
                kept.push(',');
            }
            kept.push_str(&value);
            continue;
        }
        if checked.is_none() {
            origin.passed()?;
            checked = Some(check_homework(state, session, class, &fields).await?);
        }
        let Some((_, homework, _)) = checked.as_mut() else {
            continue;
        };
        if homework.attachments.len() >= MAX_HOMEWORK_ATTACHMENTS {
            return Err(WebError::TooManyAttachments);
        }
        if let Some(file) =
            attachment_field(&state.blobs, field, &UploadLimits::attachments()).await?
        {
            homework.attachments.push(file);
        }
    }
    origin.passed()?;
    let (permit, homework, visible) = match checked {
        Some(checked) => checked,
        None => check_homework(state, session, class, &fields).await?,
    };
    let teacher = session.user().ok_or(WebError::Forbidden)?;
    let id = state
        .store
        .set_homework(&permit, teacher, &homework, visible, state.now())
        .await?;
    state.class_days.written(&permit);
    Ok(id)
}

/// The homework form's text fields, checked, with the permit to set it.
async fn check_homework(
    state: &AppState,
    session: &crate::session_cache::CachedSession,
    class: &ClassId,
    fields: &HashMap<String, String>,
) -> WebResult<(Permit, NewHomework, Timestamp)> {
    let field = |name: &str| fields.get(name).map_or("", String::as_str);
    let permit = write_permit(state, session, class, field("subject")).await?;
    let zone = class_zone(state, &permit).await?;
    let due = date(field("due"))?
        .due_from(SchoolDate::of(state.now(), &zone))
        .map_err(invalid)?;
    let hand_in = match field("hand_in") {
        "" | "false" | "off" => None,
        _ => {
            let max_mib = match field("max_mib").trim() {
                "" => None,
                text => Some(
                    text.parse()
                        .map_err(|_| invalid("max_mib is a number of MiB"))?,
                ),
            };
            let ask = HandInAsk {
                deadline_time: fields.get("deadline_time").cloned(),
                accepted: fields.get("accepted").cloned(),
                max_mib,
            };
            Some(ask.request(due, &zone, state.now())?)
        }
    };
    let visible = visible_from(state, &zone, fields.get("visible_from").map(String::as_str))?;
    if hand_in.is_some_and(|request| visible > request.deadline) {
        return Err(invalid(
            "the homework would be shown after its hand-in deadline",
        ));
    }
    let homework = NewHomework {
        due,
        instructions: LongText::parse(field("instructions"), "instructions", MAX_TEXT_CHARS)
            .map_err(invalid)?,
        attachments: Vec::<Attachment>::new(),
        hand_in,
    };
    Ok((permit, homework, visible))
}

/// The homework with this id, if the viewer may see it.
async fn visible_homework(
    state: &AppState,
    session: &crate::session_cache::CachedSession,
    id: &str,
) -> WebResult<cartable_store::continuity::Homework> {
    let id: HomeworkId = id.parse().map_err(|_| WebError::NotFound)?;
    let (class, _) = state.store.homework_class(&id).await?;
    let permit = read_permit(state, session, &class).await?;
    Ok(state
        .store
        .homework_in_class(&permit, &id, visible_at(state, session))
        .await?)
}

/// One homework.
#[utoipa::path(get, path = "/api/v1/homework/{homework_id}", tag = "continuity",
    params(("homework_id" = String, Path, description = "The homework")),
    responses(
        (status = 200, description = "The homework (`done` is mine, for a pupil)", body = HomeworkDto),
        (status = 403, description = "Not of this class", body = ErrorBody),
        (status = 404, description = "No such homework, or not shown yet", body = ErrorBody),
    ))]
pub async fn homework(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Json<HomeworkDto>> {
    let homework = visible_homework(&state, &session, &id).await?;
    let done = match session.user() {
        Some(me) if session.profile.role == cartable_core::Role::Pupil => state
            .store
            .homework_done_since(me, homework.due)
            .await?
            .contains(&homework.id),
        _ => false,
    };
    Ok(Json(HomeworkDto::of(&homework, done)))
}

/// Ticks (or unticks) a homework of my class as done.
#[utoipa::path(put, path = "/api/v1/homework/{homework_id}/done", tag = "continuity",
    params(("homework_id" = String, Path, description = "The homework")),
    request_body = DoneRequest,
    responses(
        (status = 204, description = "Recorded"),
        (status = 403, description = "Not a pupil of the homework's class", body = ErrorBody),
        (status = 404, description = "No such homework, or not shown yet", body = ErrorBody),
    ))]
pub async fn tick(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DoneRequest>,
) -> WebResult<StatusCode> {
    tick_homework(&state, &session, &id, body.done).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A file handed out with a homework, with Range support.
#[utoipa::path(get, path = "/api/v1/homework/{homework_id}/attachments/{position}", tag = "continuity",
    params(("homework_id" = String, Path, description = "The homework"),
           ("position" = usize, Path, description = "The file's position, from 0")),
    responses(
        (status = 200, description = "The file"),
        (status = 206, description = "The range asked for"),
        (status = 403, description = "Not of this class", body = ErrorBody),
        (status = 404, description = "No such homework or file", body = ErrorBody),
    ))]
pub async fn attachment(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path((id, position)): Path<(String, usize)>,
    headers: HeaderMap,
) -> WebResult<Response> {
    let homework = visible_homework(&state, &session, &id).await?;
    let file = homework
        .attachments
        .get(position)
        .ok_or(WebError::NotFound)?;
    let digest = BlobDigest::parse(&file.digest).map_err(|_| WebError::NotFound)?;
    file_response(
        &state.blobs,
        &digest,
        &file.name,
        &file.content_type,
        &headers,
    )
    .await
}
