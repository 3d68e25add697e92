-- The actors of the one real event an extracted dyad belongs to, when it has more than two
-- ("the foreign ministers of six Gulf states met"): space-separated actor ids, sorted; NULL for
-- a bilateral event. Imported GDELT rows are bilateral.

ALTER TABLE events ADD COLUMN participants TEXT;

DROP VIEW all_events;
CREATE VIEW all_events AS
    SELECT id, document_id, source_id, target_id, source_cameo, target_cameo, code, kind, date,
           report_date, sentence, span_start, span_end, rule, source_start, source_end,
           target_start, target_end, trigger_start, trigger_end, participants
    FROM events
    UNION ALL
    SELECT 'gdelt-' || id, coalesce(url, 'gdelt-' || id), source_id, target_id, source_code,
           target_code, code, kind, date, report_date, '', 0, 0, 'gdelt', NULL, NULL,
           NULL, NULL, NULL, NULL, NULL
    FROM coded_events;

-- Each multilateral event once: where it is told (document, sentence, trigger), its code and
-- dates, and its participants.
CREATE VIEW multilateral_events AS
    SELECT document_id, span_start, trigger_start, trigger_end, min(code) AS code,
           min(date) AS date, min(report_date) AS report_date, min(sentence) AS sentence,
           participants, count(*) AS n_dyads
    FROM events
    WHERE participants IS NOT NULL
    GROUP BY document_id, trigger_start, trigger_end, participants;
