//! Which stored files the database still names: every table that keeps a file's digest
//! (message attachments, homework files, hand-ins, documents in a space or its trash).
//! What is not in this set can be swept from the blob store ([`crate::BlobStore::sweep`]).

use crate::{Result, Store};
use sqlx::Row;
use std::collections::HashSet;

impl Store {
    /// The digests of every file a row names.
    pub async fn named_files(&self) -> Result<HashSet<String>> {
        let rows = sqlx::query(
            "SELECT digest FROM message_attachments \
             UNION SELECT digest FROM homework_attachments \
             UNION SELECT digest FROM hand_in_files \
             UNION SELECT digest FROM documents WHERE digest IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok(row.try_get::<String, _>("digest")?))
            .collect()
    }
}
