//! Group commit for sends on SQLite.
//!
//! A commit writes every page it touched to the write-ahead log, and each message touches a
//! few (its row, its deliveries, the sender's counters, the audit chain). When many messages
//! arrive at once, one writer task takes all that are waiting and writes them in a single
//! transaction: a page shared by several messages (the newest leaf of the messages and
//! deliveries, the audit chain's head) is written once per batch instead of once per
//! message, and nobody waits for SQLite's lock. The ordinary sends of a batch are decided
//! and written together in one transaction (see `together`), the others after them in
//! another, each in a savepoint of its own. Each sender still gets its own answer, only
//! after the commit that makes its message durable; a refusal or failure of one message
//! never undoes another's.
//!
//! PostgreSQL runs concurrent transactions itself: there each send commits on its own.

use super::model::SendOutcome;
use super::record::Job;
use super::send::Lockdown;
use super::together::{split, write_together};
use crate::{Result, Store, StoreError};
use sqlx::Connection;
use tokio::sync::{mpsc, oneshot};

/// Messages written per transaction at most.
const MAX_BATCH: usize = 128;

/// A send waiting for the writer, and where its answer goes.
pub(crate) type Queued = (Job, oneshot::Sender<Result<(SendOutcome, Lockdown)>>);

/// The queue in front of the writer task.
#[derive(Debug, Clone)]
pub(crate) struct SendQueue {
    jobs: mpsc::UnboundedSender<Queued>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job").field("id", &self.id).finish()
    }
}

impl SendQueue {
    /// Starts the writer task for `store`; it ends when the last queue handle is dropped.
    pub(crate) fn start(store: Store) -> SendQueue {
        let (jobs, queue) = mpsc::unbounded_channel();
        tokio::spawn(write_batches(store, queue));
        SendQueue { jobs }
    }

    /// Writes `job` in the next batch and waits for its commit.
    pub(crate) async fn write(&self, job: Job) -> Result<(SendOutcome, Lockdown)> {
        let (answer, answered) = oneshot::channel();
        self.jobs
            .send((job, answer))
            .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))?;
        answered
            .await
            .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))?
    }
}

async fn write_batches(store: Store, mut queue: mpsc::UnboundedReceiver<Queued>) {
    // The writer keeps a connection of its own: SQLite drops a connection's page cache
    // whenever another connection wrote, so a connection that does all the writing keeps
    // its cache warm from one batch to the next.
    let mut connection: Option<sqlx::AnyConnection> = None;
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        if connection.is_none() {
            match store.pool.acquire().await {
                Ok(pooled) => connection = Some(pooled.detach()),
                Err(error) => {
                    fail_all(batch.into_iter().map(|(_, a)| a), &error.into());
                    continue;
                }
            }
        }
        if let Some(conn) = connection.as_mut() {
            if write_batch(&store, conn, batch).await.is_err() {
                // A connection that failed to commit may be in any state: start afresh.
                connection = None;
            }
        }
    }
}

/// Writes a batch on `connection` and answers every sender after the commit that holds
/// their message: first the ordinary sends, together in a transaction of their own (see
/// `together`), then the others in one transaction, each in a savepoint. An error means a
/// transaction failed as a whole (its senders were told).
async fn write_batch(
    store: &Store,
    connection: &mut sqlx::AnyConnection,
    batch: Vec<Queued>,
) -> std::result::Result<(), ()> {
    let _turn = store.write_turn().await;
    let audiences: Vec<String> = batch.iter().flat_map(|(job, _)| job.audiences()).collect();
    let (together, alone) = split(batch);
    let (decided, mut back) = write_together(connection, together).await;
    store.sends_committed(&audiences, decided.iter().map(|(_, outcome)| outcome));
    for (answer, outcome) in decided {
        let _ = answer.send(outcome);
    }
    back.extend(alone);
    if back.is_empty() {
        return Ok(());
    }
    let mut tx = match connection.begin_with("BEGIN IMMEDIATE").await {
        Ok(tx) => tx,
        Err(error) => {
            fail_all(back.into_iter().map(|(_, a)| a), &error.into());
            return Err(());
        }
    };
    let mut answers = Vec::with_capacity(back.len());
    for (job, answer) in back {
        let outcome = in_savepoint(&mut tx, job).await;
        answers.push((answer, outcome));
    }
    match tx.commit().await {
        Ok(()) => {
            store.sends_committed(&audiences, answers.iter().map(|(_, outcome)| outcome));
            for (answer, outcome) in answers {
                let _ = answer.send(outcome);
            }
            Ok(())
        }
        Err(error) => {
            fail_all(answers.into_iter().map(|(a, _)| a), &error.into());
            Err(())
        }
    }
}

/// Runs one job so that its failure undoes its own writes and nothing else.
async fn in_savepoint(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    job: Job,
) -> Result<(SendOutcome, Lockdown)> {
    let outcome = job.run(tx, Some("send")).await;
    if outcome.is_err() {
        sqlx::query("ROLLBACK TO SAVEPOINT send")
            .execute(&mut **tx)
            .await?;
        sqlx::query("RELEASE SAVEPOINT send")
            .execute(&mut **tx)
            .await?;
    }
    outcome
}

fn fail_all(
    answers: impl Iterator<Item = oneshot::Sender<Result<(SendOutcome, Lockdown)>>>,
    error: &StoreError,
) {
    tracing::error!(%error, "a batch of messages could not be written");
    for answer in answers {
        let _ = answer.send(Err(StoreError::Database(sqlx::Error::Protocol(
            "the batch this message was in could not be written".into(),
        ))));
    }
}
