//! Fresh databases for tests, on every backend (enabled by the `testing` feature).
//!
//! Each test gets its own empty database: a new SQLite file in a temporary directory and, when
//! `CARTABLE_TEST_POSTGRES` holds a server URL, a new PostgreSQL database created for it and
//! dropped afterwards. Tests never share a database, so they run in parallel.
//!
//! [`clamd`] stands in for the antivirus daemon.

pub mod clamd;

use crate::{Result, Store};
use rand::rngs::OsRng;
use rand::RngCore;
use sqlx::{Connection, Executor, PgConnection};

/// The environment variable naming the PostgreSQL server tests may use.
pub const POSTGRES_ENV: &str = "CARTABLE_TEST_POSTGRES";

/// A database made for one test, removed when [`TestDatabase::finish`] is called.
pub struct TestDatabase {
    /// The store over the new database.
    pub store: Store,
    /// A name for messages: `sqlite` or `postgres`.
    pub backend: &'static str,
    cleanup: Cleanup,
}

enum Cleanup {
    /// The directory is deleted when this value is dropped.
    Sqlite { _dir: tempfile::TempDir },
    Postgres {
        server_url: String,
        database: String,
    },
}

impl TestDatabase {
    /// A new SQLite database in a temporary directory.
    pub async fn sqlite() -> Result<TestDatabase> {
        let dir =
            tempfile::tempdir().map_err(|e| crate::StoreError::Database(sqlx::Error::Io(e)))?;
        let store = Store::connect(&Store::sqlite_url(dir.path())).await?;
        Ok(TestDatabase {
            store,
            backend: "sqlite",
            cleanup: Cleanup::Sqlite { _dir: dir },
        })
    }

    /// A new PostgreSQL database on the server at `server_url`.
    pub async fn postgres(server_url: &str) -> Result<TestDatabase> {
        let database = format!("cartable_test_{:016x}", OsRng.next_u64());
        let mut admin = PgConnection::connect(server_url).await?;
        admin
            .execute(format!("CREATE DATABASE {database}").as_str())
            .await?;
        admin.close().await?;
        let store = Store::connect(&with_database(server_url, &database)).await?;
        let cleanup = Cleanup::Postgres {
            server_url: server_url.to_owned(),
            database,
        };
        Ok(TestDatabase {
            store,
            backend: "postgres",
            cleanup,
        })
    }

    /// Every backend available to this test run: SQLite always, PostgreSQL when
    /// `CARTABLE_TEST_POSTGRES` is set (a line says it was skipped otherwise).
    pub async fn all() -> Result<Vec<TestDatabase>> {
        let mut databases = vec![TestDatabase::sqlite().await?];
        match std::env::var(POSTGRES_ENV) {
            Ok(url) if !url.is_empty() => databases.push(TestDatabase::postgres(&url).await?),
            _ => {
                eprintln!("PostgreSQL skipped: set {POSTGRES_ENV} to a server URL to run on it too")
            }
        }
        Ok(databases)
    }

    /// Closes the store and removes the database.
    pub async fn finish(self) -> Result<()> {
        self.store.close().await;
        if let Cleanup::Postgres {
            server_url,
            database,
        } = self.cleanup
        {
            let mut admin = PgConnection::connect(&server_url).await?;
            admin
                .execute(format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)").as_str())
                .await?;
            admin.close().await?;
        }
        Ok(())
    }
}

/// `url` with its database name replaced by `database`.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_names_are_swapped_in_urls() {
        assert_eq!(
            super::with_database("postgres://u@h:5432/test", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            super::with_database("postgres://u@h/test?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(
            super::with_database("postgres://u@h", "x"),
            "postgres://u@h/x"
        );
    }
}
