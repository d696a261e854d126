//! Whose day a viewer asks for, and everything it holds: what the API writes as JSON and
//! the page renders.

use super::class_days::SharedDay;
use crate::api::continuity_dto::ChildRefDto;
use crate::error::{WebError, WebResult};
use crate::session_cache::CachedSession;
use crate::state::AppState;
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::continuity::{ClassTie, SchoolDate};
use cartable_core::{ClassId, HomeworkId, Role, SchoolId, UserId};
use cartable_store::continuity::Homework;
use std::collections::HashSet;
use std::sync::Arc;

/// How far from today a day may be asked for: a month either way covers the week view and
/// the holidays' homework, and bounds what one viewer can make the server read and keep.
pub const DAYS_AROUND: i32 = 31;

/// What a copy of a day is kept under for degraded mode: the viewer, the child asked
/// for, the day asked for.
pub type DayKey = (UserId, Option<UserId>, Option<SchoolDate>);

/// One viewer's day: the class's shared part and the pupil's own.
#[derive(Debug)]
pub struct ViewerDay {
    /// The day.
    pub date: SchoolDate,
    /// Whose day it is.
    pub pupil: UserId,
    /// Their name.
    pub pupil_name: String,
    /// For a parent: every child.
    pub children: Option<Vec<ChildRefDto>>,
    /// The class's day, if the pupil has a class.
    pub shared: Option<Arc<SharedDay>>,
    /// The homework the pupil ticked.
    pub done: HashSet<HomeworkId>,
    /// The viewer's unread messages.
    pub unread: i64,
}

/// Whose day is shown, and how the viewer stands to that pupil's class.
struct Subject {
    pupil: UserId,
    pupil_name: String,
    school: SchoolId,
    class: Option<ClassId>,
    tie: ClassTie,
    children: Option<Vec<ChildRefDto>>,
}

/// Reads `session`'s day (a pupil) or their child's (a parent; the first when `child` is
/// none) on `date` (default today in the school's zone).
pub async fn viewer_day(
    state: &AppState,
    session: &CachedSession,
    child: Option<UserId>,
    date: Option<SchoolDate>,
) -> WebResult<ViewerDay> {
    let viewer = session.user().ok_or(WebError::Forbidden)?;
    if !matches!(session.profile.role, Role::Pupil | Role::Parent) {
        return Err(WebError::Forbidden);
    }
    let subject = whose_day(state, session, child).await?;
    let now = state.now();
    let date = subject.day(state, date).await?;
    let shared = match subject.read_permit(session)? {
        Some(permit) => Some(
            state
                .class_days
                .get(&state.store, &permit, date, now)
                .await?,
        ),
        None => None,
    };
    let unread = state.store.unread_count(viewer).await?;
    let done = match shared {
        Some(_) => {
            state
                .store
                .homework_done_since(&subject.pupil, date)
                .await?
        }
        None => HashSet::new(),
    };
    Ok(ViewerDay {
        date,
        pupil: subject.pupil,
        pupil_name: subject.pupil_name,
        children: subject.children,
        shared,
        done,
        unread,
    })
}

/// One viewer's week of homework: what is due each day of a week, and what the pupil ticked.
#[derive(Debug)]
pub struct ViewerWeek {
    /// The week's Monday.
    pub monday: SchoolDate,
    /// Today in the pupil's school: weeks are shown up to [`DAYS_AROUND`] days from it.
    pub today: SchoolDate,
    /// Whose week it is.
    pub pupil_name: String,
    /// For a parent: every child.
    pub children: Option<Vec<ChildRefDto>>,
    /// The homework due from Monday to Sunday, by due day, already shown to pupils.
    pub homework: Vec<Homework>,
    /// The homework the pupil ticked.
    pub done: HashSet<HomeworkId>,
}

/// Reads `session`'s week of homework (a pupil) or their child's (a parent), for the week
/// of `date` (default this week): one read of the class's homework and one of the ticks.
pub async fn viewer_week(
    state: &AppState,
    session: &CachedSession,
    child: Option<UserId>,
    date: Option<SchoolDate>,
) -> WebResult<ViewerWeek> {
    if !matches!(session.profile.role, Role::Pupil | Role::Parent) {
        return Err(WebError::Forbidden);
    }
    let subject = whose_day(state, session, child).await?;
    let today = subject.day(state, None).await?;
    let monday = subject.day(state, date).await?.monday();
    let now = state.now();
    let (homework, done) = match subject.read_permit(session)? {
        Some(permit) => {
            let mut homework = state
                .store
                .homework_due(&permit, monday, monday.plus_days(6))
                .await?;
            homework.retain(|h| h.visible_from <= now);
            let done = state
                .store
                .homework_done_since(&subject.pupil, monday)
                .await?;
            (homework, done)
        }
        None => (Vec::new(), HashSet::new()),
    };
    Ok(ViewerWeek {
        monday,
        today,
        pupil_name: subject.pupil_name,
        children: subject.children,
        homework,
        done,
    })
}

impl Subject {
    /// The day asked for (default today in the pupil's school), within [`DAYS_AROUND`].
    async fn day(&self, state: &AppState, date: Option<SchoolDate>) -> WebResult<SchoolDate> {
        let zone = state.school_zones.of(&state.store, &self.school).await?;
        let today = SchoolDate::of(state.now(), &zone);
        match date {
            None => Ok(today),
            Some(day)
                if day < today.plus_days(-DAYS_AROUND) || day > today.plus_days(DAYS_AROUND) =>
            {
                Err(WebError::InvalidInput(format!(
                    "a day is shown up to {DAYS_AROUND} days before or after today"
                )))
            }
            Some(day) => Ok(day),
        }
    }

    /// The permit to read the pupil's class's work, if she has a class.
    fn read_permit(&self, session: &CachedSession) -> WebResult<Option<Permit>> {
        let Some(class) = &self.class else {
            return Ok(None);
        };
        Ok(Some(authorize(
            &session.info.actor,
            Action::ReadClassWork {
                school: self.school.clone(),
                class: class.clone(),
                tie: self.tie.clone(),
            },
        )?))
    }
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
            school: chosen.map_or_else(|| profile.school_id.clone(), |c| c.school_id.clone()),
            own_child: chosen.is_some(),
        },
    )?;
    let chosen = chosen.ok_or(WebError::Forbidden)?;
    Ok(Subject {
        pupil: chosen.id.clone(),
        pupil_name: chosen.display_name.clone(),
        school: chosen.school_id.clone(),
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
