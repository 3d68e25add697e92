-- How many events each pair of actors has, per code, kind and day, as SQLite's migration 11
-- has it: the in-memory graph is read from here, one row per group instead of one per event;
-- every write appends to it in the same transaction, and a group written by several
-- transactions has several rows (the view `event_groups` adds them up). Key columns hold ''
-- for a missing value (no target, no date). It has no unique key, so under Citus it may be
-- distributed by any column (`source_id` spreads it evenly); a load reads all of it.

CREATE TABLE event_counts (
    source_id       text COLLATE "C" NOT NULL REFERENCES actors (id),
    target_id       text COLLATE "C" NOT NULL,
    dataset         text NOT NULL CHECK (dataset IN ('extracted', 'gdelt', 'icews')),
    code            text COLLATE "C" NOT NULL,
    kind            text COLLATE "C" NOT NULL,
    date            text COLLATE "C" NOT NULL,
    date_end        text COLLATE "C" NOT NULL,
    date_precision  text COLLATE "C" NOT NULL,
    background      bigint NOT NULL,
    n_events        bigint NOT NULL,
    report_date     text COLLATE "C",
    participants    bigint NOT NULL
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
