//! Export speed: DOT and GraphML of the country-level graph of 1,000,000 generated events, and of a
//! 200-actor ego network; plus the roll-up that makes the country-level graph.
//!
//! Run with `cargo bench --bench export`.

use criterion::{criterion_group, criterion_main, Criterion};
use geokg::export::{self, Format};
use geokg::graph::{ActorGraph, EventRecord, Filter, Level, Pruning};
use geokg::model::{Actor, ActorId, ActorKind, CameoCode, Date, EventKind, SplitMix64};

/// The same draws as always (a modulo of SplitMix64), so every run measures the same graph.
struct Random(SplitMix64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        (self.0.next_u64() % n as u64) as usize
    }
}

/// 200 states and 2,000 persons, and `n_events` events between them, skewed towards a few busy states.
fn generated_graph(n_events: usize) -> ActorGraph {
    let mut random = Random(SplitMix64::new(42));
    let mut graph = ActorGraph::default();
    let mut ids = Vec::new();
    for n in 0..200 {
        let code = format!(
            "{}{}{}",
            (b'A' + (n / 26 % 26) as u8) as char,
            (b'A' + (n % 26) as u8) as char,
            (b'A' + (n / 7 % 26) as u8) as char
        );
        let id = ActorId::parse(&format!("S{n:03}")).unwrap();
        graph.upsert_actor(Actor {
            id: id.clone(),
            name: format!("State {code}"),
            kind: ActorKind::State,
            cameo: format!("S{n:03}"),
            country: format!("S{n:03}"),
        });
        ids.push(id);
    }
    for n in 0..2000 {
        let country = format!("S{:03}", random.below(200));
        let id = ActorId::parse(&format!("person-{n}")).unwrap();
        graph.upsert_actor(Actor {
            id: id.clone(),
            name: format!("Person {n}"),
            kind: ActorKind::Person,
            cameo: format!("{country}GOV"),
            country,
        });
        ids.push(id);
    }
    let codes: Vec<CameoCode> = [
        "010", "036", "040", "042", "043", "046", "057", "112", "125", "130", "173", "190", "195",
    ]
    .iter()
    .map(|code| CameoCode::parse(code).unwrap())
    .collect();
    let start = Date::parse("2025-01-01").unwrap().days();
    for _ in 0..n_events {
        // Squaring a uniform draw favours low indices: a few actors take most events, as in the news.
        let pick = |random: &mut Random| {
            let r = random.below(ids.len());
            r * r / ids.len()
        };
        let (source, target) = (pick(&mut random), pick(&mut random));
        if source == target {
            continue;
        }
        let code = &codes[random.below(codes.len())];
        let day = start + random.below(600) as i32;
        let record = EventRecord {
            day,
            report_day: day,
            code: code.index(),
            kind: EventKind::of_code(code),
            n_reports: 1,
            participants: 2,
            precision: geokg::model::Precision::Day,
            extent: 0,
            dataset: geokg::model::Dataset::Extracted,
        };
        graph.add_record(&ids[source], &ids[target], record);
    }
    graph
}

fn export_benches(c: &mut Criterion) {
    let graph = generated_graph(1_000_000);
    let countries = graph.roll_up(Level::Country, |_| None);
    eprintln!(
        "generated graph: {} actors, {} events; country level: {} actors, {} relations",
        graph.n_actors(),
        graph.n_events(),
        countries.n_actors(),
        countries.relations(&Filter::default()).len()
    );
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    group.bench_function("roll-up-country-1M", |b| {
        b.iter(|| graph.roll_up(Level::Country, |_| None).n_actors())
    });
    for format in [Format::Dot, Format::GraphMl] {
        group.bench_function(format!("{}-country-1M", format.extension()), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(1 << 20);
                export::write(&countries, format, "bench", &mut out).unwrap();
                out.len()
            })
        });
    }
    // Depth 2 through each actor's strongest partners, with as many partners as it takes to reach
    // about 200 actors: the size of a large but readable figure. The busy actors share partners,
    // so the cap grows until the network is that big.
    let center = ActorId::parse("S000").unwrap();
    let ego = (10..=400)
        .step_by(2)
        .map(|top| {
            let pruning = Pruning {
                top,
                min_count: 1,
                supernode: usize::MAX,
            };
            let (ego, _) = graph
                .pruned_ego(&center, 2, &Filter::default(), &pruning)
                .unwrap();
            ego
        })
        .find(|ego| ego.n_actors() >= 200)
        .expect("a depth-2 network of S000 reaches 200 actors");
    eprintln!(
        "ego network: {} actors, {} events",
        ego.n_actors(),
        ego.n_events()
    );
    for format in [Format::Dot, Format::GraphMl] {
        group.bench_function(
            format!("{}-ego-{}", format.extension(), ego.n_actors()),
            |b| {
                b.iter(|| {
                    let mut out = Vec::new();
                    export::write(&ego, format, "bench", &mut out).unwrap();
                    out.len()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, export_benches);
criterion_main!(benches);
