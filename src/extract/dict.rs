//! The bundled dictionaries: actors, role nouns, non-actor phrases and event triggers.
//!
//! The data files under `data/` are compiled in with `include_str!` and parsed once into one
//! Aho-Corasick automaton for names and role nouns and one for triggers, so matching costs one
//! pass over the text whatever the size of the dictionaries.
//! A malformed line is reported with its file name and line number.
//! This module does no I/O and knows nothing about sentences or rules.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::model::{Actor, ActorId, ActorKind, CameoCode, Date};

/// The text of every bundled data file, by file name.
pub(crate) struct Sources {
    pub countries: &'static str,
    pub organizations: &'static str,
    pub persons: &'static str,
    pub roles: &'static str,
    pub nonactors: &'static str,
    pub triggers: &'static str,
}

/// The files compiled into the binary.
pub(crate) const BUNDLED: Sources = Sources {
    countries: include_str!("data/countries.tsv"),
    organizations: include_str!("data/organizations.tsv"),
    persons: include_str!("data/persons.tsv"),
    roles: include_str!("data/roles.tsv"),
    nonactors: include_str!("data/nonactors.txt"),
    triggers: include_str!("data/triggers.tsv"),
};

/// One malformed line of a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoadError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A time-bounded role: the code an actor has between two days (inclusive, either open).
#[derive(Debug, Clone)]
pub(crate) struct RoleSpan {
    pub code: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// A dictionary actor with its roles over time.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    /// The actor as shown when no role applies; its cameo is replaced by the dated role.
    pub actor: Actor,
    pub roles: Vec<RoleSpan>,
}

impl Entity {
    /// The CAMEO code on a day: the role valid then; after the last role, the root plus `ELI`
    /// (a former office holder); with no date, the latest role.
    pub fn cameo_on(&self, date: Option<&Date>) -> String {
        let Some(latest) = self.roles.last() else {
            return self.actor.cameo.clone();
        };
        let Some(date) = date else {
            return latest.code.clone();
        };
        let valid = self.roles.iter().rev().find(|role| {
            role.from.as_ref().is_none_or(|from| from <= date)
                && role.to.as_ref().is_none_or(|to| date <= to)
        });
        if let Some(role) = valid {
            return role.code.clone();
        }
        let ended_before = self
            .roles
            .iter()
            .any(|role| role.to.as_ref().is_some_and(|to| to < date));
        let first = &self.roles[0];
        if ended_before && self.actor.kind == ActorKind::Person {
            former_code(&latest.code)
        } else {
            first.code[..3].to_string()
        }
    }

    /// The actor with the cameo code valid on a day.
    pub fn actor_on(&self, date: Option<&Date>, former: bool) -> Actor {
        let mut actor = self.actor.clone();
        actor.cameo = if former {
            former_code(&self.cameo_on(None))
        } else {
            self.cameo_on(date)
        };
        actor
    }
}

/// The code of a former holder of a role: the root plus `ELI`.
pub(crate) fn former_code(code: &str) -> String {
    format!("{}ELI", &code[..3.min(code.len())])
}

/// How strictly an alias must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// Case-insensitive for lowercase aliases; a capital first letter when the alias has one.
    Plain,
    /// `=`: the exact bytes of the alias.
    Exact,
    /// `?`: rejected next to another capitalised word ("Denzel Washington", "Jordan Peterson").
    Ambiguous,
    /// `~`: a surname, valid only after the full name appeared in the same document.
    Coref,
}

/// What an alias names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Entity(usize),
    Role(usize),
    /// A phrase that hides the aliases inside it ("Washington Post").
    Block,
}

/// One reading of a matched pattern.
#[derive(Debug, Clone)]
pub(crate) struct AliasEntry {
    pub target: Target,
    pub mark: Mark,
    pub text: String,
}

/// A role noun or title.
#[derive(Debug, Clone)]
pub(crate) struct Role {
    /// Sector code (`GOV`, `MIL`), or `None` for a bare title.
    pub code: Option<String>,
    /// A role one person holds: "the army chief" means the last such person.
    pub person: bool,
    /// "former", "ex-": the following person no longer holds the office.
    pub former: bool,
}

/// What a trigger's surroundings must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Verb,
    Noun,
    Talks,
    Object,
    Pair,
}

/// The family of a trigger: decides mirroring, intent and refusal handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Visit,
    Host,
    Meet,
    Mediate,
    Decline,
    Conflict,
    War,
    Other,
}

/// An event trigger.
#[derive(Debug, Clone)]
pub(crate) struct Trigger {
    pub phrase: String,
    pub code: CameoCode,
    pub family: Family,
    pub shape: Shape,
}

/// All bundled dictionaries, ready to match.
pub(crate) struct Dictionary {
    pub entities: Vec<Entity>,
    pub by_id: HashMap<String, usize>,
    pub roles: Vec<Role>,
    /// Readings of each pattern of `names`, by pattern id.
    pub patterns: Vec<Vec<AliasEntry>>,
    pub names: AhoCorasick,
    pub triggers: Vec<Trigger>,
    pub trigger_automaton: AhoCorasick,
}

/// The bundled dictionary, parsed on first use.
pub(crate) fn bundled() -> &'static Dictionary {
    static DICTIONARY: OnceLock<Dictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| match Dictionary::load(&BUNDLED) {
        Ok(dictionary) => dictionary,
        Err(errors) => {
            let listing: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!(
                "bundled dictionaries are checked by tests: {}",
                listing.join("; ")
            )
        }
    })
}

impl Dictionary {
    /// Parses every file, collecting all malformed lines rather than stopping at the first.
    pub fn load(sources: &Sources) -> Result<Dictionary, Vec<LoadError>> {
        let mut errors = Vec::new();
        let mut entities = Vec::new();
        let mut by_id = HashMap::new();
        let mut pattern_ids: HashMap<String, usize> = HashMap::new();
        let mut pattern_texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Vec<AliasEntry>> = Vec::new();
        let mut add_pattern = |text: &str, entry: AliasEntry| -> Option<Target> {
            let key = text.to_ascii_lowercase();
            let id = *pattern_ids.entry(key).or_insert_with(|| {
                pattern_texts.push(text.to_string());
                patterns.push(Vec::new());
                patterns.len() - 1
            });
            let clash = patterns[id]
                .iter()
                .find(|other| {
                    other.mark != Mark::Coref
                        && entry.mark != Mark::Coref
                        && other.target != entry.target
                        && matches!(
                            (other.target, entry.target),
                            (Target::Entity(_), Target::Entity(_))
                        )
                })
                .map(|other| other.target);
            patterns[id].push(entry);
            clash
        };

        let actor_files = [
            ("countries.tsv", sources.countries),
            ("organizations.tsv", sources.organizations),
            ("persons.tsv", sources.persons),
        ];
        for (file, text) in actor_files {
            for (line, fields) in rows(text) {
                let mut fail = |message: String| {
                    errors.push(LoadError {
                        file,
                        line,
                        message,
                    })
                };
                let entity = match parse_entity(&fields) {
                    Ok(entity) => entity,
                    Err(message) => {
                        fail(message);
                        continue;
                    }
                };
                let id = entity.actor.id.as_str().to_string();
                if by_id.contains_key(&id) {
                    fail(format!("duplicate actor id `{id}`"));
                    continue;
                }
                let entity_idx = entities.len();
                for alias in fields[5].split('|') {
                    let (mark, bare) = split_mark(alias);
                    if bare.trim().is_empty() {
                        fail(format!("empty alias in `{}`", fields[5]));
                        continue;
                    }
                    let entry = AliasEntry {
                        target: Target::Entity(entity_idx),
                        mark,
                        text: bare.to_string(),
                    };
                    if let Some(Target::Entity(other)) = add_pattern(bare, entry) {
                        let other_id = entities
                            .get(other)
                            .map(|other: &Entity| other.actor.id.to_string())
                            .unwrap_or_default();
                        fail(format!("alias `{bare}` already names `{other_id}`"));
                    }
                }
                by_id.insert(id, entity_idx);
                entities.push(entity);
            }
        }

        let mut roles = Vec::new();
        for (line, fields) in rows(sources.roles) {
            let file = "roles.tsv";
            if fields.len() != 3 {
                errors.push(LoadError {
                    file,
                    line,
                    message: format!("expected 3 columns, found {}", fields.len()),
                });
                continue;
            }
            let code = match fields[1] {
                "-" => None,
                code if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
                    Some(code.to_string())
                }
                other => {
                    let message =
                        format!("role code `{other}` is not three capital letters or `-`");
                    errors.push(LoadError {
                        file,
                        line,
                        message,
                    });
                    continue;
                }
            };
            let mut role = Role {
                code,
                person: false,
                former: false,
            };
            for flag in fields[2].split(',') {
                match flag {
                    "person" => role.person = true,
                    "former" => role.former = true,
                    "title" | "-" => {}
                    other => {
                        errors.push(LoadError {
                            file,
                            line,
                            message: format!("unknown role flag `{other}`"),
                        });
                    }
                }
            }
            let (mark, bare) = split_mark(fields[0]);
            add_pattern(
                bare,
                AliasEntry {
                    target: Target::Role(roles.len()),
                    mark,
                    text: bare.to_string(),
                },
            );
            roles.push(role);
        }

        for (_, fields) in rows(sources.nonactors) {
            let phrase = fields.join(" ");
            add_pattern(
                &phrase,
                AliasEntry {
                    target: Target::Block,
                    mark: Mark::Plain,
                    text: phrase.clone(),
                },
            );
        }

        let mut triggers = Vec::new();
        for (line, fields) in rows(sources.triggers) {
            match parse_trigger(&fields) {
                Ok(trigger) => triggers.push(trigger),
                Err(message) => errors.push(LoadError {
                    file: "triggers.tsv",
                    line,
                    message,
                }),
            }
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        // A DFA: more memory than the default NFA, but the fastest scan of the text.
        let names = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pattern_texts)
            .expect("dictionary patterns are plain strings");
        let trigger_automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(triggers.iter().map(|trigger| trigger.phrase.as_str()))
            .expect("trigger patterns are plain strings");
        Ok(Dictionary {
            entities,
            by_id,
            roles,
            patterns,
            names,
            triggers,
            trigger_automaton,
        })
    }

    /// The entity with this actor id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|idx| &self.entities[*idx])
    }
}

/// Lines that are not comments or blank, with their 1-based numbers, split on tabs.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .map(|(idx, line)| (idx + 1, line.split('\t').collect()))
}

fn split_mark(alias: &str) -> (Mark, &str) {
    match alias.as_bytes().first() {
        Some(b'=') => (Mark::Exact, &alias[1..]),
        Some(b'?') => (Mark::Ambiguous, &alias[1..]),
        Some(b'~') => (Mark::Coref, &alias[1..]),
        _ => (Mark::Plain, alias),
    }
}

fn parse_entity(fields: &[&str]) -> Result<Entity, String> {
    if !(6..=7).contains(&fields.len()) {
        return Err(format!(
            "expected 6 or 7 tab-separated columns, found {}",
            fields.len()
        ));
    }
    let id = ActorId::parse(fields[0]).map_err(|err| err.to_string())?;
    let kind = ActorKind::parse(fields[1]).map_err(|err| err.to_string())?;
    let country = fields[3];
    if country.len() != 3 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!("country `{country}` is not a three-letter code"));
    }
    if fields[4].trim().is_empty() {
        return Err("empty name".to_string());
    }
    let roles = match fields.get(6) {
        None | Some(&"-") | Some(&"") => Vec::new(),
        Some(spec) => spec
            .split(',')
            .map(parse_role_span)
            .collect::<Result<Vec<_>, _>>()?,
    };
    let cameo = match (fields[2], roles.first()) {
        ("-", Some(role)) => role.code[..3].to_string(),
        ("-", None) => country.to_string(),
        (code, _) if is_actor_code(code) => code.to_string(),
        (code, _) => return Err(format!("cameo `{code}` is not a CAMEO actor code")),
    };
    let actor = Actor {
        id,
        name: fields[4].to_string(),
        kind,
        cameo,
        country: country.to_string(),
    };
    Ok(Entity { actor, roles })
}

/// `PAKMIL:2022-11-29..`, `USAGOV:..2025-01-19`, `INDGOV:2014-05-26..2019-05-30`.
fn parse_role_span(spec: &str) -> Result<RoleSpan, String> {
    let (code, range) = spec
        .split_once(':')
        .ok_or_else(|| format!("role `{spec}` lacks `:FROM..TO`"))?;
    if !is_actor_code(code) {
        return Err(format!("role code `{code}` is not a CAMEO actor code"));
    }
    let (from, to) = range
        .split_once("..")
        .ok_or_else(|| format!("role range `{range}` lacks `..`"))?;
    let day = |raw: &str| -> Result<Option<Date>, String> {
        if raw.is_empty() {
            Ok(None)
        } else {
            Date::parse(raw).map(Some).map_err(|err| err.to_string())
        }
    };
    Ok(RoleSpan {
        code: code.to_string(),
        from: day(from)?,
        to: day(to)?,
    })
}

fn is_actor_code(code: &str) -> bool {
    code.len() >= 3
        && code.len().is_multiple_of(3)
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn parse_trigger(fields: &[&str]) -> Result<Trigger, String> {
    if fields.len() != 4 {
        return Err(format!(
            "expected 4 tab-separated columns, found {}",
            fields.len()
        ));
    }
    if fields[0].trim().is_empty() {
        return Err("empty phrase".to_string());
    }
    let code = CameoCode::parse(fields[1]).map_err(|err| err.to_string())?;
    let family = match fields[2] {
        "visit" => Family::Visit,
        "host" => Family::Host,
        "meet" => Family::Meet,
        "mediate" => Family::Mediate,
        "decline" => Family::Decline,
        "conflict" => Family::Conflict,
        "war" => Family::War,
        "other" => Family::Other,
        other => return Err(format!("unknown family `{other}`")),
    };
    let shape = match fields[3] {
        "verb" => Shape::Verb,
        "noun" => Shape::Noun,
        "talks" => Shape::Talks,
        "object" => Shape::Object,
        "pair" => Shape::Pair,
        other => return Err(format!("unknown shape `{other}`")),
    };
    Ok(Trigger {
        phrase: fields[0].to_string(),
        code,
        family,
        shape,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_file_loads_cleanly() {
        let dictionary = Dictionary::load(&BUNDLED).unwrap_or_else(|errors| {
            let listing: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!("{}", listing.join("\n"))
        });
        let n_states = dictionary
            .entities
            .iter()
            .filter(|entity| entity.actor.kind == ActorKind::State)
            .count();
        assert!(n_states >= 193 + 5, "{n_states} states");
        assert!(dictionary.entity("asim-munir").is_some());
        assert!(dictionary.entity("IGONAT").is_some());
    }

    #[test]
    fn broken_lines_are_reported_with_file_and_line() {
        let persons = "# comment\nasim-munir\tperson\t-\tPAK\tAsim Munir\tAsim Munir\tPAKMIL:2022-11-29..\nbroken line without tabs\nx\tperson\t-\tPAK\tX\tX\tPAKMIL:2022-13-01..\n";
        let sources = Sources { persons, ..BUNDLED };
        let errors = Dictionary::load(&sources).err().expect("broken lines fail");
        let listing: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            listing,
            [
                "persons.tsv:3: expected 6 or 7 tab-separated columns, found 1",
                "persons.tsv:4: invalid date `2022-13-01`: expected YYYY-MM-DD",
            ]
        );
    }

    #[test]
    fn roles_follow_the_document_date() {
        let dictionary = bundled();
        let trump = dictionary.entity("donald-trump").unwrap();
        let day = |raw: &str| Date::parse(raw).unwrap();
        assert_eq!(trump.cameo_on(Some(&day("2025-08-10"))), "USAGOV");
        assert_eq!(trump.cameo_on(Some(&day("2023-01-01"))), "USAELI");
        let khan = dictionary.entity("imran-khan").unwrap();
        assert_eq!(khan.cameo_on(Some(&day("2020-01-01"))), "PAKGOV");
        assert_eq!(khan.cameo_on(Some(&day("2025-08-10"))), "PAKOPP");
        assert_eq!(
            khan.actor_on(Some(&day("2025-08-10")), true).cameo,
            "PAKELI"
        );
        let munir = dictionary.entity("asim-munir").unwrap();
        assert_eq!(munir.cameo_on(None), "PAKMIL");
        assert_eq!(munir.cameo_on(Some(&day("2020-01-01"))), "PAK");
    }
}
