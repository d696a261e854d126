//! The trash: delete, restore, list, purge after 30 days.

use super::model::TrashItem;
use super::read::live;
use super::row::{document, trashed_at, COLUMNS, FROM};
use super::scope::{readable, writable};
use super::write::{begin_space, check_name_free, name_race};
use crate::{Result, Store, StoreError};
use cartable_core::authz::Permit;
use cartable_core::documents::trash::{purge_before, restorable_until};
use cartable_core::documents::DocName;
use cartable_core::{DocumentId, Timestamp};
use sqlx::Row;

impl Store {
    /// Puts a live item of the permit's space in the trash, with everything under it. It
    /// keeps taking room in the quota until it is purged.
    pub async fn trash_document(
        &self,
        permit: &Permit,
        id: &DocumentId,
        now: Timestamp,
    ) -> Result<()> {
        let space = writable(permit)?;
        let (_turn, mut tx) = begin_space(self, &space).await?;
        live(&mut tx, &space, id).await?;
        sqlx::query(
            "UPDATE documents SET trashed_at = $1, trash_root = $2 \
             WHERE trashed_at IS NULL AND id IN ( \
               WITH RECURSIVE sub(id) AS ( \
                 SELECT id FROM documents WHERE id = $2 \
                 UNION ALL \
                 SELECT d.id FROM documents d JOIN sub ON d.parent_id = sub.id) \
               SELECT id FROM sub)",
        )
        .bind(now.0)
        .bind(id.as_str())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Brings an item the person put in the trash back, with what went with it, into its
    /// folder, or to the root if that folder is in the trash itself. Refused if its name is
    /// taken there meanwhile; an item purged (over 30 days at `now`) is not found.
    pub async fn restore_document(
        &self,
        permit: &Permit,
        id: &DocumentId,
        now: Timestamp,
    ) -> Result<()> {
        let space = writable(permit)?;
        self.purge_space(&space, now).await?;
        let (_turn, mut tx) = begin_space(self, &space).await?;
        let row = sqlx::query(
            "SELECT d.name, d.parent_id, p.trashed_at AS parent_trashed FROM documents d \
             LEFT JOIN documents p ON p.id = d.parent_id \
             WHERE d.id = $1 AND d.space = $2 AND d.trash_root = d.id",
        )
        .bind(id.as_str())
        .bind(space.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let parent: Option<String> = row.try_get("parent_id")?;
        let parent_trashed: Option<i64> = row.try_get("parent_trashed")?;
        let parent: Option<DocumentId> = match parent_trashed {
            Some(_) => None,
            None => parent.map(crate::error::decode).transpose()?,
        };
        let name: String = row.try_get("name")?;
        let name = DocName::parse(&name)
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
        check_name_free(&mut tx, &space, parent.as_ref(), &name, Some(id)).await?;
        sqlx::query("UPDATE documents SET parent_id = $1 WHERE id = $2")
            .bind(parent.as_ref().map(DocumentId::as_str))
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE documents SET trashed_at = NULL, trash_root = NULL \
             WHERE trash_root = $1 AND space = $2",
        )
        .bind(id.as_str())
        .bind(space.as_str())
        .execute(&mut *tx)
        .await
        .map_err(name_race)?;
        tx.commit().await?;
        Ok(())
    }

    /// What the person put in the trash of the permit's space, newest first, once what
    /// expired at `now` is purged.
    pub async fn documents_trash(&self, permit: &Permit, now: Timestamp) -> Result<Vec<TrashItem>> {
        let space = readable(permit)?;
        self.purge_space(&space, now).await?;
        let sql = format!(
            "SELECT {COLUMNS} {FROM} WHERE d.space = $1 AND d.trash_root = d.id \
             ORDER BY d.trashed_at DESC, d.name_key"
        );
        let rows = sqlx::query(&sql)
            .bind(space.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let at = trashed_at(row)?.unwrap_or(now);
                Ok(TrashItem {
                    item: document(row)?,
                    trashed_at: at,
                    restorable_until: restorable_until(at),
                })
            })
            .collect()
    }

    /// Deletes, in every space, what has been in the trash for over 30 days at `now`;
    /// how many items went. The blobs stay: other rows may share them.
    pub async fn purge_expired_documents(&self, now: Timestamp) -> Result<u64> {
        let (_turn, mut tx) = self.begin_write().await?;
        let done = sqlx::query("DELETE FROM documents WHERE trashed_at < $1")
            .bind(purge_before(now).0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Deletes what has been in the trash of `space` for over 30 days at `now`. An item
    /// and what went to the trash with it share one instant, and what was under a folder
    /// went no later than it, so no live or kept row is left under a deleted one.
    pub(super) async fn purge_space(&self, space: &str, now: Timestamp) -> Result<()> {
        let cutoff = purge_before(now).0;
        let expired = sqlx::query(
            "SELECT 1 AS x FROM documents WHERE space = $1 AND trashed_at < $2 LIMIT 1",
        )
        .bind(space)
        .bind(cutoff)
        .fetch_optional(&self.pool)
        .await?;
        if expired.is_none() {
            return Ok(());
        }
        let (_turn, mut tx) = begin_space(self, space).await?;
        sqlx::query("DELETE FROM documents WHERE space = $1 AND trashed_at < $2")
            .bind(space)
            .bind(cutoff)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
