//! `/week`: a pupil's homework for a whole week, day by day (or, for a parent, a child's),
//! to plan ahead where `/today` shows today and the next school day.

use super::chrome::{render, Chrome};
use crate::api::today::TodayQuery;
use crate::auth::CurrentUser;
use crate::error::WebResult;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::today::{viewer_week, ViewerWeek, DAYS_AROUND};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use cartable_core::continuity::SchoolDate;
use cartable_store::continuity::Homework;

/// One day of the week with the homework due on it.
struct DueDay<'a> {
    name: &'static str,
    date: SchoolDate,
    homework: Vec<&'a Homework>,
}

#[derive(Template)]
#[template(path = "week.html")]
struct WeekPage<'a> {
    c: Chrome,
    week: &'a ViewerWeek,
    days: Vec<DueDay<'a>>,
    child: String,
    /// A day of the previous and of the next week, when they are close enough to today
    /// to be shown.
    previous: Option<SchoolDate>,
    next: Option<SchoolDate>,
}

impl WeekPage<'_> {
    fn done(&self, homework: &Homework) -> bool {
        self.week.done.contains(&homework.id)
    }
}

/// `GET /week?date=&child=`: the week of `date` (default this one).
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Query(query): Query<TodayQuery>,
) -> WebResult<Response> {
    let (_, child, date) = query.key(&session)?;
    let week = viewer_week(&state, &session, child.clone(), date).await?;
    let c = Chrome::signed_in(&state, lang, |t| t.d.week_title, &session);
    let days =
        c.t.d
            .weekdays
            .iter()
            .zip(0..)
            .map(|(name, offset)| {
                let date = week.monday.plus_days(offset);
                DueDay {
                    name,
                    date,
                    homework: week.homework.iter().filter(|h| h.due == date).collect(),
                }
            })
            // Weekends only when something is due on them.
            .filter(|day| day.date.weekday() <= 5 || !day.homework.is_empty())
            .collect();
    render(&WeekPage {
        c,
        days,
        child: child.map(|c| c.to_string()).unwrap_or_default(),
        previous: Some(week.monday.plus_days(-1))
            .filter(|sunday| *sunday >= week.today.plus_days(-DAYS_AROUND)),
        next: Some(week.monday.plus_days(7))
            .filter(|monday| *monday <= week.today.plus_days(DAYS_AROUND)),
        week: &week,
    })
}
