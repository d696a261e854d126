//! Uploads refused while they stream: over the route's limit, over the quota, of a type
//! not accepted. Nothing of them is kept.

use super::{code, upload, PDF};
use crate::continuity::get_json;
use crate::harness::{on_every_backend, user_id};
use cartable_core::authz::{authorize, Action};
use cartable_core::documents::{DocName, Quota};
use cartable_core::{Actor, Role};
use cartable_store::documents::{NewFile, MAX_DOCUMENT_BYTES};
use cartable_store::{BlobDigest, StoredBlob};

#[tokio::test]
async fn an_upload_over_the_quota_is_refused_while_streaming_and_leaves_nothing() {
    on_every_backend(async |s| {
        // Léa's space is filled up to 1,000 bytes from her quota (a file in the trash
        // counts as much as any).
        let lea_id = user_id(&s.store, "lea.martin").await;
        let actor = Actor::person(lea_id.clone(), Role::Pupil, vec![s.school.id.clone()]);
        let own = authorize(
            &actor,
            Action::UseOwnDocuments {
                owner: lea_id.clone(),
            },
        )
        .unwrap();
        let quota = Quota::personal(Role::Pupil);
        let filler = StoredBlob {
            digest: BlobDigest::parse(&"ab".repeat(32)).unwrap(),
            size: quota.0 - 1_000,
            content_type: "video/mp4",
        };
        let video = s
            .store
            .add_document_file(
                &own,
                &lea_id,
                &NewFile {
                    parent: None,
                    name: &DocName::parse("film.mp4").unwrap(),
                    blob: &filler,
                },
                quota,
                s.now(),
            )
            .await
            .unwrap();
        s.store
            .trash_document(&own, &video.id, s.now())
            .await
            .unwrap();

        let lea = s.signed_in("lea.martin").await;
        let before = s.stored_files();
        let text = vec![b'a'; 1_001];
        let over = upload(s, &lea, "me", None, "notes.txt", &text).await;
        assert_eq!(over.status(), 413, "{}", s.backend);
        let body: serde_json::Value = over.json().await.unwrap();
        assert_eq!(body["error"], "quota_exceeded");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("1000 bytes left"),
            "{body}"
        );
        assert_eq!(s.stored_files(), before, "nothing kept on {}", s.backend);
        // Exactly what is left fits.
        let fits = upload(s, &lea, "me", None, "notes.txt", &text[..1_000]).await;
        assert_eq!(fits.status(), 201, "{}", s.backend);
        let full = upload(s, &lea, "me", None, "encore.pdf", PDF).await;
        assert_eq!(code(full).await, "quota_exceeded");
        let (_, root) = get_json(&lea, s.url("/api/v1/documents/spaces/me")).await;
        assert_eq!(root["used"], root["quota"]);
        let names: Vec<&str> = root["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["notes.txt"]);
    })
    .await;
}

#[tokio::test]
async fn an_upload_over_the_route_limit_or_of_a_wrong_type_is_refused_and_leaves_nothing() {
    on_every_backend(async |s| {
        let marc = s.signed_in("marc.dupont").await;
        let before = s.stored_files();
        let big = vec![b'a'; usize::try_from(MAX_DOCUMENT_BYTES).unwrap() + 1];
        let too_large = upload(s, &marc, "me", None, "gros.txt", &big).await;
        assert_eq!(too_large.status(), 413, "{}", s.backend);
        let error = code(too_large).await;
        assert!(
            error == "file_too_large" || error == "body_too_large",
            "{error}"
        );
        drop(big);
        let page = b"<html><script>alert(1)</script></html>";
        let html = upload(s, &marc, "me", None, "cours.pdf", page).await;
        assert_eq!(html.status(), 415);
        assert_eq!(code(html).await, "file_type_not_allowed");
        let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";
        assert_eq!(
            upload(s, &marc, "me", None, "jeu.pdf", exe).await.status(),
            415
        );
        let empty = upload(s, &marc, "me", None, "vide.txt", b"").await;
        assert_eq!(empty.status(), 400);
        assert_eq!(s.stored_files(), before, "nothing kept on {}", s.backend);
        let (_, root) = get_json(&marc, s.url("/api/v1/documents/spaces/me")).await;
        assert_eq!(root["items"], serde_json::json!([]));
        assert_eq!(root["used"], 0);
    })
    .await;
}
