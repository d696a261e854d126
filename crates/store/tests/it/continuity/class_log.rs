//! Class log entries, homework and ticks.

use super::{person, reader, school, writer};
use crate::fixture::{self, NOW};
use cartable_core::authz::{authorize, Action};
use cartable_core::continuity::{ClassTie, LongText, SchoolDate, ShortText};
use cartable_core::HomeworkId;
use cartable_store::continuity::{NewHomework, NewLesson};
use cartable_store::messaging::Attachment;
use cartable_store::StoreError;

fn day(text: &str) -> SchoolDate {
    SchoolDate::parse(text).unwrap()
}

fn lesson(due: &str, visible_from: cartable_core::Timestamp) -> NewLesson {
    NewLesson {
        date: day("2026-09-07"),
        title: ShortText::parse("Les fractions", "title", 200).unwrap(),
        content: LongText::parse("Cours : fractions.\nExercices 1 à 3.", "content", 10_000)
            .unwrap(),
        visible_from,
        homework: vec![NewHomework {
            due: day(due),
            instructions: LongText::parse("Exercices 4 et 5 p. 42", "instructions", 10_000)
                .unwrap(),
            attachments: vec![Attachment {
                name: "fiche.pdf".into(),
                digest: "ab".repeat(32),
                size: 1234,
                content_type: "application/pdf".into(),
            }],
            hand_in: None,
        }],
    }
}

#[tokio::test]
async fn an_entry_and_its_homework_reach_the_class_and_no_other() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let id = &s.school.id;
        let marc = fixture::user_id(store, "marc.dupont").await;
        let maths_6a = writer(store, id, "marc.dupont", &s.six_a, "Mathématiques")
            .await
            .unwrap();
        let entry = store
            .write_lesson(&maths_6a, &marc, &lesson("2026-09-08", NOW), NOW)
            .await
            .unwrap();
        assert!(
            store
                .named_files()
                .await
                .unwrap()
                .contains(&"ab".repeat(32)),
            "a homework's file is named, so no sweep removes it ({backend})"
        );

        let lea = reader(store, id, "lea.martin", &s.six_a).await.unwrap();
        let log = store
            .class_log(&lea, day("2026-09-01"), day("2026-09-30"), Some(NOW))
            .await
            .unwrap();
        assert_eq!(log.len(), 1, "{backend}");
        assert_eq!(log[0].id, entry);
        assert_eq!(log[0].teacher, "Marc Dupont");
        assert_eq!(log[0].content, "Cours : fractions.\nExercices 1 à 3.");
        assert_eq!(log[0].homework.len(), 1, "{backend}");
        assert_eq!(log[0].homework[0].attachments[0].name, "fiche.pdf");

        let due = store
            .homework_due(&lea, day("2026-09-08"), day("2026-09-08"))
            .await
            .unwrap();
        assert_eq!(due.len(), 1, "{backend}");
        let homework = due[0].id.clone();
        assert_eq!(
            store
                .homework_in_class(&lea, &homework, Some(NOW))
                .await
                .unwrap()
                .subject,
            "Mathématiques"
        );

        // 5e B sees none of it, even by id.
        let tom = reader(store, id, "tom.martin", &s.five_b).await.unwrap();
        assert!(store
            .class_log(&tom, day("2026-09-01"), day("2026-09-30"), Some(NOW))
            .await
            .unwrap()
            .is_empty());
        assert!(matches!(
            store.homework_in_class(&tom, &homework, Some(NOW)).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store
                .homework_in_class(&tom, &HomeworkId::random(&mut rand::rngs::OsRng), None)
                .await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.homework_class(&homework).await.unwrap().0, s.six_a);

        // Julie teaches 6e A French, not maths, and nothing in 5e B.
        assert!(
            writer(store, id, "julie.bernard", &s.six_a, "Mathématiques")
                .await
                .is_none()
        );
        assert!(writer(store, id, "julie.bernard", &s.six_a, "Français")
            .await
            .is_some());
        assert!(writer(store, id, "julie.bernard", &s.five_b, "Français")
            .await
            .is_none());
        // A pupil's permit writes nothing.
        assert!(matches!(
            store
                .write_lesson(&lea, &marc, &lesson("2026-09-08", NOW), NOW)
                .await,
            Err(StoreError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn an_entry_planned_ahead_is_hidden_from_pupils_until_its_day() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let id = &s.school.id;
        let marc = fixture::user_id(store, "marc.dupont").await;
        let maths_6a = writer(store, id, "marc.dupont", &s.six_a, "Mathématiques")
            .await
            .unwrap();
        let later = NOW.plus_seconds(3 * 86_400);
        store
            .write_lesson(&maths_6a, &marc, &lesson("2026-09-10", later), NOW)
            .await
            .unwrap();
        let lea = reader(store, id, "lea.martin", &s.six_a).await.unwrap();
        let range = (day("2026-09-01"), day("2026-09-30"));
        assert!(
            store
                .class_log(&lea, range.0, range.1, Some(NOW))
                .await
                .unwrap()
                .is_empty(),
            "{backend}"
        );
        assert_eq!(
            store
                .class_log(&lea, range.0, range.1, Some(later))
                .await
                .unwrap()
                .len(),
            1
        );
        let teacher = reader(store, id, "marc.dupont", &s.six_a).await.unwrap();
        assert_eq!(
            store
                .class_log(&teacher, range.0, range.1, None)
                .await
                .unwrap()
                .len(),
            1
        );
        let hidden = store.homework_due(&lea, range.0, range.1).await.unwrap()[0]
            .id
            .clone();
        assert!(matches!(
            store.homework_in_class(&lea, &hidden, Some(NOW)).await,
            Err(StoreError::NotFound)
        ));
        // Nor can it be ticked before it shows.
        let (pupil, actor) = person(store, id, "lea.martin").await;
        let tick = authorize(
            &actor,
            Action::TickHomework {
                school: id.clone(),
                class: s.six_a.clone(),
                tie: ClassTie::Pupil,
            },
        )
        .unwrap();
        assert!(matches!(
            store.tick_homework(&tick, &pupil, &hidden, true, NOW).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn a_pupil_ticks_her_own_class_s_homework_and_a_teacher_copies_his_entry() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let id = &s.school.id;
        let marc = fixture::user_id(store, "marc.dupont").await;
        let maths_6a = writer(store, id, "marc.dupont", &s.six_a, "Mathématiques")
            .await
            .unwrap();
        let entry = store
            .write_lesson(&maths_6a, &marc, &lesson("2026-09-08", NOW), NOW)
            .await
            .unwrap();
        let lea_reads = reader(store, id, "lea.martin", &s.six_a).await.unwrap();
        let homework = store
            .homework_due(&lea_reads, day("2026-09-08"), day("2026-09-08"))
            .await
            .unwrap()[0]
            .id
            .clone();

        let (lea, actor) = person(store, id, "lea.martin").await;
        let tick = authorize(
            &actor,
            Action::TickHomework {
                school: id.clone(),
                class: s.six_a.clone(),
                tie: ClassTie::Pupil,
            },
        )
        .unwrap();
        // Read once before the tick: what SQLite's server remembers must not outlive it.
        assert!(store
            .homework_done_since(&lea, day("2026-09-07"))
            .await
            .unwrap()
            .is_empty());
        store
            .tick_homework(&tick, &lea, &homework, true, NOW)
            .await
            .unwrap();
        store
            .tick_homework(&tick, &lea, &homework, true, NOW)
            .await
            .unwrap();
        let done = store
            .homework_done_since(&lea, day("2026-09-07"))
            .await
            .unwrap();
        assert!(done.contains(&homework), "{backend}");
        let ines = fixture::user_id(store, "ines.haddad").await;
        assert!(store
            .homework_done_since(&ines, day("2026-09-07"))
            .await
            .unwrap()
            .is_empty());
        store
            .tick_homework(&tick, &lea, &homework, false, NOW)
            .await
            .unwrap();
        assert!(store
            .homework_done_since(&lea, day("2026-09-07"))
            .await
            .unwrap()
            .is_empty());

        // Marc copies his entry to 5e B, where he teaches maths too; homework and files follow.
        let maths_5b = writer(store, id, "marc.dupont", &s.five_b, "Mathématiques")
            .await
            .unwrap();
        let copy = store
            .copy_lesson(&maths_5b, &marc, &entry, NOW)
            .await
            .unwrap();
        let tom = reader(store, id, "tom.martin", &s.five_b).await.unwrap();
        let log = store
            .class_log(&tom, day("2026-09-01"), day("2026-09-30"), Some(NOW))
            .await
            .unwrap();
        assert_eq!(log.len(), 1, "{backend}");
        assert_eq!(log[0].id, copy);
        assert_eq!(log[0].homework[0].attachments[0].digest, "ab".repeat(32));
        assert_ne!(log[0].homework[0].id, homework);
        // A tick in 6e A does not reach 5e B's copy through a 6e A permit.
        assert!(matches!(
            store
                .tick_homework(&tick, &lea, &log[0].homework[0].id, true, NOW)
                .await,
            Err(StoreError::NotFound)
        ));
        // Julie cannot copy Marc's entry, even into a class and subject she writes for.
        let julie = fixture::user_id(store, "julie.bernard").await;
        let french_6a = writer(store, id, "julie.bernard", &s.six_a, "Français")
            .await
            .unwrap();
        assert!(matches!(
            store.copy_lesson(&french_6a, &julie, &entry, NOW).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}
