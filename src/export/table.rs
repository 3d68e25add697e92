//! Tables and JSON for other tools: Cytoscape.js elements, a CSV edge list, and a CSV of events
//! with GDELT-like columns.

use std::io::{self, Write};

use serde_json::json;

use crate::graph::{ActorGraph, Filter};
use crate::model::{Date, Event};

use super::dot::edge_label;
use super::goldstein_colour;

/// Writes the graph as Cytoscape.js JSON: `{"elements": {"nodes": [{"data": ...}], "edges": [{"data": ...}]}}`.
pub fn cytoscape(graph: &ActorGraph, title: &str, out: &mut impl Write) -> io::Result<()> {
    let nodes: Vec<serde_json::Value> = graph
        .actors()
        .iter()
        .map(|actor| {
            json!({ "data": {
                "id": actor.id.as_str(), "label": actor.name, "kind": actor.kind.as_str(),
                "cameo": actor.cameo, "country": actor.country,
            } })
        })
        .collect();
    let edges: Vec<serde_json::Value> = graph
        .relations(&Filter::default())
        .iter()
        .enumerate()
        .map(|(index, (source, target, relation))| {
            let mean = if relation.n_events == 0 { 0.0 } else { relation.goldstein / relation.n_events as f64 };
            json!({ "data": {
                "id": format!("e{index}"), "source": source.id.as_str(), "target": target.id.as_str(),
                "label": edge_label(relation).replace('\n', ", "),
                "n_events": relation.n_events, "n_reports": relation.n_reports,
                "weight": (relation.weight * 10000.0).round() / 10000.0,
                "goldstein": (relation.goldstein * 100.0).round() / 100.0,
                "color": goldstein_colour(mean),
                "first": relation.first.as_ref().map(ToString::to_string),
                "last": relation.last.as_ref().map(ToString::to_string),
                "kinds": relation.by_kind.iter().map(|(kind, n)| (kind.as_str().to_string(), *n)).collect::<std::collections::BTreeMap<String, u64>>(),
            } })
        })
        .collect();
    let document =
        json!({ "data": { "title": title }, "elements": { "nodes": nodes, "edges": edges } });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
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
        "goldstein",
        "conflict_share",
        "first",
        "last",
        "kinds",
        "weight",
    ])?;
    for (source, target, relation) in graph.relations(&Filter::default()) {
        let kinds: Vec<String> = relation
            .by_kind
            .iter()
            .map(|(kind, n)| format!("{}:{n}", kind.as_str()))
            .collect();
        writer.write_record([
            source.id.as_str(),
            target.id.as_str(),
            &source.name,
            &target.name,
            &relation.n_events.to_string(),
            &relation.n_reports.to_string(),
            &format!("{:.2}", relation.goldstein),
            &format!("{:.4}", relation.conflict_share()),
            relation.first.as_ref().map_or("", Date::as_str),
            relation.last.as_ref().map_or("", Date::as_str),
            &kinds.join(" "),
            &format!("{:.4}", relation.weight),
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
];

/// Writes events as a CSV table with GDELT-like columns (dates as `YYYYMMDD`), one row per event.
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
        writer.write_record([
            event.id.as_str(),
            &compact(&event.date),
            &event.source.cameo,
            &event.source.name,
            &event.source.country,
            &event.target.cameo,
            &event.target.name,
            &event.target.country,
            code,
            &code[..code.len().min(3)],
            event.code.root(),
            &info.quad_class.to_string(),
            &info.goldstein.to_string(),
            &compact(&event.report_date),
            &event.document,
            event.source.id.as_str(),
            event.target.id.as_str(),
            event.kind.as_str(),
            info.plover.unwrap_or(""),
            &event.evidence.sentence,
            &event.rule,
        ])?;
    }
    writer.flush()
}
