//! Extraction: one `Document` in, its coded events and diagnostics out.
//!
//! The pipeline is text preparation (`text`: sentences, and the non-article parts skipped with a
//! diagnostic), actor mentions (`mentions`, over the bundled dictionaries of `dict`) and event
//! rules (`rules`). Every event keeps the sentence that proves it, with character offsets.
//! Extraction is pure: no I/O, no clock, no environment; messy text is input, never an error.

mod dict;
mod mentions;
mod rules;
mod text;

use crate::model::{Actor, ActorId, ActorKind, Document, Event, Evidence};

/// What extraction found in one document.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The events, in text order.
    pub events: Vec<Event>,
    /// Parts skipped and sentences that gave nothing, for people tuning the dictionaries.
    pub diagnostics: Vec<Diagnostic>,
}

/// A note about a span of the document text.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Offset of the span's first character in `doc.text`, counted in characters.
    pub start: usize,
    /// Offset one past the span's last character, counted in characters.
    pub end: usize,
    /// Lowercase, e.g. "skipped byline" or "sentence 3: no actor recognised".
    pub message: String,
}

/// Extracts the events of a document with the bundled dictionaries.
///
/// ```
/// use geokg::model::{Date, Document};
/// let mut doc = Document::from_text("Field Marshal Asim Munir visited Washington on Monday.");
/// doc.date = Some(Date::parse("2025-08-10").unwrap());
/// let events: Vec<String> = geokg::extract::extract(&doc).events.iter().map(ToString::to_string).collect();
/// assert_eq!(events, ["asim-munir -042-> USA", "USA -043-> asim-munir"]);
/// ```
pub fn extract(doc: &Document) -> Extraction {
    let dictionary = dict::bundled();
    let text = doc.text.as_str();
    let (sentences, skipped) = text::prepare(text);
    let hits = mentions::scan(dictionary, text);
    let trigger_hits = rules::scan_triggers(dictionary, text);

    let mut diagnostics = Vec::new();
    let mut chars = CharOffsets::new(text);
    for skip in &skipped {
        let (start, end) = (chars.at(skip.start), chars.at(skip.end));
        diagnostics.push(Diagnostic {
            start,
            end,
            message: skip.reason.to_string(),
        });
    }

    let mut chars = CharOffsets::new(text);
    let mut events = Vec::new();
    let mut memory = mentions::Memory::new(dictionary, doc.date.as_ref());
    for (sentence_idx, sentence) in sentences.iter().enumerate() {
        let sentence_hits = within(&hits, sentence.start, sentence.end, |hit| {
            (hit.start, hit.end)
        });
        let found = mentions::compose(
            text,
            (sentence.start, sentence.end),
            sentence_hits,
            &mut memory,
        );
        let sentence_triggers = within(&trigger_hits, sentence.start, sentence.end, |hit| {
            (hit.start, hit.end)
        });
        if sentence_triggers.is_empty() {
            continue;
        }
        let (start, end) = (chars.at(sentence.start), chars.at(sentence.end));
        if found.is_empty() {
            let message = format!("sentence {}: no actor recognised", sentence_idx + 1);
            diagnostics.push(Diagnostic {
                start,
                end,
                message,
            });
            continue;
        }
        let span = (sentence.start, sentence.end);
        let drafts =
            rules::SentenceRules::new(dictionary, text, span, &found, sentence_triggers).run();
        let evidence = Evidence {
            sentence: text[sentence.start..sentence.end].to_string(),
            start,
            end,
            ..Default::default()
        };
        for draft in drafts {
            let id = Event::make_id(
                &doc.id,
                start,
                draft.code.as_str(),
                &draft.source.id,
                &draft.target.id,
            );
            events.push(Event {
                id,
                source: draft.source,
                target: draft.target,
                code: draft.code,
                kind: draft.kind,
                date: doc.date.clone(),
                report_date: doc.date.clone(),
                document: doc.id.clone(),
                evidence: evidence.clone(),
                rule: draft.rule,
            });
        }
    }
    diagnostics.sort_by_key(|diagnostic| diagnostic.start);
    Extraction {
        events,
        diagnostics,
    }
}

/// An actor of the bundled dictionary by id, with its latest role; sector ids such as
/// `INDGOV` give the sector actor of a known state.
pub fn lookup_actor(id: &ActorId) -> Option<Actor> {
    let dictionary = dict::bundled();
    let raw = id.as_str();
    if let Some(entity) = dictionary.entity(raw) {
        return Some(entity.actor_on(None, false));
    }
    let roles = [
        "GOV", "MIL", "COP", "REB", "OPP", "LEG", "JUD", "SPY", "ELI",
    ];
    if raw.len() == 6 && roles.contains(&&raw[3..]) {
        let state = dictionary.entity(&raw[..3])?;
        if state.actor.kind == ActorKind::State {
            return Some(mentions::sector(dictionary, &state.actor, &raw[3..]));
        }
    }
    None
}

/// The items of a list sorted by start that lie inside `[start, end)`.
fn within<T>(items: &[T], start: usize, end: usize, span: impl Fn(&T) -> (usize, usize)) -> &[T] {
    let first = items.partition_point(|item| span(item).0 < start);
    let count = items[first..]
        .iter()
        .take_while(|item| span(item).1 <= end)
        .count();
    &items[first..first + count]
}

/// Converts increasing byte offsets to character offsets in one pass over the text.
struct CharOffsets<'t> {
    text: &'t str,
    byte: usize,
    char: usize,
}

impl<'t> CharOffsets<'t> {
    fn new(text: &'t str) -> CharOffsets<'t> {
        CharOffsets {
            text,
            byte: 0,
            char: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.char = 0;
        }
        self.char += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.char
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, EventKind};

    fn document(text: &str, date: Option<&str>) -> Document {
        let mut doc = Document::from_text(text);
        doc.date = date.map(|raw| Date::parse(raw).unwrap());
        doc
    }

    #[track_caller]
    fn check(text: &str, date: Option<&str>, expected: &[&str]) {
        let extraction = extract(&document(text, date));
        let actual: Vec<String> = extraction.events.iter().map(ToString::to_string).collect();
        assert_eq!(
            actual,
            expected,
            "rules: {:?}",
            extraction
                .events
                .iter()
                .map(|e| &e.rule)
                .collect::<Vec<_>>()
        );
    }

    const DAY: Option<&str> = Some("2025-08-10");

    #[test]
    fn a_visit_is_mirrored_by_the_host() {
        check(
            "Asim Munir visited China last week.",
            DAY,
            &["asim-munir -042-> CHN", "CHN -043-> asim-munir"],
        );
        check(
            "Prime Minister Shehbaz Sharif arrived in Riyadh on Sunday.",
            DAY,
            &["shehbaz-sharif -042-> SAU", "SAU -043-> shehbaz-sharif"],
        );
        check(
            "Egypt's foreign minister travelled to Ankara for a day.",
            DAY,
            &["EGYGOV -042-> TUR", "TUR -043-> EGYGOV"],
        );
    }

    #[test]
    fn titles_and_roles_compose_into_one_actor() {
        check(
            "Pakistan's Chief of Army Staff General Asim Munir is back in the United States for talks.",
            DAY,
            &["asim-munir -042-> USA", "USA -043-> asim-munir"],
        );
        check(
            "Indian Prime Minister Narendra Modi met with U.S. Chairman of the Joint Chiefs of Staff Gen. Charles Q. Brown in Delhi.",
            Some("2024-05-01"),
            &["narendra-modi -040-> charles-q-brown"],
        );
    }

    #[test]
    fn noun_visits_need_a_visitor_and_a_place() {
        check(
            "Erdogan's two-day visit to Qatar ended with a dinner.",
            DAY,
            &[
                "recep-tayyip-erdogan -042-> QAT",
                "QAT -043-> recep-tayyip-erdogan",
            ],
        );
        check("The Japanese visit went well, officials said.", DAY, &[]);
        check("Macron's visit was praised by many.", DAY, &[]);
    }

    #[test]
    fn future_visits_and_meetings_are_intent() {
        check(
            "Xi Jinping will visit Brazil in November.",
            DAY,
            &["xi-jinping -036-> BRA"],
        );
        check(
            "Trump and Putin plan to meet in Alaska.",
            DAY,
            &[
                "donald-trump -036-> vladimir-putin",
                "vladimir-putin -036-> donald-trump",
            ],
        );
    }

    #[test]
    fn negated_triggers_give_nothing() {
        check("Lavrov did not meet Rubio during the forum.", DAY, &[]);
        check("Modi has never visited Pakistan as premier.", DAY, &[]);
    }

    #[test]
    fn reciprocal_talks_go_both_ways() {
        check(
            "Pakistan and India held talks on Saturday.",
            DAY,
            &["PAK -040-> IND", "IND -040-> PAK"],
        );
        check(
            "Zelenskyy spoke by phone with Keir Starmer.",
            DAY,
            &["volodymyr-zelenskyy -041-> keir-starmer"],
        );
    }

    #[test]
    fn declined_and_cancelled_visits() {
        check(
            "The Brazilian president stayed away from the BRICS summit in Kazan.",
            DAY,
            &["BRAGOV -125-> IGOBRC"],
        );
        check(
            "Vladimir Putin declined an invitation to attend the talks in Turkey.",
            DAY,
            &["vladimir-putin -125-> TUR"],
        );
        check(
            "Narendra Modi declined a White House visit this summer.",
            DAY,
            &["narendra-modi -125-> USA"],
        );
        check(
            "Brazil's president cancelled his trip to Washington.",
            DAY,
            &["BRAGOV -161-> USA"],
        );
        check(
            "Iran refused to meet the Americans in Oman.",
            DAY,
            &["IRN -125-> USA"],
        );
        let events = extract(&document("Modi declined a White House visit.", DAY)).events;
        assert_eq!(events[0].kind, EventKind::DeclinedVisit);
        assert_eq!(events[0].rule, "declined.noun:declined-visit");
    }

    #[test]
    fn conflict_between_a_hyphenated_pair() {
        check(
            "Fears grew after the recent Pak-India conflict.",
            DAY,
            &["PAK -190-> IND", "IND -190-> PAK"],
        );
        check(
            "The Russia-Ukraine war entered its fourth year.",
            DAY,
            &["RUS -190-> UKR", "UKR -190-> RUS"],
        );
        check(
            "A war between Israel and Iran broke out.",
            DAY,
            &["ISR -190-> IRN", "IRN -190-> ISR"],
        );
    }

    #[test]
    fn conflict_verbs_and_the_passive() {
        check(
            "Israeli jets struck Hezbollah positions overnight.",
            DAY,
            &["ISRMIL -190-> hezbollah"],
        );
        check(
            "A Pakistani post was attacked by Afghan Taliban fighters.",
            DAY,
            &["taliban -190-> PAK"],
        );
        check(
            "Russian forces shelled Kharkiv and Ukraine.",
            DAY,
            &["RUSMIL -194-> UKR"],
        );
        check(
            "Armenia and Azerbaijan clashed near the border on Sunday.",
            DAY,
            &["ARM -190-> AZE", "AZE -190-> ARM"],
        );
        check(
            "Thailand and Cambodia traded fire across the frontier.",
            DAY,
            &["THA -190-> KHM", "KHM -190-> THA"],
        );
        check("Rival fans clashed after the match.", DAY, &[]);
    }

    #[test]
    fn other_roots_with_a_clear_verb() {
        check(
            "The EU imposed sanctions on Belarus.",
            DAY,
            &["IGOEUR -163-> BLR"],
        );
        check(
            "China accused the Philippines of provocation.",
            DAY,
            &["CHN -112-> PHL"],
        );
        check(
            "Turkey condemned Israel over the raid.",
            DAY,
            &["TUR -111-> ISR"],
        );
    }

    #[test]
    fn reported_speech_does_not_make_the_speaker_the_actor() {
        check("Pakistan said that it attacked nobody.", DAY, &[]);
        check("Iran said Israel attacked Syria.", DAY, &["ISR -190-> SYR"]);
    }

    #[test]
    fn surnames_and_roles_resolve_within_the_document() {
        check(
            "Field Marshal Asim Munir arrived in Beijing. Later, Munir met Wang Yi. The army chief then flew to Moscow.",
            DAY,
            &[
                "asim-munir -042-> CHN",
                "CHN -043-> asim-munir",
                "asim-munir -040-> wang-yi",
                "asim-munir -042-> RUS",
                "RUS -043-> asim-munir",
            ],
        );
        check("Munir met Wang Yi.", DAY, &[]);
    }

    #[test]
    fn subject_pronouns_resolve_to_the_last_person_named() {
        check(
            "Shehbaz Sharif landed in Riyadh late on Monday. He met Mohammed bin Salman the next day.",
            DAY,
            &[
                "shehbaz-sharif -042-> SAU",
                "SAU -043-> shehbaz-sharif",
                "shehbaz-sharif -040-> mohammed-bin-salman",
            ],
        );
        check(
            "Donald Trump said that he had called off the summit with Vladimir Putin.",
            DAY,
            &["donald-trump -161-> vladimir-putin"],
        );
        check("He met the press in the afternoon.", DAY, &[]);
    }

    #[test]
    fn roles_follow_the_date_and_former_holders_are_elites() {
        let events = extract(&document("Joe Biden visited Kyiv.", Some("2023-02-20"))).events;
        assert_eq!(events[0].source.cameo, "USAGOV");
        let events = extract(&document(
            "Former Prime Minister Imran Khan visited London.",
            DAY,
        ))
        .events;
        assert_eq!(events[0].source.cameo, "PAKELI");
        let events = extract(&document("Imran Khan visited London.", Some("2019-07-01"))).events;
        assert_eq!(events[0].source.cameo, "PAKGOV");
    }

    #[test]
    fn ambiguous_names_need_context() {
        check("Denzel Washington visited Jordan Peterson.", DAY, &[]);
        check("The Washington Post visited nobody.", DAY, &[]);
        check(
            "Georgia and Turkey held talks.",
            DAY,
            &["GEO -040-> TUR", "TUR -040-> GEO"],
        );
        check("We ate turkey and visited friends.", DAY, &[]);
    }

    #[test]
    fn evidence_uses_character_offsets() {
        let text = "Ça va. Erdoğan visited Qatar.";
        let extraction = extract(&document(text, DAY));
        let evidence = &extraction.events[0].evidence;
        assert_eq!((evidence.start, evidence.end), (7, 29));
        assert_eq!(evidence.sentence, "Erdoğan visited Qatar.");
        let chars: String = text
            .chars()
            .skip(evidence.start)
            .take(evidence.end - evidence.start)
            .collect();
        assert_eq!(chars, evidence.sentence);
    }

    #[test]
    fn skipped_parts_are_diagnosed_and_give_no_events() {
        let text = "By Ali Hasan, Staff\nREAD MORE: Xi to visit Moscow\nPutin visited Beijing.\n2 Comments\nPutin visited Paris.";
        let extraction = extract(&document(text, DAY));
        let events: Vec<String> = extraction.events.iter().map(ToString::to_string).collect();
        assert_eq!(
            events,
            ["vladimir-putin -042-> CHN", "CHN -043-> vladimir-putin"]
        );
        let messages: Vec<&str> = extraction
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "skipped byline",
                "skipped teaser",
                "skipped reader comments"
            ]
        );
    }

    /// Every person the bundled sample corpus names is in the dictionary, by full name.
    #[test]
    fn persons_of_the_sample_corpus_are_known() {
        let listing = include_str!("../samples/PERSONS.md");
        let dictionary = dict::bundled();
        let mut unknown = Vec::new();
        for line in listing
            .lines()
            .filter(|line| line.matches(" | ").count() >= 3)
        {
            let name = line.split(" | ").next().unwrap_or("").trim();
            let hits = mentions::scan(dictionary, name);
            let known = matches!(hits.as_slice(), [hit] if hit.start == 0 && hit.end == name.len()
                && matches!(hit.kind, mentions::HitKind::Entity(idx)
                    if dictionary.entities[idx].actor.kind == ActorKind::Person));
            if !known {
                unknown.push(name);
            }
        }
        assert!(unknown.is_empty(), "not in persons.tsv: {unknown:?}");
    }

    /// The sample corpus yields every mission kind, and nothing from the parts that are skipped.
    /// Run with `--nocapture` to read what it yields.
    #[test]
    fn sample_corpus_yields_every_mission_kind_outside_skipped_parts() {
        let mut by_kind: std::collections::BTreeMap<EventKind, usize> = Default::default();
        for doc in crate::samples::documents() {
            let extraction = extract(&doc);
            println!("== {}", doc.id);
            for event in &extraction.events {
                println!("{event}  [{}] {:?}", event.rule, event.evidence.sentence);
                *by_kind.entry(event.kind).or_default() += 1;
                for skipped in &extraction.diagnostics {
                    let inside = (skipped.start..skipped.end).contains(&event.evidence.start);
                    assert!(
                        !inside,
                        "{event} comes from a skipped part: {}",
                        skipped.message
                    );
                }
            }
        }
        println!("{by_kind:?}");
        for kind in [
            EventKind::Visit,
            EventKind::Meeting,
            EventKind::DeclinedVisit,
            EventKind::Conflict,
        ] {
            assert!(
                by_kind.get(&kind).copied().unwrap_or(0) >= 3,
                "{kind}: {by_kind:?}"
            );
        }
    }

    #[test]
    fn lookup_finds_dictionary_and_sector_actors() {
        let munir = lookup_actor(&ActorId::parse("asim-munir").unwrap()).unwrap();
        assert_eq!(
            (munir.cameo.as_str(), munir.country.as_str()),
            ("PAKMIL", "PAK")
        );
        let india = lookup_actor(&ActorId::parse("INDGOV").unwrap()).unwrap();
        assert_eq!(india.name, "India government");
        assert!(lookup_actor(&ActorId::parse("nobody").unwrap()).is_none());
    }
}
