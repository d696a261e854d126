//! The school calendar: days and times of day in the school's own time zone.
//!
//! A lesson happens on a day at a time on the wall clock, not at an instant: the 8:00 maths
//! lesson is at 8:00 in winter and in summer. Days are kept as `YYYY-MM-DD` (which sorts as
//! it reads) and times of day as minutes after midnight.

use crate::Timestamp;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use std::fmt;

/// Why a day or a time of day was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidDate {
    /// Not a day written `YYYY-MM-DD`.
    #[error("{0:?} is not a date (YYYY-MM-DD)")]
    Day(String),
    /// Not a time written `HH:MM` between 00:00 and 23:59.
    #[error("{0:?} is not a time of day (HH:MM)")]
    Time(String),
    /// A due day already gone: homework cannot be due in the past.
    #[error("{0} is in the past")]
    Past(String),
    /// Not a day of the week.
    #[error("{0:?} is not a day of the week")]
    Weekday(String),
}

/// A day of the school calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolDate(Date);

impl SchoolDate {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<SchoolDate, InvalidDate> {
        let text = text.trim();
        // jiff also reads forms like `20261130`; the API and the forms speak one format.
        if text.len() != 10 {
            return Err(InvalidDate::Day(text.to_owned()));
        }
        text.parse::<Date>()
            .map(SchoolDate)
            .map_err(|_| InvalidDate::Day(text.to_owned()))
    }

    /// The day `now` falls on in `zone`.
    pub fn of(now: Timestamp, zone: &TimeZone) -> SchoolDate {
        let instant = jiff::Timestamp::from_second(now.0).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        SchoolDate(instant.to_zoned(zone.clone()).date())
    }

    /// The day of the week, Monday 1 to Sunday 7.
    pub fn weekday(self) -> u8 {
        u8::try_from(self.0.weekday().to_monday_one_offset()).unwrap_or(1)
    }

    /// This day moved by `days` (back if negative); the calendar's ends hold it.
    pub fn plus_days(self, days: i32) -> SchoolDate {
        SchoolDate(
            self.0
                .checked_add(jiff::Span::new().days(days))
                .unwrap_or(self.0),
        )
    }

    /// This day as a due day set on `today`: today or later, never a day gone.
    pub fn due_from(self, today: SchoolDate) -> Result<SchoolDate, InvalidDate> {
        if self < today {
            Err(InvalidDate::Past(self.to_string()))
        } else {
            Ok(self)
        }
    }

    /// The next day pupils have lessons on: tomorrow, or Monday after a Friday or a weekend.
    /// Homework "for tomorrow" on a Friday is the homework for Monday.
    pub fn next_school_day(self) -> SchoolDate {
        let mut day = self.plus_days(1);
        while matches!(day.0.weekday(), Weekday::Saturday | Weekday::Sunday) {
            day = day.plus_days(1);
        }
        day
    }

    /// The Monday of this day's week.
    pub fn monday(self) -> SchoolDate {
        self.plus_days(1 - i32::from(self.weekday()))
    }

    /// The instant this day begins in `zone`, for "visible from this day" and the like;
    /// `None` for a day the zone cannot place (the calendar's very ends).
    pub fn start_in(self, zone: &TimeZone) -> Option<Timestamp> {
        self.0
            .to_zoned(zone.clone())
            .ok()
            .map(|z| Timestamp(z.timestamp().as_second()))
    }

    /// The instant the wall clocks of `zone` show `time` on this day, for a hand-in's
    /// deadline; `None` where the zone cannot place it.
    pub fn at_in(self, time: TimeOfDay, zone: &TimeZone) -> Option<Timestamp> {
        let hours = i8::try_from(time.0 / 60).ok()?;
        let minutes = i8::try_from(time.0 % 60).ok()?;
        self.0
            .at(hours, minutes, 0, 0)
            .to_zoned(zone.clone())
            .ok()
            .map(|z| Timestamp(z.timestamp().as_second()))
    }
}

impl fmt::Display for SchoolDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A time on the wall clock, in minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// Parses `H:MM` or `HH:MM` (also `8h30`, as French timetables write it).
    pub fn parse(text: &str) -> Result<TimeOfDay, InvalidDate> {
        let text = text.trim();
        let bad = || InvalidDate::Time(text.to_owned());
        let (hours, minutes) = text
            .split_once(':')
            .or_else(|| text.split_once(['h', 'H']))
            .ok_or_else(bad)?;
        let minutes = if minutes.is_empty() { "00" } else { minutes };
        if hours.is_empty() || hours.len() > 2 || minutes.len() != 2 {
            return Err(bad());
        }
        let hours: u16 = hours.parse().map_err(|_| bad())?;
        let minutes: u16 = minutes.parse().map_err(|_| bad())?;
        if hours > 23 || minutes > 59 {
            return Err(bad());
        }
        Ok(TimeOfDay(hours * 60 + minutes))
    }

    /// From minutes after midnight, as stored.
    pub fn from_minutes(minutes: i64) -> Option<TimeOfDay> {
        u16::try_from(minutes)
            .ok()
            .filter(|m| *m < 24 * 60)
            .map(TimeOfDay)
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// Reads a day of the week as timetables write it: `lundi`…`dimanche`, `monday`…`sunday`,
/// their first three letters, or 1 (Monday) to 7. Returns Monday 1 to Sunday 7.
pub fn parse_weekday(text: &str) -> Result<u8, InvalidDate> {
    const NAMES: [[&str; 2]; 7] = [
        ["lundi", "monday"],
        ["mardi", "tuesday"],
        ["mercredi", "wednesday"],
        ["jeudi", "thursday"],
        ["vendredi", "friday"],
        ["samedi", "saturday"],
        ["dimanche", "sunday"],
    ];
    let lower = text.trim().to_lowercase();
    if let Ok(number) = lower.parse::<u8>() {
        if (1..=7).contains(&number) {
            return Ok(number);
        }
    }
    let found = NAMES.iter().position(|names| {
        names
            .iter()
            .any(|name| lower == *name || (lower.len() >= 3 && name.starts_with(&lower)))
    });
    found
        .and_then(|i| u8::try_from(i + 1).ok())
        .ok_or_else(|| InvalidDate::Weekday(text.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris() -> TimeZone {
        TimeZone::get("Europe/Paris").unwrap()
    }

    #[test]
    fn a_day_reads_only_as_year_month_day_and_knows_its_weekday() {
        let day = SchoolDate::parse("2026-11-27").unwrap();
        assert_eq!(day.to_string(), "2026-11-27");
        assert_eq!(day.weekday(), 5);
        assert_eq!(day.monday().to_string(), "2026-11-23");
        for bad in [
            "",
            "27/11/2026",
            "2026-13-01",
            "2026-02-30",
            "20261127",
            "2026-11-27x",
        ] {
            assert!(SchoolDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_due_day_is_today_or_later() {
        let today = SchoolDate::parse("2026-11-27").unwrap();
        assert_eq!(today.due_from(today), Ok(today));
        assert_eq!(today.plus_days(3).due_from(today), Ok(today.plus_days(3)));
        assert_eq!(
            today.plus_days(-1).due_from(today),
            Err(InvalidDate::Past("2026-11-26".into()))
        );
    }

    #[test]
    fn the_next_school_day_after_friday_is_monday() {
        let friday = SchoolDate::parse("2026-11-27").unwrap();
        assert_eq!(friday.next_school_day().to_string(), "2026-11-30");
        let saturday = friday.plus_days(1);
        assert_eq!(saturday.next_school_day().to_string(), "2026-11-30");
        let tuesday = SchoolDate::parse("2026-12-01").unwrap();
        assert_eq!(tuesday.next_school_day().to_string(), "2026-12-02");
    }

    #[test]
    fn the_day_of_an_instant_is_the_school_s_day_not_utc_s() {
        // 2026-11-27 23:30 UTC is already Saturday in Paris.
        let late = Timestamp(1_795_822_200);
        assert_eq!(
            SchoolDate::of(late, &TimeZone::UTC).to_string(),
            "2026-11-27"
        );
        assert_eq!(SchoolDate::of(late, &paris()).to_string(), "2026-11-28");
        let day = SchoolDate::parse("2026-11-28").unwrap();
        assert_eq!(day.start_in(&paris()), Some(Timestamp(1_795_820_400)));
        let end = SchoolDate::parse("9999-12-31").unwrap();
        assert_eq!(end.start_in(&paris()), None);
    }

    #[test]
    fn times_of_day_read_as_timetables_write_them() {
        assert_eq!(TimeOfDay::parse("8:30").unwrap().minutes(), 510);
        assert_eq!(TimeOfDay::parse("08h30").unwrap().to_string(), "08:30");
        assert_eq!(TimeOfDay::parse("14h").unwrap().to_string(), "14:00");
        for bad in ["", "24:00", "8:60", "8", "8:3", "-1:00", "abc"] {
            assert!(TimeOfDay::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(TimeOfDay::from_minutes(1439).unwrap().to_string(), "23:59");
        assert_eq!(TimeOfDay::from_minutes(1440), None);
    }

    #[test]
    fn weekdays_read_in_french_english_or_as_numbers() {
        assert_eq!(parse_weekday("Lundi").unwrap(), 1);
        assert_eq!(parse_weekday("mer").unwrap(), 3);
        assert_eq!(parse_weekday("friday").unwrap(), 5);
        assert_eq!(parse_weekday("7").unwrap(), 7);
        for bad in ["", "0", "8", "lu", "funday"] {
            assert!(parse_weekday(bad).is_err(), "{bad}");
        }
    }
}
