//! `/school/moderation`: the school's levers against abuse, for its staff and head — the
//! queue of held, reported and blocked messages with the evidence and the decisions, the
//! switches that stop sending for some roles, and the incident response (with a
//! confirmation step, like locking an account).

use super::chrome::{datetime, render, Chrome, Fields, PageForm};
use super::messages::names;
use crate::auth::{ClientIp, CurrentUser};
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, MessagingText};
use crate::messaging::message_id;
use crate::messaging::moderator;
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::messaging::policy::POLICY_ROLES;
use cartable_core::messaging::MessagingSwitches;
use cartable_core::{Role, SchoolId};
use cartable_store::messaging::{Decision, MessageStatus, ModerationItem};
use serde::Deserialize;

/// Where the page lives; decisions come back here.
const PATH: &str = "/school/moderation";

/// A rule the screening applied, with the words that set it off.
#[derive(Debug, Deserialize)]
struct ReasonLine {
    rule: String,
    #[serde(default)]
    words: Vec<String>,
}

struct ItemView {
    id: String,
    sender: String,
    login: String,
    role: &'static str,
    recipients: String,
    reach: i64,
    subject: String,
    body: String,
    status: &'static str,
    verdict: &'static str,
    reasons: Vec<ReasonLine>,
    ip: String,
    device: String,
    browser: String,
    at: String,
    reports: Vec<(String, String)>,
    /// (decision, button label).
    actions: Vec<(&'static str, &'static str)>,
}

/// A role's checkbox.
struct RoleBox {
    value: &'static str,
    name: &'static str,
    checked: bool,
}

/// The switches form, for those who may set them.
struct SwitchesForm {
    roles: Vec<RoleBox>,
    reason: String,
}

#[derive(Template)]
#[template(path = "moderation.html")]
struct ModerationPage {
    c: Chrome,
    items: Vec<ItemView>,
    flash: Option<String>,
    switches: Option<SwitchesForm>,
    switches_error: Option<&'static str>,
    incident: Vec<RoleBox>,
    edits_policy: bool,
    /// An academy admin may act on every school of the academy at once.
    academy: bool,
}

/// Whether this actor acts for a whole academy (an academy admin).
fn acts_for_academy(session: &CurrentUser) -> bool {
    let actor = &session.0.info.actor;
    actor.role == Role::Admin && actor.schools.len() > 1
}

/// The permits for `action`: the actor's school, or every school of the academy when an
/// academy admin asked for the whole academy (`scope=academy`).
fn scoped_permits(
    session: &CurrentUser,
    scope: &str,
    action: fn(SchoolId) -> Action,
) -> WebResult<Vec<Permit>> {
    let actor = &session.0.info.actor;
    let schools = if scope == "academy" && acts_for_academy(session) {
        actor.schools.clone()
    } else {
        vec![session.0.profile.school_id.clone()]
    };
    schools
        .into_iter()
        .map(|school| authorize(actor, action(school)).map_err(WebError::from))
        .collect()
}

/// `/school/moderation?done=&n=`: what the last action did.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
    n: Option<u64>,
}

fn status_name(m: &MessagingText, status: MessageStatus) -> &'static str {
    match status {
        MessageStatus::Held => m.held,
        MessageStatus::Blocked => m.blocked,
        MessageStatus::Recalled => m.recalled,
        MessageStatus::Rejected => m.rejected,
        MessageStatus::Draft => m.draft,
        MessageStatus::Delivered => "",
    }
}

/// The decisions that apply to an item in its state.
fn actions(m: &MessagingText, item: &ModerationItem) -> Vec<(&'static str, &'static str)> {
    let mut actions = Vec::new();
    match item.status {
        MessageStatus::Held => {
            actions.push(("release", m.release));
            actions.push(("reject", m.reject));
        }
        MessageStatus::Delivered if !item.reports.is_empty() => {
            actions.push(("recall", m.recall));
        }
        _ => {}
    }
    if !item.reports.is_empty() {
        actions.push(("dismiss", m.dismiss));
    }
    actions
}

fn item_view(lang: Lang, item: &ModerationItem) -> ItemView {
    let t = lang.text();
    let m = lang.messaging();
    ItemView {
        id: item.id.to_string(),
        sender: item.sender.name.clone(),
        login: item.sender_login.clone(),
        role: item.sender.role.map_or("", |r| t.role(r)),
        recipients: names(&item.recipients),
        reach: item.recipient_count,
        subject: item.subject.clone(),
        body: item.body.clone(),
        status: status_name(m, item.status),
        verdict: lang.verdict(&item.verdict),
        reasons: serde_json::from_str(&item.reasons).unwrap_or_default(),
        ip: item.ip.clone(),
        device: item.device.clone().unwrap_or_default(),
        browser: item.user_agent.clone(),
        at: datetime(item.created_at),
        reports: item.reports.clone(),
        actions: actions(m, item),
    }
}

/// The roles a form offers, ticked as `checked` says.
fn role_boxes(
    t: &crate::i18n::Text,
    roles: &[Role],
    checked: impl Fn(Role) -> bool,
) -> Vec<RoleBox> {
    roles
        .iter()
        .map(|r| RoleBox {
            value: r.as_str(),
            name: t.role(*r),
            checked: checked(*r),
        })
        .collect()
}

/// The roles an incident response under this permit may reach.
fn incident_roles(permit: &Permit) -> Vec<Role> {
    let Some(school) = permit.school() else {
        return Vec::new();
    };
    Role::ALL
        .into_iter()
        .filter(|r| permit.covers_account(school, *r))
        .collect()
}

/// The page, with the switches form as typed when it comes back with an error.
async fn page(
    state: &AppState,
    lang: Lang,
    session: &CurrentUser,
    flash: Option<String>,
    typed_switches: Option<(MessagingSwitches, &'static str)>,
) -> WebResult<Response> {
    let actor = &session.0.info.actor;
    let school = session.0.profile.school_id.clone();
    let permit = authorize(actor, Action::ModerateMessages(school.clone()))?;
    let items = state.store.moderation_queue(&permit).await?;
    let t = lang.text();
    let switches = if authorize(actor, Action::SwitchMessaging(school.clone())).is_ok() {
        let current = match &typed_switches {
            Some((typed, _)) => typed.clone(),
            None => state.store.school_messaging(&school).await?.switches,
        };
        Some(SwitchesForm {
            roles: role_boxes(t, &POLICY_ROLES, |r| current.off_for.contains(&r)),
            reason: current.reason,
        })
    } else {
        None
    };
    let incident = authorize(actor, Action::RespondToIncident(school.clone()))
        .map(|permit| role_boxes(t, &incident_roles(&permit), |_| false))
        .unwrap_or_default();
    let failed = typed_switches.is_some();
    let mut response = render(&ModerationPage {
        c: Chrome::signed_in(state, lang, |t| t.m.moderation_title, &session.0),
        items: items.iter().map(|i| item_view(lang, i)).collect(),
        flash,
        switches,
        switches_error: typed_switches.map(|(_, error)| error),
        incident,
        edits_policy: authorize(actor, Action::EditMessagingPolicy(school)).is_ok(),
        academy: acts_for_academy(session),
    })?;
    if failed {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// `GET /school/moderation`.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    session: CurrentUser,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> WebResult<Response> {
    let Query(query) = query.map_err(|r| WebError::InvalidInput(r.body_text()))?;
    let m = lang.messaging();
    let flash = match query.done.as_deref() {
        Some("switched") => Some(m.switched.to_owned()),
        Some(decision @ ("release" | "reject" | "recall" | "dismiss")) => {
            Some(lang.decision_done(decision, query.n.unwrap_or(0)))
        }
        _ => None,
    };
    page(&state, lang, &session, flash, None).await
}

/// `POST /school/moderation/{id}` (`csrf`, `decision`).
pub async fn decide(
    State(state): State<AppState>,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    PageForm(form): PageForm<Fields>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.0.key, form.first("csrf"))?;
    let (decision, name) = match form.first("decision") {
        "release" => (Decision::Release, "release"),
        "reject" => (Decision::Reject, "reject"),
        "recall" => (Decision::Recall, "recall"),
        "dismiss" => (Decision::Dismiss, "dismiss"),
        _ => {
            return Err(WebError::InvalidInput(
                "decision must be release, reject, recall or dismiss".into(),
            ))
        }
    };
    let id = message_id(&id)?;
    let school = session.0.profile.school_id.clone();
    let permit = authorize(&session.0.info.actor, Action::ModerateMessages(school))?;
    let by = moderator(&session, ip)?;
    let (_, mailboxes) = state
        .store
        .moderate(&permit, &by, &id, decision, state.now())
        .await?;
    Ok(Redirect::to(&format!("{PATH}?done={name}&n={mailboxes}")).into_response())
}

/// `POST /school/messaging-switches` (`csrf`, `off`…, `reason`, and `all` for the "switch
/// everything off" button): every node shows the banner within a second, this one at once.
pub async fn switch(
    State(state): State<AppState>,
    lang: Lang,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    PageForm(form): PageForm<Fields>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.0.key, form.first("csrf"))?;
    let permits = scoped_permits(&session, form.first("scope"), Action::SwitchMessaging)?;
    let roles: Vec<Role> = if form.has("all") {
        POLICY_ROLES.to_vec()
    } else {
        form.all("off")
            .map(|r| {
                r.parse::<Role>()
                    .map_err(|e| WebError::InvalidInput(e.to_string()))
            })
            .collect::<WebResult<_>>()?
    };
    let reason = form.first("reason");
    let switches = match MessagingSwitches::off(&roles, reason) {
        Ok(switches) => switches,
        Err(invalid) => {
            let typed = MessagingSwitches {
                off_for: roles,
                reason: reason.to_owned(),
            };
            let error = lang.invalid_switch(invalid);
            return page(&state, lang, &session, None, Some((typed, error))).await;
        }
    };
    let by = moderator(&session, ip)?;
    state
        .store
        .set_messaging_switches(&permits, &switches, &by, state.now())
        .await?;
    state.banners.refresh(&state.store).await?;
    Ok(Redirect::to(&format!("{PATH}?done=switched")).into_response())
}

#[derive(Template)]
#[template(path = "incident.html")]
struct IncidentPage {
    c: Chrome,
    roles: Vec<RoleBox>,
    question: String,
    error: Option<&'static str>,
    done: Option<String>,
    /// The response covers every school of the academy.
    academy: bool,
}

/// The roles named in a form or query, each one the permit covers.
fn chosen_roles(permit: &Permit, values: impl Iterator<Item = String>) -> WebResult<Vec<Role>> {
    let allowed = incident_roles(permit);
    let mut roles = Vec::new();
    for value in values {
        let role: Role = value
            .parse()
            .map_err(|e: cartable_core::role::UnknownRole| WebError::InvalidInput(e.to_string()))?;
        if !allowed.contains(&role) {
            return Err(WebError::Forbidden);
        }
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    Ok(roles)
}

/// The incident-response permits for the scope asked (`academy` or the actor's school),
/// with the first of them, which the roles are checked against.
fn incident_permits(session: &CurrentUser, scope: &str) -> WebResult<(Permit, Vec<Permit>)> {
    let permits = scoped_permits(session, scope, Action::RespondToIncident)?;
    let first = permits.first().cloned().ok_or(WebError::Forbidden)?;
    Ok((first, permits))
}

/// `GET /school/incident?role=…`: asks to confirm, changes nothing.
pub async fn confirm_incident(
    State(state): State<AppState>,
    lang: Lang,
    session: CurrentUser,
    RawQuery(query): RawQuery,
) -> WebResult<Response> {
    let pairs: Fields = serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
        .map_err(|e| WebError::InvalidInput(e.to_string()))?;
    let (permit, permits) = incident_permits(&session, pairs.first("scope"))?;
    let roles = chosen_roles(&permit, pairs.all("role").map(str::to_owned))?;
    let t = lang.text();
    let m = lang.messaging();
    let names: Vec<&str> = roles.iter().map(|r| t.role(*r)).collect();
    render(&IncidentPage {
        c: Chrome::signed_in(&state, lang, |t| t.m.incident_title, &session.0),
        question: lang.incident_question(&names.join(", ")),
        error: roles.is_empty().then_some(m.incident_none),
        roles: role_boxes(t, &roles, |_| true),
        done: None,
        academy: permits.len() > 1,
    })
}

/// `POST /school/incident` (`csrf`, `role`…): ends the sessions and requires new passwords.
pub async fn respond(
    State(state): State<AppState>,
    lang: Lang,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    PageForm(form): PageForm<Fields>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.0.key, form.first("csrf"))?;
    let (permit, permits) = incident_permits(&session, form.first("scope"))?;
    let roles = chosen_roles(&permit, form.all("role").map(str::to_owned))?;
    if roles.is_empty() {
        return Err(WebError::InvalidInput("name at least one role".into()));
    }
    let by = moderator(&session, ip)?;
    let report = state
        .store
        .respond_to_incident(&permits, &roles, &by, state.now())
        .await?;
    render(&IncidentPage {
        c: Chrome::signed_in(&state, lang, |t| t.m.incident_title, &session.0),
        roles: Vec::new(),
        question: String::new(),
        error: None,
        done: Some(lang.incident_done(report.accounts, report.sessions)),
        academy: permits.len() > 1,
    })
}
