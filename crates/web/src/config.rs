//! What the binary tells the web layer at start-up.

/// Settings of the HTTP server.
#[derive(Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`: true behind HTTPS, false on plain-http loopback (tests, demo).
    pub secure_cookies: bool,
    /// The HMAC key for anti-forgery tokens and device cookies. The binary keeps it in the data
    /// directory so that restarts do not invalidate open forms and known devices.
    pub secret_key: [u8; 32],
    /// Password hashes computed at once; the default is one per core.
    pub hash_workers: usize,
}

impl WebConfig {
    /// Defaults for this machine around a secret key: plain-http cookies, one hashing
    /// worker per core.
    pub fn new(secret_key: [u8; 32]) -> WebConfig {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        WebConfig {
            secure_cookies: false,
            secret_key,
            hash_workers: cores,
        }
    }
}

impl std::fmt::Debug for WebConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebConfig")
            .field("secure_cookies", &self.secure_cookies)
            .field("secret_key", &"..")
            .field("hash_workers", &self.hash_workers)
            .finish()
    }
}
