//! Every word the pages show, in French (the default) and English.
//!
//! The language comes from the `?lang=` links (remembered in a `lang` cookie), else from the
//! browser's `Accept-Language`, else French. Error codes from [`crate::error`] are turned into
//! sentences here, so the API's stable codes and the pages' words never drift apart.

mod assignments;
mod board;
mod continuity;
mod documents;
mod en;
mod fr;
mod messaging;

pub use assignments::WorkText;
pub use board::BoardText;
pub use continuity::DayText;
pub use documents::DocsText;
pub use messaging::MessagingText;

use crate::cookies;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use cartable_core::{AccountStatus, Role};

/// A language the pages speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Français, the default.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code, for `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// A language from its code.
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, for the switch link.
    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    /// This language's words.
    pub fn text(self) -> &'static Text {
        match self {
            Lang::Fr => &fr::TEXT,
            Lang::En => &en::TEXT,
        }
    }

    /// The `lang` query parameter, if it names a language.
    pub fn from_query(query: Option<&str>) -> Option<Lang> {
        query?
            .split('&')
            .find_map(|pair| pair.strip_prefix("lang=").and_then(Lang::parse))
    }

    /// The language for a request: `?lang=`, then the cookie, then `Accept-Language`, then French.
    pub fn detect(query: Option<&str>, headers: &HeaderMap) -> Lang {
        if let Some(lang) = Lang::from_query(query) {
            return lang;
        }
        if let Some(lang) = cookies::get(headers, cookies::LANG).and_then(Lang::parse) {
            return lang;
        }
        let accept = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        accept
            .split(',')
            .filter_map(|item| item.split(';').next())
            .map(|tag| tag.trim().to_ascii_lowercase())
            .find_map(|tag| Lang::parse(tag.split('-').next().unwrap_or("")))
            .unwrap_or(Lang::Fr)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(match parts.extensions.get::<Lang>() {
            Some(lang) => *lang,
            None => Lang::detect(parts.uri.query(), &parts.headers),
        })
    }
}

/// The words of one language. Fields are named after what they label, grouped by page, and
/// only the templates of this crate read them.
#[derive(Debug)]
pub struct Text {
    pub(crate) roles: [&'static str; 6],
    pub(crate) language_name: &'static str,
    pub(crate) skip_to_content: &'static str,
    pub(crate) main_nav: &'static str,
    pub(crate) nav_home: &'static str,
    pub(crate) nav_sessions: &'static str,
    pub(crate) nav_accounts: &'static str,
    pub(crate) nav_import: &'static str,
    pub(crate) sign_out: &'static str,
    pub(crate) signed_in_as: &'static str,
    pub(crate) tagline: &'static str,

    pub(crate) signin_title: &'static str,
    pub(crate) login: &'static str,
    pub(crate) password: &'static str,
    pub(crate) stay_signed_in: &'static str,
    pub(crate) stay_signed_in_hint: &'static str,
    pub(crate) signin_button: &'static str,
    pub(crate) first_time: &'static str,
    pub(crate) activate_link: &'static str,

    pub(crate) degraded_banner: &'static str,
    pub(crate) home_title: &'static str,
    pub(crate) my_class: &'static str,
    pub(crate) my_teachers: &'static str,
    pub(crate) no_class: &'static str,
    pub(crate) subject: &'static str,
    pub(crate) teacher: &'static str,
    pub(crate) my_children: &'static str,
    pub(crate) no_children: &'static str,
    pub(crate) class: &'static str,
    pub(crate) my_classes: &'static str,
    pub(crate) no_teachings: &'static str,
    pub(crate) pupils: &'static str,
    pub(crate) pending: &'static str,
    pub(crate) teachers: &'static str,
    pub(crate) school_classes: &'static str,
    pub(crate) school_accounts: &'static str,
    pub(crate) role: &'static str,
    pub(crate) active: &'static str,
    pub(crate) locked: &'static str,
    pub(crate) codes: &'static str,
    pub(crate) print_codes: &'static str,
    pub(crate) none: &'static str,

    pub(crate) sessions_title: &'static str,
    pub(crate) sessions_intro: &'static str,
    pub(crate) device: &'static str,
    pub(crate) address: &'static str,
    pub(crate) opened: &'static str,
    pub(crate) last_seen: &'static str,
    pub(crate) expires: &'static str,
    pub(crate) this_session: &'static str,
    pub(crate) revoke: &'static str,

    pub(crate) activate_title: &'static str,
    pub(crate) activate_intro: &'static str,
    pub(crate) activation_code: &'static str,
    pub(crate) activation_hint: &'static str,
    pub(crate) new_password: &'static str,
    pub(crate) confirm_password: &'static str,
    pub(crate) password_policy: &'static str,
    pub(crate) activate_button: &'static str,
    pub(crate) passwords_differ: &'static str,

    pub(crate) accounts_title: &'static str,
    pub(crate) search: &'static str,
    pub(crate) search_button: &'static str,
    pub(crate) all_roles: &'static str,
    pub(crate) all_classes: &'static str,
    pub(crate) no_accounts: &'static str,
    pub(crate) pages_nav: &'static str,
    pub(crate) previous_page: &'static str,
    pub(crate) next_page: &'static str,
    pub(crate) name: &'static str,
    pub(crate) status: &'static str,
    pub(crate) actions: &'static str,
    pub(crate) reset_access: &'static str,
    pub(crate) reset_title: &'static str,
    pub(crate) reset_done: &'static str,
    pub(crate) code_once: &'static str,
    pub(crate) valid_until: &'static str,
    pub(crate) back_to_accounts: &'static str,
    pub(crate) lock: &'static str,
    pub(crate) lock_title: &'static str,
    pub(crate) lock_button: &'static str,
    pub(crate) lock_done: &'static str,
    pub(crate) lock_undo_hint: &'static str,
    pub(crate) cancel: &'static str,

    pub(crate) import_title: &'static str,
    pub(crate) import_intro: &'static str,
    pub(crate) csv_file: &'static str,
    pub(crate) csv_text: &'static str,
    pub(crate) import_button: &'static str,
    pub(crate) import_done: &'static str,
    pub(crate) created: &'static str,
    pub(crate) updated: &'static str,
    pub(crate) unchanged: &'static str,
    pub(crate) classes_created: &'static str,
    pub(crate) import_failed: &'static str,
    pub(crate) line: &'static str,
    pub(crate) reason: &'static str,

    pub(crate) codes_title: &'static str,
    pub(crate) codes_intro: &'static str,
    pub(crate) codes_warning: &'static str,
    pub(crate) codes_button: &'static str,
    pub(crate) codes_none: &'static str,
    pub(crate) codes_sheet_intro: &'static str,
    pub(crate) codes_print_hint: &'static str,
    pub(crate) code: &'static str,

    pub(crate) error_title: &'static str,
    pub(crate) back_home: &'static str,

    /// The messaging pages' words.
    pub(crate) m: &'static MessagingText,
    pub(crate) d: &'static DayText,
    /// The documents pages' words.
    pub(crate) docs: &'static DocsText,
    pub(crate) w: &'static WorkText,
    /// The timetable and news pages' words.
    pub(crate) n: &'static BoardText,
}

impl Text {
    /// A role's name.
    pub fn role(&self, role: Role) -> &'static str {
        self.roles[Role::ALL.iter().position(|r| *r == role).unwrap_or(0)]
    }

    /// An account status's name.
    pub fn status(&self, status: AccountStatus) -> &'static str {
        match status {
            AccountStatus::Active => self.active,
            AccountStatus::Pending => self.pending,
            AccountStatus::Locked => self.locked,
        }
    }
}

impl Lang {
    /// The sentence for an error code.
    pub fn error(self, code: &str) -> &'static str {
        match self {
            Lang::Fr => fr::error(code),
            Lang::En => en::error(code),
        }
    }

    /// "N accounts", with the noun agreeing.
    pub fn account_count(self, n: i64) -> String {
        match self {
            Lang::Fr => fr::account_count(n),
            Lang::En => en::account_count(n),
        }
    }

    /// "Page X of Y".
    pub fn page_of(self, page: usize, pages: usize) -> String {
        match self {
            Lang::Fr => format!("Page {page} sur {pages}"),
            Lang::En => format!("Page {page} of {pages}"),
        }
    }

    /// The question before locking someone's account.
    pub fn lock_question(self, name: &str) -> String {
        match self {
            Lang::Fr => format!("Verrouiller {name} ? Ses sessions prennent fin immédiatement."),
            Lang::En => format!("Lock {name}? Their sessions end at once."),
        }
    }

    /// "Try again in N seconds", said properly.
    pub fn retry_in(self, seconds: i64) -> String {
        match self {
            Lang::Fr => format!("Trop d’essais. Réessayez dans {seconds} s."),
            Lang::En => format!("Too many attempts. Try again in {seconds} s."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_query_wins_then_the_cookie_then_the_browser() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::detect(None, &headers), Lang::Fr);
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("en-GB,en;q=0.9,fr;q=0.5"),
        );
        assert_eq!(Lang::detect(None, &headers), Lang::En);
        headers.insert(header::COOKIE, HeaderValue::from_static("lang=fr"));
        assert_eq!(Lang::detect(None, &headers), Lang::Fr);
        assert_eq!(Lang::detect(Some("a=1&lang=en"), &headers), Lang::En);
    }

    #[test]
    fn every_error_code_has_words_in_both_languages() {
        for code in [
            "invalid_credentials",
            "throttled",
            "busy",
            "not_signed_in",
            "forbidden",
            "not_found",
            "invalid_input",
            "body_too_large",
            "csrf",
            "invalid_code",
            "password_too_common",
            "recipients_refused",
            "messaging_off",
            "too_many_recipients",
            "empty_subject",
            "conflict",
            "deadline_passed",
            "hand_in_reviewed",
            "file_infected",
            "antivirus_unavailable",
            "internal",
        ] {
            assert_ne!(Lang::Fr.error(code), Lang::En.error(code), "{code}");
        }
        assert_eq!(Lang::Fr.text().role(Role::Pupil), "Élève");
        assert_eq!(Lang::Fr.account_count(1), "1 compte");
        assert_eq!(Lang::Fr.account_count(0), "0 compte");
        assert_eq!(Lang::Fr.account_count(1150), "1150 comptes");
        assert_eq!(Lang::En.account_count(1), "1 account");
        assert_eq!(Lang::En.account_count(0), "0 accounts");
        assert_eq!(Lang::En.text().role(Role::Head), "Head teacher");
    }
}
