//! Describing each recipient relative to the sender, so that core's rule can decide.
//!
//! One query per recipient reads what it is, its school, its size and every tie to the
//! sender the rule may ask about; the rule in `cartable_core::messaging::clearance` decides.

use super::model::RecipientLabel;
use crate::error::decode;
use crate::script::Params;
use crate::Result;
use cartable_core::messaging::{Recipient, Refusal, RefusedRecipient, Target, TargetKind, Ties};
use cartable_core::{Role, UserId};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// Every recipient found, with its name; or those that do not exist.
pub(crate) struct Resolved {
    pub(crate) targets: Vec<Target>,
    pub(crate) labels: Vec<RecipientLabel>,
    pub(crate) unknown: Vec<RefusedRecipient>,
}

/// Ties of a person to the sender: is the sender their teacher (pupil, or parent of a pupil
/// of the sender's classes), are they the sender's teacher (or their child's), classmates,
/// the sender's child.
const PERSON: &str = "SELECT u.role, u.school_id, u.first_name || ' ' || u.last_name AS name, \
    EXISTS (SELECT 1 FROM teachings t JOIN class_pupils cp ON cp.class_id = t.class_id \
            WHERE t.teacher_id = $2 AND (cp.pupil_id = u.id OR cp.pupil_id IN \
                (SELECT child_id FROM parent_links WHERE parent_id = u.id))) AS sender_teaches, \
    EXISTS (SELECT 1 FROM teachings t JOIN class_pupils cp ON cp.class_id = t.class_id \
            WHERE t.teacher_id = u.id AND (cp.pupil_id = $2 OR cp.pupil_id IN \
                (SELECT child_id FROM parent_links WHERE parent_id = $2))) AS teaches_sender, \
    EXISTS (SELECT 1 FROM class_pupils a JOIN class_pupils b ON a.class_id = b.class_id \
            WHERE a.pupil_id = $2 AND b.pupil_id = u.id) AS classmate, \
    EXISTS (SELECT 1 FROM parent_links WHERE parent_id = $2 AND child_id = u.id) AS own_child, \
    CAST(1 AS BIGINT) AS size \
    FROM users u WHERE u.id = $1";

/// Ties of a class (or its parents, or its teachers) to the sender: the sender teaches it,
/// is in it, or has a child in it.
const CLASS: &str = "SELECT c.school_id, c.name, \
    EXISTS (SELECT 1 FROM teachings WHERE class_id = c.id AND teacher_id = $2) AS sender_teaches, \
    EXISTS (SELECT 1 FROM class_pupils WHERE class_id = c.id AND (pupil_id = $2 OR pupil_id IN \
        (SELECT child_id FROM parent_links WHERE parent_id = $2))) AS teaches_sender, \
    EXISTS (SELECT 1 FROM class_pupils WHERE class_id = c.id AND pupil_id = $2) AS classmate, \
    (SELECT COUNT(*) FROM class_pupils WHERE class_id = c.id) AS size \
    FROM classes c WHERE c.id = $1";

const GROUP: &str = "SELECT g.school_id, g.name, g.owner_id = $2 AS owns_group, \
    (SELECT COUNT(*) FROM message_group_members WHERE group_id = g.id) AS size \
    FROM message_groups g WHERE g.id = $1";

const SCHOOL: &str = "SELECT s.id AS school_id, s.name, \
    (SELECT COUNT(*) FROM users WHERE school_id = s.id) AS size FROM schools s WHERE s.id = $1";

/// Reads a boolean computed by `EXISTS` or a comparison: an integer on SQLite, a boolean on
/// PostgreSQL.
fn flag(row: &AnyRow, column: &str) -> Result<bool> {
    match row.try_get::<bool, _>(column) {
        Ok(value) => Ok(value),
        Err(_) => Ok(row.try_get::<i64, _>(column)? != 0),
    }
}

fn size(row: &AnyRow) -> Result<u32> {
    let size: i64 = row.try_get("size")?;
    Ok(u32::try_from(size).unwrap_or(u32::MAX))
}

/// Describes every recipient relative to `sender`.
pub(crate) async fn resolve(
    pool: &AnyPool,
    sender: &UserId,
    recipients: &[Recipient],
) -> Result<Resolved> {
    let mut resolved = Resolved {
        targets: Vec::new(),
        labels: Vec::new(),
        unknown: Vec::new(),
    };
    for recipient in recipients {
        match describe(pool, sender, recipient).await? {
            Some((target, name)) => {
                resolved.labels.push(RecipientLabel {
                    to: recipient.clone(),
                    name,
                });
                resolved.targets.push(target);
            }
            None => resolved.unknown.push(RefusedRecipient {
                recipient: recipient.clone(),
                refusal: Refusal::Unknown,
            }),
        }
    }
    Ok(resolved)
}

/// One recipient as a [`Target`] with its name, or `None` if it does not exist.
async fn describe(
    pool: &AnyPool,
    sender: &UserId,
    recipient: &Recipient,
) -> Result<Option<(Target, String)>> {
    let (sql, id) = match recipient {
        Recipient::User(id) => (PERSON, id.as_str()),
        Recipient::Class(id) | Recipient::ClassParents(id) | Recipient::ClassTeachers(id) => {
            (CLASS, id.as_str())
        }
        Recipient::Group(id) => (GROUP, id.as_str()),
        Recipient::School(id) => (SCHOOL, id.as_str()),
    };
    let Some(row) = sqlx::query(sql)
        .bind(id)
        .bind(sender.as_str())
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let mut ties = Ties::default();
    let kind = match recipient {
        Recipient::User(_) => {
            let role: String = row.try_get("role")?;
            ties.sender_teaches = flag(&row, "sender_teaches")?;
            ties.teaches_sender = flag(&row, "teaches_sender")?;
            ties.classmate = flag(&row, "classmate")?;
            ties.own_child = flag(&row, "own_child")?;
            TargetKind::Person(role.parse::<Role>().unwrap_or(Role::Admin))
        }
        Recipient::Class(_) | Recipient::ClassParents(_) | Recipient::ClassTeachers(_) => {
            ties.sender_teaches = flag(&row, "sender_teaches")?;
            ties.teaches_sender = flag(&row, "teaches_sender")?;
            ties.classmate = flag(&row, "classmate")?;
            match recipient {
                Recipient::Class(_) => TargetKind::Class,
                Recipient::ClassParents(_) => TargetKind::ClassParents,
                _ => TargetKind::ClassTeachers,
            }
        }
        Recipient::Group(_) => {
            ties.owns_group = flag(&row, "owns_group")?;
            TargetKind::Group
        }
        Recipient::School(_) => TargetKind::School,
    };
    let target = Target {
        recipient: recipient.clone(),
        kind,
        school: decode(row.try_get("school_id")?)?,
        ties,
        size: size(&row)?,
    };
    Ok(Some((target, row.try_get("name")?)))
}

/// The SQL that lists the people a recipient stands for (`member`) and since when they
/// belong to it (`since`), its id bound as `id`.
fn members_sql(recipient: &Recipient, id: &str) -> String {
    match recipient {
        Recipient::User(_) => format!("SELECT id AS member, 0 AS since FROM users WHERE id = {id}"),
        Recipient::Class(_) => {
            format!("SELECT pupil_id AS member, since FROM class_pupils WHERE class_id = {id}")
        }
        Recipient::ClassParents(_) => format!(
            "SELECT pl.parent_id AS member, \
             CASE WHEN pl.since > cp.since THEN pl.since ELSE cp.since END AS since \
             FROM parent_links pl JOIN class_pupils cp ON cp.pupil_id = pl.child_id \
             WHERE cp.class_id = {id}"
        ),
        Recipient::ClassTeachers(_) => {
            format!("SELECT teacher_id AS member, since FROM teachings WHERE class_id = {id}")
        }
        Recipient::Group(_) => format!(
            "SELECT user_id AS member, since FROM message_group_members WHERE group_id = {id}"
        ),
        Recipient::School(_) => {
            format!("SELECT id AS member, created_at AS since FROM users WHERE school_id = {id}")
        }
    }
}

/// A scalar SQL expression: how many distinct people `recipients` stand for, but the
/// sender bound as `sender`; with `at`, only those who belonged to their audience then.
pub(crate) fn audience_count(
    p: &mut Params,
    recipients: &[Recipient],
    sender: &str,
    at: Option<&str>,
) -> String {
    if recipients.is_empty() {
        return "CAST(0 AS BIGINT)".to_owned();
    }
    let parts: Vec<String> = recipients
        .iter()
        .map(|recipient| members_sql(recipient, &p.text(recipient.id())))
        .collect();
    let at = at
        .map(|at| format!(" AND since <= {at}"))
        .unwrap_or_default();
    format!(
        "(SELECT COUNT(*) FROM (SELECT DISTINCT member FROM ({}) audience \
         WHERE member <> {sender}{at}) counted)",
        parts.join(" UNION ")
    )
}
