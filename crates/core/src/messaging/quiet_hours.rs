//! Sending hours: when a role may send, read in the school's time zone.
//!
//! A pupil's message written at 23:40 waits in drafts until the morning: nobody's phone rings
//! at night for a school matter, and a threat written at night reaches no one before staff
//! are there to see it.

use crate::Timestamp;
use jiff::civil::Weekday;
use serde::{Deserialize, Serialize};

/// A daily window in which sending is open, in minutes after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    /// First minute of the day when sending opens (420 = 7:00).
    pub opens: u16,
    /// Minute of the day when sending closes (1200 = 20:00).
    pub closes: u16,
    /// Whether sending is also closed on Saturdays and Sundays.
    pub school_days_only: bool,
}

/// When a message held by quiet hours may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendingWindow {
    /// Now is within the hours.
    Open,
    /// Now is outside; the hours next open at this instant.
    Closed {
        /// The next opening.
        opens_at: Timestamp,
    },
}

impl QuietHours {
    /// Open from `opens` to `closes` (minutes after midnight), Monday to Friday.
    pub fn school_days(opens: u16, closes: u16) -> QuietHours {
        QuietHours {
            opens,
            closes,
            school_days_only: true,
        }
    }

    /// Whether the window is a real one within a day.
    pub fn is_valid(&self) -> bool {
        self.opens < self.closes && self.closes <= 24 * 60
    }

    /// Whether `weekday` is a sending day.
    fn sends_on(&self, weekday: Weekday) -> bool {
        !self.school_days_only || !matches!(weekday, Weekday::Saturday | Weekday::Sunday)
    }

    /// Whether one may send at `now` in `time_zone`, and if not, when one may. An unknown
    /// time zone reads as UTC (policies are validated before they are saved).
    pub fn window(&self, now: Timestamp, time_zone: &str) -> SendingWindow {
        let zone = jiff::tz::db()
            .get(time_zone)
            .unwrap_or(jiff::tz::TimeZone::UTC);
        let Ok(instant) = jiff::Timestamp::from_second(now.0) else {
            return SendingWindow::Open;
        };
        let local = instant.to_zoned(zone.clone());
        let minute =
            u16::from(local.hour().unsigned_abs()) * 60 + u16::from(local.minute().unsigned_abs());
        if self.sends_on(local.weekday()) && (self.opens..self.closes).contains(&minute) {
            return SendingWindow::Open;
        }
        // The next opening: today if before opening time on a sending day, else the next
        // sending day. Seven days ahead always holds one.
        let today = local.date();
        for days_ahead in 0..8 {
            let Ok(day) = today.checked_add(jiff::Span::new().days(days_ahead)) else {
                break;
            };
            if !self.sends_on(day.weekday()) || (days_ahead == 0 && minute >= self.opens) {
                continue;
            }
            let opening = day.at(
                i8::try_from(self.opens / 60).unwrap_or(0),
                i8::try_from(self.opens % 60).unwrap_or(0),
                0,
                0,
            );
            if let Ok(zoned) = opening.to_zoned(zone.clone()) {
                return SendingWindow::Closed {
                    opens_at: Timestamp(zoned.timestamp().as_second()),
                };
            }
        }
        SendingWindow::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The instant of a Paris wall-clock time.
    fn paris(text: &str) -> Timestamp {
        let zoned = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M", text)
            .unwrap()
            .to_zoned(jiff::tz::db().get("Europe/Paris").unwrap())
            .unwrap();
        Timestamp(zoned.timestamp().as_second())
    }

    const PARIS: &str = "Europe/Paris";

    #[test]
    fn a_school_day_is_open_from_seven_to_eight_in_the_evening() {
        let hours = QuietHours::school_days(7 * 60, 20 * 60);
        // Friday 27 November 2026.
        assert_eq!(
            hours.window(paris("2026-11-27 07:00"), PARIS),
            SendingWindow::Open
        );
        assert_eq!(
            hours.window(paris("2026-11-27 19:59"), PARIS),
            SendingWindow::Open
        );
        assert_eq!(
            hours.window(paris("2026-11-27 06:59"), PARIS),
            SendingWindow::Closed {
                opens_at: paris("2026-11-27 07:00")
            }
        );
    }

    #[test]
    fn friday_night_and_the_weekend_wait_for_monday_morning() {
        let hours = QuietHours::school_days(7 * 60, 20 * 60);
        let monday = SendingWindow::Closed {
            opens_at: paris("2026-11-30 07:00"),
        };
        assert_eq!(hours.window(paris("2026-11-27 20:00"), PARIS), monday);
        assert_eq!(hours.window(paris("2026-11-28 10:00"), PARIS), monday);
        assert_eq!(hours.window(paris("2026-11-29 23:30"), PARIS), monday);
    }

    #[test]
    fn every_day_hours_open_on_sunday_and_follow_summer_time() {
        let hours = QuietHours {
            school_days_only: false,
            ..QuietHours::school_days(7 * 60, 20 * 60)
        };
        assert_eq!(
            hours.window(paris("2026-11-29 10:00"), PARIS),
            SendingWindow::Open
        );
        // 06:30 in July is 04:30 UTC: still closed in Paris.
        assert_eq!(
            hours.window(paris("2026-07-15 06:30"), PARIS),
            SendingWindow::Closed {
                opens_at: paris("2026-07-15 07:00")
            }
        );
    }
}
