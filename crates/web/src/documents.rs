//! What the documents routes (API and pages) share: naming a space in a path, asking
//! `core` for the permit on a space or on one item, and receiving an upload within the
//! route's limit and the space's quota.

use crate::error::{WebError, WebResult};
use crate::files::upload::{file_name, store_field};
use crate::session_cache::CachedSession;
use crate::state::AppState;
use axum::extract::multipart::Field;
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::documents::{Access, DocName, DocumentRefusal, Quota, Space};
use cartable_core::{ClassId, DocumentId};
use cartable_store::documents::{document_limits, Document, NewFile, MAX_DOCUMENT_BYTES};

/// How a path names a space: `me` for the viewer's own, or a class's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpacePath {
    /// The viewer's own space.
    Mine,
    /// A class's shared space.
    Class(ClassId),
}

impl SpacePath {
    /// Reads a path segment; anything else is a space that does not exist.
    pub fn parse(text: &str) -> WebResult<SpacePath> {
        if text == "me" {
            return Ok(SpacePath::Mine);
        }
        text.parse()
            .map(SpacePath::Class)
            .map_err(|_| WebError::NotFound)
    }

    /// The path segment of the space a permit opens.
    pub fn segment(space: &Space) -> String {
        match space {
            Space::Personal(_) => "me".to_owned(),
            Space::Class(class) => class.to_string(),
        }
    }
}

/// A document id from a path; anything else is an item that does not exist.
pub fn document_id(text: &str) -> WebResult<DocumentId> {
    text.parse().map_err(|_| WebError::NotFound)
}

/// The permit on the class space of `class` for `access`, as `core` decides it from the
/// viewer's tie to the class.
async fn class_permit(
    state: &AppState,
    session: &CachedSession,
    class: &ClassId,
    access: Access,
) -> WebResult<Permit> {
    crate::continuity::class_permit(state, session, class, |school, tie| {
        let class = class.clone();
        match access {
            Access::Read => Action::ReadClassDocuments { school, class, tie },
            Access::Write => Action::WriteClassDocuments { school, class, tie },
        }
    })
    .await
}

/// The permit on a space named in a path: the viewer's own always; a class's if the rule
/// allows (an unknown class is not found, a refusal is forbidden).
pub async fn space_permit(
    state: &AppState,
    session: &CachedSession,
    space: &SpacePath,
    access: Access,
) -> WebResult<Permit> {
    match space {
        SpacePath::Mine => {
            let owner = session.user().ok_or(WebError::Forbidden)?.clone();
            Ok(authorize(
                &session.info.actor,
                Action::UseOwnDocuments { owner },
            )?)
        }
        SpacePath::Class(class) => class_permit(state, session, class, access).await,
    }
}

/// The permit on the space item `id` is in, for `access`. Someone else's personal space,
/// or a class space the viewer may not even read, is *not found*: an id guessed or seen
/// elsewhere tells nothing. A class space the viewer reads but may not write is forbidden.
pub async fn item_permit(
    state: &AppState,
    session: &CachedSession,
    id: &DocumentId,
    access: Access,
) -> WebResult<Permit> {
    let space = state
        .store
        .document_space(id)
        .await?
        .ok_or(WebError::NotFound)?;
    match space {
        Space::Personal(owner) => authorize(&session.info.actor, Action::UseOwnDocuments { owner })
            .map_err(|_| WebError::NotFound),
        Space::Class(class) => {
            let read = class_permit(state, session, &class, Access::Read)
                .await
                .map_err(|e| match e {
                    WebError::Forbidden => WebError::NotFound,
                    other => other,
                })?;
            match access {
                Access::Read => Ok(read),
                Access::Write => class_permit(state, session, &class, Access::Write).await,
            }
        }
    }
}

/// Whether the viewer may write the space `permit` opens (a reading permit's class).
pub async fn may_write(state: &AppState, session: &CachedSession, permit: &Permit) -> bool {
    match Space::of_permit(permit) {
        Some((_, Access::Write)) => true,
        Some((Space::Class(class), Access::Read)) => {
            class_permit(state, session, &class, Access::Write)
                .await
                .is_ok()
        }
        _ => false,
    }
}

/// The quota of the space `permit` opens: a personal space is the viewer's own (its permit
/// is only ever the owner's), so their role's.
pub fn quota(session: &CachedSession, permit: &Permit) -> Quota {
    match Space::of_permit(permit) {
        Some((space, _)) => Quota::of(&space, session.profile.role),
        None => Quota(0),
    }
}

/// Receives the file of a multipart `field` into the folder `parent` of the space
/// `permit` opens for writing. The name and the folder are checked before a byte is
/// read; the file streams into the blob store and is refused as soon as it passes the
/// route's limit ([`MAX_DOCUMENT_BYTES`]) or what is left of the quota, or shows a type
/// not accepted, leaving nothing behind.
pub async fn receive_file(
    state: &AppState,
    session: &CachedSession,
    permit: &Permit,
    parent: Option<&DocumentId>,
    field: Field<'_>,
) -> WebResult<Document> {
    let author = session.user().ok_or(WebError::Forbidden)?;
    let raw = file_name(&field).ok_or_else(|| WebError::InvalidInput("no file chosen".into()))?;
    let name = DocName::parse(&raw)?;
    state
        .store
        .check_document_upload(permit, parent, &name)
        .await?;
    let quota = quota(session, permit);
    let used = state.store.documents_used(permit, state.now()).await?;
    let remaining = quota.remaining(used);
    let over_quota = WebError::Document(DocumentRefusal::QuotaExceeded { remaining });
    if remaining == 0 {
        return Err(over_quota);
    }
    let mut limits = document_limits();
    limits.max_bytes = limits.max_bytes.min(remaining);
    let file = match store_field(&state.blobs, field, &limits).await {
        Ok(file) => file,
        Err(WebError::FileTooLarge { .. }) if remaining < MAX_DOCUMENT_BYTES => {
            return Err(over_quota)
        }
        Err(other) => return Err(other),
    };
    Ok(state
        .store
        .add_document_file(
            permit,
            author,
            &NewFile {
                parent,
                name: &name,
                blob: &file.blob,
            },
            quota,
            state.now(),
        )
        .await?)
}

/// A folder as shown: its content, the space's use and quota, whether the viewer writes.
#[derive(Debug)]
pub struct FolderView {
    /// The space, as its path names it.
    pub space: String,
    /// The folder's content.
    pub listing: cartable_store::documents::Listing,
    /// Bytes the space holds, its trash included.
    pub used: u64,
    /// Bytes it may hold.
    pub quota: Quota,
    /// Whether the viewer may write in it.
    pub writable: bool,
}

/// The folder `folder` (`None`: the root) of the space `permit` opens, as shown.
pub async fn open_folder(
    state: &AppState,
    session: &CachedSession,
    permit: &Permit,
    folder: Option<&DocumentId>,
) -> WebResult<FolderView> {
    let listing = state.store.documents_listing(permit, folder).await?;
    let used = state.store.documents_used(permit, state.now()).await?;
    let space = Space::of_permit(permit)
        .map(|(space, _)| SpacePath::segment(&space))
        .ok_or(WebError::Forbidden)?;
    Ok(FolderView {
        space,
        listing,
        used,
        quota: quota(session, permit),
        writable: may_write(state, session, permit).await,
    })
}

/// What one can do to an item, with the item's own permit.
#[derive(Debug)]
pub enum Change {
    /// Give it a new name.
    Rename(DocName),
    /// Move it into this folder (`None`: the root).
    Move(Option<DocumentId>),
    /// Put it in the trash.
    Trash,
    /// Bring it back from the trash.
    Restore,
}

/// Applies `change` to the item `id`, if the viewer may write its space. The API and the
/// pages' one way to do it.
pub async fn change(
    state: &AppState,
    session: &CachedSession,
    id: &DocumentId,
    change: Change,
) -> WebResult<()> {
    let permit = item_permit(state, session, id, Access::Write).await?;
    let now = state.now();
    let store = &state.store;
    match change {
        Change::Rename(name) => store.rename_document(&permit, id, &name, now).await?,
        Change::Move(parent) => {
            store
                .move_document(&permit, id, parent.as_ref(), now)
                .await?
        }
        Change::Trash => store.trash_document(&permit, id, now).await?,
        Change::Restore => store.restore_document(&permit, id, now).await?,
    }
    Ok(())
}

/// A folder id given in a form or a body: empty or absent is the root.
pub fn parent_id(text: Option<&str>) -> WebResult<Option<DocumentId>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| WebError::InvalidInput(format!("{text:?} is not a folder id"))),
    }
}
