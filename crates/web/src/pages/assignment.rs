//! `/homework/{id}`: one homework. A pupil reads it and hands her work in; a parent sees
//! what a child handed in and the teacher's review; the teacher sees who handed in, downloads
//! everything, and writes feedback and marks.

use super::chrome::{local_datetime, render, Chrome, CsrfOnly, PageForm};
use crate::api::corrections::remove_homework;
use crate::api::hand_in::{reviewed_list, write_review, ReviewRequest};
use crate::auth::CurrentUser;
use crate::continuity::{invalid, zone};
use crate::csrf::{self, FormOrigin};
use crate::error::{WebError, WebResult};
use crate::hand_in::{previous, pupil_id, receive, Assignment};
use crate::i18n::Lang;
use crate::session_cache::CachedSession;
use crate::state::AppState;
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use cartable_core::continuity::hand_in::timing;
use cartable_core::{Role, Timestamp};
use cartable_store::continuity::{HandIn, HandInStatus, Homework};
use cartable_store::ChildSummary;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "assignment.html")]
struct AssignmentPage {
    c: Chrome,
    homework: Homework,
    zone: jiff::tz::TimeZone,
    notice: Option<&'static str>,
    /// A pupil may hand in (or replace) now.
    can_hand_in: bool,
    /// The pupil's (or the chosen child's) hand-in.
    own: Option<HandIn>,
    /// A parent's children in the homework's class, and the one shown.
    children: Vec<ChildSummary>,
    child: Option<String>,
    /// The teacher's list.
    statuses: Option<Vec<HandInStatus>>,
}

impl AssignmentPage {
    /// A moment as the school's clocks show it.
    fn at(&self, at: &Timestamp) -> String {
        local_datetime(*at, &self.zone)
    }

    fn handed_count(&self) -> usize {
        self.statuses
            .as_ref()
            .map_or(0, |s| s.iter().filter(|p| p.hand_in.is_some()).count())
    }

    fn total(&self) -> usize {
        self.statuses.as_ref().map_or(0, Vec::len)
    }
}

/// What the page was opened after.
#[derive(Debug, Deserialize)]
pub struct AssignmentQuery {
    child: Option<String>,
    published: Option<String>,
    handed: Option<String>,
    reviewed: Option<String>,
}

/// `GET /homework/{id}`.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<AssignmentQuery>,
) -> WebResult<Response> {
    let assignment = Assignment::find(&state, &session, &id).await?;
    let homework = assignment.homework(&state, &session).await?;
    let c = Chrome::signed_in(&state, lang, |t| t.w.homework_title, &session);
    let notice = [
        (query.published.is_some(), c.t.w.published),
        (query.handed.is_some(), c.t.w.handed_in_ok),
        (query.reviewed.is_some(), c.t.w.reviewed),
    ]
    .into_iter()
    .find_map(|(shown, text)| shown.then_some(text));
    let mut page = AssignmentPage {
        c,
        zone: zone(&state, &session).await?,
        notice,
        can_hand_in: false,
        own: None,
        children: Vec::new(),
        child: None,
        statuses: None,
        homework,
    };
    match session.profile.role {
        Role::Pupil => pupil_view(&state, &session, &assignment, &mut page).await?,
        Role::Parent => parent_view(&state, &session, &assignment, query.child, &mut page).await?,
        Role::Teacher if assignment.review(&session).is_ok() => {
            let (_, statuses) = reviewed_list(&state, &session, &id).await?;
            page.statuses = Some(statuses);
        }
        _ => {}
    }
    render(&page)
}

/// A pupil's own hand-in, and whether she may hand in now.
async fn pupil_view(
    state: &AppState,
    session: &CachedSession,
    assignment: &Assignment,
    page: &mut AssignmentPage,
) -> WebResult<()> {
    let (Some(request), Some(me)) = (page.homework.hand_in, session.user()) else {
        return Ok(());
    };
    let permit = assignment.read_hand_in(state, session, me).await?;
    page.own = state.store.hand_in_of(&permit, &assignment.id).await?;
    let previous = previous(page.own.as_ref());
    page.can_hand_in = assignment.hand_in(session).is_ok()
        && timing(state.now(), request.deadline, previous).is_ok();
    Ok(())
}

/// A parent's child's hand-in: the child named, or the first of theirs in the class.
async fn parent_view(
    state: &AppState,
    session: &CachedSession,
    assignment: &Assignment,
    child: Option<String>,
    page: &mut AssignmentPage,
) -> WebResult<()> {
    let me = session.user().ok_or(WebError::Forbidden)?;
    let mut children = state.store.parent_home(me).await?;
    children.retain(|c| c.class.as_ref().is_some_and(|k| k.id == assignment.class));
    let chosen = match child {
        Some(id) => Some(pupil_id(&id)?),
        None => children.first().map(|c| c.id.clone()),
    };
    if let (Some(pupil), Some(_)) = (&chosen, page.homework.hand_in) {
        let permit = assignment.read_hand_in(state, session, pupil).await?;
        page.own = state.store.hand_in_of(&permit, &assignment.id).await?;
    }
    page.child = chosen.map(|c| c.to_string());
    page.children = children;
    Ok(())
}

/// `POST /homework/{id}/hand-in` (multipart: `csrf`, `body`, `files`): hands my work in,
/// back to the homework's page.
pub async fn hand_in(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> WebResult<Response> {
    let form = form.map_err(|r| invalid(r.body_text()))?;
    let origin = FormOrigin::Page {
        signer: &state.signer,
        key: &session.key,
        checked: false,
    };
    let (_, recorded) = receive(&state, &session, &id, form, origin).await?;
    let back = format!("/homework/{}?handed=1#mine", recorded.homework_id);
    Ok(Redirect::to(&back).into_response())
}

/// The review form.
#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    csrf: String,
    feedback: String,
    #[serde(default)]
    mark: String,
    /// The version of the hand-in the teacher read.
    handed_in_at: Option<i64>,
}

/// `POST /homework/{id}/hand-ins/{pupil}/review`: a teacher's feedback and mark, back to
/// the pupil's line of the list.
pub async fn review(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path((id, pupil)): Path<(String, String)>,
    PageForm(form): PageForm<ReviewForm>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.key, &form.csrf)?;
    let pupil = pupil_id(&pupil)?;
    let review = ReviewRequest {
        feedback: form.feedback,
        mark: Some(form.mark),
        handed_in_at: form.handed_in_at,
    };
    let homework = write_review(&state, &session, &id, &pupil, &review).await?;
    Ok(Redirect::to(&format!("/homework/{homework}?reviewed=1#pupil-{pupil}")).into_response())
}

/// `POST /homework/{id}/delete`: its teacher deletes a homework no one handed work in for,
/// back to the class log.
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<CsrfOnly>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.key, &form.csrf)?;
    remove_homework(&state, &session, &id).await?;
    Ok(Redirect::to("/class-log").into_response())
}
