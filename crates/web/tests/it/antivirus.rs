//! The antivirus over HTTP, with a fake clamd: an infected file is refused as `file_infected`
//! and attached to nothing; while clamd is down every upload is refused as
//! `antivirus_unavailable`, and nothing is kept unscanned.

use crate::continuity::{class, get_json};
use crate::forms::{browser_sign_in, csrf, page};
use crate::harness::Server;
use crate::messages_pages::{checkbox, post_form_with_file, post_with_file};
use cartable_store::testing::clamd::{FakeClamd, MARKER};
use cartable_store::testing::TestDatabase;
use serde_json::{json, Value};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

/// A PDF carrying the fake clamd's marker.
fn infected_pdf() -> Vec<u8> {
    [PDF, MARKER].concat()
}

const HOMEWORK: [(&str, &str); 3] = [
    ("subject", "Mathématiques"),
    ("due", "2026-12-01"),
    ("instructions", "Compléter la fiche."),
];

#[tokio::test]
async fn an_infected_file_is_refused_and_attached_to_nothing() {
    for db in TestDatabase::all().await.unwrap() {
        let fake = FakeClamd::flagging().unwrap();
        let s = Server::start_scanning(db, fake.clamd()).await;

        // A message from the compose page: the form comes back with the reason.
        let lea = browser_sign_in(&s, "lea.martin").await;
        let (_, form) = page(&lea, &s, "/messages/new").await;
        let fields = [
            ("csrf", csrf(&form)),
            ("to", checkbox(&form, "Marc Dupont (Mathématiques)")),
            ("subject", "Mon devoir".to_owned()),
            ("body", "Le voici.".to_owned()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let refused = post_with_file(&lea, &s, &fields, ("devoir.pdf", &infected_pdf())).await;
        assert_eq!(refused.status(), 422, "{}", s.backend);
        let html = refused.text().await.unwrap();
        assert!(
            html.contains("L’antivirus a détecté un virus")
                && html.contains("value=\"Mon devoir\""),
            "{html}"
        );
        let marc = browser_sign_in(&s, "marc.dupont").await;
        let (_, inbox) = page(&marc, &s, "/messages").await;
        assert!(!inbox.contains("Mon devoir"), "nothing was sent");
        assert_eq!(s.stored_files(), 0);
        assert_eq!(s.quarantined_files(), 2, "the file and its note");

        // Homework over the API: a clean file goes through, an infected one sets nothing.
        let six_a = class(&s, "6e A").await;
        let url = s.url(&format!("/api/v1/classes/{six_a}/homework"));
        let teacher = s.signed_in("marc.dupont").await;
        let clean = post_form_with_file(&teacher, &url, &HOMEWORK, ("fiche.pdf", PDF)).await;
        assert_eq!(clean.status(), 201, "{}", s.backend);
        assert_eq!(s.stored_files(), 1);
        let infected =
            post_form_with_file(&teacher, &url, &HOMEWORK, ("fiche.pdf", &infected_pdf())).await;
        assert_eq!(infected.status(), 422);
        let body: Value = infected.json().await.unwrap();
        assert_eq!(body["error"], "file_infected", "{body}");
        assert_eq!(s.stored_files(), 1);
        let pupil = s.signed_in("lea.martin").await;
        let (_, today) = get_json(&pupil, s.url("/api/v1/today?date=2026-12-01")).await;
        assert_eq!(today["homework"].as_array().unwrap().len(), 1, "{today}");

        assert!(s
            .metrics()
            .await
            .contains("cartable_antivirus_refusals_total{outcome=\"infected\"}"));
        s.stop().await;
    }
}

#[tokio::test]
async fn while_clamd_is_down_uploads_are_refused_not_kept_unscanned() {
    for db in TestDatabase::all().await.unwrap() {
        // A clamd that has gone away: its socket no longer exists.
        let clamd = FakeClamd::flagging().unwrap().clamd();
        let s = Server::start_scanning(db, clamd).await;
        let six_a = class(&s, "6e A").await;
        let url = s.url(&format!("/api/v1/classes/{six_a}/homework"));
        let teacher = s.signed_in("marc.dupont").await;
        let refused = post_form_with_file(&teacher, &url, &HOMEWORK, ("fiche.pdf", PDF)).await;
        assert_eq!(refused.status(), 503, "{}", s.backend);
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"], "antivirus_unavailable", "{body}");
        assert_eq!(s.stored_files(), 0);
        assert_eq!(s.quarantined_files(), 0);
        let pupil = s.signed_in("lea.martin").await;
        let (_, today) = get_json(&pupil, s.url("/api/v1/today?date=2026-12-01")).await;
        assert_eq!(today["homework"], json!([]));
        s.stop().await;
    }
}
