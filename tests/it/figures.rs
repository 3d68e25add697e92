//! Figures and data files at the scale analysts work (issue 16): every figure renders with the
//! real Graphviz under a time limit, GraphML and GEXF carry weights, measures and time into
//! networkx, data exports are not pruned unless asked, and the server keeps answering while
//! it draws.

use std::time::Duration;

use geokg::export::{self, Format};
use geokg::graph::{ActorGraph, Filter, Level, Subgraph};
use geokg::model::{
    Actor, ActorId, ActorKind, CameoCode, Date, Event, EventKind, Evidence, SplitMix64,
};
use geokg::store::Store;

use crate::support::{
    exit_within, first_line, geokg, graphviz_available, node_available, python_json,
    python_with_networkx, render_svg_within, shared_dir, spawn_server_with, stderr, stdout,
};

/// Every figure must render within this time.
const FIGURE_LIMIT: Duration = Duration::from_secs(10);

/// The sample corpus in a store.
fn sample_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for document in geokg::samples::documents() {
        geokg::pipeline::add_document(&mut store, geokg::extract::Dictionary::bundled(), &document)
            .unwrap();
    }
    store
}

/// A generated graph the size of a year of world news: 1,500 actors (states, persons and
/// groups of 80 countries) and 6,000 events, a few actors taking part in most of them.
fn large_graph() -> ActorGraph {
    let mut random = SplitMix64::new(16);
    let countries: Vec<String> = (0..80)
        .map(|n| {
            let letter = |k: usize| char::from(b'A' + (k % 26) as u8);
            format!("{}{}{}", letter(n / 26), letter(n), 'X')
        })
        .collect();
    let mut actors: Vec<Actor> = countries
        .iter()
        .map(|code| Actor {
            id: ActorId::parse(code).unwrap(),
            name: format!("State {code}"),
            kind: ActorKind::State,
            cameo: code.clone(),
            country: code.clone(),
        })
        .collect();
    for n in 0..1_420 {
        let country = &countries[random.index(countries.len())];
        let kind = if n % 7 == 0 {
            ActorKind::Group
        } else {
            ActorKind::Person
        };
        actors.push(Actor {
            id: ActorId::parse(&format!("actor-{n}")).unwrap(),
            name: format!("Actor {n}"),
            kind,
            cameo: format!("{country}GOV"),
            country: country.clone(),
        });
    }
    let codes = [
        "042", "043", "036", "057", "112", "190", "173", "051", "010",
    ];
    let mut graph = ActorGraph::default();
    for n in 0..6_000 {
        // Skewed: half the events involve one of the first 40 actors.
        let pick = |random: &mut SplitMix64| {
            if random.below(2) == 0 {
                random.index(40)
            } else {
                random.index(actors.len())
            }
        };
        let (source, target) = (pick(&mut random), pick(&mut random));
        if source == target {
            continue;
        }
        let code = CameoCode::parse(codes[random.index(codes.len())]).unwrap();
        graph.add_event(&Event {
            id: format!("e{n}"),
            source: actors[source].clone(),
            target: Some(actors[target].clone()),
            kind: EventKind::of_code(&code),
            code,
            date: Some(Date::from_days(20_000 + random.below(600) as i32)),
            time: Default::default(),
            report_date: None,
            document: format!("d{n}"),
            evidence: Evidence::default(),
            rule: "test".into(),
            participants: Vec::new(),
        });
    }
    graph
}

/// Whole graph and ego networks at depth 2, at entity and country level, pruned as figures
/// are and unpruned (`--top 0`).
fn figures_of(graph: &ActorGraph, center: &str) -> Vec<(String, ActorGraph)> {
    let center = ActorId::parse(center).unwrap();
    let mut figures = Vec::new();
    for level in [Level::Entity, Level::Country] {
        let spec = Subgraph {
            level,
            ..Subgraph::default()
        };
        let whole = graph.subgraph(&spec, |_| None).unwrap();
        let folded = graph.roll_up(level, |_| None);
        let center = graph.fold_id(&center, level).unwrap();
        for (name, pruning) in [
            ("pruned", geokg::graph::Pruning::default()),
            ("all", geokg::graph::Pruning::unlimited()),
        ] {
            let (ego, _) = folded
                .pruned_ego(&center, 2, &Filter::default(), &pruning)
                .unwrap();
            figures.push((format!("{level:?} ego {center} depth 2 {name}"), ego));
        }
        figures.push((format!("{level:?} whole graph"), whole));
    }
    figures
}

#[test]
fn every_figure_renders_with_graphviz_in_seconds() {
    if !graphviz_available() {
        return;
    }
    let sample = sample_store().load_graph().unwrap();
    let mut figures = figures_of(&sample, "PAK");
    figures.extend(figures_of(&large_graph(), "actor-0"));
    for (name, graph) in figures {
        let mut dot = Vec::new();
        export::dot(&graph, &name, &mut dot).unwrap();
        let (svg, took) = render_svg_within(&dot, FIGURE_LIMIT).unwrap_or_else(|| {
            panic!(
                "{name} ({} actors) took over {FIGURE_LIMIT:?}",
                graph.n_actors()
            )
        });
        assert!(svg.contains("<svg"), "{name}");
        eprintln!("{name}: {} actors, {took:?}", graph.n_actors());
    }
}

#[test]
fn graphml_and_gexf_carry_weights_measures_and_time_into_networkx() {
    let Some(python) = python_with_networkx() else {
        return;
    };
    let graph = sample_store().load_graph().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (graphml, gexf) = (dir.path().join("g.graphml"), dir.path().join("g.gexf"));
    for (path, format) in [(&graphml, Format::GraphMl), (&gexf, Format::Gexf)] {
        let mut bytes = Vec::new();
        export::write(&graph, format, "sample", &mut bytes).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let script = r#"
import json, sys, networkx as nx
out = {}
for name, g in [("graphml", nx.read_graphml(sys.argv[1])), ("gexf", nx.read_gexf(sys.argv[2]))]:
    out[name] = {
        "directed": g.is_directed(),
        "nodes": {n: {k: v for k, v in d.items()} for n, d in g.nodes(data=True)},
        "edges": [[u, v, {k: v2 for k, v2 in d.items()}] for u, v, d in g.edges(data=True)],
        "types": sorted({k + ":" + type(v).__name__ for _, _, d in g.edges(data=True) for k, v in d.items()}
                        | {"node " + k + ":" + type(v).__name__ for _, d in g.nodes(data=True) for k, v in d.items()}),
        "graph": {k: v for k, v in g.graph.items() if isinstance(v, (str, int, float))},
    }
print(json.dumps(out))
"#;
    let read = python_json(python, script, &[&graphml, &gexf]);
    let n_relations = graph.relations(&Filter::default()).len();
    for format in ["graphml", "gexf"] {
        let file = &read[format];
        let types: Vec<&str> = file["types"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert!(file["directed"] == true, "{format}");
        for typed in [
            "weight:float",
            "n_events:int",
            "goldstein_sum:float",
            "goldstein_mean:float",
            "node n_events:int",
            "node n_partners:int",
            "node pagerank:float",
            "node community:int",
        ] {
            assert!(types.contains(&typed), "{format}: no {typed} in {types:?}");
        }
        let edges = file["edges"].as_array().unwrap();
        assert_eq!(edges.len(), n_relations, "{format}");
        for edge in edges {
            let data = &edge[2];
            let (n_events, weight) = (
                data["n_events"].as_f64().unwrap(),
                data["weight"].as_f64().unwrap(),
            );
            assert!(weight > 0.0 && weight <= n_events, "{format}: {edge}");
            let (sum, mean) = (
                data["goldstein_sum"].as_f64().unwrap(),
                data["goldstein_mean"].as_f64().unwrap(),
            );
            assert!((sum / n_events - mean).abs() < 0.01, "{format}: {edge}");
        }
        let nodes = file["nodes"].as_object().unwrap();
        assert_eq!(nodes.len(), graph.n_actors(), "{format}");
        let pagerank: f64 = nodes
            .values()
            .map(|n| n["pagerank"].as_f64().unwrap())
            .sum();
        assert!(
            (pagerank - 1.0).abs() < 1e-3,
            "{format}: PageRank sums to {pagerank}"
        );
        assert!(
            nodes["PAK"]["n_partners"].as_u64().unwrap() >= 3,
            "{format}"
        );
    }
    assert_eq!(read["graphml"]["graph"]["pruned_actors"], 0);
    // GEXF: time as spells of ISO dates on every dated edge, inside the edge's first and last event.
    for edge in read["gexf"]["edges"].as_array().unwrap() {
        let data = &edge[2];
        let spells = data["spells"]
            .as_array()
            .unwrap_or_else(|| panic!("no spells: {edge}"));
        let (first, last) = (
            data["first"].as_str().unwrap(),
            data["last"].as_str().unwrap(),
        );
        assert_eq!(spells[0][0].as_str().unwrap(), first, "{edge}");
        assert_eq!(spells.last().unwrap()[1].as_str().unwrap(), last, "{edge}");
        for spell in spells {
            let (start, end) = (spell[0].as_str().unwrap(), spell[1].as_str().unwrap());
            assert!(Date::parse(start).is_ok() && start <= end, "{edge}");
        }
    }
    let pak = &read["gexf"]["nodes"]["PAK"];
    assert!(
        pak["spells"].as_array().is_some_and(|s| !s.is_empty()),
        "{pak}"
    );
    assert_eq!(pak["label"], "Pakistan");
}

#[test]
fn cytoscape_json_nests_actors_in_their_countries() {
    let graph = sample_store().load_graph().unwrap();
    let mut bytes = Vec::new();
    let meta = export::Meta {
        compound: true,
        ..export::Meta::titled("sample")
    };
    export::write_with(&graph, Format::Json, &meta, &mut bytes).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let nodes = json["elements"]["nodes"].as_array().unwrap();
    let ids: Vec<&str> = nodes
        .iter()
        .map(|n| n["data"]["id"].as_str().unwrap())
        .collect();
    let parents: Vec<&str> = nodes
        .iter()
        .filter_map(|n| n["data"]["parent"].as_str())
        .collect();
    assert!(parents.contains(&"country:PAK"), "{parents:?}");
    for parent in &parents {
        assert!(ids.contains(parent), "parent {parent} is a node");
    }
    let pakistan = nodes
        .iter()
        .find(|n| n["data"]["id"] == "country:PAK")
        .unwrap();
    assert_eq!(pakistan["data"]["label"], "Pakistan");
    assert_eq!(pakistan["data"]["kind"], "country");
    let munir = nodes
        .iter()
        .find(|n| n["data"]["id"] == "asim-munir")
        .unwrap();
    assert_eq!(munir["data"]["parent"], "country:PAK");
    assert!(munir["data"]["pagerank"].as_f64().unwrap() > 0.0);
    for edge in json["elements"]["edges"].as_array().unwrap() {
        let data = &edge["data"];
        assert!(
            data["weight"].is_number() && data["goldstein_mean"].is_number(),
            "{edge}"
        );
        assert!(ids.contains(&data["source"].as_str().unwrap()));
    }
    assert_eq!(json["data"]["pruned"]["actors"], 0);
}

/// Loads a Cytoscape JSON file into Cytoscape.js in Node, headless, with the very library
/// builds the web page bundles (evaluated in the page's order, as globals), runs the fCoSE
/// layout on it and prints what Cytoscape made of it.
const CYTOSCAPE_IN_NODE: &str = r#"
const fs = require('fs');
const vm = require('vm');
const [vendor, file] = process.argv.slice(1);
// As in a page: no `module`, `exports` or `define`, so each library sets its global.
for (const lib of ['cytoscape.min.js', 'layout-base.min.js', 'cose-base.min.js', 'cytoscape-fcose.min.js']) {
  const source = fs.readFileSync(vendor + '/' + lib, 'utf8');
  vm.runInThisContext('(function (exports, module, define) {' + source + '\n})', { filename: lib })();
}
const json = JSON.parse(fs.readFileSync(file, 'utf8'));
const cy = cytoscape({ headless: true, styleEnabled: true, elements: json.elements });
const pak = cy.getElementById('country:PAK');
cy.layout({ name: 'fcose', animate: false, randomize: true }).run();
const placed = cy.nodes().filter((n) => Number.isFinite(n.position('x')) && Number.isFinite(n.position('y')));
const spread = new Set(cy.nodes().map((n) => Math.round(n.position('x')) + ',' + Math.round(n.position('y')))).size;
console.log(JSON.stringify({
  nodes: cy.nodes().length,
  edges: cy.edges().length,
  parents: cy.nodes(':parent').length,
  pak_children: pak.children().map((n) => n.id()).sort(),
  dangling: cy.edges().filter((e) => e.source().empty() || e.target().empty()).length,
  weights: cy.edges().filter((e) => typeof e.data('weight') === 'number' && e.data('weight') > 0).length,
  months: cy.edges().filter((e) => Array.isArray(e.data('months')) && e.data('months').length > 0).length,
  placed: placed.length,
  spread,
}));
// Cytoscape keeps a timer going for its renderer: end here.
process.exit(0);
"#;

#[test]
fn cytoscape_in_node_loads_the_json_and_lays_it_out() {
    let Some(node) = node_available() else {
        return;
    };
    let graph = sample_store().load_graph().unwrap();
    let meta = export::Meta {
        compound: true,
        months: true,
        ..export::Meta::titled("sample")
    };
    let mut bytes = Vec::new();
    export::write_with(&graph, Format::Json, &meta, &mut bytes).unwrap();
    let written: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.json");
    std::fs::write(&path, &bytes).unwrap();
    let vendor = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server/web/vendor");
    let output = std::process::Command::new(node)
        .args(["-e", CYTOSCAPE_IN_NODE])
        .arg(&vendor)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let n_nodes = written["elements"]["nodes"].as_array().unwrap().len() as u64;
    let n_edges = written["elements"]["edges"].as_array().unwrap().len() as u64;
    assert_eq!(seen["nodes"], n_nodes, "{seen}");
    assert_eq!(seen["edges"], n_edges, "{seen}");
    assert_eq!(seen["dangling"], 0, "{seen}");
    assert_eq!(seen["weights"], n_edges, "every edge has a weight: {seen}");
    assert_eq!(seen["months"], n_edges, "every edge has its months: {seen}");
    let n_parents = written["elements"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|node| node["data"]["kind"] == "country")
        .count() as u64;
    assert!(n_parents >= 10);
    assert_eq!(
        seen["parents"], n_parents,
        "every country box holds actors: {seen}"
    );
    let children: Vec<&str> = seen["pak_children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap())
        .collect();
    assert!(
        children.contains(&"PAK") && children.contains(&"asim-munir"),
        "{children:?}"
    );
    assert_eq!(seen["placed"], n_nodes, "fCoSE placed every node: {seen}");
    assert!(
        seen["spread"].as_u64().unwrap() > n_nodes / 2,
        "and not on top of each other: {seen}"
    );
}

/// The sample corpus in a store file, as `demo --no-serve` builds it.
fn sample_db(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("sample.sqlite");
    let output = geokg(&db, &["demo", "--no-serve"]);
    assert!(output.status.success(), "{}", stderr(&output));
    db
}

#[test]
fn data_exports_are_not_pruned_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let full = Store::open(&db)
        .unwrap()
        .load_graph()
        .unwrap()
        .ego(&ActorId::parse("USA").unwrap(), 2, &Filter::default())
        .unwrap();
    let expected: Vec<(String, String)> = full
        .relations(&Filter::default())
        .iter()
        .map(|(a, b, _)| (a.id.to_string(), b.id.to_string()))
        .collect();
    let relations_of = |args: &[&str]| -> (Vec<(String, String)>, String) {
        let path = dir.path().join("out.graphml");
        let mut all = vec!["export", "--center", "USA", "--depth", "2", "-o"];
        all.push(path.to_str().unwrap());
        all.extend_from_slice(args);
        let output = geokg(&db, &all);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = std::fs::read_to_string(&path).unwrap();
        let mut reader = quick_xml::Reader::from_str(&text);
        let mut found = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Eof => break,
                quick_xml::events::Event::Start(tag) | quick_xml::events::Event::Empty(tag)
                    if tag.name().as_ref() == b"edge" =>
                {
                    let attribute = |name: &str| {
                        tag.try_get_attribute(name)
                            .unwrap()
                            .map(|a| a.unescape_value().unwrap().into_owned())
                            .unwrap_or_default()
                    };
                    found.push((attribute("source"), attribute("target")));
                }
                _ => {}
            }
        }
        (found, text + &stderr(&output))
    };
    assert!(
        expected.len() > 30,
        "USA at depth 2 has {} relations",
        expected.len()
    );
    for args in [
        &["--format", "graphml", "--top", "0"][..],
        &["--format", "graphml", "--top", "all"][..],
        &["--format", "graphml"][..],
        &["--format", "gexf"][..],
    ] {
        let (found, _) = relations_of(args);
        assert_eq!(found, expected, "{args:?}");
    }
    let (pruned, said) = relations_of(&["--format", "graphml", "--top", "2"]);
    assert!(pruned.len() < expected.len());
    assert!(
        said.contains("left out"),
        "the file and stderr say so: {said}"
    );
    assert!(said.contains("<data key=\"g_left_out\">"), "{said}");
    // A pruned figure says so, and how to see it all.
    let figure = geokg(
        &db,
        &[
            "export", "--format", "dot", "--center", "USA", "--depth", "2", "--top", "3",
        ],
    );
    assert!(
        stderr(&figure).contains("--top 0 for no limit"),
        "{}",
        stderr(&figure)
    );
    let whole = geokg(
        &db,
        &[
            "export", "--format", "dot", "--center", "USA", "--depth", "2", "--top", "0",
        ],
    );
    assert_eq!(stdout(&whole).matches(" -> ").count(), expected.len());
    let bad = geokg(&db, &["export", "--center", "USA", "--top", "many"]);
    assert!(
        !bad.status.success() && stderr(&bad).contains("`all`"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn events_csv_has_iso_dates_and_codes_that_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let output = geokg(&db, &["export", "--format", "events"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.len() > 50);
    let mut leading_zero = 0;
    for row in &rows {
        let code = &row[column("EventCode")];
        assert!(
            code.len() >= 3 && code.bytes().all(|b| b.is_ascii_digit()),
            "{row:?}"
        );
        assert_eq!(&row[column("EventRootCode")], &code[..2]);
        leading_zero += usize::from(code.starts_with('0'));
        let date = &row[column("EventDate")];
        assert!(Date::parse(date).is_ok(), "ISO date: {row:?}");
        assert_eq!(date.replace('-', ""), row[column("SQLDATE")]);
    }
    assert!(leading_zero > 0, "codes such as 042 keep their zero");
}

#[tokio::test]
async fn twenty_drawings_at_once_leave_the_other_routes_answering() {
    let server = spawn_server_with(sample_store()).await;
    let svg = |_| {
        let (client, url) = (
            server.client.clone(),
            format!("{}/api/graph?format=svg&center=PAK&depth=1", server.base),
        );
        tokio::spawn(async move {
            let response = client.get(url).send().await.unwrap();
            let status = response.status().as_u16();
            let retry = response.headers().contains_key("retry-after");
            let body = response.text().await.unwrap();
            (status, retry, body)
        })
    };
    let drawings: Vec<_> = (0..20).map(svg).collect();
    let started = std::time::Instant::now();
    for _ in 0..10 {
        let asked = std::time::Instant::now();
        let (status, _) = tokio::time::timeout(Duration::from_secs(5), server.get("/health"))
            .await
            .expect("health answers while drawings are made");
        assert_eq!(status, 200);
        let (status, _) =
            tokio::time::timeout(Duration::from_secs(5), server.get("/api/actors?q=pakis"))
                .await
                .expect("search answers while drawings are made");
        assert_eq!(status, 200);
        assert!(asked.elapsed() < Duration::from_secs(5));
    }
    let mut n_drawn = 0;
    for drawing in drawings {
        let (status, retry, body) = tokio::time::timeout(Duration::from_secs(60), drawing)
            .await
            .expect("every drawing request gets an answer")
            .unwrap();
        match status {
            200 => {
                assert!(body.contains("<svg"));
                n_drawn += 1;
            }
            503 => assert!(retry && body.contains("try again"), "{body}"),
            other => panic!("{other}: {body}"),
        }
    }
    assert!(n_drawn >= 1, "at least one drawing is made");
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// Wikipedia's current events 2025–2026 and the two GDELT samples of `../shared` in one
/// store, as the README's figures are measured; `None` without `../shared`.
fn shared_corpora_db(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let data = shared_dir()?.join("data");
    let db = dir.join("shared.sqlite");
    let wikipedia = data.join("news/wikipedia_current_events_2025_2026.jsonl");
    let output = geokg(&db, &["ingest", wikipedia.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (v2, v1) = (
        data.join("gdelt/20191024143000.export.CSV"),
        data.join("gdelt/gdelt1_events_sample.tsv"),
    );
    let output = geokg(
        &db,
        &[
            "import",
            "gdelt",
            v2.to_str().unwrap(),
            v1.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    Some(db)
}

#[test]
fn every_figure_export_writes_for_the_shared_corpora_renders_in_seconds() {
    if !graphviz_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = shared_corpora_db(dir.path()) else {
        return;
    };
    let out = dir.path().join("figure.dot");
    let out = out.to_str().unwrap();
    let mut figures: Vec<Vec<&str>> = Vec::new();
    for level in ["entity", "country"] {
        figures.push(vec!["--level", level]);
        for center in ["USA", "PAK", "RUS", "UKR", "ISR", "CHN", "IND", "IRN"] {
            figures.push(vec!["--level", level, "--center", center, "--depth", "2"]);
            figures.push(vec![
                "--level", level, "--center", center, "--depth", "2", "--top", "0",
            ]);
        }
    }
    let mut n_drawn = 0;
    for options in figures {
        let mut args = vec!["export", "--format", "dot", "-o", out];
        args.extend(&options);
        let output = geokg(&db, &args);
        assert!(output.status.success(), "{options:?}: {}", stderr(&output));
        let dot = std::fs::read(out).unwrap();
        let (svg, took) = render_svg_within(&dot, FIGURE_LIMIT)
            .unwrap_or_else(|| panic!("{options:?} took over {FIGURE_LIMIT:?} in Graphviz"));
        assert!(svg.contains("<svg"), "{options:?}");
        eprintln!("{options:?}: {took:?}");
        n_drawn += 1;
    }
    assert_eq!(n_drawn, 34);
}

/// A store of generated GDELT rows, big enough that Graphviz takes a while on the whole graph.
fn generated_db(dir: &std::path::Path) -> std::path::PathBuf {
    let rows = dir.join("generated.CSV");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&rows).unwrap());
    geokg::ingest::gdelt::Profile::bundled()
        .generate(60_000, 16, &mut file)
        .unwrap();
    drop(file);
    let db = dir.join("generated.sqlite");
    let output = geokg(&db, &["import", "gdelt", rows.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    db
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_drawing_twenty_figures_stops_within_five_seconds_of_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = generated_db(dir.path());
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_geokg"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let line = first_line(&mut server);
    let base = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let client = reqwest::Client::new();
    let drawings: Vec<_> = (0..20)
        .map(|_| {
            let request = client
                .get(format!("{base}/api/graph?format=svg&top=0"))
                .send();
            tokio::spawn(async move { request.await.map(|response| response.status().as_u16()) })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Other routes answer while the drawings are under way.
    for path in [
        "/health",
        "/api/actors?q=pak",
        "/api/graph?format=json&level=country",
    ] {
        let answer = tokio::time::timeout(
            Duration::from_secs(5),
            client.get(format!("{base}{path}")).send(),
        )
        .await
        .unwrap_or_else(|_| panic!("{path} did not answer within 5 s while drawing"))
        .unwrap();
        assert_eq!(answer.status().as_u16(), 200, "{path}");
    }
    let terminated = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    let stopped = std::time::Instant::now();
    let status = tokio::task::spawn_blocking(move || exit_within(&mut server, 5))
        .await
        .unwrap();
    assert!(status.success(), "{status:?}");
    assert!(stopped.elapsed() < Duration::from_secs(5));
    // Each drawing got an answer or had its connection closed; none hangs.
    for drawing in drawings {
        let answer = tokio::time::timeout(Duration::from_secs(5), drawing)
            .await
            .expect("no drawing request hangs after the server stopped")
            .unwrap();
        if let Ok(status) = answer {
            assert!([200, 503].contains(&status), "{status}");
        }
    }
}
