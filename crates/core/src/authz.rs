//! Who may do what: the one authorisation function.
//!
//! Every action that touches someone else's data is an [`Action`]; [`authorize`] is the only
//! place that decides it. A yes is a [`Permit`] — a value only this module can build — and the
//! store's privileged operations take one, so no handler can reach them without passing here.

use crate::continuity::ClassTie;
use crate::directory::Subject;
use crate::{Actor, ClassId, Role, SchoolId, UserId};

/// Something an actor asks to do. Actions on one's own account carry no target: the store
/// scopes them to the actor's own id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// See my home page, who I am, my sessions; sign myself out, revoke my own sessions.
    UseOwnAccount,
    /// See a school's structure (classes, teachers) and its list of accounts.
    ViewSchool(SchoolId),
    /// Load a directory file (pupils, parents, teachers) into a school.
    ImportDirectory(SchoolId),
    /// Print the activation codes of a school's pending accounts, class by class.
    PrintActivationCodes(SchoolId),
    /// Give a fresh activation code to an account of this role, ending its sessions.
    ResetAccess {
        /// The account's school.
        school: SchoolId,
        /// The account's role.
        target: Role,
    },
    /// Create an account of this role.
    AddUser {
        /// The school the account joins.
        school: SchoolId,
        /// Its role.
        role: Role,
    },
    /// Lock an account of this role and end its sessions.
    LockAccount {
        /// The account's school.
        school: SchoolId,
        /// The account's role.
        target: Role,
    },
    /// Write messages from one's own account in this school (each recipient is then cleared
    /// by [`crate::messaging::clear`]).
    SendMessages(SchoolId),
    /// See held and reported messages, release, reject or recall them.
    ModerateMessages(SchoolId),
    /// Switch sending off or on for the school or some of its roles.
    SwitchMessaging(SchoolId),
    /// Change the school's messaging policy (who writes to classmates, limits, hours).
    EditMessagingPolicy(SchoolId),
    /// End every session of the school's accounts (those the actor manages) and require new
    /// passwords: the one action after a wave of hijacked accounts.
    RespondToIncident(SchoolId),
    /// Create groups of people to write to.
    ManageGroups(SchoolId),
    /// Read a class's timetable, class log, homework and news: its pupils, their parents, its
    /// teachers, and the school's staff.
    ReadClassWork {
        /// The class's school.
        school: SchoolId,
        /// The class.
        class: ClassId,
        /// How the actor stands to it.
        tie: ClassTie,
    },
    /// Write the class log and set homework for a class in one subject: the teachers of that
    /// subject in that class, no one else.
    WriteClassLog {
        /// The class's school.
        school: SchoolId,
        /// The class.
        class: ClassId,
        /// The subject written for.
        subject: Subject,
        /// How the actor stands to the class.
        tie: ClassTie,
    },
    /// Tick a homework of one's own class as done (a pupil).
    TickHomework {
        /// The class's school.
        school: SchoolId,
        /// The class the homework was set to.
        class: ClassId,
        /// How the actor stands to it.
        tie: ClassTie,
    },
    /// Hand work in for a homework of one's own class (a pupil).
    HandIn {
        /// The class's school.
        school: SchoolId,
        /// The class the homework was set to.
        class: ClassId,
        /// How the actor stands to it.
        tie: ClassTie,
    },
    /// See who handed in a homework, download every hand-in, write feedback and a mark: the
    /// teachers of the homework's subject in its class.
    ReviewHandIns {
        /// The class's school.
        school: SchoolId,
        /// The class the homework was set to.
        class: ClassId,
        /// The homework's subject.
        subject: Subject,
        /// How the actor stands to the class.
        tie: ClassTie,
    },
    /// See one pupil's hand-in, with its feedback and mark: the pupil herself, her parents,
    /// and the teachers of the homework's subject in her class.
    ReadHandIn {
        /// The class's school.
        school: SchoolId,
        /// The class the homework was set to.
        class: ClassId,
        /// The homework's subject.
        subject: Subject,
        /// How the actor stands to the class.
        tie: ClassTie,
        /// Whose hand-in.
        pupil: UserId,
        /// Whether the store found that pupil to be the actor's child.
        own_child: bool,
    },
    /// See the day of one of one's children (a parent).
    ViewChildDay {
        /// The child's school.
        school: SchoolId,
        /// Whether the store found the child linked to the actor.
        own_child: bool,
    },
    /// Load or edit the school's timetables, and change or cancel a lesson.
    EditTimetable(SchoolId),
    /// Publish news to the whole school.
    PublishSchoolNews(SchoolId),
    /// Publish news to one class: the school's staff, or a teacher of the class.
    PublishClassNews {
        /// The class's school.
        school: SchoolId,
        /// The class.
        class: ClassId,
        /// How the actor stands to it.
        tie: ClassTie,
    },
    /// Use one's own documents space: list, upload, download, rename, move, delete and
    /// restore. Only its owner: the store acts on `owner`'s space alone.
    UseOwnDocuments {
        /// The space's owner.
        owner: UserId,
    },
    /// List and download a class's shared documents: its pupils, their parents, its
    /// teachers, and the school's staff.
    ReadClassDocuments {
        /// The class's school.
        school: SchoolId,
        /// The class.
        class: ClassId,
        /// How the actor stands to it.
        tie: ClassTie,
    },
    /// Write a class's shared documents (folders, uploads, renames, moves, trash): the
    /// teachers of the class, and the school's staff and head.
    WriteClassDocuments {
        /// The class's school.
        school: SchoolId,
        /// The class.
        class: ClassId,
        /// How the actor stands to it.
        tie: ClassTie,
    },
    /// Switch the platform's under-attack mode (proof of work for anonymous browsers): a
    /// decision about every school a node serves, so an administrator's alone.
    OperateShield,
}

/// Proof that [`authorize`] allowed an action. It cannot be built anywhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permit {
    action: Action,
    /// The role of whoever was allowed: what they may do to other accounts depends on it.
    actor_role: Role,
}

impl Permit {
    /// The action this permit allows.
    pub fn action(&self) -> &Action {
        &self.action
    }

    /// The school the action is about, if any.
    pub fn school(&self) -> Option<&SchoolId> {
        match &self.action {
            Action::UseOwnAccount | Action::OperateShield | Action::UseOwnDocuments { .. } => None,
            Action::ViewSchool(school)
            | Action::ImportDirectory(school)
            | Action::PrintActivationCodes(school)
            | Action::ResetAccess { school, .. }
            | Action::AddUser { school, .. }
            | Action::LockAccount { school, .. }
            | Action::SendMessages(school)
            | Action::ModerateMessages(school)
            | Action::SwitchMessaging(school)
            | Action::EditMessagingPolicy(school)
            | Action::RespondToIncident(school)
            | Action::ManageGroups(school)
            | Action::ReadClassWork { school, .. }
            | Action::WriteClassLog { school, .. }
            | Action::TickHomework { school, .. }
            | Action::HandIn { school, .. }
            | Action::ReviewHandIns { school, .. }
            | Action::ReadHandIn { school, .. }
            | Action::ViewChildDay { school, .. }
            | Action::EditTimetable(school)
            | Action::PublishSchoolNews(school)
            | Action::PublishClassNews { school, .. }
            | Action::ReadClassDocuments { school, .. }
            | Action::WriteClassDocuments { school, .. } => Some(school),
        }
    }

    /// The class the action is about, if any: the store acts on that class's rows only.
    pub fn class(&self) -> Option<&ClassId> {
        match &self.action {
            Action::ReadClassWork { class, .. }
            | Action::WriteClassLog { class, .. }
            | Action::TickHomework { class, .. }
            | Action::HandIn { class, .. }
            | Action::ReviewHandIns { class, .. }
            | Action::ReadHandIn { class, .. }
            | Action::PublishClassNews { class, .. }
            | Action::ReadClassDocuments { class, .. }
            | Action::WriteClassDocuments { class, .. } => Some(class),
            _ => None,
        }
    }

    /// Whether a directory import under this permit may create or update accounts of `role`:
    /// a head imports pupils, parents, teachers and staff, never another head.
    pub fn covers_import(&self, role: Role) -> bool {
        matches!(self.action, Action::ImportDirectory(_)) && manages(self.actor_role, role)
    }

    /// Whether a reset under this permit may reopen a *locked* account. Staff may not: an
    /// account locked after threats stays locked until the head (or an admin) decides.
    pub fn reopens_locked_accounts(&self) -> bool {
        matches!(self.action, Action::ResetAccess { .. })
            && matches!(self.actor_role, Role::Head | Role::Admin)
    }

    /// Whether this permit allows acting on an account of `role` in `school`: the store checks
    /// it against the account it is about to change.
    pub fn covers_account(&self, school: &SchoolId, role: Role) -> bool {
        match &self.action {
            Action::ResetAccess { school: s, target }
            | Action::LockAccount { school: s, target } => s == school && *target == role,
            Action::AddUser { school: s, role: r } => s == school && *r == role,
            Action::RespondToIncident(s) => s == school && manages(self.actor_role, role),
            _ => false,
        }
    }
}

/// Why an action was refused. Deliberately says nothing more: the caller learns no detail
/// about accounts it may not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this action is not allowed")]
pub struct Denied;

/// Whether an actor of role `actor` may manage (reset, lock) an account of role `target`.
/// Staff look after pupils and families; the head also after the school's adults; an admin
/// after everyone, heads included.
fn manages(actor: Role, target: Role) -> bool {
    match actor {
        Role::Admin => true,
        Role::Head => !matches!(target, Role::Head | Role::Admin),
        Role::Staff => matches!(target, Role::Pupil | Role::Parent),
        Role::Pupil | Role::Parent | Role::Teacher => false,
    }
}

/// The one authorisation decision: may `actor` do `action`?
pub fn authorize(actor: &Actor, action: Action) -> Result<Permit, Denied> {
    let role = actor.role;
    let allowed = match &action {
        Action::UseOwnAccount => actor.user.is_some(),
        Action::ViewSchool(school) => role.runs_school() && actor.belongs_to(school),
        Action::ImportDirectory(school) | Action::PrintActivationCodes(school) => {
            matches!(role, Role::Head | Role::Admin) && actor.belongs_to(school)
        }
        Action::ResetAccess { school, target } | Action::LockAccount { school, target } => {
            actor.belongs_to(school) && manages(role, *target)
        }
        Action::AddUser {
            school,
            role: new_role,
        } => actor.belongs_to(school) && role != Role::Staff && manages(role, *new_role),
        Action::SendMessages(school) => actor.user.is_some() && actor.belongs_to(school),
        Action::ModerateMessages(school) => role.runs_school() && actor.belongs_to(school),
        Action::SwitchMessaging(school)
        | Action::EditMessagingPolicy(school)
        | Action::RespondToIncident(school) => {
            matches!(role, Role::Head | Role::Admin) && actor.belongs_to(school)
        }
        Action::ManageGroups(school) => {
            role != Role::Pupil && role != Role::Parent && actor.belongs_to(school)
        }
        Action::ReadClassWork { school, tie, .. } => {
            actor.belongs_to(school)
                && match role {
                    Role::Pupil => *tie == ClassTie::Pupil,
                    Role::Parent => *tie == ClassTie::ParentOfPupil,
                    Role::Teacher => tie.teaches_class(),
                    Role::Staff | Role::Head | Role::Admin => true,
                }
        }
        Action::WriteClassLog {
            school,
            subject,
            tie,
            ..
        } => role == Role::Teacher && actor.belongs_to(school) && tie.teaches(subject),
        Action::TickHomework { school, tie, .. } => {
            role == Role::Pupil && actor.belongs_to(school) && *tie == ClassTie::Pupil
        }
        Action::HandIn { school, tie, .. } => {
            role == Role::Pupil && actor.belongs_to(school) && *tie == ClassTie::Pupil
        }
        Action::ReviewHandIns {
            school,
            subject,
            tie,
            ..
        } => role == Role::Teacher && actor.belongs_to(school) && tie.teaches(subject),
        Action::ReadHandIn {
            school,
            subject,
            tie,
            pupil,
            own_child,
            ..
        } => {
            actor.belongs_to(school)
                && match role {
                    Role::Pupil => *tie == ClassTie::Pupil && actor.user.as_ref() == Some(pupil),
                    Role::Parent => *tie == ClassTie::ParentOfPupil && *own_child,
                    Role::Teacher => tie.teaches(subject),
                    Role::Staff | Role::Head | Role::Admin => false,
                }
        }
        Action::ViewChildDay { school, own_child } => {
            role == Role::Parent && *own_child && actor.belongs_to(school)
        }
        Action::EditTimetable(school) | Action::PublishSchoolNews(school) => {
            role.runs_school() && actor.belongs_to(school)
        }
        Action::PublishClassNews { school, tie, .. } => {
            actor.belongs_to(school)
                && (role.runs_school() || (role == Role::Teacher && tie.teaches_class()))
        }
        Action::UseOwnDocuments { owner } => actor.user.as_ref() == Some(owner),
        Action::ReadClassDocuments { school, tie, .. } => {
            actor.belongs_to(school)
                && match role {
                    Role::Pupil => *tie == ClassTie::Pupil,
                    Role::Parent => *tie == ClassTie::ParentOfPupil,
                    Role::Teacher => tie.teaches_class(),
                    Role::Staff | Role::Head | Role::Admin => true,
                }
        }
        Action::WriteClassDocuments { school, tie, .. } => {
            actor.belongs_to(school)
                && match role {
                    Role::Teacher => tie.teaches_class(),
                    Role::Staff | Role::Head => true,
                    Role::Pupil | Role::Parent | Role::Admin => false,
                }
        }
        Action::OperateShield => role == Role::Admin,
    };
    if allowed {
        Ok(Permit {
            action,
            actor_role: role,
        })
    } else {
        Err(Denied)
    }
}

#[cfg(test)]
mod tests;
