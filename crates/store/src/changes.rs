//! The clock of what this process wrote: which topics (an audience's deliveries, a
//! reader's marks, a pupil's ticks) changed, and when, so that a read remembered in memory
//! can tell whether it still holds.
//!
//! Time here is a counter, not the wall clock: a read notes [`Changes::now`] before it
//! asks the database, and a write calls [`Changes::touch`] after its commit. A remembered
//! read is then exact if none of its topics was touched after the read began: a write
//! committed before the read began is in what it read, and one committed after it has
//! moved the counter past it.

use std::collections::HashMap;
use std::sync::Mutex;

/// Topics remembered at most: past it, everything read before counts as stale and the
/// list starts afresh, so that a busy day cannot grow it without end.
const TOPICS_KEPT: usize = 200_000;

/// When each topic last changed, on a counter that only goes up.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    clock: Mutex<Clock>,
}

#[derive(Debug, Default)]
struct Clock {
    /// The last tick given out.
    now: u64,
    /// Reads that began before this tick are stale whatever their topics.
    floor: u64,
    /// The tick of each topic's last change, since `floor`.
    last: HashMap<String, u64>,
}

impl Changes {
    /// The present tick: note it before reading what a remembered value is made of.
    pub(crate) fn now(&self) -> u64 {
        self.clock.lock().map_or(u64::MAX, |clock| clock.now)
    }

    /// Records that `topics` changed: call it once the change is committed.
    pub(crate) fn touch<'a>(&self, topics: impl IntoIterator<Item = &'a str>) {
        let Ok(mut clock) = self.clock.lock() else {
            return;
        };
        clock.now += 1;
        let tick = clock.now;
        for topic in topics {
            if clock.last.len() >= TOPICS_KEPT {
                clock.last.clear();
                clock.floor = tick;
            }
            clock.last.insert(topic.to_owned(), tick);
        }
    }

    /// Records a change too wide to name: every read before it is stale.
    pub(crate) fn touch_all(&self) {
        if let Ok(mut clock) = self.clock.lock() {
            clock.now += 1;
            clock.floor = clock.now;
            clock.last.clear();
        }
    }

    /// Whether none of `topics` changed after tick `since`.
    pub(crate) fn unchanged_since<'a>(
        &self,
        topics: impl IntoIterator<Item = &'a str>,
        since: u64,
    ) -> bool {
        let Ok(clock) = self.clock.lock() else {
            return false;
        };
        clock.floor <= since
            && topics
                .into_iter()
                .all(|topic| clock.last.get(topic).is_none_or(|&tick| tick <= since))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_holds_until_one_of_its_topics_changes() {
        let changes = Changes::default();
        let since = changes.now();
        changes.touch(["class:b"]);
        assert!(changes.unchanged_since(["class:a", "user:1"], since));
        changes.touch(["user:1"]);
        assert!(!changes.unchanged_since(["class:a", "user:1"], since));
        let later = changes.now();
        assert!(changes.unchanged_since(["class:a", "user:1"], later));
    }

    #[test]
    fn a_change_before_the_read_began_does_not_make_it_stale() {
        let changes = Changes::default();
        changes.touch(["user:1"]);
        let since = changes.now();
        assert!(changes.unchanged_since(["user:1"], since));
    }

    #[test]
    fn a_wide_change_makes_every_earlier_read_stale() {
        let changes = Changes::default();
        let since = changes.now();
        changes.touch_all();
        assert!(!changes.unchanged_since(["anything"], since));
        assert!(changes.unchanged_since(["anything"], changes.now()));
    }
}
