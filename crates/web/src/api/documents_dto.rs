//! The bodies of the documents API.

use cartable_core::DocumentId;
use cartable_store::documents::{Crumb, Document, Listing, TrashItem};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A space the viewer may open.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SpaceDto {
    /// Its path segment: `me`, or the class's id.
    pub id: String,
    /// `personal` or `class`.
    pub kind: String,
    /// The class's name; empty for one's own space.
    pub name: String,
    /// Whether the viewer may write in it.
    pub writable: bool,
}

/// A folder or a file.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DocumentDto {
    /// Its id.
    pub id: String,
    /// `folder` or `file`.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// The folder it is in; absent at the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// A file's size in bytes; 0 for a folder.
    pub size: u64,
    /// A file's type, told from its content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Who created it.
    pub author: String,
    /// When it was created (Unix seconds).
    pub created_at: i64,
    /// When it was last changed (Unix seconds).
    pub updated_at: i64,
    /// Where to download a file (with `Range` support).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl From<&Document> for DocumentDto {
    fn from(d: &Document) -> DocumentDto {
        DocumentDto {
            id: d.id.to_string(),
            kind: if d.is_folder { "folder" } else { "file" }.to_owned(),
            name: d.name.clone(),
            parent: d.parent.as_ref().map(DocumentId::to_string),
            size: d.size,
            content_type: d.content_type.clone(),
            author: d.author.clone(),
            created_at: d.created_at.0,
            updated_at: d.updated_at.0,
            url: (!d.is_folder).then(|| format!("/api/v1/documents/{}/content", d.id)),
        }
    }
}

/// A folder on the way from the root.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CrumbDto {
    /// The folder's id.
    pub id: String,
    /// Its name.
    pub name: String,
}

impl From<&Crumb> for CrumbDto {
    fn from(c: &Crumb) -> CrumbDto {
        CrumbDto {
            id: c.id.to_string(),
            name: c.name.clone(),
        }
    }
}

/// A folder's content, with its space's use.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ListingDto {
    /// The space's path segment (`me` or the class's id).
    pub space: String,
    /// The folder; absent for the space's root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<DocumentDto>,
    /// The folders from the root down to this one.
    pub path: Vec<CrumbDto>,
    /// What it holds: folders first, then files, by name.
    pub items: Vec<DocumentDto>,
    /// Bytes the space holds, its trash included.
    pub used: u64,
    /// Bytes the space may hold.
    pub quota: u64,
    /// Whether the viewer may write in the space.
    pub writable: bool,
}

impl ListingDto {
    /// The listing of `space`, with its use, quota and the viewer's right to write.
    pub fn of(space: String, listing: &Listing, used: u64, quota: u64, writable: bool) -> Self {
        ListingDto {
            space,
            folder: listing.folder.as_ref().map(DocumentDto::from),
            path: listing.path.iter().map(CrumbDto::from).collect(),
            items: listing.items.iter().map(DocumentDto::from).collect(),
            used,
            quota,
            writable,
        }
    }
}

/// Something in the trash.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrashItemDto {
    /// The item as it was.
    pub item: DocumentDto,
    /// When it was deleted (Unix seconds).
    pub trashed_at: i64,
    /// Until when it can be restored (Unix seconds); it is purged after.
    pub restorable_until: i64,
}

impl From<&TrashItem> for TrashItemDto {
    fn from(t: &TrashItem) -> TrashItemDto {
        TrashItemDto {
            item: DocumentDto::from(&t.item),
            trashed_at: t.trashed_at.0,
            restorable_until: t.restorable_until.0,
        }
    }
}

/// A folder to create.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewFolderRequest {
    /// Its name: no `/`, no control characters, not `.` or `..`, at most 120 characters.
    pub name: String,
    /// The folder to create it in; absent for the root.
    #[serde(default)]
    pub parent: Option<String>,
}

/// A new name.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RenameRequest {
    /// The new name.
    pub name: String,
}

/// Where to move an item.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MoveRequest {
    /// The destination folder, in the same space; `null` for the root.
    pub parent: Option<String>,
}
