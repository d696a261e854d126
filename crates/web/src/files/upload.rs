//! Uploads: one multipart field streamed into the blob store.

use super::name::sanitise;
use crate::api::json::from_status;
use crate::error::{WebError, WebResult};
use axum::extract::multipart::{Field, MultipartError};
use cartable_store::messaging::Attachment;
use cartable_store::{BlobStore, StoredBlob, UploadLimits};

/// The longest text field of a form read (a message body's or homework's 20,000 characters
/// fit many times over).
const MAX_TEXT_FIELD: usize = 128 * 1024;

/// A multipart stream that broke off or was malformed, as a client error.
pub fn multipart_error(error: MultipartError) -> WebError {
    from_status(error.status(), error.body_text(), WebError::InvalidInput)
}

/// A text field, refused past [`MAX_TEXT_FIELD`] bytes instead of buffering whatever comes.
pub async fn read_text(mut field: Field<'_>) -> WebResult<String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if bytes.len() + chunk.len() > MAX_TEXT_FIELD {
            return Err(WebError::BodyTooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| WebError::InvalidInput("a field is not UTF-8".into()))
}

/// Stores one file field as an attachment; `None` for the empty part a browser sends when
/// no file was chosen.
pub async fn attachment_field(
    blobs: &BlobStore,
    mut field: Field<'_>,
    limits: &UploadLimits,
) -> WebResult<Option<Attachment>> {
    if field.file_name().unwrap_or("").is_empty() {
        while field.chunk().await.map_err(multipart_error)?.is_some() {}
        return Ok(None);
    }
    let file = store_field(blobs, field, limits).await?;
    Ok(Some(Attachment {
        name: file.name,
        digest: file.blob.digest.to_string(),
        size: i64::try_from(file.blob.size).unwrap_or(i64::MAX),
        content_type: file.blob.content_type.to_owned(),
    }))
}

/// The name of the file a multipart `field` carries, cleaned as [`UploadedFile::name`]
/// is, read before its content streams in (to check it first); `None` for a field that
/// is not a file, or the empty part a browser sends when no file was chosen.
pub fn file_name(field: &Field<'_>) -> Option<String> {
    field
        .file_name()
        .filter(|name| !name.is_empty())
        .map(sanitise)
}

/// A file received and stored: what the feature that asked for it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// The name the sender's computer gave it, cleaned (no path, no control characters,
    /// at most 120 characters, never empty).
    pub name: String,
    /// The stored content: digest, size, type told from the bytes.
    pub blob: StoredBlob,
}

/// Streams a multipart `field` into `blobs` within `limits`, chunk by chunk as the request
/// body arrives (never held whole in memory). A file over the limit is refused as soon as
/// it crosses it (413), a type not allowed as soon as it is recognised (415), an empty file
/// with 400; nothing is kept of a refused file.
pub async fn store_field(
    blobs: &BlobStore,
    field: Field<'_>,
    limits: &UploadLimits,
) -> Result<UploadedFile, WebError> {
    let name = sanitise(field.file_name().unwrap_or_default());
    let blob = blobs.put(field, limits).await?;
    Ok(UploadedFile { name, blob })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use axum::body::Body;
    use axum::extract::{FromRequest, Multipart, Request};
    use cartable_store::{ContentKind, KindSet};
    use tokio::io::AsyncWriteExt;
    use tokio_util::io::ReaderStream;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

    /// Stores the one file of a multipart form whose file part is `filename` and `content`.
    async fn upload(
        blobs: &BlobStore,
        filename: &str,
        content: &[u8],
        limits: &UploadLimits,
    ) -> Result<UploadedFile, WebError> {
        let mut body = format!(
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n--XyZ--\r\n");
        // Sent through a 64 KiB pipe, as from a socket: the reader waits for the writer.
        let (mut client, server) = tokio::io::duplex(64 * 1024);
        tokio::spawn(async move {
            // The server may stop reading (a refusal) and close its end: nothing to do then.
            let _ = client.write_all(&body).await;
        });
        let request = Request::builder()
            .method("POST")
            .header("content-type", "multipart/form-data; boundary=XyZ")
            .body(Body::from_stream(ReaderStream::new(server)))
            .unwrap();
        let mut form = Multipart::from_request(request, &()).await.unwrap();
        let field = form.next_field().await.unwrap().unwrap();
        store_field(blobs, field, limits).await
    }

    async fn blobs() -> (tempfile::TempDir, BlobStore) {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path().join("blobs")).await.unwrap();
        (dir, blobs)
    }

    #[tokio::test]
    async fn a_png_named_pdf_is_stored_as_a_png_under_a_clean_name() {
        let (_dir, blobs) = blobs().await;
        let file = upload(
            &blobs,
            "C:\\Mes documents\\devoir.pdf",
            PNG,
            &UploadLimits::attachments(),
        )
        .await
        .unwrap();
        assert_eq!(file.name, "devoir.pdf");
        assert_eq!(file.blob.content_type, "image/png");
        assert_eq!(file.blob.size, 29);
        assert_eq!(blobs.open_blob(&file.blob.digest).await.unwrap().1, 29);
    }

    #[tokio::test]
    async fn refusals_become_clear_client_errors() {
        let (dir, blobs) = blobs().await;
        let small = UploadLimits {
            max_bytes: 16,
            allowed: KindSet::of(&[ContentKind::PlainText]),
        };
        let too_large = upload(&blobs, "long.txt", &[b'a'; 17], &small)
            .await
            .unwrap_err();
        assert_eq!(too_large.code(), "file_too_large");
        assert_eq!(too_large.status(), 413);

        let html = upload(&blobs, "a.txt", b"<html><script>", &small)
            .await
            .unwrap_err();
        assert_eq!(html.code(), "file_type_not_allowed");
        assert_eq!(html.status(), 415);

        let empty = upload(&blobs, "vide.txt", b"", &small).await.unwrap_err();
        assert_eq!(empty.code(), "file_empty");
        assert_eq!(empty.status(), 400);

        for error in [&too_large, &html, &empty] {
            for lang in [Lang::Fr, Lang::En] {
                assert_ne!(
                    lang.error(error.code()),
                    lang.error("internal"),
                    "{error:?}"
                );
            }
        }

        // Past the request's body limit (axum's default, 2 MB, in this test) before the
        // file's own limit: the body limit speaks.
        let body_limit = upload(
            &blobs,
            "gros.txt",
            &vec![b'a'; 3_000_000],
            &UploadLimits::attachments(),
        )
        .await
        .unwrap_err();
        assert_eq!(body_limit.code(), "body_too_large");

        let tmp = std::fs::read_dir(dir.path().join("blobs/tmp")).unwrap();
        assert_eq!(tmp.count(), 0);
    }
}
