//! Correcting the class log: a teacher rewrites or deletes an entry or a homework of the
//! classes and subject their permit covers. Work pupils handed in is never lost to it: a
//! homework (or an entry whose homework) pupils handed work in for cannot be deleted.

use super::class_log::{class_and_subject, writer, ClassWork};
use crate::{Result, Store, StoreError};
use cartable_core::authz::Permit;
use cartable_core::continuity::{LongText, ShortText};
use cartable_core::directory::Subject;
use cartable_core::{ClassId, HomeworkId, LessonId, Timestamp};
use sqlx::{Any, Row, Transaction};

impl Store {
    /// The class and subject of an entry, to decide who may correct it; `NotFound` if none.
    pub async fn lesson_class(&self, id: &LessonId) -> Result<(ClassId, Subject)> {
        class_and_subject(&self.pool, ClassWork::Lesson, id.as_str()).await
    }

    /// Rewrites the title and text of an entry of the permit's class and subject
    /// (`WriteClassLog`).
    pub async fn edit_lesson(
        &self,
        permit: &Permit,
        lesson: &LessonId,
        title: &ShortText,
        content: &LongText,
        now: Timestamp,
    ) -> Result<()> {
        let w = writer(permit)?;
        let (_turn, mut tx) = self.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE lessons SET title = $1, content = $2, updated_at = $3 \
             WHERE id = $4 AND class_id = $5 AND subject = $6",
        )
        .bind(title.as_str())
        .bind(content.as_str())
        .bind(now.0)
        .bind(lesson.as_str())
        .bind(w.class.as_str())
        .bind(w.subject.as_str())
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }

    /// Rewrites the instructions of a homework of the permit's class and subject.
    pub async fn edit_homework(
        &self,
        permit: &Permit,
        homework: &HomeworkId,
        instructions: &LongText,
        now: Timestamp,
    ) -> Result<()> {
        let w = writer(permit)?;
        let (_turn, mut tx) = self.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE homework SET instructions = $1, updated_at = $2 \
             WHERE id = $3 AND class_id = $4 AND subject = $5",
        )
        .bind(instructions.as_str())
        .bind(now.0)
        .bind(homework.as_str())
        .bind(w.class.as_str())
        .bind(w.subject.as_str())
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a homework of the permit's class and subject, with its files, ticks and
    /// hand-in request. `Conflict` if a pupil handed work in for it: that work stays.
    pub async fn delete_homework(&self, permit: &Permit, homework: &HomeworkId) -> Result<()> {
        let w = writer(permit)?;
        let (_turn, mut tx) = self.begin_write().await?;
        // Locked against a hand-in for it running at the same time.
        let found = sqlx::query(&format!(
            "SELECT 1 AS x FROM homework WHERE id = $1 AND class_id = $2 AND subject = $3{}",
            self.row_lock(true)
        ))
        .bind(homework.as_str())
        .bind(w.class.as_str())
        .bind(w.subject.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        delete_homework_rows(&mut tx, homework.as_str()).await?;
        tx.commit().await?;
        // The pupils' ticks of it are gone: none remembered may still name it.
        self.changed_widely();
        Ok(())
    }

    /// Deletes an entry of the permit's class and subject with the homework it set.
    /// `Conflict` if pupils handed work in for any of that homework: nothing is deleted.
    pub async fn delete_lesson(&self, permit: &Permit, lesson: &LessonId) -> Result<()> {
        let w = writer(permit)?;
        let (_turn, mut tx) = self.begin_write().await?;
        let found = sqlx::query(
            "SELECT 1 AS x FROM lessons WHERE id = $1 AND class_id = $2 AND subject = $3",
        )
        .bind(lesson.as_str())
        .bind(w.class.as_str())
        .bind(w.subject.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        let homework = sqlx::query(&format!(
            "SELECT id FROM homework WHERE lesson_id = $1{}",
            self.row_lock(true)
        ))
        .bind(lesson.as_str())
        .fetch_all(&mut *tx)
        .await?;
        for row in homework {
            let id: String = row.try_get("id")?;
            delete_homework_rows(&mut tx, &id).await?;
        }
        sqlx::query("DELETE FROM lessons WHERE id = $1")
            .bind(lesson.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        // The pupils' ticks of it are gone: none remembered may still name it.
        self.changed_widely();
        Ok(())
    }
}

/// Deletes the homework `id` and everything that hangs on it, inside `tx`; `Conflict` (and
/// the caller's transaction rolled back) if pupils handed work in for it.
async fn delete_homework_rows(tx: &mut Transaction<'static, Any>, id: &str) -> Result<()> {
    let handed_in = sqlx::query("SELECT 1 AS x FROM hand_ins WHERE homework_id = $1 LIMIT 1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    if handed_in.is_some() {
        return Err(StoreError::Conflict);
    }
    for table in [
        "homework_done",
        "homework_attachments",
        "hand_in_requests",
        "homework",
    ] {
        let column = if table == "homework" {
            "id"
        } else {
            "homework_id"
        };
        sqlx::query(&format!("DELETE FROM {table} WHERE {column} = $1"))
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
