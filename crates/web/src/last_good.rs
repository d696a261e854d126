//! Degraded mode: when the database is slow or down, the pages worth serving from memory
//! (a pupil's home, and with the class log the homework and the timetable) are served as
//! they were at the viewer's last visit, read-only, under a banner, instead of failing.
//!
//! Each such page keeps, per viewer, its last good answer ([`LastGood`]). A load that fails
//! with a server error, or takes longer than [`DATABASE_DEADLINE`], is answered with that
//! copy when there is one ([`Served::Stale`]); a refusal (not allowed, not found) is never
//! papered over. Sessions are recognised from memory, so a signed-in pupil keeps seeing her
//! day while the database is being repaired.

use crate::error::{WebError, WebResult};
use cartable_core::{Timestamp, UserId};
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// How long a page waits for the database before serving its last good copy.
pub const DATABASE_DEADLINE: Duration = Duration::from_secs(2);
/// How long a client is asked to wait when there is no copy to serve.
const RETRY_SECONDS: i64 = 5;

/// What a page got: a fresh answer, or the last good one and when it was made.
#[derive(Debug)]
pub enum Served<V> {
    /// Loaded now.
    Fresh(Arc<V>),
    /// The database failed: the copy of the viewer's last visit.
    Stale {
        /// The copy.
        value: Arc<V>,
        /// When it was loaded.
        since: Timestamp,
    },
}

impl<V> Served<V> {
    /// The answer, fresh or not.
    pub fn value(&self) -> &V {
        match self {
            Served::Fresh(value) | Served::Stale { value, .. } => value,
        }
    }

    /// Whether it is a copy served while the database fails.
    pub fn is_stale(&self) -> bool {
        matches!(self, Served::Stale { .. })
    }
}

/// The last good answer of one kind of page, per viewer, at most `capacity` of them (when
/// full it starts over: forgetting only means a failure is shown instead of a copy). A page
/// that shows a viewer more than one thing (a parent's children) keys its copies by what
/// was shown as well, so a copy is never served in place of something else.
#[derive(Debug)]
pub struct LastGood<V, K = UserId> {
    entries: Mutex<HashMap<K, (Arc<V>, Timestamp)>>,
    capacity: usize,
    /// The page's name, for the metrics.
    page: &'static str,
}

impl<V, K: Hash + Eq + Clone> LastGood<V, K> {
    /// An empty store of copies of `page`.
    pub fn new(page: &'static str, capacity: usize) -> LastGood<V, K> {
        LastGood {
            entries: Mutex::default(),
            capacity: capacity.max(1),
            page,
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<K, (Arc<V>, Timestamp)>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `load` for `viewer` with the [`DATABASE_DEADLINE`]; keeps a good answer, and
    /// answers a failure with the last good copy when there is one.
    pub async fn load(
        &self,
        viewer: &K,
        now: Timestamp,
        load: impl Future<Output = WebResult<V>>,
    ) -> WebResult<Served<V>> {
        let failure = match tokio::time::timeout(DATABASE_DEADLINE, load).await {
            Ok(Ok(value)) => {
                let value = Arc::new(value);
                let mut entries = self.entries();
                if entries.len() >= self.capacity {
                    entries.clear();
                }
                entries.insert(viewer.clone(), (value.clone(), now));
                return Ok(Served::Fresh(value));
            }
            Ok(Err(error)) if !error.status().is_server_error() => return Err(error),
            Ok(Err(error)) => error,
            Err(_) => WebError::Busy(RETRY_SECONDS),
        };
        let copy = self.entries().get(viewer).cloned();
        match copy {
            Some((value, since)) => {
                metrics::counter!("cartable_degraded_pages_total", "page" => self.page)
                    .increment(1);
                Ok(Served::Stale { value, since })
            }
            None => Err(failure),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    const NOW: Timestamp = Timestamp(1_800_000_000);

    #[tokio::test]
    async fn failures_are_answered_with_the_last_good_copy_and_refusals_are_not() {
        let mut rng = StdRng::seed_from_u64(1);
        let (lea, tom) = (UserId::random(&mut rng), UserId::random(&mut rng));
        let pages = LastGood::new("home", 10);
        let fresh = pages.load(&lea, NOW, async { Ok("6e A") }).await.unwrap();
        assert!(!fresh.is_stale());
        let later = Timestamp(NOW.0 + 60);
        let stale = pages
            .load(&lea, later, async { Err(WebError::Internal) })
            .await
            .unwrap();
        assert!(matches!(stale, Served::Stale { since, .. } if since == NOW));
        assert_eq!(*stale.value(), "6e A");
        // A refusal is never covered by a copy.
        assert!(matches!(
            pages
                .load(&lea, later, async { Err(WebError::Forbidden) })
                .await,
            Err(WebError::Forbidden)
        ));
        // Someone with no copy gets the failure.
        assert!(matches!(
            pages
                .load(&tom, later, async { Err(WebError::Internal) })
                .await,
            Err(WebError::Internal)
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn a_database_slower_than_the_deadline_counts_as_down() {
        let lea = UserId::random(&mut StdRng::seed_from_u64(2));
        let pages = LastGood::new("home", 10);
        pages.load(&lea, NOW, async { Ok(1) }).await.unwrap();
        let slow = async {
            tokio::time::sleep(DATABASE_DEADLINE * 10).await;
            Ok(2)
        };
        let served = pages.load(&lea, NOW, slow).await.unwrap();
        assert!(served.is_stale());
        assert_eq!(*served.value(), 1);
    }
}
