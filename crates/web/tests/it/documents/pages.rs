//! The documents pages: French first, forms with their token, no script, 404 for others.

use super::PDF;
use crate::continuity::class;
use crate::forms::{after, browser_sign_in, csrf, page, post_form};
use crate::harness::{on_every_backend, Server};
use reqwest::{Client, Response};

/// The page's upload form sent: its token and folder, then the file.
async fn upload_form(
    client: &Client,
    s: &Server,
    space: &str,
    token: &str,
    parent: &str,
    file: (&str, &[u8]),
) -> Response {
    let mut body = Vec::new();
    for (name, value) in [("csrf", token), ("parent", parent)] {
        body.extend_from_slice(
            format!(
                "--B0undary\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--B0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n\
             Content-Type: application/pdf\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(b"\r\n--B0undary--\r\n");
    client
        .post(s.url(&format!("/documents/spaces/{space}/files")))
        .header("content-type", "multipart/form-data; boundary=B0undary")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_teacher_fills_a_class_space_from_the_pages_and_the_class_reads_it() {
    on_every_backend(async |s| {
        let six_a = class(s, "6e A").await;
        let marc = browser_sign_in(s, "marc.dupont").await;
        let (status, html) = page(&marc, s, "/documents").await;
        assert_eq!(status, 200, "{}", s.backend);
        assert!(html.contains("Mes documents") && html.contains("6e A") && html.contains("5e B"));
        assert!(!html.contains("<script"), "no script on the page");
        let space = format!("/documents/spaces/{six_a}");
        let (_, html) = page(&marc, s, &space).await;
        assert!(html.contains("Documents de la classe 6e A") && html.contains("Nouveau dossier"));
        let token = csrf(&html);

        // A forged form changes nothing; the real one makes the folder.
        let folders = format!("{space}/folders");
        let forged = post_form(&marc, s, &folders, &[("csrf", "x"), ("name", "Cours")]).await;
        assert_eq!(forged.status(), 403);
        let made = post_form(
            &marc,
            s,
            &folders,
            &[("csrf", &token), ("name", "Cours"), ("parent", "")],
        )
        .await;
        assert_eq!(made.status(), 303, "{}", s.backend);
        let again = post_form(&marc, s, &folders, &[("csrf", &token), ("name", "cours")]).await;
        assert_eq!(again.status(), 409);
        let html = again.text().await.unwrap();
        assert!(
            html.contains("porte déjà ce nom"),
            "a clear refusal, in French"
        );
        let bad = post_form(&marc, s, &folders, &[("csrf", &token), ("name", "a/b")]).await;
        assert_eq!(bad.status(), 400);
        assert!(bad.text().await.unwrap().contains("« / »"));

        // Into the folder, a file.
        let (_, html) = page(&marc, s, &space).await;
        let folder = after(&html, "href=\"/documents/items/", "\"");
        let forged = upload_form(&marc, s, &six_a, "x", &folder, ("fiche.pdf", PDF)).await;
        assert_eq!(forged.status(), 403);
        let sent = upload_form(&marc, s, &six_a, &token, &folder, ("fiche.pdf", PDF)).await;
        assert_eq!(sent.status(), 303, "{}", s.backend);
        assert_eq!(
            sent.headers()["location"],
            format!("/documents/items/{folder}")
        );
        let (_, html) = page(&marc, s, &format!("/documents/items/{folder}")).await;
        assert!(html.contains("fiche.pdf") && html.contains("Marc Dupont"));
        assert!(html.contains("Renommer") && html.contains("Mettre à la corbeille"));

        // The pupil reads, downloads, and gets no form; her own writes are refused.
        let lea = browser_sign_in(s, "lea.martin").await;
        let (status, html) = page(&lea, s, &format!("/documents/items/{folder}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("fiche.pdf") && html.contains("seuls les professeurs"));
        assert!(!html.contains("Nouveau dossier") && !html.contains("Renommer"));
        let file = after(&html, "<td><a href=\"/documents/items/", "\"");
        let (_, html) = page(&lea, s, &format!("/documents/items/{file}")).await;
        assert!(html.contains("Télécharger"));
        let download = lea
            .get(s.url(&format!("/documents/items/{file}/file")))
            .send()
            .await
            .unwrap();
        assert_eq!(download.status(), 200);
        assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
        let lea_token = csrf(&page(&lea, s, "/documents").await.1);
        let refused = post_form(&lea, s, &folders, &[("csrf", &lea_token), ("name", "Tag")]).await;
        assert_eq!(refused.status(), 403);

        // Someone of another class gets 404 for the file's page and download.
        let tom = browser_sign_in(s, "tom.martin").await;
        assert_eq!(
            page(&tom, s, &format!("/documents/items/{file}")).await.0,
            404
        );
        assert_eq!(
            page(&tom, s, &format!("/documents/items/{file}/file"))
                .await
                .0,
            404
        );

        // Rename, delete to the trash, restore.
        let item = format!("/documents/items/{file}");
        let renamed = post_form(
            &marc,
            s,
            &format!("{item}/rename"),
            &[("csrf", &token), ("name", "Fiche 1.pdf")],
        )
        .await;
        assert_eq!(renamed.status(), 303);
        let deleted = post_form(&marc, s, &format!("{item}/delete"), &[("csrf", &token)]).await;
        assert_eq!(
            deleted.headers()["location"],
            format!("/documents/items/{folder}")
        );
        let (_, html) = page(&marc, s, &format!("{space}/trash")).await;
        assert!(
            html.contains("Fiche 1.pdf") && html.contains("Restaurer"),
            "{}",
            s.backend
        );
        let restored = post_form(&marc, s, &format!("{item}/restore"), &[("csrf", &token)]).await;
        assert_eq!(restored.status(), 303);
        let (_, html) = page(&marc, s, &format!("/documents/items/{folder}?lang=en")).await;
        assert!(html.contains("Fiche 1.pdf") && html.contains("Move to the trash"));
    })
    .await;
}

#[tokio::test]
async fn every_role_has_its_documents_in_the_navigation() {
    on_every_backend(async |s| {
        for login in [
            "lea.martin",
            "sophie.martin",
            "marc.dupont",
            "anne.roux",
            "paul.leroy",
        ] {
            let client = browser_sign_in(s, login).await;
            let (status, html) = page(&client, s, "/home").await;
            assert_eq!(status, 200, "{login}");
            assert!(
                html.contains("href=\"/documents\">Mes documents"),
                "{login}"
            );
            if matches!(login, "lea.martin" | "marc.dupont") {
                let six_a = class(s, "6e A").await;
                let link = format!("href=\"/documents/spaces/{six_a}\"");
                assert!(
                    html.contains(&link),
                    "{login} reaches the class's documents from home"
                );
            }
            let (status, html) = page(&client, s, "/documents").await;
            assert_eq!(status, 200, "{login} on {}", s.backend);
            assert!(html.contains("Ce dossier est vide."), "{login}");
        }
    })
    .await;
}
