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
    /// Every family, in the order forms list them.
    pub const ALL: [ContentKind; 7] = [
        ContentKind::Pdf,
        ContentKind::Image,
        ContentKind::OfficeDocument,
        ContentKind::PlainText,
        ContentKind::Audio,
        ContentKind::Video,
        ContentKind::Zip,
    ];

    /// The family's stable name, as the API and the database write it.
    pub fn name(self) -> &'static str {
        match self {
            ContentKind::Pdf => "pdf",
            ContentKind::Image => "image",
            ContentKind::OfficeDocument => "office",
            ContentKind::PlainText => "text",
            ContentKind::Audio => "audio",
            ContentKind::Video => "video",
            ContentKind::Zip => "zip",
        }
    }

    /// The family of a stable name.
    pub fn from_name(name: &str) -> Option<ContentKind> {
        ContentKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The bit of this family in a [`KindSet`].
    const fn bit(self) -> u8 {
        1 << self as u8
    }

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

/// A set of content families: an upload's allow-list, fixed in the code for a route or
/// chosen by a teacher for a hand-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindSet(u8);

/// A family name that is not one of [`ContentKind::ALL`]'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown file type {0:?}: expected some of pdf, image, office, text, audio, video, zip")]
pub struct UnknownKind(pub String);

impl KindSet {
    /// The set of these families.
    pub const fn of(kinds: &[ContentKind]) -> KindSet {
        let mut bits = 0;
        let mut i = 0;
        while i < kinds.len() {
            bits |= kinds[i].bit();
            i += 1;
        }
        KindSet(bits)
    }

    /// Whether the set holds `kind`.
    pub fn contains(self, kind: ContentKind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// Whether the set holds nothing.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The families of the set, in [`ContentKind::ALL`]'s order.
    pub fn kinds(self) -> impl Iterator<Item = ContentKind> {
        ContentKind::ALL
            .into_iter()
            .filter(move |k| self.contains(*k))
    }

    /// Reads a comma-separated list of family names (`pdf,image`); blanks are ignored.
    pub fn parse(list: &str) -> Result<KindSet, UnknownKind> {
        list.split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .try_fold(KindSet::default(), |set, name| {
                let kind = ContentKind::from_name(name).ok_or_else(|| UnknownKind(name.into()))?;
                Ok(KindSet(set.0 | kind.bit()))
            })
    }

    /// The comma-separated names, as [`KindSet::parse`] reads them.
    pub fn names(self) -> String {
        self.kinds()
            .map(ContentKind::name)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// What one upload may be: at most so many bytes, of one of the allowed families.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// The largest accepted file, in bytes.
    pub max_bytes: u64,
    /// The families accepted.
    pub allowed: KindSet,
}

/// A mebibyte.
const MIB: u64 = 1024 * 1024;

impl UploadLimits {
    /// A message's attachment: up to 10 MiB of PDF, pictures, office documents, text, sound
    /// or video: what pupils, parents and teachers exchange, and nothing a browser runs.
    pub const fn attachments() -> UploadLimits {
        UploadLimits {
            max_bytes: 10 * MIB,
            allowed: KindSet::of(&[
                ContentKind::Pdf,
                ContentKind::Image,
                ContentKind::OfficeDocument,
                ContentKind::PlainText,
                ContentKind::Audio,
                ContentKind::Video,
            ]),
        }
    }

    /// Accepts content of the `detected` type, or says it is not allowed.
    pub(super) fn admit(&self, detected: &'static str) -> Result<(), BlobError> {
        match ContentKind::for_mime(detected) {
            Some(kind) if self.allowed.contains(kind) => Ok(()),
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
    fn kind_sets_read_and_write_family_names() {
        let set = KindSet::parse(" pdf, image,,text ").unwrap();
        assert_eq!(set.names(), "pdf,image,text");
        assert!(set.contains(ContentKind::Image) && !set.contains(ContentKind::Zip));
        assert_eq!(KindSet::parse(&set.names()), Ok(set));
        assert!(KindSet::parse("").unwrap().is_empty());
        assert_eq!(KindSet::parse("pdf,exe"), Err(UnknownKind("exe".into())));
        let all = KindSet::of(&ContentKind::ALL);
        assert_eq!(all.kinds().count(), ContentKind::ALL.len());
        for kind in ContentKind::ALL {
            assert_eq!(ContentKind::from_name(kind.name()), Some(kind));
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
