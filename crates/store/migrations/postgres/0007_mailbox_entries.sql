-- How each message shows in a mailbox listing, written once when the message is, so that a
-- page of an inbox reads one short row per message instead of the message, its sender and
-- its files. `head` is the JSON object of the listing entry without its closing brace and
-- without what depends on the reader or changes (status, when it reached them, whether
-- they read it): a page appends those and closes it. The sender's name is the one they had
-- when they wrote, as on a letter.
CREATE TABLE mailbox_entries (
    message_id TEXT PRIMARY KEY REFERENCES messages(id),
    head TEXT NOT NULL
);

INSERT INTO mailbox_entries (message_id, head)
    SELECT id, left(entry, -1) FROM (
        SELECT m.id, json_build_object(
            'id', m.id, 'thread_id', m.thread_id,
            'sender', json_build_object('id', m.sender_id,
                'name', CASE WHEN m.sender_id IS NULL THEN 'Cartable'
                        ELSE u.first_name || ' ' || u.last_name END,
                'role', u.role),
            'subject', m.subject, 'recipients', m.recipients::json, 'kind', m.kind,
            'attachments', (SELECT COUNT(*) FROM message_attachments a WHERE a.message_id = m.id)
        )::text AS entry
        FROM messages m LEFT JOIN users u ON u.id = m.sender_id) e;

-- The few messages a reader trashed, found without walking every mark they made: an inbox
-- page leaves them out.
CREATE INDEX inbox_marks_trashed ON inbox_marks (user_id, trashed_at) WHERE trashed_at IS NOT NULL;
