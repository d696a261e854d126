//! The read-only views behind each role's home page and the head's school pages.

use crate::error::decode;
use crate::{
    AccountRow, ChildSummary, ClassOverview, ClassRef, PupilHome, Result, RoleCount,
    SchoolOverview, Store, StoreError, TeacherRef, Teaching,
};
use cartable_core::authz::{Action, Permit};
use cartable_core::directory::class_order_key;
use cartable_core::{AccountStatus, ClassId, Role, SchoolId, UserId};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeMap;

pub(crate) fn class_ref(row: &AnyRow) -> Result<ClassRef> {
    Ok(ClassRef {
        id: decode(row.try_get("class_id")?)?,
        name: row.try_get("class_name")?,
    })
}

fn teacher_ref(row: &AnyRow) -> Result<TeacherRef> {
    let first: String = row.try_get("first_name")?;
    let last: String = row.try_get("last_name")?;
    Ok(TeacherRef {
        display_name: format!("{first} {last}"),
        subject: row.try_get("subject")?,
    })
}

pub(crate) fn account_row(row: &AnyRow) -> Result<AccountRow> {
    let first: String = row.try_get("first_name")?;
    let last: String = row.try_get("last_name")?;
    let role: String = row.try_get("role")?;
    let status: String = row.try_get("status")?;
    Ok(AccountRow {
        id: decode(row.try_get("id")?)?,
        login: decode(row.try_get("login")?)?,
        display_name: format!("{first} {last}"),
        role: role
            .parse()
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?,
        status: AccountStatus::from_stored(&status),
        class: row.try_get("class_name")?,
    })
}

/// The school a permit for a school-wide action is about, or `Forbidden` for any other permit.
pub(crate) fn permit_school(permit: &Permit, wanted: fn(&Action) -> bool) -> Result<&SchoolId> {
    match permit.school() {
        Some(school) if wanted(permit.action()) => Ok(school),
        _ => Err(StoreError::Forbidden),
    }
}

/// Accounts with the class a pupil is in, or for a parent the class of one child.
pub(crate) const ACCOUNT_ROWS: &str = "SELECT u.id, u.login, u.first_name, u.last_name, u.role, u.status, \
     (SELECT MIN(c.name) FROM class_pupils cp JOIN classes c ON c.id = cp.class_id \
       WHERE cp.pupil_id = u.id \
          OR cp.pupil_id IN (SELECT child_id FROM parent_links WHERE parent_id = u.id)) AS class_name \
     FROM users u";

impl Store {
    /// A pupil's class and the teachers of that class, by subject.
    pub async fn pupil_home(&self, user: &UserId) -> Result<PupilHome> {
        let class = sqlx::query(
            "SELECT c.id AS class_id, c.name AS class_name FROM class_pupils cp \
             JOIN classes c ON c.id = cp.class_id WHERE cp.pupil_id = $1 ORDER BY c.name",
        )
        .bind(user.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let class = class.as_ref().map(class_ref).transpose()?;
        let teachers = match &class {
            Some(class) => self.class_teachers(&class.id).await?,
            None => Vec::new(),
        };
        Ok(PupilHome { class, teachers })
    }

    async fn class_teachers(&self, class: &ClassId) -> Result<Vec<TeacherRef>> {
        let rows = sqlx::query(
            "SELECT t.subject, u.first_name, u.last_name FROM teachings t \
             JOIN users u ON u.id = t.teacher_id WHERE t.class_id = $1 ORDER BY t.subject, u.last_name",
        )
        .bind(class.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(teacher_ref).collect()
    }

    /// A parent's children with their classes.
    pub async fn parent_home(&self, user: &UserId) -> Result<Vec<ChildSummary>> {
        let rows = sqlx::query(
            "SELECT u.id, u.school_id, u.first_name, u.last_name, c.id AS class_id, c.name AS class_name \
             FROM parent_links p JOIN users u ON u.id = p.child_id \
             LEFT JOIN class_pupils cp ON cp.pupil_id = u.id LEFT JOIN classes c ON c.id = cp.class_id \
             WHERE p.parent_id = $1 ORDER BY u.first_name, u.id",
        )
        .bind(user.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let first: String = row.try_get("first_name")?;
                let last: String = row.try_get("last_name")?;
                let class_id: Option<String> = row.try_get("class_id")?;
                Ok(ChildSummary {
                    id: decode(row.try_get("id")?)?,
                    school_id: decode(row.try_get("school_id")?)?,
                    display_name: format!("{first} {last}"),
                    class: if class_id.is_some() {
                        Some(class_ref(row)?)
                    } else {
                        None
                    },
                })
            })
            .collect()
    }

    /// The classes and subjects a teacher teaches, with each class's size, by level then subject.
    pub async fn teacher_home(&self, user: &UserId) -> Result<Vec<Teaching>> {
        let rows = sqlx::query(
            "SELECT c.id AS class_id, c.name AS class_name, t.subject, \
             (SELECT COUNT(*) FROM class_pupils cp WHERE cp.class_id = c.id) AS pupils \
             FROM teachings t JOIN classes c ON c.id = t.class_id \
             WHERE t.teacher_id = $1 ORDER BY c.name, t.subject",
        )
        .bind(user.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut teachings = rows
            .iter()
            .map(|row| {
                Ok(Teaching {
                    class: class_ref(row)?,
                    subject: row.try_get("subject")?,
                    pupils: row.try_get("pupils")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        teachings.sort_by_cached_key(|t| (class_order_key(&t.class.name), t.subject.clone()));
        Ok(teachings)
    }

    /// A school's classes (with sizes, pending activations and teachers) and its accounts
    /// counted by role and status. Needs a `ViewSchool` permit.
    pub async fn school_overview(&self, permit: &Permit) -> Result<SchoolOverview> {
        let school_id = permit_school(permit, |a| matches!(a, Action::ViewSchool(_)))?;
        let school = self.school(school_id).await?.ok_or(StoreError::NotFound)?;
        let class_rows = sqlx::query(
            "SELECT c.id AS class_id, c.name AS class_name, \
             (SELECT COUNT(*) FROM class_pupils cp WHERE cp.class_id = c.id) AS pupils, \
             (SELECT COUNT(*) FROM class_pupils cp JOIN users u ON u.id = cp.pupil_id \
               WHERE cp.class_id = c.id AND u.status = 'pending') AS pending \
             FROM classes c WHERE c.school_id = $1 ORDER BY c.name",
        )
        .bind(school_id.as_str())
        .fetch_all(&self.pool)
        .await?;
        let teacher_rows = sqlx::query(
            "SELECT t.class_id, t.subject, u.first_name, u.last_name FROM teachings t \
             JOIN classes c ON c.id = t.class_id JOIN users u ON u.id = t.teacher_id \
             WHERE c.school_id = $1 ORDER BY t.subject, u.last_name",
        )
        .bind(school_id.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut teachers: BTreeMap<String, Vec<TeacherRef>> = BTreeMap::new();
        for row in &teacher_rows {
            teachers
                .entry(row.try_get("class_id")?)
                .or_default()
                .push(teacher_ref(row)?);
        }
        let mut classes = class_rows
            .iter()
            .map(|row| {
                let class = class_ref(row)?;
                Ok(ClassOverview {
                    teachers: teachers.remove(class.id.as_str()).unwrap_or_default(),
                    class,
                    pupils: row.try_get("pupils")?,
                    pending: row.try_get("pending")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        classes.sort_by_cached_key(|c| class_order_key(&c.class.name));
        let count_rows = sqlx::query(
            "SELECT role, status, COUNT(*) AS n FROM users WHERE school_id = $1 GROUP BY role, status",
        )
        .bind(school_id.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut counts: Vec<RoleCount> = Role::ALL
            .iter()
            .map(|&role| RoleCount {
                role,
                active: 0,
                pending: 0,
                locked: 0,
            })
            .collect();
        for row in &count_rows {
            let role: String = row.try_get("role")?;
            let status: String = row.try_get("status")?;
            let n: i64 = row.try_get("n")?;
            if let Some(count) = counts.iter_mut().find(|c| c.role.as_str() == role) {
                match AccountStatus::from_stored(&status) {
                    AccountStatus::Active => count.active += n,
                    AccountStatus::Pending => count.pending += n,
                    AccountStatus::Locked => count.locked += n,
                }
            }
        }
        counts.retain(|c| c.active + c.pending + c.locked > 0);
        Ok(SchoolOverview {
            school,
            classes,
            counts,
        })
    }

    /// The accounts on a class's activation-code sheet: its pending pupils and their pending
    /// parents. Needs a `PrintActivationCodes` permit for the class's school.
    pub async fn code_sheet(&self, permit: &Permit, class: &ClassId) -> Result<Vec<AccountRow>> {
        let school_id = permit_school(permit, |a| matches!(a, Action::PrintActivationCodes(_)))?;
        let sql = format!(
            "{ACCOUNT_ROWS} WHERE u.school_id = $1 AND u.status = 'pending' AND ( \
               u.id IN (SELECT cp.pupil_id FROM class_pupils cp JOIN classes c ON c.id = cp.class_id \
                        WHERE cp.class_id = $2 AND c.school_id = $1) \
               OR u.id IN (SELECT p.parent_id FROM parent_links p JOIN class_pupils cp ON cp.pupil_id = p.child_id \
                           WHERE cp.class_id = $2)) \
             ORDER BY u.role DESC, u.last_name, u.first_name"
        );
        let rows = sqlx::query(&sql)
            .bind(school_id.as_str())
            .bind(class.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(account_row).collect()
    }
}
