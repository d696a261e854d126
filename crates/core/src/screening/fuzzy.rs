//! Misspellings: "atantat", "égorjer", "fusiade" are one slip away from the word meant.
//!
//! Two spellings match when, after squeezing doubled letters ("attentat" → "atentat",
//! "fusillade" → "fusilade", so that doubling or undoubling a letter costs nothing), they are
//! within one edit: one letter inserted, deleted, replaced, or two neighbours swapped (the
//! Damerau–Levenshtein distance is at most 1). Only long, unambiguous lexicon words are
//! matched this way (see `lexicon::violence::FUZZY`): "bombe" is one letter from "tombe".

/// `word` with every run of a repeated letter reduced to one: "attentaaat" → "atentat".
pub fn squeeze(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    for c in word.chars() {
        if last != Some(c) {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// Whether `a` and `b` differ by at most one insertion, deletion, substitution or swap of
/// two adjacent characters. Compares bytes: the words compared are folded, hence ASCII (a
/// stray multi-byte character only makes two words look further apart).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if prefix == short.len() {
        return true; // equal, or one letter added at the end
    }
    if short.len() == long.len() {
        // One substitution, or a swap of positions prefix and prefix + 1.
        let substituted = short[prefix + 1..] == long[prefix + 1..];
        let swapped = prefix + 1 < short.len()
            && short[prefix] == long[prefix + 1]
            && short[prefix + 1] == long[prefix]
            && short[prefix + 2..] == long[prefix + 2..];
        substituted || swapped
    } else {
        // One letter inserted at `prefix` in the longer word.
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeezing_removes_doubled_letters() {
        assert_eq!(squeeze("attentaaaat"), "atentat");
        assert_eq!(squeeze("fusillade"), "fusilade");
        assert_eq!(squeeze(""), "");
    }

    #[test]
    fn one_edit_of_any_kind_matches_two_do_not() {
        assert!(within_one_edit("egorger", "egorjer")); // substitution
        assert!(within_one_edit("fusilade", "fusiade")); // deletion
        assert!(within_one_edit("atentat", "atentats")); // insertion at the end
        assert!(within_one_edit("atentat", "aetntat")); // swap
        assert!(within_one_edit("atentat", "atentat"));
        assert!(!within_one_edit("atentat", "atantas"));
        assert!(!within_one_edit("bombe", "bo"));
        assert!(!within_one_edit("explosif", "exclusif"));
    }
}
