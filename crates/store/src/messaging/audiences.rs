//! Fan-out on read: a message is delivered once to each audience it was addressed to, and
//! a reader's inbox is gathered from the audiences they belong to.
//!
//! A message to a class of thirty writes one delivery row, not thirty mailbox rows: the
//! writer touches a handful of pages per message however large the audience, which is what
//! lets a whole country's teachers write to their classes at 9:00. Each person's own state
//! of a message (read, trashed) is written in `inbox_marks` only when they act on it.
//!
//! Membership is dated (`since`): a message reaches the people who were in its audience
//! when it was delivered. A pupil who joins a class later does not read what was written to
//! it before; one who leaves it no longer reads its messages.

use super::targets::audience_count;
use crate::script::{Params, Script};
use crate::{Backend, Result, Store, StoreError};
use cartable_core::messaging::Recipient;
use cartable_core::{MessageId, Timestamp, UserId};
use sqlx::{Any, AnyConnection, Row, Transaction};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The audiences a person (`$1`) belongs to beyond their own (`user:<id>`), with since
/// when: their school, the classes they are in, the classes of their children (as a
/// parent), the classes they teach (as a teacher), their groups.
const MEMBERSHIPS: &str = "\
    SELECT 'school:' || school_id AS audience, created_at AS since FROM users WHERE id = $1 \
    UNION ALL SELECT 'class:' || class_id, since FROM class_pupils WHERE pupil_id = $1 \
    UNION ALL SELECT 'class-parents:' || cp.class_id, \
        MIN(CASE WHEN pl.since > cp.since THEN pl.since ELSE cp.since END) \
        FROM parent_links pl JOIN class_pupils cp ON cp.pupil_id = pl.child_id \
        WHERE pl.parent_id = $1 GROUP BY cp.class_id \
    UNION ALL SELECT 'class-teachers:' || class_id, MIN(since) FROM teachings \
        WHERE teacher_id = $1 GROUP BY class_id \
    UNION ALL SELECT 'group:' || group_id, since FROM message_group_members WHERE user_id = $1";

/// The audience of one person: their direct messages, and the topic their own marks
/// (read, trashed) change under.
pub(crate) fn own_audience(user: &UserId) -> String {
    format!("user:{user}")
}

/// A delivery that reached `$1`: to one of their audiences, while they were in it, from
/// someone else (a teacher writing to the teachers of their class is in that audience).
const REACHED_ME: &str = "d.delivered_at >= a.since AND COALESCE(d.sender_id, '') <> $1";

/// SQL condition: the message whose id is `message` was delivered to `$1`.
pub(crate) fn received(message: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM deliveries d JOIN \
         (SELECT 'user:' || id AS audience, 0 AS since FROM users WHERE id = $1 \
          UNION ALL {MEMBERSHIPS}) a ON a.audience = d.audience \
         WHERE d.message_id = {message} AND {REACHED_ME})"
    )
}

/// When a received message reached its audience (the same for all of its deliveries).
pub(crate) fn delivered_at(message: &str) -> String {
    format!("(SELECT MIN(w.delivered_at) FROM deliveries w WHERE w.message_id = {message})")
}

/// Parameters of a statement about `user`'s inbox: the reader is always `$1`.
pub(crate) fn reader_params(user: &UserId) -> Params {
    let mut params = Params::default();
    params.text(user.as_str());
    params
}

/// One audience a reader belongs to.
#[derive(Debug, Clone)]
struct Membership {
    /// The audience as deliveries name it (`class:<id>`…).
    audience: String,
    /// From when its messages reach the reader.
    since: i64,
}

/// A reader of an inbox: every audience they belong to, and their watermark.
#[derive(Debug, Clone)]
pub(crate) struct Reader {
    /// The database their inbox is read from: the shape of a merged list depends on it.
    backend: Backend,
    memberships: Arc<[Membership]>,
    /// Everything the reader received up to this time is read or trashed. A value older
    /// than the stored one is still true, only slower to count from.
    read_through: i64,
}

/// How many unread messages are worth counting (pages show "99+" beyond).
const UNREAD_CAP: i64 = super::mailbox::UNREAD_COUNT_CAP;

/// How many unread messages a reader has, as two scalar sub-selects whose difference,
/// capped, is the count: no temporary table, so that a page of an inbox allocates nothing
/// that it frees again (see [`Reader::inbox`]).
pub(crate) struct Unread {
    /// The messages delivered to the reader after their watermark (enough of them).
    pub(crate) delivered: String,
    /// Those among them the reader read or trashed.
    pub(crate) marked: String,
}

impl Unread {
    /// The count from what the two sub-selects gave.
    pub(crate) fn count(delivered: i64, marked: i64) -> i64 {
        delivered.saturating_sub(marked).clamp(0, UNREAD_CAP)
    }
}

/// A reader's watermark lags this far behind the present, so that a message written
/// before the reader's last look but committed after it (a send waits in the write queue
/// for milliseconds, seconds at worst) is still counted as unread. The longer the lag, the
/// more read messages a count after a burst walks through.
const READ_THROUGH_LAG_SECONDS: i64 = 60;

/// How long a node trusts what it read about a reader. Changes made on this node (a
/// directory import, a new group, the reader's own reading) are seen at once; those made
/// elsewhere (another node, an import from the command line) within this time.
const READERS_TRUSTED_FOR: Duration = Duration::from_secs(10);

/// Readers cached at most: beyond, the cache starts afresh.
const READERS_CACHED: usize = 100_000;

/// The audiences and watermarks of recent readers, so that reading an inbox — the busiest
/// read at 9:00 — is one statement instead of two.
#[derive(Debug, Default)]
pub(crate) struct ReaderCache {
    /// Bumped by every change of membership made through this store.
    changes: AtomicU64,
    entries: Mutex<HashMap<UserId, CachedReader>>,
}

#[derive(Debug)]
struct CachedReader {
    read_at: Instant,
    changes: u64,
    reader: Reader,
}

impl ReaderCache {
    /// Forgets every reader's audiences: memberships changed.
    pub(crate) fn memberships_changed(&self) {
        self.changes.fetch_add(1, Ordering::SeqCst);
    }

    fn get(&self, user: &UserId) -> Option<Reader> {
        let changes = self.changes.load(Ordering::SeqCst);
        let entries = self.entries.lock().ok()?;
        let cached = entries.get(user)?;
        (cached.changes == changes && cached.read_at.elapsed() < READERS_TRUSTED_FOR)
            .then(|| cached.reader.clone())
    }

    fn put(&self, user: &UserId, changes: u64, reader: Reader) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= READERS_CACHED {
                entries.clear();
            }
            let read_at = Instant::now();
            entries.insert(
                user.clone(),
                CachedReader {
                    read_at,
                    changes,
                    reader,
                },
            );
        }
    }

    /// Moves a cached reader's watermark forward once their reading is committed.
    pub(crate) fn read_through(&self, user: &UserId, through: i64) {
        if let Ok(mut entries) = self.entries.lock() {
            if let Some(cached) = entries.get_mut(user) {
                cached.reader.read_through = cached.reader.read_through.max(through);
            }
        }
    }
}

impl Reader {
    /// The audiences `user` belongs to and their watermark, from `cache` when it has them.
    pub(crate) async fn load(store: &Store, user: &UserId) -> Result<Reader> {
        let cache = &store.readers;
        if let Some(reader) = cache.get(user) {
            return Ok(reader);
        }
        let changes = cache.changes.load(Ordering::SeqCst);
        let rows = sqlx::query(&format!(
            "SELECT audience, since FROM ({MEMBERSHIPS}) a \
             UNION ALL SELECT 'read_through', read_through FROM inbox_read_through \
             WHERE user_id = $1"
        ))
        .bind(user.as_str())
        .fetch_all(&store.pool)
        .await?;
        let mut memberships = vec![Membership {
            audience: own_audience(user),
            since: 0,
        }];
        let mut read_through = -1;
        for row in rows {
            let audience: String = row.try_get("audience")?;
            let since: i64 = row.try_get("since")?;
            if audience == "read_through" {
                read_through = since;
            } else {
                memberships.push(Membership { audience, since });
            }
        }
        let reader = Reader {
            backend: store.backend(),
            memberships: memberships.into(),
            read_through,
        };
        cache.put(user, changes, reader.clone());
        Ok(reader)
    }

    /// Every audience the reader belongs to, their own first.
    pub(crate) fn audiences(&self) -> impl Iterator<Item = &str> {
        self.memberships.iter().map(|m| m.audience.as_str())
    }

    /// From when an audience's messages may be unread: the later of the reader's joining
    /// it and their watermark.
    fn unread_from(&self, m: &Membership) -> i64 {
        m.since.max(self.read_through.saturating_add(1))
    }

    /// One select per audience of `columns` of `d` (the deliveries) from time `from` on
    /// that pass `condition`; with `limit`, each in `order` and limited, so that each
    /// audience's range of the clustered index is read from one end and stops there.
    fn per_audience(
        &self,
        p: &mut Params,
        columns: &str,
        from: impl Fn(&Membership) -> i64,
        condition: &str,
        limited: Option<(&str, &str)>,
    ) -> Vec<String> {
        self.memberships
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let audience = p.text(m.audience.as_str());
                let since = p.int(from(m));
                let select = format!(
                    "SELECT {columns} FROM deliveries d \
                     WHERE d.audience = {audience} AND d.delivered_at >= {since} \
                     AND COALESCE(d.sender_id, '') <> $1 {condition}"
                );
                match limited {
                    Some((order, limit)) => {
                        format!("SELECT * FROM ({select} ORDER BY {order} LIMIT {limit}) p{i}")
                    }
                    None => select,
                }
            })
            .collect()
    }

    /// The deliveries (message_id, delivered_at) to the reader's audiences that pass
    /// `condition`, newest first, each message once, `limit` of them from `offset`. SQLite
    /// runs a compound SELECT ordered like its parts' index as a merge: each audience's
    /// range is read from its newest end only as far as the list needs. PostgreSQL would
    /// gather each range whole before sorting them together, so each range is cut first.
    fn merged(&self, p: &mut Params, condition: &str, size: i64, offset: i64) -> String {
        let reach = match self.backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(p.int(size.saturating_add(offset))),
        };
        let limited = reach
            .as_deref()
            .map(|reach| ("d.delivered_at DESC, d.message_id DESC", reach));
        let parts = self.per_audience(
            p,
            "d.message_id, d.delivered_at",
            |m| m.since,
            condition,
            limited,
        );
        let (limit, offset) = (p.int(size), p.int(offset));
        format!(
            "{} ORDER BY delivered_at DESC, message_id DESC LIMIT {limit} OFFSET {offset}",
            parts.join(" UNION ")
        )
    }

    /// The reader's inbox entries (message_id, folder, delivered_at, is_read, trashed_at),
    /// not trashed, newest first, `size` from `offset`; `filter` (on `m`, the message) for a
    /// search.
    pub(crate) fn inbox(&self, p: &mut Params, filter: &str, size: i64, offset: i64) -> String {
        let search = if filter.is_empty() {
            String::new()
        } else {
            format!(" AND EXISTS (SELECT 1 FROM messages m WHERE m.id = d.message_id {filter})")
        };
        // Each delivery the list reaches is looked up in the reader's trash, and each
        // entry above the watermark in their marks (below it, everything listed is read).
        // Lookups by key, not lists gathered first: SQLite builds each such list in a
        // temporary b-tree of its own, whose memory, allocated and freed at every page,
        // cost the server more in page faults than the lookups do.
        let condition = format!(
            "AND NOT EXISTS (SELECT 1 FROM inbox_marks t WHERE t.user_id = $1 \
             AND t.message_id = d.message_id AND t.trashed_at IS NOT NULL){search}"
        );
        let list = self.merged(p, &condition, size, offset);
        let watermark = p.int(self.read_through);
        format!(
            "SELECT e.message_id, 'inbox' AS folder, e.delivered_at, \
             CASE WHEN e.delivered_at <= {watermark} THEN 1 \
             WHEN EXISTS (SELECT 1 FROM inbox_marks k WHERE k.user_id = $1 \
             AND k.message_id = e.message_id AND k.read_at IS NOT NULL) THEN 1 \
             ELSE 0 END AS is_read, NULL AS trashed_at FROM ({list}) e"
        )
    }

    /// How to count the messages the reader has not read nor trashed (see [`Unread`]). It
    /// starts after the reader's watermark, so read messages cost nothing.
    pub(crate) fn unread(&self, p: &mut Params) -> Unread {
        // Among the messages after the watermark, those the reader marked (read out of
        // order, or trashed) are few: count the deliveries without looking each one up,
        // then take the marked ones away.
        let watermark = p.int(self.read_through.saturating_add(1));
        let audiences: Vec<String> = self
            .memberships
            .iter()
            .map(|m| {
                let audience = p.text(m.audience.as_str());
                let from = p.int(self.unread_from(m));
                format!("(w.audience = {audience} AND w.delivered_at >= {from})")
            })
            .collect();
        let marked = format!(
            "(SELECT COUNT(*) FROM inbox_marks k WHERE k.user_id = $1 \
             AND k.delivered_at >= {watermark} \
             AND (k.read_at IS NOT NULL OR k.trashed_at IS NOT NULL) \
             AND EXISTS (SELECT 1 FROM deliveries w WHERE w.message_id = k.message_id \
             AND COALESCE(w.sender_id, '') <> $1 AND ({})))",
            audiences.join(" OR ")
        );
        let enough = format!("({UNREAD_CAP} + {marked})");
        // Each audience's deliveries are counted on their own, from its newest end up to
        // what is enough; a message delivered to several audiences is counted in the first
        // of the reader's audiences that has it. Only those few messages are looked up in
        // the reader's other audiences: most are delivered to one.
        let mut earlier: Vec<String> = Vec::new();
        let mut counts = Vec::new();
        for m in self.memberships.iter() {
            let audience = p.text(m.audience.as_str());
            let from = p.int(self.unread_from(m));
            let once = if earlier.is_empty() {
                String::new()
            } else {
                format!(
                    "AND (d.audiences = 1 OR NOT EXISTS (SELECT 1 FROM deliveries o \
                     WHERE o.message_id = d.message_id AND ({})))",
                    earlier.join(" OR ")
                )
            };
            counts.push(format!(
                "(SELECT COUNT(*) FROM (SELECT 1 AS one FROM deliveries d \
                 WHERE d.audience = {audience} AND d.delivered_at >= {from} \
                 AND COALESCE(d.sender_id, '') <> $1 {once} \
                 ORDER BY d.delivered_at DESC LIMIT {enough}) c)"
            ));
            earlier.push(format!(
                "(o.audience = {audience} AND o.delivered_at >= {from})"
            ));
        }
        Unread {
            delivered: format!("({})", counts.join(" + ")),
            marked,
        }
    }

    /// Moves the reader's watermark up to just before their oldest unread message (and no
    /// closer to `now` than the lag): called after they read something. Returns the new
    /// watermark, for [`ReaderCache::read_through`] once committed.
    pub(crate) async fn advance(
        &self,
        tx: &mut Transaction<'_, Any>,
        user: &UserId,
        now: Timestamp,
    ) -> Result<i64> {
        let mut p = reader_params(user);
        let parts = self
            .per_audience(
                &mut p,
                "d.delivered_at",
                |m| self.unread_from(m),
                UNMARKED,
                Some(("d.delivered_at", "1")),
            )
            .join(" UNION ALL ");
        let row = p
            .query(&format!(
                "SELECT MIN(delivered_at) AS first FROM ({parts}) f"
            ))
            .fetch_one(&mut **tx)
            .await?;
        let first_unread: Option<i64> = row.try_get("first")?;
        let latest = now.0 - READ_THROUGH_LAG_SECONDS;
        let through = first_unread.map_or(latest, |first| (first - 1).min(latest));
        sqlx::query(
            "INSERT INTO inbox_read_through (user_id, read_through) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET read_through = excluded.read_through \
             WHERE inbox_read_through.read_through < excluded.read_through",
        )
        .bind(user.as_str())
        .bind(through)
        .execute(&mut **tx)
        .await?;
        Ok(through)
    }
}

/// A delivery the reader has neither read nor trashed.
const UNMARKED: &str = "AND NOT EXISTS (SELECT 1 FROM inbox_marks t WHERE t.user_id = $1 \
    AND t.message_id = d.message_id AND (t.read_at IS NOT NULL OR t.trashed_at IS NOT NULL))";

/// Adds to `script` the delivery of a message to `to`, some or all of the `audiences` it
/// is delivered to in all: one row per audience. Everyone in those audiences has it from
/// the transaction's commit, or no one does.
pub(crate) fn deliver(
    script: &mut Script,
    id: &MessageId,
    to: &[Recipient],
    audiences: usize,
    sender: Option<&UserId>,
    now: Timestamp,
) {
    if to.is_empty() {
        return;
    }
    let p = &mut script.params;
    let (at, message) = (p.int(now.0), p.text(id.as_str()));
    let sender = p.optional_text(sender.map(|s| s.as_str().to_owned()));
    let audiences = p.int(i64::try_from(audiences).unwrap_or(i64::MAX));
    let rows: Vec<String> = to
        .iter()
        .map(|recipient| {
            format!(
                "({}, {at}, {message}, {sender}, {audiences})",
                p.text(recipient.to_string())
            )
        })
        .collect();
    script.push(format!(
        "INSERT INTO deliveries (audience, delivered_at, message_id, sender_id, audiences) \
         VALUES {} ON CONFLICT DO NOTHING",
        rows.join(", ")
    ));
}

/// How many people a delivered message reached: the members of its audiences when it was
/// delivered, its sender aside. What a recall takes it back from, and what a blocked
/// message must never have reached.
pub(crate) async fn people_reached(conn: &mut AnyConnection, id: &MessageId) -> Result<i64> {
    let rows = sqlx::query(
        "SELECT audience, delivered_at, COALESCE(sender_id, '') AS sender_id FROM deliveries \
         WHERE message_id = $1",
    )
    .bind(id.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(0);
    };
    let at: i64 = first.try_get("delivered_at")?;
    let sender: String = first.try_get("sender_id")?;
    let recipients = rows
        .iter()
        .map(|row| {
            let audience: String = row.try_get("audience")?;
            audience
                .parse::<Recipient>()
                .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut p = Params::default();
    let (sender, at) = (p.text(sender), p.int(at));
    let count = audience_count(&mut p, &recipients, &sender, Some(&at));
    let sql = format!("SELECT {count} AS n");
    Ok(p.query(&sql).fetch_one(&mut *conn).await?.try_get("n")?)
}
