//! Sweeping the blob store: files that no row names any more (a purged document, a message
//! whose last copy is gone, an upload whose row was refused at the last check) are removed,
//! once they are old enough that no upload still in flight can be about to name them.

use super::{BlobError, BlobStore};
use std::collections::HashSet;
use std::time::SystemTime;

/// What a sweep found and did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Files kept: named by a row, or stored too recently.
    pub kept: u64,
    /// Files removed.
    pub removed: u64,
    /// Bytes freed.
    pub freed_bytes: u64,
}

impl BlobStore {
    /// Removes every stored file whose digest is not in `named` and that was last stored
    /// before `stored_before`. Uploads in flight (`tmp/`) and the quarantine are left alone;
    /// a file stored again (the same content uploaded anew) counts as stored then.
    pub async fn sweep(
        &self,
        named: &HashSet<String>,
        stored_before: SystemTime,
    ) -> Result<SweepReport, BlobError> {
        let mut report = SweepReport::default();
        if !tokio::fs::try_exists(&self.root).await? {
            return Ok(report);
        }
        for first in two_hex_dirs(&self.root).await? {
            for second in two_hex_dirs(&first).await? {
                let mut files = tokio::fs::read_dir(&second).await?;
                while let Some(entry) = files.next_entry().await? {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let metadata = entry.metadata().await?;
                    if named.contains(&name) || metadata.modified()? >= stored_before {
                        report.kept += 1;
                        continue;
                    }
                    tokio::fs::remove_file(entry.path()).await?;
                    report.removed += 1;
                    report.freed_bytes += metadata.len();
                }
            }
        }
        Ok(report)
    }
}

/// The subdirectories of `dir` named by two hex digits: the blob store's fan-out levels
/// (which leaves out `tmp/` and `quarantine/`).
async fn two_hex_dirs(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>, BlobError> {
    let mut found = Vec::new();
    let mut entries = tokio::fs::read_dir(dir).await?;
    while let Some(entry) = entries.next_entry().await? {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let fan_out = name.len() == 2 && name.bytes().all(|b| b.is_ascii_hexdigit());
        if fan_out && entry.file_type().await?.is_dir() {
            found.push(entry.path());
        }
    }
    Ok(found)
}
