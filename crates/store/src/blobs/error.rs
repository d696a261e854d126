//! Why a blob could not be stored or read.

use super::ScanFailure;

/// Why a blob operation failed. Refusals (too large, type, empty, infected) say what is
/// wrong so the web layer can tell the user; whatever was refused has been deleted already
/// (or, if infected, moved to the quarantine).
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The upload went past the limit; reading stopped there.
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The content is of a type this upload does not accept (told from the bytes, whatever
    /// the file's name says).
    #[error("files of type {detected} are not accepted here")]
    TypeNotAllowed {
        /// The MIME type found in the content.
        detected: &'static str,
    },
    /// The upload held no bytes.
    #[error("the file is empty")]
    Empty,
    /// The antivirus found a virus: the file was moved to the quarantine, not stored.
    #[error("the antivirus found {signature} in the file")]
    Infected {
        /// The name of the signature that matched.
        signature: String,
    },
    /// An antivirus is configured but gave no verdict (unreachable, too slow, or it
    /// answered with an error): the file was refused and deleted, never stored unscanned.
    #[error("the antivirus could not scan the file: {0}")]
    AntivirusUnavailable(#[source] ScanFailure),
    /// No blob has this digest.
    #[error("no such file")]
    NotFound,
    /// Text that is not 64 lowercase hex digits was given as a digest.
    #[error("not a blob digest: expected 64 lowercase hexadecimal digits")]
    InvalidDigest,
    /// The incoming stream failed (the client went away, the multipart body is malformed,
    /// the request body limit was reached); the error is the stream's own.
    #[error("the upload could not be read: {0}")]
    Upload(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The disk refused: full, permissions, missing directory.
    #[error("blob storage failed: {0}")]
    Io(#[from] std::io::Error),
}
