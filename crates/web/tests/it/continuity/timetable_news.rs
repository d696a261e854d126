//! Timetable files and news over HTTP, role by role.

use super::{class, get_json, post_json, WEEK};
use crate::harness::on_every_backend;
use serde_json::{json, Value};

#[tokio::test]
async fn a_timetable_file_is_loaded_by_staff_only_and_all_or_nothing() {
    on_every_backend(async |s| {
        let url = s.url(&format!("/api/v1/schools/{}/timetable", s.school.id));
        let post = |login: &'static str, body: &'static str| {
            let url = url.clone();
            async move {
                let client = s.signed_in(login).await;
                client
                    .post(url)
                    .header("content-type", "text/csv")
                    .body(body)
                    .send()
                    .await
                    .unwrap()
            }
        };
        for login in ["lea.martin", "sophie.martin", "marc.dupont", "nina.weber"] {
            assert_eq!(
                post(login, WEEK).await.status(),
                403,
                "{login} on {}",
                s.backend
            );
        }
        let bad = "class,day,start,end,subject,teacher,room\n\
                   6e A,lundi,08:00,09:00,Maths,,\n\
                   6e A,lundi,08:30,09:30,Français,,\n\
                   9e Z,mardi,08:00,09:00,Maths,,\n";
        let refused = post("paul.leroy", bad).await;
        assert_eq!(refused.status(), 422);
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"], "invalid_timetable");
        assert_eq!(body["lines"][0]["line"], 3, "{body}");
        // 9e Z is unknown to the school, but only the database knows: a second pass.
        let unknown = "class,day,start,end,subject,teacher,room\n9e Z,mardi,08:00,09:00,Maths,,\n";
        let body: Value = post("paul.leroy", unknown).await.json().await.unwrap();
        assert_eq!(body["lines"][0]["line"], 2, "{body}");
        assert!(body["lines"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("9e Z"));
        let six_a = class(s, "6e A").await;
        let lea = s.signed_in("lea.martin").await;
        let (_, week) = get_json(&lea, s.url(&format!("/api/v1/classes/{six_a}/timetable"))).await;
        assert_eq!(week, json!([]), "nothing was loaded on {}", s.backend);
        assert_eq!(post("anne.roux", WEEK).await.status(), 200);
        let (_, week) = get_json(&lea, s.url(&format!("/api/v1/classes/{six_a}/timetable"))).await;
        assert_eq!(week.as_array().unwrap().len(), 3);
        assert_eq!(week[0]["teacher"], "Marc Dupont");
        // Changes: staff only, on the lesson's weekday.
        let slot = week[0]["slot"].as_str().unwrap();
        let change = s.url(&format!("/api/v1/timetable/{slot}/changes"));
        let moved = json!({ "date": "2026-11-30", "room": "CDI" });
        let marc = s.signed_in("marc.dupont").await;
        assert_eq!(
            marc.put(&change)
                .json(&moved)
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        let staff = s.signed_in("anne.roux").await;
        let tuesday = json!({ "date": "2026-12-01", "room": "CDI" });
        assert_eq!(
            staff
                .put(&change)
                .json(&tuesday)
                .send()
                .await
                .unwrap()
                .status(),
            409
        );
        assert_eq!(
            staff
                .put(&change)
                .json(&moved)
                .send()
                .await
                .unwrap()
                .status(),
            204
        );
        let nina = s.signed_in("nina.weber").await;
        assert_eq!(
            nina.put(&change)
                .json(&moved)
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
    })
    .await;
}

#[tokio::test]
async fn news_goes_where_its_author_may_publish() {
    on_every_backend(async |s| {
        let six_a = class(s, "6e A").await;
        let five_b = class(s, "5e B").await;
        let news =
            |class: Option<&str>| json!({ "title": "Info", "body": "Texte.", "class": class });
        let cases = [
            ("lea.martin", None, 403),
            ("sophie.martin", Some(six_a.as_str()), 403),
            ("marc.dupont", None, 403),
            ("julie.bernard", Some(five_b.as_str()), 403),
            ("nina.weber", Some(six_a.as_str()), 403),
            ("marc.dupont", Some(five_b.as_str()), 201),
            ("anne.roux", None, 201),
            ("paul.leroy", Some(six_a.as_str()), 201),
        ];
        for (login, class, expected) in cases {
            let client = s.signed_in(login).await;
            let status = post_json(&client, s.url("/api/v1/news"), &news(class))
                .await
                .status();
            assert_eq!(status, expected, "{login} {class:?} on {}", s.backend);
        }
        let head = s.signed_in("paul.leroy").await;
        let empty = json!({ "title": "", "body": "Texte." });
        assert_eq!(
            post_json(&head, s.url("/api/v1/news"), &empty)
                .await
                .status(),
            400
        );
        let (_, all) = get_json(&head, s.url("/api/v1/news")).await;
        assert_eq!(all.as_array().unwrap().len(), 3, "{}", s.backend);
        let lea = s.signed_in("lea.martin").await;
        assert_eq!(get_json(&lea, s.url("/api/v1/news")).await.0, 403);

        // A stolen teacher's account cannot post a threat to a class as news.
        let marc = s.signed_in("marc.dupont").await;
        let threat = json!({ "title": "Info", "body": "Une bombe va exploser dans la cour demain à 11h.", "class": six_a });
        let refused = post_json(&marc, s.url("/api/v1/news"), &threat).await;
        assert_eq!(refused.status(), 422);
        assert_eq!(refused.json::<Value>().await.unwrap()["error"], "news_refused");
        let (_, all) = get_json(&head, s.url("/api/v1/news")).await;
        assert_eq!(all.as_array().unwrap().len(), 3, "nothing more was published");
        // Kept as evidence in the school's audit chain, words and author included.
        let audit = s.store.audit_entries(Some(&s.school.id), cartable_core::Timestamp(0)).await.unwrap();
        let evidence = audit
            .iter()
            .find(|e| e.event.kind == cartable_core::audit::AuditKind::NewsRefused)
            .expect("the refused news is in the audit chain");
        assert!(evidence.event.details.contains("Une bombe va exploser"), "{}", evidence.event.details);
        assert_eq!(evidence.event.actor, Some(crate::harness::user_id(&s.store, "marc.dupont").await));
    })
    .await;
}
