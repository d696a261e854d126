-- Each mark keeps when its message was delivered, so that counting the unread subtracts
-- the few marks after the reader's watermark instead of looking up a mark for every
-- message after it.
ALTER TABLE inbox_marks ADD COLUMN delivered_at BIGINT NOT NULL DEFAULT 0;
UPDATE inbox_marks SET delivered_at = COALESCE(
    (SELECT MIN(d.delivered_at) FROM deliveries d WHERE d.message_id = inbox_marks.message_id), 0);
CREATE INDEX inbox_marks_by_time ON inbox_marks (user_id, delivered_at);
