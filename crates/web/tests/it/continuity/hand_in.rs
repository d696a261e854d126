//! Assignments over HTTP: a homework that asks for work, pupils handing it in and replacing
//! it, late hand-ins, who may see whose, the teacher's list, zip and review.

use super::{class, get_json, MONDAY};
use crate::forms::multipart;
use crate::harness::{give_code, on_every_backend, user_id, Server, PASSWORD};
use crate::messages_pages::{form_with_file, post_form_with_file};
use cartable_core::Role;
use reqwest::{Client, Response};
use serde_json::{json, Value};
use std::io::Read;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// Marc sets a maths homework in 6e A due on `due` that asks for a hand-in by
/// `deadline_time` (PDF or text, at most 1 MiB), with a PDF handed out; its id.
async fn assignment(s: &Server, due: &str, deadline_time: &str) -> String {
    let six_a = class(s, "6e A").await;
    let marc = s.signed_in("marc.dupont").await;
    let response = post_form_with_file(
        &marc,
        &s.url(&format!("/api/v1/classes/{six_a}/homework")),
        &[
            ("subject", "Mathématiques"),
            ("due", due),
            ("instructions", "Rédiger la démonstration."),
            ("hand_in", "on"),
            ("deadline_time", deadline_time),
            ("accepted", "pdf"),
            ("accepted", "text"),
            ("max_mib", "1"),
        ],
        ("sujet.pdf", PDF),
    )
    .await;
    assert_eq!(response.status(), 201, "{}", s.backend);
    let created: Value = response.json().await.unwrap();
    created["id"].as_str().unwrap().to_owned()
}

/// Hands in as `client`: text `body` (if any) and one file (if any).
async fn hand_in(
    s: &Server,
    client: &Client,
    homework: &str,
    body: Option<&str>,
    file: Option<(&str, &[u8])>,
) -> Response {
    let fields: Vec<(&str, &str)> = body.map(|b| ("body", b)).into_iter().collect();
    let (kind, bytes) = match file {
        Some(file) => form_with_file(&fields, file),
        None => {
            let (kind, text) = multipart(&fields);
            (kind, text.into_bytes())
        }
    };
    client
        .put(s.url(&format!("/api/v1/homework/{homework}/hand-in")))
        .header("content-type", kind)
        .body(bytes)
        .send()
        .await
        .unwrap()
}

/// Inès, Léa's classmate, whose account the harness leaves pending: she activates it and
/// signs in.
async fn ines(s: &Server) -> Client {
    let code = "KMNPQ-RSTUV";
    give_code(
        &s.store,
        &s.school,
        "ines.haddad",
        Role::Pupil,
        code,
        s.now(),
    )
    .await;
    let activated = s
        .client()
        .post(s.url("/api/v1/activate"))
        .json(&json!({ "login": "ines.haddad", "code": code, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(activated.status(), 200, "{}", s.backend);
    let client = s.client();
    let signed = client
        .post(s.url("/api/v1/session"))
        .json(&json!({ "login": "ines.haddad", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let status = signed.status();
    assert_eq!(status, 200, "{}", signed.text().await.unwrap());
    client
}

async fn error_code(response: Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["error"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_pupil_hands_in_replaces_and_the_teacher_reviews_and_downloads_all() {
    on_every_backend(async |s| {
        let homework = assignment(s, "2026-12-01", "08:00").await;
        let lea = s.signed_in("lea.martin").await;
        let marc = s.signed_in("marc.dupont").await;
        let lea_id = user_id(&s.store, "lea.martin").await;

        let (status, read) = get_json(&lea, s.url(&format!("/api/v1/homework/{homework}"))).await;
        assert_eq!(status, 200);
        assert_eq!(read["hand_in"]["accepted"], json!(["pdf", "text"]));
        assert_eq!(read["hand_in"]["max_bytes"], 1024 * 1024);
        assert!(read["hand_in"]["deadline"].as_i64().unwrap() > s.now().0);

        let first = hand_in(
            s,
            &lea,
            &homework,
            Some("Ma réponse"),
            Some(("devoir.pdf", PDF)),
        )
        .await;
        assert_eq!(first.status(), 200, "{}", s.backend);
        let first: Value = first.json().await.unwrap();
        assert_eq!(first["timing"], "on_time");
        assert_eq!(first["hand_in"]["files"][0]["name"], "devoir.pdf");
        assert_eq!(first["hand_in"]["late"], false);

        // Replaced whole, until the deadline: the file goes with the old version.
        let second = hand_in(s, &lea, &homework, Some("Version 2"), None).await;
        assert_eq!(second.status(), 200);
        // Refused while streaming, and nothing changes: a picture, a file over 1 MiB,
        // nothing at all.
        let png = hand_in(s, &lea, &homework, None, Some(("photo.pdf", PNG))).await;
        assert_eq!(png.status(), 415);
        let big = vec![b'a'; 1024 * 1024 + 1];
        let too_big = hand_in(s, &lea, &homework, None, Some(("long.txt", &big))).await;
        assert_eq!(too_big.status(), 413);
        assert_eq!(error_code(too_big).await, "file_too_large");
        let empty = hand_in(s, &lea, &homework, Some("   "), None).await;
        assert_eq!(empty.status(), 400);
        let (_, mine) =
            get_json(&lea, s.url(&format!("/api/v1/homework/{homework}/hand-in"))).await;
        assert_eq!(mine["body"], "Version 2");
        assert_eq!(mine["files"], json!([]));

        // Who may see it: Léa, her mother, her maths teacher; not her classmate, not the
        // French teacher, not the staff, and a pupil of another class cannot hand in.
        let of_lea = format!("/api/v1/homework/{homework}/hand-ins/{lea_id}");
        for (login, expected) in [
            ("lea.martin", 200),
            ("sophie.martin", 200),
            ("marc.dupont", 200),
            ("julie.bernard", 403),
            ("anne.roux", 403),
            ("paul.leroy", 403),
        ] {
            let (status, body) = get_json(&s.signed_in(login).await, s.url(&of_lea)).await;
            assert_eq!(status, expected, "{login} on {}", s.backend);
            if status == 200 {
                assert_eq!(body["body"], "Version 2", "{login}");
            }
        }
        let tom = s.signed_in("tom.martin").await;
        assert_eq!(
            hand_in(s, &tom, &homework, Some("Moi aussi"), None)
                .await
                .status(),
            403
        );
        let list = s.url(&format!("/api/v1/homework/{homework}/hand-ins"));
        for login in ["julie.bernard", "lea.martin", "sophie.martin", "anne.roux"] {
            let (status, _) = get_json(&s.signed_in(login).await, list.clone()).await;
            assert_eq!(status, 403, "{login}");
        }

        // The teacher's list: every pupil of the class, by name, handed in or not.
        let (status, statuses) = get_json(&marc, list).await;
        assert_eq!(status, 200);
        let names: Vec<&str> = statuses
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["pupil"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Inès Haddad", "Léa Martin"]);
        assert_eq!(statuses[0]["hand_in"], Value::Null);
        assert_eq!(statuses[1]["hand_in"]["body"], "Version 2");

        // Inès hands in a file; her classmate cannot fetch it by guessing its address.
        let ines = ines(s).await;
        let (status, _) = get_json(&ines, s.url(&of_lea)).await;
        assert_eq!(status, 403, "a classmate does not read Léa's hand-in");
        assert_eq!(
            hand_in(s, &ines, &homework, None, Some(("copie.pdf", PDF)))
                .await
                .status(),
            200
        );
        let ines_id = user_id(&s.store, "ines.haddad").await;
        let her_file = s.url(&format!(
            "/api/v1/homework/{homework}/hand-ins/{ines_id}/files/0"
        ));
        let guessed = lea.get(&her_file).send().await.unwrap();
        assert_eq!(guessed.status(), 403);
        assert_ne!(guessed.bytes().await.unwrap().as_ref(), PDF);
        let fetched = marc.get(&her_file).send().await.unwrap();
        assert_eq!(fetched.status(), 200);
        assert_eq!(fetched.bytes().await.unwrap().as_ref(), PDF);

        // Everything as one zip: a folder per pupil who handed in.
        let zip = marc
            .get(s.url(&format!("/api/v1/homework/{homework}/hand-ins.zip")))
            .send()
            .await
            .unwrap();
        assert_eq!(zip.status(), 200);
        assert_eq!(zip.headers()["content-type"], "application/zip");
        let bytes = zip.bytes().await.unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut names: Vec<String> = archive
            .file_names()
            .map(|name| name.unwrap().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["Inès Haddad/1-copie.pdf", "Léa Martin/texte.txt"]);
        let mut text = String::new();
        archive
            .by_name("Léa Martin/texte.txt")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "Version 2");
        assert_eq!(
            lea.get(s.url(&format!("/api/v1/homework/{homework}/hand-ins.zip")))
                .send()
                .await
                .unwrap()
                .status(),
            403
        );

        // The review: feedback and mark, read by Léa and her mother; then it is closed.
        let review = s.url(&format!("{of_lea}/review"));
        let bad_mark = marc
            .put(&review)
            .json(&json!({ "feedback": "Bien.", "mark": "21" }))
            .send()
            .await
            .unwrap();
        assert_eq!(bad_mark.status(), 400);
        let by_julie = s
            .signed_in("julie.bernard")
            .await
            .put(&review)
            .json(&json!({ "feedback": "Bien.", "mark": "12" }))
            .send()
            .await
            .unwrap();
        assert_eq!(by_julie.status(), 403);
        // A review written for a version Léa has replaced since is not put on the new one.
        let stale = marc
            .put(&review)
            .json(&json!({ "feedback": "Bien.", "handed_in_at": 1 }))
            .send()
            .await
            .unwrap();
        assert_eq!(stale.status(), 409);
        let ok = marc
            .put(&review)
            .json(&json!({ "feedback": "Bonne démonstration.", "mark": "15,5" }))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 204);
        for login in ["lea.martin", "sophie.martin"] {
            let (_, body) = get_json(&s.signed_in(login).await, s.url(&of_lea)).await;
            assert_eq!(
                body["review"]["feedback"], "Bonne démonstration.",
                "{login}"
            );
            assert_eq!(body["review"]["mark"], 15.5, "{login}");
        }
        let after_review = hand_in(s, &lea, &homework, Some("Version 3"), None).await;
        assert_eq!(after_review.status(), 409);
        assert_eq!(error_code(after_review).await, "hand_in_reviewed");
        // Nobody handed in for Tom, and a review of nothing finds nothing.
        let tom_id = user_id(&s.store, "tom.martin").await;
        let nothing = marc
            .put(s.url(&format!(
                "/api/v1/homework/{homework}/hand-ins/{tom_id}/review"
            )))
            .json(&json!({ "feedback": "?" }))
            .send()
            .await
            .unwrap();
        assert_eq!(nothing.status(), 404);
    })
    .await;
}

#[tokio::test]
async fn after_the_deadline_a_first_hand_in_is_late_and_a_replacement_refused() {
    on_every_backend(async |s| {
        // A deadline already gone is refused when the homework is set.
        let six_a = class(s, "6e A").await;
        let marc = s.signed_in("marc.dupont").await;
        let gone = post_form_with_file(
            &marc,
            &s.url(&format!("/api/v1/classes/{six_a}/homework")),
            &[
                ("subject", "Mathématiques"),
                ("due", MONDAY),
                ("instructions", "Pour ce matin."),
                ("hand_in", "on"),
                ("deadline_time", "07:00"),
            ],
            ("sujet.pdf", PDF),
        )
        .await;
        assert_eq!(gone.status(), 400);
        let message: Value = gone.json().await.unwrap();
        assert!(
            message["message"].as_str().unwrap().contains("deadline"),
            "{message}"
        );

        let homework = assignment(s, MONDAY, "23:00").await;
        let ines = ines(s).await;
        assert_eq!(
            hand_in(s, &ines, &homework, Some("À l'heure"), None)
                .await
                .status(),
            200
        );
        s.clock.advance(24 * 3600);
        let lea = s.signed_in("lea.martin").await;
        let late = hand_in(s, &lea, &homework, Some("En retard"), None).await;
        assert_eq!(late.status(), 200, "{}", s.backend);
        let late: Value = late.json().await.unwrap();
        assert_eq!(late["timing"], "late");
        assert_eq!(late["hand_in"]["late"], true);
        // A day later her session has ended: she signs in again.
        let ines = s.signed_in("ines.haddad").await;
        let replaced = hand_in(s, &ines, &homework, Some("Corrigé après coup"), None).await;
        assert_eq!(replaced.status(), 409);
        assert_eq!(error_code(replaced).await, "deadline_passed");
        let marc = s.signed_in("marc.dupont").await;
        let (_, statuses) = get_json(
            &marc,
            s.url(&format!("/api/v1/homework/{homework}/hand-ins")),
        )
        .await;
        assert_eq!(statuses[0]["hand_in"]["body"], "À l'heure");
        assert_eq!(statuses[0]["hand_in"]["late"], false);
        assert_eq!(statuses[1]["hand_in"]["late"], true);
    })
    .await;
}

#[tokio::test]
async fn the_hand_in_page_needs_its_form_token_before_any_file() {
    on_every_backend(async |s| {
        let homework = assignment(s, "2026-12-01", "08:00").await;
        let lea = s.signed_in("lea.martin").await;
        let before = s.stored_files();
        let forged = post_form_with_file(
            &lea,
            &s.url(&format!("/homework/{homework}/hand-in")),
            &[("body", "Sans jeton")],
            ("devoir.pdf", b"%PDF-1.4 un autre fichier\n%%EOF\n"),
        )
        .await;
        assert_eq!(forged.status(), 403);
        assert_eq!(s.stored_files(), before, "nothing stored on {}", s.backend);
        let (status, _) =
            get_json(&lea, s.url(&format!("/api/v1/homework/{homework}/hand-in"))).await;
        assert_eq!(status, 404);
    })
    .await;
}
