//! Les mots de Cartable en français.

use super::Text;

/// Le français, langue par défaut.
pub(super) static TEXT: Text = Text {
    roles: ["Élève", "Parent", "Enseignant·e", "Vie scolaire", "Chef·fe d’établissement", "Administrateur·rice"],
    language_name: "Français",
    skip_to_content: "Aller au contenu",
    main_nav: "Navigation principale",
    nav_home: "Accueil",
    nav_sessions: "Mes sessions",
    nav_accounts: "Comptes",
    nav_import: "Importer l’annuaire",
    sign_out: "Se déconnecter",
    signed_in_as: "Connecté·e :",
    tagline: "Votre espace numérique de travail",

    signin_title: "Connexion",
    login: "Identifiant",
    password: "Mot de passe",
    stay_signed_in: "Rester connecté·e sur cet appareil",
    stay_signed_in_hint: "Élèves : 30 jours sur un appareil personnel. Ne cochez pas sur un ordinateur partagé.",
    signin_button: "Se connecter",
    first_time: "Première connexion ?",
    activate_link: "Activer mon compte avec mon code",

    degraded_banner: "Cartable ne joint plus sa base de données en ce moment : cette page est celle de votre dernière visite, en lecture seule. Elle se mettra à jour dès le retour du service.",
    home_title: "Accueil",
    my_class: "Ma classe",
    my_teachers: "Mes professeurs",
    no_class: "Vous n’êtes encore inscrit·e dans aucune classe.",
    subject: "Matière",
    teacher: "Professeur",
    my_children: "Mes enfants",
    no_children: "Aucun enfant n’est rattaché à votre compte.",
    class: "Classe",
    my_classes: "Mes classes",
    no_teachings: "Aucune classe ne vous est encore attribuée.",
    pupils: "Élèves",
    pending: "En attente",
    teachers: "Professeurs",
    school_classes: "Classes",
    school_accounts: "Comptes",
    role: "Rôle",
    active: "Actif",
    locked: "Verrouillé",
    codes: "Codes",
    print_codes: "Codes d’activation",
    none: "—",

    sessions_title: "Mes sessions",
    sessions_intro: "Les appareils connectés à votre compte. Révoquez ceux que vous ne reconnaissez pas.",
    device: "Appareil",
    address: "Adresse",
    opened: "Ouverte le",
    last_seen: "Dernière activité",
    expires: "Expire le",
    this_session: "Cette session",
    revoke: "Révoquer",

    activate_title: "Activer mon compte",
    activate_intro: "Saisissez votre identifiant et le code d’activation remis par l’établissement, puis choisissez votre mot de passe.",
    activation_code: "Code d’activation",
    activation_hint: "Votre identifiant et votre code sont imprimés ensemble sur la feuille remise par l’établissement : recopiez les deux.",
    new_password: "Nouveau mot de passe",
    confirm_password: "Confirmer le mot de passe",
    password_policy: "Au moins 8 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner. Les mots de passe trop courants et votre identifiant sont refusés.",
    activate_button: "Activer",
    passwords_differ: "Les deux mots de passe ne sont pas identiques.",

    accounts_title: "Comptes de l’établissement",
    search: "Nom ou identifiant",
    search_button: "Rechercher",
    all_roles: "Tous les rôles",
    all_classes: "Toutes les classes",
    no_accounts: "Aucun compte ne correspond à cette recherche.",
    pages_nav: "Pages de résultats",
    previous_page: "Page précédente",
    next_page: "Page suivante",
    name: "Nom",
    status: "Statut",
    actions: "Actions",
    reset_access: "Réinitialiser l’accès",
    reset_title: "Nouveau code d’activation",
    reset_done: "L’accès a été réinitialisé : l’ancien mot de passe et les sessions ouvertes ne fonctionnent plus.",
    code_once: "Notez ou imprimez ce code maintenant : il ne sera plus affiché.",
    valid_until: "Valable jusqu’au",
    back_to_accounts: "Retour aux comptes",
    lock: "Verrouiller",
    lock_title: "Verrouiller un compte",
    lock_button: "Verrouiller le compte",
    lock_done: "Compte verrouillé : ses sessions ont pris fin et il ne peut plus se connecter.",
    lock_undo_hint: "Pour lui rendre l’accès, réinitialisez-le : un nouveau code d’activation lui sera remis.",
    cancel: "Annuler",

    import_title: "Importer l’annuaire",
    import_intro: "Fichier CSV avec les colonnes role,login,last_name,first_name,classes,children. Si une ligne est incorrecte, rien n’est importé.",
    csv_file: "Fichier CSV",
    csv_text: "Ou collez le contenu du fichier",
    import_button: "Importer",
    import_done: "Import terminé.",
    created: "Comptes créés",
    updated: "Comptes mis à jour",
    unchanged: "Comptes inchangés",
    classes_created: "Classes créées",
    import_failed: "Rien n’a été importé. Corrigez ces lignes puis recommencez :",
    line: "Ligne",
    reason: "Motif",

    codes_title: "Codes d’activation",
    codes_intro: "Comptes en attente d’activation dans cette classe (élèves et leurs parents) :",
    codes_warning: "Générer de nouveaux codes rend inutilisables ceux déjà distribués pour ces comptes.",
    codes_button: "Générer la feuille de codes",
    codes_none: "Aucun compte en attente dans cette classe.",
    codes_sheet_intro: "Pour activer votre compte, allez sur la page « Activer mon compte » de Cartable et saisissez votre identifiant et ce code.",
    codes_print_hint: "Imprimez cette page avec la fonction d’impression du navigateur.",
    code: "Code",

    error_title: "Erreur",
    back_home: "Retour à l’accueil",

    m: &super::messaging::FR,
    d: &super::continuity::FR,
    docs: &super::documents::FR,
    w: &super::assignments::FR,
    n: &super::board::FR,
};

/// « N comptes » : le singulier jusqu’à un, comme en français.
pub(super) fn account_count(n: i64) -> String {
    if n <= 1 {
        format!("{n} compte")
    } else {
        format!("{n} comptes")
    }
}

/// La phrase d’un code d’erreur.
pub(super) fn error(code: &str) -> &'static str {
    match code {
        "invalid_credentials" => "Identifiant ou mot de passe incorrect.",
        "throttled" => "Trop d’essais. Patientez avant de réessayer.",
        "busy" => "Le service est très sollicité. Réessayez dans quelques secondes.",
        "not_signed_in" => "Vous n’êtes pas connecté·e.",
        "forbidden" => "Vous n’avez pas accès à cette page.",
        "not_found" => "Cette page n’existe pas.",
        "invalid_input" => "La demande contient une valeur incorrecte.",
        "body_too_large" => "Le contenu envoyé est trop volumineux.",
        "invalid_json" => "Le contenu envoyé est illisible.",
        "unsupported_media_type" => "Le format du contenu envoyé n’est pas accepté.",
        "file_too_large" => "Le fichier dépasse la taille autorisée ; rien n’a été gardé.",
        "file_type_not_allowed" => "Ce type de fichier n’est pas accepté ici ; rien n’a été gardé.",
        "name_taken" => "Un élément de ce dossier porte déjà ce nom. Choisissez-en un autre.",
        "quota_exceeded" => "Votre espace est plein : le fichier n’a pas été gardé. Videz la corbeille ou supprimez des fichiers (la corbeille compte jusqu’à sa purge, 30 jours après la suppression).",
        "move_into_itself" => "Un dossier ne peut pas être déplacé dans lui-même ni dans un de ses sous-dossiers.",
        "folders_too_deep" => "Trop de dossiers imbriqués : 16 niveaux au plus.",
        "not_a_folder" => "La destination n’est pas un dossier.",
        "not_a_file" => "C’est un dossier, pas un fichier.",
        "name_empty" => "Le nom est vide.",
        "name_too_long" => "Le nom dépasse 120 caractères.",
        "name_with_slash" => "Le nom ne peut pas contenir « / » ni « \\ ».",
        "name_reserved" => "Le nom ne peut pas être « . » ni « .. ».",
        "name_hidden_characters" => "Le nom contient des caractères de contrôle ou invisibles.",
        "file_empty" => "Le fichier est vide.",
        "file_infected" => {
            "L’antivirus a détecté un virus dans ce fichier ; il a été mis de côté et n’a pas été envoyé."
        }
        "antivirus_unavailable" => {
            "L’antivirus ne peut pas vérifier les fichiers pour le moment ; rien n’a été gardé. Réessayez dans quelques minutes."
        }
        "deadline_passed" => "La date limite est passée : le travail rendu ne peut plus être remplacé.",
        "hand_in_reviewed" => "Le professeur a déjà corrigé ce travail : il ne peut plus être modifié.",
        "csrf" => {
            "Ce formulaire a expiré ou vient d’un autre site. Rechargez la page et recommencez."
        }
        "login_taken" => "Cet identifiant est déjà utilisé.",
        "unknown_school" => "Établissement inconnu.",
        "invalid_directory" => "Le fichier contient des lignes incorrectes ; rien n’a été importé.",
        "invalid_timetable" => {
            "L’emploi du temps contient des lignes incorrectes ; rien n’a été modifié."
        }
        "news_refused" => "Cette actualité n’a pas été publiée : sa formulation doit être relue par la vie scolaire ou la direction.",
        "invalid_code" => {
            "Ce code d’activation n’est pas valable (inconnu, déjà utilisé ou expiré)."
        }
        "password_too_short" => "Le mot de passe doit compter au moins 8 caractères.",
        "password_too_long" => "Le mot de passe doit compter au plus 128 caractères.",
        "password_too_common" => {
            "Ce mot de passe fait partie des plus courants ; choisissez-en un autre."
        }
        "password_is_login" => "Le mot de passe ne peut pas être votre identifiant.",
        "recipients_refused" => {
            "Certains destinataires ne sont pas autorisés ; le message n’est pas parti."
        }
        "messaging_off" => {
            "L’envoi de messages est suspendu pour votre profil dans cet établissement."
        }
        "too_many_recipients" => {
            "Vous avez écrit à trop de personnes en une heure. Réessayez plus tard."
        }
        "too_many_attachments" => {
            "Trop de pièces jointes, ou trop lourdes : 5 fichiers et 20 Mo au plus."
        }
        "empty_subject" => "L’objet du message est vide.",
        "subject_too_long" => "L’objet dépasse 200 caractères.",
        "empty_body" => "Le message est vide.",
        "body_too_long" => "Le message dépasse 20 000 caractères.",
        "hidden_characters" => {
            "Le texte contient des caractères invisibles ou qui changent le sens de lecture."
        }
        "conflict" => "Cette action ne s’applique plus : la situation a changé entre-temps.",
        _ => "Une erreur est survenue. Réessayez plus tard.",
    }
}
