//! Property tests of the readers and the extractor on hostile input: text assembled from
//! fragments that have broken them before (coordinated clauses without an end, run-on lines,
//! repeated sentences, stray quotes and brackets, multi-byte letters, control characters),
//! JSON Lines with broken records, GDELT rows with wrong columns and PETRARCH dictionary lines
//! cut anywhere. None may panic; extraction keeps its bounds. How fast they run is measured by
//! the `extract-shapes` benchmark, not here.

use geokg::extract::{self, petrarch};
use geokg::ingest::{self, gdelt, Defaults};
use geokg::model::Document;
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "Pakistan",
    "India",
    " visited ",
    " met ",
    " and ",
    " accused ",
    " of ",
    " who ",
    ", which ",
    ", ",
    ". ",
    "\n",
    "\"",
    "(",
    ")",
    " said ",
    " Prime Minister Shehbaz Sharif",
    " the foreign ministers of ",
    " they ",
    " its ",
    "Hamas",
    " attacked ",
    " talks with ",
    " in Kabul",
    "Ñandú 東京 ",
    "\u{1b}[31m",
    "\t",
    "WASHINGTON (Reuters) - ",
    " on Tuesday",
    "PakistanvisitedIndia",
    " is sentenced",
    " was arrested in ",
    "Nice, France",
    " both countries ",
    " each other ",
    " him ",
    " her",
];

fn hostile_text(max_fragments: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..max_fragments)
        .prop_map(|parts| parts.concat())
}

/// Text that never ends a sentence: every piece of it is cut by the sentence cap.
fn run_on_text(max_fragments: usize) -> impl Strategy<Value = String> {
    let fragments: Vec<&str> = FRAGMENTS
        .iter()
        .copied()
        .filter(|fragment| !fragment.contains(['.', '\n']))
        .collect();
    prop::collection::vec(prop::sample::select(fragments), 0..max_fragments)
        .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn extraction_never_panics_and_keeps_its_bounds(
        text in prop_oneof![hostile_text(600), run_on_text(1500)],
    ) {
        let document = Document::from_text(&text);
        let extraction = extract::extract(&document);
        let n_chars = text.chars().count();
        prop_assert!(extraction.events.len() <= extract::MAX_EVENTS_PER_DOCUMENT);
        for event in &extraction.events {
            let evidence = &event.evidence;
            prop_assert!(evidence.start <= evidence.end && evidence.end <= n_chars);
            // No sentence is coded longer than the cap, however the text runs on.
            prop_assert!(evidence.sentence.len() <= extract::MAX_SENTENCE_BYTES);
            let sentence: String = text.chars().skip(evidence.start).take(evidence.end - evidence.start).collect();
            prop_assert_eq!(&sentence, &evidence.sentence);
        }
    }

    #[test]
    fn json_lines_never_panic(lines in prop::collection::vec(
        prop::sample::select(&[
            "{\"text\": \"Pakistan met India.\"}",
            "{\"text\": \"Pakistan met India.\", \"date\": \"2025-13-45\"}",
            "{\"text\": 7}",
            "{\"id\": \"a\", \"text\": \"\"}",
            "{\"text\": \"unterminated",
            "[1, 2]",
            "\u{feff}{\"text\": \"Iran met Iraq.\"}",
            "",
            "   ",
            "not json",
            "{\"text\": \"x\", \"text\": \"y\"}",
        ][..]), 0..20)) {
        let bytes = lines.join("\n").into_bytes();
        let defaults = Defaults::default();
        let mut numbers = Vec::new();
        for (line, parsed) in ingest::json_lines(&bytes, &defaults) {
            numbers.push(line);
            if let Ok(document) = parsed {
                prop_assert!(!document.text.trim().is_empty());
            }
        }
        // Line numbers are those of the file, strictly increasing.
        prop_assert!(numbers.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn gdelt_rows_never_panic(fields in prop::collection::vec(
        prop::sample::select(&["", "20250507", "PAK", "IND", "190", "19", "-10.0", "x", "1", "2025", "PAKGOV", "\u{e9}", "99999999999999999999"][..]),
        0..70)) {
        let line = fields.join("\t");
        if let Ok(row) = gdelt::parse_line(&line) {
            // A row that parses can be written back out.
            let mut out = String::new();
            gdelt::write_v2(&row, &mut out);
            prop_assert!(!out.is_empty());
        }
        for (number, _) in gdelt::lines(&format!("{line}\n{line}")) {
            prop_assert!(number >= 1);
        }
    }

    #[test]
    fn petrarch_readers_never_panic(lines in prop::collection::vec(
        prop::sample::select(&[
            "--- MEET  [040] ---",
            "MEET",
            "- * WITH [040]",
            "- * [",
            "+ {",
            "&SYNONYM",
            "+MEET",
            "PAKISTAN_ [PAK]",
            "IMRAN_KHAN_ [PAKGOV 180818-220410]",
            "[PAKGOV >",
            "+MINISTER_ [~GOV]",
            "!minist!",
            "<!-- -->",
            "# comment",
            "---STOP---",
            "~~FINISH",
            "",
            "\u{e9}\u{e9} [",
        ][..]), 0..30)) {
        let text = lines.join("\n");
        let verbs = petrarch::verbs("verbs.txt", &text, true);
        let actors = petrarch::actors(&[("actors.txt", &text)]);
        let agents = petrarch::agents("agents.txt", &text);
        // Every problem is named by its file and a line of it.
        let n_lines = text.lines().count().max(1);
        for error in verbs.errors.iter().chain(&actors.errors).chain(&agents.errors) {
            prop_assert!(error.line >= 1 && error.line <= n_lines, "{error}");
        }
    }
}

#[test]
fn a_run_on_text_is_coded_in_bounded_pieces_and_repeats_once() {
    // 800 coordinated clauses with no full stop: once cubic in their number.
    let run_on = "Pakistan visited India and ".repeat(800);
    let extraction = extract::extract(&Document::from_text(&run_on));
    assert!(extraction
        .diagnostics
        .iter()
        .any(|diagnostic| diagnostic.message.contains("runs on past 2000 bytes")));
    assert!(!extraction.events.is_empty());
    assert!(extraction
        .events
        .iter()
        .all(|event| event.evidence.sentence.len() <= extract::MAX_SENTENCE_BYTES));

    // The same sentence a thousand times is one statement, coded once.
    let repeated = "Pakistan accused India of shelling its posts. ".repeat(1000);
    let extraction = extract::extract(&Document::from_text(&repeated));
    let once = extract::extract(&Document::from_text(
        "Pakistan accused India of shelling its posts.",
    ));
    assert_eq!(extraction.events.len(), once.events.len());
    assert!(!once.events.is_empty());
    assert!(extraction
        .diagnostics
        .iter()
        .any(|diagnostic| diagnostic.message
            == "999 sentences repeat earlier ones of the document: each coded once"));
}
