//! The class log and homework over HTTP: who writes, who reads, files handed out.

use super::{class, get_json, maths_entry, post_json, MONDAY};
use crate::harness::on_every_backend;
use crate::messages_pages::post_form_with_file;
use serde_json::{json, Value};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

#[tokio::test]
async fn only_the_teacher_of_a_subject_writes_it_and_only_the_class_reads_it() {
    on_every_backend(async |s| {
        let six_a = class(s, "6e A").await;
        let five_b = class(s, "5e B").await;
        let entry = |subject: &str, due: &str| {
            json!({ "subject": subject, "date": MONDAY, "title": "Leçon", "content": "Fait en classe.",
                    "homework": [{ "due": due, "instructions": "Relire la leçon." }] })
        };
        let log = |class: &str| s.url(&format!("/api/v1/classes/{class}/log"));
        let julie = s.signed_in("julie.bernard").await;
        let cases = [
            ("julie.bernard", &six_a, "Mathématiques", 403),
            ("julie.bernard", &five_b, "Français", 403),
            ("lea.martin", &six_a, "Mathématiques", 403),
            ("anne.roux", &six_a, "Mathématiques", 403),
            ("paul.leroy", &six_a, "Mathématiques", 403),
            ("nina.weber", &six_a, "Mathématiques", 403),
            ("julie.bernard", &six_a, "Français", 201),
        ];
        for (login, class, subject, expected) in cases {
            let client = s.signed_in(login).await;
            let response = post_json(&client, log(class), &entry(subject, MONDAY)).await;
            assert_eq!(response.status(), expected, "{login} {subject} on {}", s.backend);
        }
        // Bad input: a due day gone, an empty title, an unknown class.
        let past = post_json(&julie, log(&six_a), &entry("Français", "2026-11-27")).await;
        assert_eq!(past.status(), 400);
        let body: Value = past.json().await.unwrap();
        assert!(body["message"].as_str().unwrap().contains("in the past"), "{body}");
        let mut untitled = entry("Français", MONDAY);
        untitled["title"] = json!("  ");
        assert_eq!(post_json(&julie, log(&six_a), &untitled).await.status(), 400);
        let unknown = "0123456789abcdef0123456789abcdef";
        assert_eq!(post_json(&julie, log(unknown), &entry("Français", MONDAY)).await.status(), 404);

        // Reading: the class's pupils, parents, teachers and staff; no one else.
        for (login, expected) in [
            ("lea.martin", 200),
            ("sophie.martin", 200),
            ("marc.dupont", 200),
            ("anne.roux", 200),
            ("paul.leroy", 200),
            ("nina.weber", 403),
        ] {
            let (status, body) = get_json(&s.signed_in(login).await, log(&six_a)).await;
            assert_eq!(status, expected, "{login} on {}", s.backend);
            if status == 200 {
                assert_eq!(body[0]["subject"], "Français", "{login}");
                assert_eq!(body[0]["homework"][0]["instructions"], "Relire la leçon.");
            }
        }
        let tom = s.signed_in("tom.martin").await;
        assert_eq!(get_json(&tom, log(&six_a)).await.0, 403);
        let (_, theirs) = get_json(&tom, log(&five_b)).await;
        assert_eq!(theirs, json!([]));
    })
    .await;
}

#[tokio::test]
async fn a_homework_file_reaches_the_class_whole_and_in_ranges_and_no_one_else() {
    on_every_backend(async |s| {
        let six_a = class(s, "6e A").await;
        let marc = s.signed_in("marc.dupont").await;
        let url = s.url(&format!("/api/v1/classes/{six_a}/homework"));
        let fields = [
            ("subject", "Mathématiques"),
            ("due", "2026-12-01"),
            ("instructions", "Compléter la fiche."),
        ];
        let response = post_form_with_file(&marc, &url, &fields, ("fiche.pdf", PDF)).await;
        assert_eq!(response.status(), 201, "{}", s.backend);
        let id = response.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let file = s.url(&format!("/api/v1/homework/{id}/attachments/0"));

        let lea = s.signed_in("lea.martin").await;
        let (_, homework) = get_json(&lea, s.url(&format!("/api/v1/homework/{id}"))).await;
        assert_eq!(homework["attachments"][0]["name"], "fiche.pdf");
        assert_eq!(
            homework["attachments"][0]["url"],
            format!("/api/v1/homework/{id}/attachments/0")
        );
        let whole = lea.get(&file).send().await.unwrap();
        assert_eq!(whole.status(), 200);
        assert_eq!(whole.headers()["content-type"], "application/pdf");
        assert!(whole.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("fiche.pdf"));
        assert_eq!(whole.bytes().await.unwrap().as_ref(), PDF);
        let part = lea
            .get(&file)
            .header("range", "bytes=0-7")
            .send()
            .await
            .unwrap();
        assert_eq!(part.status(), 206);
        assert_eq!(part.bytes().await.unwrap().as_ref(), &PDF[..8]);

        // Another class, another school, a guessed id, a position past the end.
        for login in ["tom.martin", "nina.weber", "julie.bernard"] {
            let client = s.signed_in(login).await;
            let status = client.get(&file).send().await.unwrap().status();
            let expected = if login == "julie.bernard" { 200 } else { 403 };
            assert_eq!(status, expected, "{login} on {}", s.backend);
        }
        let guessed = s.url("/api/v1/homework/0123456789abcdef0123456789abcdef/attachments/0");
        assert_eq!(lea.get(guessed).send().await.unwrap().status(), 404);
        let past_end = s.url(&format!("/api/v1/homework/{id}/attachments/1"));
        assert_eq!(lea.get(past_end).send().await.unwrap().status(), 404);
    })
    .await;
}

#[tokio::test]
async fn a_refused_file_leaves_nothing_behind_and_sets_no_homework() {
    on_every_backend(async |s| {
        let six_a = class(s, "6e A").await;
        let url = s.url(&format!("/api/v1/classes/{six_a}/homework"));
        let marc = s.signed_in("marc.dupont").await;
        let fields = [
            ("subject", "Mathématiques"),
            ("due", "2026-12-01"),
            ("instructions", "Compléter la fiche."),
        ];
        let before = s.stored_files();
        let big = vec![b'a'; 11 * 1024 * 1024];
        let too_large = post_form_with_file(&marc, &url, &fields, ("gros.txt", &big)).await;
        assert_eq!(too_large.status(), 413, "{}", s.backend);
        let page = b"<html><script>alert(1)</script></html>";
        let html = post_form_with_file(&marc, &url, &fields, ("page.html", page)).await;
        assert_eq!(html.status(), 415);
        let past = [
            ("subject", "Mathématiques"),
            ("due", "2026-11-01"),
            ("instructions", "x"),
        ];
        let gone = post_form_with_file(&marc, &url, &past, ("fiche.pdf", PDF)).await;
        assert_eq!(gone.status(), 400);
        let julie = s.signed_in("julie.bernard").await;
        let not_hers = post_form_with_file(&julie, &url, &fields, ("fiche.pdf", PDF)).await;
        assert_eq!(not_hers.status(), 403);
        assert_eq!(s.stored_files(), before, "{}", s.backend);
        let lea = s.signed_in("lea.martin").await;
        let (_, log) = get_json(&lea, s.url("/api/v1/today?date=2026-12-01")).await;
        assert_eq!(log["homework"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn a_teacher_copies_his_own_entry_to_another_class_he_teaches() {
    on_every_backend(async |s| {
        let marc = s.signed_in("marc.dupont").await;
        let entry = maths_entry(s, &marc, &["2026-12-01"]).await;
        let five_b = class(s, "5e B").await;
        let copy = async |client: &reqwest::Client, class: &str| {
            let body = json!({ "class": class });
            let url = s.url(&format!("/api/v1/lessons/{entry}/copy"));
            client.post(url).json(&body).send().await.unwrap().status()
        };
        assert_eq!(copy(&marc, &five_b).await, 201, "{}", s.backend);
        let tom = s.signed_in("tom.martin").await;
        let (_, day) = get_json(&tom, s.url("/api/v1/today?date=2026-12-01")).await;
        assert_eq!(
            day["homework"][0]["instructions"],
            "Exercices pour le 2026-12-01"
        );
        // Julie may not copy Marc's entry, even into her own class.
        let julie = s.signed_in("julie.bernard").await;
        assert_eq!(copy(&julie, &class(s, "6e A").await).await, 404);
    })
    .await;
}
