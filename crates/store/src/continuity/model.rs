//! What the continuity reads return.

use crate::messaging::Attachment;
use crate::{ClassRef, KindSet, UploadLimits};
use cartable_core::continuity::{Mark, SchoolDate, TimeOfDay};
use cartable_core::{ClassId, HomeworkId, LessonId, NewsId, SlotId, Timestamp, UserId};

/// A lesson of a class's weekly timetable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekLesson {
    /// The slot.
    pub id: SlotId,
    /// Monday 1 to Sunday 7.
    pub weekday: u8,
    /// When it starts.
    pub starts: TimeOfDay,
    /// When it ends.
    pub ends: TimeOfDay,
    /// What is taught.
    pub subject: String,
    /// Who teaches it ("First Last"), if the school said.
    pub teacher: Option<String>,
    /// Their login, as a timetable file names them.
    pub teacher_login: Option<String>,
    /// Where (may be empty).
    pub room: String,
}

/// How a lesson of the day stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LessonStatus {
    /// As every week.
    Usual,
    /// Taught somewhere else or by someone else today.
    Changed,
    /// Not taught today.
    Cancelled,
}

impl LessonStatus {
    /// The stable name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            LessonStatus::Usual => "usual",
            LessonStatus::Changed => "changed",
            LessonStatus::Cancelled => "cancelled",
        }
    }
}

/// A lesson on one day, with that day's change applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayLesson {
    /// The weekly lesson.
    pub lesson: WeekLesson,
    /// Whether it is as usual, changed or cancelled.
    pub status: LessonStatus,
    /// What the school wrote about the change (empty when usual).
    pub note: String,
}

/// A homework set to a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Homework {
    /// The homework.
    pub id: HomeworkId,
    /// The class it was set to.
    pub class_id: ClassId,
    /// Its subject.
    pub subject: String,
    /// The teacher who set it ("First Last").
    pub teacher: String,
    /// The day it is due.
    pub due: SchoolDate,
    /// What to do.
    pub instructions: String,
    /// When pupils start seeing it.
    pub visible_from: Timestamp,
    /// The class log entry that set it, if any.
    pub lesson_id: Option<LessonId>,
    /// Files handed out with it, in order.
    pub attachments: Vec<Attachment>,
    /// The work pupils are asked to hand in, if any.
    pub hand_in: Option<HandInRequest>,
}

/// What a homework asks pupils to hand in: text and files, before a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandInRequest {
    /// Until when a hand-in is on time (and can be replaced).
    pub deadline: Timestamp,
    /// The kinds of file accepted.
    pub accepted: KindSet,
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
}

impl HandInRequest {
    /// What one file of a hand-in may be.
    pub fn limits(&self) -> UploadLimits {
        UploadLimits {
            max_bytes: self.max_bytes,
            allowed: self.accepted,
        }
    }
}

/// What a pupil handed in, and what the teacher said of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandIn {
    /// The homework.
    pub homework_id: HomeworkId,
    /// The pupil.
    pub pupil_id: UserId,
    /// The pupil's name ("First Last").
    pub pupil: String,
    /// Her text (may be empty when files say it all).
    pub body: String,
    /// When it was (last) handed in.
    pub handed_in_at: Timestamp,
    /// Whether it came after the deadline.
    pub late: bool,
    /// Its files, in order.
    pub files: Vec<Attachment>,
    /// The teacher's feedback and mark, once reviewed.
    pub review: Option<Review>,
}

/// A teacher's feedback on a hand-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// What the teacher wrote.
    pub feedback: String,
    /// The mark, if the teacher gave one.
    pub mark: Option<Mark>,
    /// When.
    pub reviewed_at: Timestamp,
}

/// A teacher's feedback on a hand-in, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReview {
    /// What the teacher writes to the pupil.
    pub feedback: cartable_core::continuity::LongText,
    /// The mark, if any.
    pub mark: Option<Mark>,
    /// When the hand-in the teacher read was handed in: a review is refused if the pupil
    /// has replaced it since (`None`: whatever is there).
    pub of_version: Option<Timestamp>,
}

/// Where one pupil of the class stands on a homework, for the teacher's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandInStatus {
    /// The pupil.
    pub pupil_id: UserId,
    /// Her name ("First Last").
    pub pupil: String,
    /// What she handed in, if anything.
    pub hand_in: Option<HandIn>,
}

/// An entry of the class log: what was done in one lesson, and the homework it set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonEntry {
    /// The entry.
    pub id: LessonId,
    /// The class.
    pub class_id: ClassId,
    /// Its subject.
    pub subject: String,
    /// The teacher who wrote it ("First Last").
    pub teacher: String,
    /// The day of the lesson.
    pub date: SchoolDate,
    /// Its title.
    pub title: String,
    /// What was done.
    pub content: String,
    /// When pupils start seeing it.
    pub visible_from: Timestamp,
    /// The homework it set.
    pub homework: Vec<Homework>,
}

/// A piece of news.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsItem {
    /// The news.
    pub id: NewsId,
    /// The class it was published to, or `None` for the whole school.
    pub class: Option<ClassRef>,
    /// Who published it ("First Last").
    pub author: String,
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// When it was published.
    pub published_at: Timestamp,
}

/// Everything a class's pupils see of one day: the same for every pupil of the class, so it
/// is read once per class and shared (see the web layer's cache).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassDay {
    /// The class.
    pub class: ClassRef,
    /// The day.
    pub date: SchoolDate,
    /// Its lessons, in order, with the day's changes.
    pub lessons: Vec<DayLesson>,
    /// Homework due from this day to the next school day, visible or not yet (the reader
    /// filters by [`Homework::visible_from`]).
    pub homework: Vec<Homework>,
    /// The news of the class and of the school published lately, newest first.
    pub news: Vec<NewsItem>,
}

/// What a timetable import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimetableReport {
    /// Classes whose week was replaced.
    pub classes: usize,
    /// Weekly lessons written.
    pub lessons: usize,
}

/// A change to one lesson on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonChange {
    /// Whether the lesson is not taught that day.
    pub cancelled: bool,
    /// Another room, if it moves.
    pub room: Option<String>,
    /// Another teacher (a login), if someone stands in.
    pub teacher: Option<cartable_core::Login>,
    /// What pupils are told.
    pub note: String,
}

/// A homework to set, as the teacher wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHomework {
    /// The day it is due.
    pub due: SchoolDate,
    /// What to do.
    pub instructions: cartable_core::continuity::LongText,
    /// Files already in the blob store.
    pub attachments: Vec<Attachment>,
    /// The work pupils are asked to hand in, if any.
    pub hand_in: Option<HandInRequest>,
}

/// A class log entry to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLesson {
    /// The day of the lesson.
    pub date: SchoolDate,
    /// Its title.
    pub title: cartable_core::continuity::ShortText,
    /// What was done.
    pub content: cartable_core::continuity::LongText,
    /// When pupils start seeing it (and its homework).
    pub visible_from: Timestamp,
    /// The homework it sets.
    pub homework: Vec<NewHomework>,
}
