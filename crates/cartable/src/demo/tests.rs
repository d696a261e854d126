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
