//! Reading a message: tokens looked up in the lexicon, numbers recognised, phrases joined.
//!
//! The result is one [`Word`] per token, in order, each with its tags and, for words of
//! violence, its [`Act`]. A word is found by its spellings in order ([`Token::forms`]), then
//! as SMS first person glued to a verb ("jvais" = "j'vais", "jramène", "jte"), then one slip
//! away from a long violent word. Numbers are read by shape: times ("11h", "15h30", "9am"),
//! class names ("4e", "3eB", "5B") and past years ("1945"). Finally [`super::phrases`] are
//! matched; a phrase's meaning replaces its words'.
//!
//! A word found in the lexicon keeps only the spelling that matched; an unknown word keeps
//! all its readings, so that a phrase can still match one of them.

use super::act::Act;
use super::fuzzy::squeeze;
use super::lexicon::{lexicon, Entry};
use super::phrases::{phrases, Meaning};
use super::tags::Tags;
use super::tokenise::{tokenise, Token};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// One word of a message and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Folded spellings (see [`Token::forms`]); the lexicon spelling that matched first.
    pub forms: Vec<String>,
    /// Where the word (or the whole phrase it starts) is in the original text.
    pub span: Range<usize>,
    /// Its context tags.
    pub tags: Tags,
    /// The violence it names, if any.
    pub act: Option<Act>,
    /// Taken by a phrase that starts on an earlier word: it means nothing on its own.
    pub absorbed: bool,
}

impl Word {
    /// Whether the word can be read as `spelling` (folded).
    pub fn is(&self, spelling: &str) -> bool {
        self.forms.iter().any(|f| f == spelling)
    }

    /// Whether the word carries any of `tags`.
    pub fn has(&self, tags: Tags) -> bool {
        self.tags.any(tags)
    }
}

/// Reads `text` into words.
pub fn read(text: &str) -> Vec<Word> {
    let mut words: Vec<Word> = tokenise(text).into_iter().map(look_up).collect();
    join_phrases(&mut words);
    words
}

/// The meaning of one token.
fn look_up(token: Token) -> Word {
    let lexicon = lexicon();
    let mut forms = token.forms;
    let found = forms
        .iter()
        .position(|f| lexicon.get(f).is_some())
        .and_then(|i| Some((i, *lexicon.get(&forms[i])?)));
    let entry = match found {
        Some((i, entry)) => {
            // A known word is that word: its other readings would only mislead ("Mme" is
            // not "me").
            forms = vec![forms.swap_remove(i)];
            entry
        }
        None => first_person_glued(&forms)
            .or_else(|| undoubled(&forms[0]))
            .or_else(|| lexicon.fuzzy(&forms[0]).copied())
            .or_else(|| by_shape(&forms))
            .unwrap_or_default(),
    };
    Word {
        forms,
        span: token.span,
        tags: entry.tags,
        act: entry.act,
        absorbed: false,
    }
}

/// "jvais", "jramène", "jte", "jtire": SMS French glues the elided "j'" to the next word.
fn first_person_glued(forms: &[String]) -> Option<Entry> {
    forms.iter().find_map(|form| {
        let rest = form.strip_prefix('j')?;
        if rest.len() < 2 {
            return None;
        }
        let entry = lexicon().get(rest)?;
        Some(Entry {
            tags: entry.tags | Tags::FIRST,
            act: entry.act,
        })
    })
}

/// "bommbe": a letter doubled by mistake, read undoubled only when that gives an explicit
/// word of violence (undoubling "armée" or "Mme" would invent meanings).
fn undoubled(form: &str) -> Option<Entry> {
    let entry = *lexicon().get(&squeeze(form))?;
    entry.act.filter(|act| act.strength == 3).map(|_| entry)
}

/// Tags read from the shape of a number: a time, a class name, a past year.
fn by_shape(forms: &[String]) -> Option<Entry> {
    forms.iter().find_map(|form| {
        let tags = if is_time(form) {
            Tags::TIME
        } else if is_class_name(form) {
            Tags::GROUP
        } else if is_past_year(form) {
            Tags::HISTORY
        } else {
            return None;
        };
        Some(Entry { tags, act: None })
    })
}

/// "11h", "8h30", "15h00", "9am", "10pm".
fn is_time(form: &str) -> bool {
    let digits = form.chars().take_while(char::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return false;
    }
    let rest = &form[digits..];
    if let Some(minutes) = rest.strip_prefix('h') {
        return minutes.is_empty()
            || (minutes.len() == 2 && minutes.chars().all(|c| c.is_ascii_digit()));
    }
    matches!(rest, "am" | "pm")
}

/// "4e", "3eme", "6eB", "5b": a class of a collège.
fn is_class_name(form: &str) -> bool {
    let mut chars = form.chars();
    let Some(level) = chars.next() else {
        return false;
    };
    if !('3'..='6').contains(&level) {
        return false;
    }
    let rest = chars.as_str();
    let section =
        |s: &str| s.is_empty() || (s.len() == 1 && s.chars().all(|c| ('a'..='h').contains(&c)));
    ["eme", "e"]
        .iter()
        .any(|suffix| rest.strip_prefix(suffix).is_some_and(section))
        || (rest.len() == 1 && section(rest))
}

/// A year from 1000 to 2024: history, not a plan.
fn is_past_year(form: &str) -> bool {
    form.len() == 4
        && form
            .parse::<u16>()
            .is_ok_and(|year| (1000..=2024).contains(&year))
}

/// Phrase indices by the spellings of their first word, so each word only tries the
/// phrases that can start with it.
static BY_FIRST_WORD: LazyLock<HashMap<String, Vec<usize>>> = LazyLock::new(|| {
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, phrase) in phrases().iter().enumerate() {
        for first in phrase.first_words() {
            index.entry(first.to_owned()).or_default().push(i);
        }
    }
    index
});

/// Tags an act phrase keeps from the words it takes ("tirer sur *la classe*").
const KEPT_BY_ACTS: Tags = Tags::TARGETS
    .union(Tags::TIME)
    .union(Tags::FIRST)
    .union(Tags::FUTURE)
    .union(Tags::CARRY);

/// Matches phrases left to right; a matched phrase's first word takes its meaning and span,
/// the others are absorbed.
fn join_phrases(words: &mut [Word]) {
    let mut start = 0;
    while start < words.len() {
        let mut candidates: Vec<usize> = words[start]
            .forms
            .iter()
            .filter_map(|f| BY_FIRST_WORD.get(f))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let matched = candidates.into_iter().find_map(|i| {
            let phrase = &phrases()[i];
            let spells = |at: usize, spelling: &str| words[at].is(spelling);
            let free = |at: usize| !words[at].absorbed;
            let end = phrase.match_at(start, words.len(), &spells, &free)?;
            Some((end, phrase.meaning))
        });
        match matched {
            Some((end, meaning)) => {
                apply(words, start..end, meaning);
                start = end;
            }
            None => start += 1,
        }
    }
}

/// Gives `meaning` to the phrase covering `range`.
fn apply(words: &mut [Word], range: Range<usize>, meaning: Meaning) {
    let kept = if meaning.act.is_some() {
        words[range.clone()]
            .iter()
            .fold(Tags::NONE, |acc, w| acc | w.tags)
            .intersect(KEPT_BY_ACTS)
    } else {
        Tags::NONE
    };
    let end = words[range.end - 1].span.end;
    for word in &mut words[range.start + 1..range.end] {
        word.tags = Tags::NONE;
        word.act = None;
        word.absorbed = true;
    }
    let first = &mut words[range.start];
    first.span.end = end;
    first.tags = meaning.tags | kept;
    first.act = meaning.act;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screening::act::Family;

    fn words(text: &str) -> Vec<Word> {
        read(text).into_iter().filter(|w| !w.absorbed).collect()
    }

    #[test]
    fn words_get_their_lexicon_meaning() {
        let w = words("bombe demain cour");
        assert_eq!(w[0].act.map(|a| a.family), Some(Family::Weapon));
        assert!(w[1].has(Tags::TIME));
        assert!(w[2].has(Tags::PLACE));
    }

    #[test]
    fn glued_first_person_is_read() {
        let w = words("jvais jramène jtire");
        assert!(w[0].has(Tags::FIRST) && w[0].has(Tags::FUTURE));
        assert!(w[1].has(Tags::CARRY));
        assert_eq!(w[2].act.map(|a| a.family), Some(Family::Shooting));
    }

    #[test]
    fn misspelt_violent_words_are_found() {
        let w = words("égorjer fusiade atantat");
        assert!(w.iter().all(|w| w.act.is_some()), "{w:?}");
    }

    #[test]
    fn numbers_are_read_by_shape() {
        let w = words("à 11h ou 15h30 en 4eB pour 1945 et 2026");
        assert!(w[1].has(Tags::TIME));
        assert!(w[3].has(Tags::TIME));
        assert!(w[5].has(Tags::GROUP));
        assert!(w[7].has(Tags::HISTORY));
        assert!(w[9].tags.is_empty());
    }

    #[test]
    fn a_phrase_replaces_its_words() {
        let text = "on va faire sauter le lycée";
        let w = words(text);
        let phrase = w.iter().find(|w| w.act.is_some()).unwrap();
        assert_eq!(&text[phrase.span.clone()], "faire sauter");
        assert_eq!(phrase.act.map(|a| a.strength), Some(3));
        let drill = words("ce n'est pas un exercice");
        assert!(drill.iter().any(|w| w.has(Tags::INSISTS)));
        assert!(!drill.iter().any(|w| w.has(Tags::DRILL)));
    }

    #[test]
    fn an_act_phrase_keeps_the_target_it_swallowed() {
        let w = words("je tire sur la classe");
        let shot = w.iter().find(|w| w.act.is_some()).unwrap();
        assert!(shot.has(Tags::PLACE), "{shot:?}");
    }
}
