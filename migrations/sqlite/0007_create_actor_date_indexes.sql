-- The events of one actor, newest first (`/api/events?actor=PAK`, `geokg events --actor`):
-- each table and side is walked through (actor, date) from the newest day back, only as far as
-- a page reaches, instead of reading every event of the actor and sorting them.
-- An import into an empty `coded_events` drops its indexes and builds them at the end; every
-- open builds any that an interrupted import left out.

CREATE INDEX events_by_source_date ON events (source_id, date);
CREATE INDEX events_by_target_date ON events (target_id, date);
CREATE INDEX coded_by_source_date ON coded_events (source_id, date);
CREATE INDEX coded_by_target_date ON coded_events (target_id, date);
