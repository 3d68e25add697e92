//! GraphML with typed attribute keys, for Gephi, yEd and networkx.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::graph::{ActorGraph, Filter};

use super::dot::edge_label;

/// Node attributes: GraphML key id, attribute name, type.
const NODE_KEYS: &[(&str, &str, &str)] = &[
    ("n_label", "label", "string"),
    ("n_kind", "kind", "string"),
    ("n_cameo", "cameo", "string"),
    ("n_country", "country", "string"),
];

/// Edge attributes: GraphML key id, attribute name, type.
const EDGE_KEYS: &[(&str, &str, &str)] = &[
    ("e_label", "label", "string"),
    ("e_events", "n_events", "long"),
    ("e_reports", "n_reports", "long"),
    ("e_goldstein", "goldstein", "double"),
    ("e_conflict", "conflict_share", "double"),
    ("e_first", "first", "string"),
    ("e_last", "last", "string"),
    ("e_kinds", "kinds", "string"),
    ("e_codes", "codes", "string"),
];

/// Writes the graph as GraphML: a `<key>` for every node and edge attribute, one edge per directed relation.
pub fn write(graph: &ActorGraph, title: &str, out: &mut impl Write) -> io::Result<()> {
    let mut xml = Writer::new_with_indent(out, b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("graphml");
    root.push_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"));
    root.push_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"));
    root.push_attribute((
        "xsi:schemaLocation",
        "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
    ));
    xml.write_event(Event::Start(root))?;
    for (scope, keys) in [("node", NODE_KEYS), ("edge", EDGE_KEYS)] {
        for (id, name, kind) in keys {
            let mut key = BytesStart::new("key");
            key.push_attribute(("id", *id));
            key.push_attribute(("for", scope));
            key.push_attribute(("attr.name", *name));
            key.push_attribute(("attr.type", *kind));
            xml.write_event(Event::Empty(key))?;
        }
    }
    let mut graph_element = BytesStart::new("graph");
    graph_element.push_attribute(("id", title));
    graph_element.push_attribute(("edgedefault", "directed"));
    xml.write_event(Event::Start(graph_element))?;
    for actor in graph.actors() {
        let mut node = BytesStart::new("node");
        node.push_attribute(("id", actor.id.as_str()));
        xml.write_event(Event::Start(node))?;
        for (key, value) in [
            ("n_label", actor.name.as_str()),
            ("n_kind", actor.kind.as_str()),
            ("n_cameo", actor.cameo.as_str()),
            ("n_country", actor.country.as_str()),
        ] {
            data(&mut xml, key, value)?;
        }
        xml.write_event(Event::End(BytesEnd::new("node")))?;
    }
    for (index, (source, target, relation)) in
        graph.relations(&Filter::default()).iter().enumerate()
    {
        let mut edge = BytesStart::new("edge");
        let id = format!("e{index}");
        edge.push_attribute(("id", id.as_str()));
        edge.push_attribute(("source", source.id.as_str()));
        edge.push_attribute(("target", target.id.as_str()));
        xml.write_event(Event::Start(edge))?;
        let kinds: Vec<String> = relation
            .by_kind
            .iter()
            .map(|(kind, n)| format!("{}:{n}", kind.as_str()))
            .collect();
        let codes: Vec<String> = relation
            .by_code
            .iter()
            .map(|(code, n)| format!("{code}:{n}"))
            .collect();
        for (key, value) in [
            ("e_label", edge_label(relation).replace('\n', ", ")),
            ("e_events", relation.n_events.to_string()),
            ("e_reports", relation.n_reports.to_string()),
            ("e_goldstein", format!("{:.2}", relation.goldstein)),
            ("e_conflict", format!("{:.4}", relation.conflict_share())),
            (
                "e_first",
                relation
                    .first
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ),
            (
                "e_last",
                relation
                    .last
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ),
            ("e_kinds", kinds.join(" ")),
            ("e_codes", codes.join(" ")),
        ] {
            data(&mut xml, key, &value)?;
        }
        xml.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    xml.write_event(Event::End(BytesEnd::new("graph")))?;
    xml.write_event(Event::End(BytesEnd::new("graphml")))?;
    xml.into_inner().write_all(b"\n")
}

/// One `<data key="...">value</data>`; control characters other than tab and newline cannot appear in XML and are dropped.
fn data<W: Write>(xml: &mut Writer<W>, key: &str, value: &str) -> io::Result<()> {
    let mut element = BytesStart::new("data");
    element.push_attribute(("key", key));
    xml.write_event(Event::Start(element))?;
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    xml.write_event(Event::Text(BytesText::new(&clean)))?;
    xml.write_event(Event::End(BytesEnd::new("data")))?;
    Ok(())
}
