-- Fan-out on read. A message to a class, its parents, its teachers, a group or the school is
-- delivered once, to that audience, instead of once per person: a send writes one row per
-- audience, and each reader's inbox is gathered from the audiences they belong to. Each
-- person's own state of a received message (read, trashed) is written only when they act.

-- Since when each person belongs to an audience: a message reaches the people who were in
-- its audience when it was delivered, not those who join it later. Existing memberships
-- date from the beginning.
ALTER TABLE class_pupils ADD COLUMN since INTEGER NOT NULL DEFAULT 0;
ALTER TABLE parent_links ADD COLUMN since INTEGER NOT NULL DEFAULT 0;
ALTER TABLE teachings ADD COLUMN since INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_group_members ADD COLUMN since INTEGER NOT NULL DEFAULT 0;

-- One row per (audience, message): audience is a recipient as the API writes it
-- ('user:<id>', 'class:<id>', 'class-parents:<id>', 'class-teachers:<id>', 'group:<id>',
-- 'school:<id>'). Clustered in the order an inbox lists it; sender_id keeps a sender's own
-- message out of their inbox when they belong to its audience (a teacher writing to the
-- teachers of a class they teach).
CREATE TABLE deliveries (
    audience TEXT NOT NULL,
    delivered_at INTEGER NOT NULL,
    message_id TEXT NOT NULL REFERENCES messages(id),
    sender_id TEXT,
    PRIMARY KEY (audience, delivered_at, message_id)
) WITHOUT ROWID;
CREATE INDEX deliveries_by_message ON deliveries (message_id);

-- A person's state of a message they received, written when they read or trash it.
CREATE TABLE inbox_marks (
    user_id TEXT NOT NULL REFERENCES users(id),
    message_id TEXT NOT NULL REFERENCES messages(id),
    read_at INTEGER,
    trashed_at INTEGER,
    PRIMARY KEY (user_id, message_id)
) WITHOUT ROWID;
CREATE INDEX inbox_marks_by_message ON inbox_marks (message_id);

-- Everything a person received up to read_through is read or trashed: counting the unread
-- starts after it, however many read messages the inbox keeps.
CREATE TABLE inbox_read_through (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    read_through INTEGER NOT NULL
);

-- A thread is gathered from the messages that share its id.
CREATE INDEX messages_by_thread ON messages (thread_id);

-- Inboxes delivered person by person until now become deliveries to each person.
INSERT INTO deliveries (audience, delivered_at, message_id, sender_id)
    SELECT 'user:' || b.user_id, b.delivered_at, b.message_id, m.sender_id
    FROM mailbox b JOIN messages m ON m.id = b.message_id WHERE b.folder = 'inbox';
INSERT INTO inbox_marks (user_id, message_id, read_at, trashed_at)
    SELECT user_id, message_id, read_at, trashed_at FROM mailbox
    WHERE folder = 'inbox' AND (read_at IS NOT NULL OR trashed_at IS NOT NULL);
INSERT INTO inbox_read_through (user_id, read_through)
    SELECT user_id, COALESCE(
        MIN(CASE WHEN read_at IS NULL AND trashed_at IS NULL THEN delivered_at END) - 1,
        MAX(delivered_at))
    FROM mailbox WHERE folder = 'inbox' GROUP BY user_id;
DELETE FROM mailbox WHERE folder = 'inbox';
DROP INDEX mailbox_unread;
