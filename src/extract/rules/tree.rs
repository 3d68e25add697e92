//! Attachment by the dependency tree (`parser.rs`): the subjects and objects of a trigger's
//! verb, read from the parse when the nearer patterns of `view.rs` find none: a subject far
//! from its verb ("The group, which opposes the plan, is endorsing …"), the subject of the
//! first of two coordinated verbs, of the verb a "to" clause depends on ("plans to send a
//! mission to Brazil"), the noun a relative clause or a participle describes, and objects
//! behind a long noun phrase. An actor belongs to a phrase when it is the phrase's head, a
//! modifier or possessor of the head, or the object of its "of" or "from"
//! ("the foreign ministers of Chad and Niger"), and its conjuncts too. Clauses inside a phrase
//! (relative clauses, participles) are not entered: their actors are not the phrase's.
//!
//! Each step follows one arc; a phrase is read to a depth of four arcs; so the work is
//! bounded by a small multiple of the words of the sentence.

use super::*;
use crate::extract::parser::Parse;
use crate::extract::tagger::{self, TAGS};

/// Labels of a word's subject.
const SUBJECTS: &[&str] = &["nsubj", "csubj"];
/// Labels that tie an actor to the head noun of its phrase.
const MODIFIERS: &[&str] = &["compound", "amod", "poss", "nmod", "appos"];
/// Prepositions whose object is the phrase's actor ("ministers of X", "envoys from X").
const OF: &[&str] = &["of", "from"];
/// Prepositions whose object can be the target of a verb ("fired on X", "talks with X").
const TOWARD: &[&str] = &[
    "to", "on", "against", "with", "into", "at", "toward", "towards", "upon", "for",
];
/// Prepositions after an event noun that name its partner or target ("an agreement with X",
/// "sanctions on X", "a campaign against X").
const PARTNER: &[&str] = &["with", "on", "against"];
/// How many arcs a phrase is followed down.
const DEPTH: usize = 4;

impl<'a> SentenceRules<'a> {
    /// The word of the trigger's first word in the tree, and the tree.
    fn tree_word(&self, hit: TriggerHit) -> Option<(&Parse, usize)> {
        let word = self.syntax.word_at(hit.start)?;
        Some((self.syntax.tree(self.text), word))
    }

    /// The mention that holds word `word`, unless it owns another noun.
    fn mention_of_word(&self, word: usize) -> Option<usize> {
        let (from, to) = *self.syntax.spans.get(word)?;
        self.mentions
            .iter()
            .position(|mention| mention.start <= from && to <= mention.end && !mention.blocked)
    }

    fn word(&self, word: usize) -> &'a str {
        let (from, to) = self.syntax.spans[word];
        &self.text[from..to]
    }

    /// The actors of the noun phrase headed by word `head`, with those of its conjuncts.
    fn phrase_mentions(&self, tree: &Parse, head: usize, depth: usize, out: &mut Vec<usize>) {
        if depth == 0 {
            return;
        }
        let before = out.len();
        // People named by a plural noun belong to the actor that modifies or owns it ("the
        // foreign ministers of Chad", "Iran's envoys"); a thing does not ("Japanese imports"
        // are no actor, "the shipment of jets from France" no French actor).
        let people = matches!(TAGS[self.syntax.tags[head] as usize], "NNS" | "NNPS");
        if let Some(mention) = self.mention_of_word(head) {
            out.push(mention);
        } else if people {
            for child in tree.children(head) {
                let label = tree.label(child);
                if MODIFIERS.contains(&label) {
                    if let Some(mention) = self.mention_of_word(child) {
                        out.push(mention);
                    }
                } else if label == "prep"
                    && OF
                        .iter()
                        .any(|of| of.eq_ignore_ascii_case(self.word(child)))
                {
                    for object in tree.children(child) {
                        if tree.label(object) == "pobj" {
                            self.phrase_mentions(tree, object, depth - 1, out);
                        }
                    }
                }
                if out.len() > before {
                    break;
                }
            }
        }
        for child in tree.children(head) {
            if tree.label(child) == "conj" {
                self.phrase_mentions(tree, child, depth - 1, out);
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// The word that is the subject of verb `verb`: its own subject; else, for the second of
    /// two coordinated verbs, a verb of a "to" clause or of a participle clause, the subject
    /// of the verb it depends on; for the verb of a relative clause or an -ing participle
    /// after a noun, that noun. `None` for a passive verb, whose subject is its patient.
    fn subject_word(&self, tree: &Parse, verb: usize) -> Option<usize> {
        let mut verb = verb;
        for _ in 0..DEPTH {
            let mut children = tree.children(verb);
            if let Some(subject) = children.find(|c| SUBJECTS.contains(&tree.label(*c))) {
                // "which", "who", "that": the noun the relative clause describes.
                let relative = matches!(
                    TAGS[self.syntax.tags[subject] as usize],
                    "WDT" | "WP" | "WP$"
                );
                return if relative && tree.label(verb) == "relcl" {
                    tree.head(verb)
                } else {
                    Some(subject)
                };
            }
            if tree
                .children(verb)
                .any(|c| matches!(tree.label(c), "nsubjpass" | "auxpass" | "csubjpass"))
            {
                return None;
            }
            let head = tree.head(verb)?;
            match tree.label(verb) {
                "conj" | "xcomp" | "advcl" => {
                    // "urged Iran to stop": the object of the verb a "to" clause depends on
                    // is its subject.
                    if tree.label(verb) == "xcomp" {
                        if let Some(object) = tree.children(head).find(|c| tree.label(*c) == "dobj")
                        {
                            return Some(object);
                        }
                    }
                    // Only a participle clause shares the subject of its verb ("…, killing
                    // four"); "after X attacked" has its own.
                    if tree.label(verb) == "advcl" && TAGS[self.syntax.tags[verb] as usize] != "VBG"
                    {
                        return None;
                    }
                    if !tagger::is_verb(self.syntax.tags[head]) {
                        return None;
                    }
                    verb = head;
                }
                "relcl" => return Some(head),
                "acl" if TAGS[self.syntax.tags[verb] as usize] == "VBG" => return Some(head),
                _ => return None,
            }
        }
        None
    }

    /// The objects of the prepositions among `word`'s children that are one of `preps`.
    fn preposition_objects(&self, tree: &Parse, word: usize, preps: &[&str]) -> Vec<usize> {
        tree.children(word)
            .filter(|child| {
                tree.label(*child) == "prep"
                    && preps
                        .iter()
                        .any(|prep| prep.eq_ignore_ascii_case(self.word(*child)))
            })
            .flat_map(|prep| tree.children(prep).filter(|c| tree.label(*c) == "pobj"))
            .collect()
    }

    /// The sources of a verb trigger by the tree.
    pub(super) fn tree_subjects(&self, hit: TriggerHit) -> Vec<usize> {
        // Parse only when an actor could be found: one outside the trigger.
        let outside = |mention: &Mention| {
            !mention.blocked && (mention.end <= hit.start || mention.start >= hit.end)
        };
        if !self.mentions.iter().any(outside) {
            return Vec::new();
        }
        let Some((tree, verb)) = self.tree_word(hit) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Some(subject) = self.subject_word(tree, verb) {
            self.phrase_mentions(tree, subject, DEPTH, &mut out);
        }
        // An actor of the trigger's own words is its object, not its subject.
        out.retain(|idx| {
            let mention = &self.mentions[*idx];
            mention.end <= hit.start || mention.start >= hit.end
        });
        out
    }

    /// The targets of a verb trigger by the tree: its direct (or indirect) object, else the
    /// object of a preposition of direction after it ("fired on", "talks with").
    /// An object is an actor when its head word is one: the actor who owns or makes a
    /// thing is not what the verb is done to ("opposed the transfer of technology to firms",
    /// "received a shipment of jets from France").
    pub(super) fn tree_objects(&self, hit: TriggerHit, sources: &[usize]) -> Vec<usize> {
        // Parse only when an object could be found: an actor after the verb's first word
        // that is not a source.
        let candidate = |(idx, mention): (usize, &Mention)| {
            !mention.blocked && mention.start > hit.start && !sources.contains(&idx)
        };
        if !self.mentions.iter().enumerate().any(candidate) {
            return Vec::new();
        }
        let Some((tree, verb)) = self.tree_word(hit) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let phrase = |head: usize, out: &mut Vec<usize>| {
            if self.mention_of_word(head).is_some() {
                self.phrase_mentions(tree, head, DEPTH, out);
            }
        };
        for child in tree.children(verb) {
            if matches!(tree.label(child), "dobj" | "dative") {
                phrase(child, &mut out);
                // "signed an agreement with Chile", "imposed sanctions on Iran": the event
                // noun's partner.
                if out.is_empty() {
                    for object in self.preposition_objects(tree, child, PARTNER) {
                        phrase(object, &mut out);
                    }
                }
            }
        }
        if out.is_empty() {
            for object in self.preposition_objects(tree, verb, TOWARD) {
                phrase(object, &mut out);
                if !out.is_empty() {
                    break;
                }
            }
        }
        out
    }
}
