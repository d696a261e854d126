//! `/school/timetable` and `/news`, the pages: driven like a browser, role by role.

use super::{class, get_json, load_week, MONDAY, WEEK};
use crate::forms::{after, browser_sign_in, csrf, multipart, page, post_form};
use crate::harness::{on_every_backend, Server};
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{Client, Response};
use serde_json::json;

/// Posts the timetable form (multipart) with these fields.
async fn upload(client: &Client, s: &Server, fields: &[(&str, &str)]) -> Response {
    let (content_type, body) = multipart(fields);
    client
        .post(s.url("/school/timetable"))
        .header(CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// How many news items the head reads through the API.
async fn news_count(s: &Server) -> usize {
    let head = s.signed_in("paul.leroy").await;
    let (_, all) = get_json(&head, s.url("/api/v1/news")).await;
    all.as_array().unwrap().len()
}

#[tokio::test]
async fn the_head_sees_every_bad_line_of_a_timetable_then_loads_a_good_one() {
    on_every_backend(async |s| {
        let head = browser_sign_in(s, "paul.leroy").await;
        let (status, html) = page(&head, s, "/home").await;
        assert_eq!(status, 200);
        assert!(html.contains("href=\"/school/timetable\"") && html.contains("href=\"/news\""));
        let (status, html) = page(&head, s, "/school/timetable").await;
        assert_eq!(status, 200, "{}", s.backend);
        assert!(
            html.contains("Emploi du temps de l’établissement"),
            "French first"
        );
        assert!(html.contains("Cette classe n’a pas encore d’emploi du temps."));
        let token = csrf(&html);

        // A forged upload (no token) loads nothing.
        assert_eq!(upload(&head, s, &[("text", WEEK)]).await.status(), 403);
        let bad = "class,day,start,end,subject,teacher,room\n\
                   6e A,lundi,08:00,09:00,Maths,,\n\
                   6e A,lundi,08:30,09:30,Français,,\n";
        let refused = upload(&head, s, &[("csrf", &token), ("text", bad)]).await;
        assert_eq!(refused.status(), 422, "{}", s.backend);
        let html = refused.text().await.unwrap();
        assert!(html.contains("rien n’a changé"), "{html}");
        assert!(html.contains("<td>3</td>"), "the bad line's number: {html}");
        assert!(html.contains("6e A,lundi,08:30"), "what was pasted is kept");
        let lea = s.signed_in("lea.martin").await;
        let six_a = class(s, "6e A").await;
        let week = s.url(&format!("/api/v1/classes/{six_a}/timetable"));
        assert_eq!(
            get_json(&lea, week.clone()).await.1,
            json!([]),
            "nothing changed"
        );

        let loaded = upload(&head, s, &[("csrf", &token), ("text", WEEK)]).await;
        assert_eq!(loaded.status(), 200);
        let html = loaded.text().await.unwrap();
        assert!(
            html.contains("id=\"classes-loaded\">2<") && html.contains("id=\"lessons-loaded\">4<")
        );
        assert!(
            html.contains("Lundi") && html.contains("Marc Dupont"),
            "{html}"
        );
        assert_eq!(get_json(&lea, week).await.1.as_array().unwrap().len(), 3);
        let (_, html) = page(&head, s, "/school/timetable?lang=en").await;
        assert!(html.contains("School timetable") && html.contains("Monday"));

        // A class's week comes as a file to edit: moving a lesson to another room and
        // loading it back replaces that class's week only.
        let six_a = class(s, "6e A").await;
        let (_, html) = page(&head, s, &format!("/school/timetable?class={six_a}")).await;
        let own = "6e A,lundi,08:00,09:00,Mathématiques,marc.dupont,B12";
        assert!(html.contains(own), "{html}");
        let edited = WEEK
            .lines()
            .filter(|line| line.starts_with("class,") || line.starts_with("6e A,"))
            .map(|line| line.replace(",B12", ",B14"))
            .collect::<Vec<_>>()
            .join("\n");
        let reloaded = upload(&head, s, &[("csrf", &csrf(&html)), ("text", &edited)]).await;
        let html = reloaded.text().await.unwrap();
        assert!(html.contains("id=\"classes-loaded\">1<"), "{html}");
        assert!(html.contains("B14") && !html.contains(own));
    })
    .await;
}

#[tokio::test]
async fn staff_cancel_a_lesson_and_the_pupil_s_day_shows_it() {
    on_every_backend(async |s| {
        load_week(s).await;
        let six_a = class(s, "6e A").await;
        let staff = browser_sign_in(s, "anne.roux").await;
        let (status, html) = page(&staff, s, &format!("/school/timetable?class={six_a}")).await;
        assert_eq!(status, 200);
        // The first lesson of 6e A's week: Monday 08:00, maths.
        let slot = after(&html, "action=\"/school/timetable/lessons/", "\"");
        let action = format!("/school/timetable/lessons/{slot}");
        let token = csrf(&html);
        let cancel = |token: &'static str| {
            [
                ("csrf", token),
                ("date", MONDAY),
                ("cancelled", "true"),
                ("note", "Professeur absent"),
            ]
        };
        let forged = post_form(&staff, s, &action, &cancel("forged")).await;
        assert_eq!(forged.status(), 403);
        let lea = browser_sign_in(s, "lea.martin").await;
        let (_, day) = page(&lea, s, "/today").await;
        assert!(!day.contains("Annulé"), "the forged form changed nothing");

        // A day that is not a Monday is refused on the form, with why.
        let tuesday = [
            ("csrf", token.as_str()),
            ("class", six_a.as_str()),
            ("date", "2026-12-01"),
            ("room", "CDI"),
        ];
        let refused = post_form(&staff, s, &action, &tuesday).await;
        assert_eq!(refused.status(), 409);
        let html = refused.text().await.unwrap();
        assert!(
            html.contains("ne tombe pas le jour de la semaine"),
            "{html}"
        );
        assert!(
            html.contains("6e A"),
            "the same class's week is shown again"
        );

        let mut form = cancel("").to_vec();
        form[0].1 = &token;
        let saved = post_form(&staff, s, &action, &form).await;
        assert_eq!(saved.status(), 303, "{}", s.backend);
        let to = saved.headers()[LOCATION].to_str().unwrap().to_owned();
        assert!(to.contains(&six_a) && to.contains("saved=true"), "{to}");
        let (_, html) = page(&staff, s, &to).await;
        assert!(html.contains("Modification enregistrée"));
        let (_, day) = page(&lea, s, "/today").await;
        assert!(
            day.contains("Annulé") && day.contains("Professeur absent"),
            "{}: {day}",
            s.backend
        );
    })
    .await;
}

#[tokio::test]
async fn only_the_head_and_staff_reach_the_timetable_page() {
    on_every_backend(async |s| {
        for login in ["lea.martin", "sophie.martin", "marc.dupont"] {
            let client = browser_sign_in(s, login).await;
            let (_, home) = page(&client, s, "/home").await;
            assert!(
                !home.contains("/school/timetable"),
                "{login} has no such link"
            );
            assert_eq!(
                page(&client, s, "/school/timetable").await.0,
                403,
                "{login}"
            );
            let token = csrf(&home);
            let posted = upload(&client, s, &[("csrf", &token), ("text", WEEK)]).await;
            assert_eq!(posted.status(), 403, "{login} on {}", s.backend);
        }
        let lea = s.signed_in("lea.martin").await;
        let six_a = class(s, "6e A").await;
        let week = s.url(&format!("/api/v1/classes/{six_a}/timetable"));
        assert_eq!(
            get_json(&lea, week).await.1,
            json!([]),
            "nothing was loaded"
        );
    })
    .await;
}

#[tokio::test]
async fn news_published_on_the_page_reaches_its_readers_and_threats_do_not() {
    on_every_backend(async |s| {
        let six_a = class(s, "6e A").await;
        let marc = browser_sign_in(s, "marc.dupont").await;
        let (status, html) = page(&marc, s, "/news").await;
        assert_eq!(status, 200, "{}", s.backend);
        assert!(html.contains("Publier une actualité") && html.contains("Pas encore d’actualité."));
        assert!(html.contains("6e A") && html.contains("5e B"));
        assert!(
            !html.contains("<option value=\"\""),
            "a teacher does not write to the school"
        );
        let token = csrf(&html);

        // A forged form publishes nothing.
        let forged = [
            ("title", "Info"),
            ("body", "Texte."),
            ("class", six_a.as_str()),
        ];
        assert_eq!(post_form(&marc, s, "/news", &forged).await.status(), 403);
        // A threat is refused on the form, with what was typed, and not published.
        let threat = "Une bombe va exploser dans la cour demain à 11h.";
        let form = [
            ("csrf", token.as_str()),
            ("title", "Info"),
            ("body", threat),
            ("class", six_a.as_str()),
        ];
        let refused = post_form(&marc, s, "/news", &form).await;
        assert_eq!(refused.status(), 422);
        let html = refused.text().await.unwrap();
        assert!(html.contains("L’actualité n’a pas été publiée."), "{html}");
        assert!(html.contains(threat), "what was typed is kept");
        assert_eq!(news_count(s).await, 0, "{}", s.backend);

        let outing = [
            ("csrf", token.as_str()),
            ("title", "Sortie au musée jeudi"),
            ("body", "Départ 9 h devant le collège."),
            ("class", six_a.as_str()),
        ];
        let published = post_form(&marc, s, "/news", &outing).await;
        assert_eq!(published.status(), 303);
        let (_, html) = page(&marc, s, "/news?published=true").await;
        assert!(html.contains("Actualité publiée.") && html.contains("Sortie au musée jeudi"));
        assert!(
            html.contains("<time>2026-11-30 10:00</time>"),
            "shown at the school's time: {html}"
        );
        let lea = browser_sign_in(s, "lea.martin").await;
        let (_, day) = page(&lea, s, "/today").await;
        assert!(day.contains("Sortie au musée jeudi"), "{}", s.backend);

        // The school's news, by staff, reaches everyone's news page; a class's stays with
        // the class.
        let staff = browser_sign_in(s, "anne.roux").await;
        let (_, html) = page(&staff, s, "/news").await;
        assert!(
            html.contains("<option value=\"\""),
            "staff write to the whole school"
        );
        let token = csrf(&html);
        let meeting = [
            ("csrf", token.as_str()),
            ("title", "Réunion parents-professeurs"),
            ("body", "Mardi à 18 h."),
            ("class", ""),
        ];
        assert_eq!(post_form(&staff, s, "/news", &meeting).await.status(), 303);
        let (status, html) = page(&lea, s, "/news").await;
        assert_eq!(status, 200);
        assert!(html.contains("Réunion parents-professeurs"));
        assert!(!html.contains("name=\"title\""), "a pupil has no form");
        let julie = browser_sign_in(s, "julie.bernard").await;
        let (_, html) = page(&julie, s, "/news").await;
        assert!(
            html.contains("Sortie au musée jeudi"),
            "6e A's teacher reads its news"
        );
        let tom = browser_sign_in(s, "tom.martin").await;
        let (_, html) = page(&tom, s, "/news").await;
        assert!(html.contains("Réunion parents-professeurs"));
        assert!(
            !html.contains("Sortie au musée jeudi"),
            "5e B does not read 6e A's news"
        );
        assert_eq!(news_count(s).await, 2);
    })
    .await;
}
