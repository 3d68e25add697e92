//! GraphML with typed attribute keys, for Gephi, yEd and networkx.
//!
//! The graph says what pruning left out (`pruned_actors`, `pruned_relations`, `left_out`);
//! nodes carry their measures (`n_events`, `n_partners`, `pagerank`, `community`), edges a
//! numeric `weight`, `n_events`, `goldstein_sum` and `goldstein_mean`.

use std::fmt::Write as _;
use std::io::{self, Write};

use quick_xml::escape::escape;

use crate::graph::{ActorGraph, Filter};

use super::dot::edge_label;
use super::{pruned_note, Meta};

/// Graph attributes: GraphML key id, attribute name, type.
const GRAPH_KEYS: &[(&str, &str, &str)] = &[
    ("g_title", "title", "string"),
    ("g_pruned_actors", "pruned_actors", "long"),
    ("g_pruned_relations", "pruned_relations", "long"),
    ("g_left_out", "left_out", "string"),
];

/// Node attributes: GraphML key id, attribute name, type.
const NODE_KEYS: &[(&str, &str, &str)] = &[
    ("n_label", "label", "string"),
    ("n_kind", "kind", "string"),
    ("n_cameo", "cameo", "string"),
    ("n_country", "country", "string"),
    ("n_events", "n_events", "long"),
    ("n_partners", "n_partners", "long"),
    ("n_pagerank", "pagerank", "double"),
    ("n_community", "community", "long"),
];

/// Edge attributes: GraphML key id, attribute name, type.
const EDGE_KEYS: &[(&str, &str, &str)] = &[
    ("e_label", "label", "string"),
    ("e_events", "n_events", "long"),
    ("e_weight", "weight", "double"),
    ("e_reports", "n_reports", "long"),
    ("e_goldstein_sum", "goldstein_sum", "double"),
    ("e_goldstein_mean", "goldstein_mean", "double"),
    ("e_conflict", "conflict_share", "double"),
    ("e_first", "first", "string"),
    ("e_last", "last", "string"),
    ("e_first_precision", "first_precision", "string"),
    ("e_last_precision", "last_precision", "string"),
    ("e_kinds", "kinds", "string"),
    ("e_codes", "codes", "string"),
];

/// Writes the graph as GraphML: a `<key>` for every node and edge attribute, one edge per directed relation.
pub fn write(graph: &ActorGraph, title: &str, out: &mut impl Write) -> io::Result<()> {
    write_with(graph, &Meta::titled(title), out)
}

/// Like `write`, with what pruning left out in the graph's attributes.
pub fn write_with(graph: &ActorGraph, meta: &Meta, out: &mut impl Write) -> io::Result<()> {
    let title = meta.title.as_str();
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">"
    )?;
    for (scope, keys) in [
        ("graph", GRAPH_KEYS),
        ("node", NODE_KEYS),
        ("edge", EDGE_KEYS),
    ] {
        for (id, name, kind) in keys {
            writeln!(
                out,
                "  <key id=\"{id}\" for=\"{scope}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
            )?;
        }
    }
    writeln!(
        out,
        "  <graph id=\"{}\" edgedefault=\"directed\">",
        text(title)
    )?;
    data(&mut out, "g_title", title)?;
    data(
        &mut out,
        "g_pruned_actors",
        &meta.pruned.n_actors.to_string(),
    )?;
    data(
        &mut out,
        "g_pruned_relations",
        &meta.pruned.n_relations.to_string(),
    )?;
    if let Some(note) = pruned_note(&meta.pruned) {
        data(&mut out, "g_left_out", &note)?;
    }
    for (actor, measures) in graph.actors().into_iter().zip(graph.measures()) {
        writeln!(out, "    <node id=\"{}\">", text(actor.id.as_str()))?;
        for (key, value) in [
            ("n_label", actor.name.as_str()),
            ("n_kind", actor.kind.as_str()),
            ("n_cameo", actor.cameo.as_str()),
            ("n_country", actor.country.as_str()),
        ] {
            data(&mut out, key, value)?;
        }
        data(&mut out, "n_events", &measures.n_events.to_string())?;
        data(&mut out, "n_partners", &measures.n_partners.to_string())?;
        data(&mut out, "n_pagerank", &format!("{:.6}", measures.pagerank))?;
        data(&mut out, "n_community", &measures.community.to_string())?;
        writeln!(out, "    </node>")?;
    }
    // One scratch buffer for every computed value: no allocation per edge attribute.
    let mut value = String::new();
    for (index, (source, target, relation)) in
        graph.relations(&Filter::default()).iter().enumerate()
    {
        writeln!(
            out,
            "    <edge id=\"e{index}\" source=\"{}\" target=\"{}\">",
            text(source.id.as_str()),
            text(target.id.as_str())
        )?;
        for key in EDGE_KEYS.iter().map(|(key, _, _)| *key) {
            value.clear();
            match key {
                "e_label" => value.push_str(&edge_label(relation).replace('\n', ", ")),
                "e_events" => write!(value, "{}", relation.n_events).unwrap(),
                "e_weight" => write!(value, "{:.4}", relation.weight).unwrap(),
                "e_reports" => write!(value, "{}", relation.n_reports).unwrap(),
                "e_goldstein_sum" => write!(value, "{:.2}", relation.goldstein).unwrap(),
                "e_goldstein_mean" => write!(value, "{:.4}", relation.goldstein_mean()).unwrap(),
                "e_conflict" => write!(value, "{:.4}", relation.conflict_share()).unwrap(),
                "e_first" | "e_last" => {
                    let date = if key == "e_first" {
                        &relation.first
                    } else {
                        &relation.last
                    };
                    if let Some(date) = date {
                        value.push_str(date.as_str());
                    }
                }
                "e_first_precision" | "e_last_precision" => {
                    if let Some((first, last)) = relation.precisions() {
                        let precision = if key == "e_first_precision" {
                            first
                        } else {
                            last
                        };
                        value.push_str(precision.as_str());
                    }
                }
                "e_kinds" => {
                    for (n, (kind, count)) in relation.by_kind.iter().enumerate() {
                        let gap = if n == 0 { "" } else { " " };
                        write!(value, "{gap}{}:{count}", kind.as_str()).unwrap();
                    }
                }
                "e_codes" => {
                    for (n, (code, count)) in relation.by_code.iter().enumerate() {
                        let gap = if n == 0 { "" } else { " " };
                        write!(value, "{gap}{code}:{count}").unwrap();
                    }
                }
                other => unreachable!("edge key {other} has no value"),
            }
            data(&mut out, key, &value)?;
        }
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")?;
    out.flush()
}

/// One `<data key="...">value</data>` line.
fn data(out: &mut impl Write, key: &str, value: &str) -> io::Result<()> {
    writeln!(out, "      <data key=\"{key}\">{}</data>", text(value))
}

/// Text for XML: markup characters escaped (quick-xml's escaping); control characters other than
/// tab and newline cannot appear in XML and are dropped.
fn text(value: &str) -> std::borrow::Cow<'_, str> {
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        let clean: String = value
            .chars()
            .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
            .collect();
        return std::borrow::Cow::Owned(escape(&clean).into_owned());
    }
    escape(value)
}
