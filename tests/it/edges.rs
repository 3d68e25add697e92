//! Issue 14, part 5: clean edges of the command line. Offsets out of range, directory ingest
//! past what it cannot read, formula cells in CSV exports, and terminal escapes from articles.

use std::fs;

use crate::support::{geokg, geokg_with_stdin, stderr, stdout};

#[test]
fn an_offset_out_of_range_is_a_usage_error_not_the_first_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let article = "India and Pakistan clashed along the Line of Control.\n";
    let ingested = geokg_with_stdin(&db, &["ingest", "-", "--date", "2025-05-07"], Some(article));
    assert!(ingested.status.success(), "{}", stderr(&ingested));
    for args in [
        &["events", "--offset", "18446744073709551615"][..],
        &["events", "--offset", "9223372036854775808"][..],
        &["relation", "IND", "PAK", "--offset", "18446744073709551615"][..],
    ] {
        let output = geokg(&db, args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stdout(&output)
        );
        assert!(
            stderr(&output).contains("--offset")
                && stderr(&output).contains("expected a whole number"),
            "{}",
            stderr(&output)
        );
    }
    let output = geokg(&db, &["events", "--offset", "9223372036854775807"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "", "past the end is an empty page");
}

#[cfg(unix)]
#[test]
fn directory_ingest_reports_what_it_cannot_read_and_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let articles = dir.path().join("articles");
    fs::create_dir(&articles).unwrap();
    fs::write(
        articles.join("a-good.txt"),
        "India and Pakistan clashed along the Line of Control.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(articles.join("a-good.txt"), articles.join("b-link.txt")).unwrap();
    std::os::unix::fs::symlink(
        articles.join("missing.txt"),
        articles.join("c-dangling.txt"),
    )
    .unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(articles.join("d-socket.txt")).unwrap();
    let fifo = articles.join("e-fifo.txt");
    let has_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|status| status.success());
    // Permissions do not stop root, who can read everything: then only the rest is checked.
    let locked_file = articles.join("f-locked.txt");
    fs::write(&locked_file, "Russia and Ukraine clashed near Kharkiv.\n").unwrap();
    fs::set_permissions(&locked_file, fs::Permissions::from_mode(0o000)).unwrap();
    let locked_dir = articles.join("g-locked");
    fs::create_dir(&locked_dir).unwrap();
    fs::write(locked_dir.join("inside.txt"), "China and Japan met.\n").unwrap();
    fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o000)).unwrap();
    let permissions_bite = fs::read(&locked_file).is_err();
    if !permissions_bite {
        eprintln!("skipped the unreadable part: permissions do not stop this user (root)");
    }

    let missing = dir.path().join("gone.txt");
    let output = geokg(
        &db,
        &[
            "ingest",
            missing.to_str().unwrap(),
            articles.to_str().unwrap(),
        ],
    );
    fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o755)).unwrap();

    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{errors}");
    assert!(
        stdout(&output).starts_with("added "),
        "the summary: {}",
        stdout(&output)
    );
    assert!(
        errors.contains("unreadable: ") && errors.contains("gone.txt: "),
        "{errors}"
    );
    assert!(
        errors.contains("b-link.txt: a symbolic link, not followed"),
        "{errors}"
    );
    assert!(
        errors.contains("c-dangling.txt: a symbolic link, not followed"),
        "{errors}"
    );
    assert!(
        errors.contains("d-socket.txt: a socket, not read"),
        "{errors}"
    );
    if has_fifo {
        assert!(errors.contains("e-fifo.txt: a FIFO, not read"), "{errors}");
    }
    if permissions_bite {
        assert!(
            errors.contains("unreadable: ") && errors.contains("f-locked.txt"),
            "{errors}"
        );
        assert!(errors.contains("g-locked"), "{errors}");
        assert!(
            stdout(&output).contains("unreadable 3"),
            "{}",
            stdout(&output)
        );
    }
    let events = stdout(&geokg(&db, &["events", "--json"]));
    assert!(
        events.contains("Line of Control"),
        "the good file went in: {events}"
    );
}

#[test]
fn csv_exports_neutralise_formula_cells_and_keep_numbers_numeric() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let record = serde_json::json!({
        "id": "=HYPERLINK(\"http://attacker.example\",\"open\")",
        "date": "2025-05-07",
        "text": "@SUM(1) India and Pakistan clashed along the Line of Control.\n",
    });
    let ingested = geokg_with_stdin(&db, &["ingest", "-"], Some(&format!("{record}\n")));
    assert!(ingested.status.success(), "{}", stderr(&ingested));

    let output = geokg(&db, &["export", "--format", "events"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|header| header == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(
            &row[column("SOURCEURL")],
            "'=HYPERLINK(\"http://attacker.example\",\"open\")"
        );
        assert!(row[column("Sentence")].starts_with("'@SUM(1)"), "{row:?}");
        let goldstein: f64 = row[column("GoldsteinScale")].parse().unwrap();
        assert!(
            goldstein < 0.0,
            "a conflict weighs less than nothing, as a number"
        );
        for (idx, cell) in row.iter().enumerate() {
            if idx != column("GoldsteinScale") {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell} in {row:?}");
            }
        }
    }

    let output = geokg(&db, &["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let goldstein = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "goldstein_sum")
        .unwrap();
    for row in reader.records().map(Result::unwrap) {
        let value: f64 = row[goldstein].parse().unwrap();
        assert!(value < 0.0 && row[goldstein].starts_with('-'), "{row:?}");
    }
}

#[test]
fn terminal_output_strips_control_characters_from_articles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let text =
        "India and Pakistan clashed\u{1b}[2J\u{1b}[31m along the Line\u{7} of \u{9b}2JControl.\n";
    let ingested = geokg_with_stdin(&db, &["ingest", "-", "--date", "2025-05-07"], Some(text));
    assert!(ingested.status.success(), "{}", stderr(&ingested));
    for args in [&["events"][..], &["relation", "IND", "PAK"][..]] {
        let output = geokg(&db, args);
        let shown = stdout(&output);
        assert!(
            shown.contains("clashed[2J[31m along the Line of 2JControl"),
            "{args:?}: {shown}"
        );
        assert!(
            !shown.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "{args:?}: {shown:?}"
        );
    }
    let json = stdout(&geokg(&db, &["events", "--json"]));
    assert!(
        json.contains("\\u001b[2J"),
        "JSON keeps the text as it was: {json}"
    );
}
