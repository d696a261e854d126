-- Documents: a personal space per person and a shared space per class, with folders and
-- files. space: 'u:<user id>' (a person's own space) or 'c:<class id>' (a class's space).
-- A file's bytes are in the blob store under its digest; a folder has no digest and size 0.
-- name_key is the name in lower case: no two live items of a folder share it.
-- An item put in the trash, and everything under it, get trashed_at and trash_root (the id
-- of the item the person deleted), so a restore brings back exactly what went together.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    space TEXT NOT NULL,
    parent_id TEXT REFERENCES documents(id),
    is_folder INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    digest TEXT,
    size INTEGER NOT NULL,
    content_type TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    trashed_at INTEGER,
    trash_root TEXT
);
CREATE INDEX documents_by_folder ON documents (space, parent_id);
CREATE INDEX documents_by_parent ON documents (parent_id);
CREATE INDEX documents_trash ON documents (space, trashed_at);
CREATE INDEX documents_expiring ON documents (trashed_at);
CREATE UNIQUE INDEX documents_unique_names
    ON documents (space, (COALESCE(parent_id, '')), name_key) WHERE trashed_at IS NULL;
