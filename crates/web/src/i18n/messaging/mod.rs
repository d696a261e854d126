//! The words of the messaging pages (mailbox, compose, moderation, policy, the banner) and of
//! what an incident response brings (choosing a new password), in French and English.
//!
//! Kept apart from the rest of [`super::Text`] so that one feature's words live together;
//! templates reach them as `c.t.m.…`, sentences with numbers or names through the [`Lang`]
//! methods below.

mod en;
mod fr;

use super::Lang;
use cartable_core::messaging::policy::InvalidPolicy;
use cartable_core::messaging::{InvalidSwitch, Refusal};
use cartable_store::messaging::UNREAD_COUNT_CAP;

pub(super) use en::TEXT as EN;
pub(super) use fr::TEXT as FR;

/// The messaging pages' words in one language. Fields are named after what they label.
#[derive(Debug)]
pub struct MessagingText {
    pub(crate) nav_messages: &'static str,
    pub(crate) nav_moderation: &'static str,
    pub(crate) banner_mine: &'static str,
    pub(crate) banner_school: &'static str,
    pub(crate) banner_reading: &'static str,

    pub(crate) messages_title: &'static str,
    pub(crate) folders: &'static str,
    pub(crate) inbox: &'static str,
    pub(crate) sent: &'static str,
    pub(crate) drafts: &'static str,
    pub(crate) trash: &'static str,
    pub(crate) new_message: &'static str,
    pub(crate) search_messages: &'static str,
    pub(crate) from: &'static str,
    pub(crate) to: &'static str,
    pub(crate) date: &'static str,
    pub(crate) subject: &'static str,
    pub(crate) no_messages: &'static str,
    pub(crate) unread: &'static str,
    pub(crate) held: &'static str,
    pub(crate) blocked: &'static str,
    pub(crate) recalled: &'static str,
    pub(crate) rejected: &'static str,
    pub(crate) draft: &'static str,
    pub(crate) alert: &'static str,
    pub(crate) notice: &'static str,
    pub(crate) attachments: &'static str,
    pub(crate) thread: &'static str,
    pub(crate) reply: &'static str,
    pub(crate) report: &'static str,
    pub(crate) report_comment: &'static str,
    pub(crate) report_hint: &'static str,
    pub(crate) reported: &'static str,
    pub(crate) move_to_trash: &'static str,
    pub(crate) restore: &'static str,
    pub(crate) trashed: &'static str,
    pub(crate) restored: &'static str,
    pub(crate) send_now: &'static str,
    pub(crate) held_done: &'static str,
    pub(crate) back_to_messages: &'static str,

    pub(crate) compose_title: &'static str,
    pub(crate) recipients: &'static str,
    pub(crate) groups: [&'static str; 9],
    pub(crate) other_recipients: &'static str,
    pub(crate) no_contacts: &'static str,
    pub(crate) body: &'static str,
    pub(crate) files: &'static str,
    pub(crate) send: &'static str,
    pub(crate) compose_off: &'static str,
    pub(crate) not_sent: &'static str,
    pub(crate) refused_intro: &'static str,
    pub(crate) blocked_title: &'static str,
    pub(crate) blocked_text: &'static str,
    pub(crate) sign_in_again: &'static str,

    pub(crate) moderation_title: &'static str,
    pub(crate) moderation_intro: &'static str,
    pub(crate) queue_empty: &'static str,
    pub(crate) queue_heading: &'static str,
    pub(crate) sender: &'static str,
    pub(crate) screening: &'static str,
    pub(crate) ip: &'static str,
    pub(crate) browser: &'static str,
    pub(crate) written_at: &'static str,
    pub(crate) reports: &'static str,
    pub(crate) release: &'static str,
    pub(crate) reject: &'static str,
    pub(crate) recall: &'static str,
    pub(crate) dismiss: &'static str,
    pub(crate) switches_title: &'static str,
    pub(crate) switches_intro: &'static str,
    pub(crate) switches_roles: &'static str,
    pub(crate) switches_reason: &'static str,
    pub(crate) switches_apply: &'static str,
    pub(crate) switches_all_off: &'static str,
    pub(crate) switched: &'static str,
    pub(crate) incident_title: &'static str,
    pub(crate) incident_intro: &'static str,
    pub(crate) incident_roles: &'static str,
    pub(crate) incident_continue: &'static str,
    /// The academy admin's choice to act on every school of the academy at once.
    pub(crate) whole_academy: &'static str,
    pub(crate) incident_confirm: &'static str,
    pub(crate) incident_none: &'static str,
    pub(crate) policy_link: &'static str,

    pub(crate) policy_title: &'static str,
    pub(crate) policy_intro: &'static str,
    pub(crate) classmates: &'static str,
    pub(crate) max_people: &'static str,
    pub(crate) limits: &'static str,
    pub(crate) per_minute: &'static str,
    pub(crate) per_hour: &'static str,
    pub(crate) hours: &'static str,
    pub(crate) hours_any: &'static str,
    pub(crate) hours_school_days: &'static str,
    pub(crate) hours_every_day: &'static str,
    pub(crate) opens: &'static str,
    pub(crate) closes: &'static str,
    pub(crate) time_zone: &'static str,
    pub(crate) save: &'static str,
    pub(crate) policy_saved: &'static str,

    pub(crate) password_title: &'static str,
    pub(crate) current_password: &'static str,
    pub(crate) change_password: &'static str,
    pub(crate) password_changed: &'static str,
    pub(crate) wrong_password: &'static str,
    pub(crate) open_messages: &'static str,
}

impl Lang {
    /// The messaging pages' words.
    pub fn messaging(self) -> &'static MessagingText {
        self.text().m
    }

    /// "3 unread", for the inbox tab.
    pub fn unread(self, n: i64) -> String {
        let count = unread_figure(n);
        match self {
            Lang::Fr if n > 1 => format!("{count} non lus"),
            Lang::Fr => format!("{count} non lu"),
            Lang::En => format!("{count} unread"),
        }
    }

    /// The home page's line about unread messages.
    pub fn unread_messages(self, n: i64) -> String {
        match (self, n) {
            (Lang::Fr, 0) => "Aucun nouveau message.".to_owned(),
            (Lang::Fr, 1) => "1 message non lu.".to_owned(),
            (Lang::Fr, _) => format!("{} messages non lus.", unread_figure(n)),
            (Lang::En, 0) => "No new message.".to_owned(),
            (Lang::En, 1) => "1 unread message.".to_owned(),
            (Lang::En, _) => format!("{} unread messages.", unread_figure(n)),
        }
    }

    /// After sending: how many people have it.
    pub fn delivered_to(self, n: u32) -> String {
        match self {
            Lang::Fr if n > 1 => format!("Message remis à {n} personnes."),
            Lang::Fr => format!("Message remis à {n} personne."),
            Lang::En if n == 1 => "Message delivered to 1 person.".to_owned(),
            Lang::En => format!("Message delivered to {n} people."),
        }
    }

    /// A draft held by sending hours: when it may go.
    pub fn deferred_until(self, when: &str) -> String {
        match self {
            Lang::Fr => format!(
                "Hors des horaires d’envoi : ce message est gardé dans vos brouillons. \
                 L’envoi ouvre le {when}."
            ),
            Lang::En => format!(
                "Outside sending hours: this message is kept in your drafts. \
                 Sending opens on {when}."
            ),
        }
    }

    /// Why a recipient was refused.
    pub fn refusal(self, refusal: Refusal) -> &'static str {
        match self {
            Lang::Fr => fr::refusal(refusal),
            Lang::En => en::refusal(refusal),
        }
    }

    /// Too many messages in a minute.
    pub fn too_fast(self, seconds: i64) -> String {
        match self {
            Lang::Fr => {
                format!("Vous envoyez trop de messages à la suite. Réessayez dans {seconds} s.")
            }
            Lang::En => format!("You are sending too many messages. Try again in {seconds} s."),
        }
    }

    /// The screening's verdict on a message, as moderators read it.
    pub fn verdict(self, verdict: &str) -> &'static str {
        match (self, verdict) {
            (Lang::Fr, "allow") => "Rien de détecté",
            (Lang::Fr, "hold") => "À vérifier",
            (Lang::Fr, _) => "Bloqué",
            (Lang::En, "allow") => "Nothing found",
            (Lang::En, "hold") => "To check",
            (Lang::En, _) => "Blocked",
        }
    }

    /// What a moderator's decision did.
    pub fn decision_done(self, decision: &str, mailboxes: u64) -> String {
        match (self, decision) {
            (Lang::Fr, "release") => format!("Message remis : {mailboxes} boîte(s) de réception."),
            (Lang::Fr, "reject") => "Message refusé : il ne sera remis à personne.".to_owned(),
            (Lang::Fr, "recall") => format!("Message retiré de {mailboxes} boîte(s) de réception."),
            (Lang::Fr, _) => "Signalements classés.".to_owned(),
            (Lang::En, "release") => format!("Message released to {mailboxes} inbox(es)."),
            (Lang::En, "reject") => "Message rejected: it reaches no one.".to_owned(),
            (Lang::En, "recall") => format!("Message recalled from {mailboxes} inbox(es)."),
            (Lang::En, _) => "Reports dismissed.".to_owned(),
        }
    }

    /// The question before an incident response.
    pub fn incident_question(self, roles: &str) -> String {
        match self {
            Lang::Fr => format!(
                "Fermer toutes les sessions de ces comptes et exiger un nouveau mot de passe : \
                 {roles} ? Les élèves devront recevoir un nouveau code d’activation."
            ),
            Lang::En => format!(
                "End every session of these accounts and require a new password: {roles}? \
                 Pupils will need a new activation code."
            ),
        }
    }

    /// What an incident response did.
    pub fn incident_done(self, accounts: u64, sessions: u64) -> String {
        match self {
            Lang::Fr => format!(
                "Réponse à incident appliquée : {accounts} compte(s) concerné(s), \
                 {sessions} session(s) fermée(s). Chaque personne a été prévenue."
            ),
            Lang::En => format!(
                "Incident response applied: {accounts} account(s), {sessions} session(s) \
                 ended. Everyone concerned was told."
            ),
        }
    }

    /// Why the switches could not be set.
    pub fn invalid_switch(self, invalid: InvalidSwitch) -> &'static str {
        match (self, invalid) {
            (Lang::Fr, InvalidSwitch::MissingReason) => {
                "Indiquez un motif : il est affiché à tout l’établissement."
            }
            (Lang::Fr, InvalidSwitch::ReasonTooLong) => {
                "Le motif est trop long (300 caractères au plus, sur une ligne)."
            }
            (Lang::En, InvalidSwitch::MissingReason) => {
                "Give a reason: it is shown to the whole school."
            }
            (Lang::En, InvalidSwitch::ReasonTooLong) => {
                "The reason is too long (300 characters at most, on one line)."
            }
        }
    }

    /// Why a policy cannot be saved.
    pub fn invalid_policy(self, invalid: &InvalidPolicy) -> String {
        let t = self.text();
        match (self, invalid) {
            (Lang::Fr, InvalidPolicy::PeoplePerMessage) => {
                "Le nombre de destinataires par message doit être compris entre 1 et 10.".to_owned()
            }
            (Lang::Fr, InvalidPolicy::Limit(role)) => format!(
                "{} : les limites d’envoi doivent être comprises entre 1 et 100 000.",
                t.role(*role)
            ),
            (Lang::Fr, InvalidPolicy::Hours(role)) => format!(
                "{} : l’heure d’ouverture de l’envoi doit précéder l’heure de fermeture.",
                t.role(*role)
            ),
            (Lang::Fr, InvalidPolicy::TimeZone(zone)) => {
                format!("Fuseau horaire inconnu : {zone}.")
            }
            (Lang::En, InvalidPolicy::PeoplePerMessage) => {
                "People per message must be between 1 and 10.".to_owned()
            }
            (Lang::En, InvalidPolicy::Limit(role)) => format!(
                "{}: sending limits must be between 1 and 100,000.",
                t.role(*role)
            ),
            (Lang::En, InvalidPolicy::Hours(role)) => {
                format!("{}: sending must open before it closes.", t.role(*role))
            }
            (Lang::En, InvalidPolicy::TimeZone(zone)) => format!("Unknown time zone: {zone}."),
        }
    }

    /// A policy field that is not a whole number, or not a time.
    pub fn not_a_value(self, field: &str, time: bool) -> String {
        match (self, time) {
            (Lang::Fr, false) => format!("« {field} » doit être un nombre entier."),
            (Lang::Fr, true) => format!("« {field} » doit être une heure, comme 07:30."),
            (Lang::En, false) => format!("“{field}” must be a whole number."),
            (Lang::En, true) => format!("“{field}” must be a time, such as 07:30."),
        }
    }

    /// A file's size, rounded: "12 Ko", "3,4 Mo".
    pub fn file_size(self, bytes: i64) -> String {
        let (kilo, mega) = match self {
            Lang::Fr => ("Ko", "Mo"),
            Lang::En => ("KB", "MB"),
        };
        if bytes < 1024 * 1024 {
            format!("{} {kilo}", (bytes + 1023) / 1024)
        } else {
            let tenths = bytes * 10 / (1024 * 1024);
            let text = format!("{}.{}", tenths / 10, tenths % 10);
            let text = if self == Lang::Fr {
                text.replace('.', ",")
            } else {
                text
            };
            format!("{text} {mega}")
        }
    }
}

/// An unread count as shown: the store counts up to its cap, which reads "99+".
fn unread_figure(n: i64) -> String {
    if n >= UNREAD_COUNT_CAP {
        format!("{UNREAD_COUNT_CAP}+")
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_agree_in_both_languages() {
        assert_eq!(Lang::Fr.unread(1), "1 non lu");
        assert_eq!(Lang::Fr.unread(4), "4 non lus");
        assert_eq!(Lang::Fr.unread(99), "99+ non lus");
        assert_eq!(Lang::En.unread_messages(99), "99+ unread messages.");
        assert_eq!(Lang::Fr.unread_messages(98), "98 messages non lus.");
        assert_eq!(Lang::En.delivered_to(1), "Message delivered to 1 person.");
        assert_eq!(Lang::Fr.delivered_to(3), "Message remis à 3 personnes.");
        assert_eq!(Lang::Fr.file_size(1500), "2 Ko");
        assert_eq!(Lang::Fr.file_size(3 * 1024 * 1024 + 400_000), "3,3 Mo");
        assert_eq!(Lang::En.file_size(3 * 1024 * 1024 + 400_000), "3.3 MB");
    }

    #[test]
    fn every_refusal_is_explained_in_both_languages() {
        for refusal in [
            Refusal::Unknown,
            Refusal::NotAContact,
            Refusal::ClassmatesClosed,
            Refusal::Collective,
            Refusal::SchoolWide,
            Refusal::TooManyPeople,
            Refusal::NewDevice,
            Refusal::NoRecipient,
        ] {
            assert_ne!(Lang::Fr.refusal(refusal), Lang::En.refusal(refusal));
        }
        let invalid = InvalidPolicy::Limit(cartable_core::Role::Pupil);
        assert!(Lang::Fr.invalid_policy(&invalid).starts_with("Élève"));
    }
}
