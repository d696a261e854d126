//! Many files as one zip download: every hand-in of a homework at once, for the teacher who
//! marks them offline.
//!
//! The archive is written on a blocking thread into an unnamed temporary file (it has no
//! name, so it disappears with its last handle, even after a crash), copying each stored
//! file chunk by chunk; the finished archive is then streamed out like any download. Nothing
//! is held whole in memory. Entries are *stored*, not compressed: pupils' files are mostly
//! PDFs and pictures, which compression would only slow down.

use super::disposition::attachment;
use crate::error::{WebError, WebResult};
use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use cartable_store::{BlobDigest, BlobError, BlobStore};
use std::io::{Seek, SeekFrom, Write};
use tokio_util::io::ReaderStream;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// One entry of an archive, under its path in the archive (`folder/name`).
pub enum Entry {
    /// A file of the blob store.
    Blob {
        /// Its path in the archive.
        path: String,
        /// The stored file.
        digest: BlobDigest,
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

/// The response that downloads `entries` as the zip `name`.
pub async fn zip_response(
    blobs: &BlobStore,
    entries: Vec<Entry>,
    name: &str,
) -> WebResult<Response> {
    let mut sources = Vec::with_capacity(entries.len());
    for entry in entries {
        match entry {
            Entry::Blob { path, digest } => {
                let (file, _) = blobs.open_blob(&digest).await?;
                sources.push((path, Source::File(file.into_std().await)));
            }
            Entry::Text { path, text } => sources.push((path, Source::Text(text))),
        }
    }
    let archive = tokio::task::spawn_blocking(move || write_archive(sources))
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

/// Writes the archive into an unnamed temporary file, rewound for reading.
fn write_archive(sources: Vec<(String, Source)>) -> zip::result::ZipResult<std::fs::File> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);
    let mut zip = ZipWriter::new(tempfile::tempfile()?);
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
