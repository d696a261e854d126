//! The bodies of the continuity API: a pupil's day, the class log, homework, timetables,
//! news.

use super::dto::ClassRefDto;
use cartable_store::continuity::{
    DayLesson, HandInRequest, Homework, LessonEntry, NewsItem, WeekLesson,
};
use cartable_store::messaging::Attachment;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A pupil's day: what `GET /api/v1/today` answers.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TodayDto {
    /// The day, `YYYY-MM-DD`, in the school's time zone.
    pub date: String,
    /// Whose day it is.
    pub pupil: DayPupilDto,
    /// For a parent: every child, to switch between them with `?child=`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<ChildRefDto>>,
    /// The day's lessons in order, with the day's changes.
    pub timetable: Vec<DayLessonDto>,
    /// Homework due today and on the next school day.
    pub homework: Vec<HomeworkDto>,
    /// News of the class and the school of the last seven days, newest first.
    pub news: Vec<NewsDto>,
    /// Unread messages in the viewer's inbox (counted up to 99).
    pub unread_messages: i64,
    /// Live classes of the day (the virtual classroom fills it; empty until it is on).
    pub live_classes: Vec<LiveClassDto>,
}

/// The pupil a day is about.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DayPupilDto {
    /// Their account.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their class, if they have one.
    pub class: Option<ClassRefDto>,
}

/// A parent's child.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChildRefDto {
    /// Their account.
    pub id: String,
    /// Their name.
    pub name: String,
}

/// A live class of the day.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LiveClassDto {
    /// The room.
    pub id: String,
    /// Its title.
    pub title: String,
    /// When it starts, `HH:MM`.
    pub start: String,
}

/// A lesson of the day.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DayLessonDto {
    /// The weekly lesson (the id a change is recorded against).
    pub slot: String,
    /// `HH:MM`.
    pub start: String,
    /// `HH:MM`.
    pub end: String,
    /// What is taught.
    pub subject: String,
    /// Who teaches it today.
    pub teacher: Option<String>,
    /// Where, today.
    pub room: String,
    /// `usual`, `changed` or `cancelled`.
    pub status: String,
    /// What the school wrote about a change.
    pub note: String,
}

impl From<&DayLesson> for DayLessonDto {
    fn from(l: &DayLesson) -> DayLessonDto {
        DayLessonDto {
            slot: l.lesson.id.to_string(),
            start: l.lesson.starts.to_string(),
            end: l.lesson.ends.to_string(),
            subject: l.lesson.subject.clone(),
            teacher: l.lesson.teacher.clone(),
            room: l.lesson.room.clone(),
            status: l.status.as_str().to_owned(),
            note: l.note.clone(),
        }
    }
}

/// A lesson of a class's week.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WeekLessonDto {
    /// The slot.
    pub slot: String,
    /// Monday 1 to Sunday 7.
    pub weekday: u8,
    /// `HH:MM`.
    pub start: String,
    /// `HH:MM`.
    pub end: String,
    /// What is taught.
    pub subject: String,
    /// Who teaches it.
    pub teacher: Option<String>,
    /// Where.
    pub room: String,
}

impl From<&WeekLesson> for WeekLessonDto {
    fn from(l: &WeekLesson) -> WeekLessonDto {
        WeekLessonDto {
            slot: l.id.to_string(),
            weekday: l.weekday,
            start: l.starts.to_string(),
            end: l.ends.to_string(),
            subject: l.subject.clone(),
            teacher: l.teacher.clone(),
            room: l.room.clone(),
        }
    }
}

/// A file handed out with a homework or handed in by a pupil.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FileDto {
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub size: i64,
    /// Type, detected from the content.
    pub content_type: String,
    /// Where to download it.
    pub url: String,
}

/// A homework. `done` comes last: the day's JSON is written once per class without it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HomeworkDto {
    /// The homework.
    pub id: String,
    /// Its subject.
    pub subject: String,
    /// Who set it.
    pub teacher: String,
    /// The day it is due, `YYYY-MM-DD`.
    pub due: String,
    /// What to do.
    pub instructions: String,
    /// The class log entry that set it.
    pub lesson: Option<String>,
    /// Files handed out with it.
    pub attachments: Vec<FileDto>,
    /// The work pupils are asked to hand in (`PUT /api/v1/homework/{id}/hand-in`), if any.
    pub hand_in: Option<HandInRequestDto>,
    /// Whether the pupil ticked it as done (always false for a teacher's view).
    pub done: bool,
}

/// What a homework asks pupils to hand in.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HandInRequestDto {
    /// Until when a hand-in is on time and can be replaced, in seconds since the epoch.
    pub deadline: i64,
    /// The kinds of file accepted: some of `pdf`, `image`, `office`, `text`, `audio`,
    /// `video`, `zip`.
    pub accepted: Vec<String>,
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
}

impl From<&HandInRequest> for HandInRequestDto {
    fn from(r: &HandInRequest) -> HandInRequestDto {
        HandInRequestDto {
            deadline: r.deadline.0,
            accepted: r.accepted.kinds().map(|k| k.name().to_owned()).collect(),
            max_bytes: r.max_bytes,
        }
    }
}

impl HomeworkDto {
    /// The homework as a pupil sees it, ticked or not.
    pub fn of(h: &Homework, done: bool) -> HomeworkDto {
        HomeworkDto {
            id: h.id.to_string(),
            subject: h.subject.clone(),
            teacher: h.teacher.clone(),
            due: h.due.to_string(),
            instructions: h.instructions.clone(),
            lesson: h.lesson_id.as_ref().map(ToString::to_string),
            attachments: files(h),
            hand_in: h.hand_in.as_ref().map(HandInRequestDto::from),
            done,
        }
    }
}

fn files(h: &Homework) -> Vec<FileDto> {
    h.attachments
        .iter()
        .enumerate()
        .map(|(position, a): (usize, &Attachment)| {
            FileDto::of(
                a,
                format!("/api/v1/homework/{}/attachments/{position}", h.id),
            )
        })
        .collect()
}

impl FileDto {
    /// A stored file, downloaded from `url`.
    pub fn of(a: &Attachment, url: String) -> FileDto {
        FileDto {
            name: a.name.clone(),
            size: a.size,
            content_type: a.content_type.clone(),
            url,
        }
    }
}

/// A piece of news.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewsDto {
    /// The news.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// Who published it.
    pub author: String,
    /// The class it is for, or none for the whole school.
    pub class: Option<ClassRefDto>,
    /// When, in seconds since the epoch.
    pub published_at: i64,
}

impl From<&NewsItem> for NewsDto {
    fn from(n: &NewsItem) -> NewsDto {
        NewsDto {
            id: n.id.to_string(),
            title: n.title.clone(),
            body: n.body.clone(),
            author: n.author.clone(),
            class: n.class.as_ref().map(ClassRefDto::from),
            published_at: n.published_at.0,
        }
    }
}

/// A class log entry with the homework it set.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LessonEntryDto {
    /// The entry.
    pub id: String,
    /// Its subject.
    pub subject: String,
    /// Who wrote it.
    pub teacher: String,
    /// The day of the lesson, `YYYY-MM-DD`.
    pub date: String,
    /// Its title.
    pub title: String,
    /// What was done.
    pub content: String,
    /// When pupils see it from, seconds since the epoch.
    pub visible_from: i64,
    /// The homework it set.
    pub homework: Vec<HomeworkDto>,
}

impl From<&LessonEntry> for LessonEntryDto {
    fn from(e: &LessonEntry) -> LessonEntryDto {
        LessonEntryDto {
            id: e.id.to_string(),
            subject: e.subject.clone(),
            teacher: e.teacher.clone(),
            date: e.date.to_string(),
            title: e.title.clone(),
            content: e.content.clone(),
            visible_from: e.visible_from.0,
            homework: e
                .homework
                .iter()
                .map(|h| HomeworkDto::of(h, false))
                .collect(),
        }
    }
}
