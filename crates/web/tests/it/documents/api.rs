//! Who reaches which space and file over the API.

use super::{code, created, folder, upload, PDF};
use crate::continuity::{class, get_json};
use crate::harness::on_every_backend;
use serde_json::{json, Value};

#[tokio::test]
async fn another_user_s_file_id_gives_404_not_the_file() {
    on_every_backend(async |s| {
        let lea = s.signed_in("lea.martin").await;
        let drafts = created(folder(s, &lea, "me", "Brouillons", None).await).await;
        let file = created(upload(s, &lea, "me", Some(&drafts), "récit.pdf", PDF).await).await;
        let content = s.url(&format!("/api/v1/documents/{file}/content"));

        // Léa gets her file whole and in part, with its type and name.
        let whole = lea.get(&content).send().await.unwrap();
        assert_eq!(whole.status(), 200, "{}", s.backend);
        assert_eq!(whole.headers()["content-type"], "application/pdf");
        let disposition = whole.headers()["content-disposition"].to_str().unwrap();
        assert!(
            disposition.starts_with("attachment;") && disposition.contains("r%C3%A9cit.pdf"),
            "{disposition}"
        );
        assert_eq!(whole.bytes().await.unwrap().as_ref(), PDF);
        let part = lea
            .get(&content)
            .header("range", "bytes=5-7")
            .send()
            .await
            .unwrap();
        assert_eq!(part.status(), 206);
        assert_eq!(part.bytes().await.unwrap().as_ref(), &PDF[5..=7]);

        // Anyone else — her brother, her mother, her teacher, the head, another school —
        // gets 404 for every use of her ids, and her files stay as they were.
        for login in [
            "tom.martin",
            "sophie.martin",
            "marc.dupont",
            "paul.leroy",
            "nina.weber",
        ] {
            let other = s.signed_in(login).await;
            for path in [
                format!("/api/v1/documents/{file}/content"),
                format!("/api/v1/documents/{file}"),
                format!("/api/v1/documents/{drafts}/items"),
            ] {
                assert_eq!(
                    s.status(&other, &path).await,
                    404,
                    "{login} {path} on {}",
                    s.backend
                );
            }
            let renamed = other
                .post(s.url(&format!("/api/v1/documents/{file}/rename")))
                .json(&json!({ "name": "pris.pdf" }))
                .send()
                .await
                .unwrap();
            assert_eq!(renamed.status(), 404, "{login}");
            let deleted = other
                .delete(s.url(&format!("/api/v1/documents/{drafts}")))
                .send()
                .await
                .unwrap();
            assert_eq!(deleted.status(), 404, "{login}");
            // Uploading into her folder from one's own space finds no such folder.
            let sneaky = upload(s, &other, "me", Some(&drafts), "x.pdf", PDF).await;
            assert_eq!(sneaky.status(), 404, "{login}");
            let (_, own) = get_json(&other, s.url("/api/v1/documents/spaces/me")).await;
            assert_eq!(own["items"], json!([]), "{login}");
        }
        let guessed = "/api/v1/documents/0123456789abcdef0123456789abcdef/content";
        assert_eq!(s.status(&lea, guessed).await, 404);
        assert_eq!(
            s.status(&lea, "/api/v1/documents/not-an-id/content").await,
            404
        );
        let (_, mine) = get_json(&lea, s.url(&format!("/api/v1/documents/{drafts}/items"))).await;
        assert_eq!(mine["items"][0]["name"], "récit.pdf");
        assert_eq!(mine["path"][0]["name"], "Brouillons");
        assert_eq!(mine["used"], PDF.len());
    })
    .await;
}

#[tokio::test]
async fn a_class_space_is_written_by_its_teachers_and_staff_and_read_by_its_class() {
    on_every_backend(async |s| {
        let six_a = class(s, "6e A").await;
        let marc = s.signed_in("marc.dupont").await;
        let chapter = created(folder(s, &marc, &six_a, "Chapitre 1", None).await).await;
        let sheet = created(upload(s, &marc, &six_a, Some(&chapter), "fiche.pdf", PDF).await).await;
        let content = format!("/api/v1/documents/{sheet}/content");
        let root = format!("/api/v1/documents/spaces/{six_a}");
        for (login, reads, writes) in [
            ("lea.martin", 200, 403),
            ("sophie.martin", 200, 403),
            ("julie.bernard", 200, 201),
            ("anne.roux", 200, 201),
            ("paul.leroy", 200, 201),
            ("tom.martin", 403, 403),
            ("nina.weber", 403, 403),
        ] {
            let client = s.signed_in(login).await;
            let (status, listing) = get_json(&client, s.url(&root)).await;
            assert_eq!(status, reads, "{login} reads on {}", s.backend);
            let file_status = s.status(&client, &content).await;
            assert_eq!(
                file_status,
                if reads == 200 { 200 } else { 404 },
                "{login} downloads"
            );
            if reads == 200 {
                assert_eq!(listing["items"][0]["name"], "Chapitre 1", "{login}");
                assert_eq!(listing["writable"], writes == 201, "{login}");
            }
            let name = format!("De {login}");
            let made = folder(s, &client, &six_a, &name, None).await;
            assert_eq!(made.status(), writes, "{login} writes on {}", s.backend);
            let response = client
                .delete(s.url(&format!("/api/v1/documents/{sheet}")))
                .send()
                .await
                .unwrap();
            match (reads, writes) {
                (200, 201) => {
                    assert_eq!(response.status(), 204, "{login} deletes");
                    let back = client
                        .post(s.url(&format!("/api/v1/documents/{sheet}/restore")))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(back.status(), 204, "{login} restores");
                }
                (200, _) => assert_eq!(response.status(), 403, "{login} deletes"),
                _ => assert_eq!(response.status(), 404, "{login} deletes"),
            }
        }
        // Spaces offered: Léa her class; Marc both of his.
        let lea = s.signed_in("lea.martin").await;
        let (_, spaces) = get_json(&lea, s.url("/api/v1/documents/spaces")).await;
        let names: Vec<&str> = spaces
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["", "6e A"]);
        assert_eq!(spaces[1]["writable"], false);
        let (_, spaces) = get_json(&marc, s.url("/api/v1/documents/spaces")).await;
        assert_eq!(spaces.as_array().unwrap().len(), 3, "{}", s.backend);
        assert_eq!(spaces[2]["writable"], true);
    })
    .await;
}

#[tokio::test]
async fn names_moves_and_the_trash_over_the_api() {
    on_every_backend(async |s| {
        let marc = s.signed_in("marc.dupont").await;
        for (name, expected) in [
            ("a/b", "name_with_slash"),
            ("..", "name_reserved"),
            ("  ", "name_empty"),
            ("bad\u{202E}fdp.exe", "name_hidden_characters"),
        ] {
            let response = folder(s, &marc, "me", name, None).await;
            assert_eq!(response.status(), 400, "{name:?}");
            assert_eq!(code(response).await, expected, "{name:?}");
        }
        let long = "x".repeat(121);
        assert_eq!(
            code(folder(s, &marc, "me", &long, None).await).await,
            "name_too_long"
        );
        let a = created(folder(s, &marc, "me", "Cours", None).await).await;
        let twice = folder(s, &marc, "me", "cours", None).await;
        assert_eq!(twice.status(), 409, "{}", s.backend);
        let body: Value = twice.json().await.unwrap();
        assert_eq!(body["error"], "name_taken");
        assert!(body["message"]
            .as_str()
            .unwrap()
            .contains("already has this name"));
        let b = created(folder(s, &marc, "me", "Séquence", Some(&a)).await).await;
        let file = created(upload(s, &marc, "me", Some(&b), "plan.pdf", PDF).await).await;
        let same = upload(s, &marc, "me", Some(&b), "PLAN.pdf", PDF).await;
        assert_eq!(same.status(), 409);

        let move_to = async |id: &str, parent: Value| {
            marc.post(s.url(&format!("/api/v1/documents/{id}/move")))
                .json(&json!({ "parent": parent }))
                .send()
                .await
                .unwrap()
        };
        let into_child = move_to(&a, json!(b)).await;
        assert_eq!(into_child.status(), 409);
        assert_eq!(code(into_child).await, "move_into_itself");
        let into_self = move_to(&a, json!(a)).await;
        assert_eq!(code(into_self).await, "move_into_itself");
        let into_file = move_to(&a, json!(file)).await;
        assert_eq!(into_file.status(), 400);
        assert_eq!(code(into_file).await, "not_a_folder");
        assert_eq!(move_to(&b, Value::Null).await.status(), 204);
        let (_, root) = get_json(&marc, s.url("/api/v1/documents/spaces/me")).await;
        let names: Vec<&str> = root["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Cours", "Séquence"], "{}", s.backend);
        let rename = marc
            .post(s.url(&format!("/api/v1/documents/{b}/rename")))
            .json(&json!({ "name": "COURS" }))
            .send()
            .await
            .unwrap();
        assert_eq!(rename.status(), 409);

        // The trash: delete, list, restore; purged after 30 days.
        let gone = marc
            .delete(s.url(&format!("/api/v1/documents/{b}")))
            .send()
            .await
            .unwrap();
        assert_eq!(gone.status(), 204);
        assert_eq!(
            s.status(&marc, &format!("/api/v1/documents/{file}/content"))
                .await,
            404
        );
        let (_, trash) = get_json(&marc, s.url("/api/v1/documents/spaces/me/trash")).await;
        assert_eq!(trash[0]["item"]["name"], "Séquence");
        assert_eq!(
            trash[0]["restorable_until"].as_i64().unwrap()
                - trash[0]["trashed_at"].as_i64().unwrap(),
            30 * 86_400
        );
        let (_, root) = get_json(&marc, s.url("/api/v1/documents/spaces/me")).await;
        assert_eq!(root["used"], PDF.len(), "the trash counts in the quota");
        let restore = |id: String| {
            let client = marc.clone();
            let url = s.url(&format!("/api/v1/documents/{id}/restore"));
            async move { client.post(url).send().await.unwrap().status() }
        };
        assert_eq!(restore(b.clone()).await, 204);
        assert_eq!(
            s.status(&marc, &format!("/api/v1/documents/{file}/content"))
                .await,
            200
        );
        marc.delete(s.url(&format!("/api/v1/documents/{b}")))
            .send()
            .await
            .unwrap();
        s.clock.advance(31 * 86_400);
        // A month on, a fresh session.
        let marc = s.signed_in("marc.dupont").await;
        let (_, trash) = get_json(&marc, s.url("/api/v1/documents/spaces/me/trash")).await;
        assert_eq!(trash, json!([]), "{}", s.backend);
        let gone = marc
            .post(s.url(&format!("/api/v1/documents/{b}/restore")))
            .send()
            .await
            .unwrap();
        assert_eq!(gone.status(), 404);
        let (_, root) = get_json(&marc, s.url("/api/v1/documents/spaces/me")).await;
        assert_eq!(root["used"], 0);
    })
    .await;
}

#[tokio::test]
async fn the_documents_api_is_in_the_openapi_document() {
    on_every_backend(async |s| {
        let (_, doc) = get_json(&s.client(), s.url("/api/v1/openapi.json")).await;
        for path in [
            "/api/v1/documents/spaces",
            "/api/v1/documents/spaces/{space}/files",
            "/api/v1/documents/{id}/content",
            "/api/v1/documents/{id}/restore",
        ] {
            assert!(doc["paths"][path].is_object(), "{path}");
        }
        assert!(doc["components"]["schemas"]["ListingDto"].is_object());
    })
    .await;
}
