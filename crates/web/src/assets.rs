//! The one stylesheet, compiled into the binary and cached by browsers for a long time (its
//! URL carries a version, so a new release changes the URL).

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Where pages link the stylesheet.
pub const CSS_PATH: &str = "/static/cartable-3.css";

const CSS: &str = include_str!("../static/cartable.css");

/// `GET /static/cartable-3.css`.
pub async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        CSS,
    )
        .into_response()
}
