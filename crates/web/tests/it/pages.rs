//! The server-rendered pages: sign-in form, each role's home, CSRF, languages, sessions.

use crate::forms::{after, browser_sign_in, csrf, page, post_form};
use crate::harness::{on_every_backend, PASSWORD};
use reqwest::header::{LOCATION, SET_COOKIE};

#[tokio::test]
async fn the_sign_in_page_signs_a_pupil_in_and_home_shows_her_class() {
    on_every_backend(async |s| {
        let client = s.client();
        assert_eq!(
            client.get(s.url("/")).send().await.unwrap().headers()[LOCATION],
            "/signin"
        );
        assert_eq!(
            client.get(s.url("/home")).send().await.unwrap().headers()[LOCATION],
            "/signin"
        );
        let response = client.get(s.url("/signin")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("default-src 'self'"));
        assert!(response.headers().get_all(SET_COOKIE).iter().any(|c| {
            let c = c.to_str().unwrap();
            c.starts_with("cartable_csrf=")
                && c.contains("SameSite=Strict")
                && c.contains("HttpOnly")
        }));
        let html = response.text().await.unwrap();
        assert!(html.starts_with("<!doctype html>\n<html lang=\"fr\">"));
        assert!(html.contains("<label for=\"login\">Identifiant</label>"));
        assert!(html.contains("href=\"#main\""));
        assert!(!html.contains("<script") && !html.contains("style="));
        assert!(html.len() < 30 * 1024);

        let wrong = post_form(
            &client,
            s,
            "/signin",
            &[
                ("login", "lea.martin"),
                ("password", "nope nope"),
                ("csrf", &csrf(&html)),
            ],
        )
        .await;
        assert_eq!(wrong.status(), 401);
        let wrong = wrong.text().await.unwrap();
        assert!(wrong.contains("Identifiant ou mot de passe incorrect."));
        assert!(wrong.contains("value=\"lea.martin\""));

        let client = browser_sign_in(s, "lea.martin").await;
        assert_eq!(
            client.get(s.url("/")).send().await.unwrap().headers()[LOCATION],
            "/home"
        );
        let (status, home) = page(&client, s, "/home").await;
        assert_eq!(status, 200);
        assert!(home.contains("Ma classe") && home.contains("6e A"));
        assert!(home.contains("Julie Bernard") && home.contains("Français"));
        assert!(home.contains("Marc Dupont") && home.contains("Mathématiques"));
        assert!(home.contains("Léa Martin"));
        assert!(home.len() < 30 * 1024);

        let response = post_form(&client, s, "/signout", &[("csrf", &csrf(&home))]).await;
        assert_eq!(response.status(), 303);
        assert_eq!(
            client.get(s.url("/home")).send().await.unwrap().headers()[LOCATION],
            "/signin"
        );
    })
    .await;
}

#[tokio::test]
async fn forms_without_the_right_token_or_from_another_site_are_refused() {
    on_every_backend(async |s| {
        let client = s.client();
        let (_, html) = page(&client, s, "/signin").await;
        let token = csrf(&html);
        let missing = post_form(
            &client,
            s,
            "/signin",
            &[("login", "lea.martin"), ("password", PASSWORD)],
        )
        .await;
        assert_eq!(missing.status(), 403);
        assert!(missing
            .text()
            .await
            .unwrap()
            .contains("Ce formulaire a expiré"));
        let wrong = post_form(
            &client,
            s,
            "/signin",
            &[
                ("login", "lea.martin"),
                ("password", PASSWORD),
                ("csrf", "AAAA"),
            ],
        )
        .await;
        assert_eq!(wrong.status(), 403);
        let cross = client
            .post(s.url("/signin"))
            .header("origin", "https://evil.example")
            .form(&[
                ("login", "lea.martin"),
                ("password", PASSWORD),
                ("csrf", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(cross.status(), 403);
        // A token from another browser does not pass with this browser's cookie.
        let (_, other_html) = page(&s.client(), s, "/signin").await;
        let stolen = post_form(
            &client,
            s,
            "/signin",
            &[
                ("login", "lea.martin"),
                ("password", PASSWORD),
                ("csrf", &csrf(&other_html)),
            ],
        )
        .await;
        assert_eq!(stolen.status(), 403);

        let signed_in = browser_sign_in(s, "lea.martin").await;
        let (_, home) = page(&signed_in, s, "/home").await;
        assert_eq!(
            post_form(&signed_in, s, "/signout", &[]).await.status(),
            403
        );
        assert_eq!(
            post_form(&signed_in, s, "/signout", &[("csrf", &token)])
                .await
                .status(),
            403
        );
        let site = signed_in
            .post(s.url("/signout"))
            .header("sec-fetch-site", "cross-site")
            .form(&[("csrf", csrf(&home))])
            .send()
            .await
            .unwrap();
        assert_eq!(site.status(), 403);
        let api = signed_in
            .delete(s.url("/api/v1/session"))
            .header("origin", "https://evil.example")
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 403);
        assert_eq!(page(&signed_in, s, "/home").await.0, 200);
    })
    .await;
}

#[tokio::test]
async fn every_role_lands_on_its_own_home() {
    on_every_backend(async |s| {
        let (_, parent) = page(&browser_sign_in(s, "sophie.martin").await, s, "/home").await;
        assert!(
            parent.contains("Mes enfants")
                && parent.contains("Léa Martin")
                && parent.contains("Tom Martin")
        );
        assert!(parent.contains("5e B"));
        let (_, teacher) = page(&browser_sign_in(s, "marc.dupont").await, s, "/home").await;
        assert!(
            teacher.contains("Mes classes")
                && teacher.contains("5e B")
                && teacher.contains("Mathématiques")
        );
        assert!(!teacher.contains("/school/accounts"));
        let (_, head) = page(&browser_sign_in(s, "paul.leroy").await, s, "/home").await;
        assert!(
            head.contains(&s.school.name)
                && head.contains("6e A")
                && head.contains("Julie Bernard (Français)")
        );
        assert!(
            head.contains("/school/import") && head.contains("/codes\">Codes d’activation</a>")
        );
        assert!(
            head.contains("<td>Élève</td><td>2</td><td>1</td><td>0</td>"),
            "{head}"
        );
        let (_, staff) = page(&browser_sign_in(s, "anne.roux").await, s, "/home").await;
        assert!(staff.contains("/school/accounts") && !staff.contains("/school/import"));
    })
    .await;
}

#[tokio::test]
async fn pages_speak_english_when_asked() {
    on_every_backend(async |s| {
        let client = s.client();
        let response = client.get(s.url("/signin?lang=en")).send().await.unwrap();
        assert!(response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("lang=en")));
        let html = response.text().await.unwrap();
        assert!(html.contains("<html lang=\"en\">") && html.contains("<h1>Sign in</h1>"));
        assert!(html.contains("hreflang=\"fr\">Français</a>"));
        let (_, again) = page(&client, s, "/signin").await;
        assert!(
            again.contains("<html lang=\"en\">"),
            "the choice is remembered"
        );
        let browser = s
            .client()
            .get(s.url("/activate"))
            .header("accept-language", "en-GB,en;q=0.8")
            .send()
            .await
            .unwrap();
        assert!(browser
            .text()
            .await
            .unwrap()
            .contains("Activate my account"));
        let (status, missing) = page(&client, s, "/nowhere").await;
        assert_eq!(status, 404);
        assert!(missing.contains("This page does not exist."));
    })
    .await;
}

#[tokio::test]
async fn i_see_and_revoke_my_sessions_on_the_sessions_page() {
    on_every_backend(async |s| {
        let other = browser_sign_in(s, "tom.martin").await;
        let client = browser_sign_in(s, "tom.martin").await;
        let (status, html) = page(&client, s, "/sessions").await;
        assert_eq!(status, 200);
        assert_eq!(html.matches("/revoke\"").count(), 2);
        assert!(html.contains("Cette session"));
        let cards = after(&html, "<ul class=\"cards\">", "</ul>");
        let other_card = cards
            .split("<li>")
            .nth(1)
            .expect("a card that is not the current session");
        let action = after(other_card, "action=\"", "\"");
        let response = post_form(&client, s, &action, &[("csrf", &csrf(&html))]).await;
        assert_eq!(response.status(), 303);
        let still = page(&client, s, "/home").await.0 == 200;
        let gone = s.status(&other, "/home").await == 303;
        assert!(still && gone, "the other session was revoked, mine stays");
        let css = client
            .get(s.url("/static/cartable-3.css"))
            .send()
            .await
            .unwrap();
        assert!(css.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=31536000"));
        assert!(css.text().await.unwrap().contains("@media print"));
    })
    .await;
}

#[tokio::test]
async fn the_sign_in_page_says_how_long_to_wait() {
    on_every_backend(async |s| {
        let client = s.client();
        let (_, html) = page(&client, s, "/signin").await;
        let token = csrf(&html);
        let mut last = None;
        for _ in 0..12 {
            let response = post_form(
                &client,
                s,
                "/signin",
                &[
                    ("login", "tom.martin"),
                    ("password", "wrong wrong"),
                    ("csrf", &token),
                ],
            )
            .await;
            if response.status() == 429 {
                last = Some(response);
                break;
            }
        }
        let response = last.expect("throttled");
        assert!(response.headers().get("retry-after").is_some());
        let html = response.text().await.unwrap();
        assert!(html.contains("Trop d’essais. Réessayez dans"), "{html}");
    })
    .await;
}
