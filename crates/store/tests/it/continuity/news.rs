//! News to the school and to a class.

use super::{person, reader, school};
use crate::fixture::{self, NOW};
use cartable_core::authz::{authorize, Action};
use cartable_core::continuity::{ClassTie, LongText, SchoolDate, ShortText};

fn text(title: &str) -> (ShortText, LongText) {
    (
        ShortText::parse(title, "title", 200).unwrap(),
        LongText::parse("Détails…", "body", 10_000).unwrap(),
    )
}

#[tokio::test]
async fn a_class_sees_the_school_s_news_and_its_own_newest_first() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let id = &s.school.id;
        let (head, head_actor) = person(store, id, "paul.leroy").await;
        let to_school = authorize(&head_actor, Action::PublishSchoolNews(id.clone())).unwrap();
        let (title, body) = text("Réunion parents-professeurs");
        store
            .publish_news(&to_school, &head, &title, &body, NOW)
            .await
            .unwrap();

        let (marc, marc_actor) = person(store, id, "marc.dupont").await;
        let (_, tie) = store
            .class_tie(&marc, marc_actor.role, &s.six_a)
            .await
            .unwrap()
            .unwrap();
        let to_6a = authorize(
            &marc_actor,
            Action::PublishClassNews {
                school: id.clone(),
                class: s.six_a.clone(),
                tie,
            },
        )
        .unwrap();
        let (title, body) = text("Sortie au musée jeudi");
        store
            .publish_news(&to_6a, &marc, &title, &body, NOW.plus_seconds(60))
            .await
            .unwrap();
        // A teacher with no tie to a class gets no permit for it.
        assert!(authorize(
            &marc_actor,
            Action::PublishClassNews {
                school: id.clone(),
                class: s.five_b.clone(),
                tie: ClassTie::None
            },
        )
        .is_err());

        let day = SchoolDate::parse("2026-09-07").unwrap();
        let lea = reader(store, id, "lea.martin", &s.six_a).await.unwrap();
        let seen = store
            .class_day(&lea, day, NOW.plus_seconds(-86_400))
            .await
            .unwrap()
            .news;
        let titles: Vec<&str> = seen.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Sortie au musée jeudi", "Réunion parents-professeurs"],
            "{backend}"
        );
        assert_eq!(seen[0].author, "Marc Dupont");
        assert_eq!(seen[0].class.as_ref().unwrap().name, "6e A");
        assert!(seen[1].class.is_none());

        let tom = reader(store, id, "tom.martin", &s.five_b).await.unwrap();
        let theirs = store
            .class_day(&tom, day, NOW.plus_seconds(-86_400))
            .await
            .unwrap()
            .news;
        assert_eq!(theirs.len(), 1, "{backend}");
        assert_eq!(theirs[0].title, "Réunion parents-professeurs");
        // Older than the window: left out.
        assert!(store
            .class_day(&tom, day, NOW.plus_seconds(1))
            .await
            .unwrap()
            .news
            .is_empty());
        assert_eq!(store.school_news(id).await.unwrap().len(), 2, "{backend}");
        // The news page: the school's, and only the classes one may read.
        assert_eq!(store.news_for(id, &[lea]).await.unwrap().len(), 2);
        let school_only = store.news_for(id, &[tom]).await.unwrap();
        assert_eq!(school_only.len(), 1, "{backend}");
        assert_eq!(store.news_for(id, &[]).await.unwrap(), school_only);
    })
    .await;
}
