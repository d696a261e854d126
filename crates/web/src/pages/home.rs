//! `/home`: each role's own home page.

use super::chrome::{render, Chrome};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::session_cache::CachedSession;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use cartable_core::authz::{authorize, Action};
use cartable_core::{Role, UserId};
use cartable_store::{ChildSummary, PupilHome, SchoolOverview, Teaching};

/// One line of the account counts, with the role's name in the page's language.
struct CountLine {
    role: &'static str,
    active: i64,
    pending: i64,
    locked: i64,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    c: Chrome,
    role: &'static str,
    unread: i64,
    unread_line: String,
    pupil: Option<PupilHome>,
    children: Option<Vec<ChildSummary>>,
    teachings: Option<Vec<Teaching>>,
    school: Option<SchoolOverview>,
    counts: Vec<CountLine>,
    prints_codes: bool,
}

/// What the home page shows from the database, for the viewer's role: the part kept as the
/// last good copy for degraded mode.
#[derive(Debug, Default)]
pub struct HomeData {
    unread: i64,
    pupil: Option<PupilHome>,
    children: Option<Vec<ChildSummary>>,
    teachings: Option<Vec<Teaching>>,
    school: Option<SchoolOverview>,
}

async fn load(state: &AppState, session: &CachedSession, user: &UserId) -> WebResult<HomeData> {
    let actor = &session.info.actor;
    let profile = &session.profile;
    let mut data = HomeData {
        unread: state.store.unread_count(user).await?,
        ..HomeData::default()
    };
    match profile.role {
        Role::Pupil => data.pupil = Some(state.store.pupil_home(user).await?),
        Role::Parent => data.children = Some(state.store.parent_home(user).await?),
        Role::Teacher => data.teachings = Some(state.store.teacher_home(user).await?),
        Role::Staff | Role::Head | Role::Admin => {
            let permit = authorize(actor, Action::ViewSchool(profile.school_id.clone()))?;
            data.school = Some(state.store.school_overview(&permit).await?);
        }
    }
    Ok(data)
}

/// `GET /home`: served from the last good copy, under a banner, when the database fails.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
) -> WebResult<Response> {
    let actor = &session.info.actor;
    authorize(actor, Action::UseOwnAccount)?;
    let user = session.user().ok_or(WebError::Forbidden)?;
    let t = lang.text();
    let served = state
        .home_pages
        .load(user, state.now(), load(&state, &session, user))
        .await?;
    let data = served.value();
    let mut c = Chrome::signed_in(&state, lang, |t| t.home_title, &session);
    c.degraded = served.is_stale();
    let page = HomePage {
        c,
        role: t.role(session.profile.role),
        unread: data.unread,
        unread_line: lang.unread_messages(data.unread),
        pupil: data.pupil.clone(),
        children: data.children.clone(),
        teachings: data.teachings.clone(),
        school: data.school.clone(),
        counts: data.school.as_ref().map_or_else(Vec::new, |overview| {
            overview
                .counts
                .iter()
                .map(|c| CountLine {
                    role: t.role(c.role),
                    active: c.active,
                    pending: c.pending,
                    locked: c.locked,
                })
                .collect()
        }),
        prints_codes: authorize(
            actor,
            Action::PrintActivationCodes(session.profile.school_id.clone()),
        )
        .is_ok(),
    };
    render(&page)
}
