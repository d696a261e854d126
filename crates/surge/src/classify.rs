//! What an answer means for the user, following the shield's contract.
//!
//! The protection layer marks its answers with a `Cartable-Shield` header (`waiting-room`,
//! `shed`, `rate-limited`, `challenge`) and says when to come back (`Retry-After`). Those are
//! *graceful* refusals: the user is told to wait and can. A 503 or 429 that does not say when
//! to come back, any other 5xx, a timeout or a broken connection is a *failure*: the wall of
//! errors the platform promises never to show.

use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER};
use serde::Serialize;

/// The header the protection layer marks its answers with.
pub const SHIELD_HEADER: &str = "cartable-shield";
/// The header carrying a proof-of-work challenge.
pub const CHALLENGE_HEADER: &str = "cartable-challenge";

/// What one answer (or its absence) was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The real answer: 2xx or 3xx, not from the shield.
    Ok,
    /// The waiting room (503, `Retry-After`, a ticket cookie).
    WaitingRoom,
    /// Shed by admission control (503 with `Retry-After`).
    Shed,
    /// Rate-limited (429 with `Retry-After`).
    RateLimited,
    /// A proof-of-work challenge (403 with `Cartable-Challenge`).
    Challenge,
    /// A page that should need a session redirected to `/signin`: the session was lost.
    SignedOut,
    /// Another 4xx (a wrong password for stuffers, a missing page for floods).
    ClientError,
    /// A 503 or 429 that does not say when to retry.
    Unexplained,
    /// Any other 5xx.
    ServerError,
    /// No answer within the timeout.
    Timeout,
    /// Refused, reset or closed connection.
    Connection,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 11] = [
        Kind::Ok,
        Kind::WaitingRoom,
        Kind::Shed,
        Kind::RateLimited,
        Kind::Challenge,
        Kind::SignedOut,
        Kind::ClientError,
        Kind::Unexplained,
        Kind::ServerError,
        Kind::Timeout,
        Kind::Connection,
    ];

    /// The kind's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ok => "ok",
            Kind::WaitingRoom => "waiting_room",
            Kind::Shed => "shed",
            Kind::RateLimited => "rate_limited",
            Kind::Challenge => "challenge",
            Kind::SignedOut => "signed_out",
            Kind::ClientError => "client_error",
            Kind::Unexplained => "unexplained",
            Kind::ServerError => "server_error",
            Kind::Timeout => "timeout",
            Kind::Connection => "connection",
        }
    }

    /// Its position in [`Kind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the protection layer refused gracefully (told the user when to come back).
    pub fn is_graceful_refusal(self) -> bool {
        matches!(
            self,
            Kind::WaitingRoom | Kind::Shed | Kind::RateLimited | Kind::Challenge
        )
    }
}

/// The seconds of a `Retry-After` header; an HTTP date or garbage counts as one second (the
/// header is there: the refusal explained itself).
pub fn retry_after(headers: &HeaderMap) -> Option<u64> {
    let value = headers.get(RETRY_AFTER)?;
    Some(
        value
            .to_str()
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(1),
    )
}

/// Sorts an answer by its status and headers.
pub fn classify(status: u16, headers: &HeaderMap) -> Kind {
    let explained = retry_after(headers).is_some();
    let shield = headers
        .get(SHIELD_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim);
    match shield {
        Some("waiting-room") if explained => Kind::WaitingRoom,
        Some("shed") if explained => Kind::Shed,
        Some("rate-limited") if explained => Kind::RateLimited,
        Some("challenge") if headers.contains_key(CHALLENGE_HEADER) => Kind::Challenge,
        Some("waiting-room" | "shed" | "rate-limited" | "challenge") => Kind::Unexplained,
        _ => match status {
            200..=399 => Kind::Ok,
            429 if explained => Kind::RateLimited,
            503 if explained => Kind::Shed,
            429 | 503 => Kind::Unexplained,
            400..=499 => Kind::ClientError,
            _ => Kind::ServerError,
        },
    }
}

/// Whether a real answer to a page that needs a session is in fact a redirect to the sign-in
/// page: the server no longer knows the user.
pub fn lost_session(status: u16, headers: &HeaderMap) -> bool {
    (300..400).contains(&status)
        && headers
            .get(LOCATION)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|location| location.starts_with("/signin"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn real_answers_are_ok() {
        assert_eq!(classify(200, &HeaderMap::new()), Kind::Ok);
        assert_eq!(classify(204, &HeaderMap::new()), Kind::Ok);
        assert_eq!(classify(303, &headers(&[("location", "/home")])), Kind::Ok);
    }

    #[test]
    fn shield_answers_are_sorted_by_their_header() {
        let waiting = headers(&[
            ("cartable-shield", "waiting-room"),
            ("retry-after", "5"),
            ("set-cookie", "cartable_ticket=t"),
        ]);
        assert_eq!(classify(503, &waiting), Kind::WaitingRoom);
        assert_eq!(retry_after(&waiting), Some(5));
        let shed = headers(&[("cartable-shield", "shed"), ("retry-after", "2")]);
        assert_eq!(classify(503, &shed), Kind::Shed);
        let limited = headers(&[("cartable-shield", "rate-limited"), ("retry-after", "1")]);
        assert_eq!(classify(429, &limited), Kind::RateLimited);
        let challenge = headers(&[
            ("cartable-shield", "challenge"),
            ("cartable-challenge", "v1.ab.1.8~sig"),
        ]);
        assert_eq!(classify(403, &challenge), Kind::Challenge);
    }

    #[test]
    fn refusals_without_retry_after_are_unexplained() {
        assert_eq!(classify(503, &HeaderMap::new()), Kind::Unexplained);
        assert_eq!(classify(429, &HeaderMap::new()), Kind::Unexplained);
        let bare = headers(&[("cartable-shield", "waiting-room")]);
        assert_eq!(classify(503, &bare), Kind::Unexplained);
        let tokenless = headers(&[("cartable-shield", "challenge")]);
        assert_eq!(classify(403, &tokenless), Kind::Unexplained);
    }

    #[test]
    fn unmarked_refusals_with_retry_after_are_still_graceful() {
        // The sign-in throttle and the password-hashing pool answer this way without a shield.
        let later = headers(&[("retry-after", "3")]);
        assert_eq!(classify(429, &later), Kind::RateLimited);
        assert_eq!(classify(503, &later), Kind::Shed);
        let dated = headers(&[("retry-after", "Wed, 21 Oct 2026 07:28:00 GMT")]);
        assert_eq!(retry_after(&dated), Some(1));
    }

    #[test]
    fn other_errors() {
        assert_eq!(classify(401, &HeaderMap::new()), Kind::ClientError);
        assert_eq!(classify(404, &HeaderMap::new()), Kind::ClientError);
        assert_eq!(classify(500, &HeaderMap::new()), Kind::ServerError);
        assert_eq!(classify(502, &HeaderMap::new()), Kind::ServerError);
        assert_eq!(
            classify(504, &headers(&[("retry-after", "1")])),
            Kind::ServerError
        );
    }

    #[test]
    fn a_redirect_to_signin_is_a_lost_session() {
        assert!(lost_session(303, &headers(&[("location", "/signin")])));
        assert!(lost_session(
            303,
            &headers(&[("location", "/signin?next=/home")])
        ));
        assert!(!lost_session(303, &headers(&[("location", "/home")])));
        assert!(!lost_session(200, &HeaderMap::new()));
    }

    #[test]
    fn kinds_are_in_order() {
        for (i, kind) in Kind::ALL.iter().enumerate() {
            assert_eq!(kind.index(), i);
        }
    }
}
