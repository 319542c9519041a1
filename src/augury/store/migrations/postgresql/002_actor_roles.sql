-- Roles the text gives a person, as a JSON list of {text, start, end, affiliation}.
ALTER TABLE actors ADD COLUMN roles TEXT NOT NULL DEFAULT '[]';
