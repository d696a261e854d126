//! Correcting the class log over HTTP: the subject's teachers rewrite and delete; nobody
//! else does; work pupils handed in is never deleted with its homework.

use super::{class, get_json, maths_entry};
use crate::forms::{browser_sign_in, csrf, page, post_form};
use crate::harness::on_every_backend;
use crate::messages_pages::post_form_with_file;
use serde_json::{json, Value};

#[tokio::test]
async fn the_subject_s_teacher_rewrites_and_deletes_and_no_one_else_does() {
    on_every_backend(async |s| {
        let marc = s.signed_in("marc.dupont").await;
        let lesson = maths_entry(s, &marc, &["2026-12-01"]).await;
        let lea = s.signed_in("lea.martin").await;
        let six_a = class(s, "6e A").await;
        let (_, log) = get_json(&lea, s.url(&format!("/api/v1/classes/{six_a}/log"))).await;
        let homework = log[0]["homework"][0]["id"].as_str().unwrap().to_owned();

        let lesson_url = s.url(&format!("/api/v1/lessons/{lesson}"));
        let homework_url = s.url(&format!("/api/v1/homework/{homework}"));
        let edit = json!({ "title": "Les fractions (suite)", "content": "Corrigé en classe." });
        for login in [
            "julie.bernard",
            "lea.martin",
            "sophie.martin",
            "anne.roux",
            "paul.leroy",
        ] {
            let client = s.signed_in(login).await;
            let status = client
                .patch(&lesson_url)
                .json(&edit)
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(status, 403, "{login} on {}", s.backend);
            let status = client.delete(&homework_url).send().await.unwrap().status();
            assert_eq!(status, 403, "{login}");
        }
        let empty = marc
            .patch(&lesson_url)
            .json(&json!({ "title": " ", "content": "x" }))
            .send()
            .await
            .unwrap();
        assert_eq!(empty.status(), 400);
        assert_eq!(
            marc.patch(&lesson_url)
                .json(&edit)
                .send()
                .await
                .unwrap()
                .status(),
            204
        );
        let rewritten = marc
            .patch(&homework_url)
            .json(&json!({ "instructions": "Exercices 1 à 4 seulement." }))
            .send()
            .await
            .unwrap();
        assert_eq!(rewritten.status(), 204);
        let (_, log) = get_json(&lea, s.url(&format!("/api/v1/classes/{six_a}/log"))).await;
        assert_eq!(log[0]["title"], "Les fractions (suite)");
        assert_eq!(
            log[0]["homework"][0]["instructions"],
            "Exercices 1 à 4 seulement."
        );

        // Deleting the entry takes its homework with it, and the pupil's day forgets it.
        assert_eq!(marc.delete(&lesson_url).send().await.unwrap().status(), 204);
        assert_eq!(get_json(&lea, homework_url.clone()).await.0, 404);
        let (_, day) = get_json(&lea, s.url("/api/v1/today")).await;
        assert_eq!(day["homework"], json!([]), "{}", s.backend);
        assert_eq!(marc.delete(&lesson_url).send().await.unwrap().status(), 404);
    })
    .await;
}

#[tokio::test]
async fn a_homework_with_work_handed_in_is_not_deleted_and_the_page_deletes_one_without() {
    on_every_backend(async |s| {
        let six_a = class(s, "6e A").await;
        let marc = s.signed_in("marc.dupont").await;
        let set = |instructions: &'static str| {
            let marc = marc.clone();
            let url = s.url(&format!("/api/v1/classes/{six_a}/homework"));
            async move {
                let fields = [
                    ("subject", "Mathématiques"),
                    ("due", "2026-12-01"),
                    ("instructions", instructions),
                    ("hand_in", "on"),
                ];
                let response =
                    post_form_with_file(&marc, &url, &fields, ("vide.txt", b"consigne")).await;
                assert_eq!(response.status(), 201);
                let created: Value = response.json().await.unwrap();
                created["id"].as_str().unwrap().to_owned()
            }
        };
        let handed = set("À rendre").await;
        let lea = s.signed_in("lea.martin").await;
        let (kind, body) = crate::forms::multipart(&[("body", "Ma copie")]);
        let response = lea
            .put(s.url(&format!("/api/v1/homework/{handed}/hand-in")))
            .header("content-type", kind)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let refused = marc
            .delete(s.url(&format!("/api/v1/homework/{handed}")))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 409, "{}", s.backend);
        let (status, _) =
            get_json(&lea, s.url(&format!("/api/v1/homework/{handed}/hand-in"))).await;
        assert_eq!(status, 200, "Léa's work is still there");

        // The homework's page offers the teacher to delete one nobody handed in yet.
        let unused = set("Oublié").await;
        let teacher = browser_sign_in(s, "marc.dupont").await;
        let (_, html) = page(&teacher, s, &format!("/homework/{unused}")).await;
        assert!(html.contains(&format!("action=\"/homework/{unused}/delete\"")));
        let (_, with_work) = page(&teacher, s, &format!("/homework/{handed}")).await;
        assert!(
            !with_work.contains("/delete\""),
            "no delete button once work is in"
        );
        let forged = post_form(
            &teacher,
            s,
            &format!("/homework/{unused}/delete"),
            &[("csrf", "x")],
        )
        .await;
        assert_eq!(forged.status(), 403);
        let deleted = post_form(
            &teacher,
            s,
            &format!("/homework/{unused}/delete"),
            &[("csrf", &csrf(&html))],
        )
        .await;
        assert_eq!(deleted.status(), 303);
        assert_eq!(
            get_json(&marc, s.url(&format!("/api/v1/homework/{unused}")))
                .await
                .0,
            404
        );
    })
    .await;
}
