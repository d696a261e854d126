//! The words of the documents pages, in French and English. Templates reach them as
//! `c.t.docs.…`.

/// The documents pages' words in one language. Fields are named after what they label.
#[derive(Debug)]
pub struct DocsText {
    pub(crate) nav: &'static str,
    pub(crate) my_documents: &'static str,
    pub(crate) class_documents: &'static str,
    pub(crate) nav_class: &'static str,
    pub(crate) spaces: &'static str,
    pub(crate) root: &'static str,
    pub(crate) path: &'static str,
    pub(crate) empty: &'static str,
    pub(crate) name: &'static str,
    pub(crate) size: &'static str,
    pub(crate) author: &'static str,
    pub(crate) changed: &'static str,
    pub(crate) folder: &'static str,
    pub(crate) used: &'static str,
    pub(crate) of: &'static str,
    pub(crate) trash_counts: &'static str,
    pub(crate) new_folder: &'static str,
    pub(crate) create: &'static str,
    pub(crate) upload: &'static str,
    pub(crate) file: &'static str,
    pub(crate) upload_hint: &'static str,
    pub(crate) send: &'static str,
    pub(crate) download: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) manage: &'static str,
    pub(crate) rename: &'static str,
    pub(crate) new_name: &'static str,
    pub(crate) destination: &'static str,
    pub(crate) move_button: &'static str,
    pub(crate) delete: &'static str,
    pub(crate) delete_hint: &'static str,
    pub(crate) trash: &'static str,
    pub(crate) trash_empty: &'static str,
    pub(crate) trash_intro: &'static str,
    pub(crate) deleted: &'static str,
    pub(crate) until: &'static str,
    pub(crate) restore: &'static str,
    pub(crate) read_only: &'static str,
    pub(crate) back: &'static str,
}

/// En français.
pub(super) const FR: DocsText = DocsText {
    nav: "Mes documents",
    my_documents: "Mes documents",
    class_documents: "Documents de la classe",
    nav_class: "Documents",
    spaces: "Espaces",
    root: "Racine",
    path: "Chemin",
    empty: "Ce dossier est vide.",
    name: "Nom",
    size: "Taille",
    author: "Déposé par",
    changed: "Modifié le",
    folder: "Dossier",
    used: "Espace utilisé :",
    of: "sur",
    trash_counts: "la corbeille compte jusqu’à sa purge",
    new_folder: "Nouveau dossier",
    create: "Créer",
    upload: "Déposer un fichier",
    file: "Fichier",
    upload_hint: "50 Mo au plus : PDF, images, documents bureautiques, texte, son, vidéo, zip.",
    send: "Envoyer",
    download: "Télécharger",
    kind: "Type",
    manage: "Gérer",
    rename: "Renommer",
    new_name: "Nouveau nom",
    destination: "Vers le dossier",
    move_button: "Déplacer",
    delete: "Mettre à la corbeille",
    delete_hint: "Restaurable pendant 30 jours depuis la corbeille.",
    trash: "Corbeille",
    trash_empty: "La corbeille est vide.",
    trash_intro: "Les éléments supprimés restent ici 30 jours, puis sont effacés définitivement.",
    deleted: "Supprimé le",
    until: "Restaurable jusqu’au",
    restore: "Restaurer",
    read_only: "Vous pouvez consulter et télécharger ces documents ; seuls les professeurs de la classe et la vie scolaire les modifient.",
    back: "Retour au dossier",
};

/// In English.
pub(super) const EN: DocsText = DocsText {
    nav: "My documents",
    my_documents: "My documents",
    class_documents: "Class documents",
    nav_class: "Documents",
    spaces: "Spaces",
    root: "Top",
    path: "Path",
    empty: "This folder is empty.",
    name: "Name",
    size: "Size",
    author: "Added by",
    changed: "Changed",
    folder: "Folder",
    used: "Space used:",
    of: "of",
    trash_counts: "the trash counts until it is purged",
    new_folder: "New folder",
    create: "Create",
    upload: "Upload a file",
    file: "File",
    upload_hint: "50 MB at most: PDF, pictures, office documents, text, sound, video, zip.",
    send: "Upload",
    download: "Download",
    kind: "Type",
    manage: "Manage",
    rename: "Rename",
    new_name: "New name",
    destination: "To the folder",
    move_button: "Move",
    delete: "Move to the trash",
    delete_hint: "Restorable for 30 days from the trash.",
    trash: "Trash",
    trash_empty: "The trash is empty.",
    trash_intro: "Deleted items stay here for 30 days, then are erased for good.",
    deleted: "Deleted",
    until: "Restorable until",
    restore: "Restore",
    read_only: "You can view and download these documents; only the class's teachers and the staff change them.",
    back: "Back to the folder",
};

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use cartable_core::documents::{DocumentRefusal, NameError};

    #[test]
    fn every_documents_refusal_has_words_in_both_languages() {
        let refusals = [
            DocumentRefusal::NameTaken,
            DocumentRefusal::QuotaExceeded { remaining: 0 },
            DocumentRefusal::IntoItself,
            DocumentRefusal::TooDeep,
            DocumentRefusal::NotAFolder,
            DocumentRefusal::NotAFile,
        ]
        .map(DocumentRefusal::code);
        let names = [
            NameError::Empty,
            NameError::TooLong,
            NameError::Slash,
            NameError::Dots,
            NameError::Hidden,
        ]
        .map(NameError::code);
        for code in refusals.iter().chain(&names) {
            for lang in [Lang::Fr, Lang::En] {
                assert_ne!(lang.error(code), lang.error("internal"), "{code}");
            }
            assert_ne!(Lang::Fr.error(code), Lang::En.error(code), "{code}");
        }
    }
}
