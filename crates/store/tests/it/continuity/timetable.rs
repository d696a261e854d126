//! Timetable files, a class's week and one day's changes.

use super::{person, reader, school};
use crate::fixture::{self, NOW};
use cartable_core::authz::{authorize, Action};
use cartable_core::continuity::timetable::parse_timetable;
use cartable_core::continuity::SchoolDate;
use cartable_core::Login;
use cartable_store::continuity::{LessonChange, LessonStatus};
use cartable_store::StoreError;

const WEEK: &str = "class,day,start,end,subject,teacher,room
6e A,lundi,08:00,09:00,Mathématiques,marc.dupont,B12
6e A,lundi,09:00,10:00,Français,julie.bernard,B12
6e A,mardi,08:00,09:00,Mathématiques,marc.dupont,B12
5e B,lundi,10:00,11:00,Mathématiques,marc.dupont,C3
";

/// Monday 7 September 2026.
fn monday() -> SchoolDate {
    SchoolDate::parse("2026-09-07").unwrap()
}

#[tokio::test]
async fn a_timetable_file_replaces_the_weeks_it_names_all_or_nothing() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let edit = fixture::operator(Action::EditTimetable(s.school.id.clone()));
        let report = store
            .import_timetable(&edit, &parse_timetable(WEEK).unwrap())
            .await
            .unwrap();
        assert_eq!((report.classes, report.lessons), (2, 4), "{backend}");
        let six_a = reader(store, &s.school.id, "lea.martin", &s.six_a)
            .await
            .unwrap();
        let week = store.class_week(&six_a).await.unwrap();
        let summary: Vec<(u8, String, String, Option<String>)> = week
            .iter()
            .map(|l| {
                (
                    l.weekday,
                    l.starts.to_string(),
                    l.subject.clone(),
                    l.teacher.clone(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    1,
                    "08:00".into(),
                    "Mathématiques".into(),
                    Some("Marc Dupont".into())
                ),
                (
                    1,
                    "09:00".into(),
                    "Français".into(),
                    Some("Julie Bernard".into())
                ),
                (
                    2,
                    "08:00".into(),
                    "Mathématiques".into(),
                    Some("Marc Dupont".into())
                ),
            ],
            "{backend}"
        );

        // A file naming an unknown class or teacher changes nothing and names the lines.
        let bad = "class,day,start,end,subject,teacher,room\n\
                   6e A,jeudi,08:00,09:00,Anglais,,\n\
                   3e Z,jeudi,08:00,09:00,Anglais,,\n\
                   6e A,jeudi,09:00,10:00,Anglais,nobody.here,\n";
        let Err(StoreError::Import(errors)) = store
            .import_timetable(&edit, &parse_timetable(bad).unwrap())
            .await
        else {
            panic!("{backend}: the file was accepted");
        };
        assert_eq!(
            errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![3, 4],
            "{backend}"
        );
        assert_eq!(store.class_week(&six_a).await.unwrap(), week, "{backend}");

        // A new file for 6e A alone replaces 6e A's week and leaves 5e B's.
        let again = "class,day,start,end,subject,teacher,room\n6e A,jeudi,08:00,09:00,Anglais,,\n";
        store
            .import_timetable(&edit, &parse_timetable(again).unwrap())
            .await
            .unwrap();
        assert_eq!(
            store.class_week(&six_a).await.unwrap().len(),
            1,
            "{backend}"
        );
        let five_b = reader(store, &s.school.id, "tom.martin", &s.five_b)
            .await
            .unwrap();
        assert_eq!(
            store.class_week(&five_b).await.unwrap().len(),
            1,
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_change_shows_on_that_day_only_and_stays_in_its_school() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let edit = fixture::operator(Action::EditTimetable(s.school.id.clone()));
        store
            .import_timetable(&edit, &parse_timetable(WEEK).unwrap())
            .await
            .unwrap();
        let six_a = reader(store, &s.school.id, "lea.martin", &s.six_a)
            .await
            .unwrap();
        let week = store.class_week(&six_a).await.unwrap();
        let (staff, staff_actor) = person(store, &s.school.id, "anne.roux").await;
        let permit = authorize(&staff_actor, Action::EditTimetable(s.school.id.clone())).unwrap();
        let cancel = LessonChange {
            cancelled: true,
            room: None,
            teacher: None,
            note: "Sortie au musée".into(),
        };
        store
            .change_lesson(&permit, &week[0].id, monday(), &cancel, &staff, NOW)
            .await
            .unwrap();
        let swap = LessonChange {
            cancelled: false,
            room: Some("CDI".into()),
            teacher: Some(Login::parse("marc.dupont").unwrap()),
            note: String::new(),
        };
        store
            .change_lesson(&permit, &week[1].id, monday(), &swap, &staff, NOW)
            .await
            .unwrap();

        let day = store.class_day(&six_a, monday(), NOW).await.unwrap();
        let seen: Vec<(&str, LessonStatus, &str, Option<&str>)> = day
            .lessons
            .iter()
            .map(|l| {
                (
                    l.lesson.subject.as_str(),
                    l.status,
                    l.lesson.room.as_str(),
                    l.lesson.teacher.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                (
                    "Mathématiques",
                    LessonStatus::Cancelled,
                    "B12",
                    Some("Marc Dupont")
                ),
                (
                    "Français",
                    LessonStatus::Changed,
                    "CDI",
                    Some("Marc Dupont")
                ),
            ],
            "{backend}"
        );
        assert_eq!(day.lessons[0].note, "Sortie au musée");
        let next_monday = store
            .class_day(&six_a, monday().plus_days(7), NOW)
            .await
            .unwrap();
        assert!(
            next_monday
                .lessons
                .iter()
                .all(|l| l.status == LessonStatus::Usual),
            "{backend}"
        );

        // The wrong weekday, and another school's slot, are refused.
        assert!(matches!(
            store
                .change_lesson(
                    &permit,
                    &week[0].id,
                    monday().plus_days(1),
                    &cancel,
                    &staff,
                    NOW
                )
                .await,
            Err(StoreError::Conflict)
        ));
        let other = fixture::school(store, 130_001).await;
        let elsewhere = fixture::operator(Action::EditTimetable(other.id.clone()));
        assert!(matches!(
            store
                .change_lesson(&elsewhere, &week[0].id, monday(), &cancel, &staff, NOW)
                .await,
            Err(StoreError::NotFound)
        ));
        // A permit for anything else is no timetable permit.
        assert!(matches!(
            store
                .import_timetable(&six_a, &parse_timetable(WEEK).unwrap())
                .await,
            Err(StoreError::Forbidden)
        ));
    })
    .await;
}
