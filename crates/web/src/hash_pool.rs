//! The bounded pool where passwords are hashed and verified.
//!
//! argon2id costs tens of milliseconds of a core by design. Run on the async threads it would
//! stall every page view; run unbounded it would let a sign-in flood queue work for minutes.
//! Here at most `workers` hashes run at once on blocking threads, at most `max_waiting` more
//! wait for a turn, and anything beyond is refused at once with [`WebError::Busy`].

use crate::error::WebError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// How long a refused client is asked to wait before trying again.
const BUSY_RETRY_SECONDS: i64 = 2;

/// A semaphore-bounded blocking pool for password hashing.
#[derive(Debug)]
pub struct HashPool {
    permits: Arc<Semaphore>,
    /// Jobs running or waiting.
    in_flight: Arc<AtomicUsize>,
    capacity: usize,
    workers: usize,
}

/// Decrements the in-flight count when a job ends or its request is dropped.
struct InFlight(Arc<AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl HashPool {
    /// A pool running `workers` jobs at once (at least one) with up to `max_waiting` queued.
    pub fn new(workers: usize, max_waiting: usize) -> HashPool {
        let workers = workers.max(1);
        HashPool {
            permits: Arc::new(Semaphore::new(workers)),
            in_flight: Arc::new(AtomicUsize::new(0)),
            capacity: workers + max_waiting,
            workers,
        }
    }

    /// Jobs running or waiting now, for the metrics page.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }

    /// How many more sign-ins the shield lets in now: enough to keep every worker busy with
    /// one job waiting behind it. The queue beyond absorbs bursts of returning users; the
    /// shield keeps newcomers out of it (in the waiting room), since a sign-in waiting there
    /// holds a place of the concurrency limit and its hash takes a processor from page views.
    pub fn spare(&self) -> usize {
        (2 * self.workers).saturating_sub(self.in_flight())
    }

    /// Runs `job` on a blocking thread when a worker is free, or refuses at once when the
    /// queue is full.
    pub async fn run<T, F>(&self, job: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let previous = self.in_flight.fetch_add(1, Ordering::AcqRel);
        let guard = InFlight(self.in_flight.clone());
        if previous >= self.capacity {
            metrics::counter!("cartable_hash_pool_rejected_total").increment(1);
            return Err(WebError::Busy(BUSY_RETRY_SECONDS));
        }
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| WebError::Internal)?;
        let result = tokio::task::spawn_blocking(move || {
            let value = job();
            drop(permit);
            value
        })
        .await;
        drop(guard);
        result.map_err(|_| WebError::Internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_jobs_and_refuses_past_capacity() {
        let pool = Arc::new(HashPool::new(1, 0));
        assert_eq!(pool.run(|| 2 + 2).await.ok(), Some(4));
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let busy = pool.clone();
        let blocker = tokio::spawn(async move {
            busy.run(move || {
                let _ = started_tx.send(());
                let _ = release_rx.recv();
            })
            .await
        });
        let _ = tokio::task::spawn_blocking(move || started_rx.recv()).await;
        assert!(matches!(pool.run(|| ()).await, Err(WebError::Busy(_))));
        let _ = release_tx.send(());
        assert!(blocker.await.is_ok_and(|r| r.is_ok()));
        assert_eq!(pool.in_flight(), 0);
    }
}
