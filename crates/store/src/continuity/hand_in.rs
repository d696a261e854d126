//! Assignments: homework that asks pupils to hand work in, the hand-ins, and the teacher's
//! reviews. Whether a hand-in is taken is `core`'s rule ([`timing`]); this module keeps the
//! rows and applies the rule inside the transaction that writes them.

use super::class_log::person;
use super::model::{HandIn, HandInRequest, HandInStatus, NewReview, Review};
use crate::error::decode;
use crate::messaging::Attachment;
use crate::{KindSet, Result, Store, StoreError};
use cartable_core::authz::{Action, Permit};
use cartable_core::continuity::hand_in::{timing, Previous, Timing, MAX_HAND_IN_FILES};
use cartable_core::continuity::{HandInRefused, LongText, Mark};
use cartable_core::directory::Subject;
use cartable_core::{ClassId, HomeworkId, Timestamp, UserId};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::collections::HashMap;

/// The hand-in request of a homework row read with `HOMEWORK_COLUMNS`, if it has one.
pub(crate) fn hand_in_request(row: &AnyRow) -> Result<Option<HandInRequest>> {
    let Some(deadline) = row.try_get::<Option<i64>, _>("deadline")? else {
        return Ok(None);
    };
    let accepted: String = row.try_get("accepted")?;
    let max_bytes: i64 = row.try_get("max_bytes")?;
    Ok(Some(HandInRequest {
        deadline: Timestamp(deadline),
        accepted: KindSet::parse(&accepted)
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?,
        max_bytes: u64::try_from(max_bytes).unwrap_or(0),
    }))
}

/// Records that the homework `id`, being written in `tx`, asks for `request`.
pub(crate) async fn insert_hand_in_request(
    tx: &mut Transaction<'static, Any>,
    id: &HomeworkId,
    request: &HandInRequest,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO hand_in_requests (homework_id, deadline, accepted, max_bytes) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id.as_str())
    .bind(request.deadline.0)
    .bind(request.accepted.names())
    .bind(i64::try_from(request.max_bytes).unwrap_or(i64::MAX))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The columns of a hand-in with its pupil's name, over `hand_ins hi` joined to `users u`.
const HAND_IN_COLUMNS: &str = "hi.homework_id, hi.pupil_id, hi.body, hi.handed_in_at, hi.late, \
    hi.feedback, hi.mark, hi.reviewed_at, u.first_name, u.last_name";

fn hand_in_of(row: &AnyRow, files: Vec<Attachment>) -> Result<HandIn> {
    let review = match row.try_get::<Option<i64>, _>("reviewed_at")? {
        None => None,
        Some(at) => Some(Review {
            feedback: row
                .try_get::<Option<String>, _>("feedback")?
                .unwrap_or_default(),
            mark: row
                .try_get::<Option<i64>, _>("mark")?
                .and_then(Mark::from_hundredths),
            reviewed_at: Timestamp(at),
        }),
    };
    Ok(HandIn {
        homework_id: decode(row.try_get("homework_id")?)?,
        pupil_id: decode(row.try_get("pupil_id")?)?,
        pupil: person(row)?,
        body: row.try_get("body")?,
        handed_in_at: Timestamp(row.try_get("handed_in_at")?),
        late: row.try_get::<i64, _>("late")? != 0,
        files,
        review,
    })
}

/// The class and subject a hand-in permit is for, and the pupil when it names one.
fn hand_in_scope(permit: &Permit) -> Result<(&ClassId, Option<&Subject>, Option<&UserId>)> {
    match permit.action() {
        Action::HandIn { class, .. } => Ok((class, None, None)),
        Action::ReviewHandIns { class, subject, .. } => Ok((class, Some(subject), None)),
        Action::ReadHandIn {
            class,
            subject,
            pupil,
            ..
        } => Ok((class, Some(subject), Some(pupil))),
        _ => Err(StoreError::Forbidden),
    }
}

impl Store {
    /// Whether `child` is one of `parent`'s children, for a parent's [`Action::ReadHandIn`].
    pub async fn is_parent_of(&self, parent: &UserId, child: &UserId) -> Result<bool> {
        let row =
            sqlx::query("SELECT 1 AS x FROM parent_links WHERE parent_id = $1 AND child_id = $2")
                .bind(parent.as_str())
                .bind(child.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some())
    }

    /// Hands in `body` (if any) and `files` (already in the blob store) as `pupil`'s work for a
    /// homework of the permit's class (`HandIn`), replacing what she handed in before.
    ///
    /// `NotFound` for a homework of another class, not shown yet, or that asks for no
    /// hand-in; [`StoreError::HandIn`] when `core`'s rule refuses it (deadline passed on a
    /// hand-in already there, or already reviewed). Either all of it is recorded or none.
    pub async fn hand_in(
        &self,
        permit: &Permit,
        pupil: &UserId,
        homework: &HomeworkId,
        body: Option<&LongText>,
        files: &[Attachment],
        now: Timestamp,
    ) -> Result<Timing> {
        let Action::HandIn { class, .. } = permit.action() else {
            return Err(StoreError::Forbidden);
        };
        if files.len() > MAX_HAND_IN_FILES {
            return Err(StoreError::Conflict);
        }
        let (_turn, mut tx) = self.begin_write().await?;
        // Locked against a deletion of the homework running at the same time.
        let deadline = sqlx::query(&format!(
            "SELECT r.deadline FROM homework h JOIN hand_in_requests r ON r.homework_id = h.id \
             WHERE h.id = $1 AND h.class_id = $2 AND h.visible_from <= $3{}",
            self.row_lock(false)
        ))
        .bind(homework.as_str())
        .bind(class.as_str())
        .bind(now.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let deadline = Timestamp(deadline.try_get("deadline")?);
        let previous = sqlx::query(
            "SELECT reviewed_at FROM hand_ins WHERE homework_id = $1 AND pupil_id = $2",
        )
        .bind(homework.as_str())
        .bind(pupil.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let previous = match previous {
            None => Previous::Nothing,
            Some(row) if row.try_get::<Option<i64>, _>("reviewed_at")?.is_some() => {
                Previous::Reviewed
            }
            Some(_) => Previous::HandedIn,
        };
        let timing = timing(now, deadline, previous).map_err(StoreError::HandIn)?;
        // The rule is applied again in the write itself: a review, or another first
        // hand-in after the deadline, that lands between the read above and this write
        // (PostgreSQL's read committed) is not overwritten.
        let written = sqlx::query(
            "INSERT INTO hand_ins (homework_id, pupil_id, body, handed_in_at, late) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (homework_id, pupil_id) DO UPDATE SET body = excluded.body, \
             handed_in_at = excluded.handed_in_at, late = excluded.late \
             WHERE hand_ins.reviewed_at IS NULL AND $4 <= $6",
        )
        .bind(homework.as_str())
        .bind(pupil.as_str())
        .bind(body.map_or("", LongText::as_str))
        .bind(now.0)
        .bind(i64::from(timing == Timing::Late))
        .bind(deadline.0)
        .execute(&mut *tx)
        .await?;
        if written.rows_affected() == 0 {
            let reviewed: Option<i64> = sqlx::query(
                "SELECT reviewed_at FROM hand_ins WHERE homework_id = $1 AND pupil_id = $2",
            )
            .bind(homework.as_str())
            .bind(pupil.as_str())
            .fetch_one(&mut *tx)
            .await?
            .try_get("reviewed_at")?;
            return Err(StoreError::HandIn(match reviewed {
                Some(_) => HandInRefused::Reviewed,
                None => HandInRefused::DeadlinePassed,
            }));
        }
        sqlx::query("DELETE FROM hand_in_files WHERE homework_id = $1 AND pupil_id = $2")
            .bind(homework.as_str())
            .bind(pupil.as_str())
            .execute(&mut *tx)
            .await?;
        for (position, file) in files.iter().enumerate() {
            sqlx::query(
                "INSERT INTO hand_in_files \
                 (homework_id, pupil_id, position, name, digest, size, content_type) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(homework.as_str())
            .bind(pupil.as_str())
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(file.name.as_str())
            .bind(file.digest.as_str())
            .bind(file.size)
            .bind(file.content_type.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(timing)
    }

    /// The hand-in of the pupil the permit names (`ReadHandIn`) for a homework of the
    /// permit's class and subject; `None` if she has handed nothing in.
    pub async fn hand_in_of(
        &self,
        permit: &Permit,
        homework: &HomeworkId,
    ) -> Result<Option<HandIn>> {
        let (class, Some(subject), Some(pupil)) = hand_in_scope(permit)? else {
            return Err(StoreError::Forbidden);
        };
        self.check_homework(homework, class, subject).await?;
        let row = sqlx::query(&format!(
            "SELECT {HAND_IN_COLUMNS} FROM hand_ins hi JOIN users u ON u.id = hi.pupil_id \
             WHERE hi.homework_id = $1 AND hi.pupil_id = $2"
        ))
        .bind(homework.as_str())
        .bind(pupil.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut files = self.hand_in_files(homework, Some(pupil)).await?;
        Ok(Some(hand_in_of(
            &row,
            files.remove(pupil.as_str()).unwrap_or_default(),
        )?))
    }

    /// Every pupil of the permit's class (`ReviewHandIns`) with what she handed in for the
    /// homework, if anything, by name: the teacher's list of who handed in and who did not.
    /// A pupil who has left the class since she handed in stays on it, with her work.
    pub async fn hand_ins(
        &self,
        permit: &Permit,
        homework: &HomeworkId,
    ) -> Result<Vec<HandInStatus>> {
        let (class, Some(subject), None) = hand_in_scope(permit)? else {
            return Err(StoreError::Forbidden);
        };
        self.check_homework(homework, class, subject).await?;
        let rows = sqlx::query(&format!(
            "SELECT u.id AS member_id, {HAND_IN_COLUMNS} FROM class_pupils cp \
             JOIN users u ON u.id = cp.pupil_id \
             LEFT JOIN hand_ins hi ON hi.pupil_id = cp.pupil_id AND hi.homework_id = $1 \
             WHERE cp.class_id = $2 \
             UNION ALL \
             SELECT u.id AS member_id, {HAND_IN_COLUMNS} FROM hand_ins hi \
             JOIN users u ON u.id = hi.pupil_id \
             WHERE hi.homework_id = $1 AND NOT EXISTS (SELECT 1 FROM class_pupils cp \
             WHERE cp.pupil_id = hi.pupil_id AND cp.class_id = $2) \
             ORDER BY last_name, first_name, member_id"
        ))
        .bind(homework.as_str())
        .bind(class.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut files = self.hand_in_files(homework, None).await?;
        rows.iter()
            .map(|row| {
                let pupil_id: UserId = decode(row.try_get("member_id")?)?;
                let handed_in = row.try_get::<Option<String>, _>("pupil_id")?.is_some();
                let hand_in = handed_in
                    .then(|| hand_in_of(row, files.remove(pupil_id.as_str()).unwrap_or_default()))
                    .transpose()?;
                Ok(HandInStatus {
                    pupil_id,
                    pupil: person(row)?,
                    hand_in,
                })
            })
            .collect()
    }

    /// Records the feedback (and mark) of a teacher of the homework's subject in the
    /// permit's class (`ReviewHandIns`) on `pupil`'s hand-in; a later review replaces it.
    /// `NotFound` if she handed nothing in; `Conflict` if the review names the version it
    /// was written for ([`NewReview::of_version`]) and she has replaced it since.
    pub async fn review_hand_in(
        &self,
        permit: &Permit,
        homework: &HomeworkId,
        pupil: &UserId,
        review: &NewReview,
        teacher: &UserId,
        now: Timestamp,
    ) -> Result<()> {
        let (class, Some(subject), None) = hand_in_scope(permit)? else {
            return Err(StoreError::Forbidden);
        };
        self.check_homework(homework, class, subject).await?;
        let (_turn, mut tx) = self.begin_write().await?;
        let seen = sqlx::query(&format!(
            "SELECT handed_in_at FROM hand_ins WHERE homework_id = $1 AND pupil_id = $2{}",
            self.row_lock(true)
        ))
        .bind(homework.as_str())
        .bind(pupil.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let current = Timestamp(seen.try_get("handed_in_at")?);
        if review.of_version.is_some_and(|at| at != current) {
            // The pupil replaced her work after the teacher read it: not this review.
            return Err(StoreError::Conflict);
        }
        sqlx::query(
            "UPDATE hand_ins SET feedback = $1, mark = $2, reviewed_at = $3, reviewed_by = $4 \
             WHERE homework_id = $5 AND pupil_id = $6",
        )
        .bind(review.feedback.as_str())
        .bind(review.mark.map(|m| i64::from(m.hundredths())))
        .bind(now.0)
        .bind(teacher.as_str())
        .bind(homework.as_str())
        .bind(pupil.as_str())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// `NotFound` unless `homework` was set to `class` in `subject`: an id from another class
    /// or subject finds nothing, whatever the permit.
    async fn check_homework(
        &self,
        homework: &HomeworkId,
        class: &ClassId,
        subject: &Subject,
    ) -> Result<()> {
        sqlx::query("SELECT 1 AS x FROM homework WHERE id = $1 AND class_id = $2 AND subject = $3")
            .bind(homework.as_str())
            .bind(class.as_str())
            .bind(subject.as_str())
            .fetch_optional(&self.pool)
            .await?
            .map(|_| ())
            .ok_or(StoreError::NotFound)
    }

    /// The files handed in for `homework`, by pupil id (all pupils', or one's).
    async fn hand_in_files(
        &self,
        homework: &HomeworkId,
        pupil: Option<&UserId>,
    ) -> Result<HashMap<String, Vec<Attachment>>> {
        let one_pupil = if pupil.is_some() {
            "AND pupil_id = $2"
        } else {
            ""
        };
        let sql = format!(
            "SELECT pupil_id, name, digest, size, content_type FROM hand_in_files \
             WHERE homework_id = $1 {one_pupil} ORDER BY pupil_id, position"
        );
        let mut query = sqlx::query(&sql).bind(homework.as_str());
        if let Some(pupil) = pupil {
            query = query.bind(pupil.as_str());
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut files: HashMap<String, Vec<Attachment>> = HashMap::new();
        for row in &rows {
            files
                .entry(row.try_get("pupil_id")?)
                .or_default()
                .push(Attachment::from_row(row)?);
        }
        Ok(files)
    }
}
