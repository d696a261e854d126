//! The waiting room's side in the browser: the signed ticket cookie and the page that shows
//! the place in the queue and reloads itself.
//!
//! The ticket ([`cartable_shield::Ticket`]) travels in the `cartable_ticket` cookie as
//! `<ticket>~<issued>~<signature>`: the signature (the server's key, purpose
//! `waiting-room`) covers the ticket and when it was issued, so a browser can neither forge
//! a lower number nor keep an old ticket past [`TICKET_SECONDS`]. Reloading the page or
//! opening more tabs sends the same cookie, hence the same place. The ticket names the
//! subnet it was drawn from, so one copied elsewhere is refused.

use super::replies::{self, ShieldPage, Verdict};
use crate::cookies::{self, SameSite};
use crate::signing::Signer;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use cartable_core::Timestamp;
use cartable_shield::{Cidr, Ticket};
use std::net::IpAddr;

/// The cookie holding the ticket.
pub const TICKET_COOKIE: &str = "cartable_ticket";
/// A ticket stands this long after it was drawn: long enough to wait through a 9:00 surge,
/// short enough that an admitted ticket does not become a pass for the day.
pub const TICKET_SECONDS: i64 = 3600;
const PURPOSE: &str = "waiting-room";

/// The network a ticket is bound to: the client's /24 (IPv4) or /56 (IPv6).
pub fn network_of(address: IpAddr) -> String {
    Cidr::subnet_of(address).to_string()
}

/// The cookie value carrying `ticket`, drawn at `issued`.
pub fn seal(signer: &Signer, ticket: &Ticket, issued: Timestamp) -> String {
    let data = format!("{}~{}", ticket.text(), issued.0);
    let signature = signer.sign(PURPOSE, data.as_bytes());
    format!("{data}~{signature}")
}

/// The ticket in a cookie value, if the server signed it and it has not expired at `now`.
pub fn open(signer: &Signer, value: &str, now: Timestamp) -> Option<Ticket> {
    let (data, signature) = value.rsplit_once('~')?;
    if !signer.verify(PURPOSE, data.as_bytes(), signature) {
        return None;
    }
    let (text, issued) = data.split_once('~')?;
    let issued: i64 = issued.parse().ok()?;
    if now.0 < issued || now.0 - issued > TICKET_SECONDS {
        return None;
    }
    Ticket::parse(text)
}

/// The `Set-Cookie` value giving the browser `sealed`.
pub fn cookie(sealed: &str, secure: bool) -> HeaderValue {
    cookies::set(
        TICKET_COOKIE,
        sealed,
        Some(TICKET_SECONDS),
        SameSite::Lax,
        secure,
    )
}

/// How long to wait before asking again: two thirds of the expected wait, between 2 and 30
/// seconds (5 while the pace is unknown). Everyone in the queue then asks about once and a
/// half per place called: a queue that grows through a long overload costs the server a
/// bounded share of its work, and a short one is not waited on.
pub fn recheck_after(eta_seconds: Option<u64>) -> u64 {
    eta_seconds.map_or(5, |eta| (eta * 2 / 3).clamp(2, 30))
}

/// The waiting room's answer: 503 with `Retry-After: retry`, the place in the queue and the
/// expected wait, the ticket cookie when it is new. API clients get the same facts as JSON.
pub fn reply(
    api: bool,
    ahead: u64,
    eta_seconds: Option<u64>,
    retry: u64,
    cookie: Option<HeaderValue>,
) -> Response {
    let mut response = if api {
        let mut body = serde_json::json!({
            "error": "waiting_room",
            "message": "the server is at capacity: you hold a place in the queue; try again after the Retry-After delay",
            "retry_after": retry,
            "ahead": ahead,
        });
        if let Some(eta) = eta_seconds {
            body["eta_seconds"] = eta.into();
        }
        replies::reply(
            Verdict::WaitingRoom,
            StatusCode::SERVICE_UNAVAILABLE,
            Some(retry),
            "application/json",
            body.to_string(),
        )
    } else {
        let (eta_fr, eta_en) = match eta_seconds {
            Some(eta) if eta >= 90 => (
                format!("environ {} minutes", eta.div_ceil(60)),
                format!("about {} minutes", eta.div_ceil(60)),
            ),
            Some(eta) => (
                format!("environ {} secondes", eta.max(1)),
                format!("about {} seconds", eta.max(1)),
            ),
            None => ("quelques instants".to_owned(), "a few moments".to_owned()),
        };
        let fr = format!(
            "Beaucoup d'élèves se connectent en même temps. Vous gardez votre place : <strong>{ahead}</strong> personne(s) avant vous, attente estimée {eta_fr}. Cette page se recharge seule ; inutile de la rafraîchir."
        );
        let en = format!(
            "Many pupils are connecting at once. You keep your place: <strong>{ahead}</strong> ahead of you, expected wait {eta_en}. This page reloads itself; no need to refresh it."
        );
        replies::page(
            Verdict::WaitingRoom,
            StatusCode::SERVICE_UNAVAILABLE,
            Some(retry),
            &ShieldPage {
                title_fr: "Salle d'attente",
                title_en: "Waiting room",
                body_fr: &fr,
                body_en: &en,
                refresh: Some(retry),
                extra: "",
            },
        )
    };
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartable_shield::{Turn, WaitingRoom};

    const NOW: Timestamp = Timestamp(1_800_000_000);

    #[test]
    fn a_sealed_ticket_opens_until_it_expires_and_not_when_altered() {
        let signer = Signer::new([3; 32]);
        let room = WaitingRoom::new(7);
        let network = network_of("203.0.113.9".parse().unwrap());
        let ticket = room.enter(&network, NOW);
        let sealed = seal(&signer, &ticket, NOW);
        assert_eq!(open(&signer, &sealed, NOW), Some(ticket.clone()));
        assert_eq!(
            open(&signer, &sealed, Timestamp(NOW.0 + TICKET_SECONDS)),
            Some(ticket.clone())
        );
        assert_eq!(
            open(&signer, &sealed, Timestamp(NOW.0 + TICKET_SECONDS + 1)),
            None
        );
        // A lower number (here, that of a pass), a later issue time, another key: refused.
        let forged = sealed.replacen("v1.7.1.", "v1.7.0.", 1);
        assert_ne!(forged, sealed);
        assert_eq!(open(&signer, &forged, NOW), None);
        let (data, signature) = sealed.rsplit_once('~').unwrap();
        let (text, _) = data.split_once('~').unwrap();
        let later = format!("{text}~{}~{signature}", NOW.0 + 1000);
        assert_eq!(open(&signer, &later, NOW), None);
        assert_eq!(open(&Signer::new([4; 32]), &sealed, NOW), None);
        assert_eq!(open(&signer, "garbage", NOW), None);
        // The ticket stands only in its own subnet.
        assert_eq!(
            room.turn(&ticket, &network),
            Turn::Waiting {
                ahead: 0,
                eta_seconds: None
            }
        );
        let elsewhere = network_of("198.51.100.9".parse().unwrap());
        assert_eq!(room.turn(&ticket, &elsewhere), Turn::Refused);
    }

    #[test]
    fn the_page_waits_longer_for_longer_queues() {
        assert_eq!(recheck_after(None), 5);
        assert_eq!(recheck_after(Some(1)), 2);
        assert_eq!(recheck_after(Some(30)), 20);
        assert_eq!(recheck_after(Some(3600)), 30);
    }
}
