//! Reading and writing Cartable's cookies, by hand: the hot path reads one cookie without
//! parsing the whole header into a map, and every cookie we set is built in one place.

use axum::http::{header, HeaderMap, HeaderValue};

/// The session cookie: an opaque bearer token.
pub const SESSION: &str = "cartable_session";
/// The device cookie: a signed random id that tells a known browser from an attacker.
pub const DEVICE: &str = "cartable_device";
/// The pre-session anti-forgery cookie for the sign-in and activation forms.
pub const CSRF: &str = "cartable_csrf";
/// The language chosen with the `?lang=` links.
pub const LANG: &str = "lang";

/// The value of cookie `name` in the request, if present.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then_some(value)
        })
}

/// How a cookie is scoped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    /// Sent on top-level navigation from other sites, not on their POSTs.
    Lax,
    /// Only sent from Cartable's own pages.
    Strict,
}

/// A `Set-Cookie` value. `max_age` of `None` makes a cookie that ends with the browser; 0
/// deletes it. Values are ours (base64url, ids, `en`/`fr`), so they need no quoting.
pub fn set(
    name: &str,
    value: &str,
    max_age: Option<i64>,
    same_site: SameSite,
    secure: bool,
) -> HeaderValue {
    let same_site = match same_site {
        SameSite::Lax => "Lax",
        SameSite::Strict => "Strict",
    };
    let mut text = format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}");
    if let Some(seconds) = max_age {
        text.push_str(&format!("; Max-Age={}", seconds.max(0)));
    }
    if secure {
        text.push_str("; Secure");
    }
    HeaderValue::from_str(&text)
        .unwrap_or_else(|_| HeaderValue::from_static("invalid=1; Max-Age=0"))
}

/// A `Set-Cookie` value that deletes cookie `name`.
pub fn clear(name: &str, secure: bool) -> HeaderValue {
    set(name, "", Some(0), SameSite::Lax, secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_one_cookie_among_many() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; cartable_session=tok"),
        );
        headers.append(header::COOKIE, HeaderValue::from_static("lang=en"));
        assert_eq!(get(&headers, SESSION), Some("tok"));
        assert_eq!(get(&headers, LANG), Some("en"));
        assert_eq!(get(&headers, "cartable"), None);
    }

    #[test]
    fn set_cookies_are_http_only_and_scoped() {
        let value = set(SESSION, "tok", Some(60), SameSite::Lax, true);
        assert_eq!(
            value,
            "cartable_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure"
        );
        assert!(clear(SESSION, false)
            .to_str()
            .is_ok_and(|v| v.contains("Max-Age=0")));
    }
}
