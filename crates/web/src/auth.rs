//! Who is asking: the signed-in user from the session cookie, and the client's address.

use crate::cookies;
use crate::error::WebError;
use crate::session_cache::CachedSession;
use crate::session_token;
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// Longest session token worth checking; ours have 87 characters (token, dot, signature).
const MAX_TOKEN_LEN: usize = 128;

/// The signed-in user, from the session cache. Extracting it fails with
/// [`WebError::NotSignedIn`] when the cookie is missing, unknown, expired or revoked.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Arc<CachedSession>);

async fn resolve(parts: &Parts, state: &AppState) -> Result<Option<CurrentUser>, WebError> {
    if let Some(user) = parts.extensions.get::<CurrentUser>() {
        return Ok(Some(user.clone()));
    }
    let Some(token) = cookies::get(&parts.headers, cookies::SESSION) else {
        return Ok(None);
    };
    if token.len() > MAX_TOKEN_LEN || !session_token::is_ours(&state.signer, token) {
        return Ok(None);
    }
    let session = state
        .sessions
        .resolve(&state.store, token, state.now())
        .await?;
    Ok(session.map(CurrentUser))
}

impl CurrentUser {
    /// The account acting: every signed-in person has one (only the operator at the command
    /// line has none, and it never holds a session), so its absence is a refusal.
    pub fn account(&self) -> Result<cartable_core::UserId, WebError> {
        self.0.user().cloned().ok_or(WebError::Forbidden)
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        resolve(parts, state).await?.ok_or(WebError::NotSignedIn)
    }
}

impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, WebError> {
        resolve(parts, state).await
    }
}

/// The address the request came from (the TCP peer; no proxy header is trusted).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        Ok(ClientIp(ip))
    }
}
