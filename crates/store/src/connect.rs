//! Opening the database: choosing the backend from the URL, tuning it, migrating it.

use crate::messaging::batch::SendQueue;
use crate::messaging::ReaderCache;
use crate::remembered::Remembered;
use crate::Result;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// Which database sits behind the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default: one file in the data directory, WAL mode.
    Sqlite,
    /// A PostgreSQL server, for a region that outgrows one machine.
    Postgres,
}

/// The handle every crate uses to read and write Cartable's data. Cheap to clone: it holds
/// a connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    backend: Backend,
    /// On SQLite, the turn writers take before they touch the file (see [`Store::write_turn`]).
    writer: Option<Arc<Mutex<()>>>,
    /// On SQLite, the queue of messages written together (see [`crate::messaging::batch`]).
    pub(crate) send_queue: Option<SendQueue>,
    /// The audiences of recent inbox readers.
    pub(crate) readers: Arc<ReaderCache>,
    /// On SQLite, the reads every page repeats, remembered while they hold.
    pub(crate) remembered: Option<Arc<Remembered>>,
}

/// A writer's turn on SQLite: while it is held, no other writer of this process starts a
/// write. `None` on PostgreSQL, where writers run side by side.
pub(crate) type WriteTurn = Option<OwnedMutexGuard<()>>;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Connects to `url` (`sqlite://…` or `postgres://…`), creating an SQLite file if needed,
    /// and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let options = AnyConnectOptions::from_str(url)?;
        let pool = match backend {
            // One file: a handful of connections, each set up for concurrent readers and a
            // writer that waits its turn instead of failing. A file cannot hang up, so a
            // connection is not pinged before each use (by default the pool does, which on
            // SQLite is a second trip to the connection's thread for every statement).
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .test_before_acquire(false)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                                 PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 8192;",
                            )
                            .await
                            .map(|_| ())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?
            }
        };
        match backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
        }
        let writer = (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(())));
        let mut store = Store {
            pool,
            backend,
            writer,
            send_queue: None,
            readers: Arc::default(),
            remembered: (backend == Backend::Sqlite).then(Arc::default),
        };
        if backend == Backend::Sqlite {
            // The writer task holds a handle without the queue, so that the queue closes (and
            // the task ends) when the last handle the application holds is dropped.
            store.send_queue = Some(SendQueue::start(store.clone()));
        }
        Ok(store)
    }

    /// The URL of the embedded database in a data directory (created on first use).
    pub fn sqlite_url(data_dir: &Path) -> String {
        format!(
            "sqlite://{}?mode=rwc",
            data_dir.join("cartable.db").display()
        )
    }

    /// Which backend this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The clause that locks the rows a `SELECT` reads until its transaction ends
    /// (`FOR UPDATE` when `exclusive`, else `FOR SHARE`), so that two transactions about the
    /// same row run one after the other on PostgreSQL. SQLite needs none: its writes are
    /// serialised already (`BEGIN IMMEDIATE` and the writer's turn).
    pub(crate) fn row_lock(&self, exclusive: bool) -> &'static str {
        match (self.backend, exclusive) {
            (Backend::Sqlite, _) => "",
            (Backend::Postgres, true) => " FOR UPDATE",
            (Backend::Postgres, false) => " FOR SHARE",
        }
    }

    /// Opens a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a transaction that reads first and writes later would otherwise
    /// fail with "database is locked" when another writer committed in between, instead of
    /// waiting its turn under the busy timeout.
    ///
    /// It also takes this process's writer turn first ([`Store::write_turn`]); keep the turn
    /// until the transaction is over: `let (_turn, mut tx) = store.begin_write().await?;`.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<(WriteTurn, sqlx::Transaction<'static, sqlx::Any>)> {
        let turn = self.write_turn().await;
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok((turn, tx))
    }

    /// Waits for this process's turn to write to SQLite. SQLite lets one writer in at a
    /// time and makes the others retry with growing sleeps (up to 100 ms each), which under
    /// load turns a queue of short writes into long stalls; taking turns here instead queues
    /// writers in order and hands the lock over at once. Other processes (the command line)
    /// still meet the busy timeout, as before.
    pub(crate) async fn write_turn(&self) -> WriteTurn {
        match &self.writer {
            Some(writer) => Some(writer.clone().lock_owned().await),
            None => None,
        }
    }

    /// Records, once committed, that `topics` changed (see [`crate::changes`]).
    pub(crate) fn changed<'a>(&self, topics: impl IntoIterator<Item = &'a str>) {
        if let Some(remembered) = &self.remembered {
            remembered.changes.touch(topics);
        }
    }

    /// Records, once committed, a change too wide to name: nothing remembered holds.
    pub(crate) fn changed_widely(&self) {
        if let Some(remembered) = &self.remembered {
            remembered.changes.touch_all();
        }
    }

    /// Records, once committed, that who belongs to which audience changed.
    pub(crate) fn memberships_changed(&self) {
        self.readers.memberships_changed();
        self.changed_widely();
    }

    /// Closes every connection, waiting for those in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Checks the database answers, for `/readyz`.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}
