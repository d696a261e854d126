//! Documents: the folders and files of personal and class spaces.
//!
//! Every operation takes a documents [`Permit`](cartable_core::authz::Permit) and acts in
//! the one space it opens ([`Space::of_permit`](cartable_core::documents::Space::of_permit)):
//! an id from another space — someone else's file, another class's folder — is not found,
//! whoever guessed it. Writes need a permit that opens the space for writing.
//!
//! The bytes are in the blob store; rows keep names, folders, digests and the trash. A
//! space's use, checked against its quota, counts its files *in the trash too* (see
//! [`cartable_core::documents::quota`]); trash older than 30 days is purged when the space
//! is next read for its trash or its use, and by [`Store::purge_expired_documents`].

mod model;
mod read;
mod row;
mod scope;
mod spaces;
mod trash;
mod write;

pub use model::{Crumb, Document, Listing, NewFile, TrashItem};

use crate::{ContentKind, KindSet, UploadLimits};

/// The largest file a documents space takes, in bytes.
pub const MAX_DOCUMENT_BYTES: u64 = 50 * 1024 * 1024;

/// What a documents upload may be: up to [`MAX_DOCUMENT_BYTES`] of PDF, pictures, office
/// documents, text, sound, video or zip archives; nothing a browser runs.
pub const fn document_limits() -> UploadLimits {
    UploadLimits {
        max_bytes: MAX_DOCUMENT_BYTES,
        allowed: KindSet::of(&[
            ContentKind::Pdf,
            ContentKind::Image,
            ContentKind::OfficeDocument,
            ContentKind::PlainText,
            ContentKind::Audio,
            ContentKind::Video,
            ContentKind::Zip,
        ]),
    }
}
