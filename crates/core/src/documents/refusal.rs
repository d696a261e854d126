//! Why a documents operation is refused although the caller may act in the space.

/// A refusal the person can act on; each has a stable code the pages translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DocumentRefusal {
    /// Another item of the folder already has this name (case aside).
    #[error("an item of this folder already has this name")]
    NameTaken,
    /// The file does not fit in what is left of the space's quota (the trash counts).
    #[error("the space's quota is reached: {remaining} bytes left (files in the trash count until purged)")]
    QuotaExceeded {
        /// Bytes that were left.
        remaining: u64,
    },
    /// A folder cannot go inside itself or one of its own subfolders.
    #[error("a folder cannot be moved into itself or one of its subfolders")]
    IntoItself,
    /// Folders nest at most [`super::tree::MAX_DEPTH`] deep.
    #[error("folders are nested too deep")]
    TooDeep,
    /// The destination given as a folder is a file.
    #[error("the destination is not a folder")]
    NotAFolder,
    /// Only a file has content to download or replace.
    #[error("this is a folder, not a file")]
    NotAFile,
}

impl DocumentRefusal {
    /// The stable code of this refusal, for the API and the pages.
    pub fn code(self) -> &'static str {
        match self {
            DocumentRefusal::NameTaken => "name_taken",
            DocumentRefusal::QuotaExceeded { .. } => "quota_exceeded",
            DocumentRefusal::IntoItself => "move_into_itself",
            DocumentRefusal::TooDeep => "folders_too_deep",
            DocumentRefusal::NotAFolder => "not_a_folder",
            DocumentRefusal::NotAFile => "not_a_file",
        }
    }
}
