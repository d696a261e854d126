//! The lexicon: every word the screening knows, with what it means.
//!
//! Words are stored folded (no accents, lowercase, see [`super::normalise`]) in one hash map,
//! built once on first use from the tables in [`violence`] (acts of violence) and [`context`]
//! (targets, times, intent, grammar, topics). A word may carry an [`Act`], [`Tags`], or both.
//! Lookups are exact; [`Lexicon::fuzzy`] tolerates one slip on long violent words, and
//! letters typed one by one are cut into words by the tokeniser with [`Lexicon::get`].

mod conjugate;
mod context;
mod topics;
mod violence;

use super::act::Act;
use super::fuzzy::{squeeze, within_one_edit};
use super::normalise::fold;
use super::tags::Tags;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What one word means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Entry {
    /// Its context tags.
    pub tags: Tags,
    /// The violence it names, if any.
    pub act: Option<Act>,
}

/// Every known word.
#[derive(Debug)]
pub struct Lexicon {
    words: HashMap<String, Entry>,
    /// Squeezed spellings of the words that may be matched approximately.
    fuzzy: Vec<(String, Entry)>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

/// The lexicon, built on first use.
pub fn lexicon() -> &'static Lexicon {
    &LEXICON
}

impl Lexicon {
    fn build() -> Lexicon {
        let mut words: HashMap<String, Entry> = HashMap::new();
        let mut add_act = |word: String, act: Act| {
            let entry = words.entry(word).or_default();
            // Where two lists share a spelling ("attaque" the noun and the verb), the first
            // listed form stays and the strongest strength wins.
            entry.act = Some(match entry.act {
                Some(old) => Act {
                    strength: old.strength.max(act.strength),
                    ..old
                },
                None => act,
            });
        };
        for (act, list) in violence::NOUNS {
            for word in *list {
                add_act(fold(word), *act);
            }
        }
        for (act, form, list) in violence::VERB_FORMS {
            for word in *list {
                add_act(fold(word), act.with_form(*form));
            }
        }
        for (act, list) in violence::ER_VERBS {
            for infinitive in *list {
                for (spelling, form) in conjugate::er_verb(&fold(infinitive)) {
                    add_act(spelling, act.with_form(form));
                }
            }
        }
        for (tags, list) in context::CONTEXT.iter().chain(topics::TOPICS) {
            for word in *list {
                words.entry(fold(word)).or_default().tags |= *tags;
            }
        }
        for word in violence::NEAR_MISSES {
            words.entry(fold(word)).or_default();
        }
        let fuzzy = violence::FUZZY
            .iter()
            .filter_map(|word| {
                let entry = words.get(*word)?;
                Some((squeeze(word), *entry))
            })
            .collect();
        Lexicon { words, fuzzy }
    }

    /// The meaning of a folded word, spelt exactly.
    pub fn get(&self, word: &str) -> Option<&Entry> {
        self.words.get(word)
    }

    /// The meaning of a long word that is one slip away from a long violent or school word,
    /// when it is not a known word itself.
    pub fn fuzzy(&self, word: &str) -> Option<&Entry> {
        if word.chars().count() < 5 || self.words.contains_key(word) {
            return None;
        }
        let squeezed = squeeze(word);
        self.fuzzy
            .iter()
            .find(|(key, _)| within_one_edit(key, &squeezed))
            .map(|(_, entry)| entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screening::act::{Family, Form};

    #[test]
    fn words_are_found_folded_and_conjugated() {
        let lexicon = lexicon();
        let tuerai = lexicon.get("tuerai").and_then(|e| e.act).unwrap();
        assert_eq!(
            (tuerai.family, tuerai.form),
            (Family::Killing, Form::Future)
        );
        assert!(lexicon.get("ecole").unwrap().tags.any(Tags::PLACE));
        assert!(lexicon.get("école").is_none(), "keys are folded");
        let sortie = lexicon.get("sortie").unwrap().tags;
        assert!(sortie.any(Tags::PLACE) && sortie.any(Tags::TIME));
    }

    #[test]
    fn only_long_unambiguous_words_match_approximately() {
        let lexicon = lexicon();
        assert!(lexicon.fuzzy("egorjer").is_some());
        assert!(lexicon.fuzzy("fusiade").is_some());
        assert!(
            lexicon.fuzzy("tombe").is_none(),
            "bombe is never matched approximately"
        );
        assert!(lexicon.fuzzy("terrorisee").is_none(), "a known near miss");
        assert!(lexicon.fuzzy("bonjour").is_none());
    }
}
