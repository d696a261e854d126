//! What the binary tells the web layer at start-up.

/// Settings of the HTTP server.
#[derive(Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`: true behind HTTPS, false on plain-http loopback (tests, demo).
    pub secure_cookies: bool,
    /// The HMAC key for anti-forgery tokens and device cookies. The binary keeps it in the data
    /// directory so that restarts do not invalidate open forms and known devices.
    pub secret_key: [u8; 32],
    /// Password hashes computed at once; the default is one per two cores (at least one), so
    /// that a sign-in flood takes at most half the processors and page views keep the rest.
    pub hash_workers: usize,
    /// A client must send its request headers within this time (slowloris); a kept-alive
    /// connection idle this long is closed too, so the people in the waiting room, who come
    /// back seconds later, do not fill the server's connections between their visits.
    pub header_read_timeout: std::time::Duration,
    /// A client must send its request body within this time once it started (slow uploads).
    pub body_read_timeout: std::time::Duration,
    /// The shield's settings; `None` serves without it (only to measure what it changes).
    pub shield: Option<crate::shield::ShieldConfig>,
}

impl WebConfig {
    /// Defaults for this machine around a secret key: plain-http cookies, one hashing
    /// worker per two cores.
    pub fn new(secret_key: [u8; 32]) -> WebConfig {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        WebConfig {
            secure_cookies: false,
            secret_key,
            hash_workers: (cores / 2).max(1),
            header_read_timeout: std::time::Duration::from_secs(5),
            body_read_timeout: std::time::Duration::from_secs(30),
            shield: Some(crate::shield::ShieldConfig::for_cores(cores)),
        }
    }
}

impl std::fmt::Debug for WebConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebConfig")
            .field("secure_cookies", &self.secure_cookies)
            .field("secret_key", &"..")
            .field("hash_workers", &self.hash_workers)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("body_read_timeout", &self.body_read_timeout)
            .field("shield", &self.shield)
            .finish()
    }
}
