-- Identities written once: a forecast's id is stored at ingest, and its claim and embedding are
-- read once and kept, so that a new forecast joins the stored questions without re-reading any
-- other.
ALTER TABLE forecasts ADD COLUMN fid TEXT COLLATE "C";
CREATE UNIQUE INDEX forecasts_fid ON forecasts(fid);

CREATE TABLE claims (
    forecast_id TEXT COLLATE "C" PRIMARY KEY REFERENCES forecasts(fid) ON DELETE CASCADE,
    claim TEXT NOT NULL,
    vector BYTEA NOT NULL
);

-- Questions keep their id for life; `position` orders members by when they joined.
ALTER TABLE question_members ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
CREATE INDEX question_members_forecast ON question_members(forecast_id);
