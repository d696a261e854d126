//! One demo class's week written into the store: its teachers' log entries and homework
//! (about a third of which ask pupils to hand work in), the homework a few of its pupils
//! ticked or handed in, and its latest news.

use super::class_log::{plan_entries, ClassLog};
use super::week::{day_number, DemoWeek};
use super::{news, reader, text, title, user_id, Class, Place, SeedReport};
use anyhow::Context;
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::continuity::{ClassTie, SchoolDate};
use cartable_core::directory::Subject;
use cartable_core::{Actor, ClassId, LessonId, Role, Timestamp, UserId};
use cartable_store::continuity::{HandInRequest, Homework, NewHomework, NewLesson};
use cartable_store::{ContentKind, KindSet, Store};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::{HashMap, HashSet};

/// How far back the log is read for entries already written: past the week it is written for.
const LOG_DAYS_READ: i32 = 8;
/// How far back the news is read for items already published (the pages show a week).
const NEWS_SECONDS_READ: i64 = 8 * 86_400;
/// How many pupils of a class tick homework: the first of the class (the demo pupil
/// `serve --demo` prints is one) and a few others drawn for the day.
const TICKERS: usize = 6;
/// How far ahead ticked homework may be due.
const TICK_DAYS_AHEAD: i32 = 14;
/// When work asked for is to be handed in: the due day, before the first lesson.
const DEADLINE_MINUTES: i64 = 8 * 60;
/// What the demo's pupils write when they hand work in.
const HAND_IN_TEXT: &str = "Voici mon travail : j’ai fait tous les exercices, sauf le dernier \
où je n’ai pas compris la consigne.";

/// Whether the homework a class is set for `due` asks for a hand-in: about one in three,
/// not on the same days for every class.
fn asks_hand_in(class: &Class<'_>, due: SchoolDate) -> bool {
    (day_number(due) + class.index as i64).rem_euclid(3) == 0
}

/// Writes what `class` lacks of the week around today; returns when the newest
/// school-wide news it saw was published, so the school's news is not published twice.
pub(super) async fn seed_class(
    store: &Store,
    school: &Place<'_>,
    class: &Class<'_>,
    days: &DemoWeek,
    report: &mut SeedReport,
) -> anyhow::Result<Option<Timestamp>> {
    let read = reader(&school.id, &class.id)?;
    let new_lessons = write_log(store, school, class, &read, days).await?;
    report.entries += new_lessons.len();
    let (ticks, hand_ins) = tick(store, school, class, &read, &new_lessons, days).await?;
    report.ticks += ticks;
    report.hand_ins += hand_ins;

    let day = store
        .class_day(&read, days.today, days.now.plus_seconds(-NEWS_SECONDS_READ))
        .await?;
    let latest = |class: Option<&ClassId>| {
        day.news
            .iter()
            .filter(|n| n.class.as_ref().map(|c| &c.id) == class)
            .map(|n| n.published_at)
            .max()
    };
    let subjects: Vec<&str> = class.roster.teachings.iter().map(|&(s, _)| s).collect();
    let news = news::class_news(days, class.roster.name, &subjects, class.index);
    if let Some((subject, item)) = news.filter(|(_, item)| Some(item.at) > latest(Some(&class.id)))
    {
        let login = class.roster.teacher_of(subject).context("no teacher")?;
        let (teacher, permit) = teacher_permit(store, school, class, login, |school, tie| {
            Ok(Action::PublishClassNews {
                school,
                class: class.id.clone(),
                tie,
            })
        })
        .await?;
        let (title, body) = (title(item.title)?, text(&item.body)?);
        store
            .publish_news(&permit, &teacher, &title, &body, item.at)
            .await?;
        report.news += 1;
    }
    Ok(latest(None))
}

/// Writes the entries of the class log the week needs and the log lacks, each by the
/// teacher of its subject; returns the new entries.
async fn write_log(
    store: &Store,
    school: &Place<'_>,
    class: &Class<'_>,
    read: &Permit,
    days: &DemoWeek,
) -> anyhow::Result<HashSet<LessonId>> {
    let log = store
        .class_log(read, days.today.plus_days(-LOG_DAYS_READ), days.next, None)
        .await?;
    let written: HashSet<(SchoolDate, String)> =
        log.iter().map(|e| (e.date, e.subject.clone())).collect();
    let plan = plan_entries(
        &ClassLog {
            week: class.week,
            cancelled: class.cancelled,
            written: &written,
            index: class.index,
            lycee: school.lycee,
        },
        days,
    );
    let mut writers: HashMap<&str, (UserId, Permit)> = HashMap::new();
    let mut new_lessons = HashSet::new();
    for entry in plan {
        let Some(login) = class.roster.teacher_of(entry.subject) else {
            continue;
        };
        if !writers.contains_key(entry.subject) {
            let writer = teacher_permit(store, school, class, login, |school, tie| {
                Ok(Action::WriteClassLog {
                    school,
                    class: class.id.clone(),
                    subject: Subject::parse(entry.subject)?,
                    tie,
                })
            })
            .await?;
            writers.insert(entry.subject, writer);
        }
        let Some((teacher, permit)) = writers.get(entry.subject) else {
            continue;
        };
        let homework = match entry.due {
            Some(due) => vec![NewHomework {
                due,
                instructions: text(entry.session.homework)?,
                attachments: Vec::new(),
                hand_in: asks_hand_in(class, due).then(|| HandInRequest {
                    deadline: days.instant(due, DEADLINE_MINUTES),
                    accepted: KindSet::of(&[
                        ContentKind::Pdf,
                        ContentKind::Image,
                        ContentKind::OfficeDocument,
                        ContentKind::PlainText,
                    ]),
                    max_bytes: 10 * 1024 * 1024,
                }),
            }],
            None => Vec::new(),
        };
        let lesson = NewLesson {
            date: entry.date,
            title: title(entry.session.title)?,
            content: text(entry.session.content)?,
            visible_from: entry.visible_from,
            homework,
        };
        let id = store
            .write_lesson(permit, teacher, &lesson, days.now)
            .await?;
        new_lessons.insert(id);
    }
    Ok(new_lessons)
}

/// The teacher `login` and their permit for the action `make` builds from the school and
/// their tie to the class.
pub(super) async fn teacher_permit(
    store: &Store,
    school: &Place<'_>,
    class: &Class<'_>,
    login: &str,
    make: impl FnOnce(cartable_core::SchoolId, ClassTie) -> anyhow::Result<Action>,
) -> anyhow::Result<(UserId, Permit)> {
    let id = school
        .teachers
        .get(login)
        .with_context(|| format!("{login} is not a teacher of the school"))?
        .clone();
    let tie = store
        .class_tie(&id, Role::Teacher, &class.id)
        .await?
        .map(|(_, tie)| tie)
        .unwrap_or_default();
    let actor = Actor::person(id.clone(), Role::Teacher, vec![school.id.clone()]);
    let permit = authorize(&actor, make(school.id.clone(), tie)?)
        .with_context(|| format!("{login} may not write for {}", class.roster.name))?;
    Ok((id, permit))
}

/// A few pupils of the class tick about half of the homework just set that is already
/// visible and due from today on, and hand in about half of the work it asks for. Returns
/// how many ticks and hand-ins.
async fn tick(
    store: &Store,
    school: &Place<'_>,
    class: &Class<'_>,
    read: &Permit,
    new_lessons: &HashSet<LessonId>,
    days: &DemoWeek,
) -> anyhow::Result<(usize, usize)> {
    let homework: Vec<Homework> = store
        .homework_due(read, days.today, days.today.plus_days(TICK_DAYS_AHEAD))
        .await?
        .into_iter()
        .filter(|h| h.visible_from <= days.now)
        .filter(|h| {
            h.lesson_id
                .as_ref()
                .is_some_and(|l| new_lessons.contains(l))
        })
        .collect();
    let Some((first, others)) = class.roster.pupils.split_first() else {
        return Ok((0, 0));
    };
    if homework.is_empty() {
        return Ok((0, 0));
    }
    let mut rng =
        StdRng::seed_from_u64(day_number(days.today).unsigned_abs() ^ ((class.index as u64) << 32));
    let mut pupils = vec![*first];
    pupils.extend(others.choose_multiple(&mut rng, TICKERS - 1));
    let (mut ticks, mut hand_ins) = (0, 0);
    let body = text(HAND_IN_TEXT)?;
    for login in pupils {
        let id = user_id(store, login).await?;
        let tie = store
            .class_tie(&id, Role::Pupil, &class.id)
            .await?
            .map(|(_, tie)| tie)
            .unwrap_or_default();
        let actor = Actor::person(id.clone(), Role::Pupil, vec![school.id.clone()]);
        let permit = authorize(
            &actor,
            Action::TickHomework {
                school: school.id.clone(),
                class: class.id.clone(),
                tie: tie.clone(),
            },
        )?;
        let handing_in = authorize(
            &actor,
            Action::HandIn {
                school: school.id.clone(),
                class: class.id.clone(),
                tie,
            },
        )?;
        for item in &homework {
            if rng.gen_bool(0.5) {
                store
                    .tick_homework(&permit, &id, &item.id, true, days.now)
                    .await?;
                ticks += 1;
            }
            if item.hand_in.is_some() && rng.gen_bool(0.5) {
                store
                    .hand_in(&handing_in, &id, &item.id, Some(&body), &[], days.now)
                    .await?;
                hand_ins += 1;
            }
        }
    }
    Ok((ticks, hand_ins))
}
