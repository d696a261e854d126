//! What the assignment routes (API and pages) share: the permits to hand in, read and review
//! a hand-in, and taking a hand-in from a multipart form.

use crate::continuity::invalid;
use crate::csrf::FormOrigin;
use crate::error::{WebError, WebResult};
use crate::files::upload::{attachment_field, multipart_error, read_text};
use crate::session_cache::CachedSession;
use crate::state::AppState;
use axum::extract::Multipart;
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::continuity::hand_in::{check_deadline, timing, Previous, MAX_HAND_IN_FILES};
use cartable_core::continuity::{ClassTie, LongText, SchoolDate, TimeOfDay, Timing};
use cartable_core::directory::Subject;
use cartable_core::{ClassId, HomeworkId, Role, SchoolId, Timestamp, UserId};
use cartable_store::continuity::{HandIn, HandInRequest, Homework};
use cartable_store::{ContentKind, KindSet};
use serde::Deserialize;
use utoipa::ToSchema;

/// The longest text of a hand-in.
pub const MAX_HAND_IN_CHARS: usize = 20_000;
/// The largest file a teacher may accept in a hand-in, in MiB.
pub const MAX_HAND_IN_FILE_MIB: u64 = 20;
/// The largest hand-in form: its files at the largest size, and room for the text.
pub const HAND_IN_BODY_LIMIT: usize =
    MAX_HAND_IN_FILES * (MAX_HAND_IN_FILE_MIB as usize) * 1024 * 1024 + 1024 * 1024;

/// A homework as the assignment routes find it from its id, with the viewer's tie to its
/// class: what every permit about it is decided on.
pub struct Assignment {
    /// The homework.
    pub id: HomeworkId,
    /// Its class.
    pub class: ClassId,
    /// Its subject.
    pub subject: Subject,
    school: SchoolId,
    tie: ClassTie,
}

impl Assignment {
    /// Finds the homework `id` and how the signed-in person stands to its class; an id that
    /// does not parse or names no homework is not found.
    pub async fn find(
        state: &AppState,
        session: &CachedSession,
        id: &str,
    ) -> WebResult<Assignment> {
        let id: HomeworkId = id.parse().map_err(|_| WebError::NotFound)?;
        let (class, subject) = state.store.homework_class(&id).await?;
        let user = session.user().ok_or(WebError::Forbidden)?;
        let (school, tie) = state
            .store
            .class_tie(user, session.profile.role, &class)
            .await?
            .ok_or(WebError::NotFound)?;
        Ok(Assignment {
            id,
            class,
            subject,
            school,
            tie,
        })
    }

    fn allow(&self, session: &CachedSession, action: Action) -> WebResult<Permit> {
        Ok(authorize(&session.info.actor, action)?)
    }

    /// The permit to read the homework itself (its class's work).
    pub fn read_work(&self, session: &CachedSession) -> WebResult<Permit> {
        self.allow(
            session,
            Action::ReadClassWork {
                school: self.school.clone(),
                class: self.class.clone(),
                tie: self.tie.clone(),
            },
        )
    }

    /// The permit to hand work in for it.
    pub fn hand_in(&self, session: &CachedSession) -> WebResult<Permit> {
        self.allow(
            session,
            Action::HandIn {
                school: self.school.clone(),
                class: self.class.clone(),
                tie: self.tie.clone(),
            },
        )
    }

    /// The permit to see who handed in, download and review.
    pub fn review(&self, session: &CachedSession) -> WebResult<Permit> {
        self.allow(
            session,
            Action::ReviewHandIns {
                school: self.school.clone(),
                class: self.class.clone(),
                subject: self.subject.clone(),
                tie: self.tie.clone(),
            },
        )
    }

    /// The permit to read `pupil`'s hand-in: hers, her parents', her teacher's in the
    /// subject.
    pub async fn read_hand_in(
        &self,
        state: &AppState,
        session: &CachedSession,
        pupil: &UserId,
    ) -> WebResult<Permit> {
        let own_child = match (session.profile.role, session.user()) {
            (Role::Parent, Some(me)) => state.store.is_parent_of(me, pupil).await?,
            _ => false,
        };
        self.allow(
            session,
            Action::ReadHandIn {
                school: self.school.clone(),
                class: self.class.clone(),
                subject: self.subject.clone(),
                tie: self.tie.clone(),
                pupil: pupil.clone(),
                own_child,
            },
        )
    }

    /// The homework as the viewer may see it (pupils and parents: once shown).
    pub async fn homework(&self, state: &AppState, session: &CachedSession) -> WebResult<Homework> {
        let permit = self.read_work(session)?;
        Ok(state
            .store
            .homework_in_class(
                &permit,
                &self.id,
                crate::continuity::visible_at(state, session),
            )
            .await?)
    }
}

/// A hand-in as a teacher asks for it when setting a homework; every field has a default.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct HandInAsk {
    /// Deadline on the due day, `HH:MM` in the school's time zone (default `08:00`).
    pub deadline_time: Option<String>,
    /// Kinds of file accepted, comma-separated among `pdf`, `image`, `office`, `text`,
    /// `audio`, `video`, `zip`, at least one (default `pdf,image,office,text`).
    pub accepted: Option<String>,
    /// The largest file accepted, in MiB, 1 to 20 (default 10).
    pub max_mib: Option<u64>,
}

/// The kinds of file a hand-in accepts when the teacher does not say: documents, not media.
pub const DEFAULT_ACCEPTED: KindSet = KindSet::of(&[
    ContentKind::Pdf,
    ContentKind::Image,
    ContentKind::OfficeDocument,
    ContentKind::PlainText,
]);
/// The deadline's time of day when the teacher does not say: before the first lesson.
const DEFAULT_DEADLINE_TIME: &str = "08:00";
/// The largest file accepted when the teacher does not say, in MiB.
const DEFAULT_MAX_MIB: u64 = 10;

impl HandInAsk {
    /// What the homework due on `due` asks for, in the school's `zone`; a deadline already
    /// past at `now`, an unknown kind or a size out of range is a clear client error.
    pub fn request(
        &self,
        due: SchoolDate,
        zone: &jiff::tz::TimeZone,
        now: Timestamp,
    ) -> WebResult<HandInRequest> {
        let time = self
            .deadline_time
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(DEFAULT_DEADLINE_TIME);
        let time = TimeOfDay::parse(time).map_err(invalid)?;
        let deadline = due
            .at_in(time, zone)
            .ok_or_else(|| invalid(format!("{due} {time} cannot be placed in the calendar")))?;
        let deadline = check_deadline(deadline, now).map_err(invalid)?;
        let accepted = match self.accepted.as_deref() {
            None => DEFAULT_ACCEPTED,
            Some(list) => KindSet::parse(list).map_err(invalid)?,
        };
        if accepted.is_empty() {
            return Err(invalid("a hand-in accepts at least one kind of file"));
        }
        let max_mib = self.max_mib.unwrap_or(DEFAULT_MAX_MIB);
        if !(1..=MAX_HAND_IN_FILE_MIB).contains(&max_mib) {
            return Err(invalid(format!(
                "max_mib is from 1 to {MAX_HAND_IN_FILE_MIB}"
            )));
        }
        Ok(HandInRequest {
            deadline,
            accepted,
            max_bytes: max_mib * 1024 * 1024,
        })
    }
}

/// What a pupil already handed in, as `core`'s rule of hand-ins sees it.
pub fn previous(own: Option<&HandIn>) -> Previous {
    match own {
        None => Previous::Nothing,
        Some(h) if h.review.is_some() => Previous::Reviewed,
        Some(_) => Previous::HandedIn,
    }
}

/// A pupil id from a path; anything else is nobody's hand-in.
pub fn pupil_id(text: &str) -> WebResult<UserId> {
    text.parse().map_err(|_| WebError::NotFound)
}

/// Takes the signed-in pupil's hand-in for the homework `id` from a multipart form (a
/// page's starts with its `csrf` token): an optional text field `body`, then up to five `files`, each streamed into the blob store
/// within what the teacher accepts. Whether it may be taken at all (her class's homework,
/// asking for a hand-in, deadline, review) is checked before any file is read; the store
/// checks again as it records it, all or nothing.
pub async fn receive(
    state: &AppState,
    session: &CachedSession,
    id: &str,
    mut form: Multipart,
    mut origin: FormOrigin<'_>,
) -> WebResult<(Timing, HandIn)> {
    let assignment = Assignment::find(state, session, id).await?;
    let permit = assignment.hand_in(session)?;
    let pupil = session.user().ok_or(WebError::Forbidden)?;
    let own = assignment.read_hand_in(state, session, pupil).await?;
    let homework = assignment.homework(state, session).await?;
    let request = homework.hand_in.ok_or(WebError::NotFound)?;
    let previous = previous(state.store.hand_in_of(&own, &assignment.id).await?.as_ref());
    timing(state.now(), request.deadline, previous).map_err(WebError::HandInRefused)?;

    let mut body: Option<String> = None;
    let mut files = Vec::new();
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        match field.name().unwrap_or("") {
            "csrf" if origin.takes_token() => origin.check(&read_text(field).await?)?,
            "body" if body.is_none() && files.is_empty() => body = Some(read_text(field).await?),
            "files" => {
                origin.passed()?;
                if files.len() >= MAX_HAND_IN_FILES {
                    return Err(WebError::TooManyAttachments);
                }
                if let Some(file) = attachment_field(&state.blobs, field, &request.limits()).await?
                {
                    files.push(file);
                }
            }
            other => return Err(invalid(format!("unexpected field {other:?}"))),
        }
    }
    origin.passed()?;
    let body = body
        .filter(|text| !text.trim().is_empty())
        .map(|text| LongText::parse(&text, "body", MAX_HAND_IN_CHARS))
        .transpose()
        .map_err(invalid)?;
    if body.is_none() && files.is_empty() {
        return Err(invalid("a hand-in needs a text or a file"));
    }
    let taken = state
        .store
        .hand_in(
            &permit,
            pupil,
            &assignment.id,
            body.as_ref(),
            &files,
            state.now(),
        )
        .await?;
    let recorded = state
        .store
        .hand_in_of(&own, &assignment.id)
        .await?
        .ok_or(WebError::Internal)?;
    Ok((taken, recorded))
}
