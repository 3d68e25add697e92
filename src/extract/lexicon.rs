//! The trigger lexicon: lemma patterns, matched in text in every word form.
//!
//! A trigger phrase names lemmas ("impose .. sanction on"): each word matches its base form,
//! its -s, -ed and -ing forms, the irregular forms of `data/irregular_verbs.tsv` and noun
//! plurals ("imposed sanctions on", "imposes a sanction on"); `..` lets up to three other words
//! stand between two words ("imposed new sanctions on"); `a|b` offers alternatives at one place.
//! A hyphenated compound with no reading of its own reads as its last word ("mini-summit").
//! Forms are made from the lemmas, never guessed from the text, so a word is only read as a
//! form of a lemma that the lexicon holds.
//!
//! Matching is one pass over the words of the text, with one hash lookup a word and a bounded
//! number of patterns tried at each: linear in the length of the text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hash (as in rustc): a multiply and a rotate a word. The lexicon hashes every word of
/// every text, and its keys are its own, so the DoS-resistant default hasher buys nothing.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            self.add(word);
        }
        for byte in chunks.remainder() {
            self.add(u64::from(*byte));
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A hash map with the Fx hash.
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// How a word of the text relates to the lemma it was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Form {
    /// The lemma itself ("visit").
    Base,
    /// Third person singular or noun plural ("visits").
    S,
    /// Past tense or past participle ("visited", "met", "struck").
    Past,
    /// Present participle or gerund ("visiting").
    Ing,
}

/// Words that never inflect: a pattern's function words match only themselves ("it" is not
/// read in "its", "a" not in "as"), unless the irregular table lists them ("have", "be").
const FIXED: [&str; 40] = [
    "a", "about", "across", "after", "against", "an", "and", "are", "as", "at", "before",
    "between", "by", "during", "for", "from", "had", "has", "have", "her", "his", "in", "into",
    "is", "it", "its", "of", "off", "on", "onto", "or", "out", "over", "that", "the", "their",
    "to", "toward", "towards", "with",
];

/// The largest number of words a `..` gap may hold.
pub(crate) const GAP: usize = 3;

/// Irregular forms of English verbs, from `data/irregular_verbs.tsv`.
pub(crate) struct Irregulars {
    by_base: HashMap<String, Vec<(String, Form)>>,
}

impl Irregulars {
    /// Reads the table; a malformed line is an error naming it.
    pub(crate) fn parse(text: &str) -> Result<Irregulars, (usize, String)> {
        let mut by_base: HashMap<String, Vec<(String, Form)>> = HashMap::new();
        for (idx, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if !(3..=5).contains(&fields.len()) || fields.iter().take(3).any(|f| f.is_empty()) {
                return Err((
                    idx + 1,
                    format!("expected 3 to 5 columns, found {}", fields.len()),
                ));
            }
            let forms = by_base.entry(fields[0].to_string()).or_default();
            let columns = [
                (1, Form::Past),
                (2, Form::Past),
                (3, Form::S),
                (4, Form::Ing),
            ];
            for (column, form) in columns {
                for word in fields.get(column).unwrap_or(&"").split('|') {
                    if !word.is_empty() && !forms.iter().any(|(w, _)| w == word) {
                        forms.push((word.to_string(), form));
                    }
                }
            }
        }
        Ok(Irregulars { by_base })
    }

    /// Every form of a lemma, itself first. Regular forms are made by the spelling rules of
    /// English; where a rule is uncertain (doubling a final consonant: "banned" but "visited")
    /// both spellings are made, since a spelling that is not a word never occurs in text.
    pub(crate) fn forms(&self, lemma: &str) -> Vec<(String, Form)> {
        let mut out = vec![(lemma.to_string(), Form::Base)];
        let listed = self.by_base.contains_key(lemma);
        if !listed && (lemma.len() < 3 || FIXED.contains(&lemma) || !lemma.is_ascii()) {
            return out;
        }
        // A hyphenated or multi-part word inflects its last part ("cease-fire" -> "cease-fires").
        let (stem, last) = match lemma.rfind('-') {
            Some(idx) => lemma.split_at(idx + 1),
            None => ("", lemma),
        };
        let mut push = |word: String, form: Form| {
            let word = format!("{stem}{word}");
            if !out.iter().any(|(w, _)| *w == word) {
                out.push((word, form));
            }
        };
        let irregular = self.by_base.get(last);
        if let Some(forms) = irregular {
            for (word, form) in forms {
                push(word.clone(), *form);
            }
        }
        let has = |form: Form| irregular.is_some_and(|forms| forms.iter().any(|f| f.1 == form));
        let bytes = last.as_bytes();
        let n = bytes.len();
        let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
        let consonant_y = last.ends_with('y') && !vowel(bytes[n - 2]);
        // Consonant-vowel-consonant: "ban" -> "banned", "plan" -> "planning".
        let cvc = n >= 3
            && !vowel(bytes[n - 1])
            && !matches!(bytes[n - 1], b'w' | b'x' | b'y')
            && vowel(bytes[n - 2])
            && !vowel(bytes[n - 3]);
        if !has(Form::S) {
            if consonant_y {
                push(format!("{}ies", &last[..n - 1]), Form::S);
            } else if ["s", "x", "z", "ch", "sh"]
                .iter()
                .any(|end| last.ends_with(end))
            {
                push(format!("{last}es"), Form::S);
            } else {
                push(format!("{last}s"), Form::S);
            }
        }
        if !has(Form::Past) {
            if last.ends_with('e') {
                push(format!("{last}d"), Form::Past);
            } else if consonant_y {
                push(format!("{}ied", &last[..n - 1]), Form::Past);
            } else {
                push(format!("{last}ed"), Form::Past);
                if cvc {
                    push(format!("{last}{}ed", bytes[n - 1] as char), Form::Past);
                }
            }
        }
        if !has(Form::Ing) {
            if last.ends_with("ie") {
                push(format!("{}ying", &last[..n - 2]), Form::Ing);
            } else if last.ends_with('e') && !last.ends_with("ee") && !last.ends_with("ye") {
                push(format!("{}ing", &last[..n - 1]), Form::Ing);
            } else {
                push(format!("{last}ing"), Form::Ing);
                if cvc {
                    push(format!("{last}{}ing", bytes[n - 1] as char), Form::Ing);
                }
            }
        }
        out
    }
}

/// The regular plural of a noun or of a phrase's last noun (`rebel` to `rebels`, `party` to
/// `parties`, `policeman` to `policemen`, `defence minister` to `defence ministers`).
pub(crate) fn plural(noun: &str) -> String {
    if let Some(stem) = noun.strip_suffix("man") {
        return format!("{stem}men");
    }
    if let Some(stem) = noun.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| noun.ends_with(end))
    {
        return format!("{noun}es");
    }
    format!("{noun}s")
}

/// One place of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    /// One of these lemmas (ids into `Lexicon::lemmas`).
    Word(Vec<u32>),
    /// Up to `GAP` other words.
    Gap,
}

/// A compiled phrase.
#[derive(Debug, Clone)]
struct Pattern {
    elements: Vec<Element>,
    /// The forms the head word may take: nouns take only the base and the plural.
    head_forms: [bool; 4],
    /// From a base file (the converted open dictionaries): matched only where our own
    /// phrases found nothing.
    base: bool,
}

/// Why a phrase cannot be a pattern.
pub(crate) fn check_phrase(phrase: &str) -> Result<(), String> {
    let words: Vec<&str> = phrase.split(' ').collect();
    if words.first() == Some(&"..") || words.last() == Some(&"..") {
        return Err(format!(
            "`{phrase}`: a gap `..` must stand between two words"
        ));
    }
    if words
        .windows(2)
        .any(|pair| pair[0] == ".." && pair[1] == "..")
    {
        return Err(format!("`{phrase}`: two gaps in a row"));
    }
    for word in words.iter().filter(|w| **w != "..") {
        for alternative in word.split('|') {
            let ok = !alternative.is_empty()
                && alternative
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '\'' | '’'))
                && !alternative.chars().any(char::is_uppercase);
            if !ok {
                return Err(format!(
                    "`{phrase}`: `{alternative}` is not a lowercase word (letters, digits, - . ')"
                ));
            }
        }
    }
    Ok(())
}

fn form_index(form: Form) -> usize {
    match form {
        Form::Base => 0,
        Form::S => 1,
        Form::Past => 2,
        Form::Ing => 3,
    }
}

/// What the lines of one phrase are, as far as matching cares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Shapes {
    /// Every line is a noun shape: the head takes only the base and plural forms.
    pub noun_only: bool,
    /// The phrase comes from a base file.
    pub base: bool,
}

/// All trigger phrases, compiled for matching.
pub(crate) struct Lexicon {
    /// Surface word (lowercase) to the lemmas it is a form of.
    readings: FxMap<Box<str>, Vec<(u32, Form)>>,
    lemma_ids: FxMap<String, u32>,
    /// The lemma of each id.
    lemma_names: Vec<Box<str>>,
    /// Patterns by the lemma of their first word, then of their second.
    by_head: FxMap<u32, HeadIndex>,
    patterns: Vec<Pattern>,
}

/// The patterns of one first word, so that only those whose second word is near are tried:
/// a common verb heads hundreds of patterns.
#[derive(Debug, Default)]
struct HeadIndex {
    /// Patterns of one word.
    alone: Vec<u32>,
    /// By the lemma of the second word, right after the first.
    next: FxMap<u32, Vec<u32>>,
    /// By the lemma of the second word, after a gap.
    after_gap: FxMap<u32, Vec<u32>>,
}

/// The most phrases kept for one span of text.
pub(crate) const READINGS: usize = 4;

/// A phrase found in the text: its byte span, and the phrases (trigger groups) that match it
/// there with the form of their first word, best first: a phrase whose first word is the word
/// of the text itself ("shelling" the noun) before one that reads it as an inflected form
/// ("shelling" of "shell"), then in the order of the lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub readings: [(usize, Form); READINGS],
    pub n_readings: usize,
}

impl Found {
    /// The phrases that match, best first.
    pub(crate) fn readings(&self) -> &[(usize, Form)] {
        &self.readings[..self.n_readings]
    }
}

impl Lexicon {
    /// Compiles phrases, checked with `check_phrase` beforehand, each with its `Shapes`.
    pub(crate) fn build(irregulars: &Irregulars, phrases: &[(String, Shapes)]) -> Lexicon {
        let mut lexicon = Lexicon {
            readings: FxMap::default(),
            lemma_ids: FxMap::default(),
            lemma_names: Vec::new(),
            by_head: FxMap::default(),
            patterns: Vec::with_capacity(phrases.len()),
        };
        for (idx, (phrase, shapes)) in phrases.iter().enumerate() {
            let elements: Vec<Element> = phrase
                .split(' ')
                .map(|word| match word {
                    ".." => Element::Gap,
                    word => Element::Word(
                        word.split('|')
                            .map(|lemma| lexicon.lemma(irregulars, lemma))
                            .collect(),
                    ),
                })
                .collect();
            let head_forms = if shapes.noun_only {
                [true, true, false, false]
            } else {
                [true; 4]
            };
            if let Some(Element::Word(heads)) = elements.first() {
                let (gap, second) = match elements.get(1) {
                    Some(Element::Gap) => (true, elements.get(2)),
                    other => (false, other),
                };
                for head in heads {
                    let index = lexicon.by_head.entry(*head).or_default();
                    match second {
                        Some(Element::Word(lemmas)) => {
                            let map = if gap {
                                &mut index.after_gap
                            } else {
                                &mut index.next
                            };
                            for lemma in lemmas {
                                map.entry(*lemma).or_default().push(idx as u32);
                            }
                        }
                        _ => index.alone.push(idx as u32),
                    }
                }
            }
            lexicon.patterns.push(Pattern {
                elements,
                head_forms,
                base: shapes.base,
            });
        }
        lexicon
    }

    fn lemma(&mut self, irregulars: &Irregulars, lemma: &str) -> u32 {
        if let Some(id) = self.lemma_ids.get(lemma) {
            return *id;
        }
        let id = self.lemma_ids.len() as u32;
        self.lemma_ids.insert(lemma.to_string(), id);
        self.lemma_names.push(lemma.into());
        for (word, form) in irregulars.forms(lemma) {
            let readings = self.readings.entry(word.into_boxed_str()).or_default();
            if !readings.iter().any(|(other, _)| *other == id) {
                readings.push((id, form));
            }
        }
        id
    }

    /// The lemma the lexicon reads a word as ("held" → "hold"), when it knows the word.
    /// Whether a lower-case word is a past tense or participle of a lexicon verb ("met",
    /// "struck", "told").
    pub(crate) fn is_past_form(&self, word: &str) -> bool {
        self.readings
            .get(word)
            .is_some_and(|readings| readings.iter().any(|(_, form)| *form == Form::Past))
    }

    pub(crate) fn lemma_of(&self, word: &str) -> Option<&str> {
        let lower: String = word
            .chars()
            .map(|c| {
                if c == '’' {
                    '\''
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        let (id, _) = self.readings.get(lower.as_str())?.first()?;
        self.lemma_names.get(*id as usize).map(|name| &**name)
    }

    /// Every phrase in the text, left to right; where phrases overlap, the one that starts
    /// first wins, then the longest, then the one listed first. Phrases of base files are
    /// matched afterwards, only on words that no phrase of ours holds.
    pub(crate) fn scan(&self, text: &str) -> Vec<Found> {
        let tokens = tokens(text);
        let mut lower = String::new();
        let readings: Vec<&[(u32, Form)]> = tokens
            .iter()
            .map(|token| {
                lower.clear();
                lower.extend(text[token.start..token.end].chars().map(|c| match c {
                    '’' => '\'',
                    c => c.to_ascii_lowercase(),
                }));
                // A hyphenated compound reads as its last part, its head, when it has no
                // reading of its own: "mini-summit", "counter-attacked", "re-imposed".
                let head = |word: &str| {
                    word.rsplit_once('-')
                        .and_then(|(_, last)| self.readings.get(last))
                };
                self.readings
                    .get(lower.as_str())
                    .or_else(|| head(&lower))
                    .map_or(&[][..], Vec::as_slice)
            })
            .collect();
        let mut found = self.scan_pass(&tokens, &readings, false, &[]);
        if !self.patterns.iter().any(|pattern| pattern.base) {
            return found;
        }
        let mut taken = vec![false; tokens.len()];
        let mut token = 0;
        for hit in &found {
            while token < tokens.len() && tokens[token].end <= hit.end {
                taken[token] = tokens[token].start >= hit.start;
                token += 1;
            }
        }
        found.extend(self.scan_pass(&tokens, &readings, true, &taken));
        found.sort_unstable_by_key(|hit| hit.start);
        found
    }

    /// One left-to-right pass with the patterns of our files (`base` false) or of base files,
    /// keeping off the `taken` tokens.
    fn scan_pass(
        &self,
        tokens: &[Token],
        readings: &[&[(u32, Form)]],
        base: bool,
        taken: &[bool],
    ) -> Vec<Found> {
        let free =
            |first: usize, last: usize| taken.is_empty() || !taken[first..=last].contains(&true);
        let mut found = Vec::new();
        let mut at = 0;
        let mut tied: Vec<(bool, usize, Form)> = Vec::new();
        let mut candidates: Vec<u32> = Vec::new();
        while at < tokens.len() {
            let mut best_last: Option<usize> = None;
            tied.clear();
            for &(lemma, form) in readings[at] {
                let Some(index) = self.by_head.get(&lemma) else {
                    continue;
                };
                // The patterns whose second word stands where it may.
                candidates.clear();
                candidates.extend(&index.alone);
                let joined_after = |offset: usize| {
                    (1..=offset).all(|k| tokens.get(at + k).is_some_and(|token| token.joined))
                };
                if joined_after(1) {
                    for (second, _) in readings[at + 1] {
                        candidates.extend(index.next.get(second).into_iter().flatten());
                    }
                }
                for offset in 1..=GAP + 1 {
                    if !joined_after(offset) {
                        break;
                    }
                    for (second, _) in readings[at + offset] {
                        candidates.extend(index.after_gap.get(second).into_iter().flatten());
                    }
                }
                candidates.sort_unstable();
                candidates.dedup();
                for &pattern_idx in &candidates {
                    let pattern = &self.patterns[pattern_idx as usize];
                    if pattern.base != base || !pattern.head_forms[form_index(form)] {
                        continue;
                    }
                    let matched = self
                        .match_rest(pattern, tokens, readings, at)
                        .filter(|last| free(at, *last));
                    if let Some(last) = matched {
                        if best_last.is_none_or(|best| last > best) {
                            best_last = Some(last);
                            tied.clear();
                        }
                        if best_last == Some(last) {
                            let inflected = form != Form::Base;
                            tied.push((inflected, pattern_idx as usize, form));
                        }
                    }
                }
            }
            match best_last {
                Some(last) => {
                    tied.sort_unstable_by_key(|(inflected, idx, _)| (*inflected, *idx));
                    tied.dedup_by_key(|(_, idx, _)| *idx);
                    let mut readings = [(0, Form::Base); READINGS];
                    let n_readings = tied.len().min(READINGS);
                    for (slot, (_, idx, form)) in readings.iter_mut().zip(&tied) {
                        *slot = (*idx, *form);
                    }
                    found.push(Found {
                        start: tokens[at].start,
                        end: tokens[last].end,
                        readings,
                        n_readings,
                    });
                    at = last + 1;
                }
                None => at += 1,
            }
        }
        found
    }

    /// The index of the last token of a match of `pattern` whose head is token `at`.
    fn match_rest(
        &self,
        pattern: &Pattern,
        tokens: &[Token],
        readings: &[&[(u32, Form)]],
        at: usize,
    ) -> Option<usize> {
        // Depth-first over the gaps; each gap tries at most GAP + 1 lengths and patterns have
        // few gaps, so the work per start token is bounded.
        fn step(
            elements: &[Element],
            tokens: &[Token],
            readings: &[&[(u32, Form)]],
            last: usize,
            forms: [bool; 4],
        ) -> Option<usize> {
            let Some((element, rest)) = elements.split_first() else {
                return Some(last);
            };
            match element {
                Element::Word(lemmas) => {
                    let next = last + 1;
                    let token = tokens.get(next)?;
                    if !token.joined {
                        return None;
                    }
                    readings[next]
                        .iter()
                        .any(|(lemma, form)| lemmas.contains(lemma) && forms[form_index(*form)])
                        .then(|| step(rest, tokens, readings, next, forms))
                        .flatten()
                }
                Element::Gap => {
                    let mut skip_end = last;
                    for _ in 0..=GAP {
                        if let Some(end) = step(rest, tokens, readings, skip_end, forms) {
                            return Some(end);
                        }
                        skip_end += 1;
                        match tokens.get(skip_end) {
                            Some(token) if token.joined => {}
                            _ => return None,
                        }
                    }
                    None
                }
            }
        }
        // The words of a noun phrase ("official visit") are nouns too: "officials visited" is
        // no official visit.
        step(
            &pattern.elements[1..],
            tokens,
            readings,
            at,
            pattern.head_forms,
        )
    }
}

/// A word of the text, and whether only spaces or apostrophes part it from the word before.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    joined: bool,
}

/// Words: letters and digits, with inner hyphens and dots ("cease-fire", "U.S").
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut joined = false;
    let mut chars = text.char_indices().peekable();
    while let Some((idx, c)) = chars.next() {
        if c.is_alphanumeric() {
            let start = idx;
            let mut end = idx + c.len_utf8();
            while let Some(&(next_idx, next)) = chars.peek() {
                if next.is_alphanumeric() {
                    end = next_idx + next.len_utf8();
                    chars.next();
                } else if matches!(next, '-' | '.') {
                    // Inner only: the character after must be a letter or digit.
                    let after = text[next_idx + 1..].chars().next();
                    if after.is_some_and(char::is_alphanumeric) {
                        chars.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push(Token { start, end, joined });
            joined = true;
        } else if !(c.is_whitespace()
            || matches!(c, '\'' | '’' | '$' | '€' | '£' | '¥' | '"' | '“' | '”'))
        {
            // A currency sign belongs to its amount: "pledged $2 billion in aid"; quotation
            // marks around a word leave the phrase whole: join him for a "mini-summit".
            joined = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn irregulars() -> Irregulars {
        Irregulars::parse(include_str!("data/irregular_verbs.tsv")).expect("the table parses")
    }

    fn words(forms: &[(String, Form)]) -> Vec<&str> {
        forms.iter().map(|(word, _)| word.as_str()).collect()
    }

    #[test]
    fn regular_forms_follow_spelling_rules() {
        let irregulars = irregulars();
        assert_eq!(
            words(&irregulars.forms("visit")),
            [
                "visit",
                "visits",
                "visited",
                "visitted",
                "visiting",
                "visitting"
            ]
        );
        let ban = irregulars.forms("ban");
        assert!(words(&ban).contains(&"banned") && words(&ban).contains(&"banning"));
        assert!(words(&irregulars.forms("deny")).contains(&"denies"));
        assert!(words(&irregulars.forms("deny")).contains(&"denied"));
        assert!(words(&irregulars.forms("close")).contains(&"closing"));
        assert!(words(&irregulars.forms("close")).contains(&"closed"));
        assert!(words(&irregulars.forms("reach")).contains(&"reaches"));
        assert!(words(&irregulars.forms("cease-fire")).contains(&"cease-fires"));
        // Function words match only themselves.
        assert_eq!(words(&irregulars.forms("it")), ["it"]);
        assert_eq!(words(&irregulars.forms("a")), ["a"]);
    }

    #[test]
    fn irregular_forms_come_from_the_table() {
        let irregulars = irregulars();
        let strike = irregulars.forms("strike");
        assert!(strike.contains(&("struck".to_string(), Form::Past)));
        assert!(strike.contains(&("strikes".to_string(), Form::S)));
        assert!(!words(&strike).contains(&"striked"));
        assert!(irregulars
            .forms("meet")
            .contains(&("met".to_string(), Form::Past)));
        assert!(irregulars
            .forms("fly")
            .contains(&("flies".to_string(), Form::S)));
        assert!(words(&irregulars.forms("withdraw")).contains(&"withdrawn"));
    }

    #[test]
    fn a_broken_table_line_is_named() {
        let err = Irregulars::parse("# comment\ngo\twent\n")
            .err()
            .expect("an error");
        assert_eq!(err.0, 2);
    }

    fn lexicon(phrases: &[(&str, bool)]) -> Lexicon {
        let owned: Vec<(String, Shapes)> = phrases
            .iter()
            .map(|(p, n)| {
                let shapes = Shapes {
                    noun_only: *n,
                    ..Shapes::default()
                };
                (p.to_string(), shapes)
            })
            .collect();
        for (phrase, _) in &owned {
            check_phrase(phrase).expect("a good phrase");
        }
        Lexicon::build(&irregulars(), &owned)
    }

    fn matched<'t>(lexicon: &Lexicon, text: &'t str) -> Vec<(&'t str, usize, Form)> {
        lexicon
            .scan(text)
            .into_iter()
            .map(|found| {
                let (pattern, form) = found.readings()[0];
                (&text[found.start..found.end], pattern, form)
            })
            .collect()
    }

    #[test]
    fn every_form_and_gaps_match() {
        let lexicon = lexicon(&[("impose .. sanction on", false), ("strike", false)]);
        assert_eq!(
            matched(&lexicon, "The EU imposed new sanctions on Iran."),
            [("imposed new sanctions on", 0, Form::Past)]
        );
        assert_eq!(
            matched(&lexicon, "Washington imposes sanctions on Moscow"),
            [("imposes sanctions on", 0, Form::S)]
        );
        assert_eq!(
            matched(&lexicon, "Israel strikes Gaza; the army struck again"),
            [("strikes", 1, Form::S), ("struck", 1, Form::Past)]
        );
        // A gap holds at most three words and never crosses punctuation.
        assert!(
            matched(&lexicon, "it imposed, they said, sanctions on Iran")
                .iter()
                .all(|(_, pattern, _)| *pattern != 0)
        );
        assert!(matched(&lexicon, "imposed a b c d sanctions on")
            .iter()
            .all(|(_, pattern, _)| *pattern != 0));
    }

    #[test]
    fn nouns_take_no_verb_forms_and_longest_wins() {
        let lexicon = lexicon(&[
            ("visit", true),
            ("launch .. strike into|on", false),
            ("launch", false),
        ]);
        assert!(matched(&lexicon, "Modi visited Japan").is_empty());
        assert_eq!(matched(&lexicon, "his visits to Japan")[0].0, "visits");
        assert_eq!(
            matched(&lexicon, "India launched retaliatory strikes into Pakistan"),
            [("launched retaliatory strikes into", 1, Form::Past)]
        );
        assert_eq!(
            matched(&lexicon, "India launched a satellite")[0].1,
            2,
            "the shorter phrase when the longer does not match"
        );
    }

    #[test]
    fn hyphenated_compounds_read_as_their_head() {
        let lexicon = lexicon(&[("summit", true), ("launch .. airstrike on", false)]);
        assert_eq!(
            matched(&lexicon, "a mini-summit in Doha")[0].0,
            "mini-summit"
        );
        assert_eq!(
            matched(&lexicon, "Iraq launched counter-airstrikes on Syria")[0].0,
            "launched counter-airstrikes on"
        );
        // The head is the last word: "summit-level" is about a level.
        assert!(matched(&lexicon, "the summit-level talks").is_empty());
    }

    #[test]
    fn phrases_are_checked() {
        assert!(check_phrase(".. sanction").is_err());
        assert!(check_phrase("impose .. .. sanction").is_err());
        assert!(check_phrase("Impose sanction").is_err());
        assert!(check_phrase("impose, sanction").is_err());
        assert!(check_phrase("close .. border|airspace").is_ok());
    }
}
