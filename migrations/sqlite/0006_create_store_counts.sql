-- Counts of what the store holds, one row, kept by every write transaction of geokg, so that a
-- health check reads one row instead of counting a million. Only geokg writes the store (a
-- store newer than a geokg is refused), so the counts stay exact.

CREATE TABLE store_counts (
    id           INTEGER PRIMARY KEY CHECK (id = 1),  -- the one row
    n_documents  INTEGER NOT NULL,
    n_actors     INTEGER NOT NULL,
    n_events     INTEGER NOT NULL,                    -- rows of `events` (extracted)
    n_coded      INTEGER NOT NULL                     -- rows of `coded_events` (imported)
);

INSERT INTO store_counts (id, n_documents, n_actors, n_events, n_coded)
SELECT 1, (SELECT count(*) FROM documents), (SELECT count(*) FROM actors),
       (SELECT count(*) FROM events), (SELECT count(*) FROM coded_events);
