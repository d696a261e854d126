//! Assignments: pupils hand work in for a homework that asks for it; its teacher sees who
//! did, downloads everything as one zip, and writes feedback and a mark; pupils and their
//! parents read them.

use super::dto::ErrorBody;
use super::hand_in_dto::{HandInDto, HandInStatusDto, HandedInDto};
use super::json::ApiJson;
use crate::auth::CurrentUser;
use crate::continuity::invalid;
use crate::csrf::FormOrigin;
use crate::error::{WebError, WebResult};
use crate::files::archive::{zip_response, Entry};
use crate::files::download::file_response;
use crate::files::name::sanitise;
use crate::hand_in::{pupil_id, receive, Assignment, MAX_HAND_IN_CHARS};
use crate::session_cache::CachedSession;
use crate::state::AppState;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use cartable_core::continuity::{LongText, Mark};
use cartable_core::{HomeworkId, Timestamp, UserId};
use cartable_store::continuity::{HandIn, HandInStatus, NewReview};
use cartable_store::BlobDigest;
use serde::Deserialize;
use std::collections::HashSet;
use utoipa::ToSchema;

/// A teacher's review of a hand-in.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewRequest {
    /// What the teacher writes to the pupil.
    pub feedback: String,
    /// A mark out of 20 (`15`, `15.5`, `15,5`), or none.
    pub mark: Option<String>,
    /// The `handed_in_at` of the hand-in the teacher read: if the pupil has replaced it
    /// since, the review is refused (409) rather than put on work the teacher never saw.
    #[serde(default)]
    pub handed_in_at: Option<i64>,
}

/// Hands in my work for a homework of my class: a `multipart/form-data` form with an
/// optional text field `body`, then up to five `files` of the kinds and size the homework
/// accepts. It replaces what I handed in before, until the deadline; after the deadline a
/// first hand-in is taken and marked late.
#[utoipa::path(put, path = "/api/v1/homework/{homework_id}/hand-in", tag = "assignments",
    params(("homework_id" = String, Path, description = "The homework")),
    responses(
        (status = 200, description = "Handed in", body = HandedInDto),
        (status = 400, description = "Neither text nor file, or a field that does not parse", body = ErrorBody),
        (status = 403, description = "Not a pupil of the homework's class", body = ErrorBody),
        (status = 404, description = "No such homework, not shown yet, or it asks for no hand-in", body = ErrorBody),
        (status = 409, description = "`deadline_passed` (a hand-in is there and the deadline passed) or `hand_in_reviewed`", body = ErrorBody),
        (status = 413, description = "A file over the homework's limit, refused as it crossed it", body = ErrorBody),
        (status = 415, description = "A file of a kind the homework does not accept", body = ErrorBody),
        (status = 422, description = "`file_infected`: the antivirus found a threat; the file is quarantined", body = ErrorBody),
        (status = 503, description = "`antivirus_unavailable`: no verdict from the antivirus, nothing kept", body = ErrorBody),
    ))]
pub async fn hand_in(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> WebResult<Json<HandedInDto>> {
    let form = form.map_err(|r| invalid(r.body_text()))?;
    let (timing, recorded) = receive(&state, &session, &id, form, FormOrigin::Api).await?;
    Ok(Json(HandedInDto::of(timing, &recorded)))
}

/// My own hand-in for a homework (a pupil's shortcut for `…/hand-ins/{my id}`).
#[utoipa::path(get, path = "/api/v1/homework/{homework_id}/hand-in", tag = "assignments",
    params(("homework_id" = String, Path, description = "The homework")),
    responses(
        (status = 200, description = "What I handed in, with the review", body = HandInDto),
        (status = 403, description = "Not a pupil of the homework's class", body = ErrorBody),
        (status = 404, description = "No such homework, or nothing handed in", body = ErrorBody),
    ))]
pub async fn mine(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Json<HandInDto>> {
    let me = session.user().ok_or(WebError::Forbidden)?.clone();
    Ok(Json(HandInDto::from(
        &one(&state, &session, &id, &me).await?,
    )))
}

/// One pupil's hand-in: for the pupil herself, her parents, and her teachers in the subject.
#[utoipa::path(get, path = "/api/v1/homework/{homework_id}/hand-ins/{pupil_id}", tag = "assignments",
    params(("homework_id" = String, Path, description = "The homework"),
           ("pupil_id" = String, Path, description = "The pupil")),
    responses(
        (status = 200, description = "The hand-in, with the review", body = HandInDto),
        (status = 403, description = "Not this pupil, her parent, or her teacher in the subject", body = ErrorBody),
        (status = 404, description = "No such homework, or nothing handed in", body = ErrorBody),
    ))]
pub async fn of_pupil(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path((id, pupil)): Path<(String, String)>,
) -> WebResult<Json<HandInDto>> {
    let pupil = pupil_id(&pupil)?;
    Ok(Json(HandInDto::from(
        &one(&state, &session, &id, &pupil).await?,
    )))
}

/// `pupil`'s hand-in for the homework `id`, if the viewer may read it.
async fn one(
    state: &AppState,
    session: &CachedSession,
    id: &str,
    pupil: &UserId,
) -> WebResult<HandIn> {
    let assignment = Assignment::find(state, session, id).await?;
    let permit = assignment.read_hand_in(state, session, pupil).await?;
    state
        .store
        .hand_in_of(&permit, &assignment.id)
        .await?
        .ok_or(WebError::NotFound)
}

/// Every pupil of the class, with what each handed in: who did, who did not, who was late.
#[utoipa::path(get, path = "/api/v1/homework/{homework_id}/hand-ins", tag = "assignments",
    params(("homework_id" = String, Path, description = "The homework")),
    responses(
        (status = 200, description = "The class's pupils by name, each with her hand-in or null", body = [HandInStatusDto]),
        (status = 403, description = "Not a teacher of the homework's subject in its class", body = ErrorBody),
        (status = 404, description = "No such homework", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Json<Vec<HandInStatusDto>>> {
    let (_, statuses) = reviewed_list(&state, &session, &id).await?;
    Ok(Json(statuses.iter().map(HandInStatusDto::from).collect()))
}

/// The homework and its class's hand-ins, for a teacher who may review them.
pub async fn reviewed_list(
    state: &AppState,
    session: &CachedSession,
    id: &str,
) -> WebResult<(Assignment, Vec<HandInStatus>)> {
    let assignment = Assignment::find(state, session, id).await?;
    let permit = assignment.review(session)?;
    let statuses = state.store.hand_ins(&permit, &assignment.id).await?;
    Ok((assignment, statuses))
}

/// Every hand-in as one zip: a folder per pupil who handed in, with her files and her
/// text (`texte.txt`), late ones marked in the folder's name.
#[utoipa::path(get, path = "/api/v1/homework/{homework_id}/hand-ins.zip", tag = "assignments",
    params(("homework_id" = String, Path, description = "The homework")),
    responses(
        (status = 200, description = "The archive (application/zip)"),
        (status = 403, description = "Not a teacher of the homework's subject in its class", body = ErrorBody),
        (status = 404, description = "No such homework", body = ErrorBody),
    ))]
pub async fn zip(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let (assignment, statuses) = reviewed_list(&state, &session, &id).await?;
    let name = format!("{} - {}.zip", assignment.subject.as_str(), assignment.id);
    zip_response(
        &state.blobs,
        &state.archives,
        archive_entries(&statuses)?,
        &name,
    )
    .await
}

/// The archive's entries: `Name Surname/1-file.pdf`, `Name Surname/texte.txt`; a folder
/// name met twice (two pupils of the same name) gets a number.
fn archive_entries(statuses: &[HandInStatus]) -> WebResult<Vec<Entry>> {
    let mut folders = HashSet::new();
    let mut entries = Vec::new();
    for hand_in in statuses.iter().filter_map(|s| s.hand_in.as_ref()) {
        let name = sanitise(&hand_in.pupil);
        let base = if hand_in.late {
            format!("{name} (en retard)")
        } else {
            name
        };
        let folder = (1..)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base} {n}")
                }
            })
            .find(|f| folders.insert(f.clone()))
            .unwrap_or(base);
        if !hand_in.body.is_empty() {
            entries.push(Entry::Text {
                path: format!("{folder}/texte.txt"),
                text: hand_in.body.clone(),
            });
        }
        for (position, file) in hand_in.files.iter().enumerate() {
            let digest = BlobDigest::parse(&file.digest).map_err(|_| WebError::Internal)?;
            entries.push(Entry::Blob {
                path: format!("{folder}/{}-{}", position + 1, file.name),
                digest,
                size: u64::try_from(file.size).unwrap_or(0),
            });
        }
    }
    Ok(entries)
}

/// A file of a pupil's hand-in, with Range support.
#[utoipa::path(get, path = "/api/v1/homework/{homework_id}/hand-ins/{pupil_id}/files/{position}", tag = "assignments",
    params(("homework_id" = String, Path, description = "The homework"),
           ("pupil_id" = String, Path, description = "The pupil"),
           ("position" = usize, Path, description = "The file's position, from 0")),
    responses(
        (status = 200, description = "The file"),
        (status = 206, description = "The range asked for"),
        (status = 403, description = "Not this pupil, her parent, or her teacher in the subject", body = ErrorBody),
        (status = 404, description = "No such homework, hand-in or file", body = ErrorBody),
    ))]
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path((id, pupil, position)): Path<(String, String, usize)>,
    headers: HeaderMap,
) -> WebResult<Response> {
    let pupil = pupil_id(&pupil)?;
    let hand_in = one(&state, &session, &id, &pupil).await?;
    let file = hand_in.files.get(position).ok_or(WebError::NotFound)?;
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

/// Writes (or rewrites) my feedback and mark on a pupil's hand-in; she can no longer
/// replace it.
#[utoipa::path(put, path = "/api/v1/homework/{homework_id}/hand-ins/{pupil_id}/review", tag = "assignments",
    params(("homework_id" = String, Path, description = "The homework"),
           ("pupil_id" = String, Path, description = "The pupil")),
    request_body = ReviewRequest,
    responses(
        (status = 204, description = "Recorded"),
        (status = 400, description = "Empty or too long feedback, or a mark that is not 0 to 20", body = ErrorBody),
        (status = 403, description = "Not a teacher of the homework's subject in its class", body = ErrorBody),
        (status = 404, description = "No such homework, or nothing handed in by this pupil", body = ErrorBody),
        (status = 409, description = "She replaced her work after the `handed_in_at` given", body = ErrorBody),
    ))]
pub async fn review(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path((id, pupil)): Path<(String, String)>,
    ApiJson(body): ApiJson<ReviewRequest>,
) -> WebResult<StatusCode> {
    let pupil = pupil_id(&pupil)?;
    write_review(&state, &session, &id, &pupil, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a teacher's review: the API's and the page's one way to do it. Returns the
/// homework reviewed.
pub async fn write_review(
    state: &AppState,
    session: &CachedSession,
    id: &str,
    pupil: &UserId,
    review: &ReviewRequest,
) -> WebResult<HomeworkId> {
    let assignment = Assignment::find(state, session, id).await?;
    let permit = assignment.review(session)?;
    let feedback =
        LongText::parse(&review.feedback, "feedback", MAX_HAND_IN_CHARS).map_err(invalid)?;
    let mark = review
        .mark
        .as_deref()
        .filter(|m| !m.trim().is_empty())
        .map(Mark::parse)
        .transpose()
        .map_err(invalid)?;
    let teacher = session.user().ok_or(WebError::Forbidden)?;
    state
        .store
        .review_hand_in(
            &permit,
            &assignment.id,
            pupil,
            &NewReview {
                feedback,
                mark,
                of_version: review.handed_in_at.map(Timestamp),
            },
            teacher,
            state.now(),
        )
        .await?;
    Ok(assignment.id)
}
