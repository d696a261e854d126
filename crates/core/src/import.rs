//! Reading a school's directory file.
//!
//! The file is CSV with a header line naming these columns, in any order:
//!
//! ```text
//! role,login,last_name,first_name,classes,children
//! pupil,lea.martin,Martin,Léa,6e A,
//! parent,sophie.martin,Martin,Sophie,,lea.martin
//! teacher,marc.dupont,Dupont,Marc,6e A:Mathématiques;6e B:Mathématiques,
//! staff,anne.roux,Roux,Anne,,
//! ```
//!
//! A pupil has exactly one class; a teacher lists `class:subject` pairs separated by `;`; a
//! parent lists the logins of their children (pupils of this file or already in the school).
//! Parsing checks every row and reports every bad one with its line number: a file with any
//! bad row imports nothing.

use crate::csv_file::{self, Fields};
use crate::directory::{ClassName, PersonName, Subject};
use crate::{Login, Role};
use std::collections::{HashMap, HashSet};

/// Most rows one file may hold (a large lycée has about 3,000 people with its parents).
pub const MAX_ROWS: usize = 20_000;

/// The columns a directory file must have.
pub const COLUMNS: [&str; 6] = [
    "role",
    "login",
    "last_name",
    "first_name",
    "classes",
    "children",
];

/// One valid row of a directory file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryRow {
    /// Line in the file (the header is line 1), for errors found later by the store.
    pub line: usize,
    /// The person's role; never admin (admins are not imported).
    pub role: Role,
    /// Their login, unique on the platform.
    pub login: Login,
    /// Last name.
    pub last_name: PersonName,
    /// First name.
    pub first_name: PersonName,
    /// For a pupil: their one class. For a teacher: the classes they teach, with subjects.
    pub classes: Vec<(ClassName, Option<Subject>)>,
    /// For a parent: their children's logins.
    pub children: Vec<Login>,
}

/// A bad row: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// Line in the file (the header is line 1; 0 for the file as a whole).
    pub line: usize,
    /// What is wrong, in a sentence.
    pub reason: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

pub(crate) fn error(line: usize, reason: impl Into<String>) -> LineError {
    LineError {
        line,
        reason: reason.into(),
    }
}

/// Reads a directory file's bytes as text. Files exported by school administration software
/// or saved from a spreadsheet on Windows are often Windows-1252 rather than UTF-8: a file
/// that is not valid UTF-8 is read as Windows-1252, where every byte is a character, so
/// "Léa" comes through either way. A UTF-8 byte-order mark is dropped.
pub fn decode_directory(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Parses a whole directory file. Either every row is valid, or every bad row is listed.
pub fn parse_directory(text: &str) -> Result<Vec<DirectoryRow>, Vec<LineError>> {
    let (rows, mut errors) = csv_file::read_rows(text, &COLUMNS, MAX_ROWS, parse_row)?;
    errors.extend(check_across_rows(&rows));
    csv_file::all_or_errors(rows, errors)
}

fn parse_row(line: usize, fields: &Fields<'_>) -> Result<DirectoryRow, LineError> {
    let field = |name: &str| fields.get(name);
    let at = |e: &dyn std::fmt::Display| error(line, e.to_string());
    let role: Role = field("role").parse().map_err(|e| at(&e))?;
    if role == Role::Admin {
        return Err(error(
            line,
            "admin accounts are not imported; use `cartable admin add-user`",
        ));
    }
    let login = Login::parse(field("login")).map_err(|e| at(&e))?;
    let last_name = PersonName::parse(field("last_name")).map_err(|e| at(&e))?;
    let first_name = PersonName::parse(field("first_name")).map_err(|e| at(&e))?;
    let classes = parse_classes(line, role, field("classes"))?;
    let children = parse_children(line, role, field("children"))?;
    Ok(DirectoryRow {
        line,
        role,
        login,
        last_name,
        first_name,
        classes,
        children,
    })
}

fn parse_classes(
    line: usize,
    role: Role,
    text: &str,
) -> Result<Vec<(ClassName, Option<Subject>)>, LineError> {
    let parts: Vec<&str> = text
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match role {
        Role::Pupil => match parts.as_slice() {
            [one] => Ok(vec![(
                ClassName::parse(one).map_err(|e| error(line, e.to_string()))?,
                None,
            )]),
            [] => Err(error(line, "a pupil needs a class")),
            _ => Err(error(line, "a pupil belongs to exactly one class")),
        },
        Role::Teacher => parts
            .iter()
            .map(|pair| {
                let (class, subject) = pair
                    .split_once(':')
                    .ok_or_else(|| error(line, format!("{pair:?} is not class:subject")))?;
                let class = ClassName::parse(class).map_err(|e| error(line, e.to_string()))?;
                let subject = Subject::parse(subject).map_err(|e| error(line, e.to_string()))?;
                Ok((class, Some(subject)))
            })
            .collect(),
        _ if parts.is_empty() => Ok(Vec::new()),
        _ => Err(error(line, format!("a {role} has no classes column"))),
    }
}

fn parse_children(line: usize, role: Role, text: &str) -> Result<Vec<Login>, LineError> {
    let parts: Vec<&str> = text
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match role {
        Role::Parent if parts.is_empty() => Err(error(line, "a parent needs at least one child")),
        Role::Parent => parts
            .iter()
            .map(|child| {
                Login::parse(child).map_err(|e| error(line, format!("child {child:?}: {e}")))
            })
            .collect(),
        _ if parts.is_empty() => Ok(Vec::new()),
        _ => Err(error(
            line,
            format!("only a parent has children; this row is a {role}"),
        )),
    }
}

/// Checks what no single row shows: a login used twice, a child who is not a pupil.
fn check_across_rows(rows: &[DirectoryRow]) -> Vec<LineError> {
    let mut errors = Vec::new();
    let mut first_line: HashMap<&Login, usize> = HashMap::new();
    for row in rows {
        if let Some(first) = first_line.insert(&row.login, row.line) {
            errors.push(error(
                row.line,
                format!("login {} already used on line {first}", row.login),
            ));
            first_line.insert(&row.login, first);
        }
    }
    let roles: HashMap<&Login, Role> = rows.iter().map(|r| (&r.login, r.role)).collect();
    for row in rows {
        let mut seen = HashSet::new();
        for child in &row.children {
            if !seen.insert(child) {
                errors.push(error(row.line, format!("child {child} is listed twice")));
            }
            if let Some(role) = roles.get(child).filter(|r| **r != Role::Pupil) {
                errors.push(error(
                    row.line,
                    format!("child {child} is a {role}, not a pupil"),
                ));
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "role,login,last_name,first_name,classes,children
pupil,lea.martin,Martin,Léa,6e A,
pupil,tom.martin,Martin,Tom,5e B,
parent,sophie.martin,Martin,Sophie,,lea.martin;tom.martin
teacher,marc.dupont,Dupont,Marc,6e A:Mathématiques;5e B:Mathématiques,
staff,anne.roux,Roux,Anne,,
";

    #[test]
    fn a_good_file_parses_every_row() {
        let rows = parse_directory(GOOD).unwrap();
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[2].children.len(), 2);
        assert_eq!(rows[3].classes[1].0.as_str(), "5e B");
        assert_eq!(
            rows[3].classes[1].1.as_ref().map(Subject::as_str),
            Some("Mathématiques")
        );
    }

    #[test]
    fn windows_1252_files_and_byte_order_marks_are_read() {
        let latin = b"role,login,last_name,first_name,classes,children\npupil,lea.martin,Martin,L\xE9a,6e A,\n";
        let rows = parse_directory(&decode_directory(latin)).unwrap();
        assert_eq!(rows[0].first_name.as_str(), "Léa");
        let utf8_bom = "\u{feff}role,login,last_name,first_name,classes,children\npupil,lea.martin,Martin,Léa,6e A,\n";
        let rows = parse_directory(&decode_directory(utf8_bom.as_bytes())).unwrap();
        assert_eq!(rows[0].first_name.as_str(), "Léa");
    }

    #[test]
    fn columns_may_come_in_any_order() {
        let text =
            "login,role,first_name,last_name,children,classes\nlea.martin,pupil,Léa,Martin,,6e A\n";
        let rows = parse_directory(text).unwrap();
        assert_eq!(rows[0].first_name.as_str(), "Léa");
    }

    #[test]
    fn every_bad_row_is_listed_with_its_line() {
        let text = "role,login,last_name,first_name,classes,children
pupil,lea.martin,Martin,Léa,6e A,
wizard,x.y,Y,X,,
parent,p.one,One,P,,
teacher,t.one,One,T,6e A,
pupil,lea.martin,Martin,Léa,6e A,
parent,p.two,Two,P,,ghost;t.two
admin,a.one,One,A,,
teacher,t.two,Two,T,6e A:Maths,
pupil,no.class,No,Class,,
";
        let errors = parse_directory(text).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7, 8, 10]);
        assert!(errors[0].reason.contains("unknown role"));
        assert!(errors[1].reason.contains("at least one child"));
        assert!(errors[2].reason.contains("class:subject"));
        assert!(errors[3].reason.contains("already used on line 2"));
        assert!(errors[4].reason.contains("t.two is a teacher, not a pupil"));
        assert!(errors[5].reason.contains("not imported"));
        assert!(errors[6].reason.contains("needs a class"));
    }

    #[test]
    fn missing_columns_and_empty_files_are_named() {
        let errors = parse_directory("role,login\npupil,x\n").unwrap_err();
        assert_eq!(errors[0].line, 1);
        assert!(errors[0].reason.contains("last_name"));
        let errors =
            parse_directory("role,login,last_name,first_name,classes,children\n").unwrap_err();
        assert!(errors[0].reason.contains("no rows"));
    }

    #[test]
    fn a_ragged_row_is_reported_not_guessed() {
        let text = "role,login,last_name,first_name,classes,children\npupil,a.b,B,A\n";
        let errors = parse_directory(text).unwrap_err();
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].reason.contains("unreadable"));
    }
}
