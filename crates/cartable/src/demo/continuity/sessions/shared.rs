//! The class log of the subjects taught the same way in collège and lycée: languages, arts,
//! sport, and the lycée's own subjects.

use super::{s, Session};

pub(super) const ANGLAIS: &[Session] = &[
    s(
        "Unit 3: A day in London",
        "Listening: a tour of London. New words: landmarks and directions. Pair work: \
         asking the way.",
        "Learn the vocabulary list p. 38. Workbook ex. 1 and 2 p. 20.",
    ),
    s(
        "Grammar: the past simple",
        "Regular and irregular verbs; negative and interrogative forms. Oral practice: \
         what did you do last weekend?",
        "Learn the irregular verbs 1 to 20. Exercise 4 p. 41.",
    ),
    s(
        "Reading: a letter from Bristol",
        "Reading comprehension in groups. Vocabulary of feelings.",
        "Answer questions 1 to 5 p. 43 in full sentences.",
    ),
    s(
        "Speaking: my favourite place",
        "Preparing a short oral presentation: notes, useful phrases, pronunciation.",
        "Prepare your presentation (1 minute) — you may be asked next lesson.",
    ),
    s(
        "Writing: a postcard",
        "Model postcard analysed together. First draft written in class.",
        "Write your postcard (80 words).",
    ),
    s(
        "Vocabulary quiz and culture",
        "Quiz on the unit's vocabulary. Video: Bonfire Night and its history.",
        "Learn the irregular verbs 21 to 40.",
    ),
];

pub(super) const ESPAGNOL: &[Session] = &[
    s(
        "Unidad 2 : mi familia",
        "Présentation de la famille : vocabulaire et possessifs. Écoute d'un dialogue.",
        "Apprendre le vocabulaire de la famille p. 26.",
    ),
    s(
        "Gramática : ser y estar",
        "Les emplois de « ser » et « estar ». Exercices à l'oral.",
        "Exercices 2 et 3 p. 29.",
    ),
    s(
        "Comprensión oral : un día en Madrid",
        "Écoute en deux temps, prise de notes, mise en commun.",
        "Relever dans le texte p. 30 les verbes au présent.",
    ),
    s(
        "Expresión escrita",
        "Écrire un message à un correspondant : se présenter, présenter sa famille.",
        "Terminer le message (60 mots).",
    ),
];

pub(super) const ALLEMAND: &[Session] = &[
    s(
        "Lektion 2: Meine Freunde",
        "Se présenter et présenter un ami. Vocabulaire des loisirs.",
        "Apprendre le vocabulaire p. 24.",
    ),
    s(
        "Grammatik: der Akkusativ",
        "L'accusatif des articles. Exercices d'application.",
        "Exercices 1 et 2 p. 27.",
    ),
    s(
        "Hören: Ein Tag in Berlin",
        "Compréhension orale et jeu de rôle en binômes.",
        "Préparer le jeu de rôle pour le jouer devant la classe.",
    ),
    s(
        "Landeskunde: Weihnachtsmärkte",
        "Les marchés de Noël en Allemagne : vidéo et vocabulaire.",
        "",
    ),
];

pub(super) const LATIN: &[Session] = &[
    s(
        "Les déclinaisons : la première",
        "Rosa, rosae : cas et fonctions. Traduction de phrases simples.",
        "Apprendre la première déclinaison.",
    ),
    s(
        "Version : Romulus et Rémus",
        "Traduction guidée d'un extrait de Tite-Live.",
        "Terminer la traduction des lignes 5 à 8.",
    ),
    s(
        "Civilisation : la maison romaine",
        "La domus et l'insula : plan légendé et vocabulaire.",
        "Apprendre le vocabulaire de la maison.",
    ),
];

pub(super) const TECHNOLOGIE: &[Session] = &[
    s(
        "Le fonctionnement d'un objet",
        "Analyse d'un vélo à assistance électrique : fonctions, énergies, chaîne d'énergie.",
        "Compléter le schéma de la chaîne d'énergie.",
    ),
    s(
        "Programmation avec Scratch",
        "Programmer le déplacement d'un robot : boucles et conditions.",
        "",
    ),
    s(
        "Projet : la maison connectée",
        "Répartition des tâches en îlots ; cahier des charges.",
        "Apporter des idées d'objets connectés pour la maison.",
    ),
];

pub(super) const EPS: &[Session] = &[
    s(
        "Badminton : le service",
        "Échauffement, service long et service court, matchs en montante-descendante.",
        "",
    ),
    s(
        "Badminton : jeu en double",
        "Placement en double ; tournoi par équipes.",
        "",
    ),
    s(
        "Demi-fond",
        "Course de 3 × 500 m ; repérage de sa vitesse maximale aérobie.",
        "Apporter sa tenue et une bouteille d'eau.",
    ),
    s(
        "Acrosport",
        "Pyramides à trois, règles de sécurité, parade et aide.",
        "",
    ),
];

pub(super) const ARTS_PLASTIQUES: &[Session] = &[
    s(
        "Le portrait",
        "Présentation d'œuvres d'Arcimboldo ; début d'un portrait composé d'objets.",
        "Apporter des magazines à découper.",
    ),
    s(
        "Collage",
        "Suite du portrait : collage et mise en couleur.",
        "",
    ),
    s(
        "Verbalisation",
        "Présentation des travaux à la classe ; vocabulaire de la composition.",
        "",
    ),
];

pub(super) const MUSIQUE: &[Session] = &[
    s(
        "Chant : répétition",
        "Travail de la chorale de la classe ; respiration et justesse.",
        "Apprendre le premier couplet.",
    ),
    s(
        "Écoute : « Le Boléro » de Ravel",
        "Écoute active : instruments, crescendo, répétition du thème.",
        "",
    ),
    s(
        "Rythme et percussions corporelles",
        "Création d'une séquence rythmique en groupes.",
        "",
    ),
];

pub(super) const PHILOSOPHIE: &[Session] = &[
    s(
        "La conscience",
        "Descartes, le cogito : lecture de la deuxième Méditation. Définitions à retenir.",
        "Relire l'extrait et en dégager l'idée principale en trois lignes.",
    ),
    s(
        "L'inconscient",
        "Freud et l'hypothèse de l'inconscient ; objections de Sartre.",
        "Apprendre les définitions. Lire le texte de Sartre p. 64.",
    ),
    s(
        "Méthode : la dissertation",
        "Analyse du sujet « Peut-on se connaître soi-même ? » : les termes, le problème.",
        "Rédiger l'introduction de la dissertation.",
    ),
    s(
        "La liberté",
        "Liberté et déterminisme : Spinoza, lettre à Schuller.",
        "Préparer l'explication du texte de Spinoza (questions de la fiche).",
    ),
    s(
        "Explication de texte",
        "Correction de l'explication : introduction, étude ordonnée, conclusion.",
        "Reprendre son travail à partir de la correction.",
    ),
];

pub(super) const SES: &[Session] = &[
    s(
        "Comment un marché fonctionne-t-il ?",
        "Offre, demande et prix d'équilibre ; construction des courbes sur un exemple.",
        "Exercice 2 p. 35 : lire un graphique.",
    ),
    s(
        "La socialisation",
        "Famille, école, pairs : les instances de socialisation. Étude de documents.",
        "Apprendre les définitions du chapitre.",
    ),
    s(
        "Calculs et graphiques",
        "Taux de variation, coefficient multiplicateur : exercices de savoir-faire.",
        "Fiche de calculs, exercices 1 à 5.",
    ),
    s(
        "Épreuve composée",
        "Méthode de la mobilisation des connaissances et de l'étude de document.",
        "Réviser le chapitre pour le devoir.",
    ),
];

pub(super) const NSI: &[Session] = &[
    s(
        "Python : les listes",
        "Parcours de listes, listes en compréhension. Exercices sur machine.",
        "Terminer les exercices 4 à 6 du notebook.",
    ),
    s(
        "Algorithmes de tri",
        "Tri par sélection et tri par insertion ; comparaison des coûts.",
        "Écrire le tri par insertion et le tester sur trois listes.",
    ),
    s(
        "Représentation des données",
        "Entiers en binaire et en hexadécimal ; exercices de conversion.",
        "Fiche de conversions, exercices 1 à 8.",
    ),
    s(
        "Projet : le jeu de la vie",
        "Constitution des équipes et cahier des charges du projet.",
        "Écrire la fonction qui compte les voisins d'une cellule.",
    ),
    s(
        "Réseaux : le protocole TCP/IP",
        "Adresses IP, paquets, routage ; simulation avec Filius.",
        "Répondre au questionnaire sur la simulation.",
    ),
];

pub(super) const SNT: &[Session] = &[
    s(
        "Internet : adresses et paquets",
        "Comment un message traverse le réseau : adresses IP et routeurs.",
        "Répondre aux questions 1 à 4 de l'activité.",
    ),
    s(
        "Le Web : HTML et CSS",
        "Écrire une première page web ; balises et styles.",
        "Terminer la page de présentation.",
    ),
    s(
        "Les données structurées",
        "Tableurs et fichiers CSV : trier et filtrer des données ouvertes.",
        "",
    ),
];

/// For a subject the demo has no texts for.
pub(super) const OTHER: &[Session] = &[
    s(
        "Séance de cours",
        "Suite du chapitre en cours : trace écrite et exercices d'application.",
        "Relire le cours.",
    ),
    s(
        "Exercices et correction",
        "Correction des exercices ; questions des élèves.",
        "",
    ),
];
