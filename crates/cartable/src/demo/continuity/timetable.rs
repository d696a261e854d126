//! The demo's weekly timetables, built once from the directory's teachings: about six
//! lessons a day between 08:00 and 17:00 with a lunch break, Wednesday afternoon free, each
//! subject spread over the week, no teacher in two classes at once, and each class in its
//! own room but for the labs, the workshop and the gym.

use super::roster::ClassRoster;
use crate::demo::csv_field;
use cartable_core::continuity::timetable::COLUMNS;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

/// The seed the timetables are built from (plus the school's place in the academy).
const TIMETABLE_SEED: u64 = 20_260_901;
/// The lesson times of a day: four in the morning, three in the afternoon.
const TIMES: [(&str, &str); 7] = [
    ("08:00", "09:00"),
    ("09:00", "10:00"),
    ("10:15", "11:15"),
    ("11:15", "12:15"),
    ("13:45", "14:45"),
    ("14:45", "15:45"),
    ("16:00", "17:00"),
];
/// How many of [`TIMES`] are before lunch.
const MORNING: usize = 4;
/// The school days, as a timetable file writes them.
const DAYS: [&str; 5] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"];
/// Wednesday's index in [`DAYS`]: it has no afternoon.
const WEDNESDAY: usize = 2;
/// Fewer hours than this make a short day (but on Wednesday).
const SHORT_DAY: usize = 4;

/// How a subject's weekly hours come, as lengths in hours: `[2, 1]` is a double lesson and
/// a single one. Near the official timetables of a collège and a lycée, rounded to hours.
fn lessons_of(subject: &str, lycee: bool) -> &'static [usize] {
    match (subject, lycee) {
        ("EPS", false) => &[2, 1],
        ("EPS", true) => &[2],
        ("Français" | "Mathématiques" | "Philosophie" | "NSI", _) => &[1, 1, 1, 1],
        ("Histoire-géographie" | "Anglais", _) | ("Physique-chimie", true) => &[1, 1, 1],
        ("Physique-chimie" | "Technologie" | "Arts plastiques" | "Éducation musicale", _) => &[1],
        _ => &[1, 1],
    }
}

/// The week of every class of a school, as a timetable file (`parse_timetable` reads it);
/// `number` is the school's place in the academy. The same school always gets the same.
pub(super) fn school_timetable(classes: &[ClassRoster<'_>], lycee: bool, number: u64) -> String {
    timetable_csv(
        classes,
        lycee,
        &mut StdRng::seed_from_u64(TIMETABLE_SEED + number),
    )
}

fn timetable_csv(classes: &[ClassRoster<'_>], lycee: bool, rng: &mut StdRng) -> String {
    let rooms = Rooms::new(classes);
    let mut busy = Busy::new();
    let mut order: Vec<usize> = (0..classes.len()).collect();
    order.shuffle(rng);
    let mut weeks = vec![Vec::new(); classes.len()];
    for index in order {
        weeks[index] = class_week(&classes[index], lycee, &mut busy, rng);
    }
    let mut text = COLUMNS.join(",");
    text.push('\n');
    for (index, (class, week)) in classes.iter().zip(weeks).enumerate() {
        for lesson in week {
            let fields = [
                class.name,
                DAYS[lesson.day],
                TIMES[lesson.slot].0,
                TIMES[lesson.slot + lesson.len - 1].1,
                lesson.subject,
                lesson.teacher,
                rooms.of(index, lesson.subject, lesson.teacher),
            ];
            let fields: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            text.push_str(&fields.join(","));
            text.push('\n');
        }
    }
    text
}

/// A lesson placed in the week.
#[derive(Debug, Clone, Copy)]
struct Placed<'a> {
    subject: &'a str,
    teacher: &'a str,
    /// Index in [`DAYS`].
    day: usize,
    /// Index in [`TIMES`] of its first hour.
    slot: usize,
    /// Hours in a row.
    len: usize,
}

/// The hours each teacher spends in the classes already placed: (teacher, day, slot).
type Busy<'a> = HashSet<(&'a str, usize, usize)>;

/// How many ways of placing a class's lessons are tried before keeping the best.
const ATTEMPTS: usize = 40;

/// Places a class's lessons around the hours its teachers spend in other classes, trying a
/// few orders and keeping the week with the fewest lessons left out, holes and late starts.
fn class_week<'a>(
    class: &ClassRoster<'a>,
    lycee: bool,
    busy: &mut Busy<'a>,
    rng: &mut StdRng,
) -> Vec<Placed<'a>> {
    let mut best: Option<(usize, Vec<Placed<'a>>, Busy<'a>)> = None;
    for _ in 0..ATTEMPTS {
        let mut trial = busy.clone();
        let placed = place(class, lycee, &mut trial, rng);
        let cost = flaws(class, lycee, &placed);
        if best.as_ref().is_none_or(|(least, _, _)| cost < *least) {
            best = Some((cost, placed, trial));
        }
        if cost == 0 {
            break;
        }
    }
    let Some((_, placed, trial)) = best else {
        return Vec::new();
    };
    *busy = trial;
    placed
}

/// How far a week is from a good one: each lesson left out counts for ten, each hole in a
/// day for three, each lesson of a subject already taught that day for two, each day not
/// starting at 08:00, each short day (but Wednesday) and each hour of difference between
/// the longest and the shortest day past the first, for one.
fn flaws(class: &ClassRoster<'_>, lycee: bool, placed: &[Placed<'_>]) -> usize {
    let wanted: usize = class
        .teachings
        .iter()
        .map(|&(subject, _)| lessons_of(subject, lycee).len())
        .sum();
    let mut flaws = 10 * wanted.saturating_sub(placed.len());
    let mut loads = Vec::new();
    for day in 0..DAYS.len() {
        let of_day: Vec<&Placed<'_>> = placed.iter().filter(|p| p.day == day).collect();
        let mut slots: Vec<usize> = of_day.iter().flat_map(|p| p.slot..p.slot + p.len).collect();
        slots.sort_unstable();
        let subjects: HashSet<&str> = of_day.iter().map(|p| p.subject).collect();
        flaws += 3 * slots.windows(2).filter(|w| w[1] != w[0] + 1).count();
        flaws += 2 * (of_day.len() - subjects.len());
        flaws += usize::from(slots.first().is_some_and(|&first| first > 0));
        if day != WEDNESDAY {
            flaws += usize::from(slots.len() < SHORT_DAY);
            loads.push(slots.len());
        }
    }
    let spread = loads.iter().max().unwrap_or(&0) - loads.iter().min().unwrap_or(&0);
    flaws + spread.saturating_sub(1)
}

/// One way of placing a class's lessons. The double lessons and the subjects with most
/// hours go first; each goes where it costs least: on a day without that subject, next to
/// the day's other lessons (an empty day starts at 08:00) so that days have no holes, on a
/// day not yet full; ties are drawn by lot. A lesson that fits nowhere is left out.
fn place<'a>(
    class: &ClassRoster<'a>,
    lycee: bool,
    busy: &mut Busy<'a>,
    rng: &mut StdRng,
) -> Vec<Placed<'a>> {
    let mut lessons: Vec<(&str, &str, usize)> = class
        .teachings
        .iter()
        .flat_map(|&(subject, teacher)| {
            lessons_of(subject, lycee)
                .iter()
                .map(move |&len| (subject, teacher, len))
        })
        .collect();
    lessons.shuffle(rng);
    lessons.sort_by_key(|&(subject, _, len)| Reverse((len, lessons_of(subject, lycee).len())));
    let targets = day_targets(lessons.iter().map(|l| l.2).sum(), rng);
    let mut taken = [[false; TIMES.len()]; DAYS.len()];
    let mut placed: Vec<Placed<'a>> = Vec::new();
    for (subject, teacher, len) in lessons {
        let mut spots: Vec<(usize, usize)> = (0..DAYS.len())
            .flat_map(|day| (0..TIMES.len()).map(move |slot| (day, slot)))
            .filter(|&(day, slot)| {
                within_half_day(day, slot, len)
                    && (slot..slot + len)
                        .all(|hour| !taken[day][hour] && !busy.contains(&(teacher, day, hour)))
            })
            .collect();
        spots.shuffle(rng);
        let spot = spots.into_iter().min_by_key(|&(day, slot)| {
            let load = taken[day].iter().filter(|t| **t).count();
            let repeats = placed
                .iter()
                .filter(|p| p.day == day && p.subject == subject)
                .count();
            let hole = !edges(&taken[day], len).contains(&slot);
            4 * repeats + 3 * usize::from(hole) + 2 * usize::from(load >= targets[day])
        });
        if let Some((day, slot)) = spot {
            for (hour, taken) in taken[day].iter_mut().enumerate().skip(slot).take(len) {
                *taken = true;
                busy.insert((teacher, day, hour));
            }
            placed.push(Placed {
                subject,
                teacher,
                day,
                slot,
                len,
            });
        }
    }
    placed.sort_by_key(|p| (p.day, p.slot));
    placed
}

/// Where `len` hours keep a day without holes: first thing in the morning on an empty day,
/// else right after its last lesson or right before its first.
fn edges(day: &[bool; TIMES.len()], len: usize) -> Vec<usize> {
    match (day.iter().position(|t| *t), day.iter().rposition(|t| *t)) {
        (Some(first), Some(last)) => [Some(last + 1), first.checked_sub(len)]
            .into_iter()
            .flatten()
            .collect(),
        _ => vec![0],
    }
}

/// Whether `len` hours from `slot` stay within one half-day of `day`: no lesson runs over
/// lunch, and Wednesday has no afternoon.
fn within_half_day(day: usize, slot: usize, len: usize) -> bool {
    let end = slot + len;
    let half_end = if slot < MORNING { MORNING } else { TIMES.len() };
    end <= half_end && (day != WEDNESDAY || end <= MORNING)
}

/// How many hours each day should have: four on Wednesday morning, the rest spread evenly
/// over the other days (the extra hours on days drawn by lot).
fn day_targets(hours: usize, rng: &mut StdRng) -> [usize; DAYS.len()] {
    let wednesday = MORNING.min(hours);
    let rest = hours - wednesday;
    let full_days = DAYS.len() - 1;
    let mut targets = [rest / full_days; DAYS.len()];
    targets[WEDNESDAY] = wednesday;
    let mut others: Vec<usize> = (0..DAYS.len()).filter(|&d| d != WEDNESDAY).collect();
    others.shuffle(rng);
    for &day in others.iter().take(rest % full_days) {
        targets[day] += 1;
    }
    targets
}

/// Where lessons take place: a class's own room (`A11` for the first class of the first
/// level, `B12` for the second of the next…), or the room of a subject that needs one, one
/// per teacher of it (`Labo SVT 2`).
struct Rooms<'a> {
    own: Vec<String>,
    special: HashMap<(&'a str, &'a str), String>,
}

impl<'a> Rooms<'a> {
    fn new(classes: &[ClassRoster<'a>]) -> Rooms<'a> {
        let mut levels: Vec<&str> = Vec::new();
        let mut own = Vec::with_capacity(classes.len());
        for class in classes {
            let level = class.name.split(' ').next().unwrap_or_default();
            let level_index = match levels.iter().position(|l| *l == level) {
                Some(index) => index,
                None => {
                    levels.push(level);
                    levels.len() - 1
                }
            };
            let letter = char::from(b'A' + u8::try_from(level_index % 26).unwrap_or(0));
            let rank = own
                .iter()
                .filter(|room: &&String| room.starts_with(letter))
                .count();
            own.push(format!("{letter}{}", 11 + rank));
        }
        let mut teachers: HashMap<&str, Vec<&str>> = HashMap::new();
        for &(subject, teacher) in classes.iter().flat_map(|c| &c.teachings) {
            let of_subject = teachers.entry(subject).or_default();
            if !of_subject.contains(&teacher) {
                of_subject.push(teacher);
            }
        }
        let mut special = HashMap::new();
        for (subject, of_subject) in teachers {
            let Some(base) = special_room(subject) else {
                continue;
            };
            for (index, teacher) in of_subject.iter().enumerate() {
                let room = if of_subject.len() == 1 {
                    base.to_owned()
                } else {
                    format!("{base} {}", index + 1)
                };
                special.insert((subject, *teacher), room);
            }
        }
        Rooms { own, special }
    }

    fn of(&self, class: usize, subject: &'a str, teacher: &'a str) -> &str {
        self.special
            .get(&(subject, teacher))
            .or_else(|| self.own.get(class))
            .map_or("", String::as_str)
    }
}

/// The room a subject is taught in when it is not the class's own.
fn special_room(subject: &str) -> Option<&'static str> {
    Some(match subject {
        "SVT" => "Labo SVT",
        "Physique-chimie" => "Labo PC",
        "Technologie" => "Atelier techno",
        "Arts plastiques" => "Salle d'arts plastiques",
        "Éducation musicale" => "Salle de musique",
        "EPS" => "Gymnase",
        "NSI" | "SNT" => "Salle info",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::roster::Roster;
    use super::*;
    use crate::demo::generate;
    use cartable_core::continuity::timetable::{parse_timetable, WeeklyLesson};
    use cartable_core::import::parse_directory;
    use rand::SeedableRng;

    /// The slots a lesson covers.
    fn slots(lesson: &WeeklyLesson) -> std::ops::Range<usize> {
        let slot = |time: String, end: bool| {
            TIMES
                .iter()
                .position(|t| if end { t.1 == time } else { t.0 == time })
                .unwrap()
        };
        slot(lesson.starts.to_string(), false)..slot(lesson.ends.to_string(), true) + 1
    }

    #[test]
    fn every_class_has_a_full_week_and_no_teacher_is_in_two_places() {
        let academy = generate(&mut StdRng::seed_from_u64(crate::seed::DEMO_SEED));
        for (number, school) in (0..).zip(&academy.schools) {
            let lycee = school.name.starts_with("Lycée");
            let rows = parse_directory(&school.directory_csv).unwrap();
            let roster = Roster::of(&rows);
            let csv = school_timetable(&roster.classes, lycee, number);
            let lessons = parse_timetable(&csv).unwrap_or_else(|e| panic!("{e:?}"));
            for class in &roster.classes {
                let week: Vec<&WeeklyLesson> = lessons
                    .iter()
                    .filter(|l| l.class.as_str() == class.name)
                    .collect();
                for &(subject, teacher) in &class.teachings {
                    let hours: usize = week
                        .iter()
                        .filter(|l| l.subject.as_str() == subject)
                        .inspect(|l| assert_eq!(l.teacher.as_ref().unwrap().as_str(), teacher))
                        .map(|l| slots(l).len())
                        .sum();
                    let expected: usize = lessons_of(subject, lycee).iter().sum();
                    assert_eq!(hours, expected, "{} {subject}", class.name);
                }
                let mut holes = 0;
                for day in 1..=5 {
                    let of_day: Vec<&&WeeklyLesson> =
                        week.iter().filter(|l| l.weekday == day).collect();
                    let mut taken: Vec<usize> = of_day.iter().flat_map(|l| slots(l)).collect();
                    taken.sort_unstable();
                    let at = format!("{} day {day}: {taken:?}", class.name);
                    let hours = if day == 3 {
                        2..=MORNING
                    } else {
                        3..=TIMES.len()
                    };
                    assert!(hours.contains(&taken.len()), "{at}");
                    assert!(taken[0] <= 2, "{at}: the day starts by 10:15");
                    holes += taken.windows(2).filter(|w| w[1] != w[0] + 1).count();
                    let subjects: HashSet<&str> =
                        of_day.iter().map(|l| l.subject.as_str()).collect();
                    assert_eq!(subjects.len(), of_day.len(), "{at}: a subject twice");
                    if day == 3 {
                        assert!(taken.iter().all(|&s| s < MORNING), "{at}");
                    }
                }
                assert!(holes <= 1, "{}: {holes} holes in the week", class.name);
                assert!(week.iter().all(|l| !l.room.is_empty()));
            }
            let mut teacher_hours = HashSet::new();
            for lesson in &lessons {
                for slot in slots(lesson) {
                    let key = (lesson.teacher.clone(), lesson.weekday, slot);
                    assert!(teacher_hours.insert(key), "{lesson:?}: its teacher is busy");
                }
            }
        }
    }
}
