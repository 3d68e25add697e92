//! The example graphs in `graphs/` are what `geokg demo` makes from the sample corpus now.

use std::path::Path;

use crate::support::{graphviz_available, render_svg};

#[test]
fn committed_graphs_are_current_and_render() {
    let mut store = geokg::store::Store::open_in_memory().unwrap();
    for document in geokg::samples::documents() {
        store.add_document(&document).unwrap();
    }
    let graph = store.load_graph().unwrap();
    assert!(
        graph.n_actors() >= 10,
        "the sample corpus names at least 10 actors"
    );
    let figures = geokg::cli::demo_graphs(&graph);
    assert_eq!(figures.len(), 3);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("graphs");
    for (name, bytes) in &figures {
        let committed = std::fs::read(dir.join(name)).unwrap_or_default();
        assert!(
            committed == *bytes,
            "graphs/{name} is stale: regenerate with `cargo run --release -- demo --no-serve`"
        );
        if graphviz_available() {
            assert!(render_svg(bytes).contains("<svg"));
        }
    }
}
