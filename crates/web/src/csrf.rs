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

/// Hides a token behind a fresh random pad (`pad ‖ pad ⊕ token`), so the bytes on the page
/// differ in every response: a compressed page that also echoes text an attacker chose (a
/// search) cannot leak the token byte by byte through its compressed size (BREACH).
fn masked(token: &str) -> String {
    let Ok(raw) = URL_SAFE_NO_PAD.decode(token) else {
        return String::new();
    };
    let mut pad = vec![0u8; raw.len()];
    OsRng.fill_bytes(&mut pad);
    let hidden: Vec<u8> = raw.iter().zip(&pad).map(|(t, p)| t ^ p).collect();
    pad.extend(hidden);
    URL_SAFE_NO_PAD.encode(pad)
}

/// The token a masked form field carries, in the signer's encoding.
fn unmasked(submitted: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(submitted).ok()?;
    if bytes.is_empty() || bytes.len() % 2 != 0 {
        return None;
    }
    let (pad, hidden) = bytes.split_at(bytes.len() / 2);
    let raw: Vec<u8> = pad.iter().zip(hidden).map(|(p, h)| p ^ h).collect();
    Some(URL_SAFE_NO_PAD.encode(raw))
}

/// The form token of a signed-in session, masked afresh for each page.
pub fn session_token(signer: &Signer, key: &TokenKey) -> String {
    masked(&signer.sign(SESSION_PURPOSE, key))
}

/// Checks a signed-in form's token.
pub fn check_session(signer: &Signer, key: &TokenKey, submitted: &str) -> Result<(), WebError> {
    let token = unmasked(submitted).unwrap_or_default();
    if signer.verify(SESSION_PURPOSE, key, &token) {
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
        return (
            masked(&signer.sign(ANONYMOUS_PURPOSE, existing.as_bytes())),
            None,
        );
    }
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    let value = URL_SAFE_NO_PAD.encode(bytes);
    let cookie = cookies::set(cookies::CSRF, &value, None, SameSite::Strict, secure);
    (
        masked(&signer.sign(ANONYMOUS_PURPOSE, value.as_bytes())),
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
        Some(cookie)
            if signer.verify(
                ANONYMOUS_PURPOSE,
                cookie.as_bytes(),
                &unmasked(submitted).unwrap_or_default(),
            ) =>
        {
            Ok(())
        }
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

/// Where a multipart form shared by an API route and a page comes from. A page's form
/// carries its anti-forgery token as a `csrf` field before its files, and the token is
/// checked before any file is stored; an API client sends none (the API's own defences
/// against cross-site requests apply).
pub enum FormOrigin<'a> {
    /// A JSON API client.
    Api,
    /// A page of this session; `checked` once its token passed.
    Page {
        /// The signer of the session's tokens.
        signer: &'a Signer,
        /// The session's key.
        key: &'a TokenKey,
        /// Whether the token has been checked.
        checked: bool,
    },
}

impl FormOrigin<'_> {
    /// Whether a field called `csrf` is this form's token (pages only).
    pub fn takes_token(&self) -> bool {
        matches!(self, FormOrigin::Page { checked: false, .. })
    }

    /// Checks the page's token.
    pub fn check(&mut self, submitted: &str) -> Result<(), WebError> {
        if let FormOrigin::Page {
            signer,
            key,
            checked,
        } = self
        {
            check_session(signer, key, submitted)?;
            *checked = true;
        }
        Ok(())
    }

    /// Whether the form may go on to its files (and be acted on): a page's token must have
    /// passed by then.
    pub fn passed(&self) -> Result<(), WebError> {
        match self {
            FormOrigin::Page { checked: false, .. } => Err(WebError::Csrf),
            _ => Ok(()),
        }
    }
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

    #[test]
    fn every_page_gets_a_different_mask_of_the_same_token() {
        let signer = Signer::new([3; 32]);
        let first = session_token(&signer, &[1; 32]);
        let second = session_token(&signer, &[1; 32]);
        assert_ne!(first, second, "no two pages carry the same bytes");
        assert!(check_session(&signer, &[1; 32], &second).is_ok());
        let unmasked_token = signer.sign(SESSION_PURPOSE, &[1; 32]);
        assert!(
            check_session(&signer, &[1; 32], &unmasked_token).is_err(),
            "only masked tokens are accepted"
        );
        assert!(check_session(&signer, &[1; 32], "not base64!").is_err());
    }
}
