//! `/home`: each role's own home page.

use super::chrome::{render, Chrome};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use cartable_core::authz::{authorize, Action};
use cartable_core::Role;
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

/// `GET /home`.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
) -> WebResult<Response> {
    let actor = &session.info.actor;
    authorize(actor, Action::UseOwnAccount)?;
    let user = session.user().ok_or(WebError::Forbidden)?;
    let profile = &session.profile;
    let t = lang.text();
    let unread = state.store.unread_count(user).await?;
    let mut page = HomePage {
        c: Chrome::signed_in(&state, lang, |t| t.home_title, &session),
        role: t.role(profile.role),
        unread,
        unread_line: lang.unread_messages(unread),
        pupil: None,
        children: None,
        teachings: None,
        school: None,
        counts: Vec::new(),
        prints_codes: authorize(
            actor,
            Action::PrintActivationCodes(profile.school_id.clone()),
        )
        .is_ok(),
    };
    match profile.role {
        Role::Pupil => page.pupil = Some(state.store.pupil_home(user).await?),
        Role::Parent => page.children = Some(state.store.parent_home(user).await?),
        Role::Teacher => page.teachings = Some(state.store.teacher_home(user).await?),
        Role::Staff | Role::Head | Role::Admin => {
            let permit = authorize(actor, Action::ViewSchool(profile.school_id.clone()))?;
            let overview = state.store.school_overview(&permit).await?;
            page.counts = overview
                .counts
                .iter()
                .map(|c| CountLine {
                    role: t.role(c.role),
                    active: c.active,
                    pending: c.pending,
                    locked: c.locked,
                })
                .collect();
            page.school = Some(overview);
        }
    }
    render(&page)
}
