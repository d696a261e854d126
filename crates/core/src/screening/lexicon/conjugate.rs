//! The spellings of a French `-er` verb, so the lexicon lists "tuer" once and still knows
//! "tuerai", "tuons", "tués" — and which of them speak of the future.
//!
//! Accents are already folded away (é → e), so "tué", "tue" and "tuée" are spelled `tue`,
//! `tue`, `tuee`: a form ending in `e`/`es`/`ee`/`ees` may be a participle, and the rules only
//! read it as one after a past auxiliary ("il *a* tué").

use crate::screening::act::Form;

/// Endings of the present, infinitive, imperative, imperfect and gerund.
const PRESENT: [&str; 11] = [
    "ent", "ons", "ez", "er", "ais", "ait", "aient", "ions", "iez", "ant", "a",
];
/// Endings that may be participles (and are also the present singular).
const PARTICIPLE: [&str; 4] = ["e", "es", "ee", "ees"];
/// Endings of the future and the conditional: they carry intent.
const FUTURE: [&str; 11] = [
    "erai", "eras", "era", "erons", "erez", "eront", "erais", "erait", "eraient", "erions", "eriez",
];

/// Every spelling of the `-er` verb `infinitive` (already folded), with its form.
pub fn er_verb(infinitive: &str) -> Vec<(String, Form)> {
    let Some(stem) = infinitive.strip_suffix("er") else {
        return vec![(infinitive.to_owned(), Form::Verb)];
    };
    let mut forms = Vec::with_capacity(PRESENT.len() + PARTICIPLE.len() + FUTURE.len());
    for ending in PRESENT {
        forms.push((format!("{stem}{ending}"), Form::Verb));
        // "égorger" keeps an e before a and o: égorgeons, égorgeait.
        if stem.ends_with('g') && (ending.starts_with('a') || ending.starts_with('o')) {
            forms.push((format!("{stem}e{ending}"), Form::Verb));
        }
    }
    for ending in PARTICIPLE {
        forms.push((format!("{stem}{ending}"), Form::Participle));
    }
    for ending in FUTURE {
        forms.push((format!("{stem}{ending}"), Form::Future));
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form_of(verb: &str, spelling: &str) -> Option<Form> {
        er_verb(verb)
            .into_iter()
            .find(|(s, _)| s == spelling)
            .map(|(_, f)| f)
    }

    #[test]
    fn an_er_verb_knows_its_present_participles_and_future() {
        assert_eq!(form_of("tuer", "tuer"), Some(Form::Verb));
        assert_eq!(form_of("tuer", "tuons"), Some(Form::Verb));
        assert_eq!(form_of("tuer", "tues"), Some(Form::Participle));
        assert_eq!(form_of("tuer", "tuerai"), Some(Form::Future));
        assert_eq!(form_of("exploser", "explosera"), Some(Form::Future));
        assert_eq!(form_of("egorger", "egorgeons"), Some(Form::Verb));
        assert_eq!(form_of("tuer", "tube"), None);
    }
}
