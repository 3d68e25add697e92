//! SVG drawn in pure Rust with layout-rs, for machines without Graphviz.
//!
//! Graphviz draws better and faster; callers run `dot -Tsvg` on the DOT export when it is
//! installed and fall back to this renderer, which handles a few dozen actors.

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use crate::graph::{ActorGraph, Filter};
use crate::model::ActorKind;

use super::dot::{edge_label, only_verbal};
use super::goldstein_colour;

/// Most actors the pure-Rust renderer draws.
pub const MAX_ACTORS: usize = 60;

/// Why a graph could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The graph has more actors than the renderer handles.
    #[error(
        "the graph has {0} actors; without Graphviz, SVG is drawn for at most {MAX_ACTORS}: install Graphviz (`dot`) or narrow the graph with --center, --depth, --top or --level country"
    )]
    TooLarge(usize),
}

/// Draws the graph as SVG with layout-rs.
pub fn render(graph: &ActorGraph) -> Result<String, Error> {
    let actors = graph.actors();
    if actors.len() > MAX_ACTORS {
        return Err(Error::TooLarge(actors.len()));
    }
    let mut visual = VisualGraph::new(Orientation::LeftToRight);
    let mut handles = std::collections::HashMap::new();
    for actor in &actors {
        let fill = match actor.kind {
            ActorKind::State => "#dbe8f6",
            ActorKind::Person => "#fdf2d0",
            ActorKind::Organization => "#e3f1e1",
            ActorKind::Group => "#f6dcdc",
        };
        let label = plain(&actor.name);
        let shape = match actor.kind {
            ActorKind::Person => ShapeKind::new_circle(&label),
            _ => ShapeKind::new_box(&label),
        };
        let look = StyleAttr::new(Color::fast("#44546a"), 1, Color::from_name(fill), 6, 12);
        let size = layout::core::geometry::get_size_for_str(&label, 12);
        let size =
            layout::core::geometry::Point::new(size.x.max(40.0) + 16.0, size.y.max(20.0) + 12.0);
        let handle = visual.add_node(Element::create(shape, look, Orientation::LeftToRight, size));
        handles.insert(actor.id.clone(), handle);
    }
    for (source, target, relation) in graph.relations(&Filter::default()) {
        let mean = relation.goldstein_mean();
        let look = StyleAttr::new(Color::fast(&goldstein_colour(mean)), 2, None, 0, 10);
        let line = if only_verbal(&relation) {
            LineStyleKind::Dashed
        } else {
            LineStyleKind::Normal
        };
        let label = plain(&edge_label(&relation).replace('\n', ", "));
        let arrow = Arrow::new(
            LineEndKind::None,
            LineEndKind::Arrow,
            line,
            &label,
            &look,
            &None,
            &None,
        );
        visual.add_edge(arrow, handles[&source.id], handles[&target.id]);
    }
    let mut svg = SVGWriter::new();
    if !actors.is_empty() {
        visual.do_it(false, false, false, &mut svg);
    }
    Ok(svg.finalize())
}

/// Text the renderer can lay out: one line, no control characters.
fn plain(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
