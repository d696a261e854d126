//! The in-memory session cache: a signed-in page view costs a hash and a map look-up, not a
//! database round trip.
//!
//! Entries are keyed by the SHA-256 of the session token and hold who the session acts for,
//! their profile, and the `/api/v1/me` answer already serialised. An entry is trusted for
//! [`RECHECK_SECONDS`], then checked against the store again. Revocation, locking and access
//! resets remove entries at once ([`SessionCache::forget_session`],
//! [`SessionCache::forget_user`]); a generation counter keeps a look-up that started before
//! the removal from putting a stale entry back. Last-seen times are recorded in the entry
//! and written to the store in batches by [`SessionCache::flush_last_seen`].

use axum::body::Bytes;
use cartable_core::secret::SecretDigest;
use cartable_core::{SessionId, Timestamp, UserId};
use cartable_store::{Profile, SessionInfo, Store, StoreError};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

/// How long a cached session is trusted before it is checked against the store again.
/// Revocations do not wait for this: every node follows them each second (see `serve`); the
/// re-check only refreshes what may change slowly, such as a pupil's class.
pub const RECHECK_SECONDS: i64 = 300;

/// The cache key: SHA-256 of the token, raw (the store's digest is its hex form).
pub type TokenKey = [u8; 32];

/// Computes the cache key of a token.
pub fn token_key(token: &str) -> TokenKey {
    Sha256::digest(token.as_bytes()).into()
}

/// A live session as the web layer keeps it.
#[derive(Debug)]
pub struct CachedSession {
    /// The cache key (SHA-256 of the token), also the input of this session's CSRF tokens.
    pub key: TokenKey,
    /// The session and who it acts for.
    pub info: SessionInfo,
    /// Who I am.
    pub profile: Profile,
    /// `profile` as JSON, served as is by `GET /api/v1/me`.
    pub me_json: Bytes,
    checked_at: AtomicI64,
    last_seen: AtomicI64,
    flushed_seen: AtomicI64,
}

impl CachedSession {
    /// The account this session acts for.
    pub fn user(&self) -> Option<&UserId> {
        self.info.actor.user.as_ref()
    }
}

/// The cached sessions, by token and by session id, so that ending one session (sign-out,
/// a revocation seen from another node) costs a look-up, not a scan of every session.
#[derive(Debug, Default)]
struct Table {
    by_token: HashMap<TokenKey, Arc<CachedSession>>,
    by_session: HashMap<SessionId, TokenKey>,
}

impl Table {
    fn len(&self) -> usize {
        self.by_token.len()
    }

    fn get(&self, key: &TokenKey) -> Option<&Arc<CachedSession>> {
        self.by_token.get(key)
    }

    /// Adds or replaces the entry of a token (one token always opens the same session).
    fn insert(&mut self, entry: Arc<CachedSession>) {
        self.by_session
            .insert(entry.info.session_id.clone(), entry.key);
        self.by_token.insert(entry.key, entry);
    }

    fn remove(&mut self, key: &TokenKey) {
        if let Some(entry) = self.by_token.remove(key) {
            self.by_session.remove(&entry.info.session_id);
        }
    }

    fn remove_session(&mut self, session: &SessionId) {
        if let Some(key) = self.by_session.remove(session) {
            self.by_token.remove(&key);
        }
    }

    fn retain(&mut self, keep: impl Fn(&CachedSession) -> bool) {
        let by_session = &mut self.by_session;
        self.by_token.retain(|_, entry| {
            let kept = keep(entry);
            if !kept {
                by_session.remove(&entry.info.session_id);
            }
            kept
        });
    }

    fn values(&self) -> impl Iterator<Item = &Arc<CachedSession>> {
        self.by_token.values()
    }
}

/// The cache shared by every request.
#[derive(Debug)]
pub struct SessionCache {
    entries: RwLock<Table>,
    generation: AtomicU64,
    capacity: usize,
}

impl SessionCache {
    /// An empty cache holding at most `capacity` sessions (more are served from the store).
    pub fn new(capacity: usize) -> SessionCache {
        SessionCache {
            entries: RwLock::new(Table::default()),
            generation: AtomicU64::new(0),
            capacity,
        }
    }

    /// The live session a token opens, from the cache when fresh, else from the store.
    pub async fn resolve(
        &self,
        store: &Store,
        token: &str,
        now: Timestamp,
    ) -> Result<Option<Arc<CachedSession>>, StoreError> {
        if let Some(entry) = self.peek(token, now) {
            return Ok(Some(entry));
        }
        let key = token_key(token);
        let generation = self.generation.load(Ordering::Acquire);
        let digest = SecretDigest::of(token);
        let Some(info) = store.session_by_token(&digest, now).await? else {
            self.remove(&key);
            return Ok(None);
        };
        let profile = match &info.actor.user {
            Some(user) => store.profile(user).await?,
            None => None,
        };
        let Some(profile) = profile else {
            self.remove(&key);
            return Ok(None);
        };
        let me_json = Bytes::from(serde_json::to_vec(&profile).unwrap_or_default());
        let entry = Arc::new(CachedSession {
            key,
            info,
            profile,
            me_json,
            checked_at: AtomicI64::new(now.0),
            last_seen: AtomicI64::new(now.0),
            flushed_seen: AtomicI64::new(0),
        });
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        // A forget that ran while we were reading the store wins: do not cache what it removed.
        if self.generation.load(Ordering::Acquire) == generation {
            if entries.len() >= self.capacity {
                entries.retain(|e| {
                    e.info.expires_at > now
                        && now.0 - e.checked_at.load(Ordering::Relaxed) < RECHECK_SECONDS
                });
            }
            if entries.len() < self.capacity {
                if let Some(old) = entries.get(&key) {
                    entry
                        .flushed_seen
                        .store(old.flushed_seen.load(Ordering::Relaxed), Ordering::Relaxed);
                }
                entries.insert(entry.clone());
            }
        }
        Ok(Some(entry))
    }

    /// The live session a token opens if the cache holds it fresh, without the store: what
    /// the shield uses to class a request before any database work.
    pub fn peek(&self, token: &str, now: Timestamp) -> Option<Arc<CachedSession>> {
        let key = token_key(token);
        let entry = self
            .entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .cloned()?;
        let fresh = entry.info.expires_at > now
            && now.0 - entry.checked_at.load(Ordering::Relaxed) < RECHECK_SECONDS;
        fresh.then(|| {
            entry.last_seen.fetch_max(now.0, Ordering::Relaxed);
            entry
        })
    }

    fn remove(&self, key: &TokenKey) {
        self.entries
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
    }

    /// Drops one session from the cache (signed out or revoked).
    pub fn forget_session(&self, session: &SessionId) {
        self.forget_sessions(std::slice::from_ref(session));
    }

    /// Drops several sessions from the cache, each by a look-up.
    pub fn forget_sessions(&self, sessions: &[SessionId]) {
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        self.generation.fetch_add(1, Ordering::AcqRel);
        for session in sessions {
            entries.remove_session(session);
        }
    }

    /// Drops every session of `user` (locked, access reset).
    pub fn forget_user(&self, user: &UserId) {
        self.forget_where(|entry| entry.user() == Some(user));
    }

    fn forget_where(&self, matches: impl Fn(&CachedSession) -> bool) {
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.retain(|entry| !matches(entry));
    }

    /// Sessions cached now, for the metrics page.
    pub fn len(&self) -> usize {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the last-seen times gathered since the previous flush to the store in one
    /// batch, and drops expired entries.
    pub async fn flush_last_seen(
        &self,
        store: &Store,
        now: Timestamp,
    ) -> Result<usize, StoreError> {
        let mut seen = Vec::new();
        let mut marks = Vec::new();
        {
            let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
            entries.retain(|entry| entry.info.expires_at > now);
            for entry in entries.values() {
                let last = entry.last_seen.load(Ordering::Relaxed);
                if last > entry.flushed_seen.load(Ordering::Relaxed) {
                    seen.push((entry.info.session_id.clone(), Timestamp(last)));
                    marks.push((entry.clone(), last));
                }
            }
        }
        store.touch_sessions(&seen).await?;
        for (entry, last) in marks {
            entry.flushed_seen.fetch_max(last, Ordering::Relaxed);
        }
        Ok(seen.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_keys_match_the_store_digest() {
        let key = token_key("abc");
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, SecretDigest::of("abc").as_str());
    }

    fn entry(token: &str, session: &SessionId, user: &UserId) -> Arc<CachedSession> {
        use cartable_core::{Actor, Login, Role};
        let info = SessionInfo {
            session_id: session.clone(),
            actor: Actor::person(user.clone(), Role::Pupil, vec![]),
            login: Login::parse("lea.martin").unwrap(),
            display_name: "Léa Martin".into(),
            expires_at: Timestamp(i64::MAX),
            device_first_seen: None,
        };
        let profile = Profile {
            id: user.clone(),
            display_name: "Léa Martin".into(),
            role: Role::Pupil,
            school_id: cartable_core::SchoolId::random(&mut rand::rngs::OsRng),
            class_ids: vec![],
            children_ids: vec![],
        };
        Arc::new(CachedSession {
            key: token_key(token),
            info,
            profile,
            me_json: Bytes::new(),
            checked_at: AtomicI64::new(0),
            last_seen: AtomicI64::new(0),
            flushed_seen: AtomicI64::new(0),
        })
    }

    #[test]
    fn sessions_are_forgotten_by_id_and_by_user() {
        let mut rng = rand::rngs::OsRng;
        let cache = SessionCache::new(10);
        let lea = UserId::random(&mut rng);
        let tom = UserId::random(&mut rng);
        let (phone, tablet, toms) = (
            SessionId::random(&mut rng),
            SessionId::random(&mut rng),
            SessionId::random(&mut rng),
        );
        for (token, session, user) in [
            ("a", &phone, &lea),
            ("b", &tablet, &lea),
            ("c", &toms, &tom),
        ] {
            cache
                .entries
                .write()
                .unwrap()
                .insert(entry(token, session, user));
        }
        cache.forget_session(&phone);
        assert_eq!(cache.len(), 2);
        assert!(cache.entries.read().unwrap().get(&token_key("a")).is_none());
        cache.forget_user(&lea);
        assert_eq!(cache.len(), 1);
        let table = cache.entries.read().unwrap();
        assert_eq!(table.by_session.len(), 1, "the index follows the table");
        assert!(table.by_session.contains_key(&toms));
    }
}
