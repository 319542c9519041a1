-- Questions group forecasts (by their stable ids) and are rebuilt after each ingest.
CREATE TABLE questions (
    id TEXT PRIMARY KEY,
    proposition TEXT NOT NULL
);

CREATE TABLE question_members (
    question_id TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    forecast_id TEXT NOT NULL,
    polarity INTEGER NOT NULL CHECK (polarity IN (-1, 1)),
    probability_for REAL,
    PRIMARY KEY (question_id, forecast_id)
);

-- Resolutions name a forecast or question id and are never touched by ingest or regrouping.
CREATE TABLE resolutions (
    target TEXT PRIMARY KEY,
    outcome TEXT NOT NULL CHECK (outcome IN ('yes', 'no', 'void')),
    date TEXT NOT NULL,
    source TEXT NOT NULL,
    note TEXT,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
