//! Pedagogical continuity: what a class keeps doing when it learns from home — the timetable,
//! the class log (cahier de textes) and its homework, and the news of the school and the class.
//!
//! These are the types and rules; the store keeps them and the web serves them. A pupil's
//! day is read at 9:00 by every pupil of the country at once, so what it shows is shaped to
//! be shared: the timetable, the homework and the news of a day belong to a *class*, and only
//! whether a pupil ticked a homework (or handed work in) belongs to the pupil.

pub mod access;
pub mod calendar;
pub mod hand_in;
pub mod text;
pub mod timetable;

pub use access::ClassTie;
pub use calendar::{InvalidDate, SchoolDate, TimeOfDay};
pub use hand_in::{HandInRefused, Mark, MarkError, Previous, Timing};
pub use text::{LongText, ShortText, TextError};
