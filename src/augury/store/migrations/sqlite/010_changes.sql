-- A count of every change a reader's view depends on: documents added or forgotten, corrections
-- to actors, resolution events, questions founded, regrown or rebuilt. A long-running reader
-- (`augury serve`) keeps what it worked out until this moves on. Questions are counted by their
-- own rows: every write of a question's members deletes and rewrites its row.
CREATE TABLE changes (n INTEGER NOT NULL);
INSERT INTO changes (n) VALUES (0);

CREATE TRIGGER changes_document_added AFTER INSERT ON documents
BEGIN
    UPDATE changes SET n = n + 1;
END;

CREATE TRIGGER changes_document_removed AFTER DELETE ON documents
BEGIN
    UPDATE changes SET n = n + 1;
END;

CREATE TRIGGER changes_corrected AFTER INSERT ON actor_corrections
BEGIN
    UPDATE changes SET n = n + 1;
END;

CREATE TRIGGER changes_resolution_event AFTER INSERT ON resolution_events
BEGIN
    UPDATE changes SET n = n + 1;
END;

CREATE TRIGGER changes_question_written AFTER INSERT ON questions
BEGIN
    UPDATE changes SET n = n + 1;
END;

CREATE TRIGGER changes_question_removed AFTER DELETE ON questions
BEGIN
    UPDATE changes SET n = n + 1;
END;
