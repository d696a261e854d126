//! Statements built at run time, with their parameters, and scripts of several statements
//! sent to the database at once.
//!
//! sqlx talks to SQLite on a thread of its own: every statement is a round trip to that
//! thread and back, and under load the hand-overs, not SQLite, are what a write costs. A
//! [`Script`] sends all of its statements in one trip on SQLite (which runs them one after
//! the other, each binding the `$n` it names), and one by one on PostgreSQL, whose
//! prepared statements hold a single command each.

use crate::Result;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection};

/// A value bound to a statement built at run time.
#[derive(Debug, Clone)]
enum Bind {
    Text(String),
    OptionalText(Option<String>),
    Int(i64),
}

/// The parameters of a statement (or script) built at run time: each value pushed gets the
/// next `$n`, which is returned to be written into the SQL.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    binds: Vec<Bind>,
}

impl Params {
    /// Adds a text value; returns its placeholder.
    pub(crate) fn text(&mut self, value: impl Into<String>) -> String {
        self.push(Bind::Text(value.into()))
    }

    /// Adds a text value that may be NULL; returns its placeholder.
    pub(crate) fn optional_text(&mut self, value: Option<String>) -> String {
        self.push(Bind::OptionalText(value))
    }

    /// Adds an integer value; returns its placeholder.
    pub(crate) fn int(&mut self, value: i64) -> String {
        self.push(Bind::Int(value))
    }

    fn push(&mut self, bind: Bind) -> String {
        self.binds.push(bind);
        format!("${}", self.binds.len())
    }

    /// `sql` with every value bound, in order.
    pub(crate) fn query(self, sql: &str) -> Query<'_, Any, AnyArguments<'_>> {
        let mut query = sqlx::query(sql);
        for bind in self.binds {
            query = match bind {
                Bind::Text(text) => query.bind(text),
                Bind::OptionalText(text) => query.bind(text),
                Bind::Int(n) => query.bind(n),
            };
        }
        query
    }
}

/// Statements that run in order, as one trip to the database where it can.
#[derive(Debug, Default)]
pub(crate) struct Script {
    /// The values every statement of the script may name.
    pub(crate) params: Params,
    statements: Vec<String>,
}

impl Script {
    /// Adds a statement written with placeholders from [`Script::params`].
    pub(crate) fn push(&mut self, sql: impl Into<String>) {
        self.statements.push(sql.into());
    }

    /// Runs every statement in order on `conn`; returns the rows they produced (in practice
    /// those of the one statement that reads). An error stops the script where it happened.
    pub(crate) async fn run(self, conn: &mut AnyConnection) -> Result<Vec<AnyRow>> {
        if self.statements.is_empty() {
            return Ok(Vec::new());
        }
        if conn.backend_name().eq_ignore_ascii_case("sqlite") {
            let sql = self.statements.join(";\n");
            return Ok(self.params.query(&sql).fetch_all(&mut *conn).await?);
        }
        let mut rows = Vec::new();
        for statement in &self.statements {
            let (sql, used) = renumber(statement);
            let params = Params {
                binds: used
                    .iter()
                    .map(|&n| self.params.binds[n - 1].clone())
                    .collect(),
            };
            rows.extend(params.query(&sql).fetch_all(&mut *conn).await?);
        }
        Ok(rows)
    }
}

/// Numbers the placeholders of one statement of a script `$1, $2…` in the order they first
/// appear, and says which of the script's values each new number stands for: a PostgreSQL
/// statement is prepared once per text, and must always be given exactly the values it
/// names. (Cartable's SQL carries no `$` in its literals; values are always bound.)
fn renumber(sql: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(sql.len());
    let mut used: Vec<usize> = Vec::new();
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let digits = rest[at + 1..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest.len() - at - 1, |end| end);
        match rest[at + 1..at + 1 + digits].parse::<usize>() {
            Ok(n) if n > 0 => {
                let new = match used.iter().position(|&u| u == n) {
                    Some(i) => i + 1,
                    None => {
                        used.push(n);
                        used.len()
                    }
                };
                out.push_str(&format!("${new}"));
            }
            _ => out.push_str(&rest[at..at + 1 + digits]),
        }
        rest = &rest[at + 1 + digits..];
    }
    out.push_str(rest);
    (out, used)
}

#[cfg(test)]
mod tests {
    use super::renumber;

    #[test]
    fn placeholders_are_numbered_in_order_of_first_use() {
        let (sql, used) = renumber("UPDATE t SET a = $7, b = $3 WHERE c = $7 AND d = $12");
        assert_eq!(sql, "UPDATE t SET a = $1, b = $2 WHERE c = $1 AND d = $3");
        assert_eq!(used, [7, 3, 12]);
        assert_eq!(renumber("SELECT 1"), ("SELECT 1".to_owned(), vec![]));
    }
}
