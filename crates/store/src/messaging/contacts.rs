//! Who I may write to: the address book the compose page offers.
//!
//! The list follows the rule in `cartable_core::messaging::clearance` role by role, so that
//! a form built from it only offers recipients the rule will accept (the rule still decides
//! at sending time: the list is a convenience, never a permission). Pupils see their
//! teachers, the school's staff and head, and their classmates only when the school lets
//! pupils write to each other; parents see their children's teachers, staff and head, and
//! their children; teachers see their classes (pupils, parents, teachers), their own groups,
//! their colleagues, staff and head; staff and the head see every class, every group, the
//! whole school and everyone who works there.

use super::settings;
use crate::error::decode;
use crate::{Result, Store, StoreError};
use cartable_core::messaging::Recipient;
use cartable_core::{ClassId, Role, SchoolId, UserId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

/// Which part of the address book a contact belongs to; pages show one fieldset per group,
/// in this order, with the group's name in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactGroup {
    /// The whole school.
    School,
    /// The pupils of a class.
    Classes,
    /// The parents of a class.
    ClassParents,
    /// The teachers of a class.
    ClassTeachers,
    /// Groups of people.
    Groups,
    /// The sender's children.
    Children,
    /// Teachers: mine, my children's, or my colleagues.
    Teachers,
    /// Staff (vie scolaire) and the head.
    SchoolStaff,
    /// Pupils who share a class with me.
    Classmates,
}

/// Someone (or some set of people) I may write to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// The recipient to put on the message.
    pub to: Recipient,
    /// A person's name (with the subjects they teach me, for teachers), or a class's,
    /// group's or school's name.
    pub name: String,
    /// Where it is listed.
    pub group: ContactGroup,
}

/// My teachers (a pupil), or my children's (a parent), with the subjects they teach.
const TEACHERS_OF: &str = "SELECT DISTINCT u.id, u.first_name, u.last_name, t.subject \
    FROM teachings t JOIN class_pupils cp ON cp.class_id = t.class_id \
    JOIN users u ON u.id = t.teacher_id \
    WHERE u.school_id = $2 AND u.role = 'teacher' AND u.id <> $1 \
    AND (cp.pupil_id = $1 OR cp.pupil_id IN (SELECT child_id FROM parent_links WHERE parent_id = $1)) \
    ORDER BY u.last_name, u.first_name, u.id, t.subject";

/// The school's teachers, but me.
const COLLEAGUES: &str = "SELECT id, first_name, last_name FROM users \
    WHERE school_id = $2 AND id <> $1 AND role = 'teacher' ORDER BY last_name, first_name, id";

/// The school's staff and head, but me.
const SCHOOL_STAFF: &str = "SELECT id, first_name, last_name FROM users \
    WHERE school_id = $2 AND id <> $1 AND role IN ('staff', 'head') \
    ORDER BY last_name, first_name, id";

/// The pupils who share a class with me.
const CLASSMATES: &str = "SELECT DISTINCT u.id, u.first_name, u.last_name \
    FROM class_pupils mine JOIN class_pupils theirs ON theirs.class_id = mine.class_id \
    JOIN users u ON u.id = theirs.pupil_id \
    WHERE mine.pupil_id = $1 AND u.id <> $1 AND u.school_id = $2 AND u.role = 'pupil' \
    ORDER BY u.last_name, u.first_name, u.id";

/// My children.
const CHILDREN: &str = "SELECT u.id, u.first_name, u.last_name \
    FROM parent_links p JOIN users u ON u.id = p.child_id \
    WHERE p.parent_id = $1 AND u.school_id = $2 AND u.role = 'pupil' \
    ORDER BY u.last_name, u.first_name, u.id";

/// The classes I teach.
const MY_CLASSES: &str = "SELECT DISTINCT c.id, c.name FROM teachings t \
    JOIN classes c ON c.id = t.class_id \
    WHERE t.teacher_id = $1 AND c.school_id = $2 ORDER BY c.name, c.id";

/// Every class of the school.
const ALL_CLASSES: &str = "SELECT id, name FROM classes WHERE school_id = $1 ORDER BY name, id";

/// The groups I own.
const MY_GROUPS: &str = "SELECT id, name FROM message_groups \
    WHERE owner_id = $1 AND school_id = $2 ORDER BY name, id";

/// Every group of the school.
const ALL_GROUPS: &str =
    "SELECT id, name FROM message_groups WHERE school_id = $1 ORDER BY name, id";

/// A person's name from a row.
fn person_name(row: &AnyRow) -> Result<String> {
    let first: String = row.try_get("first_name")?;
    let last: String = row.try_get("last_name")?;
    Ok(format!("{first} {last}"))
}

impl Store {
    /// Everyone and everything `user` may write to in their school, grouped, each group in
    /// name order. `NotFound` if there is no such account.
    pub async fn contacts(&self, user: &UserId) -> Result<Vec<Contact>> {
        let row = sqlx::query("SELECT role, school_id FROM users WHERE id = $1")
            .bind(user.as_str())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        let role: String = row.try_get("role")?;
        let role: Role = role.parse().map_err(|_| StoreError::Forbidden)?;
        let school: SchoolId = decode(row.try_get("school_id")?)?;
        let book = AddressBook {
            store: self,
            mine: [user.as_str(), school.as_str()],
            school: &school,
        };
        let mut contacts = Vec::new();
        match role {
            Role::Pupil => {
                contacts.extend(book.teachers().await?);
                contacts.extend(book.people(SCHOOL_STAFF, ContactGroup::SchoolStaff).await?);
                let policy = settings::load(&self.pool, &school).await?.policy;
                if policy.pupils_write_to_classmates {
                    contacts.extend(book.people(CLASSMATES, ContactGroup::Classmates).await?);
                }
            }
            Role::Parent => {
                contacts.extend(book.people(CHILDREN, ContactGroup::Children).await?);
                contacts.extend(book.teachers().await?);
                contacts.extend(book.people(SCHOOL_STAFF, ContactGroup::SchoolStaff).await?);
            }
            Role::Teacher => {
                contacts.extend(book.classes(MY_CLASSES, &book.mine).await?);
                contacts.extend(book.groups(MY_GROUPS, &book.mine).await?);
                contacts.extend(book.people(COLLEAGUES, ContactGroup::Teachers).await?);
                contacts.extend(book.people(SCHOOL_STAFF, ContactGroup::SchoolStaff).await?);
            }
            Role::Staff | Role::Head | Role::Admin => {
                let school_only = [school.as_str()];
                contacts.extend(book.whole_school().await?);
                contacts.extend(book.classes(ALL_CLASSES, &school_only).await?);
                contacts.extend(book.groups(ALL_GROUPS, &school_only).await?);
                contacts.extend(book.people(COLLEAGUES, ContactGroup::Teachers).await?);
                contacts.extend(book.people(SCHOOL_STAFF, ContactGroup::SchoolStaff).await?);
            }
        }
        // Stable: each group keeps its name order.
        contacts.sort_by_key(|c| c.group);
        Ok(contacts)
    }
}

/// The queries behind [`Store::contacts`], for one user in one school.
struct AddressBook<'a> {
    store: &'a Store,
    /// The user's id and school id, bound as `$1` and `$2` by the queries about "me".
    mine: [&'a str; 2],
    school: &'a SchoolId,
}

impl AddressBook<'_> {
    /// The rows of `sql` with `binds` as `$1`, `$2`…
    async fn rows(&self, sql: &str, binds: &[&str]) -> Result<Vec<AnyRow>> {
        let mut query = sqlx::query(sql);
        for value in binds {
            query = query.bind(*value);
        }
        Ok(query.fetch_all(&self.store.pool).await?)
    }

    /// People listed by a query about me, as individual contacts of `group`.
    async fn people(&self, sql: &str, group: ContactGroup) -> Result<Vec<Contact>> {
        self.rows(sql, &self.mine)
            .await?
            .iter()
            .map(|row| {
                Ok(Contact {
                    to: Recipient::User(decode(row.try_get("id")?)?),
                    name: person_name(row)?,
                    group,
                })
            })
            .collect()
    }

    /// My teachers or my children's, once each, named with the subjects they teach.
    async fn teachers(&self) -> Result<Vec<Contact>> {
        let mut teachers: Vec<(UserId, String, Vec<String>)> = Vec::new();
        for row in self.rows(TEACHERS_OF, &self.mine).await? {
            let id: UserId = decode(row.try_get("id")?)?;
            let subject: String = row.try_get("subject")?;
            match teachers.last_mut() {
                Some((last, _, subjects)) if *last == id => subjects.push(subject),
                _ => teachers.push((id, person_name(&row)?, vec![subject])),
            }
        }
        Ok(teachers
            .into_iter()
            .map(|(id, name, subjects)| Contact {
                to: Recipient::User(id),
                name: format!("{name} ({})", subjects.join(", ")),
                group: ContactGroup::Teachers,
            })
            .collect())
    }

    /// Classes, each three times: its pupils, its parents, its teachers.
    async fn classes(&self, sql: &str, binds: &[&str]) -> Result<Vec<Contact>> {
        let mut contacts = Vec::new();
        for row in self.rows(sql, binds).await? {
            let id: ClassId = decode(row.try_get("id")?)?;
            let name: String = row.try_get("name")?;
            for (to, group) in [
                (Recipient::Class(id.clone()), ContactGroup::Classes),
                (
                    Recipient::ClassParents(id.clone()),
                    ContactGroup::ClassParents,
                ),
                (Recipient::ClassTeachers(id), ContactGroup::ClassTeachers),
            ] {
                contacts.push(Contact {
                    to,
                    name: name.clone(),
                    group,
                });
            }
        }
        Ok(contacts)
    }

    /// Groups listed by `sql`.
    async fn groups(&self, sql: &str, binds: &[&str]) -> Result<Vec<Contact>> {
        self.rows(sql, binds)
            .await?
            .iter()
            .map(|row| {
                Ok(Contact {
                    to: Recipient::Group(decode(row.try_get("id")?)?),
                    name: row.try_get("name")?,
                    group: ContactGroup::Groups,
                })
            })
            .collect()
    }

    /// The whole school, by its name.
    async fn whole_school(&self) -> Result<Vec<Contact>> {
        let row = sqlx::query("SELECT name FROM schools WHERE id = $1")
            .bind(self.school.as_str())
            .fetch_one(&self.store.pool)
            .await?;
        Ok(vec![Contact {
            to: Recipient::School(self.school.clone()),
            name: row.try_get("name")?,
            group: ContactGroup::School,
        }])
    }
}
