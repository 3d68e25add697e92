//! SQLite and PostgreSQL side by side (issue 17): the same import of generated GDELT rows, the
//! store's size, a cold start (the graph read from the counts per pair, code and day, and from
//! every event row), the server's start, and an HTTP query mix, printed as one table.
//!
//! ```text
//! GEOKG_BENCH_PG=postgres://user@host:port/dbname cargo bench --bench engines
//! ```
//!
//! `GEOKG_TEST_PG` is used when `GEOKG_BENCH_PG` is not set; without either, SQLite alone.
//! The PostgreSQL store is the schema `geokg_bench` of that database, made afresh. Rows:
//! `GEOKG_BENCH_ROWS` (default 3,800,000, about 1,000,000 events); seconds of HTTP load per
//! engine: `GEOKG_BENCH_SECONDS` (default 10). The generated file is kept under
//! `target/bench-data/` (the scale benchmark's), the SQLite store is made afresh beside it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use geokg::store::Store;

/// The routes of the query mix, asked in turn by each client.
const ROUTES: [&str; 6] = [
    "/health",
    "/api/events?actor=PAK&limit=20",
    "/api/actors/USA/neighbors?limit=20",
    "/api/actors/USA/neighbors?limit=20&cursor=40",
    "/api/relations/USA/CHN",
    "/api/actors/RUS",
];

/// Clients of the query mix at once.
const CLIENTS: usize = 16;

const SCHEMA: &str = "geokg_bench";

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|raw| raw.replace(['_', ','], "").parse().ok())
        .unwrap_or(default)
}

mod data;
use data::{data_dir, gdelt_file};

/// What one engine did.
#[derive(Default)]
struct Figures {
    imported: u64,
    import: Duration,
    bytes: u64,
    events: u64,
    load_counts: Duration,
    load_rows: Duration,
    serve_ready: Duration,
    requests: usize,
    errors: usize,
    seconds: f64,
    p50: Duration,
    p99: Duration,
    /// p50 and p99 of each route of [`ROUTES`].
    by_route: Vec<(Duration, Duration)>,
}

/// The answer times at the 50th and 99th percentiles (sorts them).
fn percentiles(times: &mut [Duration]) -> (Duration, Duration) {
    if times.is_empty() {
        return (Duration::ZERO, Duration::ZERO);
    }
    times.sort();
    let at = |share: f64| times[((times.len() as f64 * share) as usize).min(times.len() - 1)];
    (at(0.50), at(0.99))
}

/// One engine's store: where it lives and how to measure its size.
enum Engine {
    Sqlite(PathBuf),
    Postgres { server: String, url: String },
}

impl Engine {
    fn name(&self) -> &'static str {
        match self {
            Engine::Sqlite(_) => "SQLite",
            Engine::Postgres { .. } => "PostgreSQL",
        }
    }

    fn db(&self) -> String {
        match self {
            Engine::Sqlite(path) => path.display().to_string(),
            Engine::Postgres { url, .. } => url.clone(),
        }
    }

    /// An empty store.
    fn reset(&self) {
        match self {
            Engine::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Engine::Postgres { server, .. } => {
                let mut client = postgres::Client::connect(server, postgres::NoTls).unwrap();
                client
                    .batch_execute(&format!(
                        "DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}"
                    ))
                    .unwrap();
            }
        }
    }

    /// Bytes the store takes: the SQLite file, or PostgreSQL's tables with their indexes.
    fn bytes(&self) -> u64 {
        match self {
            Engine::Sqlite(path) => ["", "-wal"]
                .iter()
                .filter_map(|suffix| fs::metadata(format!("{}{suffix}", path.display())).ok())
                .map(|meta| meta.len())
                .sum(),
            Engine::Postgres { server, .. } => {
                let mut client = postgres::Client::connect(server, postgres::NoTls).unwrap();
                client.batch_execute("CHECKPOINT").ok();
                let row = client
                    .query_one(
                        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
                         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')",
                        &[&SCHEMA],
                    )
                    .unwrap();
                row.get::<_, i64>(0) as u64
            }
        }
    }
}

fn geokg(db: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_geokg"));
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("GEOKG_DB");
    command
}

fn measure(engine: &Engine, file: &Path, seconds: u64) -> Figures {
    let mut figures = Figures::default();
    engine.reset();
    let db = engine.db();

    let started = Instant::now();
    let output = geokg(&db, &["import", "gdelt", file.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    figures.import = started.elapsed();
    assert!(
        output.status.success(),
        "import into {}: {}",
        engine.name(),
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the import's JSON summary");
    figures.imported = summary["imported"].as_u64().unwrap_or(0);
    figures.bytes = engine.bytes();

    let started = Instant::now();
    let store = Store::open(Path::new(&db)).unwrap();
    figures.events = store.load_graph().unwrap().n_events();
    figures.load_counts = started.elapsed();
    let started = Instant::now();
    let rows = Store::open(Path::new(&db))
        .unwrap()
        .load_graph_from_events()
        .unwrap()
        .n_events();
    figures.load_rows = started.elapsed();
    assert_eq!(rows, figures.events, "both ways, the same events");
    drop(store);

    let port = 20_000 + (std::process::id() % 10_000) as u16;
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let mut server = Server(
        geokg(&db, &["serve", "--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = reqwest::Client::new();
        while !client
            .get(format!("{base}/health"))
            .send()
            .await
            .is_ok_and(|answer| answer.status().is_success())
        {
            assert!(
                server.0.try_wait().unwrap().is_none(),
                "the server on {} stopped",
                engine.name()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        figures.serve_ready = started.elapsed();
        let base = Arc::new(base);
        let until = Instant::now() + Duration::from_secs(seconds);
        let load_started = Instant::now();
        let clients: Vec<_> = (0..CLIENTS)
            .map(|n| {
                let (client, base) = (client.clone(), base.clone());
                tokio::spawn(async move {
                    let (mut times, mut errors) = (Vec::new(), 0);
                    let mut at = n;
                    while Instant::now() < until {
                        let asked = Instant::now();
                        let url = format!("{base}{}", ROUTES[at % ROUTES.len()]);
                        let ok = match client.get(url).send().await {
                            Ok(answer) => {
                                answer.status().is_success() && answer.bytes().await.is_ok()
                            }
                            Err(_) => false,
                        };
                        times.push((at % ROUTES.len(), asked.elapsed()));
                        errors += usize::from(!ok);
                        at += 1;
                    }
                    (times, errors)
                })
            })
            .collect();
        let mut times = Vec::new();
        for client in clients {
            let (mine, errors) = client.await.unwrap();
            times.extend(mine);
            figures.errors += errors;
        }
        figures.seconds = load_started.elapsed().as_secs_f64();
        figures.requests = times.len();
        let mut all: Vec<Duration> = times.iter().map(|(_, time)| *time).collect();
        (figures.p50, figures.p99) = percentiles(&mut all);
        figures.by_route = (0..ROUTES.len())
            .map(|route| {
                let mut mine: Vec<Duration> = times
                    .iter()
                    .filter(|(at, _)| *at == route)
                    .map(|(_, time)| *time)
                    .collect();
                percentiles(&mut mine)
            })
            .collect();
    });
    server.stop();
    figures
}

/// The server process, stopped when dropped.
struct Server(Child);

impl Server {
    fn stop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that does not name this benchmark skips it.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    if !filter.is_empty() && !filter.iter().any(|word| "engines".contains(word.as_str())) {
        return;
    }
    let rows = env_number("GEOKG_BENCH_ROWS", 3_800_000);
    let seconds = env_number("GEOKG_BENCH_SECONDS", 10);
    let file = gdelt_file(rows);
    let mut engines = vec![Engine::Sqlite(data_dir().join("engines-bench.sqlite"))];
    match std::env::var("GEOKG_BENCH_PG").or_else(|_| std::env::var("GEOKG_TEST_PG")) {
        Ok(server) => {
            let separator = if server.contains('?') { '&' } else { '?' };
            let url = format!("{server}{separator}options=-csearch_path%3D{SCHEMA}");
            engines.push(Engine::Postgres { server, url });
        }
        Err(_) => eprintln!("PostgreSQL skipped: set GEOKG_BENCH_PG=postgres://user@host:port/db"),
    }
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "{rows} generated GDELT rows; {seconds} s of HTTP load per engine, {CLIENTS} clients; load average {}",
        load.split(' ').take(3).collect::<Vec<_>>().join(" ")
    );
    let measured: Vec<(&str, Figures)> = engines
        .iter()
        .map(|engine| (engine.name(), measure(engine, &file, seconds)))
        .collect();
    type Line = (&'static str, fn(&Figures) -> String);
    let lines: [Line; 10] = [
        ("rows imported", |f| f.imported.to_string()),
        ("import, whole command", |f| {
            format!(
                "{:.1} s = {:.0} rows/s",
                f.import.as_secs_f64(),
                f.imported as f64 / f.import.as_secs_f64()
            )
        }),
        ("store size", |f| {
            format!(
                "{:.0} MB = {:.0} B/row",
                f.bytes as f64 / 1e6,
                f.bytes as f64 / f.imported.max(1) as f64
            )
        }),
        ("events in the graph", |f| f.events.to_string()),
        ("cold start, graph from counts", |f| {
            format!("{:.2} s", f.load_counts.as_secs_f64())
        }),
        ("cold start, graph from rows", |f| {
            format!("{:.2} s", f.load_rows.as_secs_f64())
        }),
        ("server answers /health after", |f| {
            format!("{:.2} s", f.serve_ready.as_secs_f64())
        }),
        ("query mix, requests/s", |f| {
            format!("{:.0}", f.requests as f64 / f.seconds)
        }),
        ("query mix, p50 / p99", |f| {
            format!(
                "{:.1} / {:.1} ms",
                f.p50.as_secs_f64() * 1e3,
                f.p99.as_secs_f64() * 1e3
            )
        }),
        ("query mix, failed answers", |f| f.errors.to_string()),
    ];
    print!("{:<32}", "");
    for (name, _) in &measured {
        print!("{name:>26}");
    }
    println!();
    for (label, show) in lines {
        print!("{label:<32}");
        for (_, figures) in &measured {
            print!("{:>26}", show(figures));
        }
        println!();
    }
    println!("p50 / p99 by route:");
    for (at, route) in ROUTES.iter().enumerate() {
        print!("  {route:<50}");
        for (_, figures) in &measured {
            let (p50, p99) = figures.by_route[at];
            print!(
                "{:>20}",
                format!(
                    "{:.1} / {:.1} ms",
                    p50.as_secs_f64() * 1e3,
                    p99.as_secs_f64() * 1e3
                )
            );
        }
        println!();
    }
}
