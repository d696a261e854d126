-- The audit log (SQLite): append-only, one hash chain per school, tamper-evident.
-- chain is the school's id, or '' for platform-wide events. Times are Unix seconds; hashes
-- are 64 hex characters (see cartable_core::audit for what each hash covers).
-- No foreign keys: evidence must outlive and never depend on the rows it mentions.

CREATE TABLE audit_log (
    chain TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    school_id TEXT,
    actor_id TEXT,
    ip TEXT,
    session_id TEXT,
    kind TEXT NOT NULL,
    target TEXT,
    details TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (chain, seq)
);
-- Exports: one school's events since a date.
CREATE INDEX audit_log_by_time ON audit_log (chain, at);

-- Each chain's last sequence number and hash. Appending locks this row, so appends to one
-- chain take turns; removing the tail of audit_log leaves the head pointing past it.
CREATE TABLE audit_heads (
    chain TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);

-- Defence in depth: the store never updates or deletes audit rows; neither may anyone else.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
