//! What the continuity routes (API and pages) share: finding how the signed-in person
//! stands to a class and asking `core` for the permit, and the school's "today".

use crate::error::{WebError, WebResult};
use crate::session_cache::CachedSession;
use crate::state::AppState;
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::continuity::{ClassTie, SchoolDate};
use cartable_core::{ClassId, SchoolId};

/// A field that does not parse, as the client error naming what is wrong.
pub fn invalid(e: impl ToString) -> WebError {
    WebError::InvalidInput(e.to_string())
}

/// A class id from a path; anything else is a class that does not exist.
pub fn class_id(text: &str) -> WebResult<ClassId> {
    text.parse().map_err(|_| WebError::NotFound)
}

/// The permit `action` builds from the class's school and the viewer's tie to the class,
/// as `core` decides it. An unknown class is not found; a known one the rule refuses is
/// forbidden.
pub async fn class_permit(
    state: &AppState,
    session: &CachedSession,
    class: &ClassId,
    action: impl FnOnce(SchoolId, ClassTie) -> Action,
) -> WebResult<Permit> {
    let user = session.user().ok_or(WebError::Forbidden)?;
    let (school, tie) = state
        .store
        .class_tie(user, session.profile.role, class)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(authorize(&session.info.actor, action(school, tie))?)
}

/// The permit to read `class`'s timetable, log, homework and news.
pub async fn read_permit(
    state: &AppState,
    session: &CachedSession,
    class: &ClassId,
) -> WebResult<Permit> {
    class_permit(state, session, class, |school, tie| Action::ReadClassWork {
        school,
        class: class.clone(),
        tie,
    })
    .await
}

/// The time zone of the viewer's school: its calendar's days and clocks.
pub async fn zone(state: &AppState, session: &CachedSession) -> WebResult<jiff::tz::TimeZone> {
    state
        .school_zones
        .of(&state.store, &session.profile.school_id)
        .await
}

/// Today in the viewer's school.
pub async fn today(state: &AppState, session: &CachedSession) -> WebResult<SchoolDate> {
    Ok(SchoolDate::of(state.now(), &zone(state, session).await?))
}

/// Whether the viewer sees only what is already visible to pupils (pupils and parents), or
/// also what teachers planned ahead (everyone else): the cut-off to pass the store.
pub fn visible_at(state: &AppState, session: &CachedSession) -> Option<cartable_core::Timestamp> {
    matches!(
        session.profile.role,
        cartable_core::Role::Pupil | cartable_core::Role::Parent
    )
    .then(|| state.now())
}

/// Ticks (or unticks) the homework `id` as done by the signed-in pupil, if it is her class's
/// and shown already: the API's and the page's one way to do it.
pub async fn tick_homework(
    state: &AppState,
    session: &CachedSession,
    id: &str,
    done: bool,
) -> WebResult<()> {
    let id: cartable_core::HomeworkId = id.parse().map_err(|_| WebError::NotFound)?;
    let (class, _) = state.store.homework_class(&id).await?;
    let permit = class_permit(state, session, &class, |school, tie| Action::TickHomework {
        school,
        class: class.clone(),
        tie,
    })
    .await?;
    let pupil = session.user().ok_or(WebError::Forbidden)?;
    Ok(state
        .store
        .tick_homework(&permit, pupil, &id, done, state.now())
        .await?)
}
