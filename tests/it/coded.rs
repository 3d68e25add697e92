//! Issue 15: every usable row of coded event data. GDELT actors with a role but no country
//! placed by geography, one-actor events in the actor's views but on no edge, ICEWS files, no
//! double counting of geokg's own export, and the SQL views an analyst reads without geokg.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::support::{geokg, geokg_with_stdin, shared_dir, spawn_server_with, stderr, stdout};

/// A GDELT 2.0 row of our own: actor codes with their places' FIPS codes (`""` for none), an
/// event code of root 14 (protest) or 04 (consult), and the action's place.
fn row(id: u64, one: (&str, &str), two: (&str, &str), code: &str, action: &str) -> String {
    let (quad, goldstein) = match &code[..2] {
        "04" => ("1", "1.0"),
        "14" => ("3", "-6.5"),
        "17" => ("4", "-5.0"),
        other => panic!("no QuadClass for root {other} in this test"),
    };
    let mut f = vec![String::new(); 61];
    f[0] = id.to_string();
    f[1] = "20250601".into();
    f[2] = "202506".into();
    f[3] = "2025".into();
    f[4] = "2025.4164".into();
    for (at, geo, (actor_code, fips)) in [(5, 35, one), (15, 43, two)] {
        f[at] = actor_code.to_string();
        f[at + 1] = actor_code.to_string();
        if !fips.is_empty() {
            f[geo] = "1".into();
            f[geo + 1] = format!("Country {fips}");
            f[geo + 2] = fips.to_string();
        }
    }
    f[25] = "0".into();
    f[26] = code.into();
    f[27] = code[..3].into();
    f[28] = code[..2].into();
    f[29] = quad.into();
    f[30] = goldstein.into();
    f[31] = "2".into();
    f[32] = "1".into();
    f[33] = "2".into();
    f[34] = "-1.5".into();
    if !action.is_empty() {
        f[51] = "4".into();
        f[52] = format!("A city, {action}");
        f[53] = action.into();
        f[56] = "33.5".into();
        f[57] = "73.1".into();
    }
    f[59] = "20250601120000".into();
    f[60] = format!("https://example.org/{id}");
    f.join("\t")
}

fn summary(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(stdout(output).trim())
        .unwrap_or_else(|error| panic!("{error}: {}\n{}", stdout(output), stderr(output)))
}

fn import(db: &Path, dataset: &str, file: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["import", dataset, file.to_str().unwrap(), "--json"];
    args.extend(extra);
    let output = geokg(db, &args);
    assert!(
        matches!(output.status.code(), Some(0 | 3)),
        "{}",
        stderr(&output)
    );
    summary(&output)
}

fn sql<T: rusqlite::types::FromSql>(db: &Path, query: &str) -> Vec<T> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn.prepare(query).unwrap();
    let rows = statement.query_map([], |row| row.get(0)).unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

/// Rows whose actors are roles with no country: placed by their own place, else by the
/// action's, and not at all with `--no-geo-actors`.
fn placement_rows() -> Vec<String> {
    vec![
        // GOV in Pakistan acts on COP in India: both by their own places.
        row(1, ("GOV", "PK"), ("COP", "IN"), "040", "PK"),
        // CVL with no place of its own, in a protest in Ukraine (UP): by the action's place.
        row(2, ("CVL", ""), ("UKRGOV", "UP"), "141", "UP"),
        // A region (EUR) is never placed.
        row(3, ("EUR", "FR"), ("FRA", "FR"), "040", "FR"),
        // An own place that is no country (the oceans) does not fall back to the action's.
        row(4, ("MIL", "OS"), ("USA", "US"), "040", "US"),
    ]
}

#[test]
fn actors_with_a_role_and_no_country_are_placed_by_their_place_or_else_the_actions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("roles.CSV");
    fs::write(&file, placement_rows().join("\n")).unwrap();
    let db = dir.path().join("placed.sqlite");

    let summary = import(&db, "gdelt", &file, &[]);

    assert_eq!(summary["imported"], 2, "{summary}");
    assert_eq!(summary["placed_by_own_place"], 2);
    assert_eq!(summary["placed_by_action_place"], 1);
    assert_eq!(summary["skipped_no_country"], 2);
    let rows: Vec<String> = sql(
        &db,
        "SELECT source_id || ' ' || target_id || ' ' || source_code || ' ' || target_code || ' '
                || coalesce(source_placed, '-') || ' ' || coalesce(target_placed, '-')
         FROM event_details ORDER BY id",
    );
    assert_eq!(
        rows,
        [
            "PAKGOV INDCOP GOV COP own place own place",
            "UKRCVL UKRGOV CVL UKRGOV action place -",
        ],
        "the sector of the place's country, the original codes kept, the placement marked"
    );
    // The GDELT export writes the original codes back.
    let exported = stdout(&geokg(&db, &["export", "--format", "gdelt"]));
    let first: Vec<&str> = exported.lines().next().unwrap().split('\t').collect();
    assert_eq!((first[5], first[15]), ("GOV", "COP"));

    let off = dir.path().join("off.sqlite");
    let summary = import(&off, "gdelt", &file, &["--no-geo-actors"]);
    assert_eq!(summary["imported"], 0, "{summary}");
    assert_eq!(summary["skipped_no_country"], 4);
    assert_eq!(summary["placed_by_own_place"], 0);

    let text = stdout(&geokg(&db, &["import", "gdelt", file.to_str().unwrap()]));
    assert!(
        text.contains("placed by their own place") && text.contains("by the place of the action"),
        "the summary says how actors were placed: {text}"
    );
}

/// Rows of one actor: protests of Pakistani civilians (placed by geography) and of India,
/// beside one event between two actors.
fn one_actor_rows() -> Vec<String> {
    vec![
        row(11, ("CVL", "PK"), ("", ""), "141", "PK"),
        row(12, ("CVL", "PK"), ("", ""), "143", "PK"),
        row(13, ("IND", "IN"), ("", ""), "173", "IN"),
        row(14, ("", ""), ("PAKCVL", "PK"), "145", "PK"),
        row(15, ("PAK", "PK"), ("IND", "IN"), "040", "PK"),
    ]
}

#[tokio::test]
async fn one_actor_events_are_in_the_actor_view_and_lists_but_on_no_edge() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("alone.CSV");
    fs::write(&file, one_actor_rows().join("\n")).unwrap();
    let db = dir.path().join("alone.sqlite");

    let summary = import(&db, "gdelt", &file, &[]);
    assert_eq!(summary["imported"], 5, "{summary}");
    assert_eq!(summary["imported_one_actor"], 4);
    assert_eq!(summary["imported_two_actors"], 1);

    // The actor view counts them by kind, with a timeline.
    let actor: serde_json::Value =
        serde_json::from_str(&stdout(&geokg(&db, &["actor", "PAKCVL", "--json"]))).unwrap();
    assert_eq!(actor["n_one_actor_events"], 3, "{actor}");
    assert_eq!(actor["events"]["n_events"], 3);
    assert_eq!(actor["events"]["by_kind"]["protest"], 3);
    assert_eq!(actor["n_partners"], 0, "no partner: no edge");
    assert_eq!(actor["timeline"][0]["period"], "2025-06");
    assert_eq!(actor["timeline"][0]["n_events"], 3);
    let india: serde_json::Value =
        serde_json::from_str(&stdout(&geokg(&db, &["actor", "IND", "--json"]))).unwrap();
    assert_eq!(
        india["events"]["n_events"], 2,
        "one alone, one with Pakistan"
    );
    assert_eq!(india["events"]["by_kind"]["conflict"], 1);

    // Event lists and exports hold them; graph queries and edge exports do not.
    let alone = stdout(&geokg(
        &db,
        &["events", "--actor", "PAKCVL", "--alone", "--json"],
    ));
    assert_eq!(alone.lines().count(), 3, "{alone}");
    let first: serde_json::Value = serde_json::from_str(alone.lines().next().unwrap()).unwrap();
    assert!(first["target"].is_null(), "{first}");
    assert_eq!(first["dataset"], "gdelt");
    let listed = stdout(&geokg(&db, &["events"]));
    assert!(listed.contains("(alone)"), "{listed}");
    let csv = stdout(&geokg(&db, &["export", "--format", "events"]));
    assert_eq!(csv.lines().count(), 6, "a header and five events: {csv}");
    let edges = stdout(&geokg(&db, &["export", "--format", "csv"]));
    assert_eq!(
        edges.lines().count(),
        2,
        "a header and the one edge: {edges}"
    );
    let neighbors = stdout(&geokg(&db, &["neighbors", "PAKCVL", "--json"]));
    assert!(neighbors.trim().is_empty(), "{neighbors}");
    let gdelt = stdout(&geokg(&db, &["export", "--format", "gdelt"]));
    let actor2_only = gdelt.lines().find(|line| line.starts_with("14\t")).unwrap();
    let fields: Vec<&str> = actor2_only.split('\t').collect();
    assert_eq!(
        (fields[5], fields[15]),
        ("", "PAKCVL"),
        "the one actor is written back in its own column"
    );

    // Over HTTP, and in the graph a server loads.
    let store = geokg::store::Store::open(&db).unwrap();
    let server = spawn_server_with(store).await;
    let (status, body) = server.get_json("/api/actors/PAKCVL").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["n_events"], 3);
    assert_eq!(body["n_one_actor_events"], 3);
    assert_eq!(body["by_kind"]["protest"], 3);
    assert_eq!(body["timeline"][0]["n_events"], 3);
    let (_, country) = server.get_json("/api/actors/PAK?level=country").await;
    assert_eq!(country["n_one_actor_events"], 3, "folded into the country");
    let (_, events) = server.get_json("/api/events?actor=PAKCVL&alone=true").await;
    assert_eq!(events["events"].as_array().unwrap().len(), 3);
    assert!(events["events"][0]["target"].is_null());
    let (_, neighbors) = server.get_json("/api/actors/PAKCVL/neighbors").await;
    assert_eq!(
        neighbors["neighbors"].as_array().map(Vec::len),
        Some(0),
        "{neighbors}"
    );
    let (status, _) = server.get_json("/api/events?alone=maybe").await;
    assert_eq!(status, 400);
}

#[test]
fn reimporting_geokgs_own_gdelt_export_changes_no_count() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let output = geokg_with_stdin(
        &db,
        &["ingest", "-", "--date", "2025-05-10"],
        Some(crate::support::ARTICLE),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let gdelt = dir.path().join("rows.CSV");
    fs::write(&gdelt, one_actor_rows().join("\n")).unwrap();
    import(&db, "gdelt", &gdelt, &[]);
    let icews = dir.path().join("events.tab");
    fs::write(&icews, icews_text(&icews_rows())).unwrap();
    import(&db, "icews", &icews, &[]);
    let counts = |db: &Path| -> (Vec<i64>, String) {
        let stored: Vec<i64> = sql(
            db,
            "SELECT n_documents FROM store_counts UNION ALL SELECT n_actors FROM store_counts
             UNION ALL SELECT n_events FROM store_counts UNION ALL SELECT n_coded FROM store_counts
             UNION ALL SELECT count(*) FROM all_events",
        );
        let health = stdout(&geokg(db, &["actor", "PAK", "--json"]));
        (stored, health)
    };
    let before = counts(&db);
    let extracted: i64 = sql(&db, "SELECT count(*) FROM events")[0];
    assert!(extracted > 0);

    let exported = dir.path().join("own.export.CSV");
    let output = geokg(
        &db,
        &[
            "export",
            "--format",
            "gdelt",
            "-o",
            exported.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let renamed = dir.path().join("the same rows under another name.CSV");
    fs::copy(&exported, &renamed).unwrap();
    for file in [&exported, &renamed] {
        let summary = import(&db, "gdelt", file, &[]);
        assert_eq!(summary["imported"], 0, "{summary}");
        assert_eq!(summary["duplicate"], 5, "the GDELT rows by their number");
        assert_eq!(
            summary["own_export"].as_i64().unwrap(),
            extracted + 3,
            "extracted and ICEWS events by their origin: {summary}"
        );
        assert_eq!(counts(&db), before, "no count changes");
    }
    let text = stdout(&geokg(
        &db,
        &["import", "gdelt", exported.to_str().unwrap()],
    ));
    assert!(text.contains("geokg's own export"), "it says why: {text}");

    // Into another store the same file adds every event, once.
    let other = dir.path().join("other.sqlite");
    let summary = import(&other, "gdelt", &exported, &[]);
    let fates: i64 = ["imported", "skipped_no_country", "skipped_same_actor"]
        .iter()
        .map(|key| summary[key].as_i64().unwrap())
        .sum();
    assert_eq!(fates, 5 + extracted + 3, "{summary}");
    assert_eq!(summary["own_export"], 0, "{summary}");
    assert!(summary["imported"].as_i64().unwrap() > 5, "{summary}");
}

/// ICEWS rows of our own, in the published columns.
fn icews_rows() -> Vec<[&'static str; 20]> {
    vec![
        [
            "900001",
            "2018-06-01",
            "Police (India)",
            "Police,Government",
            "India",
            "Arrest",
            "173",
            "-5",
            "Citizen (India)",
            "General Population / Civilian / Social,Social",
            "India",
            "501",
            "1",
            "A Wire",
            "Lucknow",
            "NA",
            "Uttar Pradesh",
            "India",
            "26.85",
            "80.95",
        ],
        [
            "900002",
            "2018-06-01",
            "Narendra Modi",
            "Executive,Government",
            "India",
            "Consult",
            "040",
            "1",
            "Japan",
            "NA",
            "Japan",
            "502",
            "2",
            "A Wire",
            "Tokyo",
            "NA",
            "Tokyo",
            "Japan",
            "35.69",
            "139.69",
        ],
        [
            "900003",
            "2018-06-02",
            "Citizen (Russian Federation)",
            "Social",
            "Russian Federation",
            "Demonstrate",
            "141",
            "-6.5",
            "NA",
            "NA",
            "NA",
            "503",
            "1",
            "NA",
            "NA",
            "NA",
            "NA",
            "Russian Federation",
            "NA",
            "NA",
        ],
    ]
}

fn icews_text(rows: &[[&str; 20]]) -> String {
    let header = "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude";
    let mut text = String::from(header);
    for row in rows {
        text.push('\n');
        text.push_str(&row.join("\t"));
    }
    text.push('\n');
    text
}

#[test]
fn icews_files_import_with_bad_rows_named_by_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = icews_rows();
    let mut bad_code = rows[0];
    bad_code[0] = "900004";
    bad_code[6] = "999";
    let mut bad_date = rows[0];
    bad_date[0] = "900005";
    bad_date[1] = "2018-13-01";
    let mut no_country = rows[0];
    no_country[0] = "900006";
    no_country[2] = "Somebody";
    no_country[4] = "NA";
    rows.extend([bad_code, bad_date, no_country]);
    let text = icews_text(&rows);
    let plain = dir.path().join("events.2018.tab");
    fs::write(&plain, &text).unwrap();
    let db = dir.path().join("icews.sqlite");

    let output = geokg(&db, &["import", "icews", plain.to_str().unwrap(), "--json"]);

    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let errors = stderr(&output);
    assert!(
        errors.contains("events.2018.tab:5: column 7 `CAMEO Code`"),
        "{errors}"
    );
    assert!(
        errors.contains("events.2018.tab:6: column 2 `Event Date`"),
        "{errors}"
    );
    let found = summary(&output);
    assert_eq!(found["read"], 6, "the header is no row: {found}");
    assert_eq!(found["imported"], 3);
    assert_eq!(found["imported_one_actor"], 1);
    assert_eq!(found["skipped_no_country"], 1);
    assert_eq!(found["rejected"], 2);
    let events: Vec<String> = sql(
        &db,
        "SELECT id || ' ' || source_id || ' ' || coalesce(target_id, '-') || ' ' || code
                || ' ' || coalesce(place_country, '-') || ' ' || coalesce(latitude, '-')
         FROM event_details ORDER BY id",
    );
    assert_eq!(
        events,
        [
            "icews-900001 INDCOP INDCVL 173 IND 26.85",
            "icews-900002 narendra-modi JPN 040 JPN 35.69",
            "icews-900003 RUSCVL - 141 RUS -",
        ]
    );
    let datasets: Vec<String> = sql(&db, "SELECT DISTINCT dataset FROM all_events");
    assert_eq!(datasets, ["icews"]);

    // Zipped, and again: nothing new.
    let zipped = dir.path().join("events.2018.zip");
    let mut archive = zip::ZipWriter::new(fs::File::create(&zipped).unwrap());
    archive
        .start_file("events.2018.tab", zip::write::SimpleFileOptions::default())
        .unwrap();
    archive.write_all(text.as_bytes()).unwrap();
    archive.finish().unwrap();
    let again = import(&db, "icews", &zipped, &[]);
    assert_eq!(again["imported"], 0);
    assert_eq!(again["duplicate"], 3);

    // The same event number in GDELT is another event: both kept, marked by dataset, and a
    // query can choose one.
    let gdelt = dir.path().join("rows.CSV");
    fs::write(
        &gdelt,
        row(900_001, ("IND", "IN"), ("PAK", "PK"), "040", "IN"),
    )
    .unwrap();
    assert_eq!(import(&db, "gdelt", &gdelt, &[])["imported"], 1);
    let count = |dataset: &str| {
        stdout(&geokg(&db, &["events", "--dataset", dataset, "--json"]))
            .lines()
            .count()
    };
    assert_eq!(
        (count("icews"), count("gdelt"), count("extracted")),
        (3, 1, 0)
    );
    let india = |dataset: &str| -> serde_json::Value {
        let text = stdout(&geokg(
            &db,
            &[
                "actor",
                "IND",
                "--level",
                "country",
                "--dataset",
                dataset,
                "--json",
            ],
        ));
        serde_json::from_str(&text).unwrap()
    };
    assert_eq!(india("icews")["events"]["n_events"], 1, "Modi in Japan");
    assert_eq!(
        india("gdelt")["events"]["by_kind"]["meeting"],
        1,
        "India and Pakistan"
    );
    assert_eq!(india("extracted")["events"]["n_events"], 0);
    let bad = geokg(&db, &["events", "--dataset", "acled"]);
    assert!(stderr(&bad).contains("--dataset"), "{}", stderr(&bad));
}

#[test]
fn the_shared_samples_give_every_row_a_fate() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared is not beside the checkout");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let mut two_actors = 0;
    let mut one_actor = 0;
    for file in [
        "data/gdelt/20191024143000.export.CSV",
        "data/gdelt/gdelt1_events_sample.tsv",
    ] {
        let found = import(&db, "gdelt", &shared.join(file), &[]);
        assert_eq!(found["rejected"], 0, "{found}");
        two_actors += found["imported_two_actors"].as_u64().unwrap();
        one_actor += found["imported_one_actor"].as_u64().unwrap();
    }
    assert!(two_actors >= 1700, "{two_actors} events between two actors");
    assert!(one_actor > 500, "{one_actor} events of one actor");

    let icews = shared.join("data/icews/events.2018.sample.tab");
    let found = import(&db, "icews", &icews, &[]);
    assert_eq!(found["read"], 3705);
    let fates: u64 = [
        "imported",
        "duplicate",
        "own_export",
        "skipped_no_actor",
        "skipped_no_country",
        "skipped_same_actor",
        "rejected",
    ]
    .iter()
    .map(|key| found[key].as_u64().unwrap())
    .sum();
    assert_eq!(fates, 3705, "every row accounted for: {found}");
    assert!(found["imported"].as_u64().unwrap() > 3000, "{found}");
    let trump: i64 = sql(
        &db,
        "SELECT count(*) FROM event_details WHERE dataset = 'icews' AND source_name = 'Donald Trump'",
    )[0];
    assert!(trump > 100, "known persons by name: {trump}");
}

#[test]
fn the_sql_views_answer_an_analyst_without_geokg() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("views.sqlite");
    let file = dir.path().join("rows.CSV");
    fs::write(&file, one_actor_rows().join("\n")).unwrap();
    import(&db, "gdelt", &file, &[]);

    let details: Vec<String> = sql(
        &db,
        "SELECT dataset || '|' || source_name || '|' || coalesce(target_name, '-') || '|' || code
                || '|' || code_name || '|' || root || '|' || quad_class || '|' || goldstein
                || '|' || place || '|' || place_country || '|' || latitude || '|' || longitude
         FROM event_details WHERE id = 'gdelt-15'",
    );
    assert_eq!(
        details,
        ["gdelt|Pakistan|India|040|Consult|04|1|1.0|A city, PK|PAK|33.5|73.1"]
    );
    let names: Vec<String> = sql(&db, "SELECT name FROM cameo_codes WHERE code = '141'");
    assert_eq!(names, ["Demonstrate or rally"]);
    let n_codes: i64 = sql(&db, "SELECT count(*) FROM cameo_codes")[0];
    assert!(n_codes > 250, "{n_codes}");
    let counts: Vec<String> = sql(
        &db,
        "SELECT actor_id || ' ' || kind || ' ' || n_events FROM actor_event_counts
         WHERE actor_id IN ('PAKCVL', 'IND') ORDER BY actor_id, kind",
    );
    assert_eq!(
        counts,
        ["IND conflict 1", "IND meeting 1", "PAKCVL protest 3"]
    );
    // Rows refer to actors by foreign keys.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let refused = conn.execute(
        "UPDATE coded_events SET source_id = 'NOBODY' WHERE id = 15",
        [],
    );
    assert!(refused.is_err(), "an unknown actor is refused");
    let violations: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(violations, 0);
}
