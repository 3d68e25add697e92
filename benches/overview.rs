//! The web page's overview at the size of the shared corpora, in headless Chromium: from the
//! start of navigation to the end of the fCoSE layout of the whole graph, at country and at
//! entity level, as the page's own clock (`performance.now()`) reports it.
//!
//! The store holds Wikipedia's current events 2025–2026 and the two GDELT samples of
//! `../shared` (made once with `geokg ingest` and `geokg import gdelt`, kept in the target's
//! `tmp/`); `geokg serve` serves it and chromedriver drives Chromium (Debian packages
//! `chromium` and `chromium-driver`). Without `../shared` or chromedriver this says so and
//! measures nothing.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use fantoccini::{Client, ClientBuilder};
use serde_json::json;

/// A child process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// The store of the shared corpora, made when missing; `None` without `../shared`.
fn shared_store() -> Option<PathBuf> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if !shared.is_dir() {
        eprintln!("overview: ../shared is not beside the checkout; nothing measured");
        return None;
    }
    let db = Path::new(env!("CARGO_TARGET_TMPDIR")).join("overview-bench.sqlite");
    if db.exists() {
        return Some(db);
    }
    let partial = db.with_extension("partial.sqlite");
    let _ = std::fs::remove_file(&partial);
    let geokg = |args: &[&Path]| {
        let status = Command::new(env!("CARGO_BIN_EXE_geokg"))
            .arg("--db")
            .arg(&partial)
            .args(args)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "geokg {args:?} failed");
    };
    geokg(&[
        Path::new("ingest"),
        &shared.join("news/wikipedia_current_events_2025_2026.jsonl"),
    ]);
    geokg(&[
        Path::new("import"),
        Path::new("gdelt"),
        &shared.join("gdelt/20191024143000.export.CSV"),
        &shared.join("gdelt/gdelt1_events_sample.tsv"),
    ]);
    std::fs::rename(&partial, &db).unwrap();
    Some(db)
}

fn chromedriver() -> Option<PathBuf> {
    let found = ["/usr/bin/chromedriver", "/usr/local/bin/chromedriver"]
        .into_iter()
        .map(PathBuf::from)
        .find(|path| path.is_file());
    if found.is_none() {
        eprintln!("overview: chromedriver is not installed; nothing measured");
    }
    found
}

/// Opens the page and returns the time from navigation start to the end of the layout.
async fn load(client: &Client, url: &str) -> Duration {
    client.goto("about:blank").await.unwrap();
    client.goto(url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let ready = client
            .execute(
                "const o = window.geokgOverview; \
                 return o && o.readyAt ? [o.readyAt, o.cy.nodes().length, o.cy.edges().length] : null;",
                vec![],
            )
            .await
            .unwrap();
        if let Some(ms) = ready[0].as_f64() {
            return Duration::from_secs_f64(ms / 1000.0);
        }
        assert!(
            Instant::now() < deadline,
            "{url} was not laid out in 2 minutes"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn overview(c: &mut Criterion) {
    let (Some(db), Some(driver_path)) = (shared_store(), chromedriver()) else {
        return;
    };
    let port = free_port();
    let _server = Killed(
        Command::new(env!("CARGO_BIN_EXE_geokg"))
            .arg("--db")
            .arg(&db)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let driver_port = free_port();
    let _driver = Killed(
        Command::new(driver_path)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_port(port, "geokg serve");
    wait_for_port(driver_port, "chromedriver");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--window-size=1280,800",
        &format!("--user-data-dir={}", profile.path().display()),
    ];
    let serde_json::Value::Object(capabilities) = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args },
    }) else {
        unreachable!()
    };
    let client = runtime.block_on(async {
        ClientBuilder::rustls()
            .unwrap()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{driver_port}"))
            .await
            .unwrap()
    });
    let mut group = c.benchmark_group("overview");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    for (name, query) in [("country", ""), ("entity", "?overview=entity")] {
        let url = format!("http://127.0.0.1:{port}/{query}");
        let (nodes, edges, drawing) = runtime.block_on(async {
            load(&client, &url).await;
            let counts = client
                .execute(
                    "const o = window.geokgOverview; return [o.cy.nodes().length, o.cy.edges().length, o.layoutMs];",
                    vec![],
                )
                .await
                .unwrap();
            let drawing = counts[2].as_f64().unwrap_or_default();
            (counts[0].as_u64().unwrap(), counts[1].as_u64().unwrap(), drawing)
        });
        eprintln!(
            "overview/{name}: {nodes} actors, {edges} relations; drawing and layout alone {:.2} s",
            drawing / 1000.0
        );
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                runtime.block_on(async {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        total += load(&client, &url).await;
                    }
                    total
                })
            })
        });
    }
    group.finish();
    runtime.block_on(async { client.close().await.unwrap() });
}

criterion_group!(benches, overview);
criterion_main!(benches);
