//! Storing an upload: streamed to a temporary file while it is hashed, counted and sniffed,
//! then checked and moved into place.

use super::sniff::Sniffer;
use super::temp::TempFile;
use super::{BlobDigest, BlobError, BlobStore, UploadLimits};
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use std::pin::pin;
use tokio::io::AsyncWriteExt;

/// A blob as stored: what a feature keeps in its row to serve it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    /// Its name in the store.
    pub digest: BlobDigest,
    /// Its size in bytes (never zero).
    pub size: u64,
    /// Its MIME type, told from its content.
    pub content_type: &'static str,
}

impl BlobStore {
    /// Stores a file already whole in memory (what the demo writes), under the same checks
    /// as an upload.
    pub async fn put_bytes(
        &self,
        content: Vec<u8>,
        limits: &UploadLimits,
    ) -> Result<StoredBlob, BlobError> {
        let chunk: Result<Bytes, std::convert::Infallible> = Ok(Bytes::from(content));
        self.put(futures_util::stream::iter([chunk]), limits).await
    }

    /// Stores the file that `chunks` carry, if it fits `limits`.
    ///
    /// Only one chunk is held in memory at a time (plus the first 32 KiB, to tell the type).
    /// Reading stops at the first chunk past `limits.max_bytes` ([`BlobError::TooLarge`]) and
    /// as soon as the type is known to be refused ([`BlobError::TypeNotAllowed`]); an empty
    /// stream is [`BlobError::Empty`]; an error from the stream is [`BlobError::Upload`]. In
    /// every one of those cases the partial file is already gone. With a scanner, the complete
    /// file is then scanned: an infected one goes to the quarantine ([`BlobError::Infected`]),
    /// and one the scanner could not judge is deleted ([`BlobError::AntivirusUnavailable`]).
    /// A file already in the store is scanned again, but not written twice.
    pub async fn put<S, E>(&self, chunks: S, limits: &UploadLimits) -> Result<StoredBlob, BlobError>
    where
        S: Stream<Item = Result<Bytes, E>>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let mut temp = TempFile::create(&self.tmp_dir()).await?;
        let mut chunks = pin!(chunks);
        let mut hash = Sha256::new();
        let mut sniffer = Sniffer::default();
        let mut size: u64 = 0;
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(|e| BlobError::Upload(e.into()))?;
            size = size.saturating_add(chunk.len() as u64);
            if size > limits.max_bytes {
                return Err(BlobError::TooLarge {
                    limit: limits.max_bytes,
                });
            }
            sniffer.feed(&chunk);
            if let Some(detected) = sniffer.content_type() {
                limits.admit(detected)?;
            }
            hash.update(&chunk);
            temp.file().write_all(&chunk).await?;
        }
        if size == 0 {
            return Err(BlobError::Empty);
        }
        let content_type = sniffer.finish();
        limits.admit(content_type)?;
        temp.file().flush().await?;

        let blob = StoredBlob {
            digest: BlobDigest::from_hash(&hash.finalize()),
            size,
            content_type,
        };
        let temp = self.screen(temp, &blob).await?;
        let target = self.path_of(&blob.digest);
        if tokio::fs::try_exists(&target).await? {
            // Stored before: marked as stored again now, so that a sweep of files no row
            // names yet (see `sweep`) spares it while its new row is being written.
            let file = tokio::fs::File::options()
                .append(true)
                .open(&target)
                .await?;
            file.into_std()
                .await
                .set_modified(std::time::SystemTime::now())?;
        } else {
            if let Some(dir) = target.parent() {
                tokio::fs::create_dir_all(dir).await?;
            }
            temp.persist(&target).await?;
        }
        Ok(blob)
    }
}
