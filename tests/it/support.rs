//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

use geokg::server::{self, AppState};
use geokg::store::Store;

/// An article written for the tests: a visit, a meeting, a declined visit and a conflict.
pub const ARTICLE: &str =
    "Pakistan's army chief Gen. Asim Munir visited Washington on Tuesday for talks on security.\n\
Munir met U.S. Secretary of State Marco Rubio at the State Department.\n\
Indian Prime Minister Narendra Modi declined an invitation to visit the White House last month.\n\
India and Pakistan clashed along the Line of Control in May.\n";

/// A second article, so that queries have more than one document behind them.
pub const SECOND_ARTICLE: &str =
    "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Thursday.\n\
Russian forces shelled the Ukrainian city of Kharkiv overnight.\n";

/// A running test server on a random port with its base URL.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The HTTP client.
    pub client: reqwest::Client,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestServer {
    /// GET a path and return the status and the body as text.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// GET a path and parse JSON.
    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, body) = self.get(path).await;
        (
            status,
            serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {body}")),
        )
    }

    /// POST a document as JSON.
    pub async fn post_document(&self, document: &serde_json::Value) -> (u16, serde_json::Value) {
        let response = self
            .client
            .post(format!("{}/api/documents", self.base))
            .json(document)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }
}

impl TestServer {
    /// POST a raw body to a path with a content type and a bearer token, each when given.
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: Option<&str>,
        token: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        let mut request = self.client.post(format!("{}{path}", self.base));
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.body(body).send().await.unwrap()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// Starts a server on 127.0.0.1:0 over the given store.
pub async fn spawn_server_with(store: Store) -> TestServer {
    spawn_server_with_options(store, server::Options::default()).await
}

/// Starts a server on 127.0.0.1:0 over the given store with these options (a token, limits).
pub async fn spawn_server_with_options(store: Store, options: server::Options) -> TestServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (shutdown, signal) = tokio::sync::oneshot::channel::<()>();
    // Loading the graph blocks (and on PostgreSQL runs a client of its own): off the runtime.
    let state = tokio::task::spawn_blocking(move || AppState::new(store).unwrap())
        .await
        .unwrap()
        .with_options(options);
    tokio::spawn(async move {
        server::serve(listener, state, async {
            let _ = signal.await;
        })
        .await
        .unwrap();
    });
    TestServer {
        base,
        client: reqwest::Client::new(),
        shutdown: Some(shutdown),
    }
}

/// Starts a server over an empty in-memory store.
pub async fn spawn_server() -> TestServer {
    spawn_server_with(Store::open_in_memory().unwrap()).await
}

/// Runs the geokg binary with a store path and arguments.
pub fn geokg(db: &Path, args: &[&str]) -> Output {
    geokg_with_stdin(db, args, None)
}

/// Runs the geokg binary with standard input.
pub fn geokg_with_stdin(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut command = Command::new(env!("CARGO_BIN_EXE_geokg"));
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("GEOKG_DB");
    command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// `../shared` beside the checkout, when it is there.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared is not beside the checkout");
        None
    }
}

/// Whether Graphviz `dot` can be run; in CI (`CI` set) its absence is a failure, not a skip.
pub fn graphviz_available() -> bool {
    let found = Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|output| output.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "Graphviz `dot` must be installed in CI"
        );
        eprintln!("skipped: Graphviz `dot` is not installed");
    }
    found
}

/// Renders DOT text with `dot -Tsvg` and returns the SVG; fails the test when Graphviz rejects it
/// or takes more than a minute.
pub fn render_svg(dot_text: &[u8]) -> String {
    render_svg_within(dot_text, std::time::Duration::from_secs(60))
        .expect("dot finishes within a minute")
        .0
}

/// Renders DOT text with `dot -Tsvg`, killed after `limit`: the SVG and the time it took, or
/// `None` when it did not finish in time. Fails the test when Graphviz rejects the text.
pub fn render_svg_within(
    dot_text: &[u8],
    limit: std::time::Duration,
) -> Option<(String, std::time::Duration)> {
    use std::io::{Read, Write};
    let started = std::time::Instant::now();
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let text = dot_text.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&text));
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut svg = String::new();
        stdout.read_to_string(&mut svg).map(|_| svg)
    });
    let mut stderr = child.stderr.take().unwrap();
    let complainer = std::thread::spawn(move || {
        let mut complaint = String::new();
        let _ = stderr.read_to_string(&mut complaint);
        complaint
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let took = started.elapsed();
    let complaint = complainer.join().unwrap();
    assert!(status.success(), "dot failed: {complaint}");
    feeder.join().unwrap().unwrap();
    Some((reader.join().unwrap().unwrap(), took))
}

/// A Python with networkx: Debian's (what CI installs) or whatever `python3` is; required in CI.
pub fn python_with_networkx() -> Option<&'static str> {
    let found = ["/usr/bin/python3", "python3"].into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import networkx"])
            .output()
            .is_ok_and(|output| output.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3-networkx must be installed in CI"
        );
        eprintln!("skipped: no Python with networkx");
    }
    found
}

/// Runs a Python script with the given file arguments and reads what it prints as JSON;
/// fails the test when the script fails.
pub fn python_json(python: &str, script: &str, files: &[&Path]) -> serde_json::Value {
    let output = Command::new(python)
        .args(["-c", script])
        .args(files)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Node.js, for the Cytoscape.js tests (Debian's `nodejs`); required in CI.
pub fn node_available() -> Option<&'static str> {
    let found = ["/usr/bin/node", "node"].into_iter().find(|node| {
        Command::new(node)
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "nodejs must be installed in CI"
        );
        eprintln!("skipped: Node.js is not installed");
    }
    found
}

/// Waits for a child to exit, killing it (and failing) when it runs longer than `seconds`.
pub fn exit_within(child: &mut Child, seconds: u64) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running after {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The first line a child prints, within 60 s (a server says where it serves).
pub fn first_line(child: &mut Child) -> String {
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line);
        let _ = send.send(line);
    });
    receive
        .recv_timeout(std::time::Duration::from_secs(60))
        .unwrap_or_default()
}

/// A PostgreSQL store of its own for one test: a new schema in the database that
/// `GEOKG_TEST_PG` names (`postgres://user@host:port/dbname`), dropped when the test ends.
pub struct PgStore {
    /// The store's URL, for `--db` and `Store::open`: the database with the schema first in its
    /// search path.
    pub url: String,
    server: String,
    schema: String,
}

impl PgStore {
    /// A fresh store, or `None` (saying so) when `GEOKG_TEST_PG` is not set; in CI (`CI` set),
    /// where `.ci/run` starts a server, its absence is a failure.
    pub fn new() -> Option<PgStore> {
        let Ok(server) = std::env::var("GEOKG_TEST_PG") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "GEOKG_TEST_PG must name a PostgreSQL server in CI"
            );
            eprintln!("skipped (PostgreSQL): GEOKG_TEST_PG is not set");
            return None;
        };
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let schema = format!(
            "test_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        admin(&server, &format!("CREATE SCHEMA {schema}"));
        let separator = if server.contains('?') { '&' } else { '?' };
        Some(PgStore {
            url: format!("{server}{separator}options=-csearch_path%3D{schema}"),
            server,
            schema,
        })
    }

    /// The URL as a `--db` path.
    pub fn path(&self) -> PathBuf {
        PathBuf::from(&self.url)
    }

    /// Opens the store (on a thread of its own: the PostgreSQL client blocks, which an async
    /// test may not do on its own thread).
    pub fn open(&self) -> Store {
        let url = self.url.clone();
        std::thread::spawn(move || Store::open(Path::new(&url)).unwrap())
            .join()
            .unwrap()
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        admin(
            &self.server,
            &format!("DROP SCHEMA {} CASCADE", self.schema),
        );
    }
}

/// Runs one statement on the test server, on a thread of its own.
fn admin(server: &str, statement: &str) {
    let (server, statement) = (server.to_string(), statement.to_string());
    std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&server, postgres::NoTls)
            .unwrap_or_else(|error| panic!("cannot connect to GEOKG_TEST_PG: {error}"));
        client.batch_execute(&statement).unwrap();
    })
    .join()
    .unwrap();
}
