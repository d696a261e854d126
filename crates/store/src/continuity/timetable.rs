//! Timetables: a school's file loaded all or nothing, a class's week, one day's changes.

use super::model::{DayLesson, LessonChange, LessonStatus, TimetableReport, WeekLesson};
use crate::error::decode;
use crate::{Result, Store, StoreError};
use cartable_core::authz::{Action, Permit};
use cartable_core::continuity::timetable::WeeklyLesson;
use cartable_core::continuity::{SchoolDate, TimeOfDay};
use cartable_core::import::LineError;
use cartable_core::{ClassId, SchoolId, SlotId, Timestamp, UserId};
use rand::rngs::OsRng;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::collections::{BTreeSet, HashMap};

/// The columns of a weekly lesson with its teacher's name, over `timetable_slots s` joined
/// to `users t` on the teacher.
const WEEK_COLUMNS: &str = "s.id, s.weekday, s.starts_at, s.ends_at, s.subject, s.room, \
    t.first_name AS teacher_first, t.last_name AS teacher_last, t.login AS teacher_login";

fn teacher_name(row: &AnyRow, first: &str, last: &str) -> Result<Option<String>> {
    let first: Option<String> = row.try_get(first)?;
    let last: Option<String> = row.try_get(last)?;
    Ok(first.zip(last).map(|(f, l)| format!("{f} {l}")))
}

fn time_of_day(row: &AnyRow, column: &str) -> Result<TimeOfDay> {
    let minutes: i64 = row.try_get(column)?;
    TimeOfDay::from_minutes(minutes).ok_or_else(|| {
        StoreError::Database(sqlx::Error::Decode(
            format!("{column} holds {minutes}, not a time of day").into(),
        ))
    })
}

pub(crate) fn week_lesson(row: &AnyRow) -> Result<WeekLesson> {
    let weekday: i64 = row.try_get("weekday")?;
    Ok(WeekLesson {
        id: decode(row.try_get("id")?)?,
        weekday: u8::try_from(weekday).unwrap_or(1),
        starts: time_of_day(row, "starts_at")?,
        ends: time_of_day(row, "ends_at")?,
        subject: row.try_get("subject")?,
        teacher: teacher_name(row, "teacher_first", "teacher_last")?,
        teacher_login: row.try_get("teacher_login")?,
        room: row.try_get("room")?,
    })
}

/// The school of an `EditTimetable` permit.
fn timetable_school(permit: &Permit) -> Result<&SchoolId> {
    match permit.action() {
        Action::EditTimetable(school) => Ok(school),
        _ => Err(StoreError::Forbidden),
    }
}

impl Store {
    /// Replaces the week of every class a timetable file names, in the permit's school
    /// (`EditTimetable`). Classes and teachers are found by name and login in that school;
    /// any row naming one that is not there is reported with its line and nothing changes.
    /// The day changes recorded for the replaced lessons go with them.
    pub async fn import_timetable(
        &self,
        permit: &Permit,
        lessons: &[WeeklyLesson],
    ) -> Result<TimetableReport> {
        let school = timetable_school(permit)?;
        let (_turn, mut tx) = self.begin_write().await?;
        let classes = names_to_ids(
            &mut tx,
            "SELECT id, name FROM classes WHERE school_id = $1",
            school,
        )
        .await?;
        let teachers = names_to_ids(
            &mut tx,
            "SELECT id, login AS name FROM users WHERE school_id = $1 AND role = 'teacher'",
            school,
        )
        .await?;
        let mut errors = Vec::new();
        for lesson in lessons {
            if !classes.contains_key(lesson.class.as_str()) {
                errors.push(LineError {
                    line: lesson.line,
                    reason: format!("no class {} in this school", lesson.class),
                });
            }
            if let Some(login) = &lesson.teacher {
                if !teachers.contains_key(login.as_str()) {
                    errors.push(LineError {
                        line: lesson.line,
                        reason: format!("no teacher {login} in this school"),
                    });
                }
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Import(errors));
        }
        let named: BTreeSet<&str> = lessons.iter().map(|l| l.class.as_str()).collect();
        for name in &named {
            let class = &classes[*name];
            for table in ["timetable_changes", "timetable_slots"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE class_id = $1"))
                    .bind(class.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for lesson in lessons {
            let teacher = lesson
                .teacher
                .as_ref()
                .map(|login| teachers[login.as_str()].as_str());
            sqlx::query(
                "INSERT INTO timetable_slots \
                 (id, school_id, class_id, weekday, starts_at, ends_at, subject, teacher_id, room) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(SlotId::random(&mut OsRng).as_str())
            .bind(school.as_str())
            .bind(classes[lesson.class.as_str()].as_str())
            .bind(i64::from(lesson.weekday))
            .bind(i64::from(lesson.starts.minutes()))
            .bind(i64::from(lesson.ends.minutes()))
            .bind(lesson.subject.as_str())
            .bind(teacher)
            .bind(lesson.room.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(TimetableReport {
            classes: named.len(),
            lessons: lessons.len(),
        })
    }

    /// A class's week, by day and time (`ReadClassWork` for the class).
    pub async fn class_week(&self, permit: &Permit) -> Result<Vec<WeekLesson>> {
        let class = read_class(permit)?;
        let rows = sqlx::query(&format!(
            "SELECT {WEEK_COLUMNS} FROM timetable_slots s LEFT JOIN users t ON t.id = s.teacher_id \
             WHERE s.class_id = $1 ORDER BY s.weekday, s.starts_at"
        ))
        .bind(class.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(week_lesson).collect()
    }

    /// Records a change to one weekly lesson of the permit's school (`EditTimetable`) on one
    /// day, replacing any earlier change of that lesson that day. A stand-in teacher must be
    /// a teacher of the school; the day must fall on the lesson's weekday.
    pub async fn change_lesson(
        &self,
        permit: &Permit,
        slot: &SlotId,
        day: SchoolDate,
        change: &LessonChange,
        by: &UserId,
        now: Timestamp,
    ) -> Result<ClassId> {
        let school = timetable_school(permit)?;
        let (_turn, mut tx) = self.begin_write().await?;
        let row = sqlx::query(
            "SELECT class_id, weekday FROM timetable_slots WHERE id = $1 AND school_id = $2",
        )
        .bind(slot.as_str())
        .bind(school.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let class: ClassId = decode(row.try_get("class_id")?)?;
        let weekday: i64 = row.try_get("weekday")?;
        if weekday != i64::from(day.weekday()) {
            return Err(StoreError::Conflict);
        }
        let teacher = match &change.teacher {
            None => None,
            Some(login) => {
                let row = sqlx::query(
                    "SELECT id FROM users WHERE login = $1 AND school_id = $2 AND role = 'teacher'",
                )
                .bind(login.as_str())
                .bind(school.as_str())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
                Some(row.try_get::<String, _>("id")?)
            }
        };
        sqlx::query(
            "INSERT INTO timetable_changes \
             (slot_id, day, class_id, cancelled, room, teacher_id, note, changed_by, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (slot_id, day) DO UPDATE SET cancelled = excluded.cancelled, \
             room = excluded.room, teacher_id = excluded.teacher_id, note = excluded.note, \
             changed_by = excluded.changed_by, changed_at = excluded.changed_at",
        )
        .bind(slot.as_str())
        .bind(day.to_string())
        .bind(class.as_str())
        .bind(i64::from(change.cancelled))
        .bind(change.room.as_deref())
        .bind(teacher)
        .bind(change.note.as_str())
        .bind(by.as_str())
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(class)
    }
}

/// The class of a `ReadClassWork` permit.
pub(crate) fn read_class(permit: &Permit) -> Result<&ClassId> {
    match permit.action() {
        Action::ReadClassWork { class, .. } => Ok(class),
        _ => Err(StoreError::Forbidden),
    }
}

/// A class's lessons on `day`, with the day's changes applied, in order.
pub(crate) async fn day_lessons(
    pool: &sqlx::AnyPool,
    class: &ClassId,
    day: SchoolDate,
) -> Result<Vec<DayLesson>> {
    let rows = sqlx::query(&format!(
        "SELECT {WEEK_COLUMNS}, c.cancelled, c.room AS new_room, c.note, \
         n.first_name AS new_first, n.last_name AS new_last \
         FROM timetable_slots s LEFT JOIN users t ON t.id = s.teacher_id \
         LEFT JOIN timetable_changes c ON c.slot_id = s.id AND c.day = $3 \
         LEFT JOIN users n ON n.id = c.teacher_id \
         WHERE s.class_id = $1 AND s.weekday = $2 ORDER BY s.starts_at"
    ))
    .bind(class.as_str())
    .bind(i64::from(day.weekday()))
    .bind(day.to_string())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let mut lesson = week_lesson(row)?;
            let cancelled: Option<i64> = row.try_get("cancelled")?;
            let status = match cancelled {
                None => LessonStatus::Usual,
                Some(0) => LessonStatus::Changed,
                Some(_) => LessonStatus::Cancelled,
            };
            if let Some(room) = row.try_get::<Option<String>, _>("new_room")? {
                lesson.room = room;
            }
            if let Some(teacher) = teacher_name(row, "new_first", "new_last")? {
                lesson.teacher = Some(teacher);
            }
            let note: Option<String> = row.try_get("note")?;
            Ok(DayLesson {
                lesson,
                status,
                note: note.unwrap_or_default(),
            })
        })
        .collect()
}

/// Names (class names, logins) to ids, in one school.
async fn names_to_ids(
    tx: &mut Transaction<'static, Any>,
    sql: &str,
    school: &SchoolId,
) -> Result<HashMap<String, String>> {
    let rows = sqlx::query(sql)
        .bind(school.as_str())
        .fetch_all(&mut **tx)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("name")?, row.try_get("id")?)))
        .collect()
}
