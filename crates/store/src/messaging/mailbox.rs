//! Reading one's own mailbox: folders, unread count, a message and its thread, search,
//! trash. The inbox is what was delivered to the reader's audiences (see `audiences`); sent
//! messages and drafts are the reader's own mailbox rows. Every query is scoped to those,
//! so no id guessing reaches someone else's message.

use super::audiences::{
    delivered_at, own_audience, people_reached, reader_params, received, Reader, Unread,
};
use super::model::{
    Attachment, Folder, MailboxEntry, MessageStatus, MessageView, RecipientLabel, SenderRef,
};
use crate::error::decode;
use crate::script::Params;
use crate::{Backend, Result, Store, StoreError};
use cartable_core::{MessageId, Role, Timestamp, UserId};
use sqlx::any::AnyRow;
use sqlx::Row;

/// The highest unread count worth counting to: pages show "99+" beyond it, as phones do,
/// and the count costs the same for every inbox.
pub const UNREAD_COUNT_CAP: i64 = 99;

/// Most entries per mailbox page.
pub const MAILBOX_PAGE: i64 = 25;

/// The columns a listing or a view reads, with the sender's name joined.
const COLUMNS: &str = "m.id, m.thread_id, m.sender_id, m.kind, m.subject, m.recipients, \
    m.status, m.note, m.created_at, b.folder, b.delivered_at, b.is_read, b.trashed_at, \
    u.first_name, u.last_name, u.role AS sender_role, \
    (SELECT COUNT(*) FROM message_attachments a WHERE a.message_id = m.id) AS attachments";

/// Joined to a derived table `b` of entries (message_id, folder, delivered_at, is_read,
/// trashed_at): the message and its sender.
const JOINS: &str =
    "JOIN messages m ON m.id = b.message_id LEFT JOIN users u ON u.id = m.sender_id";

fn sender_of(row: &AnyRow) -> Result<SenderRef> {
    let id: Option<String> = row.try_get("sender_id")?;
    Ok(match id {
        None => SenderRef {
            id: None,
            name: "Cartable".to_owned(),
            role: None,
        },
        Some(id) => {
            let first: Option<String> = row.try_get("first_name")?;
            let last: Option<String> = row.try_get("last_name")?;
            let role: Option<String> = row.try_get("sender_role")?;
            SenderRef {
                id: Some(decode(id)?),
                name: format!("{} {}", first.unwrap_or_default(), last.unwrap_or_default()),
                role: role.and_then(|r| r.parse::<Role>().ok()),
            }
        }
    })
}

fn labels_of(row: &AnyRow) -> Result<Vec<RecipientLabel>> {
    let text: String = row.try_get("recipients")?;
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

fn folder_of(row: &AnyRow) -> Result<Folder> {
    let trashed: Option<i64> = row.try_get("trashed_at")?;
    let folder: String = row.try_get("folder")?;
    Ok(match trashed {
        Some(_) => Folder::Trash,
        None => Folder::parse(&folder).unwrap_or(Folder::Inbox),
    })
}

/// Whether an entry was read (`is_read` is 1 or 0 on every backend).
fn is_read(row: &AnyRow) -> Result<bool> {
    Ok(row.try_get::<i64, _>("is_read")? != 0)
}

fn entry_of(row: &AnyRow) -> Result<MailboxEntry> {
    let status: String = row.try_get("status")?;
    let attachments: i64 = row.try_get("attachments")?;
    Ok(MailboxEntry {
        id: decode(row.try_get("id")?)?,
        thread_id: decode(row.try_get("thread_id")?)?,
        sender: sender_of(row)?,
        subject: row.try_get("subject")?,
        recipients: labels_of(row)?,
        at: Timestamp(row.try_get("delivered_at")?),
        read: is_read(row)?,
        status: MessageStatus::from_stored(&status),
        kind: row.try_get("kind")?,
        attachments: u32::try_from(attachments).unwrap_or(0),
    })
}

/// The search condition on `m` (subject or body holds the text, case-insensitive), or
/// nothing.
fn search_filter(p: &mut Params, search: Option<&str>) -> String {
    match search {
        Some(text) => {
            let pattern = p.text(like_pattern(text.trim()));
            format!(
                "AND (LOWER(m.subject) LIKE {pattern} ESCAPE '\\' \
                 OR LOWER(m.body) LIKE {pattern} ESCAPE '\\')"
            )
        }
        None => String::new(),
    }
}

/// A page of a folder's entries, newest first, as a derived table for [`JOINS`]. The inbox
/// needs its `reader`.
fn folder_entries(
    p: &mut Params,
    reader: Option<&Reader>,
    folder: Folder,
    search: Option<&str>,
    page: i64,
) -> String {
    let filter = search_filter(p, search);
    let offset = page.max(0).saturating_mul(MAILBOX_PAGE);
    if let (Folder::Inbox, Some(reader)) = (folder, reader) {
        return reader.inbox(p, &filter, MAILBOX_PAGE, offset);
    }
    let size = p.int(MAILBOX_PAGE);
    let offset = p.int(offset);
    let own = format!(
        "SELECT b.message_id, b.folder, b.delivered_at, {} AS is_read, b.trashed_at \
         FROM mailbox b WHERE b.user_id = $1",
        is_read_of("b")
    );
    let entries = match folder {
        Folder::Trash => format!(
            "{own} AND b.trashed_at IS NOT NULL \
             UNION ALL SELECT k.message_id, 'inbox', {}, {}, k.trashed_at \
             FROM inbox_marks k WHERE k.user_id = $1 AND k.trashed_at IS NOT NULL AND {}",
            delivered_at("k.message_id"),
            is_read_of("k"),
            received("k.message_id")
        ),
        // The folder is written into the statement: it is one of three words.
        _ => format!(
            "{own} AND b.trashed_at IS NULL AND b.folder = '{}'",
            folder.as_str()
        ),
    };
    format!(
        "SELECT t.* FROM ({entries}) t JOIN messages m ON m.id = t.message_id WHERE true {filter} \
         ORDER BY t.delivered_at DESC, t.message_id DESC LIMIT {size} OFFSET {offset}"
    )
}

/// Every entry of mine whose message passes `condition` (on `m`), as a derived table for
/// [`JOINS`]: my own copies (sent, drafts) and what was delivered to me.
fn holding(condition: &str) -> String {
    format!(
        "SELECT b.message_id, b.folder, b.delivered_at, {} AS is_read, b.trashed_at \
         FROM mailbox b JOIN messages m ON m.id = b.message_id \
         WHERE b.user_id = $1 AND {condition} \
         UNION ALL SELECT m.id, 'inbox', {}, {}, k.trashed_at FROM messages m \
         LEFT JOIN inbox_marks k ON k.user_id = $1 AND k.message_id = m.id \
         WHERE {condition} AND {}",
        is_read_of("b"),
        delivered_at("m.id"),
        is_read_of("k"),
        received("m.id")
    )
}

/// 1 if the row `table` (a mailbox row or a mark) says it was read, else 0.
fn is_read_of(table: &str) -> String {
    format!("CASE WHEN {table}.read_at IS NULL THEN 0 ELSE 1 END")
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl Store {
    /// A page of one of my folders, newest first; with `search`, only messages whose subject
    /// or body holds it (case-insensitive).
    pub async fn mailbox(
        &self,
        user: &UserId,
        folder: Folder,
        search: Option<&str>,
        page: i64,
    ) -> Result<Vec<MailboxEntry>> {
        let reader = match folder {
            Folder::Inbox => Some(Reader::load(self, user).await?),
            _ => None,
        };
        let mut p = reader_params(user);
        let entries = folder_entries(&mut p, reader.as_ref(), folder, search, page);
        let sql = format!(
            "SELECT {COLUMNS} FROM ({entries}) b {JOINS} \
             ORDER BY b.delivered_at DESC, b.message_id DESC"
        );
        let rows = p.query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(entry_of).collect()
    }

    /// The same page as [`Store::mailbox`], as the JSON array the API sends, with the
    /// [`Store::unread_count`], built by the database in one row: the busiest read of the
    /// 9:00 surge then moves one row from the database to the server instead of one per
    /// message, and each entry is the fixed part written with its message (see `entries`)
    /// completed by what changes.
    pub async fn mailbox_json(
        &self,
        user: &UserId,
        folder: Folder,
        search: Option<&str>,
        page: i64,
    ) -> Result<(String, i64)> {
        let reader = Reader::load(self, user).await?;
        let mut p = reader_params(user);
        let entries = folder_entries(&mut p, Some(&reader), folder, search, page);
        let unread = reader.unread(&mut p);
        // A message in the inbox is delivered: deliveries are written when a message is
        // delivered (or released) and deleted when it is recalled. Elsewhere (sent, drafts,
        // trash) the message says.
        let (status, message) = match folder {
            Folder::Inbox => ("'delivered'", ""),
            _ => ("m.status", "JOIN messages m ON m.id = b.message_id"),
        };
        // SQLite aggregates the rows of the inbox in the order they come: the merge of the
        // audiences, each entry then looked up by key (sorting them again would copy every
        // entry into a temporary b-tree, see `Reader::inbox`). PostgreSQL's planner may
        // join in another order, and the other folders join more tables: they sort.
        let order = match (self.backend(), folder) {
            (Backend::Sqlite, Folder::Inbox) => "",
            _ => " ORDER BY delivered_at DESC, message_id DESC",
        };
        let sql = format!(
            "SELECT '[' || COALESCE(string_agg(entry, ','{order}), '') || ']' AS page, \
             {} AS delivered, {} AS marked FROM \
             (SELECT e.head || ',\"status\":\"' || {status} || '\",\"at\":' || b.delivered_at \
               || ',\"read\":' || CASE WHEN b.is_read = 0 THEN 'false' ELSE 'true' END \
               || '}}' AS entry, b.delivered_at, b.message_id \
             FROM ({entries}) b JOIN mailbox_entries e ON e.message_id = b.message_id \
             {message}) entries",
            unread.delivered, unread.marked
        );
        let row = p.query(&sql).fetch_one(&self.pool).await?;
        let unread = Unread::count(row.try_get("delivered")?, row.try_get("marked")?);
        Ok((row.try_get("page")?, unread))
    }

    /// How many messages in my inbox I have not read, counted up to [`UNREAD_COUNT_CAP`]:
    /// the count is on every page, and a mailbox nobody empties must not make every page
    /// slower (pages show "99+"). On SQLite it is remembered until a message reaches one
    /// of the reader's audiences or they read or trash one (see [`crate::remembered`]).
    pub async fn unread_count(&self, user: &UserId) -> Result<i64> {
        // The tick is taken before the reader's audiences are: a change of membership
        // committed in between must make the count read from them stale.
        let since = self.remembered.as_ref().map(|r| r.changes.now());
        let reader = Reader::load(self, user).await?;
        let (Some(remembered), Some(since)) = (&self.remembered, since) else {
            return self.count_unread(user, &reader).await;
        };
        let holds = |kept| remembered.changes.unchanged_since(reader.audiences(), kept);
        if let Some(count) = remembered.unread.get(user, holds) {
            return Ok(count);
        }
        let count = self.count_unread(user, &reader).await?;
        remembered.unread.put(user.clone(), since, count);
        Ok(count)
    }

    /// Counts `reader`'s unread messages in the database.
    async fn count_unread(&self, user: &UserId, reader: &Reader) -> Result<i64> {
        let mut p = reader_params(user);
        let unread = reader.unread(&mut p);
        let sql = format!(
            "SELECT {} AS delivered, {} AS marked",
            unread.delivered, unread.marked
        );
        let row = p.query(&sql).fetch_one(&self.pool).await?;
        Ok(Unread::count(
            row.try_get("delivered")?,
            row.try_get("marked")?,
        ))
    }

    /// One of my messages, marked read; `NotFound` if my mailbox does not hold it.
    pub async fn read_message(
        &self,
        user: &UserId,
        id: &MessageId,
        now: Timestamp,
    ) -> Result<MessageView> {
        let sql = format!(
            "SELECT {COLUMNS}, m.body FROM ({}) b {JOINS} LIMIT 1",
            holding("m.id = $2")
        );
        let row = sqlx::query(&sql)
            .bind(user.as_str())
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        let folder: String = row.try_get("folder")?;
        if !is_read(&row)? && folder == Folder::Inbox.as_str() {
            self.mark_read(user, id, now).await?;
        }
        let status: String = row.try_get("status")?;
        Ok(MessageView {
            id: decode(row.try_get("id")?)?,
            thread_id: decode(row.try_get("thread_id")?)?,
            sender: sender_of(&row)?,
            subject: row.try_get("subject")?,
            body: row.try_get("body")?,
            recipients: labels_of(&row)?,
            created_at: Timestamp(row.try_get("created_at")?),
            status: MessageStatus::from_stored(&status),
            note: row.try_get("note")?,
            kind: row.try_get("kind")?,
            attachments: self.attachments(id).await?,
            folder: folder_of(&row)?,
        })
    }

    /// Marks a message I received as read, and moves my watermark past what I have read.
    async fn mark_read(&self, user: &UserId, id: &MessageId, now: Timestamp) -> Result<()> {
        let reader = Reader::load(self, user).await?;
        let (_turn, mut tx) = self.begin_write().await?;
        sqlx::query(&format!(
            "INSERT INTO inbox_marks (user_id, message_id, read_at, delivered_at) \
                 VALUES ($1, $2, $3, COALESCE({}, 0)) ON CONFLICT (user_id, message_id) \
                 DO UPDATE SET read_at = COALESCE(inbox_marks.read_at, excluded.read_at)",
            delivered_at("$2")
        ))
        .bind(user.as_str())
        .bind(id.as_str())
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        let through = reader.advance(&mut tx, user, now).await?;
        tx.commit().await?;
        self.readers.read_through(user, through);
        self.changed([own_audience(user).as_str()]);
        Ok(())
    }

    /// The messages of a thread that my mailbox holds, oldest first.
    pub async fn thread(&self, user: &UserId, thread: &MessageId) -> Result<Vec<MailboxEntry>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM ({}) b {JOINS} ORDER BY m.created_at, m.id",
            holding("m.thread_id = $2")
        );
        let rows = sqlx::query(&sql)
            .bind(user.as_str())
            .bind(thread.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(entry_of).collect()
    }

    /// The files of a message (callers check the reader may see the message first).
    pub async fn attachments(&self, id: &MessageId) -> Result<Vec<Attachment>> {
        let rows = sqlx::query(
            "SELECT name, digest, size, content_type FROM message_attachments \
             WHERE message_id = $1 ORDER BY position",
        )
        .bind(id.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Attachment::from_row).collect()
    }

    /// The `position`-th file of one of my messages; `NotFound` if my mailbox does not hold
    /// the message or it has no such file.
    pub async fn my_attachment(
        &self,
        user: &UserId,
        id: &MessageId,
        position: usize,
    ) -> Result<Attachment> {
        let sql = format!("SELECT 1 AS x FROM ({}) b", holding("m.id = $2"));
        let held = sqlx::query(&sql)
            .bind(user.as_str())
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        if held.is_none() {
            return Err(StoreError::NotFound);
        }
        self.attachments(id)
            .await?
            .into_iter()
            .nth(position)
            .ok_or(StoreError::NotFound)
    }

    /// How many people a message reached: what a recall takes it back from, and what a
    /// blocked message must never have reached.
    pub async fn inboxes_holding(&self, id: &MessageId) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        people_reached(&mut conn, id).await
    }

    /// Moves one of my messages to the trash, or back out of it.
    pub async fn set_trashed(
        &self,
        user: &UserId,
        id: &MessageId,
        trashed: bool,
        now: Timestamp,
    ) -> Result<()> {
        let at = trashed.then_some(now.0);
        let (_turn, mut tx) = self.begin_write().await?;
        let own = sqlx::query(
            "UPDATE mailbox SET trashed_at = $1 WHERE user_id = $2 AND message_id = $3",
        )
        .bind(at)
        .bind(user.as_str())
        .bind(id.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if own == 0 {
            let sql = format!(
                "SELECT 1 AS x FROM messages m WHERE m.id = $2 AND {}",
                received("m.id")
            );
            sqlx::query(&sql)
                .bind(user.as_str())
                .bind(id.as_str())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
            sqlx::query(&format!(
                "INSERT INTO inbox_marks (user_id, message_id, trashed_at, delivered_at) \
                     VALUES ($1, $2, $3, COALESCE({}, 0)) ON CONFLICT (user_id, message_id) \
                     DO UPDATE SET trashed_at = excluded.trashed_at",
                delivered_at("$2")
            ))
            .bind(user.as_str())
            .bind(id.as_str())
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.changed([own_audience(user).as_str()]);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn search_wildcards_are_taken_literally() {
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(like_pattern("Sortie"), "%sortie%");
    }
}
