//! Each school's time zone, which decides what "today" is.

use crate::error::WebResult;
use cartable_core::SchoolId;
use cartable_store::Store;
use jiff::tz::TimeZone;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long a school's time zone is remembered; a head rarely moves the school.
const REMEMBERED_FOR: Duration = Duration::from_secs(60);

/// The schools' time zones, read from their messaging policy and remembered a minute.
#[derive(Debug, Default)]
pub struct SchoolZones {
    zones: Mutex<HashMap<SchoolId, (Instant, TimeZone)>>,
}

impl SchoolZones {
    /// The time zone of `school`; a name the time-zone database does not know reads as
    /// Europe/Paris, the platform's default.
    pub async fn of(&self, store: &Store, school: &SchoolId) -> WebResult<TimeZone> {
        if let Some((at, zone)) = self.lock().get(school) {
            if at.elapsed() < REMEMBERED_FOR {
                return Ok(zone.clone());
            }
        }
        let name = store.school_messaging(school).await?.policy.time_zone;
        let zone = TimeZone::get(&name)
            .or_else(|_| TimeZone::get("Europe/Paris"))
            .unwrap_or(TimeZone::UTC);
        self.lock()
            .insert(school.clone(), (Instant::now(), zone.clone()));
        Ok(zone)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SchoolId, (Instant, TimeZone)>> {
        self.zones.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
