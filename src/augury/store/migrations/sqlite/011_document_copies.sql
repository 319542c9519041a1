-- Near-duplicates folded at ingest: the other URLs and outlets that carried a stored document's
-- story (wire copies, AMP pages, mirrors), each with its own text's hash so that re-ingesting
-- it finds it stored; none of them is analysed, so none adds quotes or forecasts.
CREATE TABLE document_copies (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    title TEXT,
    date TEXT,
    content_hash TEXT NOT NULL,
    similarity REAL NOT NULL,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (document_id, source)
);
CREATE INDEX document_copies_document ON document_copies(document_id);
CREATE INDEX document_copies_hash ON document_copies(content_hash);
CREATE INDEX document_copies_source ON document_copies(source);
CREATE INDEX document_copies_url ON document_copies(url);

-- Each document's MinHash signature (128 little-endian uint32), written once, so a later ingest
-- compares against every stored text without reading or hashing it again.
CREATE TABLE document_signatures (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    minhash BLOB NOT NULL
);

CREATE INDEX documents_source ON documents(source);
CREATE INDEX documents_url ON documents(url);
