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
use crate::script::Script;
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

/// A chain's head as read inside the transaction that appends to it.
pub(crate) struct ChainHead {
    seq: i64,
    hash: ChainHash,
}

impl ChainHead {
    /// Adds to `script` what makes `chain`'s head exist and holds it (on PostgreSQL, locked
    /// until commit: a school's audited writes take turns for that long), and returns the
    /// columns that read it, `audit_seq` and `audit_hash`, for the script's `SELECT`.
    pub(crate) fn hold(script: &mut Script, chain: &str) -> String {
        let chain = script.params.text(chain);
        let genesis = script.params.text(ChainHash::GENESIS.to_string());
        script.push(format!(
            "INSERT INTO audit_heads (chain, seq, hash) VALUES ({chain}, 0, {genesis}) \
             ON CONFLICT (chain) DO NOTHING"
        ));
        script.push(format!(
            "UPDATE audit_heads SET seq = seq WHERE chain = {chain}"
        ));
        format!(
            "(SELECT seq FROM audit_heads WHERE chain = {chain}) AS audit_seq, \
             (SELECT hash FROM audit_heads WHERE chain = {chain}) AS audit_hash"
        )
    }

    /// The head read by the columns [`ChainHead::hold`] returned.
    pub(crate) fn read(row: &AnyRow) -> Result<ChainHead> {
        Ok(ChainHead {
            seq: row.try_get("audit_seq")?,
            hash: decode(row.try_get("audit_hash")?)?,
        })
    }

    /// Adds to `script` the statements that append `event` after this head, which moves
    /// to it; returns its sequence number.
    pub(crate) fn append(&mut self, script: &mut Script, event: &AuditEvent) -> i64 {
        let seq = self.seq + 1;
        let hash = link(&self.hash, seq, event);
        let p = &mut script.params;
        let chain = p.text(chain_key(event.school.as_ref()));
        let values = [
            chain.clone(),
            p.int(seq),
            p.int(event.at.0),
            p.optional_text(event.school.as_ref().map(|s| s.as_str().to_owned())),
            p.optional_text(event.actor.as_ref().map(|u| u.as_str().to_owned())),
            p.optional_text(event.ip.clone()),
            p.optional_text(event.session.as_ref().map(|s| s.as_str().to_owned())),
            p.text(event.kind.as_str()),
            p.optional_text(event.target.clone()),
            p.text(event.details.as_str()),
            p.text(hash.to_string()),
        ];
        let seq_param = values[1].clone();
        let hash_param = values[10].clone();
        script.push(format!(
            "INSERT INTO audit_log \
             (chain, seq, at, school_id, actor_id, ip, session_id, kind, target, details, hash) \
             VALUES ({})",
            values.join(", ")
        ));
        script.push(format!(
            "UPDATE audit_heads SET seq = {seq_param}, hash = {hash_param} WHERE chain = {chain}"
        ));
        self.seq = seq;
        self.hash = hash;
        seq
    }
}

/// Appends `event` to its school's chain within `tx` and returns its sequence number.
///
/// Call it in the same transaction as the change it records, preferably as that
/// transaction's last write: on PostgreSQL it holds the chain's head row locked until
/// commit, so a school's audited writes take turns for that long.
pub(crate) async fn append_audit(tx: &mut Transaction<'_, Any>, event: &AuditEvent) -> Result<i64> {
    let mut hold = Script::default();
    let columns = ChainHead::hold(&mut hold, chain_key(event.school.as_ref()));
    hold.push(format!("SELECT {columns}"));
    let rows = hold.run(tx).await?;
    let row = rows.first().ok_or(StoreError::NotFound)?;
    let mut head = ChainHead::read(row)?;
    let mut append = Script::default();
    let seq = head.append(&mut append, event);
    append.run(tx).await?;
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
