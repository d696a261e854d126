//! The trash: what is deleted stays restorable for [`TRASH_DAYS`] days, then is purged.
//! Time is passed in: the store purges what these functions say has expired.

use crate::Timestamp;

/// Days an item stays in the trash.
pub const TRASH_DAYS: i64 = 30;

/// Seconds an item stays in the trash.
const TRASH_SECONDS: i64 = TRASH_DAYS * 86_400;

/// Until when an item put in the trash at `trashed_at` can be restored.
pub fn restorable_until(trashed_at: Timestamp) -> Timestamp {
    trashed_at.plus_seconds(TRASH_SECONDS)
}

/// Items trashed before this instant have expired at `now` and are purged.
pub fn purge_before(now: Timestamp) -> Timestamp {
    now.plus_seconds(-TRASH_SECONDS)
}

/// Whether an item trashed at `trashed_at` has expired at `now`.
pub fn expired(trashed_at: Timestamp, now: Timestamp) -> bool {
    trashed_at < purge_before(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_is_restorable_for_thirty_days_to_the_second() {
        let deleted = Timestamp(1_000_000_000);
        let limit = restorable_until(deleted);
        assert_eq!(limit.seconds_since(deleted), 30 * 86_400);
        assert!(!expired(deleted, limit));
        assert!(expired(deleted, limit.plus_seconds(1)));
        assert!(!expired(deleted, deleted));
    }
}
