//! The coding of CAMEO meaning: the code a trigger gets in its frame (intent, refusal,
//! negation, threat) and the events it emits, with the mirrored 043 of a visit.

use super::*;

impl SentenceRules<'_> {
    /// The code a trigger gets in its frame, with the kind and rule form, or why none.
    pub(super) fn frame(
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
            // "the U.S. will give $419 million in aid", "agreed to reopen the border": a
            // promise of cooperation, not yet the act (a bare "to" may be a purpose).
            Mode::Intent if cooperative && root != "03" && self.promised(pos) => {
                Ok((intent_code(code), None, "intent"))
            }
            Mode::Want if root == "16" => Ok(("130", None, "threat")),
            // "vowed to crack down on", "plans to arrest": a threat of repression (137), not
            // the act.
            Mode::Want if root == "17" => Ok(("137", None, "threat")),
            _ => Ok((code, None, "verb")),
        }
    }

    /// "The Tories attacked the chancellor", "Mr Howard attacked the prime minister": an attack
    /// by a party, a legislature, the press or the opposition, or by a person or an office on
    /// a person, an office or such a body, in a sentence with no word of violence, is said, not
    /// fought (111). So is an attack by anyone but armed men on something said or decided
    /// ("attacked the rise in German rates", "attacked Russia's plan"), whoever's it is.
    pub(super) fn verbal_attack(
        &self,
        trigger: &Trigger,
        hit_end: usize,
        sources: &[usize],
        targets: &[usize],
    ) -> bool {
        const SPEAKERS: [&str; 4] = ["PTY", "OPP", "LEG", "MED"];
        let lemma = trigger.phrase.split([' ', '|']).next().unwrap_or("");
        if lemma != "attack" || sources.is_empty() {
            return false;
        }
        let sector = |idx: &usize| self.mentions[*idx].actor.cameo.get(3..6).unwrap_or("");
        let person =
            |idx: &usize| self.mentions[*idx].actor.kind == crate::model::ActorKind::Person;
        let speaker = |idx: &usize| SPEAKERS.contains(&sector(idx));
        let armed = |idx: &usize| matches!(sector(idx), "MIL" | "REB" | "COP" | "SPY");
        // A person, a party or the like, or an office of a state (not the state itself).
        let political = |idx: &usize| {
            let actor = &self.mentions[*idx].actor;
            person(idx)
                || speaker(idx)
                || sector(idx) == "GOV" && actor.id.as_str() != actor.country
        };
        // The head of the object: the first word after the verb past determiners and
        // modifiers, up to a preposition ("the rise in ...", "the government's new plans").
        let object_is_said = words(&self.text[hit_end..self.end])
            .take(4)
            .take_while(|word| !lists().prepositions.contains(word))
            .any(|word| lists().said_things.contains(&word));
        let said = sources.iter().all(|source| {
            !armed(source)
                && (speaker(source)
                    || object_is_said
                    || political(source) && targets.iter().all(political))
        });
        said && !words(&self.text[self.start..self.end]).any(|word| {
            lists()
                .violence
                .iter()
                .any(|violent| violent.eq_ignore_ascii_case(word))
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn emit(
        &mut self,
        source: usize,
        target: usize,
        code: &str,
        kind: Option<EventKind>,
        rule: &str,
        trigger: (usize, usize),
    ) {
        let (source, target) = (&self.mentions[source], &self.mentions[target]);
        let source = (source.actor.clone(), (source.start, source.end));
        let target = (target.actor.clone(), (target.start, target.end));
        self.emit_actors(source, target, code, kind, rule, trigger);
    }

    /// Emits an event between two actors, each with the span that names it: a mention, or
    /// the trigger for an agent the verb implies ("was sentenced": a court).
    pub(super) fn emit_actors(
        &mut self,
        (source, source_span): (Actor, (usize, usize)),
        (target, target_span): (Actor, (usize, usize)),
        code: &str,
        kind: Option<EventKind>,
        rule: &str,
        trigger: (usize, usize),
    ) {
        // Two actors of no country make no dyad ("gunmen attacked a village" with no country
        // in the text): the coding guide leaves such events out, and so does the graph.
        if source.country == "---" && target.country == "---" {
            self.refused = Some("no country named for either actor");
            return;
        }
        if source.id == target.id {
            return;
        }
        // Company news: two businesses make no political event ("Volkswagen sued Toyota",
        // "the bank bought the insurer"); a company and a state, a court or a ministry do.
        let business =
            |actor: &Actor| actor.cameo.starts_with("MNC") || actor.cameo.get(3..6) == Some("BUS");
        if business(&source) && business(&target) {
            self.refused = Some("two businesses: company news, no political actor");
            return;
        }
        let code = CameoCode::parse(code).expect("rule codes are in the code table");
        // Nor does a company use force: "victims killed by the Malaysia Airlines flight".
        if business(&source) && matches!(code.root(), "18" | "19" | "20") {
            self.refused = Some("a company uses no force");
            return;
        }
        // A state's government and the state itself are one actor ("the Canadian government
        // ... Canada"); rebels or police against their state are two.
        let whole = |actor: &Actor| actor.id.as_str() == actor.country;
        let governs = |actor: &Actor| actor.cameo.ends_with("GOV");
        if source.country == target.country
            && ((whole(&source) && governs(&target)) || (whole(&target) && governs(&source)))
        {
            return;
        }
        // A show of force is towards another: "Britain deployed its troops" has no other side.
        if code.root() == "15" && source.country == target.country && source.country != "---" {
            return;
        }
        // A state coerces its own people: "Azerbaijan jailed journalists", "police detained
        // protesters" are of the coercer's country when the text names no other for them.
        let target = match target.cameo.strip_prefix("---") {
            Some(role) if code.as_str().starts_with("17") && source.country != "---" => {
                sector(self.dictionary, &source, role)
            }
            _ => target,
        };
        let clause = self.clause_of(source_span.0.max(target_span.0));
        let pair = (clause, source.id.to_string(), target.id.to_string());
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
            source,
            target,
            kind: kind.unwrap_or_else(|| EventKind::of_code(&code)),
            code,
            rule: rule.to_string(),
            source_span,
            target_span,
            trigger_span: trigger,
        });
    }

    /// Emits a directed event and its mirror where the family has one (042 and 043).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn emit_family(
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
        // A visit inside one's own country is no diplomatic visit; nor does a company or the
        // media make or host one ("received an order from Credit Lyonnais", "IRNA, received in
        // London").
        let trade_or_press = |actor: &Actor| {
            actor.cameo.starts_with("MNC")
                || matches!(actor.cameo.get(3..6), Some("BUS") | Some("MED"))
        };
        if visit
            && (source_actor.country == target_actor.id.as_str()
                || target_actor.country == source_actor.id.as_str()
                || trade_or_press(source_actor)
                || trade_or_press(target_actor))
        {
            return;
        }
        self.emit(source, target, code, kind, rule, trigger);
        match (family, code) {
            (Family::Visit, "042") => self.emit(target, source, "043", None, rule, trigger),
            (Family::Host, "043") => self.emit(target, source, "042", None, rule, trigger),
            _ => {}
        }
        // An object after the trigger is used up; the subject of a passive before it ("Houthi
        // militants backed by Yemeni troops seize ...") is still the subject of later verbs.
        if self.mentions[target].start >= trigger.0 {
            self.consumed_targets[target] = true;
        }
    }
}

/// How the words before a trigger frame it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
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
pub(super) fn intent_code(code: &str) -> &'static str {
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
pub(super) fn reject_code(root: &str) -> &'static str {
    match root {
        "04" => "125",
        "06" | "07" => "121",
        "08" => "124",
        _ => "120",
    }
}
