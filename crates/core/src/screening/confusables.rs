//! Look-alike letters: characters from other scripts that display like Latin letters.
//!
//! A threat written `атtеntat` with Cyrillic `а` and `е` looks like "attentat" to a reader but
//! not to a word list. NFKD decomposition (in [`super::normalise`]) already maps fullwidth
//! (`ｂｏｍｂｅ`), mathematical (`𝐛𝐨𝐦𝐛𝐞`), circled and superscript letters to plain ones; this
//! table covers what NFKD leaves alone: Cyrillic and Greek letters, small capitals, letters with
//! strokes, ligatures, and the enclosed or regional-indicator letters used in emoji-style text.
//! Each entry maps to the Latin letters a reader sees, lowercase.

/// The Latin letters `c` looks like, or `None` when it is not a known look-alike.
pub fn latin_look_alike(c: char) -> Option<&'static str> {
    let letter = match c {
        // Enclosed letters (🄰 🅐 🅰) and regional indicators (🇦): a..z by offset.
        '\u{1F130}'..='\u{1F149}' => return enclosed(c, 0x1F130),
        '\u{1F150}'..='\u{1F169}' => return enclosed(c, 0x1F150),
        '\u{1F170}'..='\u{1F189}' => return enclosed(c, 0x1F170),
        '\u{1F1E6}'..='\u{1F1FF}' => return enclosed(c, 0x1F1E6),
        // Cyrillic.
        'а' | 'А' => "a",
        'в' | 'В' | 'ь' | 'Ь' | 'ъ' => "b",
        'с' | 'С' | 'ϲ' => "c",
        'ԁ' => "d",
        'е' | 'Е' | 'ё' | 'Ё' | 'є' | 'Є' => "e",
        'һ' | 'Һ' | 'н' | 'Н' => "h",
        'і' | 'І' | 'ї' | 'Ї' | 'ӏ' | 'Ӏ' => "i",
        'ј' | 'Ј' => "j",
        'к' | 'К' => "k",
        'м' | 'М' => "m",
        'п' | 'П' => "n",
        'о' | 'О' => "o",
        'р' | 'Р' => "p",
        'ԛ' => "q",
        'г' | 'Г' => "r",
        'ѕ' | 'Ѕ' => "s",
        'т' | 'Т' => "t",
        'и' | 'И' | 'ц' => "u",
        'ѵ' | 'Ѵ' => "v",
        'ш' | 'Ш' | 'щ' | 'ԝ' => "w",
        'х' | 'Х' | 'ж' => "x",
        'у' | 'У' | 'ү' => "y",
        'з' | 'З' => "3",
        // Greek.
        'α' | 'Α' | 'ά' => "a",
        'β' | 'Β' => "b",
        'ε' | 'Ε' | 'έ' => "e",
        'η' | 'Η' => "n",
        'ι' | 'Ι' | 'ί' => "i",
        'κ' | 'Κ' => "k",
        'μ' | 'Μ' => "m",
        'ν' | 'Ν' => "v",
        'ο' | 'Ο' | 'ό' | 'σ' => "o",
        'ρ' | 'Ρ' => "p",
        'τ' | 'Τ' => "t",
        'υ' | 'Υ' | 'ύ' => "u",
        'χ' | 'Χ' => "x",
        'ω' | 'Ω' => "w",
        'Ζ' => "z",
        'γ' => "y",
        // Small capitals, and Latin letters with hooks, bars or strokes, which have no
        // decomposition.
        'ᴀ' | 'ɑ' => "a",
        'ʙ' | 'ƀ' | 'ɓ' | 'ƃ' | 'Ƃ' | 'ƅ' | 'Ƅ' => "b",
        'ᴄ' | 'ƈ' | 'Ƈ' => "c",
        'ᴅ' | 'đ' | 'Đ' | 'ɗ' | 'ɖ' | 'Ɗ' => "d",
        'ᴇ' | 'ɛ' => "e",
        'ꜰ' | 'ƒ' | 'Ƒ' => "f",
        'ɢ' | 'ɡ' | 'ɠ' | 'Ɠ' => "g",
        'ʜ' | 'ħ' | 'Ħ' => "h",
        'ɪ' | 'ı' | 'ɩ' => "i",
        'ᴊ' => "j",
        'ᴋ' | 'ƙ' | 'Ƙ' => "k",
        'ʟ' | 'ł' | 'Ł' | 'ŀ' | 'Ŀ' | 'ƚ' | 'Ƚ' => "l",
        'ᴍ' | 'ɱ' => "m",
        'ɴ' | 'ɲ' | 'ƞ' | 'Ɲ' => "n",
        'ᴏ' | 'ø' | 'Ø' | 'ɵ' => "o",
        'ᴘ' | 'ƥ' | 'Ƥ' => "p",
        'ʀ' | 'ɽ' => "r",
        'ꜱ' | 'ʂ' => "s",
        'ᴛ' | 'ŧ' | 'ƭ' | 'ʈ' | 'Ƭ' | 'Ʈ' => "t",
        'ᴜ' => "u",
        'ᴠ' | 'ʋ' | 'Ʋ' => "v",
        'ᴡ' => "w",
        'ʏ' | 'ƴ' | 'Ƴ' => "y",
        'ᴢ' | 'ƶ' | 'Ƶ' | 'ȥ' | 'ʐ' => "z",
        // Ligatures that NFKD keeps whole.
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        _ => return None,
    };
    Some(letter)
}

/// Letter `n` of the alphabet for a block of 26 enclosed letters starting at `first`.
fn enclosed(c: char, first: u32) -> Option<&'static str> {
    const LETTERS: [&str; 26] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    let offset = u32::from(c).checked_sub(first)?;
    LETTERS.get(usize::try_from(offset).ok()?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_greek_and_enclosed_letters_read_as_latin() {
        let read: String = "аттеntат"
            .chars()
            .map(|c| latin_look_alike(c).map_or_else(|| c.to_string(), str::to_owned))
            .collect();
        assert_eq!(read, "attentat");
        assert_eq!(latin_look_alike('Β'), Some("b"));
        assert_eq!(latin_look_alike('🅱'), Some("b"));
        assert_eq!(latin_look_alike('🇿'), Some("z"));
        assert_eq!(latin_look_alike('ʙ'), Some("b"));
        assert_eq!(latin_look_alike('œ'), Some("oe"));
        assert_eq!(latin_look_alike('b'), None);
        assert_eq!(latin_look_alike('é'), None);
    }
}
