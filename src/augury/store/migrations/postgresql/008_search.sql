-- Full-text search over documents (title and text), quotes and forecasts: a tsvector column
-- of each row, generated from its own text (so it never falls out of step) and indexed by GIN.
-- Words are the runs of letters and digits, everything else a separator, as FTS5's unicode61
-- tokenizer reads them (PostgreSQL's own parser would keep "example.com" or "well-known" as one
-- token besides its parts); augury's search splits its words the same way. Letters and digits
-- are Unicode's, by the ICU root collation ("und-x-icu"), whatever the database's locale.
--
-- The `augury` configuration folds accents (unaccent: "Cenusa" finds "Cenusă") and stems
-- English words (Snowball: "forecast" finds "forecasts"), and drops no stop words, as SQLite's
-- FTS5 index with `porter unicode61 remove_diacritics 2` does. unaccent is a trusted extension
-- (PostgreSQL 13 and later): a user who may create objects in the database may install it.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH DICTIONARY augury_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION augury (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION augury
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, augury_stem;

ALTER TABLE documents ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('augury', regexp_replace(coalesce(title, '') COLLATE "und-x-icu", '[^[:alnum:]]+', ' ', 'g'))
    || to_tsvector('augury', regexp_replace(text COLLATE "und-x-icu", '[^[:alnum:]]+', ' ', 'g'))) STORED;
ALTER TABLE quotes ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('augury', regexp_replace(text COLLATE "und-x-icu", '[^[:alnum:]]+', ' ', 'g'))) STORED;
ALTER TABLE forecasts ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('augury', regexp_replace(text COLLATE "und-x-icu", '[^[:alnum:]]+', ' ', 'g'))) STORED;

CREATE INDEX documents_search ON documents USING gin (search);
CREATE INDEX quotes_search ON quotes USING gin (search);
CREATE INDEX forecasts_search ON forecasts USING gin (search);
