//! What the demo's teachers write in the class log, subject by subject: a run of lessons as
//! a cahier de textes reads, each with the homework it sets for the next lesson.

mod shared;

use shared::{
    ALLEMAND, ANGLAIS, ARTS_PLASTIQUES, EPS, ESPAGNOL, LATIN, MUSIQUE, NSI, OTHER, PHILOSOPHIE,
    SES, SNT, TECHNOLOGIE,
};

/// One lesson as its teacher writes it in the class log.
pub(super) struct Session {
    /// The entry's title.
    pub title: &'static str,
    /// What was done.
    pub content: &'static str,
    /// The homework for the next lesson; empty when none is set.
    pub homework: &'static str,
}

const fn s(title: &'static str, content: &'static str, homework: &'static str) -> Session {
    Session {
        title,
        content,
        homework,
    }
}

/// The run of lessons of `subject`, at a collège or a lycée; never empty. The class log
/// walks through it one lesson after the other.
pub(super) fn sessions(subject: &str, lycee: bool) -> &'static [Session] {
    match (subject, lycee) {
        ("Mathématiques", false) => MATHS_COLLEGE,
        ("Mathématiques", true) => MATHS_LYCEE,
        ("Français", false) => FRANCAIS_COLLEGE,
        ("Français", true) => FRANCAIS_LYCEE,
        ("Histoire-géographie", false) => HISTOIRE_GEO_COLLEGE,
        ("Histoire-géographie", true) => HISTOIRE_GEO_LYCEE,
        ("SVT", false) => SVT_COLLEGE,
        ("SVT", true) => SVT_LYCEE,
        ("Physique-chimie", false) => PHYSIQUE_COLLEGE,
        ("Physique-chimie", true) => PHYSIQUE_LYCEE,
        ("Anglais", _) => ANGLAIS,
        ("Espagnol", _) => ESPAGNOL,
        ("Allemand", _) => ALLEMAND,
        ("Latin", _) => LATIN,
        ("Technologie", _) => TECHNOLOGIE,
        ("EPS", _) => EPS,
        ("Arts plastiques", _) => ARTS_PLASTIQUES,
        ("Éducation musicale", _) => MUSIQUE,
        ("Philosophie", _) => PHILOSOPHIE,
        ("SES", _) => SES,
        ("NSI", _) => NSI,
        ("SNT", _) => SNT,
        _ => OTHER,
    }
}

const MATHS_COLLEGE: &[Session] = &[
    s(
        "Fractions : comparer et ranger",
        "Activité d'introduction : le partage des parts de gâteau.\nCours : deux fractions de \
         même dénominateur se rangent comme leurs numérateurs.\nExercices 12 et 13 p. 48 \
         corrigés en classe.",
        "Exercices 15 et 16 p. 49. Revoir la propriété du cours.",
    ),
    s(
        "Fractions : additions et soustractions",
        "Correction des exercices 15 et 16.\nMéthode : mettre au même dénominateur avant \
         d'additionner. Exercices 22 à 24 p. 50 en autonomie.",
        "Finir l'exercice 24 p. 50 et faire le 27 p. 51.",
    ),
    s(
        "Problèmes et calcul mental",
        "Calcul mental (série 5). Résolution en groupes du problème « Le partage du \
         terrain », puis mise en commun des démarches.",
        "Rédiger la solution du problème sur une copie double, à rendre.",
    ),
    s(
        "Proportionnalité : tableaux",
        "Reconnaître un tableau de proportionnalité ; calculer une quatrième proportionnelle \
         (produit en croix). Trace écrite dans le cahier de leçons.",
        "Apprendre la leçon. Exercices 8 et 9 p. 112.",
    ),
    s(
        "Proportionnalité : pourcentages",
        "Appliquer un pourcentage à une quantité : soldes, recettes de cuisine, échelles.\n\
         Exercices 25 à 28 p. 116.",
        "Exercices 31 et 32 p. 117. Apporter la calculatrice.",
    ),
    s(
        "Évaluation : fractions et proportionnalité",
        "Évaluation de 40 minutes, puis correction des exercices 31 et 32.",
        "Vérifier que le cahier d'exercices est complet.",
    ),
    s(
        "Géométrie : symétrie axiale",
        "Construction du symétrique d'une figure à l'équerre et au compas, sur papier \
         quadrillé puis sur papier blanc.",
        "Terminer la figure de la fiche distribuée (le voilier).",
    ),
    s(
        "Aires et périmètres",
        "Distinguer aire et périmètre. Formules du rectangle, du triangle et du disque.\n\
         Exercices 5 à 7 p. 201.",
        "Apprendre les formules d'aires. Exercice 10 p. 202.",
    ),
];

const MATHS_LYCEE: &[Session] = &[
    s(
        "Suites numériques : définitions",
        "Suite définie de façon explicite ou par récurrence. Calcul des premiers termes à la \
         calculatrice et en Python.",
        "Exercices 14, 15 et 18 p. 22.",
    ),
    s(
        "Suites arithmétiques",
        "Correction des exercices. Raison, terme général u(n) = u(0) + nr, somme des \
         premiers entiers (démonstration faite en classe).",
        "Apprendre la démonstration de la somme 1 + 2 + … + n. Exercice 34 p. 27.",
    ),
    s(
        "Suites géométriques",
        "Reconnaître une suite géométrique ; l'exemple des intérêts composés. Exercices 41 \
         et 42 en classe.",
        "Exercices 45 et 47 p. 29.",
    ),
    s(
        "Interrogation et algorithmique",
        "Interrogation écrite de 20 minutes sur les suites.\nProgramme Python qui cherche le \
         premier terme dépassant un seuil.",
        "Terminer le programme et le déposer dans le dossier de la classe.",
    ),
    s(
        "Second degré : forme canonique",
        "Forme canonique d'un trinôme, lien avec le sommet de la parabole. Exercices \
         d'application en binômes.",
        "Fiche d'exercices n° 3, exercices 1 à 4.",
    ),
    s(
        "Second degré : discriminant",
        "Discriminant et résolution des équations du second degré ; signe du trinôme. \
         Exemples traités au tableau.",
        "Exercices 52 à 55 p. 71. Revoir le cours pour l'interrogation.",
    ),
    s(
        "Dérivation : nombre dérivé",
        "Taux de variation, tangente à une courbe, nombre dérivé. Lecture graphique avec \
         GeoGebra.",
        "Exercices 8 à 11 p. 96.",
    ),
];

const FRANCAIS_COLLEGE: &[Session] = &[
    s(
        "Le conte : « La Barbe bleue »",
        "Lecture à voix haute du conte de Perrault. Repérage des étapes du schéma narratif. \
         Questions 1 à 5 traitées à l'oral.",
        "Relire le conte et répondre par écrit aux questions 6 à 8 p. 34.",
    ),
    s(
        "Le conte : les personnages",
        "Les personnages et leur rôle (héros, opposant, adjuvant) : tableau complété \
         ensemble. Correction des questions 6 à 8.",
        "Apprendre la leçon sur les personnages du conte.",
    ),
    s(
        "Grammaire : le passé simple",
        "Valeurs du passé simple et de l'imparfait dans le récit. Conjugaison des verbes du \
         1er et du 2e groupe.",
        "Apprendre le passé simple de « être », « avoir », « aller » et « finir ». \
         Exercices 3 et 4 p. 256.",
    ),
    s(
        "Orthographe : dictée préparée",
        "Dictée préparée d'un extrait de « Cendrillon ». Correction collective des accords \
         dans le groupe nominal.",
        "Revoir les mots de la liste 4 pour la dictée.",
    ),
    s(
        "Écrire la suite d'un conte",
        "Consignes de la rédaction : vingt lignes au passé, en respectant le schéma \
         narratif. Brouillon commencé en classe.",
        "Terminer le brouillon de la rédaction.",
    ),
    s(
        "Lecture cursive",
        "Présentation des romans de la lecture cursive ; chaque élève en choisit un au CDI.",
        "Lire les trois premiers chapitres du roman choisi.",
    ),
    s(
        "Vocabulaire : le merveilleux",
        "Le champ lexical du merveilleux ; préfixes et suffixes. Exercices en binômes.",
        "Exercices 5 et 6 p. 212. Apporter le roman de lecture cursive.",
    ),
];

const FRANCAIS_LYCEE: &[Session] = &[
    s(
        "La poésie du XIXe siècle",
        "Lecture de « Demain, dès l'aube » de Victor Hugo : premières impressions, puis \
         progression du poème.",
        "Apprendre le poème pour la récitation.",
    ),
    s(
        "Explication linéaire : « Demain, dès l'aube »",
        "Explication linéaire menée en classe : le rythme, le lexique du chemin, la chute. \
         Prise de notes guidée.",
        "Mettre l'explication au propre et relire la fiche méthode.",
    ),
    s(
        "Baudelaire, « Les Fleurs du mal »",
        "Lecture de « L'Albatros » : le poète et la foule. Travail en groupes sur les \
         figures de style.",
        "Répondre aux questions 1 à 4 sur « Correspondances ».",
    ),
    s(
        "Méthode du commentaire",
        "Construire un plan de commentaire à partir des axes de lecture. Une introduction \
         rédigée ensemble au tableau.",
        "Rédiger l'introduction du commentaire de « Correspondances ».",
    ),
    s(
        "Grammaire : l'interrogation",
        "Interrogation totale et partielle, directe et indirecte. Exercices d'analyse sur \
         des vers du recueil.",
        "Exercices 2 à 5 de la fiche de grammaire.",
    ),
    s(
        "Dissertation : la problématique",
        "Analyser un sujet, formuler une problématique. Travail sur « La poésie doit-elle \
         être engagée ? ».",
        "Chercher trois exemples précis dans le recueil étudié.",
    ),
    s(
        "Présentations orales",
        "Présentation orale de deux élèves sur un poème de leur choix ; reprise des \
         critères de l'oral.",
        "Préparer sa présentation orale (5 minutes).",
    ),
];

const HISTOIRE_GEO_COLLEGE: &[Session] = &[
    s(
        "Rome, du mythe à l'histoire",
        "La fondation de Rome racontée par Tite-Live ; ce que disent les fouilles. Frise \
         chronologique collée dans le cahier.",
        "Apprendre les repères de la frise. Questions 1 à 3 du document 2 p. 84.",
    ),
    s(
        "La vie dans une cité de l'Empire",
        "Étude de Nîmes à l'époque romaine : monuments et vie quotidienne. Croquis commencé \
         en classe.",
        "Terminer le croquis et sa légende.",
    ),
    s(
        "Géographie : habiter une métropole",
        "Étude de cas : Lagos. Croissance de la ville, quartiers riches et bidonvilles. \
         Lecture de photographies.",
        "Apprendre le vocabulaire : métropole, étalement urbain, bidonville.",
    ),
    s(
        "Géographie : la ville de demain",
        "Les écoquartiers, l'exemple de Fribourg. Tableau de comparaison complété en binômes.",
        "Réviser les deux études de cas pour l'évaluation.",
    ),
    s(
        "Évaluation et correction",
        "Évaluation de 30 minutes sur les métropoles, puis correction en classe.",
        "Lire le document d'introduction du chapitre suivant p. 102.",
    ),
    s(
        "Enseignement moral et civique : les droits de l'enfant",
        "La Convention internationale des droits de l'enfant : lecture d'articles et débat \
         réglé.",
        "Choisir un article de la Convention et l'illustrer en quelques lignes.",
    ),
];

const HISTOIRE_GEO_LYCEE: &[Session] = &[
    s(
        "La Révolution française : 1789",
        "Les états généraux, le serment du Jeu de paume, la prise de la Bastille. Étude de \
         la Déclaration des droits de l'homme et du citoyen.",
        "Apprendre les dates clés de 1789. Analyse du document 3 p. 142.",
    ),
    s(
        "La Révolution française : la République",
        "1792 : la chute de la monarchie et la naissance de la République. La Terreur : \
         débat historiographique.",
        "Préparer une fiche de révision du chapitre.",
    ),
    s(
        "Géographie : les mobilités",
        "Les flux de travailleurs transfrontaliers : l'exemple du Luxembourg. Réalisation \
         d'un schéma.",
        "Compléter le schéma et sa légende.",
    ),
    s(
        "Méthode : l'analyse de document",
        "Présenter un document, en dégager le sens, le critiquer. Exercice guidé sur une \
         carte des migrations.",
        "Rédiger l'analyse de la carte p. 218 (une page).",
    ),
    s(
        "Géographie : l'environnement",
        "Ressources et risques : l'eau dans le bassin du Nil. Travail en groupes sur \
         dossier documentaire.",
        "Réviser le chapitre pour le devoir sur table.",
    ),
    s(
        "Devoir sur table",
        "Devoir de deux heures : composition sur la Révolution française.",
        "Lire l'introduction du chapitre sur l'Empire p. 160.",
    ),
];

const SVT_COLLEGE: &[Session] = &[
    s(
        "La cellule, unité du vivant",
        "Observation au microscope de cellules d'épiderme d'oignon. Dessin d'observation \
         légendé.",
        "Apprendre les règles du dessin d'observation.",
    ),
    s(
        "La respiration des êtres vivants",
        "Expérience : mise en évidence du dioxyde de carbone rejeté, avec l'eau de chaux.",
        "Rédiger le compte rendu de l'expérience (hypothèse, protocole, résultat).",
    ),
    s(
        "Les besoins des végétaux",
        "Lecture des résultats de l'expérience de germination lancée la semaine dernière. \
         Bilan dans le cahier.",
        "Apprendre le bilan. Exercice 3 p. 57.",
    ),
    s(
        "Le sol, un milieu de vie",
        "Tri des petites bêtes du sol avec l'appareil de Berlese ; utilisation d'une clé de \
         détermination.",
        "Réviser le chapitre pour l'évaluation.",
    ),
    s(
        "Évaluation : respiration et nutrition",
        "Évaluation de 30 minutes, puis début du chapitre sur les écosystèmes.",
        "",
    ),
];

const SVT_LYCEE: &[Session] = &[
    s(
        "L'ADN, support de l'information génétique",
        "Structure de l'ADN ; extraction d'ADN de kiwi en travaux pratiques.",
        "Apprendre le schéma de la double hélice.",
    ),
    s(
        "La division cellulaire",
        "La mitose observée au microscope sur une racine d'ail. Identification des phases.",
        "Exercice 4 p. 47 : retrouver l'ordre des photographies.",
    ),
    s(
        "Les mutations",
        "Origine et conséquences des mutations ; l'exemple de la drépanocytose, étudié avec \
         le logiciel Anagène.",
        "Rédiger la synthèse de l'activité Anagène.",
    ),
    s(
        "Écosystèmes et services",
        "Les services rendus par les écosystèmes ; l'exemple de la pollinisation. Exposés \
         en groupes préparés en classe.",
        "Finir le diaporama de l'exposé.",
    ),
    s(
        "Exposés et bilan",
        "Passage des groupes 1 à 4. Bilan du chapitre.",
        "Réviser le chapitre pour l'évaluation.",
    ),
];

const PHYSIQUE_COLLEGE: &[Session] = &[
    s(
        "Les états de la matière",
        "Solide, liquide, gaz : propriétés observées sur des exemples. Les changements \
         d'état et leur vocabulaire.",
        "Apprendre le schéma des changements d'état.",
    ),
    s(
        "La fusion de la glace",
        "Mesure de la température de la glace qui fond, toutes les minutes. Tracé de la \
         courbe sur papier millimétré.",
        "Terminer la courbe et répondre aux questions de la fiche.",
    ),
    s(
        "Masse et volume",
        "Mesure de la masse d'un litre d'eau ; la masse se conserve lors d'un changement \
         d'état.",
        "Exercices 6 et 7 p. 33.",
    ),
    s(
        "Le circuit électrique",
        "Réalisation de circuits en série et en dérivation ; schématisation normalisée.",
        "Apprendre les symboles des dipôles.",
    ),
];

const PHYSIQUE_LYCEE: &[Session] = &[
    s(
        "Solutions aqueuses : concentration",
        "Concentration en masse ; préparation d'une solution par dissolution en travaux \
         pratiques.",
        "Exercices 12 et 15 p. 58.",
    ),
    s(
        "La dilution",
        "Protocole de dilution, verrerie de précision. Préparation d'une gamme de solutions.",
        "Rédiger le protocole de dilution au propre.",
    ),
    s(
        "Mouvement et vitesse",
        "Référentiel, trajectoire, vitesse moyenne. Étude d'une chronophotographie.",
        "Exercices 5 à 8 p. 201.",
    ),
    s(
        "Les forces",
        "Modéliser une action par une force ; le principe d'inertie. Exercices en binômes.",
        "Apprendre le cours. Exercice 22 p. 226.",
    ),
    s(
        "Interrogation et signaux sonores",
        "Interrogation de 20 minutes sur les forces. Mesure de la période d'un son à \
         l'oscilloscope.",
        "Compléter le compte rendu de la mesure.",
    ),
];
