-- Full-text search over documents (title and text), quotes and forecasts.
--
-- External-content FTS5 tables: the index points at the rows' own text, which is stored once.
-- A contentless table would hold no copy either, but SQLite before 3.43 (3.40 ships with
-- Debian 12's Python) cannot delete from one, and `augury forget` must take a document out of the
-- index. The text of a stored row never changes, so triggers on insert and delete keep each index
-- in step; deleting a document cascades to its quotes and forecasts, and the cascade fires their
-- delete triggers too. Porter stemming finds "forecasts" for "forecast"; folded accents find
-- "Cenusă" for "Cenusa".
CREATE VIRTUAL TABLE documents_search USING fts5(
    title, text, content = 'documents', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE quotes_search USING fts5(
    text, content = 'quotes', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE forecasts_search USING fts5(
    text, content = 'forecasts', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER documents_search_insert AFTER INSERT ON documents
BEGIN
    INSERT INTO documents_search (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE TRIGGER documents_search_delete AFTER DELETE ON documents
BEGIN
    INSERT INTO documents_search (documents_search, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;

CREATE TRIGGER quotes_search_insert AFTER INSERT ON quotes
BEGIN
    INSERT INTO quotes_search (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER quotes_search_delete AFTER DELETE ON quotes
BEGIN
    INSERT INTO quotes_search (quotes_search, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER forecasts_search_insert AFTER INSERT ON forecasts
BEGIN
    INSERT INTO forecasts_search (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER forecasts_search_delete AFTER DELETE ON forecasts
BEGIN
    INSERT INTO forecasts_search (forecasts_search, rowid, text)
    VALUES ('delete', old.id, old.text);
END;

-- Index what is already stored.
INSERT INTO documents_search (documents_search) VALUES ('rebuild');
INSERT INTO quotes_search (quotes_search) VALUES ('rebuild');
INSERT INTO forecasts_search (forecasts_search) VALUES ('rebuild');
