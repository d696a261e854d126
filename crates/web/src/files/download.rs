//! Downloads: a stored file streamed back, whole or in part.

use super::disposition::attachment;
use super::range::{requested, Requested};
use crate::error::WebError;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cartable_store::{BlobDigest, BlobError, BlobStore};
use std::io::SeekFrom;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;

/// Bytes read from disk per chunk of the response body.
const CHUNK: usize = 64 * 1024;

/// The response that sends the blob `digest` as a file called `name` of type `content_type`
/// (both as recorded at upload), read from disk as it is sent, never whole in memory.
///
/// The file is offered for saving (`Content-Disposition: attachment`) with
/// `X-Content-Type-Options: nosniff`, so no browser runs it as a page. Its digest is its
/// ETag (the content cannot change under a digest, so the tag is strong): a matching
/// `If-None-Match` gets 304. One `Range` gets 206 with `Content-Range`, a range past the end
/// 416 with `Content-Range: bytes */size`, several ranges the whole file (see
/// [`super::range`]); an `If-Range` that is not this ETag also gets the whole file.
pub async fn file_response(
    blobs: &BlobStore,
    digest: &BlobDigest,
    name: &str,
    content_type: &str,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let etag = format!("\"{digest}\"");
    if any_tag_matches(headers.get(header::IF_NONE_MATCH), &etag) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let (mut file, size) = blobs.open_blob(digest).await.inspect_err(|e| {
        if matches!(e, BlobError::NotFound) {
            tracing::error!(%digest, "a recorded file is missing from the blob store");
        }
    })?;
    let range = match headers.get(header::IF_RANGE) {
        Some(tag) if tag.as_bytes() != etag.as_bytes() => Requested::Whole,
        _ => requested(
            headers.get(header::RANGE).and_then(|v| v.to_str().ok()),
            size,
        ),
    };
    let (status, start, length, content_range) = match range {
        Requested::Whole => (StatusCode::OK, 0, size, None),
        Requested::Part { start, end } => (
            StatusCode::PARTIAL_CONTENT,
            start,
            end - start + 1,
            Some(format!("bytes {start}-{end}/{size}")),
        ),
        Requested::Unsatisfiable => {
            let headers = [
                (header::CONTENT_RANGE, format!("bytes */{size}")),
                (header::ACCEPT_RANGES, "bytes".to_owned()),
            ];
            return Ok((StatusCode::RANGE_NOT_SATISFIABLE, headers).into_response());
        }
    };
    if start > 0 {
        file.seek(SeekFrom::Start(start))
            .await
            .map_err(BlobError::from)?;
    }
    let body = Body::from_stream(ReaderStream::with_capacity(file.take(length), CHUNK));

    let mut response = (status, body).into_response();
    let out = response.headers_mut();
    let content_type = HeaderValue::from_str(content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    out.insert(header::CONTENT_TYPE, content_type);
    out.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    out.insert(header::CONTENT_DISPOSITION, attachment(name));
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    out.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        out.insert(header::ETAG, etag);
    }
    if let Some(Ok(content_range)) = content_range.map(HeaderValue::try_from) {
        out.insert(header::CONTENT_RANGE, content_range);
    }
    Ok(response)
}

/// Whether an `If-None-Match` value names `etag` (or is `*`); weak tags compare by their
/// opaque part, as RFC 9110 asks for this header.
fn any_tag_matches(if_none_match: Option<&HeaderValue>, etag: &str) -> bool {
    let Some(value) = if_none_match.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    value
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartable_store::{StoredBlob, UploadLimits};
    use http_body_util::BodyExt;

    /// A text file of 100 000 bytes whose every byte says where it is.
    fn content() -> Vec<u8> {
        (0..100_000u32).map(|i| b'a' + (i % 26) as u8).collect()
    }

    async fn stored() -> (tempfile::TempDir, BlobStore, StoredBlob) {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path().join("blobs")).await.unwrap();
        let blob = blobs
            .put(
                Body::from(content()).into_data_stream(),
                &UploadLimits::attachments(),
            )
            .await
            .unwrap();
        (dir, blobs, blob)
    }

    async fn get(
        blobs: &BlobStore,
        blob: &StoredBlob,
        request: &[(header::HeaderName, &str)],
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut headers = HeaderMap::new();
        for (name, value) in request {
            headers.insert(name, HeaderValue::from_str(value).unwrap());
        }
        let response = file_response(
            blobs,
            &blob.digest,
            "Récit d'été; \"brouillon\".txt",
            blob.content_type,
            &headers,
        )
        .await
        .unwrap();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes().to_vec();
        (parts.status, parts.headers, body)
    }

    #[tokio::test]
    async fn the_whole_file_goes_out_with_safe_headers() {
        let (_dir, blobs, blob) = stored().await;
        let (status, headers, body) = get(&blobs, &blob, &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, content());
        assert_eq!(headers[header::CONTENT_LENGTH], "100000");
        assert_eq!(headers[header::CONTENT_TYPE], "text/plain; charset=utf-8");
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"R_cit d'_t__ _brouillon_.txt\"; \
             filename*=UTF-8''R%C3%A9cit%20d%27%C3%A9t%C3%A9%3B%20%22brouillon%22.txt"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::ACCEPT_RANGES], "bytes");
        assert_eq!(
            headers[header::ETAG].to_str().unwrap(),
            format!("\"{}\"", blob.digest)
        );
        assert!(headers.get(header::CONTENT_RANGE).is_none());
    }

    #[tokio::test]
    async fn one_range_is_sent_alone() {
        let (_dir, blobs, blob) = stored().await;
        let all = content();
        for (range, start, end) in [
            ("bytes=70000-70009", 70_000, 70_009),
            ("bytes=99990-", 99_990, 99_999),
            ("bytes=-5", 99_995, 99_999),
            ("bytes=0-0", 0, 0),
            ("bytes=65530-65545", 65_530, 65_545),
        ] {
            let (status, headers, body) = get(&blobs, &blob, &[(header::RANGE, range)]).await;
            assert_eq!(status, StatusCode::PARTIAL_CONTENT, "{range}");
            assert_eq!(body, &all[start..=end], "{range}");
            assert_eq!(
                headers[header::CONTENT_RANGE].to_str().unwrap(),
                format!("bytes {start}-{end}/100000")
            );
            assert_eq!(
                headers[header::CONTENT_LENGTH].to_str().unwrap(),
                (end - start + 1).to_string()
            );
        }
    }

    #[tokio::test]
    async fn past_the_end_is_416_and_several_ranges_get_everything() {
        let (_dir, blobs, blob) = stored().await;
        let (status, headers, body) = get(&blobs, &blob, &[(header::RANGE, "bytes=100000-")]).await;
        assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(headers[header::CONTENT_RANGE], "bytes */100000");
        assert!(body.is_empty());

        let (status, _, body) = get(&blobs, &blob, &[(header::RANGE, "bytes=0-1,5-6")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body.len(), 100_000);
    }

    #[tokio::test]
    async fn the_digest_is_the_etag() {
        let (_dir, blobs, blob) = stored().await;
        let etag = format!("\"{}\"", blob.digest);
        for tag in [etag.clone(), format!("\"x\", W/{etag}"), "*".to_owned()] {
            let (status, headers, body) =
                get(&blobs, &blob, &[(header::IF_NONE_MATCH, &tag)]).await;
            assert_eq!(status, StatusCode::NOT_MODIFIED, "{tag}");
            assert_eq!(headers[header::ETAG].to_str().unwrap(), etag);
            assert!(body.is_empty());
        }
        let (status, _, _) = get(&blobs, &blob, &[(header::IF_NONE_MATCH, "\"other\"")]).await;
        assert_eq!(status, StatusCode::OK);

        // A resumed download of a file that changed since: If-Range does not match, so the
        // whole (new) file comes back rather than a piece spliced onto the old one.
        let stale = [(header::RANGE, "bytes=10-"), (header::IF_RANGE, "\"old\"")];
        let (status, _, body) = get(&blobs, &blob, &stale).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body.len(), 100_000);
        let fresh = [
            (header::RANGE, "bytes=10-"),
            (header::IF_RANGE, etag.as_str()),
        ];
        let (status, _, body) = get(&blobs, &blob, &fresh).await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(body.len(), 99_990);
    }

    #[tokio::test]
    async fn a_missing_blob_is_not_found() {
        let (_dir, blobs, _) = stored().await;
        let unknown = BlobDigest::parse(&"f".repeat(64)).unwrap();
        let error = file_response(&blobs, &unknown, "x.txt", "text/plain", &HeaderMap::new())
            .await
            .unwrap_err();
        assert_eq!(error.code(), "not_found");
    }
}
