//! Event rules: from the triggers and mentions of one sentence to coded, directed events.
//!
//! The actor before a trigger is the source and the actor after it the target ("was attacked
//! by" swaps them); visits are mirrored by the host's 043; intended visits and meetings become
//! 036, refused ones 125; negated triggers, reported speech and teasers give nothing.
//! Where no rule matches with confidence there is no event: this module has no fallback code.
//!
//! Where things are: this file is the driver (finding triggers, trying each line of a phrase
//! in turn); `view` is the sentence view (clauses, subjects, objects, possessors, places);
//! `coding` turns a trigger in its frame into CAMEO codes and emits events; `shapes` holds one
//! handler per shape of lexicon line. A new verb or noun goes into `data/triggers.tsv`; a new
//! closed-class word into `data/words.tsv`; a new construction into `shapes.rs` or `view.rs`.

use std::cell::OnceCell;
use std::collections::HashSet;

use crate::model::{Actor, CameoCode, EventKind};

use super::dict::{Dictionary, Family, Shape, Trigger};
use super::lexicon::{Form, READINGS};
use super::mentions::{sector, Mention};
use super::syntax::Syntax;
use super::words::lists;

mod coding;
mod shapes;
mod tree;
mod view;

use coding::Mode;

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
    /// The form its first word has in the text under the reading being tried ("visited" is
    /// `Past`).
    pub form: Form,
    /// Every phrase that matches the span, best first, with the form of its first word.
    pub readings: [(usize, Form); READINGS],
    pub n_readings: usize,
}

impl TriggerHit {
    /// The best phrase: an index of `Dictionary::trigger_groups`.
    pub fn phrase(&self) -> usize {
        self.readings[0].0
    }
}

/// Whether one of the triggers can make an event with one actor named: a verb of the courts or
/// the police ("Imran Khan was jailed": the courts are implied), an administrative sanction
/// (172x: "Peru declared a state of emergency": on its own people), or support, criticism,
/// rejection, demands or protest in a sentence that names a bill or plan ("the Lib Dems will
/// oppose the bill": the government's), or a release of prisoners (the state's own).
pub(crate) fn may_imply_agent(
    dictionary: &Dictionary,
    hits: &[TriggerHit],
    sentence: &str,
) -> bool {
    let policy = OnceCell::new();
    let has_word = |list: &[&str]| {
        words(sentence).any(|word| list.iter().any(|noun| noun.eq_ignore_ascii_case(word)))
    };
    hits.iter().any(|hit| {
        let trigger = &dictionary.triggers[dictionary.trigger_groups[hit.phrase()][0]];
        let lemma = trigger.phrase.split([' ', '|']).next().unwrap_or("");
        let any_code = |wanted: &dyn Fn(&str) -> bool| {
            hit.readings[..hit.n_readings].iter().any(|(group, _)| {
                dictionary.trigger_groups[*group]
                    .iter()
                    .any(|&line| wanted(dictionary.triggers[line].code.as_str()))
            })
        };
        lists().court_verbs.contains(&lemma)
            || lists().police_verbs.contains(&lemma)
            || any_code(&|code| code.starts_with("172"))
            || any_code(&|code| code.starts_with("084")) && has_word(&lists().detainee_nouns)
            || any_code(&|code| matches!(code.get(..2), Some("05" | "10" | "11" | "12" | "14")))
                && *policy.get_or_init(|| has_word(&lists().policy_nouns))
    })
}

/// A cheap first test for `may_imply_agent`: whether the sentence holds the first letters of a
/// verb of the courts or the police ("arres", "sente"), a stem of an administrative sanction
/// ("curfew", "ban"), of a policy noun ("bill", "plan") or of detainees ("priso"), before its
/// triggers are looked for.
pub(crate) fn has_court_or_police_stem(sentence: &str) -> bool {
    static STEMS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let stems = STEMS.get_or_init(|| {
        let words = lists();
        words
            .court_verbs
            .iter()
            .chain(&words.police_verbs)
            .map(|lemma| &lemma[..lemma.len().min(5)])
            .chain(words.own_people_stems.iter().copied())
            .chain(words.one_actor_cues.iter().copied())
            .collect()
    });
    stems.iter().any(|stem| sentence.contains(stem))
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
            form: found.readings()[0].1,
            readings: found.readings,
            n_readings: found.n_readings,
        })
        .collect()
}

/// The rules' view of one sentence.
pub(crate) struct SentenceRules<'a> {
    dictionary: &'a Dictionary,
    text: &'a str,
    start: usize,
    end: usize,
    mentions: &'a [Mention],
    triggers: &'a [TriggerHit],
    /// The sentence's tagged words and chunks.
    syntax: Syntax,
    /// Whether the sentence is about sport (a word of the `sport` list, or a score), found
    /// when a trigger of force first asks.
    sport: std::cell::OnceCell<bool>,
    /// Byte offsets where a new clause begins.
    clause_breaks: Vec<usize>,
    consumed_targets: Vec<bool>,
    consumed_triggers: Vec<bool>,
    pairs: HashSet<(usize, String, String)>,
    coded: HashSet<(String, String, &'static str)>,
    /// Why the last emit made no event, where it was not a repeat (for `--explain`).
    refused: Option<&'static str>,
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
        syntax: Syntax,
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
            syntax,
            sport: std::cell::OnceCell::new(),
            clause_breaks,
            consumed_targets: vec![false; mentions.len()],
            consumed_triggers: vec![false; triggers.len()],
            pairs: HashSet::new(),
            coded: HashSet::new(),
            refused: None,
            drafts: Vec::new(),
        }
    }

    /// Applies every trigger, left to right, and returns the events; with a trace, also
    /// what became of each trigger.
    pub fn run(mut self, mut trace: Option<&mut Vec<TriggerTrace>>) -> Vec<Draft> {
        let dictionary = self.dictionary;
        // "agreed to lift the sanctions": a verb with "to" ("agree to") governs the verb right
        // after it, which says what was agreed; that trigger is applied first, and the
        // governing one only when it made no event.
        let n_triggers = self.triggers.len();
        let governs: Vec<bool> = (0..n_triggers)
            .map(|idx| {
                let hit = self.triggers[idx];
                let first = dictionary.trigger_groups[hit.phrase()][0];
                let phrase = &dictionary.triggers[first].phrase;
                phrase.split(' ').count() == 2
                    && phrase.ends_with(" to")
                    && self.triggers.get(idx + 1).is_some_and(|next| {
                        next.start > hit.end && self.text[hit.end..next.start].trim().is_empty()
                    })
            })
            .collect();
        let mut order: Vec<usize> = (0..n_triggers).collect();
        let mut idx = 0;
        while idx + 1 < n_triggers {
            if governs[idx] {
                order.swap(idx, idx + 1);
                idx += 2;
            } else {
                idx += 1;
            }
        }
        let mut made_one: Vec<bool> = vec![false; n_triggers];
        for hit_idx in order {
            let hit = self.triggers[hit_idx];
            let first_draft = self.drafts.len();
            let first = dictionary.trigger_groups[hit.phrase()][0];
            let mut last = (first, Err("inside the phrase of an earlier trigger"));
            // Every line of every phrase read at this span, best phrase first.
            let alternatives = hit.readings[..hit.n_readings]
                .iter()
                .flat_map(|(group, form)| {
                    dictionary.trigger_groups[*group]
                        .iter()
                        .map(move |trigger| (*trigger, *form))
                });
            // "Finance Minister Sue Essex": a word of a name is no trigger.
            let in_name = self
                .mentions
                .iter()
                .any(|mention| mention.start <= hit.start && hit.end <= mention.end);
            let governed_made_one = governs[hit_idx] && made_one[hit_idx + 1];
            if governed_made_one {
                last = (first, Err("the verb it governs is coded instead"));
            } else if !self.consumed_triggers[hit_idx] {
                for (trigger_idx, form) in alternatives {
                    let trigger = &dictionary.triggers[trigger_idx];
                    let noun = matches!(trigger.shape, Shape::Noun | Shape::Talks | Shape::Pair);
                    if noun && matches!(form, Form::Past | Form::Ing) {
                        // "visited" is no visit noun; the verb lines of the phrase apply.
                        continue;
                    }
                    // The part of speech the tagger gives the head word decides between the
                    // noun and the verb lines of a spelling ("no sign of", "the besieged town").
                    let verdict = trigger.shape == Shape::Verdict;
                    let wrong_part = if in_name {
                        Some("a word of an actor's name")
                    } else if verdict {
                        // A judgement is a noun or an adjective; either will do.
                        None
                    } else if noun && self.syntax.not_a_noun(hit.start) {
                        Some("a verb here, not the noun of the line")
                    } else if !noun
                        && trigger.shape != Shape::Denial
                        && self.syntax.not_a_verb(hit.start)
                    {
                        Some("a noun or a modifier here, not the verb of the line")
                    } else {
                        None
                    };
                    // A verb line whose word is a noun here names the event by its noun:
                    // "a Russian assault on Ukraine", "Trump ordered a blockade of Iran".
                    // Visits have noun lines of their own ("his Gulf tour").
                    // "Moya beat the USA's Roddick 6-4", "fought out a draw": force in a
                    // sentence about sport is a game.
                    let game = matches!(trigger.code.root(), "17" | "18" | "19" | "20")
                        && self.about_sport();
                    // A line that needs cue words after its verb ("called X illegal") has no
                    // noun reading ("Trump's call with Zelensky").
                    let nominal = !game
                        && wrong_part.is_some()
                        && trigger.shape == Shape::Verb
                        && trigger.with.is_empty()
                        && !matches!(trigger.family, Family::Visit)
                        && self.syntax.common_noun_at(hit.start);
                    let wrong_part = if game {
                        Some("force in a sentence about sport")
                    } else {
                        wrong_part
                    };
                    if let (Some(reason), false) = (wrong_part, nominal) {
                        if last.1 != Err("negated") {
                            last = (trigger_idx, Err(reason));
                        }
                        continue;
                    }
                    let hit = TriggerHit { form, ..hit };
                    let outcome = match trigger.shape {
                        _ if nominal => self.war(hit, trigger),
                        Shape::Noun => self.visit_noun(hit, trigger),
                        Shape::Talks => self.talks(hit, trigger),
                        Shape::Object => self.decline_object(hit_idx, hit, trigger),
                        Shape::Pair => self.war(hit, trigger),
                        Shape::Verb => self.verb(hit, trigger),
                        Shape::Appeal => self.appeal(hit_idx, hit, trigger),
                        Shape::Claim => self.claim(hit_idx, hit, trigger),
                        Shape::Attend => self.attend(hit, trigger),
                        Shape::Verdict => self.verdict(hit, trigger),
                        Shape::Denial => {
                            self.consume_after(hit_idx, true);
                            Err("a denial: what follows is not coded")
                        }
                    };
                    let made = self.drafts.len() > first_draft;
                    let outcome = match outcome {
                        Ok(()) if !made => Err(self
                            .refused
                            .take()
                            .unwrap_or("already coded for these actors")),
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
            made_one[hit_idx] = self.drafts.len() > first_draft;
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
}

/// Whether a gap holds a word that ends the search for a target; "over 150" is a quantity.
fn barrier_in(gap: &str) -> bool {
    let mut gap_words = words(gap).peekable();
    while let Some(word) = gap_words.next() {
        let barrier = lists()
            .forward_barriers
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
        !lists()
            .saying
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
            lists()
                .speech
                .iter()
                .any(|speech| speech.eq_ignore_ascii_case(word))
        })
}

impl SentenceRules<'_> {
    fn about_sport(&self) -> bool {
        *self.sport.get_or_init(|| {
            words(&self.text[self.start..self.end]).any(|word| {
                is_score(word)
                    || lists()
                        .sport
                        .iter()
                        .any(|sport| sport.eq_ignore_ascii_case(word))
            })
        })
    }
}

/// A score: two small numbers joined by a hyphen ("7-5", "30-20").
fn is_score(word: &str) -> bool {
    word.split_once('-').is_some_and(|(left, right)| {
        let small =
            |part: &str| (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
        small(left) && small(right)
    })
}

fn is_coordination(gap: &str, comma_and: bool) -> bool {
    let gap = gap.trim();
    if let Some(rest) = gap.strip_suffix(" the") {
        return rest == "and" || (comma_and && rest == ", and");
    }
    // "ten Afghan soldiers and five Taliban fighters", "20 rebels and 27 soldiers": a count
    // before the next conjunct.
    if let Some((rest, count)) = gap.rsplit_once(' ') {
        let number = count.bytes().all(|b| b.is_ascii_digit() || b == b',')
            || lists()
                .counts
                .iter()
                .any(|word| word.eq_ignore_ascii_case(count));
        if number && !count.is_empty() {
            return rest == "and" || (comma_and && rest == ", and");
        }
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
        Shape::Verdict => "verdict",
    }
}
