//! Credential stuffing: real logins with wrong passwords, from many addresses, half through
//! the API and half through the sign-in form (which costs the bot a `GET /signin` first, for
//! the CSRF token). A stuffer never gets in; what matters is what it costs the server and
//! whether the real owners of those logins can still sign in.

use super::{pace, Arsenal, AttackKind};
use crate::addresses::{self, Population};
use crate::clients::ClientPool;
use crate::cookies::CookieJar;
use crate::exchange::{self, Answer, Request};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use reqwest::Client;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Salt of the stuffers' random choices, so they do not follow the users' own.
const SALT: u64 = 0x5707_f1e5;

/// A wrong password for attempt `k`: long enough to pass any length check, never a demo
/// password (those are words and digits).
pub fn wrong_password(k: u64) -> String {
    format!("Wrong#{k:08}!guess")
}

/// Tries wrong passwords on `logins` at `rate` attempts per second until the arsenal's end,
/// with at most `in_flight` attempts at once (beyond, an attempt is dropped); returns when
/// the last attempt has had its answer.
pub async fn run(
    arsenal: Arsenal,
    rate: f64,
    in_flight: usize,
    mut logins: Vec<String>,
    seed: u64,
) {
    if logins.is_empty() {
        return;
    }
    logins.shuffle(&mut StdRng::seed_from_u64(seed ^ SALT));
    let clients = ClientPool::new(arsenal.timeout);
    let permits = Arc::new(Semaphore::new(in_flight));
    let until = arsenal.until;
    pace::every(rate, until, |k| {
        let source = addresses::nth(Population::Stuffing, (k % u64::from(arsenal.ips)) as u32);
        let (Ok(client), Ok(permit)) = (
            clients.get(source),
            Arc::clone(&permits).try_acquire_owned(),
        ) else {
            arsenal.recorder.attack_dropped(AttackKind::Stuffing, 1);
            return;
        };
        let login = logins[(k % logins.len() as u64) as usize].clone();
        let arsenal = arsenal.clone();
        tokio::spawn(async move {
            let _permit = permit;
            attempt(&arsenal, &client, k, &login).await;
        });
    })
    .await;
    // Every attempt ends within two request timeouts: wait for their answers.
    let _ = permits.acquire_many(in_flight as u32).await;
}

/// Attempt `k` on `login`: through the API when `k` is even, through the form otherwise.
async fn attempt(arsenal: &Arsenal, client: &Client, k: u64, login: &str) {
    let password = wrong_password(k);
    if k.is_multiple_of(2) {
        let body = serde_json::json!({ "login": login, "password": password });
        send(
            arsenal,
            client,
            &Request::json("/api/v1/session", body),
            None,
            false,
        )
        .await;
        return;
    }
    let mut jar = CookieJar::default();
    let page = send(
        arsenal,
        client,
        &Request::get("/signin"),
        Some(&mut jar),
        true,
    )
    .await;
    let Some(csrf) = exchange::csrf_field(&page.body) else {
        return;
    };
    let form = Request::form(
        "/signin",
        &[("login", login), ("password", &password), ("csrf", &csrf)],
    );
    send(arsenal, client, &form, Some(&mut jar), false).await;
}

/// Sends one stuffing request and records what it sent and what came back.
async fn send(
    arsenal: &Arsenal,
    client: &Client,
    request: &Request,
    jar: Option<&mut CookieJar>,
    keep_body: bool,
) -> Answer {
    arsenal.recorder.attack_sent(AttackKind::Stuffing, 1);
    let answer = exchange::send(client, &arsenal.base, request, jar, keep_body).await;
    arsenal.recorder.attack_answer(answer.kind);
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_passwords_differ() {
        assert_ne!(wrong_password(1), wrong_password(2));
        assert!(wrong_password(3).len() >= 12);
    }
}
