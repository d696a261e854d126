//! Cutting a message into words, undoing the disguises threat senders use on them.
//!
//! Characters are folded first ([`super::normalise`]); then:
//! - **leetspeak**: inside a word that has at least two letters, `0 1 3 4 5 7 8 9 @ $ € ! |`
//!   read as `o i e a s t b g a s e i l` ("b0mb3", "att@ntat", "4tt3nt4t"); "11h", "2024"
//!   and "3e" stay numbers. Both readings of `1` (i and l) and the raw spelling ("ak47") are
//!   kept as alternative forms;
//! - **elongation**: "bommmbe", "attentaaat" also read squeezed;
//! - **spaced letters**: three or more single letters separated by a space, dot, dash, star or
//!   underscore ("B O M B E", "b.o.m.b.e", "a-t-t-e-n-t-a-t") are glued and cut again into
//!   the known words they spell;
//! - **split words**: two or three short pieces that only make a word of violence together
//!   ("bom be", "at ten tat") are joined;
//! - **emoji** become words ([`super::emoji`]).
//!
//! Each token remembers its byte span in the original text, so reasons quote the message
//! as written.

use super::emoji::emoji_word;
use super::lexicon::lexicon;
use super::normalise::{fold_char, is_invisible};
use std::ops::Range;

/// One word of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Folded spellings to look up, most likely first; never empty.
    pub forms: Vec<String>,
    /// Where it is in the original text, in bytes.
    pub span: Range<usize>,
    /// It was an emoji.
    pub emoji: bool,
    /// Separated from the previous token by at most two characters on the same line.
    pub close_to_previous: bool,
}

/// A word as cut, before spaced letters and split words are repaired.
#[derive(Debug)]
struct Piece {
    /// Folded text, inner symbols included.
    text: String,
    span: Range<usize>,
    emoji: Option<&'static str>,
    /// Characters between the previous piece and this one.
    gap: usize,
    /// A line break between the previous piece and this one.
    gap_newline: bool,
}

/// Symbols that are letters in leetspeak, and so part of a word while inside one.
fn leet_symbol(c: char) -> Option<char> {
    match c {
        '@' => Some('a'),
        '$' => Some('s'),
        '€' => Some('e'),
        '!' => Some('i'),
        '|' => Some('l'),
        _ => None,
    }
}

/// The letter a digit stands for in leetspeak.
fn leet_digit(c: char) -> Option<char> {
    match c {
        '0' => Some('o'),
        '1' => Some('i'),
        '3' => Some('e'),
        '4' => Some('a'),
        '5' => Some('s'),
        '7' => Some('t'),
        '8' => Some('b'),
        '9' => Some('g'),
        _ => None,
    }
}

/// Cuts `text` into tokens.
pub fn tokenise(text: &str) -> Vec<Token> {
    let pieces = cut(text);
    let tokens = repair_spaced_letters(pieces);
    join_split_words(tokens)
}

/// Cuts folded text at separators; emoji are pieces of their own.
fn cut(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut word = String::new();
    let mut start = 0;
    let mut end = 0;
    let mut gap = 0;
    let mut gap_newline = false;
    let mut folded = String::new();
    for (at, c) in text.char_indices() {
        let next = at + c.len_utf8();
        if is_invisible(c) {
            if !word.is_empty() {
                end = next;
            }
            continue;
        }
        if let Some(meaning) = emoji_word(c) {
            flush(
                &mut pieces,
                &mut word,
                start..end,
                &mut gap,
                &mut gap_newline,
            );
            pieces.push(Piece {
                text: meaning.to_owned(),
                span: at..next,
                emoji: Some(meaning),
                gap,
                gap_newline,
            });
            gap = 0;
            gap_newline = false;
            continue;
        }
        folded.clear();
        if leet_symbol(c).is_some() {
            folded.push(c);
        } else {
            fold_char(c, &mut folded);
        }
        for f in folded.chars() {
            if f.is_ascii_alphanumeric() || leet_symbol(f).is_some() {
                if word.is_empty() {
                    start = at;
                }
                word.push(f);
                end = next;
            } else {
                flush(
                    &mut pieces,
                    &mut word,
                    start..end,
                    &mut gap,
                    &mut gap_newline,
                );
                gap += 1;
                gap_newline |= f == '\n';
            }
        }
    }
    flush(
        &mut pieces,
        &mut word,
        start..end,
        &mut gap,
        &mut gap_newline,
    );
    pieces
}

/// Ends the current word, if any, trimming leetspeak symbols at its edges ("salut!").
fn flush(
    pieces: &mut Vec<Piece>,
    word: &mut String,
    span: Range<usize>,
    gap: &mut usize,
    gap_newline: &mut bool,
) {
    let trimmed = word.trim_matches(|c| leet_symbol(c).is_some());
    if !trimmed.is_empty() {
        pieces.push(Piece {
            text: trimmed.to_owned(),
            span,
            emoji: None,
            gap: *gap,
            gap_newline: *gap_newline,
        });
        *gap = 0;
        *gap_newline = false;
    } else if !word.is_empty() {
        *gap += word.chars().count();
    }
    word.clear();
}

/// The spellings a word may stand for: leetspeak read or not, elongations squeezed.
fn forms_of(text: &str) -> Vec<String> {
    let letters = text.chars().filter(char::is_ascii_alphabetic).count();
    let digits_are_leet = text
        .chars()
        .filter(char::is_ascii_digit)
        .all(|c| leet_digit(c).is_some());
    let read = |one: char| -> String {
        text.chars()
            .map(|c| match (leet_symbol(c), leet_digit(c)) {
                (_, Some(_)) if c == '1' => one,
                (Some(letter), _) | (_, Some(letter)) => letter,
                _ => c,
            })
            .collect()
    };
    let mut forms = Vec::with_capacity(3);
    if letters >= 2 && digits_are_leet {
        forms.push(read('i'));
        forms.push(read('l'));
    }
    let raw: String = text.chars().filter(char::is_ascii_alphanumeric).collect();
    forms.push(raw);
    let mut all = Vec::with_capacity(forms.len() * 2);
    for form in &forms {
        push_new(&mut all, form.clone());
        if let Some(squeezed) = squeeze_long_runs(form) {
            for variant in squeezed {
                push_new(&mut all, variant);
            }
        }
    }
    all
}

fn push_new(forms: &mut Vec<String>, form: String) {
    if !form.is_empty() && !forms.contains(&form) {
        forms.push(form);
    }
}

/// For a word with a letter repeated three times or more, the word with those runs cut to
/// one letter and to two ("bommmbe" → "bombe", "kiiiill" → "kil", "kill").
fn squeeze_long_runs(word: &str) -> Option<[String; 2]> {
    let bytes = word.as_bytes();
    if !bytes.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    let cut_to = |keep: usize| -> String {
        let mut out = String::with_capacity(word.len());
        let mut run = 0;
        for (i, c) in chars.iter().enumerate() {
            run = if i > 0 && chars[i - 1] == *c {
                run + 1
            } else {
                1
            };
            if run <= keep {
                out.push(*c);
            }
        }
        out
    };
    Some([cut_to(1), cut_to(2)])
}

/// A piece is "close" to the one before when they are on the same line with at most two
/// separator characters between them.
fn is_close(piece: &Piece) -> bool {
    piece.gap <= 2 && !piece.gap_newline
}

/// Turns pieces into tokens, gluing runs of single letters ("B O M B E") and cutting the
/// glued letters into the known words they contain.
fn repair_spaced_letters(pieces: Vec<Piece>) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        let run_end = single_letter_run_end(&pieces, i);
        if run_end - i >= 3 {
            let run = &pieces[i..run_end];
            let found = words_in_run(run);
            if !found.is_empty() {
                tokens.extend(found);
                i = run_end;
                continue;
            }
        }
        let piece = &pieces[i];
        tokens.push(Token {
            forms: match piece.emoji {
                Some(meaning) => vec![meaning.to_owned()],
                None => forms_of(&piece.text),
            },
            span: piece.span.clone(),
            emoji: piece.emoji.is_some(),
            close_to_previous: i > 0 && is_close(piece),
        });
        i += 1;
    }
    tokens
}

/// The end of the run of close single-character pieces starting at `start`.
fn single_letter_run_end(pieces: &[Piece], start: usize) -> usize {
    let single = |p: &Piece| p.emoji.is_none() && p.text.chars().count() == 1;
    let mut end = start;
    while end < pieces.len() && single(&pieces[end]) && (end == start || is_close(&pieces[end])) {
        end += 1;
    }
    end
}

/// The known words (three letters or more) spelt by a run of single letters, read left to
/// right, longest word first; letters that start no known word are skipped.
fn words_in_run(run: &[Piece]) -> Vec<Token> {
    let letters: Vec<char> = run
        .iter()
        .filter_map(|p| p.text.chars().next())
        .map(|c| leet_digit(c).or(leet_symbol(c)).unwrap_or(c))
        .collect();
    let lexicon = lexicon();
    let mut found = Vec::new();
    let mut at = 0;
    while at < letters.len() {
        let longest = (3..=(letters.len() - at).min(24)).rev().find(|&len| {
            let word: String = letters[at..at + len].iter().collect();
            lexicon.get(&word).is_some()
        });
        match longest {
            Some(len) => {
                found.push(Token {
                    forms: vec![letters[at..at + len].iter().collect()],
                    span: run[at].span.start..run[at + len - 1].span.end,
                    emoji: false,
                    close_to_previous: at > 0 || is_close(&run[0]),
                });
                at += len;
            }
            None => at += 1,
        }
    }
    found
}

/// The longest piece of a word split by spaces ("at ten tat", "ex plo sif").
const MAX_FRAGMENT: usize = 4;

/// Joins two or three close pieces that spell a word of violence only together
/// ("bom be", "at ten tat", "ak 47"), when none of them is a known word alone.
fn join_split_words(tokens: Vec<Token>) -> Vec<Token> {
    let lexicon = lexicon();
    let strongly_violent = |form: &str| {
        form.len() >= 4
            && lexicon
                .get(form)
                .and_then(|e| e.act)
                .is_some_and(|act| act.strength >= 2)
    };
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        // Only fragments are joined — short pieces that are no word themselves: "tu es"
        // stays two words, "bom be" becomes one.
        let joinable = |t: &Token| {
            !t.emoji
                && t.forms[0].len() <= MAX_FRAGMENT
                && !t.forms.iter().any(|f| lexicon.get(f).is_some())
        };
        let mut joined = None;
        for len in [3, 2] {
            let Some(group) = tokens.get(i..i + len) else {
                continue;
            };
            if !group.iter().all(joinable) || !group[1..].iter().all(|t| t.close_to_previous) {
                continue;
            }
            let word: String = group.iter().map(|t| t.forms[0].as_str()).collect();
            if strongly_violent(&word) {
                joined = Some((len, word));
                break;
            }
        }
        match joined {
            Some((len, word)) => {
                out.push(Token {
                    forms: vec![word],
                    span: tokens[i].span.start..tokens[i + len - 1].span.end,
                    emoji: false,
                    close_to_previous: tokens[i].close_to_previous,
                });
                i += len;
            }
            None => {
                out.push(tokens[i].clone());
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenise(text)
            .into_iter()
            .map(|t| t.forms[0].clone())
            .collect()
    }

    fn written<'a>(text: &'a str, token: &Token) -> &'a str {
        &text[token.span.clone()]
    }

    #[test]
    fn words_are_folded_and_cut_at_punctuation_and_apostrophes() {
        assert_eq!(words("L'École, demain !"), ["l", "ecole", "demain"]);
        assert_eq!(words("j'vais"), ["j", "vais"]);
    }

    #[test]
    fn leetspeak_is_read_inside_words_only() {
        assert_eq!(
            words("b0mb3 att@ntat 4tt3nt4t"),
            ["bombe", "attantat", "attentat"]
        );
        assert_eq!(words("à 11h le 12"), ["a", "11h", "le", "12"]);
        let k1ll = tokenise("k1ll");
        assert!(k1ll[0].forms.contains(&"kill".to_owned()));
        let ak = tokenise("ak47");
        assert!(ak[0].forms.contains(&"ak47".to_owned()));
    }

    #[test]
    fn elongated_words_are_also_read_squeezed() {
        let token = &tokenise("bommmbeeee")[0];
        assert!(token.forms.contains(&"bombe".to_owned()));
    }

    #[test]
    fn spaced_and_dotted_letters_are_glued_into_words() {
        let text = "B O M B E sous le bureau";
        let tokens = tokenise(text);
        assert_eq!(tokens[0].forms[0], "bombe");
        assert_eq!(written(text, &tokens[0]), "B O M B E");
        assert_eq!(words("b.o.m.b.e"), ["bombe"]);
        assert_eq!(words("a-t-t-e-n-t-a-t"), ["attentat"]);
        assert_eq!(words("b o m b e   c a n t i n e"), ["bombe", "cantine"]);
        // Letters that start no known word are dropped from a glued run.
        assert_eq!(words("il y a u n e b o m b e"), ["il", "bombe"]);
    }

    #[test]
    fn ordinary_single_letters_are_left_alone() {
        assert_eq!(words("il y a 3 élèves"), ["il", "y", "a", "3", "eleves"]);
    }

    #[test]
    fn split_words_of_violence_are_joined() {
        assert_eq!(words("une bom be"), ["une", "bombe"]);
        assert_eq!(words("at ten tat"), ["attentat"]);
        assert_eq!(words("la lame"), ["la", "lame"]);
    }

    #[test]
    fn emoji_become_words_and_keep_their_span() {
        let text = "🔫🔫 demain";
        let tokens = tokenise(text);
        assert_eq!(tokens[0].forms[0], "pistolet");
        assert!(tokens[0].emoji);
        assert_eq!(written(text, &tokens[1]), "🔫");
    }

    #[test]
    fn invisible_characters_do_not_split_words() {
        assert_eq!(words("bo\u{200B}mbe"), ["bombe"]);
    }
}
