use super::*;
use crate::extract::{ActorCache, Dictionary};

/// A GDELT 2.0 row written for these tests (not taken from any GDELT file).
fn v2_fields() -> Vec<String> {
    let washington = [
        "3",
        "Washington, District of Columbia, United States",
        "US",
        "USDC",
        "DC001",
        "38.8951",
        "-77.0364",
        "531871",
    ];
    let mut fields: Vec<&str> = vec!["1234567890", "20250812", "202508", "2025", "2025.6082"];
    fields.extend([
        "PAKMIL",
        "PAKISTANI ARMY",
        "PAK",
        "",
        "",
        "",
        "",
        "MIL",
        "",
        "",
    ]);
    fields.extend(["USAGOV", "WASHINGTON", "USA", "", "", "", "", "GOV", "", ""]);
    fields.extend([
        "1", "042", "042", "04", "1", "1.9", "12", "3", "11", "-1.25",
    ]);
    fields.extend(["1", "Pakistan", "PK", "PK", "", "30", "70", "PK"]);
    fields.extend(washington);
    fields.extend(washington);
    fields.extend([
        "20250813094500",
        "https://news.example.org/2025/08/13/army-chief-in-washington",
    ]);
    assert_eq!(fields.len(), 61);
    fields.into_iter().map(str::to_string).collect()
}

/// The same event as a GDELT 1.0 row: no ADM2 columns, `DATEADDED` a day; with or without URL.
fn v1_fields(with_url: bool) -> Vec<String> {
    let mut fields = v2_fields();
    for adm2 in [55, 47, 39] {
        fields.remove(adm2);
    }
    fields[56] = "20250813".to_string();
    if !with_url {
        fields.pop();
    }
    fields
}

fn line(fields: &[String]) -> String {
    fields.join("\t")
}

fn with(field: usize, value: &str) -> String {
    let mut fields = v2_fields();
    fields[field] = value.to_string();
    line(&fields)
}

#[test]
fn a_v2_row_parses_into_borrowed_fields() {
    let text = line(&v2_fields());
    let row = parse_line(&text).unwrap();
    assert_eq!(row.version, Version::V2);
    assert_eq!(row.global_id, 1_234_567_890);
    assert_eq!(row.day, Day::new(2025, 8, 12).unwrap());
    assert_eq!(row.date().as_str(), "2025-08-12");
    assert_eq!(row.report_date().as_str(), "2025-08-13");
    assert_eq!(
        (row.actor1.code, row.actor1.name, row.actor1.type1),
        ("PAKMIL", "PAKISTANI ARMY", "MIL")
    );
    assert_eq!(
        (row.actor2.code, row.actor2.country_code),
        ("USAGOV", "USA")
    );
    assert!(row.is_root && row.has_two_actors());
    assert_eq!(row.event_code.as_str(), "042");
    assert_eq!((row.quad_class, row.goldstein), (1, 1.9));
    assert_eq!(
        (row.num_mentions, row.num_sources, row.num_articles),
        (12, 3, 11)
    );
    assert_eq!(row.avg_tone, -1.25);
    assert_eq!(row.actor1_geo.lat, Some(30.0));
    assert_eq!(row.action_geo.kind, 3);
    assert_eq!(row.action_geo.adm2, "DC001");
    assert_eq!(row.action_geo.long, Some(-77.0364));
    assert_eq!(row.action_geo.feature_id, "531871");
    assert_eq!(
        row.date_added,
        DateAdded {
            day: Day::new(2025, 8, 13).unwrap(),
            time: Some(94_500)
        }
    );
    assert_eq!(row.date_added.raw(), 20_250_813_094_500);
    assert_eq!(
        row.source_url,
        Some("https://news.example.org/2025/08/13/army-chief-in-washington")
    );
    // Line endings are not part of the last column.
    assert_eq!(parse_line(&format!("{text}\r\n")).unwrap(), row);
    assert_eq!(parse_line(&format!("{text}\r")).unwrap(), row);
}

#[test]
fn v1_rows_have_57_or_58_columns() {
    let text = line(&v1_fields(true));
    let row = parse_line(&text).unwrap();
    assert_eq!(row.version, Version::V1);
    assert_eq!(row.action_geo.adm2, "");
    assert_eq!(row.action_geo.feature_id, "531871");
    assert_eq!(row.actor2_geo.lat, Some(38.8951));
    assert_eq!(row.date_added.time, None);
    assert_eq!(row.date_added.raw(), 20_250_813);
    assert!(row.source_url.is_some());

    let backfile = line(&v1_fields(false));
    let old = parse_line(&backfile).unwrap();
    assert_eq!(old.version, Version::V1);
    assert_eq!(old.source_url, None);
    assert_eq!(old.action_geo, row.action_geo);

    // An empty place type (some 1.0 rows) reads as 0; empty coordinates as none.
    let mut fields = v1_fields(true);
    fields[42] = String::new();
    fields[46] = String::new();
    let text = line(&fields);
    let row = parse_line(&text).unwrap();
    assert_eq!((row.actor2_geo.kind, row.actor2_geo.lat), (0, None));
}

#[test]
fn bad_rows_name_the_column() {
    let field = |text: &str| parse_line(text).unwrap_err().field();
    assert_eq!(parse_line("a\tb\tc"), Err(RowError::Columns(3)));
    assert_eq!(
        parse_line(&format!("{}\textra", line(&v2_fields()))),
        Err(RowError::Columns(62))
    );
    assert_eq!(field(&with(0, "12a")), Some("GLOBALEVENTID"));
    assert_eq!(field(&with(1, "20250230")), Some("SQLDATE"));
    assert_eq!(field(&with(1, "2025081")), Some("SQLDATE"));
    assert_eq!(field(&with(2, "202509")), Some("MonthYear"));
    assert_eq!(field(&with(3, "2024")), Some("Year"));
    assert_eq!(field(&with(4, "soon")), Some("FractionDate"));
    assert_eq!(field(&with(25, "2")), Some("IsRootEvent"));
    assert_eq!(field(&with(26, "999")), Some("EventCode"));
    assert_eq!(field(&with(26, "42")), Some("EventCode"));
    assert_eq!(field(&with(27, "043")), Some("EventBaseCode"));
    assert_eq!(field(&with(28, "05")), Some("EventRootCode"));
    assert_eq!(field(&with(29, "5")), Some("QuadClass"));
    assert_eq!(field(&with(30, "high")), Some("GoldsteinScale"));
    assert_eq!(field(&with(30, "11")), Some("GoldsteinScale"));
    assert_eq!(field(&with(31, "-1")), Some("NumMentions"));
    assert_eq!(field(&with(33, "99999999999")), Some("NumArticles"));
    assert_eq!(field(&with(34, "NaN")), Some("AvgTone"));
    assert_eq!(field(&with(35, "7")), Some("Actor1Geo_Type"));
    assert_eq!(field(&with(48, "north")), Some("Actor2Geo_Lat"));
    assert_eq!(field(&with(57, "east")), Some("ActionGeo_Long"));
    assert!(parse_line(&with(59, "20250813")).is_ok()); // a 1.0 date is accepted
    assert_eq!(field(&with(59, "2025081309450")), Some("DATEADDED"));
    assert_eq!(field(&with(59, "20250813250000")), Some("DATEADDED"));
    let message = parse_line(&with(26, "999")).unwrap_err().to_string();
    assert_eq!(
        message,
        "field `EventCode`: `999` is not a CAMEO event code"
    );
    // In 1.0 rows, columns are named as in 2.0.
    let mut fields = v1_fields(true);
    fields[46] = "far".into();
    assert_eq!(
        parse_line(&line(&fields)).unwrap_err().field(),
        Some("Actor2Geo_Lat")
    );
    // The ingest error keeps the column's name.
    let error: crate::ingest::Error = parse_line(&with(29, "0")).unwrap_err().into();
    assert!(error.to_string().starts_with("field `QuadClass`"));
}

#[test]
fn every_table_code_is_found_without_hashing() {
    for info in CameoCode::all() {
        assert_eq!(
            code_of(info.code).map(|code| code.as_str()),
            Some(info.code)
        );
    }
    for raw in ["", "4", "42", "0000", "99999", "04a", "-42"] {
        assert_eq!(code_of(raw), None, "{raw}");
    }
}

#[test]
fn days_count_as_geokg_dates_do() {
    for raw in [
        "1970-01-01",
        "1982-01-03",
        "2000-02-29",
        "2025-08-12",
        "0001-01-01",
    ] {
        let date = Date::parse(raw).unwrap();
        let day = Day::from_date(&date);
        assert_eq!(day.days(), date.days(), "{raw}");
        assert_eq!(day.to_date(), date);
        assert_eq!(day.to_string(), raw);
    }
    assert_eq!(
        Day::parse_yyyymmdd("20240229").map(Day::yyyymmdd),
        Some(20_240_229)
    );
    assert_eq!(Day::parse_yyyymmdd("20230229"), None);
    assert_eq!(Day::parse_yyyymmdd("2023022a"), None);
    assert!(Day::new(2019, 12, 31).unwrap() > Day::new(2019, 2, 1).unwrap());
}

#[test]
fn fraction_dates_follow_gdelt() {
    // GDELT counts 30 days a month: 2018-10-24 is 2018 + 294/365.
    let fraction = |raw: &str| format!("{:.4}", Day::parse_yyyymmdd(raw).unwrap().fraction_date());
    assert_eq!(fraction("20181024"), "2018.8055");
    assert_eq!(fraction("20250812"), "2025.6082");
    assert_eq!(fraction("19820103"), "1982.0082");
    assert_eq!(fraction("19821231"), "1982.9890");
}

#[test]
fn written_v2_lines_parse_back_to_the_same_row() {
    let text = line(&v2_fields());
    let row = parse_line(&text).unwrap();
    let mut out = String::new();
    write_v2(&row, &mut out);
    assert!(out.ends_with('\n'));
    assert_eq!(out.trim_end_matches('\n'), text);
    assert_eq!(parse_line(&out).unwrap(), row);

    // The owned form writes the same line.
    let owned = RowBuf::from(&row);
    let mut again = String::new();
    write_v2(&owned.as_row(), &mut again);
    assert_eq!(again, out);

    // A 1.0 row becomes 2.0 with the same values.
    for with_url in [true, false] {
        let text = line(&v1_fields(with_url));
        let old = parse_line(&text).unwrap();
        let mut out = String::new();
        write_v2(&old, &mut out);
        assert_eq!(out.split('\t').count(), 61);
        let new = parse_line(&out).unwrap();
        assert_eq!(new.version, Version::V2);
        assert_eq!(new.date_added.time, Some(0));
        assert_eq!(
            Row {
                version: Version::V1,
                date_added: old.date_added,
                ..new
            },
            old
        );
    }
}

#[test]
fn floats_are_written_as_gdelt_writes_them() {
    let mut out = String::new();
    for value in [1.0, -7.0, 3.4, 0.0, 2.027_748, 1e-7, -10.0, 1.9] {
        push_float(&mut out, value);
        out.push(' ');
    }
    assert_eq!(out, "1.0 -7.0 3.4 0.0 2.027748 0.0000001 -10.0 1.9 ");
}

#[test]
fn imported_events_export_and_import_again_unchanged() {
    let dictionary = Dictionary::bundled();
    for text in [
        line(&v2_fields()),
        line(&v1_fields(true)),
        line(&v1_fields(false)),
    ] {
        let row = parse_line(&text).unwrap();
        let mut cache = ActorCache::new(dictionary);
        let event = cache.event(&row).unwrap();
        assert_eq!(event.id, "gdelt-1234567890");
        assert_eq!(event.source.id.as_str(), "PAKMIL");
        assert_eq!(event.dyad_target().id.as_str(), "USAGOV");
        assert_eq!(event.kind, EventKind::Visit);
        assert_eq!(event.date.as_ref().unwrap().as_str(), "2025-08-12");
        let extras = Extras::from_row(&row);

        let mut out = String::new();
        write_event_v2(&event, row.global_id, Some(&extras), &mut out).unwrap();
        let again = parse_line(&out).unwrap();
        let mut cache = ActorCache::new(dictionary);
        assert_eq!(cache.event(&again).unwrap(), event);
        assert_eq!(Extras::from_row(&again), extras);
        // And once more: the exported line is stable.
        let mut twice = String::new();
        let event = cache.event(&again).unwrap();
        write_event_v2(
            &event,
            again.global_id,
            Some(&Extras::from_row(&again)),
            &mut twice,
        )
        .unwrap();
        assert_eq!(twice, out);
    }
}

#[test]
fn extracted_events_export_with_default_numbers() {
    let mut doc =
        crate::model::Document::from_text("Field Marshal Asim Munir visited Washington on Monday.");
    doc.date = Some(Date::parse("2025-08-10").unwrap());
    let events = crate::extract::extract(&doc).events;
    let mut out = String::new();
    for (at, event) in events.iter().enumerate() {
        write_event_v2(event, at as u64 + 1, None, &mut out).unwrap();
    }
    let rows: Vec<Row<'_>> = out.lines().map(|line| parse_line(line).unwrap()).collect();
    assert_eq!(rows.len(), 2);
    // A person is written as its sector code, with its name.
    assert_eq!(
        (
            rows[0].actor1.code,
            rows[0].actor1.name,
            rows[0].actor1.country_code
        ),
        ("PAKMIL", "ASIM MUNIR", "PAK")
    );
    assert_eq!(rows[0].actor1.type1, "MIL");
    assert_eq!(
        (rows[0].actor2.code, rows[0].event_code.as_str()),
        ("USA", "042")
    );
    assert_eq!((rows[0].quad_class, rows[0].goldstein), (1, 1.9));
    assert_eq!(rows[0].date_added.day, Day::new(2025, 8, 10).unwrap());
    let mut dateless = events[0].clone();
    dateless.date = None;
    dateless.report_date = None;
    let error = write_event_v2(&dateless, 1, None, &mut String::new()).unwrap_err();
    assert_eq!(error.field(), Some("SQLDATE"));
}

#[test]
fn groups_known_to_gdelt_export_with_their_group_code() {
    let taliban = crate::extract::lookup_actor(
        crate::extract::Dictionary::bundled(),
        &crate::model::ActorId::parse("taliban").unwrap(),
    )
    .unwrap();
    let columns = ActorBuf::of_actor(&taliban);
    assert_eq!(
        (
            columns.code.as_str(),
            columns.known_group.as_str(),
            columns.country_code.as_str()
        ),
        ("AFGTAL", "TAL", "AFG")
    );
    let back = crate::extract::actor_of_code(Dictionary::bundled(), &columns.as_row_actor());
    assert_eq!(back, Some(taliban));
}

fn small_profile() -> Profile {
    let rows = [
        line(&v2_fields()),
        line(&v1_fields(true)),
        line(&v1_fields(false)),
    ];
    let parsed: Vec<Row<'_>> = rows.iter().map(|text| parse_line(text).unwrap()).collect();
    Profile::learn(&parsed)
}

#[test]
fn the_generator_is_deterministic_and_its_lines_parse() {
    for profile in [small_profile(), Profile::bundled()] {
        let mut first = Vec::new();
        profile.generate(2_000, 7, &mut first).unwrap();
        let mut second = Vec::new();
        profile.generate(2_000, 7, &mut second).unwrap();
        assert_eq!(first, second);
        let mut other = Vec::new();
        profile.generate(2_000, 8, &mut other).unwrap();
        assert_ne!(first, other);

        let text = String::from_utf8(first).unwrap();
        let rows: Vec<Row<'_>> = text.lines().map(|line| parse_line(line).unwrap()).collect();
        assert_eq!(rows.len(), 2_000);
        let mut ids: Vec<u64> = rows.iter().map(|row| row.global_id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 2_000);
        assert!(rows
            .windows(2)
            .all(|pair| pair[0].date_added <= pair[1].date_added));
        assert!(rows.iter().all(|row| row.day <= row.date_added.day));
        // URLs are shared by several events.
        let urls: std::collections::HashSet<&str> =
            rows.iter().filter_map(|row| row.source_url).collect();
        assert!(urls.len() > 1 && urls.len() < 1_500, "{} URLs", urls.len());
    }
}

#[test]
fn generated_rows_keep_the_shape_of_the_profile() {
    let profile = Profile::bundled();
    assert!(profile.rows() > 2_000);
    let mut bytes = Vec::new();
    profile.generate(20_000, 1, &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut by_actor: std::collections::HashMap<&str, usize> = Default::default();
    let mut first_day = None;
    let mut last_day = None;
    for line in text.lines() {
        let row = parse_line(line).unwrap();
        *by_actor.entry(row.actor1.code).or_default() += 1;
        first_day = first_day.or(Some(row.date_added.day));
        last_day = Some(row.date_added.day);
    }
    // Heavy tail: the most frequent actor code has far more events than the median one.
    let mut counts: Vec<usize> = by_actor.values().copied().collect();
    counts.sort_unstable();
    assert!(
        counts[counts.len() - 1] > 50 * counts[counts.len() / 2],
        "{counts:?}"
    );
    assert_eq!(first_day, Some(profile.first_day));
    assert_eq!(
        last_day.unwrap().days() - profile.first_day.days(),
        profile.days as i32 - 1
    );
}

#[test]
fn profiles_read_back_what_they_write() {
    let profile = small_profile();
    let text = profile.to_tsv();
    assert_eq!(Profile::from_tsv(&text).unwrap(), profile);
    let bundled = Profile::bundled();
    assert_eq!(Profile::from_tsv(&bundled.to_tsv()).unwrap(), bundled);
    let broken = text.replace("code\t042\t", "code\t942\t");
    let error = Profile::from_tsv(&broken).unwrap_err();
    assert!(
        error.to_string().contains("unknown CAMEO code `942`"),
        "{error}"
    );
    assert!(Profile::from_tsv("span\t20190101\t1\n").is_err());
}

#[test]
fn an_empty_profile_still_generates_valid_rows() {
    let profile = Profile::learn(std::iter::empty());
    let mut bytes = Vec::new();
    profile.generate(10, 3, &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(
        text.lines().filter(|line| parse_line(line).is_ok()).count(),
        10
    );
}

fn shared_samples() -> Option<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/gdelt");
    let v2 = std::fs::read(dir.join("20191024143000.export.CSV")).ok()?;
    let v1 = std::fs::read(dir.join("gdelt1_events_sample.tsv")).ok()?;
    Some((
        String::from_utf8(v2).expect("the GDELT 2.0 sample is UTF-8"),
        String::from_utf8(v1).expect("the GDELT 1.0 sample is UTF-8"),
    ))
}

#[test]
fn every_row_of_the_shared_samples_parses() {
    let Some((v2, v1)) = shared_samples() else {
        eprintln!("skipped: ../shared/data/gdelt is not beside the checkout");
        return;
    };
    let dictionary = Dictionary::bundled();
    for (text, expected, version) in [(&v2, 2_111, Version::V2), (&v1, 710, Version::V1)] {
        let mut cache = ActorCache::new(dictionary);
        let (mut rows, mut events) = (0, 0);
        for (number, parsed) in lines(text) {
            let row = parsed.unwrap_or_else(|error| panic!("line {number}: {error}"));
            assert_eq!(row.version, version);
            rows += 1;
            // FractionDate is GDELT's formula of the day.
            let raw_line = text.split('\n').nth(number - 1).unwrap();
            let written: f64 = raw_line.split('\t').nth(4).unwrap().parse().unwrap();
            let ours: f64 = format!("{:.4}", row.day.fraction_date()).parse().unwrap();
            assert_eq!(ours, written, "line {number}");
            // Writing the row as 2.0 and reading it gives the same values.
            let mut out = String::new();
            write_v2(&row, &mut out);
            let again = parse_line(&out).unwrap();
            assert_eq!(
                Row {
                    version: row.version,
                    date_added: row.date_added,
                    ..again
                },
                row,
                "line {number}"
            );
            // Imported, exported and imported again: the same event and extras.
            if let Some(event) = cache.event(&row) {
                events += 1;
                let extras = Extras::from_row(&row);
                let mut exported = String::new();
                write_event_v2(&event, row.global_id, Some(&extras), &mut exported).unwrap();
                let back = parse_line(&exported).unwrap();
                assert_eq!(cache.event(&back).as_ref(), Some(&event), "line {number}");
                assert_eq!(Extras::from_row(&back), extras, "line {number}");
            }
        }
        assert_eq!(rows, expected);
        eprintln!(
            "{version:?}: {rows} rows, {events} events between two geokg actors, {} actor codes",
            cache.len()
        );
    }
}

/// Learns the bundled profile from the shared samples and writes `src/ingest/gdelt_profile.tsv`.
///
/// `GEOKG_WRITE_GDELT_PROFILE=1 cargo test --lib write_bundled_profile -- --ignored`
#[test]
#[ignore]
fn write_bundled_profile() {
    if std::env::var_os("GEOKG_WRITE_GDELT_PROFILE").is_none() {
        eprintln!("skipped: set GEOKG_WRITE_GDELT_PROFILE=1 to rewrite the bundled profile");
        return;
    }
    let (v2, v1) = shared_samples().expect("../shared/data/gdelt is needed");
    let rows: Vec<Row<'_>> = lines(&v2)
        .chain(lines(&v1))
        .map(|(_, row)| row.unwrap())
        .collect();
    let mut profile = Profile::learn(&rows).trimmed(250, 150);
    profile.first_day = Day::new(2019, 1, 1).unwrap();
    profile.days = 365;
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ingest/gdelt_profile.tsv");
    std::fs::write(path, profile.to_tsv()).unwrap();
}

/// `cargo test --release --lib gdelt_speed -- --ignored --nocapture`
#[test]
#[ignore]
fn gdelt_speed() {
    use std::time::Instant;
    let n = 1_000_000;
    let profile = Profile::bundled();
    let start = Instant::now();
    let mut bytes = Vec::with_capacity(400 * n);
    profile.generate(n as u64, 42, &mut bytes).unwrap();
    let generated = start.elapsed();
    let text = String::from_utf8(bytes).unwrap();
    eprintln!(
        "generate: {n} rows, {:.1} MB in {:.2} s ({:.0} rows/s)",
        text.len() as f64 / 1e6,
        generated.as_secs_f64(),
        n as f64 / generated.as_secs_f64()
    );

    // The best of five passes: the machine may be busy with other work.
    let lines: Vec<&str> = text.lines().collect();
    let mut best = f64::INFINITY;
    let mut sum = 0u64;
    for _ in 0..5 {
        let start = Instant::now();
        for line in &lines {
            let row = parse_line(line).unwrap();
            sum = sum.wrapping_add(row.global_id) ^ u64::from(row.num_mentions);
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    eprintln!(
        "parse_line: {n} rows in {best:.3} s (best of 5): {:.0} rows/s, {:.0} MB/s (checksum {sum})",
        n as f64 / best,
        text.len() as f64 / 1e6 / best
    );

    if let Some((v2, v1)) = shared_samples() {
        // Real rows, with GDELT's long tones: both samples 400 times, best of three.
        let lines: Vec<&str> = v2.lines().chain(v1.lines()).collect();
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let start = Instant::now();
            for _ in 0..400 {
                for line in &lines {
                    let row = parse_line(line).unwrap();
                    sum = sum.wrapping_add(row.global_id);
                }
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        let rows = 400 * lines.len();
        eprintln!(
            "parse_line on the shared samples: {rows} rows in {best:.3} s (best of 3): {:.0} rows/s",
            rows as f64 / best
        );
    }

    let start = Instant::now();
    let mut cache = ActorCache::new(Dictionary::bundled());
    let mut events = 0;
    for line in text.lines() {
        let row = parse_line(line).unwrap();
        if cache.event(&row).is_some() {
            events += 1;
        }
    }
    let elapsed = start.elapsed();
    eprintln!(
        "parse_line + ActorCache::event: {n} rows, {events} events in {:.3} s ({:.0} rows/s)",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64()
    );

    let rows: Vec<Row<'_>> = text
        .lines()
        .take(200_000)
        .map(|line| parse_line(line).unwrap())
        .collect();
    let start = Instant::now();
    let mut out = String::with_capacity(100 << 20);
    for row in &rows {
        write_v2(row, &mut out);
    }
    let elapsed = start.elapsed();
    eprintln!(
        "write_v2: {} rows in {:.3} s ({:.0} rows/s)",
        rows.len(),
        elapsed.as_secs_f64(),
        rows.len() as f64 / elapsed.as_secs_f64()
    );
}

#[test]
fn fast_number_parsing_agrees_with_the_standard_library() {
    let mut samples: Vec<String> = [
        "0",
        "-0",
        "-0.0",
        "1.9",
        "-10",
        "3.4",
        "2.02774813233724",
        "-123.133",
        "49.25",
        "0.5",
        ".5",
        "+3",
        "1e3",
        "12345678",
        "1234567.8",
        "0.0000001",
        "-77.0364",
        "38.8951",
        "999999999999999.9",
        "1234567890123456789",
    ]
    .iter()
    .map(|raw| raw.to_string())
    .collect();
    // Pseudo-random decimals of every length and scale.
    let mut state: u64 = 12_345;
    for _ in 0..20_000 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let digits = (state >> 33) % 10_u64.pow((state % 12) as u32 + 1);
        let text = digits.to_string();
        let point = (state >> 8) as usize % (text.len() + 1);
        let sign = if state & 1 == 0 { "-" } else { "" };
        samples.push(if point == 0 || point == text.len() {
            format!("{sign}{text}")
        } else {
            format!("{sign}{}.{}", &text[..point], &text[point..])
        });
    }
    for raw in &samples {
        assert_eq!(
            float32(raw, "x").ok().map(f32::to_bits),
            raw.parse::<f32>().ok().map(f32::to_bits),
            "{raw}"
        );
        assert_eq!(
            coordinate(raw, "x").ok().flatten().map(f64::to_bits),
            raw.parse::<f64>().ok().map(f64::to_bits),
            "{raw}"
        );
    }
}

#[test]
fn fraction_dates_are_written_as_gdelt_rounds_them() {
    let mut day = Day::new(1979, 1, 1).unwrap();
    while day.year() < 2031 {
        let mut out = String::new();
        push_fraction_date(&mut out, day);
        assert_eq!(out, format!("{:.4}", day.fraction_date()), "{day}");
        day = Day::from_days(day.days() + 1);
    }
}

#[test]
fn dates_added_keep_their_raw_value() {
    for raw in [20_191_024_143_000_u64, 20_130_203, 20_250_813_000_000] {
        let added = DateAdded::from_raw(raw).unwrap();
        assert_eq!(added.raw(), raw);
        assert_eq!(DateAdded::parse(&raw.to_string()), Some(added));
    }
    assert_eq!(
        DateAdded::from_raw(20_130_203).unwrap().v2(),
        20_130_203_000_000
    );
    for bad in [
        0,
        123,
        2_013_020,
        20_130_230,
        20_191_024_246_000,
        201_910_241_430_000,
    ] {
        assert_eq!(DateAdded::from_raw(bad), None, "{bad}");
    }
    assert_eq!(DateAdded::parse("2019102414300"), None);
    assert_eq!(DateAdded::parse("2019102414300a"), None);
}

#[test]
fn a_profile_learned_row_by_row_is_the_same() {
    let texts = [line(&v2_fields()), line(&v1_fields(true))];
    let mut builder = ProfileBuilder::default();
    for text in &texts {
        // Each row is dropped once counted.
        builder.add(&parse_line(text).unwrap());
    }
    let rows: Vec<Row<'_>> = texts.iter().map(|text| parse_line(text).unwrap()).collect();
    assert_eq!(builder.finish(), Profile::learn(&rows));
}

#[test]
fn lines_are_numbered_and_blank_ones_skipped() {
    let row = line(&v2_fields());
    let text = format!("\u{feff}{row}\r\n\r\nnot a row\n{row}\n");
    let results: Vec<(usize, bool)> = lines(&text)
        .map(|(number, parsed)| (number, parsed.is_ok()))
        .collect();
    assert_eq!(results, [(1, true), (3, false), (4, true)]);
}
