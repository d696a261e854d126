-- Messaging (SQLite): messages stored once, delivered to mailboxes; groups; reports; each school's
-- messaging policy and emergency switches; the devices each account signed in from.

-- The device a session was opened from (the browser's signed device cookie), so that a
-- device never seen for an account is restricted for its first day.
ALTER TABLE sessions ADD COLUMN device_id TEXT;

CREATE TABLE user_devices (
    user_id TEXT NOT NULL REFERENCES users(id),
    device_id TEXT NOT NULL,
    first_seen_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, device_id)
);

CREATE TABLE message_groups (
    id TEXT PRIMARY KEY,
    school_id TEXT NOT NULL REFERENCES schools(id),
    owner_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX message_groups_by_owner ON message_groups (owner_id);

CREATE TABLE message_group_members (
    group_id TEXT NOT NULL REFERENCES message_groups(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (group_id, user_id)
);

-- kind: 'message' (written by a person), 'alert' (to staff, from the shield), 'notice' (to an
-- account's owner: new device, reset). status: draft, delivered, held, blocked, rejected,
-- recalled. sender_id is NULL for alerts and notices.
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id),
    sender_id TEXT REFERENCES users(id),
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    recipients TEXT NOT NULL,
    recipient_count INTEGER NOT NULL,
    status TEXT NOT NULL,
    verdict TEXT NOT NULL,
    reasons TEXT NOT NULL,
    note TEXT NOT NULL,
    sender_ip TEXT NOT NULL,
    sender_session TEXT,
    sender_device TEXT,
    user_agent TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    decided_by TEXT REFERENCES users(id),
    decided_at INTEGER
);
CREATE INDEX messages_by_sender ON messages (sender_id, created_at);
CREATE INDEX messages_by_school_status ON messages (school_id, status, created_at);

CREATE TABLE message_attachments (
    message_id TEXT NOT NULL REFERENCES messages(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    digest TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    PRIMARY KEY (message_id, position)
);

-- One row per (person, message) a mailbox holds. folder: inbox, sent, drafts.
-- Clustered (WITHOUT ROWID) in the order a folder is listed, so that delivering to a class
-- writes one entry per pupil in one b-tree, plus the message's entries side by side in the
-- index by message (which also keeps (user, message) unique and finds one person's copy).
CREATE TABLE mailbox (
    user_id TEXT NOT NULL REFERENCES users(id),
    message_id TEXT NOT NULL REFERENCES messages(id),
    folder TEXT NOT NULL,
    delivered_at INTEGER NOT NULL,
    read_at INTEGER,
    trashed_at INTEGER,
    PRIMARY KEY (user_id, folder, delivered_at, message_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX mailbox_by_message ON mailbox (message_id, user_id);

CREATE TABLE message_reports (
    id TEXT PRIMARY KEY,
    message_id TEXT NOT NULL REFERENCES messages(id),
    school_id TEXT NOT NULL REFERENCES schools(id),
    reporter_id TEXT NOT NULL REFERENCES users(id),
    comment TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    resolved_at INTEGER,
    resolved_by TEXT REFERENCES users(id),
    UNIQUE (message_id, reporter_id)
);
CREATE INDEX message_reports_open ON message_reports (school_id, resolved_at);

-- What each sender sent, in ten-second buckets: the sending limits read at most an hour of
-- buckets instead of every message of the hour.
CREATE TABLE sending_counts (
    sender_id TEXT NOT NULL REFERENCES users(id),
    bucket INTEGER NOT NULL,
    messages INTEGER NOT NULL,
    recipients INTEGER NOT NULL,
    PRIMARY KEY (sender_id, bucket)
);

-- A school's messaging policy and switches, as JSON documents validated by core.
CREATE TABLE school_messaging (
    school_id TEXT PRIMARY KEY REFERENCES schools(id),
    policy TEXT NOT NULL,
    switches TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
);
