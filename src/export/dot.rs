//! Graphviz DOT.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::graph::{ActorGraph, Filter, NON_STATE_ROOTS};
use crate::model::{Actor, ActorKind, Date, EventKind, Relation};

use super::{goldstein_colour, quote};

/// How a DOT export is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotOptions {
    /// The figure's title.
    pub title: String,
    /// One edge per event instead of one per actor pair and direction.
    pub per_event: bool,
    /// Group each country's persons and institutions (with the state itself) in a `cluster_` box.
    pub clusters: bool,
    /// Draw a legend of shapes and colours.
    pub legend: bool,
}

impl DotOptions {
    /// The default drawing with a title: aggregated edges, clusters and a legend.
    pub fn titled(title: &str) -> DotOptions {
        DotOptions {
            title: title.to_string(),
            per_event: false,
            clusters: true,
            legend: true,
        }
    }
}

/// Up to this many actors and relations, `dot` draws the figure left to right with a label on
/// every edge; beyond, the figure is crowded: the edge labels move into the tooltips and, unless
/// country boxes need `dot`, a force-directed layout spreads the actors out.
const TIDY_ACTORS: usize = 25;
const TIDY_RELATIONS: usize = 60;
/// Country boxes are drawn up to this many actors: they need the layered `dot` layout, which
/// beyond that draws tall drawings nobody can read (an ego network at depth 2 came out
/// 10,000 × 21,000 px); larger figures use `neato` or `sfdp` without boxes.
pub const CLUSTER_ACTORS: usize = 40;
/// Above this many actors, the figure asks for `sfdp`, the layout for large graphs.
const LARGE: usize = 150;
/// Above this many relations, `dot` draws edges as straight lines.
pub const STRAIGHT_RELATIONS: usize = 250;
/// `neato` and `sfdp` route splines around the nodes at a cost that grows with actors times
/// relations (about 0.3 ms each on one core: 63 actors and 109 relations took 1.6 s, 93 and
/// 458 took 19 s, a 928-actor, 2,100-relation graph of a year of news over 120 s, against
/// under 1 s with straight lines). Above this product their edges are straight.
pub const SPLINE_WORK: usize = 8_000;

/// The graph attributes that choose and tune the layout for the size of the figure:
/// `dot` left to right for small figures (and for crowded ones with country boxes, which
/// `CLUSTER_ACTORS` keeps small), `neato` for crowded ones without, `sfdp` above `LARGE`
/// actors; curved edges (`splines=true`) while they are cheap to route, straight lines beyond
/// (`STRAIGHT_RELATIONS`, `SPLINE_WORK`). Curved splines (`splines=curved`) are never used: they
/// took 8 s for 88 edges.
pub fn layout(n_actors: usize, n_relations: usize, clusters: bool) -> String {
    let force_splines = if n_actors.saturating_mul(n_relations) > SPLINE_WORK {
        "false"
    } else {
        "true"
    };
    let dot_splines = if n_relations > STRAIGHT_RELATIONS {
        "false"
    } else {
        "true"
    };
    if n_actors > LARGE {
        format!("layout=sfdp, start=1, K=1.2, overlap=prism, splines={force_splines}, outputorder=edgesfirst")
    } else if n_actors > TIDY_ACTORS || n_relations > TIDY_RELATIONS {
        // neato spreads the nodes evenly but draws no cluster boxes; fdp does, but Graphviz 2.43
        // places clustered graphs differently at every run. So clusters keep `dot`, without labels.
        if clusters {
            format!("rankdir=LR, overlap=false, splines={dot_splines}, nodesep=0.3, ranksep=1.2, outputorder=edgesfirst, newrank=true")
        } else {
            format!("layout=neato, start=1, mode=major, overlap=false, sep=\"+14\", splines={force_splines}, outputorder=edgesfirst")
        }
    } else {
        format!("rankdir=LR, overlap=false, splines={dot_splines}, nodesep=0.4, ranksep=1.0, outputorder=edgesfirst, newrank=true")
    }
}

/// Writes the graph as Graphviz DOT.
pub fn write(graph: &ActorGraph, options: &DotOptions, out: &mut impl Write) -> io::Result<()> {
    let actors = graph.actors();
    let relations = graph.relations(&Filter::default());
    // Countries with more than one actor in the figure, one of them not the state, get a box
    // around them; organisations without a country (IGO, NGO ...) do not.
    let mut by_country: BTreeMap<&str, Vec<&Actor>> = BTreeMap::new();
    for actor in &actors {
        by_country
            .entry(actor.country.as_str())
            .or_default()
            .push(actor);
    }
    let boxed = |country: &str, members: &[&Actor]| {
        options.clusters
            && actors.len() <= CLUSTER_ACTORS
            && members.len() > 1
            && members.iter().any(|actor| actor.kind != ActorKind::State)
            && !NON_STATE_ROOTS.contains(&country)
            && country != "---"
    };
    let any_box = by_country
        .iter()
        .any(|(country, members)| boxed(country, members));
    let crowded = actors.len() > TIDY_ACTORS || relations.len() > TIDY_RELATIONS;
    // Per event, there are as many edges to route as events.
    let n_edges = if options.per_event {
        relations
            .iter()
            .map(|(_, _, relation)| relation.n_events as usize)
            .sum()
    } else {
        relations.len()
    };
    writeln!(out, "digraph {} {{", quote(&options.title))?;
    writeln!(
        out,
        "  graph [label={}, labelloc=t, fontname=\"Helvetica\", fontsize=16, {}];",
        quote(&options.title),
        layout(actors.len(), n_edges, any_box)
    )?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=11, style=\"filled\", color=\"#44546a\", penwidth=1];")?;
    writeln!(
        out,
        "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];"
    )?;
    let mut n_sources: BTreeMap<&str, u64> = BTreeMap::new();
    for (source, target, relation) in &relations {
        *n_sources.entry(source.id.as_str()).or_default() += relation.n_reports;
        *n_sources.entry(target.id.as_str()).or_default() += relation.n_reports;
    }
    for (country, members) in &by_country {
        let boxed = boxed(country, members);
        let indent = if boxed { "    " } else { "  " };
        if boxed {
            let name = members
                .iter()
                .find(|actor| actor.kind == ActorKind::State && actor.id.as_str() == *country)
                .map_or(*country, |state| state.name.as_str());
            writeln!(
                out,
                "  subgraph {} {{",
                quote(&format!("cluster_{country}"))
            )?;
            writeln!(
                out,
                "    graph [label={}, style=\"rounded,dashed\", color=\"#9aa7b8\", fontcolor=\"#5a6a7e\", fontsize=10];",
                quote(name)
            )?;
        }
        for actor in members {
            let reports = n_sources.get(actor.id.as_str()).copied().unwrap_or(0);
            write_node(out, indent, actor, reports)?;
        }
        if boxed {
            writeln!(out, "  }}")?;
        }
    }
    for (source, target, relation) in &relations {
        if options.per_event {
            write_event_edges(out, graph, source, target)?;
        } else {
            write_relation_edge(out, source, target, relation, !crowded)?;
        }
    }
    if options.legend {
        write_legend(out)?;
    }
    writeln!(out, "}}")
}

fn write_node(out: &mut impl Write, indent: &str, actor: &Actor, reports: u64) -> io::Result<()> {
    let (shape, fill) = match actor.kind {
        ActorKind::State => ("box", "#dbe8f6"),
        ActorKind::Person => ("ellipse", "#fdf2d0"),
        ActorKind::Organization => ("hexagon", "#e3f1e1"),
        ActorKind::Group => ("octagon", "#f6dcdc"),
    };
    let tooltip = format!(
        "{} ({}) · {} · code {} · country {} · {} report{}",
        actor.name,
        actor.id,
        actor.kind.as_str(),
        actor.cameo,
        actor.country,
        reports,
        if reports == 1 { "" } else { "s" }
    );
    writeln!(
        out,
        "{indent}{} [label={}, shape={shape}, fillcolor=\"{fill}\", tooltip={}];",
        quote(actor.id.as_str()),
        quote(&actor.name),
        quote(&tooltip)
    )
}

fn write_relation_edge(
    out: &mut impl Write,
    source: &Actor,
    target: &Actor,
    relation: &Relation,
    labelled: bool,
) -> io::Result<()> {
    let mean = relation.goldstein_mean();
    let style = if only_verbal(relation) {
        "dashed"
    } else {
        "solid"
    };
    let width = 1.0 + (relation.n_events as f64).ln();
    let dates = match (&relation.first, &relation.last) {
        (Some(first), Some(last)) if first == last => {
            format!(", on {}", relation.first_precision.date_text(first))
        }
        (Some(first), Some(last)) => format!(
            ", {} to {}",
            relation.first_precision.date_text(first),
            relation.last_precision.date_text(last)
        ),
        _ => String::new(),
    };
    let label = edge_label(relation);
    let tooltip = format!(
        "{} → {}: {} event{}{}, {} report{}, net Goldstein {:.1}; {}",
        source.name,
        target.name,
        relation.n_events,
        if relation.n_events == 1 { "" } else { "s" },
        dates,
        relation.n_reports,
        if relation.n_reports == 1 { "" } else { "s" },
        relation.goldstein,
        label.replace('\n', ", ")
    );
    let label = if labelled {
        format!("label={}, ", quote(&label))
    } else {
        String::new()
    };
    writeln!(
        out,
        "  {} -> {} [{label}color=\"{}\", fontcolor=\"#333333\", style={style}, penwidth={width:.2}, tooltip={}];",
        quote(source.id.as_str()),
        quote(target.id.as_str()),
        goldstein_colour(mean),
        quote(&tooltip)
    )
}

fn write_event_edges(
    out: &mut impl Write,
    graph: &ActorGraph,
    source: &Actor,
    target: &Actor,
) -> io::Result<()> {
    for record in graph.records(&source.id, &target.id) {
        let code = record.code();
        let info = code.info();
        let date = (record.day != crate::graph::NO_DAY).then(|| Date::from_days(record.day));
        let label = match &date {
            Some(date) => format!("{} {}\n{date}", code, record.kind.as_str()),
            None => format!("{} {}", code, record.kind.as_str()),
        };
        let style = if matches!(info.quad_class, 1 | 3) {
            "dashed"
        } else {
            "solid"
        };
        let when = match &date {
            Some(date) => {
                let reported = if record.report_day != crate::graph::NO_DAY {
                    format!(", first reported {}", Date::from_days(record.report_day))
                } else {
                    String::new()
                };
                let background = if record.background() {
                    ", background"
                } else {
                    ""
                };
                format!(
                    "; {}{reported}{background}",
                    record.precision.date_text(date)
                )
            }
            None => String::new(),
        };
        let tooltip = format!(
            "{}: {} ({} report{}){when}",
            info.name,
            record.kind.as_str(),
            record.n_reports,
            if record.n_reports == 1 { "" } else { "s" }
        );
        writeln!(
            out,
            "  {} -> {} [label={}, color=\"{}\", style={style}, tooltip={}];",
            quote(source.id.as_str()),
            quote(target.id.as_str()),
            quote(&label),
            goldstein_colour(info.goldstein),
            quote(&tooltip)
        )?;
    }
    Ok(())
}

fn write_legend(out: &mut impl Write) -> io::Result<()> {
    let rows = [
        ("BGCOLOR=\"#dbe8f6\"", "box".to_string(), "state"),
        ("BGCOLOR=\"#fdf2d0\"", "ellipse".to_string(), "person"),
        ("BGCOLOR=\"#e3f1e1\"", "hexagon".to_string(), "organisation"),
        (
            "BGCOLOR=\"#f6dcdc\"",
            "octagon".to_string(),
            "armed or political group",
        ),
        (
            "",
            format!(
                "<FONT COLOR=\"{}\">green edge</FONT>",
                goldstein_colour(7.0)
            ),
            "cooperation",
        ),
        (
            "",
            "<FONT COLOR=\"#969696\">grey edge</FONT>".to_string(),
            "neutral",
        ),
        (
            "",
            format!("<FONT COLOR=\"{}\">red edge</FONT>", goldstein_colour(-9.0)),
            "conflict",
        ),
        (
            "",
            "dashed".to_string(),
            "words only (statements, visits, threats)",
        ),
        ("", "thicker".to_string(), "more events"),
    ];
    write!(
        out,
        "  legend [shape=plaintext, style=solid, fontsize=9, tooltip=\"legend\", label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\"><TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>"
    )?;
    for (attributes, sample, meaning) in rows {
        let attributes = if attributes.is_empty() {
            String::new()
        } else {
            format!(" {attributes}")
        };
        write!(
            out,
            "<TR><TD{attributes}>{sample}</TD><TD ALIGN=\"LEFT\">{meaning}</TD></TR>"
        )?;
    }
    writeln!(out, "</TABLE>>];")
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

/// Whether every event of the relation is verbal (QuadClass 1 or 3).
pub fn only_verbal(relation: &Relation) -> bool {
    relation
        .by_code
        .keys()
        .all(|code| matches!(code.info().quad_class, 1 | 3))
}
