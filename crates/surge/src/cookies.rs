//! A browser's cookies, as little as the harness needs: one map per virtual user.
//!
//! The server hands out several cookies (session, device, CSRF, waiting-room ticket,
//! proof-of-work pass) and a browser sends all of them back. Attributes (path, expiry) do not
//! matter on one loopback host, except that an empty value or `Max-Age=0` deletes the cookie.

use std::collections::BTreeMap;

/// The session cookie's name: its presence means the user is signed in.
pub const SESSION: &str = "cartable_session";
/// Cookies that only live minutes (a waiting-room ticket, a proof-of-work pass): a session
/// prepared before the run drops them, as yesterday's browser would have.
pub const SHORT_LIVED: [&str; 2] = ["cartable_ticket", "cartable_pass"];

/// One user's cookies, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CookieJar {
    cookies: BTreeMap<String, String>,
}

impl CookieJar {
    /// Keeps (or deletes) the cookie of one `Set-Cookie` header value.
    pub fn store(&mut self, set_cookie: &str) {
        let mut parts = set_cookie.split(';');
        let Some((name, value)) = parts.next().and_then(|pair| pair.split_once('=')) else {
            return;
        };
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        let value = value.trim().trim_matches('"');
        let expired = parts.any(|attribute| {
            let attribute = attribute.trim().to_ascii_lowercase();
            attribute == "max-age=0" || attribute.starts_with("max-age=-")
        });
        if expired || value.is_empty() {
            self.cookies.remove(name);
        } else {
            self.cookies.insert(name.to_owned(), value.to_owned());
        }
    }

    /// The value of the `Cookie` header to send, or `None` with no cookie.
    pub fn header(&self) -> Option<String> {
        if self.cookies.is_empty() {
            return None;
        }
        let pairs: Vec<String> = self
            .cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        Some(pairs.join("; "))
    }

    /// The value of cookie `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    /// Forgets cookie `name`.
    pub fn remove(&mut self, name: &str) {
        self.cookies.remove(name);
    }

    /// Whether the jar holds a session: the user is signed in.
    pub fn signed_in(&self) -> bool {
        self.cookies.contains_key(SESSION)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_cookie_and_sends_them_back() {
        let mut jar = CookieJar::default();
        assert_eq!(jar.header(), None);
        jar.store("cartable_session=abc.def; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000");
        jar.store("cartable_device=xyz; Path=/; HttpOnly");
        jar.store("cartable_ticket=\"t1\"");
        assert!(jar.signed_in());
        assert_eq!(jar.get("cartable_ticket"), Some("t1"));
        assert_eq!(
            jar.header().unwrap(),
            "cartable_device=xyz; cartable_session=abc.def; cartable_ticket=t1"
        );
    }

    #[test]
    fn a_new_value_replaces_the_old_one() {
        let mut jar = CookieJar::default();
        jar.store("a=1");
        jar.store("a=2; Path=/");
        assert_eq!(jar.header().unwrap(), "a=2");
    }

    #[test]
    fn expired_or_empty_cookies_are_deleted() {
        let mut jar = CookieJar::default();
        jar.store("cartable_session=abc");
        jar.store("other=1");
        jar.store("cartable_session=; Path=/; Max-Age=0");
        assert!(!jar.signed_in());
        jar.store("other=gone; max-age=0");
        assert_eq!(jar.header(), None);
        jar.store("a=1");
        jar.remove("a");
        assert_eq!(jar.header(), None);
    }

    #[test]
    fn garbage_is_ignored() {
        let mut jar = CookieJar::default();
        jar.store("no equals sign");
        jar.store("=value");
        jar.store("");
        assert_eq!(jar.header(), None);
    }
}
