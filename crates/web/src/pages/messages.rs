//! `/messages`: my mailbox — the folders, one message with its thread, and what I can do
//! with it (reply, report, trash, restore, send a draft held by sending hours).
//!
//! Every read goes through the store's mailbox queries, scoped to the reader's own mailbox:
//! an id from someone else's mailbox is "not found", like an id that does not exist.

use super::chrome::{datetime, render, Chrome, Fields, PageForm};
use crate::auth::{ClientIp, CurrentUser};
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, MessagingText};
use crate::messaging::message_id;
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use cartable_core::messaging::content::MAX_SUBJECT_CHARS;
use cartable_core::{MessageId, Timestamp, UserId};
use cartable_store::messaging::{
    Folder, MailboxEntry, MessageStatus, MessageView, RecipientLabel, SenderRef, MAILBOX_PAGE,
};
use serde::Deserialize;

/// Where a message's page lives.
pub(super) fn message_href(id: &MessageId) -> String {
    format!("/messages/{id}")
}

/// The names of a message's recipients, as one line.
pub(super) fn names(labels: &[RecipientLabel]) -> String {
    labels
        .iter()
        .map(|l| l.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The badges a line or a message wears: where my own message stands, and Cartable's own
/// alerts and notices.
fn badges(m: &MessagingText, status: MessageStatus, kind: &str) -> Vec<&'static str> {
    let mut badges = Vec::new();
    match status {
        MessageStatus::Held => badges.push(m.held),
        MessageStatus::Blocked => badges.push(m.blocked),
        MessageStatus::Recalled => badges.push(m.recalled),
        MessageStatus::Rejected => badges.push(m.rejected),
        MessageStatus::Draft => badges.push(m.draft),
        MessageStatus::Delivered => {}
    }
    match kind {
        "alert" => badges.push(m.alert),
        "notice" => badges.push(m.notice),
        _ => {}
    }
    badges
}

fn is_me(sender: &SenderRef, me: &UserId) -> bool {
    sender.id.as_ref() == Some(me)
}

struct Tab {
    href: &'static str,
    name: &'static str,
    count: Option<String>,
    current: bool,
}

struct Line {
    href: String,
    who: String,
    subject: String,
    date: String,
    unread: bool,
    badges: Vec<&'static str>,
    attachments: u32,
}

#[derive(Template)]
#[template(path = "messages.html")]
struct MailboxPage {
    c: Chrome,
    tabs: Vec<Tab>,
    folder: &'static str,
    who_heading: &'static str,
    search: String,
    lines: Vec<Line>,
    flash: Option<&'static str>,
    page: String,
    previous: Option<String>,
    next: Option<String>,
}

/// `/messages?folder=&q=&page=&done=`.
#[derive(Debug, Deserialize)]
pub struct MailboxQuery {
    folder: Option<String>,
    q: Option<String>,
    page: Option<usize>,
    done: Option<String>,
}

/// The link to a page of a folder, with the search kept.
fn folder_href(folder: Folder, search: &str, page: usize) -> String {
    let mut query = vec![("folder", folder.as_str().to_owned())];
    if !search.is_empty() {
        query.push(("q", search.to_owned()));
    }
    if page > 1 {
        query.push(("page", page.to_string()));
    }
    format!(
        "/messages?{}",
        serde_urlencoded::to_string(query).unwrap_or_default()
    )
}

/// `GET /messages`: a page of one of my folders, newest first.
pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    session: CurrentUser,
    query: Result<Query<MailboxQuery>, QueryRejection>,
) -> WebResult<Response> {
    let Query(query) = query.map_err(|r| WebError::InvalidInput(r.body_text()))?;
    let folder = match query.folder.as_deref() {
        None | Some("") => Folder::Inbox,
        Some(name) => Folder::parse(name).ok_or_else(|| {
            WebError::InvalidInput("folder must be inbox, sent, drafts or trash".into())
        })?,
    };
    let search = query.q.as_deref().unwrap_or("").trim().to_owned();
    if search.chars().count() > 100 {
        return Err(WebError::InvalidInput(
            "search text is longer than 100 characters".into(),
        ));
    }
    let page = query.page.unwrap_or(1).clamp(1, 10_000);
    let me = session.account()?;
    let filter = Some(search.as_str()).filter(|s| !s.is_empty());
    let index = i64::try_from(page - 1).unwrap_or(0);
    let entries = state.store.mailbox(&me, folder, filter, index).await?;
    let unread = state.store.unread_count(&me).await?;
    let m = lang.messaging();
    let tabs = [
        (Folder::Inbox, m.inbox),
        (Folder::Sent, m.sent),
        (Folder::Drafts, m.drafts),
        (Folder::Trash, m.trash),
    ]
    .into_iter()
    .map(|(f, name)| Tab {
        href: match f {
            Folder::Inbox => "/messages",
            Folder::Sent => "/messages?folder=sent",
            Folder::Drafts => "/messages?folder=drafts",
            Folder::Trash => "/messages?folder=trash",
        },
        name,
        count: (f == Folder::Inbox && unread > 0).then(|| lang.unread(unread)),
        current: f == folder,
    })
    .collect();
    let full = i64::try_from(entries.len()).unwrap_or(0) >= MAILBOX_PAGE;
    let lines = entries.iter().map(|e| line(m, e, &me, folder)).collect();
    render(&MailboxPage {
        c: Chrome::signed_in(&state, lang, |t| t.m.messages_title, &session.0),
        tabs,
        folder: folder.as_str(),
        who_heading: match folder {
            Folder::Sent | Folder::Drafts => m.to,
            Folder::Inbox | Folder::Trash => m.from,
        },
        lines,
        flash: (query.done.as_deref() == Some("trashed")).then_some(m.trashed),
        page: format!("Page {page}"),
        previous: (page > 1).then(|| folder_href(folder, &search, page - 1)),
        next: full.then(|| folder_href(folder, &search, page + 1)),
        search,
    })
}

/// One line of a folder: who (the sender, or for my own messages the recipients).
fn line(m: &MessagingText, e: &MailboxEntry, me: &UserId, folder: Folder) -> Line {
    let mine = is_me(&e.sender, me);
    let who = match (mine, folder) {
        (true, Folder::Trash) => format!("{} : {}", m.to, names(&e.recipients)),
        (true, _) => names(&e.recipients),
        (false, _) => e.sender.name.clone(),
    };
    Line {
        href: message_href(&e.id),
        who,
        subject: e.subject.clone(),
        date: datetime(e.at),
        unread: !e.read,
        badges: badges(m, e.status, &e.kind),
        attachments: e.attachments,
    }
}

struct FileLine {
    href: String,
    name: String,
    size: String,
}

struct ThreadLine {
    href: String,
    who: String,
    subject: String,
    date: String,
    current: bool,
}

/// The reply form under a message received from a person.
struct Reply {
    to: String,
    subject: String,
    reply_to: String,
}

/// A draft of mine, offered to be sent again: its recipients, subject and body as fields.
struct Resend {
    to: Vec<String>,
    subject: String,
    body: String,
    draft: String,
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    c: Chrome,
    id: String,
    subject: String,
    from: String,
    to: String,
    date: String,
    body: String,
    badges: Vec<&'static str>,
    files: Vec<FileLine>,
    thread: Vec<ThreadLine>,
    flash: Option<String>,
    deferred: Option<String>,
    resend: Option<Resend>,
    reply: Option<Reply>,
    reportable: bool,
    trashed: bool,
}

/// `/messages/{id}?done=&n=`: what just happened, said once at the top of the page.
#[derive(Debug, Deserialize)]
pub struct ViewQuery {
    done: Option<String>,
    n: Option<u32>,
}

/// The line saying what the last action did.
fn flash(lang: Lang, query: &ViewQuery) -> Option<String> {
    let m = lang.messaging();
    Some(match query.done.as_deref()? {
        "delivered" => lang.delivered_to(query.n.unwrap_or(0)),
        "held" => m.held_done.to_owned(),
        "reported" => m.reported.to_owned(),
        "restored" => m.restored.to_owned(),
        _ => return None,
    })
}

/// When a draft held by sending hours may go, from its note (`sending_hours:<unix>`).
fn sendable_at(view: &MessageView) -> Option<Timestamp> {
    let at = view.note.strip_prefix("sending_hours:")?.parse().ok()?;
    Some(Timestamp(at))
}

/// "Re: subject", once, within the subject's length.
fn reply_subject(subject: &str) -> String {
    let already = subject
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("re:"));
    let subject = if already {
        subject.to_owned()
    } else {
        format!("Re: {subject}")
    };
    subject.chars().take(MAX_SUBJECT_CHARS).collect()
}

/// `GET /messages/{id}`: one of my messages (marked read), its files and its thread.
pub async fn view(
    State(state): State<AppState>,
    lang: Lang,
    session: CurrentUser,
    Path(id): Path<String>,
    query: Result<Query<ViewQuery>, QueryRejection>,
) -> WebResult<Response> {
    let Query(query) = query.map_err(|r| WebError::InvalidInput(r.body_text()))?;
    let id = message_id(&id)?;
    let me = session.account()?;
    let view = state.store.read_message(&me, &id, state.now()).await?;
    let thread = state.store.thread(&me, &view.thread_id).await?;
    let m = lang.messaging();
    let mine = is_me(&view.sender, &me);
    let from_person = view.sender.id.is_some() && !mine && view.kind == "message";
    let draft = mine && view.status == MessageStatus::Draft && view.folder == Folder::Drafts;
    let files = view
        .attachments
        .iter()
        .enumerate()
        .map(|(n, file)| FileLine {
            href: format!("/messages/{id}/files/{n}"),
            name: file.name.clone(),
            size: lang.file_size(file.size),
        })
        .collect();
    let thread = if thread.len() > 1 {
        thread
            .iter()
            .map(|e| ThreadLine {
                href: message_href(&e.id),
                who: e.sender.name.clone(),
                subject: e.subject.clone(),
                date: datetime(e.at),
                current: e.id == view.id,
            })
            .collect()
    } else {
        Vec::new()
    };
    let reply = view
        .sender
        .id
        .as_ref()
        .filter(|_| from_person)
        .map(|sender| Reply {
            to: format!("user:{sender}"),
            subject: reply_subject(&view.subject),
            reply_to: view.id.to_string(),
        });
    let resend = draft.then(|| Resend {
        to: view.recipients.iter().map(|l| l.to.to_string()).collect(),
        subject: view.subject.clone(),
        body: view.body.clone(),
        draft: view.id.to_string(),
    });
    render(&MessagePage {
        c: Chrome::signed_in(&state, lang, |t| t.m.messages_title, &session.0),
        id: view.id.to_string(),
        subject: view.subject.clone(),
        from: view.sender.name.clone(),
        to: names(&view.recipients),
        date: datetime(view.created_at),
        badges: badges(m, view.status, &view.kind),
        files,
        thread,
        flash: flash(lang, &query),
        deferred: sendable_at(&view)
            .filter(|_| draft)
            .map(|at| lang.deferred_until(&datetime(at))),
        resend,
        reply,
        reportable: from_person,
        trashed: view.folder == Folder::Trash,
        body: view.body,
    })
}

/// `POST /messages/{id}/report` (`csrf`, `comment`): tells the school's moderators.
pub async fn report(
    State(state): State<AppState>,
    session: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    PageForm(form): PageForm<Fields>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.0.key, form.first("csrf"))?;
    let id = message_id(&id)?;
    state
        .store
        .report_message(
            &session.account()?,
            &session.0.profile.school_id,
            &id,
            form.first("comment"),
            &ip.to_string(),
            state.now(),
        )
        .await?;
    Ok(Redirect::to(&format!("{}?done=reported", message_href(&id))).into_response())
}

/// `POST /messages/{id}/trash` (`csrf`, `trashed` = `1` or `0`): to the trash, or back.
pub async fn trash(
    State(state): State<AppState>,
    session: CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<Fields>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.0.key, form.first("csrf"))?;
    let id = message_id(&id)?;
    let trashed = form.first("trashed") != "0";
    state
        .store
        .set_trashed(&session.account()?, &id, trashed, state.now())
        .await?;
    let to = if trashed {
        "/messages?done=trashed".to_owned()
    } else {
        format!("{}?done=restored", message_href(&id))
    };
    Ok(Redirect::to(&to).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_says_re_once_and_fits() {
        assert_eq!(reply_subject("Sortie"), "Re: Sortie");
        assert_eq!(reply_subject("RE: Sortie"), "RE: Sortie");
        let long = "é".repeat(MAX_SUBJECT_CHARS);
        assert_eq!(reply_subject(&long).chars().count(), MAX_SUBJECT_CHARS);
    }

    #[test]
    fn folder_links_keep_the_search() {
        assert_eq!(
            folder_href(Folder::Sent, "sortie & musée", 2),
            "/messages?folder=sent&q=sortie+%26+mus%C3%A9e&page=2"
        );
        assert_eq!(folder_href(Folder::Inbox, "", 1), "/messages?folder=inbox");
    }
}
