//! Who is who in a demo school, read back from its directory file: the head, and for each
//! class its teachers by subject and its pupils.

use cartable_core::import::DirectoryRow;
use cartable_core::Role;
use std::collections::BTreeSet;

/// A demo school's people, by login.
pub(super) struct Roster<'a> {
    /// The head's login.
    pub head: &'a str,
    /// Its classes, in the directory's order (6e A, 6e B … or 2nde 1 …).
    pub classes: Vec<ClassRoster<'a>>,
}

/// One class's people, by login.
pub(super) struct ClassRoster<'a> {
    /// The class's name, e.g. `6e A`.
    pub name: &'a str,
    /// (subject, teacher) pairs, in the directory's order.
    pub teachings: Vec<(&'a str, &'a str)>,
    /// Its pupils, in the directory's order (by last name).
    pub pupils: Vec<&'a str>,
}

impl<'a> Roster<'a> {
    /// Reads the roster from a school's directory rows.
    pub fn of(rows: &'a [DirectoryRow]) -> Roster<'a> {
        let mut roster = Roster {
            head: "",
            classes: Vec::new(),
        };
        for row in rows {
            match row.role {
                Role::Head => roster.head = row.login.as_str(),
                Role::Pupil => {
                    for (class, _) in &row.classes {
                        roster.class(class.as_str()).pupils.push(row.login.as_str());
                    }
                }
                _ => {}
            }
        }
        for row in rows.iter().filter(|r| r.role == Role::Teacher) {
            for (class, subject) in &row.classes {
                if let Some(subject) = subject {
                    roster
                        .class(class.as_str())
                        .teachings
                        .push((subject.as_str(), row.login.as_str()));
                }
            }
        }
        roster
    }

    /// Every teacher's login.
    pub fn teachers(&self) -> BTreeSet<&'a str> {
        self.classes
            .iter()
            .flat_map(|c| c.teachings.iter().map(|&(_, teacher)| teacher))
            .collect()
    }

    fn class(&mut self, name: &'a str) -> &mut ClassRoster<'a> {
        let index = match self.classes.iter().position(|c| c.name == name) {
            Some(index) => index,
            None => {
                self.classes.push(ClassRoster {
                    name,
                    teachings: Vec::new(),
                    pupils: Vec::new(),
                });
                self.classes.len() - 1
            }
        };
        &mut self.classes[index]
    }
}

impl ClassRoster<'_> {
    /// The login of whoever teaches `subject` to the class.
    pub fn teacher_of(&self, subject: &str) -> Option<&str> {
        self.teachings
            .iter()
            .find(|&&(s, _)| s == subject)
            .map(|&(_, teacher)| teacher)
    }
}
