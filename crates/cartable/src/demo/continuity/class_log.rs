//! What the demo's teachers wrote in a class's log: an entry for each lesson of the last
//! week up to today, and the first lessons of the next school day planned ahead. Each entry
//! sets its homework for the subject's next lesson, so that homework is due today, on the
//! next school day and later in the week.

use super::sessions::{sessions, Session};
use super::week::{day_number, is_school_day, DemoWeek};
use cartable_core::continuity::SchoolDate;
use cartable_core::{SlotId, Timestamp};
use cartable_store::continuity::WeekLesson;
use std::collections::{BTreeSet, HashSet};

/// How many lessons of the next school day are already in the log, for pupils to prepare.
const PLANNED_AHEAD: usize = 2;

/// A class's week and what its log already holds.
pub(super) struct ClassLog<'a> {
    /// Its weekly lessons, by day and time.
    pub week: &'a [WeekLesson],
    /// Lessons not taught on a day (the teacher is absent): nothing is written for them.
    pub cancelled: &'a HashSet<(SlotId, SchoolDate)>,
    /// (day, subject) of the entries already in the log: they are not written again.
    pub written: &'a HashSet<(SchoolDate, String)>,
    /// The class's place in its school, so that classes of a level are not all on the same
    /// page of the book.
    pub index: usize,
    /// Whether the class is at a lycée.
    pub lycee: bool,
}

/// An entry to write in a class's log.
pub(super) struct PlannedEntry<'a> {
    /// Its subject.
    pub subject: &'a str,
    /// The day of the lesson.
    pub date: SchoolDate,
    /// What the teacher wrote.
    pub session: &'static Session,
    /// When pupils start seeing it: the morning of the lesson's day.
    pub visible_from: Timestamp,
    /// When its homework is due, if it sets one.
    pub due: Option<SchoolDate>,
}

/// The entries of the class log the week around today needs and the log does not hold.
pub(super) fn plan_entries<'a>(class: &ClassLog<'a>, days: &DemoWeek) -> Vec<PlannedEntry<'a>> {
    let mut entries = Vec::new();
    for day in days.log_days() {
        entries.extend(day_entries(class, day, days, usize::MAX));
    }
    entries.extend(day_entries(class, days.next, days, PLANNED_AHEAD));
    entries
}

/// One entry for each subject taught on `day` (the first `most`), for those not yet written.
fn day_entries<'a>(
    class: &ClassLog<'a>,
    day: SchoolDate,
    days: &DemoWeek,
    most: usize,
) -> Vec<PlannedEntry<'a>> {
    let mut subjects = HashSet::new();
    class
        .week
        .iter()
        .filter(|l| l.weekday == day.weekday())
        .filter(|l| !class.cancelled.contains(&(l.id.clone(), day)))
        .filter(|l| subjects.insert(l.subject.as_str()))
        .take(most)
        .filter(|l| !class.written.contains(&(day, l.subject.clone())))
        .filter_map(|l| {
            let session = session_for(class, &l.subject, day)?;
            let due = if session.homework.is_empty() {
                None
            } else {
                next_lesson(class.week, &l.subject, day)
            };
            Some(PlannedEntry {
                subject: &l.subject,
                date: day,
                session,
                visible_from: days.instant(day, 0),
                due,
            })
        })
        .collect()
}

/// What the teacher of `subject` did on `day`: the lessons of the subject follow one
/// another through its run week after week, the same whenever the demo starts.
fn session_for(class: &ClassLog<'_>, subject: &str, day: SchoolDate) -> Option<&'static Session> {
    let run = sessions(subject, class.lycee);
    let weekdays: BTreeSet<u8> = class
        .week
        .iter()
        .filter(|l| l.subject == subject)
        .map(|l| l.weekday)
        .collect();
    let rank = weekdays.iter().position(|w| *w == day.weekday())?;
    let week = day_number(day.monday()) / 7;
    let lesson = week * weekdays.len() as i64 + rank as i64 + 2 * class.index as i64;
    run.get(usize::try_from(lesson.rem_euclid(run.len() as i64)).ok()?)
}

/// The next school day after `day` the class has `subject`: when homework set on `day` is due.
fn next_lesson(week: &[WeekLesson], subject: &str, day: SchoolDate) -> Option<SchoolDate> {
    (1..=7)
        .map(|n| day.plus_days(n))
        .filter(|d| is_school_day(*d))
        .find(|d| {
            week.iter()
                .any(|l| l.subject == subject && l.weekday == d.weekday())
        })
}
