-- Unread messages in each inbox, so that counting them (on every page) visits the unread
-- entries alone, however many read ones the inbox also holds.
CREATE INDEX mailbox_unread ON mailbox (user_id)
    WHERE folder = 'inbox' AND read_at IS NULL AND trashed_at IS NULL;
