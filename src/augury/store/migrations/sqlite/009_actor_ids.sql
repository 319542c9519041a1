-- Actors resolved across documents keep their ids: each name key is given its actor's id the
-- first time it is resolved, and later resolutions reuse it (the earliest given wins).
CREATE TABLE actor_ids (
    key TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    given INTEGER NOT NULL
);
CREATE INDEX actor_ids_id ON actor_ids(id);

-- The last resolution of actors, kept until a document or a correction changes what it reads:
-- `generation` counts those changes, bumped by the triggers below.
CREATE TABLE actor_generation (n INTEGER NOT NULL);
INSERT INTO actor_generation (n) VALUES (0);
CREATE TABLE actor_cache (
    generation INTEGER NOT NULL,
    actors TEXT NOT NULL
);

CREATE TRIGGER actor_generation_document_added AFTER INSERT ON documents
BEGIN
    UPDATE actor_generation SET n = n + 1;
END;

CREATE TRIGGER actor_generation_document_removed AFTER DELETE ON documents
BEGIN
    UPDATE actor_generation SET n = n + 1;
END;

CREATE TRIGGER actor_generation_corrected AFTER INSERT ON actor_corrections
BEGIN
    UPDATE actor_generation SET n = n + 1;
END;
