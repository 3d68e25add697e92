-- When an event happened, as its sentence says, beside the day it was reported; and the one
-- real event that several reports tell.
--
-- `date` stays the first day of the period the sentence names (or the report date when it names
-- none); `date_precision` says how precisely it is known (report, day, week, month, year,
-- decade) and `date_end` is the last day of that period (a range's last day: "from 7 to 10 May").
-- `background` marks an earlier event mentioned as context ("since the 2008 war").
-- `story_id` is the id of the first stored event of the same real event: the same actors and
-- kind on overlapping dates, whichever document told it. Rows stored before this migration
-- were dated by their report: their story is the first row of the same actors, kind and day.

ALTER TABLE events ADD COLUMN date_precision TEXT NOT NULL DEFAULT 'report';
ALTER TABLE events ADD COLUMN date_end TEXT;
ALTER TABLE events ADD COLUMN background INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN story_id TEXT;

UPDATE events SET date_end = date;
UPDATE events SET story_id = (
    SELECT min(other.id) FROM events other
    WHERE other.source_id = events.source_id AND other.target_id = events.target_id
      AND other.date IS events.date AND other.kind = events.kind
);

-- The reports of one real event are found by its actors, kind and the end of its period.
CREATE INDEX events_by_story_period ON events (source_id, target_id, kind, date_end);
CREATE INDEX events_by_story ON events (story_id);

-- all_events keeps the dataset column of 0008 and adds the time and story columns.
DROP VIEW all_events;
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

-- Each real event once, with the reports that tell it: its dates (event and first and last
-- report), its precision (the finest of its reports), how many documents and sentences tell it,
-- and whether every report mentions it only as background.
CREATE VIEW stories AS
    SELECT story_id, source_id, target_id, kind, min(code) AS code,
           max(date) AS date, min(date_end) AS date_end,
           min(CASE date_precision WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3
                   WHEN 'year' THEN 4 WHEN 'decade' THEN 5 ELSE 0 END) AS precision_rank,
           min(report_date) AS first_report, max(report_date) AS last_report,
           count(DISTINCT document_id) AS n_reports, count(*) AS n_sentences,
           min(background) AS background
    FROM events
    GROUP BY story_id;
