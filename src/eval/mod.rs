//! Scoring extraction against gold event records (the format of `../shared/eval/README.md`).
//!
//! Pure: records come in as text, extracted events as values, and a `Report` goes out.
//! Three levels are scored: country dyad + CAMEO root (actors on their first three letters,
//! root 04 on the unordered pair), full event code, and full actor code. Events are compared as
//! sets per record; a 043 that mirrors a 042 of the same record is neither required nor penalised.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::model::{Date, Document, Event};

/// Why a gold line could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct Error {
    /// Line number, from 1.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

/// One gold event: CAMEO actor codes and event code, as written in the gold file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldEvent {
    /// Source actor code (`PAKMIL`, `---` for none).
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// CAMEO event code.
    pub code: String,
}

/// Where a record's text lies in a corpus, for gold sets that keep no third-party text:
/// the byte span `start..end` of the `text` of the record `id` of the JSON Lines file `file`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TextRef {
    /// The corpus file's name (`reuters21578.jsonl`).
    pub file: String,
    /// The corpus record's id.
    pub id: String,
    /// Byte offsets in the record's text.
    pub start: usize,
    /// End of the span, exclusive.
    pub end: usize,
    /// FNV-1a of the span's bytes (16 hex digits), to tell a changed corpus.
    #[serde(default)]
    pub fnv: Option<String>,
}

/// FNV-1a (64 bits) of some bytes, as 16 hex digits: the fingerprint of a `TextRef` span.
pub fn fnv1a(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

impl TextRef {
    /// The span of a corpus text, checked against the fingerprint.
    pub fn resolve<'t>(&self, text: &'t str) -> Result<&'t str, String> {
        let span = text.get(self.start..self.end).ok_or_else(|| {
            format!(
                "{} {}: span {}..{} is outside its text or not on character boundaries",
                self.file, self.id, self.start, self.end
            )
        })?;
        match &self.fnv {
            Some(fnv) if *fnv != fnv1a(span.as_bytes()) => Err(format!(
                "{} {}: the text differs from the one that was labelled (fingerprint {fnv})",
                self.file, self.id
            )),
            _ => Ok(span),
        }
    }
}

/// One gold record: a text, its date and the events a coder should find in it.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldRecord {
    /// The record's id.
    pub id: String,
    /// The text; empty until resolved when the record has a `text_ref`.
    pub text: String,
    /// Where the text lies in a corpus, when the record does not hold it.
    pub text_ref: Option<TextRef>,
    /// Its date.
    pub date: Option<Date>,
    /// The expected events; `None` when the record is not scored.
    pub events: Option<Vec<GoldEvent>>,
}

#[derive(Debug, Deserialize)]
struct RawRecord {
    id: serde_json::Value,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    text_ref: Option<TextRef>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    events: Option<Vec<GoldEvent>>,
    #[serde(default)]
    evaluate: Option<bool>,
    #[serde(default)]
    expected_error: Option<serde_json::Value>,
}

/// Reads gold records, one JSON object a line. Records marked `expected_error` or
/// `evaluate: false`, and those without gold events, are kept with `events: None`.
pub fn parse_gold(text: &str) -> Result<Vec<GoldRecord>, Error> {
    let mut records = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let error = |message: String| Error {
            line: idx + 1,
            message,
        };
        let raw: RawRecord = serde_json::from_str(line).map_err(|e| error(e.to_string()))?;
        let date = match raw.date.as_deref() {
            None | Some("") => None,
            Some(raw_date) => {
                Some(Date::parse(raw_date).map_err(|e| error(format!("field `date`: {e}")))?)
            }
        };
        let excluded = raw.evaluate == Some(false)
            || raw
                .expected_error
                .as_ref()
                .is_some_and(|value| !value.is_null());
        let id = match raw.id {
            serde_json::Value::String(id) => id,
            other => other.to_string(),
        };
        if raw.text.is_none() && raw.text_ref.is_none() {
            return Err(error("a record needs `text` or `text_ref`".to_string()));
        }
        records.push(GoldRecord {
            id,
            text: raw.text.unwrap_or_default(),
            text_ref: raw.text_ref,
            date,
            events: if excluded { None } else { raw.events },
        });
    }
    Ok(records)
}

impl GoldRecord {
    /// The record as a document to extract from.
    pub fn document(&self) -> Document {
        Document {
            id: self.id.clone(),
            date: self.date.clone(),
            ..Document::from_text(&self.text)
        }
    }
}

/// Counts at one level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Found and expected.
    pub true_positives: usize,
    /// Found, not expected.
    pub false_positives: usize,
    /// Expected, not found.
    pub false_negatives: usize,
}

impl Counts {
    /// Share of found events that were expected.
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// Share of expected events that were found.
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (precision, recall) = (self.precision(), self.recall());
        if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        }
    }

    fn add(&mut self, expected: &BTreeSet<String>, found: &BTreeSet<String>) {
        self.true_positives += expected.intersection(found).count();
        self.false_positives += found.difference(expected).count();
        self.false_negatives += expected.difference(found).count();
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// An event found but not expected, or expected but not found, at the dyad + root level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// The record.
    pub record: String,
    /// `missed` (expected, not found) or `extra` (found, not expected).
    pub what: &'static str,
    /// The event key, `PAK USA 04`.
    pub key: String,
    /// The record's text.
    pub text: String,
}

/// The scores of one run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Records scored.
    pub n_records: usize,
    /// Records skipped (expected errors, `evaluate: false`, no gold).
    pub n_skipped: usize,
    /// Records whose gold says no event.
    pub n_no_event: usize,
    /// Of those, records where extraction found an event.
    pub n_no_event_with_events: usize,
    /// Country dyad + CAMEO root.
    pub dyad_root: Counts,
    /// Country dyad + full CAMEO code.
    pub dyad_code: Counts,
    /// Full actor codes + full CAMEO code.
    pub actor_code: Counts,
    /// Dyad + root counts by root (`"04"`).
    pub by_root: BTreeMap<String, Counts>,
    /// Misses at the dyad + root level, in record order.
    pub misses: Vec<Miss>,
}

/// Scores records against the events extracted from them (same order).
pub fn score(records: &[GoldRecord], extracted: &[Vec<Event>]) -> Report {
    let mut report = Report::default();
    for (record, events) in records.iter().zip(extracted) {
        let Some(gold) = &record.events else {
            report.n_skipped += 1;
            continue;
        };
        report.n_records += 1;
        let found: Vec<(String, String, String)> = events
            .iter()
            .map(|event| {
                (
                    event.source.cameo.clone(),
                    event.dyad_target().cameo.clone(),
                    event.code.as_str().to_string(),
                )
            })
            .collect();
        let expected: Vec<(String, String, String)> = gold
            .iter()
            .map(|event| {
                (
                    event.source.clone(),
                    event.target.clone(),
                    event.code.clone(),
                )
            })
            .collect();
        if gold.is_empty() {
            report.n_no_event += 1;
            if !found.is_empty() {
                report.n_no_event_with_events += 1;
            }
        }
        let (expected_roots, found_roots) = (dyad_root_keys(&expected), dyad_root_keys(&found));
        report.dyad_root.add(&expected_roots, &found_roots);
        for (counts, roots_only) in [
            (&mut report.dyad_code, true),
            (&mut report.actor_code, false),
        ] {
            let visits = visit_pairs(expected.iter().chain(&found), roots_only);
            counts.add(
                &code_keys(&expected, roots_only, &visits),
                &code_keys(&found, roots_only, &visits),
            );
        }
        let roots: BTreeSet<&str> = expected_roots
            .iter()
            .chain(&found_roots)
            .map(|key| root_of_key(key))
            .collect();
        for root in roots {
            let only = |keys: &BTreeSet<String>| {
                keys.iter()
                    .filter(|key| root_of_key(key) == root)
                    .cloned()
                    .collect()
            };
            report
                .by_root
                .entry(root.to_string())
                .or_default()
                .add(&only(&expected_roots), &only(&found_roots));
        }
        for (what, keys) in [
            ("missed", expected_roots.difference(&found_roots)),
            ("extra", found_roots.difference(&expected_roots)),
        ] {
            for key in keys {
                report.misses.push(Miss {
                    record: record.id.clone(),
                    what,
                    key: key.clone(),
                    text: record.text.clone(),
                });
            }
        }
    }
    report
}

/// `SRC TGT RR` on country roots; root 04 on the unordered pair.
fn dyad_root_keys(events: &[(String, String, String)]) -> BTreeSet<String> {
    events
        .iter()
        .map(|(source, target, code)| {
            let (mut a, mut b) = (root3(source), root3(target));
            let root = code.get(..2).unwrap_or(code);
            if root == "04" && a > b {
                std::mem::swap(&mut a, &mut b);
            }
            format!("{a} {b} {root}")
        })
        .collect()
}

/// `SRC TGT CODE`, on country roots or full actor codes; a 043 that mirrors a 042 of `visits` is dropped.
fn code_keys(
    events: &[(String, String, String)],
    roots_only: bool,
    visits: &BTreeSet<(String, String)>,
) -> BTreeSet<String> {
    events
        .iter()
        .map(|(source, target, code)| {
            (
                actor_key(source, roots_only),
                actor_key(target, roots_only),
                code,
            )
        })
        .filter(|(source, target, code)| {
            !(*code == "043" && visits.contains(&(target.clone(), source.clone())))
        })
        .map(|(source, target, code)| format!("{source} {target} {code}"))
        .collect()
}

/// The (visitor, host) pairs of the 042 events, expected or found.
fn visit_pairs<'a>(
    events: impl Iterator<Item = &'a (String, String, String)>,
    roots_only: bool,
) -> BTreeSet<(String, String)> {
    events
        .filter(|(_, _, code)| code == "042")
        .map(|(source, target, _)| (actor_key(source, roots_only), actor_key(target, roots_only)))
        .collect()
}

fn actor_key(code: &str, roots_only: bool) -> String {
    if roots_only {
        root3(code).to_string()
    } else {
        code.to_string()
    }
}

fn root3(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

fn root_of_key(key: &str) -> &str {
    key.rsplit(' ').next().unwrap_or("").get(..2).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorId, ActorKind, CameoCode, EventKind, Evidence};

    fn event(source: &str, target: &str, code: &str) -> Event {
        let actor = |cameo: &str| Actor {
            id: ActorId::parse(cameo).unwrap(),
            name: cameo.into(),
            kind: ActorKind::State,
            cameo: cameo.into(),
            country: cameo[..3].into(),
        };
        let code = CameoCode::parse(code).unwrap();
        Event {
            id: String::new(),
            source: actor(source),
            target: Some(actor(target)),
            kind: EventKind::of_code(&code),
            code,
            date: None,
            time: Default::default(),
            report_date: None,
            document: String::new(),
            evidence: Evidence {
                sentence: String::new(),
                start: 0,
                end: 0,
                ..Default::default()
            },
            rule: String::new(),
            participants: Vec::new(),
        }
    }

    const GOLD: &str = r#"{"id": "a", "text": "t1", "date": "2008-08-04", "events": [{"source": "USA", "target": "CHN", "code": "042"}, {"source": "CHN", "target": "USA", "code": "043"}]}
{"id": "b", "text": "t2", "date": null, "events": []}
{"id": "c", "text": "t3", "events": [{"source": "PAKMIL", "target": "INDMIL", "code": "190"}]}
{"id": "d", "text": "t4", "events": [{"source": "X", "target": "Y", "code": "010"}], "expected_error": "dateline"}
{"id": "e", "text": "t5", "events": [{"source": "X", "target": "Y", "code": "010"}], "evaluate": false}
"#;

    #[test]
    fn gold_records_parse_and_excluded_ones_are_marked() {
        let records = parse_gold(GOLD).unwrap();
        assert_eq!(records.len(), 5);
        assert_eq!(records[0].date.as_ref().unwrap().as_str(), "2008-08-04");
        assert!(records[3].events.is_none() && records[4].events.is_none());
        let error = parse_gold("{\"id\": 1, \"text\": \"x\"}\n{oops").unwrap_err();
        assert_eq!(error.line, 2);
    }

    #[test]
    fn scores_follow_the_conventions() {
        let records = parse_gold(GOLD).unwrap();
        let extracted = vec![
            // The visit, seen from the host only: root 04 is unordered, so it still matches.
            vec![event("CHN", "USA", "043")],
            // An event where none is expected.
            vec![event("FRA", "DEU", "040")],
            // The right dyad and root with another sub-code and other role codes.
            vec![event("PAKGOV", "IND", "195")],
            vec![],
            vec![],
        ];
        let report = score(&records, &extracted);
        assert_eq!((report.n_records, report.n_skipped), (3, 2));
        assert_eq!((report.n_no_event, report.n_no_event_with_events), (1, 1));
        assert_eq!(
            report.dyad_root,
            Counts {
                true_positives: 2,
                false_positives: 1,
                false_negatives: 0
            }
        );
        assert_eq!(report.dyad_root.precision(), 2.0 / 3.0);
        assert_eq!(report.dyad_root.recall(), 1.0);
        assert!((report.dyad_root.f1() - 0.8).abs() < 1e-9);
        // Full codes: a 043 that mirrors the 042 is neither required nor penalised, so the 042 is missed.
        assert_eq!(
            report.dyad_code,
            Counts {
                true_positives: 0,
                false_positives: 2,
                false_negatives: 2
            }
        );
        assert_eq!(
            report.by_root["19"],
            Counts {
                true_positives: 1,
                false_positives: 0,
                false_negatives: 0
            }
        );
        assert_eq!(report.misses.len(), 1);
        assert_eq!(
            (report.misses[0].what, report.misses[0].key.as_str()),
            ("extra", "DEU FRA 04")
        );
    }
}
