//! Writing a space: new folders and files, renames and moves.

use super::model::{Document, NewFile};
use super::read::{chain, live, live_folder, used, RECURSION_LIMIT};
use super::scope::writable;
use crate::accounts::is_unique_violation;
use crate::connect::WriteTurn;
use crate::{Backend, Result, Store, StoreError, StoredBlob};
use cartable_core::authz::Permit;
use cartable_core::documents::tree::{check_depth, check_move};
use cartable_core::documents::{DocName, DocumentRefusal, Quota};
use cartable_core::{DocumentId, Timestamp, UserId};
use rand::rngs::OsRng;
use sqlx::AnyConnection;
use sqlx::{Any, Row, Transaction};

/// A write transaction on one space: on PostgreSQL it also holds the space's lock, so two
/// uploads cannot both take the last bytes of a quota (on SQLite writers take turns anyway).
pub(super) async fn begin_space(
    store: &Store,
    space: &str,
) -> Result<(WriteTurn, Transaction<'static, Any>)> {
    let (turn, mut tx) = store.begin_write().await?;
    if store.backend() == Backend::Postgres {
        sqlx::query("SELECT 1 AS x FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS l")
            .bind(space)
            .fetch_one(&mut *tx)
            .await?;
    }
    Ok((turn, tx))
}

/// Refuses `name` in the folder `parent` of `space` if a live item other than `except`
/// has it already (case aside).
pub(super) async fn check_name_free(
    conn: &mut AnyConnection,
    space: &str,
    parent: Option<&DocumentId>,
    name: &DocName,
    except: Option<&DocumentId>,
) -> Result<()> {
    let taken = sqlx::query(
        "SELECT 1 AS x FROM documents WHERE space = $1 AND COALESCE(parent_id, '') = $2 \
         AND name_key = $3 AND trashed_at IS NULL AND id <> $4",
    )
    .bind(space)
    .bind(parent.map_or("", DocumentId::as_str))
    .bind(name.key())
    .bind(except.map_or("", DocumentId::as_str))
    .fetch_optional(&mut *conn)
    .await?;
    match taken {
        Some(_) => Err(StoreError::Document(DocumentRefusal::NameTaken)),
        None => Ok(()),
    }
}

/// A unique-name violation (two writers racing for one name) as the refusal it means.
pub(super) fn name_race(error: sqlx::Error) -> StoreError {
    if is_unique_violation(&error) {
        StoreError::Document(DocumentRefusal::NameTaken)
    } else {
        StoreError::Database(error)
    }
}

/// How deep the folder `parent` sits (0: the root), checking it is a live folder of
/// `space`.
async fn parent_depth(
    conn: &mut AnyConnection,
    space: &str,
    parent: Option<&DocumentId>,
) -> Result<usize> {
    match parent {
        None => Ok(0),
        Some(id) => {
            live_folder(conn, space, id).await?;
            Ok(chain(conn, id).await?.len())
        }
    }
}

/// How many levels the item `id` holds: 1 for a file or an empty folder.
async fn height(conn: &mut AnyConnection, id: &DocumentId) -> Result<usize> {
    let row = sqlx::query(
        "WITH RECURSIVE sub(id, depth) AS ( \
           SELECT id, 1 FROM documents WHERE id = $1 \
           UNION ALL \
           SELECT d.id, sub.depth + 1 FROM documents d JOIN sub ON d.parent_id = sub.id \
           WHERE d.trashed_at IS NULL AND sub.depth < $2) \
         SELECT CAST(MAX(depth) AS BIGINT) AS height FROM sub",
    )
    .bind(id.as_str())
    .bind(RECURSION_LIMIT)
    .fetch_one(&mut *conn)
    .await?;
    let height: Option<i64> = row.try_get("height")?;
    Ok(usize::try_from(height.unwrap_or(1)).unwrap_or(usize::MAX))
}

/// A new item: a folder (no blob) or a file.
struct NewItem<'a> {
    parent: Option<&'a DocumentId>,
    name: &'a DocName,
    blob: Option<&'a StoredBlob>,
}

async fn insert(
    conn: &mut AnyConnection,
    space: &str,
    author: &UserId,
    item: &NewItem<'_>,
    now: Timestamp,
) -> Result<DocumentId> {
    let id = DocumentId::random(&mut OsRng);
    sqlx::query(
        "INSERT INTO documents (id, space, parent_id, is_folder, name, name_key, digest, size, \
         content_type, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(id.as_str())
    .bind(space)
    .bind(item.parent.map(DocumentId::as_str))
    .bind(i64::from(item.blob.is_none()))
    .bind(item.name.as_str())
    .bind(item.name.key())
    .bind(item.blob.map(|b| b.digest.to_string()))
    .bind(
        item.blob
            .map_or(0, |b| i64::try_from(b.size).unwrap_or(i64::MAX)),
    )
    .bind(item.blob.map(|b| b.content_type.to_owned()))
    .bind(author.as_str())
    .bind(now.0)
    .execute(&mut *conn)
    .await
    .map_err(name_race)?;
    Ok(id)
}

impl Store {
    /// Creates a folder called `name` in the folder `parent` (`None`: the root) of the
    /// permit's space, which must be open for writing.
    pub async fn create_document_folder(
        &self,
        permit: &Permit,
        author: &UserId,
        parent: Option<&DocumentId>,
        name: &DocName,
        now: Timestamp,
    ) -> Result<DocumentId> {
        let space = writable(permit)?;
        let (_turn, mut tx) = begin_space(self, &space).await?;
        check_depth(parent_depth(&mut tx, &space, parent).await?, 1)
            .map_err(StoreError::Document)?;
        check_name_free(&mut tx, &space, parent, name, None).await?;
        let item = NewItem {
            parent,
            name,
            blob: None,
        };
        let id = insert(&mut tx, &space, author, &item, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Checks, before an upload streams in, that a file called `name` could go into the
    /// folder `parent` of the permit's space: the folder exists, the name is free. The
    /// check is made again when the file is added.
    pub async fn check_document_upload(
        &self,
        permit: &Permit,
        parent: Option<&DocumentId>,
        name: &DocName,
    ) -> Result<()> {
        let space = writable(permit)?;
        let mut conn = self.pool.acquire().await?;
        parent_depth(&mut conn, &space, parent).await?;
        check_name_free(&mut conn, &space, parent, name, None).await
    }

    /// Adds `file` (its content already in the blob store) to the permit's space, if it
    /// fits `quota` (the space's use counts its trash).
    pub async fn add_document_file(
        &self,
        permit: &Permit,
        author: &UserId,
        file: &NewFile<'_>,
        quota: Quota,
        now: Timestamp,
    ) -> Result<Document> {
        let NewFile { parent, name, blob } = *file;
        let space = writable(permit)?;
        let (_turn, mut tx) = begin_space(self, &space).await?;
        parent_depth(&mut tx, &space, parent).await?;
        check_name_free(&mut tx, &space, parent, name, None).await?;
        let used = used(&mut tx, &space).await?;
        quota.admit(used, blob.size).map_err(StoreError::Document)?;
        let item = NewItem {
            parent,
            name,
            blob: Some(blob),
        };
        let id = insert(&mut tx, &space, author, &item, now).await?;
        let document = live(&mut tx, &space, &id).await?;
        tx.commit().await?;
        Ok(document)
    }

    /// Renames a live item of the permit's space.
    pub async fn rename_document(
        &self,
        permit: &Permit,
        id: &DocumentId,
        name: &DocName,
        now: Timestamp,
    ) -> Result<()> {
        let space = writable(permit)?;
        let (_turn, mut tx) = begin_space(self, &space).await?;
        let item = live(&mut tx, &space, id).await?;
        check_name_free(&mut tx, &space, item.parent.as_ref(), name, Some(id)).await?;
        sqlx::query("UPDATE documents SET name = $1, name_key = $2, updated_at = $3 WHERE id = $4")
            .bind(name.as_str())
            .bind(name.key())
            .bind(now.0)
            .bind(id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(name_race)?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves a live item of the permit's space into the folder `parent` (`None`: the
    /// root) of the same space. A folder cannot go into itself or under its own
    /// subfolders, nor make the tree deeper than allowed; the name must be free there.
    pub async fn move_document(
        &self,
        permit: &Permit,
        id: &DocumentId,
        parent: Option<&DocumentId>,
        now: Timestamp,
    ) -> Result<()> {
        let space = writable(permit)?;
        let (_turn, mut tx) = begin_space(self, &space).await?;
        let item = live(&mut tx, &space, id).await?;
        let destination = match parent {
            None => Vec::new(),
            Some(folder) => {
                live_folder(&mut tx, &space, folder).await?;
                chain(&mut tx, folder).await?
            }
        };
        let destination: Vec<DocumentId> = destination.into_iter().map(|c| c.id).collect();
        let levels = height(&mut tx, id).await?;
        check_move(id, levels, &destination).map_err(StoreError::Document)?;
        let name = DocName::parse(&item.name)
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
        check_name_free(&mut tx, &space, parent, &name, Some(id)).await?;
        sqlx::query("UPDATE documents SET parent_id = $1, updated_at = $2 WHERE id = $3")
            .bind(parent.map(DocumentId::as_str))
            .bind(now.0)
            .bind(id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(name_race)?;
        tx.commit().await?;
        Ok(())
    }
}
