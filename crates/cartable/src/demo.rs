//! The demo academy: two realistic French schools to try Cartable with, and to load-test it.
//!
//! [`generate`] builds a collège and a lycée — about 30 classes, 900 pupils with their
//! parents, 60 teachers, the vie scolaire, the secretariat and a head for each school — as
//! directory files in the exact format `cartable import` reads, plus every account's login
//! and password. It is pure and deterministic: the same seed gives the same academy, so a
//! demo server can be rebuilt identically and the load harness knows every password.
//!
//! The passwords are therefore public knowledge. The demo academy is for trying and
//! measuring Cartable, never for a real school.

use cartable_core::import::COLUMNS;
use cartable_core::password::NewPassword;
use cartable_core::{Login, Role, Uai};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use std::collections::HashSet;

pub mod continuity;
mod names;

use names::{split_list, Names, PASSWORD_WORDS};

/// The demo academy's name, as the pages show it.
pub const ACADEMY_NAME: &str = "Académie de démonstration";

/// A whole demo academy: what `serve --demo` loads into an empty store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAcademy {
    /// The academy's name.
    pub name: String,
    /// Its schools: a collège, then a lycée.
    pub schools: Vec<DemoSchool>,
}

/// One demo school: its directory file, ready for the importer, and who can sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSchool {
    /// The school's UAI, in the fictitious département 099 so it never clashes with a real one.
    pub uai: Uai,
    /// The school's name, e.g. "Collège Simone Veil".
    pub name: String,
    /// The directory in the format `cartable_core::import::parse_directory` reads: head,
    /// staff, teachers, pupils (by class), then parents.
    pub directory_csv: String,
    /// The head of the school, also listed in `directory_csv` and `accounts`: the account
    /// to sign in with to run the school.
    pub head: DemoAccount,
    /// Every account of the school, head included, in the order of `directory_csv`.
    pub accounts: Vec<DemoAccount>,
}

/// Someone who can sign in to the demo, with their password in clear: the demo's accounts
/// file and the load harness both need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    /// Sign-in name, `first.last` in lowercase ASCII, unique across the academy.
    pub login: String,
    /// A memorable password that passes Cartable's policy: three words and two digits.
    pub password: String,
    /// What the person is in the school.
    pub role: Role,
    /// A pupil's class; empty for everyone else.
    pub class: String,
}

/// Generates the demo academy from `rng`. The same seed always gives the same academy.
pub fn generate(rng: &mut StdRng) -> DemoAcademy {
    let names = Names::load();
    let mut taken = Taken::new();
    let schools = [&COLLEGE, &LYCEE]
        .into_iter()
        .map(|plan| build_school(plan, &names, rng, &mut taken))
        .collect();
    DemoAcademy {
        name: ACADEMY_NAME.to_owned(),
        schools,
    }
}

/// How one school is laid out.
struct SchoolPlan {
    /// Names to pick the school's from.
    names: &'static [&'static str],
    /// The UAI's seven digits (département 099 does not exist).
    uai_digits: u32,
    /// Levels and the sections of each: `6e` × `A B C D` gives `6e A`…`6e D`.
    levels: &'static [(&'static str, &'static [&'static str])],
    /// Fewest and most pupils in a class.
    class_size: (usize, usize),
    /// Who teaches what to which classes.
    teachings: &'static [Teaching],
    /// How many staff accounts (CPE, secretariat).
    staff: usize,
}

/// One subject and the classes that take it.
struct Teaching {
    subject: &'static str,
    /// Levels taking the subject; empty for all.
    levels: &'static [&'static str],
    /// Sections taking the subject; empty for all.
    sections: &'static [&'static str],
    /// Most classes one teacher of this subject takes.
    classes_per_teacher: usize,
}

impl Teaching {
    const fn all(subject: &'static str, classes_per_teacher: usize) -> Teaching {
        Teaching {
            subject,
            levels: &[],
            sections: &[],
            classes_per_teacher,
        }
    }

    const fn only(
        subject: &'static str,
        levels: &'static [&'static str],
        sections: &'static [&'static str],
        classes_per_teacher: usize,
    ) -> Teaching {
        Teaching {
            subject,
            levels,
            sections,
            classes_per_teacher,
        }
    }

    fn covers(&self, class: &ClassSlot) -> bool {
        (self.levels.is_empty() || self.levels.contains(&class.level))
            && (self.sections.is_empty() || self.sections.contains(&class.section))
    }
}

/// 16 classes of 27 to 30 pupils, 30 teachers, a CPE and a secretary.
const COLLEGE: SchoolPlan = SchoolPlan {
    names: &[
        "Collège Simone Veil",
        "Collège Jean Moulin",
        "Collège Marie Curie",
        "Collège Louise Michel",
        "Collège Jules Ferry",
    ],
    uai_digits: 990_101,
    levels: &[
        ("6e", &["A", "B", "C", "D"]),
        ("5e", &["A", "B", "C", "D"]),
        ("4e", &["A", "B", "C", "D"]),
        ("3e", &["A", "B", "C", "D"]),
    ],
    class_size: (27, 30),
    teachings: &[
        Teaching::all("Français", 4),
        Teaching::all("Mathématiques", 4),
        Teaching::all("Histoire-géographie", 5),
        Teaching::all("Anglais", 6),
        Teaching::only("Espagnol", &["5e", "4e", "3e"], &["B", "C", "D"], 5),
        Teaching::only("Allemand", &["5e", "4e", "3e"], &["A"], 3),
        Teaching::only("Latin", &["5e", "4e", "3e"], &["B"], 3),
        Teaching::all("SVT", 8),
        Teaching::all("Physique-chimie", 8),
        Teaching::all("Technologie", 8),
        Teaching::all("EPS", 6),
        Teaching::all("Arts plastiques", 16),
        Teaching::all("Éducation musicale", 16),
    ],
    staff: 2,
};

/// 14 classes of 30 to 33 pupils, 28 teachers, two CPE and a secretary.
const LYCEE: SchoolPlan = SchoolPlan {
    names: &[
        "Lycée Victor Hugo",
        "Lycée Olympe de Gouges",
        "Lycée Condorcet",
        "Lycée Jean Jaurès",
        "Lycée Marguerite Yourcenar",
    ],
    uai_digits: 990_201,
    levels: &[
        ("2nde", &["1", "2", "3", "4", "5"]),
        ("1re", &["1", "2", "3", "4", "5"]),
        ("Tle", &["1", "2", "3", "4"]),
    ],
    class_size: (30, 33),
    teachings: &[
        Teaching::only("Français", &["2nde", "1re"], &[], 4),
        Teaching::only("Philosophie", &["Tle"], &[], 4),
        Teaching::all("Mathématiques", 4),
        Teaching::all("Histoire-géographie", 5),
        Teaching::all("Anglais", 5),
        Teaching::only("Espagnol", &[], &["2", "3", "4", "5"], 6),
        Teaching::only("Allemand", &[], &["1"], 3),
        Teaching::all("SVT", 7),
        Teaching::all("Physique-chimie", 7),
        Teaching::all("SES", 7),
        Teaching::only("NSI", &["1re", "Tle"], &["4", "5"], 3),
        Teaching::only("SNT", &["2nde"], &[], 5),
        Teaching::all("EPS", 5),
    ],
    staff: 3,
};

/// One class of a school being built.
struct ClassSlot {
    level: &'static str,
    section: &'static str,
    name: String,
}

impl SchoolPlan {
    fn classes(&self) -> Vec<ClassSlot> {
        self.levels
            .iter()
            .flat_map(|&(level, sections)| {
                sections.iter().map(move |&section| ClassSlot {
                    level,
                    section,
                    name: format!("{level} {section}"),
                })
            })
            .collect()
    }
}

/// One person of a school being built: a directory row and an account.
struct Person {
    role: Role,
    first_name: String,
    last_name: String,
    login: String,
    password: String,
    /// A pupil's class (index into the school's classes).
    class: Option<usize>,
    /// A teacher's (class index, subject) pairs.
    teaches: Vec<(usize, &'static str)>,
    /// A parent's children's logins.
    children: Vec<String>,
}

/// Logins and passwords already handed out: both are unique across the academy.
struct Taken {
    logins: HashSet<String>,
    passwords: HashSet<String>,
    words: Vec<&'static str>,
}

impl Taken {
    fn new() -> Taken {
        Taken {
            logins: HashSet::new(),
            passwords: HashSet::new(),
            words: split_list(PASSWORD_WORDS),
        }
    }

    /// A new person with a fresh login and password.
    fn person(&mut self, role: Role, first: &str, last: &str, rng: &mut StdRng) -> Person {
        let login = self.login(first, last);
        let password = self.password(&login, rng);
        Person {
            role,
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            login,
            password,
            class: None,
            teaches: Vec::new(),
            children: Vec::new(),
        }
    }

    /// `first.last`, or `first.last2`, `first.last3`… if taken.
    fn login(&mut self, first: &str, last: &str) -> String {
        let mut base = format!("{}.{}", ascii_slug(first), ascii_slug(last));
        // Leave room for a suffix within the 64 characters a login may have.
        base.truncate(Login::MAX_LEN - 4);
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.logins.insert(candidate.clone()) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        candidate
    }

    /// Three words and two digits, e.g. `renard-piano-cerise-42`: easy to type on a phone,
    /// about 2^28 choices, unique across the academy.
    fn password(&mut self, login: &str, rng: &mut StdRng) -> String {
        loop {
            let words: Vec<&str> = self.words.choose_multiple(rng, 3).copied().collect();
            let candidate = format!("{}-{}", words.join("-"), rng.gen_range(10..100));
            let acceptable = match Login::parse(login) {
                Ok(login) => NewPassword::parse(&candidate, &login).is_ok(),
                // Cannot happen with the name lists (a test checks); never loop on it.
                Err(_) => true,
            };
            if acceptable && self.passwords.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Lowercase ASCII for a login: accents folded (`Élodie` → `elodie`), apostrophes dropped
/// (`N'Diaye` → `ndiaye`), spaces and hyphens kept as single hyphens (`Le Gall` → `le-gall`).
fn ascii_slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' | '0'..='9' => slug.push(c),
            ' ' | '-' => {
                if !slug.is_empty() && !slug.ends_with('-') {
                    slug.push('-');
                }
            }
            _ => slug.push_str(fold_accent(c)),
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// The unaccented letters for one lowercase letter; nothing for anything else.
fn fold_accent(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ı' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ş' => "s",
        'ğ' => "g",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        _ => "",
    }
}

/// Picks one name from a list (never empty in practice: the lists are constants).
fn pick(list: &[&'static str], rng: &mut StdRng) -> &'static str {
    list.choose(rng).copied().unwrap_or_default()
}

fn build_school(
    plan: &SchoolPlan,
    names: &Names,
    rng: &mut StdRng,
    taken: &mut Taken,
) -> DemoSchool {
    let school_name = pick(plan.names, rng).to_owned();
    let classes = plan.classes();
    let mut adult = |role: Role, rng: &mut StdRng| {
        let first = pick(&names.adults, rng);
        let last = pick(&names.surnames, rng);
        taken.person(role, first, last, rng)
    };
    let head = adult(Role::Head, rng);
    let staff: Vec<Person> = (0..plan.staff).map(|_| adult(Role::Staff, rng)).collect();
    let teachers = assign_teachers(plan, &classes, names, rng, taken);
    let (mut pupils, parents) = families(plan, &classes, names, rng, taken);
    pupils.sort_by(|a, b| {
        (a.class, &a.last_name, &a.first_name).cmp(&(b.class, &b.last_name, &b.first_name))
    });

    let people: Vec<&Person> = std::iter::once(&head)
        .chain(&staff)
        .chain(&teachers)
        .chain(&pupils)
        .chain(&parents)
        .collect();
    DemoSchool {
        uai: Uai::from_digits(plan.uai_digits),
        name: school_name,
        directory_csv: directory_csv(&people, &classes),
        head: account(&head, &classes),
        accounts: people.iter().map(|p| account(p, &classes)).collect(),
    }
}

/// Gives each subject enough teachers for its classes, each taking a mixed set of levels.
fn assign_teachers(
    plan: &SchoolPlan,
    classes: &[ClassSlot],
    names: &Names,
    rng: &mut StdRng,
    taken: &mut Taken,
) -> Vec<Person> {
    let mut teachers = Vec::new();
    for teaching in plan.teachings {
        let mut taught: Vec<usize> = (0..classes.len())
            .filter(|&i| teaching.covers(&classes[i]))
            .collect();
        taught.shuffle(rng);
        let count = taught.len().div_ceil(teaching.classes_per_teacher.max(1));
        let mut rest = taught.as_slice();
        for t in 0..count {
            let size = taught.len() / count + usize::from(t < taught.len() % count);
            let (mine, others) = rest.split_at(size.min(rest.len()));
            rest = others;
            let mut mine = mine.to_vec();
            mine.sort_unstable();
            let first = pick(&names.adults, rng);
            let last = pick(&names.surnames, rng);
            let mut teacher = taken.person(Role::Teacher, first, last, rng);
            teacher.teaches = mine.into_iter().map(|c| (c, teaching.subject)).collect();
            teachers.push(teacher);
        }
    }
    teachers
}

/// Fills every class with pupils, family by family: most families have one child in the
/// school, some two or three (siblings share their parents' accounts); a quarter of the
/// pupils have one parent account, the others two; parents do not always share a surname,
/// and some children carry both.
fn families(
    plan: &SchoolPlan,
    classes: &[ClassSlot],
    names: &Names,
    rng: &mut StdRng,
    taken: &mut Taken,
) -> (Vec<Person>, Vec<Person>) {
    let (fewest, most) = plan.class_size;
    let mut seats: Vec<usize> = Vec::new();
    for class in 0..classes.len() {
        let size = rng.gen_range(fewest..=most);
        seats.extend(std::iter::repeat_n(class, size));
    }
    seats.shuffle(rng);

    let mut pupils = Vec::with_capacity(seats.len());
    let mut parents = Vec::new();
    let mut next = 0;
    while next < seats.len() {
        let wanted = match rng.gen_range(0..100) {
            0..=83 => 1,
            84..=96 => 2,
            _ => 3,
        };
        let count = usize::min(wanted, seats.len() - next);
        let family_name = pick(&names.surnames, rng);
        let mut parent_names = vec![(pick(&names.adults, rng), family_name.to_owned())];
        if rng.gen_bool(0.75) {
            let other = if rng.gen_bool(0.65) {
                family_name
            } else {
                pick(&names.surnames, rng)
            };
            parent_names.push((pick(&names.adults, rng), other.to_owned()));
        }
        let children_name = match parent_names.get(1) {
            Some((_, other)) if other != family_name && rng.gen_bool(0.25) => {
                format!("{family_name}-{other}")
            }
            _ => family_name.to_owned(),
        };
        let firsts: Vec<&str> = names
            .children
            .choose_multiple(rng, count)
            .copied()
            .collect();
        let mut logins = Vec::with_capacity(count);
        for (first, &class) in firsts.iter().zip(&seats[next..next + count]) {
            let mut pupil = taken.person(Role::Pupil, first, &children_name, rng);
            pupil.class = Some(class);
            logins.push(pupil.login.clone());
            pupils.push(pupil);
        }
        next += count;
        for (first, last) in parent_names {
            let mut parent = taken.person(Role::Parent, first, &last, rng);
            parent.children = logins.clone();
            parents.push(parent);
        }
    }
    (pupils, parents)
}

fn class_name(classes: &[ClassSlot], index: usize) -> &str {
    classes.get(index).map_or("", |c| c.name.as_str())
}

fn account(person: &Person, classes: &[ClassSlot]) -> DemoAccount {
    DemoAccount {
        login: person.login.clone(),
        password: person.password.clone(),
        role: person.role,
        class: person
            .class
            .map_or_else(String::new, |c| class_name(classes, c).to_owned()),
    }
}

/// The directory file: a header naming the importer's columns, then one row per person.
fn directory_csv(people: &[&Person], classes: &[ClassSlot]) -> String {
    let mut text = COLUMNS.join(",");
    text.push('\n');
    for person in people {
        let class_field = match person.class {
            Some(class) => class_name(classes, class).to_owned(),
            None => person
                .teaches
                .iter()
                .map(|&(class, subject)| format!("{}:{subject}", class_name(classes, class)))
                .collect::<Vec<_>>()
                .join(";"),
        };
        let children = person.children.join(";");
        let fields: Vec<String> = COLUMNS
            .iter()
            .map(|column| match *column {
                "role" => csv_field(person.role.as_str()),
                "login" => csv_field(&person.login),
                "last_name" => csv_field(&person.last_name),
                "first_name" => csv_field(&person.first_name),
                "classes" => csv_field(&class_field),
                "children" => csv_field(&children),
                _ => String::new(),
            })
            .collect();
        text.push_str(&fields.join(","));
        text.push('\n');
    }
    text
}

/// Quotes a CSV field if it needs it.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod replay_2024;
#[cfg(test)]
mod tests;
