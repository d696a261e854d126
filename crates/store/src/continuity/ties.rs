//! How a person stands to a class, read from the directory: the facts the authorisation
//! rules in `core` decide on.

use crate::error::decode;
use crate::homes::class_ref;
use crate::{ClassRef, Result, Store};
use cartable_core::continuity::ClassTie;
use cartable_core::directory::Subject;
use cartable_core::{ClassId, Role, SchoolId, UserId};
use sqlx::Row;

impl Store {
    /// The school of `class` and how `user` (of `role`) stands to it; `None` if there is no
    /// such class. Only the tie the role can have is looked for: a pupil's membership, a
    /// parent's child, a teacher's subjects.
    pub async fn class_tie(
        &self,
        user: &UserId,
        role: Role,
        class: &ClassId,
    ) -> Result<Option<(SchoolId, ClassTie)>> {
        let Some(row) = sqlx::query("SELECT school_id FROM classes WHERE id = $1")
            .bind(class.as_str())
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let school: SchoolId = decode(row.try_get("school_id")?)?;
        let tie = match role {
            Role::Pupil => {
                let member = sqlx::query(
                    "SELECT 1 AS x FROM class_pupils WHERE pupil_id = $1 AND class_id = $2",
                )
                .bind(user.as_str())
                .bind(class.as_str())
                .fetch_optional(&self.pool)
                .await?;
                if member.is_some() {
                    ClassTie::Pupil
                } else {
                    ClassTie::None
                }
            }
            Role::Parent => {
                let child = sqlx::query(
                    "SELECT 1 AS x FROM parent_links l JOIN class_pupils cp ON cp.pupil_id = l.child_id \
                     WHERE l.parent_id = $1 AND cp.class_id = $2",
                )
                .bind(user.as_str())
                .bind(class.as_str())
                .fetch_optional(&self.pool)
                .await?;
                if child.is_some() {
                    ClassTie::ParentOfPupil
                } else {
                    ClassTie::None
                }
            }
            Role::Teacher => {
                let rows = sqlx::query(
                    "SELECT subject FROM teachings WHERE teacher_id = $1 AND class_id = $2 \
                     ORDER BY subject",
                )
                .bind(user.as_str())
                .bind(class.as_str())
                .fetch_all(&self.pool)
                .await?;
                let subjects = rows
                    .iter()
                    .map(|row| decode::<Subject, _>(row.try_get("subject")?))
                    .collect::<Result<Vec<_>>>()?;
                if subjects.is_empty() {
                    ClassTie::None
                } else {
                    ClassTie::Teacher(subjects)
                }
            }
            Role::Staff | Role::Head | Role::Admin => ClassTie::None,
        };
        Ok(Some((school, tie)))
    }

    /// The class a pupil is in (the first by name if a mistake put them in two), with its
    /// school.
    pub async fn class_of_pupil(&self, pupil: &UserId) -> Result<Option<(SchoolId, ClassRef)>> {
        let row = sqlx::query(
            "SELECT c.school_id, c.id AS class_id, c.name AS class_name FROM class_pupils cp \
             JOIN classes c ON c.id = cp.class_id WHERE cp.pupil_id = $1 ORDER BY c.name LIMIT 1",
        )
        .bind(pupil.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| Ok((decode(row.try_get("school_id")?)?, class_ref(&row)?)))
            .transpose()
    }
}
