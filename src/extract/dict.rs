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

use crate::model::{Actor, ActorId, ActorKind, CameoCode, Date};

use super::lexicon::{check_phrase, plural, Irregulars, Lexicon, Shapes};
use super::names::NameIndex;
use super::petrarch::{self, PetrarchKind};

/// The irregular verb table, parsed once.
pub(crate) fn irregulars() -> &'static Irregulars {
    static TABLE: OnceLock<Irregulars> = OnceLock::new();
    TABLE.get_or_init(
        || match Irregulars::parse(include_str!("data/irregular_verbs.tsv")) {
            Ok(table) => table,
            Err((line, message)) => {
                panic!("irregular_verbs.tsv:{line}: {message} (checked by tests)")
            }
        },
    )
}

/// What a dictionary file holds, told by its header line `# geokg dictionary: KIND`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Actors,
    Roles,
    NonActors,
    Triggers,
}

impl FileKind {
    fn parse(raw: &str) -> Option<FileKind> {
        match raw.trim() {
            "actors" => Some(FileKind::Actors),
            "roles" => Some(FileKind::Roles),
            "nonactors" => Some(FileKind::NonActors),
            "triggers" => Some(FileKind::Triggers),
            _ => None,
        }
    }
}

/// One file to load: its name (for errors), kind and text; `user` files may override.
pub(crate) struct Source<'s> {
    pub file: &'s str,
    pub kind: FileKind,
    pub text: &'s str,
    pub user: bool,
    /// Converted open dictionaries (Phoenix): below our own files. Their actors merge into ours
    /// by id, and their aliases, roles and phrases give way to ours without an error.
    pub base: bool,
}

/// The files compiled into the binary: the converted open dictionaries first (base files,
/// which ours override), then our own.
pub(crate) const BUNDLED: [(&str, FileKind, &str, bool); 13] = [
    (
        "phoenix/actors.tsv",
        FileKind::Actors,
        include_str!("data/phoenix/actors.tsv"),
        true,
    ),
    (
        "phoenix/roles.tsv",
        FileKind::Roles,
        include_str!("data/phoenix/roles.tsv"),
        true,
    ),
    (
        "phoenix/verbs.tsv",
        FileKind::Triggers,
        include_str!("data/phoenix/verbs.tsv"),
        true,
    ),
    (
        "countries.tsv",
        FileKind::Actors,
        include_str!("data/countries.tsv"),
        false,
    ),
    (
        "organizations.tsv",
        FileKind::Actors,
        include_str!("data/organizations.tsv"),
        false,
    ),
    (
        "companies.tsv",
        FileKind::Actors,
        include_str!("data/companies.tsv"),
        false,
    ),
    (
        "parties.tsv",
        FileKind::Actors,
        include_str!("data/parties.tsv"),
        false,
    ),
    (
        "persons.tsv",
        FileKind::Actors,
        include_str!("data/persons.tsv"),
        false,
    ),
    (
        "persons_history.tsv",
        FileKind::Actors,
        include_str!("data/persons_history.tsv"),
        false,
    ),
    (
        "officeholders.tsv",
        FileKind::Actors,
        include_str!("data/officeholders.tsv"),
        false,
    ),
    (
        "roles.tsv",
        FileKind::Roles,
        include_str!("data/roles.tsv"),
        false,
    ),
    (
        "nonactors.txt",
        FileKind::NonActors,
        include_str!("data/nonactors.txt"),
        false,
    ),
    (
        "triggers.tsv",
        FileKind::Triggers,
        include_str!("data/triggers.tsv"),
        false,
    ),
];

fn bundled_sources() -> Vec<Source<'static>> {
    BUNDLED
        .iter()
        .map(|(file, kind, text, base)| Source {
            file,
            kind: *kind,
            text,
            user: false,
            base: *base,
        })
        .collect()
}

/// One malformed line of a dictionary file. Displayed as `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictError {
    /// The file name as given.
    pub file: String,
    /// Line number, from 1.
    pub line: usize,
    /// What is wrong with the line.
    pub message: String,
}

impl fmt::Display for DictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for DictError {}

/// A time-bounded role: the code an actor has between two days (inclusive, either open).
#[derive(Debug, Clone)]
pub(crate) struct RoleSpan {
    pub code: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// Adds to a person of ours the dated roles a base file gives before our first dated role:
/// our rows name a person's office in the years geokg's news covers ("Gordon Brown", prime
/// minister from 2007), the open dictionaries the earlier career (chancellor before it), so
/// a story of 2005 finds him in government, not as a bare `GBR`. A base role that runs into
/// ours ends the day before it; undated base roles, and persons with an undated role of ours,
/// are left as they are.
fn earlier_career(ours: &mut Entity, base: Vec<RoleSpan>) {
    if ours.actor.kind != ActorKind::Person || ours.roles.iter().any(|role| role.from.is_none()) {
        return;
    }
    let Some(first) = ours
        .roles
        .iter()
        .filter_map(|role| role.from.as_ref())
        .min()
    else {
        return;
    };
    let first = first.days();
    let mut earlier: Vec<RoleSpan> = base
        .into_iter()
        .filter_map(|mut role| {
            let from = role.from.as_ref()?.days();
            if from >= first {
                return None;
            }
            if role.to.as_ref().is_none_or(|to| to.days() >= first) {
                role.to = Some(Date::from_days(first - 1));
            }
            Some(role)
        })
        .collect();
    if earlier.is_empty() {
        return;
    }
    earlier.append(&mut ours.roles);
    ours.roles = earlier;
}

/// A dictionary actor with its roles over time.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    /// The actor as shown when no role applies; its cameo is replaced by the dated role.
    pub actor: Actor,
    pub roles: Vec<RoleSpan>,
    /// For states, the names of nationality ("Israeli", "Afghan"), whose plurals name the
    /// people ("Israelis" are `ISRCVL`).
    pub demonyms: Vec<String>,
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

/// Whether a name of a state reads as an adjective of nationality whose plural names its
/// people: "Afghan", "Israeli", "Turk", "Kazakh", "Cypriot" (not "Philippine").
fn is_demonym(name: &str) -> bool {
    !name.contains(' ')
        && name.starts_with(|c: char| c.is_uppercase())
        && ["an", "i", "k", "h", "ot"]
            .iter()
            .any(|end| name.ends_with(end))
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
    /// A plural or collective noun ("rebels", "police") that names an actor even with no
    /// country: it then has the code `---` plus its role, as the CAMEO coders write it.
    pub group: bool,
}

/// What a trigger's surroundings must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Verb,
    Noun,
    Talks,
    Object,
    Pair,
    /// "X urged Y to ...": the target right after the trigger; what Y is asked to do is not coded.
    Appeal,
    /// "X alleged that Y ...": the first actor of the reported clause is the target; the
    /// reported event is not coded.
    Claim,
    /// "attend a summit in X", "attend the Beijing Olympics": the place of the event is the target.
    Attend,
    /// "denied reports that ...": nothing after it in the sentence is coded.
    Denial,
    /// A word of judgement in reported speech ("'Trump treats the law with contempt,' said
    /// Becerra"): the speaker criticises the actor the judgement is about.
    Verdict,
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
    /// A compound subject with no object acts on itself both ways ("A and B agreed").
    pub mutual: bool,
    /// The actor after the trigger is the source ("received weapons from X").
    pub reverse: bool,
    /// At most this many words between the trigger and its target.
    pub reach: usize,
    /// One of these words must follow the trigger in its clause ("fired ... at").
    pub with: Vec<String>,
    /// A sentence, in our words, that the line codes (tests run every example).
    #[cfg_attr(not(test), allow(dead_code))]
    pub example: Option<String>,
}

/// Actors, role nouns, non-actor phrases and event triggers, ready to match.
///
/// [`Dictionary::bundled`] is the data compiled into geokg; [`Dictionary::with_files`] adds
/// the user's own files in the same formats (see `src/extract/data/FORMAT.md`).
pub struct Dictionary {
    pub(crate) entities: Vec<Entity>,
    pub(crate) by_id: HashMap<String, usize>,
    pub(crate) roles: Vec<Role>,
    /// Readings of each pattern of `names`, by pattern id.
    pub(crate) patterns: Vec<Vec<AliasEntry>>,
    pub(crate) names: NameIndex,
    pub(crate) triggers: Vec<Trigger>,
    /// The triggers of each phrase of `lexicon`, tried in order.
    pub(crate) trigger_groups: Vec<Vec<usize>>,
    pub(crate) lexicon: Lexicon,
}

impl fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dictionary")
            .field("actors", &self.entities.len())
            .field("roles", &self.roles.len())
            .field("triggers", &self.triggers.len())
            .finish()
    }
}

/// The bundled dictionary, parsed on first use.
pub(crate) fn bundled() -> &'static Dictionary {
    static DICTIONARY: OnceLock<Dictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| match Dictionary::load(&bundled_sources()) {
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

/// The header that tells the kind of a user file.
const HEADER: &str = "# geokg dictionary:";

impl Dictionary {
    /// The dictionaries compiled into geokg, parsed once.
    pub fn bundled() -> &'static Dictionary {
        bundled()
    }

    /// The bundled data plus user files, given as (file name, text) in the bundled formats.
    ///
    /// Each file starts with a header line `# geokg dictionary: KIND`, where KIND is
    /// `actors`, `roles`, `nonactors` or `triggers`, or is a PETRARCH / Phoenix dictionary
    /// (a verb, actors or agents file), told by its contents and converted as it is read.
    /// A later entry with the same actor id, role phrase or trigger phrase overrides the
    /// earlier one. Every malformed line is reported, with its file and line.
    pub fn with_files(files: &[(String, String)]) -> Result<Dictionary, Vec<DictError>> {
        let mut errors = Vec::new();
        let mut accepted: Vec<(&str, FileKind, std::borrow::Cow<'_, str>)> = Vec::new();
        for (file, text) in files {
            let first = text.lines().next().unwrap_or("");
            if let Some(kind) = first.strip_prefix(HEADER).and_then(FileKind::parse) {
                accepted.push((file, kind, text.into()));
                continue;
            }
            let converted = match petrarch::detect(text) {
                Some(PetrarchKind::Verbs) => Some((
                    FileKind::Triggers,
                    petrarch::convert_verbs(file, text, false),
                )),
                Some(PetrarchKind::Actors) => {
                    Some((FileKind::Actors, petrarch::convert_actors(file, text)))
                }
                Some(PetrarchKind::Agents) => {
                    Some((FileKind::Roles, petrarch::convert_agents(file, text)))
                }
                None => None,
            };
            match converted {
                Some((kind, (converted, problems))) => {
                    errors.extend(problems);
                    accepted.push((file, kind, converted.into()));
                }
                None => errors.push(DictError {
                    file: file.clone(),
                    line: 1,
                    message: format!(
                        "the first line must be `{HEADER} KIND` with KIND one of actors, roles, nonactors, triggers, or the file a PETRARCH verb, actors or agents dictionary"
                    ),
                }),
            }
        }
        let mut sources = bundled_sources();
        sources.extend(accepted.iter().map(|(file, kind, text)| Source {
            file,
            kind: *kind,
            text,
            user: true,
            base: false,
        }));
        match Dictionary::load(&sources) {
            Ok(dictionary) if errors.is_empty() => Ok(dictionary),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }

    /// Parses every file, collecting all malformed lines rather than stopping at the first.
    pub(crate) fn load(sources: &[Source<'_>]) -> Result<Dictionary, Vec<DictError>> {
        let mut errors = Vec::new();
        let error = |file: &str, line: usize, message: String| DictError {
            file: file.to_string(),
            line,
            message,
        };

        // Actors: a later user entry with the same id replaces the earlier one in place.
        struct Row<'s> {
            file: &'s str,
            line: usize,
            user: bool,
            entity: Entity,
            /// Each alias, and whether it comes from a base file.
            aliases: Vec<(Mark, &'s str, bool)>,
        }
        let mut rows_by_id: HashMap<String, usize> = HashMap::new();
        let mut actor_rows: Vec<Row<'_>> = Vec::new();
        // Our files first, so that base files find every id and alias of ours.
        let actor_sources = sources
            .iter()
            .filter(|s| s.kind == FileKind::Actors && !s.base)
            .chain(
                sources
                    .iter()
                    .filter(|s| s.kind == FileKind::Actors && s.base),
            );
        for source in actor_sources {
            for (line, fields) in rows(source.text) {
                let entity = match parse_entity(&fields) {
                    Ok(entity) => entity,
                    Err(message) => {
                        errors.push(error(source.file, line, message));
                        continue;
                    }
                };
                let mut aliases = Vec::new();
                for alias in fields[5].split('|') {
                    let (mark, bare) = split_mark(alias);
                    if bare.trim().is_empty() {
                        let message = format!("empty alias in `{}`", fields[5]);
                        errors.push(error(source.file, line, message));
                        continue;
                    }
                    aliases.push((mark, bare, source.base));
                }
                let id = entity.actor.id.as_str().to_string();
                if source.base {
                    // A base row adds its aliases to our row of the same id, or stands alone.
                    match rows_by_id.get(&id) {
                        Some(&idx) => {
                            let ours = &mut actor_rows[idx].entity;
                            earlier_career(ours, entity.roles);
                            actor_rows[idx].aliases.extend(aliases);
                        }
                        None => {
                            rows_by_id.insert(id, actor_rows.len());
                            actor_rows.push(Row {
                                file: source.file,
                                line,
                                user: false,
                                entity,
                                aliases,
                            });
                        }
                    }
                    continue;
                }
                let row = Row {
                    file: source.file,
                    line,
                    user: source.user,
                    entity,
                    aliases,
                };
                match rows_by_id.get(&id) {
                    Some(&idx) if source.user => actor_rows[idx] = row,
                    Some(_) => errors.push(error(
                        source.file,
                        line,
                        format!("duplicate actor id `{id}`"),
                    )),
                    None => {
                        rows_by_id.insert(id, actor_rows.len());
                        actor_rows.push(row);
                    }
                }
            }
        }

        let mut pattern_ids: HashMap<String, usize> = HashMap::new();
        let mut pattern_texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Vec<AliasEntry>> = Vec::new();
        let mut pattern_id = |text: &str| -> usize {
            let key = text.to_ascii_lowercase();
            *pattern_ids.entry(key).or_insert_with(|| {
                pattern_texts.push(text.to_ascii_lowercase());
                patterns.push(Vec::new());
                patterns.len() - 1
            })
        };
        let mut pattern_of_entry: Vec<(usize, AliasEntry)> = Vec::new();
        let mut entities = Vec::new();
        let mut by_id = HashMap::new();
        let mut alias_owner: HashMap<String, (usize, bool)> = HashMap::new();
        // Aliases of our files first, then those of base files, which give way silently.
        let mut base_aliases: Vec<(usize, Mark, String)> = Vec::new();
        for row in actor_rows {
            let entity_idx = entities.len();
            for (mark, bare, base) in &row.aliases {
                if *base {
                    base_aliases.push((entity_idx, *mark, bare.to_string()));
                    continue;
                }
                let key = bare.to_ascii_lowercase();
                if *mark != Mark::Coref {
                    if let Some(&(other, other_user)) = alias_owner
                        .get(&key)
                        .filter(|(other, _)| *other != entity_idx)
                    {
                        if !row.user && !other_user {
                            let other_id: &Entity = &entities[other];
                            let message =
                                format!("alias `{bare}` already names `{}`", other_id.actor.id);
                            errors.push(error(row.file, row.line, message));
                            continue;
                        }
                        // A later user entry takes the alias over.
                        pattern_of_entry.retain(|(_, entry)| {
                            !(entry.target == Target::Entity(other)
                                && entry.text.eq_ignore_ascii_case(bare)
                                && entry.mark != Mark::Coref)
                        });
                    }
                    alias_owner.insert(key, (entity_idx, row.user));
                }
                let entry = AliasEntry {
                    target: Target::Entity(entity_idx),
                    mark: *mark,
                    text: bare.to_string(),
                };
                pattern_of_entry.push((pattern_id(bare), entry));
            }
            let mut entity = row.entity;
            if entity.actor.kind == ActorKind::State {
                entity.demonyms = row
                    .aliases
                    .iter()
                    .map(|(_, bare, _)| *bare)
                    .filter(|bare| is_demonym(bare) && *bare != entity.actor.name)
                    .map(str::to_string)
                    .collect();
                // "Nigerians", "Venezuelans": the plural of each name of nationality, where
                // no other name takes it.
                for demonym in &entity.demonyms {
                    base_aliases.push((entity_idx, Mark::Plain, format!("{demonym}s")));
                }
            }
            by_id.insert(entity.actor.id.as_str().to_string(), entity_idx);
            entities.push(entity);
        }
        for (entity_idx, mark, bare) in &base_aliases {
            let (entity_idx, mark, bare) = (*entity_idx, *mark, bare.as_str());
            let key = bare.to_ascii_lowercase();
            if mark != Mark::Coref {
                if alias_owner.contains_key(&key) {
                    continue;
                }
                alias_owner.insert(key, (entity_idx, false));
            }
            let entry = AliasEntry {
                target: Target::Entity(entity_idx),
                mark,
                text: bare.to_string(),
            };
            pattern_of_entry.push((pattern_id(bare), entry));
        }

        // Role nouns: a phrase of a later file replaces the same phrase of an earlier one.
        let mut roles: Vec<Role> = Vec::new();
        let mut role_by_phrase: HashMap<String, (usize, &str)> = HashMap::new();
        for source in sources.iter().filter(|s| s.kind == FileKind::Roles) {
            for (line, fields) in rows(source.text) {
                let role = match parse_role(&fields) {
                    Ok(role) => role,
                    Err(message) => {
                        errors.push(error(source.file, line, message));
                        continue;
                    }
                };
                let (mark, bare) = split_mark(fields[0]);
                if bare.trim().is_empty() {
                    errors.push(error(source.file, line, "empty phrase".to_string()));
                    continue;
                }
                match role_by_phrase.get(fields[0]) {
                    Some(&(idx, file)) if file != source.file => roles[idx] = role,
                    _ => {
                        role_by_phrase.insert(fields[0].to_string(), (roles.len(), source.file));
                        let entry = AliasEntry {
                            target: Target::Role(roles.len()),
                            mark,
                            text: bare.to_string(),
                        };
                        pattern_of_entry.push((pattern_id(bare), entry));
                        roles.push(role);
                    }
                }
            }
        }

        // "defence ministers", "army chiefs": the plural of a one-person title of ours names
        // several holders, a sector with no single person, unless a line says otherwise.
        let plurals: Vec<(String, Mark, Role)> = role_by_phrase
            .iter()
            .filter(|(_, (idx, _))| roles[*idx].person && roles[*idx].code.is_some())
            .map(|(phrase, (idx, _))| {
                let (mark, bare) = split_mark(phrase);
                let role = Role {
                    person: false,
                    ..roles[*idx].clone()
                };
                (plural(bare), mark, role)
            })
            .filter(|(plural, mark, _)| {
                let marked = match mark {
                    Mark::Exact => format!("={plural}"),
                    Mark::Ambiguous => format!("?{plural}"),
                    Mark::Coref => format!("~{plural}"),
                    Mark::Plain => plural.clone(),
                };
                !role_by_phrase.contains_key(&marked)
            })
            .collect();
        let mut plurals = plurals;
        plurals.sort_by(|a, b| a.0.cmp(&b.0));
        for (plural, mark, role) in plurals {
            let entry = AliasEntry {
                target: Target::Role(roles.len()),
                mark,
                text: plural.clone(),
            };
            pattern_of_entry.push((pattern_id(&plural), entry));
            roles.push(role);
        }

        for source in sources.iter().filter(|s| s.kind == FileKind::NonActors) {
            for (_, fields) in rows(source.text) {
                let phrase = fields.join(" ");
                let entry = AliasEntry {
                    target: Target::Block,
                    mark: Mark::Plain,
                    text: phrase.clone(),
                };
                pattern_of_entry.push((pattern_id(&phrase), entry));
            }
        }
        for (id, entry) in pattern_of_entry {
            patterns[id].push(entry);
        }
        // Patterns whose every reading was overridden stay, empty: they match nothing.

        // Triggers: lines with one phrase are alternatives tried in order; a phrase of a
        // later file replaces the alternatives of earlier files.
        let mut triggers: Vec<Trigger> = Vec::new();
        let mut trigger_ids: HashMap<String, usize> = HashMap::new();
        let mut trigger_phrases: Vec<String> = Vec::new();
        let mut trigger_groups: Vec<Vec<usize>> = Vec::new();
        let mut group_file: Vec<&str> = Vec::new();
        // Whether each phrase comes from a base file (matched only where ours match nothing).
        let mut group_base: Vec<bool> = Vec::new();
        for source in sources.iter().filter(|s| s.kind == FileKind::Triggers) {
            for (line, fields) in rows(source.text) {
                let trigger = match parse_trigger(&fields) {
                    Ok(trigger) => trigger,
                    Err(message) => {
                        errors.push(error(source.file, line, message));
                        continue;
                    }
                };
                let key = trigger.phrase.to_ascii_lowercase();
                let group = *trigger_ids.entry(key).or_insert_with(|| {
                    trigger_phrases.push(trigger.phrase.clone());
                    trigger_groups.push(Vec::new());
                    group_file.push(source.file);
                    trigger_groups.len() - 1
                });
                if group_file[group] != source.file {
                    trigger_groups[group].clear();
                    group_file[group] = source.file;
                }
                group_base.resize(trigger_groups.len(), false);
                group_base[group] = source.base;
                trigger_groups[group].push(triggers.len());
                triggers.push(trigger);
            }
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        let names = NameIndex::build(&pattern_texts);
        // A phrase is a noun when every trigger of it has a noun shape: its first word then
        // takes only the base and plural forms.
        let phrases: Vec<(String, Shapes)> = trigger_phrases
            .iter()
            .zip(&trigger_groups)
            .zip(&group_base)
            .map(|((phrase, group), base)| {
                let all =
                    |test: fn(Shape) -> bool| group.iter().all(|idx| test(triggers[*idx].shape));
                let shapes = Shapes {
                    noun_only: all(|shape| {
                        matches!(
                            shape,
                            Shape::Noun | Shape::Talks | Shape::Pair | Shape::Verdict
                        )
                    }),
                    base: *base,
                };
                (phrase.to_ascii_lowercase(), shapes)
            })
            .collect();
        let lexicon = Lexicon::build(irregulars(), &phrases);
        Ok(Dictionary {
            entities,
            by_id,
            roles,
            patterns,
            names,
            triggers,
            trigger_groups,
            lexicon,
        })
    }

    /// The entity with this actor id.
    pub(crate) fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|idx| &self.entities[*idx])
    }

    /// The one entity a whole name names ("Shinzo Abe", "Russian Federation", "European
    /// Union"), by its name or an alias that stands alone (not a surname that needs the full
    /// name first); `None` when no entity or several have the name.
    pub(crate) fn entity_named(&self, name: &str) -> Option<&Entity> {
        let lower = name.trim().to_lowercase();
        let found = self
            .names
            .find_iter(&lower)
            .find(|found| found.start == 0 && found.end == lower.len())?;
        let mut entities = self.patterns[found.pattern]
            .iter()
            .filter(|entry| entry.mark != Mark::Coref)
            .filter_map(|entry| match entry.target {
                Target::Entity(idx) => Some(idx),
                Target::Role(_) | Target::Block => None,
            });
        let first = entities.next()?;
        entities
            .all(|other| other == first)
            .then(|| &self.entities[first])
    }

    /// The index of the state whose country code is `country` ("PAK"), if it is one.
    pub(crate) fn state_index(&self, country: &str) -> Option<usize> {
        let idx = *self.by_id.get(country)?;
        (self.entities[idx].actor.kind == ActorKind::State).then_some(idx)
    }
}

fn parse_role(fields: &[&str]) -> Result<Role, String> {
    if fields.len() != 3 {
        return Err(format!("expected 3 columns, found {}", fields.len()));
    }
    let code = match fields[1] {
        "-" => None,
        code if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
            Some(code.to_string())
        }
        other => {
            return Err(format!(
                "role code `{other}` is not three capital letters or `-`"
            ))
        }
    };
    let mut role = Role {
        code,
        person: false,
        former: false,
        group: false,
    };
    for flag in fields[2].split(',') {
        match flag {
            "person" => role.person = true,
            "former" => role.former = true,
            "group" => role.group = true,
            "title" | "-" => {}
            other => return Err(format!("unknown role flag `{other}`")),
        }
    }
    Ok(role)
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
    Ok(Entity {
        actor,
        roles,
        demonyms: Vec::new(),
    })
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

pub(crate) fn parse_trigger(fields: &[&str]) -> Result<Trigger, String> {
    if !(4..=6).contains(&fields.len()) {
        return Err(format!(
            "expected 4 to 6 tab-separated columns, found {}",
            fields.len()
        ));
    }
    if fields[0].trim().is_empty() || fields[0] != fields[0].trim() {
        return Err("empty phrase, or spaces around it".to_string());
    }
    check_phrase(fields[0])?;
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
        "appeal" => Shape::Appeal,
        "claim" => Shape::Claim,
        "attend" => Shape::Attend,
        "denial" => Shape::Denial,
        "verdict" => Shape::Verdict,
        other => return Err(format!("unknown shape `{other}`")),
    };
    let mut trigger = Trigger {
        phrase: fields[0].to_string(),
        code,
        family,
        shape,
        mutual: false,
        reverse: false,
        reach: 6,
        with: Vec::new(),
        example: fields
            .get(5)
            .map(|example| example.trim().to_string())
            .filter(|example| !example.is_empty()),
    };
    for flag in fields.get(4).copied().unwrap_or("-").split(',') {
        match flag.split_once('=') {
            None if flag == "-" => {}
            None if flag == "mutual" => trigger.mutual = true,
            None if flag == "reverse" => trigger.reverse = true,
            Some(("reach", n)) => {
                trigger.reach = n
                    .parse()
                    .ok()
                    .filter(|n| (1..=30).contains(n))
                    .ok_or_else(|| format!("`reach={n}` is not a number of words from 1 to 30"))?;
            }
            Some(("with", words)) if !words.is_empty() => {
                trigger.with = words.split('|').map(str::to_ascii_lowercase).collect();
            }
            _ => return Err(format!("unknown flag `{flag}`")),
        }
    }
    Ok(trigger)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_file_loads_cleanly() {
        let dictionary = Dictionary::load(&bundled_sources()).unwrap_or_else(|errors| {
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
        let files = [
            (
                "people.tsv".to_string(),
                "# geokg dictionary: actors\nada-king\tperson\t-\tGBR\tAda King\tAda King\tGBRGOV:2022-11-29..\nbroken line without tabs\nx\tperson\t-\tPAK\tX\tX\tPAKMIL:2022-13-01..\n".to_string(),
            ),
            (
                "verbs.tsv".to_string(),
                "# geokg dictionary: triggers\nlambasted\t111\tother\tverb\nscolded\t999\tother\tverb\nchided\t111\tother\tverb\treach=x\n".to_string(),
            ),
            (
                "ranks.tsv".to_string(),
                "# geokg dictionary: roles\nwarlord\twar\tperson\n".to_string(),
            ),
            ("notes.txt".to_string(), "just some notes\n".to_string()),
        ];
        let errors = Dictionary::with_files(&files).expect_err("broken lines fail");
        let listing: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            listing,
            [
                "notes.txt:1: the first line must be `# geokg dictionary: KIND` with KIND one of actors, roles, nonactors, triggers, or the file a PETRARCH verb, actors or agents dictionary",
                "people.tsv:3: expected 6 or 7 tab-separated columns, found 1",
                "people.tsv:4: invalid date `2022-13-01`: expected YYYY-MM-DD",
                "ranks.tsv:2: role code `war` is not three capital letters or `-`",
                "verbs.tsv:3: unknown CAMEO code `999`",
                "verbs.tsv:4: `reach=x` is not a number of words from 1 to 30",
            ]
        );
    }

    #[test]
    fn user_files_add_and_override_entries() {
        let files = [
            (
                "mine.tsv".to_string(),
                "# geokg dictionary: actors\n# a person of my own, and Munir under a new code\nada-king\tperson\t-\tGBR\tAda King\tAda King|~King\tGBRGOV:2020-01-01..\nasim-munir\tperson\t-\tPAK\tAsim Munir\tAsim Munir\tPAKGOV:2020-01-01..\n".to_string(),
            ),
            (
                "verbs.tsv".to_string(),
                "# geokg dictionary: triggers\nlambasted\t111\tother\tverb\n".to_string(),
            ),
        ];
        let dictionary = Dictionary::with_files(&files).expect("valid files load");
        assert_eq!(
            dictionary.entity("ada-king").unwrap().cameo_on(None),
            "GBRGOV"
        );
        assert_eq!(
            dictionary.entity("asim-munir").unwrap().cameo_on(None),
            "PAKGOV"
        );
        assert!(dictionary.triggers.iter().any(|t| t.phrase == "lambasted"));
        assert!(Dictionary::bundled().entity("ada-king").is_none());
    }

    #[test]
    fn a_base_file_gives_the_career_before_our_first_role() {
        let base = "alp\tstate\tALP\tALP\tAlpha\tAlpha\n\
ann-lee\tperson\t-\tALP\tAnn Lee\tAnn Lee\tALPOPP:2001-01-01..2004-12-31,ALPGOV:2005-01-01..2012-12-31\n\
bo-ray\tperson\t-\tALP\tBo Ray\tBo Ray\tALPMIL:..,ALPGOV:1990-01-01..1999-12-31\n";
        let ours = "ann-lee\tperson\t-\tALP\tAnn Lee\tAnn Lee\tALPGOV:2010-06-01..2015-05-31\n\
bo-ray\tperson\t-\tALP\tBo Ray\tBo Ray\tALPLEG:..\n";
        let source = |file, text, base| Source {
            file,
            kind: FileKind::Actors,
            text,
            user: false,
            base,
        };
        let dictionary = Dictionary::load(&[
            source("base.tsv", base, true),
            source("ours.tsv", ours, false),
        ])
        .unwrap();
        let day = |raw: &str| Date::parse(raw).unwrap();
        let ann = dictionary.entity("ann-lee").unwrap();
        assert_eq!(ann.cameo_on(Some(&day("2003-01-01"))), "ALPOPP");
        // The base role that runs into ours ends the day before it.
        assert_eq!(ann.cameo_on(Some(&day("2008-01-01"))), "ALPGOV");
        assert_eq!(ann.roles[1].to, Some(day("2010-05-31")));
        assert_eq!(ann.cameo_on(Some(&day("2016-01-01"))), "ALPELI");
        // An undated role of ours covers every day: the base career is not added.
        let bo = dictionary.entity("bo-ray").unwrap();
        assert_eq!(bo.roles.len(), 1);
        assert_eq!(bo.cameo_on(Some(&day("1995-01-01"))), "ALPLEG");
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
