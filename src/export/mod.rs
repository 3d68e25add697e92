//! Graph exports, written to any `io::Write`: Graphviz DOT, SVG, GraphML, GEXF, Cytoscape.js
//! JSON and CSV.
//!
//! Output is deterministic: actors sorted by id, relations by source then target, fixed number
//! formats, so the same graph gives the same bytes and `graphs/` diffs cleanly.
//! The data formats (GraphML, GEXF, JSON) carry the same measures: on every edge a numeric
//! `weight` (events, each dyad of an event of n participants counting 1/(n-1)), `n_events`,
//! `goldstein_sum` and `goldstein_mean`; on every node its `n_events`, `n_partners`, `pagerank`
//! and `community`.
//! No file, process or network I/O here: the caller picks the writer (and runs Graphviz when it wants its SVG).

pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod svg;
pub mod table;

use std::io::{self, Write};

use crate::graph::{ActorGraph, Pruned};

pub use dot::{edge_label, DotOptions};

/// The formats of a graph export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// SVG: Graphviz's when the caller has it, else drawn by layout-rs.
    Svg,
    /// GraphML with typed attribute keys.
    GraphMl,
    /// GEXF 1.2 with time intervals (Gephi's timeline).
    Gexf,
    /// Cytoscape.js elements.
    Json,
    /// A CSV edge list.
    Csv,
}

impl Format {
    /// Parses `dot`, `svg`, `graphml`, `gexf`, `json` or `csv`.
    pub fn parse(raw: &str) -> Option<Format> {
        match raw {
            "dot" => Some(Format::Dot),
            "svg" => Some(Format::Svg),
            "graphml" => Some(Format::GraphMl),
            "gexf" => Some(Format::Gexf),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The HTTP content type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Dot => "text/vnd.graphviz; charset=utf-8",
            Format::Svg => "image/svg+xml",
            Format::GraphMl => "application/graphml+xml",
            Format::Gexf => "application/gexf+xml",
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::GraphMl => "graphml",
            Format::Gexf => "gexf",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    /// Whether the format is a figure (DOT, SVG), which is pruned to stay readable by default,
    /// rather than data, which is pruned only when asked.
    pub fn is_figure(self) -> bool {
        matches!(self, Format::Dot | Format::Svg)
    }
}

/// What a file says about itself beside the graph: its title, what was left out of it, and
/// for Cytoscape.js JSON whether countries become compound parent nodes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// The title.
    pub title: String,
    /// What pruning left out (nothing by default). GraphML, GEXF and JSON say it in the file.
    pub pruned: Pruned,
    /// JSON: a parent node per country (`country:PAK`) holding its actors.
    pub compound: bool,
    /// JSON: the events of each edge by month (`months`), to replay the graph through time.
    pub months: bool,
}

impl Meta {
    /// A title, nothing left out, no compound nodes.
    pub fn titled(title: &str) -> Meta {
        Meta {
            title: title.to_string(),
            ..Meta::default()
        }
    }
}

/// Writes the graph as Graphviz DOT with the default drawing: one edge per actor pair and direction,
/// country clusters and a legend.
///
/// ```
/// use geokg::{export, graph::ActorGraph};
/// let mut out = Vec::new();
/// export::dot(&ActorGraph::default(), "empty", &mut out).unwrap();
/// assert!(String::from_utf8(out).unwrap().starts_with("digraph \"empty\" {"));
/// ```
pub fn dot(graph: &ActorGraph, title: &str, out: &mut impl Write) -> io::Result<()> {
    dot::write(graph, &DotOptions::titled(title), out)
}

/// Writes the graph in a format that needs no outside program (every format but SVG drawn by
/// Graphviz; SVG here is layout-rs's, limited to `svg::MAX_ACTORS`).
pub fn write(
    graph: &ActorGraph,
    format: Format,
    title: &str,
    out: &mut impl Write,
) -> io::Result<()> {
    write_with(graph, format, &Meta::titled(title), out)
}

/// Like `write`, saying in the file what was left out (GraphML, GEXF, JSON) and drawing
/// countries as compound nodes in JSON when `meta` asks.
pub fn write_with(
    graph: &ActorGraph,
    format: Format,
    meta: &Meta,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        Format::Dot => dot(graph, &meta.title, out),
        Format::Svg => {
            let drawing = svg::render(graph)
                .map_err(|error| io::Error::new(io::ErrorKind::InvalidInput, error))?;
            out.write_all(drawing.as_bytes())
        }
        Format::GraphMl => graphml::write_with(graph, meta, out),
        Format::Gexf => gexf::write(graph, meta, out),
        Format::Json => table::cytoscape_with(graph, meta, out),
        Format::Csv => table::edges_csv(graph, out),
    }
}

/// A sentence that says what pruning left out, or `None` when nothing was:
/// `"12 actors and 3 relations left out; partners of USA not followed"`.
pub fn pruned_note(pruned: &Pruned) -> Option<String> {
    if pruned.is_empty() {
        return None;
    }
    let mut note = format!(
        "{} actors and {} relations left out",
        pruned.n_actors, pruned.n_relations
    );
    if !pruned.capped.is_empty() {
        note.push_str(&format!(
            "; partners of {} not followed (too many)",
            pruned.capped.join(" ")
        ));
    }
    Some(note)
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
    use crate::model::{Actor, ActorId, ActorKind, CameoCode, Date, Event, EventKind, Evidence};

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
            target: Some(target.clone()),
            kind: EventKind::of_code(&code),
            code,
            date: Some(Date::parse("2025-05-07").unwrap()),
            time: Default::default(),
            report_date: None,
            document: "d".into(),
            evidence: Evidence {
                sentence: String::new(),
                start: 0,
                end: 0,
                ..Default::default()
            },
            rule: "t".into(),
            participants: Vec::new(),
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
    fn countries_with_persons_are_clustered_and_a_legend_is_drawn() {
        let (person, state, other) = (
            Actor {
                country: "PAK".into(),
                ..actor("asim-munir", "Asim Munir", ActorKind::Person)
            },
            Actor {
                country: "PAK".into(),
                ..actor("PAK", "Pakistan", ActorKind::State)
            },
            Actor {
                country: "IND".into(),
                cameo: "IND".into(),
                ..actor("IND", "India", ActorKind::State)
            },
        );
        let mut graph = ActorGraph::default();
        graph.add_event(&event(&person, &other, "190"));
        graph.add_event(&event(&state, &other, "190"));
        let text = render(&graph);
        assert!(
            text.contains("subgraph \"cluster_PAK\" {\n    graph [label=\"Pakistan\""),
            "{text}"
        );
        assert!(
            !text.contains("cluster_IND"),
            "a country alone needs no box"
        );
        assert!(text.contains("legend [shape=plaintext"));
        let mut per_event = Vec::new();
        dot::write(
            &graph,
            &DotOptions {
                per_event: true,
                ..DotOptions::titled("t")
            },
            &mut per_event,
        )
        .unwrap();
        let per_event = String::from_utf8(per_event).unwrap();
        assert!(
            per_event.contains("[label=\"190 conflict\\n2025-05-07\""),
            "{per_event}"
        );
    }

    #[test]
    fn every_format_writes_a_small_graph() {
        let (a, b) = (
            actor("a-actor", "A & <B>", ActorKind::State),
            actor("b-actor", "B", ActorKind::Group),
        );
        let mut graph = ActorGraph::default();
        graph.add_event(&event(&a, &b, "042"));
        for format in [
            Format::Dot,
            Format::Svg,
            Format::GraphMl,
            Format::Gexf,
            Format::Json,
            Format::Csv,
        ] {
            let mut out = Vec::new();
            write(&graph, format, "small", &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(
                text.contains("a-actor") || format == Format::Svg,
                "{format:?}: {text}"
            );
            assert_eq!(Format::parse(format.extension()), Some(format));
        }
        let mut xml = Vec::new();
        graphml::write(&graph, "small", &mut xml).unwrap();
        let xml = String::from_utf8(xml).unwrap();
        assert!(
            xml.contains("<data key=\"n_label\">A &amp; &lt;B&gt;</data>"),
            "{xml}"
        );
        assert!(xml.contains(
            "<key id=\"e_events\" for=\"edge\" attr.name=\"n_events\" attr.type=\"long\"/>"
        ));
    }

    #[test]
    fn layout_and_lines_follow_the_size_of_the_figure() {
        assert!(dot::layout(10, 20, true).starts_with("rankdir=LR"));
        assert!(dot::layout(10, 20, true).contains("splines=true"));
        assert!(dot::layout(30, 100, false).starts_with("layout=neato"));
        assert!(dot::layout(30, 100, false).contains("splines=true"));
        assert!(dot::layout(30, 100, true).starts_with("rankdir=LR"));
        assert!(dot::layout(35, 300, true).contains("splines=false"));
        assert!(dot::layout(100, 120, false).contains("splines=false"));
        assert!(dot::layout(1000, 100, false).starts_with("layout=sfdp"));
        assert!(dot::layout(1000, 3000, false).contains("splines=false"));
    }

    #[test]
    fn countries_are_boxed_only_in_small_figures() {
        let mut graph = ActorGraph::default();
        let state = Actor {
            cameo: "PAK".into(),
            ..actor("PAK", "Pakistan", ActorKind::State)
        };
        for n in 0..dot::CLUSTER_ACTORS {
            let person = actor(&format!("person-{n}"), "P", ActorKind::Person);
            graph.add_event(&event(&person, &state, "042"));
        }
        assert!(!render(&graph).contains("cluster_PAK"), "41 actors: no box");
        let mut small = ActorGraph::default();
        small.add_event(&event(
            &actor("person-0", "P", ActorKind::Person),
            &state,
            "042",
        ));
        assert!(render(&small).contains("cluster_PAK"));
    }

    #[test]
    fn data_formats_say_what_was_left_out() {
        let (a, b) = (
            actor("a-actor", "A", ActorKind::State),
            actor("b-actor", "B", ActorKind::State),
        );
        let mut graph = ActorGraph::default();
        graph.add_event(&event(&a, &b, "042"));
        let meta = Meta {
            title: "t".into(),
            pruned: Pruned {
                n_actors: 3,
                n_relations: 2,
                capped: vec!["USA".into()],
            },
            compound: false,
            months: false,
        };
        let written = |format| {
            let mut out = Vec::new();
            write_with(&graph, format, &meta, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let note = "3 actors and 2 relations left out; partners of USA not followed (too many)";
        assert!(written(Format::GraphMl).contains(note));
        assert!(written(Format::Gexf).contains(note));
        assert!(written(Format::Json).contains(note));
        assert_eq!(pruned_note(&Pruned::default()), None);
    }

    #[test]
    fn svg_without_graphviz_is_refused_for_large_graphs() {
        let mut graph = ActorGraph::default();
        for n in 0..=svg::MAX_ACTORS {
            graph.upsert_actor(actor(&format!("a{n}"), "x", ActorKind::State));
        }
        assert_eq!(
            svg::render(&graph),
            Err(svg::Error::TooLarge(svg::MAX_ACTORS + 1))
        );
        assert!(svg::render(&ActorGraph::default())
            .unwrap()
            .contains("<svg"));
    }

    #[test]
    fn colours_run_from_red_through_grey_to_green() {
        assert_eq!(goldstein_colour(-10.0), "#cc2828");
        assert_eq!(goldstein_colour(0.0), "#969696");
        assert_eq!(goldstein_colour(10.0), "#1e8c3c");
        assert_eq!(goldstein_colour(25.0), "#1e8c3c");
    }
}
