//! Documents spaces on every backend: who reaches what, names and moves, trash and quotas.

mod access;
mod trash;
mod tree;

use crate::continuity::person;
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::documents::DocName;
use cartable_core::{ClassId, SchoolId, UserId};
pub use cartable_store::documents::NewFile;
use cartable_store::{BlobDigest, Store, StoredBlob};

/// `login`'s own space.
pub async fn own(store: &Store, school: &SchoolId, login: &str) -> (UserId, Permit) {
    let (id, actor) = person(store, school, login).await;
    let permit = authorize(&actor, Action::UseOwnDocuments { owner: id.clone() }).unwrap();
    (id, permit)
}

/// `login`'s permit on `class`'s space, to write or to read, if the rule gives one.
pub async fn class_space(
    store: &Store,
    school: &SchoolId,
    login: &str,
    class: &ClassId,
    write: bool,
) -> Option<Permit> {
    let (id, actor) = person(store, school, login).await;
    let (school, tie) = store
        .class_tie(&id, actor.role, class)
        .await
        .unwrap()
        .unwrap();
    let class = class.clone();
    let action = if write {
        Action::WriteClassDocuments { school, class, tie }
    } else {
        Action::ReadClassDocuments { school, class, tie }
    };
    authorize(&actor, action).ok()
}

pub fn name(text: &str) -> DocName {
    DocName::parse(text).unwrap()
}

/// A blob as the blob store would describe it: `size` bytes of PDF, digest from `seed`.
pub fn blob(seed: u8, size: u64) -> StoredBlob {
    StoredBlob {
        digest: BlobDigest::parse(&format!("{seed:02x}").repeat(32)).unwrap(),
        size,
        content_type: "application/pdf",
    }
}

/// The names of a folder's items (`None`: the root).
pub async fn names(
    store: &Store,
    permit: &Permit,
    folder: Option<&cartable_core::DocumentId>,
) -> Vec<String> {
    store
        .documents_listing(permit, folder)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|d| d.name)
        .collect()
}
