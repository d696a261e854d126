//! Redeeming an activation code: the holder of a pending account chooses a password.

use crate::error::{WebError, WebResult};
use crate::state::AppState;
use cartable_core::password::{self, NewPassword};
use cartable_core::secret::{normalize_activation_code, SecretDigest};
use cartable_store::Account;
use rand::rngs::OsRng;

/// Checks the code and the password policy, hashes the password in the bounded pool and
/// activates the account. The code works once.
pub async fn activate(state: &AppState, code: &str, new_password: &str) -> WebResult<Account> {
    let code = normalize_activation_code(code).ok_or(WebError::InvalidCode)?;
    let digest = SecretDigest::of(&code);
    let now = state.now();
    let account = state
        .store
        .account_by_activation_code(&digest, now)
        .await?
        .ok_or(WebError::InvalidCode)?;
    let chosen = NewPassword::parse(new_password, &account.login)?;
    let hashed = state
        .hash_pool
        .run(move || password::hash(chosen.expose(), &mut OsRng))
        .await?
        .map_err(|error| {
            tracing::error!(%error, "password hashing failed");
            WebError::Internal
        })?;
    Ok(state.store.activate(&digest, &hashed, now).await?)
}
