//! The filters of a school's accounts list — search text, role, class, page — read from a
//! query string the same way by the accounts page and the API, and written back into links
//! so that "next page" keeps what was asked.

use crate::api::school_dto::AccountsQuery;
use crate::error::{WebError, WebResult};
use cartable_core::{ClassId, Role};
use cartable_store::AccountQuery;

/// Accounts per page, on the page and in the API: small enough for a light page (DESIGN asks
/// under ~30 KB compressed), large enough for a class and its parents.
pub const PER_PAGE: usize = 50;

/// The longest search text accepted, in characters: no name or login is longer.
pub const MAX_SEARCH_CHARS: usize = 100;

/// The highest page number accepted; far past any school's last page, and small enough that
/// the offset it makes cannot overflow.
const MAX_PAGE: usize = 1_000_000;

/// What a reader of the accounts list asked for, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountFilter {
    /// Only accounts of this role.
    pub role: Option<Role>,
    /// Only the pupils, parents and teachers of this class.
    pub class: Option<ClassId>,
    /// Only accounts whose login or name holds this text (trimmed, never empty).
    pub search: Option<String>,
    /// Which page, from 1.
    pub page: usize,
}

/// Reads an optional role filter; empty means every role.
pub fn role_filter(text: Option<&str>) -> WebResult<Option<Role>> {
    match text.filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|e: cartable_core::role::UnknownRole| WebError::InvalidInput(e.to_string())),
    }
}

impl AccountFilter {
    /// Parses the query string's fields; empty fields mean "any", a bad one is a 400 that
    /// names it.
    pub fn parse(raw: &AccountsQuery) -> WebResult<AccountFilter> {
        let role = role_filter(raw.role.as_deref())?;
        let class = match raw.class.as_deref().filter(|c| !c.is_empty()) {
            None => None,
            Some(text) => Some(text.parse().map_err(|_| {
                WebError::InvalidInput("class is not the id of a class".to_owned())
            })?),
        };
        let search = raw
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned);
        if search
            .as_ref()
            .is_some_and(|q| q.chars().count() > MAX_SEARCH_CHARS)
        {
            return Err(WebError::InvalidInput(format!(
                "q is longer than {MAX_SEARCH_CHARS} characters"
            )));
        }
        let page = match raw.page.as_deref().filter(|p| !p.is_empty()) {
            None => 1,
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|p| (1..=MAX_PAGE).contains(p))
                .ok_or_else(|| {
                    WebError::InvalidInput(format!(
                        "page must be a whole number from 1 to {MAX_PAGE}"
                    ))
                })?,
        };
        Ok(AccountFilter {
            role,
            class,
            search,
            page,
        })
    }

    /// The store query for this filter's page.
    pub fn query(&self) -> AccountQuery {
        AccountQuery {
            role: self.role,
            class: self.class.clone(),
            search: self.search.clone(),
            offset: self.page.saturating_sub(1).saturating_mul(PER_PAGE),
            limit: PER_PAGE,
        }
    }

    /// The same filter on another page.
    pub fn on_page(&self, page: usize) -> AccountFilter {
        AccountFilter {
            page,
            ..self.clone()
        }
    }

    /// A link to `path` with this filter in its query string (escaped for a URL; the template
    /// escapes it again for HTML).
    pub fn href(&self, path: &str) -> String {
        let page = self.page.to_string();
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if let Some(q) = &self.search {
            pairs.push(("q", q));
        }
        if let Some(role) = self.role {
            pairs.push(("role", role.as_str()));
        }
        if let Some(class) = &self.class {
            pairs.push(("class", class.as_str()));
        }
        pairs.push(("page", &page));
        match serde_urlencoded::to_string(&pairs) {
            Ok(query) => format!("{path}?{query}"),
            // Encoding pairs of strings cannot fail; the bare path is a safe fallback.
            Err(_) => path.to_owned(),
        }
    }
}

/// How many pages `total` accounts fill: at least one, even when there are none.
pub fn page_count(total: i64) -> usize {
    let total = usize::try_from(total).unwrap_or(0);
    total.div_ceil(PER_PAGE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(role: &str, class: &str, q: &str, page: &str) -> AccountsQuery {
        let some = |s: &str| Some(s.to_owned());
        AccountsQuery {
            role: some(role),
            class: some(class),
            q: some(q),
            page: some(page),
        }
    }

    #[test]
    fn empty_fields_mean_any_and_the_first_page() {
        let filter = AccountFilter::parse(&raw("", "", "   ", "")).unwrap();
        assert_eq!(
            filter,
            AccountFilter {
                page: 1,
                ..AccountFilter::default()
            }
        );
        assert_eq!(filter.query().offset, 0);
        assert_eq!(filter.query().limit, PER_PAGE);
    }

    #[test]
    fn bad_fields_are_named() {
        for (bad, word) in [
            (raw("wizard", "", "", ""), "wizard"),
            (raw("", "nope", "", ""), "class"),
            (raw("", "", "", "0"), "page"),
            (raw("", "", "", "-2"), "page"),
            (raw("", "", &"x".repeat(101), ""), "q is longer"),
        ] {
            match AccountFilter::parse(&bad) {
                Err(WebError::InvalidInput(text)) => assert!(text.contains(word), "{text}"),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn links_keep_the_filter_escaped() {
        let filter = AccountFilter::parse(&raw("pupil", "", " a&b <c> ", "3")).unwrap();
        assert_eq!(filter.query().offset, 2 * PER_PAGE);
        assert_eq!(
            filter.on_page(4).href("/school/accounts"),
            "/school/accounts?q=a%26b+%3Cc%3E&role=pupil&page=4"
        );
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(50), 1);
        assert_eq!(page_count(51), 2);
    }
}
