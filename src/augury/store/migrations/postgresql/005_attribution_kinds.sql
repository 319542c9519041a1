-- Who a speaker or holder is (person, organisation, government, group, document, author), and
-- the condition of a conditional forecast with its span.
ALTER TABLE quotes ADD COLUMN speaker_kind TEXT COLLATE "C";
ALTER TABLE forecasts ADD COLUMN holder_kind TEXT COLLATE "C";
ALTER TABLE forecasts ADD COLUMN condition TEXT COLLATE "C";
ALTER TABLE forecasts ADD COLUMN condition_start INTEGER;
ALTER TABLE forecasts ADD COLUMN condition_end INTEGER;
