//! Security headers on every response: a strict Content-Security-Policy (no inline script or
//! style), no MIME sniffing, no framing, no referrer leaking to other sites, and no copy of
//! any page or API answer left in a browser's or proxy's cache.
//!
//! Cartable runs on shared school computers: a page a pupil saw (their messages, their
//! home page) or a sheet of activation codes must not be readable from the cache by the next
//! person at the keyboard or through the back button after sign-out. So every response gets
//! `Cache-Control: no-store`, except the static assets under [`STATIC_PREFIX`], whose
//! versioned URLs keep their long public cache.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;

/// Where the static assets live: the only responses browsers may keep.
pub const STATIC_PREFIX: &str = "/static/";

/// The cache policy for everything else: never written to any cache.
pub const NO_STORE: &str = "no-store";

/// The CSP: everything from Cartable itself, nothing inline, no framing, forms to ourselves.
pub const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; form-action 'self'";

/// The layers that set the security headers (when a handler has not set them itself).
pub fn layers() -> [SetResponseHeaderLayer<HeaderValue>; 4] {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    [
        set(header::CONTENT_SECURITY_POLICY, CSP),
        set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        set(header::REFERRER_POLICY, "same-origin"),
        set(header::X_FRAME_OPTIONS, "DENY"),
    ]
}

/// Middleware marking every response outside [`STATIC_PREFIX`] `Cache-Control: no-store`,
/// replacing whatever a handler set: signed-in pages, activation codes and API answers must
/// never stay in a shared computer's cache, and no route outside the assets has a reason to be
/// cached.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let cacheable = request.uri().path().starts_with(STATIC_PREFIX);
    let mut response = next.run(request).await;
    if !cacheable {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::StatusCode;
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    fn app() -> Router {
        Router::new()
            .route("/home", get(|| async { "home" }))
            .route(
                "/cached",
                get(|| async { ([(header::CACHE_CONTROL, "public, max-age=60")], "x") }),
            )
            .route(
                "/static/a.css",
                get(|| async { ([(header::CACHE_CONTROL, "public, max-age=31536000")], "a") }),
            )
            .layer(axum::middleware::from_fn(cache_control))
    }

    async fn cache_header(path: &str) -> (StatusCode, Option<String>) {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = app().oneshot(request).await.unwrap();
        let value = response
            .headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap().to_owned());
        (response.status(), value)
    }

    #[tokio::test]
    async fn pages_are_never_stored_and_assets_keep_their_cache() {
        assert_eq!(
            cache_header("/home").await,
            (StatusCode::OK, Some("no-store".to_owned()))
        );
        assert_eq!(
            cache_header("/cached").await,
            (StatusCode::OK, Some("no-store".to_owned())),
            "a handler cannot opt a page into caching"
        );
        assert_eq!(
            cache_header("/nowhere").await,
            (StatusCode::NOT_FOUND, Some("no-store".to_owned()))
        );
        assert_eq!(
            cache_header("/static/a.css").await,
            (StatusCode::OK, Some("public, max-age=31536000".to_owned()))
        );
    }
}
