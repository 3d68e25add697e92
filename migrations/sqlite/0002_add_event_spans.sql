-- Where in the document the source, the target and the trigger of an event stand,
-- in characters like span_start/span_end; NULL when the rule did not record it.

ALTER TABLE events ADD COLUMN source_start INTEGER;
ALTER TABLE events ADD COLUMN source_end INTEGER;
ALTER TABLE events ADD COLUMN target_start INTEGER;
ALTER TABLE events ADD COLUMN target_end INTEGER;
ALTER TABLE events ADD COLUMN trigger_start INTEGER;
ALTER TABLE events ADD COLUMN trigger_end INTEGER;
