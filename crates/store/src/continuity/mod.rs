//! Pedagogical continuity: timetables, the class log and its homework, news, and the one
//! read the 9:00 surge makes of them all, a class's day.
//!
//! Every read and write takes a [`Permit`](cartable_core::authz::Permit) for one class (or
//! one school) and touches that class's rows only, so an id guessed from another class finds
//! nothing. The ties the permits are decided on come from [`Store::class_tie`].

mod class_log;
pub use class_log::{MAX_HOMEWORK_ATTACHMENTS, MAX_HOMEWORK_PER_LESSON};
mod day;
mod edits;
mod hand_in;
mod model;
mod news;
mod ties;
mod timetable;

pub use model::*;
