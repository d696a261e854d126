//! The school's accounts page: search, filters and pages; locking an account; what comes back
//! compressed.

use crate::forms::{after, browser_sign_in, csrf, page, post_form};
use crate::harness::{on_every_backend, operator, Server};
use cartable_core::authz::Action;
use cartable_core::import::parse_directory;
use std::io::Read;

/// Turns an `href` as the page writes it (HTML-escaped) back into a path.
fn unescape_href(href: &str) -> String {
    href.replace("&#38;", "&").replace("&amp;", "&")
}

/// The link just before `marker` (e.g. `rel="next"`), as a path.
fn link_before(html: &str, marker: &str) -> String {
    let end = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {html}"));
    let before = &html[..end];
    let start = before.rfind("href=\"").unwrap() + "href=\"".len();
    unescape_href(before[start..].split('"').next().unwrap())
}

/// Adds `n` pupils of 6e A named `Eleve00`, `Eleve01`… to the school.
async fn add_pupils(s: &Server, n: usize) {
    let mut directory = String::from("role,login,last_name,first_name,classes,children\n");
    for i in 0..n {
        directory.push_str(&format!("pupil,eleve.{i:02},Eleve{i:02},Pat,6e A,\n"));
    }
    s.store
        .import_directory(
            &operator(Action::ImportDirectory(s.school.id.clone())),
            &parse_directory(&directory).unwrap(),
            s.now(),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn the_accounts_page_searches_and_pages_keeping_its_filters() {
    on_every_backend(async |s| {
        add_pupils(s, 60).await;
        let head = browser_sign_in(s, "paul.leroy").await;
        let (status, first) = page(&head, s, "/school/accounts?q=ELEVE").await;
        assert_eq!(status, 200, "{}", s.backend);
        assert!(
            first.contains("<p id=\"total\" role=\"status\">60 comptes</p>"),
            "{first}"
        );
        assert!(first.contains("<span id=\"page\">Page 1 sur 2</span>"));
        assert!(first.contains("Pat Eleve00") && first.contains("Pat Eleve49"));
        assert!(!first.contains("Pat Eleve50") && !first.contains("Léa Martin"));
        assert!(
            first.contains("value=\"ELEVE\""),
            "the search box keeps the text"
        );
        assert!(!first.contains("rel=\"prev\""));
        let next = link_before(&first, "rel=\"next\"");
        assert_eq!(next, "/school/accounts?q=ELEVE&page=2");

        let (_, second) = page(&head, s, &next).await;
        assert!(
            second.contains("<span id=\"page\">Page 2 sur 2</span>"),
            "{second}"
        );
        assert!(second.contains("Pat Eleve50") && second.contains("Pat Eleve59"));
        assert!(!second.contains("Pat Eleve49") && !second.contains("rel=\"next\""));
        let previous = link_before(&second, "rel=\"prev\"");
        assert_eq!(previous, "/school/accounts?q=ELEVE&page=1");
        let (_, past) = page(&head, s, "/school/accounts?q=eleve&page=9").await;
        assert!(
            past.contains("Page 2 sur 2"),
            "past the end shows the last page"
        );

        // The unfiltered list is paged too: 9 seeded accounts and 60 pupils.
        let (_, all) = page(&head, s, "/school/accounts").await;
        assert!(all.contains("69 comptes") && all.contains("Page 1 sur 2"));
        assert_eq!(all.matches("<tr><td>").count(), 50);

        // The head's home links each class, 6e before 5e, to its accounts.
        let (_, home) = page(&head, s, "/home").await;
        let six_a = home.find(">6e A</a>").unwrap();
        let five_b = home.find(">5e B</a>").unwrap();
        assert!(six_a < five_b, "6e before 5e");
        let class_link = link_before(&home, ">6e A</a>");
        assert!(
            class_link.starts_with("/school/accounts?class="),
            "{class_link}"
        );
        let class_id = class_link.trim_start_matches("/school/accounts?class=");
        let path = format!("/school/accounts?q=martin&role=pupil&class={class_id}");
        let (_, filtered) = page(&head, s, &path).await;
        assert!(filtered.contains("1 compte</p>"), "{filtered}");
        assert!(filtered.contains("Léa Martin"));
        assert!(!filtered.contains("Tom Martin") && !filtered.contains("Sophie Martin"));
        assert!(filtered.contains(&format!(
            "<option value=\"{class_id}\" selected>6e A</option>"
        )));
        assert!(filtered.contains("<option value=\"pupil\" selected>"));
        let classes = after(&filtered, "<select id=\"class\"", "</select>");
        assert!(classes.find("6e A").unwrap() < classes.find("5e B").unwrap());

        let (_, parents) = page(
            &head,
            s,
            &format!("/school/accounts?class={class_id}&role=parent"),
        )
        .await;
        assert!(parents.contains("Sophie Martin") && parents.contains("Karim Haddad"));
        assert!(!parents.contains("Léa Martin"));
        let (status, _) = page(&head, s, "/school/accounts?page=zero").await;
        assert_eq!(status, 400);
    })
    .await;
}

#[tokio::test]
async fn the_search_text_shown_back_is_escaped() {
    on_every_backend(async |s| {
        let head = browser_sign_in(s, "paul.leroy").await;
        let (status, html) = page(
            &head,
            s,
            "/school/accounts?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        )
        .await;
        assert_eq!(status, 200);
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("value=\"&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;\"")
                || html.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""),
            "{html}"
        );
        assert!(html.contains("Aucun compte ne correspond à cette recherche."));
        assert!(html.contains("0 compte</p>"));
    })
    .await;
}

#[tokio::test]
async fn staff_lock_a_pupil_whose_sessions_end_at_once_but_not_a_teacher() {
    on_every_backend(async |s| {
        let pupil = browser_sign_in(s, "lea.martin").await;
        assert_eq!(page(&pupil, s, "/home").await.0, 200);
        let teacher = browser_sign_in(s, "marc.dupont").await;
        let staff = browser_sign_in(s, "anne.roux").await;

        let (_, list) = page(&staff, s, "/school/accounts").await;
        let marc_row = after(&list, "<td>marc.dupont</td>", "</tr>");
        assert!(
            !marc_row.contains("/lock"),
            "no lock button for a teacher: {marc_row}"
        );
        let lea_row = after(&list, "<td>lea.martin</td>", "</tr>");
        let confirm_path = after(&lea_row, "<form method=\"get\" action=\"", "\"");
        assert!(confirm_path.ends_with("/lock"), "{confirm_path}");

        let (status, confirm) = page(&staff, s, &confirm_path).await;
        assert_eq!(status, 200);
        assert!(
            confirm.contains("Verrouiller Léa Martin ? Ses sessions prennent fin immédiatement."),
            "{confirm}"
        );
        assert_eq!(
            page(&pupil, s, "/home").await.0,
            200,
            "asking changes nothing"
        );
        let forged = post_form(&staff, s, &confirm_path, &[("csrf", "forged")]).await;
        assert_eq!(forged.status(), 403);
        assert_eq!(
            page(&pupil, s, "/home").await.0,
            200,
            "a forged form changes nothing"
        );

        let done = post_form(&staff, s, &confirm_path, &[("csrf", &csrf(&confirm))]).await;
        assert_eq!(done.status(), 200);
        let done = done.text().await.unwrap();
        assert!(
            done.contains("Compte verrouillé") && done.contains("Léa Martin"),
            "{done}"
        );

        let refused = pupil.get(s.url("/home")).send().await.unwrap();
        assert_eq!(
            refused.status(),
            303,
            "the pupil's open session ends at once"
        );
        assert_eq!(refused.headers()["location"], "/signin");
        let again = s
            .client()
            .post(s.url("/api/v1/session"))
            .json(&serde_json::json!({"login": "lea.martin", "password": crate::harness::PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 401, "and the account can no longer sign in");

        let (_, list) = page(&staff, s, "/school/accounts?q=lea.martin").await;
        let lea_row = after(&list, "<td>lea.martin</td>", "</tr>");
        assert!(lea_row.contains("<strong>Verrouillé</strong>"), "{lea_row}");
        assert!(!lea_row.contains("/lock"), "{lea_row}");

        let marc = crate::harness::user_id(&s.store, "marc.dupont").await;
        let marc_lock = format!("/school/accounts/{marc}/lock");
        assert_eq!(page(&staff, s, &marc_lock).await.0, 403);
        let refused = post_form(&staff, s, &marc_lock, &[("csrf", &csrf(&list))]).await;
        assert_eq!(refused.status(), 403);
        assert!(refused
            .text()
            .await
            .unwrap()
            .contains("Vous n’avez pas accès à cette page."));
        assert_eq!(
            page(&teacher, s, "/home").await.0,
            200,
            "the teacher is still signed in"
        );

        let head = browser_sign_in(s, "paul.leroy").await;
        let (_, head_list) = page(&head, s, "/school/accounts?role=teacher").await;
        assert!(
            after(&head_list, "<td>marc.dupont</td>", "</tr>").contains("/lock"),
            "the head may"
        );
        let head_id = crate::harness::user_id(&s.store, "paul.leroy").await;
        assert_eq!(
            page(&head, s, &format!("/school/accounts/{head_id}/lock"))
                .await
                .0,
            403,
            "nobody locks themselves out"
        );
        let other_head = browser_sign_in(s, "nina.weber").await;
        assert_eq!(
            page(&other_head, s, &marc_lock).await.0,
            403,
            "another school's head"
        );
    })
    .await;
}

#[tokio::test]
async fn pages_come_back_compressed_when_the_browser_asks() {
    on_every_backend(async |s| {
        let head = browser_sign_in(s, "paul.leroy").await;
        let plain = head.get(s.url("/school/accounts")).send().await.unwrap();
        assert!(plain.headers().get("content-encoding").is_none());
        let plain = plain.text().await.unwrap();

        let gzipped = head
            .get(s.url("/school/accounts"))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(gzipped.status(), 200);
        assert_eq!(gzipped.headers()["content-encoding"], "gzip");
        assert!(gzipped.headers()["vary"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase()
            .contains("accept-encoding"));
        let bytes = gzipped.bytes().await.unwrap();
        assert!(bytes.len() < plain.len());
        let mut decoded = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut decoded)
            .unwrap();
        assert_eq!(
            without_csrf(&decoded),
            without_csrf(&plain),
            "it decodes to the page (whose anti-forgery tokens are masked afresh each time)"
        );
        assert!(decoded.contains("Léa Martin"));

        for (path, encoding) in [
            ("/static/cartable-3.css", "br"),
            ("/api/v1/openapi.json", "br"),
            ("/api/v1/openapi.json", "gzip"),
        ] {
            let response = s
                .client()
                .get(s.url(path))
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap();
            assert_eq!(response.headers()["content-encoding"], encoding, "{path}");
        }
        let tiny = s
            .client()
            .get(s.url("/healthz"))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert!(
            tiny.headers().get("content-encoding").is_none(),
            "not worth it"
        );
    })
    .await;
}

/// A page with the values of its anti-forgery fields blanked: they differ in every response.
fn without_csrf(page: &str) -> String {
    const FIELD: &str = "name=\"csrf\" value=\"";
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(start) = rest.find(FIELD) {
        let value_start = start + FIELD.len();
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        rest = &rest[rest.find('"').unwrap_or(rest.len())..];
    }
    out.push_str(rest);
    out
}
