//! A school's accounts, searched, filtered and paged: what the head's accounts page and the
//! accounts API list, without ever loading a thousand accounts at once.

use crate::homes::{account_row, class_ref, permit_school, ACCOUNT_ROWS};
use crate::{AccountPage, AccountQuery, ClassRef, Result, Store};
use cartable_core::authz::{Action, Permit};
use cartable_core::directory::class_order_key;
use cartable_core::Role;
use sqlx::Row;

/// The conditions of a listing, shared by the page and the count. `$1` the school, `$2` a
/// role or `''`, `$3` a class id or `''`, `$4` a `LIKE` pattern (escaped with `\`) or `''`.
///
/// `LOWER()` on both sides rather than `ILIKE` (PostgreSQL only) or SQLite's case-blind
/// `LIKE`, so that both backends answer alike for ASCII letters; accented letters match as
/// typed (PostgreSQL also folds an accented capital, SQLite does not). A search also matches
/// "First Last" and "Last First", so a full name typed in the box finds its account.
const FILTER: &str = "u.school_id = $1 AND ($2 = '' OR u.role = $2) \
     AND ($3 = '' OR u.id IN ( \
           SELECT cp.pupil_id FROM class_pupils cp WHERE cp.class_id = $3 \
           UNION SELECT p.parent_id FROM parent_links p \
                 JOIN class_pupils cp ON cp.pupil_id = p.child_id WHERE cp.class_id = $3 \
           UNION SELECT t.teacher_id FROM teachings t WHERE t.class_id = $3)) \
     AND ($4 = '' \
          OR LOWER(u.login) LIKE LOWER($4) ESCAPE '\\' \
          OR LOWER(u.first_name || ' ' || u.last_name) LIKE LOWER($4) ESCAPE '\\' \
          OR LOWER(u.last_name || ' ' || u.first_name) LIKE LOWER($4) ESCAPE '\\')";

/// A `LIKE` pattern matching `text` anywhere, with `LIKE`'s own wildcards taken literally.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// A count or offset as SQL wants it.
fn sql_int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Store {
    /// One slice of a school's accounts matching `query`, by name, with how many match in
    /// all. A class of another school matches nobody. Needs a `ViewSchool` permit.
    pub async fn school_accounts(
        &self,
        permit: &Permit,
        query: &AccountQuery,
    ) -> Result<AccountPage> {
        let school_id = permit_school(permit, |a| matches!(a, Action::ViewSchool(_)))?;
        let role = query.role.map_or("", Role::as_str);
        let class = query.class.as_ref().map_or("", |c| c.as_str());
        let pattern = query
            .search
            .as_deref()
            .filter(|s| !s.is_empty())
            .map_or_else(String::new, contains_pattern);
        let count_sql = format!("SELECT COUNT(*) AS n FROM users u WHERE {FILTER}");
        let total: i64 = sqlx::query(&count_sql)
            .bind(school_id.as_str())
            .bind(role)
            .bind(class)
            .bind(pattern.as_str())
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let limit = query.limit.min(AccountQuery::MAX_LIMIT);
        let accounts = if limit == 0 || sql_int(query.offset) >= total {
            Vec::new()
        } else {
            let sql = format!(
                "{ACCOUNT_ROWS} WHERE {FILTER} \
                 ORDER BY u.last_name, u.first_name, u.login LIMIT $5 OFFSET $6"
            );
            let rows = sqlx::query(&sql)
                .bind(school_id.as_str())
                .bind(role)
                .bind(class)
                .bind(pattern.as_str())
                .bind(sql_int(limit))
                .bind(sql_int(query.offset))
                .fetch_all(&self.pool)
                .await?;
            rows.iter().map(account_row).collect::<Result<Vec<_>>>()?
        };
        Ok(AccountPage { accounts, total })
    }

    /// A school's classes in the order a school reads them (6e … 3e, 2nde, 1re, Tle), for
    /// the class filter of the accounts page. Needs a `ViewSchool` permit.
    pub async fn school_classes(&self, permit: &Permit) -> Result<Vec<ClassRef>> {
        let school_id = permit_school(permit, |a| matches!(a, Action::ViewSchool(_)))?;
        let rows = sqlx::query(
            "SELECT id AS class_id, name AS class_name FROM classes WHERE school_id = $1",
        )
        .bind(school_id.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut classes = rows.iter().map(class_ref).collect::<Result<Vec<_>>>()?;
        classes.sort_by_cached_key(|c| class_order_key(&c.name));
        Ok(classes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_taken_literally() {
        assert_eq!(contains_pattern("léa"), "%léa%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
