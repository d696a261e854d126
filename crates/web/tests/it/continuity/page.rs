//! `/today` and `/week`, the pages: what a pupil and a parent see, and the pupil's tick.

use super::{load_week, maths_entry, MONDAY};
use crate::forms::{browser_sign_in, csrf, page, post_form};
use crate::harness::{on_every_backend, user_id};

#[tokio::test]
async fn a_pupil_sees_her_day_ticks_her_homework_and_her_parent_sees_it_without_a_button() {
    on_every_backend(async |s| {
        load_week(s).await;
        let marc = s.signed_in("marc.dupont").await;
        maths_entry(s, &marc, &[MONDAY]).await;
        let lea = browser_sign_in(s, "lea.martin").await;
        let (status, html) = page(&lea, s, "/today").await;
        assert_eq!(status, 200, "{}", s.backend);
        assert!(html.contains("Ma journée"), "French first");
        assert!(html.contains("6e A"));
        assert!(html.contains("08:00–09:00") && html.contains("Julie Bernard"));
        assert!(html.contains("Exercices pour le 2026-11-30"));
        assert!(html.contains("Marquer comme fait"));
        let homework = crate::forms::after(&html, "action=\"/today/homework/", "/done\"");

        // A forged tick (no token) changes nothing; the real one marks it done.
        let forged = post_form(
            &lea,
            s,
            &format!("/today/homework/{homework}/done"),
            &[("csrf", "x"), ("done", "true")],
        )
        .await;
        assert_eq!(forged.status(), 403);
        let (_, html) = page(&lea, s, "/today").await;
        assert!(html.contains("Marquer comme fait"));
        let token = csrf(&html);
        let ticked = post_form(
            &lea,
            s,
            &format!("/today/homework/{homework}/done"),
            &[("csrf", &token), ("done", "true"), ("date", MONDAY)],
        )
        .await;
        assert_eq!(ticked.status(), 303);
        let (_, html) = page(&lea, s, "/today").await;
        assert!(
            html.contains("Fait ✓") && html.contains("Marquer comme non fait"),
            "{}",
            s.backend
        );

        let sophie = browser_sign_in(s, "sophie.martin").await;
        let (_, html) = page(&sophie, s, "/today?lang=en").await;
        assert!(
            html.contains("My day") && html.contains("Léa Martin") && html.contains("Tom Martin")
        );
        assert!(html.contains("Done ✓"), "the parent sees her child's tick");
        assert!(!html.contains("Mark as"), "a parent does not tick");
        let tom = user_id(&s.store, "tom.martin").await;
        let (_, html) = page(&sophie, s, &format!("/today?child={tom}")).await;
        assert!(html.contains("5e B") && html.contains("C3"));

        let teacher = browser_sign_in(s, "marc.dupont").await;
        assert_eq!(page(&teacher, s, "/today").await.0, 403);
    })
    .await;
}

#[tokio::test]
async fn the_week_shows_each_day_s_homework_ticks_included_and_moves_week_by_week() {
    on_every_backend(async |s| {
        let marc = s.signed_in("marc.dupont").await;
        maths_entry(s, &marc, &[MONDAY, "2026-12-02", "2026-12-07"]).await;
        let lea = browser_sign_in(s, "lea.martin").await;
        let (status, html) = page(&lea, s, "/week").await;
        assert_eq!(status, 200, "{}", s.backend);
        assert!(html.contains("Semaine du 2026-11-30"), "{html}");
        assert!(html.contains("Lundi") && html.contains("Mercredi"));
        assert!(html.contains("Exercices pour le 2026-11-30"));
        assert!(html.contains("Exercices pour le 2026-12-02"));
        assert!(
            !html.contains("Exercices pour le 2026-12-07"),
            "next week's is not here"
        );
        assert!(!html.contains("Samedi"), "an empty weekend is left out");

        // Ticked on her day, done on her week; her mother sees it on the child's week.
        let (_, today) = page(&lea, s, "/today").await;
        let homework = crate::forms::after(&today, "action=\"/today/homework/", "/done\"");
        let ticked = post_form(
            &lea,
            s,
            &format!("/today/homework/{homework}/done"),
            &[("csrf", &csrf(&today)), ("done", "true")],
        )
        .await;
        assert_eq!(ticked.status(), 303);
        let lea_id = user_id(&s.store, "lea.martin").await;
        let sophie = browser_sign_in(s, "sophie.martin").await;
        let (status, html) = page(&sophie, s, &format!("/week?child={lea_id}")).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Léa Martin") && html.contains("Fait ✓"),
            "{html}"
        );

        let (_, next) = page(&lea, s, "/week?date=2026-12-07").await;
        assert!(next.contains("Semaine du 2026-12-07"));
        assert!(next.contains("Exercices pour le 2026-12-07"));
        assert!(!next.contains("Exercices pour le 2026-12-02"));

        assert_eq!(page(&lea, s, "/week?date=2027-03-01").await.0, 400);
        // The last week within reach offers no link further on.
        let (_, last) = page(&lea, s, "/week?date=2026-12-31").await;
        assert!(last.contains("Semaine précédente") && !last.contains("Semaine suivante"));
        let teacher = browser_sign_in(s, "marc.dupont").await;
        assert_eq!(page(&teacher, s, "/week").await.0, 403);
    })
    .await;
}
