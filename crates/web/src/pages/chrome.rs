//! What every page shares: the frame around the content (language, navigation, the sign-out
//! form), rendering, dates, and reading forms.

use crate::api::json::from_status;
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Text};
use crate::session_cache::CachedSession;
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, Request};
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use cartable_core::authz::{authorize, Action};
use cartable_core::messaging::MessagingSwitches;
use cartable_core::{Role, Timestamp};
use serde::de::DeserializeOwned;

/// The signed-in person, as the frame shows them.
#[derive(Debug)]
pub struct Viewer {
    /// Their name.
    pub name: String,
    /// Whether they see the school's accounts.
    pub runs_school: bool,
    /// Whether they may import the directory.
    pub imports: bool,
    /// Whether they see the school's moderation page.
    pub moderates: bool,
    /// Whether they have a day to see (pupils, parents).
    pub has_day: bool,
    /// Whether they keep a class log (teachers).
    pub teaches: bool,
    /// Whether they load and change the school's timetable (head, staff).
    pub edits_timetable: bool,
}

/// The banner every signed-in page shows while sending is switched off in the viewer's
/// school: for the viewer's own role, or (for those who run the school) for any role.
#[derive(Debug)]
pub struct Banner {
    /// Whether the viewer's own role is switched off.
    pub mine: bool,
    /// The roles switched off, by name, for those who run the school.
    pub roles: String,
    /// The school's explanation.
    pub reason: String,
}

impl Banner {
    /// The banner for someone of `role` in a school with these switches, if any is due.
    fn for_viewer(t: &Text, role: Role, switches: &MessagingSwitches) -> Option<Banner> {
        let mine = !switches.may_send(role);
        let watches = role.runs_school() && switches.any_off();
        if !(mine || watches) {
            return None;
        }
        let roles: Vec<&str> = switches.off_for.iter().map(|r| t.role(*r)).collect();
        Some(Banner {
            mine,
            roles: roles.join(", "),
            reason: switches.reason.clone(),
        })
    }
}

/// The frame of a page.
#[derive(Debug)]
pub struct Chrome {
    /// The page's words.
    pub t: &'static Text,
    /// `<html lang>`.
    pub lang: &'static str,
    /// The other language's code, for the switch link.
    pub other_lang: &'static str,
    /// The other language's name, in itself.
    pub other_name: &'static str,
    /// The page title.
    pub title: &'static str,
    /// Who is signed in, if anyone.
    pub viewer: Option<Viewer>,
    /// Why sending is switched off, when it is.
    pub banner: Option<Banner>,
    /// The page is the viewer's last good copy, served while the database fails.
    pub degraded: bool,
    /// The anti-forgery token for this page's forms.
    pub csrf: String,
    /// The stylesheet's URL.
    pub css: &'static str,
}

impl Chrome {
    /// The frame for a page seen by `session` (or nobody), with the given form token.
    pub fn new(
        lang: Lang,
        title: fn(&Text) -> &'static str,
        session: Option<&CachedSession>,
        csrf: String,
    ) -> Chrome {
        let t = lang.text();
        let viewer = session.map(|s| {
            let actor = &s.info.actor;
            let school = s.profile.school_id.clone();
            Viewer {
                name: s.info.display_name.clone(),
                runs_school: authorize(actor, Action::ViewSchool(school.clone())).is_ok(),
                imports: authorize(actor, Action::ImportDirectory(school.clone())).is_ok(),
                moderates: authorize(actor, Action::ModerateMessages(school.clone())).is_ok(),
                edits_timetable: authorize(actor, Action::EditTimetable(school)).is_ok(),
                has_day: matches!(actor.role, Role::Pupil | Role::Parent),
                teaches: actor.role == Role::Teacher,
            }
        });
        Chrome {
            t,
            lang: lang.code(),
            other_lang: lang.other().code(),
            other_name: lang.other().text().language_name,
            title: title(t),
            viewer,
            banner: None,
            degraded: false,
            csrf,
            css: crate::assets::CSS_PATH,
        }
    }

    /// The frame for a signed-in page: its forms carry the session's token, and it shows the
    /// messaging banner of the viewer's school when one is due (read from memory: no query).
    pub fn signed_in(
        state: &AppState,
        lang: Lang,
        title: fn(&Text) -> &'static str,
        session: &CachedSession,
    ) -> Chrome {
        let mut chrome = Chrome::new(
            lang,
            title,
            Some(session),
            csrf::session_token(&state.signer, &session.key),
        );
        chrome.banner = state
            .banners
            .for_school(&session.profile.school_id)
            .and_then(|switches| Banner::for_viewer(chrome.t, session.profile.role, &switches));
        chrome
    }
}

/// Renders a template into an HTML response.
pub fn render(template: &impl Template) -> WebResult<Response> {
    match template.render() {
        Ok(html) => Ok(Html(html).into_response()),
        Err(error) => {
            tracing::error!(%error, "template failed to render");
            Err(WebError::Internal)
        }
    }
}

/// A date and time as the school's clocks show it: `2026-09-07 10:00`, for what happens in
/// a school (a deadline, a hand-in, a piece of news).
pub fn local_datetime(at: Timestamp, zone: &jiff::tz::TimeZone) -> String {
    jiff::Timestamp::from_second(at.0)
        .map(|t| {
            t.to_zoned(zone.clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| datetime(at))
}

/// A date and time as pages show it: `2026-09-07 08:00 UTC`.
pub fn datetime(at: Timestamp) -> String {
    let days = at.0.div_euclid(86_400);
    let seconds = at.0.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        seconds / 3600,
        seconds % 3600 / 60
    )
}

/// A form body of type `T`; a bad or oversized form is a clear 4xx, never a 500.
#[derive(Debug)]
pub struct PageForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for PageForm<T>
where
    Form<T>: FromRequest<S, Rejection = FormRejection>,
{
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Self, WebError> {
        match Form::<T>::from_request(request, state).await {
            Ok(Form(value)) => Ok(PageForm(value)),
            Err(rejection) => Err(from_status(
                rejection.status(),
                rejection.body_text(),
                WebError::InvalidInput,
            )),
        }
    }
}

/// A form whose fields may repeat (a checkbox per recipient or per role), in the order sent.
/// Read as `PageForm<Fields>`; multipart forms build one field by field.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, or `""` when the form has none.
    pub fn first(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the form has `name` at all (a ticked checkbox, a pressed button).
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }
}

/// A form with only its anti-forgery token.
#[derive(Debug, serde::Deserialize)]
pub struct CsrfOnly {
    /// The token.
    #[serde(default)]
    pub csrf: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fields_are_all_kept() {
        let fields: Fields = serde_urlencoded::from_str("to=a&subject=S&to=b&all=").unwrap();
        assert_eq!(fields.all("to").collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(fields.first("subject"), "S");
        assert_eq!(fields.first("body"), "");
        assert!(fields.has("all") && !fields.has("none"));
    }

    #[test]
    fn the_banner_tells_each_role_what_concerns_it() {
        let t = Lang::Fr.text();
        let pupils_off = MessagingSwitches::off(&[Role::Pupil], "Menaces reçues").unwrap();
        let pupil = Banner::for_viewer(t, Role::Pupil, &pupils_off).unwrap();
        assert!(pupil.mine);
        assert_eq!(pupil.reason, "Menaces reçues");
        assert!(Banner::for_viewer(t, Role::Teacher, &pupils_off).is_none());
        let head = Banner::for_viewer(t, Role::Head, &pupils_off).unwrap();
        assert!(!head.mine);
        assert_eq!(head.roles, "Élève");
        assert!(Banner::for_viewer(t, Role::Head, &MessagingSwitches::default()).is_none());
    }

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(datetime(Timestamp(0)), "1970-01-01 00:00 UTC");
        assert_eq!(datetime(Timestamp(1_788_249_600)), "2026-09-01 08:00 UTC");
        assert_eq!(datetime(Timestamp(951_782_400)), "2000-02-29 00:00 UTC");
    }
}
