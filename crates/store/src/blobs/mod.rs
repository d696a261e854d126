//! The blob store: files (attachments, submissions, documents) kept by the SHA-256 of their
//! content in a local directory.
//!
//! A file is named by what it holds, so the same file sent twice is stored once, and a name
//! can never point at other bytes. Files go in and out as streams: an upload is hashed,
//! counted and sniffed chunk by chunk on its way to a temporary file, and only a complete,
//! accepted, synced file is renamed into place, so a reader never sees half a blob and a
//! refused upload leaves nothing behind.
//!
//! The store holds bytes only: which message or homework a blob belongs to, its name and who
//! may read it are rows kept by the feature that uses it.
//!
//! When a scanner is set ([`BlobStore::with_scanner`]), every upload is scanned by ClamAV's
//! clamd before it is accepted; infected files go to the quarantine instead (see the
//! `quarantine` module for what is scanned when).
//!
//! Layout under the root: `tmp/` for uploads in flight, `quarantine/` for infected uploads,
//! and `ab/cd/abcd…` (the first two pairs of hex digits as directories) for stored blobs, so
//! no directory grows too large.

mod digest;
mod error;
mod kind;
mod put;
mod quarantine;
mod scan;
mod sniff;
mod sweep;
mod temp;

pub use digest::BlobDigest;
pub use error::BlobError;
pub use kind::{ContentKind, KindSet, UnknownKind, UploadLimits};
pub use put::StoredBlob;
pub use scan::{Clamd, ClamdAddress, InvalidClamdAddress, ScanFailure, Verdict};
pub use sweep::SweepReport;

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where uploads are written while they arrive, under the root.
const TMP_DIR: &str = "tmp";

/// The blob store over one directory. Cloning is cheap: clones share the root and the
/// scanner.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: Arc<Path>,
    /// The antivirus every upload goes through, if one is configured.
    scanner: Option<Arc<Clamd>>,
}

impl BlobStore {
    /// Opens (creating it if needed) the store at `root`, e.g. `<data>/blobs`, and removes
    /// the temporary files that uploads cut short by a crash left behind. It is meant to be
    /// called once, at start-up, before any upload of this process begins.
    pub async fn open(root: PathBuf) -> Result<BlobStore, BlobError> {
        let tmp = root.join(TMP_DIR);
        tokio::fs::create_dir_all(&tmp).await?;
        let mut stale = tokio::fs::read_dir(&tmp).await?;
        while let Some(entry) = stale.next_entry().await? {
            tokio::fs::remove_file(entry.path()).await?;
        }
        Ok(BlobStore {
            root: root.into(),
            scanner: None,
        })
    }

    /// The store at `root` as a tool running beside the server sees it: nothing is created
    /// and the uploads in flight are left alone.
    pub fn beside_server(root: PathBuf) -> BlobStore {
        BlobStore {
            root: root.into(),
            scanner: None,
        }
    }

    /// The same store, scanning every upload with `scanner` before accepting it. Without a
    /// scanner, uploads are stored unscanned.
    pub fn with_scanner(self, scanner: Clamd) -> BlobStore {
        BlobStore {
            scanner: Some(Arc::new(scanner)),
            ..self
        }
    }

    /// Opens a stored blob for reading, with its size in bytes.
    pub async fn open_blob(
        &self,
        digest: &BlobDigest,
    ) -> Result<(tokio::fs::File, u64), BlobError> {
        let file = match tokio::fs::File::open(self.path_of(digest)).await {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(BlobError::NotFound),
            Err(e) => return Err(e.into()),
        };
        let size = file.metadata().await?.len();
        Ok((file, size))
    }

    /// The first `max_bytes` of a stored blob as text (invalid UTF-8 replaced), for the
    /// screening of text files attached to a message.
    pub async fn read_text(
        &self,
        digest: &BlobDigest,
        max_bytes: u64,
    ) -> Result<String, BlobError> {
        use tokio::io::AsyncReadExt;
        let (file, _) = self.open_blob(digest).await?;
        let mut bytes = Vec::new();
        file.take(max_bytes).read_to_end(&mut bytes).await?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Where the blob with this digest lives. The digest is 64 hex digits, so the path stays
    /// inside the root whatever the caller passed.
    fn path_of(&self, digest: &BlobDigest) -> PathBuf {
        let hex = digest.as_str();
        self.root.join(&hex[..2]).join(&hex[2..4]).join(hex)
    }

    /// A directory on the blob store's disk for files a feature writes for a moment (an
    /// archive being built): they stay on the disk sized for files, not in `/tmp`.
    pub fn scratch_dir(&self) -> PathBuf {
        self.tmp_dir()
    }

    /// The directory of uploads in flight.
    fn tmp_dir(&self) -> PathBuf {
        self.root.join(TMP_DIR)
    }
}
