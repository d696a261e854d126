//! What a school's head and staff do to accounts, shared by the API and the pages: import a
//! directory file, reset someone's access, lock an account, print a class's activation codes.
//! Each step asks `core` for a permit first and hands it to the store.

use crate::error::{WebError, WebResult};
use crate::session_cache::CachedSession;
use crate::state::AppState;
use cartable_core::account::ACTIVATION_CODE_SECONDS;
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::import::parse_directory;
use cartable_core::secret::{new_activation_code, SecretDigest};
use cartable_core::{ClassId, SchoolId, Timestamp, UserId};
use cartable_store::{Account, AccountRow, ImportReport};
use rand::rngs::OsRng;

/// Imports a directory file (CSV text) into `school`: all or nothing.
pub async fn import_text(
    state: &AppState,
    session: &CachedSession,
    school: SchoolId,
    text: &str,
) -> WebResult<ImportReport> {
    let permit = authorize(&session.info.actor, Action::ImportDirectory(school))?;
    let rows = parse_directory(text).map_err(WebError::InvalidDirectory)?;
    Ok(state
        .store
        .import_directory(&permit, &rows, state.now())
        .await?)
}

/// A fresh activation code for one account, shown once.
#[derive(Debug)]
pub struct FreshCode {
    /// The account, as it was before the reset.
    pub account: Account,
    /// The code, `XXXXX-XXXXX`.
    pub code: String,
    /// When it stops working.
    pub expires_at: Timestamp,
}

/// Resets an account's access: new code, password cleared, sessions ended (and dropped from
/// the cache at once).
pub async fn reset_access(
    state: &AppState,
    session: &CachedSession,
    target: &str,
) -> WebResult<FreshCode> {
    let target: UserId = target.parse().map_err(|_| WebError::NotFound)?;
    let account = state
        .store
        .account(&target)
        .await?
        .ok_or(WebError::NotFound)?;
    let action = Action::ResetAccess {
        school: account.school_id.clone(),
        target: account.role,
    };
    let permit = authorize(&session.info.actor, action)?;
    let now = state.now();
    let code = new_activation_code(&mut OsRng);
    let expires_at = now.plus_seconds(ACTIVATION_CODE_SECONDS);
    state
        .store
        .issue_activation_codes(
            &permit,
            &[(target.clone(), SecretDigest::of(&code))],
            expires_at,
            now,
        )
        .await?;
    state.sessions.forget_user(&target);
    Ok(FreshCode {
        account,
        code,
        expires_at,
    })
}

/// The account `target` names and the permit to lock it, or why not: unknown (404), not the
/// viewer's to lock (403), or the viewer's own account (403: nobody locks themselves out).
pub async fn lockable(
    state: &AppState,
    session: &CachedSession,
    target: &str,
) -> WebResult<(Account, Permit)> {
    let target: UserId = target.parse().map_err(|_| WebError::NotFound)?;
    let account = state
        .store
        .account(&target)
        .await?
        .ok_or(WebError::NotFound)?;
    let action = Action::LockAccount {
        school: account.school_id.clone(),
        target: account.role,
    };
    let permit = authorize(&session.info.actor, action)?;
    if session.user() == Some(&account.id) {
        return Err(WebError::Forbidden);
    }
    Ok((account, permit))
}

/// Locks an account: it can no longer sign in, and its sessions end in the database and, at
/// once, in this node's session cache (other nodes follow the revocations within a second).
pub async fn lock_account(
    state: &AppState,
    session: &CachedSession,
    target: &str,
) -> WebResult<Account> {
    let (account, permit) = lockable(state, session, target).await?;
    let ended = state
        .store
        .lock_account(&permit, &account.id, state.now())
        .await?;
    state.sessions.forget_sessions(&ended);
    tracing::info!(account = %account.id, by = ?session.user(), sessions = ended.len(), "account locked");
    Ok(account)
}

/// The pending accounts of a class's code sheet, without codes (to preview before printing).
pub async fn code_sheet_preview(
    state: &AppState,
    session: &CachedSession,
    class: &str,
) -> WebResult<Vec<AccountRow>> {
    let class: ClassId = class.parse().map_err(|_| WebError::NotFound)?;
    let permit = authorize(
        &session.info.actor,
        Action::PrintActivationCodes(session.profile.school_id.clone()),
    )?;
    Ok(state.store.code_sheet(&permit, &class).await?)
}

/// Fresh codes for every pending pupil of a class and their pending parents; earlier codes
/// of these accounts stop working.
pub async fn issue_class_codes(
    state: &AppState,
    session: &CachedSession,
    class: &str,
) -> WebResult<(Vec<(AccountRow, String)>, Timestamp)> {
    let class: ClassId = class.parse().map_err(|_| WebError::NotFound)?;
    let permit = authorize(
        &session.info.actor,
        Action::PrintActivationCodes(session.profile.school_id.clone()),
    )?;
    let rows = state.store.code_sheet(&permit, &class).await?;
    let sheet: Vec<(AccountRow, String)> = rows
        .into_iter()
        .map(|row| (row, new_activation_code(&mut OsRng)))
        .collect();
    let digests: Vec<(UserId, SecretDigest)> = sheet
        .iter()
        .map(|(row, code)| (row.id.clone(), SecretDigest::of(code)))
        .collect();
    let now = state.now();
    let expires_at = now.plus_seconds(ACTIVATION_CODE_SECONDS);
    if !digests.is_empty() {
        state
            .store
            .issue_activation_codes(&permit, &digests, expires_at, now)
            .await?;
    }
    Ok((sheet, expires_at))
}
