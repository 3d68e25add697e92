//! The rules' view of a sentence: clauses, the words around a trigger, and which mentions
//! are subjects, objects, possessors or places.

use super::*;

impl<'a> SentenceRules<'a> {
    /// Marks every later trigger of the clause as used: what follows is reported or requested.
    pub(super) fn consume_after(&mut self, hit_idx: usize, whole_sentence: bool) {
        let pos = self.triggers[hit_idx].end;
        let (_, clause_end) = self.clause_bounds(pos);
        let limit = if whole_sentence { self.end } else { clause_end };
        for idx in hit_idx + 1..self.triggers.len() {
            if self.triggers[idx].start >= pos && self.triggers[idx].start < limit {
                self.consumed_triggers[idx] = true;
            }
        }
    }

    pub(super) fn clause_of(&self, pos: usize) -> usize {
        self.clause_breaks
            .iter()
            .take_while(|brk| **brk < pos)
            .count()
    }

    pub(super) fn clause_bounds(&self, pos: usize) -> (usize, usize) {
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
    pub(super) fn object_inside(&self, hit: TriggerHit) -> Option<usize> {
        // "sent troops to Mali": a phrase that ends in a preposition has its object after it.
        let last = self.text[hit.start..hit.end]
            .rsplit(' ')
            .next()
            .unwrap_or("");
        if lists()
            .prepositions
            .iter()
            .any(|prep| prep.eq_ignore_ascii_case(last))
        {
            return None;
        }
        let head_end = self.head_end(hit);
        let (idx, mention) = self
            .mentions
            .iter()
            .enumerate()
            .find(|(_, mention)| mention.start > head_end && mention.start < hit.end)?;
        // "put its forces on alert": the subject's own forces are no object.
        if ["its", "his", "her", "their", "our"]
            .iter()
            .any(|word| word.eq_ignore_ascii_case(self.word_before(mention.start)))
        {
            return None;
        }
        let gap_ok = words(&self.text[head_end..mention.start]).all(|word| {
            lists()
                .determiners
                .iter()
                .any(|det| det.eq_ignore_ascii_case(word))
                || lists()
                    .quantities
                    .iter()
                    .any(|q| q.eq_ignore_ascii_case(word))
                || word.bytes().all(|b| b.is_ascii_digit())
        }) && words(&self.text[head_end..mention.start]).count() <= 2;
        let next = words(&self.text[mention.end.min(hit.end)..hit.end])
            .next()
            .unwrap_or("");
        let modifier = mention.actor.kind == crate::model::ActorKind::State
            && next.starts_with(|c: char| c.is_lowercase())
            && !lists()
                .prepositions
                .iter()
                .any(|prep| prep.eq_ignore_ascii_case(next));
        (gap_ok && !modifier).then_some(idx)
    }

    /// The first mention within a trigger's words after its first word ("expelled two Indian
    /// diplomats").
    pub(super) fn mention_inside(&self, hit: TriggerHit) -> Option<usize> {
        let head_end = self.head_end(hit);
        self.mentions
            .iter()
            .position(|mention| mention.start > head_end && mention.end <= hit.end)
    }

    /// Where the first word of a trigger ends.
    fn head_end(&self, hit: TriggerHit) -> usize {
        hit.start
            + self.text[hit.start..hit.end]
                .find(|c: char| c.is_whitespace())
                .unwrap_or(hit.end - hit.start)
    }

    /// The words of a trigger as the text has them.
    pub(super) fn surface(&self, hit: TriggerHit) -> &'a str {
        &self.text[hit.start..hit.end]
    }

    /// Whether a trigger's first word is a past tense or participle ("visited", "struck").
    pub(super) fn past(&self, hit: TriggerHit) -> bool {
        let surface = self.surface(hit).as_bytes();
        hit.form == Form::Past
            || surface.len() >= 2 && surface[surface.len() - 2..].eq_ignore_ascii_case(b"ed")
    }

    /// The last word before a byte offset, within the sentence.
    pub(super) fn word_before(&self, pos: usize) -> &'a str {
        words(&self.text[self.start..pos]).next_back().unwrap_or("")
    }

    pub(super) fn words_before(&self, pos: usize, n_words: usize) -> impl Iterator<Item = &'a str> {
        words(&self.text[self.start..pos]).rev().take(n_words)
    }

    /// Where the auxiliary of a participle at `pos` is looked for: right before it, or, for
    /// the second of two coordinated participles ("was convicted and sentenced", "were
    /// arrested and later charged"), before the first one, which shares its auxiliary.
    pub(super) fn auxiliary_position(&self, pos: usize) -> usize {
        // "and later charged": an adverb may stand between the conjunction and the participle.
        let mut before = self.word_before(pos);
        if lists()
            .passive_adverbs
            .iter()
            .any(|adverb| adverb.eq_ignore_ascii_case(before))
        {
            let at = before.as_ptr() as usize - self.text.as_ptr() as usize;
            before = self.word_before(at);
        }
        let joined = ["and", "or"]
            .iter()
            .any(|word| word.eq_ignore_ascii_case(before));
        if !joined {
            return pos;
        }
        // The earlier verb group starts with its auxiliary ("was convicted"): the position
        // right after that word has it as the word before.
        let Some(group) = self.syntax.coordinated_verb_before(pos) else {
            return pos;
        };
        let mut group_words = words(&self.text[group..pos]);
        let auxiliary = group_words.next().unwrap_or("");
        let participle_at = group_words
            .next()
            .map(|word| word.as_ptr() as usize - self.text.as_ptr() as usize);
        let passive = is_passive_auxiliary(auxiliary)
            && participle_at.is_some_and(|at| self.syntax.tag_at(at) == Some("VBN"));
        if passive {
            group + auxiliary.len()
        } else {
            pos
        }
    }

    pub(super) fn after_preposition(&self, mention: &Mention) -> bool {
        // The word before the noun phrase of the mention: "by allied Yemeni troops".
        let phrase_start = self.phrase_start_of(mention);
        let mut before = words(&self.text[self.start..phrase_start]).rev();
        let mut word = before.next().unwrap_or("");
        if word.eq_ignore_ascii_case("the") {
            word = before.next().unwrap_or("");
        }
        // "hundreds of UN troops": the quantity, not the preposition, heads the phrase.
        if word.eq_ignore_ascii_case("of") {
            let quantity = before.next().unwrap_or("");
            if lists()
                .quantities
                .iter()
                .any(|q| q.eq_ignore_ascii_case(quantity))
                || quantity.bytes().all(|b| b.is_ascii_digit())
            {
                return false;
            }
        }
        let preposition = lists()
            .prepositions
            .iter()
            .any(|prep| prep.eq_ignore_ascii_case(word));
        // "after Russia attacked Ukraine", "with students protesting": a clause, whose subject
        // the actor is, when a verb follows it.
        let opens_clause = || {
            let is = |list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
            let (finite, ing) = self.syntax.verb_after(mention.end);
            is(&lists().subordinators) && (finite || ing) || is(&lists().absolutes) && ing
        };
        preposition && !opens_clause()
    }

    /// The source of a trigger: the nearest eligible mention before it in the clause, with
    /// the mentions coordinated with it ("Pakistan and India").
    pub(super) fn subject_before(&self, pos: usize) -> Vec<usize> {
        // "X beheaded a hostage and threatened Y": the subject of the first verb.
        if let Some(first_verb) = self.syntax.coordinated_verb_before(pos) {
            return self.subject_before(first_verb);
        }
        // "accused Russia of attacking", "blamed Iran for arming": the object of the verb
        // before "of" or "for" is the subject of the -ing form.
        if self.syntax.gerund_at(pos) {
            // "restrictions on Americans travelling to Cuba": the name right before an -ing
            // form is its subject, whatever governs the name.
            // Not a place: "strikes in the Gaza Strip killing four" are the strikes killing.
            if let Some(idx) = self.mentions.iter().position(|mention| {
                mention.end <= pos
                    && self.text[mention.end..pos].trim().is_empty()
                    && !mention.blocked
                    && !["in", "at", "near", "across", "inside"]
                        .iter()
                        .any(|place| {
                            place.eq_ignore_ascii_case(
                                self.word_before(self.phrase_start_of(mention)),
                            )
                        })
            }) {
                return vec![idx];
            }
            let before = self.text[self.start..pos].trim_end();
            let linked = ["of", "for"].iter().find_map(|word| {
                let rest = before.strip_suffix(word)?;
                rest.ends_with(' ').then(|| rest.trim_end())
            });
            if let Some(rest) = linked {
                let end = self.start + rest.len();
                if let Some(idx) = self
                    .mentions
                    .iter()
                    .position(|m| m.end == end && !m.blocked)
                {
                    return vec![idx];
                }
            }
        }
        let (clause_start, _) = self.clause_bounds(pos);
        // "Iran, which opposed the deal, demanded ...", "Pakistan, which hosts refugees, ...":
        // the verb right after the relative pronoun, or right after the comma that closes the
        // relative clause, has the phrase before the clause as its subject.
        if clause_start > self.start {
            let relative = self.text[clause_start..]
                .strip_prefix(',')
                .map(str::trim_start)
                .and_then(|rest| rest.split(' ').next())
                .is_some_and(|word| ["which", "who"].contains(&word));
            let opens_or_closes = self
                .syntax
                .before_verb_group(pos)
                .is_some_and(|(from, to)| {
                    let word = &self.text[from..to];
                    from > clause_start && [",", "which", "who"].contains(&word)
                });
            if relative && opens_or_closes {
                return self.subject_before(clause_start);
            }
        }
        let mut found = None;
        // The words between a candidate and `pos` are read once, a stretch per candidate, from
        // `pos` backwards: the walk stays linear in the clause however many mentions it passes.
        let mut read_from = pos;
        let mut who_after = false;
        for (idx, mention) in self.mentions.iter().enumerate().rev() {
            if mention.end > pos {
                continue;
            }
            if mention.start < clause_start {
                break;
            }
            let gap = &self.text[mention.end..pos];
            let stretch = &self.text[mention.end..read_from.max(mention.end)];
            read_from = mention.start;
            if words(stretch).any(|word| {
                lists()
                    .speech
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
            let mut stretch_words = words(stretch);
            let first_is_who = stretch_words
                .next()
                .is_some_and(|word| word.eq_ignore_ascii_case("who"));
            if who_after || stretch_words.any(|word| word.eq_ignore_ascii_case("who")) {
                break;
            }
            who_after = first_is_who;
            // "gave permission to Russia to help": the object of the first verb is the
            // subject of the second, which is not coded.
            if self.consumed_targets[idx] && gap.len() < 8 && words(gap).eq(["to"]) {
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
            if !self.coordinated(current - 1, true)
                || previous.blocked
                || previous.start < clause_start
                || self.after_preposition(previous)
            {
                break;
            }
            current -= 1;
            group.insert(0, current);
        }
        group
    }

    /// "between Iran and the United States": the second of a pair after a preposition. After
    /// a comma and before a finite verb, the name is the subject of the clause that the
    /// phrase opens ("In Florida, Munir attended").
    pub(super) fn coordinated_after_preposition(&self, mut idx: usize) -> bool {
        while idx > 0 {
            let previous = &self.mentions[idx - 1];
            let gap = self.text[previous.end..self.mentions[idx].start].trim();
            if !self.coordinated(idx - 1, true)
                || gap == "," && self.syntax.verb_after(self.mentions[idx].end).0
            {
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
    pub(super) fn objects_after(&self, pos: usize, max_words: usize) -> Vec<usize> {
        self.objects_after_where(pos, max_words, true)
    }

    /// As `objects_after`; without `places`, a mention after "in", "at" or "near" is a location
    /// and the search goes on to the next mention ("held talks in Tokyo with Takaichi").
    pub(super) fn objects_after_where(
        &self,
        pos: usize,
        max_words: usize,
        places: bool,
    ) -> Vec<usize> {
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
        // Reach is counted in phrases as well as words: a long noun phrase and its "of" are
        // two phrases ("attacked the heavily fortified southern border town of X").
        let within_reach = n_words <= max_words
            || n_words <= 2 * max_words
                && self
                    .syntax
                    .phrases_between(pos, self.phrase_start_of(&self.mentions[first]))
                    <= 2;
        if gap.contains([',', ';', ':', '(', '.']) && !gap.trim().is_empty()
            || !within_reach
            || barrier_in(gap)
        {
            return Vec::new();
        }
        let mut group = vec![first];
        let mut current = first;
        while current + 1 < self.mentions.len() {
            let next = &self.mentions[current + 1];
            if !self.coordinated(current, false) || next.blocked || next.end > clause_end {
                break;
            }
            current += 1;
            group.push(current);
        }
        group
    }

    /// "accused each other of", "fired at one another": the reciprocal object within three
    /// words after `pos`.
    pub(super) fn each_other_after(&self, pos: usize) -> bool {
        let mut after = words(&self.text[pos..self.end]).take(4).peekable();
        while let Some(word) = after.next() {
            let second = after.peek().copied().unwrap_or("");
            if (word.eq_ignore_ascii_case("each") && second.eq_ignore_ascii_case("other"))
                || (word.eq_ignore_ascii_case("one") && second.eq_ignore_ascii_case("another"))
            {
                return true;
            }
        }
        false
    }

    /// The byte span of the sentence's verb of saying ("said", "told", "warned"), the one
    /// nearest its start.
    pub(super) fn verb_of_saying(&self) -> Option<(usize, usize)> {
        let sentence = &self.text[self.start..self.end];
        words(sentence)
            .find(|word| {
                lists()
                    .verdict_speech
                    .iter()
                    .any(|saying| saying.eq_ignore_ascii_case(word))
            })
            .map(|word| {
                let at = self.start + (word.as_ptr() as usize - sentence.as_ptr() as usize);
                (at, at + word.len())
            })
    }

    /// Whether mention `idx` and the one after it are coordinated: "X and Y", "X, Y", or the
    /// two halves of "both countries".
    fn coordinated(&self, idx: usize, comma_and: bool) -> bool {
        let next = &self.mentions[idx + 1];
        let gap = self.text[self.mentions[idx].end..next.start].trim();
        // "the war between Iran and Iraq, Kasahara said": after a comma, a name followed by a
        // verb of saying is the speaker, not one more of the list.
        let speaker = gap == ","
            && words(&self.text[next.end..self.end])
                .next()
                .is_some_and(|word| {
                    lists()
                        .saying
                        .iter()
                        .any(|saying| saying.eq_ignore_ascii_case(word))
                });
        next.joined || !speaker && is_coordination(gap, comma_and)
    }

    /// Where the noun phrase of a mention begins, within the sentence.
    fn phrase_start_of(&self, mention: &Mention) -> usize {
        self.syntax.phrase_start(mention.start).max(self.start)
    }

    /// "the Budapest meeting": a place name used as a modifier is not a subject.
    pub(super) fn modifies_noun(&self, mention: &Mention) -> bool {
        let after = &self.text[mention.end..self.end];
        let determined = lists()
            .determiners
            .iter()
            .any(|det| det.eq_ignore_ascii_case(self.word_before(mention.start)));
        determined
            && after.starts_with(' ')
            && lists()
                .modified_nouns
                .contains(&words(after).next().unwrap_or(""))
    }

    pub(super) fn negated(&self, from: usize, to: usize) -> bool {
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
            lists()
                .negations
                .iter()
                .any(|negation| negation.eq_ignore_ascii_case(word))
                || word.ends_with("n't")
                || word.ends_with("n’t")
        })
    }

    /// How the words before a trigger frame it: a fact, a wish, a plan or an arranged event.
    pub(super) fn mode(&self, pos: usize) -> Mode {
        if self.refused(pos) {
            return Mode::Refused;
        }
        let any = |list: &[&str]| {
            self.words_before(pos, 3)
                .any(|word| list.iter().any(|item| item.eq_ignore_ascii_case(word)))
        };
        // "claimed to have killed", "said to have met": a perfect is a report of an act done.
        let perfect = self.words_before(pos, 1).next().is_some_and(|word| {
            ["have", "has", "had", "having"]
                .iter()
                .any(|aux| aux.eq_ignore_ascii_case(word))
        });
        if perfect {
            Mode::Plain
        } else if any(&lists().want) {
            Mode::Want
        } else if any(&lists().arranged) {
            Mode::Arranged
        } else if any(&lists().intent) {
            Mode::Intent
        } else {
            Mode::Plain
        }
    }

    /// Whether the words right before `pos` promise the act: "will", "shall", "agreed to",
    /// "pledged to", or announce it as planned: "is to", "are to".
    pub(super) fn promised(&self, pos: usize) -> bool {
        let listed =
            |list: &[&str], word: &str| list.iter().any(|item| item.eq_ignore_ascii_case(word));
        let mut before = self.words_before(pos, 2);
        let (next, then) = (before.next().unwrap_or(""), before.next().unwrap_or(""));
        listed(&lists().promise, next)
            || listed(&lists().promise, then)
            || next.eq_ignore_ascii_case("to") && listed(&lists().announced, then)
    }

    pub(super) fn refused(&self, pos: usize) -> bool {
        let mut before = self.words_before(pos, 2);
        let to = before.next().unwrap_or("");
        let verb = before.next().unwrap_or("");
        to.eq_ignore_ascii_case("to")
            && lists()
                .refusals
                .iter()
                .any(|refusal| refusal.eq_ignore_ascii_case(verb))
    }

    /// Whether the trigger's cue words follow it in the clause ("fired ... at").
    pub(super) fn has_cue(&self, pos: usize, trigger: &Trigger) -> bool {
        if trigger.with.is_empty() {
            return true;
        }
        let (_, clause_end) = self.clause_bounds(pos);
        words(&self.text[pos..clause_end.max(pos)])
            .take(trigger.reach.max(6) + 2)
            .any(|word| {
                trigger
                    .with
                    .iter()
                    .any(|cue| cue.eq_ignore_ascii_case(word))
            })
    }

    /// "was attacked by", "were released yesterday by": the byte offset after "by".
    pub(super) fn passive_by(&self, hit: TriggerHit, trigger: &Trigger) -> Option<usize> {
        let auxiliary = is_passive_auxiliary(self.word_before(self.auxiliary_position(hit.start)));
        let participle = !trigger.phrase.contains(' ') && self.past(hit);
        if !(auxiliary || participle) {
            return None;
        }
        let rest = &self.text[hit.end..self.end];
        let mut after = words(rest);
        let first = after.next().unwrap_or("");
        let by_word = if first.eq_ignore_ascii_case("by") {
            1
        } else if lists()
            .passive_adverbs
            .contains(&first.to_ascii_lowercase().as_str())
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
    pub(super) fn passive_without_agent(&self, hit: TriggerHit) -> bool {
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
        let auxiliary = is_passive_auxiliary(self.word_before(self.auxiliary_position(hit.start)));
        participle && auxiliary || self.syntax.reduced_relative(hit.start)
    }

    /// In "Pakistan-US relations" a Pakistani source acts towards the other side of the pair.
    pub(super) fn other_side_of_pair(&self, source: usize, target: usize) -> usize {
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
    pub(super) fn diplomatic(&self, sources: &[usize], targets: &[usize]) -> Outcome {
        let next_word = |pos: usize| {
            let rest = &self.text[pos..self.end];
            let rest = rest
                .strip_prefix("'s")
                .or_else(|| rest.strip_prefix("’s"))
                .unwrap_or(rest);
            words(rest).next().unwrap_or("").to_ascii_lowercase()
        };
        if sources.iter().any(|idx| {
            lists()
                .not_diplomatic
                .contains(&next_word(self.mentions[*idx].end).as_str())
        }) {
            return Err("not a diplomatic visit");
        }
        // "Americans travelling to Cuba": private people travel; they pay no visit.
        if sources
            .iter()
            .all(|idx| self.mentions[*idx].actor.cameo.ends_with("CVL"))
        {
            return Err("private people travelling, not a visit");
        }
        if let Some(&last) = targets.last() {
            let after = &self.text[self.mentions[last].end..self.end];
            if words(after).take(5).any(|word| {
                lists()
                    .not_diplomatic_after
                    .contains(&word.to_ascii_lowercase().as_str())
                    || word.eq_ignore_ascii_case("stadium")
            }) {
                return Err("not a diplomatic visit");
            }
        }
        Ok(())
    }

    /// A rule needs a source, and no negation between it and the trigger ("did not meet").
    pub(super) fn check_sources(&self, sources: &[usize], trigger_start: usize) -> Outcome {
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
    pub(super) fn noun_after(
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

    pub(super) fn intended(&self, pos: usize) -> bool {
        matches!(self.mode(pos), Mode::Want | Mode::Intent)
    }

    /// Walks back from a noun over adjectives and one place adjective to a possessor:
    /// "Munir's latest U.S. visit" gives (Munir, USA, not planned).
    pub(super) fn possessor_and_place(
        &self,
        noun_start: usize,
    ) -> (Option<usize>, Option<usize>, bool) {
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
            planned |= lists().planned.contains(&word);
            pos = end - word.len();
        }
        (None, place, planned)
    }

    /// "a Taliban attack", "the rebel group's offensive": the last actor inside the noun phrase
    /// headed by the noun at `noun_start`, before the noun.
    pub(super) fn modifier_actor(&self, noun_start: usize) -> Option<usize> {
        let (phrase_start, _) = self.syntax.noun_phrase_headed_at(noun_start)?;
        self.mentions.iter().rposition(|mention| {
            mention.start >= phrase_start && mention.end <= noun_start && !mention.blocked
        })
    }

    /// Whether the noun phrase starting at `phrase_start` names an earlier event: a year in it
    /// ("the 2025 India-Pakistan conflict"), or "since"/"during" before it ("since the war").
    pub(super) fn names_past_event(&self, phrase_start: usize) -> bool {
        let mut seen = 0;
        for word in self.words_before(phrase_start, 4) {
            seen += 1;
            let year = word.len() == 4
                && word.bytes().all(|b| b.is_ascii_digit())
                && matches!(&word[..2], "18" | "19" | "20");
            if year {
                return true;
            }
            let determiner = lists()
                .determiners
                .iter()
                .any(|det| det.eq_ignore_ascii_case(word));
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
    pub(super) fn hyphenated_pair_before(&self, noun_start: usize) -> Option<(usize, usize)> {
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

/// "was", "were", "got": the forms of "be" and "get" that make a passive of a participle after them.
fn is_passive_auxiliary(word: &str) -> bool {
    lists()
        .passive_auxiliaries
        .iter()
        .any(|aux| aux.eq_ignore_ascii_case(word))
}
