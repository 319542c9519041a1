-- Questions group forecasts (by their stable ids) and are rebuilt after each ingest.
CREATE TABLE questions (
    id TEXT COLLATE "C" PRIMARY KEY,
    proposition TEXT COLLATE "C" NOT NULL
);

CREATE TABLE question_members (
    question_id TEXT COLLATE "C" NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    forecast_id TEXT COLLATE "C" NOT NULL,
    polarity INTEGER NOT NULL CHECK (polarity IN (-1, 1)),
    probability_for DOUBLE PRECISION,
    PRIMARY KEY (question_id, forecast_id)
);

-- Resolutions name a forecast or question id and are never touched by ingest or regrouping.
CREATE TABLE resolutions (
    target TEXT COLLATE "C" PRIMARY KEY,
    outcome TEXT COLLATE "C" NOT NULL CHECK (outcome IN ('yes', 'no', 'void')),
    date TEXT COLLATE "C" NOT NULL,
    source TEXT COLLATE "C" NOT NULL,
    note TEXT COLLATE "C",
    recorded_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
