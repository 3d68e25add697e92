-- Fewer and smaller indexes on `coded_events`, which an import of many rows spends most of its
-- time building.
--
-- `coded_by_target` (target_id, source_id, date) is dropped: every question about a pair asks
-- for each direction as `source_id = ? AND target_id = ?`, which `coded_by_source` answers.
-- The two indexes that hold the target leave out one-actor events (a NULL target), a third of
-- an import from GDELT: a query that names the target (`target_id = ?`) never wants them, and
-- SQLite uses a partial index for it.
--
-- An import into an empty `coded_events` still drops these three and builds them at the end;
-- every open builds any that an interrupted import left out.

DROP INDEX IF EXISTS coded_by_target;
DROP INDEX IF EXISTS coded_by_source;
DROP INDEX IF EXISTS coded_by_target_date;
CREATE INDEX coded_by_source ON coded_events (source_id, target_id, date)
    WHERE target_id IS NOT NULL;
CREATE INDEX coded_by_target_date ON coded_events (target_id, date)
    WHERE target_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS coded_by_source_date ON coded_events (source_id, date);
