//! Which class spaces a person may open: the classes they belong to, teach, or have a
//! child in; every class of the school for those who run it.

use crate::error::decode;
use crate::{ClassRef, Result, Store};
use cartable_core::{Role, SchoolId, UserId};
use sqlx::Row;

impl Store {
    /// The classes whose documents `user` (of `role`, in `school`) may open, by name. The
    /// permit for each is still asked of `core` when it is opened.
    pub async fn document_classes(
        &self,
        user: &UserId,
        role: Role,
        school: &SchoolId,
    ) -> Result<Vec<ClassRef>> {
        let (sql, key) = match role {
            Role::Pupil => (
                "SELECT DISTINCT c.id, c.name FROM class_pupils cp JOIN classes c ON c.id = cp.class_id \
                 WHERE cp.pupil_id = $1 ORDER BY c.name",
                user.as_str(),
            ),
            Role::Parent => (
                "SELECT DISTINCT c.id, c.name FROM parent_links l \
                 JOIN class_pupils cp ON cp.pupil_id = l.child_id \
                 JOIN classes c ON c.id = cp.class_id WHERE l.parent_id = $1 ORDER BY c.name",
                user.as_str(),
            ),
            Role::Teacher => (
                "SELECT DISTINCT c.id, c.name FROM teachings t JOIN classes c ON c.id = t.class_id \
                 WHERE t.teacher_id = $1 ORDER BY c.name",
                user.as_str(),
            ),
            Role::Staff | Role::Head | Role::Admin => (
                "SELECT c.id, c.name FROM classes c WHERE c.school_id = $1 ORDER BY c.name",
                school.as_str(),
            ),
        };
        let rows = sqlx::query(sql).bind(key).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(ClassRef {
                    id: decode(row.try_get("id")?)?,
                    name: row.try_get("name")?,
                })
            })
            .collect()
    }
}
