//! The shared copy of each class's day.

use super::json::DayJson;
use crate::error::{WebError, WebResult};
use cartable_core::authz::Permit;
use cartable_core::continuity::SchoolDate;
use cartable_core::{ClassId, SchoolId, Timestamp};
use cartable_store::continuity::ClassDay;
use cartable_store::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// How long a class's day is shared before it is read again. Writes on this node drop the
/// copies they change at once; this bounds how late another node's write shows.
pub const SHARED_FOR: Duration = Duration::from_secs(5);
/// How far back the news of a day reaches.
pub const NEWS_DAYS: i64 = 7;
/// Most class days kept (a region's classes, a few days each).
const CAPACITY: usize = 100_000;

/// A class's day as read, with its JSON.
#[derive(Debug)]
pub struct SharedDay {
    /// The day as the store gave it.
    pub day: ClassDay,
    /// Its parts as JSON, written once for every viewer.
    pub json: DayJson,
}

/// One class's day being read or read: those who ask while it is read wait for that one
/// read instead of starting their own.
struct Slot {
    read_at: Instant,
    school: SchoolId,
    cell: Arc<OnceCell<Arc<SharedDay>>>,
}

/// The shared days, by class and day.
#[derive(Default)]
pub struct ClassDays {
    slots: Mutex<HashMap<(ClassId, SchoolDate), Slot>>,
}

impl std::fmt::Debug for ClassDays {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClassDays").finish_non_exhaustive()
    }
}

impl ClassDays {
    /// The day of the permit's class (`ReadClassWork`), from the shared copy when it is
    /// fresh, else read once for everyone who asks meanwhile.
    pub async fn get(
        &self,
        store: &Store,
        permit: &Permit,
        day: SchoolDate,
        now: Timestamp,
    ) -> WebResult<Arc<SharedDay>> {
        let (Some(class), Some(school)) = (permit.class(), permit.school()) else {
            return Err(WebError::Forbidden);
        };
        let cell = self.cell(class, school, day);
        let shared = cell
            .get_or_try_init(|| async {
                let since = now.plus_seconds(-NEWS_DAYS * 86_400);
                let day = store.class_day(permit, day, since).await?;
                let json = DayJson::of(&day);
                WebResult::Ok(Arc::new(SharedDay { day, json }))
            })
            .await?;
        Ok(shared.clone())
    }

    /// Forgets the shared days a write under `permit` changed: its class's, or for a permit
    /// about a whole school (a timetable, the school's news) every class's of the school.
    pub fn written(&self, permit: &Permit) {
        match (permit.class(), permit.school()) {
            (Some(class), _) => self.class_written(class),
            (None, Some(school)) => self.school_written(school),
            (None, None) => {}
        }
    }

    /// Forgets the shared days of `class`: something they show was written on this node.
    pub fn class_written(&self, class: &ClassId) {
        self.lock().retain(|(c, _), _| c != class);
    }

    /// Forgets the shared days of every class of `school` (its timetable, its news).
    pub fn school_written(&self, school: &SchoolId) {
        self.lock().retain(|_, slot| &slot.school != school);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(ClassId, SchoolDate), Slot>> {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn cell(
        &self,
        class: &ClassId,
        school: &SchoolId,
        day: SchoolDate,
    ) -> Arc<OnceCell<Arc<SharedDay>>> {
        let mut slots = self.lock();
        let key = (class.clone(), day);
        if let Some(slot) = slots.get(&key) {
            if slot.read_at.elapsed() < SHARED_FOR {
                return slot.cell.clone();
            }
        }
        if slots.len() >= CAPACITY {
            // Only what is stale goes: the days being shared stay shared.
            slots.retain(|_, slot| slot.read_at.elapsed() < SHARED_FOR);
        }
        let cell = Arc::new(OnceCell::new());
        slots.insert(
            key,
            Slot {
                read_at: Instant::now(),
                school: school.clone(),
                cell: cell.clone(),
            },
        );
        cell
    }
}
