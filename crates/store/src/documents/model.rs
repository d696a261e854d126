//! What the documents reads return.

use crate::StoredBlob;
use cartable_core::documents::DocName;
use cartable_core::{DocumentId, Timestamp};

/// A folder or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its id.
    pub id: DocumentId,
    /// The folder it is in; `None` at the space's root.
    pub parent: Option<DocumentId>,
    /// A folder, or a file.
    pub is_folder: bool,
    /// Its name.
    pub name: String,
    /// A file's size in bytes; 0 for a folder.
    pub size: u64,
    /// A file's MIME type, told from its content at upload.
    pub content_type: Option<String>,
    /// A file's blob digest.
    pub digest: Option<String>,
    /// Who created it ("First Last").
    pub author: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was last renamed, moved or created.
    pub updated_at: Timestamp,
}

/// One folder on the way from the root to a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crumb {
    /// The folder.
    pub id: DocumentId,
    /// Its name.
    pub name: String,
}

/// A folder's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The folder; `None` for the space's root.
    pub folder: Option<Document>,
    /// The folders from the root down to this one (itself included; empty at the root).
    pub path: Vec<Crumb>,
    /// What it holds, folders first, then by name.
    pub items: Vec<Document>,
}

/// Something put in the trash, restorable until a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrashItem {
    /// The item as it was.
    pub item: Document,
    /// When it was put in the trash.
    pub trashed_at: Timestamp,
    /// Until when it can be restored; it is purged after.
    pub restorable_until: Timestamp,
}

/// A file to add: where, under which name, and its stored content.
#[derive(Debug, Clone, Copy)]
pub struct NewFile<'a> {
    /// The folder it goes in; `None` for the space's root.
    pub parent: Option<&'a DocumentId>,
    /// Its name.
    pub name: &'a DocName,
    /// Its content, already in the blob store.
    pub blob: &'a StoredBlob,
}
