//! Redeeming an activation code: the holder of a pending account types their login and the
//! code from their sheet, and chooses a password.
//!
//! Both the login and the code are required, and failures are throttled per client address
//! and per login ([`crate::activation_throttle`]): a guesser needs the right code *for a given
//! login*, and gets a handful of tries a minute instead of thousands a second. A wrong login,
//! an unknown, used or expired code, or a malformed login or code all get the same answer,
//! `invalid_code`, so an attempt never reveals which part was wrong.

use crate::activation_throttle::ActivationKeys;
use crate::error::{WebError, WebResult};
use crate::metrics::count_activation;
use crate::state::AppState;
use cartable_core::password::{self, NewPassword};
use cartable_core::secret::{normalize_activation_code, SecretDigest};
use cartable_core::Login;
use cartable_store::Account;
use rand::rngs::OsRng;
use std::net::IpAddr;

/// What the holder typed on the form or sent to the API.
#[derive(Debug, Clone, Copy)]
pub struct ActivationAttempt<'a> {
    /// The login printed next to the code.
    pub login: &'a str,
    /// The activation code as typed (case, spaces and dashes do not matter).
    pub code: &'a str,
    /// The chosen password.
    pub password: &'a str,
}

/// Checks the throttle, the login and the code together, then the password policy; hashes the
/// password in the bounded pool and activates the account. The code works once.
pub async fn activate(
    state: &AppState,
    ip: IpAddr,
    attempt: ActivationAttempt<'_>,
) -> WebResult<Account> {
    let now = state.now();
    let login = Login::parse(attempt.login).ok();
    let keys = ActivationKeys::new(ip, login.as_ref());
    // Counted as a failure from the start; given back once the login and code match.
    if let Err(retry) = state.activation_throttle.begin(&keys, now) {
        count_activation("throttled");
        return Err(WebError::Throttled(retry.seconds.max(1)));
    }
    let failed = || {
        count_activation("failure");
        WebError::InvalidCode
    };
    // Malformed input is refused before any database lookup.
    let (Some(login), Some(code)) = (login.as_ref(), normalize_activation_code(attempt.code))
    else {
        return Err(failed());
    };
    let digest = SecretDigest::of(&code);
    let account = match state.store.account_by_activation_code(&digest, now).await? {
        Some(account) if account.login == *login => account,
        // Unknown code, or a code that belongs to someone else: the same answer.
        _ => return Err(failed()),
    };
    // The holder has proved they hold this account's code; a weak password is their typo,
    // not a guess.
    state.activation_throttle.succeeded(&keys);
    let chosen = NewPassword::parse(attempt.password, &account.login)?;
    let hashed = state
        .hash_pool
        .run(move || password::hash(chosen.expose(), &mut OsRng))
        .await?
        .map_err(|error| {
            tracing::error!(%error, "password hashing failed");
            WebError::Internal
        })?;
    let activated = state.store.activate(&digest, &hashed, now).await?;
    count_activation("success");
    Ok(activated)
}
