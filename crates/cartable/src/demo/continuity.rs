//! The demo schools in the middle of their week: timetables with this week's changes, the
//! class log and its homework, the news of the school and of each class, homework some
//! pupils have ticked — so that whoever signs in to the demo finds a school that lives.
//!
//! [`seed_week`] runs at every start of `serve --demo`. It loads the timetables once, then
//! writes what the week around today needs and the store does not hold yet: the class log
//! of the last week and the next lessons, this week's changes, the last days' news. So the
//! demo is alive whichever day it is started, and a restart the same day adds nothing.
//! Everything is written through the permits a school's own people get: the teachers write
//! their classes' log, the head publishes the school's news, the pupils tick their homework
//! and hand their work in.

mod changes;
mod class_log;
mod class_work;
mod documents;
mod news;
mod roster;
mod sessions;
mod timetable;
mod week;

use crate::demo::{DemoAcademy, DemoSchool};
use anyhow::Context;
use cartable_core::authz::{authorize, Action};
use cartable_core::continuity::timetable::parse_timetable;
use cartable_core::continuity::{LongText, SchoolDate, ShortText};
use cartable_core::import::parse_directory;
use cartable_core::{Actor, ClassId, Login, Role, SchoolId, SlotId, Timestamp, UserId};
use cartable_store::continuity::WeekLesson;
use cartable_store::{BlobStore, Store};
use roster::{ClassRoster, Roster};
use std::collections::{HashMap, HashSet};
use week::DemoWeek;

/// The demo schools' time zone, which decides what "today" is.
pub const TIME_ZONE: &str = "Europe/Paris";
/// The longest title the demo writes (its own are far shorter).
const TITLE_CHARS: usize = 200;
/// The longest text the demo writes (its own are far shorter).
const TEXT_CHARS: usize = 5_000;

/// What [`seed_week`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Weekly lessons loaded (on the first start only).
    pub timetable_lessons: usize,
    /// Lessons cancelled or moved today or on the next school day.
    pub changes: usize,
    /// Class log entries written.
    pub entries: usize,
    /// News published.
    pub news: usize,
    /// Homework ticked as done by pupils.
    pub ticks: usize,
    /// Work handed in by pupils.
    pub hand_ins: usize,
    /// Files put in class spaces (on the first start only).
    pub documents: usize,
}

/// Brings the demo academy's schools (already in `store`) to the week around `now`: see
/// the module's documentation.
pub async fn seed_week(
    store: &Store,
    blobs: &BlobStore,
    academy: &DemoAcademy,
    now: Timestamp,
) -> anyhow::Result<SeedReport> {
    let days = DemoWeek::at(now, jiff::tz::TimeZone::get(TIME_ZONE)?);
    let mut report = SeedReport::default();
    for (number, school) in academy.schools.iter().enumerate() {
        seed_school(store, blobs, school, number as u64, &days, &mut report)
            .await
            .with_context(|| format!("bringing {} to life", school.name))?;
    }
    Ok(report)
}

/// A demo school as the store holds it.
struct Place<'a> {
    id: SchoolId,
    /// Whether it is a lycée (else a collège).
    lycee: bool,
    /// Its head, who changes the timetable and publishes the school's news.
    head: UserId,
    /// Its teachers' ids, by login.
    teachers: HashMap<&'a str, UserId>,
}

/// A demo class as the store holds it.
struct Class<'a> {
    /// Its people.
    roster: &'a ClassRoster<'a>,
    id: ClassId,
    /// Its place in the school.
    index: usize,
    /// Its weekly lessons, by day and time.
    week: &'a [WeekLesson],
    /// The lessons cancelled this week, of every class of the school.
    cancelled: &'a HashSet<(SlotId, SchoolDate)>,
}

/// Brings one school to the week: its timetable (the first time), this week's changes,
/// each class's log, ticks and news, and the head's news. `number` is the school's place
/// in the academy.
async fn seed_school(
    store: &Store,
    blobs: &BlobStore,
    school: &DemoSchool,
    number: u64,
    days: &DemoWeek,
    report: &mut SeedReport,
) -> anyhow::Result<()> {
    let record = store
        .school_by_uai(&school.uai)
        .await?
        .context("the school is not in the store")?;
    let rows = parse_directory(&school.directory_csv)
        .map_err(|errors| anyhow::anyhow!("demo directory is invalid: {}", errors[0]))?;
    let roster = Roster::of(&rows);
    let mut teachers = HashMap::new();
    for login in roster.teachers() {
        teachers.insert(login, user_id(store, login).await?);
    }
    let place = Place {
        id: record.id,
        lycee: school.name.starts_with("Lycée"),
        head: user_id(store, roster.head).await?,
        teachers,
    };
    let view = authorize(
        &Actor::platform_operator(),
        Action::ViewSchool(place.id.clone()),
    )?;
    let overview = store.school_overview(&view).await?;
    let class_ids: HashMap<&str, ClassId> = overview
        .classes
        .iter()
        .map(|c| (c.class.name.as_str(), c.class.id.clone()))
        .collect();
    let weeks = load_timetable(store, &place, &roster, &class_ids, number, report).await?;
    let week_refs: Vec<&[WeekLesson]> = weeks.iter().map(Vec::as_slice).collect();
    let cancelled = change_lessons(store, &place, &week_refs, days, number, report).await?;

    let mut latest_school_news = None;
    for (index, (class_roster, week)) in roster.classes.iter().zip(&week_refs).enumerate() {
        let Some(id) = class_ids.get(class_roster.name) else {
            continue;
        };
        let class = Class {
            roster: class_roster,
            id: id.clone(),
            index,
            week,
            cancelled: &cancelled,
        };
        let seen = class_work::seed_class(store, &place, &class, days, report).await?;
        report.documents +=
            documents::seed_class_space(store, blobs, &place, &class, days.now).await?;
        latest_school_news = latest_school_news.max(seen);
    }
    publish_school_news(store, &place, days, latest_school_news, report).await
}

/// Each class's week, after loading the school's timetable if no class has one yet.
async fn load_timetable(
    store: &Store,
    place: &Place<'_>,
    roster: &Roster<'_>,
    class_ids: &HashMap<&str, ClassId>,
    number: u64,
    report: &mut SeedReport,
) -> anyhow::Result<Vec<Vec<WeekLesson>>> {
    let weeks = read_weeks(store, &place.id, roster, class_ids).await?;
    if !weeks.iter().all(Vec::is_empty) {
        return Ok(weeks);
    }
    let csv = timetable::school_timetable(&roster.classes, place.lycee, number);
    let lessons = parse_timetable(&csv)
        .map_err(|errors| anyhow::anyhow!("demo timetable is invalid: {}", errors[0]))?;
    let permit = authorize(
        &Actor::platform_operator(),
        Action::EditTimetable(place.id.clone()),
    )?;
    report.timetable_lessons += store.import_timetable(&permit, &lessons).await?.lessons;
    read_weeks(store, &place.id, roster, class_ids).await
}

/// Records this week's changes (see [`changes`]) as the head; returns the lessons cancelled.
async fn change_lessons(
    store: &Store,
    place: &Place<'_>,
    weeks: &[&[WeekLesson]],
    days: &DemoWeek,
    number: u64,
    report: &mut SeedReport,
) -> anyhow::Result<HashSet<(SlotId, SchoolDate)>> {
    let permit = authorize(
        &Actor::platform_operator(),
        Action::EditTimetable(place.id.clone()),
    )?;
    let changes = changes::plan_changes(weeks, days, number);
    for planned in &changes {
        store
            .change_lesson(
                &permit,
                &planned.slot,
                planned.day,
                &planned.change,
                &place.head,
                days.now,
            )
            .await?;
    }
    report.changes += changes.len();
    Ok(changes
        .into_iter()
        .filter(|c| c.change.cancelled)
        .map(|c| (c.slot, c.day))
        .collect())
}

/// Publishes the head's news of the last days, those newer than the school's latest.
async fn publish_school_news(
    store: &Store,
    place: &Place<'_>,
    days: &DemoWeek,
    latest: Option<Timestamp>,
    report: &mut SeedReport,
) -> anyhow::Result<()> {
    let head = Actor::person(place.head.clone(), Role::Head, vec![place.id.clone()]);
    let permit = authorize(&head, Action::PublishSchoolNews(place.id.clone()))?;
    for item in news::school_news(days, place.lycee) {
        if Some(item.at) > latest {
            let (title, body) = (title(item.title)?, text(&item.body)?);
            store
                .publish_news(&permit, &place.head, &title, &body, item.at)
                .await?;
            report.news += 1;
        }
    }
    Ok(())
}

/// Each class's week as the store holds it, in the roster's order (empty for a class the
/// store does not have).
async fn read_weeks(
    store: &Store,
    school: &SchoolId,
    roster: &Roster<'_>,
    class_ids: &HashMap<&str, ClassId>,
) -> anyhow::Result<Vec<Vec<WeekLesson>>> {
    let mut weeks = Vec::with_capacity(roster.classes.len());
    for class in &roster.classes {
        let week = match class_ids.get(class.name) {
            Some(id) => store.class_week(&reader(school, id)?).await?,
            None => Vec::new(),
        };
        weeks.push(week);
    }
    Ok(weeks)
}

/// The platform operator's permit to read a class's work.
fn reader(school: &SchoolId, class: &ClassId) -> anyhow::Result<cartable_core::authz::Permit> {
    let action = Action::ReadClassWork {
        school: school.clone(),
        class: class.clone(),
        tie: cartable_core::continuity::ClassTie::None,
    };
    Ok(authorize(&Actor::platform_operator(), action)?)
}

/// The id of the account `login`.
async fn user_id(store: &Store, login: &str) -> anyhow::Result<UserId> {
    let login = Login::parse(login)?;
    let account = store
        .account_by_login(&login)
        .await?
        .with_context(|| format!("{login} is not in the store"))?;
    Ok(account.id)
}

/// One of the demo's titles, checked as a teacher's would be.
fn title(text: &str) -> anyhow::Result<ShortText> {
    Ok(ShortText::parse(text, "title", TITLE_CHARS)?)
}

/// One of the demo's texts, checked as a teacher's would be.
fn text(text: &str) -> anyhow::Result<LongText> {
    Ok(LongText::parse(text, "text", TEXT_CHARS)?)
}
