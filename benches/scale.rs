//! geokg at GDELT scale: stores of generated GDELT rows from about 100,000 to 1,000,000 events.
//!
//! - `import/*`: the whole `geokg import gdelt` command on a generated file, in process;
//! - `cold-start/*`: opening a store and loading its graph;
//! - `query-1M/*`: neighbours and relations in process on the 1,000,000-event store, with the
//!   evidence page a relation view reads from the store; p50/p99/max over every actor and 1,000
//!   pairs are printed first, with the process's resident memory per event.
//!
//! Run with `cargo bench --bench scale`. The generated files and stores are kept under
//! `target/bench-data/` and made again only when missing (the 1,000,000-event store takes about
//! a minute the first time).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Parser;
use criterion::{criterion_group, criterion_main, Criterion};
use geokg::cli::{run, Cli};
use geokg::graph::{ActorGraph, Dir, Filter, Level, NeighborOrder};
use geokg::model::{ActorId, Date};
use geokg::store::{EventQuery, Store};

/// Rows per event: about 26% of generated rows (as of real GDELT rows) have two actors with a country.
const SIZES: [(&str, u64); 4] = [
    ("100k", 380_000),
    ("250k", 950_000),
    ("500k", 1_900_000),
    ("1M", 3_800_000),
];

mod data;
use data::{data_dir, gdelt_file};

fn import(db: &Path, file: &Path) {
    let cli = Cli::parse_from([
        "geokg",
        "--db",
        db.to_str().unwrap(),
        "import",
        "gdelt",
        file.to_str().unwrap(),
        "--json",
    ]);
    run(cli).unwrap();
}

fn remove_store(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

/// A store of the generated file of `rows` rows, made once.
fn store_of(rows: u64) -> PathBuf {
    let db = data_dir().join(format!("gdelt-{rows}.sqlite"));
    if !db.exists() {
        let partial = data_dir().join(format!("gdelt-{rows}.partial.sqlite"));
        remove_store(&partial);
        import(&partial, &gdelt_file(rows));
        fs::rename(&partial, &db).unwrap();
    }
    db
}

/// Resident memory of this process, in bytes.
fn resident() -> u64 {
    let statm = fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn percentiles(mut times: Vec<Duration>) -> String {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    format!(
        "p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms over {}",
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
        times.len()
    )
}

/// Latency over every actor (neighbours) and every related pair (relation with its evidence).
fn latency_report(graph: &ActorGraph, store: &Store) {
    let filter = Filter::default();
    let actors: Vec<ActorId> = graph.actors().iter().map(|a| a.id.clone()).collect();
    let mut neighbors = Vec::new();
    let mut pairs = Vec::new();
    for id in &actors {
        let started = Instant::now();
        let found = graph.neighbors(id, Dir::Both, &filter).unwrap();
        neighbors.push(started.elapsed());
        for partner in found.iter().take(10) {
            pairs.push((id.clone(), partner.actor.id.clone()));
        }
    }
    let mut relations = Vec::new();
    let mut evidence = Vec::new();
    for (a, b) in pairs.iter().take(1000) {
        let started = Instant::now();
        let relation = graph.relation(a, b, &filter).unwrap();
        std::hint::black_box(relation.total());
        relations.push(started.elapsed());
        let started = Instant::now();
        let events = store
            .events(&EventQuery {
                actor: Some(a.clone()),
                other: Some(b.clone()),
                level: Level::Entity,
                limit: 20,
                ..Default::default()
            })
            .unwrap();
        std::hint::black_box(events);
        evidence.push(started.elapsed());
    }
    eprintln!("neighbours, every actor: {}", percentiles(neighbors));
    eprintln!("relation, 1000 pairs: {}", percentiles(relations));
    eprintln!(
        "relation evidence page (20 events) from the store: {}",
        percentiles(evidence)
    );
}

fn scale_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));

    let scratch = data_dir().join("import-bench.sqlite");
    let file = gdelt_file(SIZES[0].1);
    group.bench_function("import/380k-rows", |b| {
        b.iter(|| {
            remove_store(&scratch);
            import(&scratch, &file);
        })
    });

    for (name, rows) in SIZES {
        let db = store_of(rows);
        let store = Store::open(&db).unwrap();
        let started = Instant::now();
        let graph = store.load_graph().unwrap();
        let load = started.elapsed();
        // The whole process, graph and all: an upper bound on the graph's memory per event.
        let memory = resident();
        eprintln!(
            "{name}: {} events, {} actors; loaded in {:.2} s; process resident memory {:.1} MB = {:.0} bytes per event at most",
            graph.n_events(),
            graph.n_actors(),
            load.as_secs_f64(),
            memory as f64 / 1e6,
            memory as f64 / graph.n_events().max(1) as f64
        );
        group.bench_function(format!("cold-start/{name}"), |b| {
            b.iter(|| {
                let store = Store::open(&db).unwrap();
                store.load_graph().unwrap().n_events()
            })
        });
        if name == "1M" {
            latency_report(&graph, &store);
            let usa = ActorId::parse("USA").unwrap();
            let gbr = ActorId::parse("GBR").unwrap();
            let filter = Filter::default();
            // Kept between queries: the whole list copied out, and one page of it.
            group.bench_function("query-1M/neighbors-USA", |b| {
                b.iter(|| graph.neighbors(&usa, Dir::Both, &filter).unwrap().len())
            });
            group.bench_function("query-1M/neighbors-USA-page", |b| {
                b.iter(|| {
                    graph
                        .neighbor_page(&usa, Dir::Both, &filter, NeighborOrder::Count, 1, 40, 20)
                        .unwrap()
                        .total
                })
            });
            // A date window (here one that keeps every event) is computed each time.
            let window = Filter {
                since: Some(Date::parse("1900-01-01").unwrap()),
                ..Filter::default()
            };
            group.bench_function("query-1M/neighbors-USA-computed", |b| {
                b.iter(|| graph.neighbors(&usa, Dir::Both, &window).unwrap().len())
            });
            group.bench_function("query-1M/relation-USA-GBR", |b| {
                b.iter(|| {
                    graph
                        .relation(&usa, &gbr, &filter)
                        .unwrap()
                        .total()
                        .n_events
                })
            });
            group.bench_function("query-1M/evidence-USA-GBR", |b| {
                b.iter(|| {
                    store
                        .events(&EventQuery {
                            actor: Some(usa.clone()),
                            other: Some(gbr.clone()),
                            level: Level::Entity,
                            limit: 20,
                            ..Default::default()
                        })
                        .unwrap()
                        .len()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, scale_benches);
criterion_main!(benches);
