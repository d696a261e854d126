//! The head's and staff's pages: accounts, reset access, import, code sheets.

use crate::forms::{after, browser_sign_in, csrf, multipart, page, post_form};
use crate::harness::on_every_backend;

#[tokio::test]
async fn school_pages_are_for_the_schools_staff_only() {
    on_every_backend(async |s| {
        for login in ["lea.martin", "marc.dupont", "sophie.martin"] {
            let client = browser_sign_in(s, login).await;
            let (status, html) = page(&client, s, "/school/accounts").await;
            assert_eq!(status, 403, "{login}");
            assert!(html.contains("Vous n’avez pas accès à cette page."));
            assert_eq!(page(&client, s, "/school/import").await.0, 403, "{login}");
        }
        let staff = browser_sign_in(s, "anne.roux").await;
        let (status, list) = page(&staff, s, "/school/accounts?role=pupil").await;
        assert_eq!(status, 200);
        assert!(list.contains("Inès Haddad") && !list.contains("Marc Dupont"));
        assert_eq!(page(&staff, s, "/school/import").await.0, 403);
        let (_, all) = page(&staff, s, "/school/accounts").await;
        // Staff reset pupils and parents, not teachers or the head.
        assert_eq!(
            all.matches("Réinitialiser l’accès</button>").count(),
            5,
            "{all}"
        );

        let (_, home) = page(&browser_sign_in(s, "paul.leroy").await, s, "/home").await;
        let codes_link = after(&home, "<a href=\"/school/classes/", "\"");
        let other_head = browser_sign_in(s, "nina.weber").await;
        assert_eq!(
            page(&other_head, s, &format!("/school/classes/{codes_link}"))
                .await
                .0,
            404
        );
        assert_eq!(
            page(&staff, s, &format!("/school/classes/{codes_link}"))
                .await
                .0,
            403
        );
    })
    .await;
}

#[tokio::test]
async fn a_reset_from_the_accounts_page_gives_a_code_that_activates() {
    on_every_backend(async |s| {
        let head = browser_sign_in(s, "paul.leroy").await;
        let (_, list) = page(&head, s, "/school/accounts?role=pupil").await;
        let lea_row = after(&list, "lea.martin", "</tr>");
        let action = after(&lea_row, "action=\"", "\"");
        let response = post_form(&head, s, &action, &[("csrf", &csrf(&list))]).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let shown = response.text().await.unwrap();
        let code = after(&shown, "id=\"new-code\">", "<");
        assert_eq!(code.len(), 11);

        let holder = s.client();
        let (_, form) = page(&holder, s, "/activate").await;
        let token = csrf(&form);
        let weak = post_form(
            &holder,
            s,
            "/activate",
            &[
                ("login", "lea.martin"),
                ("code", &code),
                ("password", "motdepasse"),
                ("confirm", "motdepasse"),
                ("csrf", &token),
            ],
        )
        .await;
        assert_eq!(weak.status(), 422);
        assert!(weak
            .text()
            .await
            .unwrap()
            .contains("fait partie des plus courants"));
        let differ = post_form(
            &holder,
            s,
            "/activate",
            &[
                ("login", "lea.martin"),
                ("code", &code),
                ("password", "un long chemin"),
                ("confirm", "un autre chemin"),
                ("csrf", &token),
            ],
        )
        .await;
        assert!(differ
            .text()
            .await
            .unwrap()
            .contains("ne sont pas identiques"));
        let done = post_form(
            &holder,
            s,
            "/activate",
            &[
                ("login", "lea.martin"),
                ("code", &code),
                ("password", "un long chemin"),
                ("confirm", "un long chemin"),
                ("csrf", &token),
            ],
        )
        .await;
        assert_eq!(done.status(), 303);
        let (_, home) = page(&holder, s, "/home").await;
        assert!(home.contains("6e A") && home.contains("Léa Martin"));
    })
    .await;
}

#[tokio::test]
async fn the_head_imports_prints_codes_and_names_are_escaped() {
    on_every_backend(async |s| {
        let head = browser_sign_in(s, "paul.leroy").await;
        let (status, form) = page(&head, s, "/school/import").await;
        assert_eq!(status, 200);
        let token = csrf(&form);
        let bad =
            "role,login,last_name,first_name,classes,children\npupil,a.b,B,A,,\nwizard,c.d,D,C,,\n";
        let (kind, body) = multipart(&[("csrf", &token), ("text", bad)]);
        let response = head
            .post(s.url("/school/import"))
            .header("content-type", kind)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(
            html.contains("Rien n’a été importé")
                && html.contains("<td>2</td><td>a pupil needs a class</td>")
        );
        assert!(html.contains("<td>3</td>"));

        let good = "role,login,last_name,first_name,classes,children\n\
pupil,zoe.lambert,<b>Lambert</b>,Zoé,6e A,\n\
parent,marie.lambert,Lambert,Marie,,zoe.lambert\n\
teacher,eve.script,<script>alert(1)</script>,Ève,6e A:Musique,\n";
        let (kind, body) = multipart(&[("csrf", &token), ("file", good)]);
        let response = head
            .post(s.url("/school/import"))
            .header("content-type", kind)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        assert!(html.contains("<dd id=\"created\">3</dd>"), "{html}");
        let (kind, body) = multipart(&[("csrf", &token), ("file", good)]);
        let again = head
            .post(s.url("/school/import"))
            .header("content-type", kind)
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(again
            .text()
            .await
            .unwrap()
            .contains("<dd id=\"unchanged\">3</dd>"));
        let (kind, body) = multipart(&[("csrf", "forged"), ("file", good)]);
        assert_eq!(
            head.post(s.url("/school/import"))
                .header("content-type", kind)
                .body(body)
                .send()
                .await
                .unwrap()
                .status(),
            403
        );

        let (_, list) = page(&head, s, "/school/accounts").await;
        assert!(
            list.contains("Zoé &#60;b&#62;Lambert&#60;/b&#62;")
                || list.contains("Zoé &lt;b&gt;Lambert&lt;/b&gt;"),
            "{list}"
        );
        assert!(!list.contains("<b>Lambert"));
        let (_, lea_home) = page(&browser_sign_in(s, "lea.martin").await, s, "/home").await;
        assert!(lea_home.contains("Musique") && !lea_home.contains("<script>"));

        let (_, home) = page(&head, s, "/home").await;
        let six_a = after(&home, ">6e A</a></td>", "</tr>");
        let codes_path = after(&six_a, "<a href=\"", "\"");
        let (status, preview) = page(&head, s, &codes_path).await;
        assert_eq!(status, 200);
        for name in ["Inès Haddad", "Karim Haddad", "Marie Lambert"] {
            assert!(preview.contains(name), "{name} in {preview}");
        }
        assert!(
            !preview.contains("Léa Martin"),
            "active accounts get no code"
        );
        let response = post_form(&head, s, &codes_path, &[("csrf", &csrf(&preview))]).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let sheet = response.text().await.unwrap();
        assert_eq!(sheet.matches("class=\"slip\"").count(), 4, "{sheet}");
        // Each slip shows the login next to the code: activation asks for both.
        let ines = after(&sheet, "<code>ines.haddad</code>", "</li>");
        let code = after(&ines, "class=\"code\">", "<");
        let activated = s
            .client()
            .post(s.url("/api/v1/activate"))
            .json(&serde_json::json!({"login": "ines.haddad", "code": code, "password": "la mer est calme"}))
            .send()
            .await
            .unwrap();
        assert_eq!(activated.status(), 200);
        assert_eq!(
            activated.json::<serde_json::Value>().await.unwrap()["login"],
            "ines.haddad"
        );
    })
    .await;
}
