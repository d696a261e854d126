//! Under attack, anonymous browsers prove some work before reaching the sign-in page.
//!
//! The gate answers an anonymous request without a pass with a challenge
//! ([`cartable_shield::Challenge`], signed with the server's key for purpose `pow`): a page
//! whose script ([`SCRIPT_PATH`]) searches, in a web worker, the nonce whose hash has enough
//! leading zero bits, then posts it to `POST /shield/pass`. A right, unused solution earns a
//! pass cookie for [`PASS_SECONDS`], bound to the browser's subnet, and a redirect back to
//! where it was going. API clients get the same challenge as JSON and the
//! `Cartable-Challenge` header, and post the same form.
//!
//! People without JavaScript get an explanation: the platform is being flooded, signed-in
//! pupils are not affected, and they can come back in a few minutes.

use super::replies::{self, ShieldPage, Verdict};
use super::waiting::network_of;
use crate::auth::ClientIp;
use crate::cookies::{self, SameSite};
use crate::signing::Signer;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use cartable_core::Timestamp;
use cartable_shield::{Challenge, PowRefusal};
use serde::Deserialize;
use std::net::IpAddr;

/// Leading zero bits asked by default: 65,536 hashes on average, a tenth of a second in a
/// laptop's browser and well under a second on a cheap phone.
pub const DEFAULT_DIFFICULTY: u8 = 16;
/// How long a challenge may take to solve.
pub const CHALLENGE_SECONDS: i64 = 300;
/// How long a pass lets a browser through.
pub const PASS_SECONDS: i64 = 3600;
/// The pass cookie.
pub const PASS_COOKIE: &str = "cartable_pass";
/// Where the solving script is served.
pub const SCRIPT_PATH: &str = "/static/pow-1.js";
/// Where solutions are posted.
pub const PASS_PATH: &str = "/shield/pass";
/// The header carrying the challenge to API clients: `<challenge>~<signature>`.
pub const CHALLENGE_HEADER: HeaderName = HeaderName::from_static("cartable-challenge");

const CHALLENGE_PURPOSE: &str = "pow";
const PASS_PURPOSE: &str = "pow-pass";
const SCRIPT: &str = include_str!("../../static/pow.js");

/// A fresh signed challenge token, `<challenge>~<signature>`.
pub fn issue(signer: &Signer, difficulty: u8, now: Timestamp) -> String {
    let challenge = Challenge::new(&mut rand::rngs::OsRng, now, difficulty, CHALLENGE_SECONDS);
    let text = challenge.text();
    let signature = signer.sign(CHALLENGE_PURPOSE, text.as_bytes());
    format!("{text}~{signature}")
}

/// Whether the request carries a pass the server signed for this subnet, unexpired at `now`.
pub fn has_pass(signer: &Signer, headers: &HeaderMap, address: IpAddr, now: Timestamp) -> bool {
    let Some(value) = cookies::get(headers, PASS_COOKIE) else {
        return false;
    };
    let Some((data, signature)) = value.rsplit_once('~') else {
        return false;
    };
    if !signer.verify(PASS_PURPOSE, data.as_bytes(), signature) {
        return false;
    }
    let Some((expires, network)) = data.split_once('~') else {
        return false;
    };
    network == network_of(address) && expires.parse::<i64>().is_ok_and(|e| now.0 <= e)
}

fn pass_cookie(signer: &Signer, address: IpAddr, now: Timestamp, secure: bool) -> HeaderValue {
    let data = format!("{}~{}", now.0 + PASS_SECONDS, network_of(address));
    let signature = signer.sign(PASS_PURPOSE, data.as_bytes());
    cookies::set(
        PASS_COOKIE,
        &format!("{data}~{signature}"),
        Some(PASS_SECONDS),
        SameSite::Lax,
        secure,
    )
}

/// Where to go back to after the challenge: a path of this site, or the sign-in page.
fn local_path(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && next.len() <= 512
        && next.bytes().all(|b| b.is_ascii_graphic());
    if local {
        next
    } else {
        "/signin"
    }
}

/// The challenge: 403, the token in a header, and a page (or JSON) to solve it.
pub fn reply(
    api: bool,
    token: &str,
    difficulty: u8,
    next: &str,
    message: Option<&str>,
) -> Response {
    let mut response = if api {
        let body = serde_json::json!({
            "error": "proof_of_work_required",
            "message": message.unwrap_or("the platform is under attack: solve the challenge and post it to /shield/pass"),
            "challenge": token,
            "difficulty": difficulty,
        });
        replies::reply(
            Verdict::Challenge,
            StatusCode::FORBIDDEN,
            None,
            "application/json",
            body.to_string(),
        )
    } else {
        let (text, _) = token.split_once('~').unwrap_or((token, ""));
        let next = local_path(next);
        let notice = message.map_or_else(String::new, |m| format!(r#"<p class="error">{m}</p>"#));
        // The token and the path are ours (hex, digits, dots, base64url; a path checked by
        // `local_path`), but are escaped anyway: nothing here is trusted to be inert.
        let form = format!(
            r#"{notice}<form id="pow" method="post" action="{PASS_PATH}" data-challenge="{text}" data-difficulty="{difficulty}">
<input type="hidden" name="challenge" value="{token}"><input type="hidden" name="next" value="{next}"><input type="hidden" name="nonce" value="">
<p id="pow-status" role="status">Vérification en cours… / Checking…</p></form>
<noscript><p>Sans JavaScript, cette vérification ne peut pas se faire. Les élèves déjà connectés ne sont pas concernés ; revenez dans quelques minutes, quand l'attaque sera passée.</p>
<p lang="en">Without JavaScript this check cannot run. Pupils already signed in are not affected; come back in a few minutes, once the attack is over.</p></noscript>
<script src="{SCRIPT_PATH}"></script>"#,
            text = escape(text),
            token = escape(token),
            next = escape(next),
        );
        replies::page(
            Verdict::Challenge,
            StatusCode::FORBIDDEN,
            None,
            &ShieldPage {
                title_fr: "Vérification avant la connexion",
                title_en: "A check before signing in",
                body_fr: "Cartable subit en ce moment un afflux de connexions automatiques. Votre navigateur fait un petit calcul (moins d'une seconde) pour montrer qu'il n'est pas un robot ; la page continue seule.",
                body_en: "Cartable is being flooded by automated connections. Your browser does a small computation (under a second) to show it is not a robot; the page carries on by itself.",
                refresh: None,
                extra: &form,
            },
        )
    };
    if let Ok(value) = HeaderValue::from_str(token) {
        response.headers_mut().insert(CHALLENGE_HEADER, value);
    }
    response
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A solution, as the page's script (or an API client) posts it.
#[derive(Debug, Deserialize)]
pub struct Solution {
    #[serde(default)]
    challenge: String,
    #[serde(default)]
    nonce: String,
    #[serde(default)]
    next: String,
}

/// `POST /shield/pass`: checks a solution; a right one earns the pass cookie and a redirect
/// back, a wrong or reused one a fresh challenge saying why.
pub async fn pass(
    State(state): State<AppState>,
    ClientIp(address): ClientIp,
    Form(solution): Form<Solution>,
) -> Response {
    let now = state.now();
    let Some(shield) = state.shield.as_ref() else {
        return Redirect::to(local_path(&solution.next)).into_response();
    };
    let refusal = match solution.challenge.rsplit_once('~') {
        Some((text, signature))
            if state
                .signer
                .verify(CHALLENGE_PURPOSE, text.as_bytes(), signature) =>
        {
            shield.spent.accept(text, &solution.nonce, now).err()
        }
        _ => Some(PowRefusal::Malformed),
    };
    match refusal {
        None => {
            metrics::counter!("cartable_challenges_total", "outcome" => "solved").increment(1);
            let mut response = Redirect::to(local_path(&solution.next)).into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                pass_cookie(&state.signer, address, now, state.secure_cookies),
            );
            response
        }
        Some(refusal) => {
            metrics::counter!("cartable_challenges_total", "outcome" => "refused").increment(1);
            let token = issue(&state.signer, shield.pow_difficulty, now);
            let message = match refusal {
                PowRefusal::Expired => {
                    "Le délai est passé, nouvel essai… / Too late, trying again…"
                }
                PowRefusal::Reused => {
                    "Cette solution a déjà servi. / This solution was already used."
                }
                _ => "La vérification a échoué. / The check failed.",
            };
            reply(
                false,
                &token,
                shield.pow_difficulty,
                &solution.next,
                Some(message),
            )
        }
    }
}

/// `GET /static/pow-1.js`: the solving script (page and web worker in one file).
pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        SCRIPT,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_800_000_000);

    fn headers_with_pass(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("{PASS_COOKIE}={value}")).unwrap(),
        );
        headers
    }

    #[test]
    fn a_pass_holds_in_its_subnet_until_it_expires() {
        let signer = Signer::new([5; 32]);
        let here: IpAddr = "203.0.113.9".parse().unwrap();
        let cookie = pass_cookie(&signer, here, NOW, false);
        let value = cookie
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .split_once('=')
            .unwrap()
            .1
            .to_owned();
        let headers = headers_with_pass(&value);
        assert!(has_pass(&signer, &headers, here, NOW));
        assert!(has_pass(
            &signer,
            &headers,
            "203.0.113.200".parse().unwrap(),
            NOW
        ));
        assert!(!has_pass(
            &signer,
            &headers,
            "198.51.100.1".parse().unwrap(),
            NOW
        ));
        assert!(!has_pass(
            &signer,
            &headers,
            here,
            Timestamp(NOW.0 + PASS_SECONDS + 1)
        ));
        assert!(!has_pass(&Signer::new([6; 32]), &headers, here, NOW));
        let extended = value.replacen(&(NOW.0 + PASS_SECONDS).to_string(), "9999999999", 1);
        assert!(!has_pass(&signer, &headers_with_pass(&extended), here, NOW));
        assert!(!has_pass(&signer, &HeaderMap::new(), here, NOW));
    }

    #[test]
    fn only_local_paths_are_followed_after_the_challenge() {
        assert_eq!(local_path("/signin?lang=en"), "/signin?lang=en");
        for outside in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil",
            "",
            "/a b",
        ] {
            assert_eq!(local_path(outside), "/signin", "{outside}");
        }
    }
}
