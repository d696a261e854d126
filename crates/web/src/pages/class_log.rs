//! `/class-log`: a teacher's classes, and for the one chosen, the form that sets a homework
//! (with files, and a hand-in if wanted) and the homework already set to it.

use super::chrome::{render, Chrome};
use crate::api::class_log::receive_homework;
use crate::auth::CurrentUser;
use crate::continuity::{class_id, invalid, read_permit, today};
use crate::csrf::FormOrigin;
use crate::error::{WebError, WebResult};
use crate::hand_in::DEFAULT_ACCEPTED;
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use cartable_core::continuity::SchoolDate;
use cartable_store::continuity::Homework;
use cartable_store::{ContentKind, Teaching};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Deserialize;

/// How far ahead the page lists the homework set to a class.
const DAYS_AHEAD: i32 = 30;

/// A kind of file the hand-in form offers, ticked or not by default.
struct KindChoice {
    name: &'static str,
    label: &'static str,
    ticked: bool,
}

#[derive(Template)]
#[template(path = "class_log.html")]
struct ClassLogPage<'a> {
    c: Chrome,
    teachings: &'a [Teaching],
    chosen: Option<&'a Teaching>,
    today: SchoolDate,
    homework: Vec<Homework>,
    kinds: Vec<KindChoice>,
}

impl ClassLogPage<'_> {
    fn link(teaching: &Teaching) -> String {
        let subject = utf8_percent_encode(&teaching.subject, NON_ALPHANUMERIC);
        format!("/class-log?class={}&subject={subject}", teaching.class.id)
    }

    fn is_chosen(&self, teaching: &Teaching) -> bool {
        self.chosen
            .is_some_and(|c| c.class.id == teaching.class.id && c.subject == teaching.subject)
    }
}

/// Which of my classes and subjects to show.
#[derive(Debug, Deserialize)]
pub struct ClassLogQuery {
    class: Option<String>,
    subject: Option<String>,
}

/// `GET /class-log`: my classes; the chosen one's form and homework.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Query(query): Query<ClassLogQuery>,
) -> WebResult<Response> {
    let me = session.user().ok_or(WebError::Forbidden)?;
    let teachings = state.store.teacher_home(me).await?;
    let chosen = teachings
        .iter()
        .find(|t| {
            query.class.as_deref() == Some(t.class.id.as_str())
                && query.subject.as_deref().is_none_or(|s| s == t.subject)
        })
        .or(teachings.first());
    let today = today(&state, &session).await?;
    let homework = match chosen {
        Some(teaching) => {
            let permit = read_permit(&state, &session, &teaching.class.id).await?;
            let mut homework = state
                .store
                .homework_due(&permit, today, today.plus_days(DAYS_AHEAD))
                .await?;
            homework.retain(|h| h.subject == teaching.subject);
            homework
        }
        None => Vec::new(),
    };
    let c = Chrome::signed_in(&state, lang, |t| t.w.class_log_title, &session);
    let kinds = ContentKind::ALL
        .iter()
        .zip(c.t.w.kinds)
        .map(|(kind, label)| KindChoice {
            name: kind.name(),
            label,
            ticked: DEFAULT_ACCEPTED.contains(*kind),
        })
        .collect();
    render(&ClassLogPage {
        c,
        teachings: &teachings,
        chosen,
        today,
        homework,
        kinds,
    })
}

/// `POST /classes/{class_id}/homework` (multipart: `csrf`, the homework's fields, `files`):
/// sets the homework and opens its page.
pub async fn set_homework(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(class): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> WebResult<Response> {
    let class = class_id(&class)?;
    let form = form.map_err(|r| invalid(r.body_text()))?;
    let origin = FormOrigin::Page {
        signer: &state.signer,
        key: &session.key,
        checked: false,
    };
    let id = receive_homework(&state, &session, &class, form, origin).await?;
    Ok(Redirect::to(&format!("/homework/{id}?published=1")).into_response())
}
