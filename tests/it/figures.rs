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
    geokg, graphviz_available, python_json, python_with_networkx, render_svg_within,
    spawn_server_with, stderr, stdout,
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
