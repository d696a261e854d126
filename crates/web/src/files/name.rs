//! File names as the sender's computer gave them, made safe to keep and show.

use cartable_core::directory::is_invisible_format;

/// The longest name kept, in characters.
const MAX_CHARS: usize = 120;

/// The longest ending (dot included) kept whole when a long name is shortened.
const MAX_EXTENSION_CHARS: usize = 16;

/// The name given to a file whose own name has nothing left once cleaned.
const FALLBACK: &str = "fichier";

/// A file name fit to store and to show: no directories (some browsers send the full path),
/// no control or invisible formatting characters (a right-to-left override turns
/// `photo<U+202E>gpj.exe` into what reads as `photoexe.jpg`), no leading or trailing dots and
/// blanks, at most [`MAX_CHARS`] characters with its extension kept, and never empty.
pub fn sanitise(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
        .collect();
    let clean = clean.trim_matches(|c: char| c.is_whitespace() || c == '.');
    if clean.is_empty() {
        return FALLBACK.to_owned();
    }
    if clean.chars().count() <= MAX_CHARS {
        return clean.to_owned();
    }
    let extension = clean
        .rfind('.')
        .map(|dot| &clean[dot..])
        .filter(|ext| ext.chars().count() <= MAX_EXTENSION_CHARS)
        .unwrap_or_default();
    let stem = &clean[..clean.len() - extension.len()];
    let kept = MAX_CHARS - extension.chars().count();
    let stem: String = stem.chars().take(kept).collect();
    format!("{}{extension}", stem.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_hidden_characters_are_dropped() {
        assert_eq!(sanitise("C:\\Users\\léa\\Devoir n°3.pdf"), "Devoir n°3.pdf");
        assert_eq!(sanitise("../../etc/passwd"), "passwd");
        assert_eq!(sanitise("photo\u{202E}gpj.exe"), "photogpj.exe");
        assert_eq!(sanitise("a\r\nb\0c\td.txt"), "abcd.txt");
        assert_eq!(sanitise("  .bashrc. "), "bashrc");
        assert_eq!(
            sanitise("Compte rendu « sortie » ; l'été.odt"),
            "Compte rendu « sortie » ; l'été.odt"
        );
    }

    #[test]
    fn a_name_is_never_empty() {
        for raw in ["", "   ", "..", "/", "dir/", "\u{202E}\u{200B}", "\n"] {
            assert_eq!(sanitise(raw), FALLBACK, "{raw:?}");
        }
    }

    #[test]
    fn long_names_are_cut_but_keep_their_extension() {
        let long = format!("{}.pdf", "é".repeat(300));
        let cut = sanitise(&long);
        assert_eq!(cut.chars().count(), MAX_CHARS);
        assert!(cut.ends_with("é.pdf"), "{cut}");

        let no_extension = "a".repeat(200);
        assert_eq!(sanitise(&no_extension), "a".repeat(MAX_CHARS));

        let odd_ending = format!("x.{}", "y".repeat(200));
        assert_eq!(sanitise(&odd_ending).chars().count(), MAX_CHARS);
        assert!(sanitise(&odd_ending).starts_with("x.yyy"));
    }
}
