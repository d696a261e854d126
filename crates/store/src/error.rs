//! The store's one error type.

use cartable_core::import::LineError;
use cartable_core::Login;

/// Why a store operation failed. Database trouble is never turned into "not found".
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or could not be reached.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations could not be applied at start-up.
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The login belongs to another account already.
    #[error("the login {0} is already taken")]
    LoginTaken(Login),
    /// The thing asked for does not exist (or is not visible to the caller).
    #[error("not found")]
    NotFound,
    /// The permit does not cover the rows the operation would change.
    #[error("the permit does not cover this change")]
    Forbidden,
    /// An activation code that is unknown, used, or expired.
    #[error("this activation code is not valid")]
    InvalidCode,
    /// The operation does not apply to the thing's current state (releasing a message that
    /// is not held, recalling one that was never delivered).
    #[error("this does not apply to its current state")]
    Conflict,
    /// A message that was not accepted at all; nothing was stored.
    #[error("message refused: {0}")]
    Refused(crate::messaging::SendRefusal),
    /// A hand-in that `core`'s rule does not take (deadline passed, already reviewed);
    /// nothing was changed.
    #[error("hand-in refused: {0}")]
    HandIn(cartable_core::continuity::HandInRefused),
    /// A documents operation the space's rules refuse (a name taken, the quota reached, a
    /// folder moved under itself); nothing was changed.
    #[error("{0}")]
    Document(cartable_core::documents::DocumentRefusal),
    /// A messaging policy that core's validation refuses.
    #[error("invalid messaging policy: {0}")]
    Policy(cartable_core::messaging::policy::InvalidPolicy),
    /// A document (policy, reasons, audit details) that could not be written as JSON.
    #[error("cannot encode a stored document: {0}")]
    Encoding(#[from] serde_json::Error),
    /// A directory file that the database's contents make invalid; nothing was written.
    #[error("the directory file has {} bad rows", .0.len())]
    Import(Vec<LineError>),
}

impl StoreError {
    /// Whether the database was too busy to answer in time (SQLite's write lock held past the
    /// busy timeout, no pooled connection free): the request may be retried shortly, so the
    /// web layer answers 503 with Retry-After rather than 500.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::PoolTimedOut) => true,
            StoreError::Database(sqlx::Error::Database(e)) => {
                // SQLite: SQLITE_BUSY (5) and its extended codes, SQLITE_LOCKED (6);
                // PostgreSQL: lock_not_available (55P03), serialization_failure (40001).
                let code = e.code().unwrap_or_default();
                code == "5" || code == "6" || code == "517" || code == "55P03" || code == "40001"
            }
            _ => false,
        }
    }
}

/// Result of a store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Reads a stored value into a domain type; a value that does not parse means the database
/// holds something Cartable never wrote, which is reported as a decoding error.
pub(crate) fn decode<T, E>(value: String) -> Result<T>
where
    T: TryFrom<String, Error = E>,
    E: std::error::Error + Send + Sync + 'static,
{
    T::try_from(value).map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
}
