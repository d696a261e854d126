//! The demo academy is realistic, valid and deterministic.

use super::*;
use cartable_core::import::{parse_directory, DirectoryRow};
use rand::SeedableRng;
use std::collections::{HashMap, HashSet};

fn academy(seed: u64) -> DemoAcademy {
    generate(&mut StdRng::seed_from_u64(seed))
}

fn rows(school: &DemoSchool) -> Vec<DirectoryRow> {
    parse_directory(&school.directory_csv)
        .unwrap_or_else(|errors| panic!("{}: {:?}", school.name, &errors[..errors.len().min(5)]))
}

fn count(rows: &[DirectoryRow], role: Role) -> usize {
    rows.iter().filter(|r| r.role == role).count()
}

#[test]
fn the_directories_parse_and_have_a_realistic_size() {
    let academy = academy(7);
    assert_eq!(academy.name, "Académie de démonstration");
    assert_eq!(academy.schools.len(), 2);
    assert!(academy.schools[0].name.starts_with("Collège "));
    assert!(academy.schools[1].name.starts_with("Lycée "));
    assert_ne!(academy.schools[0].uai, academy.schools[1].uai);

    let all: Vec<Vec<DirectoryRow>> = academy.schools.iter().map(rows).collect();
    let classes: HashSet<String> = all
        .iter()
        .flatten()
        .filter(|r| r.role == Role::Pupil)
        .map(|r| r.classes[0].0.to_string())
        .collect();
    let pupils: usize = all.iter().map(|r| count(r, Role::Pupil)).sum();
    let teachers: usize = all.iter().map(|r| count(r, Role::Teacher)).sum();
    assert!(
        (28..=32).contains(&classes.len()),
        "{} classes",
        classes.len()
    );
    assert!((850..=950).contains(&pupils), "{pupils} pupils");
    assert!((55..=65).contains(&teachers), "{teachers} teachers");
    for school_rows in &all {
        assert_eq!(count(school_rows, Role::Head), 1);
        assert!((2..=3).contains(&count(school_rows, Role::Staff)));
        let parents = count(school_rows, Role::Parent);
        let pupils = count(school_rows, Role::Pupil);
        assert!(
            parents > pupils && parents < 2 * pupils,
            "{parents} parents"
        );
    }
}

#[test]
fn accounts_match_the_directory_and_include_the_head() {
    for school in academy(7).schools {
        let rows = rows(&school);
        assert_eq!(school.accounts.len(), rows.len());
        for (account, row) in school.accounts.iter().zip(&rows) {
            assert_eq!(account.login, row.login.as_str());
            assert_eq!(account.role, row.role);
            let class = if row.role == Role::Pupil {
                row.classes[0].0.to_string()
            } else {
                String::new()
            };
            assert_eq!(account.class, class);
        }
        assert_eq!(school.head.role, Role::Head);
        assert!(school.accounts.contains(&school.head));
    }
}

#[test]
fn logins_are_unique_across_both_schools() {
    let academy = academy(7);
    let mut seen = HashSet::new();
    for account in academy.schools.iter().flat_map(|s| &s.accounts) {
        let login = Login::parse(&account.login).unwrap();
        assert_eq!(
            login.as_str(),
            account.login,
            "logins are already normalised"
        );
        assert!(
            seen.insert(account.login.clone()),
            "{} twice",
            account.login
        );
    }
    // Common names collide at this size, so suffixes must have been used.
    assert!(seen.iter().any(|l| l.ends_with('2')));
}

#[test]
fn passwords_are_memorable_distinct_and_pass_the_policy() {
    let academy = academy(7);
    let words = split_list(PASSWORD_WORDS);
    assert!(words.len() >= 100);
    let mut seen = HashSet::new();
    for account in academy.schools.iter().flat_map(|s| &s.accounts) {
        let login = Login::parse(&account.login).unwrap();
        assert!(NewPassword::parse(&account.password, &login).is_ok());
        let parts: Vec<&str> = account.password.split('-').collect();
        assert_eq!(parts.len(), 4, "{}", account.password);
        assert!(parts[..3].iter().all(|w| words.contains(w)));
        assert!(parts[3].len() == 2 && parts[3].bytes().all(|b| b.is_ascii_digit()));
        assert!(
            seen.insert(account.password.clone()),
            "{} twice",
            account.password
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_academy() {
    assert_eq!(academy(42), academy(42));
    assert_ne!(
        academy(42).schools[0].directory_csv,
        academy(43).schools[0].directory_csv
    );
}

#[test]
fn every_class_has_a_teacher_for_each_core_subject() {
    let academy = academy(7);
    let core: [&[&str]; 2] = [
        &[
            "Français",
            "Mathématiques",
            "Histoire-géographie",
            "Anglais",
            "SVT",
            "Physique-chimie",
            "Technologie",
            "EPS",
            "Arts plastiques",
            "Éducation musicale",
        ],
        &[
            "Mathématiques",
            "Histoire-géographie",
            "Anglais",
            "Physique-chimie",
            "SVT",
            "EPS",
        ],
    ];
    for (school, core) in academy.schools.iter().zip(core) {
        let rows = rows(school);
        let mut teachers_of: HashMap<(String, String), usize> = HashMap::new();
        for row in rows.iter().filter(|r| r.role == Role::Teacher) {
            assert!(!row.classes.is_empty(), "{} teaches nothing", row.login);
            let subjects: HashSet<String> = row
                .classes
                .iter()
                .filter_map(|(_, s)| s.as_ref().map(|s| s.to_string()))
                .collect();
            assert_eq!(subjects.len(), 1, "{} teaches one subject", row.login);
            for (class, subject) in &row.classes {
                let subject = subject.as_ref().map(|s| s.to_string()).unwrap_or_default();
                *teachers_of.entry((class.to_string(), subject)).or_default() += 1;
            }
        }
        let classes: HashSet<String> = rows
            .iter()
            .filter(|r| r.role == Role::Pupil)
            .map(|r| r.classes[0].0.to_string())
            .collect();
        for class in &classes {
            for subject in core {
                let key = (class.clone(), subject.to_string());
                assert_eq!(teachers_of.get(&key), Some(&1), "{class} {subject}");
            }
            let literature = ["Français", "Philosophie"]
                .iter()
                .filter(|s| teachers_of.contains_key(&(class.clone(), s.to_string())))
                .count();
            assert_eq!(literature, 1, "{class} has French or philosophy");
        }
    }
}

#[test]
fn every_pupil_has_one_or_two_parents_and_siblings_share_them() {
    let academy = academy(7);
    for school in &academy.schools {
        let rows = rows(school);
        let mut parents_of: HashMap<&Login, usize> = HashMap::new();
        let mut siblings = 0;
        for parent in rows.iter().filter(|r| r.role == Role::Parent) {
            for child in &parent.children {
                *parents_of.entry(child).or_default() += 1;
            }
            siblings += usize::from(parent.children.len() >= 2);
        }
        for pupil in rows.iter().filter(|r| r.role == Role::Pupil) {
            let parents = parents_of.get(&pupil.login).copied().unwrap_or(0);
            assert!((1..=2).contains(&parents), "{} has {parents}", pupil.login);
        }
        assert!(
            siblings > 20,
            "{} parents with two children or more",
            siblings
        );
    }
}

#[test]
fn names_keep_their_accents_and_logins_do_not() {
    assert_eq!(ascii_slug("Élodie"), "elodie");
    assert_eq!(ascii_slug("N'Diaye"), "ndiaye");
    assert_eq!(ascii_slug("Le Gall"), "le-gall");
    assert_eq!(ascii_slug("Marie-Lou"), "marie-lou");
    assert_eq!(ascii_slug("Öztürk"), "ozturk");
    assert_eq!(ascii_slug("Lefèvre-Dupont"), "lefevre-dupont");

    let csv = &academy(7).schools[0].directory_csv;
    assert!(csv.chars().any(|c| "éèëçïôÉ".contains(c)));
    let mut taken = Taken::new();
    assert_eq!(taken.login("Léa", "Martin"), "lea.martin");
    assert_eq!(taken.login("Lea", "Martin"), "lea.martin2");
    assert_eq!(taken.login("LÉA", "MARTIN"), "lea.martin3");
}

#[test]
fn every_name_list_entry_makes_a_valid_login() {
    let names = Names::load();
    assert!(names.children.len() >= 100 && names.adults.len() >= 80);
    assert!(
        names.surnames.len() >= 200,
        "{} surnames",
        names.surnames.len()
    );
    for first in names.children.iter().chain(&names.adults) {
        for last in &names.surnames {
            let login = format!("{}.{}", ascii_slug(first), ascii_slug(last));
            assert!(Login::parse(&login).is_ok(), "{first} {last}: {login}");
        }
    }
}

/// Both demo schools in a fresh store, their accounts imported but not activated (hashing
/// the passwords would take minutes, and the school's week does not need them).
async fn demo_store(dir: &std::path::Path) -> (cartable_store::Store, DemoAcademy) {
    use cartable_core::authz::{authorize, Action};
    use cartable_core::directory::SchoolName;
    let academy = generate(&mut StdRng::seed_from_u64(crate::seed::DEMO_SEED));
    let store = cartable_store::Store::connect(&cartable_store::Store::sqlite_url(dir))
        .await
        .unwrap();
    let academy_id = store
        .ensure_academy(&SchoolName::parse(&academy.name).unwrap())
        .await
        .unwrap();
    for school in &academy.schools {
        let name = SchoolName::parse(&school.name).unwrap();
        let record = store
            .ensure_school(&academy_id, &school.uai, &name)
            .await
            .unwrap();
        let import = Action::ImportDirectory(record.id.clone());
        let permit = authorize(&cartable_core::Actor::platform_operator(), import).unwrap();
        let now = cartable_core::Clock::now(&cartable_core::SystemClock);
        store
            .import_directory(&permit, &rows(school), now)
            .await
            .unwrap();
    }
    (store, academy)
}

/// An instant on the wall clock of the demo's schools.
fn paris(year: i16, month: i8, day: i8, hour: i8, minute: i8) -> cartable_core::Timestamp {
    let zone = jiff::tz::TimeZone::get(continuity::TIME_ZONE).unwrap();
    let civil = jiff::civil::date(year, month, day).at(hour, minute, 0, 0);
    cartable_core::Timestamp(civil.to_zoned(zone).unwrap().timestamp().as_second())
}

/// What the first pupil of `school` (the account the demo's banner shows) sees at `now`.
async fn check_pupil_day(
    store: &cartable_store::Store,
    school: &DemoSchool,
    now: cartable_core::Timestamp,
) {
    use cartable_core::authz::{authorize, Action};
    use cartable_core::continuity::SchoolDate;
    use cartable_store::continuity::LessonStatus;
    let pupil = school
        .accounts
        .iter()
        .find(|a| a.role == Role::Pupil)
        .unwrap();
    let id = store
        .account_by_login(&Login::parse(&pupil.login).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let (school_id, class) = store.class_of_pupil(&id).await.unwrap().unwrap();
    let (_, tie) = store
        .class_tie(&id, Role::Pupil, &class.id)
        .await
        .unwrap()
        .unwrap();
    let actor = cartable_core::Actor::person(id.clone(), Role::Pupil, vec![school_id.clone()]);
    let read = Action::ReadClassWork {
        school: school_id,
        class: class.id.clone(),
        tie,
    };
    let permit = authorize(&actor, read).unwrap();
    let zone = jiff::tz::TimeZone::get(continuity::TIME_ZONE).unwrap();
    let today = SchoolDate::of(now, &zone);
    let next = today.next_school_day();
    let at = format!("{} at {today} ({now:?})", class.name);

    let week = store.class_week(&permit).await.unwrap();
    assert!(week.len() >= 22, "{at}: {} weekly lessons", week.len());
    for lesson in &week {
        assert!((1..=5).contains(&lesson.weekday), "{at}: {lesson:?}");
        assert!(lesson.starts.minutes() >= 8 * 60, "{at}: {lesson:?}");
        assert!(lesson.ends.minutes() <= 17 * 60, "{at}: {lesson:?}");
        assert!(lesson.teacher.is_some() && !lesson.room.is_empty());
        if lesson.weekday == 3 {
            assert!(
                lesson.ends.minutes() <= 12 * 60 + 30,
                "free Wednesday afternoon"
            );
        }
    }

    let since = now.plus_seconds(-7 * 86_400);
    let day = store.class_day(&permit, today, since).await.unwrap();
    if today.weekday() <= 5 {
        assert!(day.lessons.len() >= 3, "{at}: {:?}", day.lessons);
    } else {
        assert!(day.lessons.is_empty(), "{at}: no lessons on a weekend");
    }
    let due_next: Vec<_> = day
        .homework
        .iter()
        .filter(|h| h.due == next && h.visible_from <= now)
        .collect();
    assert!(!due_next.is_empty(), "{at}: homework due on {next}");
    assert!(due_next.iter().all(|h| !h.instructions.is_empty()));
    assert!(
        day.news.iter().any(|n| n.class.is_none()),
        "{at}: the school's news"
    );
    assert!(
        day.news
            .iter()
            .any(|n| n.class.as_ref().is_some_and(|c| c.id == class.id)),
        "{at}: the class's news"
    );
    let next_day = store.class_day(&permit, next, since).await.unwrap();
    assert!(
        next_day
            .lessons
            .iter()
            .any(|l| l.status == LessonStatus::Changed && !l.note.is_empty()),
        "{at}: a lesson moved on {next}"
    );

    let log = store
        .class_log(&permit, today.plus_days(-7), today, Some(now))
        .await
        .unwrap();
    assert!(
        log.len() >= 10,
        "{at}: {} entries in the last week",
        log.len()
    );
    let subjects: HashSet<&str> = log.iter().map(|e| e.subject.as_str()).collect();
    assert!(subjects.len() >= 5, "{at}: {subjects:?}");
    let planned = store.class_log(&permit, next, next, None).await.unwrap();
    assert!(
        planned.iter().any(|e| e.visible_from > now),
        "{at}: lessons planned ahead"
    );
}

#[tokio::test]
async fn the_demo_schools_live_through_their_week_whichever_day_the_demo_starts() {
    let dir = tempfile::tempdir().unwrap();
    let (store, academy) = demo_store(dir.path()).await;
    let blobs = cartable_store::BlobStore::open(dir.path().join("blobs"))
        .await
        .unwrap();
    // A Wednesday at noon, a Friday evening, a Monday before the first lesson, and now; the
    // same store is topped up from one to the next, as restarts of the demo would.
    let mut instants = vec![
        paris(2026, 11, 18, 12, 0),
        paris(2026, 11, 20, 18, 30),
        paris(2026, 11, 23, 7, 30),
        cartable_core::Clock::now(&cartable_core::SystemClock),
    ];
    instants.sort();
    for (run, now) in instants.into_iter().enumerate() {
        let report = continuity::seed_week(&store, &blobs, &academy, now)
            .await
            .unwrap();
        if run == 0 {
            assert!(report.timetable_lessons > 500, "{report:?}");
            assert!(report.ticks > 0 && report.news > 30, "{report:?}");
            assert!(report.hand_ins > 0, "{report:?}");
            assert!(report.documents > 0, "{report:?}");
        } else {
            assert_eq!(report.timetable_lessons, 0, "the timetable is loaded once");
        }
        assert!(report.entries > 0, "{report:?}");
        let again = continuity::seed_week(&store, &blobs, &academy, now)
            .await
            .unwrap();
        assert_eq!(
            (
                again.entries,
                again.news,
                again.ticks,
                again.hand_ins,
                again.documents
            ),
            (0, 0, 0, 0, 0),
            "a restart the same day adds nothing"
        );
        for school in &academy.schools {
            check_pupil_day(&store, school, now).await;
        }
    }
}
