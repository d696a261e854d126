//! The rules: which words of violence count, and what surrounds each of them.
//!
//! For each word of violence ([`Act`]) the rules first ask whether it is used harmlessly,
//! and drop it if so:
//! - **slang**: "c'était une *bombe*", "ce gâteau est une *tuerie*", "that game is *the bomb*"
//!   (a copula, then at most an article or intensifier, then the word);
//! - **figurative**: "mort *de rire*", "explosé *de rire*", "mourir *de honte*";
//! - **the sender as victim**: "ma mère va *me* tuer", "le prof va *nous* tuer", "je vais
//!   crever", "je suis mort", "this is killing *me*";
//! - **a thing as object**: "faire sauter *l'interro*", "on a tué *le game*", "bombed *the
//!   test*", "killed *it*";
//! - **no object where one is needed**: "planter des tomates", "descendre en récré";
//! - **negated**: "il n'y a *pas de* bombe", "*aucune* arme".
//!
//! A participle after a past auxiliary ("il *a* tué", "ils *sont* morts") tells what happened:
//! it counts one strength less and brings no intent. Each remaining act then collects, within
//! [`WINDOW`] words on either side, its targets, times and intent ([`Finding`]). Message-wide
//! signals (ultimatums, extremist references, defusing topics, laughter) are gathered once in
//! [`Evidence::message`].

use super::act::{Act, Family, Form};
use super::read::Word;
use super::tags::Tags;

/// How many words on either side of an act its targets, times and intent are looked for.
pub const WINDOW: usize = 10;

/// How many words on either side of an act a defusing context (a topic, laughter, the past)
/// is looked for: a lesson's title defuses its sentences, not a threat written two pages
/// further down the same message.
pub const TOPIC_WINDOW: usize = 40;

/// An act of violence that counts, and its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index of the word of violence.
    pub at: usize,
    /// The act as written.
    pub act: Act,
    /// Its strength after the narrative discount.
    pub strength: u8,
    /// Told in the past ("il a tué"): no intent.
    pub narrative: bool,
    /// Targets around it, as tags (PLACE, GROUP, STAFF, SINGLE).
    pub targets: Tags,
    /// Indices of the target words.
    pub target_words: Vec<usize>,
    /// Indices of the time words around it.
    pub time_words: Vec<usize>,
    /// Indices of the words giving intent around it (future, first person, bringing).
    pub intent_words: Vec<usize>,
    /// Those of them that state a plan (future, bringing, menace), not just a speaker.
    pub plan_words: Vec<usize>,
    /// Defusing tags (topics, laughter, the past) within [`TOPIC_WINDOW`] words.
    pub context: Tags,
}

impl Finding {
    /// The act is in the future or a plan is stated near it.
    pub fn has_intent(&self) -> bool {
        !self.narrative && (self.act.form == Form::Future || !self.intent_words.is_empty())
    }

    /// A plan rather than just a speaker: the future, bringing something, a menace.
    pub fn has_plan(&self) -> bool {
        !self.narrative && (self.act.form == Form::Future || !self.plan_words.is_empty())
    }

    /// A time is given near it.
    pub fn has_time(&self) -> bool {
        !self.narrative && !self.time_words.is_empty()
    }
}

/// Everything the rules found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The words of the message.
    pub words: Vec<Word>,
    /// Acts that count, with their context.
    pub findings: Vec<Finding>,
    /// Every tag of the message, topics named as lesson subjects excluded.
    pub message: Tags,
}

impl Evidence {
    /// Indices of the words carrying any of `tags`, in order.
    pub fn words_with(&self, tags: Tags) -> Vec<usize> {
        self.words
            .iter()
            .enumerate()
            .filter(|(i, w)| {
                w.has(tags)
                    && !self.is_lesson_subject(*i)
                    && (w.act.is_none() || self.findings.iter().any(|f| f.at == *i))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// "la prof *de SVT*", "en *histoire*", "cours *d'histoire*": the subject names a lesson or
    /// a teacher (a target), not the message's topic.
    fn is_lesson_subject(&self, at: usize) -> bool {
        is_lesson_subject(&self.words, at)
    }
}

/// Gathers the evidence in `words`.
pub fn gather(words: Vec<Word>) -> Evidence {
    let live: Vec<usize> = (0..words.len()).filter(|&i| !words[i].absorbed).collect();
    let mut findings: Vec<Finding> = Vec::new();
    let mut dropped = Vec::new();
    for (pos, &at) in live.iter().enumerate() {
        if let Some(act) = words[at].act {
            match finding(&words, &live, pos, act) {
                Some(found) => findings.push(found),
                None => dropped.push(at),
            }
        }
    }
    let mut message = Tags::NONE;
    for (i, word) in words.iter().enumerate() {
        let mut tags = word.tags;
        if is_lesson_subject(&words, i) {
            tags = tags.without(Tags::TOPICS);
        }
        // "vous êtes morts *de rire*": a harmless phrase threatens nothing.
        if dropped.contains(&i) {
            tags = tags.without(Tags::ULTIMATUM.union(Tags::MENACE));
        }
        message |= tags;
    }
    Evidence {
        words,
        findings,
        message,
    }
}

/// The act at `live[pos]` with its context, unless it is used harmlessly.
fn finding(words: &[Word], live: &[usize], pos: usize, act: Act) -> Option<Finding> {
    let before = |n: usize| pos.checked_sub(n).map(|p| &words[live[p]]);
    let after = |n: usize| live.get(pos + n).map(|&i| &words[i]);
    if is_slang(act, &before, &after)
        || is_figurative(act, &before, &after)
        || is_sender_as_victim(act, &before, &after)
        || has_thing_as_object(act, &words[live[pos]], &after)
        || has_thing_as_subject(act, &before)
        || lacks_needed_object(act, &before, &after)
        || is_negated(act, &words[live[pos]], &before)
    {
        return None;
    }
    let narrative = is_narrative(act, &before);
    let strength = if narrative {
        act.strength.saturating_sub(1).max(1)
    } else {
        act.strength
    };
    let mut found = Finding {
        at: live[pos],
        act,
        strength,
        narrative,
        targets: Tags::NONE,
        target_words: Vec::new(),
        time_words: Vec::new(),
        intent_words: Vec::new(),
        plan_words: Vec::new(),
        context: Tags::NONE,
    };
    let defusing = Tags::TOPICS.union(Tags::HUMOUR).union(Tags::PAST);
    let from = pos.saturating_sub(TOPIC_WINDOW);
    let to = (pos + TOPIC_WINDOW + 1).min(live.len());
    for &i in live.iter().take(to).skip(from) {
        if !is_lesson_subject(words, i) {
            found.context |= words[i].tags.intersect(defusing);
        }
    }
    let from = pos.saturating_sub(WINDOW);
    let to = (pos + WINDOW + 1).min(live.len());
    for (p, &i) in live.iter().enumerate().take(to).skip(from) {
        let word = &words[i];
        let mut targets = word.tags.intersect(Tags::TARGETS);
        if p + 1 == pos && act.form.is_verb() {
            targets |= object_pronoun(word);
        }
        if !targets.is_empty() {
            found.targets |= targets;
            found.target_words.push(i);
        }
        if word.has(Tags::TIME) {
            found.time_words.push(i);
        }
        if word.has(Tags::FUTURE | Tags::FIRST | Tags::CARRY | Tags::MENACE) {
            found.intent_words.push(i);
        }
        // "une bombe *explosera*": a verb of violence in the future is a plan for its
        // neighbours too.
        let future_act = i != found.at && word.act.is_some_and(|a| a.form == Form::Future);
        if word.has(Tags::FUTURE | Tags::CARRY | Tags::MENACE) || future_act {
            found.plan_words.push(i);
            if future_act {
                found.intent_words.push(i);
            }
        }
    }
    Some(found)
}

/// Words that intensify or introduce a slang noun: "une", "trop", "the"…
const SLANG_LEAD: &[&str] = &[
    "une",
    "un",
    "la",
    "le",
    "de",
    "trop",
    "grave",
    "vraie",
    "vrai",
    "vraiment",
    "pure",
    "the",
    "da",
    "total",
    "totally",
    "complete",
    "carrement",
    "tellement",
    "so",
];

/// Words that point at what follows: "ce gâteau", "ton exposé".
const POINTERS: &[&str] = &[
    "ce", "cet", "cette", "ces", "ton", "ta", "tes", "son", "sa", "votre", "this", "that", "your",
];

/// Articles, possessives and quantifiers that may stand between a verb and its object.
const DETERMINERS: &[&str] = &[
    "le", "la", "les", "l", "un", "une", "des", "du", "mon", "ma", "mes", "ton", "ta", "tes",
    "son", "sa", "ses", "ce", "cet", "cette", "ces", "notre", "votre", "vos", "leur", "leurs",
    "tous", "tout", "toute", "toutes", "the", "whole", "entire", "my", "your", "his", "her",
    "this", "that", "every", "all",
];

/// Prepositions: after one, "la" or "les" is an article, not a pronoun.
const PREPOSITIONS: &[&str] = &[
    "a", "au", "aux", "pour", "avec", "sur", "dans", "par", "chez", "sans", "vers", "et", "ou",
];

/// Prepositions that may also stand before a harmless object ("exploser *au* concours").
const THING_PREPOSITIONS: &[&str] = &["au", "aux", "a", "en", "at", "on"];

fn is_any(word: &Word, list: &[&str]) -> bool {
    list.iter().any(|s| word.is(s))
}

/// "c'était une bombe", "t'es trop bombe", "is the bomb", "une tuerie ce gâteau".
fn is_slang<'a>(
    act: Act,
    before: &dyn Fn(usize) -> Option<&'a Word>,
    after: &dyn Fn(usize) -> Option<&'a Word>,
) -> bool {
    if !act.slang {
        return false;
    }
    let copula_at = (1..=3).find(|&n| {
        before(n).is_some_and(|w| w.has(Tags::COPULA))
            && (1..n).all(|m| before(m).is_some_and(|w| is_any(w, SLANG_LEAD)))
    });
    // "demain c'est le carnage au collège": a place and a time make it an announcement.
    let announced = copula_at.is_some_and(|n| {
        (1..=3).any(|m| after(m).is_some_and(|w| w.has(Tags::PLACE)))
            && ((n + 1..=n + 2).any(|m| before(m).is_some_and(|w| w.has(Tags::TIME)))
                || (1..=5).any(|m| after(m).is_some_and(|w| w.has(Tags::TIME))))
    });
    let after_copula = copula_at.is_some() && !announced;
    // "une tuerie ce gâteau", but not "une tuerie ce soir".
    let exclaims = after(1).is_some_and(|w| is_any(w, POINTERS))
        && after(2).is_some_and(|w| !w.has(Tags::TIME | Tags::TARGETS));
    after_copula || exclaims
}

/// "mort de rire", "explosé de rire", "died laughing", "s'ennuyer à mourir", "tuer pour un
/// kebab", "kill for a pizza".
fn is_figurative<'a>(
    act: Act,
    before: &dyn Fn(usize) -> Option<&'a Word>,
    after: &dyn Fn(usize) -> Option<&'a Word>,
) -> bool {
    let figurative = |n: usize| after(n).is_some_and(|w| w.has(Tags::FIGURATIVE));
    let complement = figurative(1) || (after(1).is_some_and(|w| w.has(Tags::OF)) && figurative(2));
    let intensifier =
        act.family == Family::Death && act.form.is_verb() && before(1).is_some_and(|w| w.is("a"));
    let for_something = act.family == Family::Killing
        && after(1).is_some_and(|w| w.is("pour") || w.is("for"))
        && !(2..=3).any(|n| after(n).is_some_and(|w| w.has(Tags::TARGETS)));
    complement || intensifier || for_something
}

/// The sender is the one "killed": "va me tuer", "le prof va nous tuer", "je vais crever",
/// "je suis mort", "je suis explosé", "this is killing me". Weapons and attacks are never
/// excused this way, nor is "je *me* fais sauter" (a suicide attack).
fn is_sender_as_victim<'a>(
    act: Act,
    before: &dyn Fn(usize) -> Option<&'a Word>,
    after: &dyn Fn(usize) -> Option<&'a Word>,
) -> bool {
    if matches!(act.family, Family::Weapon | Family::Attack) {
        return false;
    }
    // "je suis mort", "je suis trop explosé", "i'm so dead".
    let state = (1..=2).any(|n| {
        before(n).is_some_and(|w| {
            is_any(w, &["suis", "sommes", "chui", "am", "im"])
                || (w.is("m") && before(n + 1).is_some_and(|i| i.is("i")))
        }) && (1..n).all(|m| before(m).is_some_and(|w| is_any(w, SLANG_LEAD)))
    });
    if state {
        return true;
    }
    if act.family == Family::Explosion || act.family == Family::Shooting {
        return false;
    }
    let object_before = before(1).is_some_and(|w| is_any(w, &["me", "m", "nous"]));
    let object_after = after(1).is_some_and(|w| w.is("me") || w.is("us"));
    if object_before || object_after {
        return true;
    }
    if act.family == Family::Death && act.form.is_verb() {
        // "je vais crever", "jvais mourir", "i'm gonna die": the first person is the subject,
        // with only future or negation words between.
        for n in 1..=3 {
            match before(n) {
                Some(w) if w.has(Tags::TARGETS) => return false,
                Some(w) if w.has(Tags::FIRST) => return true,
                Some(w) if w.has(Tags::FUTURE | Tags::NEGATION) => {}
                _ => return false,
            }
        }
    }
    false
}

/// The first word after a verb that is not a determiner: its direct object, if any.
fn object<'a>(after: &dyn Fn(usize) -> Option<&'a Word>) -> Option<&'a Word> {
    (1..=3)
        .map(after)
        .find_map(|word| word.filter(|w| !is_any(w, DETERMINERS)))
}

/// "faire sauter l'interro", "tué le game", "bombed my spanish oral", "killed it",
/// "exploser au concours", "il tue en géo": the object is a thing, or a subject taught
/// after a preposition. An expression that already holds its target ("tirer sur tout le
/// monde") has its object.
fn has_thing_as_object<'a>(
    act: Act,
    word: &Word,
    after: &dyn Fn(usize) -> Option<&'a Word>,
) -> bool {
    if !act.form.is_verb() || word.has(Tags::TARGETS) {
        return false;
    }
    let mut through_preposition = false;
    let mut subject = false;
    for n in 1..=4 {
        match after(n) {
            None => break,
            Some(w) if is_any(w, THING_PREPOSITIONS) => through_preposition = true,
            Some(w) if is_any(w, DETERMINERS) => {}
            Some(w) if w.has(Tags::SUBJECT) && !w.has(Tags::TARGETS) => subject = true,
            Some(w) => return w.has(Tags::THING),
        }
    }
    subject && through_preposition
}

/// "mon téléphone va mourir", "la batterie va crever": a thing is the subject.
fn has_thing_as_subject<'a>(act: Act, before: &dyn Fn(usize) -> Option<&'a Word>) -> bool {
    if !matches!(act.family, Family::Death | Family::Explosion) || !act.form.is_verb() {
        return false;
    }
    for n in 1..=3 {
        match before(n) {
            Some(w) if w.has(Tags::FUTURE | Tags::NEGATION) => {}
            Some(w) => return w.has(Tags::THING) && !w.has(Tags::TARGETS),
            None => return false,
        }
    }
    false
}

/// "te", "vous", "les" just before a verb are its object.
fn object_pronoun(word: &Word) -> Tags {
    if is_any(word, &["les", "vous", "vs"]) {
        Tags::GROUP
    } else if is_any(word, &["te", "t", "le", "la", "l", "lui"]) {
        Tags::SINGLE
    } else {
        Tags::NONE
    }
}

/// "planter des tomates", "descendre en récré": these verbs are only violent with a person
/// or a place as object: a pronoun before ("te planter"), a target after ("descendre le
/// CPE"), or the victim as subject ("la prof va se faire planter").
fn lacks_needed_object<'a>(
    act: Act,
    before: &dyn Fn(usize) -> Option<&'a Word>,
    after: &dyn Fn(usize) -> Option<&'a Word>,
) -> bool {
    if !act.needs_object {
        return false;
    }
    // "je vais la planter", "tous vous descendre", not "la plante de la classe": the
    // pronoun follows a verb or a subject, not a preposition or nothing.
    let pronoun = before(1).is_some_and(|w| !object_pronoun(w).is_empty())
        && before(2).is_some_and(|w| !w.has(Tags::OF) && !is_any(w, PREPOSITIONS));
    let passive = before(1).is_some_and(|w| is_any(w, &["faire", "fait", "fais"]))
        && before(2).is_some_and(|w| is_any(w, &["se", "s", "te", "t", "vous", "vs"]));
    let named = object(after).is_some_and(|w| w.has(Tags::GROUP | Tags::STAFF | Tags::SINGLE));
    !(pronoun || passive || named)
}

/// "pas de bombe", "aucune arme", "sans arme" — but in an ultimatum the negation is part of
/// the threat ("vous n'allez *pas* sortir vivants").
fn is_negated<'a>(act: Act, word: &Word, before: &dyn Fn(usize) -> Option<&'a Word>) -> bool {
    act.form == Form::Noun
        && !word.has(Tags::ULTIMATUM)
        && (1..=2).any(|n| before(n).is_some_and(|w| w.has(Tags::NEGATION)))
}

/// Forms of "être" that make "mort" a past event: "il est mort", "ils sont morts".
const BEEN: &[&str] = &[
    "est", "sont", "etait", "etaient", "ete", "fut", "furent", "was", "were",
];

/// "il a tué", "ils sont morts", "a été frappé", "j'ai failli mourir", "dans le livre ils
/// meurent": what happened or happens in a story, not what will.
fn is_narrative<'a>(act: Act, before: &dyn Fn(usize) -> Option<&'a Word>) -> bool {
    let after_aux = |aux: &dyn Fn(&Word) -> bool| (1..=2).any(|n| before(n).is_some_and(aux));
    if before(1).is_some_and(|w| is_any(w, &["failli", "faillit"])) {
        return true;
    }
    let told = matches!(act.family, Family::Death | Family::Killing)
        && act.form == Form::Verb
        && before(1).is_some_and(|w| is_any(w, &["il", "elle", "ils", "elles"]));
    if told {
        return true;
    }
    match act.form {
        Form::Participle => after_aux(&|w| w.has(Tags::AUX)),
        Form::Noun if act.family == Family::Death => after_aux(&|w| is_any(w, BEEN)),
        _ => false,
    }
}

/// Whether word `at` names a subject taught ("SVT", "histoire") right after "en", a teacher
/// or a lesson ("la prof de SVT", "cours d'histoire", "en SVT", "the history teacher").
pub fn is_lesson_subject(words: &[Word], at: usize) -> bool {
    if !words[at].has(Tags::SUBJECT) {
        return false;
    }
    let before = |n: usize| at.checked_sub(n).map(|i| &words[i]);
    let frame =
        |w: &Word| w.has(Tags::LESSON_FRAME) || ["en", "during", "pendant"].iter().any(|s| w.is(s));
    before(1).is_some_and(frame)
        || (before(1).is_some_and(|w| w.has(Tags::OF)) && before(2).is_some_and(frame))
        || words.get(at + 1).is_some_and(|w| w.has(Tags::LESSON_FRAME)) // "history teacher"
}
