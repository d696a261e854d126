//! What an upload may hold: families of content types and the limits of one upload.

use super::BlobError;

/// A family of content types, the vocabulary of upload allow-lists. Types that a browser
/// could run (executables, HTML, SVG with its scripts) belong to no family, so no allow-list
/// can let them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// PDF documents.
    Pdf,
    /// Pictures: PNG, JPEG, GIF, WebP.
    Image,
    /// Word processing, spreadsheets and slides: docx, xlsx, pptx, odt, ods, odp.
    OfficeDocument,
    /// UTF-8 text without NUL bytes that does not start like markup.
    PlainText,
    /// Recordings: MP3, Ogg, WAV, FLAC, M4A and the other `audio/*` types recognised.
    Audio,
    /// Videos: MP4, WebM, Matroska, QuickTime and the other `video/*` types recognised.
    Video,
    /// Zip archives that are not office documents.
    Zip,
}

impl ContentKind {
    /// The family a MIME type (as the sniffer reports it; parameters are ignored) belongs
    /// to, if any.
    pub fn for_mime(mime: &str) -> Option<ContentKind> {
        let essence = mime.split(';').next().unwrap_or_default().trim();
        match essence {
            "application/pdf" => Some(ContentKind::Pdf),
            "image/png" | "image/jpeg" | "image/gif" | "image/webp" => Some(ContentKind::Image),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            | "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            | "application/vnd.oasis.opendocument.text"
            | "application/vnd.oasis.opendocument.spreadsheet"
            | "application/vnd.oasis.opendocument.presentation" => {
                Some(ContentKind::OfficeDocument)
            }
            "text/plain" => Some(ContentKind::PlainText),
            "application/zip" => Some(ContentKind::Zip),
            audio if audio.starts_with("audio/") => Some(ContentKind::Audio),
            video if video.starts_with("video/") => Some(ContentKind::Video),
            _ => None,
        }
    }
}

/// What one upload may be: at most so many bytes, of one of the allowed families.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// The largest accepted file, in bytes.
    pub max_bytes: u64,
    /// The families accepted.
    pub allowed: &'static [ContentKind],
}

/// A mebibyte.
const MIB: u64 = 1024 * 1024;

impl UploadLimits {
    /// A message's attachment: up to 10 MiB of PDF, pictures, office documents, text, sound
    /// or video: what pupils, parents and teachers exchange, and nothing a browser runs.
    pub const fn attachments() -> UploadLimits {
        UploadLimits {
            max_bytes: 10 * MIB,
            allowed: &[
                ContentKind::Pdf,
                ContentKind::Image,
                ContentKind::OfficeDocument,
                ContentKind::PlainText,
                ContentKind::Audio,
                ContentKind::Video,
            ],
        }
    }

    /// Accepts content of the `detected` type, or says it is not allowed.
    pub(super) fn admit(&self, detected: &'static str) -> Result<(), BlobError> {
        match ContentKind::for_mime(detected) {
            Some(kind) if self.allowed.contains(&kind) => Ok(()),
            _ => Err(BlobError::TypeNotAllowed { detected }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_take_documents_and_media_but_nothing_runnable() {
        let limits = UploadLimits::attachments();
        for ok in [
            "application/pdf",
            "image/png",
            "image/webp",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "text/plain; charset=utf-8",
            "audio/mpeg",
            "video/mp4",
        ] {
            assert!(limits.admit(ok).is_ok(), "{ok}");
        }
        for refused in [
            "application/x-executable",
            "application/vnd.microsoft.portable-executable",
            "text/html",
            "image/svg+xml",
            "text/xml",
            "text/x-shellscript",
            "application/zip",
            "application/msword",
            "application/octet-stream",
            "image/tiff",
        ] {
            assert!(
                matches!(limits.admit(refused), Err(BlobError::TypeNotAllowed { detected }) if detected == refused),
                "{refused}"
            );
        }
    }

    #[test]
    fn families_are_found_from_the_mime_essence() {
        assert_eq!(
            ContentKind::for_mime(" text/plain ;charset=utf-8"),
            Some(ContentKind::PlainText)
        );
        assert_eq!(ContentKind::for_mime("audio/ogg"), Some(ContentKind::Audio));
        assert_eq!(
            ContentKind::for_mime("application/zip"),
            Some(ContentKind::Zip)
        );
        assert_eq!(ContentKind::for_mime("image/svg+xml"), None);
        assert_eq!(ContentKind::for_mime("audiox/evil"), None);
    }
}
