//! Activation codes: how a pending account gets its first password, and how a forgotten or
//! stolen one is reset.

use crate::accounts::{account_from_row, revoke_user_sessions, ACCOUNT_COLUMNS};
use crate::{Account, Result, Store, StoreError};
use cartable_core::authz::{Action, Permit};
use cartable_core::secret::SecretDigest;
use cartable_core::{AccountStatus, Role, Timestamp, UserId};

impl Store {
    /// Gives each listed account a new one-time activation code (stored as its digest),
    /// replacing any earlier code, all in one transaction.
    ///
    /// With a `ResetAccess` permit the account also goes back to pending: its password is
    /// cleared and its sessions end, so whoever stole it is out. With a `PrintActivationCodes`
    /// permit only accounts of that school that are still pending may be given codes.
    pub async fn issue_activation_codes(
        &self,
        permit: &Permit,
        codes: &[(UserId, SecretDigest)],
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<()> {
        let (_turn, mut tx) = self.begin_write().await?;
        for (user, digest) in codes {
            let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM users WHERE id = $1");
            let row = sqlx::query(&sql)
                .bind(user.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let account = row
                .as_ref()
                .map(account_from_row)
                .transpose()?
                .ok_or(StoreError::NotFound)?;
            let reset = match permit.action() {
                Action::ResetAccess { .. }
                    if permit.covers_account(&account.school_id, account.role) =>
                {
                    if account.status == AccountStatus::Locked && !permit.reopens_locked_accounts()
                    {
                        return Err(StoreError::Forbidden);
                    }
                    true
                }
                // Class sheets are for pupils and their parents, still waiting for a code.
                Action::PrintActivationCodes(school)
                    if *school == account.school_id
                        && account.status == AccountStatus::Pending
                        && matches!(account.role, Role::Pupil | Role::Parent) =>
                {
                    false
                }
                _ => return Err(StoreError::Forbidden),
            };
            sqlx::query(
                "UPDATE users SET activation_digest = $1, activation_expires_at = $2 WHERE id = $3",
            )
            .bind(digest.as_str())
            .bind(expires_at.0)
            .bind(user.as_str())
            .execute(&mut *tx)
            .await?;
            if reset {
                sqlx::query("UPDATE users SET status = $1, password_hash = NULL WHERE id = $2")
                    .bind(AccountStatus::Pending.as_str())
                    .bind(user.as_str())
                    .execute(&mut *tx)
                    .await?;
                revoke_user_sessions(&mut tx, user, now).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The pending account a still-valid activation code belongs to.
    pub async fn account_by_activation_code(
        &self,
        code: &SecretDigest,
        now: Timestamp,
    ) -> Result<Option<Account>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM users \
             WHERE activation_digest = $1 AND activation_expires_at > $2 AND status = $3"
        );
        let row = sqlx::query(&sql)
            .bind(code.as_str())
            .bind(now.0)
            .bind(AccountStatus::Pending.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    /// Redeems an activation code: sets the password, makes the account active and burns the
    /// code, atomically, so a code works exactly once.
    pub async fn activate(
        &self,
        code: &SecretDigest,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<Account> {
        let account = self
            .account_by_activation_code(code, now)
            .await?
            .ok_or(StoreError::InvalidCode)?;
        let updated = sqlx::query(
            "UPDATE users SET status = $1, password_hash = $2, activation_digest = NULL, \
             activation_expires_at = NULL \
             WHERE id = $3 AND activation_digest = $4 AND status = $5",
        )
        .bind(AccountStatus::Active.as_str())
        .bind(password_hash)
        .bind(account.id.as_str())
        .bind(code.as_str())
        .bind(AccountStatus::Pending.as_str())
        .execute(&self.pool)
        .await?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::InvalidCode);
        }
        Ok(Account {
            status: AccountStatus::Active,
            password_hash: Some(password_hash.to_owned()),
            ..account
        })
    }
}
