//! `geokg import gdelt` and `export --format gdelt`: GDELT rows in and out, bad rows named,
//! nothing dropped silently, and the round trip back to the same events.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::support::{geokg, geokg_with_stdin, shared_dir, stderr, stdout};

/// A GDELT 2.0 line of our own: two actors, an event code with its QuadClass and Goldstein
/// weight, and a place of action.
fn v2_line(
    id: u64,
    day: &str,
    one: (&str, &str),
    two: (&str, &str),
    code: &str,
    url: &str,
) -> String {
    let (quad, goldstein) = match &code[..2] {
        "04" => ("1", "1.9"),
        "05" => ("1", "3.5"),
        "11" => ("3", "-2.0"),
        "19" => ("4", "-10.0"),
        other => panic!("no QuadClass for root {other} in this test"),
    };
    let mut f = vec![String::new(); 61];
    f[0] = id.to_string();
    f[1] = day.to_string();
    f[2] = day[..6].to_string();
    f[3] = day[..4].to_string();
    f[4] = format!("{}.3500", &day[..4]);
    for (at, (actor_code, name)) in [(5, one), (15, two)] {
        f[at] = actor_code.to_string();
        f[at + 1] = name.to_string();
        f[at + 2] = actor_code.get(..3).unwrap_or("").to_string();
        f[at + 7] = actor_code.get(3..6).unwrap_or("").to_string();
    }
    f[25] = "1".into();
    f[26] = code.to_string();
    f[27] = code[..3].to_string();
    f[28] = code[..2].to_string();
    f[29] = quad.into();
    f[30] = goldstein.into();
    f[31] = "6".into();
    f[32] = "2".into();
    f[33] = "5".into();
    f[34] = "-3.25".into();
    for at in [35, 43, 51] {
        f[at] = "4".into();
        f[at + 1] = "Lahore, Punjab, Pakistan".into();
        f[at + 2] = "PK".into();
        f[at + 3] = "PK04".into();
        f[at + 4] = "12345".into();
        f[at + 5] = "31.5497".into();
        f[at + 6] = "74.3436".into();
        f[at + 7] = "-2767043".into();
    }
    f[59] = format!("{day}093000");
    f[60] = url.to_string();
    f.join("\t")
}

/// The same event as a GDELT 1.0 backfile line: no ADM2 columns, DATEADDED a day, no SOURCEURL.
fn v1_line_without_url(v2: &str) -> String {
    let mut f: Vec<&str> = v2.split('\t').collect();
    let added = f[59][..8].to_string();
    f.truncate(60);
    for at in [55, 47, 39] {
        f.remove(at);
    }
    let mut f: Vec<String> = f.into_iter().map(str::to_string).collect();
    *f.last_mut().unwrap() = added;
    assert_eq!(f.len(), 57);
    f.join("\t")
}

fn good_rows() -> Vec<String> {
    vec![
        v2_line(
            710_001,
            "20250507",
            ("IND", "INDIA"),
            ("PAK", "PAKISTAN"),
            "190",
            "https://example.org/strikes",
        ),
        v2_line(
            710_002,
            "20250511",
            ("PAKGOV", "PAKISTAN"),
            ("INDGOV", "INDIA"),
            "057",
            "https://example.org/ceasefire",
        ),
        v2_line(
            710_003,
            "20250512",
            ("USA", "UNITED STATES"),
            ("PAK", "PAKISTAN"),
            "042",
            "https://example.org/visit",
        ),
    ]
}

fn json_summary(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(stdout(output).trim())
        .unwrap_or_else(|error| panic!("{error}: {}\n{}", stdout(output), stderr(output)))
}

fn events_json(db: &Path) -> Vec<serde_json::Value> {
    let mut events: Vec<serde_json::Value> =
        stdout(&geokg(db, &["events", "--limit", "100000", "--json"]))
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
    events.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    events
}

#[test]
fn import_names_bad_rows_keeps_the_rest_and_says_what_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_rows();
    let broken_columns = good[0].replacen('\t', "", 1).replace("710001", "710004");
    let bad_date = v2_line(
        710_005,
        "20251340",
        ("RUS", "RUSSIA"),
        ("UKR", "UKRAINE"),
        "190",
        "https://example.org/x",
    );
    let one_actor = v2_line(
        710_006,
        "20250513",
        ("CHN", "CHINA"),
        ("", ""),
        "042",
        "https://example.org/y",
    );
    let v1 = v1_line_without_url(&v2_line(
        710_007,
        "20250514",
        ("RUS", "RUSSIA"),
        ("UKR", "UKRAINE"),
        "190",
        "",
    ));
    let bad_code = v2_line(
        710_008,
        "20250515",
        ("RUS", "RUSSIA"),
        ("UKR", "UKRAINE"),
        "190",
        "u",
    )
    .replace("\t190\t", "\t999\t");
    let lines = [
        good[0].clone(),
        good[1].clone(),
        broken_columns,
        bad_date,
        one_actor,
        v1,
        bad_code,
        good[2].clone(),
    ];
    let file = dir.path().join("rows.CSV");
    fs::write(&file, lines.join("\n") + "\n").unwrap();
    let db = dir.path().join("store.sqlite");

    let output = geokg(&db, &["import", "gdelt", file.to_str().unwrap(), "--json"]);

    assert_eq!(output.status.code(), Some(3), "bad rows give exit code 3");
    let errors = stderr(&output);
    assert!(
        errors.contains("rows.CSV:3:") && errors.contains("found 60"),
        "{errors}"
    );
    assert!(
        errors.contains("rows.CSV:4:") && errors.contains("SQLDATE"),
        "{errors}"
    );
    assert!(
        errors.contains("rows.CSV:7:") && errors.contains("EventCode"),
        "{errors}"
    );
    let summary = json_summary(&output);
    assert_eq!(summary["read"], 8);
    assert_eq!(
        summary["imported"], 5,
        "three 2.0 rows, the row of one actor and the 1.0 row without a URL"
    );
    assert_eq!(summary["imported_one_actor"], 1);
    assert_eq!(summary["rejected"], 3);

    let events = events_json(&db);
    assert_eq!(events.len(), 5);
    let alone = events.iter().find(|e| e["id"] == "gdelt-710006").unwrap();
    assert_eq!(alone["source"]["id"], "CHN");
    assert!(alone["target"].is_null(), "{alone}");
    let strike = events.iter().find(|e| e["id"] == "gdelt-710001").unwrap();
    assert_eq!(strike["source"]["id"], "IND");
    assert_eq!(strike["target"]["id"], "PAK");
    assert_eq!(strike["cameo"], "190");
    assert_eq!(strike["date"], "2025-05-07");
    assert_eq!(strike["document"], "https://example.org/strikes");
    let ceasefire = events.iter().find(|e| e["id"] == "gdelt-710002").unwrap();
    assert_eq!(
        ceasefire["source"]["id"], "PAKGOV",
        "role codes give the sector actor"
    );
    assert_eq!(ceasefire["target"]["id"], "INDGOV");
    let v1 = events.iter().find(|e| e["id"] == "gdelt-710007").unwrap();
    assert_eq!(v1["report_date"], "2025-05-14");
    assert_eq!(
        v1["document"], "gdelt-710007",
        "a 1.0 row without SOURCEURL has no URL"
    );

    // The imported events are in the graph with the extracted ones.
    let relation = stdout(&geokg(&db, &["relation", "IND", "PAK"]));
    assert!(relation.contains("conflict"), "{relation}");
    assert!(
        relation.contains("https://example.org/strikes"),
        "{relation}"
    );

    let again = geokg(&db, &["import", "gdelt", file.to_str().unwrap(), "--json"]);
    let summary = json_summary(&again);
    assert_eq!(summary["imported"], 0, "a re-import adds nothing");
    assert_eq!(summary["duplicate"], 5);
    assert_eq!(events_json(&db).len(), 5);
}

#[test]
fn import_reads_gzip_zip_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let text = good_rows().join("\n") + "\n";
    let gz = dir.path().join("day.export.CSV.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap();
    let zip_path = dir.path().join("20250512.export.CSV.zip");
    let mut archive = zip::ZipWriter::new(fs::File::create(&zip_path).unwrap());
    archive
        .start_file(
            "20250512.export.CSV",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    archive.write_all(text.as_bytes()).unwrap();
    archive.finish().unwrap();

    for (name, input) in [
        ("gz", gz.to_str().unwrap()),
        ("zip", zip_path.to_str().unwrap()),
    ] {
        let db = dir.path().join(format!("{name}.sqlite"));
        let output = geokg(&db, &["import", "gdelt", input, "--json"]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        assert_eq!(json_summary(&output)["imported"], 3, "{name}");
    }
    let db = dir.path().join("stdin.sqlite");
    let output = geokg_with_stdin(&db, &["import", "gdelt", "-", "--json"], Some(&text));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json_summary(&output)["imported"], 3);

    let not_zip = dir.path().join("broken.zip");
    fs::write(&not_zip, "not an archive").unwrap();
    let output = geokg(&db, &["import", "gdelt", not_zip.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("broken.zip is not a zip archive"),
        "{}",
        stderr(&output)
    );
}

/// Imports a file, exports the store as GDELT, imports that into a fresh store: the same events,
/// and exporting again gives the same bytes.
fn round_trip(dir: &Path, file: &Path) -> usize {
    let first = dir.join("first.sqlite");
    let output = geokg(&first, &["import", "gdelt", file.to_str().unwrap()]);
    assert!(
        output
            .status
            .code()
            .is_some_and(|code| code == 0 || code == 3),
        "{}",
        stderr(&output)
    );
    let exported = dir.join("exported.CSV");
    let output = geokg(
        &first,
        &[
            "export",
            "--format",
            "gdelt",
            "-o",
            exported.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let second = dir.join("second.sqlite");
    let output = geokg(
        &second,
        &["import", "gdelt", exported.to_str().unwrap(), "--json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json_summary(&output)["rejected"], 0);
    let events = events_json(&first);
    assert_eq!(
        events,
        events_json(&second),
        "the same events after the round trip"
    );
    let again = dir.join("again.CSV");
    geokg(
        &second,
        &["export", "--format", "gdelt", "-o", again.to_str().unwrap()],
    );
    assert_eq!(fs::read(&exported).unwrap(), fs::read(&again).unwrap());
    events.len()
}

#[test]
fn export_as_gdelt_round_trips_imported_and_extracted_events() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rows.CSV");
    fs::write(&file, good_rows().join("\n")).unwrap();
    assert_eq!(round_trip(dir.path(), &file), 3);

    // Events extracted from text go out as GDELT rows too, with their actors' codes.
    let db = dir.path().join("text.sqlite");
    let output = geokg_with_stdin(
        &db,
        &["ingest", "-", "--date", "2025-05-10"],
        Some(crate::support::ARTICLE),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let rows = stdout(&geokg(&db, &["export", "--format", "gdelt"]));
    assert!(!rows.is_empty());
    for row in rows.lines() {
        assert_eq!(row.split('\t').count(), 61, "{row}");
    }
}

#[test]
fn the_shared_gdelt_samples_import_and_match_the_raw_rows() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared is not beside the checkout");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let v2 = shared.join("data/gdelt/20191024143000.export.CSV");
    let v1 = shared.join("data/gdelt/gdelt1_events_sample.tsv");
    for (file, rows) in [(&v2, 2111), (&v1, 710)] {
        let output = geokg(&db, &["import", "gdelt", file.to_str().unwrap(), "--json"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let summary = json_summary(&output);
        assert_eq!(summary["read"], rows);
        assert_eq!(summary["rejected"], 0);
        let accounted = [
            "imported",
            "duplicate",
            "own_export",
            "skipped_no_actor",
            "skipped_no_country",
            "skipped_same_actor",
        ]
        .iter()
        .map(|key| summary[key].as_u64().unwrap())
        .sum::<u64>();
        assert_eq!(
            accounted, rows,
            "every row is imported or counted as skipped: {summary}"
        );
        assert!(summary["imported"].as_u64().unwrap() > 150, "{summary}");
    }

    // Field by field against the raw files, through the GDELT export.
    let exported = stdout(&geokg(&db, &["export", "--format", "gdelt"]));
    let raw: std::collections::HashMap<&str, Vec<&str>> = [&v2, &v1]
        .iter()
        .flat_map(|file| {
            let text: &'static str = Box::leak(fs::read_to_string(file).unwrap().into_boxed_str());
            text.lines()
                .map(|line| line.trim_end_matches('\r').split('\t').collect::<Vec<_>>())
        })
        .map(|fields| (fields[0], fields))
        .collect();
    let mut compared = 0;
    for line in exported.lines() {
        let ours: Vec<&str> = line.split('\t').collect();
        let original = &raw[ours[0]];
        let v1_row = original.len() < 61;
        // GDELT 1.0 lacks the three ADM2 columns: map our 2.0 column to the 1.0 one.
        let column = |at: usize| -> Option<&str> {
            if !v1_row {
                return Some(original[at]);
            }
            match at {
                39 | 47 | 55 => None,
                60 => original.get(57).copied(),
                _ => Some(original[at - [39, 47, 55].iter().filter(|&&gap| gap < at).count()]),
            }
        };
        for at in [
            1, 5, 6, 15, 16, 25, 26, 27, 28, 29, 31, 32, 33, 51, 52, 53, 54, 58, 60,
        ] {
            // An empty place type reads as 0 ("no place"), as GDELT 2.0 writes it.
            if let Some(expected) = column(at).map(|value| match (at, value) {
                (51, "") => "0",
                _ => value,
            }) {
                assert_eq!(ours[at], expected, "column {at} of {}", ours[0]);
            }
        }
        for at in [30, 34, 56, 57] {
            if let Some(expected) = column(at).filter(|value| !value.is_empty()) {
                let (a, b): (f64, f64) = (ours[at].parse().unwrap(), expected.parse().unwrap());
                assert!(
                    (a - b).abs() < 1e-4,
                    "column {at} of {}: {a} vs {b}",
                    ours[0]
                );
            }
        }
        assert!(
            ours[59].starts_with(&column(59).unwrap()[..8]),
            "DATEADDED of {}",
            ours[0]
        );
        compared += 1;
    }
    assert!(compared > 300, "{compared}");

    let again = geokg(&db, &["import", "gdelt", v2.to_str().unwrap(), "--json"]);
    assert_eq!(
        json_summary(&again)["imported"],
        0,
        "a re-import adds nothing"
    );

    let trip = tempfile::tempdir().unwrap();
    assert!(round_trip(trip.path(), &v2) > 300);
}

/// Issue 14: `geokg import gdelt FILE 2>&1 | head -1` panicked on the closed pipe at the
/// second bad row, stored none of the good rows and left the indexes dropped.
#[test]
fn import_with_closed_output_commits_its_rows_and_keeps_the_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = good_rows();
    lines.splice(1..1, (0..30).map(|n| format!("bad row {n}")));
    let file = dir.path().join("rows.CSV");
    fs::write(&file, lines.join("\n") + "\n").unwrap();
    let db = dir.path().join("store.sqlite");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_geokg"))
        .arg("--db")
        .arg(&db)
        .args(["import", "gdelt", file.to_str().unwrap()])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Both readers go away at once, as `head` does when it has its line.
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();

    assert!(
        matches!(status.code(), Some(0 | 3)),
        "no panic (101), no error: {status:?}"
    );
    // Read with SQLite itself: opening a Store would rebuild missing indexes and hide the bug.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n_rows: i64 = conn
        .query_row("SELECT count(*) FROM coded_events", [], |row| row.get(0))
        .unwrap();
    assert_eq!(n_rows, 3);
    let n_indexes: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index'
             AND name IN ('coded_by_source', 'coded_by_source_date', 'coded_by_target_date')",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(n_indexes, 3);
}
