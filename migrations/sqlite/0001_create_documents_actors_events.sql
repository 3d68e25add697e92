-- Documents, actors and events: the whole graph, stored by actor id.

CREATE TABLE documents (
    id           TEXT PRIMARY KEY,       -- the caller's id, or a content hash
    content_id   TEXT NOT NULL UNIQUE,   -- hash of the text: the same text under another id adds nothing
    title        TEXT,
    date         TEXT,                   -- publication date, YYYY-MM-DD
    source       TEXT,
    url          TEXT,
    text         TEXT NOT NULL,
    n_events     INTEGER NOT NULL,
    ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE actors (
    id       TEXT PRIMARY KEY,           -- stable ActorId: ISO3 for states, slugs for persons
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('state', 'person', 'organization', 'group')),
    cameo    TEXT NOT NULL,              -- CAMEO actor code when first seen (PAKMIL)
    country  TEXT NOT NULL               -- ISO3 root, or IGO and the like
);

CREATE TABLE events (
    id            TEXT PRIMARY KEY,
    document_id   TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    source_id     TEXT NOT NULL REFERENCES actors (id),
    target_id     TEXT NOT NULL REFERENCES actors (id),
    source_cameo  TEXT NOT NULL,         -- the actor's code on the event date: roles change over time
    target_cameo  TEXT NOT NULL,
    code          TEXT NOT NULL,         -- CAMEO event code as text: '010' is not '10'
    kind          TEXT NOT NULL,         -- geokg kind: visit, meeting, declined_visit, conflict, ...
    date          TEXT,                  -- event date, YYYY-MM-DD
    report_date   TEXT,                  -- publication date of the document
    sentence      TEXT NOT NULL,         -- evidence
    span_start    INTEGER NOT NULL,      -- evidence span in the document, in characters
    span_end      INTEGER NOT NULL,
    rule          TEXT NOT NULL          -- the rule or pattern that produced the event
);

-- Neighbour, relation and timeline queries start from one actor and a date range.
CREATE INDEX events_by_source ON events (source_id, target_id, date);
CREATE INDEX events_by_target ON events (target_id, source_id, date);
CREATE INDEX events_by_date ON events (date);
CREATE INDEX events_by_kind ON events (kind, date);
CREATE INDEX events_by_document ON events (document_id);
CREATE INDEX actors_by_name ON actors (name COLLATE NOCASE);
