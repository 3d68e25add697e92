-- Events coded elsewhere and imported as they are (`geokg import gdelt`): one row per GDELT
-- GLOBALEVENTID, so a re-import adds nothing. They join extracted events in the graph and in
-- every query through the `all_events` view. Rows are written in large batches, so the table
-- keeps only the two indexes that queries by actor need (an import into an empty table builds
-- them once at the end), and no foreign keys: the importer writes the actors first, in the
-- same transaction.

CREATE TABLE coded_events (
    id            INTEGER PRIMARY KEY,   -- GLOBALEVENTID
    source_id     TEXT NOT NULL,         -- geokg actor ids of Actor1 and Actor2
    target_id     TEXT NOT NULL,
    source_code   TEXT NOT NULL,         -- Actor1Code and Actor2Code as GDELT wrote them
    target_code   TEXT NOT NULL,
    code          TEXT NOT NULL,         -- EventCode ('0834'); base and root codes follow from it
    kind          TEXT NOT NULL,         -- geokg kind of the code
    date          TEXT NOT NULL,         -- SQLDATE, YYYY-MM-DD
    report_date   TEXT NOT NULL,         -- the day of DATEADDED, YYYY-MM-DD
    added         INTEGER NOT NULL,      -- DATEADDED as written: YYYYMMDD (1.0) or YYYYMMDDHHMMSS (2.0)
    version       INTEGER NOT NULL,      -- GDELT version of the file: 1 or 2
    is_root       INTEGER NOT NULL,
    quad_class    INTEGER NOT NULL,
    goldstein     REAL NOT NULL,
    mentions      INTEGER NOT NULL,
    sources       INTEGER NOT NULL,
    articles      INTEGER NOT NULL,
    tone          REAL NOT NULL,
    source_actor  TEXT NOT NULL,         -- Actor1's 10 columns, tab-separated
    target_actor  TEXT NOT NULL,         -- Actor2's 10 columns
    source_geo    TEXT NOT NULL,         -- Actor1Geo's 8 columns, tab-separated; '=' when ActionGeo's
    target_geo    TEXT NOT NULL,         -- Actor2Geo's 8 columns, the same way
    action_geo    TEXT NOT NULL,         -- ActionGeo's 8 columns: where it happened
    url           TEXT                   -- SOURCEURL, the evidence; NULL in 57-column 1.0 rows
);

CREATE INDEX coded_by_source ON coded_events (source_id, target_id, date);
CREATE INDEX coded_by_target ON coded_events (target_id, source_id, date);

-- Every event, extracted or imported, in the columns of `events`; imported ones have no
-- sentence, their document is their source URL and their rule is `gdelt`.
CREATE VIEW all_events AS
    SELECT id, document_id, source_id, target_id, source_cameo, target_cameo, code, kind, date,
           report_date, sentence, span_start, span_end, rule, source_start, source_end,
           target_start, target_end, trigger_start, trigger_end
    FROM events
    UNION ALL
    SELECT 'gdelt-' || id, coalesce(url, 'gdelt-' || id), source_id, target_id, source_code,
           target_code, code, kind, date, report_date, '', 0, 0, 'gdelt', NULL, NULL,
           NULL, NULL, NULL, NULL
    FROM coded_events;
