//! A dependency parser: greedy arc-hybrid transitions chosen by an averaged perceptron, over
//! the words and part-of-speech tags of one sentence, with ClearNLP labels (`nsubj`, `dobj`,
//! `prep`, `pobj`, `conj`, `relcl`, …).
//!
//! A configuration is a stack, a buffer (the words not yet read, then a virtual root) and the
//! arcs made so far. Three moves: *shift* the buffer's first word onto the stack; *left* makes
//! the buffer's first word the head of the stack's top, which is popped; *right* makes the word
//! under the stack's top its head, and pops it. Every word is shifted once and popped once, so a
//! sentence of n words takes 2n moves, each scored from about forty hashed features: linear in
//! the words, a few microseconds a word.
//!
//! It is trained by `examples/train_parser.rs` on news parsed once by a teacher
//! (`tools/parser/teach.py`) with a dynamic oracle (the moves that lose no arc of the teacher's
//! tree from the configuration the parser is really in, so it learns to recover from its own
//! mistakes); the weights ship in `data/parser.bin.gz` and are read once. This module does no
//! I/O.

pub use super::perceptron::WeightsError;
use super::perceptron::{self, feature, hash_bytes, Learner, Reader, Weights};
use super::tagger::normal;

/// The dependency labels, in the order of their indexes.
pub const LABELS: &[&str] = &[
    "ROOT",
    "acl",
    "acomp",
    "advcl",
    "advmod",
    "agent",
    "amod",
    "appos",
    "attr",
    "aux",
    "auxpass",
    "case",
    "cc",
    "ccomp",
    "compound",
    "conj",
    "csubj",
    "csubjpass",
    "dative",
    "dep",
    "det",
    "dobj",
    "expl",
    "intj",
    "mark",
    "meta",
    "neg",
    "nmod",
    "npadvmod",
    "nsubj",
    "nsubjpass",
    "nummod",
    "oprd",
    "parataxis",
    "pcomp",
    "pobj",
    "poss",
    "preconj",
    "predet",
    "prep",
    "prt",
    "punct",
    "quantmod",
    "relcl",
    "xcomp",
];

const N_LABELS: usize = LABELS.len();
/// Shift, then left and right for every label.
const N_CLASSES: usize = 1 + 2 * N_LABELS;
const MAGIC: &[u8; 8] = b"GKDEP\x00\x00\x01";
const SHIFT: u8 = 0;
const NONE: usize = usize::MAX;

/// The index of a label name; unknown labels are `dep`.
pub fn label_index(name: &str) -> u8 {
    LABELS
        .iter()
        .position(|label| *label == name)
        .or_else(|| LABELS.iter().position(|label| *label == "dep"))
        .expect("dep is a label") as u8
}

#[cfg(test)]
fn left(label: u8) -> u8 {
    1 + 2 * label
}

#[cfg(test)]
fn right(label: u8) -> u8 {
    2 + 2 * label
}

/// The kind of move of a class: 0 shift, 1 left, 2 right; and its label.
fn split(class: u8) -> (u8, u8) {
    match class {
        SHIFT => (0, 0),
        _ => (2 - (class % 2), (class - 1) / 2),
    }
}

/// The tree of one sentence: each word's head (`None` for the root) and label.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parse {
    heads: Vec<Option<u16>>,
    labels: Vec<u8>,
}

impl Parse {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// The head of word `idx`; `None` for the root of the sentence.
    pub fn head(&self, idx: usize) -> Option<usize> {
        self.heads.get(idx).copied().flatten().map(usize::from)
    }

    /// The label of word `idx`'s arc to its head.
    pub fn label(&self, idx: usize) -> &'static str {
        self.labels
            .get(idx)
            .map_or("dep", |label| LABELS[*label as usize])
    }

    /// The arcs as `label(head, word)`, in word order, without punctuation and determiners:
    /// `nsubj(condemned, ministers) dobj(condemned, Sudan)`; the root as `root(word)`.
    pub fn render(&self, words: &[&str]) -> String {
        let mut out = String::new();
        for (idx, word) in words.iter().enumerate().take(self.len()) {
            let label = self.label(idx);
            if matches!(label, "punct" | "det") {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            match self.head(idx) {
                Some(head) => {
                    let head = words.get(head).copied().unwrap_or("?");
                    out.push_str(&format!("{label}({head}, {word})"));
                }
                None => out.push_str(&format!("root({word})")),
            }
        }
        out
    }

    /// The words whose head is `idx`, in order.
    pub fn children(&self, idx: usize) -> impl Iterator<Item = usize> + '_ {
        self.heads
            .iter()
            .enumerate()
            .filter(move |(_, head)| head.map(usize::from) == Some(idx))
            .map(|(child, _)| child)
    }
}

/// A trained parser.
#[derive(Debug, Clone)]
pub struct Parser {
    weights: Weights,
}

/// The bundled parser, read on first use.
pub fn bundled() -> &'static Parser {
    static PARSER: std::sync::OnceLock<Parser> = std::sync::OnceLock::new();
    PARSER.get_or_init(|| {
        Parser::from_bytes(include_bytes!("data/parser.bin.gz"))
            .expect("the bundled parser weights read")
    })
}

impl Parser {
    /// Parses one sentence: its words and their tags (indexes into `tagger::TAGS`).
    /// Sentences of more than `u16::MAX` words are not parsed (every word its own root).
    pub fn parse(&self, words: &[&str], tags: &[u8]) -> Parse {
        let n = words.len().min(tags.len());
        if n >= usize::from(u16::MAX) {
            return Parse {
                heads: vec![None; n],
                labels: vec![0; n],
            };
        }
        let tokens = Tokens::new(&words[..n], &tags[..n]);
        let mut state = State::new(n);
        let mut keys = Vec::with_capacity(48);
        let mut scores = [0f32; N_CLASSES];
        while !state.done() {
            keys.clear();
            state.features(&tokens, &mut keys);
            scores.fill(0.0);
            self.weights.add_scores(&keys, &mut scores);
            let class = state.best_valid(&scores);
            state.apply(class);
        }
        state.into_parse()
    }

    /// Reads weights written by [`Trainer::finish`], gzipped or not.
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, WeightsError> {
        let bytes = perceptron::plain(bytes)?;
        let mut reader = Reader::new(&bytes);
        if reader.take(8)? != MAGIC {
            return Err(WeightsError("not geokg parser weights (bad magic)".into()));
        }
        reader.names(LABELS)?;
        let scale = f32::from_bits(reader.u32()?);
        let weights = Weights::read_rows(&mut reader, scale, N_CLASSES)?;
        reader.finish()?;
        Ok(Parser { weights })
    }

    /// Number of feature rows.
    pub fn size(&self) -> usize {
        self.weights.len()
    }
}

/// The hashed parts of every word, and of the root and of "nobody".
struct Tokens {
    words: Vec<u64>,
    tags: Vec<u64>,
}

const NO_TAG: u64 = 0x1_0000;
const ROOT_TAG: u64 = 0x2_0000;

impl Tokens {
    fn new(words: &[&str], tags: &[u8]) -> Tokens {
        let mut buffer = String::new();
        let mut hashes: Vec<u64> = words
            .iter()
            .map(|word| {
                normal(word, &mut buffer);
                hash_bytes(buffer.as_bytes())
            })
            .collect();
        hashes.push(hash_bytes(b"-ROOT-"));
        let mut tag_codes: Vec<u64> = tags.iter().map(|tag| u64::from(*tag)).collect();
        tag_codes.push(ROOT_TAG);
        Tokens {
            words: hashes,
            tags: tag_codes,
        }
    }

    fn word(&self, idx: usize) -> u64 {
        self.words.get(idx).copied().unwrap_or(0x5eed)
    }

    fn tag(&self, idx: usize) -> u64 {
        self.tags.get(idx).copied().unwrap_or(NO_TAG)
    }
}

/// A configuration of the parser. Word `n` is the virtual root at the end of the buffer.
struct State {
    n: usize,
    stack: Vec<usize>,
    next: usize,
    heads: Vec<usize>,
    labels: Vec<u8>,
    /// The two leftmost and the two rightmost children of each word, nearest-outermost first.
    lefts: Vec<[usize; 2]>,
    rights: Vec<[usize; 2]>,
    n_lefts: Vec<u8>,
    n_rights: Vec<u8>,
}

impl State {
    fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(16),
            next: 0,
            heads: vec![NONE; n],
            labels: vec![0; n],
            lefts: vec![[NONE; 2]; n + 1],
            rights: vec![[NONE; 2]; n + 1],
            n_lefts: vec![0; n + 1],
            n_rights: vec![0; n + 1],
        }
    }

    fn done(&self) -> bool {
        self.stack.is_empty() && self.next >= self.n
    }

    fn top(&self, depth: usize) -> usize {
        if depth < self.stack.len() {
            self.stack[self.stack.len() - 1 - depth]
        } else {
            NONE
        }
    }

    /// Whether a kind of move (0 shift, 1 left, 2 right) can be made.
    fn valid(&self, kind: u8) -> bool {
        match kind {
            0 => self.next < self.n,
            // The root takes one word: the last one left on the stack.
            1 => !self.stack.is_empty() && (self.next < self.n || self.stack.len() == 1),
            _ => self.stack.len() >= 2,
        }
    }

    fn best_valid(&self, scores: &[f32; N_CLASSES]) -> u8 {
        let mut best: Option<(u8, f32)> = None;
        for (class, score) in scores.iter().enumerate() {
            let class = class as u8;
            if self.valid(split(class).0) && best.is_none_or(|(_, top)| *score > top) {
                best = Some((class, *score));
            }
        }
        best.map_or(SHIFT, |(class, _)| class)
    }

    fn apply(&mut self, class: u8) {
        let (kind, label) = split(class);
        match kind {
            0 => {
                self.stack.push(self.next);
                self.next += 1;
            }
            1 => {
                let dep = self.stack.pop().expect("a valid left move");
                self.attach(self.next, dep, label);
            }
            _ => {
                let dep = self.stack.pop().expect("a valid right move");
                let head = *self.stack.last().expect("a valid right move");
                self.attach(head, dep, label);
            }
        }
    }

    fn attach(&mut self, head: usize, dep: usize, label: u8) {
        self.heads[dep] = head;
        self.labels[dep] = label;
        if dep < head {
            let slot = &mut self.lefts[head];
            if slot[0] == NONE || dep < slot[0] {
                *slot = [dep, slot[0]];
            } else if slot[1] == NONE || dep < slot[1] {
                slot[1] = dep;
            }
            self.n_lefts[head] = self.n_lefts[head].saturating_add(1);
        } else {
            let slot = &mut self.rights[head];
            if slot[0] == NONE || dep > slot[0] {
                *slot = [dep, slot[0]];
            } else if slot[1] == NONE || dep > slot[1] {
                slot[1] = dep;
            }
            self.n_rights[head] = self.n_rights[head].saturating_add(1);
        }
    }

    fn into_parse(self) -> Parse {
        let n = self.n;
        Parse {
            heads: self
                .heads
                .iter()
                .map(|head| (*head < n).then_some(*head as u16))
                .collect(),
            labels: self
                .heads
                .iter()
                .zip(&self.labels)
                .map(|(head, label)| if *head < n { *label } else { 0 })
                .collect(),
        }
    }

    fn label_of(&self, idx: usize) -> u64 {
        if idx < self.n && self.heads[idx] != NONE {
            u64::from(self.labels[idx])
        } else {
            0xff
        }
    }

    fn child(list: &[[usize; 2]], idx: usize, which: usize) -> usize {
        if idx == NONE {
            NONE
        } else {
            list[idx][which]
        }
    }

    /// The feature hashes of this configuration.
    fn features(&self, tokens: &Tokens, out: &mut Vec<u64>) {
        let (s0, s1, s2) = (self.top(0), self.top(1), self.top(2));
        let b0 = self.next;
        let b1 = if b0 < self.n { b0 + 1 } else { NONE };
        let b2 = if b0 + 1 < self.n { b0 + 2 } else { NONE };
        let w = |idx: usize| {
            if idx == NONE {
                0x5eed
            } else {
                tokens.word(idx)
            }
        };
        let t = |idx: usize| {
            if idx == NONE {
                NO_TAG
            } else {
                tokens.tag(idx)
            }
        };
        let s0l = Self::child(&self.lefts, s0, 0);
        let s0l2 = Self::child(&self.lefts, s0, 1);
        let s0r = Self::child(&self.rights, s0, 0);
        let s0r2 = Self::child(&self.rights, s0, 1);
        let s1r = Self::child(&self.rights, s1, 0);
        let b0l = Self::child(&self.lefts, b0, 0);
        let b0l2 = Self::child(&self.lefts, b0, 1);
        let pair = |a: u64, b: u64| a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b;
        let distance = if s0 == NONE {
            0
        } else {
            (b0 - s0).min(6) as u64
        };
        let valency = |idx: usize| {
            if idx == NONE {
                0xff
            } else {
                u64::from(self.n_lefts[idx].min(4)) << 4 | u64::from(self.n_rights[idx].min(4))
            }
        };

        out.push(feature(1, 0, 0));
        out.push(feature(2, w(s0), 0));
        out.push(feature(3, t(s0), 0));
        out.push(feature(4, w(s0), t(s0)));
        out.push(feature(5, w(s1), 0));
        out.push(feature(6, t(s1), 0));
        out.push(feature(7, w(s1), t(s1)));
        out.push(feature(8, w(b0), 0));
        out.push(feature(9, t(b0), 0));
        out.push(feature(10, w(b0), t(b0)));
        out.push(feature(11, w(b1), 0));
        out.push(feature(12, t(b1), 0));
        out.push(feature(13, t(b2), 0));
        out.push(feature(14, t(s2), 0));
        out.push(feature(15, w(s0), w(b0)));
        out.push(feature(16, t(s0), t(b0)));
        out.push(feature(17, w(s0), t(b0)));
        out.push(feature(18, t(s0), w(b0)));
        out.push(feature(19, t(s1), t(s0)));
        out.push(feature(20, pair(t(s1), t(s0)), t(b0)));
        out.push(feature(21, pair(t(s0), t(b0)), t(b1)));
        out.push(feature(22, pair(t(b0), t(b1)), t(b2)));
        out.push(feature(23, pair(t(s2), t(s1)), t(s0)));
        out.push(feature(24, pair(t(s0), t(s0l)), t(b0)));
        out.push(feature(25, pair(t(s0), t(s0r)), t(b0)));
        out.push(feature(26, pair(t(s0), t(b0l)), t(b0)));
        out.push(feature(27, self.label_of(s0l), t(s0)));
        out.push(feature(28, self.label_of(s0r), t(s0)));
        out.push(feature(29, self.label_of(b0l), t(b0)));
        out.push(feature(30, valency(s0), w(s0)));
        out.push(feature(31, valency(b0), t(b0)));
        out.push(feature(32, distance, pair(t(s0), t(b0))));
        out.push(feature(33, distance, pair(w(s0), w(b0))));
        out.push(feature(34, pair(t(s1r), t(s1)), t(s0)));
        out.push(feature(
            35,
            pair(self.label_of(s0l), self.label_of(s0l2)),
            t(s0),
        ));
        out.push(feature(
            36,
            pair(self.label_of(b0l), self.label_of(b0l2)),
            t(b0),
        ));
        out.push(feature(
            37,
            pair(self.label_of(s0r), self.label_of(s0r2)),
            t(s0),
        ));
        out.push(feature(38, pair(w(s0), t(s0)), t(b0)));
        out.push(feature(39, pair(t(s0), w(b0)), t(b0)));
        out.push(feature(40, w(s1), w(s0)));
        out.push(feature(41, w(s0r), t(s0)));
        out.push(feature(42, w(s0l), t(s0)));
        out.push(feature(43, w(b0l), t(b0)));
        out.push(feature(44, pair(w(s0), w(b0)), t(b1)));
        out.push(feature(45, pair(t(s1), w(s0)), t(b0)));
    }

    /// The arcs of the gold tree that each kind of move (shift, left, right) would make
    /// unreachable from here; `u32::MAX` for a move that cannot be made.
    fn costs(&self, gold: &[usize]) -> [u32; 3] {
        let (s0, s1) = (self.top(0), self.top(1));
        let b0 = self.next;
        let n = self.n;
        let mut out = [u32::MAX; 3];
        if self.valid(0) {
            let below = self.stack.len().saturating_sub(1);
            out[0] = self
                .stack
                .iter()
                .enumerate()
                .map(|(at, &s)| u32::from(gold[s] == b0) + u32::from(at < below && gold[b0] == s))
                .sum();
        }
        // The gold children of s0 still in the buffer are lost when s0 is popped.
        let orphans = |s0: usize| -> u32 { (b0..n).map(|d| u32::from(gold[d] == s0)).sum() };
        if self.valid(1) {
            let reachable = gold[s0] > b0 || (s1 != NONE && gold[s0] == s1);
            out[1] = u32::from(gold[s0] != b0 && reachable) + orphans(s0);
        }
        if self.valid(2) {
            out[2] = u32::from(gold[s0] != s1 && gold[s0] >= b0) + orphans(s0);
        }
        out
    }
}

/// Trains a parser: averaged perceptron with a dynamic oracle.
#[derive(Debug, Default)]
pub struct Trainer {
    learner: Learner,
}

/// A sentence to learn from: words, tags, each word's head (`None` for the root) and label.
pub struct Example {
    pub words: Vec<String>,
    pub tags: Vec<u8>,
    pub heads: Vec<Option<usize>>,
    pub labels: Vec<u8>,
}

impl Trainer {
    pub fn new() -> Trainer {
        Trainer::default()
    }

    /// One pass over the examples in the given order. In the first pass the parser follows
    /// the teacher's moves; later it follows its own guesses, learning the best moves from the
    /// states its mistakes lead to. Returns the share of words given the teacher's head.
    pub fn epoch(&mut self, examples: &[Example], order: &[usize], explore: bool) -> f64 {
        let (mut right, mut total) = (0usize, 0usize);
        let mut keys = Vec::with_capacity(48);
        for &idx in order {
            let example = &examples[idx];
            let n = example.words.len();
            if n == 0 || n >= usize::from(u16::MAX) {
                continue;
            }
            let refs: Vec<&str> = example.words.iter().map(String::as_str).collect();
            let tokens = Tokens::new(&refs, &example.tags);
            let gold: Vec<usize> = example
                .heads
                .iter()
                .map(|head| head.filter(|h| *h < n).unwrap_or(n))
                .collect();
            let mut state = State::new(n);
            while !state.done() {
                keys.clear();
                state.features(&tokens, &mut keys);
                let mut scores = [0f32; N_CLASSES];
                self.learner.add_scores(&keys, &mut scores);
                let guess = state.best_valid(&scores);
                let costs = state.costs(&gold);
                let least = *costs.iter().min().expect("three moves");
                let s0 = state.top(0);
                let correct = |class: u8| {
                    let (kind, label) = split(class);
                    costs[kind as usize] == least
                        && match kind {
                            0 => true,
                            1 => gold[s0] != state.next || label == example.labels[s0],
                            _ => gold[s0] != state.top(1) || label == example.labels[s0],
                        }
                };
                let truth = (0..N_CLASSES as u8)
                    .filter(|class| correct(*class))
                    .max_by(|a, b| scores[*a as usize].total_cmp(&scores[*b as usize]))
                    .expect("some move costs least");
                self.learner.tick();
                if !correct(guess) {
                    self.learner.update(&keys, truth, guess);
                }
                state.apply(if explore { guess } else { truth });
            }
            for (word, head) in state.heads.iter().enumerate() {
                right += usize::from(*head == gold[word]);
            }
            total += n;
        }
        right as f64 / total.max(1) as f64
    }

    /// Averages the weights, drops those smaller than `min_weight`, and writes the weights in
    /// the format [`Parser::from_bytes`] reads (not gzipped).
    pub fn finish(&self, min_weight: f32) -> Vec<u8> {
        let averaged = self.learner.average(min_weight);
        let scale = averaged.scale();
        let mut out = MAGIC.to_vec();
        perceptron::write_names(LABELS, &mut out);
        out.extend_from_slice(&scale.to_bits().to_le_bytes());
        averaged.write_rows(scale, &mut out);
        out
    }
}

/// Agreement of a parse with the teacher's tree: (heads right, heads and labels right).
pub fn agreement(parse: &Parse, heads: &[Option<usize>], labels: &[u8]) -> (usize, usize) {
    let (mut unlabelled, mut labelled) = (0, 0);
    for (idx, head) in heads.iter().enumerate().take(parse.len()) {
        if parse.head(idx) == *head {
            unlabelled += 1;
            if head.is_none() || parse.labels[idx] == labels[idx] {
                labelled += 1;
            }
        }
    }
    (unlabelled, labelled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tagger::tag_index;

    /// A toy treebank: "X attacked Y" and "X met Y in Z", with heads and labels.
    fn toy() -> Vec<Example> {
        let t = |name| tag_index(name).expect("a tag");
        let mut out = Vec::new();
        for (subject, verb, object) in [
            ("Israel", "attacked", "Gaza"),
            ("Iran", "warned", "Israel"),
            ("Russia", "attacked", "Kyiv"),
            ("Chad", "met", "Sudan"),
        ] {
            out.push(Example {
                words: vec![subject.into(), verb.into(), object.into(), ".".into()],
                tags: vec![t("NNP"), t("VBD"), t("NNP"), t(".")],
                heads: vec![Some(1), None, Some(1), Some(1)],
                labels: vec![
                    label_index("nsubj"),
                    label_index("ROOT"),
                    label_index("dobj"),
                    label_index("punct"),
                ],
            });
            out.push(Example {
                words: vec![
                    "the".into(),
                    "army".into(),
                    verb.into(),
                    object.into(),
                    "in".into(),
                    "May".into(),
                ],
                tags: vec![t("DT"), t("NN"), t("VBD"), t("NNP"), t("IN"), t("NNP")],
                heads: vec![Some(1), Some(2), None, Some(2), Some(2), Some(4)],
                labels: vec![
                    label_index("det"),
                    label_index("nsubj"),
                    label_index("ROOT"),
                    label_index("dobj"),
                    label_index("prep"),
                    label_index("pobj"),
                ],
            });
        }
        out
    }

    /// The bundled parser finds subjects and objects in sentences of our own, whatever lies
    /// between them and their verb.
    #[test]
    fn the_bundled_parser_finds_subjects_and_objects() {
        let tagger = crate::extract::tagger::bundled();
        let parse = |sentence: &str| {
            let spans = crate::extract::tagger::words(sentence);
            let words: Vec<&str> = spans.iter().map(|(s, e)| &sentence[*s..*e]).collect();
            let tags = tagger.tag(&words);
            bundled().parse(&words, &tags).render(&words)
        };
        let tree = parse("The foreign ministers of Chad and Niger condemned Sudan on Friday.");
        for arc in [
            "nsubj(condemned, ministers)",
            "dobj(condemned, Sudan)",
            "pobj(of, Chad)",
        ] {
            assert!(tree.contains(arc), "{arc} in {tree}");
        }
        let tree = parse("Egypt, which hosts the talks, criticised Ethiopia.");
        for arc in ["nsubj(criticised, Egypt)", "dobj(criticised, Ethiopia)"] {
            assert!(tree.contains(arc), "{arc} in {tree}");
        }
        let tree = parse("Rebels attacked the town and killed twelve soldiers.");
        for arc in [
            "nsubj(attacked, Rebels)",
            "conj(attacked, killed)",
            "dobj(killed, soldiers)",
        ] {
            assert!(tree.contains(arc), "{arc} in {tree}");
        }
    }

    #[test]
    fn moves_and_labels_round_trip_through_classes() {
        for label in 0..N_LABELS as u8 {
            assert_eq!(split(left(label)), (1, label));
            assert_eq!(split(right(label)), (2, label));
        }
        assert_eq!(split(SHIFT), (0, 0));
        assert_eq!(label_index("nsubj") as usize, 29);
        assert_eq!(LABELS[label_index("no such label") as usize], "dep");
    }

    #[test]
    fn the_oracle_alone_rebuilds_every_projective_tree() {
        // Following the least costly move (shift first on ties) gives back the teacher's tree.
        for example in toy() {
            let n = example.words.len();
            let gold: Vec<usize> = example.heads.iter().map(|h| h.unwrap_or(n)).collect();
            let mut state = State::new(n);
            while !state.done() {
                let costs = state.costs(&gold);
                let kind = (0..3).min_by_key(|kind| costs[*kind]).expect("a move") as u8;
                assert_eq!(costs[kind as usize], 0, "a zero-cost move exists");
                let s0 = state.top(0);
                let label = if kind == 0 { 0 } else { example.labels[s0] };
                state.apply(match kind {
                    0 => SHIFT,
                    1 => left(label),
                    _ => right(label),
                });
            }
            assert_eq!(state.heads, gold, "{:?}", example.words);
        }
    }

    #[test]
    fn the_parser_learns_subjects_and_objects_and_round_trips_its_weights() {
        let examples = toy();
        let mut trainer = Trainer::new();
        let order: Vec<usize> = (0..examples.len()).collect();
        for epoch in 0..8 {
            trainer.epoch(&examples, &order, epoch > 0);
        }
        let bytes = trainer.finish(0.0);
        let parser = Parser::from_bytes(&bytes).expect("weights read back");
        let t = |name| tag_index(name).expect("a tag");
        let parse = parser.parse(
            &["Iran", "attacked", "Kyiv", "."],
            &[t("NNP"), t("VBD"), t("NNP"), t(".")],
        );
        assert_eq!(parse.head(0), Some(1));
        assert_eq!(parse.label(0), "nsubj");
        assert_eq!(parse.head(1), None);
        assert_eq!(parse.label(2), "dobj");
        assert_eq!(parse.children(1).collect::<Vec<_>>(), [0, 2, 3]);
        // Every word gets a head or is the one root, whatever the input.
        let parse = parser.parse(&["in", "in", "in"], &[t("IN"), t("IN"), t("IN")]);
        assert_eq!((0..3).filter(|idx| parse.head(*idx).is_none()).count(), 1);
        // Broken weights are named, not a panic.
        assert!(Parser::from_bytes(&bytes[..bytes.len() - 3]).is_err());
        assert!(Parser::from_bytes(b"not weights at all").is_err());
    }
}
