//! One store interface, two engines (issue 17): every command and every API route answers the
//! same on a SQLite file and on a PostgreSQL database, re-ingest and re-import add nothing on
//! either, processes ingesting at once into one PostgreSQL store store each document and event
//! once, and a server sees what other processes commit. The PostgreSQL cases need a server:
//! `GEOKG_TEST_PG=postgres://user@host:port/dbname` (see the README; `.ci/run` starts one).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use geokg::graph::{ActorGraph, EventRecord, Filter};
use geokg::ingest::gdelt::Profile;
use geokg::store::Store;
use serde_json::{json, Value};

use crate::support::{geokg, spawn_server_with, stderr, stdout, PgStore, ARTICLE};

/// The bundled sample corpus: 31 articles as JSON Lines.
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/samples/corpus.jsonl")
}

/// A GDELT 2.0 file of `n` generated rows.
fn gdelt_file(dir: &Path, n: u64, seed: u64) -> PathBuf {
    let path = dir.join(format!("generated-{seed}.CSV"));
    let mut out = std::fs::File::create(&path).unwrap();
    Profile::bundled().generate(n, seed, &mut out).unwrap();
    path
}

/// An ICEWS file of three rows: a country pair, a sector and a one-actor event.
fn icews_file(dir: &Path) -> PathBuf {
    let header = "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude";
    let rows = [
        "101\t2018-06-01\tIndia\tNA\tIndia\tMake statement\t010\t0\tPakistan\tNA\tPakistan\t9001\t1\tThe Daily\tDelhi\tNA\tDelhi\tIndia\t28.6\t77.2",
        "102\t2018-06-02\tPolice (India)\tPolice\tIndia\tArrest\t173\t-5\tCitizen (India)\tCivilian\tIndia\t9002\t2\tThe Daily\tMumbai\tNA\tMaharashtra\tIndia\t19.0\t72.8",
        "103\t2018-06-03\tRussian Federation\tNA\tRussian Federation\tThreaten\t138\t-7\tUkraine\tNA\tUkraine\t9003\t1\tThe Daily\tNA\tNA\tNA\tUkraine\t49.0\t32.0",
    ];
    let path = dir.join("events.tab");
    std::fs::write(&path, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
    path
}

/// Runs a command on a store and returns its standard output; fails the test when it fails.
fn run(db: &Path, args: &[&str]) -> String {
    let output = geokg(db, args);
    assert!(
        output.status.success(),
        "geokg {args:?} on {}: {}",
        db.display(),
        stderr(&output)
    );
    stdout(&output)
}

/// The JSON summary of an import or an ingest, without its timing.
fn summary(db: &Path, args: &[&str]) -> Value {
    let mut value: Value = serde_json::from_str(run(db, args).trim()).unwrap();
    if let Some(object) = value.as_object_mut() {
        object.remove("seconds");
    }
    value
}

/// Fills a store with the sample corpus, generated GDELT rows and ICEWS rows, twice: the second
/// time adds nothing. Returns the summaries of both rounds.
fn fill(db: &Path, gdelt: &Path, icews: &Path) -> Vec<Value> {
    let corpus = corpus();
    let mut summaries = Vec::new();
    for _ in 0..2 {
        summaries.push(summary(db, &["ingest", corpus.to_str().unwrap(), "--json"]));
        summaries.push(summary(
            db,
            &["import", "gdelt", gdelt.to_str().unwrap(), "--json"],
        ));
        summaries.push(summary(
            db,
            &["import", "icews", icews.to_str().unwrap(), "--json"],
        ));
    }
    summaries
}

#[test]
fn every_command_answers_the_same_on_sqlite_and_postgres() {
    let Some(pg) = PgStore::new() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let gdelt = gdelt_file(dir.path(), 2_000, 17);
    let icews = icews_file(dir.path());
    let sqlite = dir.path().join("store.sqlite");
    let postgres = pg.path();

    let filled = fill(&sqlite, &gdelt, &icews);
    assert_eq!(
        fill(&postgres, &gdelt, &icews),
        filled,
        "ingest and imports"
    );
    assert!(
        filled[1]["imported"].as_u64().unwrap() > 1_000,
        "{}",
        filled[1]
    );
    assert_eq!(
        filled[4]["imported"], 0,
        "a re-import adds nothing: {}",
        filled[4]
    );
    assert_eq!(filled[4]["duplicate"], filled[1]["imported"]);

    let exported = dir.path().join("export.CSV");
    run(
        &sqlite,
        &[
            "export",
            "--format",
            "gdelt",
            "-o",
            exported.to_str().unwrap(),
        ],
    );
    let round_trip = ["import", "gdelt", exported.to_str().unwrap(), "--json"];
    let commands: Vec<Vec<&str>> = vec![
        vec!["actors", "pak", "--json"],
        vec!["actor", "PAK", "--json"],
        vec!["actor", "asim-munir", "--json"],
        vec!["neighbors", "USA", "--json"],
        vec!["neighbors", "PAK", "--dataset", "icews", "--json"],
        vec!["relation", "IND", "PAK", "--json"],
        vec!["relation", "USA", "CHN", "--level", "country", "--json"],
        vec!["events", "--json", "--limit", "50"],
        vec![
            "events", "--actor", "PAK", "--json", "--limit", "30", "--offset", "5",
        ],
        vec![
            "events",
            "--kind",
            "visit,conflict",
            "--since",
            "2025-01-01",
            "--json",
        ],
        vec!["events", "--actor", "INDCOP", "--alone", "--json"],
        vec!["path", "PAK", "BRA", "--json"],
        vec!["rank", "--measure", "pagerank", "--limit", "20", "--json"],
        vec!["communities", "--level", "country", "--json"],
        vec!["stories", "--min-reports", "1", "--json", "--limit", "200"],
        vec![
            "export", "--format", "dot", "--center", "PAK", "--depth", "2",
        ],
        vec!["export", "--format", "graphml"],
        vec!["export", "--format", "gexf"],
        vec!["export", "--format", "json"],
        vec!["export", "--format", "csv"],
        vec!["export", "--format", "events"],
        vec!["export", "--format", "gdelt"],
    ];
    for command in &commands {
        assert_eq!(
            run(&postgres, command),
            run(&sqlite, command),
            "geokg {command:?}"
        );
    }
    // geokg's own export of the store, imported back into either engine, adds nothing.
    let back = summary(&postgres, &round_trip);
    assert_eq!(back, summary(&sqlite, &round_trip));
    assert_eq!(back["imported"], 0, "{back}");
}

#[test]
fn opening_a_postgres_store_twice_migrates_once_and_a_bad_url_is_named() {
    let Some(pg) = PgStore::new() else {
        return;
    };
    let opened: Vec<_> = (0..4)
        .map(|_| {
            let url = pg.url.clone();
            std::thread::spawn(move || Store::open(Path::new(&url)).map(|store| store.stats()))
        })
        .collect();
    for store in opened {
        assert_eq!(store.join().unwrap().unwrap().unwrap().n_documents, 0);
    }
    let store = pg.open();
    assert_eq!(store.engine(), "postgres");
    assert_eq!(store.schema_version().unwrap(), 3);

    let bad = "postgres://nobody:secret@127.0.0.1:1/none";
    let output = geokg(Path::new(bad), &["actors", "pak"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("cannot open store postgres://nobody:***@127.0.0.1:1/none"),
        "{message}"
    );
    assert!(!message.contains("secret"), "{message}");
}

/// Every edge's records and every actor's events of one actor, in a comparable order.
fn records_of(graph: &ActorGraph) -> Vec<(String, String, Vec<EventRecord>)> {
    let mut all: Vec<(String, String, Vec<EventRecord>)> = graph
        .relations(&Filter::default())
        .into_iter()
        .map(|(source, target, _)| {
            let records = graph.records(&source.id, &target.id).to_vec();
            (source.id.to_string(), target.id.to_string(), records)
        })
        .chain(graph.actors().into_iter().map(|actor| {
            let records = graph.solo_records(&actor.id).to_vec();
            (actor.id.to_string(), String::new(), records)
        }))
        .filter(|(_, _, records)| !records.is_empty())
        .collect();
    all.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    all
}

/// Issue 17, item 3: a store's graph is read from its counts of events per pair, code and day,
/// kept by every write: extracted documents (some reported twice, some undated), GDELT rows
/// (many to a group), ICEWS rows and events of one actor. On either engine it is the graph
/// its event rows make, and it holds fewer rows than there are events.
#[test]
fn the_graph_read_from_counts_is_the_graph_of_the_event_rows() {
    let dir = tempfile::tempdir().unwrap();
    let gdelt = gdelt_file(dir.path(), 3_000, 29);
    let icews = icews_file(dir.path());
    let pg = PgStore::new();
    let mut stores = vec![dir.path().join("store.sqlite")];
    stores.extend(pg.as_ref().map(PgStore::path));
    for db in &stores {
        fill(db, &gdelt, &icews);
        // A second batch of GDELT rows adds to groups the first batch made.
        let more = gdelt_file(dir.path(), 1_500, 31);
        run(db, &["import", "gdelt", more.to_str().unwrap()]);
        let store = Store::open(db).unwrap();
        let counted = store.load_graph().unwrap();
        let from_rows = store.load_graph_from_events().unwrap();
        assert!(counted.n_events() > 2_000, "{}", counted.n_events());
        assert!(counted.n_solo_events() > 0);
        assert_eq!(counted.n_events(), from_rows.n_events(), "{}", db.display());
        assert_eq!(counted.n_solo_events(), from_rows.n_solo_events());
        assert_eq!(
            records_of(&counted),
            records_of(&from_rows),
            "{}",
            db.display()
        );
    }
    let sqlite = rusqlite::Connection::open(&stores[0]).unwrap();
    let (groups, counted, rows): (i64, i64, i64) = sqlite
        .query_row(
            "SELECT (SELECT count(*) FROM event_counts), (SELECT sum(n_events) FROM event_counts),
                    (SELECT count(*) FROM events) + (SELECT count(*) FROM coded_events)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert_eq!(counted, rows, "every stored event is counted once");
    assert!(groups < rows, "{groups} groups of {rows} events");
}

/// Issue 17: two processes ingesting different halves of a corpus into one PostgreSQL store at
/// once (and each half twice more, at the same time) end with every document and event once.
#[test]
fn processes_ingesting_at_once_into_postgres_store_everything_once() {
    let Some(pg) = PgStore::new() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(corpus()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (first, second) = lines.split_at(lines.len() / 2);
    let halves: Vec<PathBuf> = [first, second]
        .iter()
        .enumerate()
        .map(|(n, half)| {
            let path = dir.path().join(format!("half-{n}.jsonl"));
            std::fs::write(&path, half.join("\n") + "\n").unwrap();
            path
        })
        .collect();
    pg.open();
    let ingesting: Vec<_> = halves
        .iter()
        .chain(&halves)
        .chain(&halves)
        .map(|half| {
            Command::new(env!("CARGO_BIN_EXE_geokg"))
                .args(["--db", &pg.url, "ingest", half.to_str().unwrap(), "--json"])
                .env_remove("GEOKG_DB")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut added = 0;
    for child in ingesting {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let summary: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
        added += summary["added"].as_u64().unwrap();
    }
    assert_eq!(
        added as usize,
        lines.len(),
        "each document added by one process"
    );

    let whole = dir.path().join("whole.sqlite");
    run(&whole, &["ingest", corpus().to_str().unwrap()]);
    let ids = |db: &Path| -> Vec<String> {
        let listed: Vec<Value> = run(db, &["events", "--json", "--limit", "100000"])
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        let mut ids: Vec<String> = listed
            .iter()
            .map(|event| event["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    let stored = ids(&pg.path());
    let expected = ids(&whole);
    assert!(expected.len() > 50, "{}", expected.len());
    assert_eq!(stored, expected, "every event once");
    let stats = pg.open().stats().unwrap();
    let sequential = Store::open(&whole).unwrap().stats().unwrap();
    assert_eq!(stats, sequential);
}

/// The HTTP API answers the same over both engines, and a server on PostgreSQL sees what
/// another process commits, without a restart.
#[tokio::test]
async fn the_api_answers_the_same_on_both_engines_and_sees_other_writers() {
    let Some(pg) = PgStore::new() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("store.sqlite");
    let gdelt = gdelt_file(dir.path(), 500, 3);
    for db in [sqlite.clone(), pg.path()] {
        run(&db, &["ingest", corpus().to_str().unwrap()]);
        run(&db, &["import", "gdelt", gdelt.to_str().unwrap()]);
    }
    let lite = spawn_server_with(Store::open(&sqlite).unwrap()).await;
    let post = spawn_server_with(pg.open()).await;
    let document = json!({"id": "posted", "date": "2025-08-12", "text": ARTICLE});
    let (status, answer) = post.post_document(&document).await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(lite.post_document(&document).await, (status, answer));
    let (_, again) = post.post_document(&document).await;
    assert_eq!(again["status"], "duplicate");
    for path in [
        "/health",
        "/api/actors?q=pak",
        "/api/actors/PAK",
        "/api/actors/asim-munir",
        "/api/actors/USA/neighbors?limit=20",
        "/api/actors/USA/neighbors?limit=5&cursor=5&sort=conflict",
        "/api/relations/IND/PAK",
        "/api/relations/USA/PAK?level=country",
        "/api/events?actor=PAK&limit=20",
        "/api/events?actor=USA&other=PAK&limit=5&cursor=2",
        "/api/events?kind=visit&since=2025-01-01&limit=50",
        "/api/graph?format=json",
        "/api/graph?format=json&center=PAK&depth=2",
        "/api/graph?format=dot&center=USA",
        "/api/graph?format=graphml",
        "/api/rankings?measure=pagerank&limit=10",
        "/api/communities?level=country",
        "/api/paths?from=PAK&to=BRA",
    ] {
        assert_eq!(post.get(path).await, lite.get(path).await, "GET {path}");
    }

    // Another process writes into the PostgreSQL store: the server sees it within seconds.
    let before = post.get_json("/health").await.1;
    let news = dir.path().join("news.jsonl");
    std::fs::write(
        &news,
        json!({"id": "later", "date": "2025-09-01", "text": "Russian forces shelled the Ukrainian city of Kharkiv overnight. Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Thursday."}).to_string() + "\n",
    )
    .unwrap();
    run(&pg.path(), &["ingest", news.to_str().unwrap()]);
    let started = Instant::now();
    loop {
        let health = post.get_json("/health").await.1;
        if health["documents"] != before["documents"] {
            assert_eq!(
                health["documents"].as_u64(),
                before["documents"].as_u64().map(|n| n + 1),
                "{health}"
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the server did not see the other process's document: {health}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let health = post.get_json("/health").await.1;
    assert!(
        health["events"].as_u64() > before["events"].as_u64(),
        "{before} {health}"
    );
}
