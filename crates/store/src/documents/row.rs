//! Reading document rows.

use super::model::Document;
use crate::error::decode;
use crate::Result;
use cartable_core::Timestamp;
use sqlx::any::AnyRow;
use sqlx::Row;

/// The columns of a document with its author's name, over `documents d` joined to
/// `users u` on the author.
pub(super) const COLUMNS: &str = "d.id, d.parent_id, d.is_folder, d.name, d.size, \
    d.content_type, d.digest, d.created_at, d.updated_at, d.trashed_at, \
    u.first_name, u.last_name";

/// `FROM` and the author's join for [`COLUMNS`].
pub(super) const FROM: &str = "FROM documents d JOIN users u ON u.id = d.created_by";

/// A document read with [`COLUMNS`].
pub(super) fn document(row: &AnyRow) -> Result<Document> {
    let parent: Option<String> = row.try_get("parent_id")?;
    let first: String = row.try_get("first_name")?;
    let last: String = row.try_get("last_name")?;
    let size: i64 = row.try_get("size")?;
    Ok(Document {
        id: decode(row.try_get("id")?)?,
        parent: parent.map(decode).transpose()?,
        is_folder: row.try_get::<i64, _>("is_folder")? != 0,
        name: row.try_get("name")?,
        size: u64::try_from(size).unwrap_or(0),
        content_type: row.try_get("content_type")?,
        digest: row.try_get("digest")?,
        author: format!("{first} {last}"),
        created_at: Timestamp(row.try_get("created_at")?),
        updated_at: Timestamp(row.try_get("updated_at")?),
    })
}

/// When a row read with [`COLUMNS`] was put in the trash, if it was.
pub(super) fn trashed_at(row: &AnyRow) -> Result<Option<Timestamp>> {
    Ok(row.try_get::<Option<i64>, _>("trashed_at")?.map(Timestamp))
}
