//! Activation asks for the login and the code together, answers every mismatch alike, slows
//! down guessers, and no page or API answer is left in a browser's cache.

use crate::forms::{after, browser_sign_in, csrf, page, post_form};
use crate::harness::{give_code, on_every_backend, Server};
use cartable_core::Role;
use reqwest::Client;
use serde_json::{json, Value};

/// A well-formed code given to Inès's pending account in each test.
const CODE: &str = "KMNPQ-RSTUV";
/// Another well-formed code nobody holds.
const UNKNOWN: &str = "ABCDE-FGHJK";

async fn give_ines_a_code(s: &Server) {
    give_code(
        &s.store,
        &s.school,
        "ines.haddad",
        Role::Pupil,
        CODE,
        s.now(),
    )
    .await;
}

/// Posts to the API; returns the status, the `Retry-After` header and the body.
async fn api_activate(
    client: &Client,
    s: &Server,
    login: &str,
    code: &str,
) -> (u16, Option<String>, Value) {
    let response = client
        .post(s.url("/api/v1/activate"))
        .json(&json!({ "login": login, "code": code, "password": "la mer est calme" }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let retry = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, retry, response.json().await.unwrap())
}

#[tokio::test]
async fn a_code_only_works_with_its_own_login_and_mismatches_look_like_unknown_codes() {
    on_every_backend(async |s| {
        give_ines_a_code(s).await;
        let client = s.client();
        let (status, _, unknown) = api_activate(&client, s, "ines.haddad", UNKNOWN).await;
        assert_eq!(status, 422);
        assert_eq!(unknown["error"], "invalid_code");
        // A real login of the same school, and a login nobody has: the very same answer.
        for login in ["karim.haddad", "lea.martin", "personne.ici"] {
            let (status, _, body) = api_activate(&client, s, login, CODE).await;
            assert_eq!(status, 422, "{login}");
            assert_eq!(body, unknown, "{login} must not reveal the code is right");
        }
        // The code was not spent by the wrong logins: its holder still activates with it.
        let (status, _, done) = api_activate(&client, s, " Ines.Haddad", "kmnpq rstuv").await;
        assert_eq!(status, 200, "{done}");
        assert_eq!(done["login"], "ines.haddad");
        assert_eq!(done["display_name"], "Inès Haddad");
        let signed = client
            .post(s.url("/api/v1/session"))
            .json(&json!({ "login": "ines.haddad", "password": "la mer est calme" }))
            .send()
            .await
            .unwrap();
        assert_eq!(signed.status(), 200);
        let (_, _, again) = api_activate(&client, s, "ines.haddad", CODE).await;
        assert_eq!(again["error"], "invalid_code", "a code works once");
    })
    .await;
}

#[tokio::test]
async fn malformed_logins_and_codes_are_invalid_codes() {
    on_every_backend(async |s| {
        give_ines_a_code(s).await;
        let client = s.client();
        let long = "a".repeat(65);
        let cases = [
            ("ines.haddad", "abc"),
            ("ines.haddad", "OOOOO-00000"),
            ("ines.haddad", ""),
            ("", CODE),
            ("in", CODE),
            ("inès haddad", CODE),
            (long.as_str(), CODE),
        ];
        for (login, code) in cases {
            let (status, _, body) = api_activate(&client, s, login, code).await;
            assert_eq!(status, 422, "{login:?} {code:?}");
            assert_eq!(body["error"], "invalid_code", "{login:?} {code:?}");
        }
        let missing_login = client
            .post(s.url("/api/v1/activate"))
            .json(&json!({ "code": CODE, "password": "la mer est calme" }))
            .send()
            .await
            .unwrap();
        assert_eq!(missing_login.status(), 400);
        assert_eq!(
            missing_login.json::<Value>().await.unwrap()["error"],
            "invalid_json"
        );
        let (status, _, _) = api_activate(&client, s, "ines.haddad", CODE).await;
        assert_eq!(status, 200, "seven failures are below the free allowance");
    })
    .await;
}

#[tokio::test]
async fn the_activation_page_asks_for_the_login_and_signs_in() {
    on_every_backend(async |s| {
        give_ines_a_code(s).await;
        let holder = s.client();
        let (status, form) = page(&holder, s, "/activate").await;
        assert_eq!(status, 200);
        assert!(form.contains("name=\"login\"") && form.contains("name=\"code\""));
        assert!(
            form.contains("Votre identifiant et votre code sont imprimés ensemble"),
            "{form}"
        );
        let token = csrf(&form);
        let wrong = post_form(
            &holder,
            s,
            "/activate",
            &[
                ("login", "karim.haddad"),
                ("code", CODE),
                ("password", "un long chemin"),
                ("confirm", "un long chemin"),
                ("csrf", &token),
            ],
        )
        .await;
        assert_eq!(wrong.status(), 422);
        let html = wrong.text().await.unwrap();
        assert!(
            html.contains("Ce code d’activation n’est pas valable"),
            "{html}"
        );
        assert_eq!(
            after(
                &html,
                "id=\"login\" name=\"login\" type=\"text\" value=\"",
                "\""
            ),
            "karim.haddad"
        );
        let done = post_form(
            &holder,
            s,
            "/activate",
            &[
                ("login", "ines.haddad"),
                ("code", CODE),
                ("password", "un long chemin"),
                ("confirm", "un long chemin"),
                ("csrf", &token),
            ],
        )
        .await;
        assert_eq!(done.status(), 303);
        assert_eq!(done.headers()["location"], "/home");
        let (status, home) = page(&holder, s, "/home").await;
        assert_eq!(status, 200);
        assert!(home.contains("Inès Haddad"), "{home}");
    })
    .await;
}

#[tokio::test]
async fn repeated_failures_from_one_address_must_wait() {
    on_every_backend(async |s| {
        give_ines_a_code(s).await;
        let client = s.client();
        // Ten free failures, each on a different login so only the address adds up.
        for n in 0..11 {
            let (status, _, body) = api_activate(&client, s, &format!("guess.{n}"), CODE).await;
            assert_eq!(status, 422, "failure {n}");
            assert_eq!(body["error"], "invalid_code");
        }
        let (status, retry, body) = api_activate(&client, s, "guess.11", UNKNOWN).await;
        assert_eq!(status, 429, "{body}");
        assert_eq!(retry.as_deref(), Some("2"));
        assert_eq!(body["error"], "throttled");
        assert_eq!(body["retry_after"], 2);
        // Even the right login and code wait: a throttled client costs no lookup.
        let (status, _, _) = api_activate(&client, s, "ines.haddad", CODE).await;
        assert_eq!(status, 429);

        let (_, form) = page(&client, s, "/activate").await;
        let throttled = post_form(
            &client,
            s,
            "/activate",
            &[
                ("login", "ines.haddad"),
                ("code", CODE),
                ("password", "un long chemin"),
                ("confirm", "un long chemin"),
                ("csrf", &csrf(&form)),
            ],
        )
        .await;
        assert_eq!(throttled.status(), 429);
        assert_eq!(throttled.headers()["retry-after"], "2");
        let html = throttled.text().await.unwrap();
        assert!(
            html.contains("Trop d’essais. Réessayez dans 2 s."),
            "{html}"
        );

        // A delay, never a lockout: after the wait, the holder gets through.
        s.clock.advance(2);
        let (status, _, done) = api_activate(&client, s, "ines.haddad", CODE).await;
        assert_eq!(status, 200, "{done}");

        let metrics = s.metrics().await;
        for outcome in ["success", "failure", "throttled"] {
            assert!(
                metrics.contains(&format!(
                    "cartable_activations_total{{outcome=\"{outcome}\"}}"
                )),
                "{outcome} in {metrics}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn personal_pages_and_codes_are_never_cached_but_assets_are() {
    on_every_backend(async |s| {
        let lea = browser_sign_in(s, "lea.martin").await;
        let home = lea.get(s.url("/home")).send().await.unwrap();
        assert_eq!(home.status(), 200);
        assert_eq!(home.headers()["cache-control"], "no-store");
        let me = lea.get(s.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(me.headers()["cache-control"], "no-store");

        let id = crate::harness::user_id(&s.store, "ines.haddad").await;
        let reset = s
            .signed_in("anne.roux")
            .await
            .post(s.url(&format!("/api/v1/accounts/{id}/reset")))
            .send()
            .await
            .unwrap();
        assert_eq!(reset.status(), 200);
        assert_eq!(reset.headers()["cache-control"], "no-store");
        assert!(reset.json::<Value>().await.unwrap()["code"].is_string());

        let (_, html) = page(&lea, s, "/home").await;
        let css_path = after(&html, "<link rel=\"stylesheet\" href=\"", "\"");
        assert!(css_path.starts_with("/static/"), "{css_path}");
        let css = s.client().get(s.url(&css_path)).send().await.unwrap();
        assert_eq!(css.status(), 200);
        assert_eq!(
            css.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
    })
    .await;
}
