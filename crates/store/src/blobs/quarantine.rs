//! The antivirus step of an upload: a complete upload is scanned before it may enter the
//! store, and an infected one is set aside in `quarantine/` for an administrator.
//!
//! Every upload is scanned, even one whose content is already stored: signatures are added
//! every day, so yesterday's clean file may be known today. (The copy already stored stays
//! where it is, since rows point at it; the warning logged says so, and an administrator can
//! scan the whole store with `clamdscan <data>/blobs`.) Downloads are not scanned again: a
//! file was scanned when it came in, and scanning every download would put clamd on the path
//! of the 9:00 surge.
//!
//! The quarantine holds `<digest>` (the file as received) and `<digest>.json` (the signature,
//! the time, the size and the type). Nothing in Cartable reads it back; it is for people.

use super::put::StoredBlob;
use super::scan::Verdict;
use super::temp::TempFile;
use super::{BlobError, BlobStore};
use std::path::PathBuf;

/// Where infected uploads are kept, under the root.
const QUARANTINE_DIR: &str = "quarantine";

impl BlobStore {
    /// Scans the complete upload in `temp` (described by `blob`) if a scanner is configured,
    /// and hands `temp` back if it may be stored. An infected upload is moved to the
    /// quarantine ([`BlobError::Infected`]); if the scanner gives no verdict the upload is
    /// refused and deleted ([`BlobError::AntivirusUnavailable`]).
    pub(super) async fn screen(
        &self,
        temp: TempFile,
        blob: &StoredBlob,
    ) -> Result<TempFile, BlobError> {
        let Some(scanner) = &self.scanner else {
            return Ok(temp);
        };
        let verdict = match scanner.scan(temp.reopen().await?).await {
            Ok(verdict) => verdict,
            Err(failure) => {
                tracing::error!(error = %failure, digest = %blob.digest, "antivirus unavailable: upload refused");
                return Err(BlobError::AntivirusUnavailable(failure));
            }
        };
        let Verdict::Infected { signature } = verdict else {
            return Ok(temp);
        };
        let already_stored = tokio::fs::try_exists(self.path_of(&blob.digest)).await?;
        tracing::warn!(
            digest = %blob.digest,
            %signature,
            size = blob.size,
            content_type = blob.content_type,
            already_stored,
            "infected upload quarantined"
        );
        self.quarantine(temp, blob, &signature).await?;
        Err(BlobError::Infected { signature })
    }

    /// Moves `temp` to the quarantine under its digest and writes the note beside it.
    async fn quarantine(
        &self,
        temp: TempFile,
        blob: &StoredBlob,
        signature: &str,
    ) -> Result<(), BlobError> {
        let dir = self.quarantine_dir();
        tokio::fs::create_dir_all(&dir).await?;
        let digest = blob.digest.as_str();
        let note = serde_json::json!({
            "digest": digest,
            "signature": signature,
            "quarantined_at": jiff::Timestamp::now().to_string(),
            "size": blob.size,
            "content_type": blob.content_type,
        });
        tokio::fs::write(dir.join(format!("{digest}.json")), format!("{note:#}\n")).await?;
        temp.persist(&dir.join(digest)).await?;
        Ok(())
    }

    /// The directory of infected uploads.
    fn quarantine_dir(&self) -> PathBuf {
        self.root.join(QUARANTINE_DIR)
    }
}
