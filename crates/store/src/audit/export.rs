//! Reading a chain back: the evidence a school files with a police complaint.

use super::{chain_key, entry_from_row, ENTRY_COLUMNS};
use crate::{Result, Store};
use cartable_core::audit::{AuditEvent, ChainHash};
use cartable_core::{SchoolId, Timestamp};
use serde::Serialize;

/// One stored audit row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Its place in its school's chain, from 1.
    pub seq: i64,
    /// What was recorded.
    pub event: AuditEvent,
    /// Its chain hash as stored.
    pub hash: ChainHash,
}

impl Store {
    /// The events of `school`'s chain (`None`: the platform-wide chain) that happened at or
    /// after `since`, in chain order.
    pub async fn audit_entries(
        &self,
        school: Option<&SchoolId>,
        since: Timestamp,
    ) -> Result<Vec<AuditEntry>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM audit_log WHERE chain = $1 AND at >= $2 ORDER BY seq"
        );
        let rows = sqlx::query(&sql)
            .bind(chain_key(school))
            .bind(since.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(entry_from_row).collect()
    }
}
