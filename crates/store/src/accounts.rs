//! Accounts: creating, finding, locking, and "who am I".

use crate::error::decode;
use crate::{Account, NewUser, Profile, Result, Store, StoreError};
use cartable_core::authz::{Action, Permit};
use cartable_core::{AccountStatus, Login, Role, SessionId, Timestamp, UserId};
use rand::rngs::OsRng;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

pub(crate) const ACCOUNT_COLUMNS: &str =
    "id, login, role, school_id, first_name, last_name, status, password_hash";

pub(crate) fn account_from_row(row: &AnyRow) -> Result<Account> {
    let role: String = row.try_get("role")?;
    let status: String = row.try_get("status")?;
    Ok(Account {
        id: decode(row.try_get("id")?)?,
        login: decode(row.try_get("login")?)?,
        role: role
            .parse::<Role>()
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?,
        school_id: decode(row.try_get("school_id")?)?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        status: AccountStatus::from_stored(&status),
        password_hash: row.try_get("password_hash")?,
    })
}

/// Whether a database error is a unique-constraint violation (a login taken meanwhile).
pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

impl Store {
    /// Creates an account. With a password hash it starts active; without, pending until its
    /// holder redeems an activation code. The permit must be `AddUser` for this school and role.
    pub async fn add_user(&self, permit: &Permit, new: NewUser, now: Timestamp) -> Result<UserId> {
        if !permit.covers_account(&new.school, new.role)
            || !matches!(permit.action(), Action::AddUser { .. })
        {
            return Err(StoreError::Forbidden);
        }
        let id = UserId::random(&mut OsRng);
        let status = if new.password_hash.is_some() {
            AccountStatus::Active
        } else {
            AccountStatus::Pending
        };
        let inserted = sqlx::query(
            "INSERT INTO users (id, school_id, role, login, first_name, last_name, status, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id.as_str())
        .bind(new.school.as_str())
        .bind(new.role.as_str())
        .bind(new.login.as_str())
        .bind(new.first_name.as_str())
        .bind(new.last_name.as_str())
        .bind(status.as_str())
        .bind(new.password_hash)
        .bind(now.0)
        .execute(&self.pool)
        .await;
        match inserted {
            Ok(_) => Ok(id),
            Err(e) if is_unique_violation(&e) => Err(StoreError::LoginTaken(new.login)),
            Err(e) => Err(e.into()),
        }
    }

    /// The account with this login.
    pub async fn account_by_login(&self, login: &Login) -> Result<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM users WHERE login = $1");
        let row = sqlx::query(&sql)
            .bind(login.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    /// The account with this id.
    pub async fn account(&self, id: &UserId) -> Result<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM users WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    /// Locks an account and ends all its sessions, in one transaction. The permit must be
    /// `LockAccount` for the account's school and role. Returns the sessions that ended.
    pub async fn lock_account(
        &self,
        permit: &Permit,
        user: &UserId,
        now: Timestamp,
    ) -> Result<Vec<SessionId>> {
        let account = self.account(user).await?.ok_or(StoreError::NotFound)?;
        let is_lock = matches!(permit.action(), Action::LockAccount { .. });
        if !is_lock || !permit.covers_account(&account.school_id, account.role) {
            return Err(StoreError::Forbidden);
        }
        let (_turn, mut tx) = self.begin_write().await?;
        sqlx::query("UPDATE users SET status = $1 WHERE id = $2")
            .bind(AccountStatus::Locked.as_str())
            .bind(user.as_str())
            .execute(&mut *tx)
            .await?;
        let ended = revoke_user_sessions(&mut tx, user, now).await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Who I am: my name, role, school, and my classes (pupil, teacher) or children (parent).
    pub async fn profile(&self, user: &UserId) -> Result<Option<Profile>> {
        let Some(account) = self.account(user).await? else {
            return Ok(None);
        };
        let class_sql = match account.role {
            Role::Pupil => Some("SELECT class_id AS id FROM class_pupils WHERE pupil_id = $1 ORDER BY class_id"),
            Role::Teacher => Some("SELECT DISTINCT class_id AS id FROM teachings WHERE teacher_id = $1 ORDER BY class_id"),
            _ => None,
        };
        let class_ids = match class_sql {
            Some(sql) => self.ids(sql, user).await?,
            None => Vec::new(),
        };
        let children_ids = if account.role == Role::Parent {
            self.ids(
                "SELECT child_id AS id FROM parent_links WHERE parent_id = $1 ORDER BY child_id",
                user,
            )
            .await?
        } else {
            Vec::new()
        };
        Ok(Some(Profile {
            display_name: account.display_name(),
            id: account.id,
            role: account.role,
            school_id: account.school_id,
            class_ids,
            children_ids,
        }))
    }

    async fn ids<T>(&self, sql: &str, user: &UserId) -> Result<Vec<T>>
    where
        T: TryFrom<String, Error = cartable_core::id::InvalidId>,
    {
        let rows = sqlx::query(sql)
            .bind(user.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| decode(r.try_get("id")?)).collect()
    }
}

/// Ends every live session of `user` inside `tx`, returning their ids.
pub(crate) async fn revoke_user_sessions(
    tx: &mut Transaction<'_, Any>,
    user: &UserId,
    now: Timestamp,
) -> Result<Vec<SessionId>> {
    let rows = sqlx::query("SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user.as_str())
        .fetch_all(&mut **tx)
        .await?;
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now.0)
        .bind(user.as_str())
        .execute(&mut **tx)
        .await?;
    rows.iter().map(|r| decode(r.try_get("id")?)).collect()
}
