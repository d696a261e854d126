-- Assignments: a homework that asks pupils to hand work in (text and files) before a
-- deadline, what each pupil handed in, and the teacher's feedback and mark.

-- The hand-in a homework asks for. deadline: seconds since the epoch; accepted: the content
-- families a file may be of, comma-separated (pdf,image,office,text,audio,video,zip);
-- max_bytes: the largest file.
CREATE TABLE hand_in_requests (
    homework_id TEXT PRIMARY KEY REFERENCES homework(id),
    deadline BIGINT NOT NULL,
    accepted TEXT NOT NULL,
    max_bytes BIGINT NOT NULL
);

-- What a pupil handed in: replaced whole (text and files) until the deadline. late is 1 for
-- a first hand-in after the deadline. mark: hundredths of a mark out of 20.
CREATE TABLE hand_ins (
    homework_id TEXT NOT NULL REFERENCES homework(id),
    pupil_id TEXT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    handed_in_at BIGINT NOT NULL,
    late BIGINT NOT NULL,
    feedback TEXT,
    mark BIGINT,
    reviewed_at BIGINT,
    reviewed_by TEXT REFERENCES users(id),
    PRIMARY KEY (homework_id, pupil_id)
);

CREATE TABLE hand_in_files (
    homework_id TEXT NOT NULL,
    pupil_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    digest TEXT NOT NULL,
    size BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    PRIMARY KEY (homework_id, pupil_id, position),
    FOREIGN KEY (homework_id, pupil_id) REFERENCES hand_ins(homework_id, pupil_id)
);
