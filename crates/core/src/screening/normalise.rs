//! Character folding: what a letter *reads as*, whatever way it was typed.
//!
//! Every character of a message goes through [`fold_char`] before words are cut:
//! 1. invisible characters (zero-width spaces and joiners, soft hyphens, variation selectors,
//!    skin tones) vanish, so `bo\u{200B}mbe` is one word;
//! 2. look-alike letters from other scripts become Latin ([`super::confusables`]);
//! 3. NFKD decomposition splits `é` into `e` + accent and maps compatibility forms (fullwidth,
//!    mathematical, circled, superscript letters) to plain ones; the accents are dropped, so
//!    "égorger", "egorger" and "ÉGORGER" are the same word;
//! 4. everything is lower-cased.
//!
//! Leetspeak (`b0mbe`) is *not* undone here: a digit is only a letter inside a word that has
//! letters, which the tokeniser decides ([`super::tokenise`]).

use super::confusables::latin_look_alike;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Characters that display as nothing (or only change how the previous one displays).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
        || is_combining_mark(c)
}

/// Appends to `out` what `c` reads as: lowercase letters without accents, digits, or the
/// character itself (lower-cased) for punctuation and symbols.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase()); // the common case, with nothing to decompose
        return;
    }
    if is_invisible(c) {
        return;
    }
    if let Some(latin) = latin_look_alike(c) {
        out.push_str(latin);
        return;
    }
    decompose_compatible(c, |part| {
        if is_combining_mark(part) {
            return;
        }
        if let Some(latin) = latin_look_alike(part) {
            out.push_str(latin);
            return;
        }
        out.extend(part.to_lowercase().filter(|c| !is_combining_mark(*c)));
    });
}

/// A whole text folded, for tests and for the lexicon's own keys.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_invisible_characters_disappear() {
        assert_eq!(fold("ÉGORGER"), "egorger");
        assert_eq!(fold("préparez-vous"), "preparez-vous");
        assert_eq!(fold("bo\u{200B}m\u{00AD}be"), "bombe");
        assert_eq!(fold("b̷o̷m̷b̷e̷"), "bombe");
        assert_eq!(fold("Çà"), "ca");
    }

    #[test]
    fn compatibility_forms_and_look_alikes_become_plain_latin() {
        assert_eq!(fold("ｂｏｍｂｅ"), "bombe");
        assert_eq!(fold("𝐛𝐨𝐦𝐛𝐞"), "bombe");
        assert_eq!(fold("𝓉𝓊𝑒𝓇"), "tuer");
        assert_eq!(fold("ⓑⓞⓜⓑⓔ"), "bombe");
        assert_eq!(fold("аttеntаt"), "attentat");
        assert_eq!(fold("ΒΟΜΒΕ"), "bombe");
        assert_eq!(fold("ʙᴏᴍʙᴇ"), "bombe");
        assert_eq!(fold("🅱🅾🅼🅱🅴"), "bombe");
        assert_eq!(fold("cœur"), "coeur");
    }

    #[test]
    fn digits_and_symbols_stay_for_the_tokeniser() {
        assert_eq!(fold("b0mb3 @ 11h"), "b0mb3 @ 11h");
    }
}
