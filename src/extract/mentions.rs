//! Actor mentions: dictionary matches over the text, composed into one actor per noun phrase.
//!
//! "Pakistan's army chief, Field Marshal Asim Munir" is one mention of `asim-munir`;
//! "Pakistani troops" is the sector `PAKMIL`; "Munir" alone and "the army chief" resolve to the
//! person named earlier in the same document. The document date picks each person's role code.
//! This module finds who is mentioned; it does not decide who did what (see `rules`).

use std::collections::HashMap;

use crate::model::{Actor, ActorId, ActorKind, Date};

use super::dict::{Dictionary, Mark, Target};
use super::words::lists;

/// A dictionary match that passed the word-boundary and case checks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub kind: HitKind,
}

/// What a match may name, before context decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HitKind {
    Entity(usize),
    /// An ambiguous name ("Georgia", "Washington"): kept only away from other capitalised words.
    Ambiguous(usize),
    /// A surname, by pattern id: the most recent person of the document that bears it.
    Coref(usize),
    Role(usize),
}

/// One actor mentioned in a sentence, with the byte span of the whole noun phrase.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub actor: Actor,
    /// The mention owns a noun that is not the actor ("Imran Khan's children").
    pub blocked: bool,
    /// The second half of a pair phrase ("both countries", "the two sides"): coordinated with
    /// the mention before it as "X and Y" would be.
    pub joined: bool,
}

impl Mention {
    /// A plain mention of `actor` at bytes `start..end`.
    fn of(start: usize, end: usize, actor: Actor) -> Mention {
        Mention {
            start,
            end,
            actor,
            blocked: false,
            joined: false,
        }
    }
}

/// Finds every dictionary match in the text, in one pass.
pub(crate) fn scan(dictionary: &Dictionary, text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    let lower = text.to_ascii_lowercase();
    for found in dictionary.names.find_iter(&lower) {
        let (start, end) = (found.start, found.end);
        if !at_word_boundaries(text, start, end) {
            continue;
        }
        if is_modifier(text, start, end) {
            continue;
        }
        let matched = &text[start..end];
        let entries = &dictionary.patterns[found.pattern];
        if entries.iter().any(|entry| entry.target == Target::Block) {
            continue;
        }
        let accepted = entries.iter().find(|entry| match entry.mark {
            Mark::Exact => matched == entry.text,
            _ => !starts_upper(&entry.text) || starts_upper(matched),
        });
        let Some(entry) = accepted else { continue };
        // "Mr Wellington", "Ms Jordan": after a title of address a place name is a surname.
        if let Target::Entity(idx) = entry.target {
            if dictionary.entities[idx].actor.kind != ActorKind::Person
                && after_title_of_address(text, start)
            {
                continue;
            }
        }
        let kind = match (entry.mark, entry.target) {
            (Mark::Coref, _) => HitKind::Coref(found.pattern),
            (Mark::Ambiguous, Target::Entity(idx)) => HitKind::Ambiguous(idx),
            (_, Target::Entity(idx)) => HitKind::Entity(idx),
            (_, Target::Role(idx)) => HitKind::Role(idx),
            (_, Target::Block) => continue,
        };
        hits.push(Hit { start, end, kind });
    }
    let elided = elided_names(dictionary, text, &hits);
    if !elided.is_empty() {
        hits.extend(elided);
        hits.sort_by_key(|hit| hit.start);
    }
    hits
}

/// Whether the word before byte `start` is a title of address ("Mr", "Mrs.", "Dr").
fn after_title_of_address(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].strip_suffix(' ') else {
        return false;
    };
    let word = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .trim_end_matches('.');
    !word.is_empty()
        && lists()
            .address_titles
            .iter()
            .any(|title| title.eq_ignore_ascii_case(word))
}

/// "North and South Korea", "East and West Germany": a compass word before "and" and a name
/// that opens with another one is that name with the first word.
fn elided_names(dictionary: &Dictionary, text: &str, hits: &[Hit]) -> Vec<Hit> {
    const COMPASS: [&str; 6] = ["North", "South", "East", "West", "Northern", "Southern"];
    let mut out = Vec::new();
    for hit in hits {
        let HitKind::Entity(_) = hit.kind else {
            continue;
        };
        let matched = &text[hit.start..hit.end];
        let Some((first, rest)) = matched.split_once(' ') else {
            continue;
        };
        if !COMPASS.contains(&first) {
            continue;
        }
        let Some(before) = text[..hit.start].strip_suffix(" and ") else {
            continue;
        };
        let word_start = before
            .rfind(|c: char| !c.is_alphabetic())
            .map_or(0, |idx| idx + 1);
        let word = &before[word_start..];
        if !COMPASS.contains(&word) || word == first {
            continue;
        }
        let name = format!("{word} {rest}").to_ascii_lowercase();
        let whole = dictionary
            .names
            .find_iter(&name)
            .find(|found| found.start == 0 && found.end == name.len());
        let entity = whole.and_then(|found| {
            dictionary.patterns[found.pattern]
                .iter()
                .find_map(|entry| match entry.target {
                    Target::Entity(idx) => Some(idx),
                    _ => None,
                })
        });
        if let Some(idx) = entity {
            out.push(Hit {
                start: word_start,
                end: word_start + word.len(),
                kind: HitKind::Entity(idx),
            });
        }
    }
    out
}

/// "government-held", "Al-Qaeda-linked", "US-backed", "pro-Russia": a name inside a compound
/// adjective names no actor ("Saudi-led" still does).
fn is_modifier(text: &str, start: usize, end: usize) -> bool {
    let after = &text.as_bytes()[end..];
    if after.len() >= 2 && after[0] == b'-' && after[1].is_ascii_lowercase() {
        return !text[end + 1..].starts_with("led");
    }
    let before = &text[..start];
    before.ends_with("pro-")
        || before.ends_with("anti-")
        || before.ends_with("Pro-")
        || before.ends_with("Anti-")
}

/// Whether a match is a whole word: no letter or digit glued to either end.
pub(crate) fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let matched = &text[start..end];
    let glued_before = matched.starts_with(char::is_alphanumeric)
        && text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    let glued_after = matched.ends_with(char::is_alphanumeric)
        && text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
    !glued_before && !glued_after
}

fn starts_upper(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// What earlier sentences of the document said about persons: the memory of coreference.
pub(crate) struct Memory<'d> {
    pub dictionary: &'d Dictionary,
    pub date: Option<&'d Date>,
    /// Entity index to the order in which it was last mentioned.
    seen: HashMap<usize, usize>,
    /// Role code (`MIL`, `GOV`) to the last person mentioned with it.
    last_by_role: HashMap<String, usize>,
    /// The last person mentioned, and the code it had: what "he" or "she" refers to.
    last_person: Option<(usize, String)>,
    /// The last few persons mentioned, each once, the latest last: what "him" refers to when
    /// the latest is the subject of its clause.
    recent_persons: Vec<(usize, String)>,
    /// Role code to the last state named with it ("Pakistan's government"): what a later
    /// "the government" refers to.
    last_sector: HashMap<String, usize>,
    /// The states the document has named so far (dateline included), each once, in order:
    /// the country an unnamed agent belongs to when the document names only one.
    countries: Vec<usize>,
    /// The state the whole document is about, when its names point to one state far more
    /// than to any other (see [`Memory::note_document`]).
    document_state: Option<usize>,
    /// The last group of people named ("rebels", "Nigerian troops"): what "they" refers to.
    last_group: Option<Actor>,
    /// The state named last: what "its troops" belong to.
    last_state: Option<usize>,
    /// Title ("president", "army chief") to the last person named with it.
    titles: HashMap<String, usize>,
    /// The persons named with a title.
    titled: std::collections::HashSet<usize>,
    /// The last two actors of different states named, the later one last: what "both
    /// countries" and "the two sides" stand for.
    last_pair: Vec<Actor>,
    /// Sentences read since the last one that named a state: a pair named longer ago is no
    /// longer what "the two countries" means.
    pair_age: usize,
    /// The last two actors named together ("Thailand and Cambodia", "the EU and US",
    /// "India-Pakistan"), and the sentences read since: the parties a story is about, what
    /// "both sides" means first.
    coordinated_pair: Option<([Actor; 2], usize)>,
    /// Surnames of persons the dictionary does not know, named with their office ("Finance
    /// Minister Sue Essex"), to the actor they were read as: what "Ms Essex" is later.
    surnames: HashMap<String, Actor>,
    /// Unknown names read in the sentence being composed: (start of the mention, surname).
    pending_surnames: Vec<(usize, String)>,
    n_mentions: usize,
}

impl<'d> Memory<'d> {
    /// Starts a document.
    pub fn new(dictionary: &'d Dictionary, date: Option<&'d Date>) -> Memory<'d> {
        Memory {
            dictionary,
            date,
            seen: HashMap::new(),
            last_by_role: HashMap::new(),
            last_person: None,
            recent_persons: Vec::new(),
            last_sector: HashMap::new(),
            countries: Vec::new(),
            document_state: None,
            last_group: None,
            last_state: None,
            titles: HashMap::new(),
            titled: std::collections::HashSet::new(),
            last_pair: Vec::new(),
            pair_age: 0,
            coordinated_pair: None,
            surnames: HashMap::new(),
            pending_surnames: Vec::new(),
            n_mentions: 0,
        }
    }

    fn remember(&mut self, entity_idx: usize, cameo: &str) {
        if self.dictionary.entities[entity_idx].actor.kind == ActorKind::Person {
            self.last_person = Some((entity_idx, cameo.to_string()));
            self.recent_persons.retain(|(idx, _)| *idx != entity_idx);
            if self.recent_persons.len() == 4 {
                self.recent_persons.remove(0);
            }
            self.recent_persons.push((entity_idx, cameo.to_string()));
        }
        self.n_mentions += 1;
        self.seen.insert(entity_idx, self.n_mentions);
        if cameo.len() >= 6 {
            self.last_by_role
                .insert(cameo[3..6].to_string(), entity_idx);
        }
    }

    /// Notes the state of an actor the document named ("Nigeria", "Nigerian police", the
    /// dateline "LAGOS").
    pub fn note_country(&mut self, actor: &Actor) {
        if let Some(idx) = self.dictionary.state_index(&actor.country) {
            if !self.countries.contains(&idx) {
                self.countries.push(idx);
            }
        }
    }

    /// The one state the document has named so far, if it named exactly one.
    fn only_country(&self) -> Option<&Actor> {
        match self.countries.as_slice() {
            [idx] => Some(&self.dictionary.entities[*idx].actor),
            _ => None,
        }
    }

    /// Reads, before the first sentence, which state the whole document is about: the state
    /// of the names it uses (states, their people, parties and institutions), when one state
    /// has at least two of them and twice as many as any other. A story from Westminster that
    /// names Labour, the Tories and Gordon Brown is set in Britain from its first sentence,
    /// where "the finance minister" or "MPs" appear before any state is named.
    pub fn note_document(&mut self, hits: &[Hit]) {
        let mut tally: HashMap<usize, usize> = HashMap::new();
        for hit in hits {
            if let HitKind::Entity(idx) = hit.kind {
                let country = &self.dictionary.entities[idx].actor.country;
                if let Some(state) = self.dictionary.state_index(country) {
                    *tally.entry(state).or_default() += 1;
                }
            }
        }
        let mut counts: Vec<(usize, usize)> = tally.into_iter().map(|(s, n)| (n, s)).collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        self.document_state = match counts.as_slice() {
            [(first, state)] if *first >= 2 => Some(*state),
            [(first, state), (second, _), ..] if *first >= 2 && *first >= 2 * second => {
                Some(*state)
            }
            _ => None,
        };
    }

    /// Where an agent with no country of its own is set: the one state named so far, else
    /// the state the whole document is about.
    fn setting(&self) -> Option<&Actor> {
        self.only_country().or_else(|| {
            self.document_state
                .map(|idx| &self.dictionary.entities[idx].actor)
        })
    }

    /// The most recently mentioned person among the readings of a surname.
    fn resolve_surname(&self, pattern_idx: usize) -> Option<usize> {
        self.dictionary.patterns[pattern_idx]
            .iter()
            .filter_map(|entry| match entry.target {
                Target::Entity(idx) => self.seen.get(&idx).map(|order| (*order, idx)),
                _ => None,
            })
            .max()
            .map(|(_, idx)| idx)
    }
}

/// Composes the hits of one sentence into mentions, in order, updating the document memory.
///
/// A subject pronoun ("he", "she") becomes a mention of the last person named before it in the document.
pub(crate) fn compose(
    text: &str,
    (sentence_start, sentence_end): (usize, usize),
    hits: &[Hit],
    memory: &mut Memory<'_>,
) -> Vec<Mention> {
    let dictionary = memory.dictionary;
    let kept: Vec<Hit> = hits
        .iter()
        .filter(|hit| match hit.kind {
            HitKind::Ambiguous(_) => !next_to_capitalised(text, sentence_start, hit, hits),
            HitKind::Entity(idx) if is_person(hit.kind, dictionary) => {
                !another_persons_name(text, sentence_start, hit, hits, &dictionary.entities[idx])
            }
            _ => true,
        })
        .copied()
        .collect();
    let starts = word_starts(&text[sentence_start..sentence_end]);
    let mut pronouns = subject_pronouns(text, sentence_start, sentence_end, &starts).peekable();
    let mut pairs = pair_phrases(text, sentence_start, sentence_end, &starts).peekable();

    let mut mentions = Vec::new();
    let mut group: Vec<Hit> = Vec::new();
    // Object pronouns and owners of acts ("accused it of", "praised his handling") are
    // resolved last, when every name of the sentence before them is read.
    let mut deferred: Vec<(usize, usize)> = Vec::new();
    for hit in kept {
        while let Some((start, end)) = pronouns.next_if(|(start, _)| *start < hit.start) {
            flush(text, &mut group, memory, &mut mentions);
            if judged_object(text, start, end) {
                deferred.push((start, end));
                continue;
            }
            let mention = if text[start..end].contains(' ') {
                possessive_mention(text, start, end, memory, &mentions)
            } else {
                pronoun_mention(text, start, end, memory, &mentions)
            };
            mentions.extend(mention);
        }
        while let Some(phrase) = pairs.next_if(|(start, _, _, _)| *start < hit.start) {
            flush(text, &mut group, memory, &mut mentions);
            let pair = pair_mentions(text, sentence_start, phrase, memory, &mentions);
            mentions.extend(pair);
        }
        let resolved = resolve_hit(hit, memory);
        let Some(hit) = resolved else { continue };
        if let Some(last) = group.last() {
            if !joins(text, last, &hit, &group, dictionary) {
                flush(text, &mut group, memory, &mut mentions);
            }
        }
        group.push(hit);
    }
    flush(text, &mut group, memory, &mut mentions);
    for (start, end) in pronouns {
        if judged_object(text, start, end) {
            deferred.push((start, end));
            continue;
        }
        let mention = if text[start..end].contains(' ') {
            possessive_mention(text, start, end, memory, &mentions)
        } else {
            pronoun_mention(text, start, end, memory, &mentions)
        };
        mentions.extend(mention);
    }
    for phrase in pairs {
        let pair = pair_mentions(text, sentence_start, phrase, memory, &mentions);
        mentions.extend(pair);
    }
    mentions.sort_by_key(|mention| mention.start);
    name_office_holders(text, &mut mentions, memory);
    let named_again = surname_mentions(text, sentence_start, sentence_end, memory);
    for mention in named_again {
        let overlaps = mentions
            .iter()
            .any(|other| other.start < mention.end && mention.start < other.end);
        if !overlaps {
            mentions.push(mention);
        }
    }
    mentions.sort_by_key(|mention| mention.start);
    // A name read after an office ends where the next mention starts.
    for idx in 1..mentions.len() {
        let next_start = mentions[idx].start;
        let previous = &mut mentions[idx - 1];
        if previous.end > next_start {
            previous.end = text[..next_start].trim_end().len().max(previous.start);
        }
    }
    share_role_over_list(text, &mut mentions, dictionary);
    share_agent_backwards(text, &mut mentions, dictionary);
    party_of_named_state(text, &mut mentions, dictionary);
    led_and_backed(text, sentence_end, &mut mentions);
    let setting = memory.setting().cloned();
    place_countryless(text, sentence_start, &mut mentions, dictionary, setting);
    for (start, end) in deferred {
        let before = mentions.partition_point(|mention| mention.end <= start);
        let overlaps = mentions.get(before).is_some_and(|next| next.start < end);
        if overlaps {
            continue;
        }
        if let Some(mention) = object_mention(
            text,
            sentence_start,
            (start, end),
            memory,
            &mentions[..before],
        ) {
            mentions.insert(before, mention);
        }
    }
    for mention in &mentions {
        memory.note_country(&mention.actor);
    }
    for (start, surname) in std::mem::take(&mut memory.pending_surnames) {
        if let Some(mention) = mentions.iter().find(|mention| mention.start == start) {
            memory.surnames.insert(surname, mention.actor.clone());
        }
    }
    let named = || {
        mentions
            .iter()
            .filter(|mention| !is_place(text, sentence_start, mention))
            .map(|mention| &mention.actor)
    };
    if named().any(|actor| dictionary.state_index(&actor.country).is_some()) {
        memory.last_pair = recent_pair(&memory.last_pair, named(), dictionary);
        memory.pair_age = 0;
    } else {
        memory.pair_age += 1;
    }
    if let Some((_, age)) = memory.coordinated_pair.as_mut() {
        *age += 1;
    }
    for pair in mentions.windows(2) {
        let gap = text[pair[0].end..pair[1].start].trim();
        let joined = pair[1].joined || matches!(gap, "and" | "and the" | "-" | "–" | "/");
        let countries = [&pair[0].actor.country, &pair[1].actor.country];
        if joined && countries[0] != countries[1] && !countries.contains(&&"---".to_string()) {
            memory.coordinated_pair = Some(([pair[0].actor.clone(), pair[1].actor.clone()], 0));
        }
    }
    if let Some(last) = mentions
        .iter()
        .rev()
        .find(|mention| is_group(&mention.actor))
    {
        memory.last_group = Some(last.actor.clone());
    }
    if let Some(state) = last_state(&mentions, memory) {
        memory.last_state = Some(state);
    }
    mentions
}

/// "both countries", "the two sides": the determiner and the noun of a phrase that names the
/// two parties the text is about, as (start, end of the determiner, end) in the text.
fn pair_phrases<'s>(
    text: &'s str,
    start: usize,
    end: usize,
    starts: &'s [usize],
) -> impl Iterator<Item = (usize, usize, usize, &'static str)> + 's {
    const DETERMINERS: [&str; 2] = ["both ", "the two "];
    const NOUNS: [&str; 7] = [
        "countries",
        "nations",
        "states",
        "sides",
        "parties",
        "governments",
        "leaders",
    ];
    let sentence = &text[start..end];
    let bytes = sentence.as_bytes();
    starts
        .iter()
        .copied()
        .filter(move |&idx| matches!(bytes[idx].to_ascii_lowercase(), b'b' | b't'))
        .filter_map(move |idx| {
            let rest = &sentence[idx..];
            let determiner = DETERMINERS.iter().find(|determiner| {
                rest.get(..determiner.len())
                    .is_some_and(|found| found.eq_ignore_ascii_case(determiner))
            })?;
            let after = &rest[determiner.len()..];
            let noun = NOUNS.iter().find(|noun| {
                after.starts_with(*noun)
                    && !after[noun.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '\'')
            })?;
            let determiner_end = start + idx + determiner.len() - 1;
            Some((
                start + idx,
                determiner_end,
                determiner_end + 1 + noun.len(),
                *noun,
            ))
        })
}

/// The two mentions a pair phrase stands for: the last two actors of different states named
/// before it, in this sentence or the one before. "Both countries" are the states themselves,
/// "both governments" their governments, "the two sides" and "the two leaders" the actors as
/// they were named. No pair, no mentions.
fn pair_mentions(
    text: &str,
    sentence_start: usize,
    (start, determiner_end, end, noun): (usize, usize, usize, &str),
    memory: &Memory<'_>,
    before: &[Mention],
) -> Vec<Mention> {
    let dictionary = memory.dictionary;
    let earlier: &[Actor] = if memory.pair_age <= 1 {
        &memory.last_pair
    } else {
        &[]
    };
    let pair = match &memory.coordinated_pair {
        Some((pair, age)) if *age <= 3 => pair.to_vec(),
        _ => {
            let named = before
                .iter()
                .filter(|mention| !is_place(text, sentence_start, mention))
                .map(|mention| &mention.actor);
            recent_pair(earlier, named, dictionary)
        }
    };
    let [first, second] = pair.as_slice() else {
        return Vec::new();
    };
    let as_named = |actor: &Actor| -> Option<Actor> {
        if matches!(noun, "sides" | "parties" | "leaders") {
            return Some(actor.clone());
        }
        let state = &dictionary.entities[dictionary.state_index(&actor.country)?].actor;
        Some(match noun {
            "governments" => sector(dictionary, state, "GOV"),
            _ => state.clone(),
        })
    };
    let (Some(first), Some(second)) = (as_named(first), as_named(second)) else {
        return Vec::new();
    };
    vec![
        Mention {
            start,
            end: determiner_end,
            actor: first,
            blocked: false,
            joined: false,
        },
        Mention {
            start: determiner_end + 1,
            end,
            actor: second,
            blocked: false,
            joined: true,
        },
    ]
}

/// "Nigeria's Finance Minister Grace Okafor": an office of a state followed by a name the
/// dictionary does not know is that person; the mention takes in the name, and the surname
/// is remembered for later ("Ms Okafor").
fn name_office_holders(text: &str, mentions: &mut [Mention], memory: &mut Memory<'_>) {
    const OFFICES: [&str; 20] = [
        "minister",
        "secretary",
        "president",
        "premier",
        "chancellor",
        "governor",
        "mayor",
        "senator",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chairman",
        "chairwoman",
        "director",
        "ambassador",
        "envoy",
        "commissioner",
        "leader",
        "judge",
        "prosecutor",
    ];
    for idx in 0..mentions.len() {
        let mention = &mentions[idx];
        let sector = mention
            .actor
            .cameo
            .get(3..6)
            .filter(|_| mention.actor.cameo.len() == 6);
        if sector.is_none_or(|code| code == "MIL")
            || mention.actor.id.as_str() != mention.actor.cameo
        {
            continue;
        }
        let last = text[mention.start..mention.end]
            .rsplit(' ')
            .next()
            .unwrap_or("");
        if !OFFICES
            .iter()
            .any(|office| office.eq_ignore_ascii_case(last))
        {
            continue;
        }
        let Some(end) = unknown_name_after(text, mention.end) else {
            continue;
        };
        if mentions.get(idx + 1).is_some_and(|next| next.start < end) {
            continue;
        }
        let surname = text[..end].rsplit(' ').next().unwrap_or("").to_string();
        memory.surnames.insert(surname, mentions[idx].actor.clone());
        mentions[idx].end = end;
    }
}

/// "Ms Essex", "Mr Wellington", and a bare "Essex said": later mentions of persons the
/// dictionary does not know, read earlier with their office.
fn surname_mentions(text: &str, start: usize, end: usize, memory: &Memory<'_>) -> Vec<Mention> {
    const HONORIFICS: [&str; 6] = ["Mr", "Ms", "Mrs", "Miss", "Dr", "Sir"];
    const SAYING: [&str; 5] = ["said", "says", "told", "added", "argued"];
    if memory.surnames.is_empty() {
        return Vec::new();
    }
    let sentence = &text[start..end];
    let mut found = Vec::new();
    let mut previous: Option<(usize, &str)> = None;
    let mut words = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| (word.as_ptr() as usize - sentence.as_ptr() as usize, word))
        .peekable();
    while let Some((offset, word)) = words.next() {
        if let Some(actor) = memory.surnames.get(word) {
            let honorific = previous.filter(|(_, before)| HONORIFICS.contains(before));
            let says = words.peek().is_some_and(|(_, next)| SAYING.contains(next));
            if honorific.is_some() || says {
                let from = honorific.map_or(offset, |(at, _)| at);
                found.push(Mention {
                    start: start + from,
                    end: start + offset + word.len(),
                    actor: actor.clone(),
                    blocked: false,
                    joined: false,
                });
            }
        }
        previous = Some((offset, word));
    }
    found
}

/// A mention after "in", "at", "near" or "from": where something happens, not who acts.
fn is_place(text: &str, sentence_start: usize, mention: &Mention) -> bool {
    let before = text[sentence_start..mention.start].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    ["in", "at", "near", "from"]
        .iter()
        .any(|preposition| preposition.eq_ignore_ascii_case(word))
}

/// The last two actors of different states among `earlier` followed by `later`.
fn recent_pair<'a>(
    earlier: &'a [Actor],
    later: impl DoubleEndedIterator<Item = &'a Actor>,
    dictionary: &Dictionary,
) -> Vec<Actor> {
    let mut pair: Vec<Actor> = Vec::with_capacity(2);
    for actor in later.rev().chain(earlier.iter().rev()) {
        if pair.len() == 2 {
            break;
        }
        if dictionary.state_index(&actor.country).is_some()
            && pair.iter().all(|other| other.country != actor.country)
        {
            pair.push(actor.clone());
        }
    }
    pair.reverse();
    pair
}

/// An actor "they" can stand for: a group of people ("rebels", "Nigerian troops").
fn is_group(actor: &Actor) -> bool {
    actor.kind == ActorKind::Group
        || matches!(
            actor.cameo.get(3..6),
            Some("REB" | "MIL" | "COP" | "CVL" | "OPP" | "REF")
        ) && actor.cameo.len() == 6
}

/// "Israel's opposition Labour party", "Norway's Labour government": a party's short name
/// after another state named in its phrase is that state's party of the name.
fn party_of_named_state(text: &str, mentions: &mut [Mention], dictionary: &Dictionary) {
    for idx in 1..mentions.len() {
        let (before, after) = mentions.split_at_mut(idx);
        let (named, party) = (&before[idx - 1], &mut after[0]);
        // The state itself, or a part of it ("Israel's opposition").
        let Some(state) = dictionary.state_index(&named.actor.country) else {
            continue;
        };
        if party.actor.cameo.get(3..6) != Some("PTY") || party.actor.country == named.actor.country
        {
            continue;
        }
        // Only the possessive and up to two lower-case words between: one noun phrase.
        let gap = text[named.end..party.start].trim();
        let gap = gap
            .strip_prefix("'s")
            .or_else(|| gap.strip_prefix("’s"))
            .unwrap_or(gap);
        let words: Vec<&str> = gap.split_whitespace().collect();
        let phrase = words.len() <= 2
            && words
                .iter()
                .all(|word| word.chars().all(|c| c.is_lowercase() || c == '-'));
        if phrase {
            party.actor = sector(dictionary, &dictionary.entities[state].actor, "PTY");
        }
    }
}

/// "The foreign ministers of Japan and Australia": a role of a state, followed by more states
/// in a list, is the same role of each of them.
fn share_role_over_list(text: &str, mentions: &mut [Mention], dictionary: &Dictionary) {
    let mut carried: Option<String> = None;
    for idx in 1..mentions.len() {
        let (before, after) = mentions.split_at_mut(idx);
        let (head, next) = (&before[idx - 1], &mut after[0]);
        let role = &head.actor.cameo[head.actor.cameo.len().min(3)..];
        // A sector of a state ("INDGOV"), not the code of an organisation ("IGOEUR").
        let of_a_state = dictionary
            .entity(&head.actor.country)
            .is_some_and(|entity| entity.actor.kind == ActorKind::State);
        let role_of_state = role.len() == 3
            && of_a_state
            && [" of ", " from "]
                .iter()
                .any(|preposition| text[head.start..head.end].contains(preposition));
        let role = match &carried {
            Some(role) => Some(role.clone()),
            None => role_of_state.then(|| role.to_string()),
        };
        let gap = text[head.end..next.start].trim();
        let listed = matches!(gap, "and" | "," | ", and" | "and the" | ", and the");
        carried = None;
        if let Some(role) = role.filter(|_| listed && next.actor.kind == ActorKind::State) {
            // A longer list carries the role on ("of Japan, Australia and India").
            next.actor = sector(dictionary, &next.actor, &role);
            carried = Some(role);
        }
    }
}

/// "Indian and Pakistani troops", "Serbian and Kosovar police": two nationality adjectives
/// joined before one agent noun are both of that sector; the first, read alone, is only its
/// state.
fn share_agent_backwards(text: &str, mentions: &mut [Mention], dictionary: &Dictionary) {
    for idx in (1..mentions.len()).rev() {
        let (before, after) = mentions.split_at_mut(idx);
        let (head, next) = (&mut before[idx - 1], &after[0]);
        let surface = &text[head.start..head.end];
        let bare_adjective = head.actor.kind == ActorKind::State
            && head.actor.cameo.len() == 3
            && !surface.contains(' ')
            && surface != head.actor.name;
        let agent = next.actor.cameo.len() == 6
            && next.actor.id.as_str() == next.actor.cameo
            && dictionary.state_index(&next.actor.country).is_some()
            && text[next.start..next.end].contains(' ');
        let gap = text[head.end..next.start].trim();
        if bare_adjective && agent && matches!(gap, "and" | "or") {
            let role = next.actor.cameo[3..].to_string();
            head.actor = sector(dictionary, &head.actor, &role);
        }
    }
}

/// Agents with no country of their own ("rebels", "police", "protesters") take, in order:
/// - the country where the sentence is set, the first place it names ("Islamist rebels
///   attacked a police patrol in northeastern Nigeria");
/// - the one state whose institutions (government, legislature, courts, police, intelligence,
///   parties) the sentence names ("Soldiers detained the president of Mali", "Police in Lagos
///   arrested protesters"); the state itself, its rebels, soldiers or civilians do not lend
///   it, since foreign troops fight rebels and shoot protesters;
/// - the one state the document named before this sentence (`setting`), as a coder reads
///   "police" in an item about Lagos as Nigerian police. A state first named in the same
///   sentence is more often the other party ("the government thanked China").
fn place_countryless(
    text: &str,
    sentence_start: usize,
    mentions: &mut [Mention],
    dictionary: &Dictionary,
    setting: Option<Actor>,
) {
    if !mentions
        .iter()
        .any(|mention| matches!(mention.actor.country.as_str(), "---" | TRANSNATIONAL))
    {
        return;
    }
    // The first place named sets the sentence ("in Nigeria near the Cameroon border").
    let place = mentions.iter().find(|mention| {
        if mention.actor.kind != ActorKind::State {
            // "protesters in Conakry": a group placed by a locative inside its own phrase.
            let words = text[mention.start..mention.end].split(' ').skip(1);
            return mention.actor.country != "---"
                && words.clone().any(|word| {
                    lists()
                        .locatives
                        .iter()
                        .any(|preposition| preposition.eq_ignore_ascii_case(word))
                });
        }
        let before = text[sentence_start..mention.start]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .rev()
            .skip_while(|word| {
                lists()
                    .place_modifiers
                    .iter()
                    .any(|modifier| modifier.eq_ignore_ascii_case(word))
            });
        // "in Riyom, Plateau State, Nigeria": the state closes a chain of capitalised place
        // names that a locative opens.
        let mut before = before.skip_while(|word| {
            word.starts_with(|c: char| c.is_uppercase())
                && !lists()
                    .locatives
                    .iter()
                    .any(|preposition| preposition.eq_ignore_ascii_case(word))
        });
        before.next().is_some_and(|word| {
            lists()
                .locatives
                .iter()
                .any(|preposition| preposition.eq_ignore_ascii_case(word))
                || (word.eq_ignore_ascii_case("of")
                    && before.next().is_some_and(|noun| {
                        lists()
                            .place_nouns
                            .iter()
                            .any(|place| place.eq_ignore_ascii_case(noun))
                    }))
        })
    });
    let institution_of = |mention: &Mention| -> Option<usize> {
        let idx = dictionary.state_index(&mention.actor.country)?;
        // A sector or office of the state, not the state itself: "thanked China" names a
        // foreign partner as often as a setting.
        let sector = mention.actor.cameo.get(3..6).unwrap_or("");
        matches!(sector, "GOV" | "LEG" | "JUD" | "COP" | "SPY" | "PTY").then_some(idx)
    };
    let mut institutions = mentions.iter().filter_map(institution_of);
    let only_institution = institutions.next().filter(|first| {
        let first = *first;
        institutions.all(|other| other == first)
    });
    if let Some(state) = place.and_then(|mention| {
        let idx = dictionary.state_index(&mention.actor.country)?;
        Some(dictionary.entities[idx].actor.clone())
    }) {
        place_all(mentions, dictionary, &state, |_| true);
        place_transnational(mentions, &state);
        return;
    }
    if let Some(idx) = only_institution {
        // Armed groups fight the institutions of other states too ("militants threatened
        // Blair"): they are not placed by them, only by the setting.
        let state = dictionary.entities[idx].actor.clone();
        place_all(mentions, dictionary, &state, |role| role != "REB");
    }
    if let Some(state) = setting {
        place_all(mentions, dictionary, &state, |_| true);
        place_transnational(mentions, &state);
    }
}

/// The root of armed groups that act in many states (the Islamic State, al-Qaeda).
const TRANSNATIONAL: &str = "IMG";

/// An armed group of many states is coded, on an event, as the rebels of the state where the
/// event is set ("an Islamic State target southwest of Baghdad": `IRQREB`), as coders of
/// event data do; the actor stays itself, so the graph keeps one node for the group.
fn place_transnational(mentions: &mut [Mention], state: &Actor) {
    for mention in mentions.iter_mut() {
        if mention.actor.country == TRANSNATIONAL && mention.actor.cameo.starts_with(TRANSNATIONAL)
        {
            mention.actor.cameo = format!("{}REB", state.country);
        }
    }
}

/// "the Saudi-led coalition" is the state that leads it: the mention takes in the noun, so
/// that "the Saudi-led coalition's air strikes" have their owner. "US-backed forces" are not
/// the state that backs them: that mention names no actor of the sentence's events.
fn led_and_backed(text: &str, sentence_end: usize, mentions: &mut [Mention]) {
    const LED: [&str; 9] = [
        "coalition",
        "coalitions",
        "forces",
        "alliance",
        "troops",
        "offensive",
        "operation",
        "mission",
        "bloc",
    ];
    const BACKED: [&str; 6] = [
        "backed",
        "sponsored",
        "funded",
        "supported",
        "allied",
        "aligned",
    ];
    for idx in 0..mentions.len() {
        let end = mentions[idx].end;
        let next_start = mentions
            .get(idx + 1)
            .map_or(sentence_end, |next| next.start);
        let Some(rest) = text[end..next_start].strip_prefix('-') else {
            continue;
        };
        let word = |from: &str| -> usize {
            from.find(|c: char| !c.is_alphabetic())
                .unwrap_or(from.len())
        };
        let participle = &rest[..word(rest)];
        if BACKED.contains(&participle) {
            mentions[idx].blocked = true;
        } else if participle == "led" {
            let after = &rest[participle.len()..];
            let Some(noun_text) = after.strip_prefix(' ') else {
                continue;
            };
            let noun = &noun_text[..word(noun_text)];
            if LED.contains(&noun) {
                mentions[idx].end = end + 1 + participle.len() + 1 + noun.len();
            }
        }
    }
}

/// Gives the countryless mentions whose role passes `allowed` the sector of `state`.
fn place_all(
    mentions: &mut [Mention],
    dictionary: &Dictionary,
    state: &Actor,
    allowed: impl Fn(&str) -> bool,
) {
    for mention in mentions.iter_mut() {
        if mention.actor.country == "---" {
            let role = mention.actor.cameo[3..].to_string();
            if !role.is_empty() && allowed(&role) {
                mention.actor = sector(dictionary, state, &role);
            }
        }
    }
}

/// Ends the current group of hits as one mention.
fn flush(text: &str, group: &mut Vec<Hit>, memory: &mut Memory<'_>, mentions: &mut Vec<Mention>) {
    if let Some(mention) = finish(text, group, memory, mentions) {
        mentions.push(mention);
    }
    group.clear();
}

/// The title of one person a group of hits holds, in lower case: "president" in "President
/// Ruto", "army chief" in "the Pakistani army chief".
fn person_title(text: &str, group: &[Hit], dictionary: &Dictionary) -> Option<String> {
    group.iter().rev().find_map(|hit| match hit.kind {
        HitKind::Role(idx) if dictionary.roles[idx].code.is_some() => {
            Some(text[hit.start..hit.end].to_lowercase())
        }
        _ => None,
    })
}

/// Whether a singular role word ending at `end` modifies the lower-case noun after it ("its
/// military presence", "its army base"): then it names no actor.
fn modifies_a_noun(text: &str, end: usize) -> bool {
    let singular = !text[..end].ends_with('s');
    let next = text[end..].strip_prefix(' ').unwrap_or("");
    singular && next.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The last run of letters before byte `at` ("its" in "said its troops").
fn word_before(text: &str, at: usize) -> &str {
    text[..at]
        .trim_end()
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
}

/// The actor a possessive pronoun before byte `at` with a role stands for: the actor named
/// last in the sentence ("Hezbollah said its fighters…" is Hezbollah; "Iraq said its
/// warplanes…" the Iraqi military), else, for "its", the state named last in the document.
fn possessor(
    text: &str,
    at: usize,
    role: &str,
    before: &[Mention],
    memory: &Memory<'_>,
) -> Option<Actor> {
    let dictionary = memory.dictionary;
    let word = word_before(text, at);
    let its = word.eq_ignore_ascii_case("its");
    if !its && !word.eq_ignore_ascii_case("their") {
        return None;
    }
    let sector_of = |idx: usize| sector(dictionary, &dictionary.entities[idx].actor, role);
    let Some(last) = before.last() else {
        return memory.last_state.filter(|_| its).map(sector_of);
    };
    let state = dictionary.state_index(&last.actor.country);
    match last.actor.kind {
        // A person owns no troops: "Putin said its army…" is about the state.
        ActorKind::Person | ActorKind::State => state.map(sector_of),
        // A state's institution ("the Iraqi government … its army"), not a group of people.
        _ if state.is_some() && last.actor.cameo.len() == 6 && !is_group(&last.actor) => {
            state.map(sector_of)
        }
        _ => Some(last.actor.clone()),
    }
}

/// "the prime minister hailed his chancellor", "Putin and his defence minister": an office of
/// the state of the person "his" or "her" stands for (the last person named in the sentence,
/// else in the document), held by someone the text does not name.
fn colleague(
    text: &str,
    at: usize,
    role: &str,
    before: &[Mention],
    memory: &Memory<'_>,
) -> Option<Actor> {
    let word = word_before(text, at);
    if !word.eq_ignore_ascii_case("his") && !word.eq_ignore_ascii_case("her") {
        return None;
    }
    let dictionary = memory.dictionary;
    let country = match before
        .iter()
        .rev()
        .find(|mention| mention.actor.kind == ActorKind::Person)
    {
        Some(mention) => mention.actor.country.clone(),
        None => {
            let (idx, _) = memory.last_person.as_ref()?;
            dictionary.entities[*idx].actor.country.clone()
        }
    };
    let state = dictionary.state_index(&country)?;
    Some(sector(dictionary, &dictionary.entities[state].actor, role))
}

/// The state named last: in this sentence before the mention, else in the document.
fn last_state(before: &[Mention], memory: &Memory<'_>) -> Option<usize> {
    let dictionary = memory.dictionary;
    before
        .iter()
        .rev()
        .find_map(|mention| dictionary.state_index(&mention.actor.country))
        .or(memory.last_state)
}

/// The end of a personal name right after byte `at`: two or three capitalised words ("Sue
/// Essex"), not a day or a month, and then no further capitalised word (which would make it
/// the name of something else: "General Agreement on Tariffs", "General Council Chairman").
fn unknown_name_after(text: &str, at: usize) -> Option<usize> {
    const CALENDAR: [&str; 19] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let rest = text[at..].strip_prefix(' ')?;
    let mut end = at + 1;
    let mut n_words = 0;
    for word in rest.split(' ') {
        let core = word.trim_end_matches([',', '.', ';', ':']);
        let name_like = core.starts_with(|c: char| c.is_uppercase())
            && core.len() > 1
            && core
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !CALENDAR.contains(&core);
        if !name_like {
            break;
        }
        n_words += 1;
        if n_words > 3 {
            return None;
        }
        end += core.len();
        if core.len() < word.len() {
            break;
        }
        end += 1;
    }
    let end = text[..end.min(text.len())].trim_end().len();
    (2..=3).contains(&n_words).then_some(end)
}

/// Byte spans of the personal pronouns of the sentence: "he", "she", "they", "him", and
/// "her" where it is an object.
fn subject_pronouns<'s>(
    text: &'s str,
    start: usize,
    end: usize,
    starts: &'s [usize],
) -> impl Iterator<Item = (usize, usize)> + 's {
    let sentence = &text[start..end];
    let bytes = sentence.as_bytes();
    let is_letter = |idx: usize| {
        bytes
            .get(idx)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b >= 0x80)
    };
    starts
        .iter()
        .copied()
        .filter(move |&idx| matches!(bytes[idx].to_ascii_lowercase(), b'h' | b'i' | b's' | b't'))
        .filter_map(move |idx| {
            // Only as a subject, at the start of a clause: "said its forces had shelled",
            // not "deployed its troops" (the subject's own, no other side).
            let opens_clause = clause_start(&sentence[..idx]);
            if opens_clause {
                if let Some(len) = possessive_institution(&sentence[idx..]) {
                    return Some((start + idx, start + idx + len));
                }
            } else if let Some(len) = possessive_act(&sentence[idx..])
                .filter(|_| after_verb_of_judgement(&sentence[..idx]))
            {
                // "praised his handling of the economy": the owner of an act is its judge's target.
                return Some((start + idx, start + idx + len));
            }
            let word = ["he", "she", "they", "him", "her", "it", "them"]
                .into_iter()
                .find(|word| {
                    sentence[idx..]
                        .get(..word.len())
                        .is_some_and(|found| found.eq_ignore_ascii_case(word))
                        && !is_letter(idx + word.len())
                })?;
            // "her" is an object ("accused her of") only where no noun follows: not "her party".
            if word == "her" && !object_her(&sentence[idx + 3..]) {
                return None;
            }
            // "it" and "them" only as the object of a verb of judgement or appeal, before the
            // word that links what the actor is judged for: "accused it of", "urged them to".
            if matches!(word, "it" | "them")
                && (opens_clause
                    || !object_link(&sentence[idx + word.len()..])
                    || !after_verb_of_judgement(&sentence[..idx]))
            {
                return None;
            }
            Some((start + idx, start + idx + word.len()))
        })
}

/// The byte offsets in `sentence` where a word starts with b, h, i, s or t (either case), the
/// first letters of the pronouns and pair phrases `compose` looks for: one pass over the
/// bytes through a table. A word starts where a letter follows a byte that is not inside a
/// word (alphanumeric or part of a multi-byte character).
fn word_starts(sentence: &str) -> Vec<usize> {
    const fn table() -> [u8; 256] {
        let mut table = [0u8; 256];
        let mut byte = 0;
        while byte < 256 {
            let value = byte as u8;
            if value.is_ascii_alphanumeric() || value >= 0x80 {
                table[byte] |= 1;
            }
            if matches!(value.to_ascii_lowercase(), b'b' | b'h' | b'i' | b's' | b't') {
                table[byte] |= 2;
            }
            byte += 1;
        }
        table
    }
    static TABLE: [u8; 256] = table();
    let mut starts = Vec::new();
    let mut previous = 0u8;
    for (idx, byte) in sentence.bytes().enumerate() {
        let entry = TABLE[usize::from(byte)];
        if (entry >> 1) & !previous & 1 != 0 {
            starts.push(idx);
        }
        previous = entry;
    }
    starts
}

/// Whether "her" before `rest` is an object pronoun: what follows is punctuation, the end, or
/// a preposition or conjunction, not the noun she owns.
fn object_her(rest: &str) -> bool {
    let rest = rest.trim_start();
    let Some(first) = rest.chars().next() else {
        return true;
    };
    if !first.is_alphanumeric() {
        return true;
    }
    let word = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    [
        "of", "for", "to", "with", "in", "on", "at", "as", "and", "or", "over", "after", "before",
        "from", "by", "that", "about", "during", "into", "again", "last",
    ]
    .iter()
    .any(|function| function.eq_ignore_ascii_case(word))
}

/// What a subject pronoun stands for, as a mention at its span: "he" and "she" the last
/// person of the document; "they" the last group named, in this sentence first ("Militants
/// said they had kidnapped…").
/// Nouns of a state or an organisation that a possessive pronoun owns ("his country", "its
/// troops"), with the sector they name (`-` the owner itself).
const INSTITUTIONS: [(&str, &str); 27] = [
    ("country", "-"),
    ("nation", "-"),
    ("government", "GOV"),
    ("administration", "GOV"),
    ("officials", "GOV"),
    ("ministry", "GOV"),
    ("ministers", "GOV"),
    ("diplomats", "GOV"),
    ("embassy", "GOV"),
    ("envoy", "GOV"),
    ("envoys", "GOV"),
    ("army", "MIL"),
    ("military", "MIL"),
    ("forces", "MIL"),
    ("troops", "MIL"),
    ("soldiers", "MIL"),
    ("navy", "MIL"),
    ("aircraft", "MIL"),
    ("warplanes", "MIL"),
    ("jets", "MIL"),
    ("drones", "MIL"),
    ("warships", "MIL"),
    ("artillery", "MIL"),
    ("police", "COP"),
    ("agency", "-"),
    ("organisation", "-"),
    ("organization", "-"),
];

/// Whether a clause starts after `before`: nothing, a comma, or a word that opens a clause.
fn clause_start(before: &str) -> bool {
    let before = before.trim_end();
    let last = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    before.is_empty()
        || before.ends_with([',', ';', ':'])
        || [
            "that", "said", "says", "and", "but", "while", "because", "as", "when", "after",
            "before", "if", "unless", "where", "since", "although",
        ]
        .iter()
        .any(|word| word.eq_ignore_ascii_case(last))
}

/// "his country" at the start of `rest`: the possessive pronoun and the word after it, and
/// the length of the two.
fn owner_and_noun(rest: &str) -> Option<(&str, usize)> {
    let (pronoun, after) = rest.split_once(' ')?;
    if !["his", "her", "its", "their"]
        .iter()
        .any(|word| word.eq_ignore_ascii_case(pronoun))
    {
        return None;
    }
    let noun_len = after
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(after.len());
    Some((&after[..noun_len], pronoun.len() + 1 + noun_len))
}

/// The length of "his country", "its troops", "their government" at the start of `rest`.
fn possessive_institution(rest: &str) -> Option<usize> {
    let (noun, len) = owner_and_noun(rest)?;
    INSTITUTIONS
        .iter()
        .any(|(word, _)| *word == noun)
        .then_some(len)
}

/// "Iraq's prime minister said his country would ...": the state (or its part) of the actor
/// the pronoun stands for, the last one named before it with a country, or the last person
/// of the document; an organisation's own "agency" is itself.
fn possessive_mention(
    text: &str,
    start: usize,
    end: usize,
    memory: &Memory<'_>,
    before: &[Mention],
) -> Option<Mention> {
    let phrase = &text[start..end];
    let (pronoun, noun) = phrase.split_once(' ')?;
    let role = INSTITUTIONS.iter().find(|(word, _)| *word == noun)?.1;
    let person = ["his", "her"]
        .iter()
        .any(|word| word.eq_ignore_ascii_case(pronoun));
    let named = |people_only: bool| {
        before
            .iter()
            .rev()
            .map(|mention| &mention.actor)
            .find(|actor| {
                actor.country != "---" && (!people_only || actor.kind == ActorKind::Person)
            })
            .cloned()
    };
    // "his" stands for a person, else for the office last named ("Iraq's prime minister").
    let owner = named(person)
        .or_else(|| named(false).filter(|_| person))
        .or_else(|| {
            let (idx, cameo) = memory.last_person.as_ref().filter(|_| person)?;
            let mut actor = memory.dictionary.entities[*idx].actor_on(memory.date, false);
            actor.cameo.clone_from(cameo);
            Some(actor)
        })?;
    let dictionary = memory.dictionary;
    let actor = match dictionary.state_index(&owner.country) {
        Some(state) if role == "-" && noun != "agency" && noun != "organisation" => {
            dictionary.entities[state].actor.clone()
        }
        Some(state) if role != "-" => sector(dictionary, &dictionary.entities[state].actor, role),
        _ if owner.kind == ActorKind::Organization && role == "-" => owner,
        _ => return None,
    };
    Some(Mention::of(start, end, actor))
}

fn pronoun_mention(
    text: &str,
    start: usize,
    end: usize,
    memory: &Memory<'_>,
    before: &[Mention],
) -> Option<Mention> {
    let actor = if text[start..end].eq_ignore_ascii_case("they") {
        before
            .iter()
            .rev()
            .map(|mention| &mention.actor)
            .find(|actor| is_group(actor))
            .or(memory.last_group.as_ref())?
            .clone()
    } else {
        let object = ["him", "her"]
            .iter()
            .any(|word| text[start..end].eq_ignore_ascii_case(word));
        // An object pronoun is never the subject of its own clause ("Putin called him"): the
        // persons named in the clause before it are passed over.
        let mut passed: Vec<&ActorId> = Vec::new();
        if object {
            for mention in before.iter().rev() {
                if mention.actor.kind != ActorKind::Person {
                    continue;
                }
                let gap = &text[mention.end..start];
                let other_clause = gap.contains([',', ';', ':'])
                    || [
                        " and ", " but ", " said ", " says ", " told ", " who ", " after ",
                    ]
                    .iter()
                    .any(|word| gap.contains(word));
                if other_clause {
                    return Some(Mention::of(start, end, mention.actor.clone()));
                }
                passed.push(&mention.actor.id);
            }
        }
        // Two persons passed: "Zelenskyy dared Putin to meet him" is beyond a word count.
        if passed.len() > 1 {
            return None;
        }
        let (idx, cameo) =
            if object {
                memory.recent_persons.iter().rev().find(|(idx, _)| {
                    !passed.contains(&&memory.dictionary.entities[*idx].actor.id)
                })?
            } else {
                memory.last_person.as_ref()?
            };
        let entity = &memory.dictionary.entities[*idx];
        let mut actor = entity.actor_on(memory.date, false);
        actor.cameo.clone_from(cameo);
        actor
    };
    Some(Mention::of(start, end, actor))
}

/// What an object pronoun ("it", "them") or an owner ("its decision") at byte `at` stands for:
/// an actor `fits` named before it that is neither the subject of its clause nor of that
/// subject's state ("Moscow accused it": not Russia), in this sentence (places left out), else
/// of the last two states the document named. "X accused it of ..." with X itself as "it"
/// would say "itself".
fn object_referent(
    text: &str,
    sentence_start: usize,
    at: usize,
    memory: &Memory<'_>,
    before: &[Mention],
    fits: impl Fn(&Actor) -> bool,
) -> Option<Actor> {
    let actors: Vec<&Mention> = before
        .iter()
        .filter(|mention| mention.end <= at && !is_place(text, sentence_start, mention))
        .collect();
    let same_clause = |mention: &Mention| {
        let gap = &text[mention.end..at];
        !gap.contains([',', ';', ':'])
            && ![" and ", " but ", " said ", " says ", " who ", " after "]
                .iter()
                .any(|word| gap.contains(word))
    };
    // The subject: the nearest actor in the pronoun's clause, else the sentence's first.
    let subject = actors
        .iter()
        .rev()
        .find(|mention| same_clause(mention))
        .or(actors.first())
        .map(|mention| &mention.actor);
    // A state and its government are one side: "Moscow accused it" is not of Russian diplomats.
    let state_side =
        |actor: &Actor| actor.id.as_str() == actor.country || actor.cameo.ends_with("GOV");
    let same_side = |subject: &Actor, actor: &Actor| {
        subject.id == actor.id
            || subject.country == actor.country && state_side(subject) && state_side(actor)
    };
    let other = |actor: &Actor| {
        fits(actor)
            && actor.country != "---"
            && subject.is_none_or(|subject| !same_side(subject, actor))
    };
    actors
        .iter()
        .rev()
        .map(|mention| &mention.actor)
        .find(|actor| other(actor))
        .or_else(|| memory.last_pair.iter().rev().find(|actor| other(actor)))
        .cloned()
}

/// Whether the span `start..end` found by [`subject_pronouns`] is the object of a verb of
/// judgement: "it" or "them", or an owner and its act ("his handling").
fn judged_object(text: &str, start: usize, end: usize) -> bool {
    let span = &text[start..end];
    span.eq_ignore_ascii_case("it")
        || span.eq_ignore_ascii_case("them")
        || span.contains(' ') && possessive_institution(span).is_none()
}

/// The mention an object of a verb of judgement stands for: "accused it of" an actor that is
/// not a person, "praised his handling" the owner of the act.
fn object_mention(
    text: &str,
    sentence_start: usize,
    (start, end): (usize, usize),
    memory: &Memory<'_>,
    before: &[Mention],
) -> Option<Mention> {
    if text[start..end].contains(' ') {
        return owner_of_act(text, sentence_start, (start, end), memory, before);
    }
    let actor = object_referent(text, sentence_start, start, memory, before, |actor| {
        actor.kind != ActorKind::Person
    })?;
    Some(Mention::of(start, end, actor))
}

/// "praised his handling", "rejected their proposal": the actor that owns the act, for
/// "his" and "her" the last person named who is not the subject of the clause, for "its" and
/// "their" as [`object_referent`] finds it.
fn owner_of_act(
    text: &str,
    sentence_start: usize,
    (start, end): (usize, usize),
    memory: &Memory<'_>,
    before: &[Mention],
) -> Option<Mention> {
    let pronoun = text[start..end].split(' ').next().unwrap_or("");
    let person = ["his", "her"]
        .iter()
        .any(|word| word.eq_ignore_ascii_case(pronoun));
    let actor = object_referent(text, sentence_start, start, memory, before, |actor| {
        (actor.kind == ActorKind::Person) == person
    })
    .or_else(|| {
        // A person named in an earlier sentence: the latest one who is not the subject here.
        if !person {
            return None;
        }
        let subject = before
            .iter()
            .rev()
            .find(|mention| mention.actor.kind == ActorKind::Person)
            .map(|mention| mention.actor.id.clone());
        let (idx, cameo) = memory.recent_persons.iter().rev().find(|(idx, _)| {
            Some(&memory.dictionary.entities[*idx].actor.id) != subject.as_ref()
        })?;
        let mut actor = memory.dictionary.entities[*idx].actor_on(memory.date, false);
        actor.cameo.clone_from(cameo);
        Some(actor)
    })?;
    Some(Mention::of(start, end, actor))
}

/// Whether `before` ends in a verb that judges, asks or warns another ("accused", "urging",
/// "praised", "called on"): after such a verb an object pronoun or an owner's act ("his
/// handling") names the other side, not the subject's own things ("announced its plans",
/// "allowed it to continue").
fn after_verb_of_judgement(before: &str) -> bool {
    let mut words = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .rev();
    let verb = words.next().unwrap_or("");
    if verb.eq_ignore_ascii_case("on") {
        // "called on it to": the verb before the particle.
        return words
            .next()
            .is_some_and(|verb| verb.to_ascii_lowercase().starts_with("call"));
    }
    let verb = verb.to_ascii_lowercase();
    lists()
        .judging_stems
        .iter()
        .any(|stem| verb.starts_with(stem))
}

/// Whether the words after an object pronoun link it to what it is judged or asked for:
/// "accused it of", "urged them to", "blamed it for".
fn object_link(rest: &str) -> bool {
    let word = rest
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    lists()
        .object_links
        .iter()
        .any(|link| link.eq_ignore_ascii_case(word))
}

/// The length of "his handling", "their proposal" at the start of `rest`: an owner and a
/// noun of what an actor does or says (`owned_acts` of the word lists).
fn possessive_act(rest: &str) -> Option<usize> {
    let (noun, len) = owner_and_noun(rest)?;
    lists()
        .owned_acts
        .iter()
        .any(|word| word.eq_ignore_ascii_case(noun))
        .then_some(len)
}

/// Surnames become the entity they refer to, or nothing; ambiguous names become plain entities.
fn resolve_hit(hit: Hit, memory: &Memory<'_>) -> Option<Hit> {
    let kind = match hit.kind {
        HitKind::Coref(pattern_idx) => HitKind::Entity(memory.resolve_surname(pattern_idx)?),
        HitKind::Ambiguous(idx) => HitKind::Entity(idx),
        other => other,
    };
    Some(Hit { kind, ..hit })
}

/// "Mario Branco Peres" is not Shimon Peres: a person's one-word name after a capitalised word
/// that is none of that person's names (nor a spelling of one: "Yassir" for "Yasser"), no title
/// ("Mr", "Gen"), no initial ("J.") and no day or month is part of another person's name.
fn another_persons_name(
    text: &str,
    sentence_start: usize,
    hit: &Hit,
    hits: &[Hit],
    entity: &super::dict::Entity,
) -> bool {
    if text[hit.start..hit.end].contains(' ') {
        return false;
    }
    let before = text[sentence_start..hit.start].trim_end();
    let previous = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let is_first_word = before.len() == previous.len();
    let previous_is_hit = hits
        .iter()
        .any(|other| other.end == sentence_start + before.len());
    let initial = previous.len() == 2 && previous.ends_with('.');
    let word = previous.trim_end_matches('.');
    let lower = word.to_ascii_lowercase();
    let time = super::time::WEEKDAYS.contains(&lower.as_str())
        || super::time::MONTHS.contains(&lower.as_str());
    // The same first three letters: another spelling of the same given name.
    let spelling = |name: &str| {
        let prefix = |text: &str| text.get(..3).map(str::to_ascii_lowercase);
        name.len() >= 3 && prefix(name) == prefix(word)
    };
    previous.chars().next().is_some_and(char::is_uppercase)
        && previous.chars().all(char::is_alphabetic)
        && !is_first_word
        && !previous_is_hit
        && !initial
        && !time
        && !lists()
            .honorifics
            .iter()
            .any(|title| title.eq_ignore_ascii_case(word))
        && !entity.actor.name.split([' ', '-']).any(spelling)
}

/// "Denzel Washington", "Jordan Peterson", "Washington Post": an ambiguous name beside another capitalised word.
fn next_to_capitalised(text: &str, sentence_start: usize, hit: &Hit, hits: &[Hit]) -> bool {
    let before = text[sentence_start..hit.start].trim_end();
    let previous_word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let is_first_word = before.len() == previous_word.len();
    let previous_is_hit = hits
        .iter()
        .any(|other| other.end == sentence_start + before.len());
    // "Egypt, Chad and Nigeria": a word before a comma is no part of the same name.
    let separated = previous_word.ends_with([',', ';', ':']);
    if !previous_word.is_empty()
        && starts_upper(previous_word)
        && !is_first_word
        && !previous_is_hit
        && !separated
    {
        return true;
    }
    let after = &text[hit.end..];
    let trimmed = after.trim_start();
    if trimmed.len() == after.len() {
        return false; // Punctuation follows.
    }
    let next_start = hit.end + (after.len() - trimmed.len());
    let next_is_hit = hits.iter().any(|other| other.start == next_start);
    // "the Beijing Olympics", "the Doha talks": a place names the event after it.
    let next_word = trimmed
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let event_noun = lists().event_names.contains(&next_word);
    starts_upper(trimmed) && !next_is_hit && !event_noun
}

fn is_state(kind: HitKind, dictionary: &Dictionary) -> bool {
    matches!(kind, HitKind::Entity(idx) if dictionary.entities[idx].actor.kind == ActorKind::State)
}

/// The sector code of a group noun ("rebels", "police").
fn group_role(kind: HitKind, dictionary: &Dictionary) -> Option<&str> {
    match kind {
        HitKind::Role(idx) if dictionary.roles[idx].group => dictionary.roles[idx].code.as_deref(),
        _ => None,
    }
}

fn is_person(kind: HitKind, dictionary: &Dictionary) -> bool {
    matches!(kind, HitKind::Entity(idx) if dictionary.entities[idx].actor.kind == ActorKind::Person)
}

/// Whether a hit continues the noun phrase of the group before it.
fn joins(text: &str, last: &Hit, hit: &Hit, group: &[Hit], dictionary: &Dictionary) -> bool {
    let gap = text[last.end..hit.start].trim();
    let last_is_entity = matches!(last.kind, HitKind::Entity(_));
    let adjectives = gap
        .strip_prefix("'s")
        .or_else(|| gap.strip_prefix("’s"))
        .map(str::trim);
    let only_role_adjectives = adjectives.is_some_and(|rest| {
        rest.split(' ')
            .all(|word| lists().role_adjectives.contains(&word))
    });
    let gap_ok = match gap {
        "" | "(" | ")" | ") (" => true,
        "'s" | "’s" => last_is_entity,
        _ if last_is_entity && only_role_adjectives => {
            matches!(hit.kind, HitKind::Role(_)) || is_person(hit.kind, dictionary)
        }
        // "foreign ministers of Japan", "troops from Chad"; not "its ambassador from Turkey",
        // whose owner the pronoun names ("from" is then where the role comes from).
        "of" | "of the" | "from" | "from the" => {
            let owned = gap.starts_with("from")
                && text[..last.start]
                    .trim_end()
                    .rsplit(' ')
                    .next()
                    .is_some_and(|word| {
                        ["its", "his", "her", "their", "our"]
                            .iter()
                            .any(|pronoun| pronoun.eq_ignore_ascii_case(word))
                    });
            matches!(last.kind, HitKind::Role(_))
                && matches!(hit.kind, HitKind::Entity(_))
                && !owned
        }
        // "dissidents from Myanmar", "a court in Guyana": a group noun and its country.
        _ if group_role(last.kind, dictionary).is_some()
            && group.len() == 1
            && is_state(hit.kind, dictionary) =>
        {
            let code = group_role(last.kind, dictionary).unwrap_or("");
            let mut gap_words = gap.split_whitespace();
            let preposition = gap_words.next().unwrap_or("");
            let rest: Vec<&str> = gap_words.collect();
            let adjectives_ok = rest.len() <= 1
                && rest
                    .iter()
                    .all(|word| word.starts_with(|c: char| c.is_lowercase()) && *word != "the");
            adjectives_ok
                && (preposition == "from"
                    || (preposition == "in" && !matches!(code, "MIL" | "GOV")))
        }
        // "US tobacco companies", "Iraqi oil workers": a state, one or two nouns that say
        // what kind, and a group noun. Not a verb ("Britain asked oil companies").
        _ if is_state(last.kind, dictionary)
            && group.len() == 1
            && group_role(hit.kind, dictionary).is_some() =>
        {
            let words: Vec<&str> = gap.split(' ').collect();
            words.len() <= 2
                && words.iter().all(|word| {
                    word.len() > 2
                        && word.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                        && !word.ends_with("ed")
                        && !word.ends_with("ing")
                        && (word.ends_with("ss") || !word.ends_with('s'))
                        && !dictionary.lexicon.is_past_form(word)
                        && ![
                            &lists().prepositions,
                            &lists().determiners,
                            &lists().speech,
                            &lists().negations,
                            &lists().intent,
                        ]
                        .iter()
                        .any(|list| list.contains(word))
                        && ![
                            "and", "but", "nor", "has", "had", "was", "are", "were", "then",
                        ]
                        .contains(word)
                })
        }
        _ => false,
    };
    if !gap_ok {
        return false;
    }
    let HitKind::Entity(idx) = hit.kind else {
        // A role after a person starts a new phrase ("Modi's government").
        return !group
            .iter()
            .any(|member| is_person(member.kind, dictionary));
    };
    group.iter().all(|member| match member.kind {
        HitKind::Entity(other) if other == idx => true,
        HitKind::Entity(other) => {
            let other_kind = dictionary.entities[other].actor.kind;
            other_kind != ActorKind::Person
                && dictionary.entities[idx].actor.kind == ActorKind::Person
        }
        _ => true,
    })
}

/// Turns a noun phrase into its actor: a named person wins, else country plus role gives a sector.
fn finish(
    text: &str,
    group: &[Hit],
    memory: &mut Memory<'_>,
    before: &[Mention],
) -> Option<Mention> {
    let first = group.first()?;
    let last = group.last()?;
    let dictionary = memory.dictionary;
    let roles = group.iter().filter_map(|hit| match hit.kind {
        HitKind::Role(idx) => Some(&dictionary.roles[idx]),
        _ => None,
    });
    let former = roles.clone().any(|role| role.former);
    let role_code = roles
        .clone()
        .filter_map(|role| role.code.as_deref())
        .next_back();
    let person_role = roles
        .clone()
        .filter(|role| role.person)
        .filter_map(|role| role.code.as_deref())
        .next_back();
    let entities: Vec<usize> = group
        .iter()
        .filter_map(|hit| match hit.kind {
            HitKind::Entity(idx) => Some(idx),
            _ => None,
        })
        .collect();
    let person = entities
        .iter()
        .copied()
        .find(|idx| dictionary.entities[*idx].actor.kind == ActorKind::Person);
    let actor = if let Some(idx) = person {
        let mut actor = dictionary.entities[idx].actor_on(memory.date, former);
        // A title in the text ("the American general Charles Q. Brown") is
        // evidence of a role the dictionary's dates do not know.
        if let Some(code) = role_code
            .filter(|_| !former && (actor.cameo.len() == 3 || actor.cameo.ends_with("ELI")))
        {
            actor.cameo = format!("{}{code}", &actor.cameo[..3]);
        }
        memory.remember(idx, &actor.cameo);
        // Named with an office ("President Ruto", "US Secretary of State Mike Pompeo"): a later
        // "the president" is resolved by that office, not by the sector code alone.
        for hit in group {
            if let HitKind::Role(role) = hit.kind {
                if dictionary.roles[role].code.is_some() {
                    memory
                        .titles
                        .insert(text[hit.start..hit.end].to_lowercase(), idx);
                }
            }
        }
        if group.len() > 1 {
            memory.titled.insert(idx);
        }
        actor
    } else if let Some(idx) = entities.first().copied() {
        let entity = &dictionary.entities[idx];
        match role_code {
            Some(code) if entity.actor.kind == ActorKind::State => {
                // Only an institution ("Kenya's government") is what a later "the government"
                // means; a member of it ("a Ugandan diplomat") is not.
                let institution = group.iter().any(
                    |hit| matches!(hit.kind, HitKind::Role(role) if dictionary.roles[role].group),
                );
                if institution {
                    memory.last_sector.insert(code.to_string(), idx);
                }
                sector(dictionary, &entity.actor, code)
            }
            // "Thousands of Israelis protested": the people of a state, not the state; "the
            // Americans" in talks are the other side, the state.
            None if entity.actor.kind == ActorKind::State
                && plural_demonym(&text[first.start..last.end], entity)
                && !text[..first.start]
                    .trim_end()
                    .rsplit(char::is_whitespace)
                    .next()
                    .is_some_and(|word| word.eq_ignore_ascii_case("the")) =>
            {
                sector(dictionary, &entity.actor, "CVL")
            }
            _ => entity.actor_on(memory.date, false),
        }
    } else if let Some(owner) = role_code
        .filter(|_| person_role.is_none() && !modifies_a_noun(text, last.end))
        .and_then(|role| possessor(text, first.start, role, before, memory))
    {
        // "Iraq said its warplanes…", "Israel withdrew its troops": the state named last
        // (not a person: "recalled its ambassador from X" names no new actor).
        owner
    } else if let Some(owner) = person_role
        .filter(|role| matches!(*role, "GOV" | "MIL"))
        .and_then(|role| colleague(text, first.start, role, before, memory))
    {
        owner
    } else {
        // "the army chief": the last person of the document with that role.
        let definite = text[..first.start]
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .eq_ignore_ascii_case("the");
        // By its title first ("the president" is the last person called president, not the
        // secretary of state named since); else by its sector.
        let title = person_title(text, group, dictionary);
        let person = person_role.filter(|_| definite).and_then(|code| {
            if let Some(&idx) = title.as_ref().and_then(|title| memory.titles.get(title)) {
                return Some(idx);
            }
            // A head of state or government is found by that title only, when the last person
            // of the sector was named with another office.
            const TOP: [&str; 6] = [
                "president",
                "prime minister",
                "premier",
                "king",
                "queen",
                "chancellor",
            ];
            let top = title.as_deref().is_some_and(|title| TOP.contains(&title));
            let idx = *memory.last_by_role.get(code)?;
            (!(top && memory.titled.contains(&idx))).then_some(idx)
        });
        if let Some(idx) = person {
            let actor = dictionary.entities[idx].actor_on(memory.date, false);
            memory.remember(idx, &actor.cameo);
            actor
        } else {
            // "the government" after "Pakistan's government"; else "rebels" with no country.
            let group_code = group
                .iter()
                .rev()
                .find_map(|hit| group_role(hit.kind, dictionary));
            let Some(group_code) = group_code else {
                // "Finance Minister Sue Essex": an office before a name the dictionary does
                // not know is a holder of that office, of the country the sentence is set in.
                // Not a military rank: "General Motors", "General Assembly".
                // A role of one person ("journalist Khadija Ismayilova", "a journalist")
                // names that person, of no country yet; `place_countryless` may place them.
                let indefinite = text[..first.start]
                    .trim_end()
                    .rsplit(char::is_whitespace)
                    .next()
                    .is_some_and(|word| {
                        word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an")
                    });
                let code = person_role.or(role_code).filter(|code| *code != "MIL")?;
                // "a journalist in Baku", "a journalist who": a noun, not a modifier.
                let next_word = text[last.end..]
                    .trim_start()
                    .split(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or("");
                let noun = !modifies_a_noun(text, last.end)
                    || lists().prepositions.contains(&next_word)
                    || matches!(next_word, "who" | "was" | "is" | "had" | "has" | "and")
                    // A participle after it: "a doctor based in", "a soldier guarding".
                    || next_word.ends_with("ed")
                    || next_word.ends_with("ing");
                if indefinite && person_role.is_none() && group.len() == 1 && noun {
                    return Some(Mention {
                        start: first.start,
                        end: last.end,
                        actor: countryless(code),
                        blocked: false,
                        joined: false,
                    });
                }
                let Some(end) = unknown_name_after(text, last.end) else {
                    // "the opposition leader" with no one of that office named before: the
                    // holder of that office, of no country yet.
                    return (definite && noun).then(|| Mention {
                        start: first.start,
                        end: last.end,
                        actor: countryless(code),
                        blocked: false,
                        joined: false,
                    });
                };
                let surname = text[..end].rsplit(' ').next().unwrap_or("").to_string();
                memory.pending_surnames.push((first.start, surname));
                return Some(Mention {
                    start: first.start,
                    end,
                    actor: countryless(code),
                    blocked: false,
                    joined: false,
                });
            };
            let code = role_code.unwrap_or(group_code);
            match memory.last_sector.get(code).filter(|_| definite) {
                Some(&idx) => sector(dictionary, &dictionary.entities[idx].actor, code),
                None => countryless(code),
            }
        }
    };
    let after = &text[last.end..];
    let blocked = ["'s ", "’s "].iter().any(|possessive| {
        after.strip_prefix(possessive).is_some_and(|rest| {
            let word = rest
                .split(|c: char| !c.is_alphabetic())
                .next()
                .unwrap_or("");
            lists().not_the_actor.contains(&word)
        })
    });
    Some(Mention {
        start: first.start,
        end: last.end,
        actor,
        blocked,
        joined: false,
    })
}

/// Whether a name is the plural of another name of the same entity that is an adjective of
/// nationality: "Israelis" beside "Israeli", "Afghans" beside "Afghan".
fn plural_demonym(matched: &str, entity: &super::dict::Entity) -> bool {
    let Some(singular) = matched.strip_suffix('s') else {
        return false;
    };
    entity
        .demonyms
        .iter()
        .any(|name| name.eq_ignore_ascii_case(singular))
}

/// The sector actor of a state and a role code: `PAK` + `MIL` is `PAKMIL`, the Pakistan Army.
pub(crate) fn sector(dictionary: &Dictionary, state: &Actor, role_code: &str) -> Actor {
    let code = format!("{}{}", state.country, role_code);
    if let Some(entity) = dictionary.entity(&code) {
        return entity.actor_on(None, false);
    }
    let label = match role_code {
        "GOV" => "government",
        "MIL" => "military",
        "COP" => "police",
        "REB" => "rebels",
        "OPP" => "opposition",
        "LEG" => "legislature",
        "JUD" => "judiciary",
        "SPY" => "intelligence",
        "ELI" => "elites",
        "CVL" => "civilians",
        "EDU" => "education",
        "MED" => "media",
        "BUS" => "business",
        "REF" => "refugees",
        "HRI" => "rights groups",
        "LAB" => "labour",
        "AGR" => "agriculture",
        "CRM" => "criminals",
        "DEV" => "development",
        "ENV" => "environmental groups",
        "GRP" => "groups",
        "HLH" => "health",
        "MOD" => "moderates",
        "RAD" => "radicals",
        "SET" => "settlers",
        other => other,
    };
    Actor {
        id: ActorId::parse(&code).expect("a country code plus a role code is a valid id"),
        name: format!("{} {label}", state.name),
        kind: ActorKind::Organization,
        cameo: code,
        country: state.country.clone(),
    }
}

/// A group noun with no country: `---REB` for "rebels", as the CAMEO coders write it.
pub(crate) fn countryless(role_code: &str) -> Actor {
    let code = format!("---{role_code}");
    let label = match role_code {
        "GOV" => "government",
        "MIL" => "armed forces",
        "COP" => "police",
        "REB" => "rebels",
        "OPP" => "opposition",
        "LEG" => "legislature",
        "JUD" => "judiciary",
        "CVL" => "civilians",
        "EDU" => "students",
        "MED" => "media",
        "BUS" => "business",
        "REF" => "refugees",
        other => other,
    };
    let kind = match role_code {
        "REB" | "OPP" | "CVL" | "REF" => ActorKind::Group,
        _ => ActorKind::Organization,
    };
    Actor {
        id: ActorId::parse(&code).expect("dashes and capitals make a valid id"),
        name: format!("{label} (no country named)"),
        kind,
        cameo: code,
        country: "---".to_string(),
    }
}
