//! Checking every chain against its head, each in one consistent snapshot of the database.

use super::{chain_key, entry_from_row, ENTRY_COLUMNS};
use crate::error::decode;
use crate::{Backend, Result, Store};
use cartable_core::audit::{Break, ChainBroken, ChainHash, ChainVerifier};
use cartable_core::SchoolId;
use futures_util::TryStreamExt;
use sqlx::{Any, Row, Transaction};

/// How one chain fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Whose chain it is; `None` for the platform-wide chain.
    pub school: Option<SchoolId>,
    /// The chain's head as stored (last sequence number and hash), if it has one and it can
    /// be read: the value to write down outside the database, so that a later rewrite of
    /// everything up to it is detected.
    pub head: Option<(i64, ChainHash)>,
    /// How many rows were checked, or the first row that is wrong or missing.
    pub outcome: std::result::Result<u64, ChainBroken>,
}

/// How every chain fared, chain by chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    /// One report per chain, the platform-wide chain first, then by school id.
    pub chains: Vec<ChainReport>,
}

impl AuditReport {
    /// Whether every chain verified.
    pub fn is_intact(&self) -> bool {
        self.chains.iter().all(|chain| chain.outcome.is_ok())
    }
}

impl Store {
    /// Verifies every chain: each row's hash, consecutive sequence numbers from 1, and the
    /// last row against the head (so a removed tail is caught). Rows are streamed, not loaded.
    pub async fn verify_audit(&self) -> Result<AuditReport> {
        let rows = sqlx::query(
            "SELECT chain FROM audit_heads UNION SELECT chain FROM audit_log ORDER BY chain",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut chains = Vec::with_capacity(rows.len());
        for row in &rows {
            let key: String = row.try_get("chain")?;
            let school: Option<SchoolId> = match key.as_str() {
                "" => None,
                _ => Some(decode(key)?),
            };
            chains.push(self.verify_audit_chain(school.as_ref()).await?);
        }
        Ok(AuditReport { chains })
    }

    /// Verifies one chain: `school`'s, or the platform-wide chain for `None`.
    pub async fn verify_audit_chain(&self, school: Option<&SchoolId>) -> Result<ChainReport> {
        let chain = chain_key(school);
        // One snapshot for the head and the rows, so appends committed meanwhile are seen
        // either entirely or not at all.
        let mut tx = match self.backend() {
            Backend::Sqlite => self.pool.begin().await?,
            Backend::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?
            }
        };
        let head = sqlx::query("SELECT seq, hash FROM audit_heads WHERE chain = $1")
            .bind(chain)
            .fetch_optional(&mut *tx)
            .await?;
        let (head, outcome) = match head {
            None => (None, check_rows(&mut tx, chain, None).await?),
            Some(row) => {
                let seq: i64 = row.try_get("seq")?;
                let hash: String = row.try_get("hash")?;
                match hash.parse::<ChainHash>() {
                    Ok(hash) => {
                        let head = Some((seq, hash));
                        (head, check_rows(&mut tx, chain, head).await?)
                    }
                    Err(e) => {
                        let why = Break::Unreadable(format!("the chain's head: {e}"));
                        (None, Err(ChainBroken { seq, why }))
                    }
                }
            }
        };
        tx.commit().await?;
        Ok(ChainReport {
            school: school.cloned(),
            head,
            outcome,
        })
    }
}

/// Streams a chain's rows in sequence order through a [`ChainVerifier`], stopping at the
/// first break, then checks the end against `head`.
async fn check_rows(
    tx: &mut Transaction<'_, Any>,
    chain: &str,
    head: Option<(i64, ChainHash)>,
) -> Result<std::result::Result<u64, ChainBroken>> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM audit_log WHERE chain = $1 ORDER BY seq");
    let mut rows = sqlx::query(&sql).bind(chain).fetch(&mut **tx);
    let mut verifier = ChainVerifier::new();
    while let Some(row) = rows.try_next().await? {
        let checked = match entry_from_row(&row) {
            Ok(entry) => verifier.push(entry.seq, &entry.event, &entry.hash),
            Err(e) => Err(verifier.unreadable(row.try_get("seq").ok(), e.to_string())),
        };
        if let Err(broken) = checked {
            return Ok(Err(broken));
        }
    }
    Ok(verifier.finish(head))
}
