//! Sending limits: how much one account may send, counted over the last minute and hour.
//!
//! The counts come from the store (they must hold across nodes); the decision is here.

use super::policy::RateLimit;
use serde::Serialize;

/// What a sender has done recently, as counted by the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecentSending {
    /// Messages sent or attempted in the last 60 seconds.
    pub messages_last_minute: u32,
    /// People reached in the last hour.
    pub recipients_last_hour: u32,
}

/// Which limit a message would cross.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum LimitCrossed {
    /// Too many messages in a minute: wait a little.
    #[error("too many messages in a minute")]
    MessagesPerMinute,
    /// Too many people in an hour: mass mailing.
    #[error("too many recipients in an hour")]
    RecipientsPerHour,
}

/// Whether one more message to `recipients` people fits in `limit`.
pub fn check_rate(
    limit: &RateLimit,
    recent: RecentSending,
    recipients: u32,
) -> Result<(), LimitCrossed> {
    if recent.messages_last_minute >= limit.messages_per_minute {
        return Err(LimitCrossed::MessagesPerMinute);
    }
    if recent.recipients_last_hour.saturating_add(recipients) > limit.recipients_per_hour {
        return Err(LimitCrossed::RecipientsPerHour);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUPIL: RateLimit = RateLimit {
        messages_per_minute: 5,
        recipients_per_hour: 40,
    };

    #[test]
    fn sending_within_the_limits_passes() {
        let recent = RecentSending {
            messages_last_minute: 4,
            recipients_last_hour: 39,
        };
        assert_eq!(check_rate(&PUPIL, recent, 1), Ok(()));
    }

    #[test]
    fn the_sixth_message_in_a_minute_waits() {
        let recent = RecentSending {
            messages_last_minute: 5,
            recipients_last_hour: 0,
        };
        assert_eq!(
            check_rate(&PUPIL, recent, 1),
            Err(LimitCrossed::MessagesPerMinute)
        );
    }

    #[test]
    fn a_pupil_writing_to_two_hundred_people_is_stopped() {
        assert_eq!(
            check_rate(&PUPIL, RecentSending::default(), 200),
            Err(LimitCrossed::RecipientsPerHour)
        );
        let recent = RecentSending {
            messages_last_minute: 0,
            recipients_last_hour: 38,
        };
        assert_eq!(
            check_rate(&PUPIL, recent, 3),
            Err(LimitCrossed::RecipientsPerHour)
        );
    }
}
