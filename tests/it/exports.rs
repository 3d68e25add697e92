//! Every export opens in its real client with names and attributes intact: Graphviz for DOT,
//! networkx for GraphML, a CSV parser for CSV, and the documented Cytoscape.js shape for JSON.

use geokg::export::{self, Format};
use geokg::graph::ActorGraph;
use geokg::model::{Actor, ActorId, ActorKind, CameoCode, Date, Event, EventKind, Evidence};

use crate::support::{graphviz_available, python_json, python_with_networkx, render_svg};

/// Names that break careless exporters: quotes, backslashes, newlines, markup, braces, emoji, Arabic.
const NAMES: &[&str] = &[
    "He said \"hi\"",
    "back\\slash \\n not a newline",
    "two\nlines",
    "<b>{braces}|pipes</b> & co",
    "Rocket 🚀 Corp",
    "محمد بن سلمان",
];

fn adversarial_graph() -> ActorGraph {
    let kinds = [
        ActorKind::State,
        ActorKind::Person,
        ActorKind::Organization,
        ActorKind::Group,
    ];
    let actors: Vec<Actor> = NAMES
        .iter()
        .enumerate()
        .map(|(index, name)| Actor {
            id: ActorId::parse(&format!("actor-{index}")).unwrap(),
            name: name.to_string(),
            kind: kinds[index % kinds.len()],
            cameo: "XYZ".into(),
            country: "XYZ".into(),
        })
        .collect();
    let mut graph = ActorGraph::default();
    for (index, pair) in actors.windows(2).enumerate() {
        let code = CameoCode::parse(if index % 2 == 0 { "042" } else { "190" }).unwrap();
        graph.add_event(&Event {
            id: format!("e{index}"),
            source: pair[0].clone(),
            target: Some(pair[1].clone()),
            kind: EventKind::of_code(&code),
            code,
            date: Some(Date::parse("2025-05-07").unwrap()),
            time: Default::default(),
            report_date: None,
            document: "d".into(),
            evidence: Evidence::default(),
            rule: "test".into(),
            participants: Vec::new(),
        });
    }
    graph
}

fn exported(graph: &ActorGraph, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    export::write(graph, format, "adversarial \"names\"", &mut out).unwrap();
    out
}

#[test]
fn adversarial_names_survive_graphviz() {
    let graph = adversarial_graph();
    let dot = exported(&graph, Format::Dot);
    if graphviz_available() {
        let svg = render_svg(&dot);
        assert!(
            svg.contains("محمد بن سلمان") && svg.contains("Rocket 🚀 Corp"),
            "{svg}"
        );
        assert!(
            svg.contains("&lt;b&gt;{braces}|pipes&lt;/b&gt; &amp; co"),
            "{svg}"
        );
        assert!(svg.contains("He said &quot;hi&quot;"));
    }
    let mut per_event = Vec::new();
    export::dot::write(
        &graph,
        &export::DotOptions {
            per_event: true,
            ..export::DotOptions::titled("t")
        },
        &mut per_event,
    )
    .unwrap();
    if graphviz_available() {
        assert!(render_svg(&per_event).contains("<svg"));
    }
}

#[test]
fn adversarial_names_survive_networkx_graphml() {
    let Some(python) = python_with_networkx() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.graphml");
    std::fs::write(&path, exported(&adversarial_graph(), Format::GraphMl)).unwrap();
    let script = r#"
import json, sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
print(json.dumps({
    "nodes": {n: d for n, d in g.nodes(data=True)},
    "edges": [[u, v, d] for u, v, d in g.edges(data=True)],
    "directed": g.is_directed(),
}))
"#;
    let read = python_json(python, script, &[&path]);
    assert_eq!(read["directed"], true);
    for (index, name) in NAMES.iter().enumerate() {
        let node = &read["nodes"][format!("actor-{index}")];
        assert_eq!(node["label"], *name, "node {index}");
        assert!(node["kind"].is_string() && node["cameo"] == "XYZ");
    }
    let edges = read["edges"].as_array().unwrap();
    assert_eq!(edges.len(), NAMES.len() - 1);
    assert_eq!(edges[0][2]["n_events"], 1, "typed: a long, not a string");
    assert!(edges
        .iter()
        .any(|edge| edge[2]["goldstein_sum"].as_f64() == Some(-10.0)));
}

#[test]
fn adversarial_names_survive_csv_and_json() {
    let graph = adversarial_graph();
    let csv_bytes = exported(&graph, Format::Csv);
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "source");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), NAMES.len() - 1);
    for (row, pair) in rows.iter().zip(NAMES.windows(2)) {
        assert_eq!((&row[2], &row[3]), (pair[0], pair[1]));
    }
    let json: serde_json::Value = serde_json::from_slice(&exported(&graph, Format::Json)).unwrap();
    let nodes = json["elements"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), NAMES.len());
    for (node, name) in nodes.iter().zip(NAMES) {
        assert_eq!(node["data"]["label"], *name);
        assert!(node["data"]["id"].is_string());
    }
    for edge in json["elements"]["edges"].as_array().unwrap() {
        let data = &edge["data"];
        assert!(data["id"].is_string() && data["source"].is_string() && data["target"].is_string());
    }
}

#[test]
fn pure_rust_svg_is_well_formed_xml() {
    let svg = exported(&adversarial_graph(), Format::Svg);
    let mut reader = quick_xml::Reader::from_reader(svg.as_slice());
    let mut buffer = Vec::new();
    let mut n_elements = 0;
    loop {
        match reader.read_event_into(&mut buffer).unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(_) | quick_xml::events::Event::Empty(_) => {
                n_elements += 1
            }
            _ => {}
        }
        buffer.clear();
    }
    assert!(n_elements > NAMES.len(), "{n_elements} elements");
}
