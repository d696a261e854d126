//! The news the demo's schools published over the last school days: the head's to the
//! whole school, one a day, and a teacher's to each class. Which piece a day brings is drawn
//! from the day itself, so the same day always reads the same.

use super::week::{day_number, DemoWeek};
use cartable_core::continuity::SchoolDate;
use cartable_core::Timestamp;

/// How many school days back the head's news reaches.
const SCHOOL_NEWS_DAYS: usize = 3;

/// A piece of news to publish.
pub(super) struct PlannedNews {
    /// Its title.
    pub title: &'static str,
    /// Its text.
    pub body: String,
    /// When it was published.
    pub at: Timestamp,
}

/// The head's news of the last school days, latest first.
pub(super) fn school_news(days: &DemoWeek, lycee: bool) -> Vec<PlannedNews> {
    let list = if lycee { LYCEE } else { COLLEGE };
    days.days_before(SCHOOL_NEWS_DAYS)
        .into_iter()
        .filter_map(|day| {
            let (title, body) = pick(list, day, 0)?;
            Some(PlannedNews {
                title,
                body: body.to_owned(),
                at: days.instant(day, 7 * 60 + 50),
            })
        })
        .collect()
}

/// A class's news, by the teacher of one of its `subjects`: that subject and the news.
/// `index` is the class's place in its school.
pub(super) fn class_news<'a>(
    days: &DemoWeek,
    class: &str,
    subjects: &[&'a str],
    index: usize,
) -> Option<(&'a str, PlannedNews)> {
    let past = days.days_before(SCHOOL_NEWS_DAYS);
    let day = *past.get(index % past.len().max(1))?;
    let fitting: Vec<(&'a str, &'static str, &'static str)> = CLASS
        .iter()
        .filter_map(|&(subject, title, body)| {
            let taught = subjects.iter().find(|s| **s == subject)?;
            Some((*taught, title, body))
        })
        .collect();
    let (subject, title, body) = pick(&fitting, day, index)?;
    // Between 8:30 and 17:30, so the classes' news do not all bear the same time.
    let minutes = 8 * 60 + 30 + (index as i64 * 47) % (9 * 60);
    Some((
        subject,
        PlannedNews {
            title,
            body: body.replace("{classe}", class),
            at: days.instant(day, minutes),
        },
    ))
}

/// The item of `list` for `day`, shifted by `offset`.
fn pick<T: Copy>(list: &[T], day: SchoolDate, offset: usize) -> Option<T> {
    let at = (day_number(day) + offset as i64).rem_euclid(list.len().max(1) as i64);
    list.get(usize::try_from(at).ok()?).copied()
}

const COLLEGE: &[(&str, &str)] = &[
    (
        "Photos de classe",
        "Le photographe passera dans les classes jeudi matin. Les bons de commande seront \
         distribués par les professeurs principaux et sont à rendre avant les vacances.",
    ),
    (
        "Exercice d'évacuation incendie",
        "Un exercice d'évacuation aura lieu cette semaine. Les élèves suivent les consignes \
         de leur professeur et se rassemblent sur le plateau sportif, par classe.",
    ),
    (
        "Rencontres parents-professeurs",
        "Les rencontres parents-professeurs des classes de 6e et de 5e auront lieu jeudi \
         prochain de 17 h à 20 h. Les rendez-vous se prennent auprès des professeurs par la \
         messagerie de Cartable.",
    ),
    (
        "Collecte pour la Banque alimentaire",
        "Le conseil de vie collégienne organise une collecte de denrées non périssables \
         jusqu'à vendredi. Les dons sont à déposer au CDI.",
    ),
    (
        "Cantine : menu de Noël",
        "Le repas de Noël sera servi jeudi midi. Les élèves externes qui souhaitent y \
         participer s'inscrivent à l'intendance avant lundi.",
    ),
    (
        "Élection des délégués",
        "Les élections des délégués de classe se dérouleront la semaine prochaine pendant \
         l'heure de vie de classe. Les candidats se font connaître auprès de leur professeur \
         principal.",
    ),
];

const LYCEE: &[(&str, &str)] = &[
    (
        "Bac blanc de français",
        "Les épreuves anticipées blanches de français des classes de première auront lieu \
         mercredi matin de 8 h à 12 h, salles de la vie scolaire. Les convocations sont \
         distribuées par les professeurs principaux.",
    ),
    (
        "Journée portes ouvertes",
        "Le lycée ouvrira ses portes samedi de 9 h à 13 h. Les élèves volontaires pour \
         présenter les enseignements de spécialité s'inscrivent à la vie scolaire.",
    ),
    (
        "Parcoursup : réunion d'information",
        "Une réunion d'information sur Parcoursup destinée aux élèves de terminale et à \
         leurs familles aura lieu mardi à 18 h au CDI.",
    ),
    (
        "Exercice d'évacuation incendie",
        "Un exercice d'évacuation aura lieu cette semaine. Les élèves suivent les consignes \
         de leur professeur et se rassemblent dans la cour, par classe.",
    ),
    (
        "Maison des lycéens",
        "L'assemblée générale de la Maison des lycéens se tiendra vendredi à 12 h 30. Tous \
         les élèves adhérents sont invités à venir voter le programme de l'année.",
    ),
    (
        "Semaine de la presse",
        "Le CDI accueille cette semaine une journaliste de la presse régionale. Les classes \
         inscrites recevront leur horaire de passage par leur professeur documentaliste.",
    ),
];

/// Class news by subject: (subject, title, body); `{classe}` is the class's name.
const CLASS: &[(&str, &str, &str)] = &[
    (
        "Histoire-géographie",
        "Sortie aux Archives départementales",
        "La classe de {classe} se rendra aux Archives départementales mardi prochain. \
         Départ à 8 h 15 devant l'établissement, retour pour 12 h. L'autorisation de sortie \
         est à rendre signée avant vendredi.",
    ),
    (
        "Français",
        "Rencontre avec une autrice",
        "Les élèves de {classe} rencontreront une autrice de romans jeunesse au CDI jeudi. \
         Merci de finir la lecture de son roman d'ici là.",
    ),
    (
        "Mathématiques",
        "Concours Kangourou",
        "Les inscriptions au concours Kangourou des mathématiques sont ouvertes pour la \
         classe de {classe}. Participation de 4 € à remettre au professeur avant la fin du \
         mois.",
    ),
    (
        "SVT",
        "Sortie nature",
        "La sortie en forêt de la classe de {classe} est confirmée : prévoir des chaussures \
         de marche, un vêtement de pluie et un pique-nique.",
    ),
    (
        "Anglais",
        "Échange avec nos correspondants",
        "Les lettres de nos correspondants anglais sont arrivées ! Les élèves de {classe} \
         les découvriront au prochain cours et prépareront leur réponse.",
    ),
    (
        "EPS",
        "Cross de l'établissement",
        "Le cross aura lieu vendredi après-midi au stade. Les élèves de {classe} viennent \
         en tenue de sport ; les parents bénévoles pour l'encadrement sont les bienvenus.",
    ),
    (
        "Physique-chimie",
        "Fête de la science",
        "La classe de {classe} visitera le village des sciences mercredi matin. Retour \
         prévu à 12 h devant l'établissement.",
    ),
    (
        "Philosophie",
        "Conférence au lycée",
        "Un professeur de l'université donnera une conférence sur la liberté jeudi de 14 h \
         à 16 h. Présence obligatoire pour les élèves de {classe}.",
    ),
];
