//! Events happen when the text says: time expressions resolved against the report date, on our
//! own test set (`tests/data/time/sentences.jsonl`) and on labelled items of the shared news
//! corpora (`tests/data/time/news.jsonl`, read only when `../shared` is there); background
//! mentions kept out of the news; one real event told by several reports.

use std::path::Path;

use geokg::extract::{time_of_event, Dictionary};
use geokg::graph::{DateField, Filter};
use geokg::model::{fnv1a, Date, Document, EventKind, Precision};
use geokg::store::Store;
use serde_json::Value;

use crate::support::shared_dir;

/// One labelled time expression: what extraction should give the event of `trigger`.
struct Case {
    what: String,
    sentence: String,
    trigger: (usize, usize),
    plan: bool,
    report: Date,
    /// `None`: background that names no time, which must make no event.
    expected: Option<(String, Precision, Option<String>)>,
    background: bool,
}

/// The outcome of the test set: exact resolutions and background kept out of the news.
#[derive(Default, Debug)]
struct Score {
    n: usize,
    exact: usize,
    n_background: usize,
    kept_out: usize,
    misses: Vec<String>,
}

fn text<'v>(record: &'v Value, field: &str, line: usize) -> &'v str {
    record[field]
        .as_str()
        .unwrap_or_else(|| panic!("line {line}: field `{field}` is not text"))
}

fn expected_of(record: &Value, line: usize) -> Option<(String, Precision, Option<String>)> {
    let date = record["date"].as_str()?;
    let precision = Precision::parse(text(record, "precision", line))
        .unwrap_or_else(|| panic!("line {line}: bad precision"));
    let end = record["date_end"].as_str().map(str::to_string);
    Some((date.to_string(), precision, end))
}

fn score(cases: &[Case]) -> Score {
    let mut score = Score::default();
    for case in cases {
        let got = time_of_event(&case.sentence, case.trigger, case.plan, Some(&case.report));
        let resolved = got.as_ref().map(|(date, time)| {
            let date = date.clone().expect("a dated report gives a dated event");
            (
                date.to_string(),
                time.precision,
                time.end_date(&date).map(|end| end.to_string()),
            )
        });
        score.n += 1;
        if resolved == case.expected {
            score.exact += 1;
        } else {
            score.misses.push(format!(
                "{}: expected {:?}, got {:?}",
                case.what, case.expected, resolved
            ));
        }
        if case.background {
            score.n_background += 1;
            // Kept out of the news: no event, or one flagged as background, never one of the
            // report's day told as news.
            if got.as_ref().is_none_or(|(_, time)| time.background) {
                score.kept_out += 1;
            } else {
                score
                    .misses
                    .push(format!("{}: background told as news", case.what));
            }
        }
    }
    score
}

fn word_span(sentence: &str, word: &str) -> (usize, usize) {
    let bytes = sentence.as_bytes();
    let at = sentence
        .match_indices(word)
        .map(|(at, _)| at)
        .find(|at| {
            let before = *at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
            let end = at + word.len();
            before && (end == bytes.len() || !bytes[end].is_ascii_alphanumeric())
        })
        .unwrap_or_else(|| panic!("`{word}` is not a word of `{sentence}`"));
    (at, at + word.len())
}

fn own_cases() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/time/sentences.jsonl");
    let data = std::fs::read_to_string(&path).expect("the test set is in the repository");
    data.lines()
        .enumerate()
        .map(|(idx, line)| {
            let record: Value = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("line {}: {error}", idx + 1));
            let sentence = text(&record, "text", idx + 1).to_string();
            let trigger = word_span(&sentence, text(&record, "trigger", idx + 1));
            Case {
                what: format!("sentences.jsonl:{} `{sentence}`", idx + 1),
                trigger,
                plan: record["plan"].as_bool().unwrap_or(false),
                report: Date::parse(text(&record, "report", idx + 1)).expect("report date"),
                expected: expected_of(&record, idx + 1),
                background: record["background"].as_bool().unwrap_or(false),
                sentence,
            }
        })
        .collect()
}

#[test]
fn our_time_expressions_resolve_to_the_labelled_day_and_precision() {
    let cases = own_cases();
    assert!(cases.len() >= 150, "the test set has {} items", cases.len());
    let score = score(&cases);
    let share = score.exact as f64 / score.n as f64;
    eprintln!(
        "own test set: {} of {} resolved exactly ({:.1}%); background kept out of the news {} of {}",
        score.exact,
        score.n,
        100.0 * share,
        score.kept_out,
        score.n_background
    );
    for miss in &score.misses {
        eprintln!("  {miss}");
    }
    assert!(share >= 0.90, "{share:.3} resolved exactly");
    assert!(score.n_background >= 10);
    assert_eq!(
        score.kept_out, score.n_background,
        "background told as news"
    );
}

#[test]
fn labelled_news_items_resolve_to_the_labelled_day_and_precision() {
    let Some(shared) = shared_dir() else {
        return;
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/time/news.jsonl");
    let labels = std::fs::read_to_string(&path).expect("the labels are in the repository");
    let mut corpora: std::collections::HashMap<String, std::collections::HashMap<String, String>> =
        std::collections::HashMap::new();
    let mut cases = Vec::new();
    for (idx, line) in labels.lines().enumerate() {
        let line_no = idx + 1;
        let record: Value = serde_json::from_str(line).expect("a JSON label");
        let corpus = text(&record, "corpus", line_no);
        let texts = corpora.entry(corpus.to_string()).or_insert_with(|| {
            let data = std::fs::read_to_string(shared.join("data/news").join(corpus))
                .unwrap_or_else(|error| panic!("{corpus}: {error}"));
            data.lines()
                .filter_map(|line| serde_json::from_str::<Value>(line).ok())
                .filter_map(|item| {
                    Some((
                        item["id"].as_str()?.to_string(),
                        item["text"].as_str()?.to_string(),
                    ))
                })
                .collect()
        });
        let id = text(&record, "record", line_no);
        let document = texts
            .get(id)
            .unwrap_or_else(|| panic!("line {line_no}: no record `{id}`"));
        let span = |field: &str| record[field].as_u64().expect("an offset") as usize;
        let sentence = &document.as_bytes()[span("start")..span("end")];
        assert_eq!(
            format!("{:016x}", fnv1a(sentence)),
            text(&record, "fingerprint", line_no),
            "line {line_no}: the corpus text changed"
        );
        cases.push(Case {
            what: format!("news.jsonl:{line_no} {id}"),
            sentence: String::from_utf8(sentence.to_vec()).expect("a span of whole characters"),
            trigger: (span("trigger_start"), span("trigger_end")),
            plan: record["plan"].as_bool().unwrap_or(false),
            report: Date::parse(text(&record, "report", line_no)).expect("report date"),
            expected: expected_of(&record, line_no),
            background: record["background"].as_bool().unwrap_or(false),
        });
    }
    assert!(cases.len() >= 50);
    let score = score(&cases);
    let share = score.exact as f64 / score.n as f64;
    eprintln!(
        "news items: {} of {} resolved exactly ({:.1}%); background kept out of the news {} of {}",
        score.exact,
        score.n,
        100.0 * share,
        score.kept_out,
        score.n_background
    );
    for miss in &score.misses {
        eprintln!("  {miss}");
    }
    // Real text is harder than ours: the figure is reported, and held above this floor.
    assert!(share >= 0.75, "{share:.3} resolved exactly");
}

fn document(id: &str, date: &str, text: &str) -> Document {
    let mut document = Document::from_text(text);
    document.id = id.to_string();
    document.date = Some(Date::parse(date).unwrap());
    document
}

#[test]
fn one_strike_told_on_three_days_is_one_event_with_three_reports() {
    let dictionary = Dictionary::bundled();
    let mut store = Store::open_in_memory().unwrap();
    // 2025-05-07 was a Wednesday.
    let reports = [
        ("a", "2025-05-07", "India struck Pakistan on Wednesday."),
        ("b", "2025-05-08", "India struck Pakistan yesterday."),
        (
            "c",
            "2025-05-20",
            "India struck Pakistan earlier this month.",
        ),
        // Another strike, a week later: another event.
        (
            "d",
            "2025-05-15",
            "India again struck Pakistan on Wednesday.",
        ),
    ];
    for (id, date, text) in reports {
        geokg::pipeline::add_document(&mut store, dictionary, &document(id, date, text)).unwrap();
    }
    let graph = store.load_graph().unwrap();
    let ind = geokg::model::ActorId::parse("IND").unwrap();
    let pak = geokg::model::ActorId::parse("PAK").unwrap();
    let records: Vec<_> = graph
        .records(&ind, &pak)
        .iter()
        .filter(|record| record.kind == EventKind::Conflict)
        .collect();
    let days: Vec<(String, u16)> = records
        .iter()
        .map(|record| (Date::from_days(record.day).to_string(), record.n_reports))
        .collect();
    assert_eq!(
        days,
        [("2025-05-07".to_string(), 3), ("2025-05-14".to_string(), 1)]
    );
    assert_eq!(records[0].precision, Precision::Day);
    let pair = graph.relation(&ind, &pak, &Filter::default()).unwrap();
    assert_eq!((pair.a_to_b.n_events, pair.a_to_b.n_reports), (2, 4));

    // The store knows the same story: every report of it, with its own sentence.
    let stories = store.stories_of(&ind, &pak).unwrap();
    let n_reports: Vec<u64> = stories.iter().map(|story| story.n_reports).collect();
    assert_eq!(n_reports, [3, 1]);
    assert_eq!(stories[0].date.as_str(), "2025-05-07");

    // Event and report dates filter differently.
    let window = |on| Filter {
        since: Some(Date::parse("2025-05-16").unwrap()),
        until: Some(Date::parse("2025-05-31").unwrap()),
        on,
        ..Filter::default()
    };
    let on_event = graph.relation(&ind, &pak, &window(DateField::Event));
    let on_report = graph.relation(&ind, &pak, &window(DateField::Report));
    assert_eq!(on_event.map(|pair| pair.a_to_b.n_events), Some(0));
    // The merged event keeps its first report (7 May): no report in the window starts one.
    assert_eq!(on_report.map(|pair| pair.a_to_b.n_events), Some(0));
    let late = Filter {
        since: Some(Date::parse("2025-05-15").unwrap()),
        on: DateField::Report,
        ..Filter::default()
    };
    assert_eq!(
        graph
            .relation(&ind, &pak, &late)
            .map(|pair| pair.a_to_b.n_events),
        Some(1)
    );
}

#[test]
fn a_background_mention_is_never_news_of_the_report_day() {
    let dictionary = Dictionary::bundled();
    let mut store = Store::open_in_memory().unwrap();
    let texts = [
        // An earlier attack that the talks follow, at its own time: a year, and the day before.
        (
            "p",
            "The talks follow an Indian attack on Pakistan in 2019.",
        ),
        (
            "q",
            "The talks follow an Indian attack on Pakistan yesterday.",
        ),
        // Background that names no time: no event rather than one on the report day.
        ("r", "The talks follow an Indian attack on Pakistan."),
    ];
    for (id, text) in texts {
        geokg::pipeline::add_document(&mut store, dictionary, &document(id, "2025-06-20", text))
            .unwrap();
    }
    let graph = store.load_graph().unwrap();
    let records = graph.records(
        &geokg::model::ActorId::parse("IND").unwrap(),
        &geokg::model::ActorId::parse("PAK").unwrap(),
    );
    let mut days: Vec<String> = records
        .iter()
        .map(|record| {
            assert!(record.background(), "{record:?}");
            Date::from_days(record.day).to_string()
        })
        .collect();
    days.sort();
    assert_eq!(days, ["2019-01-01", "2025-06-19"]);
    assert_eq!(graph.n_events(), 2);
    let news = Filter {
        news_only: true,
        ..Filter::default()
    };
    assert_eq!(graph.filtered(&news).n_events(), 0);
}

#[test]
fn the_events_csv_has_the_event_date_its_precision_and_the_report_date() {
    let doc = document(
        "r",
        "2025-06-20",
        "India and Pakistan fought from 7 to 10 May. Iran attacked Israel last year.",
    );
    let events = geokg::extract::extract(&doc).events;
    assert!(!events.is_empty());
    let mut out = Vec::new();
    geokg::export::table::events_csv(&events, &mut out).unwrap();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|field| field == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let of = |source: &str| {
        rows.iter()
            .find(|row| &row[column("Actor1Id")] == source)
            .unwrap_or_else(|| panic!("no event of {source}: {rows:?}"))
    };
    let fight = of("IND");
    assert_eq!(&fight[column("SQLDATE")], "20250507");
    assert_eq!(&fight[column("DATEADDED")], "20250620");
    assert_eq!(&fight[column("DatePrecision")], "day");
    assert_eq!(&fight[column("DateEnd")], "2025-05-10");
    assert_eq!(&fight[column("Background")], "0");
    let attack = of("IRN");
    assert_eq!(&attack[column("EventDate")], "2024-01-01");
    assert_eq!(&attack[column("ReportDate")], "2025-06-20");
    assert_eq!(&attack[column("DatePrecision")], "year");
    assert_eq!(&attack[column("DateEnd")], "");
}

/// The three reports of one strike and a second strike, as JSON Lines for `geokg ingest`.
const STRIKE_REPORTS: &str = concat!(
    r#"{"id": "a", "date": "2025-05-07", "title": "Strike at dawn", "text": "India struck Pakistan on Wednesday."}"#,
    "\n",
    r#"{"id": "b", "date": "2025-05-08", "text": "India struck Pakistan yesterday."}"#,
    "\n",
    r#"{"id": "c", "date": "2025-05-20", "text": "India struck Pakistan earlier this month."}"#,
    "\n",
    r#"{"id": "d", "date": "2025-05-15", "text": "India again struck Pakistan on Wednesday."}"#,
    "\n",
    // Undated, the day after: the same strike, which keeps the day its sharper reports name.
    r#"{"id": "e", "date": "2025-05-08", "text": "India struck Pakistan, officials said."}"#,
    "\n",
);

#[test]
fn stories_lists_each_real_event_once_with_every_report() {
    use crate::support::{geokg, stderr, stdout};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.sqlite");
    let input = dir.path().join("reports.jsonl");
    std::fs::write(&input, STRIKE_REPORTS).unwrap();
    let ingested = geokg(&db, &["ingest", input.to_str().unwrap()]);
    assert!(ingested.status.success(), "{}", stderr(&ingested));

    // For people: the story, then each report with its day and its own dating.
    let listed = geokg(&db, &["stories", "--actor", "IND"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let text = stdout(&listed);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("2025-05-07  conflict") && lines[0].contains("4 reports"),
        "{text}"
    );
    assert!(
        lines[1].contains("reported 2025-05-07 in a \"Strike at dawn\""),
        "{text}"
    );
    assert!(
        text.contains("reported 2025-05-20 in c, dated 2025-05 (month)"),
        "{text}"
    );
    assert!(!text.contains("reported 2025-05-15"), "one report: {text}");

    // For programs: one JSON line a story, its reports in the order they came.
    let json = |args: &[&str]| -> Vec<Value> {
        let output = geokg(&db, args);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    };
    let stories = json(&["stories", "--actor", "IND", "--other", "PAK", "--json"]);
    assert_eq!(stories.len(), 1);
    let story = &stories[0];
    assert_eq!(story["date"], "2025-05-07");
    assert_eq!(story["date_precision"], "day");
    assert_eq!(story["n_reports"], 4);
    assert_eq!(story["first_report"], "2025-05-07");
    assert_eq!(story["last_report"], "2025-05-20");
    assert_eq!(story["source"]["id"], "IND");
    let documents: Vec<&str> = story["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|report| report["document"].as_str().unwrap())
        .collect();
    assert_eq!(documents, ["a", "b", "e", "c"]);
    assert_eq!(story["reports"][0]["document_title"], "Strike at dawn");
    assert_eq!(story["reports"][2]["date_precision"], "report");
    assert_eq!(story["reports"][3]["date_precision"], "month");

    // Every real event once, newest first, with --min-reports 1; windows on either date.
    let all = json(&["stories", "--min-reports", "1", "--json"]);
    let days: Vec<(&str, u64)> = all
        .iter()
        .map(|story| {
            (
                story["date"].as_str().unwrap(),
                story["n_reports"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(days, [("2025-05-14", 1), ("2025-05-07", 4)]);
    let late = json(&[
        "stories",
        "--min-reports",
        "1",
        "--on",
        "report",
        "--since",
        "2025-05-10",
        "--json",
    ]);
    assert_eq!(
        late.len(),
        1,
        "the merged story was first reported on 7 May"
    );
    assert_eq!(late[0]["date"], "2025-05-14");
    assert!(json(&["stories", "--actor", "USA", "--json"]).is_empty());

    // Stories are between entities: no level to fold them to; a bad option is named.
    let bad = geokg(&db, &["stories", "--level", "country"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--level"), "{}", stderr(&bad));
    let bad = geokg(&db, &["stories", "--other", "PAK"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("`other`"), "{}", stderr(&bad));
}

#[tokio::test]
async fn the_api_lists_stories_with_their_reports() {
    let dictionary = Dictionary::bundled();
    let mut store = Store::open_in_memory().unwrap();
    for line in STRIKE_REPORTS.lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        let text = record["text"].as_str().unwrap();
        let doc = document(
            record["id"].as_str().unwrap(),
            record["date"].as_str().unwrap(),
            text,
        );
        geokg::pipeline::add_document(&mut store, dictionary, &doc).unwrap();
    }
    let server = crate::support::spawn_server_with(store).await;
    let (status, body) = server.get_json("/api/stories?actor=PAK").await;
    assert_eq!(status, 200, "{body}");
    let stories = body["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "{body}");
    assert_eq!(stories[0]["n_reports"], 4);
    assert_eq!(stories[0]["date"], "2025-05-07");
    assert_eq!(stories[0]["reports"].as_array().unwrap().len(), 4);
    assert_eq!(body["next_cursor"], Value::Null);

    let (_, paged) = server.get_json("/api/stories?min_reports=1&limit=1").await;
    assert_eq!(paged["stories"].as_array().unwrap().len(), 1);
    assert_eq!(paged["stories"][0]["date"], "2025-05-14");
    let cursor = paged["next_cursor"].as_str().unwrap().to_string();
    let (_, next) = server
        .get_json(&format!(
            "/api/stories?min_reports=1&limit=1&cursor={cursor}"
        ))
        .await;
    assert_eq!(next["stories"][0]["date"], "2025-05-07");

    let (status, body) = server.get_json("/api/stories?min_reports=some").await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("min_reports"));
    let (status, body) = server.get_json("/api/stories?other=PAK").await;
    assert_eq!(status, 400);
    assert!(
        body["error"].as_str().unwrap().contains("`other`"),
        "{body}"
    );
}

#[test]
fn exports_give_each_relation_its_first_and_last_date_at_their_precision() {
    let dictionary = Dictionary::bundled();
    let mut store = Store::open_in_memory().unwrap();
    let texts = [
        ("m", "2025-06-20", "Chile attacked Argentina in May."),
        ("n", "2025-06-20", "Chile attacked Argentina on Tuesday."),
    ];
    for (id, date, text) in texts {
        geokg::pipeline::add_document(&mut store, dictionary, &document(id, date, text)).unwrap();
    }
    let graph = store.load_graph().unwrap();
    let export = |format| {
        let mut out = Vec::new();
        geokg::export::write(&graph, format, "dates", &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    // 2025-06-20 was a Friday: Tuesday is the 17th.
    let dot = export(geokg::export::Format::Dot);
    assert!(
        dot.contains("2025-05 (month) to 2025-06-17"),
        "the relation's tooltip: {dot}"
    );
    let graphml = export(geokg::export::Format::GraphMl);
    assert!(
        graphml.contains("attr.name=\"first_precision\"")
            && graphml.contains("<data key=\"e_first_precision\">month</data>")
            && graphml.contains("<data key=\"e_last_precision\">day</data>"),
        "{graphml}"
    );
    let json: Value = serde_json::from_str(&export(geokg::export::Format::Json)).unwrap();
    let edge = &json["elements"]["edges"][0]["data"];
    assert_eq!(
        (&edge["first_precision"], &edge["last_precision"]),
        (&Value::from("month"), &Value::from("day"))
    );
    let gexf = export(geokg::export::Format::Gexf);
    assert!(gexf.contains("title=\"first_precision\""), "{gexf}");
}
