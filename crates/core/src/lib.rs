//! Cartable's domain: the types and rules every other crate builds on.
//!
//! This crate is pure: no I/O, no async, no HTTP, no SQL. Time and randomness are passed in,
//! so every rule here is tested at any instant without a server. Inputs become validated
//! newtypes at the edge ([`Login`], [`Uai`], [`NewPassword`]…), and every authorisation
//! decision goes through [`authz::authorize`], which hands out a [`authz::Permit`] that
//! privileged store operations require.

pub mod account;
pub mod audit;
pub mod authz;
pub mod clock;
pub mod continuity;
mod csv_file;
pub mod directory;
pub mod documents;
pub mod id;
pub mod import;
pub mod login;
pub mod messaging;
pub mod password;
pub mod role;
pub mod screening;
pub mod secret;
pub mod uai;

pub use account::{AccountStatus, Actor};
pub use clock::{Clock, SystemClock, Timestamp};
pub use id::{
    ClassId, DocumentId, GroupId, HomeworkId, LessonId, MessageId, NewsId, ReportId, SchoolId,
    SessionId, SlotId, UserId,
};
pub use login::Login;
pub use role::Role;
pub use uai::Uai;
