//! Many files as one zip download: every hand-in of a homework at once, for the teacher who
//! marks them offline.
//!
//! The archive is written on a blocking thread into an unnamed temporary file on the blob
//! store's disk (it has no name, so it disappears with its last handle, even after a crash),
//! copying each stored file chunk by chunk; the finished archive is then streamed out like
//! any download. Nothing is held whole in memory. Entries are *stored*, not compressed:
//! pupils' files are mostly PDFs and pictures, which compression would only slow down.
//! Archives cost a node disk and time, so a node writes few at once ([`ArchiveSlots`]) and
//! none larger than [`MAX_ARCHIVE_BYTES`].

use super::disposition::attachment;
use crate::error::{WebError, WebResult};
use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use cartable_store::{BlobDigest, BlobError, BlobStore};
use std::io::{Seek, SeekFrom, Write};
use tokio::sync::Semaphore;
use tokio_util::io::ReaderStream;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The largest archive a node writes: a class's hand-ins at their usual sizes fit many
/// times over.
pub const MAX_ARCHIVE_BYTES: u64 = 1024 * 1024 * 1024;
/// How many archives a node writes at the same time.
const ARCHIVES_AT_ONCE: usize = 2;
/// How long a request waits for a free slot before it is asked to come back.
const SLOT_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
/// Seconds a client asked to come back is told to wait.
const RETRY_SECONDS: i64 = 30;

/// The archives a node may be writing at once, shared by every request.
pub struct ArchiveSlots(Semaphore);

impl Default for ArchiveSlots {
    fn default() -> ArchiveSlots {
        ArchiveSlots(Semaphore::new(ARCHIVES_AT_ONCE))
    }
}

/// One entry of an archive, under its path in the archive (`folder/name`).
pub enum Entry {
    /// A file of the blob store.
    Blob {
        /// Its path in the archive.
        path: String,
        /// The stored file.
        digest: BlobDigest,
        /// Its size in bytes, as recorded.
        size: u64,
    },
    /// A text written as a UTF-8 file (what a pupil typed).
    Text {
        /// Its path in the archive.
        path: String,
        /// The text.
        text: String,
    },
}

/// What the blocking writer copies: entries with their files already open.
enum Source {
    File(std::fs::File),
    Text(String),
}

/// The response that downloads `entries` as the zip `name`: refused (413) past
/// [`MAX_ARCHIVE_BYTES`], and (503) while the node writes as many archives as it may.
pub async fn zip_response(
    blobs: &BlobStore,
    slots: &ArchiveSlots,
    entries: Vec<Entry>,
    name: &str,
) -> WebResult<Response> {
    let total: u64 = entries
        .iter()
        .map(|entry| match entry {
            Entry::Blob { size, .. } => *size,
            Entry::Text { text, .. } => text.len() as u64,
        })
        .sum();
    if total > MAX_ARCHIVE_BYTES {
        return Err(WebError::FileTooLarge {
            limit: MAX_ARCHIVE_BYTES,
        });
    }
    let _slot = tokio::time::timeout(SLOT_WAIT, slots.0.acquire())
        .await
        .map_err(|_| WebError::Busy(RETRY_SECONDS))?
        .map_err(|_| WebError::Internal)?;
    let scratch = blobs.scratch_dir();
    let mut sources = Vec::with_capacity(entries.len());
    for entry in entries {
        match entry {
            Entry::Blob { path, digest, .. } => {
                let (file, _) = blobs.open_blob(&digest).await?;
                sources.push((path, Source::File(file.into_std().await)));
            }
            Entry::Text { path, text } => sources.push((path, Source::Text(text))),
        }
    }
    let archive = tokio::task::spawn_blocking(move || write_archive(&scratch, sources))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "the archive writer stopped");
            WebError::Internal
        })?
        .map_err(|e| {
            tracing::error!(error = %e, "an archive could not be written");
            WebError::Internal
        })?;
    let size = archive.metadata().map_err(BlobError::from)?.len();
    let body = Body::from_stream(ReaderStream::new(tokio::fs::File::from_std(archive)));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    headers.insert(header::CONTENT_DISPOSITION, attachment(name));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

/// Writes the archive into an unnamed temporary file in `scratch`, rewound for reading.
fn write_archive(
    scratch: &std::path::Path,
    sources: Vec<(String, Source)>,
) -> zip::result::ZipResult<std::fs::File> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);
    let mut zip = ZipWriter::new(tempfile::tempfile_in(scratch)?);
    for (path, source) in sources {
        zip.start_file(path, options)?;
        match source {
            Source::File(mut file) => {
                std::io::copy(&mut file, &mut zip)?;
            }
            Source::Text(text) => zip.write_all(text.as_bytes())?,
        }
    }
    let mut file = zip.finish()?;
    file.seek(SeekFrom::Start(0))?;
    Ok(file)
}
