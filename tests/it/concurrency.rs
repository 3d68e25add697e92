//! Many readers, one writer, other processes: a server and `geokg` commands sharing one store
//! (issue 14). Each test reproduces a failure of the issue: a graph that missed a POST whose
//! client left, a server blind to another process's writes, a second ingest that aborted on
//! "database is locked", a `/health` frozen behind an extraction, and 500s during an import.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use geokg::store::Store;
use serde_json::json;
use tokio::io::AsyncWriteExt;

use crate::support::{geokg, spawn_server_with, stderr, stdout, TestServer, ARTICLE};

/// Asks `path` until it answers 200, for at most `within`; returns how long that took.
async fn until_found(server: &TestServer, path: &str, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let (status, body) = server.get(path).await;
        if status == 200 {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "{path} still answers {status} after {within:?}: {body}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A JSON Lines file of `n` distinct short articles, each with a conflict between two states.
fn articles(path: &Path, prefix: &str, n: usize) {
    let mut out = std::fs::File::create(path).unwrap();
    let pairs = [
        ("India", "Pakistan"),
        ("Russia", "Ukraine"),
        ("Israel", "Iran"),
    ];
    for i in 0..n {
        let (a, b) = pairs[i % pairs.len()];
        let record = json!({
            "id": format!("{prefix}-{i}"),
            "date": "2025-05-07",
            "text": format!("{a} and {b} clashed near the border on day {i} of the {prefix} series."),
        });
        writeln!(out, "{record}").unwrap();
    }
}

/// Issue 14: a POST whose client disconnected reached SQLite but never the in-memory graph, so
/// its actors were 404 until a restart and posting it again said "duplicate".
#[tokio::test]
async fn a_post_whose_client_leaves_still_reaches_the_graph() {
    let server = spawn_server_with(Store::open_in_memory().unwrap()).await;
    let body = json!({"id": "gone", "date": "2025-08-12", "text": ARTICLE}).to_string();
    let address = server.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let request = format!(
        "POST /api/documents HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.flush().await.unwrap();
    // The client leaves before the answer.
    drop(stream);
    until_found(&server, "/api/actors/asim-munir", Duration::from_secs(10)).await;
    let (status, again) = server
        .post_document(&json!({"id": "gone", "date": "2025-08-12", "text": ARTICLE}))
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["status"], "duplicate");
}

/// Issue 14: a server did not see what `geokg ingest` wrote into its store from another
/// process until it was restarted.
#[tokio::test]
async fn a_server_sees_what_another_process_ingests_within_a_second_or_two() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let server = spawn_server_with(Store::open(&db).unwrap()).await;
    assert_eq!(server.get("/api/actors/asim-munir").await.0, 404);
    let article = dir.path().join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let ingest = {
        let (db, article) = (db.clone(), article.clone());
        tokio::task::spawn_blocking(move || {
            geokg(
                &db,
                &["ingest", article.to_str().unwrap(), "--date", "2025-08-12"],
            )
        })
        .await
        .unwrap()
    };
    assert!(ingest.status.success(), "{}", stderr(&ingest));
    let waited = until_found(&server, "/api/actors/asim-munir", Duration::from_secs(3)).await;
    assert!(waited < Duration::from_secs(2), "seen after {waited:?}");
    let (_, health) = server.get_json("/health").await;
    assert_eq!(health["documents"], 1, "{health}");
    let (_, events) = server.get_json("/api/events?actor=asim-munir").await;
    assert!(!events["events"].as_array().unwrap().is_empty(), "{events}");
}

/// Issue 14: of two `geokg ingest` runs into one store, one aborted with "database is locked"
/// and skipped the rest of its file (4 of 4 trials).
#[test]
fn two_concurrent_ingests_both_finish_with_every_document() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let n = 150;
    let files: Vec<_> = ["left", "right"]
        .iter()
        .map(|prefix| {
            let path = dir.path().join(format!("{prefix}.jsonl"));
            articles(&path, prefix, n);
            path
        })
        .collect();
    let children: Vec<_> = files
        .iter()
        .map(|file| {
            Command::new(env!("CARGO_BIN_EXE_geokg"))
                .arg("--db")
                .arg(&db)
                .args(["ingest", "--json"])
                .arg(file)
                .env_remove("GEOKG_DB")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let summary: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
        assert_eq!(summary["added"], n, "{summary}");
    }
    let stats = Store::open(&db).unwrap().stats().unwrap();
    assert_eq!(stats.n_documents, 2 * n as u64);
}

/// Issue 14: the server extracted while holding the store's only connection, so one 27 KB
/// POST froze `/health` for 18 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_reads_answer_while_a_big_post_is_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let server = spawn_server_with(Store::open(&dir.path().join("store.sqlite")).unwrap()).await;
    server
        .post_document(&json!({"id": "small", "date": "2025-08-12", "text": ARTICLE}))
        .await;
    // About 1.5 MB of varied sentences: seconds of extraction.
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 1_500_000 {
        text.push_str(&format!(
            "Pakistan's army chief met Indian officials in Delhi on day {n} while Russian forces shelled Kharkiv. "
        ));
        n += 1;
    }
    let big = json!({"id": "big", "date": "2025-08-12", "text": text});
    let posting = {
        let client = server.client.clone();
        let url = format!("{}/api/documents", server.base);
        tokio::spawn(async move { client.post(url).json(&big).send().await.unwrap().status() })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut slowest = Duration::ZERO;
    let mut answered_during_post = 0;
    for _ in 0..20 {
        let started = Instant::now();
        assert_eq!(server.get("/health").await.0, 200);
        assert_eq!(server.get("/api/events?actor=PAK&limit=5").await.0, 200);
        slowest = slowest.max(started.elapsed());
        if !posting.is_finished() {
            answered_during_post += 1;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        slowest < Duration::from_millis(500),
        "a read waited {slowest:?} for the extraction"
    );
    assert!(posting.await.unwrap().is_success());
    if answered_during_post == 0 {
        eprintln!("note: the big POST ended before the reads; the test proved less");
    }
}

/// Issue 14: POSTs during an import got 500 within 9 ms: transactions that read and then wrote
/// never waited for the busy timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_during_an_import_get_no_500() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let rows = dir.path().join("events.CSV");
    {
        let mut out = std::fs::File::create(&rows).unwrap();
        geokg::ingest::gdelt::Profile::bundled()
            .generate(200_000, 7, &mut out)
            .unwrap();
    }
    // A store that already holds rows, so the import keeps its indexes and writes all over them.
    let first = geokg(&db, &["import", "gdelt", rows.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    let more = dir.path().join("more.CSV");
    {
        let mut out = std::fs::File::create(&more).unwrap();
        geokg::ingest::gdelt::Profile::bundled()
            .generate(200_000, 8, &mut out)
            .unwrap();
    }
    let server = spawn_server_with(Store::open(&db).unwrap()).await;
    let import = {
        let (db, more) = (db.clone(), more.clone());
        tokio::task::spawn_blocking(move || {
            geokg(&db, &["import", "gdelt", more.to_str().unwrap()])
        })
    };
    let mut statuses = Vec::new();
    let mut n = 0;
    while !import.is_finished() || n < 10 {
        let (status, body) = server
            .post_document(&json!({
                "id": format!("during-{n}"),
                "date": "2025-05-07",
                "text": format!("India and Pakistan clashed near the border on day {n}."),
            }))
            .await;
        assert!(status == 201 || status == 503, "POST {n}: {status} {body}");
        statuses.push(status);
        n += 1;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let import = import.await.unwrap();
    assert!(import.status.success(), "{}", stderr(&import));
    assert!(statuses.contains(&201));
    let (status, _) = server.get("/api/events?actor=PAK&limit=5").await;
    assert_eq!(status, 200);
}

/// The answers to these paths, each checked to be a 200.
async fn neighbour_pages(server: &TestServer, paths: &[&str]) -> Vec<serde_json::Value> {
    let mut bodies = Vec::new();
    for path in paths {
        let (status, body) = server.get_json(path).await;
        assert_eq!(status, 200, "{path}: {body}");
        bodies.push(body);
    }
    bodies
}

/// Issue 14: the server keeps the neighbour lists it computed. After a POST, and after what
/// another process committed, every page is the one a server started afresh on the same store
/// (which keeps no lists yet) gives, under every filter and order.
#[tokio::test]
async fn kept_neighbour_lists_follow_posts_and_other_processes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let server = spawn_server_with(Store::open(&db).unwrap()).await;
    let pages = [
        "/api/actors/PAK/neighbors",
        "/api/actors/PAK/neighbors?limit=1&cursor=1",
        "/api/actors/PAK/neighbors?sort=conflict",
        "/api/actors/PAK/neighbors?sort=recent&dir=in",
        "/api/actors/PAK/neighbors?kind=conflict",
        "/api/actors/PAK/neighbors?since=2025-01-01&background=false",
        "/api/actors/IND/neighbors?min_count=2",
        "/api/actors/PAK/neighbors?level=country",
    ];
    let text = |n: usize| {
        format!(
            "India and Pakistan clashed along the border on day {n}. Pakistan's army chief Asim Munir visited Washington on day {n}."
        )
    };
    let (status, body) = server
        .post_document(&json!({"id": "p1", "date": "2025-08-12", "text": ARTICLE}))
        .await;
    assert_eq!(status, 201, "{body}");
    // Asked twice: the lists are kept.
    let first = neighbour_pages(&server, &pages).await;
    assert_eq!(neighbour_pages(&server, &pages).await, first);
    let (status, body) = server
        .post_document(&json!({"id": "p2", "date": "2025-09-02", "text": text(2)}))
        .await;
    assert_eq!(status, 201, "{body}");
    let after_post = neighbour_pages(&server, &pages).await;
    assert_ne!(after_post[0], first[0], "the POST changed nothing");
    {
        let fresh = spawn_server_with(Store::open(&db).unwrap()).await;
        assert_eq!(neighbour_pages(&fresh, &pages).await, after_post);
    }
    // Another process writes into the store; the server picks it up within a second or two.
    let file = dir.path().join("more.jsonl");
    std::fs::write(
        &file,
        format!(
            "{}\n",
            json!({"id": "o1", "date": "2025-10-01", "text": text(3)})
        ),
    )
    .unwrap();
    let ingest = geokg(&db, &["ingest", file.to_str().unwrap()]);
    assert!(ingest.status.success(), "{}", stderr(&ingest));
    let started = Instant::now();
    while server.get_json("/health").await.1["documents"] != 3 {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the ingest was not seen"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let after_ingest = neighbour_pages(&server, &pages).await;
    assert_ne!(after_ingest[0], after_post[0], "the ingest changed nothing");
    let fresh = spawn_server_with(Store::open(&db).unwrap()).await;
    assert_eq!(neighbour_pages(&fresh, &pages).await, after_ingest);
}
