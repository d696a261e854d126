//! What the store hands back: plain records, read-only views for pages and the API.

use cartable_core::id::AcademyId;
use cartable_core::secret::SecretDigest;
use cartable_core::{
    AccountStatus, Actor, ClassId, Login, Role, SchoolId, SessionId, Timestamp, Uai, UserId,
};
use serde::Serialize;

/// A school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct School {
    /// Its id.
    pub id: SchoolId,
    /// The academy it belongs to.
    pub academy_id: AcademyId,
    /// Its national code.
    pub uai: Uai,
    /// Its name.
    pub name: String,
}

/// An account with what sign-in needs. The password hash never leaves the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Its id.
    pub id: UserId,
    /// Its sign-in name.
    pub login: Login,
    /// Its role.
    pub role: Role,
    /// Its school.
    pub school_id: SchoolId,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Pending, active or locked.
    pub status: AccountStatus,
    /// The argon2id PHC string, once a password is set.
    pub password_hash: Option<String>,
}

impl Account {
    /// "First Last".
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// An account to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// The school it joins.
    pub school: SchoolId,
    /// Its role.
    pub role: Role,
    /// Its sign-in name.
    pub login: Login,
    /// First name.
    pub first_name: cartable_core::directory::PersonName,
    /// Last name.
    pub last_name: cartable_core::directory::PersonName,
    /// A hash to start active with; `None` starts the account pending an activation code.
    pub password_hash: Option<String>,
}

/// Who I am, as `GET /api/v1/me` tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    /// My id.
    pub id: UserId,
    /// My name as shown.
    pub display_name: String,
    /// My role.
    pub role: Role,
    /// My school.
    pub school_id: SchoolId,
    /// My classes: a pupil's class, a teacher's classes; empty otherwise.
    pub class_ids: Vec<ClassId>,
    /// A parent's children; empty otherwise.
    pub children_ids: Vec<UserId>,
}

/// A session to open.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Whose session.
    pub user: UserId,
    /// The digest of its bearer token.
    pub token: SecretDigest,
    /// When it opens.
    pub created_at: Timestamp,
    /// When it ends at the latest.
    pub expires_at: Timestamp,
    /// The browser or app that opened it, as it says (truncated), for "my sessions".
    pub user_agent: String,
    /// The address it was opened from.
    pub ip: String,
    /// The signed device id of the browser, if it carries one. A device never seen for the
    /// account is recorded, and the account's owner gets a notice.
    pub device: Option<String>,
}

/// A live session found by its token, with who it acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// The session.
    pub session_id: SessionId,
    /// Who acts through it.
    pub actor: Actor,
    /// Their login.
    pub login: Login,
    /// Their name as shown.
    pub display_name: String,
    /// When it ends.
    pub expires_at: Timestamp,
    /// When the session's device was first seen for this account; `None` when the session
    /// has no device (an API client), which counts as new.
    pub device_first_seen: Option<Timestamp>,
}

impl SessionInfo {
    /// Whether the session's device is less than a day old for this account: such a session
    /// may write to one class at most, and never to the whole school.
    pub fn on_new_device(&self, now: Timestamp) -> bool {
        self.device_first_seen.is_none_or(|first| {
            now.seconds_since(first) < cartable_core::messaging::NEW_DEVICE_SECONDS
        })
    }
}

/// One of my sessions, as listed on "my sessions".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionRow {
    /// Its id.
    pub id: SessionId,
    /// When it opened.
    pub created_at: Timestamp,
    /// When it was last used (to within a few minutes).
    pub last_seen_at: Timestamp,
    /// When it ends.
    pub expires_at: Timestamp,
    /// The browser or app, as it said.
    pub user_agent: String,
    /// The address it was opened from.
    pub ip: String,
}

/// A class, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassRef {
    /// Its id.
    pub id: ClassId,
    /// Its name.
    pub name: String,
}

/// A teacher of a class and what they teach there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeacherRef {
    /// The teacher's name.
    pub display_name: String,
    /// The subject.
    pub subject: String,
}

/// A pupil's home page: my class and my teachers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PupilHome {
    /// My class, once I have one.
    pub class: Option<ClassRef>,
    /// My teachers, by subject.
    pub teachers: Vec<TeacherRef>,
}

/// A parent's child, on the parent's home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildSummary {
    /// The child's id.
    pub id: UserId,
    /// The child's school (a family may span two).
    pub school_id: SchoolId,
    /// The child's name.
    pub display_name: String,
    /// The child's class.
    pub class: Option<ClassRef>,
}

/// A (class, subject) a teacher teaches, on the teacher's home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Teaching {
    /// The class.
    pub class: ClassRef,
    /// The subject.
    pub subject: String,
    /// How many pupils the class has.
    pub pupils: i64,
}

/// A class as the head sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassOverview {
    /// The class.
    pub class: ClassRef,
    /// Pupils in it.
    pub pupils: i64,
    /// Of which still pending activation.
    pub pending: i64,
    /// Its teachers, by subject.
    pub teachers: Vec<TeacherRef>,
}

/// How many accounts of one role a school has, by status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleCount {
    /// The role.
    pub role: Role,
    /// Active accounts.
    pub active: i64,
    /// Accounts waiting for activation.
    pub pending: i64,
    /// Locked accounts.
    pub locked: i64,
}

/// A school's structure, on the head's home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolOverview {
    /// The school.
    pub school: School,
    /// Its classes, by level then name (6e, 5e … Tle; see `class_order_key`).
    pub classes: Vec<ClassOverview>,
    /// Its accounts, counted by role.
    pub counts: Vec<RoleCount>,
}

/// An account in a school's list of accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountRow {
    /// Its id.
    pub id: UserId,
    /// Its sign-in name.
    pub login: Login,
    /// Its name as shown.
    pub display_name: String,
    /// Its role.
    pub role: Role,
    /// Pending, active or locked.
    pub status: AccountStatus,
    /// A pupil's class, or for a parent the class of their first child in the school.
    pub class: Option<String>,
}

/// Which of a school's accounts to list, and which slice of them: the head's accounts page
/// and the API page through a school of a thousand accounts instead of sending them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountQuery {
    /// Only accounts of this role.
    pub role: Option<Role>,
    /// Only the pupils of this class, their parents and its teachers.
    pub class: Option<ClassId>,
    /// Only accounts whose login, first or last name contains this text, ignoring case (letters
    /// with accents match as typed). `%` and `_` are plain characters here.
    pub search: Option<String>,
    /// How many matching accounts to skip.
    pub offset: usize,
    /// How many to return at most; capped at [`AccountQuery::MAX_LIMIT`].
    pub limit: usize,
}

impl AccountQuery {
    /// The most accounts one query returns, whatever its `limit` asks.
    pub const MAX_LIMIT: usize = 200;
}

impl Default for AccountQuery {
    /// Every account, from the first, [`AccountQuery::MAX_LIMIT`] at a time.
    fn default() -> Self {
        AccountQuery {
            role: None,
            class: None,
            search: None,
            offset: 0,
            limit: AccountQuery::MAX_LIMIT,
        }
    }
}

/// One slice of a school's accounts, with how many match in all (to show "page X of Y").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountPage {
    /// The accounts of this slice, by last name, first name, login.
    pub accounts: Vec<AccountRow>,
    /// How many accounts match the query, across all slices.
    pub total: i64,
}

/// What a directory import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ImportReport {
    /// Accounts created (pending activation).
    pub created: usize,
    /// Accounts whose names, class, children or teaching changed.
    pub updated: usize,
    /// Accounts already exactly as in the file.
    pub unchanged: usize,
    /// Classes created.
    pub classes_created: usize,
}
