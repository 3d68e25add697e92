-- Coded events of several datasets (GDELT, ICEWS), with one-actor events, actors placed by
-- geography, places as columns, the CAMEO table, and views for analysts (sqlite3, Datasette).
--
-- `coded_events` is made again: its places were packed into tab-separated strings, and its
-- target could not be empty. geokg copies the old rows into the new table right after this
-- file runs (unpacking the places in Rust), fills `cameo_codes` from its code table, and drops
-- `coded_events_packed`, all in this migration's transaction.

DROP VIEW all_events;
DROP INDEX IF EXISTS coded_by_source;
DROP INDEX IF EXISTS coded_by_target;
DROP INDEX IF EXISTS coded_by_source_date;
DROP INDEX IF EXISTS coded_by_target_date;
ALTER TABLE coded_events RENAME TO coded_events_packed;

CREATE TABLE coded_events (
    -- The row's key: the event's number in its dataset (GDELT's GLOBALEVENTID, ICEWS's Event
    -- ID) plus the dataset's number times 2^48 (GDELT 0, ICEWS 1), so that the same number in
    -- two datasets is two rows and a re-import of a file adds nothing.
    id            INTEGER PRIMARY KEY,
    source_id     TEXT NOT NULL REFERENCES actors (id),  -- who acted; the one actor of a one-actor event
    target_id     TEXT REFERENCES actors (id),           -- who was acted upon; NULL in a one-actor event
    source_code   TEXT NOT NULL,         -- as the dataset wrote it: GDELT's Actor1Code ('GOV'), ICEWS's Source Name
    target_code   TEXT NOT NULL,         -- GDELT's Actor2Code, ICEWS's Target Name; '' when none
    placed        INTEGER NOT NULL,      -- actors placed in a country by geography: 1 source by its
                                         -- own place, 2 source by the action's, 4 target by its own,
                                         -- 8 target by the action's; 0 when the codes named the countries
    code          TEXT NOT NULL,         -- CAMEO event code ('0834'); see cameo_codes
    kind          TEXT NOT NULL,         -- geokg kind of the code
    date          TEXT NOT NULL,         -- the event's day, YYYY-MM-DD (SQLDATE, Event Date)
    report_date   TEXT NOT NULL,         -- the day it was reported (DATEADDED's day; ICEWS: the event's)
    added         INTEGER NOT NULL,      -- GDELT's DATEADDED as written: YYYYMMDD (1.0) or YYYYMMDDHHMMSS (2.0)
    version       INTEGER NOT NULL,      -- format of the file: GDELT 1 or 2, ICEWS 0
    is_root       INTEGER NOT NULL,
    quad_class    INTEGER NOT NULL,
    goldstein     REAL NOT NULL,         -- GDELT's GoldsteinScale, ICEWS's Intensity
    mentions      INTEGER NOT NULL,
    sources       INTEGER NOT NULL,
    articles      INTEGER NOT NULL,
    tone          REAL NOT NULL,
    source_actor  TEXT NOT NULL,         -- GDELT: Actor1's ten columns, tab-separated; ICEWS: Source Name, Sectors, Country
    target_actor  TEXT NOT NULL,
    -- Three places: the source actor's, the target actor's and the action's (where it
    -- happened). `*_country` is ISO 3166-1 alpha-3 (NULL when unknown), `*_fips` the FIPS 10-4
    -- code GDELT wrote, `*_type` GDELT's place type (0 none, 1 country, 2 US state, 3 US city,
    -- 4 world city, 5 world state). Text columns are NULL when empty. An actor's place that is
    -- the action's (as it most often is) is not written again: its type and columns are NULL.
    source_geo_type     INTEGER,
    source_geo_name     TEXT,
    source_geo_fips     TEXT,
    source_geo_country  TEXT,
    source_geo_adm1     TEXT,
    source_geo_adm2     TEXT,
    source_geo_lat      REAL,
    source_geo_long     REAL,
    source_geo_feature  TEXT,
    target_geo_type     INTEGER,
    target_geo_name     TEXT,
    target_geo_fips     TEXT,
    target_geo_country  TEXT,
    target_geo_adm1     TEXT,
    target_geo_adm2     TEXT,
    target_geo_lat      REAL,
    target_geo_long     REAL,
    target_geo_feature  TEXT,
    action_geo_type     INTEGER NOT NULL,
    action_geo_name     TEXT,
    action_geo_fips     TEXT,
    action_geo_country  TEXT,
    action_geo_adm1     TEXT,
    action_geo_adm2     TEXT,
    action_geo_lat      REAL,
    action_geo_long     REAL,
    action_geo_feature  TEXT,
    url           TEXT,                  -- GDELT's SOURCEURL, the evidence; NULL when none
    story_id      INTEGER,               -- ICEWS: Story ID, Sentence Number and Publisher
    sentence_number INTEGER,
    publisher     TEXT
);

-- The CAMEO event codes: filled by geokg from its code table when this migration runs.
CREATE TABLE cameo_codes (
    code        TEXT PRIMARY KEY,        -- '042'; a string, leading zeros kept
    root        TEXT NOT NULL,           -- '04'
    name        TEXT NOT NULL,           -- 'Make a visit'
    kind        TEXT NOT NULL,           -- geokg kind ('visit')
    quad_class  INTEGER NOT NULL,        -- 1 verbal cooperation .. 4 material conflict
    goldstein   REAL NOT NULL,           -- Goldstein weight, -10 to +10
    plover      TEXT                     -- PLOVER category, when the code has one
) WITHOUT ROWID;

-- Every event, extracted or imported, in the columns of `events`, with its dataset
-- ('extracted', 'gdelt' or 'icews'); imported ones have no sentence, their document is their
-- source URL (else their id) and their rule is their dataset. `target_id` is NULL in a one-actor event.
CREATE VIEW all_events AS
    SELECT id, document_id, source_id, target_id, source_cameo, target_cameo, code, kind, date,
           report_date, sentence, span_start, span_end, rule, source_start, source_end,
           target_start, target_end, trigger_start, trigger_end, participants,
           'extracted' AS dataset
    FROM events
    UNION ALL
    SELECT CASE WHEN id >> 48 = 1 THEN 'icews-' ELSE 'gdelt-' END || (id & 281474976710655),
           coalesce(url, CASE WHEN id >> 48 = 1 THEN 'icews-' ELSE 'gdelt-' END || (id & 281474976710655)),
           source_id, target_id, source_code, target_code, code, kind, date, report_date, '', 0, 0,
           CASE WHEN id >> 48 = 1 THEN 'icews' ELSE 'gdelt' END, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           CASE WHEN id >> 48 = 1 THEN 'icews' ELSE 'gdelt' END
    FROM coded_events;

-- Every event with what an analyst asks first: actor names and countries, the CAMEO name,
-- root, QuadClass and Goldstein weight (the dataset's own for imported events), where it
-- happened (place name, country, latitude, longitude) and how the actors got their country.
CREATE VIEW event_details AS
    SELECT e.id, e.dataset, e.date, e.report_date,
           e.source_id, s.name AS source_name, s.country AS source_country,
           e.target_id, t.name AS target_name, t.country AS target_country,
           e.code, c.name AS code_name, c.root, e.kind, c.quad_class,
           coalesce(k.goldstein, c.goldstein) AS goldstein,
           k.action_geo_name AS place, k.action_geo_country AS place_country,
           k.action_geo_lat AS latitude, k.action_geo_long AS longitude,
           CASE WHEN k.placed & 3 = 1 THEN 'own place' WHEN k.placed & 3 = 2 THEN 'action place' END AS source_placed,
           CASE WHEN k.placed & 12 = 4 THEN 'own place' WHEN k.placed & 12 = 8 THEN 'action place' END AS target_placed,
           e.source_cameo AS source_code, e.target_cameo AS target_code,
           nullif(e.sentence, '') AS sentence, e.document_id AS document
    FROM all_events e
    JOIN actors s ON s.id = e.source_id
    LEFT JOIN actors t ON t.id = e.target_id
    LEFT JOIN cameo_codes c ON c.code = e.code
    LEFT JOIN coded_events k ON e.dataset <> 'extracted'
         AND k.id = (CASE WHEN e.dataset = 'icews' THEN 281474976710656 ELSE 0 END)
                    + CAST(substr(e.id, 7) AS INTEGER);

-- How many events each actor took part in, by dataset and kind, either side; one-actor
-- events count for their one actor.
CREATE VIEW actor_event_counts AS
    SELECT actor_id, dataset, kind, count(*) AS n_events
    FROM (SELECT source_id AS actor_id, dataset, kind FROM all_events
          UNION ALL
          SELECT target_id, dataset, kind FROM all_events WHERE target_id IS NOT NULL
                 AND target_id <> source_id)
    GROUP BY actor_id, dataset, kind;

CREATE INDEX coded_by_source ON coded_events (source_id, target_id, date);
CREATE INDEX coded_by_target ON coded_events (target_id, source_id, date);
CREATE INDEX coded_by_source_date ON coded_events (source_id, date);
CREATE INDEX coded_by_target_date ON coded_events (target_id, date);
