-- Cartable's directory, accounts and sessions (PostgreSQL).
-- Ids are random 32-hex strings; times are Unix seconds.

CREATE TABLE academies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE schools (
    id TEXT PRIMARY KEY,
    academy_id TEXT NOT NULL REFERENCES academies(id),
    uai TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE classes (
    id TEXT PRIMARY KEY,
    school_id TEXT NOT NULL REFERENCES schools(id),
    name TEXT NOT NULL,
    UNIQUE (school_id, name)
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    school_id TEXT NOT NULL REFERENCES schools(id),
    role TEXT NOT NULL,
    login TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    status TEXT NOT NULL,
    password_hash TEXT,
    activation_digest TEXT UNIQUE,
    activation_expires_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX users_by_school ON users (school_id, role, last_name, first_name);

CREATE TABLE class_pupils (
    pupil_id TEXT NOT NULL REFERENCES users(id),
    class_id TEXT NOT NULL REFERENCES classes(id),
    PRIMARY KEY (pupil_id, class_id)
);
CREATE INDEX class_pupils_by_class ON class_pupils (class_id);

CREATE TABLE parent_links (
    parent_id TEXT NOT NULL REFERENCES users(id),
    child_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (parent_id, child_id)
);
CREATE INDEX parent_links_by_child ON parent_links (child_id);

CREATE TABLE teachings (
    teacher_id TEXT NOT NULL REFERENCES users(id),
    class_id TEXT NOT NULL REFERENCES classes(id),
    subject TEXT NOT NULL,
    PRIMARY KEY (teacher_id, class_id, subject)
);
CREATE INDEX teachings_by_class ON teachings (class_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_digest TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    user_agent TEXT NOT NULL,
    ip TEXT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
-- Every node polls recent revocations so that a sign-out, a lock or a reset done anywhere
-- (another node, the command line) takes effect everywhere within a second.
CREATE INDEX sessions_by_revocation ON sessions (revoked_at);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
