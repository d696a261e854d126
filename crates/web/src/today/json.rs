//! A pupil's day as JSON, written from parts: the class's parts once per shared copy, the
//! pupil's own (ticks, unread count) per view.

use crate::api::continuity_dto::{DayLessonDto, HomeworkDto, NewsDto};
use cartable_core::{HomeworkId, Timestamp};
use cartable_store::continuity::ClassDay;
use std::collections::HashSet;
use std::fmt::Write;

/// One homework's JSON without its closing `"done":…}`, and when pupils start seeing it.
#[derive(Debug)]
struct HomeworkPart {
    id: HomeworkId,
    visible_from: Timestamp,
    open: String,
}

/// The parts of a class's day that are the same for every viewer.
#[derive(Debug)]
pub struct DayJson {
    timetable: String,
    news: String,
    homework: Vec<HomeworkPart>,
}

/// What `HomeworkDto` ends with when not done; cut off to be written per viewer.
const NOT_DONE_END: &str = ",\"done\":false}";

impl DayJson {
    /// The day of a pupil with no class: nothing on it.
    pub fn empty() -> DayJson {
        DayJson {
            timetable: "[]".to_owned(),
            news: "[]".to_owned(),
            homework: Vec::new(),
        }
    }

    /// Writes the shared parts of `day`.
    pub fn of(day: &ClassDay) -> DayJson {
        let timetable: Vec<DayLessonDto> = day.lessons.iter().map(DayLessonDto::from).collect();
        let news: Vec<NewsDto> = day.news.iter().map(NewsDto::from).collect();
        let homework = day
            .homework
            .iter()
            .map(|h| {
                let full = to_json(&HomeworkDto::of(h, false));
                HomeworkPart {
                    id: h.id.clone(),
                    visible_from: h.visible_from,
                    open: full.strip_suffix(NOT_DONE_END).map_or_else(
                        // `done` is the DTO's last field, so this does not happen; keep the
                        // JSON valid anyway.
                        || full.trim_end_matches('}').to_owned(),
                        ToOwned::to_owned,
                    ),
                }
            })
            .collect();
        DayJson {
            timetable: to_json(&timetable),
            news: to_json(&news),
            homework,
        }
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// A whole answer of `GET /api/v1/today`, ready to send.
#[derive(Debug, Clone)]
pub struct TodayJson(pub axum::body::Bytes);

impl TodayJson {
    /// Writes one viewer's day: `head` is the JSON of the members before `timetable`
    /// (`"date":…,"pupil":…` and for a parent `"children":…`), without braces.
    pub fn write(
        head: &str,
        day: &DayJson,
        now: Timestamp,
        done: &HashSet<HomeworkId>,
        unread: i64,
    ) -> TodayJson {
        let mut out = String::with_capacity(
            head.len() + day.timetable.len() + day.news.len() + 512 * (day.homework.len() + 1),
        );
        let _ = write!(
            out,
            "{{{head},\"timetable\":{},\"homework\":[",
            day.timetable
        );
        let visible = day.homework.iter().filter(|h| h.visible_from <= now);
        for (i, part) in visible.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&part.open);
            out.push_str(if done.contains(&part.id) {
                ",\"done\":true}"
            } else {
                NOT_DONE_END
            });
        }
        let _ = write!(
            out,
            "],\"news\":{},\"unread_messages\":{unread},\"live_classes\":[]}}",
            day.news
        );
        TodayJson(axum::body::Bytes::from(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartable_core::continuity::SchoolDate;
    use cartable_store::continuity::Homework;
    use cartable_store::ClassRef;
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn a_viewer_s_day_is_valid_json_with_her_own_ticks() {
        let mut rng = StdRng::seed_from_u64(3);
        let class = cartable_core::ClassId::random(&mut rng);
        let homework = |visible_from| Homework {
            id: HomeworkId::random(&mut StdRng::seed_from_u64(visible_from as u64)),
            class_id: class.clone(),
            subject: "Maths \"et\" plus".into(),
            teacher: "Marc Dupont".into(),
            due: SchoolDate::parse("2026-11-30").unwrap(),
            instructions: "p. 42}".into(),
            visible_from: Timestamp(visible_from),
            lesson_id: None,
            attachments: Vec::new(),
            hand_in: None,
        };
        let day = ClassDay {
            class: ClassRef {
                id: class.clone(),
                name: "6e A".into(),
            },
            date: SchoolDate::parse("2026-11-30").unwrap(),
            lessons: Vec::new(),
            homework: vec![homework(10), homework(20), homework(99)],
            news: Vec::new(),
        };
        let parts = DayJson::of(&day);
        let done: HashSet<HomeworkId> = [day.homework[1].id.clone()].into();
        let json = TodayJson::write("\"date\":\"2026-11-30\"", &parts, Timestamp(50), &done, 3);
        let value: serde_json::Value = serde_json::from_slice(&json.0).unwrap();
        let ticks: Vec<bool> = value["homework"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["done"].as_bool().unwrap())
            .collect();
        assert_eq!(
            ticks,
            [false, true],
            "the homework not yet visible is left out"
        );
        assert_eq!(value["homework"][0]["subject"], "Maths \"et\" plus");
        assert_eq!(value["unread_messages"], 3);
        assert_eq!(value["live_classes"], serde_json::json!([]));
    }
}
