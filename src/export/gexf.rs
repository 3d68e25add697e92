//! GEXF 1.2, the format of Gephi, also read by networkx: typed attributes, weighted edges and
//! time, so that Gephi's timeline plays the graph through time.
//!
//! The graph is `dynamic` with ISO dates (`timeformat="date"`). Each edge and each node has
//! `spells`: the runs of days on which it has events, a run going on while the next event comes
//! less than `SPELL_GAP_DAYS` days after the last, so that a relation shows from its first event
//! to its last and is gone in the quiet months between. Elements without dated events have no
//! spell and show all the time.
//!
//! ```
//! use geokg::{export, graph::ActorGraph};
//! let mut out = Vec::new();
//! export::gexf::write(&ActorGraph::default(), &export::Meta::titled("empty"), &mut out).unwrap();
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.contains(r#"<gexf xmlns="http://www.gexf.net/1.2draft""#));
//! assert!(text.contains(r#"<graph mode="dynamic" defaultedgetype="directed" timeformat="date">"#));
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::graph::{ActorGraph, Filter, NO_DAY};
use crate::model::{Date, Relation};

use super::dot::edge_label;
use super::{pruned_note, Meta};

/// Events less than this many days apart belong to one spell.
pub const SPELL_GAP_DAYS: i32 = 31;

/// Node attributes: id (also the title), GEXF type.
const NODE_ATTRIBUTES: &[(&str, &str)] = &[
    ("kind", "string"),
    ("cameo", "string"),
    ("country", "string"),
    ("n_events", "long"),
    ("n_partners", "long"),
    ("pagerank", "double"),
    ("community", "long"),
];

/// Edge attributes: id (also the title), GEXF type. The weight is the edge's own `weight`.
const EDGE_ATTRIBUTES: &[(&str, &str)] = &[
    ("n_events", "long"),
    ("n_reports", "long"),
    ("goldstein_sum", "double"),
    ("goldstein_mean", "double"),
    ("conflict_share", "double"),
    ("first", "string"),
    ("last", "string"),
    ("first_precision", "string"),
    ("last_precision", "string"),
    ("kinds", "string"),
    ("codes", "string"),
];

/// Writes the graph as GEXF 1.2: nodes with their measures, one weighted edge per directed
/// relation, spells of time on both, and what pruning left out in the description.
pub fn write(graph: &ActorGraph, meta: &Meta, out: &mut impl Write) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    let mut writer = Writer::new_with_indent(&mut buffered, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let actors = graph.actors();
    let measures = graph.measures();
    let relations = graph.relations(&Filter::default());
    let mut node_days: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    let edge_days: Vec<Vec<i32>> = relations
        .iter()
        .map(|(source, target, _)| {
            let days: Vec<i32> = graph
                .records(&source.id, &target.id)
                .iter()
                .map(|record| record.day)
                .filter(|day| *day != NO_DAY)
                .collect();
            for actor in [source, target] {
                node_days
                    .entry(actor.id.as_str())
                    .or_default()
                    .extend_from_slice(&days);
            }
            days
        })
        .collect();
    let mut description = meta.title.clone();
    if let Some(note) = pruned_note(&meta.pruned) {
        description.push_str("; pruned: ");
        description.push_str(&note);
    }
    writer
        .create_element("gexf")
        .with_attributes([
            ("xmlns", "http://www.gexf.net/1.2draft"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd",
            ),
            ("version", "1.2"),
        ])
        .write_inner_content(|writer| {
            writer
                .create_element("meta")
                .write_inner_content(|writer| {
                    writer
                        .create_element("creator")
                        .write_text_content(BytesText::new("geokg"))?;
                    writer
                        .create_element("description")
                        .write_text_content(BytesText::new(&clean(&description)))?;
                    Ok(())
                })?;
            writer
                .create_element("graph")
                .with_attributes([
                    ("mode", "dynamic"),
                    ("defaultedgetype", "directed"),
                    ("timeformat", "date"),
                ])
                .write_inner_content(|writer| {
                    declare(writer, "node", NODE_ATTRIBUTES)?;
                    declare(writer, "edge", EDGE_ATTRIBUTES)?;
                    writer
                        .create_element("nodes")
                        .write_inner_content(|writer| {
                            for (actor, measures) in actors.iter().zip(&measures) {
                                let values = [
                                    Cow::Borrowed(actor.kind.as_str()),
                                    Cow::Borrowed(actor.cameo.as_str()),
                                    Cow::Borrowed(actor.country.as_str()),
                                    Cow::Owned(measures.n_events.to_string()),
                                    Cow::Owned(measures.n_partners.to_string()),
                                    Cow::Owned(format!("{:.8}", measures.pagerank)),
                                    Cow::Owned(measures.community.to_string()),
                                ];
                                let days = node_days
                                    .get_mut(actor.id.as_str())
                                    .map(std::mem::take)
                                    .unwrap_or_default();
                                writer
                                    .create_element("node")
                                    .with_attribute(("id", &*clean(actor.id.as_str())))
                                    .with_attribute(("label", &*clean(&actor.name)))
                                    .write_inner_content(|writer| {
                                        attvalues(writer, NODE_ATTRIBUTES, &values)?;
                                        write_spells(writer, days)
                                    })?;
                            }
                            Ok(())
                        })?;
                    writer
                        .create_element("edges")
                        .write_inner_content(|writer| {
                            for (index, ((source, target, relation), days)) in
                                relations.iter().zip(edge_days).enumerate()
                            {
                                let values = edge_values(relation);
                                writer
                                    .create_element("edge")
                                    .with_attributes([
                                        ("id", &*format!("e{index}")),
                                        ("source", &*clean(source.id.as_str())),
                                        ("target", &*clean(target.id.as_str())),
                                        (
                                            "label",
                                            &*clean(&edge_label(relation).replace('\n', ", ")),
                                        ),
                                        ("weight", &*format!("{:.4}", relation.weight)),
                                    ])
                                    .write_inner_content(|writer| {
                                        attvalues(writer, EDGE_ATTRIBUTES, &values)?;
                                        write_spells(writer, days)
                                    })?;
                            }
                            Ok(())
                        })?;
                    Ok(())
                })?;
            Ok(())
        })?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// The values of `EDGE_ATTRIBUTES` for a relation.
fn edge_values(relation: &Relation) -> Vec<Cow<'static, str>> {
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
    vec![
        Cow::Owned(relation.n_events.to_string()),
        Cow::Owned(relation.n_reports.to_string()),
        Cow::Owned(format!("{:.2}", relation.goldstein)),
        Cow::Owned(format!("{:.4}", relation.goldstein_mean())),
        Cow::Owned(format!("{:.4}", relation.conflict_share())),
        Cow::Owned(relation.first.as_ref().map_or("", Date::as_str).to_string()),
        Cow::Owned(relation.last.as_ref().map_or("", Date::as_str).to_string()),
        Cow::Borrowed(
            relation
                .precisions()
                .map_or("", |(first, _)| first.as_str()),
        ),
        Cow::Borrowed(relation.precisions().map_or("", |(_, last)| last.as_str())),
        Cow::Owned(kinds.join(" ")),
        Cow::Owned(codes.join(" ")),
    ]
}

/// An `<attributes>` block declaring a class's attributes.
fn declare<W: Write>(
    writer: &mut Writer<W>,
    class: &str,
    attributes: &[(&str, &str)],
) -> io::Result<()> {
    writer
        .create_element("attributes")
        .with_attributes([("class", class), ("mode", "static")])
        .write_inner_content(|writer| {
            for (id, kind) in attributes {
                writer
                    .create_element("attribute")
                    .with_attributes([("id", *id), ("title", *id), ("type", *kind)])
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

/// An `<attvalues>` block; empty values are left out.
fn attvalues<W: Write>(
    writer: &mut Writer<W>,
    attributes: &[(&str, &str)],
    values: &[Cow<'_, str>],
) -> io::Result<()> {
    writer
        .create_element("attvalues")
        .write_inner_content(|writer| {
            for ((id, _), value) in attributes.iter().zip(values) {
                if value.is_empty() {
                    continue;
                }
                writer
                    .create_element("attvalue")
                    .with_attributes([("for", *id), ("value", &*clean(value))])
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

/// The `<spells>` of a set of event days; nothing when there is none.
fn write_spells<W: Write>(writer: &mut Writer<W>, days: Vec<i32>) -> io::Result<()> {
    let runs = spells(days);
    if runs.is_empty() {
        return Ok(());
    }
    writer
        .create_element("spells")
        .write_inner_content(|writer| {
            for (start, end) in runs {
                writer
                    .create_element("spell")
                    .with_attributes([
                        ("start", Date::from_days(start).as_str()),
                        ("end", Date::from_days(end).as_str()),
                    ])
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

/// The runs of event days, as (first day, last day): a run goes on while the next day comes
/// less than `SPELL_GAP_DAYS` after the last.
pub fn spells(mut days: Vec<i32>) -> Vec<(i32, i32)> {
    days.sort_unstable();
    days.dedup();
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for day in days {
        match runs.last_mut() {
            Some((_, end)) if day - *end < SPELL_GAP_DAYS => *end = day,
            _ => runs.push((day, day)),
        }
    }
    runs
}

/// Text without the control characters XML cannot hold (tab and newline stay).
fn clean(value: &str) -> Cow<'_, str> {
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        Cow::Owned(
            value
                .chars()
                .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
                .collect(),
        )
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_join_events_less_than_a_month_apart() {
        assert_eq!(spells(Vec::new()), Vec::<(i32, i32)>::new());
        assert_eq!(spells(vec![10, 10]), vec![(10, 10)]);
        assert_eq!(spells(vec![40, 10, 20]), vec![(10, 40)]);
        assert_eq!(
            spells(vec![10, 41, 100]),
            vec![(10, 10), (41, 41), (100, 100)]
        );
    }
}
