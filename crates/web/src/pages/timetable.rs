//! `/school/timetable`: the head and staff load the school's timetable file (upload or
//! paste) and see what it replaced or every bad line; then, class by class, the week, with a
//! form under each lesson to change or cancel it on one day. Loading and changing go through
//! the same calls as the API.

use super::chrome::{render, Chrome, PageForm};
use super::import::{read_csv_form, CsvForm};
use crate::api::timetable::{change_lesson, load_timetable, LessonChangeRequest};
use crate::auth::CurrentUser;
use crate::continuity::{read_permit, today};
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::session_cache::CachedSession;
use crate::state::AppState;
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cartable_core::authz::{authorize, Action};
use cartable_core::continuity::SchoolDate;
use cartable_core::import::LineError;
use cartable_store::continuity::{TimetableReport, WeekLesson};
use cartable_store::ClassRef;
use serde::Deserialize;

/// A lesson of the week, with the day its change form offers: the next one it falls on.
struct LessonLine {
    lesson: WeekLesson,
    next: SchoolDate,
}

/// The lessons of one weekday.
struct DayLines {
    name: &'static str,
    lessons: Vec<LessonLine>,
}

/// What the page says besides the week: the file's outcome, or a change's.
#[derive(Default)]
struct Outcome {
    /// What was pasted, shown again when the file is refused.
    text: String,
    report: Option<TimetableReport>,
    lines: Vec<LineError>,
    saved: bool,
    problem: Option<String>,
}

#[derive(Template)]
#[template(path = "timetable.html")]
struct TimetablePage {
    c: Chrome,
    classes: Vec<ClassRef>,
    chosen: Option<ClassRef>,
    days: Vec<DayLines>,
    text: String,
    report: Option<TimetableReport>,
    lines: Vec<LineError>,
    saved: bool,
    problem: Option<String>,
}

/// The week grouped by weekday, in order, each lesson offering its next date from `today`.
fn by_day(week: Vec<WeekLesson>, today: SchoolDate, names: [&'static str; 7]) -> Vec<DayLines> {
    let mut days: Vec<DayLines> = Vec::new();
    let mut current = 0;
    for lesson in week {
        let ahead = (lesson.weekday + 7 - today.weekday()) % 7;
        let line = LessonLine {
            next: today.plus_days(i32::from(ahead)),
            lesson,
        };
        match days.last_mut() {
            Some(day) if current == line.lesson.weekday => day.lessons.push(line),
            _ => {
                current = line.lesson.weekday;
                let index = usize::from(current.clamp(1, 7) - 1);
                days.push(DayLines {
                    name: names[index],
                    lessons: vec![line],
                });
            }
        }
    }
    days
}

/// The days of the week as a timetable file writes them.
const FILE_DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// One field of a CSV line, quoted when it holds a separator, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// `class`'s week as a timetable file: what staff edit to change a class's weekly lessons
/// (loading a file replaces the week of the classes it names, and only theirs).
fn week_csv(class: &ClassRef, week: &[WeekLesson]) -> String {
    let mut text = String::from("class,day,start,end,subject,teacher,room\n");
    for lesson in week {
        let day = FILE_DAYS[usize::from(lesson.weekday.clamp(1, 7) - 1)];
        let fields = [
            csv_field(&class.name),
            day.to_owned(),
            lesson.starts.to_string(),
            lesson.ends.to_string(),
            csv_field(&lesson.subject),
            csv_field(lesson.teacher_login.as_deref().unwrap_or("")),
            csv_field(&lesson.room),
        ];
        text.push_str(&fields.join(","));
        text.push('\n');
    }
    text
}

/// Renders the page for `class` (else the school's first) with `outcome`, with `status`.
async fn show(
    state: &AppState,
    lang: Lang,
    session: &CachedSession,
    class: Option<&str>,
    outcome: Outcome,
    status: StatusCode,
) -> WebResult<Response> {
    let school = session.profile.school_id.clone();
    authorize(&session.info.actor, Action::EditTimetable(school.clone()))?;
    let view = authorize(&session.info.actor, Action::ViewSchool(school))?;
    let classes = state.store.school_classes(&view).await?;
    let chosen = classes
        .iter()
        .find(|c| Some(c.id.as_str()) == class)
        .or(classes.first())
        .cloned();
    let c = Chrome::signed_in(state, lang, |t| t.n.timetable_title, session);
    let (days, text) = match &chosen {
        Some(class) => {
            let permit = read_permit(state, session, &class.id).await?;
            let week = state.store.class_week(&permit).await?;
            // Nothing pasted: the class's own week, ready to be edited and loaded again.
            let text = match outcome.text.is_empty() && !week.is_empty() {
                true => week_csv(class, &week),
                false => outcome.text,
            };
            (by_day(week, today(state, session).await?, c.t.n.days), text)
        }
        None => (Vec::new(), outcome.text),
    };
    let mut response = render(&TimetablePage {
        c,
        classes,
        chosen,
        days,
        text,
        report: outcome.report,
        lines: outcome.lines,
        saved: outcome.saved,
        problem: outcome.problem,
    })?;
    *response.status_mut() = status;
    Ok(response)
}

/// Which class to show, and whether a change was just saved.
#[derive(Debug, Deserialize)]
pub struct TimetableQuery {
    class: Option<String>,
    #[serde(default)]
    saved: bool,
}

/// `GET /school/timetable`.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Query(query): Query<TimetableQuery>,
) -> WebResult<Response> {
    let outcome = Outcome {
        saved: query.saved,
        ..Outcome::default()
    };
    let class = query.class.as_deref();
    show(&state, lang, &session, class, outcome, StatusCode::OK).await
}

/// `POST /school/timetable` (multipart: `csrf`, `file`, `text`): loads the file, all or
/// nothing, and shows what it replaced or every bad line.
pub async fn upload(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult<Response> {
    let CsvForm { text, content } = read_csv_form(&state, &session, multipart).await?;
    let school = session.profile.school_id.clone();
    let (outcome, status) = match load_timetable(&state, &session, school, &content).await {
        Ok(report) => (
            Outcome {
                report: Some(report),
                ..Outcome::default()
            },
            StatusCode::OK,
        ),
        Err(WebError::InvalidTimetable(lines)) => (
            Outcome {
                text,
                lines,
                ..Outcome::default()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(other) => return Err(other),
    };
    show(&state, lang, &session, None, outcome, status).await
}

/// A lesson's change form.
#[derive(Debug, Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    csrf: String,
    /// The class whose week the form was on, to show again.
    #[serde(default)]
    class: String,
    #[serde(default)]
    date: String,
    /// Present when ticked.
    cancelled: Option<String>,
    #[serde(default)]
    room: String,
    #[serde(default)]
    teacher: String,
    #[serde(default)]
    note: String,
}

/// Why a change was not saved, in words; errors that are not about what was typed go to the
/// error page instead.
fn explain(lang: Lang, error: WebError) -> Result<String, WebError> {
    let n = lang.text().n;
    let reason = match error {
        WebError::InvalidInput(detail) => format!("{} ({detail})", lang.error("invalid_input")),
        WebError::Conflict => n.wrong_weekday.to_owned(),
        WebError::NotFound => n.unknown_lesson_or_teacher.to_owned(),
        other => return Err(other),
    };
    Ok(format!("{} {reason}", n.change_failed))
}

/// `POST /school/timetable/lessons/{slot_id}`: changes or cancels the lesson on one day,
/// then shows its class's week again.
pub async fn change(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Path(slot): Path<String>,
    PageForm(form): PageForm<ChangeForm>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.key, &form.csrf)?;
    let request = LessonChangeRequest {
        date: form.date,
        cancelled: form.cancelled.is_some(),
        room: Some(form.room),
        teacher: Some(form.teacher),
        note: form.note,
    };
    match change_lesson(&state, &session, &slot, &request).await {
        Ok(class) => {
            let to = format!("/school/timetable?class={class}&saved=true#week");
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) => {
            let status = error.status();
            let outcome = Outcome {
                problem: Some(explain(lang, error)?),
                ..Outcome::default()
            };
            let class = Some(form.class.as_str());
            show(&state, lang, &session, class, outcome, status).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lessons_are_grouped_by_day_and_offer_their_next_date() {
        let lesson = |weekday: u8, starts: &str| WeekLesson {
            id: "0123456789abcdef0123456789abcdef".parse().unwrap(),
            weekday,
            starts: cartable_core::continuity::TimeOfDay::parse(starts).unwrap(),
            ends: cartable_core::continuity::TimeOfDay::parse("18:00").unwrap(),
            subject: "Maths".into(),
            teacher: None,
            teacher_login: None,
            room: String::new(),
        };
        let wednesday = SchoolDate::parse("2026-12-02").unwrap();
        let days = by_day(
            vec![lesson(1, "08:00"), lesson(1, "09:00"), lesson(3, "08:00")],
            wednesday,
            Lang::Fr.text().n.days,
        );
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].name, "Lundi");
        assert_eq!(days[0].lessons.len(), 2);
        assert_eq!(days[0].lessons[0].next.to_string(), "2026-12-07");
        assert_eq!(days[1].name, "Mercredi");
        assert_eq!(days[1].lessons[0].next, wednesday);
    }

    #[test]
    fn a_class_s_week_is_written_as_a_file_that_loads_back_the_same() {
        let class = ClassRef {
            id: "0123456789abcdef0123456789abcdef".parse().unwrap(),
            name: "6e A".into(),
        };
        let week = vec![
            WeekLesson {
                id: "0123456789abcdef0123456789abcdef".parse().unwrap(),
                weekday: 2,
                starts: cartable_core::continuity::TimeOfDay::parse("08:00").unwrap(),
                ends: cartable_core::continuity::TimeOfDay::parse("09:30").unwrap(),
                subject: "Histoire, géographie".into(),
                teacher: Some("Marc Dupont".into()),
                teacher_login: Some("marc.dupont".into()),
                room: "Salle \"B\" 12".into(),
            },
            WeekLesson {
                id: "fedcba9876543210fedcba9876543210".parse().unwrap(),
                weekday: 6,
                starts: cartable_core::continuity::TimeOfDay::parse("10:00").unwrap(),
                ends: cartable_core::continuity::TimeOfDay::parse("11:00").unwrap(),
                subject: "Sport".into(),
                teacher: None,
                teacher_login: None,
                room: String::new(),
            },
        ];
        let rows = cartable_core::continuity::timetable::parse_timetable(&week_csv(&class, &week))
            .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].class.as_str(), "6e A");
        assert_eq!((rows[0].weekday, rows[1].weekday), (2, 6));
        assert_eq!(rows[0].ends.to_string(), "09:30");
        assert_eq!(rows[0].subject.as_str(), "Histoire, géographie");
        assert_eq!(
            rows[0].teacher.as_ref().map(|l| l.as_str()),
            Some("marc.dupont")
        );
        assert_eq!(rows[0].room, "Salle \"B\" 12");
        assert_eq!(rows[1].teacher, None);
    }
}
