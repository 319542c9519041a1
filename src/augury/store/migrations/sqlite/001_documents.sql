-- Articles and what analysis found in each; every row of an analysis belongs to one document.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    title TEXT,
    author TEXT,
    outlet TEXT,
    date TEXT,
    url TEXT,
    words INTEGER NOT NULL,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);

CREATE TABLE actors (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    aliases TEXT NOT NULL,  -- JSON list
    mentions INTEGER NOT NULL
);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('direct', 'indirect', 'partial')),
    speaker TEXT,
    speaker_mention TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT
);

CREATE TABLE forecasts (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    holder TEXT,
    hedge TEXT,
    probability REAL CHECK (probability IS NULL OR probability BETWEEN 0 AND 1),
    conditional INTEGER NOT NULL,
    horizon TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('forecast', 'pledge'))
);

CREATE INDEX entities_document ON entities(document_id);
CREATE INDEX actors_document ON actors(document_id);
CREATE INDEX actors_name ON actors(name);
CREATE INDEX quotes_document ON quotes(document_id);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE INDEX forecasts_document ON forecasts(document_id);
CREATE INDEX forecasts_holder ON forecasts(holder);
