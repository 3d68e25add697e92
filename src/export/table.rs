//! Tables and JSON for other tools: Cytoscape.js elements, a CSV edge list, and a CSV of events
//! with GDELT-like columns.
//!
//! CSV cells of text (names, sentences, ids) that a spreadsheet would run as a formula (those
//! that begin with `=`, `+`, `-`, `@`, a tab or a carriage return) get a leading `'`; numbers
//! are written as numbers.

use std::borrow::Cow;
use std::io::{self, Write};

use std::collections::BTreeMap;

use serde_json::json;

use crate::graph::{ActorGraph, Filter, NON_STATE_ROOTS};
use crate::model::{Actor, ActorId, Date, Event};

use super::dot::edge_label;
use super::{goldstein_colour, pruned_note, Meta};

/// Writes the graph as Cytoscape.js JSON: `{"elements": {"nodes": [{"data": ...}], "edges": [{"data": ...}]}}`.
pub fn cytoscape(graph: &ActorGraph, title: &str, out: &mut impl Write) -> io::Result<()> {
    cytoscape_with(graph, &Meta::titled(title), out)
}

/// Like `cytoscape`, with what pruning left out in `data.pruned`, and with `meta.compound` a
/// parent node per country (`"id": "country:PAK"`, `"kind": "country"`) that holds its actors
/// (their `parent`), for Cytoscape's compound layouts. Organisations without a country (`IGO`,
/// `NGO`, ...) have no parent.
pub fn cytoscape_with(graph: &ActorGraph, meta: &Meta, out: &mut impl Write) -> io::Result<()> {
    let actors = graph.actors();
    let parent_of = |country: &str| {
        (meta.compound
            && !NON_STATE_ROOTS.contains(&country)
            && country != "---"
            && !country.is_empty())
        .then(|| format!("country:{country}"))
    };
    let mut parents: BTreeMap<String, String> = BTreeMap::new();
    for actor in &actors {
        if let Some(parent) = parent_of(&actor.country) {
            let state_name = ActorId::parse(&actor.country)
                .ok()
                .and_then(|id| graph.actor(&id))
                .map(|state| state.name.clone());
            let entry = parents
                .entry(parent)
                .or_insert_with(|| actor.country.clone());
            if let Some(name) = state_name {
                *entry = name;
            }
        }
    }
    let mut nodes: Vec<serde_json::Value> = parents
        .iter()
        .map(|(id, name)| json!({ "data": { "id": id, "label": name, "kind": "country" } }))
        .collect();
    nodes.extend(actors.iter().zip(graph.measures()).map(|(actor, measures)| {
        let mut data = json!({
            "id": actor.id.as_str(), "label": actor.name, "kind": actor.kind.as_str(),
            "cameo": actor.cameo, "country": actor.country,
            "n_events": measures.n_events, "n_partners": measures.n_partners,
            "pagerank": (measures.pagerank * 1e8).round() / 1e8, "community": measures.community,
        });
        if let Some(parent) = parent_of(&actor.country) {
            data["parent"] = json!(parent);
        }
        json!({ "data": data })
    }));
    let edges: Vec<serde_json::Value> = graph
        .relations(&Filter::default())
        .iter()
        .enumerate()
        .map(|(index, (source, target, relation))| {
            let mean = relation.goldstein_mean();
            let sum = (relation.goldstein * 100.0).round() / 100.0;
            let mut edge = json!({ "data": {
                "id": format!("e{index}"), "source": source.id.as_str(), "target": target.id.as_str(),
                "label": edge_label(relation).replace('\n', ", "),
                "n_events": relation.n_events, "n_reports": relation.n_reports,
                "weight": (relation.weight * 10000.0).round() / 10000.0,
                "goldstein_sum": sum,
                "goldstein_mean": (mean * 10000.0).round() / 10000.0,
                "goldstein": sum,
                "color": goldstein_colour(mean),
                "first": relation.first.as_ref().map(ToString::to_string),
                "last": relation.last.as_ref().map(ToString::to_string),
                "first_precision": relation.precisions().map(|(first, _)| first.as_str()),
                "last_precision": relation.precisions().map(|(_, last)| last.as_str()),
                "kinds": relation.by_kind.iter().map(|(kind, n)| (kind.as_str().to_string(), *n)).collect::<BTreeMap<String, u64>>(),
            } });
            if meta.months {
                edge["data"]["months"] = months_of(graph, source, target);
            }
            edge
        })
        .collect();
    let pruned = json!({
        "actors": meta.pruned.n_actors,
        "relations": meta.pruned.n_relations,
        "capped": meta.pruned.capped,
        "note": pruned_note(&meta.pruned),
    });
    let document = json!({
        "data": { "title": meta.title, "pruned": pruned },
        "elements": { "nodes": nodes, "edges": edges },
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}

/// The events of the edge from `source` to `target` by month, oldest first, as
/// `[["2025-05", n_events, goldstein_sum], ...]`; events without a date are left out.
fn months_of(graph: &ActorGraph, source: &Actor, target: &Actor) -> serde_json::Value {
    let timeline = graph
        .relation(&source.id, &target.id, &Filter::default())
        .map(|pair| pair.a_to_b.timeline)
        .unwrap_or_default();
    timeline
        .iter()
        .map(|(month, bucket)| {
            json!([
                month,
                bucket.n_events,
                (bucket.goldstein * 100.0).round() / 100.0
            ])
        })
        .collect()
}

/// Writes the graph as a CSV edge list, one row per directed relation.
pub fn edges_csv(graph: &ActorGraph, out: &mut impl Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "source",
        "target",
        "source_name",
        "target_name",
        "n_events",
        "n_reports",
        "goldstein_sum",
        "goldstein_mean",
        "conflict_share",
        "first",
        "last",
        "kinds",
        "weight",
        "first_precision",
        "last_precision",
    ])?;
    for (source, target, relation) in graph.relations(&Filter::default()) {
        let kinds: Vec<String> = relation
            .by_kind
            .iter()
            .map(|(kind, n)| format!("{}:{n}", kind.as_str()))
            .collect();
        writer.write_record([
            &*text_cell(source.id.as_str()),
            &*text_cell(target.id.as_str()),
            &*text_cell(&source.name),
            &*text_cell(&target.name),
            &relation.n_events.to_string(),
            &relation.n_reports.to_string(),
            &format!("{:.2}", relation.goldstein),
            &format!("{:.4}", relation.goldstein_mean()),
            &format!("{:.4}", relation.conflict_share()),
            relation.first.as_ref().map_or("", Date::as_str),
            relation.last.as_ref().map_or("", Date::as_str),
            &*text_cell(&kinds.join(" ")),
            &format!("{:.4}", relation.weight),
            relation
                .precisions()
                .map_or("", |(first, _)| first.as_str()),
            relation.precisions().map_or("", |(_, last)| last.as_str()),
        ])?;
    }
    writer.flush()
}

/// The columns of the events CSV: GDELT's names where GDELT has the field, then geokg's own.
pub const EVENT_COLUMNS: &[&str] = &[
    "GLOBALEVENTID",
    "SQLDATE",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "DATEADDED",
    "SOURCEURL",
    "Actor1Id",
    "Actor2Id",
    "Kind",
    "Plover",
    "Sentence",
    "Rule",
    "EventDate",
    "ReportDate",
    "DatePrecision",
    "DateEnd",
    "Background",
    "Dataset",
];

/// Writes events as a CSV table with GDELT-like columns, one row per event: GDELT's `SQLDATE`
/// and `DATEADDED` as `YYYYMMDD`, and the same dates in ISO form (`EventDate`, `ReportDate`:
/// `2025-05-07`), with how precisely the event date is known (`DatePrecision`: report, day,
/// week, month, year, decade), the last day of a range (`DateEnd`) and whether the sentence
/// mentions the event as background (`Background`, 1 or 0). CAMEO codes (`EventCode` `"042"`, `EventRootCode` `"04"`, actor codes) are
/// text with leading zeros: read them as strings (pandas: `dtype=str` for those columns).
pub fn events_csv(events: &[Event], out: &mut impl Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(EVENT_COLUMNS)?;
    let compact = |date: &Option<Date>| {
        date.as_ref()
            .map(|date| date.as_str().replace('-', ""))
            .unwrap_or_default()
    };
    for event in events {
        let info = event.code.info();
        let code = event.code.as_str();
        // An event of one actor has empty Actor2 cells, as in GDELT.
        let target =
            |field: fn(&crate::model::Actor) -> &str| event.target.as_ref().map_or("", field);
        writer.write_record([
            &*text_cell(event.id.as_str()),
            &compact(&event.date),
            &*text_cell(&event.source.cameo),
            &*text_cell(&event.source.name),
            &*text_cell(&event.source.country),
            &*text_cell(target(|actor| &actor.cameo)),
            &*text_cell(target(|actor| &actor.name)),
            &*text_cell(target(|actor| &actor.country)),
            code,
            &code[..code.len().min(3)],
            event.code.root(),
            &info.quad_class.to_string(),
            &info.goldstein.to_string(),
            &compact(&event.report_date),
            &*text_cell(&event.document),
            &*text_cell(event.source.id.as_str()),
            &*text_cell(target(|actor| actor.id.as_str())),
            event.kind.as_str(),
            info.plover.unwrap_or(""),
            &*text_cell(&event.evidence.sentence),
            &*text_cell(&event.rule),
            event.date.as_ref().map_or("", Date::as_str),
            event.report_date.as_ref().map_or("", Date::as_str),
            event.time.precision.as_str(),
            &event
                .date
                .as_ref()
                .and_then(|date| event.time.end_date(date))
                .map_or_else(String::new, |end| end.to_string()),
            if event.time.background { "1" } else { "0" },
            event.dataset().as_str(),
        ])?;
    }
    writer.flush()
}

/// A CSV cell of text that no spreadsheet runs as a formula: one that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'` (as OWASP advises for CSV
/// injection). Only for text: numbers are written as they are, so `-2.5` stays a number.
///
/// ```
/// # use geokg::export::table::text_cell;
/// assert_eq!(text_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(text_cell("Pakistan"), "Pakistan");
/// ```
pub fn text_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_that_would_be_formulas_are_quoted() {
        for (text, cell) in [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("a=1", "a=1"),
            ("", ""),
        ] {
            assert_eq!(text_cell(text), cell, "{text:?}");
        }
    }
}
