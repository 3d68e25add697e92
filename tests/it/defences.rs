//! Issue 14, part 4: a key for writes and the usual HTTP defences. Each test is a reproduction
//! from the issue: writes open to anyone, cross-site "simple" POSTs stored, envelopes stored
//! as article text, no Host check, no timeouts, unbounded extractions and answers.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use geokg::server::Options;
use geokg::store::Store;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{
    exit_within, first_line, spawn_server, spawn_server_with_options, TestServer, ARTICLE,
};

const TOKEN: &str = "correct-horse-battery-staple";

async fn server_with(options: Options) -> TestServer {
    spawn_server_with_options(Store::open_in_memory().unwrap(), options).await
}

async fn server_with_token() -> TestServer {
    server_with(Options {
        token: Some(TOKEN.into()),
        ..Options::default()
    })
    .await
}

fn document() -> String {
    json!({"id": "a1", "date": "2025-08-12", "text": ARTICLE}).to_string()
}

async fn n_documents(server: &TestServer) -> u64 {
    server.get_json("/health").await.1["documents"]
        .as_u64()
        .unwrap()
}

/// Runs `geokg serve` with these arguments and no token or address from the environment.
fn spawn_serve(db: &std::path::Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_geokg"))
        .arg("--db")
        .arg(db)
        .arg("serve")
        .args(args)
        .env_remove("GEOKG_TOKEN")
        .env_remove("GEOKG_ADDR")
        .env_remove("GEOKG_PUBLIC_HOST")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn serve_refuses_to_listen_beyond_loopback_without_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let mut child = spawn_serve(&db, &["--addr", "0.0.0.0:0"]);
    let status = exit_within(&mut child, 60);
    let mut message = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut message).unwrap();
    assert_eq!(status.code(), Some(1), "{message}");
    assert!(
        message.contains("refusing to serve on 0.0.0.0:0"),
        "{message}"
    );
    assert!(
        message.contains("--token") && message.contains("--no-auth"),
        "{message}"
    );
}

#[test]
fn serve_beyond_loopback_with_no_auth_warns_and_with_a_token_is_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    for (args, warns) in [
        (&["--addr", "0.0.0.0:0", "--no-auth"][..], true),
        (&["--addr", "0.0.0.0:0", "--token", TOKEN][..], false),
    ] {
        let mut child = spawn_serve(&db, args);
        let line = first_line(&mut child);
        child.kill().unwrap();
        child.wait().unwrap();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert!(
            line.contains("geokg is serving on"),
            "{args:?}: {line}{stderr}"
        );
        assert_eq!(
            stderr.contains("warning: serving on 0.0.0.0:0 without a token (--no-auth)"),
            warns,
            "{args:?}: {stderr}"
        );
    }
}

#[tokio::test]
async fn writes_need_the_token_when_one_is_set() {
    let server = server_with_token().await;
    for token in [None, Some("wrong"), Some("correct-horse-battery-stapl")] {
        let response = server
            .post_raw(
                "/api/documents",
                Some("application/json"),
                token,
                document(),
            )
            .await;
        assert_eq!(response.status().as_u16(), 401, "{token:?}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["status"], 401);
        assert!(body["error"].as_str().unwrap().contains("token"), "{body}");
    }
    assert_eq!(n_documents(&server).await, 0);
    let response = server
        .post_raw(
            "/api/documents",
            Some("application/json"),
            Some(TOKEN),
            document(),
        )
        .await;
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(n_documents(&server).await, 1, "reads need no token");
}

#[tokio::test]
async fn json_is_read_in_any_case_and_its_envelope_is_never_article_text() {
    let server = spawn_server().await;
    let response = server
        .post_raw(
            "/api/documents",
            Some("Application/JSON; charset=utf-8"),
            None,
            document(),
        )
        .await;
    assert_eq!(response.status().as_u16(), 201);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body["id"], "a1",
        "the id of the JSON, not a hash of it: {body}"
    );
    for event in body["events"].as_array().unwrap() {
        let sentence = event["evidence"]["sentence"].as_str().unwrap();
        assert!(!sentence.contains("\"text\""), "{sentence}");
    }
    let with_token = server_with_token().await;
    let response = with_token
        .post_raw(
            "/api/documents",
            Some("text/plain"),
            Some(TOKEN),
            document(),
        )
        .await;
    assert_eq!(
        response.status().as_u16(),
        415,
        "a JSON object sent as text"
    );
    assert_eq!(n_documents(&with_token).await, 0);
}

#[tokio::test]
async fn a_cross_site_simple_post_is_not_stored() {
    let server = spawn_server().await;
    for content_type in [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        None,
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=xyz"),
    ] {
        let response = server
            .client
            .post(format!("{}/api/documents", server.base))
            .header("origin", "http://attacker.example")
            .header("content-type", content_type.unwrap_or(""))
            .body(ARTICLE)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 415, "{content_type:?}");
        assert!(
            !response
                .headers()
                .contains_key("access-control-allow-origin"),
            "{content_type:?}"
        );
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().contains("application/json"));
    }
    let response = server.post_raw("/api/documents", None, None, ARTICLE).await;
    assert_eq!(response.status().as_u16(), 415, "no content-type at all");
    assert_eq!(n_documents(&server).await, 0);
}

#[tokio::test]
async fn cors_covers_reads_only() {
    let server = spawn_server().await;
    let response = server
        .client
        .post(format!("{}/api/documents", server.base))
        .header("origin", "http://attacker.example")
        .header("content-type", "application/json")
        .body(document())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    assert!(!response
        .headers()
        .contains_key("access-control-allow-origin"));
    let preflight = |path: &str, method: &str| {
        server
            .client
            .request(reqwest::Method::OPTIONS, format!("{}{path}", server.base))
            .header("origin", "http://attacker.example")
            .header("access-control-request-method", method)
            .header(
                "access-control-request-headers",
                "content-type, authorization",
            )
            .send()
    };
    let response = preflight("/api/documents", "POST").await.unwrap();
    assert!(
        !response
            .headers()
            .contains_key("access-control-allow-origin"),
        "a preflight for a write is not allowed"
    );
    let allowed = response
        .headers()
        .get("access-control-allow-methods")
        .map(|value| value.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(!allowed.contains("POST"), "{allowed}");
    let response = preflight("/api/events", "GET").await.unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn requests_for_other_host_names_are_refused() {
    let server = server_with(Options {
        public_hosts: vec!["geokg.example.org".into()],
        ..Options::default()
    })
    .await;
    let port = server.base.rsplit(':').next().unwrap().to_string();
    let get = |host: String| {
        server
            .client
            .get(format!("{}/health", server.base))
            .header("host", host)
            .send()
    };
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "geokg.example.org".to_string(),
        "geokg.example.org:443".to_string(),
    ] {
        assert_eq!(
            get(host.clone()).await.unwrap().status().as_u16(),
            200,
            "{host}"
        );
    }
    for host in [
        format!("rebind.attacker.example:{port}"),
        format!("localhost:{}", port.parse::<u16>().unwrap() ^ 1),
        "localhost".to_string(),
    ] {
        let response = get(host.clone()).await.unwrap();
        assert_eq!(response.status().as_u16(), 421, "{host}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap().contains("--public-host"),
            "{body}"
        );
    }
    let response = server
        .client
        .post(format!("{}/api/documents", server.base))
        .header("host", format!("rebind.attacker.example:{port}"))
        .header("content-type", "application/json")
        .body(document())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 421);
    assert_eq!(n_documents(&server).await, 0);
}

/// Connects to the server without HTTP, to send requests that stall.
async fn raw_connection(server: &TestServer) -> tokio::net::TcpStream {
    tokio::net::TcpStream::connect(server.base.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// What the server sends until it closes the connection; None when it is still open after 20 s.
async fn read_until_closed(stream: &mut tokio::net::TcpStream) -> Option<String> {
    let mut answer = Vec::new();
    match tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await {
        Ok(_) => Some(String::from_utf8_lossy(&answer).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test]
async fn slow_headers_and_idle_connections_are_closed() {
    let server = server_with(Options {
        header_timeout: Duration::from_secs(1),
        ..Options::default()
    })
    .await;
    let mut idle = raw_connection(&server).await;
    let mut slow = raw_connection(&server).await;
    slow.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    assert!(
        read_until_closed(&mut idle).await.is_some(),
        "an idle connection stays open"
    );
    assert!(
        read_until_closed(&mut slow).await.is_some(),
        "half a request holds a connection"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_gets_408() {
    let server = server_with(Options {
        body_timeout: Duration::from_secs(1),
        ..Options::default()
    })
    .await;
    let host = server.base.trim_start_matches("http://").to_string();
    let mut stream = raw_connection(&server).await;
    let head = format!(
        "POST /api/documents HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"text\": \"Pakistan"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(20), async {
        let mut answer = vec![0; 4096];
        let n = stream.read(&mut answer).await.unwrap();
        String::from_utf8_lossy(&answer[..n]).into_owned()
    })
    .await
    .expect("no answer while the body is missing");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("did not arrive"), "{answer}");
}

#[tokio::test]
async fn extractions_beyond_the_limit_get_503_with_retry_after() {
    let server = server_with(Options {
        max_extractions: 1,
        ..Options::default()
    })
    .await;
    // Documents of about 1.5 MB take a good part of a second to extract each: long enough for
    // the others, posted at the same time, to find the one slot taken.
    let countries = [
        "France", "Germany", "Italy", "Spain", "Poland", "Sweden", "Norway", "Finland", "Greece",
        "Turkey", "India", "Pakistan", "China", "Japan", "Brazil", "Chile", "Peru", "Kenya",
    ];
    let mut text = String::new();
    'fill: for day in 1.. {
        for a in countries {
            for b in countries {
                if a < b {
                    text.push_str(&format!(
                        "{a} and {b} clashed along their border on day {day}. "
                    ));
                }
                if text.len() > 1_500_000 {
                    break 'fill;
                }
            }
        }
    }
    let posts = (0..4).map(|n| {
        let body =
            json!({"id": format!("big-{n}"), "date": "2025-08-12", "text": text}).to_string();
        let request = server
            .client
            .post(format!("{}/api/documents", server.base))
            .header("content-type", "application/json")
            .body(body);
        async move { request.send().await.unwrap() }
    });
    let responses = futures_join_all(posts).await;
    let mut n_added = 0;
    let mut n_busy = 0;
    for response in responses {
        match response.status().as_u16() {
            201 => n_added += 1,
            503 => {
                n_busy += 1;
                assert_eq!(response.headers()["retry-after"], "2");
                let body: serde_json::Value = response.json().await.unwrap();
                assert_eq!(body["status"], 503);
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(
        n_added >= 1 && n_busy >= 1,
        "{n_added} added, {n_busy} busy"
    );
    assert_eq!(n_documents(&server).await, n_added);
}

/// Runs futures at once and returns their outputs in order.
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut outputs = Vec::new();
    for handle in handles {
        outputs.push(handle.await.unwrap());
    }
    outputs
}

#[tokio::test]
async fn the_answer_to_a_post_summarises_its_events() {
    let server = spawn_server().await;
    let countries = [
        "France", "Germany", "Italy", "Spain", "Poland", "Sweden", "Norway", "Finland", "Greece",
        "Turkey",
    ];
    let mut text = String::new();
    for a in countries {
        for b in countries {
            if a < b {
                text.push_str(&format!("{a} and {b} clashed along their border. "));
            }
        }
    }
    let (status, body) = server
        .post_document(&json!({"id": "many", "date": "2025-08-12", "text": text}))
        .await;
    assert_eq!(status, 201, "{body}");
    let n_events = body["n_events"].as_u64().unwrap();
    assert!(n_events > 20, "{body}");
    assert_eq!(
        body["events"].as_array().unwrap().len(),
        geokg::server::EVENTS_IN_ANSWER
    );
    assert_eq!(body["truncated"], true);
    let by_kind: u64 = body["by_kind"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(by_kind, n_events);
    let (_, small) = server
        .post_document(&json!({"id": "small", "date": "2025-08-12", "text": ARTICLE}))
        .await;
    assert_eq!(small["truncated"], false, "{small}");
}

#[tokio::test]
async fn huge_cursors_are_400_and_cursors_past_the_end_give_empty_pages() {
    let server = spawn_server().await;
    server
        .post_document(&json!({"id": "a1", "date": "2025-08-12", "text": ARTICLE}))
        .await;
    for path in [
        "/api/events?cursor=18446744073709551615",
        "/api/events?offset=9223372036854775808",
        "/api/relations/IND/PAK?cursor=18446744073709551615",
        "/api/actors?cursor=18446744073709551615",
        "/api/actors/PAK/neighbors?cursor=99999999999999999999999",
        "/api/rankings?cursor=18446744073709551615",
    ] {
        let (status, body) = server.get_json(path).await;
        assert_eq!(status, 400, "{path}: {body}");
        let message = body["error"].as_str().unwrap();
        assert!(
            message.contains("`cursor`") || message.contains("`offset`"),
            "{path}: {message}"
        );
    }
    let (status, body) = server
        .get_json("/api/events?cursor=9223372036854775807")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["events"], json!([]), "not the first page again");
    assert!(body["next_cursor"].is_null());
    let (status, body) = server
        .get_json("/api/relations/IND/PAK?cursor=9223372036854775807")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["events"], json!([]));
}
