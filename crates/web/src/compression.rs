//! Compressed responses: pages, JSON and the stylesheet go out gzip- or brotli-encoded when the
//! client accepts it. A school's accounts page is text that repeats itself row after row; sent
//! compressed it stays within the page budget (under ~30 KB) that DESIGN asks for.

use axum::http::{header, Extensions, HeaderMap, StatusCode, Version};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// Bodies smaller than this go out as they are: the encoding would cost more than it saves.
const MIN_SIZE: u16 = 512;

/// Compression level, for gzip and brotli alike: brotli's default (11) costs far too much
/// processor time for pages made afresh at every request, on the 9:00 surge above all; 5
/// already shrinks a page of accounts about tenfold.
const LEVEL: i32 = 5;

/// The media types worth compressing: the ones Cartable sends that are text.
const COMPRESSIBLE: [&str; 3] = ["text/html", "application/json", "text/css"];

/// Whether a response's media type is one of [`COMPRESSIBLE`].
fn compressible_type(
    _status: StatusCode,
    _version: Version,
    headers: &HeaderMap,
    _extensions: &Extensions,
) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| {
            COMPRESSIBLE
                .iter()
                .any(|c| media.trim().eq_ignore_ascii_case(c))
        })
}

/// The layer that compresses [`COMPRESSIBLE`] responses of at least [`MIN_SIZE`] bytes, in
/// the best encoding the client accepts (brotli, then gzip).
pub fn layer() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(LEVEL))
        .compress_when(SizeAbove::new(MIN_SIZE).and(compressible_type))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn typed(value: &'static str) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
        compressible_type(
            StatusCode::OK,
            Version::HTTP_11,
            &headers,
            &Extensions::new(),
        )
    }

    #[test]
    fn only_text_media_types_are_compressed() {
        assert!(typed("text/html; charset=utf-8"));
        assert!(typed("application/json"));
        assert!(typed("text/css; charset=utf-8"));
        assert!(!typed("text/plain; version=0.0.4"));
        assert!(!typed("image/png"));
        assert!(!compressible_type(
            StatusCode::OK,
            Version::HTTP_11,
            &HeaderMap::new(),
            &Extensions::new()
        ));
    }
}
