//! `/messages/new`: writing a message. The form offers, as checkboxes grouped in fieldsets,
//! exactly the people, classes and groups the writer may reach (the store's address book);
//! files stream into the blob store as the form arrives; sending goes through the same call
//! as the API, and a refusal shows the form again with what was typed and, for each refused
//! recipient, why.

use super::chrome::{render, Chrome, Fields};
use super::messages::message_href;
use crate::api::json::from_status;
use crate::auth::{ClientIp, CurrentUser};
use crate::error::{WebError, WebResult};
use crate::files::upload::{attachment_field, multipart_error, read_text};
use crate::i18n::{Lang, MessagingText};
use crate::messaging::{self, Compose};
use crate::state::AppState;
use crate::{cookies, csrf};
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use cartable_core::authz::{authorize, Action};
use cartable_core::messaging::{Recipient, Refusal, RefusedRecipient};
use cartable_core::UserId;
use cartable_store::messaging::{
    Attachment, Contact, ContactGroup, MessageStatus, SendOutcome, MAX_ATTACHMENTS,
    MAX_ATTACHMENT_BYTES,
};
use cartable_store::UploadLimits;
use std::collections::HashMap;

/// The largest form accepted: the attachments' total and room for the text.
pub(super) const COMPOSE_BODY_LIMIT: usize = MAX_ATTACHMENT_BYTES as usize + 1024 * 1024;

struct ContactBox {
    id: String,
    value: String,
    name: String,
    checked: bool,
}

struct Fieldset {
    legend: &'static str,
    boxes: Vec<ContactBox>,
}

struct RefusedLine {
    name: String,
    reason: &'static str,
}

#[derive(Template)]
#[template(path = "compose.html")]
struct ComposePage {
    c: Chrome,
    off: Option<String>,
    fieldsets: Vec<Fieldset>,
    typed: Typed,
    error: Option<String>,
    refused: Vec<RefusedLine>,
}

#[derive(Template)]
#[template(path = "blocked.html")]
struct BlockedPage {
    c: Chrome,
}

/// What the writer typed, shown again when the message is refused.
#[derive(Debug, Default)]
struct Typed {
    to: Vec<String>,
    subject: String,
    body: String,
    reply_to: String,
    draft: String,
}

impl Typed {
    fn from_fields(fields: &Fields) -> Typed {
        Typed {
            to: fields.all("to").map(str::to_owned).collect(),
            subject: fields.first("subject").to_owned(),
            body: fields.first("body").to_owned(),
            reply_to: fields.first("reply_to").to_owned(),
            draft: fields.first("draft").to_owned(),
        }
    }
}

/// Why the form comes back.
enum Problem {
    /// Some recipients are not allowed.
    Refused(Vec<RefusedRecipient>),
    /// Anything else, in words.
    Text(String),
}

/// A fieldset's legend.
fn legend(m: &MessagingText, group: ContactGroup) -> &'static str {
    let index = match group {
        ContactGroup::School => 0,
        ContactGroup::Classes => 1,
        ContactGroup::ClassParents => 2,
        ContactGroup::ClassTeachers => 3,
        ContactGroup::Groups => 4,
        ContactGroup::Children => 5,
        ContactGroup::Teachers => 6,
        ContactGroup::SchoolStaff => 7,
        ContactGroup::Classmates => 8,
    };
    m.groups[index]
}

/// The names of recipients the address book does not hold but the form may carry: the
/// sender of the message answered (a teacher replying to one pupil), a draft's recipients.
async fn names_outside_the_book(
    state: &AppState,
    me: &UserId,
    typed: &Typed,
) -> WebResult<HashMap<String, String>> {
    let mut names = HashMap::new();
    for id in [&typed.reply_to, &typed.draft] {
        let Ok(id) = id.parse() else { continue };
        let Ok(view) = state.store.read_message(me, &id, state.now()).await else {
            continue;
        };
        if let Some(sender) = &view.sender.id {
            names.insert(
                Recipient::User(sender.clone()).to_string(),
                view.sender.name,
            );
        }
        for label in view.recipients {
            names.insert(label.to.to_string(), label.name);
        }
    }
    Ok(names)
}

/// The checkboxes: one fieldset per group of the address book, then the recipients typed
/// that it does not hold.
fn fieldsets(
    m: &MessagingText,
    contacts: Vec<Contact>,
    outside: &HashMap<String, String>,
    typed: &Typed,
) -> Vec<Fieldset> {
    let listed: Vec<String> = contacts.iter().map(|c| c.to.to_string()).collect();
    let mut extra: Vec<&String> = Vec::new();
    for value in &typed.to {
        if !listed.contains(value) && !extra.contains(&value) {
            extra.push(value);
        }
    }
    let boxes = contacts
        .into_iter()
        .map(|c| (Some(c.group), c.to.to_string(), c.name))
        .chain(extra.into_iter().map(|value| {
            let name = outside.get(value).unwrap_or(value).clone();
            (None, value.clone(), name)
        }));
    let mut sets: Vec<(Option<ContactGroup>, Fieldset)> = Vec::new();
    for (n, (group, value, name)) in boxes.enumerate() {
        let entry = ContactBox {
            id: format!("to-{n}"),
            checked: typed.to.contains(&value),
            value,
            name,
        };
        match sets.last_mut() {
            Some((last, set)) if *last == group => set.boxes.push(entry),
            _ => sets.push((
                group,
                Fieldset {
                    legend: group.map_or(m.other_recipients, |g| legend(m, g)),
                    boxes: vec![entry],
                },
            )),
        }
    }
    sets.into_iter().map(|(_, set)| set).collect()
}

/// Renders the form, with the writer's input and what went wrong, if anything.
async fn page(
    state: &AppState,
    lang: Lang,
    session: &CurrentUser,
    typed: Typed,
    problem: Option<Problem>,
) -> WebResult<Response> {
    let me = session.account()?;
    let m = lang.messaging();
    let profile = &session.0.profile;
    let off = state
        .banners
        .for_school(&profile.school_id)
        .filter(|s| !s.may_send(profile.role))
        .map(|s| s.reason);
    let contacts = state.store.contacts(&me).await?;
    let outside = names_outside_the_book(state, &me, &typed).await?;
    let name_of = |recipient: &Recipient| {
        let value = recipient.to_string();
        contacts
            .iter()
            .find(|c| c.to == *recipient)
            .map(|c| c.name.clone())
            .or_else(|| outside.get(&value).cloned())
            .unwrap_or(value)
    };
    let (error, refused) = match problem {
        None => (None, Vec::new()),
        Some(Problem::Text(text)) => (Some(text), Vec::new()),
        Some(Problem::Refused(refused)) => (
            Some(m.refused_intro.to_owned()),
            refused
                .iter()
                .map(|r| RefusedLine {
                    name: name_of(&r.recipient),
                    reason: lang.refusal(r.refusal),
                })
                .collect(),
        ),
    };
    render(&ComposePage {
        c: Chrome::signed_in(state, lang, |t| t.m.compose_title, &session.0),
        off,
        fieldsets: fieldsets(m, contacts, &outside, &typed),
        typed,
        error,
        refused,
    })
}

/// `GET /messages/new`: the form, or why sending is switched off.
pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    session: CurrentUser,
) -> WebResult<Response> {
    let school = session.0.profile.school_id.clone();
    authorize(&session.0.info.actor, Action::SendMessages(school))?;
    page(&state, lang, &session, Typed::default(), None).await
}

/// The form as read: its text fields, the files stored so far, and why reading stopped at a
/// file, if it did (the text fields come first in the form, so they are all there).
struct ReadForm {
    fields: Fields,
    attachments: Vec<Attachment>,
    file_error: Option<WebError>,
}

/// Reads the form, streaming each file into the blob store. The anti-forgery token comes
/// first in the form and is checked before any file is stored, and so is the school's
/// switch for the sender's role.
async fn read_form(
    state: &AppState,
    session: &CurrentUser,
    mut form: Multipart,
) -> WebResult<ReadForm> {
    let mut read = ReadForm {
        fields: Fields::default(),
        attachments: Vec::new(),
        file_error: None,
    };
    let mut checked = false;
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or("").to_owned();
        if name != "files" {
            let value = read_text(field).await?;
            read.fields.0.push((name, value));
            continue;
        }
        if !checked {
            csrf::check_session(&state.signer, &session.0.key, read.fields.first("csrf"))?;
            checked = true;
            // Nothing is stored for someone whose sending is switched off.
            let school = &session.0.profile.school_id;
            if let Some(switches) = state.banners.for_school(school) {
                if !switches.may_send(session.0.info.actor.role) {
                    read.file_error = Some(WebError::MessagingOff(switches.reason));
                    break;
                }
            }
        }
        if read.attachments.len() >= MAX_ATTACHMENTS {
            read.file_error = Some(WebError::TooManyAttachments);
            break;
        }
        match attachment_field(&state.blobs, field, &UploadLimits::attachments()).await {
            Ok(Some(file)) => read.attachments.push(file),
            Ok(None) => {}
            Err(error) => {
                read.file_error = Some(error);
                break;
            }
        }
    }
    csrf::check_session(&state.signer, &session.0.key, read.fields.first("csrf"))?;
    Ok(read)
}

/// The files of a draft of mine being sent: they go with it.
async fn draft_files(state: &AppState, me: &UserId, draft: &str) -> WebResult<Vec<Attachment>> {
    let Ok(id) = draft.parse() else {
        return Ok(Vec::new());
    };
    match state.store.read_message(me, &id, state.now()).await {
        Ok(view) if view.sender.id.as_ref() == Some(me) && view.status == MessageStatus::Draft => {
            Ok(view.attachments)
        }
        Ok(_) | Err(cartable_store::StoreError::NotFound) => Ok(Vec::new()),
        Err(other) => Err(other.into()),
    }
}

/// What a refusal says on the form; errors that are not about the message go to the error
/// page instead.
fn explain(lang: Lang, error: WebError) -> Result<Problem, WebError> {
    let m = lang.messaging();
    Ok(match error {
        WebError::RecipientsRefused(refused) => Problem::Refused(refused),
        WebError::MessagingOff(reason) => Problem::Text(format!("{} {reason}", m.compose_off)),
        WebError::Throttled(seconds) => Problem::Text(lang.too_fast(seconds)),
        error @ (WebError::TooManyRecipients
        | WebError::TooManyAttachments
        | WebError::InvalidMessage(_)
        | WebError::InvalidInput(_)
        | WebError::NotFound
        | WebError::FileTooLarge { .. }
        | WebError::FileTypeNotAllowed { .. }
        | WebError::FileEmpty
        | WebError::FileInfected { .. }
        | WebError::AntivirusUnavailable
        | WebError::BodyTooLarge) => {
            Problem::Text(format!("{} {}", m.not_sent, lang.error(error.code())))
        }
        other => return Err(other),
    })
}

/// `POST /messages/new` (multipart: `csrf`, `to`…, `subject`, `body`, `files`…, and
/// `reply_to` or `draft`): sends, then shows the message sent with what became of it.
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult<Response> {
    let multipart =
        multipart.map_err(|r| from_status(r.status(), r.body_text(), WebError::InvalidInput))?;
    let read = read_form(&state, &session, multipart).await?;
    let typed = Typed::from_fields(&read.fields);
    let again = async |typed: Typed, problem: Problem, status: StatusCode| {
        let mut response = page(&state, lang, &session, typed, Some(problem)).await?;
        *response.status_mut() = status;
        WebResult::Ok(response)
    };
    if let Some(error) = read.file_error {
        let status = error.status();
        return again(typed, explain(lang, error)?, status).await;
    }
    if typed.to.iter().all(|t| t.trim().is_empty()) {
        let text = format!(
            "{} {}",
            lang.messaging().not_sent,
            lang.refusal(Refusal::NoRecipient)
        );
        return again(typed, Problem::Text(text), StatusCode::BAD_REQUEST).await;
    }
    let mut attachments = draft_files(&state, &session.account()?, &typed.draft).await?;
    attachments.extend(read.attachments);
    let compose = Compose {
        to: typed.to.clone(),
        subject: typed.subject.clone(),
        body: typed.body.clone(),
        attachments,
        reply_to: Some(typed.reply_to.clone()),
        draft: Some(typed.draft.clone()),
    };
    let origin = messaging::origin(&state, &session, ip, &headers);
    let outcome = match messaging::send(&state, &session, compose, origin).await {
        Ok(outcome) => outcome,
        Err(error) => {
            let status = error.status();
            return again(typed, explain(lang, error)?, status).await;
        }
    };
    let to = match outcome {
        SendOutcome::Delivered { id, recipients } => {
            format!("{}?done=delivered&n={recipients}", message_href(&id))
        }
        SendOutcome::Held { id } => format!("{}?done=held", message_href(&id)),
        SendOutcome::Deferred { id, .. } => message_href(&id),
        SendOutcome::Blocked { .. } => {
            // The store locked the account and ended its sessions: say so, and forget the
            // session cookie.
            let mut response = render(&BlockedPage {
                c: Chrome::new(lang, |t| t.m.blocked_title, None, String::new()),
            })?;
            let clear = cookies::clear(cookies::SESSION, state.secure_cookies);
            response.headers_mut().append(header::SET_COOKIE, clear);
            return Ok(response);
        }
    };
    Ok(Redirect::to(&to).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boxes_keep_what_was_ticked_and_add_what_the_book_lacks() {
        let m = Lang::Fr.messaging();
        let teacher: Recipient = "user:0123456789abcdef0123456789abcdef".parse().unwrap();
        let pupil = "user:fedcba9876543210fedcba9876543210".to_owned();
        let contacts = vec![Contact {
            to: teacher.clone(),
            name: "Marc Dupont (Mathématiques)".into(),
            group: ContactGroup::Teachers,
        }];
        let outside = HashMap::from([(pupil.clone(), "Léa Martin".to_owned())]);
        let typed = Typed {
            to: vec![pupil.clone(), pupil.clone()],
            ..Typed::default()
        };
        let sets = fieldsets(m, contacts, &outside, &typed);
        assert_eq!(sets.len(), 2);
        assert_eq!(sets[0].legend, "Professeurs");
        assert!(!sets[0].boxes[0].checked);
        assert_eq!(sets[1].legend, m.other_recipients);
        assert_eq!(sets[1].boxes.len(), 1, "listed once");
        assert_eq!(sets[1].boxes[0].name, "Léa Martin");
        assert!(sets[1].boxes[0].checked);
        assert_eq!(sets[1].boxes[0].id, "to-1");
    }
}
