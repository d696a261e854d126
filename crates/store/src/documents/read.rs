//! Reading a space: a folder's content, one item, the space's use, its folders.

use super::model::{Crumb, Document, Listing};
use super::row::{document, COLUMNS, FROM};
use super::scope::readable;
use crate::error::decode;
use crate::{Result, Store, StoreError};
use cartable_core::authz::Permit;
use cartable_core::documents::{DocumentRefusal, Space};
use cartable_core::{DocumentId, Timestamp};
use sqlx::AnyConnection;
use sqlx::Row;

/// How far the recursive queries climb or descend at most: far past the deepest tree
/// allowed, so a damaged tree cannot make them loop.
pub(super) const RECURSION_LIMIT: i64 = 64;

/// The live item `id` of `space` (not in the trash); `NotFound` otherwise.
pub(super) async fn live(
    conn: &mut AnyConnection,
    space: &str,
    id: &DocumentId,
) -> Result<Document> {
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE d.id = $1 AND d.space = $2 AND d.trashed_at IS NULL"
    );
    let row = sqlx::query(&sql)
        .bind(id.as_str())
        .bind(space)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    document(&row)
}

/// The live folder `id` of `space`: `NotFound` if none, `NotAFolder` for a file.
pub(super) async fn live_folder(
    conn: &mut AnyConnection,
    space: &str,
    id: &DocumentId,
) -> Result<Document> {
    let folder = live(conn, space, id).await?;
    if folder.is_folder {
        Ok(folder)
    } else {
        Err(StoreError::Document(DocumentRefusal::NotAFolder))
    }
}

/// The folders from `id` up to the root, `id` first.
pub(super) async fn chain(conn: &mut AnyConnection, id: &DocumentId) -> Result<Vec<Crumb>> {
    let rows = sqlx::query(
        "WITH RECURSIVE up(id, parent_id, name, depth) AS ( \
           SELECT id, parent_id, name, 1 FROM documents WHERE id = $1 \
           UNION ALL \
           SELECT d.id, d.parent_id, d.name, up.depth + 1 FROM documents d \
           JOIN up ON d.id = up.parent_id WHERE up.depth < $2) \
         SELECT id, name FROM up ORDER BY depth",
    )
    .bind(id.as_str())
    .bind(RECURSION_LIMIT)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Crumb {
                id: decode(row.try_get("id")?)?,
                name: row.try_get("name")?,
            })
        })
        .collect()
}

/// The bytes of every file of `space`, the trash included.
pub(super) async fn used(conn: &mut AnyConnection, space: &str) -> Result<u64> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) AS used FROM documents WHERE space = $1",
    )
    .bind(space)
    .fetch_one(&mut *conn)
    .await?;
    Ok(u64::try_from(row.try_get::<i64, _>("used")?).unwrap_or(0))
}

impl Store {
    /// The space an item (live or in the trash) belongs to, to decide who may act on it;
    /// `None` if there is no such item.
    pub async fn document_space(&self, id: &DocumentId) -> Result<Option<Space>> {
        let row = sqlx::query("SELECT space FROM documents WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row
            .map(|row| row.try_get::<String, _>("space"))
            .transpose()?
            .and_then(|key| Space::from_key(&key)))
    }

    /// The content of a folder of the permit's space (`None`: its root): folders first,
    /// then files, by name. A folder of another space, or in the trash, is not found.
    pub async fn documents_listing(
        &self,
        permit: &Permit,
        folder: Option<&DocumentId>,
    ) -> Result<Listing> {
        let space = readable(permit)?;
        let mut conn = self.pool.acquire().await?;
        let (folder, path) = match folder {
            None => (None, Vec::new()),
            Some(id) => {
                let folder = live_folder(&mut conn, &space, id).await?;
                let mut path = chain(&mut conn, id).await?;
                path.reverse();
                (Some(folder), path)
            }
        };
        let sql = format!(
            "SELECT {COLUMNS} {FROM} WHERE d.space = $1 AND d.trashed_at IS NULL AND {} \
             ORDER BY d.is_folder DESC, d.name_key, d.id",
            if folder.is_some() {
                "d.parent_id = $2"
            } else {
                "d.parent_id IS NULL"
            }
        );
        let mut query = sqlx::query(&sql).bind(space.as_str());
        if let Some(folder) = &folder {
            query = query.bind(folder.id.as_str());
        }
        let items = query
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(document)
            .collect::<Result<Vec<_>>>()?;
        Ok(Listing {
            folder,
            path,
            items,
        })
    }

    /// One live item of the permit's space; `NotFound` for an item of another space or in
    /// the trash.
    pub async fn document(&self, permit: &Permit, id: &DocumentId) -> Result<Document> {
        let space = readable(permit)?;
        let mut conn = self.pool.acquire().await?;
        live(&mut conn, &space, id).await
    }

    /// The bytes the permit's space holds, its trash included, once the trash older than
    /// 30 days at `now` is purged: what its quota is checked against.
    pub async fn documents_used(&self, permit: &Permit, now: Timestamp) -> Result<u64> {
        let space = readable(permit)?;
        self.purge_space(&space, now).await?;
        let mut conn = self.pool.acquire().await?;
        used(&mut conn, &space).await
    }

    /// Every live folder of the permit's space with its path (`Cours/Chapitre 1`), by
    /// path: the destinations a move can choose from. At most `limit`.
    pub async fn document_folders(
        &self,
        permit: &Permit,
        limit: usize,
    ) -> Result<Vec<(DocumentId, String)>> {
        let space = readable(permit)?;
        let rows = sqlx::query(
            "WITH RECURSIVE tree(id, path, depth) AS ( \
               SELECT id, name, 1 FROM documents \
               WHERE space = $1 AND parent_id IS NULL AND is_folder = 1 AND trashed_at IS NULL \
               UNION ALL \
               SELECT d.id, tree.path || '/' || d.name, tree.depth + 1 FROM documents d \
               JOIN tree ON d.parent_id = tree.id \
               WHERE d.is_folder = 1 AND d.trashed_at IS NULL AND tree.depth < $2) \
             SELECT id, path FROM tree ORDER BY path LIMIT $3",
        )
        .bind(space.as_str())
        .bind(RECURSION_LIMIT)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((decode(row.try_get("id")?)?, row.try_get("path")?)))
            .collect()
    }
}
