-- The audit log (PostgreSQL): append-only, one hash chain per school, tamper-evident.
-- chain is the school's id, or '' for platform-wide events. Times are Unix seconds; hashes
-- are 64 hex characters (see cartable_core::audit for what each hash covers).
-- No foreign keys: evidence must outlive and never depend on the rows it mentions.

CREATE TABLE audit_log (
    chain TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
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
-- chain take turns while other schools' chains proceed; removing the tail of audit_log
-- leaves the head pointing past it.
CREATE TABLE audit_heads (
    chain TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);

-- Defence in depth: the store never updates, deletes or truncates audit rows; neither may
-- anyone else without first dropping these triggers.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
