-- Fewer and smaller indexes on `coded_events`, as SQLite's migration 10 has them:
-- `coded_by_target` is dropped (each direction of a pair is asked as `source_id = $1 AND
-- target_id = $2`, which `coded_by_source` answers), and the two indexes that hold the target
-- leave out one-actor events, whose target is NULL and which no query by target wants.

DROP INDEX IF EXISTS coded_by_target;
DROP INDEX IF EXISTS coded_by_source;
DROP INDEX IF EXISTS coded_by_target_date;
CREATE INDEX coded_by_source ON coded_events (source_id, target_id, date)
    WHERE target_id IS NOT NULL;
CREATE INDEX coded_by_target_date ON coded_events (target_id, date)
    WHERE target_id IS NOT NULL;
