//! UAI codes, the national identifier of a French school.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A validated UAI (*unité administrative immatriculée*, formerly RNE): seven digits and a
/// check letter, e.g. `0751234J`. The letter is the seven-digit number modulo 23 in the
/// alphabet without I, O and Q, so a mistyped digit is caught at the edge.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uai(String);

const CHECK_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPRSTUVWXYZ";

/// Why a string is not a UAI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidUai {
    /// Not seven digits followed by a letter.
    #[error("a UAI is seven digits followed by a letter, e.g. 0751234J")]
    Format,
    /// The letter does not match the digits.
    #[error("the UAI's check letter does not match its digits")]
    CheckLetter,
}

impl Uai {
    /// Parses user input (trimmed, case-insensitive) into a UAI.
    pub fn parse(text: &str) -> Result<Uai, InvalidUai> {
        let upper = text.trim().to_ascii_uppercase();
        let bytes = upper.as_bytes();
        if bytes.len() != 8
            || !bytes[..7].iter().all(u8::is_ascii_digit)
            || !bytes[7].is_ascii_uppercase()
        {
            return Err(InvalidUai::Format);
        }
        if bytes[7] != Self::check_letter(&upper[..7]) {
            return Err(InvalidUai::CheckLetter);
        }
        Ok(Uai(upper))
    }

    /// Builds the UAI for seven digits by appending their check letter.
    pub fn from_digits(digits: u32) -> Uai {
        let digits = format!("{:07}", digits % 10_000_000);
        let letter = Self::check_letter(&digits) as char;
        Uai(format!("{digits}{letter}"))
    }

    fn check_letter(digits: &str) -> u8 {
        let number: u64 = digits.parse().unwrap_or(0);
        CHECK_LETTERS[(number % 23) as usize]
    }

    /// The UAI as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Uai {
    type Error = InvalidUai;
    fn try_from(text: String) -> Result<Uai, InvalidUai> {
        Uai::parse(&text)
    }
}

impl From<Uai> for String {
    fn from(uai: Uai) -> String {
        uai.0
    }
}

impl fmt::Display for Uai {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_uais_parse_back() {
        let uai = Uai::from_digits(751234);
        assert_eq!(uai.as_str().len(), 8);
        assert_eq!(Uai::parse(&uai.as_str().to_lowercase()), Ok(uai));
    }

    #[test]
    fn wrong_letter_or_format_is_refused() {
        let uai = Uai::from_digits(751234);
        let mut wrong = uai.as_str().to_owned();
        let last = wrong.pop().map(|c| if c == 'A' { 'B' } else { 'A' });
        wrong.extend(last);
        assert_eq!(Uai::parse(&wrong), Err(InvalidUai::CheckLetter));
        assert_eq!(Uai::parse("075123J"), Err(InvalidUai::Format));
        assert_eq!(Uai::parse("07512345"), Err(InvalidUai::Format));
    }
}
