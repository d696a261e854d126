//! Credential stuffing: real logins with wrong passwords, from many addresses, half through
//! the API and half through the sign-in form (which costs the bot a `GET /signin` first, for
//! the CSRF token). A stuffer never gets in; what matters is what it costs the server and
//! whether the real owners of those logins can still sign in.

use super::pace;
use super::Arsenal;
use crate::addresses::{self, Population};
use crate::cookies::CookieJar;
use crate::exchange::{self, Request};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use std::sync::Arc;

/// Salt of the stuffers' random choices, so they do not follow the users' own.
const SALT: u64 = 0x5707_f1e5;

/// A wrong password for attempt `k`: long enough to pass any length check, never a demo
/// password (those are words and digits).
pub fn wrong_password(k: u64) -> String {
    format!("Wrong#{k:08}!guess")
}

/// Tries wrong passwords on `logins` at `rate` attempts per second until the arsenal's end.
pub async fn run(arsenal: Arsenal, rate: f64, mut logins: Vec<String>, seed: u64) {
    if logins.is_empty() {
        return;
    }
    logins.shuffle(&mut StdRng::seed_from_u64(seed ^ SALT));
    let logins = Arc::new(logins);
    let until = arsenal.until;
    pace::every(rate, until, |k| {
        let source = addresses::nth(Population::Stuffing, (k % u64::from(arsenal.ips)) as u32);
        let Ok(client) = arsenal.clients.get(source) else {
            arsenal.recorder.attack_dropped();
            return;
        };
        let login = logins[(k % logins.len() as u64) as usize].clone();
        let password = wrong_password(k);
        if k % 2 == 0 {
            let body = serde_json::json!({ "login": login, "password": password });
            arsenal.fire(client, Request::json("/api/v1/session", body));
            return;
        }
        let Ok(permit) = Arc::clone(&arsenal.in_flight).try_acquire_owned() else {
            arsenal.recorder.attack_dropped();
            return;
        };
        let arsenal = arsenal.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut jar = CookieJar::default();
            let page = arsenal
                .send(&client, &Request::get("/signin"), Some(&mut jar), true)
                .await;
            let Some(csrf) = exchange::csrf_field(&page.body) else {
                return;
            };
            let form = Request::form(
                "/signin",
                &[("login", &login), ("password", &password), ("csrf", &csrf)],
            );
            arsenal.send(&client, &form, Some(&mut jar), false).await;
        });
    })
    .await;
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
