//! What a word says *around* an act of violence: who, when, in whose voice, in what context.
//!
//! A word of violence alone decides little: "bombe" is a threat in "une bombe va exploser dans
//! la cour demain" and praise in "ton exposé était une bombe". The words around it decide, and
//! each such word carries one or more [`Tags`]. The tags fall into four groups:
//! - **threat context**: targets (the school's places, its people, "vous", "toi"), times,
//!   intent (future, first person, bringing something), ultimatums, extremist references;
//! - **grammar** that changes what a violent word means: past auxiliaries, copulas, negation,
//!   self-objects ("me", "nous"), figurative complements ("mort *de rire*");
//! - **defusing topics**: history, fiction, science, drills, computing, sport, rules, news;
//! - **tone**: jokes and laughter.

use std::ops::BitOr;

/// A set of tags, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Tags(u64);

impl Tags {
    /// No tag.
    pub const NONE: Tags = Tags(0);
    /// A place of the school: école, cour, cantine, gymnase, school, cafeteria…
    pub const PLACE: Tags = Tags(1);
    /// Many people at once: vous, tous, les élèves, la classe, tout le monde, everyone…
    pub const GROUP: Tags = Tags(1 << 1);
    /// Someone of the school's staff: prof, principal, CPE, surveillant, teacher…
    pub const STAFF: Tags = Tags(1 << 2);
    /// One person addressed: te, toi, tu, you.
    pub const SINGLE: Tags = Tags(1 << 3);
    /// A time: demain, lundi, à 11h, ce soir, tomorrow…
    pub const TIME: Tags = Tags(1 << 4);
    /// The future or a plan: va, vais, allons, sera, il y aura, prévu, will, gonna…
    pub const FUTURE: Tags = Tags(1 << 5);
    /// The sender speaking: je, j', nous, on, I, we.
    pub const FIRST: Tags = Tags(1 << 6);
    /// Bringing or placing something: ramener, apporter, venir avec, caché, posé, bring…
    pub const CARRY: Tags = Tags(1 << 7);
    /// An ultimatum or a warning to flee: évacuez, fuyez, priez, "dernier jour"…
    pub const ULTIMATUM: Tags = Tags(1 << 8);
    /// An extremist cry or a reference to murdered teachers used as a menace.
    pub const EXTREMIST: Tags = Tags(1 << 9);
    /// "Ce n'est pas un exercice", "je rigole pas": the sender insists it is real.
    pub const INSISTS: Tags = Tags(1 << 10);
    /// A past auxiliary (a, ont, avait, est…): a participle after it tells what happened.
    pub const AUX: Tags = Tags(1 << 11);
    /// A present or past copula (est, était, c'est): "c'était une bombe" is praise.
    pub const COPULA: Tags = Tags(1 << 12);
    /// A negation: pas, aucun, not, no.
    pub const NEGATION: Tags = Tags(1 << 13);
    /// The sender as the object: "ma mère va *me* tuer", "le prof va *nous* tuer".
    pub const SELF: Tags = Tags(1 << 14);
    /// "de", "d'": "mort *de* rire".
    pub const OF: Tags = Tags(1 << 15);
    /// A figurative complement: rire, honte, faim, ennui…
    pub const FIGURATIVE: Tags = Tags(1 << 16);
    /// A thing that can be "killed" or "blown up" harmlessly: contrôle, match, record, jeu…
    pub const THING: Tags = Tags(1 << 17);
    /// A word that makes a following subject name a target: "la prof *de* SVT".
    pub const LESSON_FRAME: Tags = Tags(1 << 18);
    /// History, remembrance, the past: histoire, guerre, hommage, 1945…
    pub const HISTORY: Tags = Tags(1 << 19);
    /// Books, films, series, theatre, games.
    pub const FICTION: Tags = Tags(1 << 20);
    /// Sciences: chimie, volcan, réaction, expérience…
    pub const SCIENCE: Tags = Tags(1 << 21);
    /// Safety drills and instructions: exercice, PPMS, consignes, "en cas de"…
    pub const DRILL: Tags = Tags(1 << 22);
    /// Computing: processus, commande, script…
    pub const COMPUTING: Tags = Tags(1 << 23);
    /// Sport and games people win: match, foot, tournoi, équipe…
    pub const SPORT: Tags = Tags(1 << 24);
    /// Rules and prevention: interdit, règlement, sensibilisation…
    pub const RULES: Tags = Tags(1 << 25);
    /// News, reports and hoaxes: aux infos, fausse alerte, "on a reçu", police prévenue…
    pub const NEWS: Tags = Tags(1 << 26);
    /// Laughter and jokes: mdr, ptdr, lol, 😂, "je rigole".
    pub const HUMOUR: Tags = Tags(1 << 27);
    /// A comparison: comme, like ("comme Samuel Paty").
    pub const LIKE: Tags = Tags(1 << 28);
    /// Schoolwork, a subject taught: SVT, histoire, chimie when it names a lesson.
    pub const SUBJECT: Tags = Tags(1 << 29);
    /// The past: hier, last week… a report of what happened, not a plan.
    pub const PAST: Tags = Tags(1 << 30);
    /// A menace that names no act: "vous allez payer", "ce qui va vous arriver".
    pub const MENACE: Tags = Tags(1 << 31);
    /// Schoolwork about a subject: exposé, leçon, débat, fiche, révisions…
    pub const STUDY: Tags = Tags(1 << 32);

    /// Every defusing topic: a message about one of these is not a threat by default.
    pub const TOPICS: Tags = Tags(
        Self::HISTORY.0
            | Self::FICTION.0
            | Self::SCIENCE.0
            | Self::DRILL.0
            | Self::COMPUTING.0
            | Self::SPORT.0
            | Self::RULES.0
            | Self::NEWS.0
            | Self::STUDY.0,
    );
    /// Every kind of target.
    pub const TARGETS: Tags = Tags(Self::PLACE.0 | Self::GROUP.0 | Self::STAFF.0 | Self::SINGLE.0);

    /// Both sets (usable in constants, unlike `|`).
    pub const fn union(self, other: Tags) -> Tags {
        Tags(self.0 | other.0)
    }

    /// The tags in both sets.
    pub const fn intersect(self, other: Tags) -> Tags {
        Tags(self.0 & other.0)
    }

    /// Whether any tag of `other` is in `self`.
    pub fn any(self, other: Tags) -> bool {
        self.0 & other.0 != 0
    }

    /// `self` without the tags of `other`.
    pub fn without(self, other: Tags) -> Tags {
        Tags(self.0 & !other.0)
    }

    /// Whether no tag is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl BitOr for Tags {
    type Output = Tags;
    fn bitor(self, other: Tags) -> Tags {
        Tags(self.0 | other.0)
    }
}

impl std::ops::BitOrAssign for Tags {
    fn bitor_assign(&mut self, other: Tags) {
        self.0 |= other.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_combine_and_query() {
        let tags = Tags::PLACE | Tags::TIME;
        assert!(tags.any(Tags::TARGETS));
        assert!(!tags.any(Tags::TOPICS));
        assert_eq!(tags.without(Tags::PLACE), Tags::TIME);
        assert!(Tags::NONE.is_empty());
        assert!(Tags::TOPICS.any(Tags::DRILL));
    }
}
