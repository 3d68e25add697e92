//! The shape handlers: how each shape of trigger line (verb, visit noun, talks, conflict noun,
//! appeal, claim, attend, declined object) finds its source and target.

use super::*;

impl SentenceRules<'_> {
    /// Source before, target after; "was attacked by" swaps them, and so does a `reverse`
    /// trigger ("received weapons from").
    pub(super) fn verb(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        if !self.has_cue(hit.end, trigger) {
            return Err("cue word missing after the trigger");
        }
        // "helped reduce deficits with Japan", "help to slow the rise of Taiwan's reserves":
        // a verb of cooperation or aid that takes another verb helps that act, whose object is
        // no actor of this one (a threat or demand to act is coded by its own rules).
        if !trigger.phrase.contains(' ')
            && matches!(trigger.code.root(), "05" | "06" | "07")
            && self.syntax.takes_a_verb(hit.end)
        {
            return Err("the trigger takes a verb, not an actor");
        }
        let before = self.word_before(hit.start);
        if matches!(trigger.family, Family::Visit)
            && ["on", "of", "against", "for", "ban", "bans"]
                .iter()
                .any(|word| word.eq_ignore_ascii_case(before))
        {
            return Err("a noun after a preposition, not a verb");
        }
        if self.surface(hit).eq_ignore_ascii_case("struck") {
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
            return self.implied_agent(hit, trigger);
        }
        let next = words(&self.text[hit.end..self.end]).next().unwrap_or("");
        if by_end.is_none()
            && !trigger.phrase.contains(' ')
            && self.past(hit)
            && ["in", "at", "near", "during", "over", "on"]
                .iter()
                .any(|prep| prep.eq_ignore_ascii_case(next))
            && matches!(trigger.family, Family::Conflict | Family::Other)
            && !lists()
                .reciprocal_conflict
                .contains(&trigger.phrase.as_str())
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
            // The direct object inside the phrase, else the mentions after it, else any mention
            // inside the phrase ("expelled two Indian diplomats").
            let targets = match self.object_inside(hit) {
                Some(object) => vec![object],
                None => {
                    let after = self.objects_after_where(hit.end, trigger.reach, places);
                    match self.mention_inside(hit) {
                        Some(inside) if after.is_empty() => vec![inside],
                        _ => after,
                    }
                }
            };
            // One hosts or meets people, not the things they own: "received government
            // approval" is no reception of a government (an attack on "a police patrol" is one
            // on the police).
            let hosts_a_thing = |target: &usize| {
                let mention = &self.mentions[*target];
                let next = words(&self.text[mention.end..self.end])
                    .next()
                    .unwrap_or("");
                // "met Dilson Funaro today": a word of time is no noun the name modifies.
                let time = lists()
                    .time_words
                    .iter()
                    .any(|word| word.eq_ignore_ascii_case(next));
                matches!(trigger.family, Family::Host | Family::Meet | Family::Visit)
                    && !time
                    && self.syntax.modifies_next_noun(mention.start, mention.end)
            };
            if targets.first().is_some_and(hosts_a_thing) {
                return Err("the actor after the trigger only modifies its object");
            }
            (self.subject_before(hit.start), targets)
        };
        // What the patterns of the words around the verb leave unattached, its tree may
        // attach: a subject far before it, an object behind a long phrase.
        let by_words = by_end.is_none() && !trigger.reverse;
        let mut by_tree = false;
        let sources = if sources.is_empty() && by_words {
            let found = self.tree_subjects(hit);
            by_tree |= !found.is_empty();
            found
        } else {
            sources
        };
        let targets = if targets.is_empty() && by_words && !sources.is_empty() {
            let found: Vec<usize> = self
                .tree_objects(hit, &sources)
                .into_iter()
                .filter(|target| !sources.contains(target))
                .collect();
            by_tree |= !found.is_empty();
            found
        } else {
            targets
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
        let (code, form) =
            if code == "190" && self.verbal_attack(trigger, hit.end, &sources, &targets) {
                ("111", "verbal")
            } else {
                (code, form)
            };
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
            "verb" if by_tree => rule_id(trigger, "tree"),
            form => rule_id(trigger, form),
        };
        let span = (hit.start, hit.end);
        // "accused each other of harbouring rebels": the reciprocal object comes first.
        let each_other = self.each_other_after(hit.end);
        // "Ethiopia and Eritrea signed a peace agreement in Riyadh": where two or more sides
        // act together, a place after "in", "at" or "near" is where they did it, not a third
        // party.
        let only_places = sources.len() >= 2
            && !targets.is_empty()
            && targets.iter().all(|&target| {
                let start = self.mentions[target].start;
                let before = words(self.text.get(hit.end..start).unwrap_or(""))
                    .next_back()
                    .unwrap_or("");
                ["in", "at", "near"]
                    .iter()
                    .any(|prep| prep.eq_ignore_ascii_case(before))
            });
        if targets.is_empty() || only_places || each_other && sources.len() >= 2 {
            let verb = trigger.phrase.split([' ', '|']).next().unwrap_or("");
            // The words of the trigger and the three after it: "restrict cross-border traffic";
            // not force ("a joint strike" is two allies against a third).
            let cue = trigger.family != Family::Conflict
                && words(&self.text[hit.start..self.end])
                    .take(trigger.phrase.split(' ').count() + 3)
                    .any(|word| {
                        lists()
                            .reciprocal_cues
                            .iter()
                            .any(|cue| cue.eq_ignore_ascii_case(word))
                    });
            let mutual = trigger.mutual
                || cue
                || lists().reciprocal_verbs.contains(&verb)
                || each_other
                || trigger.family == Family::Meet
                || (trigger.family == Family::Conflict
                    && lists()
                        .reciprocal_conflict
                        .contains(&trigger.phrase.as_str()));
            if mutual && sources.len() >= 2 {
                let rule = rule_id(trigger, "reciprocal");
                for &source in &sources {
                    for &target in &sources {
                        self.emit(source, target, code, kind, &rule, span);
                    }
                }
                return Ok(());
            }
            if !only_places {
                if self.on_own_people(hit, trigger, &sources, code, kind, &rule)
                    || self.on_government_policy(hit, trigger, &sources, code, kind, &rule)
                {
                    return Ok(());
                }
                return Err("no target after the trigger");
            }
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

    /// "Hungary declared a state of emergency", "Thailand imposed a curfew", "New Zealand banned
    /// the book": an administrative sanction (CAMEO 172: curfews, emergency rule, bans) that
    /// names no one it falls on is imposed by a state on its own people; so is a release of
    /// prisoners or detainees of no other state named ("Vietnam released 9,000 prisoners"). Only a state, its
    /// government, legislature, courts, police or forces impose one, as the subject of the
    /// verb in the parse (a passive has none: "he was sentenced and banned from politics" names
    /// the banned); and only when the best reading of the words is this line's ("banned
    /// imports of beef" is a trade ban, whose other side is not named).
    #[allow(clippy::too_many_arguments)]
    fn on_own_people(
        &mut self,
        hit: TriggerHit,
        trigger: &Trigger,
        sources: &[usize],
        code: &str,
        kind: Option<EventKind>,
        rule: &str,
    ) -> bool {
        let span = (hit.start, hit.end);
        let best = &self.dictionary.triggers[self.dictionary.trigger_groups[hit.phrase()][0]];
        let head = &self.text[hit.start..hit.end];
        // "released nearly 9,000 prisoners": a release of the state's own detainees.
        let (_, clause_end) = self.clause_bounds(hit.end);
        let detainees = code.starts_with("084")
            && words(&self.text[hit.end..clause_end.max(hit.end)])
                .take(4)
                .any(|word| {
                    lists()
                        .detainee_nouns
                        .iter()
                        .any(|noun| noun.eq_ignore_ascii_case(word))
                });
        // A ticker or an acronym ("<BAN>") is no verb.
        if !(code.starts_with("172") || detainees)
            || best.phrase != trigger.phrase
            || self.conditional(hit)
            || !head.bytes().any(|b| b.is_ascii_lowercase())
        {
            return false;
        }
        // The parse's subject; where the parse found none, an actor right before the verb (an
        // adverb between at most: "New Zealand temporarily bans"), unless "be" makes it passive.
        let mut subjects = self.tree_subjects(hit);
        if subjects.is_empty() {
            subjects.extend(sources.iter().copied().filter(|&idx| {
                let gap = &self.text[self.mentions[idx].end.min(hit.start)..hit.start];
                let mut gap_words = words(gap);
                let first = gap_words.next();
                gap_words.next().is_none()
                    && !first.is_some_and(|word| {
                        ["is", "are", "was", "were", "be", "been", "being"]
                            .iter()
                            .any(|be| be.eq_ignore_ascii_case(word))
                    })
            }));
        }
        // An actor named after the trigger but not reached ("banned imports of goods from
        // Pakistan") may be the one it falls on: then nothing is coded.
        if self.named_after(hit) {
            return false;
        }
        let subjects: Vec<usize> = sources
            .iter()
            .copied()
            .filter(|idx| subjects.contains(idx))
            .collect();
        let state_organ =
            |sector: &str| matches!(sector, "" | "GOV" | "LEG" | "JUD" | "COP" | "MIL");
        self.towards_own_sector(&subjects, state_organ, "CVL", (code, kind, rule), span)
    }

    /// A condition is no act: "if Togo closed the border, …" ("if" or "unless" in the clause
    /// before the trigger).
    fn conditional(&self, hit: TriggerHit) -> bool {
        let (clause_start, _) = self.clause_bounds(hit.start);
        words(&self.text[clause_start.min(hit.start)..hit.start]).any(|word| {
            ["if", "unless"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(word))
        })
    }

    /// Whether the clause names an actor after the trigger: one the trigger did not reach,
    /// which may be the other side, so that no side is to be implied.
    fn named_after(&self, hit: TriggerHit) -> bool {
        let (_, clause_end) = self.clause_bounds(hit.end);
        self.mentions
            .iter()
            .any(|mention| mention.start >= hit.end && mention.start < clause_end)
    }

    /// Events from each of `sources` whose sector (`""` for the state itself) `may_act`
    /// allows, to the `role` sector of its own state (its people `CVL`, its government `GOV`);
    /// whether one was made.
    fn towards_own_sector(
        &mut self,
        sources: &[usize],
        may_act: impl Fn(&str) -> bool,
        role: &str,
        (code, kind, rule): (&str, Option<EventKind>, &str),
        span: (usize, usize),
    ) -> bool {
        let mut made = false;
        for &source in sources {
            let mention = &self.mentions[source];
            let actor = mention.actor.clone();
            if !may_act(actor.cameo.get(3..6).unwrap_or(""))
                || self.dictionary.state_index(&actor.country).is_none()
            {
                continue;
            }
            let own = sector(self.dictionary, &actor, role);
            let source_span = (mention.start, mention.end);
            self.emit_actors((actor, source_span), (own, span), code, kind, rule, span);
            made = true;
        }
        made
    }

    /// "The Lib Dems will oppose the bill", "the Tories attacked the plans", "unions backed
    /// the reforms": support, criticism, rejection, demands or protest whose object is a bill,
    /// plan or policy that names no owner are towards the government of the speaker's state.
    /// Only for a speaker of a state who is not its government or forces, nor a firm, a court
    /// or an armed group, whose proposals are deals and settlements (parties, the opposition,
    /// legislators, unions, citizens), and only when no actor is named in the rest of the
    /// clause ("opposed the plans of the EU").
    #[allow(clippy::too_many_arguments)]
    fn on_government_policy(
        &mut self,
        hit: TriggerHit,
        trigger: &Trigger,
        sources: &[usize],
        code: &str,
        kind: Option<EventKind>,
        rule: &str,
    ) -> bool {
        if !matches!(code.get(..2), Some("05" | "10" | "11" | "12" | "14")) {
            return false;
        }
        let (_, clause_end) = self.clause_bounds(hit.end);
        let span = (hit.start, hit.end);
        let policy = words(&self.text[hit.start..clause_end.max(hit.end)])
            .take(trigger.phrase.split(' ').count() + 4)
            .any(|word| {
                lists()
                    .policy_nouns
                    .iter()
                    .any(|noun| noun.eq_ignore_ascii_case(word))
            });
        if !policy || self.named_after(hit) || self.conditional(hit) {
            return false;
        }
        let outside_government = |sector: &str| {
            !matches!(
                sector,
                "" | "GOV" | "MIL" | "COP" | "SPY" | "BUS" | "JUD" | "REB"
            )
        };
        self.towards_own_sector(sources, outside_government, "GOV", (code, kind, rule), span)
    }

    /// "Parnell was sentenced to 28 years", "two journalists were arrested in Minsk": a passive
    /// verb of the courts or the police with no agent names its agent all the same. The
    /// courts (or police) are those of the state where it happened, when the sentence names
    /// one after "in", else of the state of the person it was done to.
    fn implied_agent(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        let lemma = trigger.phrase.split([' ', '|']).next().unwrap_or("");
        let role = if lists().court_verbs.contains(&lemma) {
            "JUD"
        } else if lists().police_verbs.contains(&lemma) {
            "COP"
        } else if trigger.family == Family::Conflict {
            return self.killed_in_fighting(hit, trigger);
        } else {
            return Err("passive with no agent");
        };
        // Only a finite passive tells that it happened: not "a man convicted of" (a
        // description), nor "would be indicted" or "is to be jailed" (a wish or a plan).
        let mut auxiliaries = self.words_before(self.auxiliary_position(hit.start), 3);
        let auxiliary = auxiliaries.next().unwrap_or("");
        let finite = ["was", "were", "is", "are", "been", "got", "gets"]
            .iter()
            .any(|word| word.eq_ignore_ascii_case(auxiliary));
        let planned = auxiliaries.any(|word| {
            [
                "would", "could", "should", "may", "might", "will", "to", "must", "can",
            ]
            .iter()
            .any(|modal| modal.eq_ignore_ascii_case(word))
        });
        if !finite || planned {
            return Err("passive with no agent");
        }
        let targets = self.subject_before(hit.start);
        let Some(&first) = targets.first() else {
            return Err("passive with no agent and no one it was done to");
        };
        let negated = self.negated(self.mentions[first].end, hit.start);
        let (code, kind, _) = self.frame(trigger, hit.start, negated)?;
        // "in Iran", "in Pachuca, Hidalgo, Mexico": a state named in the place phrase.
        let place = self.mentions.iter().find(|mention| {
            if mention.start < hit.end {
                return false;
            }
            let before = self.word_before(mention.start);
            let in_place_phrase = before.eq_ignore_ascii_case("in")
                || self.text[..mention.start].trim_end().ends_with(',')
                    && words(&self.text[hit.end..mention.start])
                        .any(|word| word.eq_ignore_ascii_case("in"));
            in_place_phrase
                && self
                    .dictionary
                    .state_index(&mention.actor.country)
                    .is_some()
        });
        let rule = rule_id(trigger, "implied-agent");
        let span = (hit.start, hit.end);
        let mut made = false;
        for target in targets {
            let mention = &self.mentions[target];
            let country = place.map_or(&mention.actor.country, |place| &place.actor.country);
            let Some(state) = self.dictionary.state_index(country) else {
                continue;
            };
            let agent = sector(
                self.dictionary,
                &self.dictionary.entities[state].actor,
                role,
            );
            let target = (mention.actor.clone(), (mention.start, mention.end));
            self.emit_actors((agent, span), target, code, kind, &rule, span);
            made = true;
        }
        if made {
            Ok(())
        } else {
            Err("passive with no agent, and no state to lend one")
        }
    }

    /// "Three Indian soldiers were killed in an exchange of fire with Pakistani troops", "ten
    /// Afghan soldiers and five Taliban fighters were killed in clashes": a passive of harm with
    /// no agent, then a noun of fighting, names the sides that fought. With "with X" (or
    /// "against X") the victims' side and X fought each other; else the coordinated victims
    /// did.
    fn killed_in_fighting(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        let finite = ["was", "were", "is", "are", "been"]
            .iter()
            .any(|word| word.eq_ignore_ascii_case(self.word_before(hit.start)));
        if !finite {
            return Err("passive with no agent");
        }
        let (_, clause_end) = self.clause_bounds(hit.end);
        let rest = &self.text[hit.end..clause_end.max(hit.end)];
        // `words` yields slices of the text itself: a word's place is its distance from the
        // text's first byte.
        let offset = |word: &str| word.as_ptr() as usize - self.text.as_ptr() as usize;
        let mut next = words(rest);
        if !next.next().is_some_and(|word| {
            ["in", "during"]
                .iter()
                .any(|p| p.eq_ignore_ascii_case(word))
        }) {
            return Err("passive with no agent");
        }
        // The noun of fighting within four words: "in fierce clashes", "in an exchange of fire".
        let Some(noun) = next.by_ref().take(4).find(|word| {
            lists()
                .fight_nouns
                .iter()
                .any(|noun| noun.eq_ignore_ascii_case(word))
        }) else {
            return Err("passive with no agent");
        };
        let mut noun_end = offset(noun) + noun.len();
        let mut after = words(&self.text[noun_end..clause_end.max(noun_end)]).peekable();
        if after
            .next_if(|word| word.eq_ignore_ascii_case("of"))
            .is_some()
        {
            // "an exchange of fire", "a battle of attrition".
            if let Some(word) = after.next() {
                noun_end = offset(word) + word.len();
            }
        }
        let victims = self.subject_before(hit.start);
        if victims.is_empty() {
            return Err("passive with no agent and no one it was done to");
        }
        let opponents = match after.next() {
            Some(word)
                if ["with", "against"]
                    .iter()
                    .any(|prep| prep.eq_ignore_ascii_case(word)) =>
            {
                self.objects_after_where(offset(word) + word.len(), 4, false)
            }
            _ => Vec::new(),
        };
        let negated = self.negated(self.mentions[victims[0]].end, hit.start);
        let (code, kind, _) = self.frame(trigger, hit.start, negated)?;
        let rule = rule_id(trigger, "fighting");
        let span = (hit.start, noun_end);
        let pairs: Vec<(usize, usize)> = if opponents.is_empty() {
            if victims.len() < 2 {
                return Err("passive with no agent and no other side of the fighting");
            }
            victims
                .iter()
                .flat_map(|&a| victims.iter().map(move |&b| (a, b)))
                .collect()
        } else {
            victims
                .iter()
                .flat_map(|&v| opponents.iter().flat_map(move |&o| [(o, v), (v, o)]))
                .collect()
        };
        for (source, target) in pairs {
            self.emit(source, target, code, kind, &rule, span);
        }
        Ok(())
    }

    /// "X urged Y to ...", "X called on Y to ...": an appeal to Y; what Y is asked to do is
    /// not coded as done.
    pub(super) fn appeal(&mut self, hit_idx: usize, hit: TriggerHit, trigger: &Trigger) -> Outcome {
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
    pub(super) fn claim(&mut self, hit_idx: usize, hit: TriggerHit, trigger: &Trigger) -> Outcome {
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

    /// A word of judgement in reported speech: the speaker criticises the actor it is about.
    /// "'President Trump treats the rule of law with contempt,' said Xavier Becerra": the
    /// speaker named at the verb of saying, the judged actor the last one named before the
    /// word on the reported side of that verb ("Ghana said Togo's vote was a sham").
    pub(super) fn verdict(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        let Some((verb_start, verb_end)) = self.verb_of_saying() else {
            return Err("no verb of saying: a judgement of no one's");
        };
        let speaker = if hit.start > verb_end {
            self.subject_before(verb_start).first().copied()
        } else {
            // "..., said Becerra", "..., Becerra said".
            let after = self.objects_after(verb_end, 3).first().copied();
            after.or_else(|| {
                self.mentions.iter().rposition(|mention| {
                    mention.end <= verb_start
                        && mention.start > hit.end
                        && self.text[mention.end..verb_start].trim().is_empty()
                })
            })
        };
        let Some(speaker) = speaker else {
            return Err("no speaker at the verb of saying");
        };
        let addressed = ["told", "tells", "warned", "warns"]
            .iter()
            .any(|verb| verb.eq_ignore_ascii_case(&self.text[verb_start..verb_end]));
        // The judged actor: on the trigger's side of the verb, the last named before it.
        let (from, to) = if hit.start > verb_end {
            (verb_end, hit.start)
        } else {
            (self.start, hit.start)
        };
        let Some(judged) = self.mentions.iter().rposition(|mention| {
            mention.start >= from
                && mention.end <= to
                && !mention.blocked
                // Not a place, nor whom the speaker told ("told reporters this was ...").
                && !["in", "at", "near", "from"]
                    .iter()
                    .any(|place| place.eq_ignore_ascii_case(self.word_before(mention.start)))
                && !(addressed && mention.start == verb_end + 1)
        }) else {
            return Err("no actor the judgement is about");
        };
        let between = &self.text[self.mentions[judged].end..hit.start];
        if self.negated(self.mentions[judged].end, hit.start) {
            return Err("negated");
        }
        // A condition is no judgement yet: "if the Commission ignored it, it would be an insult".
        if words(&self.text[from..hit.start]).any(|word| word.eq_ignore_ascii_case("if")) {
            return Err("a condition, not a judgement");
        }
        // The judgement is said of the actor: "Togo's election was a sham", "Trump treats the
        // law with contempt", not of a thing beside it ("unacceptable radiation levels").
        let predicated = between.starts_with("'s")
            || between.starts_with("’s")
            || words(between).any(|word| {
                [
                    "is", "was", "are", "were", "be", "been", "being", "with", "treats", "treated",
                ]
                .iter()
                .any(|copula| copula.eq_ignore_ascii_case(word))
            });
        let attributive = self.text[hit.end..self.end].starts_with(' ')
            && self.syntax.common_noun_at(hit.end + 1);
        if !predicated || attributive {
            return Err("a judgement of no actor named");
        }
        let rule = rule_id(trigger, "verdict");
        let span = (hit.start, hit.end);
        self.emit(speaker, judged, trigger.code.as_str(), None, &rule, span);
        Ok(())
    }

    /// "attend the Beijing Olympics", "attend a summit in Switzerland": a visit to the place
    /// of the event.
    pub(super) fn attend(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        let Some((noun_start, noun_end, _)) =
            self.noun_after(hit.end, &lists().event_nouns, 5, false)
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
    pub(super) fn visit_noun(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        let before = self.word_before(hit.start);
        let surface = self.surface(hit);
        let visits = surface.eq_ignore_ascii_case("visits");
        let is_verb_form = visits || surface.eq_ignore_ascii_case("visit");
        let modal = lists()
            .intent
            .iter()
            .chain(&lists().want)
            .chain(&lists().arranged)
            .any(|intent| intent.eq_ignore_ascii_case(before))
            || ["cannot", "did", "does", "do", "must", "never", "not"]
                .iter()
                .any(|aux| aux.eq_ignore_ascii_case(before));
        let subject_right_before = self.mentions.iter().any(|mention| {
            mention.end <= hit.start
                && self.text[mention.end..hit.start].trim().is_empty()
                && !mention.blocked
                && !lists()
                    .determiners
                    .iter()
                    .any(|det| det.eq_ignore_ascii_case(self.word_before(mention.start)))
        });
        if is_verb_form && (modal || (subject_right_before && visits)) {
            return self.verb(hit, trigger);
        }
        let (visitor, place, planned) = self.possessor_and_place(hit.start);
        let mut visitor = visitor;
        let mut after = hit.end;
        // "during his first visit to China": the possessive pronoun is the visitor.
        let pronoun = self
            .words_before(hit.start, 3)
            .any(|word| ["his", "her", "their"].contains(&word));
        if visitor.is_none() {
            let rest = &self.text[hit.end..self.end];
            // "his tour of Ghana": the pronoun's, not Ghana's.
            if rest.starts_with(" by ") || (rest.starts_with(" of ") && !pronoun) {
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
                    on == "on" && lists().determiners.contains(&det)
                };
                if on_a
                    || pronoun
                    || words(gap).any(|word| {
                        lists()
                            .light_verbs
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
        // "her tour of Ghana and Namibia": every place of the list.
        let mut places: Vec<usize> = place.into_iter().collect();
        if places.is_empty() {
            let rest = &self.text[after..self.end];
            // "a tour of X" (the visitor named before: "a visit of X" is X's visit).
            if rest.starts_with(" to ") || rest.starts_with(" in ") || rest.starts_with(" of ") {
                places = self.objects_after(after, 3);
            }
        }
        if places.is_empty() {
            return Err("no place for the visit");
        }
        if self.negated(self.mentions[visitor].end, hit.start) {
            return Err("negated");
        }
        self.diplomatic(&[visitor], &places)?;
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
        for place in places {
            self.emit_family(
                family,
                visitor,
                place,
                code,
                None,
                &rule,
                (hit.start, hit.end),
            );
        }
        Ok(())
    }

    /// The agent and the objects of an event noun ending at `end` that is followed by "of X
    /// by Y" ("the arrest of the editor by police"): Y, and X with what it coordinates. Only
    /// where "by" follows the objects at once.
    fn of_by(&self, end: usize) -> Option<(usize, Vec<usize>)> {
        if !self.text[end..self.end].starts_with(" of ") {
            return None;
        }
        let targets = self.objects_after(end + 4, 3);
        let last = self.mentions[*targets.last()?].end;
        let rest = self.text[last..self.end].strip_prefix(" by ")?;
        let agent_start = self.end - rest.len();
        let determiner = words(rest).next().filter(|word| {
            lists()
                .determiners
                .iter()
                .any(|det| det.eq_ignore_ascii_case(word))
        });
        let at = agent_start + determiner.map_or(0, |det| det.len() + 1);
        let agent = self
            .mentions
            .iter()
            .position(|mention| mention.start == at && !mention.blocked)?;
        Some((agent, targets))
    }

    /// "talks with X", "meeting with X", and the reciprocal "Pak-India talks".
    pub(super) fn talks(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        let span = (hit.start, hit.end);
        if let Some((first, second)) = self.hyphenated_pair_before(hit.start) {
            let rule = rule_id(trigger, "compound");
            let code = trigger.code.as_str();
            self.emit(first, second, code, None, &rule, span);
            self.emit(second, first, code, None, &rule, span);
            return Ok(());
        }
        let rest = &self.text[hit.end..self.end];
        if self.surface(hit).eq_ignore_ascii_case("talks") {
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
            // "Modi's talks in Tokyo": the owner's talks with the state that hosts them.
            if rest.starts_with(" in ") {
                let (owner, _, planned) = self.possessor_and_place(hit.start);
                let host = owner.and_then(|owner| {
                    let place = *self.objects_after(hit.end + 4, 2).first()?;
                    let (owner_actor, place_actor) =
                        (&self.mentions[owner].actor, &self.mentions[place].actor);
                    (place_actor.kind == crate::model::ActorKind::State
                        && place_actor.country != owner_actor.country)
                        .then_some((owner, place))
                });
                if let Some((owner, place)) = host {
                    let (code, rule) = if planned || self.intended(hit.start) {
                        ("036", rule_id(trigger, "intent"))
                    } else {
                        (trigger.code.as_str(), rule_id(trigger, "hosted"))
                    };
                    self.emit_family(Family::Meet, owner, place, code, None, &rule, span);
                    return Ok(());
                }
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
    pub(super) fn decline_object(
        &mut self,
        trigger_idx: usize,
        hit: TriggerHit,
        trigger: &Trigger,
    ) -> Outcome {
        let noun = self.noun_after(hit.end, &lists().object_nouns, 8, true);
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
    pub(super) fn war(&mut self, hit: TriggerHit, trigger: &Trigger) -> Outcome {
        let code = trigger.code.as_str();
        let span = (hit.start, hit.end);
        let pair = self.hyphenated_pair_before(hit.start);
        let phrase_start = pair.map_or(hit.start, |(first, _)| self.mentions[first].start);
        if self.names_past_event(phrase_start) {
            return Err("a past event named as background (\"the 1971 war\", \"since the war\")");
        }
        let figurative = |word: &str| {
            lists()
                .figurative_wars
                .iter()
                .any(|noun| noun.eq_ignore_ascii_case(word))
        };
        let after = &self.text[hit.end..self.end];
        if code.starts_with("19")
            && (self.words_before(hit.start, 1).any(figurative) || after.starts_with(" of words"))
        {
            return Err("a figurative war (\"trade war\", \"war of words\")");
        }
        if let Some((first, second)) = pair {
            let rule = rule_id(trigger, "compound");
            self.emit(first, second, code, None, &rule, span);
            self.emit(second, first, code, None, &rule, span);
            return Ok(());
        }
        // "clashes broke out between X and Y", "fighting erupted between X and Y": up to two
        // words saying that it happened may stand between the noun and "between".
        let mut rest_start = hit.end;
        for _ in 0..2 {
            let rest = &self.text[rest_start..self.end];
            let Some(word) = words(rest).next() else {
                break;
            };
            let happened = lists()
                .happened
                .iter()
                .any(|verb| verb.eq_ignore_ascii_case(word));
            if !happened || !rest.starts_with(&format!(" {word} ")) {
                break;
            }
            rest_start += 1 + word.len();
        }
        let rest = &self.text[rest_start..self.end];
        if rest.starts_with(" between ") {
            let sides = self.objects_after(rest_start + 9, 2);
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
        // The subject of a launch verb: not of a plan or a wish ("Pakistan will declare war",
        // "could launch strikes").
        let launcher = || {
            let subject = *self.subject_before(hit.start).first()?;
            let gap = &self.text[self.mentions[subject].end..hit.start];
            let mut previous = "";
            for word in words(gap) {
                if lists().launch_verbs.contains(&word) {
                    let planned = ["will", "would", "could", "may", "might", "to", "should"]
                        .iter()
                        .any(|modal| modal.eq_ignore_ascii_case(previous));
                    return (!planned).then_some(subject);
                }
                previous = word;
            }
            None
        };
        let launched = self.launch_verb_before(hit.start, 5)
            && owner.is_none()
            && place.is_none()
            && self.modifier_actor(hit.start).is_none();
        let owner = owner
            .or(place)
            .or_else(|| self.modifier_actor(hit.start))
            .or_else(launcher);
        // "Boko Haram launched attacks in Nigeria", "Russian forces carried out strikes in
        // Ukraine": as after a state's adjective, the land named after "in" is what was struck.
        let adjective = adjective || launched && owner.is_some();
        // "Pakistan will declare war", "could launch strikes": a plan or a wish, not force.
        if self.launch_verb_before(hit.start, 6)
            && self.words_before(hit.start, 7).any(|word| {
                ["will", "would", "could", "may", "might", "should"]
                    .iter()
                    .any(|modal| modal.eq_ignore_ascii_case(word))
            })
        {
            return Err("a planned or wished act of force, not force");
        }
        // "Unions declared a general strike", "workers staged a strike": a labour strike.
        let head = self.text[hit.start..hit.end].to_ascii_lowercase();
        if head.starts_with("strike")
            && (self
                .words_before(hit.start, 1)
                .any(|word| word.eq_ignore_ascii_case("general"))
                || owner
                    .is_some_and(|owner| self.mentions[owner].actor.cameo.get(3..6) == Some("LAB")))
        {
            return Err("a labour strike, not force");
        }
        let Some(owner) = owner else {
            // "the arrest of the opposition leader by Turkish police": the object after "of",
            // the agent after "by".
            if let Some((agent, targets)) = self.of_by(hit.end) {
                return self.emit_owned(agent, &targets, code, &rule_id(trigger, "of-by"), span);
            }
            return Err(
                "no actor of the event noun (possessor, modifier or subject of a launch verb)",
            );
        };
        // "the shelling of Gaza": the object of the noun is its target.
        // "airstrikes across Gaza", "strikes throughout India": the land struck.
        let prepositions: &[&str] = if adjective {
            &[
                " on ",
                " against ",
                " with ",
                " of ",
                " in ",
                " at ",
                " across ",
                " throughout ",
            ]
        } else {
            &[
                " on ",
                " against ",
                " with ",
                " of ",
                " at ",
                " across ",
                " throughout ",
            ]
        };
        // "opened fire on X": the phrase ends in its preposition.
        let phrase = self.text[hit.start..hit.end].to_ascii_lowercase();
        if prepositions
            .iter()
            .any(|prep| phrase.ends_with(prep.trim_end()))
        {
            let targets = self.objects_after(hit.end, 6);
            return self.emit_owned(owner, &targets, code, &rule_id(trigger, "noun"), span);
        }
        for preposition in prepositions {
            if rest.starts_with(preposition) {
                let targets = self.objects_after(hit.end + preposition.len(), 6);
                // A preposition of the target and no actor after it: nothing else is tried.
                let _ = self.emit_owned(owner, &targets, code, &rule_id(trigger, "noun"), span);
                return Ok(());
            }
        }
        // "attacks across the border into Syria": a phrase of place with no actor, then the
        // preposition of the target.
        if let Some(after_place) = self.after_place_phrase(hit.end) {
            let targets = self.objects_after(after_place, 4);
            if self
                .emit_owned(owner, &targets, code, &rule_id(trigger, "noun"), span)
                .is_ok()
            {
                return Ok(());
            }
        }
        // "Indian airstrikes hit sites in Pakistan": the event noun is the subject of a verb of
        // impact, whose object (or its place) is the target.
        let impact = |(start, end): (usize, usize)| {
            words(&self.text[start..end]).any(|word| {
                let lemma = self.dictionary.lexicon.lemma_of(word).unwrap_or(word);
                lists().impact_verbs.contains(&lemma)
            })
        };
        if let Some((_, verb_end)) = self
            .syntax
            .finite_verb_group_after(hit.end)
            .filter(|group| impact(*group))
        {
            let targets = self.objects_after(verb_end, 4);
            return self.emit_owned(owner, &targets, code, &rule_id(trigger, "subject"), span);
        }
        Err("no target after the event noun")
    }

    /// Whether a launch verb stands among the `n_words` words before an event noun at `at`, only
    /// the noun's modifiers between ("launched a series of strikes"), not a phrase ("imposed
    /// following military strikes", "opened on Monday amid the war in Iraq").
    fn launch_verb_before(&self, at: usize, n_words: usize) -> bool {
        self.words_before(at, n_words)
            .take_while(|word| {
                let is = |list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
                !(is(&lists().forward_barriers) || is(&lists().prepositions) && *word != "of")
            })
            .any(|word| lists().launch_verbs.contains(&word))
    }

    /// The events of an event noun's owner towards each of `targets`; an error when there is
    /// none.
    fn emit_owned(
        &mut self,
        owner: usize,
        targets: &[usize],
        code: &str,
        rule: &str,
        span: (usize, usize),
    ) -> Outcome {
        if targets.is_empty() {
            return Err("no target after the event noun");
        }
        for &target in targets {
            self.emit(owner, target, code, None, rule, span);
        }
        Ok(())
    }

    /// Where the target's phrase starts after "across the border into", "along the frontier
    /// with": a first preposition of place and a phrase with no actor, then a preposition of
    /// the target; the byte after it.
    fn after_place_phrase(&self, at: usize) -> Option<usize> {
        let rest = &self.text[at..self.end];
        let place = ["across ", "along ", "over ", "near ", "inside ", "beyond "];
        let first = rest.strip_prefix(' ')?;
        if !place.iter().any(|prep| first.starts_with(prep)) {
            return None;
        }
        let window_end = at + 1 + first.len().min(48);
        let window = &self.text[at..window_end];
        let next = self
            .mentions
            .iter()
            .find(|m| m.start >= at)
            .map_or(self.end, |m| m.start);
        [" into ", " on ", " against ", " in "]
            .iter()
            .filter_map(|prep| window.find(prep).map(|idx| at + idx + prep.len()))
            .filter(|pos| *pos <= next && !self.text[at..*pos].contains(','))
            .min()
    }
}
