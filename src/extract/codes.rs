//! CAMEO actor codes of GDELT rows to geokg actors, with the ids that extraction gives.
//!
//! `PAK` is the dictionary's state `PAK`; `USAGOV` the sector actor `USAGOV` ("United States
//! government") that "the US government" gives in text; `PAKMIL` the Pakistan Army of the
//! dictionary; `IGOEUREEC` the European Union (`IGOEUR`). Codes that name no country (`GOV`,
//! `CVL`, `EUR`, `MOS`) give no actor by themselves; a role with no country (`GOV`, `COP`,
//! `BUS`) is placed in the country of the actor's place instead, as GDELT's users do
//! ([`actor_placed_in`]): `GOV` in Pakistan is `PAKGOV`.

use std::collections::HashMap;

use crate::ingest::gdelt::{
    fips_rows, is_known_group, is_region, is_religion, is_type, iso3_of_fips, known_group_actor,
    segments, Row, RowActor, INTERNATIONAL_ROOTS,
};
use crate::model::{Actor, ActorId, ActorKind, Event};

use super::dict::{Dictionary, Entity};
use super::mentions::sector;

/// The geokg actor of a GDELT actor (its `Actor1*` or `Actor2*` columns), or `None` when the
/// code names no country or is empty.
///
/// In order:
/// 1. a code that is the id of a dictionary actor (not a person) is that actor: `PAK`,
///    `PAKMIL` (Pakistan Army), `IGOUNO`;
/// 2. an international code (`IGO`, `NGO`, `NGM`, `INT`, `IMG` roots) is the dictionary
///    organisation of its most specific part that geokg knows (`IGOUNODEVWBK` is the World Bank
///    `IGOWBK`, `IGOEUREEC` the European Union `IGOEUR`, `IMGMOSALQ` `al-qaeda`), else the
///    dictionary organisation whose CAMEO code is the longest prefix of the code, else a new
///    organisation (a group for `IMG`) whose id is the code;
/// 3. a multinational (`MNCUSA`) is the business sector of its country (`USABUS`); with no
///    country, none;
/// 4. a code whose root is a state of the dictionary (or, for a root geokg does not know such as
///    `SCG`, whose `CountryCode` is one) is, in order: the actor of a known group among its parts
///    (`AFGINSTAL` is `taliban`; an unknown known group is an organisation whose id is the code),
///    the sector of its first role (`USAGOVLEG` is `USAGOV`; insurgents, separatists and unaligned
///    armed forces are `REB`), else the state (`USAREL`); a root that is its own `CountryCode` but
///    not in the dictionary (`BMU`) is a new state;
/// 5. anything else names no country: regions (`EUR`, `AFR`), roles alone (`GOV`, `BUS`),
///    religions (`MOS`), ethnic groups (`kur`), unidentified state actors (`UIS`): `None`.
///
/// Names are the dictionary's; a new actor gets GDELT's name in title case (`SHERWIN WILLIAMS` is
/// "Sherwin Williams"). Dictionary actors carry their latest role code, as `lookup_actor` gives.
///
/// The answer depends on the code, and only for new actors on the name and `CountryCode`, so a
/// cache keyed by code ([`ActorCache`]) gives the same actors, naming new ones after their first
/// row. One call costs a few hash lookups and the allocations of the actor.
pub fn actor_of_code(dictionary: &Dictionary, actor: &RowActor<'_>) -> Option<Actor> {
    let code = actor.code.trim();
    if code.len() < 3 || !code.is_ascii() {
        return None;
    }
    if let Some(entity) = dictionary
        .entity(code)
        .filter(|entity| entity.actor.kind != ActorKind::Person)
    {
        return Some(entity.actor_on(None, false));
    }
    let mut parts = [""; 8];
    let mut n_parts = 0;
    for seg in segments(code).take(parts.len()) {
        parts[n_parts] = seg;
        n_parts += 1;
    }
    let (root, rest) = (parts[0], &parts[1..n_parts]);
    if INTERNATIONAL_ROOTS.contains(&root) {
        return Some(international(dictionary, code, root, rest, actor.name));
    }
    if root == "MNC" {
        let state = rest.first().and_then(|seg| state_of(dictionary, seg))?;
        return Some(sector(dictionary, &state, "BUS"));
    }
    let state = if let Some(state) = state_of(dictionary, root) {
        state
    } else if root == "UIS"
        || is_region(root)
        || is_type(root)
        || is_religion(root)
        || !root.bytes().all(|b| b.is_ascii_uppercase())
    {
        return None;
    } else if let Some(state) = state_of(dictionary, actor.country_code) {
        state
    } else if actor.country_code == root {
        Actor {
            id: ActorId::parse(root).ok()?,
            name: name_or(actor.name, root),
            kind: ActorKind::State,
            cameo: root.to_string(),
            country: root.to_string(),
        }
    } else {
        return None;
    };
    for seg in rest {
        if is_known_group(seg) {
            if let Some(found) = known_group_actor(seg).and_then(|id| dictionary.entity(id)) {
                return Some(found.actor_on(None, false));
            }
            let armed = rest.iter().any(|seg| role_of(seg) == Some("REB"));
            return Some(Actor {
                id: ActorId::parse(code).ok()?,
                name: name_or(actor.name, code),
                kind: if armed {
                    ActorKind::Group
                } else {
                    ActorKind::Organization
                },
                cameo: code.to_string(),
                country: state.country.clone(),
            });
        }
    }
    match rest.iter().find_map(|seg| role_of(seg)) {
        Some(role) => Some(sector(dictionary, &state, role)),
        None => Some(state),
    }
}

/// The actor of a GDELT actor whose code names no country but a role (`GOV`, `COP`, `CVL`,
/// `BUSMED`), a religion (`CHR`, `MOS`, `REL`), a party (`PTY`) or an ethnic group (`kur`),
/// placed in the state of a place's FIPS 10-4 country code: for a role, the sector of that
/// state (`GOV` in `PK` is `PAKGOV`, Pakistan's government); for a role geokg keeps no sector
/// for, a religion, a party or an ethnic group, a group of that state of its own (`CHR` in `US`
/// is `USACHR`, "United States Christian"), never the state itself, which would make the Kurds
/// of Syria the Syrian state.
///
/// `None` when the code names a country already, names a region (`AFR`, `EUR`), an
/// international body (`IGO`, `NGO`, `IMG`, peacekeepers `PKO`) or an unidentified state actor
/// (`UIS`), or the place is no country (`OS`, the oceans). A territory the dictionary has no
/// state for is a new state named as in the FIPS table.
pub fn actor_placed_in(dictionary: &Dictionary, actor: &RowActor<'_>, fips: &str) -> Option<Actor> {
    let code = actor.code.trim();
    if !placeable(code) {
        return None;
    }
    let iso = iso3_of_fips(fips)?;
    // A territory the dictionary has no state for (Jersey, Guam) is a new state, as a GDELT
    // root of its own is in `actor_of_code`.
    let state = state_of(dictionary, iso).or_else(|| {
        let (_, _, name) = fips_rows().find(|(other, _, _)| *other == fips)?;
        Some(Actor {
            id: ActorId::parse(iso).ok()?,
            name: name.to_string(),
            kind: ActorKind::State,
            cameo: iso.to_string(),
            country: iso.to_string(),
        })
    })?;
    if let Some(role) = segments(code).find_map(role_of) {
        return Some(sector(dictionary, &state, role));
    }
    let first = segments(code).next()?;
    let upper = first.to_ascii_uppercase();
    if OTHER_ROLES.contains(&upper.as_str()) {
        return Some(sector(dictionary, &state, &upper));
    }
    let id = format!("{}{upper}", state.country);
    Some(Actor {
        id: ActorId::parse(&id).ok()?,
        name: format!("{} {}", state.name, name_or(actor.name, &upper)),
        kind: ActorKind::Group,
        cameo: format!("{}{first}", state.country),
        country: state.country.clone(),
    })
}

/// Roles with no sector among extraction's that a placed actor still keeps apart from its
/// state: `PAKCRM` is Pakistan's criminals, not Pakistan.
const OTHER_ROLES: [&str; 9] = [
    "AGR", "CRM", "DEV", "ENV", "GRP", "HLH", "MOD", "RAD", "SET",
];

/// Whether a code names no country but what a place can put in one: every part a type that is
/// not international, a religion, `REL` (religious), `PTY` (party) or, first, an ethnic group.
fn placeable(code: &str) -> bool {
    const NOT_PLACED: [&str; 10] = [
        "IGO", "IMG", "INT", "NGM", "NGO", "UIS", "UNO", "IRC", "AMN", "PKO",
    ];
    code.len() >= 3
        && code.len().is_multiple_of(3)
        && code.is_ascii()
        && segments(code).enumerate().all(|(at, seg)| {
            let ethnic = at == 0 && seg.bytes().all(|b| b.is_ascii_lowercase());
            ethnic
                || (is_type(seg) && !NOT_PLACED.contains(&seg))
                || is_religion(seg)
                || seg == "REL"
                || seg == "PTY"
        })
}

/// How the actor of a side of a row was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Its code names it (`PAKGOV`, `USA`).
    Code,
    /// A role with no country, placed by the actor's own place (`Actor1Geo_CountryCode`).
    OwnPlace,
    /// A role with no country whose own place is empty, placed by the action's place.
    ActionPlace,
}

/// [`actor_of_code`] with a cache keyed by actor code, for importers.
///
/// GDELT files repeat a few thousand codes over millions of rows; after the first row of a code
/// each lookup is one hash of the code. The first row of a code names any new actor it makes.
pub struct ActorCache<'d> {
    dictionary: &'d Dictionary,
    actors: HashMap<String, Option<Actor>>,
    /// Placed actors by code, then by ISO country.
    placed: HashMap<String, HashMap<&'static str, Option<Actor>>>,
}

impl<'d> ActorCache<'d> {
    /// An empty cache over a dictionary.
    pub fn new(dictionary: &'d Dictionary) -> ActorCache<'d> {
        ActorCache {
            dictionary,
            actors: HashMap::new(),
            placed: HashMap::new(),
        }
    }

    /// The actor of a GDELT actor, as [`actor_of_code`] gives it.
    pub fn actor(&mut self, actor: &RowActor<'_>) -> Option<&Actor> {
        if !self.actors.contains_key(actor.code) {
            let found = actor_of_code(self.dictionary, actor);
            self.actors.insert(actor.code.to_string(), found);
        }
        self.actors.get(actor.code).and_then(Option::as_ref)
    }

    /// The actor of a side of a row whose code names no actor ([`ActorCache::actor`] gave
    /// none), placed by geography ([`actor_placed_in`]): by the actor's own place (`own`, a FIPS
    /// code), or by the action's (`action`) where its own is empty. `None` when neither finds one.
    pub fn placed_actor(
        &mut self,
        actor: &RowActor<'_>,
        own: &str,
        action: &str,
    ) -> Option<(&Actor, Placement)> {
        let (fips, placement) = if own.is_empty() {
            (action, Placement::ActionPlace)
        } else {
            (own, Placement::OwnPlace)
        };
        let iso = iso3_of_fips(fips)?;
        if !self.placed.contains_key(actor.code) {
            self.placed.insert(actor.code.to_string(), HashMap::new());
        }
        let by_country = self.placed.get_mut(actor.code).expect("inserted above");
        let found = by_country
            .entry(iso)
            .or_insert_with(|| actor_placed_in(self.dictionary, actor, fips));
        found.as_ref().map(|found| (found, placement))
    }

    /// The event of a row ([`Row::to_event`]), when both of its actors map to geokg actors.
    ///
    /// Source and target may be the same actor (GDELT codes `USA` acting on `USA`).
    pub fn event(&mut self, row: &Row<'_>) -> Option<Event> {
        let source = self.actor(&row.actor1)?.clone();
        let target = self.actor(&row.actor2)?.clone();
        Some(row.to_event(source, Some(target)))
    }

    /// Number of codes looked up so far.
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    /// Whether no code was looked up yet.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }
}

/// The state of the dictionary with this id.
fn state_of(dictionary: &Dictionary, id: &str) -> Option<Actor> {
    dictionary
        .entity(id)
        .filter(|entity| entity.actor.kind == ActorKind::State)
        .map(|entity| entity.actor_on(None, false))
}

/// The sector code of a GDELT type, as `mentions::sector` names sectors.
fn role_of(seg: &str) -> Option<&'static str> {
    Some(match seg {
        "GOV" => "GOV",
        "MIL" => "MIL",
        "COP" => "COP",
        "REB" | "INS" | "SEP" | "UAF" => "REB",
        "OPP" => "OPP",
        "LEG" => "LEG",
        "JUD" => "JUD",
        "SPY" => "SPY",
        "ELI" => "ELI",
        "CVL" => "CVL",
        "EDU" => "EDU",
        "MED" => "MED",
        "BUS" | "MNC" => "BUS",
        "REF" => "REF",
        "HRI" => "HRI",
        "LAB" => "LAB",
        _ => return None,
    })
}

/// An international code: see step 2 of [`actor_of_code`].
fn international(
    dictionary: &Dictionary,
    code: &str,
    root: &str,
    rest: &[&str],
    name: &str,
) -> Actor {
    for seg in rest.iter().rev() {
        let known = known_group_actor(seg).and_then(|id| dictionary.entity(id));
        let candidate = format!("{root}{seg}");
        let found = known
            .or_else(|| {
                dictionary
                    .entity(&candidate)
                    .filter(|entity| entity.actor.kind != ActorKind::Person)
            })
            .or_else(|| only(dictionary, |cameo| cameo == candidate));
        if let Some(entity) = found {
            return entity.actor_on(None, false);
        }
    }
    let longest = (6..=code.len())
        .rev()
        .find_map(|end| only(dictionary, |cameo| cameo == &code[..end]));
    if let Some(entity) = longest {
        return entity.actor_on(None, false);
    }
    let country = match root {
        "NGM" => "NGO",
        "INT" => "IGO",
        other => other,
    };
    Actor {
        id: ActorId::parse(code).expect("an ASCII code of letters is a valid id"),
        name: name_or(name, code),
        kind: if root == "IMG" {
            ActorKind::Group
        } else {
            ActorKind::Organization
        },
        cameo: code.to_string(),
        country: country.to_string(),
    }
}

/// The one organisation or group of the dictionary whose CAMEO code passes the test; none when
/// there is none or several (`IMGREB` is both al-Qaeda and the Islamic State).
fn only(dictionary: &Dictionary, test: impl Fn(&str) -> bool) -> Option<&Entity> {
    let mut found = dictionary.entities.iter().filter(|entity| {
        !matches!(entity.actor.kind, ActorKind::Person | ActorKind::State)
            && test(&entity.actor.cameo)
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// GDELT's capitalised name in title case, or the code when there is no name.
fn name_or(name: &str, code: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        return code.to_string();
    }
    let mut titled = String::with_capacity(name.len());
    for (at, word) in name.split_whitespace().enumerate() {
        if at > 0 {
            titled.push(' ');
        }
        let lower = word.to_lowercase();
        if at > 0 && SMALL_WORDS.contains(&lower.as_str()) {
            titled.push_str(&lower);
            continue;
        }
        let mut chars = lower.chars();
        if let Some(first) = chars.next() {
            titled.extend(first.to_uppercase());
            titled.push_str(chars.as_str());
        }
    }
    titled
}

const SMALL_WORDS: [&str; 10] = ["a", "an", "and", "at", "for", "in", "of", "on", "the", "to"];

#[cfg(test)]
mod tests {
    use super::*;

    fn map(code: &str) -> Option<Actor> {
        actor_of_code(Dictionary::bundled(), &RowActor::new(code, ""))
    }

    fn id(code: &str) -> Option<String> {
        map(code).map(|actor| actor.id.to_string())
    }

    /// Issue 15: a role with no country (`GOV`) takes the country of its place (`PAKGOV`).
    #[test]
    fn roles_without_a_country_are_placed_by_their_place_then_the_actions() {
        let dictionary = Dictionary::bundled();
        let placed = |code: &str, fips: &str| {
            actor_placed_in(dictionary, &RowActor::new(code, "CHRISTIAN"), fips)
                .map(|actor| actor.id.to_string())
        };
        assert_eq!(placed("GOV", "PK").as_deref(), Some("PAKGOV"));
        assert_eq!(placed("COPMED", "UP").as_deref(), Some("UKRCOP"));
        assert_eq!(placed("CRM", "US").as_deref(), Some("USACRM"));
        assert_eq!(placed("CHR", "US").as_deref(), Some("USACHR"));
        assert_eq!(placed("kur", "SY").as_deref(), Some("SYRKUR"));
        assert_eq!(
            placed("GOV", "JE").as_deref(),
            Some("JEYGOV"),
            "a territory the dictionary lacks is a new state"
        );
        for (code, fips) in [
            ("EUR", "FR"),
            ("IGO", "FR"),
            ("UIS", "FR"),
            ("PAKGOV", "US"),
        ] {
            assert_eq!(placed(code, fips), None, "{code}");
        }
        assert_eq!(placed("GOV", "OS"), None, "the oceans are no country");
        let christians =
            actor_placed_in(dictionary, &RowActor::new("CHR", "CHRISTIAN"), "US").unwrap();
        assert_eq!(christians.name, "United States Christian");
        assert_eq!(christians.country, "USA");

        let mut cache = ActorCache::new(dictionary);
        let gov = RowActor::new("GOV", "");
        let found = |cache: &mut ActorCache<'_>, own: &str, action: &str| {
            cache
                .placed_actor(&gov, own, action)
                .map(|(actor, placement)| (actor.id.to_string(), placement))
        };
        assert_eq!(
            found(&mut cache, "", "IN"),
            Some(("INDGOV".to_string(), Placement::ActionPlace))
        );
        assert_eq!(
            found(&mut cache, "PK", "IN"),
            Some(("PAKGOV".to_string(), Placement::OwnPlace))
        );
        assert_eq!(
            found(&mut cache, "OS", "IN"),
            None,
            "an own place that is no country does not fall back to the action's"
        );
    }

    #[test]
    fn states_and_sectors_have_the_ids_of_extraction() {
        let pakistan = map("PAK").unwrap();
        assert_eq!(
            (
                pakistan.id.as_str(),
                pakistan.kind,
                pakistan.country.as_str()
            ),
            ("PAK", ActorKind::State, "PAK")
        );
        let government = map("USAGOV").unwrap();
        assert_eq!(government.id.as_str(), "USAGOV");
        assert_eq!(government.name, "United States government");
        assert_eq!(government.kind, ActorKind::Organization);
        assert_eq!(
            Some(government),
            crate::extract::lookup_actor(
                crate::extract::Dictionary::bundled(),
                &ActorId::parse("USAGOV").unwrap()
            )
        );
        let army = map("PAKMIL").unwrap();
        assert_eq!(
            (army.id.as_str(), army.name.as_str()),
            ("PAKMIL", "Pakistan Army")
        );
        assert_eq!(id("USAGOVLEG").as_deref(), Some("USAGOV"));
        assert_eq!(id("JPNELIGOV").as_deref(), Some("JPNELI"));
        assert_eq!(id("AFGINS").as_deref(), Some("AFGREB"));
    }

    #[test]
    fn unknown_roles_fall_back_to_the_state() {
        assert_eq!(id("USAREL").as_deref(), Some("USA"));
        assert_eq!(id("KENHLH").as_deref(), Some("KEN"));
        assert_eq!(id("TWN").as_deref(), Some("TWN"));
    }

    #[test]
    fn international_codes_find_the_dictionary_organisation() {
        assert_eq!(id("IGOUNO").as_deref(), Some("IGOUNO"));
        assert_eq!(id("IGOEUREEC").as_deref(), Some("IGOEUR"));
        assert_eq!(map("IGOEUREEC").unwrap().name, "European Union");
        assert_eq!(id("IGOUNODEVWBK").as_deref(), Some("IGOWBK"));
        assert_eq!(id("IGOUNOGOV").as_deref(), Some("IGOUNO"));
        assert_eq!(id("IGOWSTNAT").as_deref(), Some("IGONAT"));
        assert_eq!(id("NGOHRIAMN").as_deref(), Some("NGOAMN"));
        assert_eq!(id("IMGMOSALQ").as_deref(), Some("al-qaeda"));
        // Not in the dictionary: an organisation named after GDELT's name.
        let oxfam =
            actor_of_code(Dictionary::bundled(), &RowActor::new("NGOXFM", "OXFAM")).unwrap();
        assert_eq!(
            (
                oxfam.id.as_str(),
                oxfam.name.as_str(),
                oxfam.kind,
                oxfam.country.as_str()
            ),
            ("NGOXFM", "Oxfam", ActorKind::Organization, "NGO")
        );
        // IMGREB is al-Qaeda and the Islamic State in the dictionary: neither.
        let militants = map("IMGREB").unwrap();
        assert_eq!(
            (militants.id.as_str(), militants.kind),
            ("IMGREB", ActorKind::Group)
        );
    }

    #[test]
    fn known_groups_with_a_country() {
        let taliban = RowActor {
            code: "AFGINSTAL",
            name: "TALIBAN",
            country_code: "AFG",
            known_group: "TAL",
            type1: "INS",
            ..RowActor::default()
        };
        let actor = actor_of_code(Dictionary::bundled(), &taliban).unwrap();
        assert_eq!(
            (actor.id.as_str(), actor.name.as_str()),
            ("taliban", "Taliban")
        );
        assert_eq!(id("PSEHMS").as_deref(), Some("hamas"));
        let likud = actor_of_code(
            Dictionary::bundled(),
            &RowActor::new("ISRLKD", "LIKUD PARTY"),
        )
        .unwrap();
        assert_eq!(
            (
                likud.id.as_str(),
                likud.name.as_str(),
                likud.country.as_str()
            ),
            ("ISRLKD", "Likud Party", "ISR")
        );
    }

    #[test]
    fn multinationals_are_their_country_s_business() {
        assert_eq!(id("MNCUSA").as_deref(), Some("USABUS"));
        assert_eq!(id("MNCUSAMED").as_deref(), Some("USABUS"));
        assert_eq!(map("MNCJPN").unwrap().name, "Japan business");
        assert_eq!(id("MNC"), None);
    }

    #[test]
    fn codes_without_a_country_give_no_actor() {
        for code in [
            "", "BUS", "CVL", "GOV", "GOVMIL", "EUR", "AFRBUS", "MOS", "CHRCTH", "kur", "kurGOV",
            "UIS", "JEWOPP", "X",
        ] {
            assert_eq!(map(code), None, "{code}");
        }
    }

    #[test]
    fn unknown_country_codes_use_the_country_column() {
        let serbia = RowActor {
            code: "QQQSRB",
            country_code: "SRB",
            ..RowActor::default()
        };
        assert_eq!(
            actor_of_code(Dictionary::bundled(), &serbia).map(|actor| actor.id.to_string()),
            Some("SRB".to_string())
        );
        let bermuda = RowActor {
            code: "BMU",
            name: "BERMUDA",
            country_code: "BMU",
            ..RowActor::default()
        };
        let actor = actor_of_code(Dictionary::bundled(), &bermuda).unwrap();
        assert_eq!(
            (actor.id.as_str(), actor.name.as_str(), actor.kind),
            ("BMU", "Bermuda", ActorKind::State)
        );
        let government = RowActor {
            code: "BMUGOV",
            country_code: "BMU",
            ..bermuda
        };
        let actor = actor_of_code(Dictionary::bundled(), &government).unwrap();
        assert_eq!(
            (actor.id.as_str(), actor.country.as_str()),
            ("BMUGOV", "BMU")
        );
        // A root that is not a country and a country column that does not agree.
        assert_eq!(map("QQQ"), None);
    }

    #[test]
    fn the_cache_gives_the_same_actors() {
        let mut cache = ActorCache::new(Dictionary::bundled());
        let usa = RowActor::new("USA", "UNITED STATES");
        assert_eq!(cache.actor(&usa).cloned(), map("USA"));
        assert_eq!(cache.actor(&RowActor::new("GOV", "")), None);
        assert_eq!(
            cache.actor(&usa).map(|actor| actor.id.as_str()),
            Some("USA")
        );
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn titles_keep_small_words_small() {
        assert_eq!(name_or("ROYAL BANK OF CANADA", "X"), "Royal Bank of Canada");
        assert_eq!(name_or("  ", "NGOXFM"), "NGOXFM");
    }
}
