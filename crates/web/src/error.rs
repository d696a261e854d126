//! The web crate's one error type and its one mapping to HTTP.
//!
//! Every failure a handler can meet becomes a [`WebError`]; [`WebError::status`] and
//! [`WebError::code`] are the only place that decides what the client sees. API clients get
//! `{"error": code, "message": text}`; pages get the same facts turned into a translated page
//! by the page layer, which finds them in the response's extensions ([`ErrorInfo`]).

use axum::extract::multipart::MultipartError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cartable_core::authz::Denied;
use cartable_core::continuity::HandInRefused;
use cartable_core::documents::{DocumentRefusal, NameError};
use cartable_core::import::LineError;
use cartable_core::messaging::{ContentError, RefusedRecipient};
use cartable_core::password::WeakPassword;
use cartable_store::messaging::SendRefusal;
use cartable_store::{BlobError, StoreError};
use serde_json::json;

/// Why a request failed, in terms the client can act on.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Unknown login, wrong password, pending or locked account: one answer for all.
    #[error("the login or the password is wrong")]
    InvalidCredentials,
    /// Too many failed sign-ins; try again after this many seconds.
    #[error("too many failed attempts; try again in {0} seconds")]
    Throttled(i64),
    /// The password-hashing pool is full; try again after this many seconds.
    #[error("the server is busy; try again in {0} seconds")]
    Busy(i64),
    /// No valid session cookie.
    #[error("you are not signed in")]
    NotSignedIn,
    /// Signed in, but not allowed to do this.
    #[error("this action is not allowed")]
    Forbidden,
    /// Nothing here, or nothing the caller may see.
    #[error("not found")]
    NotFound,
    /// A parameter or field that does not parse; the text says which.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The body is larger than this route accepts.
    #[error("the request body is too large")]
    BodyTooLarge,
    /// The body is not the JSON this route expects.
    #[error("the body is not valid JSON for this request: {0}")]
    InvalidJson(String),
    /// A body was sent without `Content-Type: application/json`.
    #[error("this route takes a JSON body with Content-Type: application/json")]
    UnsupportedMediaType,
    /// A form without the right anti-forgery token, or posted from another site.
    #[error("the form is out of date or comes from another site; reload the page")]
    Csrf,
    /// The login is already used by another account.
    #[error("this login is already taken")]
    LoginTaken,
    /// No school with this id or UAI.
    #[error("unknown school")]
    UnknownSchool,
    /// A directory file with bad rows; nothing was imported.
    #[error("the directory file has bad rows; nothing was imported")]
    InvalidDirectory(Vec<LineError>),
    /// News the screening would not let through (a threat, abuse): not published.
    #[error("this news was not published: its wording needs a member of staff's review")]
    NewsRefused,
    /// A timetable file with bad rows; nothing was changed.
    #[error("the timetable file has bad rows; nothing was changed")]
    InvalidTimetable(Vec<LineError>),
    /// An activation code that is unknown, used or expired.
    #[error("this activation code is not valid")]
    InvalidCode,
    /// A new password the policy refuses.
    #[error("{0}")]
    WeakPassword(WeakPassword),
    /// Recipients the messaging policy refuses; each is named with why.
    #[error("the messaging policy refuses some recipients")]
    RecipientsRefused(Vec<RefusedRecipient>),
    /// Sending is switched off for the sender's role; the text is the school's explanation.
    #[error("messaging is switched off: {0}")]
    MessagingOff(String),
    /// More people in an hour than the sender's role may reach.
    #[error("too many recipients in an hour")]
    TooManyRecipients,
    /// More files than a message may carry, or too many bytes in total.
    #[error("too many attachments, or too large in total")]
    TooManyAttachments,
    /// A subject or body that is empty, too long, or hides characters.
    #[error("{0}")]
    InvalidMessage(ContentError),
    /// The action does not apply to the thing's current state.
    #[error("this does not apply to its current state")]
    Conflict,
    /// An uploaded file over the size limit; nothing was kept.
    #[error("the file is over the size limit of {limit} bytes")]
    FileTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// An uploaded file whose content is of a type not accepted here; nothing was kept.
    #[error("files of type {detected} are not accepted here")]
    FileTypeNotAllowed {
        /// The type found in the content.
        detected: &'static str,
    },
    /// An uploaded file with nothing in it.
    #[error("the file is empty")]
    FileEmpty,
    /// An uploaded file in which the antivirus found a virus; it was quarantined, not kept.
    #[error("the antivirus found {signature} in the file; it was not kept")]
    FileInfected {
        /// The name of the signature that matched.
        signature: String,
    },
    /// The antivirus could not scan an upload (unreachable, too slow, or in error), so the
    /// file was refused rather than kept unscanned.
    #[error("the antivirus cannot check files at the moment; nothing was kept, try again later")]
    AntivirusUnavailable,
    /// A hand-in `core`'s rule does not take (deadline passed, already reviewed).
    #[error("{0}")]
    HandInRefused(HandInRefused),
    /// A documents operation the space's rules refuse (name taken, quota reached, a folder
    /// moved under itself…); nothing was changed.
    #[error("{0}")]
    Document(DocumentRefusal),
    /// A folder or file name that is not valid; the code says why.
    #[error("{0}")]
    BadName(NameError),
    /// Anything else: logged on the server, never described to the client.
    #[error("internal error")]
    Internal,
}

/// The facts about an error that the page layer needs to render it, attached to the response.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable code, which the pages translate.
    pub code: &'static str,
    /// For throttling and busy answers: seconds to wait.
    pub retry_after: Option<i64>,
    /// For a bad directory file: every bad line.
    pub lines: Vec<LineError>,
}

impl WebError {
    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::InvalidCredentials | WebError::NotSignedIn => StatusCode::UNAUTHORIZED,
            WebError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Forbidden
            | WebError::Csrf
            | WebError::RecipientsRefused(_)
            | WebError::MessagingOff(_) => StatusCode::FORBIDDEN,
            WebError::TooManyRecipients => StatusCode::TOO_MANY_REQUESTS,
            WebError::TooManyAttachments => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::InvalidMessage(_) => StatusCode::BAD_REQUEST,
            WebError::Conflict | WebError::HandInRefused(_) => StatusCode::CONFLICT,
            WebError::FileTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::FileTypeNotAllowed { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::FileEmpty => StatusCode::BAD_REQUEST,
            WebError::Document(refusal) => match refusal {
                DocumentRefusal::QuotaExceeded { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                DocumentRefusal::NameTaken
                | DocumentRefusal::IntoItself
                | DocumentRefusal::TooDeep => StatusCode::CONFLICT,
                DocumentRefusal::NotAFolder | DocumentRefusal::NotAFile => StatusCode::BAD_REQUEST,
            },
            WebError::BadName(_) => StatusCode::BAD_REQUEST,
            WebError::FileInfected { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::AntivirusUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            WebError::NotFound | WebError::UnknownSchool => StatusCode::NOT_FOUND,
            WebError::InvalidInput(_) | WebError::InvalidJson(_) => StatusCode::BAD_REQUEST,
            WebError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::LoginTaken => StatusCode::CONFLICT,
            WebError::InvalidDirectory(_)
            | WebError::InvalidTimetable(_)
            | WebError::NewsRefused
            | WebError::InvalidCode
            | WebError::WeakPassword(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable snake_case code clients and pages key on.
    pub fn code(&self) -> &'static str {
        match self {
            WebError::InvalidCredentials => "invalid_credentials",
            WebError::Throttled(_) => "throttled",
            WebError::Busy(_) => "busy",
            WebError::NotSignedIn => "not_signed_in",
            WebError::Forbidden => "forbidden",
            WebError::NotFound => "not_found",
            WebError::InvalidInput(_) => "invalid_input",
            WebError::BodyTooLarge => "body_too_large",
            WebError::InvalidJson(_) => "invalid_json",
            WebError::UnsupportedMediaType => "unsupported_media_type",
            WebError::Csrf => "csrf",
            WebError::LoginTaken => "login_taken",
            WebError::UnknownSchool => "unknown_school",
            WebError::InvalidDirectory(_) => "invalid_directory",
            WebError::InvalidTimetable(_) => "invalid_timetable",
            WebError::NewsRefused => "news_refused",
            WebError::InvalidCode => "invalid_code",
            WebError::WeakPassword(weak) => weak.code(),
            WebError::RecipientsRefused(_) => "recipients_refused",
            WebError::MessagingOff(_) => "messaging_off",
            WebError::TooManyRecipients => "too_many_recipients",
            WebError::TooManyAttachments => "too_many_attachments",
            WebError::InvalidMessage(error) => match error {
                ContentError::EmptySubject => "empty_subject",
                ContentError::SubjectTooLong => "subject_too_long",
                ContentError::EmptyBody => "empty_body",
                ContentError::BodyTooLong => "body_too_long",
                ContentError::HiddenCharacters => "hidden_characters",
            },
            WebError::Conflict => "conflict",
            WebError::FileTooLarge { .. } => "file_too_large",
            WebError::FileTypeNotAllowed { .. } => "file_type_not_allowed",
            WebError::FileEmpty => "file_empty",
            WebError::Document(refusal) => refusal.code(),
            WebError::BadName(error) => error.code(),
            WebError::FileInfected { .. } => "file_infected",
            WebError::AntivirusUnavailable => "antivirus_unavailable",
            WebError::HandInRefused(HandInRefused::DeadlinePassed) => "deadline_passed",
            WebError::HandInRefused(HandInRefused::Reviewed) => "hand_in_reviewed",
            WebError::Internal => "internal",
        }
    }

    fn retry_after(&self) -> Option<i64> {
        match self {
            WebError::Throttled(seconds) | WebError::Busy(seconds) => Some(*seconds),
            _ => None,
        }
    }
}

/// How long a client is asked to wait when the database was too busy to answer.
const DATABASE_BUSY_RETRY_SECONDS: i64 = 2;

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> WebError {
        match error {
            StoreError::NotFound => WebError::NotFound,
            StoreError::Forbidden => WebError::Forbidden,
            StoreError::InvalidCode => WebError::InvalidCode,
            StoreError::LoginTaken(_) => WebError::LoginTaken,
            StoreError::Import(lines) => WebError::InvalidDirectory(lines),
            StoreError::Conflict => WebError::Conflict,
            StoreError::Refused(refusal) => match refusal {
                SendRefusal::Recipients(refused) => WebError::RecipientsRefused(refused),
                SendRefusal::SwitchedOff(reason) => WebError::MessagingOff(reason),
                SendRefusal::TooFast(seconds) => WebError::Throttled(seconds),
                SendRefusal::TooManyRecipients => WebError::TooManyRecipients,
                SendRefusal::TooManyAttachments => WebError::TooManyAttachments,
                SendRefusal::UnknownThread => WebError::NotFound,
            },
            StoreError::Policy(invalid) => WebError::InvalidInput(invalid.to_string()),
            StoreError::Document(refusal) => WebError::Document(refusal),
            StoreError::HandIn(refused) => WebError::HandInRefused(refused),
            busy if busy.is_busy() => {
                tracing::warn!(error = %busy, "database busy");
                WebError::Busy(DATABASE_BUSY_RETRY_SECONDS)
            }
            other => {
                // Store errors carry SQL and driver messages, never secrets (tokens and codes
                // reach the store only as digests, bound as parameters).
                tracing::error!(error = %other, "store failure");
                WebError::Internal
            }
        }
    }
}

impl From<BlobError> for WebError {
    fn from(error: BlobError) -> WebError {
        match error {
            BlobError::TooLarge { limit } => WebError::FileTooLarge { limit },
            BlobError::TypeNotAllowed { detected } => WebError::FileTypeNotAllowed { detected },
            BlobError::Empty => WebError::FileEmpty,
            BlobError::NotFound | BlobError::InvalidDigest => WebError::NotFound,
            // Logged by the blob store, which knows the file's digest.
            BlobError::Infected { signature } => {
                crate::metrics::count_antivirus_refusal("infected");
                WebError::FileInfected { signature }
            }
            BlobError::AntivirusUnavailable(_) => {
                crate::metrics::count_antivirus_refusal("unavailable");
                WebError::AntivirusUnavailable
            }
            // The request body ran past the route's limit while the file streamed in.
            BlobError::Upload(source)
                if source
                    .downcast_ref::<MultipartError>()
                    .is_some_and(|e| e.status() == StatusCode::PAYLOAD_TOO_LARGE) =>
            {
                WebError::BodyTooLarge
            }
            BlobError::Upload(source) => {
                WebError::InvalidInput(format!("the file could not be received: {source}"))
            }
            BlobError::Io(e) => {
                tracing::error!(error = %e, "blob store failure");
                WebError::Internal
            }
        }
    }
}

impl From<Denied> for WebError {
    fn from(_: Denied) -> WebError {
        WebError::Forbidden
    }
}

impl From<NameError> for WebError {
    fn from(error: NameError) -> WebError {
        WebError::BadName(error)
    }
}

impl From<ContentError> for WebError {
    fn from(error: ContentError) -> WebError {
        WebError::InvalidMessage(error)
    }
}

impl From<WeakPassword> for WebError {
    fn from(weak: WeakPassword) -> WebError {
        WebError::WeakPassword(weak)
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let code = self.code();
        let retry_after = self.retry_after();
        let mut body = json!({ "error": code, "message": self.to_string() });
        if let Some(seconds) = retry_after {
            body["retry_after"] = json!(seconds);
        }
        match &self {
            WebError::RecipientsRefused(refused) => {
                body["refused"] = refused
                    .iter()
                    .map(|r| json!({ "recipient": r.recipient, "reason": r.refusal, "message": r.refusal.to_string() }))
                    .collect();
            }
            WebError::MessagingOff(reason) => body["reason"] = json!(reason),
            _ => {}
        }
        let lines = match self {
            WebError::InvalidDirectory(lines) | WebError::InvalidTimetable(lines) => lines,
            _ => Vec::new(),
        };
        if !lines.is_empty() {
            body["lines"] = lines
                .iter()
                .map(|l| json!({ "line": l.line, "reason": l.reason }))
                .collect();
        }
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(seconds) = retry_after {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response.extensions_mut().insert(ErrorInfo {
            status,
            code,
            retry_after,
            lines,
        });
        response
    }
}

/// Result of a handler.
pub type WebResult<T> = Result<T, WebError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_client_status_except_internal() {
        let errors = [
            WebError::InvalidCredentials,
            WebError::Throttled(3),
            WebError::NotSignedIn,
            WebError::Csrf,
            WebError::InvalidJson("x".into()),
            WebError::InvalidDirectory(vec![]),
            WebError::WeakPassword(WeakPassword::Common),
        ];
        for error in errors {
            assert!(error.status().is_client_error(), "{error:?}");
        }
        assert_eq!(
            WebError::WeakPassword(WeakPassword::Common).code(),
            "password_too_common"
        );
        assert_eq!(
            WebError::Internal.status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn store_errors_keep_their_meaning() {
        assert_eq!(WebError::from(StoreError::NotFound).code(), "not_found");
        assert_eq!(
            WebError::from(StoreError::InvalidCode).code(),
            "invalid_code"
        );
        assert_eq!(
            WebError::from(StoreError::Import(vec![])).code(),
            "invalid_directory"
        );
    }

    #[test]
    fn throttling_says_when_to_come_back() {
        let response = WebError::Throttled(7).into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "7");
        assert_eq!(
            response.extensions().get::<ErrorInfo>().map(|i| i.code),
            Some("throttled")
        );
    }
}
