//! A class's week: the lessons that come back every week (subject, teacher, room, time).
//!
//! A school loads its timetable as a CSV file, one lesson per row:
//!
//! ```text
//! class,day,start,end,subject,teacher,room
//! 6e A,lundi,08:00,09:00,Mathématiques,marc.dupont,B12
//! 6e A,lundi,09:00,10:00,Français,,B12
//! ```
//!
//! `day` is a weekday in French or English, or 1 (Monday) to 7; `teacher` is a login and may be
//! empty; `room` may be empty. The file replaces the whole week of every class it names, and
//! is all-or-nothing: one bad row, or two lessons of a class that overlap, and nothing changes.

use super::calendar::{parse_weekday, TimeOfDay};
use crate::csv_file::{self, Fields};
use crate::directory::{ClassName, Subject};
use crate::import::{error, LineError};
use crate::Login;

/// Most rows a timetable file may hold (a large lycée: 60 classes × 35 lessons).
pub const MAX_ROWS: usize = 10_000;
/// The longest room name.
pub const MAX_ROOM_CHARS: usize = 30;

/// The columns a timetable file must have.
pub const COLUMNS: [&str; 7] = ["class", "day", "start", "end", "subject", "teacher", "room"];

/// One weekly lesson as read from a file or typed by staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyLesson {
    /// Line in the file (the header is line 1), for errors the store finds later; 0 when typed.
    pub line: usize,
    /// The class.
    pub class: ClassName,
    /// Monday 1 to Sunday 7.
    pub weekday: u8,
    /// When it starts.
    pub starts: TimeOfDay,
    /// When it ends, after it starts.
    pub ends: TimeOfDay,
    /// What is taught.
    pub subject: Subject,
    /// Who teaches it, if the school says.
    pub teacher: Option<Login>,
    /// Where, if the school says (empty otherwise).
    pub room: String,
}

/// Checks a room name: at most [`MAX_ROOM_CHARS`] characters on one line; empty is allowed.
pub fn parse_room(text: &str) -> Result<String, String> {
    let room = text.trim();
    if room.chars().count() > MAX_ROOM_CHARS {
        return Err(format!(
            "a room name is at most {MAX_ROOM_CHARS} characters"
        ));
    }
    if room.chars().any(char::is_control) {
        return Err("the room name holds a control character".to_owned());
    }
    Ok(room.to_owned())
}

/// Parses a whole timetable file. Either every row is valid and no two lessons of a class
/// overlap, or every problem is listed with its line.
pub fn parse_timetable(text: &str) -> Result<Vec<WeeklyLesson>, Vec<LineError>> {
    let (rows, mut errors) = csv_file::read_rows(text, &COLUMNS, MAX_ROWS, parse_row)?;
    errors.extend(overlaps(&rows));
    csv_file::all_or_errors(rows, errors)
}

fn parse_row(line: usize, fields: &Fields<'_>) -> Result<WeeklyLesson, LineError> {
    let at = |e: &dyn std::fmt::Display| error(line, e.to_string());
    let class = ClassName::parse(fields.get("class")).map_err(|e| at(&e))?;
    let weekday = parse_weekday(fields.get("day")).map_err(|e| at(&e))?;
    let starts = TimeOfDay::parse(fields.get("start")).map_err(|e| at(&e))?;
    let ends = TimeOfDay::parse(fields.get("end")).map_err(|e| at(&e))?;
    if ends <= starts {
        return Err(error(
            line,
            format!("the lesson ends ({ends}) before it starts ({starts})"),
        ));
    }
    let subject = Subject::parse(fields.get("subject")).map_err(|e| at(&e))?;
    let teacher = match fields.get("teacher") {
        "" => None,
        login => Some(Login::parse(login).map_err(|e| error(line, format!("teacher: {e}")))?),
    };
    let room = parse_room(fields.get("room")).map_err(|e| error(line, e))?;
    Ok(WeeklyLesson {
        line,
        class,
        weekday,
        starts,
        ends,
        subject,
        teacher,
        room,
    })
}

/// Every lesson that overlaps an earlier one of the same class on the same day.
pub fn overlaps(lessons: &[WeeklyLesson]) -> Vec<LineError> {
    let mut sorted: Vec<&WeeklyLesson> = lessons.iter().collect();
    sorted.sort_by(|a, b| {
        (&a.class, a.weekday, a.starts, a.line).cmp(&(&b.class, b.weekday, b.starts, b.line))
    });
    sorted
        .windows(2)
        .filter(|pair| {
            let (a, b) = (pair[0], pair[1]);
            a.class == b.class && a.weekday == b.weekday && b.starts < a.ends
        })
        .map(|pair| {
            let (a, b) = (pair[0], pair[1]);
            let (first, second) = if a.line <= b.line { (a, b) } else { (b, a) };
            error(
                second.line,
                format!(
                    "{} overlaps line {} ({} {}–{})",
                    second.class, first.line, first.subject, first.starts, first.ends
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "class,day,start,end,subject,teacher,room\n";

    #[test]
    fn a_good_file_gives_every_lesson_in_order() {
        let text = format!(
            "{HEADER}6e A,lundi,08:00,09:00,Mathématiques,marc.dupont,B12\n\
             6e A,Monday,9h,10h,Français,,\n6e B,2,08:00,09:00,Anglais,,C3\n"
        );
        let lessons = parse_timetable(&text).unwrap();
        assert_eq!(lessons.len(), 3);
        assert_eq!(lessons[0].teacher.as_ref().unwrap().as_str(), "marc.dupont");
        assert_eq!(lessons[1].starts.to_string(), "09:00");
        assert_eq!(lessons[1].teacher, None);
        assert_eq!(lessons[2].weekday, 2);
        assert_eq!(lessons[2].line, 4);
    }

    #[test]
    fn every_bad_row_is_named_by_its_line_and_nothing_is_kept() {
        let text = format!(
            "{HEADER}6e A,lundi,08:00,09:00,Maths,,\n\
             6e A,funday,08:00,09:00,Maths,,\n\
             6e A,mardi,10:00,09:00,Maths,,\n\
             6e A,mardi,25:00,26:00,Maths,,\n\
             6e A,mardi,11:00,12:00,,,\n\
             6e A,mardi,13:00,14:00,Maths,not a login!,\n"
        );
        let errors = parse_timetable(&text).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7], "{errors:?}");
        assert!(
            errors[1].reason.contains("before it starts"),
            "{}",
            errors[1]
        );
    }

    #[test]
    fn two_lessons_of_a_class_at_the_same_time_are_refused() {
        let text = format!(
            "{HEADER}6e A,lundi,08:00,09:00,Maths,,\n\
             6e B,lundi,08:00,09:00,Maths,,\n\
             6e A,lundi,08:30,09:30,Français,,\n\
             6e A,lundi,09:30,10:00,Anglais,,\n"
        );
        let errors = parse_timetable(&text).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 4);
        assert!(errors[0].reason.contains("line 2"), "{}", errors[0]);
    }

    #[test]
    fn a_file_without_its_columns_or_rows_is_refused_whole() {
        let missing = parse_timetable("class,day,start\n6e A,lundi,08:00\n").unwrap_err();
        assert_eq!(missing[0].line, 1);
        assert!(missing[0].reason.contains("end"), "{}", missing[0]);
        let empty = parse_timetable(HEADER).unwrap_err();
        assert_eq!(empty[0].line, 0);
    }
}
