//! A pupil's day — the page the 9:00 surge hits — served from what is shared.
//!
//! Everything a pupil's day shows except two things is the same for the whole class: the
//! lessons, the homework due, the news. [`ClassDays`] reads that once per class and day and
//! shares it, JSON already written, between every pupil (and parent) of the class for a few
//! seconds; a write on this node drops the copies at once. What is the pupil's own (which
//! homework she ticked, her unread messages) is read per view: two indexed look-ups.

mod class_days;
mod json;
mod viewer;
mod zones;

pub use class_days::{ClassDays, SharedDay};
pub use json::{DayJson, TodayJson};
pub use viewer::{viewer_day, viewer_week, DayKey, ViewerDay, ViewerWeek, DAYS_AROUND};
pub use zones::SchoolZones;
