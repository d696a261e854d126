//! `/school/messaging-policy`: the head edits the school's messaging policy — pupils writing
//! to classmates, people per message, and per role the sending limits and hours. Core
//! validates it; a refused value comes back with the form as typed and a sentence naming it.

use super::chrome::{render, Chrome, Fields, PageForm};
use crate::auth::{ClientIp, CurrentUser};
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::messaging::policy::POLICY_ROLES;
use cartable_core::messaging::{MessagingPolicy, QuietHours, RateLimit};
use cartable_store::messaging::Moderator;
use serde::Deserialize;

/// Where the page lives.
const PATH: &str = "/school/messaging-policy";

/// One role's line of the form, as shown (from the policy, or as typed).
struct RoleLine {
    key: &'static str,
    name: &'static str,
    per_minute: String,
    per_hour: String,
    hours: String,
    opens: String,
    closes: String,
}

#[derive(Template)]
#[template(path = "policy.html")]
struct PolicyPage {
    c: Chrome,
    classmates: bool,
    max_people: String,
    roles: Vec<RoleLine>,
    time_zone: String,
    saved: bool,
    error: Option<String>,
}

/// `HH:MM` from minutes after midnight.
fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Minutes after midnight from `HH:MM` (up to `24:00`).
fn minutes(text: &str) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
    (hours <= 24 && minutes < 60 && hours * 60 + minutes <= 24 * 60).then_some(hours * 60 + minutes)
}

/// The form's name for a role's hours setting.
fn hours_mode(hours: Option<&QuietHours>) -> &'static str {
    match hours {
        None => "any",
        Some(h) if h.school_days_only => "school_days",
        Some(_) => "every_day",
    }
}

fn lines_of(lang: Lang, policy: &MessagingPolicy) -> Vec<RoleLine> {
    let t = lang.text();
    POLICY_ROLES
        .iter()
        .map(|role| {
            let limit = policy.limits.get(*role);
            let hours = policy.quiet_hours.get(*role).as_ref();
            RoleLine {
                key: role.as_str(),
                name: t.role(*role),
                per_minute: limit.messages_per_minute.to_string(),
                per_hour: limit.recipients_per_hour.to_string(),
                hours: hours_mode(hours).to_owned(),
                opens: clock(hours.map_or(7 * 60, |h| h.opens)),
                closes: clock(hours.map_or(20 * 60, |h| h.closes)),
            }
        })
        .collect()
}

fn lines_typed(lang: Lang, form: &Fields) -> Vec<RoleLine> {
    let t = lang.text();
    POLICY_ROLES
        .iter()
        .map(|role| {
            let field = |what: &str| form.first(&format!("{role}_{what}")).to_owned();
            RoleLine {
                key: role.as_str(),
                name: t.role(*role),
                per_minute: field("per_minute"),
                per_hour: field("per_hour"),
                hours: field("hours"),
                opens: field("opens"),
                closes: field("closes"),
            }
        })
        .collect()
}

/// Reads the form into a policy (keeping the school's time zone), or says which value is
/// not a number or a time.
fn parse(lang: Lang, form: &Fields, current: &MessagingPolicy) -> Result<MessagingPolicy, String> {
    let t = lang.text();
    let m = lang.messaging();
    let number = |name: &str, label: String| -> Result<u32, String> {
        form.first(name)
            .trim()
            .parse()
            .map_err(|_| lang.not_a_value(&label, false))
    };
    let mut policy = MessagingPolicy {
        pupils_write_to_classmates: form.has("classmates"),
        max_people_per_message: number("max_people", m.max_people.to_owned())?,
        ..current.clone()
    };
    for role in POLICY_ROLES {
        let label = |what: &str| format!("{} – {what}", t.role(role));
        *policy.limits.get_mut(role) = RateLimit {
            messages_per_minute: number(&format!("{role}_per_minute"), label(m.per_minute))?,
            recipients_per_hour: number(&format!("{role}_per_hour"), label(m.per_hour))?,
        };
        let time = |what: &str, name: &str| {
            minutes(form.first(&format!("{role}_{what}")))
                .ok_or_else(|| lang.not_a_value(&label(name), true))
        };
        *policy.quiet_hours.get_mut(role) = match form.first(&format!("{role}_hours")) {
            "school_days" | "every_day" => Some(QuietHours {
                opens: time("opens", m.opens)?,
                closes: time("closes", m.closes)?,
                school_days_only: form.first(&format!("{role}_hours")) == "school_days",
            }),
            _ => None,
        };
    }
    Ok(policy)
}

fn permit(session: &CurrentUser) -> WebResult<Permit> {
    let school = session.0.profile.school_id.clone();
    Ok(authorize(
        &session.0.info.actor,
        Action::EditMessagingPolicy(school),
    )?)
}

/// `/school/messaging-policy?saved=1`.
#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// `GET /school/messaging-policy`.
pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    session: CurrentUser,
    query: Result<Query<SavedQuery>, QueryRejection>,
) -> WebResult<Response> {
    let Query(query) = query.map_err(|r| WebError::InvalidInput(r.body_text()))?;
    permit(&session)?;
    let policy = state
        .store
        .school_messaging(&session.0.profile.school_id)
        .await?
        .policy;
    render(&PolicyPage {
        c: Chrome::signed_in(&state, lang, |t| t.m.policy_title, &session.0),
        classmates: policy.pupils_write_to_classmates,
        max_people: policy.max_people_per_message.to_string(),
        roles: lines_of(lang, &policy),
        time_zone: policy.time_zone,
        saved: query.saved.is_some(),
        error: None,
    })
}

/// `POST /school/messaging-policy`: validates and saves, or shows the form again as typed.
pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    PageForm(form): PageForm<Fields>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.0.key, form.first("csrf"))?;
    let permit = permit(&session)?;
    let current = state
        .store
        .school_messaging(&session.0.profile.school_id)
        .await?
        .policy;
    let checked = parse(lang, &form, &current).and_then(|policy| {
        policy
            .validate()
            .map(|()| policy)
            .map_err(|invalid| lang.invalid_policy(&invalid))
    });
    let policy = match checked {
        Ok(policy) => policy,
        Err(error) => {
            let mut response = render(&PolicyPage {
                c: Chrome::signed_in(&state, lang, |t| t.m.policy_title, &session.0),
                classmates: form.has("classmates"),
                max_people: form.first("max_people").to_owned(),
                roles: lines_typed(lang, &form),
                time_zone: current.time_zone,
                saved: false,
                error: Some(error),
            })?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(response);
        }
    };
    let by = Moderator {
        user: session.account()?,
        ip: ip.to_string(),
        session: Some(session.0.info.session_id.clone()),
    };
    state
        .store
        .set_messaging_policy(&permit, &policy, &by, state.now())
        .await?;
    Ok(Redirect::to(&format!("{PATH}?saved=1")).into_response())
}

impl RoleLine {
    /// Whether the line's hours are set to `mode`, for the option the form shows selected.
    fn is(&self, mode: &str) -> bool {
        self.hours == mode
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartable_core::Role;

    #[test]
    fn times_read_back_what_they_write() {
        assert_eq!(clock(7 * 60 + 5), "07:05");
        assert_eq!(minutes("07:05"), Some(425));
        assert_eq!(minutes("24:00"), Some(1440));
        for bad in ["", "7h", "24:01", "12:60", "-1:00"] {
            assert_eq!(minutes(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_default_policy_survives_a_round_trip_through_the_form() {
        let policy = MessagingPolicy::default();
        let lines = lines_of(Lang::Fr, &policy);
        let mut pairs = vec![("max_people".to_owned(), "5".to_owned())];
        for line in &lines {
            for (what, value) in [
                ("per_minute", &line.per_minute),
                ("per_hour", &line.per_hour),
                ("hours", &line.hours),
                ("opens", &line.opens),
                ("closes", &line.closes),
            ] {
                pairs.push((format!("{}_{what}", line.key), value.clone()));
            }
        }
        let parsed = parse(Lang::Fr, &Fields(pairs), &policy).unwrap();
        assert_eq!(parsed, policy);
        let bad = Fields(vec![("max_people".into(), "beaucoup".into())]);
        let error = parse(Lang::Fr, &bad, &policy).unwrap_err();
        assert!(error.contains("nombre entier"), "{error}");
    }

    #[test]
    fn a_role_line_knows_its_mode() {
        let lines = lines_of(Lang::En, &MessagingPolicy::default());
        let pupil = lines
            .iter()
            .find(|l| l.key == Role::Pupil.as_str())
            .unwrap();
        assert!(pupil.is("school_days"));
    }
}
