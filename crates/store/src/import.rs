//! Loading a school's directory file: all or nothing, and idempotent.
//!
//! The rows were already checked one by one in `core`; here they are checked against the
//! database (a login used in another school, a child who is not a pupil of this school), and
//! then applied in one transaction. People are matched by login, so importing the same file
//! twice changes nothing; people absent from the file are left as they are.

use crate::error::decode;
use crate::{ImportReport, Result, Store, StoreError};
use cartable_core::authz::{Action, Permit};
use cartable_core::import::{DirectoryRow, LineError};
use cartable_core::{AccountStatus, ClassId, Login, Role, SchoolId, Timestamp, UserId};
use rand::rngs::OsRng;
use sqlx::{Any, Row, Transaction};
use std::collections::{BTreeSet, HashMap};

/// An account already in the database, as the import compares it.
struct Existing {
    id: UserId,
    school: SchoolId,
    role: Role,
    first_name: String,
    last_name: String,
}

/// The links of one person, in a comparable form: (class id, subject) pairs for pupils and
/// teachers (pupils with an empty subject), child ids for parents.
type Links = BTreeSet<(String, String)>;

impl Store {
    /// Imports a directory file into the permit's school. Either every row is applied, or
    /// nothing is and every row the database makes invalid is listed.
    pub async fn import_directory(
        &self,
        permit: &Permit,
        rows: &[DirectoryRow],
        now: Timestamp,
    ) -> Result<ImportReport> {
        let school = match permit.action() {
            Action::ImportDirectory(school) => school.clone(),
            _ => return Err(StoreError::Forbidden),
        };
        let (_turn, mut tx) = self.begin_write().await?;
        let existing = existing_accounts(&mut tx, rows).await?;
        let mut errors = beyond_permit(rows, permit);
        errors.extend(conflicts(rows, &existing, &school));
        let pupils_in_school = school_pupils(&mut tx, &school).await?;
        errors.extend(missing_children(rows, &pupils_in_school));
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(StoreError::Import(errors));
        }
        let mut report = ImportReport::default();
        let classes = ensure_classes(&mut tx, &school, rows, &mut report).await?;
        let mut ids: HashMap<Login, UserId> = pupils_in_school;
        for row in rows {
            let id = match existing.get(&row.login) {
                Some(old) => {
                    if renamed(old, row) {
                        sqlx::query(
                            "UPDATE users SET first_name = $1, last_name = $2 WHERE id = $3",
                        )
                        .bind(row.first_name.as_str())
                        .bind(row.last_name.as_str())
                        .bind(old.id.as_str())
                        .execute(&mut *tx)
                        .await?;
                    }
                    old.id.clone()
                }
                None => insert_pending(&mut tx, &school, row, now).await?,
            };
            ids.insert(row.login.clone(), id);
        }
        for row in rows {
            let Some(id) = ids.get(&row.login) else {
                continue;
            };
            let wanted = wanted_links(row, &classes, &ids);
            let changed_links = replace_links(&mut tx, row.role, id, &wanted, now).await?;
            match existing.get(&row.login) {
                None => report.created += 1,
                Some(old) if changed_links || renamed(old, row) => report.updated += 1,
                Some(_) => report.unchanged += 1,
            }
        }
        tx.commit().await?;
        self.memberships_changed();
        Ok(report)
    }
}

fn renamed(old: &Existing, row: &DirectoryRow) -> bool {
    old.first_name != row.first_name.as_str() || old.last_name != row.last_name.as_str()
}

async fn existing_accounts(
    tx: &mut Transaction<'_, Any>,
    rows: &[DirectoryRow],
) -> Result<HashMap<Login, Existing>> {
    let mut found = HashMap::new();
    for chunk in rows.chunks(500) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT id, school_id, role, login, first_name, last_name FROM users WHERE login IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for row in chunk {
            query = query.bind(row.login.as_str());
        }
        for row in query.fetch_all(&mut **tx).await? {
            let role: String = row.try_get("role")?;
            let login: Login = decode(row.try_get("login")?)?;
            found.insert(
                login,
                Existing {
                    id: decode(row.try_get("id")?)?,
                    school: decode(row.try_get("school_id")?)?,
                    role: role
                        .parse()
                        .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?,
                    first_name: row.try_get("first_name")?,
                    last_name: row.try_get("last_name")?,
                },
            );
        }
    }
    Ok(found)
}

/// Rows of a role the importer may not manage (a head importing another head).
fn beyond_permit(rows: &[DirectoryRow], permit: &Permit) -> Vec<LineError> {
    rows.iter()
        .filter(|row| !permit.covers_import(row.role))
        .map(|row| LineError {
            line: row.line,
            reason: format!("you may not import {} accounts", row.role),
        })
        .collect()
}

/// Rows whose login is taken in another school, or held here with another role.
fn conflicts(
    rows: &[DirectoryRow],
    existing: &HashMap<Login, Existing>,
    school: &SchoolId,
) -> Vec<LineError> {
    rows.iter()
        .filter_map(|row| {
            let old = existing.get(&row.login)?;
            let reason = if &old.school != school {
                format!("login {} is already used in another school", row.login)
            } else if old.role != row.role {
                format!(
                    "{} is a {} in this school, not a {}",
                    row.login, old.role, row.role
                )
            } else {
                return None;
            };
            Some(LineError {
                line: row.line,
                reason,
            })
        })
        .collect()
}

async fn school_pupils(
    tx: &mut Transaction<'_, Any>,
    school: &SchoolId,
) -> Result<HashMap<Login, UserId>> {
    let rows = sqlx::query("SELECT id, login FROM users WHERE school_id = $1 AND role = 'pupil'")
        .bind(school.as_str())
        .fetch_all(&mut **tx)
        .await?;
    rows.iter()
        .map(|r| Ok((decode(r.try_get("login")?)?, decode(r.try_get("id")?)?)))
        .collect()
}

/// Parents' children that are neither pupils of this file nor of this school.
fn missing_children(
    rows: &[DirectoryRow],
    pupils_in_school: &HashMap<Login, UserId>,
) -> Vec<LineError> {
    let pupils_in_file: BTreeSet<&Login> = rows
        .iter()
        .filter(|r| r.role == Role::Pupil)
        .map(|r| &r.login)
        .collect();
    rows.iter()
        .flat_map(|row| {
            row.children
                .iter()
                .filter(|child| {
                    !pupils_in_file.contains(child) && !pupils_in_school.contains_key(*child)
                })
                .map(|child| LineError {
                    line: row.line,
                    reason: format!("child {child} is not a pupil of this school"),
                })
        })
        .collect()
}

async fn ensure_classes(
    tx: &mut Transaction<'_, Any>,
    school: &SchoolId,
    rows: &[DirectoryRow],
    report: &mut ImportReport,
) -> Result<HashMap<String, ClassId>> {
    let existing = sqlx::query("SELECT id, name FROM classes WHERE school_id = $1")
        .bind(school.as_str())
        .fetch_all(&mut **tx)
        .await?;
    let mut classes = HashMap::new();
    for row in &existing {
        classes.insert(
            row.try_get::<String, _>("name")?,
            decode(row.try_get("id")?)?,
        );
    }
    let wanted: BTreeSet<&str> = rows
        .iter()
        .flat_map(|r| r.classes.iter().map(|(c, _)| c.as_str()))
        .collect();
    for name in wanted {
        if !classes.contains_key(name) {
            let id = ClassId::random(&mut OsRng);
            sqlx::query("INSERT INTO classes (id, school_id, name) VALUES ($1, $2, $3)")
                .bind(id.as_str())
                .bind(school.as_str())
                .bind(name)
                .execute(&mut **tx)
                .await?;
            classes.insert(name.to_owned(), id);
            report.classes_created += 1;
        }
    }
    Ok(classes)
}

async fn insert_pending(
    tx: &mut Transaction<'_, Any>,
    school: &SchoolId,
    row: &DirectoryRow,
    now: Timestamp,
) -> Result<UserId> {
    let id = UserId::random(&mut OsRng);
    sqlx::query(
        "INSERT INTO users (id, school_id, role, login, first_name, last_name, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.as_str())
    .bind(school.as_str())
    .bind(row.role.as_str())
    .bind(row.login.as_str())
    .bind(row.first_name.as_str())
    .bind(row.last_name.as_str())
    .bind(AccountStatus::Pending.as_str())
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

fn wanted_links(
    row: &DirectoryRow,
    classes: &HashMap<String, ClassId>,
    ids: &HashMap<Login, UserId>,
) -> Links {
    let class_links = row.classes.iter().filter_map(|(class, subject)| {
        let id = classes.get(class.as_str())?;
        Some((
            id.to_string(),
            subject.as_ref().map(|s| s.to_string()).unwrap_or_default(),
        ))
    });
    let child_links = row
        .children
        .iter()
        .filter_map(|child| Some((ids.get(child)?.to_string(), String::new())));
    class_links.chain(child_links).collect()
}

/// Where a role's links live: how to read, clear and write them.
struct LinkTable {
    select: &'static str,
    delete: &'static str,
    insert: &'static str,
    with_subject: bool,
}

fn link_table(role: Role) -> Option<LinkTable> {
    match role {
        Role::Pupil => Some(LinkTable {
            select:
                "SELECT class_id AS target, '' AS subject, since FROM class_pupils WHERE pupil_id = $1",
            delete: "DELETE FROM class_pupils WHERE pupil_id = $1",
            insert: "INSERT INTO class_pupils (pupil_id, class_id, since) VALUES ($1, $2, $3)",
            with_subject: false,
        }),
        Role::Teacher => Some(LinkTable {
            select:
                "SELECT class_id AS target, subject, since FROM teachings WHERE teacher_id = $1",
            delete: "DELETE FROM teachings WHERE teacher_id = $1",
            insert: "INSERT INTO teachings (teacher_id, class_id, since, subject) VALUES ($1, $2, $3, $4)",
            with_subject: true,
        }),
        Role::Parent => Some(LinkTable {
            select:
                "SELECT child_id AS target, '' AS subject, since FROM parent_links WHERE parent_id = $1",
            delete: "DELETE FROM parent_links WHERE parent_id = $1",
            insert: "INSERT INTO parent_links (parent_id, child_id, since) VALUES ($1, $2, $3)",
            with_subject: false,
        }),
        _ => None,
    }
}

/// Makes a person's links exactly `wanted`; returns whether anything changed. A link that
/// stays keeps the date it was made (messages to a class reach those who were in it when
/// they were sent); a new one dates from `now`.
async fn replace_links(
    tx: &mut Transaction<'_, Any>,
    role: Role,
    id: &UserId,
    wanted: &Links,
    now: Timestamp,
) -> Result<bool> {
    let Some(table) = link_table(role) else {
        return Ok(false);
    };
    let current: HashMap<(String, String), i64> = sqlx::query(table.select)
        .bind(id.as_str())
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| {
            Ok((
                (r.try_get("target")?, r.try_get("subject")?),
                r.try_get("since")?,
            ))
        })
        .collect::<Result<_>>()?;
    if current.len() == wanted.len() && wanted.iter().all(|link| current.contains_key(link)) {
        return Ok(false);
    }
    sqlx::query(table.delete)
        .bind(id.as_str())
        .execute(&mut **tx)
        .await?;
    for link in wanted {
        let since = current.get(link).copied().unwrap_or(now.0);
        let query = sqlx::query(table.insert)
            .bind(id.as_str())
            .bind(&link.0)
            .bind(since);
        let query = if table.with_subject {
            query.bind(&link.1)
        } else {
            query
        };
        query.execute(&mut **tx).await?;
    }
    Ok(true)
}
