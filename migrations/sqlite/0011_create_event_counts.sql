-- How many events each pair of actors has, per code, kind and day: what the in-memory graph is
-- made of, so that a large store starts by reading one row per (pair, code, day) instead of one
-- per event. Every write of geokg keeps it in the same transaction: a saved document adds a
-- row per event, an import a row per group of the rows of each batch. Evidence stays in
-- `events` and `coded_events`, read on demand.
--
-- A row counts events that agree on every column from `source_id` to `background` (the group's
-- key); `n_events` counts them, `report_date` is the first report of any of them and
-- `participants` the largest number of actors one of them has (2: bilateral). Rows are only
-- appended (an index to find a group again would make every import write all over it), so a
-- group written by several transactions has several rows: add them up by the key columns, as
-- the view `event_groups` does. Missing values are '' in key columns (no target: an event of
-- one actor; no date). Imported rows are dated to the day: `date_end` is `date`.

CREATE TABLE event_counts (
    source_id       TEXT NOT NULL REFERENCES actors (id),
    target_id       TEXT NOT NULL,                     -- '' for an event of one actor
    dataset         TEXT NOT NULL CHECK (dataset IN ('extracted', 'gdelt', 'icews')),
    code            TEXT NOT NULL,                     -- CAMEO event code
    kind            TEXT NOT NULL,
    date            TEXT NOT NULL,                     -- first day of the period, or ''
    date_end        TEXT NOT NULL,                     -- last day of the period, or ''
    date_precision  TEXT NOT NULL,
    background      INTEGER NOT NULL,                  -- 1: mentioned as context, not news
    n_events        INTEGER NOT NULL,
    report_date     TEXT,                              -- the earliest report date of the group
    participants    INTEGER NOT NULL                   -- most actors of one event of the group
);

INSERT INTO event_counts
SELECT source_id, coalesce(target_id, ''), 'extracted', code, kind, coalesce(date, ''),
       coalesce(date_end, ''), date_precision, background, count(*), min(report_date),
       max(CASE WHEN participants IS NULL THEN 2
                ELSE length(participants) - length(replace(participants, ' ', '')) + 1 END)
FROM events
GROUP BY source_id, coalesce(target_id, ''), code, kind, coalesce(date, ''),
         coalesce(date_end, ''), date_precision, background;

INSERT INTO event_counts
SELECT source_id, coalesce(target_id, ''), CASE id >> 48 WHEN 1 THEN 'icews' ELSE 'gdelt' END,
       code, kind, date, date, 'day', 0, count(*), min(report_date), 2
FROM coded_events
GROUP BY source_id, coalesce(target_id, ''), id >> 48, code, kind, date;

CREATE VIEW event_groups AS
SELECT source_id, target_id, dataset, code, kind, date, date_end, date_precision, background,
       sum(n_events) AS n_events, min(report_date) AS report_date,
       max(participants) AS participants
FROM event_counts
GROUP BY source_id, target_id, dataset, code, kind, date, date_end, date_precision, background;
