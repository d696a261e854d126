//! Messaging: messages stored once and delivered once to each audience (a person, a class,
//! its parents, the school…) in one transaction, with core's rules applied on the way (who may write to whom, limits, hours,
//! switches, screening), moderation, reports, incident response, and the evidence each step
//! leaves in the audit log.

mod alerts;
mod audiences;
pub(crate) mod batch;
mod contacts;
mod counts;
pub(crate) mod devices;
mod entries;
mod evidence;
mod groups;
mod incident;
mod mailbox;
mod model;
mod moderation;
mod record;
mod send;
mod settings;
mod targets;
mod together;

pub(crate) use audiences::{own_audience, ReaderCache};
pub use contacts::{Contact, ContactGroup};
pub use groups::{GroupSummary, MAX_GROUP_MEMBERS};
pub use incident::IncidentReport;
pub use mailbox::{MAILBOX_PAGE, UNREAD_COUNT_CAP};
pub use model::*;
pub use moderation::{Decision, Moderator};
pub use send::{Lockdown, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES};
pub use settings::SchoolMessaging;
