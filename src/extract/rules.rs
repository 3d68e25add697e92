//! Event rules: from the triggers and mentions of one sentence to coded, directed events.
//!
//! The actor before a trigger is the source and the actor after it the target ("was attacked
//! by" swaps them); visits are mirrored by the host's 043; intended visits and meetings become
//! 036, refused ones 125; negated triggers, reported speech and teasers give nothing.
//! Where no rule matches with confidence there is no event: this module has no fallback code.

use std::collections::HashSet;

use crate::model::{Actor, CameoCode, EventKind};

use super::dict::{Dictionary, Family, Shape, Trigger};
use super::lexicon::{Form, READINGS};
use super::mentions::Mention;

/// An event before it gets its document, date and evidence.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub source: Actor,
    pub target: Actor,
    pub code: CameoCode,
    pub kind: EventKind,
    pub rule: String,
    /// Byte spans in the document of the source, the target and the trigger.
    pub source_span: (usize, usize),
    pub target_span: (usize, usize),
    pub trigger_span: (usize, usize),
}

/// What became of one trigger of a sentence, for explanations.
#[derive(Debug, Clone)]
pub(crate) struct TriggerTrace {
    pub start: usize,
    pub end: usize,
    /// Index of the trigger tried last in `Dictionary::triggers`.
    pub trigger: usize,
    pub rule: String,
    /// The drafts it made, as a range of the sentence's drafts.
    pub drafts: std::ops::Range<usize>,
    /// Why it made none.
    pub reason: Option<&'static str>,
}

/// Ok when a rule applied; the reason it did not otherwise.
type Outcome = Result<(), &'static str>;

/// A trigger found in the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TriggerHit {
    pub start: usize,
    pub end: usize,
    /// The phrase: an index of `Dictionary::trigger_groups`.
    pub trigger: usize,
    /// The form its first word has in the text ("visited" is `Past`).
    pub form: Form,
    /// Every phrase that matches the span, best first, with the form of its first word.
    pub readings: [(usize, Form); READINGS],
    pub n_readings: usize,
}

/// Finds every trigger in `text[start..end]`, in one pass over its words.
pub(crate) fn scan_triggers(
    dictionary: &Dictionary,
    text: &str,
    start: usize,
    end: usize,
) -> Vec<TriggerHit> {
    dictionary
        .lexicon
        .scan(&text[start..end])
        .into_iter()
        .map(|found| TriggerHit {
            start: start + found.start,
            end: start + found.end,
            trigger: found.readings()[0].0,
            form: found.readings()[0].1,
            readings: found.readings,
            n_readings: found.n_readings,
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
const FORWARD_BARRIERS: [&str; 19] = [
    "for",
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

/// Quantity words before "of" that leave the actor after it the head: "hundreds of troops".
const QUANTITIES: [&str; 14] = [
    "hundreds",
    "thousands",
    "dozens",
    "scores",
    "tens",
    "some",
    "many",
    "most",
    "all",
    "one",
    "two",
    "group",
    "members",
    "millions",
];

const NEGATIONS: [&str; 7] = ["not", "never", "no", "neither", "nor", "cannot", "without"];

/// Words before a trigger that make it a plan rather than a fact: "will visit", "to meet".
const INTENT: [&str; 14] = [
    "will", "would", "to", "shall", "may", "might", "could", "should", "agreed", "invited", "can",
    "pledged", "ready", "willing",
];

/// Words that express a wish or plan: "wants to help" is an intent to aid (033), "plans to
/// attack" a threat (138).
const WANT: [&str; 27] = [
    "want",
    "wants",
    "wanted",
    "hope",
    "hopes",
    "hoped",
    "intend",
    "intends",
    "intended",
    "plan",
    "plans",
    "planned",
    "planning",
    "vow",
    "vows",
    "vowed",
    "promise",
    "promised",
    "promises",
    "offered",
    "offers",
    "threatened",
    "threatens",
    "threaten",
    "would",
    "seeks",
    "seeking",
];

/// Words that make a plan an arranged event, coded as the event itself, as the anchor coders
/// do: "is scheduled to attend", "is due to meet".
const ARRANGED: [&str; 9] = [
    "scheduled",
    "due",
    "set",
    "expected",
    "prepared",
    "preparing",
    "slated",
    "poised",
    "about",
];

/// Words after an actor that show a visit is not diplomatic: "the Brazilian team visited".
const NOT_DIPLOMATIC: [&str; 24] = [
    "team",
    "teams",
    "squad",
    "club",
    "side",
    "players",
    "fans",
    "supporters",
    "tourists",
    "company",
    "companies",
    "firm",
    "firms",
    "airline",
    "exhibitors",
    "athletes",
    "band",
    "orchestra",
    "students",
    "pilgrims",
    "cyclists",
    "runners",
    "footballers",
    "cricketers",
];

/// Words after a visited place that show a visit is not diplomatic: "visited Qatar for a match".
const NOT_DIPLOMATIC_AFTER: [&str; 16] = [
    "match",
    "friendly",
    "tournament",
    "fair",
    "expo",
    "exhibition",
    "concert",
    "holiday",
    "vacation",
    "league",
    "cup",
    "championship",
    "race",
    "tour",
    "festival",
    "game",
];

/// Nouns of events one attends: "attend the summit in Doha".
const EVENT_NOUNS: [&str; 22] = [
    "summit",
    "meeting",
    "meetings",
    "conference",
    "talks",
    "games",
    "olympics",
    "ceremony",
    "forum",
    "funeral",
    "inauguration",
    "session",
    "celebrations",
    "parade",
    "opening",
    "gathering",
    "assembly",
    "negotiations",
    "commemoration",
    "celebration",
    "festivities",
    "swearing-in",
];

/// Adverbs allowed between a passive verb and "by": "was released yesterday by".
const PASSIVE_ADVERBS: [&str; 12] = [
    "yesterday",
    "today",
    "overnight",
    "earlier",
    "later",
    "again",
    "also",
    "repeatedly",
    "reportedly",
    "allegedly",
    "recently",
    "himself",
];

/// Verbs of saying after which a pronoun subject is the speaker: "Israel said it would free".
const SAYING: [&str; 14] = [
    "said",
    "says",
    "announced",
    "announces",
    "stated",
    "declared",
    "insisted",
    "added",
    "confirmed",
    "indicated",
    "signalled",
    "signaled",
    "promised",
    "pledged",
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

    /// Applies every trigger, left to right, and returns the events; with a trace, also
    /// what became of each trigger.
    pub fn run(mut self, mut trace: Option<&mut Vec<TriggerTrace>>) -> Vec<Draft> {
        let dictionary = self.dictionary;
        for hit_idx in 0..self.triggers.len() {
            let hit = self.triggers[hit_idx];
            let first_draft = self.drafts.len();
            let first = dictionary.trigger_groups[hit.trigger][0];
            let mut last = (first, Err("inside the phrase of an earlier trigger"));
            // Every line of every phrase read at this span, best phrase first.
            let alternatives = hit.readings[..hit.n_readings]
                .iter()
                .flat_map(|(group, form)| {
                    dictionary.trigger_groups[*group]
                        .iter()
                        .map(move |trigger| (*trigger, *form))
                });
            if !self.consumed_triggers[hit_idx] {
                for (trigger_idx, form) in alternatives {
                    let trigger = &dictionary.triggers[trigger_idx];
                    let noun = matches!(trigger.shape, Shape::Noun | Shape::Talks | Shape::Pair);
                    if noun && matches!(form, Form::Past | Form::Ing) {
                        // "visited" is no visit noun; the verb lines of the phrase apply.
                        continue;
                    }
                    let hit = TriggerHit { form, ..hit };
                    let outcome = match trigger.shape {
                        Shape::Noun => self.visit_noun(hit, trigger),
                        Shape::Talks => self.talks(hit, trigger),
                        Shape::Object => self.decline_object(hit_idx, hit, trigger),
                        Shape::Pair => self.war(hit, trigger),
                        Shape::Verb => self.verb(hit, trigger),
                        Shape::Appeal => self.appeal(hit_idx, hit, trigger),
                        Shape::Claim => self.claim(hit_idx, hit, trigger),
                        Shape::Attend => self.attend(hit, trigger),
                        Shape::Denial => {
                            self.consume_after(hit_idx, true);
                            Err("a denial: what follows is not coded")
                        }
                    };
                    let made = self.drafts.len() > first_draft;
                    let outcome = match outcome {
                        Ok(()) if !made => Err("already coded for these actors"),
                        other => other,
                    };
                    // A negation decides for every reading; keep it as the reason.
                    if last.1 != Err("negated") || made {
                        last = (trigger_idx, outcome);
                    }
                    if made {
                        break;
                    }
                }
            }
            if let Some(trace) = trace.as_deref_mut() {
                let trigger = &dictionary.triggers[last.0];
                let rule = self.drafts[first_draft..].first().map_or_else(
                    || rule_id(trigger, shape_name(trigger.shape)),
                    |draft| draft.rule.clone(),
                );
                trace.push(TriggerTrace {
                    start: hit.start,
                    end: hit.end,
                    trigger: last.0,
                    rule,
                    drafts: first_draft..self.drafts.len(),
                    reason: last.1.err(),
                });
            }
        }
        self.drafts
    }

    /// Marks every later trigger of the clause as used: what follows is reported or requested.
    fn consume_after(&mut self, hit_idx: usize, whole_sentence: bool) {
        let pos = self.triggers[hit_idx].end;
        let (_, clause_end) = self.clause_bounds(pos);
        let limit = if whole_sentence { self.end } else { clause_end };
        for idx in hit_idx + 1..self.triggers.len() {
            if self.triggers[idx].start >= pos && self.triggers[idx].start < limit {
                self.consumed_triggers[idx] = true;
            }
        }
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

    /// The direct object inside a phrase with a gap: "engaged Filipino peacekeepers in a
    /// firefight", "expelled two Indian diplomats"; not the nationality of the phrase's noun
    /// ("launched Iranian missiles at Israel").
    fn object_inside(&self, hit: TriggerHit) -> Option<usize> {
        let head_end = hit.start
            + self.text[hit.start..hit.end]
                .find(|c: char| c.is_whitespace())
                .unwrap_or(hit.end - hit.start);
        let (idx, mention) = self
            .mentions
            .iter()
            .enumerate()
            .find(|(_, mention)| mention.start > head_end && mention.start < hit.end)?;
        let gap_ok = words(&self.text[head_end..mention.start]).all(|word| {
            DETERMINERS.iter().any(|det| det.eq_ignore_ascii_case(word))
                || QUANTITIES.iter().any(|q| q.eq_ignore_ascii_case(word))
                || word.bytes().all(|b| b.is_ascii_digit())
        }) && words(&self.text[head_end..mention.start]).count() <= 2;
        let next = words(&self.text[mention.end.min(hit.end)..hit.end])
            .next()
            .unwrap_or("");
        let modifier = mention.actor.kind == crate::model::ActorKind::State
            && next.starts_with(|c: char| c.is_lowercase())
            && !PREPOSITIONS
                .iter()
                .any(|prep| prep.eq_ignore_ascii_case(next));
        (gap_ok && !modifier).then_some(idx)
    }

    /// Mentions within a trigger's words after its first word ("expelled two Indian diplomats").
    fn mentions_inside(&self, hit: TriggerHit) -> Vec<usize> {
        let head_end = hit.start
            + self.text[hit.start..hit.end]
                .find(|c: char| c.is_whitespace())
                .unwrap_or(hit.end - hit.start);
        self.mentions
            .iter()
            .enumerate()
            .filter(|(_, mention)| mention.start > head_end && mention.end <= hit.end)
            .map(|(idx, _)| idx)
            .take(1)
            .collect()
    }

    /// The words of a trigger as the text has them, in lower case.
    fn surface(&self, hit: TriggerHit) -> String {
        self.text[hit.start..hit.end].to_ascii_lowercase()
    }

    /// Whether a trigger's first word is a past tense or participle ("visited", "struck").
    fn past(&self, hit: TriggerHit) -> bool {
        hit.form == Form::Past || self.surface(hit).ends_with("ed")
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
        // "hundreds of UN troops": the quantity, not the preposition, heads the phrase.
        if word.eq_ignore_ascii_case("of") {
            let quantity = before.next().unwrap_or("");
            if QUANTITIES.iter().any(|q| q.eq_ignore_ascii_case(quantity))
                || quantity.bytes().all(|b| b.is_ascii_digit())
            {
                return false;
            }
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
                // "Israel said it would free ...": the pronoun is the speaker.
                if speaker_acts(gap) && !mention.blocked && !self.after_preposition(mention) {
                    found = Some(idx);
                }
                break;
            }
            // "X, who met Y": the relative pronoun right after X; elsewhere "who" starts another subject.
            if words(gap)
                .skip(1)
                .any(|word| word.eq_ignore_ascii_case("who"))
            {
                break;
            }
            // "gave permission to Russia to help": the object of the first verb is the
            // subject of the second, which is not coded.
            if self.consumed_targets[idx] && words(gap).eq(["to"]) {
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
            || barrier_in(gap)
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
        let mut from = from.max(self.start);
        // A position counted back in bytes may fall inside a character.
        while from < to && !self.text.is_char_boundary(from) {
            from += 1;
        }
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

    /// How the words before a trigger frame it: a fact, a wish, a plan or an arranged event.
    fn mode(&self, pos: usize) -> Mode {
        if self.refused(pos) {
            return Mode::Refused;
        }
        let any = |list: &[&str]| {
            self.words_before(pos, 3)
                .any(|word| list.iter().any(|item| item.eq_ignore_ascii_case(word)))
        };
        if any(&WANT) {
            Mode::Want
        } else if any(&ARRANGED) {
            Mode::Arranged
        } else if any(&INTENT) {
            Mode::Intent
        } else {
            Mode::Plain
        }
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

    /// The code a trigger gets in its frame, with the kind and rule form, or why none.
    fn frame(
        &self,
        trigger: &Trigger,
        pos: usize,
        negated: bool,
    ) -> Result<(&'static str, Option<EventKind>, &'static str), &'static str> {
        let code = trigger.code.as_str();
        let root = trigger.code.root();
        let mode = self.mode(pos);
        let consult = matches!(trigger.family, Family::Visit | Family::Host | Family::Meet)
            || (root == "04" && trigger.family != Family::Decline);
        let cooperative = matches!(root, "03" | "05" | "06" | "07" | "08");
        let violent = matches!(root, "15" | "18" | "19" | "20")
            || matches!(trigger.family, Family::Conflict | Family::War);
        if negated {
            // "would not provide support": a refusal of what was asked.
            if (consult || cooperative) && matches!(mode, Mode::Want | Mode::Intent) {
                return Ok((reject_code(root), None, "rejected"));
            }
            return Err("negated");
        }
        if trigger.family == Family::Decline {
            return Ok((code, Some(EventKind::DeclinedVisit), "verb"));
        }
        match mode {
            Mode::Refused if consult => Ok(("125", Some(EventKind::DeclinedVisit), "refused")),
            Mode::Refused if cooperative => Ok((reject_code(root), None, "refused")),
            Mode::Refused => Err("refused: nothing done"),
            Mode::Want | Mode::Intent if consult => Ok((intent_code(code), None, "intent")),
            Mode::Want if violent => Ok(("138", None, "threat")),
            Mode::Intent | Mode::Arranged if violent => Err("intent: not an act"),
            Mode::Want if cooperative => Ok((intent_code(code), None, "intent")),
            Mode::Want if root == "16" => Ok(("130", None, "threat")),
            _ => Ok((code, None, "verb")),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        source: usize,
        target: usize,
        code: &str,
        kind: Option<EventKind>,
        rule: &str,
        trigger: (usize, usize),
    ) {
        let (source, target) = (&self.mentions[source], &self.mentions[target]);
        if source.actor.id == target.actor.id {
            return;
        }
        // A state's government and the state itself are one actor ("the Canadian government
        // ... Canada"); rebels or police against their state are two.
        let whole = |actor: &Actor| actor.id.as_str() == actor.country;
        let governs = |actor: &Actor| actor.cameo.ends_with("GOV");
        if source.actor.country == target.actor.country
            && ((whole(&source.actor) && governs(&target.actor))
                || (whole(&target.actor) && governs(&source.actor)))
        {
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
            source_span: (source.start, source.end),
            target_span: (target.start, target.end),
            trigger_span: trigger,
        });
    }

    /// Emits a directed event and its mirror where the family has one (042 and 043).
    #[allow(clippy::too_many_arguments)]
    fn emit_family(
        &mut self,
        family: Family,
        source: usize,
        target: usize,
        code: &str,
        kind: Option<EventKind>,
        rule: &str,
        trigger: (usize, usize),
    ) {
        let visit = matches!(family, Family::Visit | Family::Host);
        let (source_actor, target_actor) =
            (&self.mentions[source].actor, &self.mentions[target].actor);
        // A visit inside one's own country is no diplomatic visit.
        if visit
            && (source_actor.country == target_actor.id.as_str()
                || target_actor.country == source_actor.id.as_str())
        {
            return;
        }
        self.emit(source, target, code, kind, rule, trigger);
        match (family, code) {
            (Family::Visit, "042") => self.emit(target, source, "043", None, rule, trigger),
            (Family::Host, "043") => self.emit(target, source, "042", None, rule, trigger),
            _ => {}
        }
        self.consumed_targets[target] = true;
    }

    /// Whether the trigger's cue words follow it in the clause ("fired ... at").
    fn has_cue(&self, pos: usize, trigger: &Trigger) -> bool {
        if trigger.with.is_empty() {
            return true;
        }
        let (_, clause_end) = self.clause_bounds(pos);
        words(&self.text[pos..clause_end.max(pos)])
            .take(8)
            .any(|word| {
                trigger
                    .with
                    .iter()
                    .any(|cue| cue.eq_ignore_ascii_case(word))
            })
    }

    /// "was attacked by", "were released yesterday by": the byte offset after "by".
    fn passive_by(&self, hit: TriggerHit, trigger: &Trigger) -> Option<usize> {
        let before = self.word_before(hit.start);
        let auxiliary = [
            "was", "were", "been", "being", "is", "are", "be", "get", "got",
        ]
        .iter()
        .any(|aux| aux.eq_ignore_ascii_case(before));
        let participle = !trigger.phrase.contains(' ') && self.past(hit);
        if !(auxiliary || participle) {
            return None;
        }
        let rest = &self.text[hit.end..self.end];
        let mut after = words(rest);
        let first = after.next().unwrap_or("");
        let by_word = if first.eq_ignore_ascii_case("by") {
            1
        } else if PASSIVE_ADVERBS.contains(&first.to_ascii_lowercase().as_str())
            && after
                .next()
                .is_some_and(|word| word.eq_ignore_ascii_case("by"))
        {
            2
        } else {
            return None;
        };
        let mut offset = 0;
        for _ in 0..by_word {
            let trimmed = rest[offset..].trim_start_matches(|c: char| !c.is_alphanumeric());
            let word_start = rest.len() - trimmed.len();
            let word_len = words(trimmed).next().map_or(0, str::len);
            offset = word_start + word_len;
        }
        Some(hit.end + offset)
    }

    /// "were killed in", "had been arrested": the subject suffered the act and nobody did it.
    fn passive_without_agent(&self, hit: TriggerHit) -> bool {
        let first_word = self.text[hit.start..hit.end]
            .split(' ')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let participle = self.past(hit)
            || [
                "struck", "shot", "hit", "seized", "beaten", "taken", "held", "freed",
            ]
            .contains(&first_word.as_str());
        let auxiliary = [
            "was", "were", "been", "being", "is", "are", "be", "get", "got",
        ]
        .iter()
        .any(|aux| aux.eq_ignore_ascii_case(self.word_before(hit.start)));
        participle && auxiliary
    }

    /// Source before, target after; "was attacked by" swaps them, and so does a `reverse`
    /// trigger ("received weapons from").
    fn verb(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        if !self.has_cue(hit.end, trigger) {
            return Err("cue word missing after the trigger");
        }
        let before = self.word_before(hit.start);
        if matches!(trigger.family, Family::Visit)
            && ["on", "of", "against", "for", "ban", "bans"]
                .iter()
                .any(|word| word.eq_ignore_ascii_case(before))
        {
            return Err("a noun after a preposition, not a verb");
        }
        if self.surface(hit) == "struck" {
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
                return Err("not an attack: struck a deal");
            }
        }
        let by_end = self.passive_by(hit, trigger);
        if by_end.is_none() && !trigger.reverse && self.passive_without_agent(hit) {
            return Err("passive with no agent");
        }
        let next = words(&self.text[hit.end..self.end]).next().unwrap_or("");
        if by_end.is_none()
            && !trigger.phrase.contains(' ')
            && self.past(hit)
            && ["in", "at", "near", "during", "over", "on"]
                .iter()
                .any(|prep| prep.eq_ignore_ascii_case(next))
            && matches!(trigger.family, Family::Conflict | Family::Other)
            && !RECIPROCAL_CONFLICT.contains(&trigger.phrase.as_str())
        {
            return Err("passive with no agent: \"killed in\"");
        }
        let (sources, targets) = if let Some(by_end) = by_end {
            let agents: Vec<usize> = self
                .objects_after(by_end, 3)
                .into_iter()
                .filter(|idx| {
                    !words(&self.text[by_end..self.mentions[*idx].start])
                        .any(|word| word.eq_ignore_ascii_case("to"))
                })
                .collect();
            (agents, self.subject_before(hit.start))
        } else if trigger.reverse {
            (
                self.objects_after_where(hit.end, trigger.reach, true),
                self.subject_before(hit.start),
            )
        } else {
            let places = trigger.family != Family::Meet;
            let mut targets = self.object_inside(hit).into_iter().collect::<Vec<_>>();
            if targets.is_empty() {
                targets = self.objects_after_where(hit.end, trigger.reach, places);
            }
            if targets.is_empty() {
                // "expelled two Indian diplomats": the target inside the trigger's own words.
                targets = self.mentions_inside(hit);
            }
            (self.subject_before(hit.start), targets)
        };
        let Some(first_source) = sources.first() else {
            return Err(if by_end.is_some() {
                "no agent after \"by\""
            } else if trigger.reverse {
                "no source after the trigger"
            } else {
                "no source before the trigger"
            });
        };
        let subject_end = if by_end.is_some() || trigger.reverse {
            targets
                .first()
                .map_or(hit.start.saturating_sub(24), |idx| self.mentions[*idx].end)
        } else {
            self.mentions[*first_source].end
        };
        let negated = self.negated(subject_end, hit.start);
        let (code, kind, form) = self.frame(trigger, hit.start, negated)?;
        if matches!(trigger.family, Family::Visit) && code.starts_with("04") {
            self.diplomatic(&sources, &targets)?;
        }
        let rule = match form {
            "verb" if kind == Some(EventKind::DeclinedVisit) => {
                format!("declined.verb:{}", slug(&trigger.phrase))
            }
            "refused" if kind == Some(EventKind::DeclinedVisit) => {
                format!("declined.verb:refused-to-{}", slug(&trigger.phrase))
            }
            "verb" if by_end.is_some() => rule_id(trigger, "passive"),
            form => rule_id(trigger, form),
        };
        let span = (hit.start, hit.end);
        if targets.is_empty() {
            let mutual = trigger.mutual
                || trigger.family == Family::Meet
                || (trigger.family == Family::Conflict
                    && RECIPROCAL_CONFLICT.contains(&trigger.phrase.as_str()));
            if mutual && sources.len() >= 2 {
                let rule = rule_id(trigger, "reciprocal");
                for &source in &sources {
                    for &target in &sources {
                        self.emit(source, target, code, kind, &rule, span);
                    }
                }
                return Ok(());
            }
            return Err("no target after the trigger");
        }
        let family = if code == trigger.code.as_str() {
            trigger.family
        } else {
            Family::Other
        };
        for &source in &sources {
            for &target in &targets {
                let target = self.other_side_of_pair(source, target);
                self.emit_family(family, source, target, code, kind, &rule, span);
            }
        }
        Ok(())
    }

    /// In "Pakistan-US relations" a Pakistani source acts towards the other side of the pair.
    fn other_side_of_pair(&self, source: usize, target: usize) -> usize {
        let joined = |left: usize, right: usize| {
            right < self.mentions.len()
                && self.mentions[left].end <= self.mentions[right].start
                && {
                    let gap = &self.text[self.mentions[left].end..self.mentions[right].start];
                    matches!(gap, "-" | "–" | "—")
                }
        };
        let same_country =
            |idx: usize| self.mentions[idx].actor.country == self.mentions[source].actor.country;
        if same_country(target) && joined(target, target + 1) && !same_country(target + 1) {
            return target + 1;
        }
        if same_country(target)
            && target > 0
            && joined(target - 1, target)
            && !same_country(target - 1)
        {
            return target - 1;
        }
        target
    }

    /// Sports, business and tourist visits are not diplomatic.
    fn diplomatic(&self, sources: &[usize], targets: &[usize]) -> Outcome {
        let next_word = |pos: usize| {
            let rest = &self.text[pos..self.end];
            let rest = rest
                .strip_prefix("'s")
                .or_else(|| rest.strip_prefix("’s"))
                .unwrap_or(rest);
            words(rest).next().unwrap_or("").to_ascii_lowercase()
        };
        if sources
            .iter()
            .any(|idx| NOT_DIPLOMATIC.contains(&next_word(self.mentions[*idx].end).as_str()))
        {
            return Err("not a diplomatic visit");
        }
        if let Some(&last) = targets.last() {
            let after = &self.text[self.mentions[last].end..self.end];
            if words(after).take(5).any(|word| {
                NOT_DIPLOMATIC_AFTER.contains(&word.to_ascii_lowercase().as_str())
                    || word.eq_ignore_ascii_case("stadium")
            }) {
                return Err("not a diplomatic visit");
            }
        }
        Ok(())
    }

    /// "X urged Y to ...", "X called on Y to ...": an appeal to Y; what Y is asked to do is
    /// not coded as done.
    fn appeal(&mut self, hit_idx: usize, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        let targets = self.objects_after(hit.end, trigger.reach.min(3));
        let Some(&last) = targets.last() else {
            return Err("no target after the trigger");
        };
        let rest = &self.text[self.mentions[last].end..self.end];
        if !(rest.starts_with(" to ") || rest.starts_with(" for ")) {
            return Err("no \"to\" after the addressee");
        }
        self.consume_after(hit_idx, false);
        if ["might", "may", "could", "would", "should"]
            .iter()
            .any(|modal| modal.eq_ignore_ascii_case(self.word_before(hit.start)))
        {
            return Err("intent: only a wish");
        }
        let sources = self.subject_before(hit.start);
        self.check_sources(&sources, hit.start)?;
        let rule = rule_id(trigger, "appeal");
        let span = (hit.start, hit.end);
        for &source in &sources {
            for &target in &targets {
                self.emit(source, target, trigger.code.as_str(), None, &rule, span);
            }
        }
        Ok(())
    }

    /// "X alleged that Y ...": X accuses Y; the reported clause is not coded as fact.
    fn claim(&mut self, hit_idx: usize, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        self.consume_after(hit_idx, true);
        let next = words(&self.text[hit.end..self.end]).next().unwrap_or("");
        let pronoun = ["it", "they", "we"]
            .iter()
            .any(|pronoun| pronoun.eq_ignore_ascii_case(next));
        // "X claimed that they had attacked Y": X claims responsibility (015) toward Y.
        let (targets, code) = if pronoun {
            (self.objects_after(hit.end, 6), "015")
        } else {
            (self.objects_after(hit.end, 2), trigger.code.as_str())
        };
        let Some(&target) = targets.first() else {
            return Err("no actor at the head of the reported clause");
        };
        let mut sources = self.subject_before(hit.start);
        if sources.is_empty() {
            // "a report released in the Rwandan capital alleged": the place speaks.
            let (clause_start, _) = self.clause_bounds(hit.start);
            if let Some(idx) = self.mentions.iter().rposition(|mention| {
                mention.end <= hit.start && mention.start >= clause_start && !mention.blocked
            }) {
                sources.push(idx);
            }
        }
        self.check_sources(&sources, hit.start)?;
        let rule = rule_id(trigger, "claim");
        for &source in &sources {
            self.emit(source, target, code, None, &rule, (hit.start, hit.end));
        }
        Ok(())
    }

    /// A rule needs a source, and no negation between it and the trigger ("did not meet").
    fn check_sources(&self, sources: &[usize], trigger_start: usize) -> Outcome {
        let Some(&first_source) = sources.first() else {
            return Err("no source before the trigger");
        };
        if self.negated(self.mentions[first_source].end, trigger_start) {
            return Err("negated");
        }
        Ok(())
    }

    /// The first of `nouns` within `max_words` words after `from` in its clause, as a byte span
    /// and the lower-case word; with `stop_at_comma`, a comma or semicolon ends the search.
    fn noun_after(
        &self,
        from: usize,
        nouns: &[&str],
        max_words: usize,
        stop_at_comma: bool,
    ) -> Option<(usize, usize, String)> {
        let (_, clause_end) = self.clause_bounds(from);
        let mut offset = from;
        for word in self.text[from..clause_end]
            .split_inclusive(char::is_whitespace)
            .take(max_words)
        {
            let bare = word.trim().trim_end_matches([',', '.', ';']);
            let lower = bare.to_ascii_lowercase();
            if nouns.contains(&lower.as_str()) {
                let start = offset + word.find(bare).unwrap_or(0);
                return Some((start, start + bare.len(), lower));
            }
            if stop_at_comma && word.contains([',', ';']) {
                return None;
            }
            offset += word.len();
        }
        None
    }

    /// "attend the Beijing Olympics", "attend a summit in Switzerland": a visit to the place
    /// of the event.
    fn attend(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        let Some((noun_start, noun_end, _)) = self.noun_after(hit.end, &EVENT_NOUNS, 5, false)
        else {
            return Err("no event noun after the trigger");
        };
        let inside = self
            .mentions
            .iter()
            .rposition(|mention| mention.start >= hit.end && mention.end <= noun_start);
        let place = inside.or_else(|| {
            self.objects_after_where(noun_end, trigger.reach, true)
                .first()
                .copied()
        });
        let Some(place) = place else {
            return Err("no place for the event");
        };
        let sources = self.subject_before(hit.start);
        let Some(&first_source) = sources.first() else {
            return Err("no source before the trigger");
        };
        let negated = self.negated(self.mentions[first_source].end, hit.start);
        let (code, kind, form) = self.frame(trigger, hit.start, negated)?;
        let rule = rule_id(trigger, form);
        let family = if code == trigger.code.as_str() {
            trigger.family
        } else {
            Family::Other
        };
        for &source in &sources {
            self.emit_family(
                family,
                source,
                place,
                code,
                kind,
                &rule,
                (hit.start, hit.end),
            );
        }
        Ok(())
    }

    /// "visit" and "trip": a verb after a modal or a subject, else a noun whose visitor is a
    /// possessor ("Munir's visit"), an "of" phrase or the subject of a light verb ("paid a
    /// visit"), and whose place is an adjective ("the U.S. visit") or a "to"/"in" phrase.
    fn visit_noun(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        let before = self.word_before(hit.start);
        let surface = self.surface(hit);
        let is_verb_form = matches!(surface.as_str(), "visit" | "visits");
        let modal = INTENT
            .iter()
            .chain(&WANT)
            .chain(&ARRANGED)
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
        if is_verb_form && (modal || (subject_right_before && surface == "visits")) {
            return self.verb(hit, trigger);
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
                        return Err("the visitor is someone's relative or party");
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
        let Some(visitor) = visitor else {
            return Err("no visitor for the visit noun");
        };
        if place.is_none() {
            let rest = &self.text[after..self.end];
            if rest.starts_with(" to ") || rest.starts_with(" in ") {
                place = self.objects_after(after, 3).first().copied();
            }
        }
        let Some(place) = place else {
            return Err("no place for the visit");
        };
        if self.negated(self.mentions[visitor].end, hit.start) {
            return Err("negated");
        }
        self.diplomatic(&[visitor], &[place])?;
        let (code, rule) = if planned || self.intended(hit.start) {
            ("036", rule_id(trigger, "intent"))
        } else {
            ("042", rule_id(trigger, "noun"))
        };
        let family = if code == "042" {
            Family::Visit
        } else {
            Family::Other
        };
        self.emit_family(
            family,
            visitor,
            place,
            code,
            None,
            &rule,
            (hit.start, hit.end),
        );
        Ok(())
    }

    fn intended(&self, pos: usize) -> bool {
        matches!(self.mode(pos), Mode::Want | Mode::Intent)
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
    fn talks(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        let span = (hit.start, hit.end);
        if let Some((first, second)) = self.hyphenated_pair_before(hit.start) {
            let rule = rule_id(trigger, "compound");
            let code = trigger.code.as_str();
            self.emit(first, second, code, None, &rule, span);
            self.emit(second, first, code, None, &rule, span);
            return Ok(());
        }
        let rest = &self.text[hit.end..self.end];
        if self.surface(hit) == "talks" {
            if rest.starts_with(" between ") {
                let sides = self.objects_after(hit.end + 9, 2);
                let rule = rule_id(trigger, "between");
                for &first in &sides {
                    for &second in &sides {
                        self.emit(first, second, trigger.code.as_str(), None, &rule, span);
                    }
                }
                return Ok(());
            }
            return Err("no pair of sides for the talks");
        }
        let targets = self.objects_after(hit.end, 4);
        if targets.is_empty() {
            return Err("no target after the trigger");
        }
        let (owner, _, planned) = self.possessor_and_place(hit.start);
        let sources = match owner {
            Some(idx) => vec![idx],
            None => self.subject_before(hit.start),
        };
        self.check_sources(&sources, hit.start)?;
        let (code, rule) = if planned || self.intended(hit.start) {
            ("036", rule_id(trigger, "intent"))
        } else {
            (trigger.code.as_str(), rule_id(trigger, "noun"))
        };
        for &source in &sources {
            for &target in &targets {
                self.emit_family(Family::Meet, source, target, code, None, &rule, span);
            }
        }
        Ok(())
    }

    /// "declined a White House visit", "cancelled his trip to X", "turned down an invitation from X".
    fn decline_object(
        &mut self,
        trigger_idx: usize,
        hit: TriggerHit,
        trigger: &Trigger,
    ) -> Outcome {
        let noun = self.noun_after(hit.end, &OBJECT_NOUNS, 8, true);
        let Some((noun_start, noun_end, noun_word)) = noun else {
            return Err("no visit, trip, invitation or meeting after the trigger");
        };
        let sources = self.subject_before(hit.start);
        self.check_sources(&sources, hit.start)?;
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
        if targets.is_empty() {
            return Err("no target after the trigger");
        }
        let rule = format!("declined.noun:{}-{}", slug(&trigger.phrase), noun_word);
        for &source in &sources {
            for &target in &targets {
                self.emit(
                    source,
                    target,
                    trigger.code.as_str(),
                    Some(EventKind::DeclinedVisit),
                    &rule,
                    (hit.start, noun_end),
                );
                self.consumed_targets[target] = true;
            }
        }
        Ok(())
    }

    /// Conflict nouns: "the Pak-India conflict", "war between X and Y", "X's war against Y",
    /// "Israeli shelling in Gaza".
    fn war(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        let code = trigger.code.as_str();
        let span = (hit.start, hit.end);
        let pair = self.hyphenated_pair_before(hit.start);
        let phrase_start = pair.map_or(hit.start, |(first, _)| self.mentions[first].start);
        if self.names_past_event(phrase_start) {
            return Err("a past event named as background (\"the 1971 war\", \"since the war\")");
        }
        if let Some((first, second)) = pair {
            let rule = rule_id(trigger, "compound");
            self.emit(first, second, code, None, &rule, span);
            self.emit(second, first, code, None, &rule, span);
            return Ok(());
        }
        let rest = &self.text[hit.end..self.end];
        if rest.starts_with(" between ") {
            let sides = self.objects_after(hit.end + 9, 2);
            let rule = rule_id(trigger, "between");
            for &first in &sides {
                for &second in &sides {
                    self.emit(first, second, code, None, &rule, span);
                }
            }
            return Ok(());
        }
        let (owner, place, _) = self.possessor_and_place(hit.start);
        let adjective = owner.is_none() && place.is_some();
        let owner = owner.or(place).or_else(|| {
            let subject = *self.subject_before(hit.start).first()?;
            let gap = &self.text[self.mentions[subject].end..hit.start];
            words(gap)
                .any(|word| LAUNCH_VERBS.contains(&word))
                .then_some(subject)
        });
        let Some(owner) = owner else {
            return Err("no attacker for the conflict noun");
        };
        // "the shelling of Gaza": the object of the noun is its target.
        let prepositions: &[&str] = if adjective {
            &[" on ", " against ", " with ", " of ", " in ", " at "]
        } else {
            &[" on ", " against ", " with ", " of ", " at "]
        };
        for preposition in prepositions {
            if rest.starts_with(preposition) {
                let targets = self.objects_after(hit.end + preposition.len(), 6);
                let rule = rule_id(trigger, "noun");
                for target in targets {
                    self.emit(owner, target, code, None, &rule, span);
                }
                return Ok(());
            }
        }
        Err("no target after the conflict noun")
    }

    /// Whether the noun phrase starting at `phrase_start` names an earlier event: a year in it
    /// ("the 2025 India-Pakistan conflict"), or "since"/"during" before it ("since the war").
    fn names_past_event(&self, phrase_start: usize) -> bool {
        let mut seen = 0;
        for word in self.words_before(phrase_start, 4) {
            seen += 1;
            let year = word.len() == 4
                && word.bytes().all(|b| b.is_ascii_digit())
                && matches!(&word[..2], "18" | "19" | "20");
            if year {
                return true;
            }
            let determiner = DETERMINERS.iter().any(|det| det.eq_ignore_ascii_case(word));
            if ["since", "during"]
                .iter()
                .any(|prep| prep.eq_ignore_ascii_case(word))
            {
                return true;
            }
            // Only the determiner and adjectives of the phrase itself, and one word before it.
            if seen >= 2 && !determiner {
                break;
            }
        }
        false
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
    "clash",
    "clashed",
    "fight",
    "fought",
    "exchange fire",
    "exchanged fire",
    "trade fire",
    "traded fire",
    "skirmish",
    "skirmished",
];

/// Whether a gap holds a word that ends the search for a target; "over 150" is a quantity.
fn barrier_in(gap: &str) -> bool {
    let mut gap_words = words(gap).peekable();
    while let Some(word) = gap_words.next() {
        let barrier = FORWARD_BARRIERS
            .iter()
            .any(|barrier| barrier.eq_ignore_ascii_case(word));
        let quantity = ["over", "about"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word))
            && gap_words
                .peek()
                .is_some_and(|next| next.starts_with(|c: char| c.is_ascii_digit()));
        if barrier && !quantity {
            return true;
        }
    }
    false
}

/// "said it would", "announced that they will": a verb of saying, then a pronoun subject
/// that stands for the speaker, and no other speech.
fn speaker_acts(gap: &str) -> bool {
    let mut rest = words(gap).skip_while(|word| {
        !SAYING
            .iter()
            .any(|saying| saying.eq_ignore_ascii_case(word))
    });
    if rest.next().is_none() {
        return false;
    }
    let mut next = rest.next().unwrap_or("");
    if next.eq_ignore_ascii_case("that") {
        next = rest.next().unwrap_or("");
    }
    let pronoun = ["it", "they", "he", "she", "we"]
        .iter()
        .any(|pronoun| pronoun.eq_ignore_ascii_case(next));
    pronoun
        && !rest.any(|word| {
            SPEECH
                .iter()
                .any(|speech| speech.eq_ignore_ascii_case(word))
        })
}

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
            "01" => "statement",
            "02" => "appeal",
            "03" => "intent",
            "04" => "consult",
            "05" => "cooperate",
            "06" => "cooperate",
            "07" => "aid",
            "08" => "yield",
            "09" => "investigate",
            "10" => "demand",
            "11" => "disapprove",
            "12" => "reject",
            "13" => "threaten",
            "14" => "protest",
            "15" => "posture",
            "16" => "sanction",
            "17" => "coerce",
            "18" => "assault",
            _ => "conflict",
        },
    };
    format!("{family}.{form}:{}", slug(&trigger.phrase))
}

/// How the words before a trigger frame it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Plain,
    /// "wants to", "plans to", "would".
    Want,
    /// "will", "to", "agreed to".
    Intent,
    /// "is scheduled to", "is due to".
    Arranged,
    /// "refused to", "declined to".
    Refused,
}

/// The CAMEO code of the intent to do what a code says: 042 becomes 036, 07x becomes 033.
fn intent_code(code: &str) -> &'static str {
    match code {
        "045" => "037",
        _ if code.starts_with("04") => "036",
        "072" => "0332",
        "073" => "0333",
        _ if code.starts_with("05") => "032",
        _ if code.starts_with("06") => "031",
        _ if code.starts_with("07") => "033",
        "084" | "0841" | "0842" => "0353",
        "085" => "0354",
        "087" => "0356",
        _ if code.starts_with("08") => "035",
        _ => "030",
    }
}

/// The CAMEO code of refusing what a root offers: no meeting is 125, no aid 121.
fn reject_code(root: &str) -> &'static str {
    match root {
        "04" => "125",
        "06" | "07" => "121",
        "08" => "124",
        _ => "120",
    }
}

fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Verb => "verb",
        Shape::Noun => "noun",
        Shape::Talks => "talks",
        Shape::Object => "object",
        Shape::Pair => "pair",
        Shape::Appeal => "appeal",
        Shape::Claim => "claim",
        Shape::Attend => "attend",
        Shape::Denial => "denial",
    }
}
