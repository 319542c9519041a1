-- Actors resolved across documents keep their ids: each name key is given its actor's id the
-- first time it is resolved, and later resolutions reuse it (the earliest given wins).
CREATE TABLE actor_ids (
    key TEXT COLLATE "C" PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL,
    given INTEGER NOT NULL
);
CREATE INDEX actor_ids_id ON actor_ids(id);

-- The last resolution of actors, kept until a document or a correction changes what it reads:
-- `generation` counts those changes, bumped by the triggers below (once a row, as SQLite's).
CREATE TABLE actor_generation (n INTEGER NOT NULL);
INSERT INTO actor_generation (n) VALUES (0);
CREATE TABLE actor_cache (
    generation INTEGER NOT NULL,
    actors TEXT NOT NULL
);

CREATE FUNCTION actor_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE actor_generation SET n = n + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER actor_generation_document_added AFTER INSERT ON documents
    FOR EACH ROW EXECUTE FUNCTION actor_generation_bump();

CREATE TRIGGER actor_generation_document_removed AFTER DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION actor_generation_bump();

CREATE TRIGGER actor_generation_corrected AFTER INSERT ON actor_corrections
    FOR EACH ROW EXECUTE FUNCTION actor_generation_bump();
