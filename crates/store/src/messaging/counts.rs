//! How much each sender sent lately, kept in ten-second buckets so that checking the limits
//! costs the same whether a sender wrote twice or ten thousand times this hour.

use crate::script::{Params, Script};
use crate::Result;
use cartable_core::messaging::RecentSending;
use cartable_core::Timestamp;
use sqlx::any::AnyRow;
use sqlx::Row;

/// The width of a bucket, in seconds.
const BUCKET_SECONDS: i64 = 10;
/// The longest window a limit looks at: an hour.
const HORIZON_SECONDS: i64 = 3600;

fn bucket(now: Timestamp) -> i64 {
    now.0.div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS
}

/// The columns that read what the sender bound as `sender` sent in the last minute
/// (`minute`) and hour (`hour`), to within a bucket, for a script's `SELECT`.
pub(crate) fn recent_sending_columns(p: &mut Params, sender: &str, now: Timestamp) -> String {
    let minute_ago = p.int(now.0 - 60);
    let hour_ago = p.int(now.0 - HORIZON_SECONDS);
    format!(
        "(SELECT CAST(COALESCE(SUM(CASE WHEN bucket > {minute_ago} THEN messages ELSE 0 END), 0) \
         AS BIGINT) FROM sending_counts WHERE sender_id = {sender} AND bucket > {hour_ago}) AS minute, \
         (SELECT CAST(COALESCE(SUM(recipients), 0) AS BIGINT) FROM sending_counts \
         WHERE sender_id = {sender} AND bucket > {hour_ago}) AS hour"
    )
}

/// What the columns of [`recent_sending_columns`] read.
pub(crate) fn recent_sending(row: &AnyRow) -> Result<RecentSending> {
    let minute: i64 = row.try_get("minute")?;
    let hour: i64 = row.try_get("hour")?;
    Ok(RecentSending {
        messages_last_minute: u32::try_from(minute).unwrap_or(u32::MAX),
        recipients_last_hour: u32::try_from(hour).unwrap_or(u32::MAX),
    })
}

/// Adds to `script` what counts one message of the sender bound as `sender` to
/// `recipients` people, and forgets their buckets older than an hour.
pub(crate) fn count_sent(script: &mut Script, sender: &str, recipients: u32, now: Timestamp) {
    let hour_ago = script.params.int(now.0 - HORIZON_SECONDS);
    let bucket = script.params.int(bucket(now));
    let recipients = script.params.int(i64::from(recipients));
    script.push(format!(
        "DELETE FROM sending_counts WHERE sender_id = {sender} AND bucket <= {hour_ago}"
    ));
    script.push(format!(
        "INSERT INTO sending_counts (sender_id, bucket, messages, recipients) \
         VALUES ({sender}, {bucket}, 1, {recipients}) \
         ON CONFLICT (sender_id, bucket) DO UPDATE SET messages = sending_counts.messages + 1, \
         recipients = sending_counts.recipients + excluded.recipients"
    ));
}
