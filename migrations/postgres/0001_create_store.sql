-- The store on PostgreSQL: the schema the SQLite migrations 0001 to 0009 arrive at, in one
-- step, with PostgreSQL's types. Integers are bigint, numbers double precision; dates stay
-- ISO text (YYYY-MM-DD), which sorts as dates do; keys and dates sort byte by byte (COLLATE "C"),
-- as SQLite sorts them, whatever the database's locale. `rowid` numbers the rows of `actors` and
-- `events` in the order they were committed (write transactions take turns), so that a reader
-- asks for what came after the last row it saw, as it does on SQLite.
-- geokg fills `cameo_codes` from its code table right after this file runs, in its transaction.

CREATE TABLE documents (
    id           text COLLATE "C" PRIMARY KEY,         -- the caller's id, or a content hash
    content_id   text COLLATE "C" NOT NULL UNIQUE,     -- hash of the text: the same text under another id adds nothing
    title        text,
    date         text COLLATE "C",                     -- publication date, YYYY-MM-DD
    source       text,
    url          text,
    text         text NOT NULL,
    n_events     bigint NOT NULL,
    ingested_at  text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);

CREATE TABLE actors (
    rowid    bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id       text COLLATE "C" PRIMARY KEY,             -- stable ActorId: ISO3 for states, slugs for persons
    name     text NOT NULL,
    kind     text NOT NULL CHECK (kind IN ('state', 'person', 'organization', 'group')),
    cameo    text NOT NULL,                            -- CAMEO actor code when first seen (PAKMIL)
    country  text NOT NULL                             -- ISO3 root, or IGO and the like
);

CREATE INDEX actors_by_name ON actors (lower(name));

CREATE TABLE events (
    rowid          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id             text COLLATE "C" PRIMARY KEY,
    document_id    text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    source_id      text COLLATE "C" NOT NULL REFERENCES actors (id),
    target_id      text COLLATE "C" NOT NULL REFERENCES actors (id),
    source_cameo   text NOT NULL,                      -- the actor's code on the event date
    target_cameo   text NOT NULL,
    code           text NOT NULL,                      -- CAMEO event code as text: '010' is not '10'
    kind           text NOT NULL,                      -- geokg kind: visit, meeting, declined_visit, conflict, ...
    date           text COLLATE "C",                   -- event date: the first day of its period
    report_date    text COLLATE "C",                   -- publication date of the document
    sentence       text NOT NULL,                      -- evidence
    span_start     bigint NOT NULL,                    -- evidence span in the document, in characters
    span_end       bigint NOT NULL,
    rule           text NOT NULL,                      -- the rule or pattern that produced the event
    source_start   bigint,                             -- where the source, target and trigger stand
    source_end     bigint,
    target_start   bigint,
    target_end     bigint,
    trigger_start  bigint,
    trigger_end    bigint,
    participants   text,                               -- a multilateral event's actors, space-separated
    date_precision text NOT NULL DEFAULT 'report',     -- report, day, week, month, year, decade
    date_end       text COLLATE "C",                   -- the last day of the period
    background     bigint NOT NULL DEFAULT 0,          -- 1: mentioned as context, not news
    story_id       text COLLATE "C"                    -- the first stored report of the same real event
);

CREATE INDEX events_by_source ON events (source_id, target_id, date);
CREATE INDEX events_by_target ON events (target_id, source_id, date);
CREATE INDEX events_by_date ON events (date);
CREATE INDEX events_by_kind ON events (kind, date);
CREATE INDEX events_by_document ON events (document_id);
CREATE INDEX events_by_source_date ON events (source_id, date);
CREATE INDEX events_by_target_date ON events (target_id, date);
CREATE INDEX events_by_story_period ON events (source_id, target_id, kind, date_end);
CREATE INDEX events_by_story ON events (story_id);

CREATE TABLE actor_aliases (
    actor_id  text COLLATE "C" NOT NULL REFERENCES actors (id),
    alias     text NOT NULL,                           -- as written in the text
    n_seen    bigint NOT NULL,                         -- events whose evidence names the actor this way
    PRIMARY KEY (actor_id, alias)
);

-- Imported events (GDELT, ICEWS), keyed by their number in their dataset plus the dataset's
-- number times 2^48 (GDELT 0, ICEWS 1); the columns are those of SQLite's migration 0008.
CREATE TABLE coded_events (
    id                  bigint PRIMARY KEY,
    source_id           text COLLATE "C" NOT NULL REFERENCES actors (id),
    target_id           text COLLATE "C" REFERENCES actors (id),
    source_code         text NOT NULL,
    target_code         text NOT NULL,
    placed              bigint NOT NULL,
    code                text NOT NULL,
    kind                text NOT NULL,
    date                text COLLATE "C" NOT NULL,
    report_date         text COLLATE "C" NOT NULL,
    added               bigint NOT NULL,
    version             bigint NOT NULL,
    is_root             bigint NOT NULL,
    quad_class          bigint NOT NULL,
    goldstein           double precision NOT NULL,
    mentions            bigint NOT NULL,
    sources             bigint NOT NULL,
    articles            bigint NOT NULL,
    tone                double precision NOT NULL,
    source_actor        text NOT NULL,
    target_actor        text NOT NULL,
    source_geo_type     bigint,
    source_geo_name     text,
    source_geo_fips     text,
    source_geo_country  text,
    source_geo_adm1     text,
    source_geo_adm2     text,
    source_geo_lat      double precision,
    source_geo_long     double precision,
    source_geo_feature  text,
    target_geo_type     bigint,
    target_geo_name     text,
    target_geo_fips     text,
    target_geo_country  text,
    target_geo_adm1     text,
    target_geo_adm2     text,
    target_geo_lat      double precision,
    target_geo_long     double precision,
    target_geo_feature  text,
    action_geo_type     bigint NOT NULL,
    action_geo_name     text,
    action_geo_fips     text,
    action_geo_country  text,
    action_geo_adm1     text,
    action_geo_adm2     text,
    action_geo_lat      double precision,
    action_geo_long     double precision,
    action_geo_feature  text,
    url                 text,
    story_id            bigint,
    sentence_number     bigint,
    publisher           text
);

CREATE INDEX coded_by_source ON coded_events (source_id, target_id, date);
CREATE INDEX coded_by_target ON coded_events (target_id, source_id, date);
CREATE INDEX coded_by_source_date ON coded_events (source_id, date);
CREATE INDEX coded_by_target_date ON coded_events (target_id, date);

CREATE TABLE cameo_codes (
    code        text COLLATE "C" PRIMARY KEY,
    root        text NOT NULL,
    name        text NOT NULL,
    kind        text NOT NULL,
    quad_class  bigint NOT NULL,
    goldstein   double precision NOT NULL,
    plover      text
);

-- Counts of what the store holds, one row, kept by every write transaction; every write
-- transaction also begins by locking this row, so that writers take turns.
CREATE TABLE store_counts (
    id           bigint PRIMARY KEY CHECK (id = 1),
    n_documents  bigint NOT NULL,
    n_actors     bigint NOT NULL,
    n_events     bigint NOT NULL,
    n_coded      bigint NOT NULL
);

INSERT INTO store_counts (id, n_documents, n_actors, n_events, n_coded) VALUES (1, 0, 0, 0, 0);

CREATE VIEW all_events AS
    SELECT id, document_id, source_id, target_id, source_cameo, target_cameo, code, kind, date,
           report_date, sentence, span_start, span_end, rule, source_start, source_end,
           target_start, target_end, trigger_start, trigger_end, participants,
           'extracted' AS dataset, date_precision, date_end, background, story_id
    FROM events
    UNION ALL
    SELECT CASE WHEN id >> 48 = 1 THEN 'icews-' ELSE 'gdelt-' END || (id & 281474976710655),
           coalesce(url, CASE WHEN id >> 48 = 1 THEN 'icews-' ELSE 'gdelt-' END || (id & 281474976710655)),
           source_id, target_id, source_code, target_code, code, kind, date, report_date, '', 0, 0,
           CASE WHEN id >> 48 = 1 THEN 'icews' ELSE 'gdelt' END, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           CASE WHEN id >> 48 = 1 THEN 'icews' ELSE 'gdelt' END,
           'day', date, 0,
           CASE WHEN id >> 48 = 1 THEN 'icews-' ELSE 'gdelt-' END || (id & 281474976710655)
    FROM coded_events;

CREATE VIEW multilateral_events AS
    SELECT document_id, min(span_start) AS span_start, trigger_start, trigger_end,
           min(code) AS code, min(date) AS date, min(report_date) AS report_date,
           min(sentence) AS sentence, participants, count(*) AS n_dyads
    FROM events
    WHERE participants IS NOT NULL
    GROUP BY document_id, trigger_start, trigger_end, participants;

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
    LEFT JOIN coded_events k ON k.id = CASE
        WHEN e.dataset = 'icews' THEN 281474976710656 + CAST(substr(e.id, 7) AS bigint)
        WHEN e.dataset = 'gdelt' THEN CAST(substr(e.id, 7) AS bigint)
    END;

CREATE VIEW actor_event_counts AS
    SELECT actor_id, dataset, kind, count(*) AS n_events
    FROM (SELECT source_id AS actor_id, dataset, kind FROM all_events
          UNION ALL
          SELECT target_id, dataset, kind FROM all_events WHERE target_id IS NOT NULL
                 AND target_id <> source_id) AS sides
    GROUP BY actor_id, dataset, kind;

CREATE VIEW stories AS
    SELECT story_id, source_id, target_id, kind, min(code) AS code,
           max(date) AS date, min(date_end) AS date_end,
           min(CASE date_precision WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3
                   WHEN 'year' THEN 4 WHEN 'decade' THEN 5 ELSE 0 END) AS precision_rank,
           min(report_date) AS first_report, max(report_date) AS last_report,
           count(DISTINCT document_id) AS n_reports, count(*) AS n_sentences,
           min(background) AS background
    FROM events
    GROUP BY story_id, source_id, target_id, kind;
