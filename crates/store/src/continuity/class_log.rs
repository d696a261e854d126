//! The class log (cahier de textes): entries written by a class's teachers, the homework
//! they set, and the pupils' ticks.

use super::hand_in::{hand_in_request, insert_hand_in_request};
use super::model::{Homework, LessonEntry, NewHomework, NewLesson};
use super::timetable::read_class;
use crate::error::decode;
use crate::messaging::Attachment;
use crate::remembered::ticks_topic;
use crate::{Result, Store, StoreError};
use cartable_core::authz::{Action, Permit};
use cartable_core::continuity::SchoolDate;
use cartable_core::directory::Subject;
use cartable_core::{ClassId, HomeworkId, LessonId, SchoolId, Timestamp, UserId};
use rand::rngs::OsRng;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};
use std::collections::{HashMap, HashSet};

/// Most homework one entry sets.
pub const MAX_HOMEWORK_PER_LESSON: usize = 5;
/// Most files one homework hands out.
pub const MAX_HOMEWORK_ATTACHMENTS: usize = 5;

/// What a `WriteClassLog` permit allows: this class of this school, this subject.
pub(super) struct Writer<'a> {
    pub(super) school: &'a SchoolId,
    pub(super) class: &'a ClassId,
    pub(super) subject: &'a Subject,
}

pub(super) fn writer(permit: &Permit) -> Result<Writer<'_>> {
    match permit.action() {
        Action::WriteClassLog {
            school,
            class,
            subject,
            ..
        } => Ok(Writer {
            school,
            class,
            subject,
        }),
        _ => Err(StoreError::Forbidden),
    }
}

/// The columns of a homework with its teacher's name, over `homework h` joined to `users u`.
pub(crate) const HOMEWORK_COLUMNS: &str = "h.id, h.class_id, h.subject, h.due_date, \
    h.instructions, h.visible_from, h.lesson_id, u.first_name, u.last_name, \
    r.deadline, r.accepted, r.max_bytes";

/// The tables [`HOMEWORK_COLUMNS`] are read from: a homework, its teacher, and the hand-in
/// it asks for, if any.
pub(crate) const HOMEWORK_FROM: &str = "homework h JOIN users u ON u.id = h.teacher_id \
    LEFT JOIN hand_in_requests r ON r.homework_id = h.id";

pub(crate) fn person(row: &AnyRow) -> Result<String> {
    let first: String = row.try_get("first_name")?;
    let last: String = row.try_get("last_name")?;
    Ok(format!("{first} {last}"))
}

fn school_date(row: &AnyRow, column: &str) -> Result<SchoolDate> {
    let text: String = row.try_get(column)?;
    SchoolDate::parse(&text).map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
}

fn homework_of(row: &AnyRow) -> Result<Homework> {
    let lesson: Option<String> = row.try_get("lesson_id")?;
    Ok(Homework {
        id: decode(row.try_get("id")?)?,
        class_id: decode(row.try_get("class_id")?)?,
        subject: row.try_get("subject")?,
        teacher: person(row)?,
        due: school_date(row, "due_date")?,
        instructions: row.try_get("instructions")?,
        visible_from: Timestamp(row.try_get("visible_from")?),
        lesson_id: lesson.map(decode).transpose()?,
        attachments: Vec::new(),
        hand_in: hand_in_request(row)?,
    })
}

/// Homework read with `sql` (which selects [`HOMEWORK_COLUMNS`] and binds `binds` in order),
/// with their files.
pub(crate) async fn read_homework(
    pool: &AnyPool,
    sql: &str,
    binds: &[&str],
) -> Result<Vec<Homework>> {
    let mut query = sqlx::query(sql);
    for bind in binds {
        query = query.bind(*bind);
    }
    let rows = query.fetch_all(pool).await?;
    let mut homework = rows.iter().map(homework_of).collect::<Result<Vec<_>>>()?;
    if homework.is_empty() {
        return Ok(homework);
    }
    let ids: Vec<&str> = homework.iter().map(|h| h.id.as_str()).collect();
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT homework_id, name, digest, size, content_type FROM homework_attachments \
         WHERE homework_id IN ({}) ORDER BY homework_id, position",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for id in &ids {
        query = query.bind(*id);
    }
    let mut files: HashMap<String, Vec<Attachment>> = HashMap::new();
    for row in query.fetch_all(pool).await? {
        files
            .entry(row.try_get("homework_id")?)
            .or_default()
            .push(Attachment::from_row(&row)?);
    }
    for item in &mut homework {
        item.attachments = files.remove(item.id.as_str()).unwrap_or_default();
    }
    Ok(homework)
}

impl Store {
    /// Writes a class log entry and the homework it sets, for the permit's class and subject
    /// (`WriteClassLog`), in one transaction.
    pub async fn write_lesson(
        &self,
        permit: &Permit,
        teacher: &UserId,
        lesson: &NewLesson,
        now: Timestamp,
    ) -> Result<LessonId> {
        let w = writer(permit)?;
        if lesson.homework.len() > MAX_HOMEWORK_PER_LESSON {
            return Err(StoreError::Conflict);
        }
        let id = LessonId::random(&mut OsRng);
        let (_turn, mut tx) = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO lessons (id, school_id, class_id, subject, teacher_id, lesson_date, \
             title, content, visible_from, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(id.as_str())
        .bind(w.school.as_str())
        .bind(w.class.as_str())
        .bind(w.subject.as_str())
        .bind(teacher.as_str())
        .bind(lesson.date.to_string())
        .bind(lesson.title.as_str())
        .bind(lesson.content.as_str())
        .bind(lesson.visible_from.0)
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        for homework in &lesson.homework {
            insert_homework(
                &mut tx,
                &w,
                teacher,
                Some(&id),
                homework,
                lesson.visible_from,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Sets a homework on its own (not from an entry) for the permit's class and subject.
    pub async fn set_homework(
        &self,
        permit: &Permit,
        teacher: &UserId,
        homework: &NewHomework,
        visible_from: Timestamp,
        now: Timestamp,
    ) -> Result<HomeworkId> {
        let w = writer(permit)?;
        let (_turn, mut tx) = self.begin_write().await?;
        let id = insert_homework(&mut tx, &w, teacher, None, homework, visible_from, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Copies one of `teacher`'s own entries, with its homework and files, to the permit's
    /// class (`WriteClassLog` for the entry's subject), keeping its day, visibility and due
    /// days. An entry that is not the teacher's own, or of another subject, is not found.
    pub async fn copy_lesson(
        &self,
        permit: &Permit,
        teacher: &UserId,
        lesson: &LessonId,
        now: Timestamp,
    ) -> Result<LessonId> {
        let w = writer(permit)?;
        let (_turn, mut tx) = self.begin_write().await?;
        let source = sqlx::query(
            "SELECT 1 AS x FROM lessons \
             WHERE id = $1 AND teacher_id = $2 AND subject = $3 AND school_id = $4",
        )
        .bind(lesson.as_str())
        .bind(teacher.as_str())
        .bind(w.subject.as_str())
        .bind(w.school.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        if source.is_none() {
            return Err(StoreError::NotFound);
        }
        let id = LessonId::random(&mut OsRng);
        sqlx::query(
            "INSERT INTO lessons (id, school_id, class_id, subject, teacher_id, lesson_date, \
             title, content, visible_from, created_at, updated_at) \
             SELECT $1, school_id, $2, subject, teacher_id, lesson_date, title, content, \
             visible_from, $3, $3 FROM lessons WHERE id = $4",
        )
        .bind(id.as_str())
        .bind(w.class.as_str())
        .bind(now.0)
        .bind(lesson.as_str())
        .execute(&mut *tx)
        .await?;
        let homework =
            sqlx::query("SELECT id FROM homework WHERE lesson_id = $1 ORDER BY created_at, id")
                .bind(lesson.as_str())
                .fetch_all(&mut *tx)
                .await?;
        for row in homework {
            let old: String = row.try_get("id")?;
            let new = HomeworkId::random(&mut OsRng);
            sqlx::query(
                "INSERT INTO homework (id, school_id, class_id, subject, teacher_id, lesson_id, \
                 due_date, instructions, visible_from, created_at, updated_at) \
                 SELECT $1, school_id, $2, subject, teacher_id, $3, due_date, instructions, \
                 visible_from, $4, $4 FROM homework WHERE id = $5",
            )
            .bind(new.as_str())
            .bind(w.class.as_str())
            .bind(id.as_str())
            .bind(now.0)
            .bind(old.as_str())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO homework_attachments (homework_id, position, name, digest, size, content_type) \
                 SELECT $1, position, name, digest, size, content_type FROM homework_attachments \
                 WHERE homework_id = $2",
            )
            .bind(new.as_str())
            .bind(old.as_str())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO hand_in_requests (homework_id, deadline, accepted, max_bytes) \
                 SELECT $1, deadline, accepted, max_bytes FROM hand_in_requests \
                 WHERE homework_id = $2",
            )
            .bind(new.as_str())
            .bind(old.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// The class log of the permit's class (`ReadClassWork`) for lessons from `from` to
    /// `to` (both included), newest first, with their homework. Entries not yet visible at
    /// `visible_at` are left out; a teacher's own planning passes `None` to see them all.
    pub async fn class_log(
        &self,
        permit: &Permit,
        from: SchoolDate,
        to: SchoolDate,
        visible_at: Option<Timestamp>,
    ) -> Result<Vec<LessonEntry>> {
        let class = read_class(permit)?;
        let until = visible_at.map_or(i64::MAX, |t| t.0);
        let rows = sqlx::query(
            "SELECT l.id, l.class_id, l.subject, l.lesson_date, l.title, l.content, l.visible_from, \
             u.first_name, u.last_name FROM lessons l JOIN users u ON u.id = l.teacher_id \
             WHERE l.class_id = $1 AND l.lesson_date >= $2 AND l.lesson_date <= $3 \
             AND l.visible_from <= $4 ORDER BY l.lesson_date DESC, l.created_at DESC",
        )
        .bind(class.as_str())
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        let mut entries = rows
            .iter()
            .map(|row| {
                Ok(LessonEntry {
                    id: decode(row.try_get("id")?)?,
                    class_id: decode(row.try_get("class_id")?)?,
                    subject: row.try_get("subject")?,
                    teacher: person(row)?,
                    date: school_date(row, "lesson_date")?,
                    title: row.try_get("title")?,
                    content: row.try_get("content")?,
                    visible_from: Timestamp(row.try_get("visible_from")?),
                    homework: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if entries.is_empty() {
            return Ok(entries);
        }
        let homework = read_homework(
            &self.pool,
            &format!(
                "SELECT {HOMEWORK_COLUMNS} FROM {HOMEWORK_FROM} \
                 JOIN lessons l ON l.id = h.lesson_id WHERE l.class_id = $1 \
                 AND l.lesson_date >= $2 AND l.lesson_date <= $3 ORDER BY h.due_date, h.created_at"
            ),
            &[class.as_str(), &from.to_string(), &to.to_string()],
        )
        .await?;
        for item in homework {
            if let Some(entry) = entries
                .iter_mut()
                .find(|e| Some(&e.id) == item.lesson_id.as_ref())
            {
                entry.homework.push(item);
            }
        }
        Ok(entries)
    }

    /// The homework of the permit's class (`ReadClassWork`) due from `from` to `to`, by due
    /// day, visible or not (callers filter by `visible_from`).
    pub async fn homework_due(
        &self,
        permit: &Permit,
        from: SchoolDate,
        to: SchoolDate,
    ) -> Result<Vec<Homework>> {
        let class = read_class(permit)?;
        homework_due(&self.pool, class, from, to).await
    }

    /// One homework of the permit's class (`ReadClassWork`); `NotFound` for a homework of
    /// any other class, or not yet visible at `visible_at` (`None`: the teacher's view).
    pub async fn homework_in_class(
        &self,
        permit: &Permit,
        id: &HomeworkId,
        visible_at: Option<Timestamp>,
    ) -> Result<Homework> {
        let class = read_class(permit)?;
        let homework = read_homework(
            &self.pool,
            &format!(
                "SELECT {HOMEWORK_COLUMNS} FROM {HOMEWORK_FROM} \
                 WHERE h.id = $1 AND h.class_id = $2"
            ),
            &[id.as_str(), class.as_str()],
        )
        .await?
        .pop()
        .ok_or(StoreError::NotFound)?;
        match visible_at {
            Some(now) if homework.visible_from > now => Err(StoreError::NotFound),
            _ => Ok(homework),
        }
    }

    /// The subject of one of `teacher`'s own entries; `None` if the entry is not theirs.
    pub async fn lesson_subject(
        &self,
        teacher: &UserId,
        lesson: &LessonId,
    ) -> Result<Option<String>> {
        let row = sqlx::query("SELECT subject FROM lessons WHERE id = $1 AND teacher_id = $2")
            .bind(lesson.as_str())
            .bind(teacher.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok(row.try_get("subject")?)).transpose()
    }

    /// The class a homework was set to and its subject, to decide who may see it, tick it,
    /// hand it in or review it; `NotFound` if none.
    pub async fn homework_class(&self, id: &HomeworkId) -> Result<(ClassId, Subject)> {
        class_and_subject(&self.pool, ClassWork::Homework, id.as_str()).await
    }

    /// Ticks (or unticks) a homework of the permit's class (`TickHomework`) as done by
    /// `pupil`. A homework of another class is not found.
    pub async fn tick_homework(
        &self,
        permit: &Permit,
        pupil: &UserId,
        homework: &HomeworkId,
        done: bool,
        now: Timestamp,
    ) -> Result<()> {
        let Action::TickHomework { class, .. } = permit.action() else {
            return Err(StoreError::Forbidden);
        };
        let (_turn, mut tx) = self.begin_write().await?;
        let found = sqlx::query(
            "SELECT 1 AS x FROM homework WHERE id = $1 AND class_id = $2 AND visible_from <= $3",
        )
        .bind(homework.as_str())
        .bind(class.as_str())
        .bind(now.0)
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        if done {
            sqlx::query(
                "INSERT INTO homework_done (pupil_id, homework_id, done_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (pupil_id, homework_id) DO NOTHING",
            )
            .bind(pupil.as_str())
            .bind(homework.as_str())
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query("DELETE FROM homework_done WHERE pupil_id = $1 AND homework_id = $2")
                .bind(pupil.as_str())
                .bind(homework.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.changed([ticks_topic(pupil).as_str()]);
        Ok(())
    }

    /// Which homework due from `from` on `pupil` ticked as done. On SQLite it is
    /// remembered until the pupil ticks again (see [`crate::remembered`]).
    pub async fn homework_done_since(
        &self,
        pupil: &UserId,
        from: SchoolDate,
    ) -> Result<HashSet<HomeworkId>> {
        let Some(remembered) = &self.remembered else {
            return self.read_homework_done(pupil, from).await;
        };
        let topic = ticks_topic(pupil);
        let key = (pupil.clone(), from);
        let holds = |since| remembered.changes.unchanged_since([topic.as_str()], since);
        if let Some(done) = remembered.ticks.get(&key, holds) {
            return Ok(done);
        }
        let since = remembered.changes.now();
        let done = self.read_homework_done(pupil, from).await?;
        remembered.ticks.put(key, since, done.clone());
        Ok(done)
    }

    /// Reads from the database which homework due from `from` on `pupil` ticked.
    async fn read_homework_done(
        &self,
        pupil: &UserId,
        from: SchoolDate,
    ) -> Result<HashSet<HomeworkId>> {
        let rows = sqlx::query(
            "SELECT d.homework_id FROM homework_done d JOIN homework h ON h.id = d.homework_id \
             WHERE d.pupil_id = $1 AND h.due_date >= $2",
        )
        .bind(pupil.as_str())
        .bind(from.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| decode(row.try_get("homework_id")?))
            .collect()
    }
}

/// The class-log tables whose rows belong to a class and a subject.
#[derive(Debug, Clone, Copy)]
pub(super) enum ClassWork {
    /// Entries of the log.
    Lesson,
    /// Homework.
    Homework,
}

/// The class and subject of the row `id` of `table`; `NotFound` if none: what decides who
/// may see or change it.
pub(super) async fn class_and_subject(
    pool: &AnyPool,
    table: ClassWork,
    id: &str,
) -> Result<(ClassId, Subject)> {
    let sql = match table {
        ClassWork::Lesson => "SELECT class_id, subject FROM lessons WHERE id = $1",
        ClassWork::Homework => "SELECT class_id, subject FROM homework WHERE id = $1",
    };
    let row = sqlx::query(sql)
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok((
        decode(row.try_get("class_id")?)?,
        decode(row.try_get("subject")?)?,
    ))
}

/// The homework of `class` due from `from` to `to`, by due day.
pub(crate) async fn homework_due(
    pool: &AnyPool,
    class: &ClassId,
    from: SchoolDate,
    to: SchoolDate,
) -> Result<Vec<Homework>> {
    read_homework(
        pool,
        &format!(
            "SELECT {HOMEWORK_COLUMNS} FROM {HOMEWORK_FROM} \
             WHERE h.class_id = $1 AND h.due_date >= $2 AND h.due_date <= $3 \
             ORDER BY h.due_date, h.subject, h.created_at"
        ),
        &[class.as_str(), &from.to_string(), &to.to_string()],
    )
    .await
}

async fn insert_homework(
    tx: &mut Transaction<'static, Any>,
    w: &Writer<'_>,
    teacher: &UserId,
    lesson: Option<&LessonId>,
    homework: &NewHomework,
    visible_from: Timestamp,
    now: Timestamp,
) -> Result<HomeworkId> {
    if homework.attachments.len() > MAX_HOMEWORK_ATTACHMENTS {
        return Err(StoreError::Conflict);
    }
    let id = HomeworkId::random(&mut OsRng);
    sqlx::query(
        "INSERT INTO homework (id, school_id, class_id, subject, teacher_id, lesson_id, \
         due_date, instructions, visible_from, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(id.as_str())
    .bind(w.school.as_str())
    .bind(w.class.as_str())
    .bind(w.subject.as_str())
    .bind(teacher.as_str())
    .bind(lesson.map(LessonId::as_str))
    .bind(homework.due.to_string())
    .bind(homework.instructions.as_str())
    .bind(visible_from.0)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    for (position, file) in homework.attachments.iter().enumerate() {
        sqlx::query(
            "INSERT INTO homework_attachments (homework_id, position, name, digest, size, content_type) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.as_str())
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(file.name.as_str())
        .bind(file.digest.as_str())
        .bind(file.size)
        .bind(file.content_type.as_str())
        .execute(&mut **tx)
        .await?;
    }
    if let Some(request) = &homework.hand_in {
        insert_hand_in_request(tx, &id, request).await?;
    }
    Ok(id)
}
