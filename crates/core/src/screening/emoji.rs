//! Emoji read as words.
//!
//! `🔫🔫 demain` says "weapon tomorrow" as plainly as the words would, and `😂` says "I am
//! joking". Each emoji that carries meaning for the screening becomes a word of the lexicon
//! (French, since the lexicon is keyed by French and English words alike); the reasons still
//! show the emoji as written. Emoji that carry nothing here are ignored like punctuation.

/// The lexicon word an emoji stands for, or `None` when it means nothing to the screening.
pub fn emoji_word(c: char) -> Option<&'static str> {
    let word = match c {
        '\u{1F52B}' => "pistolet",              // 🔫
        '\u{1F4A3}' => "bombe",                 // 💣
        '\u{1F9E8}' => "dynamite",              // 🧨
        '\u{1F52A}' | '\u{1F5E1}' => "couteau", // 🔪 🗡
        '\u{1FA93}' => "hache",                 // 🪓
        '\u{2694}' => "arme",                   // ⚔
        '\u{1F4A5}' => "explosion",             // 💥
        '\u{2620}' => "mort",                   // ☠
        '\u{26B0}' | '\u{1FAA6}' => "cercueil", // ⚰ 🪦
        '\u{1FA78}' => "sang",                  // 🩸
        '\u{1F525}' => "feu",                   // 🔥
        '\u{1F602}' | '\u{1F923}' | '\u{1F639}' | '\u{1F606}' | '\u{1F605}' | '\u{1F61C}'
        | '\u{1F61D}' | '\u{1F92A}' | '\u{1F480}' => "mdr", // 😂 🤣 😹 😆 😅 😜 😝 🤪 💀 (teens' "I'm dead")
        _ => return None,
    };
    Some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weapons_and_laughter_become_words() {
        assert_eq!(emoji_word('🔫'), Some("pistolet"));
        assert_eq!(emoji_word('💣'), Some("bombe"));
        assert_eq!(emoji_word('🔪'), Some("couteau"));
        assert_eq!(emoji_word('😂'), Some("mdr"));
        assert_eq!(emoji_word('🎉'), None);
        assert_eq!(emoji_word('a'), None);
    }
}
