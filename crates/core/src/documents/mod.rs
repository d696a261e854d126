//! Documents: a personal space per person and a shared space per class, with folders and
//! files, a trash kept 30 days, and quotas.
//!
//! These are the types and rules; the store keeps the tree and the blob store the bytes.
//! Who may read or write a space is decided by [`crate::authz::authorize`] (see
//! [`access`]); what a permit opens is [`Space::of_permit`]. Names, quotas, the trash's
//! delay and the shape of the tree (no folder inside itself, a bounded depth) are checked
//! here, so the same rules hold for the API, the pages and the tests.

pub mod access;
pub mod name;
pub mod quota;
pub mod refusal;
pub mod space;
pub mod trash;
pub mod tree;

pub use name::{DocName, NameError};
pub use quota::Quota;
pub use refusal::DocumentRefusal;
pub use space::{Access, Space};
