//! Protection against cross-site request forgery.
//!
//! Every form carries a hidden `csrf` field: for a signed-in user an HMAC of their session's
//! token digest, for the anonymous forms (sign-in, activation) an HMAC of a random
//! `cartable_csrf` cookie (SameSite=Strict). On top of that, any state-changing request whose
//! `Sec-Fetch-Site` or `Origin` shows another site is refused before it reaches a handler.

use crate::cookies::{self, SameSite};
use crate::error::WebError;
use crate::session_cache::TokenKey;
use crate::signing::Signer;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;

const SESSION_PURPOSE: &str = "csrf-session";
const ANONYMOUS_PURPOSE: &str = "csrf-anonymous";

/// The form token of a signed-in session.
pub fn session_token(signer: &Signer, key: &TokenKey) -> String {
    signer.sign(SESSION_PURPOSE, key)
}

/// Checks a signed-in form's token.
pub fn check_session(signer: &Signer, key: &TokenKey, submitted: &str) -> Result<(), WebError> {
    if signer.verify(SESSION_PURPOSE, key, submitted) {
        Ok(())
    } else {
        Err(WebError::Csrf)
    }
}

/// The anonymous form token for this browser, and the cookie to set if it had none yet.
pub fn anonymous_token(
    signer: &Signer,
    headers: &HeaderMap,
    secure: bool,
) -> (String, Option<HeaderValue>) {
    if let Some(existing) =
        cookies::get(headers, cookies::CSRF).filter(|v| !v.is_empty() && v.len() <= 64)
    {
        return (signer.sign(ANONYMOUS_PURPOSE, existing.as_bytes()), None);
    }
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    let value = URL_SAFE_NO_PAD.encode(bytes);
    let cookie = cookies::set(cookies::CSRF, &value, None, SameSite::Strict, secure);
    (
        signer.sign(ANONYMOUS_PURPOSE, value.as_bytes()),
        Some(cookie),
    )
}

/// Checks an anonymous form's token against the browser's `cartable_csrf` cookie.
pub fn check_anonymous(
    signer: &Signer,
    headers: &HeaderMap,
    submitted: &str,
) -> Result<(), WebError> {
    match cookies::get(headers, cookies::CSRF) {
        Some(cookie) if signer.verify(ANONYMOUS_PURPOSE, cookie.as_bytes(), submitted) => Ok(()),
        _ => Err(WebError::Csrf),
    }
}

/// Whether the request's own headers say it comes from another site.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return true;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.to_str().ok().and_then(|o| {
        o.strip_prefix("https://")
            .or_else(|| o.strip_prefix("http://"))
    });
    origin_host != Some(host) || host.is_empty()
}

/// Middleware refusing state-changing requests sent from another site.
pub async fn reject_cross_site(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && is_cross_site(request.headers()) {
        return WebError::Csrf.into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn origin_and_fetch_metadata_decide_cross_site() {
        assert!(!is_cross_site(&headers(&[("host", "ent.example")])));
        assert!(!is_cross_site(&headers(&[
            ("host", "ent.example"),
            ("origin", "https://ent.example")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "ent.example"),
            ("origin", "https://evil.example")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "ent.example"),
            ("origin", "null")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "ent.example"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(!is_cross_site(&headers(&[
            ("host", "ent.example"),
            ("sec-fetch-site", "same-origin")
        ])));
    }

    #[test]
    fn session_tokens_verify_only_for_their_session() {
        let signer = Signer::new([3; 32]);
        let token = session_token(&signer, &[1; 32]);
        assert!(check_session(&signer, &[1; 32], &token).is_ok());
        assert!(check_session(&signer, &[2; 32], &token).is_err());
    }
}
