//! Issue 14, part 6: one query layer. The command line and the API ask the same questions and
//! give the same answers; options with a fixed set of values are checked by clap; read-only
//! commands never create a store; `demo` keeps to a store of its own; the OpenAPI document is
//! the router's, with the bounds the server enforces.

use std::path::Path;

use geokg::query::{self, Choice};
use serde_json::{json, Value};

use crate::support::{
    geokg, geokg_with_stdin, spawn_server_with, stderr, stdout, TestServer, ARTICLE, SECOND_ARTICLE,
};

/// A store file with the two test articles, ingested by the command line.
fn store_with_articles(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("store.sqlite");
    for (text, date) in [(ARTICLE, "2025-08-12"), (SECOND_ARTICLE, "2025-09-04")] {
        let output = geokg_with_stdin(&db, &["ingest", "-", "--date", date], Some(text));
        assert!(output.status.success(), "{}", stderr(&output));
    }
    db
}

fn json_of(db: &Path, args: &[&str]) -> Value {
    let output = geokg(db, args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap_or_else(|error| panic!("{args:?}: {error}"))
}

fn json_lines_of(db: &Path, args: &[&str]) -> Value {
    let output = geokg(db, args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    Value::Array(
        stdout(&output)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect(),
    )
}

async fn api(server: &TestServer, path: &str) -> Value {
    let (status, body) = server.get_json(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

#[tokio::test]
async fn the_command_line_and_the_api_give_the_same_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_articles(dir.path());
    let server = spawn_server_with(geokg::store::Store::open(&db).unwrap()).await;

    let neighbors = api(&server, "/api/actors/PAK/neighbors?sort=recent").await;
    assert!(neighbors["total"].as_u64().unwrap() >= 1, "{neighbors}");
    assert_eq!(
        json_lines_of(&db, &["neighbors", "PAK", "--sort", "recent", "--json"]),
        neighbors["neighbors"]
    );

    let relation = api(&server, "/api/relations/IND/PAK?granularity=year").await;
    assert!(relation["total"]["n_events"].as_u64().unwrap() >= 1);
    assert_eq!(
        json_of(
            &db,
            &["relation", "IND", "PAK", "--granularity", "year", "--json"]
        ),
        relation
    );

    let actor = api(&server, "/api/actors/PAK?rank=true&level=country").await;
    assert!(actor["rank"]["pagerank"].is_u64(), "{actor}");
    assert_eq!(
        json_of(&db, &["actor", "PAK", "--level", "country", "--json"]),
        actor
    );

    let events = api(&server, "/api/events?actor=PAK&limit=3").await;
    assert!(!events["events"].as_array().unwrap().is_empty());
    assert_eq!(
        json_lines_of(&db, &["events", "--actor", "PAK", "--limit", "3", "--json"]),
        events["events"]
    );

    let stories = api(&server, "/api/stories?actor=PAK&min_reports=1&limit=3").await;
    assert!(
        !stories["stories"].as_array().unwrap().is_empty(),
        "{stories}"
    );
    assert_eq!(
        json_lines_of(
            &db,
            &[
                "stories",
                "--actor",
                "PAK",
                "--min-reports",
                "1",
                "--limit",
                "3",
                "--json"
            ]
        ),
        stories["stories"]
    );

    let rankings = api(&server, "/api/rankings?measure=degree&limit=5").await;
    assert_eq!(
        json_lines_of(
            &db,
            &["rank", "--measure", "degree", "--limit", "5", "--json"]
        ),
        rankings["rankings"]
    );

    let paths = api(&server, "/api/paths?from=USA&to=PAK&k=2&by=strength").await;
    assert_eq!(
        json_of(
            &db,
            &["path", "USA", "PAK", "-k", "2", "--by", "strength", "--json"]
        ),
        paths
    );

    let found = api(&server, "/api/actors?q=pakis").await;
    assert_eq!(
        json_lines_of(&db, &["actors", "pakis", "--json"]),
        found["actors"]
    );

    let communities = api(&server, "/api/communities").await;
    assert_eq!(
        json_lines_of(&db, &["communities", "--json"]),
        communities["communities"]
    );
}

#[tokio::test]
async fn a_list_of_kinds_with_empty_items_is_read_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_articles(dir.path());
    let server = spawn_server_with(geokg::store::Store::open(&db).unwrap()).await;
    let visits = api(&server, "/api/events?kind=visit").await;
    assert!(!visits["events"].as_array().unwrap().is_empty(), "{visits}");
    for path in ["/api/events?kind=,visit,", "/api/events?kind=%20,,visit"] {
        assert_eq!(api(&server, path).await, visits, "{path}");
    }
    let all = api(&server, "/api/events").await;
    assert_eq!(api(&server, "/api/events?kind=,,").await, all);
    for path in ["/api/stories?kind=,", "/api/graph.dot?kind=,,conflict"] {
        let (status, body) = server.get(path).await;
        assert_eq!(status, 200, "{path}: {body}");
    }
    let (status, body) = server.get("/api/events?kind=visit,,sideways").await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("`kind`"), "{body}");
}

/// Every option with a fixed set of values, with one value it takes, and the names it takes.
fn fixed_options() -> Vec<(&'static [&'static str], &'static str, Vec<String>)> {
    vec![
        (&["neighbors", "PAK"][..], "--dir", query::Dir::names()),
        (&["neighbors", "PAK"][..], "--sort", query::Sort::names()),
        (&["neighbors", "PAK"][..], "--level", query::Level::names()),
        (&["events"][..], "--on", query::DateOn::names()),
        (&["events"][..], "--kind", query::Kind::names()),
        (&["events"][..], "--dataset", query::Dataset::names()),
        (&["stories"][..], "--on", query::DateOn::names()),
        (&["stories"][..], "--kind", query::Kind::names()),
        (
            &["relation", "IND", "PAK"][..],
            "--granularity",
            query::Granularity::names(),
        ),
        (&["path", "IND", "PAK"][..], "--by", query::PathBy::names()),
        (&["rank"][..], "--measure", query::Measure::names()),
        (&["actors"][..], "--level", query::Level::names()),
        (
            &["export"][..],
            "--format",
            geokg::cli::ExportFormat::names(),
        ),
    ]
}

#[test]
fn a_value_outside_a_fixed_set_is_a_usage_error_that_lists_the_values() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_articles(dir.path());
    for (command, option, names) in fixed_options() {
        let mut args = command.to_vec();
        args.extend([option, "sideways"]);
        let output = geokg(&db, &args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(message.contains("sideways"), "{args:?}: {message}");
        for name in &names {
            assert!(
                message.contains(name.as_str()),
                "{args:?}: {name} not in {message}"
            );
        }
        // Each listed value is taken.
        for name in &names {
            let mut args = command.to_vec();
            args.extend([option, name.as_str()]);
            if option == "--format" {
                args.extend(["-o", "/dev/null"]);
            }
            let output = geokg(&db, &args);
            assert_ne!(
                output.status.code(),
                Some(2),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }
}

#[test]
fn read_only_commands_never_create_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.sqlite");
    for args in [
        &["actors"][..],
        &["actor", "PAK"][..],
        &["events"][..],
        &["stories"][..],
        &["relation", "IND", "PAK"][..],
        &["neighbors", "PAK"][..],
        &["path", "IND", "PAK"][..],
        &["rank"][..],
        &["communities"][..],
        &["export"][..],
        &["export", "--format", "gdelt"][..],
    ] {
        let output = geokg(&db, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&output).contains(&format!(
                "no store at {}; run `geokg ingest` first",
                db.display()
            )),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!db.exists(), "{args:?} created {}", db.display());
    }
}

#[test]
fn demo_refuses_a_store_that_holds_other_documents() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_articles(dir.path());
    let n_events = |db: &Path| {
        json_lines_of(db, &["events", "--limit", "100000", "--json"])
            .as_array()
            .unwrap()
            .len()
    };
    let n_before = n_events(&db);
    let output = geokg(&db, &["demo", "--no-serve", "--no-graphs"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("2 documents that are not sample articles"),
        "{}",
        stderr(&output)
    );
    assert_eq!(n_events(&db), n_before, "nothing was added");

    // A store of its own: a new one, and the same again.
    let own = dir.path().join("demo.sqlite");
    for _ in 0..2 {
        let output = geokg(&own, &["demo", "--no-serve", "--no-graphs"]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert!(n_events(&own) > 0);
}

/// A concrete request for an operation of the document: path parameters filled with known
/// actors, required query parameters too.
fn concrete(path: &str, operation: &Value) -> String {
    let filled = path
        .replace("{id}", "PAK")
        .replace("{a}", "IND")
        .replace("{b}", "PAK")
        .replace("{file}", "nothing.js");
    let required: Vec<String> = operation["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|parameter| parameter["in"] == "query" && parameter["required"] == true)
        .map(|parameter| {
            let name = parameter["name"].as_str().unwrap();
            format!("{name}={}", if name == "to" { "PAK" } else { "IND" })
        })
        .collect();
    if required.is_empty() {
        filled
    } else {
        format!("{filled}?{}", required.join("&"))
    }
}

#[tokio::test]
async fn the_document_lists_every_route_the_router_serves() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_articles(dir.path());
    let server = spawn_server_with(geokg::store::Store::open(&db).unwrap()).await;
    let document = api(&server, "/api/openapi.json").await;
    assert_eq!(document, geokg::server::openapi_document());
    let paths = document["paths"].as_object().unwrap();
    let mut n_operations = 0;
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            n_operations += 1;
            let url = format!("{}{}", server.base, concrete(path, operation));
            let request = match method.as_str() {
                "get" => server.client.get(&url),
                "post" => server
                    .client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(json!({"text": "Pakistan and India met."}).to_string()),
                other => panic!("{other} {path}: a method the test does not know"),
            };
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            assert_ne!(status, 405, "{method} {path}");
            assert!(
                !body.contains("no such route"),
                "{method} {path} is documented but not served: {status} {body}"
            );
            let documented = operation["responses"]
                .as_object()
                .unwrap()
                .contains_key(&status.to_string());
            assert!(documented, "{method} {path}: {status} is not documented");
        }
    }
    assert!(n_operations > 0);
    // And what is not documented is not served.
    for path in ["/api/nothing", "/api/actors/PAK/partners", "/web/other.js"] {
        let (status, body) = server.get(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("no such route"), "{path}: {body}");
    }
}

#[tokio::test]
async fn the_document_states_the_bounds_and_values_the_server_enforces() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_articles(dir.path());
    let server = spawn_server_with(geokg::store::Store::open(&db).unwrap()).await;
    let document = geokg::server::openapi_document();
    let mut n_checked = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        let Some(operation) = item.get("get") else {
            continue;
        };
        let base = concrete(path, operation);
        let join = if base.contains('?') { '&' } else { '?' };
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            if parameter["in"] != "query" {
                continue;
            }
            let name = parameter["name"].as_str().unwrap();
            let schema = &parameter["schema"];
            let check = |value: String, accepted: bool| {
                let url = format!("{base}{join}{name}={value}");
                let server = &server;
                async move {
                    let (status, body) = server.get(&url).await;
                    if accepted {
                        assert_ne!(status, 400, "{url}: {body}");
                    } else {
                        assert_eq!(status, 400, "{url}: {body}");
                        assert!(body.contains(&format!("`{name}`")), "{url}: {body}");
                    }
                }
            };
            if let Some(maximum) = schema["maximum"].as_u64() {
                // Huge pages past the end are empty, not slow: the store skips by index.
                check(maximum.to_string(), true).await;
                check((u128::from(maximum) + 1).to_string(), false).await;
                check("-1".to_string(), false).await;
                n_checked += 1;
            }
            let values = schema["enum"]
                .as_array()
                .or(schema["items"]["enum"].as_array());
            if let Some(values) = values {
                for value in values {
                    check(value.as_str().unwrap().to_string(), true).await;
                }
                check("sideways".to_string(), false).await;
                n_checked += 1;
            }
        }
    }
    assert!(n_checked > 20, "only {n_checked} parameters checked");
}
