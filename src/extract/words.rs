//! The word lists of the event rules and of actor mentions, kept as data in `data/words.tsv`:
//! closed classes of English (determiners, prepositions, auxiliaries) and the nouns and verbs
//! the rules look for around a trigger. Parsed once; a list the code needs and the file lacks,
//! or a malformed line, is an error naming the line.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Every list, by the name it has in the file.
#[derive(Debug)]
pub(crate) struct Words {
    pub speech: Vec<&'static str>,
    pub modified_nouns: Vec<&'static str>,
    pub launch_verbs: Vec<&'static str>,
    pub determiners: Vec<&'static str>,
    pub forward_barriers: Vec<&'static str>,
    pub prepositions: Vec<&'static str>,
    pub quantities: Vec<&'static str>,
    pub negations: Vec<&'static str>,
    pub intent: Vec<&'static str>,
    pub want: Vec<&'static str>,
    pub arranged: Vec<&'static str>,
    pub not_diplomatic: Vec<&'static str>,
    pub not_diplomatic_after: Vec<&'static str>,
    pub event_nouns: Vec<&'static str>,
    pub passive_adverbs: Vec<&'static str>,
    pub passive_auxiliaries: Vec<&'static str>,
    pub object_links: Vec<&'static str>,
    pub owned_acts: Vec<&'static str>,
    pub judging_stems: Vec<&'static str>,
    pub saying: Vec<&'static str>,
    pub refusals: Vec<&'static str>,
    pub light_verbs: Vec<&'static str>,
    pub object_nouns: Vec<&'static str>,
    pub planned: Vec<&'static str>,
    pub reciprocal_conflict: Vec<&'static str>,
    pub reciprocal_verbs: Vec<&'static str>,
    pub fight_nouns: Vec<&'static str>,
    pub happened: Vec<&'static str>,
    pub promise: Vec<&'static str>,
    pub announced: Vec<&'static str>,
    pub counts: Vec<&'static str>,
    pub impact_verbs: Vec<&'static str>,
    pub event_names: Vec<&'static str>,
    pub role_adjectives: Vec<&'static str>,
    pub not_the_actor: Vec<&'static str>,
    pub place_modifiers: Vec<&'static str>,
    pub locatives: Vec<&'static str>,
    pub place_nouns: Vec<&'static str>,
    pub subordinators: Vec<&'static str>,
    pub absolutes: Vec<&'static str>,
    pub sport: Vec<&'static str>,
    pub figurative_wars: Vec<&'static str>,
    pub court_verbs: Vec<&'static str>,
    pub police_verbs: Vec<&'static str>,
    pub own_people_stems: Vec<&'static str>,
    pub policy_nouns: Vec<&'static str>,
    pub detainee_nouns: Vec<&'static str>,
    pub one_actor_cues: Vec<&'static str>,
    pub time_words: Vec<&'static str>,
    pub honorifics: Vec<&'static str>,
    pub address_titles: Vec<&'static str>,
    pub violence: Vec<&'static str>,
    pub said_things: Vec<&'static str>,
    pub reciprocal_cues: Vec<&'static str>,
    pub verdict_speech: Vec<&'static str>,
}

const FILE: &str = include_str!("data/words.tsv");

/// The word lists, parsed on first use.
pub(crate) fn lists() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| match parse(FILE) {
        Ok(words) => words,
        Err(message) => panic!("words.tsv: {message} (checked by tests)"),
    })
}

fn parse(text: &'static str) -> Result<Words, String> {
    let mut lists: HashMap<&str, Vec<&'static str>> = HashMap::new();
    for (idx, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((name, words)) = line.split_once('\t') else {
            return Err(format!(
                "line {}: expected `name<TAB>word|word|...`",
                idx + 1
            ));
        };
        let words: Vec<&'static str> = words.split('|').collect();
        if words
            .iter()
            .any(|word| word.trim().is_empty() || *word != word.trim())
        {
            return Err(format!(
                "line {}: an empty word, or spaces around one",
                idx + 1
            ));
        }
        if lists.insert(name, words).is_some() {
            return Err(format!("line {}: list `{name}` twice", idx + 1));
        }
    }
    let mut take = |name: &str| {
        lists
            .remove(name)
            .ok_or_else(|| format!("no list `{name}`"))
    };
    let words = Words {
        speech: take("speech")?,
        modified_nouns: take("modified_nouns")?,
        launch_verbs: take("launch_verbs")?,
        determiners: take("determiners")?,
        forward_barriers: take("forward_barriers")?,
        prepositions: take("prepositions")?,
        quantities: take("quantities")?,
        negations: take("negations")?,
        intent: take("intent")?,
        want: take("want")?,
        arranged: take("arranged")?,
        not_diplomatic: take("not_diplomatic")?,
        not_diplomatic_after: take("not_diplomatic_after")?,
        event_nouns: take("event_nouns")?,
        passive_adverbs: take("passive_adverbs")?,
        passive_auxiliaries: take("passive_auxiliaries")?,
        object_links: take("object_links")?,
        owned_acts: take("owned_acts")?,
        judging_stems: take("judging_stems")?,
        saying: take("saying")?,
        refusals: take("refusals")?,
        light_verbs: take("light_verbs")?,
        object_nouns: take("object_nouns")?,
        planned: take("planned")?,
        reciprocal_conflict: take("reciprocal_conflict")?,
        reciprocal_verbs: take("reciprocal_verbs")?,
        fight_nouns: take("fight_nouns")?,
        happened: take("happened")?,
        promise: take("promise")?,
        announced: take("announced")?,
        counts: take("counts")?,
        impact_verbs: take("impact_verbs")?,
        event_names: take("event_names")?,
        role_adjectives: take("role_adjectives")?,
        not_the_actor: take("not_the_actor")?,
        place_modifiers: take("place_modifiers")?,
        locatives: take("locatives")?,
        place_nouns: take("place_nouns")?,
        subordinators: take("subordinators")?,
        absolutes: take("absolutes")?,
        sport: take("sport")?,
        figurative_wars: take("figurative_wars")?,
        court_verbs: take("court_verbs")?,
        police_verbs: take("police_verbs")?,
        own_people_stems: take("own_people_stems")?,
        policy_nouns: take("policy_nouns")?,
        detainee_nouns: take("detainee_nouns")?,
        one_actor_cues: take("one_actor_cues")?,
        time_words: take("time_words")?,
        honorifics: take("honorifics")?,
        address_titles: take("address_titles")?,
        violence: take("violence")?,
        said_things: take("said_things")?,
        reciprocal_cues: take("reciprocal_cues")?,
        verdict_speech: take("verdict_speech")?,
    };
    match lists.keys().next() {
        Some(name) => Err(format!("list `{name}` is used by no rule")),
        None => Ok(words),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_lists_parse() {
        let words = parse(FILE).expect("words.tsv parses");
        assert!(words.determiners.contains(&"the"));
        assert!(words.negations.contains(&"never"));
    }

    #[test]
    fn broken_files_are_named_by_line() {
        let broken = "# lists\nspeech\tsaid||told\n";
        let err = parse(broken).expect_err("an error");
        assert!(err.starts_with("line 2:"), "{err}");
        let missing = parse("speech\tsaid\n").expect_err("an error");
        assert!(missing.starts_with("no list"), "{missing}");
    }
}
