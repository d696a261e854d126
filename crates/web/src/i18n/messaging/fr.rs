//! Les mots de la messagerie en français.

use super::MessagingText;
use cartable_core::messaging::Refusal;

/// Le français, langue par défaut.
pub(in crate::i18n) static TEXT: MessagingText = MessagingText {
    nav_messages: "Messagerie",
    nav_moderation: "Modération",
    banner_mine: "L’envoi de messages est suspendu pour votre profil :",
    banner_school: "Envoi de messages suspendu pour :",
    banner_reading: "La lecture des messages reste possible.",

    messages_title: "Messagerie",
    folders: "Dossiers",
    inbox: "Boîte de réception",
    sent: "Envoyés",
    drafts: "Brouillons",
    trash: "Corbeille",
    new_message: "Nouveau message",
    search_messages: "Rechercher dans ce dossier",
    from: "De",
    to: "À",
    date: "Date",
    subject: "Objet",
    no_messages: "Aucun message.",
    unread: "Non lu",
    held: "En attente de modération",
    blocked: "Bloqué",
    recalled: "Rappelé",
    rejected: "Refusé par la modération",
    draft: "Brouillon",
    alert: "Alerte",
    notice: "Avis",
    attachments: "Pièces jointes",
    thread: "Conversation",
    reply: "Répondre",
    report: "Signaler ce message",
    report_comment: "Commentaire (facultatif)",
    report_hint: "Le message est transmis à la vie scolaire et à la direction, qui décident de la suite.",
    reported: "Merci. Le message a été signalé à l’équipe de l’établissement.",
    move_to_trash: "Mettre à la corbeille",
    restore: "Restaurer",
    trashed: "Message mis à la corbeille.",
    restored: "Message restauré.",
    send_now: "Envoyer maintenant",
    held_done: "Message envoyé : l’établissement le vérifie avant de le remettre.",
    back_to_messages: "Retour à la messagerie",

    compose_title: "Nouveau message",
    recipients: "Destinataires",
    groups: [
        "Tout l’établissement",
        "Élèves d’une classe",
        "Parents d’une classe",
        "Professeurs d’une classe",
        "Groupes",
        "Mes enfants",
        "Professeurs",
        "Vie scolaire et direction",
        "Camarades de classe",
    ],
    other_recipients: "Autres destinataires",
    no_contacts: "Vous n’avez aucun destinataire possible pour l’instant.",
    body: "Message",
    files: "Pièces jointes (5 fichiers au plus, 10 Mo chacun, 20 Mo en tout)",
    send: "Envoyer",
    compose_off: "Vous ne pouvez pas envoyer de message pour le moment.",
    not_sent: "Le message n’est pas parti.",
    refused_intro: "Le message n’est pas parti : ces destinataires ne sont pas autorisés.",
    blocked_title: "Message bloqué",
    blocked_text: "Ce message a été bloqué et conservé. Par sécurité, votre compte est verrouillé et vous avez été déconnecté·e. L’établissement a été prévenu : adressez-vous à la vie scolaire.",
    sign_in_again: "Page de connexion",

    moderation_title: "Modération de la messagerie",
    moderation_intro: "Messages retenus, signalés ou bloqués dans l’établissement, du plus récent au plus ancien.",
    queue_empty: "Rien à examiner.",
    queue_heading: "À examiner",
    sender: "Expéditeur",
    screening: "Analyse",
    ip: "Adresse IP",
    browser: "Navigateur",
    written_at: "Écrit le",
    reports: "Signalements",
    release: "Remettre aux destinataires",
    reject: "Refuser",
    recall: "Retirer de toutes les boîtes",
    dismiss: "Classer les signalements",
    switches_title: "Couper l’envoi de messages",
    switches_intro: "Les profils cochés ne peuvent plus envoyer de messages ; la lecture reste possible. Le motif s’affiche sur toutes les pages. Décochez tout et appliquez pour rétablir l’envoi.",
    switches_roles: "Envoi coupé pour",
    switches_reason: "Motif affiché",
    switches_apply: "Appliquer",
    switches_all_off: "Tout couper",
    switched: "Réglages de l’envoi appliqués.",
    incident_title: "Réponse à incident",
    incident_intro: "Ferme immédiatement toutes les sessions des profils choisis et impose un nouveau mot de passe ; les élèves repassent par un code d’activation. Chaque personne est prévenue.",
    incident_roles: "Profils concernés",
    incident_continue: "Continuer",
    whole_academy: "Dans tous les établissements de l’académie",
    incident_confirm: "Confirmer la réponse à incident",
    incident_none: "Cochez au moins un profil.",
    policy_link: "Politique de messagerie",

    policy_title: "Politique de messagerie",
    policy_intro: "Qui peut écrire à qui dépend du profil et ne se règle pas ici. Ces réglages fixent les limites et les horaires d’envoi de l’établissement.",
    classmates: "Les élèves peuvent écrire aux élèves de leurs classes",
    max_people: "Destinataires par message au plus (élèves et parents, de 1 à 10)",
    limits: "Limites et horaires par profil",
    per_minute: "Messages par minute",
    per_hour: "Destinataires par heure",
    hours: "Horaires d’envoi",
    hours_any: "À toute heure",
    hours_school_days: "Du lundi au vendredi",
    hours_every_day: "Tous les jours",
    opens: "De",
    closes: "À",
    time_zone: "Fuseau horaire",
    save: "Enregistrer",
    policy_saved: "Politique enregistrée.",

    password_title: "Changer mon mot de passe",
    current_password: "Mot de passe actuel",
    change_password: "Changer le mot de passe",
    password_changed: "Mot de passe changé. Vos autres sessions ont été fermées.",
    wrong_password: "Le mot de passe actuel est incorrect.",
    open_messages: "Ouvrir la messagerie",
};

/// Pourquoi un destinataire est refusé.
pub(super) fn refusal(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::Unknown => "destinataire inconnu.",
        Refusal::NotAContact => "vous ne pouvez pas écrire à cette personne.",
        Refusal::ClassmatesClosed => {
            "l’établissement ne permet pas aux élèves de s’écrire entre eux."
        }
        Refusal::Collective => {
            "écrire à toute une classe, un groupe ou l’établissement est réservé aux professeurs et à la vie scolaire."
        }
        Refusal::SchoolWide => "seules la vie scolaire et la direction écrivent à tout l’établissement.",
        Refusal::TooManyPeople => "trop de destinataires pour un seul message.",
        Refusal::NewDevice => {
            "cet appareil est nouveau : pendant sa première journée, il peut écrire à une classe au plus."
        }
        Refusal::NoRecipient => "le message n’a pas de destinataire.",
    }
}
