//! Graph exports, written to any `io::Write`: Graphviz DOT for now.
//!
//! Output is deterministic: actors sorted by id, relations by source then target, fixed number
//! formats, so the same graph gives the same bytes and `graphs/` diffs cleanly.
//! No file or network I/O here: the caller picks the writer.

use std::io::{self, Write};

use crate::graph::{ActorGraph, Filter};
use crate::model::{ActorKind, CameoCode, EventKind, Relation};

/// Writes the graph as Graphviz DOT: one node per actor, one edge per directed relation.
///
/// Edge colour goes from red (conflict) through grey to green (cooperation) with the mean
/// Goldstein weight; dashed edges hold only verbal events; pen width grows with the log of the count.
///
/// ```
/// use geokg::{export, graph::ActorGraph};
/// let mut out = Vec::new();
/// export::dot(&ActorGraph::default(), "empty", &mut out).unwrap();
/// assert!(String::from_utf8(out).unwrap().starts_with("digraph \"empty\" {"));
/// ```
pub fn dot(graph: &ActorGraph, title: &str, out: &mut impl Write) -> io::Result<()> {
    let large = graph.n_actors() > 60;
    writeln!(out, "digraph {} {{", quote(title))?;
    writeln!(
        out,
        "  graph [label={}, labelloc=t, fontname=\"Helvetica\", fontsize=16, rankdir=LR, overlap=false, splines=true, nodesep=0.4, ranksep=1.0, outputorder=edgesfirst{}];",
        quote(title),
        if large { ", layout=sfdp" } else { "" }
    )?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=11, style=\"filled\", color=\"#44546a\", penwidth=1];")?;
    writeln!(
        out,
        "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];"
    )?;
    for actor in graph.actors() {
        let (shape, fill) = match actor.kind {
            ActorKind::State => ("box", "#dbe8f6"),
            ActorKind::Person => ("ellipse", "#fdf2d0"),
            ActorKind::Organization => ("hexagon", "#e3f1e1"),
            ActorKind::Group => ("octagon", "#f6dcdc"),
        };
        let tooltip = format!(
            "{} · {} · {} · {}",
            actor.name,
            actor.kind.as_str(),
            actor.cameo,
            actor.country
        );
        writeln!(
            out,
            "  {} [label={}, shape={shape}, fillcolor=\"{fill}\", tooltip={}];",
            quote(actor.id.as_str()),
            quote(&actor.name),
            quote(&tooltip)
        )?;
    }
    for (source, target, relation) in graph.relations(&Filter::default()) {
        let mean = if relation.n_events == 0 {
            0.0
        } else {
            relation.goldstein / relation.n_events as f64
        };
        let style = if only_verbal(&relation) {
            "dashed"
        } else {
            "solid"
        };
        let width = 1.0 + (relation.n_events as f64).ln();
        let dates = match (&relation.first, &relation.last) {
            (Some(first), Some(last)) => format!(", {first} to {last}"),
            _ => String::new(),
        };
        let tooltip = format!(
            "{} → {}: {} event{}{}, net Goldstein {:.1}",
            source.name,
            target.name,
            relation.n_events,
            if relation.n_events == 1 { "" } else { "s" },
            dates,
            relation.goldstein
        );
        writeln!(
            out,
            "  {} -> {} [label={}, color=\"{}\", fontcolor=\"#333333\", style={style}, penwidth={width:.2}, tooltip={}];",
            quote(source.id.as_str()),
            quote(target.id.as_str()),
            quote(&edge_label(&relation)),
            goldstein_colour(mean),
            quote(&tooltip)
        )?;
    }
    writeln!(out, "}}")
}

/// The main kinds of a relation and their counts, most frequent first: `visit 2\nmeeting 1`.
pub fn edge_label(relation: &Relation) -> String {
    let mut kinds: Vec<(EventKind, u64)> = relation
        .by_kind
        .iter()
        .map(|(kind, n)| (*kind, *n))
        .collect();
    kinds.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    let shown: Vec<String> = kinds
        .iter()
        .take(3)
        .map(|(kind, n)| format!("{} {n}", kind.as_str()))
        .collect();
    let mut label = shown.join("\n");
    if kinds.len() > 3 {
        label.push_str(&format!("\n+{} more", kinds.len() - 3));
    }
    label
}

/// A colour for a mean Goldstein weight: red at -10, grey at 0, green at +10.
pub fn goldstein_colour(mean: f64) -> String {
    let grey = (150.0, 150.0, 150.0);
    let end = if mean < 0.0 {
        (204.0, 40.0, 40.0)
    } else {
        (30.0, 140.0, 60.0)
    };
    let share = (mean.abs() / 10.0).clamp(0.0, 1.0).sqrt();
    let mix = |from: f64, to: f64| (from + (to - from) * share).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(grey.0, end.0),
        mix(grey.1, end.1),
        mix(grey.2, end.2)
    )
}

/// Whether every event of the relation is verbal (QuadClass 1 or 3).
fn only_verbal(relation: &Relation) -> bool {
    relation.by_code.keys().all(|code| {
        CameoCode::parse(code)
            .map(|code| matches!(code.info().quad_class, 1 | 3))
            .unwrap_or(false)
    })
}

/// A DOT quoted string: quotes and backslashes escaped, line breaks as `\n`, other controls dropped.
///
/// ```
/// assert_eq!(geokg::export::quote("a \"b\"\\c\nd"), r#""a \"b\"\\c\nd""#);
/// ```
pub fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => quoted.push_str("\\n"),
            c if c.is_control() => {}
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorId, Date, Event, Evidence};

    fn actor(id: &str, name: &str, kind: ActorKind) -> Actor {
        Actor {
            id: ActorId::parse(id).unwrap(),
            name: name.into(),
            kind,
            cameo: "PAK".into(),
            country: "PAK".into(),
        }
    }

    fn event(source: &Actor, target: &Actor, code: &str) -> Event {
        let code = CameoCode::parse(code).unwrap();
        Event {
            id: "e".into(),
            source: source.clone(),
            target: target.clone(),
            kind: EventKind::of_code(&code),
            code,
            date: Some(Date::parse("2025-05-07").unwrap()),
            report_date: None,
            document: "d".into(),
            evidence: Evidence {
                sentence: String::new(),
                start: 0,
                end: 0,
                ..Default::default()
            },
            rule: "t".into(),
        }
    }

    fn render(graph: &ActorGraph) -> String {
        let mut out = Vec::new();
        dot(graph, "test", &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn names_with_quotes_backslashes_and_newlines_are_escaped() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(quote("back\\slash"), "\"back\\\\slash\"");
        assert_eq!(quote("two\r\nlines\u{7}"), "\"two\\nlines\"");
        assert_eq!(quote("Türkiye العربية"), "\"Türkiye العربية\"");
    }

    #[test]
    fn output_is_deterministic_and_sorted() {
        let (a, b, c) = (
            actor("b-actor", "B \"quoted\"", ActorKind::Person),
            actor("a-actor", "A\nnew line", ActorKind::State),
            actor("c-actor", "C \\ back", ActorKind::Group),
        );
        let mut first = ActorGraph::default();
        first.add_event(&event(&a, &b, "042"));
        first.add_event(&event(&c, &a, "190"));
        let mut second = ActorGraph::default();
        second.add_event(&event(&c, &a, "190"));
        second.add_event(&event(&a, &b, "042"));
        let text = render(&first);
        assert_eq!(text, render(&second));
        let a_line = text.find("\"a-actor\" [").unwrap();
        let b_line = text.find("\"b-actor\" [").unwrap();
        assert!(a_line < b_line);
        assert!(text.contains("label=\"A\\nnew line\", shape=box"));
        assert!(text.contains("\"b-actor\" -> \"a-actor\" [label=\"visit 1\""));
        assert!(text.contains("style=dashed"), "a visit is verbal");
        assert!(
            text.contains("\"c-actor\" -> \"b-actor\" [label=\"conflict 1\", color=\"#cc2828\"")
        );
    }

    #[test]
    fn colours_run_from_red_through_grey_to_green() {
        assert_eq!(goldstein_colour(-10.0), "#cc2828");
        assert_eq!(goldstein_colour(0.0), "#969696");
        assert_eq!(goldstein_colour(10.0), "#1e8c3c");
        assert_eq!(goldstein_colour(25.0), "#1e8c3c");
    }
}
