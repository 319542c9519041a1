-- The ledger's history: every resolution ever recorded and every one withdrawn, in order, with
-- who recorded it and which event it supersedes. `resolutions` keeps the current one per target;
-- rows here are never updated or deleted.
CREATE TABLE resolution_events (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('resolve', 'forget')),
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('yes', 'no', 'void')),
    date TEXT,
    source TEXT,
    note TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    supersedes INTEGER REFERENCES resolution_events(id)
);

CREATE INDEX resolution_events_by_target ON resolution_events (target, id);

INSERT INTO resolution_events (target, action, outcome, date, source, note, recorded_by,
                               recorded_at)
SELECT target, 'resolve', outcome, date, source, note, '(before history)', recorded_at
FROM resolutions ORDER BY recorded_at;

CREATE TRIGGER resolution_events_no_update BEFORE UPDATE ON resolution_events
BEGIN
    SELECT RAISE(ABORT, 'the resolution history is append-only');
END;

CREATE TRIGGER resolution_events_no_delete BEFORE DELETE ON resolution_events
BEGIN
    SELECT RAISE(ABORT, 'the resolution history is append-only');
END;
