//! Cartable's persistence: one API over SQLite (embedded, the default) and PostgreSQL.
//!
//! There is one code path for both backends: queries go through sqlx's `Any` driver with
//! portable SQL (`$1` placeholders, `ON CONFLICT`, integers for time), and only the migrations
//! are written per backend. The conformance suite in `tests/it` runs every operation on both.
//!
//! Privileged writes take an [`authz::Permit`](cartable_core::authz::Permit) and check it
//! against the rows they are about to change, so the authorisation decided in `core` cannot be
//! stretched to another school or another kind of account.

mod account_list;
mod accounts;
mod activation;
mod audit;
mod blobs;
mod changes;
mod connect;
pub mod continuity;
mod directory;
pub mod documents;
mod error;
mod file_rows;
mod homes;
mod import;
pub mod messaging;
mod model;
mod passwords;
mod remembered;
mod script;
mod sessions;
mod settings;
#[cfg(feature = "testing")]
pub mod testing;

pub use audit::{AuditEntry, AuditReport, ChainReport};
pub use blobs::{
    BlobDigest, BlobError, BlobStore, Clamd, ClamdAddress, ContentKind, InvalidClamdAddress,
    KindSet, ScanFailure, StoredBlob, SweepReport, UnknownKind, UploadLimits, Verdict,
};
pub use connect::{Backend, Store};
pub use error::{Result, StoreError};
pub use model::*;
pub use sessions::MAX_LIVE_SESSIONS_PER_USER;
