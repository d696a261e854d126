//! The audit log: append-only, one hash chain per school (see [`cartable_core::audit`]).
//!
//! Every audited change writes its row with [`append_audit`] inside the transaction that makes
//! the change, so the evidence and the act are committed together or not at all. Each school's
//! events form their own chain (platform-wide events form the chain keyed by the empty
//! string), so on PostgreSQL sends in different schools never wait on one another: appending
//! locks only the school's row in `audit_heads`. The store offers no way to change or remove
//! an audit row, and the migrations add triggers that refuse it at the database too.

mod export;
mod verify;

pub use export::AuditEntry;
pub use verify::{AuditReport, ChainReport};

use crate::error::decode;
use crate::{Result, Store, StoreError};
use cartable_core::audit::{link, AuditEvent, AuditKind, ChainHash};
use cartable_core::{SchoolId, Timestamp};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

/// The columns an audit row is read back from, in [`entry_from_row`]'s terms.
const ENTRY_COLUMNS: &str =
    "seq, at, school_id, actor_id, ip, session_id, kind, target, details, hash";

/// The chain a school's events go to: its id, or the empty string for platform-wide events.
fn chain_key(school: Option<&SchoolId>) -> &str {
    school.map_or("", SchoolId::as_str)
}

/// Appends `event` to its school's chain within `tx` and returns its sequence number.
///
/// Call it in the same transaction as the change it records, preferably as that
/// transaction's last write: on PostgreSQL it holds the chain's head row locked until
/// commit, so a school's audited writes take turns for that long.
pub(crate) async fn append_audit(tx: &mut Transaction<'_, Any>, event: &AuditEvent) -> Result<i64> {
    let chain = chain_key(event.school.as_ref());
    sqlx::query(
        "INSERT INTO audit_heads (chain, seq, hash) VALUES ($1, 0, $2) \
         ON CONFLICT (chain) DO NOTHING",
    )
    .bind(chain)
    .bind(ChainHash::GENESIS.to_string())
    .execute(&mut **tx)
    .await?;
    // Taking the next number locks the head row (PostgreSQL) until commit; SQLite writers
    // are already serialised by BEGIN IMMEDIATE.
    let head =
        sqlx::query("UPDATE audit_heads SET seq = seq + 1 WHERE chain = $1 RETURNING seq, hash")
            .bind(chain)
            .fetch_one(&mut **tx)
            .await?;
    let seq: i64 = head.try_get("seq")?;
    let prev: ChainHash = decode(head.try_get("hash")?)?;
    let hash = link(&prev, seq, event).to_string();
    sqlx::query(
        "INSERT INTO audit_log \
         (chain, seq, at, school_id, actor_id, ip, session_id, kind, target, details, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(chain)
    .bind(seq)
    .bind(event.at.0)
    .bind(event.school.as_ref().map(|s| s.as_str().to_owned()))
    .bind(event.actor.as_ref().map(|u| u.as_str().to_owned()))
    .bind(event.ip.clone())
    .bind(event.session.as_ref().map(|s| s.as_str().to_owned()))
    .bind(event.kind.as_str())
    .bind(event.target.clone())
    .bind(event.details.as_str())
    .bind(hash.as_str())
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_heads SET hash = $1 WHERE chain = $2")
        .bind(hash.as_str())
        .bind(chain)
        .execute(&mut **tx)
        .await?;
    Ok(seq)
}

impl Store {
    /// Appends `event` to its school's chain in a transaction of its own, for acts that
    /// change nothing else in the database (a sign-in from a new device noticed elsewhere, an
    /// incident response summary). Returns its sequence number in the chain.
    pub async fn append_audit(&self, event: &AuditEvent) -> Result<i64> {
        let (_turn, mut tx) = self.begin_write().await?;
        let seq = append_audit(&mut tx, event).await?;
        tx.commit().await?;
        Ok(seq)
    }
}

/// A stored value that is not what Cartable writes.
fn undecodable(e: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(Box::new(e)))
}

/// Reads an audit row selected with [`ENTRY_COLUMNS`].
fn entry_from_row(row: &AnyRow) -> Result<AuditEntry> {
    let optional = |column: &str| -> Result<Option<String>> { Ok(row.try_get(column)?) };
    let kind: String = row.try_get("kind")?;
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        event: AuditEvent {
            at: Timestamp(row.try_get("at")?),
            school: optional("school_id")?.map(decode).transpose()?,
            actor: optional("actor_id")?.map(decode).transpose()?,
            ip: optional("ip")?,
            session: optional("session_id")?.map(decode).transpose()?,
            kind: kind.parse::<AuditKind>().map_err(undecodable)?,
            target: optional("target")?,
            details: row.try_get("details")?,
        },
        hash: decode(row.try_get("hash")?)?,
    })
}

#[cfg(feature = "testing")]
impl Store {
    /// Runs `sql` as written, outside every rule of the store, and returns the rows it
    /// changed: tests use it to play an intruder editing the audit tables by hand. Only built
    /// with the `testing` feature.
    pub async fn tamper(&self, sql: &str) -> Result<u64> {
        Ok(sqlx::query(sql).execute(&self.pool).await?.rows_affected())
    }
}
