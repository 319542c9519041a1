-- A count of every change a reader's view depends on: documents added or forgotten, corrections
-- to actors, resolution events, questions founded, regrown or rebuilt. A long-running reader
-- (`augury serve`) keeps what it worked out until this moves on. Questions are counted by their
-- own rows: every write of a question's members deletes and rewrites its row.
CREATE TABLE changes (n INTEGER NOT NULL);
INSERT INTO changes (n) VALUES (0);

CREATE FUNCTION changes_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE changes SET n = n + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER changes_document_added AFTER INSERT ON documents
    FOR EACH ROW EXECUTE FUNCTION changes_bump();

CREATE TRIGGER changes_document_removed AFTER DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION changes_bump();

CREATE TRIGGER changes_corrected AFTER INSERT ON actor_corrections
    FOR EACH ROW EXECUTE FUNCTION changes_bump();

CREATE TRIGGER changes_resolution_event AFTER INSERT ON resolution_events
    FOR EACH ROW EXECUTE FUNCTION changes_bump();

CREATE TRIGGER changes_question_written AFTER INSERT ON questions
    FOR EACH ROW EXECUTE FUNCTION changes_bump();

CREATE TRIGGER changes_question_removed AFTER DELETE ON questions
    FOR EACH ROW EXECUTE FUNCTION changes_bump();
