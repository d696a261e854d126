-- Pedagogical continuity: timetables, the class log and its homework, news.
-- Days of the school calendar are 'YYYY-MM-DD' in the school's time zone (a lesson happens
-- on a day, whatever the clocks do); times of day are minutes after midnight.

-- A class's week: the lessons that come back every week. weekday: Monday 1 to Sunday 7.
CREATE TABLE timetable_slots (
    id TEXT PRIMARY KEY,
    school_id TEXT NOT NULL REFERENCES schools(id),
    class_id TEXT NOT NULL REFERENCES classes(id),
    weekday INTEGER NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    subject TEXT NOT NULL,
    teacher_id TEXT REFERENCES users(id),
    room TEXT NOT NULL
);
CREATE INDEX timetable_by_class ON timetable_slots (class_id, weekday, starts_at);

-- One day's change to a weekly lesson: cancelled, or moved to another room, or taught by
-- someone else. NULL room or teacher: unchanged.
CREATE TABLE timetable_changes (
    slot_id TEXT NOT NULL REFERENCES timetable_slots(id),
    day TEXT NOT NULL,
    class_id TEXT NOT NULL REFERENCES classes(id),
    cancelled INTEGER NOT NULL,
    room TEXT,
    teacher_id TEXT REFERENCES users(id),
    note TEXT NOT NULL,
    changed_by TEXT NOT NULL REFERENCES users(id),
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (slot_id, day)
);
CREATE INDEX timetable_changes_by_class ON timetable_changes (class_id, day);

-- The class log (cahier de textes): what was done in a lesson. Pupils see an entry from
-- visible_from on, so a teacher can write ahead.
CREATE TABLE lessons (
    id TEXT PRIMARY KEY,
    school_id TEXT NOT NULL REFERENCES schools(id),
    class_id TEXT NOT NULL REFERENCES classes(id),
    subject TEXT NOT NULL,
    teacher_id TEXT NOT NULL REFERENCES users(id),
    lesson_date TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    visible_from INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX lessons_by_class ON lessons (class_id, lesson_date);

-- Homework set to a class, due on a day; lesson_id is the entry that set it, if any.
CREATE TABLE homework (
    id TEXT PRIMARY KEY,
    school_id TEXT NOT NULL REFERENCES schools(id),
    class_id TEXT NOT NULL REFERENCES classes(id),
    subject TEXT NOT NULL,
    teacher_id TEXT NOT NULL REFERENCES users(id),
    lesson_id TEXT REFERENCES lessons(id),
    due_date TEXT NOT NULL,
    instructions TEXT NOT NULL,
    visible_from INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX homework_by_class_due ON homework (class_id, due_date);

CREATE TABLE homework_attachments (
    homework_id TEXT NOT NULL REFERENCES homework(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    digest TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    PRIMARY KEY (homework_id, position)
);

-- The homework a pupil ticked as done.
CREATE TABLE homework_done (
    pupil_id TEXT NOT NULL REFERENCES users(id),
    homework_id TEXT NOT NULL REFERENCES homework(id),
    done_at INTEGER NOT NULL,
    PRIMARY KEY (pupil_id, homework_id)
) WITHOUT ROWID;

-- News of the whole school (class_id NULL) or of one class.
CREATE TABLE news (
    id TEXT PRIMARY KEY,
    school_id TEXT NOT NULL REFERENCES schools(id),
    class_id TEXT REFERENCES classes(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    published_at INTEGER NOT NULL
);
CREATE INDEX news_by_school ON news (school_id, published_at);
CREATE INDEX news_by_class ON news (class_id, published_at);
