//! A part-of-speech tagger: an averaged perceptron over word, affix, shape and context
//! features, decoded greedily left to right, with Penn Treebank tags.
//!
//! It is trained by `examples/train_tagger.rs` on news text tagged once by a teacher tagger
//! (`tools/tagger/teach.py`); the weights ship in `data/tagger.bin.gz` and are read once. Words
//! seen often with one tag only are tagged from a table without scoring. Features are hashed to
//! 64 bits (template and text), so the weights hold no strings.
//!
//! Cost: one table lookup a word, and for the others about twenty hash lookups and the sparse
//! rows of their weights; linear in the number of words. This module does no I/O.

use super::lexicon::FxMap;
pub use super::perceptron::WeightsError;
use super::perceptron::{self, argmax, feature, hash_bytes, Learner, Reader, Weights};

/// The tags, in the order of their indexes in the weights.
pub const TAGS: &[&str] = &[
    "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "ADD", "AFX", "CC", "CD", "DT", "EX", "FW", "HYPH",
    "IN", "JJ", "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP", "NNPS", "NNS", "PDT", "POS", "PRP",
    "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ",
    "WDT", "WP", "WP$", "WRB", "XX", "_SP", "``",
];

const N_TAGS: usize = TAGS.len();
const MAGIC: &[u8; 8] = b"GKTAG\x00\x00\x01";

/// The index of a tag name, if it is one of `TAGS`.
pub fn tag_index(name: &str) -> Option<u8> {
    TAGS.iter()
        .position(|tag| *tag == name)
        .map(|idx| idx as u8)
}

/// A trained tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    /// Word (exact) hash → its one tag.
    table: FxMap<u64, u8>,
    weights: Weights,
}

/// The bundled tagger, read on first use.
pub fn bundled() -> &'static Tagger {
    static TAGGER: std::sync::OnceLock<Tagger> = std::sync::OnceLock::new();
    TAGGER.get_or_init(|| {
        Tagger::from_bytes(include_bytes!("data/tagger.bin.gz"))
            .expect("the bundled tagger weights read")
    })
}

/// Whether a tag is a verb's (VB, VBD, VBG, VBN, VBP, VBZ, and MD).
pub fn is_verb(tag: u8) -> bool {
    TAGS[tag as usize].starts_with("VB") || TAGS[tag as usize] == "MD"
}

/// Whether a tag is a noun's (NN, NNS, NNP, NNPS).
/// The noun tag a word's shape suggests: a proper noun when capitalised, a plural when it
/// ends in "s".
fn noun_tag(word: &str) -> u8 {
    let name = match (word.starts_with(char::is_uppercase), word.ends_with('s')) {
        (true, true) => "NNPS",
        (true, false) => "NNP",
        (false, true) => "NNS",
        (false, false) => "NN",
    };
    tag_index(name).expect("a Penn tag")
}

pub fn is_noun(tag: u8) -> bool {
    TAGS[tag as usize].starts_with("NN")
}

impl Tagger {
    /// Tags the words of one sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<u8> {
        self.tag_nouns(words, &[])
    }

    /// Tags the words of one sentence, where the words whose `nouns` flag is set are known to
    /// be part of a name ("Arab Coalition warplanes"): read as a verb, such a word becomes a
    /// noun, and the words after it are tagged knowing so ("… warplanes bomb" is then a verb).
    pub fn tag_nouns(&self, words: &[&str], nouns: &[bool]) -> Vec<u8> {
        let context = Context::new(words);
        let mut tags: Vec<u8> = Vec::with_capacity(words.len());
        let mut keys = Vec::with_capacity(24);
        for (idx, word) in words.iter().enumerate() {
            let tag = match self.table.get(&word_key(word)) {
                Some(&tag) => tag,
                None => {
                    keys.clear();
                    context.features(idx, &tags, &mut keys);
                    self.best(&keys)
                }
            };
            let tag = if nouns.get(idx).copied().unwrap_or(false) && is_verb(tag) {
                noun_tag(word)
            } else {
                tag
            };
            tags.push(tag);
        }
        tags
    }

    /// Whether a word is one of the frequent words the tagger gives one tag to: a sign of
    /// English text ("people", "across", "including").
    pub fn is_frequent_word(&self, word: &str) -> bool {
        self.table.contains_key(&word_key(word))
    }

    fn best(&self, keys: &[u64]) -> u8 {
        let mut scores = [0f32; N_TAGS];
        self.weights.add_scores(keys, &mut scores);
        argmax(&scores) as u8
    }

    /// Reads weights written by [`Trainer::finish`], gzipped or not.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, WeightsError> {
        let bytes = perceptron::plain(bytes)?;
        let mut reader = Reader::new(&bytes);
        if reader.take(8)? != MAGIC {
            return Err(WeightsError("not geokg tagger weights (bad magic)".into()));
        }
        reader.names(TAGS)?;
        let scale = f32::from_bits(reader.u32()?);
        let n_table = reader.u32()? as usize;
        let mut table = FxMap::default();
        table.reserve(n_table.min(reader.remaining() / 9));
        for _ in 0..n_table {
            let key = reader.u64()?;
            table.insert(key, reader.class(N_TAGS)?);
        }
        let weights = Weights::read_rows(&mut reader, scale, N_TAGS)?;
        reader.finish()?;
        Ok(Tagger { table, weights })
    }

    /// Number of feature rows and of table words.
    pub fn size(&self) -> (usize, usize) {
        (self.weights.len(), self.table.len())
    }
}

/// The key of a word (exactly as written) in the table of one-tag words.
fn word_key(word: &str) -> u64 {
    hash_bytes(word.as_bytes())
}

/// What a word looks like, for features: lower-cased into `out`, with numbers folded into
/// classes.
pub(super) fn normal(word: &str, out: &mut String) {
    out.clear();
    let bytes = word.as_bytes();
    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    if digits > 0 {
        if bytes.len() == 4 && digits == 4 {
            out.push_str("!YEAR");
            return;
        }
        if bytes
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.'))
        {
            out.push_str("!NUM");
            return;
        }
        if bytes[0].is_ascii_digit() {
            out.push_str("!DIGITS");
            return;
        }
    }
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// The end of a byte string, whole characters only.
fn suffix(word: &[u8], n: usize) -> &[u8] {
    let mut start = word.len().saturating_sub(n);
    while start > 0 && (word[start] & 0xc0) == 0x80 {
        start -= 1;
    }
    &word[start..]
}

fn prefix(word: &[u8], n: usize) -> &[u8] {
    let mut end = n.min(word.len());
    while end < word.len() && (word[end] & 0xc0) == 0x80 {
        end += 1;
    }
    &word[..end]
}

/// Shape of a word: capitalisation, digits, hyphens.
fn shape(word: &str, first: bool) -> u8 {
    let mut chars = word.chars();
    let head = chars.next().unwrap_or(' ');
    let mut out = 0u8;
    if head.is_uppercase() {
        out |= 1;
        if word.chars().all(|c| !c.is_lowercase()) && word.len() > 1 {
            out |= 2;
        }
    }
    if word.contains('-') {
        out |= 4;
    }
    if word.chars().any(|c| c.is_ascii_digit()) {
        out |= 8;
    }
    if first {
        out |= 16;
    }
    if !head.is_alphanumeric() {
        out |= 32;
    }
    out
}

/// The hashes of one word's parts, made once and shared by every feature that uses them.
#[derive(Debug, Clone, Copy)]
struct Parts {
    word: u64,
    suffix2: u64,
    suffix3: u64,
    suffix4: u64,
    prefix1: u64,
    shape: u64,
}

impl Parts {
    fn of(normal: &str, shape: u8) -> Parts {
        let bytes = normal.as_bytes();
        Parts {
            word: hash_bytes(bytes),
            suffix2: hash_bytes(suffix(bytes, 2)),
            suffix3: hash_bytes(suffix(bytes, 3)),
            suffix4: hash_bytes(suffix(bytes, 4)),
            prefix1: hash_bytes(prefix(bytes, 1)),
            shape: u64::from(shape),
        }
    }

    /// The padding before the first word and after the last.
    fn pad(name: &[u8]) -> Parts {
        let hash = hash_bytes(name);
        Parts {
            word: hash,
            suffix2: hash,
            suffix3: hash,
            suffix4: hash,
            prefix1: hash,
            shape: 64,
        }
    }
}

/// A sentence's words, prepared once for feature extraction.
struct Context {
    parts: Vec<Parts>,
    start: Parts,
    end: Parts,
}

/// The hash that stands for "no tag" before the first word.
const NO_TAG: u64 = 0xff;

impl Context {
    fn new(words: &[&str]) -> Context {
        let mut buffer = String::new();
        let parts = words
            .iter()
            .enumerate()
            .map(|(idx, word)| {
                normal(word, &mut buffer);
                Parts::of(&buffer, shape(word, idx == 0))
            })
            .collect();
        Context {
            parts,
            start: Parts::pad(b"-START-"),
            end: Parts::pad(b"-END-"),
        }
    }

    fn word(&self, idx: isize) -> &Parts {
        if idx < 0 {
            &self.start
        } else {
            self.parts.get(idx as usize).unwrap_or(&self.end)
        }
    }

    /// The feature hashes of word `idx` given the tags before it.
    fn features(&self, idx: usize, tags: &[u8], out: &mut Vec<u64>) {
        let at = idx as isize;
        let word = self.word(at);
        let tag = |back: usize| -> u64 {
            if idx >= back {
                u64::from(tags[idx - back])
            } else {
                NO_TAG
            }
        };
        let (prev, prev2, next, next2) = (
            self.word(at - 1),
            self.word(at - 2),
            self.word(at + 1),
            self.word(at + 2),
        );
        out.push(feature(1, 0, 0));
        out.push(feature(2, word.word, 0));
        out.push(feature(3, word.suffix3, 0));
        out.push(feature(4, word.suffix2, 0));
        out.push(feature(5, word.prefix1, 0));
        out.push(feature(6, word.shape, 0));
        out.push(feature(7, tag(1), 0));
        out.push(feature(8, tag(1), tag(2)));
        out.push(feature(9, tag(1), word.word));
        out.push(feature(10, prev.word, 0));
        out.push(feature(11, prev.suffix3, 0));
        out.push(feature(12, prev2.word, 0));
        out.push(feature(13, next.word, 0));
        out.push(feature(14, next.suffix3, 0));
        out.push(feature(15, next2.word, 0));
        out.push(feature(16, word.suffix4, word.shape));
        out.push(feature(17, word.word, next.word));
        out.push(feature(18, prev.word, word.word));
        out.push(feature(19, tag(1), next.word));
        out.push(feature(20, word.shape, next.shape));
    }
}

/// Trains a tagger: averaged perceptron, several passes over shuffled sentences.
#[derive(Debug, Default)]
pub struct Trainer {
    learner: Learner,
    table: FxMap<u64, u8>,
}

impl Trainer {
    /// A trainer whose table of one-tag words comes from `sentences` (words seen at least
    /// `min_count` times with one tag in at least `share` of them).
    pub fn new(sentences: &[(Vec<String>, Vec<u8>)], min_count: u32, share: f32) -> Trainer {
        let mut counts: FxMap<u64, [u32; N_TAGS]> = FxMap::default();
        for (words, tags) in sentences {
            for (word, tag) in words.iter().zip(tags) {
                counts.entry(word_key(word)).or_insert([0; N_TAGS])[*tag as usize] += 1;
            }
        }
        let mut table = FxMap::default();
        for (key, count) in counts {
            let total: u32 = count.iter().sum();
            let (best, n) = count
                .iter()
                .enumerate()
                .max_by_key(|(_, n)| **n)
                .expect("tags");
            if total >= min_count && *n as f32 >= share * total as f32 {
                table.insert(key, best as u8);
            }
        }
        Trainer {
            table,
            ..Trainer::default()
        }
    }

    /// One pass over the sentences, in the given order; returns the share tagged right.
    pub fn epoch(&mut self, sentences: &[(Vec<String>, Vec<u8>)], order: &[usize]) -> f64 {
        let (mut right, mut total) = (0usize, 0usize);
        let mut keys = Vec::new();
        for &idx in order {
            let (words, gold) = &sentences[idx];
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            let context = Context::new(&refs);
            let mut tags = Vec::with_capacity(refs.len());
            for (at, word) in refs.iter().enumerate() {
                let guess = if let Some(&tag) = self.table.get(&word_key(word)) {
                    tag
                } else {
                    keys.clear();
                    context.features(at, &tags, &mut keys);
                    let mut scores = [0f32; N_TAGS];
                    self.learner.add_scores(&keys, &mut scores);
                    let guess = argmax(&scores) as u8;
                    self.learner.tick();
                    if guess != gold[at] {
                        self.learner.update(&keys, gold[at], guess);
                    }
                    guess
                };
                right += usize::from(guess == gold[at]);
                total += 1;
                // Teacher forcing would hide the errors the tagger makes on its own guesses.
                tags.push(guess);
            }
        }
        right as f64 / total.max(1) as f64
    }

    /// Averages the weights, drops those smaller than `min_weight`, and writes the weights in
    /// the format [`Tagger::from_bytes`] reads (not gzipped).
    pub fn finish(self, min_weight: f32) -> Vec<u8> {
        let averaged = self.learner.average(min_weight);
        let scale = averaged.scale();
        let mut table: Vec<(u64, u8)> = self.table.into_iter().collect();
        table.sort_unstable();
        let mut out = MAGIC.to_vec();
        perceptron::write_names(TAGS, &mut out);
        out.extend_from_slice(&scale.to_bits().to_le_bytes());
        out.extend_from_slice(&(table.len() as u32).to_le_bytes());
        for (key, tag) in table {
            out.extend_from_slice(&key.to_le_bytes());
            out.push(tag);
        }
        averaged.write_rows(scale, &mut out);
        out
    }
}

/// Splits a sentence into the words the tagger was trained on (the teacher's tokenisation,
/// approximately): punctuation apart, clitics ('s, n't, 're, 've, 'll, 'd, 'm) apart,
/// abbreviations with inner dots kept whole ("U.S.", "Mr."). Byte spans of `text`.
pub fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let c = text[at..].chars().next().expect("in bounds");
        if c.is_whitespace() {
            at += c.len_utf8();
            continue;
        }
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |n| at + n);
        split_chunk(text, at, end, &mut out);
        at = end;
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// One whitespace-free chunk into words.
fn split_chunk(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let chunk = &text[start..end];
    // Leading punctuation, one character at a time.
    let mut lead = 0;
    for (idx, c) in chunk.char_indices() {
        if is_word_char(c) || c == '$' && chunk.len() == c.len_utf8() {
            break;
        }
        if c == '\'' || c == '’' {
            // A clitic at the start of a chunk ("'s" after a space) stays a word.
            let rest = &chunk[idx + c.len_utf8()..];
            if ["s", "S", "re", "ve", "ll", "d", "m"].contains(&rest) {
                break;
            }
        }
        out.push((start + idx, start + idx + c.len_utf8()));
        lead = idx + c.len_utf8();
    }
    let body_start = start + lead;
    // Trailing punctuation, kept for after the body. A final dot stays on abbreviations.
    let mut body_end = end;
    let mut trail = Vec::new();
    while body_end > body_start {
        let c = text[body_start..body_end]
            .chars()
            .next_back()
            .expect("non-empty");
        if is_word_char(c) {
            break;
        }
        let body = &text[body_start..body_end - c.len_utf8()];
        if c == '.' && is_abbreviation(body) {
            break;
        }
        body_end -= c.len_utf8();
        trail.push((body_end, body_end + c.len_utf8()));
    }
    if body_end > body_start {
        split_body(text, body_start, body_end, out);
    }
    out.extend(trail.into_iter().rev());
}

/// Words with a final dot that keep it: initials and dotted acronyms ("U.S", "J") and titles.
fn is_abbreviation(body: &str) -> bool {
    if body.contains('.') && body.split('.').all(|part| part.chars().count() <= 2) {
        return true;
    }
    if body.chars().count() == 1 && body.chars().all(char::is_uppercase) {
        return true;
    }
    matches!(
        body,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "St"
            | "Jr"
            | "Sr"
            | "Gen"
            | "Col"
            | "Lt"
            | "Sgt"
            | "Capt"
            | "Gov"
            | "Sen"
            | "Rep"
            | "Prof"
            | "Rev"
            | "Inc"
            | "Corp"
            | "Co"
            | "Ltd"
            | "No"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "vs"
            | "etc"
            | "Adm"
            | "Maj"
            | "Brig"
            | "Pres"
            | "Ft"
    )
}

/// The middle of a chunk: clitics and inner punctuation other than - . , ' & / apart.
fn split_body(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let body = &text[start..end];
    // Clitics at the end; a plural possessive parts only its apostrophe ("workers'").
    for clitic in [
        "n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m",
        "'", "’",
    ] {
        let Some(stem) = strip_suffix_ignore_case(body, clitic) else {
            continue;
        };
        let plural_possessive = clitic.chars().count() == 1;
        if stem.is_empty() || plural_possessive && !stem.ends_with(['s', 'S']) {
            continue;
        }
        let cut = start + stem.len();
        split_inner(text, start, cut, out);
        out.push((cut, end));
        return;
    }
    split_inner(text, start, end, out);
}

fn strip_suffix_ignore_case<'t>(word: &'t str, suffix: &str) -> Option<&'t str> {
    let cut = word.len().checked_sub(suffix.len())?;
    let tail = word.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &word[..cut])
}

fn split_inner(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let mut word_start = start;
    for (idx, c) in text[start..end].char_indices() {
        let at = start + idx;
        let keep = is_word_char(c) || matches!(c, '.' | ',' | '\'' | '’' | '&' | '/' | '-');
        if keep {
            // Hyphens split words the way the teacher does: "cease-fire" → cease - fire.
            if c == '-' && at > word_start && at + 1 < end {
                out.push((word_start, at));
                out.push((at, at + 1));
                word_start = at + 1;
            }
            continue;
        }
        if at > word_start {
            out.push((word_start, at));
        }
        out.push((at, at + c.len_utf8()));
        word_start = at + c.len_utf8();
    }
    if end > word_start {
        out.push((word_start, end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        words(text)
            .into_iter()
            .map(|(start, end)| &text[start..end])
            .collect()
    }

    #[test]
    fn words_split_like_the_teacher() {
        assert_eq!(
            split("India's army didn't fire, officials said (Reuters)."),
            [
                "India",
                "'s",
                "army",
                "did",
                "n't",
                "fire",
                ",",
                "officials",
                "said",
                "(",
                "Reuters",
                ")",
                "."
            ]
        );
        assert_eq!(
            split("The U.S. and Mr. Li met in St. Petersburg."),
            [
                "The",
                "U.S.",
                "and",
                "Mr.",
                "Li",
                "met",
                "in",
                "St.",
                "Petersburg",
                "."
            ]
        );
        assert_eq!(
            split("a cease-fire \"now\" at 3.5%"),
            ["a", "cease", "-", "fire", "\"", "now", "\"", "at", "3.5", "%"]
        );
        assert_eq!(
            split("the workers' union"),
            ["the", "workers", "'", "union"]
        );
    }

    fn corpus() -> Vec<(Vec<String>, Vec<u8>)> {
        // A toy language where "strike" is a noun after a determiner and a verb after a name.
        let t = |name| tag_index(name).expect("a tag");
        let mut out = Vec::new();
        for (subject, verb_or_det) in [
            ("Israel", true),
            ("the", false),
            ("Iran", true),
            ("a", false),
        ] {
            for object in ["Gaza", "Syria", "Lebanon"] {
                let words: Vec<String> = if verb_or_det {
                    vec![subject.into(), "strikes".into(), object.into()]
                } else {
                    vec![subject.into(), "strikes".into(), "on".into(), object.into()]
                };
                let tags = if verb_or_det {
                    vec![t("NNP"), t("VBZ"), t("NNP")]
                } else {
                    vec![t("DT"), t("NNS"), t("IN"), t("NNP")]
                };
                out.push((words, tags));
            }
        }
        out
    }

    /// The hand-tagged sentences of `data/tagger_hand.txt`.
    fn hand_tagged() -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
        include_str!("data/tagger_hand.txt")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| {
                line.split(' ')
                    .map(|pair| pair.rsplit_once('/').expect("word/TAG"))
                    .unzip()
            })
            .collect()
    }

    #[test]
    fn the_bundled_tagger_agrees_with_the_hand_tagged_sentences() {
        let tagger = bundled();
        let (mut right, mut total) = (0, 0);
        let mut wrong = Vec::new();
        for (words, gold) in hand_tagged() {
            for tag in &gold {
                assert!(tag_index(tag).is_some(), "{tag} is a tag");
            }
            let tags = tagger.tag(&words);
            for ((word, tag), truth) in words.iter().zip(tags).zip(&gold) {
                total += 1;
                if TAGS[tag as usize] == *truth {
                    right += 1;
                } else {
                    wrong.push(format!("{word}/{} (hand: {truth})", TAGS[tag as usize]));
                }
            }
        }
        let accuracy = right as f64 / total as f64;
        eprintln!("hand-tagged: {accuracy:.3} of {total}; wrong: {wrong:?}");
        assert!(
            accuracy >= 0.95,
            "{accuracy:.3} on {total} hand-tagged words; wrong: {wrong:?}"
        );
    }

    #[test]
    fn the_bundled_tagger_tells_verbs_from_nouns_in_context() {
        let tagger = bundled();
        let tag_of = |sentence: &str, word: &str| -> &'static str {
            let spans = words(sentence);
            let list: Vec<&str> = spans.iter().map(|(s, e)| &sentence[*s..*e]).collect();
            let tags = tagger.tag(&list);
            let at = list
                .iter()
                .position(|w| *w == word)
                .expect("the word is there");
            TAGS[tags[at] as usize]
        };
        assert!(tag_of("Russia strikes Ukrainian ports again", "strikes").starts_with("VB"));
        assert!(tag_of("The strikes on Ukrainian ports continued", "strikes").starts_with("NN"));
        assert_ne!(
            tag_of("Aid reached the besieged city of Homs", "besieged"),
            "VBD"
        );
        assert!(tag_of("Troops besieged the city of Homs", "besieged").starts_with("VB"));
        assert!(tag_of("There was no sign of progress in the talks", "sign").starts_with("NN"));
        assert!(tag_of("The ministers will sign the accord in Paris", "sign").starts_with("VB"));
        assert!(tag_of("His visit to Beijing was cut short", "visit").starts_with("NN"));
        assert!(tag_of("He will visit Beijing in May", "visit").starts_with("VB"));
    }

    #[test]
    fn the_perceptron_learns_context_and_round_trips_its_weights() {
        let sentences = corpus();
        let mut trainer = Trainer::new(&sentences, 1000, 0.99);
        let order: Vec<usize> = (0..sentences.len()).collect();
        for _ in 0..10 {
            trainer.epoch(&sentences, &order);
        }
        let bytes = trainer.finish(0.0);
        let tagger = Tagger::from_bytes(&bytes).expect("weights read back");
        let names =
            |tags: Vec<u8>| -> Vec<&str> { tags.into_iter().map(|t| TAGS[t as usize]).collect() };
        assert_eq!(
            names(tagger.tag(&["Israel", "strikes", "Lebanon"])),
            ["NNP", "VBZ", "NNP"]
        );
        assert_eq!(
            names(tagger.tag(&["the", "strikes", "on", "Syria"])),
            ["DT", "NNS", "IN", "NNP"]
        );
        // Broken weights are named, not a panic.
        assert!(Tagger::from_bytes(&bytes[..bytes.len() - 3]).is_err());
        assert!(Tagger::from_bytes(b"not weights at all").is_err());
    }
}
