//! The days the demo's school life is written for, seen from the instant the demo starts.

use cartable_core::continuity::SchoolDate;
use cartable_core::Timestamp;
use jiff::tz::TimeZone;

/// How many days back the class log reaches: a week, so that every lesson of the coming
/// school day follows one already written, and its homework is in the log.
const LOG_DAYS: i32 = 7;

/// "Today" for the demo and the days around it, in the schools' time zone.
pub(super) struct DemoWeek {
    /// The instant the demo is brought to life.
    pub now: Timestamp,
    /// The schools' time zone.
    pub zone: TimeZone,
    /// The day `now` falls on.
    pub today: SchoolDate,
    /// The school day after today: Monday after a Friday or a weekend.
    pub next: SchoolDate,
}

impl DemoWeek {
    /// The demo's days as seen at `now` in `zone`.
    pub fn at(now: Timestamp, zone: TimeZone) -> DemoWeek {
        let today = SchoolDate::of(now, &zone);
        DemoWeek {
            now,
            zone,
            today,
            next: today.next_school_day(),
        }
    }

    /// The school days whose lessons are in the class log: the last week, today included.
    pub fn log_days(&self) -> Vec<SchoolDate> {
        (-LOG_DAYS..=0)
            .map(|days| self.today.plus_days(days))
            .filter(|day| is_school_day(*day))
            .collect()
    }

    /// The last `count` school days before today, latest first: when news was published.
    pub fn days_before(&self, count: usize) -> Vec<SchoolDate> {
        (1..=LOG_DAYS)
            .map(|days| self.today.plus_days(-days))
            .filter(|day| is_school_day(*day))
            .take(count)
            .collect()
    }

    /// The day a teacher is absent: today on a school day, else the next school day.
    pub fn absence_day(&self) -> SchoolDate {
        if is_school_day(self.today) {
            self.today
        } else {
            self.next
        }
    }

    /// The instant `minutes` after `day` begins.
    pub fn instant(&self, day: SchoolDate, minutes: i64) -> Timestamp {
        // The demo's days are this week's: every zone places them.
        day.start_in(&self.zone)
            .unwrap_or(Timestamp(0))
            .plus_seconds(minutes * 60)
    }
}

/// Whether pupils have lessons on `day` (Monday to Friday).
pub(super) fn is_school_day(day: SchoolDate) -> bool {
    day.weekday() <= 5
}

/// A number for `day`, one more each day: what the day's texts and choices are drawn from,
/// so that the same day always reads the same whenever the demo starts.
pub(super) fn day_number(day: SchoolDate) -> i64 {
    day.start_in(&TimeZone::UTC).map_or(0, |t| t.0 / 86_400)
}
