//! Handing work in: when a pupil's hand-in is on time, late or refused, and the mark a
//! teacher gives it.
//!
//! A homework can ask pupils to hand work in (text and files) before a deadline. Until the
//! deadline a pupil may replace what she handed in as often as she likes; after it, a pupil
//! who handed nothing in may still do so, marked late, but a hand-in already there stays as
//! it was when the deadline passed. Once the teacher has written feedback, the hand-in is
//! closed: the pupil cannot change what was marked.

use crate::Timestamp;
use std::fmt;

/// The most files one hand-in holds.
pub const MAX_HAND_IN_FILES: usize = 5;

/// How a hand-in stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Handed in by the deadline.
    OnTime,
    /// Handed in after the deadline, when nothing was there before.
    Late,
}

/// Why a hand-in is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HandInRefused {
    /// The deadline passed and something was already handed in: it is what the teacher
    /// marks, it can no longer be replaced.
    #[error("the deadline has passed: what was handed in can no longer be replaced")]
    DeadlinePassed,
    /// The teacher has already written feedback on the hand-in.
    #[error("the teacher has already reviewed this hand-in")]
    Reviewed,
}

/// What is already there when a pupil hands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Previous {
    /// Nothing yet.
    Nothing,
    /// A hand-in the teacher has not reviewed.
    HandedIn,
    /// A hand-in the teacher has reviewed.
    Reviewed,
}

/// Whether a hand-in at `now` is taken, and if so whether it is late.
pub fn timing(
    now: Timestamp,
    deadline: Timestamp,
    previous: Previous,
) -> Result<Timing, HandInRefused> {
    match previous {
        Previous::Reviewed => Err(HandInRefused::Reviewed),
        _ if now <= deadline => Ok(Timing::OnTime),
        Previous::HandedIn => Err(HandInRefused::DeadlinePassed),
        Previous::Nothing => Ok(Timing::Late),
    }
}

/// A deadline that has already passed when the homework is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the hand-in deadline has already passed")]
pub struct DeadlineInThePast;

/// A deadline given when a teacher sets a homework: it must still be ahead.
pub fn check_deadline(deadline: Timestamp, now: Timestamp) -> Result<Timestamp, DeadlineInThePast> {
    if deadline <= now {
        return Err(DeadlineInThePast);
    }
    Ok(deadline)
}

/// A mark a teacher typed that is not a number from 0 to 20 with at most two decimals.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkError {
    /// Not a number from 0 to 20 with at most two decimals.
    #[error("a mark is a number from 0 to 20 with at most two decimals, not {0:?}")]
    Mark(String),
}

/// The highest mark: French marks are out of 20.
const OUT_OF: u16 = 20;

/// A mark out of 20, kept in hundredths so that 12.5 and 13.75 are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark(u16);

impl Mark {
    /// Reads a mark as teachers type it: `15`, `15.5`, `15,5` (the French decimal comma),
    /// from 0 to 20 with at most two decimals.
    pub fn parse(text: &str) -> Result<Mark, MarkError> {
        let text = text.trim();
        let bad = || MarkError::Mark(text.to_owned());
        let (whole, fraction) = match text.split_once(['.', ',']) {
            Some((_, "")) => return Err(bad()),
            Some(parts) => parts,
            None => (text, ""),
        };
        if whole.is_empty()
            || whole.len() > 2
            || fraction.len() > 2
            || !whole
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let whole: u16 = whole.parse().map_err(|_| bad())?;
        let fraction: u16 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
        let hundredths = whole * 100 + fraction;
        if hundredths > OUT_OF * 100 {
            return Err(bad());
        }
        Ok(Mark(hundredths))
    }

    /// From hundredths, as stored; `None` outside 0–20.
    pub fn from_hundredths(hundredths: i64) -> Option<Mark> {
        u16::try_from(hundredths)
            .ok()
            .filter(|h| *h <= OUT_OF * 100)
            .map(Mark)
    }

    /// The mark in hundredths, as stored.
    pub fn hundredths(self) -> u16 {
        self.0
    }

    /// The mark as a number, for the API.
    pub fn value(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

/// `15`, `15.5`, `13.75`: no trailing zeros.
impl fmt::Display for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, fraction) = (self.0 / 100, self.0 % 100);
        match fraction {
            0 => write!(f, "{whole}"),
            f10 if f10 % 10 == 0 => write!(f, "{whole}.{}", f10 / 10),
            _ => write!(f, "{whole}.{fraction:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEADLINE: Timestamp = Timestamp(1_000_000);

    #[test]
    fn before_the_deadline_a_hand_in_is_taken_and_replaced_on_time() {
        for previous in [Previous::Nothing, Previous::HandedIn] {
            assert_eq!(
                timing(Timestamp(999_999), DEADLINE, previous),
                Ok(Timing::OnTime)
            );
            assert_eq!(timing(DEADLINE, DEADLINE, previous), Ok(Timing::OnTime));
        }
    }

    #[test]
    fn after_the_deadline_a_first_hand_in_is_late_and_a_replacement_refused() {
        let after = DEADLINE.plus_seconds(1);
        assert_eq!(timing(after, DEADLINE, Previous::Nothing), Ok(Timing::Late));
        assert_eq!(
            timing(after, DEADLINE, Previous::HandedIn),
            Err(HandInRefused::DeadlinePassed)
        );
    }

    #[test]
    fn a_reviewed_hand_in_is_closed_even_before_the_deadline() {
        for now in [Timestamp(0), DEADLINE.plus_seconds(10)] {
            assert_eq!(
                timing(now, DEADLINE, Previous::Reviewed),
                Err(HandInRefused::Reviewed)
            );
        }
    }

    #[test]
    fn a_deadline_must_be_ahead() {
        assert_eq!(check_deadline(DEADLINE, Timestamp(0)), Ok(DEADLINE));
        assert_eq!(check_deadline(DEADLINE, DEADLINE), Err(DeadlineInThePast));
    }

    #[test]
    fn marks_read_as_teachers_type_them() {
        for (text, hundredths, shown) in [
            ("15", 1500, "15"),
            (" 15,5 ", 1550, "15.5"),
            ("13.75", 1375, "13.75"),
            ("0", 0, "0"),
            ("20", 2000, "20"),
            ("20.0", 2000, "20"),
            ("7.05", 705, "7.05"),
        ] {
            let mark = Mark::parse(text).unwrap();
            assert_eq!(mark.hundredths(), hundredths, "{text}");
            assert_eq!(mark.to_string(), shown, "{text}");
            assert_eq!(Mark::from_hundredths(i64::from(hundredths)), Some(mark));
        }
        assert_eq!(Mark::parse("12.5").unwrap().value(), 12.5);
    }

    #[test]
    fn marks_out_of_range_or_malformed_are_refused() {
        for text in [
            "", "20.01", "21", "-1", "1.234", "abc", "1e1", ".5", "15.", "15,5,5", "１５", "100",
        ] {
            assert!(
                matches!(Mark::parse(text), Err(MarkError::Mark(_))),
                "{text:?}"
            );
        }
        assert_eq!(Mark::from_hundredths(2001), None);
        assert_eq!(Mark::from_hundredths(-1), None);
    }
}
