//! Event rules: from the triggers and mentions of one sentence to coded, directed events.
//!
//! The actor before a trigger is the source and the actor after it the target ("was attacked
//! by" swaps them); visits are mirrored by the host's 043; intended visits and meetings become
//! 036, refused ones 125; negated triggers, reported speech and teasers give nothing.
//! Where no rule matches with confidence there is no event: this module has no fallback code.

use std::collections::HashSet;

use crate::model::{Actor, CameoCode, EventKind};

use super::dict::{Dictionary, Family, Shape, Trigger};
use super::mentions::{at_word_boundaries, Mention};

/// An event before it gets its document, date and evidence.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub source: Actor,
    pub target: Actor,
    pub code: CameoCode,
    pub kind: EventKind,
    pub rule: String,
}

/// A trigger found in the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TriggerHit {
    pub start: usize,
    pub end: usize,
    pub trigger: usize,
}

/// Finds every trigger in the text, in one pass.
pub(crate) fn scan_triggers(dictionary: &Dictionary, text: &str) -> Vec<TriggerHit> {
    dictionary
        .trigger_automaton
        .find_iter(text)
        .filter(|found| at_word_boundaries(text, found.start(), found.end()))
        .map(|found| TriggerHit {
            start: found.start(),
            end: found.end(),
            trigger: found.pattern().as_usize(),
        })
        .collect()
}

/// Words that end the search for a source: what follows is someone's reported speech.
const SPEECH: [&str; 21] = [
    "he",
    "she",
    "they",
    "it",
    "him",
    "them",
    "we",
    "said",
    "says",
    "say",
    "told",
    "tells",
    "claimed",
    "claims",
    "stated",
    "noted",
    "added",
    "reported",
    "according",
    "that",
    "which",
];

/// Nouns that a place name before them modifies: "the Budapest meeting", "the U.S. visit".
const MODIFIED_NOUNS: [&str; 18] = [
    "visit",
    "trip",
    "meeting",
    "meetings",
    "summit",
    "talks",
    "conference",
    "capital",
    "embassy",
    "community",
    "border",
    "delegation",
    "team",
    "deal",
    "agreement",
    "proposal",
    "base",
    "sites",
];

/// Subjects that launch strikes: "Israel launched waves of air strikes on Iran".
const LAUNCH_VERBS: [&str; 8] = [
    "launched",
    "launches",
    "carried",
    "carries",
    "conducted",
    "conducts",
    "began",
    "stepped",
];

const DETERMINERS: [&str; 9] = [
    "the", "a", "an", "his", "her", "their", "its", "first", "this",
];

/// Words that end the search for a target.
const FORWARD_BARRIERS: [&str; 18] = [
    "after",
    "before",
    "while",
    "amid",
    "as",
    "following",
    "over",
    "despite",
    "because",
    "since",
    "when",
    "where",
    "said",
    "says",
    "that",
    "which",
    "who",
    "but",
];

const PREPOSITIONS: [&str; 26] = [
    "in",
    "at",
    "to",
    "from",
    "with",
    "of",
    "for",
    "by",
    "on",
    "into",
    "against",
    "over",
    "near",
    "about",
    "between",
    "amid",
    "toward",
    "towards",
    "across",
    "after",
    "before",
    "despite",
    "including",
    "like",
    "than",
    "behind",
];

const NEGATIONS: [&str; 7] = ["not", "never", "no", "neither", "nor", "cannot", "without"];

const INTENT: [&str; 23] = [
    "will",
    "would",
    "to",
    "shall",
    "may",
    "might",
    "could",
    "should",
    "plans",
    "planned",
    "plan",
    "planning",
    "expected",
    "scheduled",
    "due",
    "set",
    "intends",
    "intend",
    "hopes",
    "wants",
    "agreed",
    "invited",
    "can",
];

const REFUSALS: [&str; 8] = [
    "refused",
    "refuses",
    "declined",
    "declines",
    "rejected",
    "refusing",
    "declining",
    "refuse",
];

const LIGHT_VERBS: [&str; 14] = [
    "made",
    "makes",
    "paid",
    "pays",
    "began",
    "begins",
    "concluded",
    "concludes",
    "wrapped",
    "undertook",
    "embarked",
    "embarks",
    "started",
    "starts",
];

const OBJECT_NOUNS: [&str; 11] = [
    "visit",
    "visits",
    "trip",
    "invitation",
    "invite",
    "meeting",
    "meetings",
    "summit",
    "talks",
    "tour",
    "call",
];

const PLANNED: [&str; 7] = [
    "planned",
    "upcoming",
    "proposed",
    "expected",
    "possible",
    "scheduled",
    "future",
];

/// The rules' view of one sentence.
pub(crate) struct SentenceRules<'a> {
    dictionary: &'a Dictionary,
    text: &'a str,
    start: usize,
    end: usize,
    mentions: &'a [Mention],
    triggers: &'a [TriggerHit],
    /// Byte offsets where a new clause begins.
    clause_breaks: Vec<usize>,
    consumed_targets: Vec<bool>,
    consumed_triggers: Vec<bool>,
    pairs: HashSet<(usize, String, String)>,
    coded: HashSet<(String, String, &'static str)>,
    drafts: Vec<Draft>,
}

impl<'a> SentenceRules<'a> {
    /// Prepares the rules for the sentence `text[start..end]`.
    pub fn new(
        dictionary: &'a Dictionary,
        text: &'a str,
        (start, end): (usize, usize),
        mentions: &'a [Mention],
        triggers: &'a [TriggerHit],
    ) -> SentenceRules<'a> {
        let sentence = &text[start..end];
        let mut clause_breaks = Vec::new();
        // One pass over the commas and semicolons, one search for " but ".
        for (idx, mark) in sentence.match_indices([',', ';', '–', '—']) {
            let rest = &sentence[idx + mark.len()..];
            let breaks = match mark {
                ";" => true,
                "," => [" while ", " whereas ", " which ", " although "]
                    .iter()
                    .any(|word| rest.starts_with(word)),
                _ => rest.starts_with(' ') && sentence[..idx].ends_with(' '),
            };
            if breaks {
                clause_breaks.push(start + idx);
            }
        }
        clause_breaks.extend(sentence.match_indices(" but ").map(|(idx, _)| start + idx));
        clause_breaks.sort_unstable();
        SentenceRules {
            dictionary,
            text,
            start,
            end,
            mentions,
            triggers,
            clause_breaks,
            consumed_targets: vec![false; mentions.len()],
            consumed_triggers: vec![false; triggers.len()],
            pairs: HashSet::new(),
            coded: HashSet::new(),
            drafts: Vec::new(),
        }
    }

    /// Applies every trigger, left to right, and returns the events.
    pub fn run(mut self) -> Vec<Draft> {
        for trigger_idx in 0..self.triggers.len() {
            if self.consumed_triggers[trigger_idx] {
                continue;
            }
            let hit = self.triggers[trigger_idx];
            let dictionary = self.dictionary;
            let trigger = &dictionary.triggers[hit.trigger];
            match (trigger.family, trigger.shape) {
                (_, Shape::Noun) => self.visit_noun(hit, trigger),
                (_, Shape::Talks) => self.talks(hit, trigger),
                (_, Shape::Object) => self.decline_object(trigger_idx, hit, trigger),
                (_, Shape::Pair) => self.war(hit, trigger),
                (_, Shape::Verb) => self.verb(hit, trigger, &rule_id(trigger, "verb")),
            }
        }
        self.drafts
    }

    fn clause_of(&self, pos: usize) -> usize {
        self.clause_breaks
            .iter()
            .take_while(|brk| **brk < pos)
            .count()
    }

    fn clause_bounds(&self, pos: usize) -> (usize, usize) {
        let clause_start = self
            .clause_breaks
            .iter()
            .rev()
            .find(|brk| **brk < pos)
            .copied()
            .unwrap_or(self.start);
        let clause_end = self
            .clause_breaks
            .iter()
            .find(|brk| **brk >= pos)
            .copied()
            .unwrap_or(self.end);
        (clause_start, clause_end)
    }

    /// The last word before a byte offset, within the sentence.
    fn word_before(&self, pos: usize) -> &'a str {
        words(&self.text[self.start..pos]).next_back().unwrap_or("")
    }

    fn words_before(&self, pos: usize, n_words: usize) -> impl Iterator<Item = &'a str> {
        words(&self.text[self.start..pos]).rev().take(n_words)
    }

    fn after_preposition(&self, mention: &Mention) -> bool {
        let mut before = words(&self.text[self.start..mention.start]).rev();
        let mut word = before.next().unwrap_or("");
        if word.eq_ignore_ascii_case("the") {
            word = before.next().unwrap_or("");
        }
        PREPOSITIONS
            .iter()
            .any(|prep| prep.eq_ignore_ascii_case(word))
    }

    /// The source of a trigger: the nearest eligible mention before it in the clause, with
    /// the mentions coordinated with it ("Pakistan and India").
    fn subject_before(&self, pos: usize) -> Vec<usize> {
        let (clause_start, _) = self.clause_bounds(pos);
        let mut found = None;
        for (idx, mention) in self.mentions.iter().enumerate().rev() {
            if mention.end > pos {
                continue;
            }
            if mention.start < clause_start {
                break;
            }
            let gap = &self.text[mention.end..pos];
            if words(gap).any(|word| {
                SPEECH
                    .iter()
                    .any(|speech| speech.eq_ignore_ascii_case(word))
            }) {
                break;
            }
            // "X, who met Y": the relative pronoun right after X; elsewhere "who" starts another subject.
            if words(gap)
                .skip(1)
                .any(|word| word.eq_ignore_ascii_case("who"))
            {
                break;
            }
            if mention.blocked
                || self.consumed_targets[idx]
                || self.after_preposition(mention)
                || self.modifies_noun(mention)
                || self.coordinated_after_preposition(idx)
            {
                continue;
            }
            found = Some(idx);
            break;
        }
        let Some(first) = found else {
            return Vec::new();
        };
        let mut group = vec![first];
        let mut current = first;
        while current > 0 {
            let previous = &self.mentions[current - 1];
            let gap = self.text[previous.end..self.mentions[current].start].trim();
            if !is_coordination(gap, true) || previous.blocked || previous.start < clause_start {
                break;
            }
            current -= 1;
            group.insert(0, current);
        }
        group
    }

    /// "between Iran and the United States": the second of a pair after a preposition.
    fn coordinated_after_preposition(&self, mut idx: usize) -> bool {
        while idx > 0 {
            let previous = &self.mentions[idx - 1];
            let gap = self.text[previous.end..self.mentions[idx].start].trim();
            if !is_coordination(gap, true) {
                return false;
            }
            if self.after_preposition(previous) {
                return true;
            }
            idx -= 1;
        }
        false
    }

    /// The targets of a trigger: the first mention after it in the clause, within a few words
    /// and before any comma or barrier word, with the mentions listed after it.
    fn objects_after(&self, pos: usize, max_words: usize) -> Vec<usize> {
        self.objects_after_where(pos, max_words, true)
    }

    /// As `objects_after`; without `places`, a mention after "in", "at" or "near" is a location
    /// and the search goes on to the next mention ("held talks in Tokyo with Takaichi").
    fn objects_after_where(&self, pos: usize, max_words: usize, places: bool) -> Vec<usize> {
        let (_, clause_end) = self.clause_bounds(pos);
        let mut first = None;
        let candidates = self.mentions.iter().enumerate();
        for (idx, mention) in candidates
            .filter(|(_, mention)| mention.start >= pos)
            .take(3)
        {
            let before = words(&self.text[pos..mention.start])
                .next_back()
                .unwrap_or("");
            let locative = ["in", "at", "near"]
                .iter()
                .any(|prep| prep.eq_ignore_ascii_case(before));
            if places || !locative {
                first = Some(idx);
                break;
            }
        }
        let Some(first) = first else {
            return Vec::new();
        };
        let mention = &self.mentions[first];
        if mention.end > clause_end || mention.blocked {
            return Vec::new();
        }
        let gap = &self.text[pos..mention.start];
        let n_words = words(gap).count();
        if gap.contains([',', ';', ':', '(', '.']) && !gap.trim().is_empty()
            || n_words > max_words
            || words(gap).any(|word| {
                FORWARD_BARRIERS
                    .iter()
                    .any(|barrier| barrier.eq_ignore_ascii_case(word))
            })
        {
            return Vec::new();
        }
        let mut group = vec![first];
        let mut current = first;
        while current + 1 < self.mentions.len() {
            let next = &self.mentions[current + 1];
            let gap = self.text[self.mentions[current].end..next.start].trim();
            if !is_coordination(gap, false) || next.blocked || next.end > clause_end {
                break;
            }
            current += 1;
            group.push(current);
        }
        group
    }

    /// "the Budapest meeting": a place name used as a modifier is not a subject.
    fn modifies_noun(&self, mention: &Mention) -> bool {
        let after = &self.text[mention.end..self.end];
        let determined = DETERMINERS
            .iter()
            .any(|det| det.eq_ignore_ascii_case(self.word_before(mention.start)));
        determined
            && after.starts_with(' ')
            && MODIFIED_NOUNS.contains(&words(after).next().unwrap_or(""))
    }

    fn negated(&self, from: usize, to: usize) -> bool {
        let from = from.max(self.start);
        if from >= to {
            return false;
        }
        let gap = &self.text[from..to];
        words(gap).any(|word| {
            NEGATIONS
                .iter()
                .any(|negation| negation.eq_ignore_ascii_case(word))
                || word.ends_with("n't")
                || word.ends_with("n’t")
        })
    }

    fn intended(&self, pos: usize) -> bool {
        self.words_before(pos, 3).any(|word| {
            INTENT
                .iter()
                .any(|intent| intent.eq_ignore_ascii_case(word))
        })
    }

    fn refused(&self, pos: usize) -> bool {
        let mut before = self.words_before(pos, 2);
        let to = before.next().unwrap_or("");
        let verb = before.next().unwrap_or("");
        to.eq_ignore_ascii_case("to")
            && REFUSALS
                .iter()
                .any(|refusal| refusal.eq_ignore_ascii_case(verb))
    }

    fn emit(
        &mut self,
        source: usize,
        target: usize,
        code: &str,
        kind: Option<EventKind>,
        rule: &str,
    ) {
        let (source, target) = (&self.mentions[source], &self.mentions[target]);
        if source.actor.id == target.actor.id {
            return;
        }
        let code = CameoCode::parse(code).expect("rule codes are in the code table");
        let clause = self.clause_of(source.start.max(target.start));
        let pair = (
            clause,
            source.actor.id.to_string(),
            target.actor.id.to_string(),
        );
        let coded = (pair.1.clone(), pair.2.clone(), code.as_str());
        if self.coded.contains(&coded) {
            return;
        }
        // One event per clause and ordered pair: the first trigger wins.
        if !self.pairs.insert(pair) {
            return;
        }
        self.coded.insert(coded);
        self.drafts.push(Draft {
            source: source.actor.clone(),
            target: target.actor.clone(),
            kind: kind.unwrap_or_else(|| EventKind::of_code(&code)),
            code,
            rule: rule.to_string(),
        });
    }

    /// Emits a directed event and its mirror where the family has one (042 and 043).
    fn emit_family(
        &mut self,
        family: Family,
        source: usize,
        target: usize,
        code: &str,
        kind: Option<EventKind>,
        rule: &str,
    ) {
        self.emit(source, target, code, kind, rule);
        match (family, code) {
            (Family::Visit, "042") => self.emit(target, source, "043", None, rule),
            (Family::Host, "043") => self.emit(target, source, "042", None, rule),
            _ => {}
        }
        self.consumed_targets[target] = true;
    }

    /// Source before, target after; "was attacked by" swaps them.
    fn verb(&mut self, hit: TriggerHit, trigger: &Trigger, rule: &str) {
        let before = self.word_before(hit.start);
        let after = words(&self.text[hit.end..self.end]).next().unwrap_or("");
        let auxiliary = ["was", "were", "been", "being", "is", "are", "be"]
            .iter()
            .any(|aux| aux.eq_ignore_ascii_case(before));
        let participle = trigger.phrase.ends_with("ed") && !trigger.phrase.contains(' ');
        let passive = (auxiliary || participle) && after.eq_ignore_ascii_case("by");
        let (sources, targets) = if passive {
            let by_end = hit.end + self.text[hit.end..].find("by").map_or(0, |idx| idx + 2);
            (
                self.objects_after(by_end, 4),
                self.subject_before(hit.start),
            )
        } else {
            let places = matches!(trigger.family, Family::Visit | Family::Decline);
            (
                self.subject_before(hit.start),
                self.objects_after_where(hit.end, 6, places),
            )
        };
        let Some(first_source) = sources.first() else {
            return;
        };
        let negation_from = if passive {
            hit.start.saturating_sub(24)
        } else {
            self.mentions[*first_source].end
        };
        if self.negated(negation_from, hit.start) {
            return;
        }
        if trigger.phrase == "struck" {
            let next: Vec<&str> = words(&self.text[hit.end..self.end]).take(4).collect();
            if next.iter().any(|word| {
                [
                    "deal",
                    "agreement",
                    "accord",
                    "tone",
                    "note",
                    "balance",
                    "chord",
                ]
                .contains(word)
            }) {
                return;
            }
        }
        let mut kind = None;
        let mut rule = rule.to_string();
        let code = match trigger.family {
            Family::Visit | Family::Host | Family::Meet if self.refused(hit.start) => {
                kind = Some(EventKind::DeclinedVisit);
                rule = format!("declined.verb:refused-to-{}", slug(&trigger.phrase));
                "125"
            }
            Family::Visit | Family::Host | Family::Meet if self.intended(hit.start) => {
                rule = rule_id(trigger, "intent");
                "036"
            }
            Family::Conflict | Family::Other | Family::Mediate if self.intended(hit.start) => {
                return
            }
            Family::Decline => {
                kind = Some(EventKind::DeclinedVisit);
                rule = format!("declined.verb:{}", slug(&trigger.phrase));
                trigger.code.as_str()
            }
            _ => trigger.code.as_str(),
        };
        if targets.is_empty() {
            let mutual = trigger.family == Family::Meet
                || (trigger.family == Family::Conflict
                    && RECIPROCAL_CONFLICT.contains(&trigger.phrase.as_str()));
            if mutual && sources.len() >= 2 {
                let rule = rule_id(trigger, "reciprocal");
                for &source in &sources {
                    for &target in &sources {
                        self.emit(source, target, code, kind, &rule);
                    }
                }
            }
            return;
        }
        for &source in &sources {
            for &target in &targets {
                self.emit_family(trigger.family, source, target, code, kind, &rule);
            }
        }
    }

    /// "visit" and "trip": a verb after a modal or a subject, else a noun whose visitor is a
    /// possessor ("Munir's visit"), an "of" phrase or the subject of a light verb ("paid a
    /// visit"), and whose place is an adjective ("the U.S. visit") or a "to"/"in" phrase.
    fn visit_noun(&mut self, hit: TriggerHit, trigger: &Trigger) {
        let before = self.word_before(hit.start);
        let is_verb_form = matches!(trigger.phrase.as_str(), "visit" | "visits");
        let modal = INTENT
            .iter()
            .any(|intent| intent.eq_ignore_ascii_case(before))
            || ["cannot", "did", "does", "do", "must", "never", "not"]
                .iter()
                .any(|aux| aux.eq_ignore_ascii_case(before));
        let subject_right_before = self.mentions.iter().any(|mention| {
            mention.end <= hit.start
                && self.text[mention.end..hit.start].trim().is_empty()
                && !mention.blocked
                && !DETERMINERS
                    .iter()
                    .any(|det| det.eq_ignore_ascii_case(self.word_before(mention.start)))
        });
        if is_verb_form && (modal || (subject_right_before && trigger.phrase == "visits")) {
            self.verb(hit, trigger, &rule_id(trigger, "verb"));
            return;
        }
        let (visitor, mut place, planned) = self.possessor_and_place(hit.start);
        let mut visitor = visitor;
        let mut after = hit.end;
        if visitor.is_none() {
            let rest = &self.text[hit.end..self.end];
            if rest.starts_with(" of ") || rest.starts_with(" by ") {
                let phrase_start = hit.end + 4;
                let determiner = ["a ", "an ", "the "]
                    .iter()
                    .find(|det| self.text[phrase_start..].starts_with(**det))
                    .map_or(0, |det| det.len());
                if let Some(idx) = self
                    .mentions
                    .iter()
                    .position(|mention| mention.start == phrase_start + determiner)
                {
                    if self.mentions[idx].blocked {
                        return;
                    }
                    visitor = Some(idx);
                    after = self.mentions[idx].end;
                }
            }
        }
        if visitor.is_none() {
            let subject = self.subject_before(hit.start);
            if let Some(&idx) = subject.last() {
                let gap = &self.text[self.mentions[idx].end..hit.start];
                let on_a = {
                    let mut last_two = words(gap).rev();
                    let det = last_two.next().unwrap_or("");
                    let on = last_two.next().unwrap_or("");
                    on == "on" && DETERMINERS.contains(&det)
                };
                // "during his first visit to China": the possessive pronoun is the subject.
                let pronoun = self
                    .words_before(hit.start, 3)
                    .any(|word| ["his", "her", "their"].contains(&word));
                if on_a
                    || pronoun
                    || words(gap).any(|word| {
                        LIGHT_VERBS
                            .iter()
                            .any(|light| light.eq_ignore_ascii_case(word))
                    })
                {
                    visitor = Some(idx);
                }
            }
        }
        let Some(visitor) = visitor else { return };
        if place.is_none() {
            let rest = &self.text[after..self.end];
            if rest.starts_with(" to ") || rest.starts_with(" in ") {
                place = self.objects_after(after, 3).first().copied();
            }
        }
        let Some(place) = place else { return };
        if self.negated(self.mentions[visitor].end, hit.start) {
            return;
        }
        let (code, rule) = if planned || self.intended(hit.start) {
            ("036", rule_id(trigger, "intent"))
        } else {
            ("042", rule_id(trigger, "noun"))
        };
        self.emit_family(Family::Visit, visitor, place, code, None, &rule);
    }

    /// Walks back from a noun over adjectives and one place adjective to a possessor:
    /// "Munir's latest U.S. visit" gives (Munir, USA, not planned).
    fn possessor_and_place(&self, noun_start: usize) -> (Option<usize>, Option<usize>, bool) {
        let mut pos = noun_start;
        let mut place = None;
        let mut planned = false;
        for _ in 0..5 {
            let before = self.text[self.start..pos].trim_end();
            let end = self.start + before.len();
            if let Some(idx) = self.mentions.iter().position(|mention| mention.end == end) {
                if place.is_some()
                    || self.mentions[idx].actor.kind != crate::model::ActorKind::State
                {
                    return (None, place, planned);
                }
                place = Some(idx);
                pos = self.mentions[idx].start;
                continue;
            }
            if let Some(stem) = before
                .strip_suffix("'s")
                .or_else(|| before.strip_suffix("’s"))
            {
                let owner_end = self.start + stem.len();
                let owner = self
                    .mentions
                    .iter()
                    .position(|mention| mention.end == owner_end && !mention.blocked);
                return (owner, place, planned);
            }
            let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
            if word.is_empty()
                || !word.starts_with(|c: char| c.is_lowercase())
                || word.ends_with(',')
            {
                return (None, place, planned);
            }
            if ["the", "a", "an", "his", "her", "their", "its"].contains(&word) {
                return (None, place, planned);
            }
            planned |= PLANNED.contains(&word);
            pos = end - word.len();
        }
        (None, place, planned)
    }

    /// "talks with X", "meeting with X", and the reciprocal "Pak-India talks".
    fn talks(&mut self, hit: TriggerHit, trigger: &Trigger) {
        if let Some((first, second)) = self.hyphenated_pair_before(hit.start) {
            let rule = rule_id(trigger, "compound");
            let code = trigger.code.as_str();
            self.emit(first, second, code, None, &rule);
            self.emit(second, first, code, None, &rule);
            return;
        }
        let rest = &self.text[hit.end..self.end];
        if trigger.phrase == "talks" {
            if rest.starts_with(" between ") {
                let sides = self.objects_after(hit.end + 9, 2);
                let rule = rule_id(trigger, "between");
                for &first in &sides {
                    for &second in &sides {
                        self.emit(first, second, trigger.code.as_str(), None, &rule);
                    }
                }
            }
            return;
        }
        let targets = self.objects_after(hit.end, 4);
        if targets.is_empty() {
            return;
        }
        let (owner, _, planned) = self.possessor_and_place(hit.start);
        let sources = match owner {
            Some(idx) => vec![idx],
            None => self.subject_before(hit.start),
        };
        let Some(&first_source) = sources.first() else {
            return;
        };
        if self.negated(self.mentions[first_source].end, hit.start) {
            return;
        }
        let (code, rule) = if planned || self.intended(hit.start) {
            ("036", rule_id(trigger, "intent"))
        } else {
            (trigger.code.as_str(), rule_id(trigger, "noun"))
        };
        for &source in &sources {
            for &target in &targets {
                self.emit_family(Family::Meet, source, target, code, None, &rule);
            }
        }
    }

    /// "declined a White House visit", "cancelled his trip to X", "turned down an invitation from X".
    fn decline_object(&mut self, trigger_idx: usize, hit: TriggerHit, trigger: &Trigger) {
        let (_, clause_end) = self.clause_bounds(hit.end);
        let mut noun = None;
        let mut offset = hit.end;
        for word in self.text[hit.end..clause_end]
            .split_inclusive(char::is_whitespace)
            .take(8)
        {
            let bare = word.trim().trim_end_matches([',', '.', ';']);
            if OBJECT_NOUNS.contains(&bare.to_ascii_lowercase().as_str()) {
                let start = offset + word.find(bare).unwrap_or(0);
                noun = Some((start, start + bare.len(), bare.to_ascii_lowercase()));
                break;
            }
            if word.contains([',', ';']) {
                break;
            }
            offset += word.len();
        }
        let Some((noun_start, noun_end, noun_word)) = noun else {
            return;
        };
        let sources = self.subject_before(hit.start);
        let Some(&first_source) = sources.first() else {
            return;
        };
        if self.negated(self.mentions[first_source].end, hit.start) {
            return;
        }
        for (idx, other) in self.triggers.iter().enumerate() {
            if idx != trigger_idx && other.start < noun_end && other.end > hit.end {
                self.consumed_triggers[idx] = true;
            }
        }
        let inside = self
            .mentions
            .iter()
            .position(|mention| mention.start >= hit.end && mention.end <= noun_start);
        let targets = match inside {
            Some(idx) => vec![idx],
            None => self.objects_after(noun_end, 7),
        };
        let rule = format!("declined.noun:{}-{}", slug(&trigger.phrase), noun_word);
        for &source in &sources {
            for &target in &targets {
                self.emit(
                    source,
                    target,
                    trigger.code.as_str(),
                    Some(EventKind::DeclinedVisit),
                    &rule,
                );
                self.consumed_targets[target] = true;
            }
        }
    }

    /// Conflict nouns: "the Pak-India conflict", "war between X and Y", "X's war against Y".
    fn war(&mut self, hit: TriggerHit, trigger: &Trigger) {
        let code = trigger.code.as_str();
        if let Some((first, second)) = self.hyphenated_pair_before(hit.start) {
            let rule = rule_id(trigger, "compound");
            self.emit(first, second, code, None, &rule);
            self.emit(second, first, code, None, &rule);
            return;
        }
        let rest = &self.text[hit.end..self.end];
        if rest.starts_with(" between ") {
            let sides = self.objects_after(hit.end + 9, 2);
            let rule = rule_id(trigger, "between");
            for &first in &sides {
                for &second in &sides {
                    self.emit(first, second, code, None, &rule);
                }
            }
            return;
        }
        let (owner, place, _) = self.possessor_and_place(hit.start);
        let owner = owner.or(place).or_else(|| {
            let subject = *self.subject_before(hit.start).first()?;
            let gap = &self.text[self.mentions[subject].end..hit.start];
            words(gap)
                .any(|word| LAUNCH_VERBS.contains(&word))
                .then_some(subject)
        });
        let Some(owner) = owner else { return };
        for preposition in [" on ", " against ", " with "] {
            if rest.starts_with(preposition) {
                let targets = self.objects_after(hit.end + preposition.len(), 3);
                let rule = rule_id(trigger, "noun");
                for target in targets {
                    self.emit(owner, target, code, None, &rule);
                }
                return;
            }
        }
    }

    /// Two mentions joined by a hyphen or slash right before a noun, with at most two
    /// adjectives between: "Pak-India conflict", "Russia-Ukraine ceasefire talks".
    fn hyphenated_pair_before(&self, noun_start: usize) -> Option<(usize, usize)> {
        let mut before = self.text[self.start..noun_start].trim_end();
        for _ in 0..3 {
            let end = self.start + before.len();
            if let Some(second) = self.mentions.iter().position(|mention| mention.end == end) {
                if second == 0 {
                    return None;
                }
                let first = second - 1;
                let gap = &self.text[self.mentions[first].end..self.mentions[second].start];
                return matches!(gap, "-" | "–" | "/" | "‑").then_some((first, second));
            }
            let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
            if word.is_empty() || !word.starts_with(|c: char| c.is_lowercase()) {
                return None;
            }
            before = before[..before.len() - word.len()].trim_end();
        }
        None
    }
}

/// "and", ",", "and the": the words that join a list of actors; ", and" only where a new
/// clause cannot start (subjects, not objects: "talks with X, and the White House said").
/// Conflict verbs that need no object: "India and Pakistan clashed" is one event each way.
const RECIPROCAL_CONFLICT: &[&str] = &[
    "clashed",
    "fought",
    "exchanged fire",
    "traded fire",
    "skirmished",
];

fn is_coordination(gap: &str, comma_and: bool) -> bool {
    let gap = gap.trim();
    if let Some(rest) = gap.strip_suffix(" the") {
        return rest == "and" || (comma_and && rest == ", and");
    }
    matches!(gap, "and" | "," | "&" | "or") || (comma_and && gap == ", and")
}

/// Words of a text: runs of letters, digits and apostrophes.
fn words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|word| !word.is_empty())
}

fn slug(phrase: &str) -> String {
    phrase.split_whitespace().collect::<Vec<_>>().join("-")
}

/// `visit.verb:visited`, `meet.intent:meet`, `conflict.compound:conflict`.
fn rule_id(trigger: &Trigger, form: &str) -> String {
    let family = match trigger.family {
        Family::Visit => "visit",
        Family::Host => "host",
        Family::Meet => "meet",
        Family::Mediate => "mediate",
        Family::Decline => "declined",
        Family::Conflict | Family::War => "conflict",
        Family::Other => match trigger.code.root() {
            "05" => "cooperate",
            "07" => "aid",
            "11" => "disapprove",
            "13" => "threaten",
            "16" => "sanction",
            "17" => "coerce",
            _ => "event",
        },
    };
    format!("{family}.{form}:{}", slug(&trigger.phrase))
}
