//! Changing one's own password, and the flag that requires it after an incident response.

use crate::{Result, Store, StoreError};
use cartable_core::{AccountStatus, UserId};
use sqlx::Row;

impl Store {
    /// Whether this account must choose a new password before doing anything else (set by
    /// an incident response; cleared by [`Store::change_password`]).
    pub async fn must_change_password(&self, user: &UserId) -> Result<bool> {
        let row = sqlx::query("SELECT must_change_password FROM users WHERE id = $1")
            .bind(user.as_str())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        let flag: i64 = row.try_get("must_change_password")?;
        Ok(flag != 0)
    }

    /// Sets a new password hash for an active account and clears the must-change flag. The
    /// caller has checked the current password and the new one's strength.
    pub async fn change_password(&self, user: &UserId, password_hash: &str) -> Result<()> {
        let _turn = self.write_turn().await;
        let changed = sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = 0 \
             WHERE id = $2 AND status = $3",
        )
        .bind(password_hash)
        .bind(user.as_str())
        .bind(AccountStatus::Active.as_str())
        .execute(&self.pool)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
