//! Changing one's own password.

use crate::{Result, Store, StoreError};
use cartable_core::{AccountStatus, UserId};

impl Store {
    /// Sets a new password hash for an active account. The caller has checked the current
    /// password and the new one's strength.
    pub async fn change_password(&self, user: &UserId, password_hash: &str) -> Result<()> {
        let _turn = self.write_turn().await;
        let changed =
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND status = $3")
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
