//! The shared copy of each class's day.

use super::json::DayJson;
use crate::error::WebResult;
use cartable_core::authz::Permit;
use cartable_core::continuity::SchoolDate;
use cartable_core::{ClassId, Timestamp};
use cartable_store::continuity::ClassDay;
use cartable_store::Store;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// How long a class's day is shared before it is read again. Writes on this node take
/// effect at once; this bounds how late another node's write shows.
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
    generation: u64,
    cell: Arc<OnceCell<Arc<SharedDay>>>,
}

/// The shared days, by class and day.
#[derive(Default)]
pub struct ClassDays {
    slots: Mutex<HashMap<(ClassId, SchoolDate), Slot>>,
    /// Bumped by every write of this node that a class's day shows: older copies are not used.
    generation: AtomicU64,
}

impl std::fmt::Debug for ClassDays {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClassDays")
            .field("generation", &self.generation.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl ClassDays {
    /// The day of the permit's class (`ReadClassWork`), from the shared copy when it is
    /// fresh, else read once for everyone who asks meanwhile.
    pub async fn get(
        &self,
        store: &Store,
        permit: &Permit,
        class: &ClassId,
        day: SchoolDate,
        now: Timestamp,
    ) -> WebResult<Arc<SharedDay>> {
        let cell = self.cell(class, day);
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

    /// Forgets every shared day: something a day shows was written on this node.
    pub fn written(&self) {
        self.generation.fetch_add(1, Ordering::Relaxed);
    }

    fn cell(&self, class: &ClassId, day: SchoolDate) -> Arc<OnceCell<Arc<SharedDay>>> {
        let generation = self.generation.load(Ordering::Relaxed);
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (class.clone(), day);
        if let Some(slot) = slots.get(&key) {
            if slot.generation == generation && slot.read_at.elapsed() < SHARED_FOR {
                return slot.cell.clone();
            }
        }
        if slots.len() >= CAPACITY {
            slots.clear();
        }
        let cell = Arc::new(OnceCell::new());
        slots.insert(
            key,
            Slot {
                read_at: Instant::now(),
                generation,
                cell: cell.clone(),
            },
        );
        cell
    }
}
