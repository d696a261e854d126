//! This week's changes to the demo's timetables: a teacher off sick whose lessons are
//! cancelled, and every class moved to another room for one lesson of the next school day.
//! The choices for a day are drawn from the day itself, so a restart on the same day makes
//! the same changes again instead of new ones.

use super::week::{day_number, DemoWeek};
use cartable_core::continuity::SchoolDate;
use cartable_core::SlotId;
use cartable_store::continuity::{LessonChange, WeekLesson};
use rand::rngs::StdRng;
use rand::seq::{IteratorRandom, SliceRandom};
use rand::SeedableRng;
use std::collections::BTreeSet;

/// What pupils read on a cancelled lesson.
pub(super) const ABSENT_NOTE: &str = "Professeur absent";

/// A change to one lesson on one day.
pub(super) struct PlannedChange {
    /// The weekly lesson.
    pub slot: SlotId,
    /// The day it changes.
    pub day: SchoolDate,
    /// How.
    pub change: LessonChange,
}

/// The changes of a school whose classes have these weeks (`school` tells the schools
/// apart): one teacher absent on [`DemoWeek::absence_day`], and one lesson of each class in
/// another room on the next school day.
pub(super) fn plan_changes(
    weeks: &[&[WeekLesson]],
    days: &DemoWeek,
    school: u64,
) -> Vec<PlannedChange> {
    let absence = days.absence_day();
    let mut rng = day_rng(absence, school);
    let teachers: BTreeSet<&str> = weeks
        .iter()
        .flat_map(|week| week.iter())
        .filter(|l| l.weekday == absence.weekday())
        .filter_map(|l| l.teacher.as_deref())
        .collect();
    let absent = teachers.into_iter().choose(&mut rng);
    let mut changes: Vec<PlannedChange> = weeks
        .iter()
        .flat_map(|week| week.iter())
        .filter(|l| l.weekday == absence.weekday() && l.teacher.as_deref() == absent)
        .map(|l| PlannedChange {
            slot: l.id.clone(),
            day: absence,
            change: LessonChange {
                cancelled: true,
                room: None,
                teacher: None,
                note: ABSENT_NOTE.to_owned(),
            },
        })
        .collect();
    let mut rng = day_rng(days.next, school);
    for (index, week) in weeks.iter().enumerate() {
        let movable: Vec<&WeekLesson> = week
            .iter()
            .filter(|l| l.weekday == days.next.weekday() && !l.room.starts_with("Gymnase"))
            .filter(|l| !changes.iter().any(|c| c.slot == l.id && c.day == days.next))
            .collect();
        if let Some(lesson) = movable.choose(&mut rng) {
            // Rooms of a building no class calls its own: two moved classes never meet.
            let room = format!("E{:02}", index + 1);
            changes.push(PlannedChange {
                slot: lesson.id.clone(),
                day: days.next,
                change: LessonChange {
                    cancelled: false,
                    note: format!("Cours déplacé en salle {room}"),
                    room: Some(room),
                    teacher: None,
                },
            });
        }
    }
    changes
}

/// The random choices made for `day` in `school`.
fn day_rng(day: SchoolDate, school: u64) -> StdRng {
    StdRng::seed_from_u64(day_number(day).unsigned_abs() ^ (school << 32))
}
