//! Signing in and out, shared by the JSON API and the sign-in page.
//!
//! One answer for every failure (unknown login, wrong password, pending or locked account),
//! and the same argon2 cost for each: an unknown login is verified against a decoy hash. The
//! throttle is asked first, so a guesser waits before costing a hash; a known device counts
//! on its own key so that an attacker's failures do not lock the pupil out.

use crate::cookies::{self, SameSite};
use crate::device::{self, DEVICE_COOKIE_SECONDS};
use crate::error::{WebError, WebResult};
use crate::metrics::count_signin;
use crate::session_token;
use crate::state::AppState;
use axum::http::{header, HeaderMap, HeaderValue};
use cartable_core::account::session_expiry;
use cartable_core::password;
use cartable_core::secret::SecretDigest;
use cartable_core::{AccountStatus, Login, SessionId, Timestamp};
use cartable_shield::ThrottleKey;
use cartable_store::{Account, NewSession};
use rand::rngs::OsRng;
use std::net::IpAddr;

/// Longest user agent kept for "my sessions".
const USER_AGENT_CHARS: usize = 200;
/// Longest password checked; longer ones cannot be valid (the policy stops at 128).
const MAX_PASSWORD_BYTES: usize = 1024;

/// A sign-in attempt, as read from a form or a JSON body.
#[derive(Debug)]
pub struct Attempt {
    /// The login as typed.
    pub login: String,
    /// The password as typed.
    pub password: String,
    /// Whether a pupil asked for a long session.
    pub stay_signed_in: bool,
}

/// A session just opened, with the cookies that carry it.
#[derive(Debug)]
pub struct SignedIn {
    /// The account signed in to.
    pub account: Account,
    /// The bearer token (only ever sent to the browser).
    pub token: String,
    /// The new session.
    pub session: SessionId,
    /// `Set-Cookie` values: the session, and a device cookie for a new device.
    pub set_cookies: Vec<HeaderValue>,
}

/// The browser or app, as it says, cut to a sane length.
pub(crate) fn user_agent(headers: &HeaderMap) -> String {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    agent.chars().take(USER_AGENT_CHARS).collect()
}

/// Signs in: throttle, verify in the hashing pool, open a session.
pub async fn sign_in(
    state: &AppState,
    attempt: Attempt,
    ip: IpAddr,
    headers: &HeaderMap,
) -> WebResult<SignedIn> {
    let now = state.now();
    // A login that cannot exist is refused before any key is made from it or any hash is
    // spent on it: login syntax is public, so this tells an attacker nothing.
    let Ok(login) = Login::parse(&attempt.login) else {
        state.throttle.record_failure(&[ThrottleKey::Ip(ip)], now);
        count_signin("failure");
        return Err(WebError::InvalidCredentials);
    };
    let device =
        cookies::get(headers, cookies::DEVICE).and_then(|v| device::read_device(&state.signer, v));
    // A device that signed in to this account before counts on its own key only: neither an
    // attacker hammering the login nor one flooding from the school's shared address can
    // delay the pupil on their own tablet (OWASP's device-cookie defence).
    let keys = match device {
        Some(device) if state.devices.knows(login.as_str(), device) => {
            vec![ThrottleKey::AccountOnDevice(
                login.as_str().to_owned(),
                device.to_owned(),
            )]
        }
        _ => vec![
            ThrottleKey::Ip(ip),
            ThrottleKey::Account(login.as_str().to_owned()),
        ],
    };
    // Counted as a failure from the start, so parallel attempts cannot all get through.
    if let Err(retry) = state.throttle.begin(&keys, now) {
        count_signin("throttled");
        return Err(WebError::Throttled(retry.seconds.max(1)));
    }
    let account = state.store.account_by_login(&login).await?;
    let stored = account
        .as_ref()
        .and_then(|a| a.password_hash.clone())
        .unwrap_or_else(|| password::decoy_hash().to_owned());
    let typed = attempt.password;
    let verified = if typed.len() > MAX_PASSWORD_BYTES {
        false
    } else {
        match state
            .hash_pool
            .run(move || password::verify(&typed, &stored))
            .await
        {
            Ok(verified) => verified,
            Err(error) => {
                // Not the client's failure: give back what `begin` counted.
                state.throttle.give_back(&keys);
                count_signin("busy");
                return Err(error);
            }
        }
    };
    let account = match account {
        Some(account) if verified && account.status == AccountStatus::Active => account,
        _ => {
            count_signin("failure");
            return Err(WebError::InvalidCredentials);
        }
    };
    state.throttle.record_success(&keys);
    let opened = open_session(state, account, attempt.stay_signed_in, ip, headers, now).await?;
    count_signin("success");
    Ok(opened)
}

/// Opens a session for an account whose holder just proved who they are (password or
/// activation code), with its cookies.
pub async fn open_session(
    state: &AppState,
    account: Account,
    stay_signed_in: bool,
    ip: IpAddr,
    headers: &HeaderMap,
    now: Timestamp,
) -> WebResult<SignedIn> {
    let token = session_token::issue(&state.signer, &mut OsRng);
    let expires_at = session_expiry(account.role, stay_signed_in, now);
    let secure = state.secure_cookies;
    let mut set_cookies = Vec::new();
    let known =
        cookies::get(headers, cookies::DEVICE).and_then(|v| device::read_device(&state.signer, v));
    let device_id = match known {
        Some(id) => id.to_owned(),
        None => {
            let (id, value) = device::new_device(&state.signer, &mut OsRng);
            set_cookies.push(cookies::set(
                cookies::DEVICE,
                &value,
                Some(DEVICE_COOKIE_SECONDS),
                SameSite::Lax,
                secure,
            ));
            id
        }
    };
    let session = state
        .store
        .create_session(NewSession {
            user: account.id.clone(),
            token: SecretDigest::of(&token),
            created_at: now,
            expires_at,
            user_agent: user_agent(headers),
            ip: ip.to_string(),
            device: Some(device_id.clone()),
        })
        .await?;
    set_cookies.insert(
        0,
        cookies::set(
            cookies::SESSION,
            &token,
            Some(expires_at.seconds_since(now)),
            SameSite::Lax,
            secure,
        ),
    );
    state.devices.remember(account.login.as_str(), &device_id);
    Ok(SignedIn {
        account,
        token,
        session,
        set_cookies,
    })
}

/// Signs out the session this request carries, if any, and returns the cookie that clears it.
pub async fn sign_out(state: &AppState, headers: &HeaderMap) -> WebResult<HeaderValue> {
    let token = cookies::get(headers, cookies::SESSION);
    if let Some(token) = token.filter(|t| session_token::is_ours(&state.signer, t)) {
        let ended = state
            .store
            .revoke_session_by_token(&SecretDigest::of(token), state.now())
            .await?;
        if let Some(session) = ended {
            state.sessions.forget_session(&session);
        }
    }
    Ok(cookies::clear(cookies::SESSION, state.secure_cookies))
}
