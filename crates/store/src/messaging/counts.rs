//! How much each sender sent lately, kept in ten-second buckets so that checking the limits
//! costs the same whether a sender wrote twice or ten thousand times this hour.

use crate::Result;
use cartable_core::messaging::RecentSending;
use cartable_core::{Timestamp, UserId};
use sqlx::{Any, Row, Transaction};

/// The width of a bucket, in seconds.
const BUCKET_SECONDS: i64 = 10;
/// The longest window a limit looks at: an hour.
const HORIZON_SECONDS: i64 = 3600;

fn bucket(now: Timestamp) -> i64 {
    now.0.div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS
}

/// What `sender` sent in the last minute and hour (to within a bucket).
pub(crate) async fn recent_sending(
    tx: &mut Transaction<'_, Any>,
    sender: &UserId,
    now: Timestamp,
) -> Result<RecentSending> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(CASE WHEN bucket > $2 THEN messages ELSE 0 END), 0) AS BIGINT) AS minute, \
         CAST(COALESCE(SUM(recipients), 0) AS BIGINT) AS hour \
         FROM sending_counts WHERE sender_id = $1 AND bucket > $3",
    )
    .bind(sender.as_str())
    .bind(now.0 - 60)
    .bind(now.0 - HORIZON_SECONDS)
    .fetch_one(&mut **tx)
    .await?;
    let minute: i64 = row.try_get("minute")?;
    let hour: i64 = row.try_get("hour")?;
    Ok(RecentSending {
        messages_last_minute: u32::try_from(minute).unwrap_or(u32::MAX),
        recipients_last_hour: u32::try_from(hour).unwrap_or(u32::MAX),
    })
}

/// Counts one message to `recipients` people, and forgets buckets older than an hour.
pub(crate) async fn count_sent(
    tx: &mut Transaction<'_, Any>,
    sender: &UserId,
    recipients: u32,
    now: Timestamp,
) -> Result<()> {
    sqlx::query("DELETE FROM sending_counts WHERE sender_id = $1 AND bucket <= $2")
        .bind(sender.as_str())
        .bind(now.0 - HORIZON_SECONDS)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO sending_counts (sender_id, bucket, messages, recipients) VALUES ($1, $2, 1, $3) \
         ON CONFLICT (sender_id, bucket) DO UPDATE SET \
         messages = sending_counts.messages + 1, recipients = sending_counts.recipients + excluded.recipients",
    )
    .bind(sender.as_str())
    .bind(bucket(now))
    .bind(i64::from(recipients))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
