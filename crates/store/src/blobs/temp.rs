//! The temporary file an upload is written to before it is accepted.

use super::digest::hex;
use rand::rngs::OsRng;
use rand::RngCore;
use std::path::{Path, PathBuf};
use tokio::fs::{File, OpenOptions};

/// A new file in the store's `tmp/` directory, deleted when dropped unless it was moved into
/// place: an upload that is refused, fails, or is abandoned half-way (the client leaves and
/// the request's future is dropped) leaves nothing behind.
#[derive(Debug)]
pub(super) struct TempFile {
    path: PathBuf,
    file: File,
    /// Set once the file has been renamed away: nothing left to delete.
    moved: bool,
}

impl TempFile {
    /// Creates a file with a random, unused name in `dir`.
    pub(super) async fn create(dir: &Path) -> std::io::Result<TempFile> {
        let mut name = [0u8; 16];
        OsRng.fill_bytes(&mut name);
        let path = dir.join(format!("{}.part", hex(&name)));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await?;
        Ok(TempFile {
            path,
            file,
            moved: false,
        })
    }

    /// The open file, to write the upload to.
    pub(super) fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// Opens what was written so far for reading, from the start (for the antivirus).
    pub(super) async fn reopen(&self) -> std::io::Result<File> {
        File::open(&self.path).await
    }

    /// Makes the content durable, then renames the file to `target` (atomically, replacing
    /// any file there: blobs are named by content, so that one holds the same bytes) and makes
    /// the rename itself durable.
    pub(super) async fn persist(mut self, target: &Path) -> std::io::Result<()> {
        self.file.sync_all().await?;
        tokio::fs::rename(&self.path, target).await?;
        self.moved = true;
        if let Some(dir) = target.parent() {
            File::open(dir).await?.sync_all().await?;
        }
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.moved {
            // Unlinking is quick and must happen even when the upload's future is dropped
            // mid-way, where nothing async can run; a failure leaves a file that the next
            // start-up removes.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
