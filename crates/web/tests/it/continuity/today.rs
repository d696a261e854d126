//! `GET /api/v1/today`: a pupil's day and a parent's child's.

use super::{class, get_json, load_week, maths_entry, post_json, MONDAY};
use crate::harness::{on_every_backend, user_id};
use cartable_web::api::continuity_dto::TodayDto;
use serde_json::json;

#[tokio::test]
async fn a_pupil_s_day_holds_her_class_s_lessons_homework_and_news_and_her_own_ticks() {
    on_every_backend(async |s| {
        load_week(s).await;
        let marc = s.signed_in("marc.dupont").await;
        maths_entry(s, &marc, &[MONDAY, "2026-12-01", "2026-12-04"]).await;
        let head = s.signed_in("paul.leroy").await;
        let news = json!({ "title": "Conseil de classe", "body": "Jeudi à 17 h." });
        assert_eq!(post_json(&head, s.url("/api/v1/news"), &news).await.status(), 201);
        s.clock.advance(60);
        let six_a = class(s, "6e A").await;
        let class_news = json!({ "title": "Sortie au musée", "body": "Prévoir un pique-nique.", "class": six_a });
        assert_eq!(post_json(&marc, s.url("/api/v1/news"), &class_news).await.status(), 201);

        let lea = s.signed_in("lea.martin").await;
        let (status, body) = get_json(&lea, s.url("/api/v1/today")).await;
        assert_eq!(status, 200, "{}: {body}", s.backend);
        let day: TodayDto = serde_json::from_value(body).unwrap();
        assert_eq!(day.date, MONDAY);
        assert_eq!(day.pupil.name, "Léa Martin");
        assert_eq!(day.pupil.class.as_ref().unwrap().name, "6e A");
        let lessons: Vec<(&str, &str, &str)> = day
            .timetable
            .iter()
            .map(|l| (l.start.as_str(), l.subject.as_str(), l.status.as_str()))
            .collect();
        assert_eq!(lessons, [("08:00", "Mathématiques", "usual"), ("09:00", "Français", "usual")]);
        // Due today and on the next school day; Friday's homework waits.
        let due: Vec<&str> = day.homework.iter().map(|h| h.due.as_str()).collect();
        assert_eq!(due, [MONDAY, "2026-12-01"], "{}", s.backend);
        assert!(day.homework.iter().all(|h| !h.done));
        let titles: Vec<&str> = day.news.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(titles, ["Sortie au musée", "Conseil de classe"]);
        let (_, inbox) = get_json(&lea, s.url("/api/v1/messages")).await;
        assert_eq!(Some(day.unread_messages), inbox["unread"].as_i64(), "{inbox}");
        assert!(day.live_classes.is_empty());
        assert!(day.children.is_none());

        // Léa ticks today's homework: her day shows it, the class's copy stays shared.
        let first = &day.homework[0].id;
        let tick = lea
            .put(s.url(&format!("/api/v1/homework/{first}/done")))
            .json(&json!({ "done": true }))
            .send()
            .await
            .unwrap();
        assert_eq!(tick.status(), 204);
        let (_, body) = get_json(&lea, s.url("/api/v1/today")).await;
        let day: TodayDto = serde_json::from_value(body).unwrap();
        assert!(day.homework[0].done && !day.homework[1].done, "{}", s.backend);

        // Tom, in 5e B, sees his own class's day: none of 6e A's homework or news.
        let tom = s.signed_in("tom.martin").await;
        let (_, body) = get_json(&tom, s.url("/api/v1/today")).await;
        let tom_day: TodayDto = serde_json::from_value(body).unwrap();
        assert_eq!(tom_day.pupil.class.unwrap().name, "5e B");
        assert!(tom_day.homework.is_empty());
        assert_eq!(tom_day.news.len(), 1);
        assert_eq!(tom_day.timetable.len(), 1);
        // Nor can he tick 6e A's homework.
        let foreign = tom
            .put(s.url(&format!("/api/v1/homework/{first}/done")))
            .json(&json!({ "done": true }))
            .send()
            .await
            .unwrap();
        assert_eq!(foreign.status(), 403);

        // A change made by staff shows at once on the day.
        let staff = s.signed_in("anne.roux").await;
        let slot = &lessons_slot(&lea, s).await;
        let cancel = staff
            .put(s.url(&format!("/api/v1/timetable/{slot}/changes")))
            .json(&json!({ "date": MONDAY, "cancelled": true, "note": "Professeur absent" }))
            .send()
            .await
            .unwrap();
        assert_eq!(cancel.status(), 204);
        let (_, body) = get_json(&lea, s.url("/api/v1/today")).await;
        let day: TodayDto = serde_json::from_value(body).unwrap();
        assert_eq!(day.timetable[0].status, "cancelled");
        assert_eq!(day.timetable[0].note, "Professeur absent");
    })
    .await;
}

/// The slot of Léa's first lesson on Monday.
async fn lessons_slot(lea: &reqwest::Client, s: &crate::harness::Server) -> String {
    let (_, body) = get_json(lea, s.url("/api/v1/today")).await;
    body["timetable"][0]["slot"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_parent_sees_each_of_her_children_s_days_and_no_one_else_s() {
    on_every_backend(async |s| {
        load_week(s).await;
        let sophie = s.signed_in("sophie.martin").await;
        let (status, body) = get_json(&sophie, s.url("/api/v1/today")).await;
        assert_eq!(status, 200, "{}: {body}", s.backend);
        let day: TodayDto = serde_json::from_value(body).unwrap();
        assert_eq!(day.pupil.name, "Léa Martin");
        let children: Vec<String> = day.children.unwrap().into_iter().map(|c| c.name).collect();
        assert_eq!(children, ["Léa Martin", "Tom Martin"]);
        let tom = user_id(&s.store, "tom.martin").await;
        let (_, body) = get_json(&sophie, s.url(&format!("/api/v1/today?child={tom}"))).await;
        let day: TodayDto = serde_json::from_value(body).unwrap();
        assert_eq!(day.pupil.class.unwrap().name, "5e B");
        assert_eq!(day.timetable[0].room, "C3");
        // Another family's child, a made-up id, a bad id.
        let ines = user_id(&s.store, "ines.haddad").await;
        let (status, body) = get_json(&sophie, s.url(&format!("/api/v1/today?child={ines}"))).await;
        assert_eq!((status, body["error"].as_str()), (403, Some("forbidden")));
        let (status, _) = get_json(&sophie, s.url("/api/v1/today?child=not-an-id")).await;
        assert_eq!(status, 400);
        // Another day of the week, for the week view; a date that does not parse.
        let (_, body) = get_json(&sophie, s.url("/api/v1/today?date=2026-12-01")).await;
        assert_eq!(body["date"], "2026-12-01");
        assert_eq!(body["timetable"][0]["subject"], "Mathématiques");
        let (status, body) = get_json(&sophie, s.url("/api/v1/today?date=01/12/2026")).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_input"))
        );
        // Months away: not a day anyone reads, and not one to make the server keep.
        let (status, _) = get_json(&sophie, s.url("/api/v1/today?date=2027-06-01")).await;
        assert_eq!(status, 400);
    })
    .await;
}

#[tokio::test]
async fn only_pupils_and_parents_have_a_day() {
    on_every_backend(async |s| {
        for login in ["marc.dupont", "anne.roux", "paul.leroy"] {
            let client = s.signed_in(login).await;
            let (status, _) = get_json(&client, s.url("/api/v1/today")).await;
            assert_eq!(status, 403, "{login} on {}", s.backend);
        }
        let (status, _) = get_json(&s.client(), s.url("/api/v1/today")).await;
        assert_eq!(status, 401);
    })
    .await;
}

#[tokio::test]
async fn while_the_database_is_down_a_pupil_keeps_her_day_read_only() {
    on_every_backend(async |s| {
        load_week(s).await;
        let marc = s.signed_in("marc.dupont").await;
        maths_entry(s, &marc, &[MONDAY]).await;
        let lea = crate::forms::browser_sign_in(s, "lea.martin").await;
        let (_, fresh) = get_json(&lea, s.url("/api/v1/today")).await;
        let (_, page) = crate::forms::page(&lea, s, "/today").await;
        assert!(page.contains("Marquer comme fait"));
        let tom = s.signed_in("tom.martin").await;
        // A message since her visit: her unread count is no longer what the server
        // remembers, so her next day needs the database.
        let class = class(s, "6e A").await;
        let sent = post_json(
            &marc,
            s.url("/api/v1/messages"),
            &json!({"to": [format!("class:{class}")], "subject": "Sortie", "body": "Jeudi."}),
        )
        .await;
        assert_eq!(sent.status(), 201);

        s.store.close().await;
        let response = lea.get(s.url("/api/v1/today")).send().await.unwrap();
        assert_eq!(response.status(), 200, "{}", s.backend);
        assert!(response.headers().contains_key("cartable-degraded"));
        let stale: serde_json::Value = response.json().await.unwrap();
        assert_eq!(stale, fresh);
        let (status, page) = crate::forms::page(&lea, s, "/today").await;
        assert_eq!(status, 200);
        assert!(page.contains("id=\"degraded\"") && page.contains("Exercices pour le 2026-11-30"));
        assert!(!page.contains("Marquer comme fait"), "a copy is read-only");
        // Someone with no copy gets an honest failure, not someone else's day.
        let status = get_json(&tom, s.url("/api/v1/today")).await.0;
        assert!((500..600).contains(&status), "{status}");
    })
    .await;
}
