//! The demo classes' shared documents: a "Cours" folder holding each subject's programme for
//! the term, put there by the class's first teacher, so that whoever opens a class space
//! in the demo finds one in use. Written once per class, through the blob store and the
//! store's quota checks like any upload.

use super::class_work::teacher_permit;
use super::{Class, Place};
use cartable_core::authz::Action;
use cartable_core::documents::{DocName, Quota};
use cartable_core::Timestamp;
use cartable_store::documents::{document_limits, NewFile};
use cartable_store::{BlobStore, Store};

/// The folder the demo's class documents are in.
const FOLDER: &str = "Cours";

/// Fills `class`'s space if it is empty; returns how many files it added.
pub(super) async fn seed_class_space(
    store: &Store,
    blobs: &BlobStore,
    school: &Place<'_>,
    class: &Class<'_>,
    now: Timestamp,
) -> anyhow::Result<usize> {
    let Some(&(_, login)) = class.roster.teachings.first() else {
        return Ok(0);
    };
    let (teacher, permit) = teacher_permit(store, school, class, login, |school, tie| {
        Ok(Action::WriteClassDocuments {
            school,
            class: class.id.clone(),
            tie,
        })
    })
    .await?;
    if !store
        .documents_listing(&permit, None)
        .await?
        .items
        .is_empty()
    {
        return Ok(0);
    }
    let folder = store
        .create_document_folder(&permit, &teacher, None, &DocName::parse(FOLDER)?, now)
        .await?;
    let mut added = 0;
    for &(subject, _) in &class.roster.teachings {
        let text = format!(
            "{subject} — {class}\n\nProgramme du trimestre\n\n\
             1. Reprise des notions de l'an dernier\n2. Chapitre du mois\n\
             3. Évaluation commune avant les vacances\n\n\
             Le travail à faire est dans le cahier de textes.\n",
            class = class.roster.name
        );
        let blob = blobs
            .put_bytes(text.into_bytes(), &document_limits())
            .await?;
        let name = DocName::parse(&format!("{subject} - programme.txt"))?;
        let file = NewFile {
            parent: Some(&folder),
            name: &name,
            blob: &blob,
        };
        store
            .add_document_file(&permit, &teacher, &file, Quota::CLASS, now)
            .await?;
        added += 1;
    }
    Ok(added)
}
