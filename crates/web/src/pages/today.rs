//! `/today`: a pupil's day, or a parent's child's — the page of 9:00, from the same shared
//! copy of the class's day as the API.

use super::chrome::{render, Chrome, PageForm};
use crate::api::today::TodayQuery;
use crate::auth::CurrentUser;
use crate::continuity::tick_homework;
use crate::csrf;
use crate::error::WebResult;
use crate::i18n::Lang;
use crate::last_good::Served;
use crate::state::AppState;
use crate::today::{viewer_day, ViewerDay};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use cartable_core::continuity::SchoolDate;
use cartable_core::Role;
use cartable_store::continuity::{DayLesson, Homework, LessonStatus, NewsItem};
use serde::Deserialize;
use std::sync::Arc;

/// A homework as the page lists it.
struct HomeworkLine<'a> {
    item: &'a Homework,
    done: bool,
}

#[derive(Template)]
#[template(path = "today.html")]
struct TodayPage<'a> {
    c: Chrome,
    day: &'a ViewerDay,
    date: SchoolDate,
    previous: SchoolDate,
    next: SchoolDate,
    child: String,
    class_name: Option<&'a str>,
    lessons: &'a [DayLesson],
    homework: Vec<HomeworkLine<'a>>,
    news: &'a [NewsItem],
    ticks: bool,
    unread_line: String,
}

impl TodayPage<'_> {
    fn status(&self, lesson: &DayLesson) -> &'static str {
        match lesson.status {
            LessonStatus::Usual => "",
            LessonStatus::Changed => self.c.t.d.changed,
            LessonStatus::Cancelled => self.c.t.d.cancelled,
        }
    }

    fn cancelled(lesson: &DayLesson) -> bool {
        lesson.status == LessonStatus::Cancelled
    }
}

/// `GET /today`: served from the last good copy, under a banner, when the database fails.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Query(query): Query<TodayQuery>,
) -> WebResult<Response> {
    let key = query.key(&session)?;
    let (_, child, date) = &key;
    // Only today's page is kept for degraded mode: one copy per viewer and child.
    let load = viewer_day(&state, &session, child.clone(), *date);
    let served = match date {
        Some(_) => Served::Fresh(Arc::new(load.await?)),
        None => state.today_pages.load(&key, state.now(), load).await?,
    };
    let day = served.value();
    let mut c = Chrome::signed_in(&state, lang, |t| t.d.day_title, &session);
    c.degraded = served.is_stale();
    let empty = (&[][..], &[][..]);
    let (lessons, news) = day
        .shared
        .as_ref()
        .map_or(empty, |s| (&s.day.lessons[..], &s.day.news[..]));
    let now = state.now();
    let homework = day.shared.as_ref().map_or_else(Vec::new, |s| {
        s.day
            .homework
            .iter()
            .filter(|h| h.visible_from <= now)
            .map(|item| HomeworkLine {
                item,
                done: day.done.contains(&item.id),
            })
            .collect()
    });
    let page = TodayPage {
        c,
        day,
        date: day.date,
        previous: day.date.plus_days(-1),
        next: day.date.plus_days(1),
        child: child.as_ref().map(ToString::to_string).unwrap_or_default(),
        class_name: day.shared.as_ref().map(|s| s.day.class.name.as_str()),
        lessons,
        homework,
        news,
        ticks: session.profile.role == Role::Pupil && !served.is_stale(),
        unread_line: lang.unread_messages(day.unread),
    };
    render(&page)
}

/// The tick form.
#[derive(Debug, Deserialize)]
pub struct TickForm {
    csrf: String,
    done: bool,
    /// The day the page showed, to go back to it.
    #[serde(default)]
    date: String,
}

/// `POST /today/homework/{id}/done`: a pupil ticks or unticks a homework, back to the day.
pub async fn tick(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<TickForm>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.key, &form.csrf)?;
    tick_homework(&state, &session, &id, form.done).await?;
    let back = match SchoolDate::parse(&form.date) {
        Ok(day) => format!("/today?date={day}#homework"),
        Err(_) => "/today#homework".to_owned(),
    };
    Ok(Redirect::to(&back).into_response())
}
