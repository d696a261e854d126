-- How many audiences each message was delivered to. A reader who is in two of them (a
-- message to a class and to the whole school) holds it once; counting what they have not
-- read checks their other audiences only for these few messages, instead of merging every
-- audience's deliveries to find them.
ALTER TABLE deliveries ADD COLUMN audiences BIGINT NOT NULL DEFAULT 1;
UPDATE deliveries SET audiences =
    (SELECT COUNT(*) FROM deliveries x WHERE x.message_id = deliveries.message_id)
    WHERE message_id IN (SELECT message_id FROM deliveries GROUP BY message_id HAVING COUNT(*) > 1);
