//! The structure of one sentence: its words tagged by `tagger`, grouped into chunks (noun
//! phrases, verb groups, prepositions), so that the rules can tell a verb from a noun of the same
//! spelling ("Israel strikes Gaza" and "the strikes on Gaza") and a participle that modifies a
//! noun ("the besieged town", "in occupied Crimea") from the verb of a clause ("troops besieged
//! the town").
//!
//! Chunks come from rules over the tags, in one left-to-right pass:
//! - a noun phrase is an optional determiner or possessive pronoun, then modifiers (adjectives,
//!   numbers, nouns, hyphens, possessive 's, and participles in front of a noun), ending in its
//!   head noun, pronoun or number;
//! - a verb group is a run of modals, verbs, adverbs and particles; its head is its last verb;
//! - a preposition is a chunk of its own, and so is every other word.
//!
//! A participle is a modifier when a noun or adjective follows and a determiner, a possessive,
//! an adjective, a number, a hyphen or a preposition (not for -ing forms: "accused India of
//! attacking civilians"), or a verb other than an auxiliary ("attack occupied villages"), comes
//! before it. This module does no I/O; its cost is linear in the words of the sentence.

use super::parser::{self, Parse};
use super::tagger::{self, TAGS};

/// The kind of a chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChunkKind {
    Noun,
    Verb,
    Prep,
    Other,
}

/// A run of words of one kind: word indexes `start..end`, and its head word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Chunk {
    pub kind: ChunkKind,
    pub start: usize,
    pub end: usize,
    pub head: usize,
}

/// A tagged, chunked sentence. Word spans are byte offsets of the document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Syntax {
    pub spans: Vec<(usize, usize)>,
    pub tags: Vec<u8>,
    pub chunks: Vec<Chunk>,
    /// The chunk of each word.
    chunk_of: Vec<usize>,
    /// Whether each word is a participle or adjective modifying a noun after it.
    modifier: Vec<bool>,
    /// Whether some word of the sentence is a finite verb or a modal.
    finite_verb: bool,
    /// The dependency tree, parsed on first use: most sentences never need it.
    tree: std::cell::OnceCell<Parse>,
}

/// Words whose forms help other verbs ("has occupied", "was besieged").
const AUXILIARIES: &[&str] = &[
    "have", "has", "had", "having", "be", "is", "are", "was", "were", "been", "being", "am", "get",
    "gets", "got", "gotten", "getting", "'s", "'ve", "'re", "'d",
];

impl Syntax {
    /// Tags and chunks `text[start..end]`, a sentence whose actor names are known (byte
    /// spans, in order): no word of a name is read as a verb.
    pub fn parse_with_names(
        text: &str,
        start: usize,
        end: usize,
        names: &[(usize, usize)],
    ) -> Syntax {
        let spans: Vec<(usize, usize)> = tagger::words(&text[start..end])
            .into_iter()
            .map(|(from, to)| (start + from, start + to))
            .collect();
        let words: Vec<&str> = spans.iter().map(|(from, to)| &text[*from..*to]).collect();
        let mut names = names.iter().peekable();
        let in_name: Vec<bool> = spans
            .iter()
            .map(|&(from, to)| {
                while names.next_if(|(_, name_end)| *name_end <= from).is_some() {}
                names
                    .peek()
                    .is_some_and(|&&(name_start, name_end)| name_start <= from && to <= name_end)
            })
            .collect();
        let tags = tagger::bundled().tag_nouns(&words, &in_name);
        Syntax::from_tags(spans, &words, tags)
    }

    fn from_tags(spans: Vec<(usize, usize)>, words: &[&str], mut tags: Vec<u8>) -> Syntax {
        headline_verb(words, &mut tags);
        let name = |idx: usize| -> &'static str { TAGS[tags[idx] as usize] };
        let n = tags.len();
        let modifier: Vec<bool> = (0..n)
            .map(|idx| {
                let tag = name(idx);
                if !matches!(tag, "VBN" | "VBG" | "JJ") {
                    return false;
                }
                // An -ing form before a name is a verb with its object ("killing Hezbollah's
                // commander"); before a common noun it may modify it ("the attacking forces").
                let next_nominal = idx + 1 < n
                    && if tag == "VBG" {
                        matches!(name(idx + 1), "NN" | "NNS" | "JJ")
                    } else {
                        matches!(name(idx + 1), "NN" | "NNS" | "NNP" | "NNPS" | "JJ" | "CD")
                    };
                if !next_nominal {
                    return false;
                }
                if idx == 0 {
                    return tag != "VBG";
                }
                let prev = name(idx - 1);
                match prev {
                    "DT" | "PDT" | "PRP$" | "WP$" | "POS" | "JJ" | "JJR" | "JJS" | "CD"
                    | "HYPH" | "``" => true,
                    // "in occupied Crimea", "Ukraine, occupied Crimea"; not "of attacking
                    // civilians", ", killing civilians".
                    "IN" | "TO" | "," => tag != "VBG",
                    // "the newly occupied land"
                    "RB" => idx >= 2 && matches!(name(idx - 2), "DT" | "PRP$" | "POS"),
                    verb if verb.starts_with("VB") => !AUXILIARIES
                        .iter()
                        .any(|aux| aux.eq_ignore_ascii_case(words[idx - 1])),
                    _ => false,
                }
            })
            .collect();

        let mut chunks = Vec::new();
        let mut chunk_of = vec![0; n];
        let mut idx = 0;
        while idx < n {
            let start = idx;
            let tag = name(idx);
            let kind = if noun_start(tag) || modifier[idx] {
                // Determiners and modifiers, then nouns; a possessive 's continues the phrase,
                // and so does an adverb before an adjective ("the heavily guarded border").
                let adverb_of_adjective = |at: usize| {
                    at > start
                        && name(at) == "RB"
                        && at + 1 < n
                        && (matches!(name(at + 1), "JJ" | "JJR" | "JJS") || modifier[at + 1])
                };
                while idx < n
                    && (noun_inner(name(idx))
                        || modifier[idx]
                        || adverb_of_adjective(idx)
                        || (idx == start && noun_start(name(idx))))
                {
                    idx += 1;
                }
                ChunkKind::Noun
            } else if tag.starts_with("VB") || tag == "MD" {
                while idx < n
                    && (name(idx).starts_with("VB") || matches!(name(idx), "MD" | "RB" | "RP"))
                {
                    idx += 1;
                }
                // Adverbs after the last verb belong to what follows.
                while idx > start + 1 && name(idx - 1) == "RB" {
                    idx -= 1;
                }
                ChunkKind::Verb
            } else if matches!(tag, "IN" | "TO") {
                idx += 1;
                ChunkKind::Prep
            } else {
                idx += 1;
                ChunkKind::Other
            };
            if idx == start {
                idx += 1;
            }
            let head = match kind {
                ChunkKind::Noun => (start..idx)
                    .rev()
                    .find(|at| {
                        matches!(
                            name(*at),
                            "NN" | "NNS" | "NNP" | "NNPS" | "PRP" | "CD" | "EX"
                        )
                    })
                    .unwrap_or(idx - 1),
                ChunkKind::Verb => (start..idx)
                    .rev()
                    .find(|at| name(*at).starts_with("VB"))
                    .unwrap_or(start),
                _ => start,
            };
            for slot in &mut chunk_of[start..idx] {
                *slot = chunks.len();
            }
            chunks.push(Chunk {
                kind,
                start,
                end: idx,
                head,
            });
        }
        let finite_verb = (0..n).any(|idx| is_finite(name(idx)));
        Syntax {
            spans,
            tags,
            chunks,
            chunk_of,
            modifier,
            finite_verb,
            tree: std::cell::OnceCell::new(),
        }
    }

    /// The dependency tree as `Parse::render` writes it, for explanations.
    pub fn render_tree(&self, text: &str) -> String {
        let words: Vec<&str> = self
            .spans
            .iter()
            .map(|(from, to)| &text[*from..*to])
            .collect();
        self.tree(text).render(&words)
    }

    /// The dependency tree of the sentence, whose words index the document `text`; parsed
    /// on first use.
    pub fn tree(&self, text: &str) -> &Parse {
        self.tree.get_or_init(|| {
            let words: Vec<&str> = self
                .spans
                .iter()
                .map(|(from, to)| &text[*from..*to])
                .collect();
            parser::bundled().parse(&words, &self.tags)
        })
    }

    /// The word that holds byte `at`, if any.
    pub fn word_at(&self, at: usize) -> Option<usize> {
        let idx = self
            .spans
            .partition_point(|(start, _)| *start <= at)
            .checked_sub(1)?;
        (at < self.spans[idx].1).then_some(idx)
    }

    /// The tag of the word that holds byte `at`.
    pub fn tag_at(&self, at: usize) -> Option<&'static str> {
        self.word_at(at).map(|idx| TAGS[self.tags[idx] as usize])
    }

    /// Whether the word at byte `at` cannot be the verb of a clause: it is a participle
    /// modifying a noun, or the tagger reads it as a common noun or an adjective ("duty free
    /// stores") while another word of the
    /// sentence is a finite verb. A sentence without one is a headline whose verb the tagger
    /// missed ("Britain shares intelligence with Ukraine"): a sentence has a verb.
    pub fn not_a_verb(&self, at: usize) -> bool {
        self.word_at(at).is_some_and(|idx| {
            self.modifier[idx]
                || matches!(
                    TAGS[self.tags[idx] as usize],
                    "NN" | "NNS" | "JJ" | "JJR" | "JJS" | "RB" | "IN"
                ) && self.finite_verb
        })
    }

    /// Where the noun phrase that holds byte `at` begins, counting back only over its
    /// determiners and modifiers ("allied Yemeni troops" for "Yemeni"); a noun before stops it,
    /// for adjacent nouns may be two phrases ("on Monday Modi met ..."). `at` itself outside a
    /// noun phrase.
    pub fn phrase_start(&self, at: usize) -> usize {
        let Some(idx) = self.word_at(at) else {
            return at;
        };
        let chunk = &self.chunks[self.chunk_of[idx]];
        if chunk.kind != ChunkKind::Noun {
            return at;
        }
        let mut first = idx;
        while first > chunk.start
            && matches!(
                TAGS[self.tags[first - 1] as usize],
                "DT" | "PDT" | "PRP$" | "JJ" | "JJR" | "JJS" | "CD" | "VBN" | "VBG" | "HYPH"
            )
        {
            first -= 1;
        }
        self.spans[first].0.min(at)
    }

    /// "a man convicted of", "the troops deployed to": a past participle right after a common
    /// noun, with no auxiliary, is a reduced relative clause whose noun suffered the act, when
    /// the sentence has a finite verb besides (the tagger often reads a lone past tense after
    /// a plural as a participle: "soldiers surrendered to ...").
    pub fn reduced_relative(&self, at: usize) -> bool {
        self.word_at(at).is_some_and(|idx| {
            idx > 0
                && TAGS[self.tags[idx] as usize] == "VBN"
                && matches!(TAGS[self.tags[idx - 1] as usize], "NN" | "NNS")
                && self.finite_verb
        })
    }

    /// "Militants beheaded a hostage and threatened to kill ...": the byte offset of the verb
    /// group coordinated before the verb group holding byte `at`, when only "and" and the
    /// object of that verb part them, or of the verb whose "to" it follows ("threatened to
    /// kill"); its subject is this verb's subject.
    pub fn coordinated_verb_before(&self, at: usize) -> Option<usize> {
        let idx = self.word_at(at)?;
        let chunk = self.chunk_of[idx];
        if self.chunks[chunk].kind != ChunkKind::Verb || chunk == 0 {
            return None;
        }
        let mut chunk = chunk;
        // "and later threatened": an adverb between the conjunction and the verb group.
        if chunk >= 2
            && self.chunks[chunk - 1].kind == ChunkKind::Other
            && TAGS[self.tags[self.chunks[chunk - 1].start] as usize] == "RB"
            && TAGS[self.tags[self.chunks[chunk - 2].start] as usize] == "CC"
        {
            chunk -= 1;
        }
        let before = &self.chunks[chunk - 1];
        // "threatened to kill": the verb before "to" has the subject.
        if before.kind == ChunkKind::Prep && TAGS[self.tags[before.start] as usize] == "TO" {
            let verb = &self.chunks[chunk.checked_sub(2)?];
            return (verb.kind == ChunkKind::Verb).then(|| self.spans[verb.start].0);
        }
        if before.kind != ChunkKind::Other || TAGS[self.tags[before.start] as usize] != "CC" {
            return None;
        }
        // Back over the object phrases of the earlier verb (noun phrases, prepositions,
        // adverbs, adjectives, numbers) to a verb group; a finite one only, never across a comma.
        for earlier in self.chunks[..chunk - 1].iter().rev().take(12) {
            match earlier.kind {
                ChunkKind::Verb => {
                    let head = TAGS[self.tags[earlier.head] as usize];
                    return matches!(head, "VBD" | "VBZ" | "VBP" | "VBN")
                        .then(|| self.spans[earlier.start].0);
                }
                ChunkKind::Noun | ChunkKind::Prep => {}
                ChunkKind::Other => {
                    if !matches!(TAGS[self.tags[earlier.start] as usize], "RB" | "JJ" | "CD") {
                        return None;
                    }
                }
            }
        }
        None
    }

    /// "received government approval", "tapping Federal Reserve Board member": whether the
    /// words `start..end` end in a noun that modifies a common noun after it in its phrase,
    /// so that the phrase is about that noun, not about them.
    pub fn modifies_next_noun(&self, start: usize, end: usize) -> bool {
        let Some(last) = end.checked_sub(1).and_then(|at| self.word_at(at)) else {
            return false;
        };
        let next = last + 1;
        next < self.tags.len()
            && self.word_at(start).is_some()
            && matches!(TAGS[self.tags[last] as usize], "NN" | "NNS" | "NNP")
            && matches!(TAGS[self.tags[next] as usize], "NN" | "NNS")
            && self.chunk_of[next] == self.chunk_of[last]
    }

    /// The word before the verb group that holds byte `at`: its byte span and text offset,
    /// when `at` is in a verb group that is not the sentence's first word.
    pub fn before_verb_group(&self, at: usize) -> Option<(usize, usize)> {
        let idx = self.word_at(at)?;
        let chunk = &self.chunks[self.chunk_of[idx]];
        if chunk.kind != ChunkKind::Verb || chunk.start == 0 {
            return None;
        }
        Some(self.spans[chunk.start - 1])
    }

    /// The byte span of the verb group right after byte `at` (the first word from `at`), when
    /// it holds a finite verb: "Indian airstrikes [hit] sites".
    pub fn finite_verb_group_after(&self, at: usize) -> Option<(usize, usize)> {
        let idx = self.first_word_from(at);
        let chunk = &self.chunks[*self.chunk_of.get(idx)?];
        let finite = (chunk.start..chunk.end).any(|word| is_finite(TAGS[self.tags[word] as usize]));
        (chunk.kind == ChunkKind::Verb && chunk.start == idx && finite)
            .then(|| (self.spans[chunk.start].0, self.spans[chunk.end - 1].1))
    }

    /// The number of chunks with a word in `from..to`, punctuation aside.
    pub fn phrases_between(&self, from: usize, to: usize) -> usize {
        let (first, last) = (self.first_word_from(from), self.first_word_from(to));
        let mut count = 0;
        let mut previous = usize::MAX;
        for idx in first..last {
            let chunk = self.chunk_of[idx];
            let punctuation = !self.text_like(idx);
            if chunk != previous && !punctuation {
                count += 1;
            }
            previous = chunk;
        }
        count
    }

    fn text_like(&self, idx: usize) -> bool {
        !matches!(
            TAGS[self.tags[idx] as usize],
            "," | "." | ":" | "``" | "''" | "-LRB-" | "-RRB-" | "HYPH" | "NFP"
        )
    }

    /// Whether the word at byte `at` is an -ing form.
    pub fn gerund_at(&self, at: usize) -> bool {
        self.tag_at(at) == Some("VBG")
    }

    /// Whether the words from byte `at` start with a bare verb, or "to" and one: "helped
    /// reduce", "help to slow".
    pub fn takes_a_verb(&self, at: usize) -> bool {
        let first = self.first_word_from(at);
        let tag = |idx: usize| self.tags.get(idx).map(|tag| TAGS[*tag as usize]);
        match tag(first) {
            Some("VB") => true,
            Some("TO") => tag(first + 1) == Some("VB"),
            _ => false,
        }
    }

    /// Whether the tagger reads the word at byte `at` as a common noun ("the assault on").
    pub fn common_noun_at(&self, at: usize) -> bool {
        self.tag_at(at)
            .is_some_and(|tag| matches!(tag, "NN" | "NNS"))
    }

    /// The byte span of the noun phrase whose head is the word at byte `at`, if it is one.
    pub fn noun_phrase_headed_at(&self, at: usize) -> Option<(usize, usize)> {
        let idx = self.word_at(at)?;
        let chunk = &self.chunks[self.chunk_of[idx]];
        (chunk.kind == ChunkKind::Noun && chunk.head == idx)
            .then(|| (self.spans[chunk.start].0, self.spans[chunk.end - 1].1))
    }

    /// Whether the word at byte `at` cannot be a noun: the tagger reads it as a finite verb, a
    /// base-form verb or a modal.
    pub fn not_a_noun(&self, at: usize) -> bool {
        self.tag_at(at)
            .is_some_and(|tag| matches!(tag, "VB" | "VBD" | "VBZ" | "VBP" | "MD"))
    }

    /// The index of the first word that starts at or after byte `at`.
    fn first_word_from(&self, at: usize) -> usize {
        self.spans.partition_point(|(start, _)| *start < at)
    }

    /// Whether the first word at or after byte `at` (adverbs skipped) is a finite verb or a
    /// modal, and whether it is an -ing form: the phrase before `at` is then a subject.
    pub fn verb_after(&self, at: usize) -> (bool, bool) {
        let tag = self.tags[self.first_word_from(at)..]
            .iter()
            .map(|tag| TAGS[*tag as usize])
            .find(|tag| *tag != "RB");
        (tag.is_some_and(is_finite), tag == Some("VBG"))
    }

    /// The sentence as chunks of tagged words, with the lemma `lemma` gives a verb or common
    /// noun when it differs from the word: `[NP the/DT besieged/VBN town/NN] [VG fell/VBD:fall]`.
    pub fn render<'l>(&self, text: &str, lemma: impl Fn(&str) -> Option<&'l str>) -> String {
        let mut out = String::new();
        for chunk in &self.chunks {
            if !out.is_empty() {
                out.push(' ');
            }
            let label = match chunk.kind {
                ChunkKind::Noun => Some("NP"),
                ChunkKind::Verb => Some("VG"),
                ChunkKind::Prep => Some("PP"),
                ChunkKind::Other => None,
            };
            if let Some(label) = label {
                out.push('[');
                out.push_str(label);
                out.push(' ');
            }
            for idx in chunk.start..chunk.end {
                if idx > chunk.start {
                    out.push(' ');
                }
                let (from, to) = self.spans[idx];
                out.push_str(&text[from..to]);
                out.push('/');
                let tag = TAGS[self.tags[idx] as usize];
                out.push_str(tag);
                if tag.starts_with("VB") || tag == "NN" || tag == "NNS" {
                    let word = &text[from..to];
                    if let Some(lemma) = lemma(word).filter(|l| !l.eq_ignore_ascii_case(word)) {
                        out.push(':');
                        out.push_str(lemma);
                    }
                }
            }
            if label.is_some() {
                out.push(']');
            }
        }
        out
    }
}

/// A finite verb or a modal.
/// A headline needs a finite verb: in a sentence without one, a singular common noun right
/// after a plural one and before a determiner, adjective, number or name is the verb of a
/// plural subject in the present tense ("Indian airstrikes impact multiple locations").
fn headline_verb(words: &[&str], tags: &mut [u8]) {
    let name = |tag: u8| TAGS[tag as usize];
    if tags.iter().any(|tag| is_finite(name(*tag))) {
        return;
    }
    let found = (1..tags.len().saturating_sub(1)).find(|&idx| {
        name(tags[idx]) == "NN"
            && name(tags[idx - 1]) == "NNS"
            && words[idx].starts_with(|c: char| c.is_ascii_lowercase())
            // Not before a plural: "bombards government buildings" is a compound noun.
            && matches!(
                name(tags[idx + 1]),
                "DT" | "JJ" | "JJR" | "JJS" | "NNP" | "NNPS" | "CD" | "PRP$"
            )
    });
    if let Some(idx) = found {
        tags[idx] = super::tagger::tag_index("VBP").expect("a Penn tag");
    }
}

fn is_finite(tag: &str) -> bool {
    matches!(tag, "VBD" | "VBZ" | "VBP" | "MD")
}

fn noun_start(tag: &str) -> bool {
    matches!(tag, "DT" | "PDT" | "PRP$" | "WP$" | "PRP" | "EX") || noun_inner(tag)
}

fn noun_inner(tag: &str) -> bool {
    matches!(
        tag,
        "JJ" | "JJR" | "JJS" | "CD" | "NN" | "NNS" | "NNP" | "NNPS" | "POS" | "HYPH" | "AFX"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax(text: &str) -> Syntax {
        Syntax::parse_with_names(text, 0, text.len(), &[])
    }

    fn at(text: &str, word: &str) -> usize {
        text.find(word).expect("the word is in the text")
    }

    #[test]
    fn no_word_of_a_known_name_is_a_verb() {
        // Our own headline: the tagger alone may read the plural after two capitalised words
        // as a verb; told the name, it reads the word inside it as a noun.
        let text = "Arab Coalition warplanes bomb the port of Hodeidah.";
        let name_end = at(text, " bomb");
        let parsed = Syntax::parse_with_names(text, 0, text.len(), &[(0, name_end)]);
        let warplanes = at(text, "warplanes");
        assert_eq!(parsed.tag_at(warplanes), Some("NNS"));
        assert!(parsed.not_a_noun(at(text, "bomb")));
    }

    #[test]
    fn participles_before_nouns_are_no_verbs() {
        for (text, word) in [
            (
                "Aid convoys reached the besieged town of Madaya.",
                "besieged",
            ),
            (
                "Settlers built homes in occupied East Jerusalem.",
                "occupied",
            ),
            ("The long-threatened sanctions took effect.", "threatened"),
            ("Syria's besieged city waited for aid.", "besieged"),
        ] {
            let parsed = syntax(text);
            assert!(
                parsed.not_a_verb(at(text, word)),
                "{word} in {}",
                parsed.render(text, |_| None)
            );
        }
        for (text, word) in [
            ("Troops besieged the town of Madaya.", "besieged"),
            (
                "Israel has occupied the Golan Heights since 1967.",
                "occupied",
            ),
            (
                "Pakistan accused India of attacking civilian areas.",
                "attacking",
            ),
            ("Israel strikes Gaza as truce talks stall", "strikes"),
        ] {
            let parsed = syntax(text);
            assert!(
                !parsed.not_a_verb(at(text, word)),
                "{word} in {}",
                parsed.render(text, |_| None)
            );
        }
    }

    #[test]
    fn nouns_and_verbs_of_one_spelling() {
        let text = "There was no sign of a deal before the leaders sign it.";
        let parsed = syntax(text);
        assert!(
            parsed.not_a_verb(at(text, "sign of")),
            "{}",
            parsed.render(text, |_| None)
        );
        assert!(
            parsed.not_a_noun(text.rfind("sign").expect("second sign")),
            "{}",
            parsed.render(text, |_| None)
        );
    }

    #[test]
    fn chunks_group_phrases_with_their_heads() {
        let text = "The defence ministers of Kenya and Uganda have not yet met in Kampala.";
        let parsed = syntax(text);
        assert_eq!(
            parsed.render(text, |_| None),
            "[NP The/DT defence/NN ministers/NNS] [PP of/IN] [NP Kenya/NNP] and/CC [NP Uganda/NNP] \
             [VG have/VBP not/RB yet/RB met/VBN] [PP in/IN] [NP Kampala/NNP] ./."
        );
        let (from, to) = parsed
            .noun_phrase_headed_at(at(text, "ministers"))
            .expect("a head");
        assert_eq!(&text[from..to], "The defence ministers");
        assert_eq!(parsed.noun_phrase_headed_at(at(text, "defence")), None);
        let verb = &parsed.chunks[5];
        assert_eq!(
            (
                verb.kind,
                &text[parsed.spans[verb.head].0..parsed.spans[verb.head].1]
            ),
            (ChunkKind::Verb, "met")
        );
        assert_eq!(parsed.word_at(text.len() + 5), None);
    }
}
