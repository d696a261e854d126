//! Reads that every page asks for again and again — a viewer's unread count, a pupil's
//! ticks — remembered in memory while nothing they depend on changed, so that the 9:00
//! reloads of "today" cost no database round trip.
//!
//! Only the embedded database remembers: there this process is the one server, every
//! write goes through it, and [`Changes`] knows of each. PostgreSQL is shared by nodes
//! that do not see each other's writes, so there every read goes to the database. The
//! command line may write to the embedded database beside the server (an incident
//! response notifies a whole school): what it changes is seen within [`TRUSTED_FOR`].

use crate::changes::Changes;
use cartable_core::continuity::SchoolDate;
use cartable_core::{HomeworkId, UserId};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a remembered read is trusted at most, for the writes made by other processes.
const TRUSTED_FOR: Duration = Duration::from_secs(10);

/// Values remembered at most per kind of read: past it, the memory starts afresh.
const VALUES_KEPT: usize = 100_000;

/// What the embedded database's server remembers, and the clock that tells what still holds.
#[derive(Debug, Default)]
pub(crate) struct Remembered {
    /// What this process changed, and when.
    pub(crate) changes: Changes,
    /// Each viewer's unread count; its topics are the viewer's audiences.
    pub(crate) unread: Kept<UserId, i64>,
    /// Which homework due from a day on each pupil ticked; its topic is [`ticks_topic`].
    pub(crate) ticks: Kept<(UserId, SchoolDate), HashSet<HomeworkId>>,
}

/// The topic a pupil's ticks change under.
pub(crate) fn ticks_topic(pupil: &UserId) -> String {
    format!("ticks:{pupil}")
}

/// Values of one kind of read, each with the tick its read began at.
#[derive(Debug)]
pub(crate) struct Kept<K, V> {
    values: Mutex<HashMap<K, Value<V>>>,
}

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept {
            values: Mutex::new(HashMap::new()),
        }
    }
}

#[derive(Debug)]
struct Value<V> {
    since: u64,
    read_at: Instant,
    value: V,
}

impl<K: Eq + Hash, V: Clone> Kept<K, V> {
    /// The value kept under `key`, if it was read less than [`TRUSTED_FOR`] ago and
    /// `holds` says nothing it depends on changed since the tick its read began.
    pub(crate) fn get(&self, key: &K, holds: impl FnOnce(u64) -> bool) -> Option<V> {
        let (since, value) = {
            let values = self.values.lock().ok()?;
            let kept = values.get(key)?;
            if kept.read_at.elapsed() >= TRUSTED_FOR {
                return None;
            }
            (kept.since, kept.value.clone())
        };
        holds(since).then_some(value)
    }

    /// Keeps `value`, read from the database after tick `since`.
    pub(crate) fn put(&self, key: K, since: u64, value: V) {
        if let Ok(mut values) = self.values.lock() {
            if values.len() >= VALUES_KEPT {
                values.clear();
            }
            values.insert(
                key,
                Value {
                    since,
                    read_at: Instant::now(),
                    value,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_given_back_only_while_it_holds() {
        let kept: Kept<&str, i64> = Kept::default();
        assert_eq!(kept.get(&"lea", |_| true), None);
        kept.put("lea", 7, 3);
        assert_eq!(kept.get(&"lea", |since| since == 7), Some(3));
        assert_eq!(kept.get(&"lea", |_| false), None);
        assert_eq!(kept.get(&"ines", |_| true), None);
    }
}
