//! Expressions whose meaning is not the sum of their words.
//!
//! "faire sauter le lycée" is an explosion though neither "faire" nor "sauter" is violent;
//! "tirer sur la classe" is a shooting while "tirer au sort" is a draw; "ce n'est pas un
//! exercice" *cancels* the drill that "exercice" would suggest; "bombe de peinture" is a
//! spray can. Each [`PHRASES`] entry is a pattern of folded words and what the whole means.
//! When a pattern matches, its words lose their own meanings and the first word carries the
//! phrase's (so the reasons quote the whole expression).
//!
//! Pattern syntax: words separated by spaces; `a|b` matches either; `*` skips zero to two
//! words ("faire * sauter" matches "faire sauter" and "faire tout sauter").

use super::act::{Act, Family, Form};
use super::normalise::fold;
use super::tags::Tags;
use std::sync::LazyLock;

use Family::*;

/// What a whole expression means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meaning {
    /// The violence it names, if any.
    pub act: Option<Act>,
    /// Its context tags.
    pub tags: Tags,
}

const fn act(act: Act, tags: Tags) -> Meaning {
    Meaning {
        act: Some(act),
        tags,
    }
}

const fn tags(tags: Tags) -> Meaning {
    Meaning { act: None, tags }
}

const fn verb(family: Family, strength: u8) -> Act {
    Act::noun(family, strength).with_form(Form::Verb)
}

const fn future(family: Family, strength: u8) -> Act {
    Act::noun(family, strength).with_form(Form::Future)
}

const fn participle(family: Family, strength: u8) -> Act {
    Act::noun(family, strength).with_form(Form::Participle)
}

/// Every expression, most specific first: a word taken by one phrase is not matched again.
pub const PHRASES: &[(&str, Meaning)] = &[
    // Harmless expressions containing a violent word: matched first so they win.
    ("kill 9", tags(Tags::COMPUTING)),
    ("tuer|tue tuez le|un temps|processus|process|programme", tags(Tags::COMPUTING)),
    ("tue l amour", tags(Tags::NONE)),
    ("mise|mises a l abri", tags(Tags::DRILL)),
    ("attentat|attentats intrusion|intrusions", tags(Tags::DRILL)),
    ("urgence|risque|alerte|alertes attentat|attentats|intrusion", tags(Tags::DRILL)),
    (
        "en cas d|de|du attaque|attentat|alerte|urgence|intrusion|incendie|agression|danger|menace|explosion",
        tags(Tags::DRILL),
    ),
    ("en cas d|de|du", tags(Tags::DRILL)),
    ("alarme|alerte|exercice incendie|incendies", tags(Tags::DRILL)),
    ("fausse|fausses alerte|alertes|menace|menaces", tags(Tags::NEWS)),
    ("minute|minutes de silence", tags(Tags::HISTORY)),
    ("suite a|au|aux", tags(Tags::NEWS)),
    ("av j c", tags(Tags::HISTORY)),
    ("failli|faillit mourir|tuer|crever|exploser|y", tags(Tags::PAST)),
    ("rafale|rafales de vent", tags(Tags::NONE)),
    (
        "votre|vos|ton|ta|leur dernier|derniere|derniers|dernieres jour|jours|semaine|heure|heures de|d|avant|du",
        tags(Tags::NONE),
    ),
    ("jeu|jeux video|videos", tags(Tags::FICTION)),
    ("loup|loups garou|garous", tags(Tags::FICTION)),
    ("mort|morte|morts de chez mort|morte|morts", tags(Tags::HUMOUR)),
    ("plus serieusement", tags(Tags::HUMOUR)),
    ("pique nique|niques", tags(Tags::NONE)),
    ("il|y y|avait|a eu", tags(Tags::PAST)),
    ("call of duty", tags(Tags::FICTION)),
    ("among us", tags(Tags::FICTION)),
    ("squid game", tags(Tags::FICTION)),
    ("john wick", tags(Tags::FICTION)),
    ("die hard", tags(Tags::FICTION)),
    ("laser|escape game", tags(Tags::SPORT)),
    ("shoot|shoots|shooting|shot * hoops|hoop|baskets|penalty|penalties", tags(Tags::SPORT)),
    ("extincteur|extincteurs", tags(Tags::DRILL)),
    (
        "eteindre|eteint|eteins|eteignez|eteignons|eteindra un|le|les|l|des feu|feux|incendie|incendies|flammes",
        tags(Tags::DRILL),
    ),
    (
        "exercice|exercices attentat|attentats|intrusion|incendie|evacuation|confinement",
        tags(Tags::DRILL),
    ),
    // "je vais exploser si j'ai pas mon téléphone": the sender bursting with anger.
    ("vais|jvais|vai|jvai exploser|peter|craquer si", tags(Tags::NONE)),
    ("feu|feux d artifice|artifices", tags(Tags::SCIENCE)),
    ("tir|tirs a l arc", tags(Tags::SPORT)),
    ("tir|tirs au but|buts", tags(Tags::SPORT)),
    (
        "tirer|tire|tires|tirez|tiree|tirent|tirage|tirons|tirera|tirait au|les|la|un|le sort|cheveux|langue|trait|profit|parti|conclusion|conclusions|chasse|alarme|ficelles|oreilles|oreille",
        tags(Tags::NONE),
    ),
    ("balle aux prisonniers", tags(Tags::SPORT)),
    ("de la balle", tags(Tags::NONE)),
    ("balle|balles de|au foot|basket|tennis|match|ping", tags(Tags::SPORT)),
    ("prise|prises de sang", tags(Tags::NONE)),
    ("don|dons du sang", tags(Tags::NONE)),
    ("pistolet|pistolets a eau|colle|peinture|bille|billes", tags(Tags::THING)),
    (
        "bombe|bombes a|de|d eau|peinture|deo|deodorant|laque|chantilly|creme|bain|graffiti|tag|mousse|spray|insecticide",
        tags(Tags::THING),
    ),
    ("bombe|bombes lacrymo|lacrymogene|lacrymogenes|calorimetrique|insecticide", tags(Tags::THING)),
    ("bath|photo bomb|bombs", tags(Tags::THING)),
    ("bombe|bombes atomique|atomiques|nucleaire|nucleaires|h", act(Act::noun(Weapon, 2), Tags::HISTORY)),
    ("alerte|alertes a la bombe", act(Act::noun(Weapon, 2), Tags::NEWS)),
    ("coup|coups de feu", act(Act::noun(Shooting, 2), Tags::NONE)),
    // The sender insists it is real: the drill or joke word is cancelled.
    (
        "pas|plus|not|no * exercice|exercise|blague|jeu|test|simulation|canular|drill|joke|game|jk|lol",
        tags(Tags::INSISTS),
    ),
    ("rigole|jrigole|rigol|plaisante|blague pas", tags(Tags::INSISTS)),
    ("pour de vrai", tags(Tags::INSISTS)),
    // Reports of what someone else said or what happened.
    ("a|m|ont|avait|mont|ma dit|raconte|ecrit que|qu|quil|qu", tags(Tags::NEWS)),
    ("j|jai ai entendu|lu|vu|recu", tags(Tags::NEWS)),
    ("t|vous|tu as|avez|a vu", tags(Tags::NEWS)),
    ("semaine|annee|an|mois derniere|dernier", tags(Tags::PAST)),
    // Explosions.
    (
        "ferai|fera|ferons|feront|ferez|ferait * sauter|peter|exploser",
        act(future(Explosion, 3), Tags::NONE),
    ),
    (
        "fait|faits|faite sauter|peter|exploser",
        act(participle(Explosion, 3), Tags::NONE),
    ),
    (
        "faire|fais|fait|faites|faisons|fer|fe|fr * sauter|peter|exploser|saute|sauté|pete|peté",
        act(verb(Explosion, 3), Tags::NONE),
    ),
    ("va|vont|vais sauter|peter", act(future(Explosion, 2), Tags::NONE)),
    ("allez|vont|vas|va tous|toutes sauter|exploser", act(future(Explosion, 2), Tags::GROUP)),
    ("gonna|going|will|about * blow", act(future(Explosion, 2), Tags::NONE)),
    ("existera|existeront|existerez plus", act(future(Attack, 2), Tags::NONE)),
    (
        "ecraser|eclater|fracasser|defoncer|casser|exploser|ouvrir|ecrase|eclate|explose|ecraserai|eclaterai|fracasserai|defoncerai|casserai|exploserai|explosera * tete|tetes|crane|gueule|tronche",
        act(verb(Assault, 2), Tags::NONE),
    ),
    ("blow|blows|blew|blowing|blown * up", act(verb(Explosion, 2), Tags::NONE)),
    ("goes|go|going off", act(verb(Explosion, 1), Tags::NONE)),
    // Shootings.
    (
        "tirer|tire|tires|tirez|tirons|tirent|jtire|tirerai|tirera|tirerons|tireront|tirs|tir dans|sur * tas|foule|monde|tous|vous|eleves|classe|classes|profs|prof|gens|enfants|cour|toi|lui|eux|cpe|principal|directeur|directrice|surveillants|everyone",
        act(verb(Shooting, 3), Tags::NONE),
    ),
    ("tirer|tire|tirera dessus", act(verb(Shooting, 3), Tags::NONE)),
    ("balle|balles * tete|crane|tetes|coeur|ventre", act(verb(Shooting, 3), Tags::NONE)),
    (
        "balle|balles pour chaque|chacun|chacune|toi|vous|tous|lui|elle",
        act(Act::noun(Shooting, 3), Tags::NONE),
    ),
    (
        "vide|vider|viderai|videra|vides mon|le|son|un|mes|les chargeur|chargeurs",
        act(verb(Shooting, 3), Tags::NONE),
    ),
    (
        "mettre|mets|met|mettrai|mettra|prendre|prend|prends|prendra|prendras|prendront|merite|meritent|meriter|recevoir|recevra|recevras|manger|mangera une|des|1 balle|balles|bastos",
        act(verb(Shooting, 3), Tags::NONE),
    ),
    ("couteau|couteaux|lame * gorge|ventre|coeur|dos|cou", act(verb(Killing, 3), Tags::NONE)),
    ("cribler|criblerai de balles", act(verb(Shooting, 3), Tags::NONE)),
    ("shoot|shooting|shoots up", act(verb(Shooting, 3), Tags::NONE)),
    ("gun|guns|gunned down", act(verb(Shooting, 3), Tags::NONE)),
    ("open fire", act(verb(Shooting, 3), Tags::NONE)),
    ("school|mass shooting|shooter|shootings", act(Act::noun(Shooting, 3), Tags::PLACE)),
    // Killing.
    (
        "trancher|tranche|tranches|trancherai|tranchera|couper|coupe|couperai|coupera * gorge|tete|gorges|tetes",
        act(verb(Killing, 3), Tags::NONE),
    ),
    ("faire|fais|ferai|fera la peau", act(verb(Killing, 2), Tags::NONE)),
    ("trouer|troue|trouerai|trouera|trouer la|ta|sa|leur|vos peau|peaux", act(verb(Killing, 3), Tags::NONE)),
    (
        "decouper|decoupe|decouperai|decoupera|couper|finir|finiras|finirez|finira|finiront|finirons * en morceaux|rondelles|charpie|pieces",
        act(verb(Killing, 3), Tags::NONE),
    ),
    ("a la guillotine", act(Act::noun(Killing, 2), Tags::MENACE)),
    ("death to", act(Act::noun(Killing, 2), Tags::MENACE)),
    ("leave|leaves|leaving * alive", act(Act::noun(Death, 2), Tags::ULTIMATUM)),
    (
        "rentrera|rentreront|rentreras|reviendra|reviendront pas chez lui|elle|eux|toi|vous",
        act(future(Death, 2), Tags::NONE),
    ),
    (
        "connaitre|connaitra|connaitront|connaitrez|vivre|vivra|vivront|vivrez l horreur|enfer",
        act(future(Attack, 2), Tags::NONE),
    ),
    (
        "vous|vs|tu|t etes|es|serez|seras|sont|seront * cible|cibles|target|targets",
        act(Act::noun(Attack, 2), Tags::GROUP.union(Tags::MENACE)),
    ),
    ("y passer|passerez|passeront|passerons|passera", act(verb(Death, 2), Tags::NONE)),
    ("y rester|resteront|restera|resterez|resterons", act(verb(Death, 2), Tags::NONE)),
    ("une|des|sa|ta|votre|leur|leurs|ma|vos tombe|tombes", act(Act::noun(Death, 2), Tags::NONE)),
    ("six pieds sous terre", act(Act::noun(Death, 2), Tags::NONE)),
    ("coup|coups de couteau|poignard|machette|hache", act(Act::noun(Killing, 2), Tags::NONE)),
    (
        "finir|finiras|finirez|finira|finiront a l hopital|hosto",
        act(future(Assault, 2), Tags::NONE),
    ),
    ("prix du sang", act(Act::noun(Death, 2), Tags::NONE)),
    ("sang|blood partout|everywhere", act(Act::noun(Death, 2), Tags::NONE)),
    ("survivra|survivront|survivrez|survivras|survivre pas", act(future(Death, 2), Tags::NONE)),
    (
        "verra|verront|verras|verrez|passera|passeront|passeras|passerez|finira|finiront pas * demain|semaine|vacances|fin|noel|lendemain|annee|soir|week|weekend|ete",
        act(future(Death, 2), Tags::NONE),
    ),
    (
        "payer|paieras|paierez|paiera|paieront|payerez|payeras de votre|ta|sa|leur|vos|leurs vie|vies",
        act(future(Death, 2), Tags::ULTIMATUM),
    ),
    ("condamne|condamnee|condamnes|condamner|peine|peines a|de mort", tags(Tags::HISTORY)),
    ("mort|morts aux|au", act(Act::noun(Killing, 2), Tags::MENACE)),
    ("a mort", act(Act::noun(Killing, 2), Tags::MENACE)),
    (
        "ramasser|compter|ramasseront|compteront|ramassera|comptera|compterez * corps|cadavres|morts",
        act(future(Death, 2), Tags::NONE),
    ),
    ("zone|zones de guerre", act(Act::noun(Attack, 2), Tags::NONE)),
    (
        "partir|partira|partiront|part|reduit|reduite|reduits|reduire|reduira|reduiront en cendres|fumee|poussiere",
        act(future(Arson, 2), Tags::NONE),
    ),
    ("en cendres", act(Act::noun(Arson, 2), Tags::NONE)),
    (
        "college|lycee|ecole|bahut|etablissement|gymnase|cantine|self|cdi|batiment|tout saute|sautera|sauteront|sautent",
        act(future(Explosion, 3), Tags::PLACE),
    ),
    // Weapons and attacks named by several words.
    ("colis|paquet|sac * piege|piegee|pieges|piegees", act(Act::noun(Weapon, 3), Tags::NONE)),
    ("ceinture|gilet * explosive|explosif|explosifs", act(Act::noun(Weapon, 3), Tags::NONE)),
    ("engin|engins explosif|explosifs", act(Act::noun(Weapon, 3), Tags::NONE)),
    ("cocktail|cocktails molotov", act(Act::noun(Weapon, 3), Tags::NONE)),
    ("arme|armes a|de feu|poing", act(Act::noun(Weapon, 3), Tags::NONE)),
    ("arme|armes lourde|lourdes|automatique|automatiques", act(Act::noun(Weapon, 3), Tags::NONE)),
    ("fusil|fusils a|d pompe|assaut|chasse", act(Act::noun(Weapon, 3), Tags::NONE)),
    ("homme|hommes arme|armes", act(Act::noun(Weapon, 3), Tags::NONE)),
    ("bombe|bombes artisanale|artisanales|retardement", act(Act::noun(Weapon, 3), Tags::NONE)),
    ("prise|prises d otage|otages", act(Act::noun(Attack, 3), Tags::NONE)),
    ("bain|bains de sang", act(Act::noun(Attack, 3), Tags::NONE)),
    ("attaque|attaques terroriste|terroristes|armee|armees", act(Act::noun(Attack, 3), Tags::NONE)),
    ("mis le|du feu", act(participle(Arson, 2), Tags::NONE)),
    ("mettre|mets|met|mettrons le|du feu", act(verb(Arson, 2), Tags::NONE)),
    ("mettrai|mettra|mettront|mettrez le|du feu", act(future(Arson, 2), Tags::NONE)),
    ("burn|burning|burns|burned down", act(verb(Arson, 3), Tags::NONE)),
    ("rayer|raye|rayee|rayes * de|d la carte", act(verb(Attack, 2), Tags::NONE)),
    ("regler|reglerai|regle mes|ses|son|leur|leurs compte|comptes", act(verb(Attack, 1), Tags::NONE)),
    // Death promised to the readers.
    (
        "vous|vs|vou etes|ete|etez|zetes * mort|morts|morte|mortes|foutus|cuits",
        act(Act::noun(Death, 2), Tags::GROUP.union(Tags::ULTIMATUM)),
    ),
    ("t|tu tes|es|e * mort|morte|foutu|cuit", act(Act::noun(Death, 2), Tags::SINGLE.union(Tags::ULTIMATUM))),
    ("tes mort|morte|foutu", act(Act::noun(Death, 2), Tags::SINGLE.union(Tags::ULTIMATUM))),
    (
        "you|ur|u|youre|yall * dead|die",
        act(Act::noun(Death, 2), Tags::SINGLE.union(Tags::ULTIMATUM)),
    ),
    (
        "prepare|preparez|preparer|prepares|preparons * a|au|vos|les|ton|tes|votre mourir|crever|mort|souffrir|pire|cercueil|cercueils|enterrement|enterrements|pleurer|enterrer",
        act(Act::noun(Death, 2), Tags::ULTIMATUM),
    ),
    (
        "repartir|repartiront|repartira|repartirez|ressortir|ressortira|ressortiront|sortir|sortira|sortiront|sortirez|sortiras|reviendra|reviendront|reviendrez|reviendras|rentrerez|rentreront|rentrera|revenir|rentrer * vivant|vivants|vivante|vivantes",
        act(Act::noun(Death, 2), Tags::ULTIMATUM),
    ),
    ("aucun|aucune|pas|no|personne survivant|survivants|survivor|survivors|survivra", act(Act::noun(Death, 2), Tags::ULTIMATUM)),
    ("votre|vos|ton|tes|leur|leurs|your dernier|derniers|derniere|dernieres|last jour|jours|instant|instants|heure|heures|day|days", tags(Tags::ULTIMATUM)),
    ("dernier|derniers jour|jours pour vous|toi", tags(Tags::ULTIMATUM)),
    (
        "heure|heures|jour|jours|journee|journees|minutes|semaine|semaines|mois|24h|48h|1h a vivre",
        act(Act::noun(Death, 2), Tags::ULTIMATUM),
    ),
    (
        "derniere|dernieres heure|heures|jour|jours a|est|sont sonne|arrivee|venue|venu|arrives",
        act(Act::noun(Death, 2), Tags::ULTIMATUM),
    ),
    (
        "derniere|dernieres heure|heures approche|approchent|arrive|arrivent",
        act(Act::noun(Death, 2), Tags::ULTIMATUM),
    ),
    ("c|ce est|sera la fin pour vous|vs|toi|eux|tous", act(Act::noun(Death, 2), Tags::GROUP)),
    ("last day", tags(Tags::ULTIMATUM)),
    ("tic tac", tags(Tags::ULTIMATUM)),
    ("etes|es|soyez prevenus|prevenu|prevenue|prevenues", tags(Tags::ULTIMATUM)),
    ("tenez|tiens|tient|tenir a la|votre|ta vie", tags(Tags::ULTIMATUM)),
    ("get|be|getting ready to die", act(Act::noun(Death, 2), Tags::ULTIMATUM)),
    ("prepare to die", act(Act::noun(Death, 2), Tags::ULTIMATUM)),
    (
        "reverrez|reverront|reverra|reverras|reverrai pas * vivant|vivants|vivante|vivantes",
        act(Act::noun(Death, 2), Tags::ULTIMATUM),
    ),
    ("prenez|prends|prenons garde", tags(Tags::ULTIMATUM)),
    ("jours|heures|minutes sont|seront comptes|comptees", tags(Tags::ULTIMATUM)),
    ("ceci|c|this est|is un|a avertissement|warning", tags(Tags::ULTIMATUM)),
    (
        "evacuez|evakuez|evacuer|evacuate|fuyez|sortez le|la|l|les|tout|immediatement|maintenant|vite|tous|the|now|college|lycee|ecole|etablissement|batiment|school",
        tags(Tags::ULTIMATUM),
    ),
    ("no|nobody|none * survive|survives|alive", act(Act::noun(Death, 2), Tags::ULTIMATUM)),
    ("compte a rebours", tags(Tags::ULTIMATUM)),
    ("have been|be warned", tags(Tags::ULTIMATUM)),
    (
        "allez|vas|va|aller payer de votre|ta|sa|leur|vos|leurs vie|vies",
        act(future(Death, 2), Tags::ULTIMATUM),
    ),
    // Menaces without a named act: they give intent, not violence.
    (
        "allez|vas|aller|va|allé payer|regretter|comprendre",
        tags(Tags::MENACE),
    ),
    ("ce|c qui * arrive|arriver|arrivera|attend", tags(Tags::MENACE)),
    ("meme sort", tags(Tags::MENACE)),
    ("don t|dont come", tags(Tags::MENACE)),
    ("ne venez pas", tags(Tags::MENACE)),
    ("comme * arras|conflans|bataclan|columbine", tags(Tags::EXTREMIST)),
    ("vous|tu * prochains|prochain|prochaine|prochaines", tags(Tags::MENACE)),
    ("que le debut|commencement", tags(Tags::MENACE)),
    ("je sais ou", tags(Tags::MENACE)),
    // References and cries used as menace.
    ("allahu|allah|allahou|alla|allahouakbar akbar|akbar|wakbar|akbarr", tags(Tags::EXTREMIST)),
    ("samuel paty", tags(Tags::EXTREMIST)),
    ("dominique bernard", tags(Tags::EXTREMIST)),
    ("etat islamique", tags(Tags::EXTREMIST)),
    ("bataclan", tags(Tags::EXTREMIST)),
    ("charlie hebdo", tags(Tags::HISTORY)),
    // An attack date used as a name: "le lycée va connaître *son 13 novembre*".
    (
        "son|sa|leur|votre|notre|un|nouveau|propre|le 13|11 novembre|septembre",
        tags(Tags::EXTREMIST),
    ),
    // Context spelt in several words.
    ("tout|tt le monde", tags(Tags::GROUP)),
    ("jour j", tags(Tags::TIME)),
    ("vie scolaire", tags(Tags::PLACE)),
    ("il|y y|a aura", tags(Tags::FUTURE)),
    ("going to", tags(Tags::FUTURE)),
];

/// One element of a compiled pattern.
#[derive(Debug)]
enum Element {
    /// Any of these spellings, folded.
    Word(Vec<String>),
    /// Zero to two words of anything.
    Gap,
}

/// A compiled pattern and its meaning.
#[derive(Debug)]
pub struct Phrase {
    elements: Vec<Element>,
    /// What the expression means.
    pub meaning: Meaning,
}

static COMPILED: LazyLock<Vec<Phrase>> = LazyLock::new(|| {
    PHRASES
        .iter()
        .map(|(pattern, meaning)| Phrase {
            elements: pattern
                .split_whitespace()
                .map(|element| match element {
                    "*" => Element::Gap,
                    words => Element::Word(words.split('|').map(fold).collect()),
                })
                .collect(),
            meaning: *meaning,
        })
        .collect()
});

/// The compiled phrases, in [`PHRASES`] order.
pub fn phrases() -> &'static [Phrase] {
    &COMPILED
}

/// The longest gap `*` allows.
const MAX_GAP: usize = 2;

impl Phrase {
    /// The spellings the phrase can start with.
    pub fn first_words(&self) -> impl Iterator<Item = &str> {
        let first = match self.elements.first() {
            Some(Element::Word(words)) => words.as_slice(),
            _ => &[],
        };
        first.iter().map(String::as_str)
    }

    /// If the phrase matches the words starting at `start`, the index just past its end.
    /// `spells(i, word)` tells whether word `i` of the message can be read as `word`;
    /// `free(i)` whether it is not yet taken by another phrase.
    pub fn match_at(
        &self,
        start: usize,
        len: usize,
        spells: &dyn Fn(usize, &str) -> bool,
        free: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        self.match_from(0, start, len, spells, free)
    }

    fn match_from(
        &self,
        element: usize,
        at: usize,
        len: usize,
        spells: &dyn Fn(usize, &str) -> bool,
        free: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        let Some(current) = self.elements.get(element) else {
            return Some(at);
        };
        match current {
            Element::Word(words) => {
                if at < len && free(at) && words.iter().any(|w| spells(at, w)) {
                    self.match_from(element + 1, at + 1, len, spells, free)
                } else {
                    None
                }
            }
            Element::Gap => (0..=MAX_GAP)
                .filter(|skip| at + skip <= len && (at..at + skip).all(free))
                .find_map(|skip| self.match_from(element + 1, at + skip, len, spells, free)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern_index: usize, words: &[&str]) -> Option<usize> {
        let spells = |i: usize, w: &str| words[i] == w;
        phrases()[pattern_index].match_at(0, words.len(), &spells, &|_| true)
    }

    fn index_of(pattern: &str) -> usize {
        PHRASES
            .iter()
            .position(|(p, _)| *p == pattern)
            .unwrap_or(usize::MAX)
    }

    #[test]
    fn alternatives_and_gaps_match() {
        let faire = index_of("faire|fais|fait|faites|faisons|fer|fe|fr * sauter|peter|exploser|saute|sauté|pete|peté");
        assert_eq!(matches(faire, &["faire", "sauter", "le"]), Some(2));
        assert_eq!(matches(faire, &["faire", "tout", "sauter"]), Some(3));
        assert_eq!(matches(faire, &["fais", "pas", "ca", "sauter"]), Some(4));
        assert_eq!(matches(faire, &["faire", "a", "b", "c", "sauter"]), None);
        assert_eq!(matches(faire, &["faire"]), None);
    }

    #[test]
    fn every_pattern_is_well_formed() {
        for (pattern, _) in PHRASES {
            assert!(
                !pattern.starts_with('*') && !pattern.ends_with('*'),
                "{pattern}"
            );
            assert!(!pattern.contains("||"), "{pattern}");
        }
    }
}
