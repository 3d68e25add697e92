//! ICEWS actors to geokg actors: countries by name, known persons and organisations by name,
//! and sector actors ("Police (India)", "Foreign Affairs (Bangladesh)") to the sector of their
//! country by their ICEWS sectors, through the table `data/icews_sectors.tsv`.
//!
//! Pure: takes the dictionary and the three columns of a side of a row.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::ingest::icews::Side;
use crate::model::{Actor, ActorKind, Date};

use super::dict::Dictionary;
use super::mentions::sector;

/// The geokg actor of one side of an ICEWS row, or `None` when it names no actor geokg can
/// place in a country or an organisation it knows.
///
/// In order:
/// 1. a name that is the name of a state of the dictionary ("India", "Russian Federation") is
///    that state;
/// 2. a name of a person, organisation or group of the dictionary ("Shinzo Abe", "European
///    Union", "Hamas") is that actor, with the code of its role on the event's day;
/// 3. any other name with a country that is a state ("Police (India)", "Kim Yong-chol" of North
///    Korea, "Citizen (Japan)") is the sector of that state for the first of its sectors in
///    `icews_sectors.tsv` (`INDCOP`, `PRKGOV`, `JPNCVL`), else the state;
/// 4. anything else (an international body geokg does not know, a name with no country): `None`.
pub fn icews_actor(dictionary: &Dictionary, side: &Side<'_>, date: Option<&Date>) -> Option<Actor> {
    let name = side.name.trim();
    if name.is_empty() {
        return None;
    }
    if let Some(entity) = dictionary.entity_named(name) {
        return Some(match entity.actor.kind {
            ActorKind::State => entity.actor_on(None, false),
            _ => entity.actor_on(date, false),
        });
    }
    let state = state_named(dictionary, side.country)?;
    let role = side
        .sectors()
        .filter_map(|sector| sector_rank(sector))
        .min()
        .map(|(_, role)| role);
    Some(match role {
        Some(role) => sector(dictionary, &state, role),
        None => state,
    })
}

/// [`icews_actor`] with a cache keyed by the three columns, for importers.
pub struct IcewsActors<'d> {
    dictionary: &'d Dictionary,
    actors: HashMap<String, Option<Actor>>,
    key: String,
}

impl<'d> IcewsActors<'d> {
    /// An empty cache over a dictionary.
    pub fn new(dictionary: &'d Dictionary) -> IcewsActors<'d> {
        IcewsActors {
            dictionary,
            actors: HashMap::new(),
            key: String::new(),
        }
    }

    /// The actor of a side, as [`icews_actor`] gives it. A person's code is its role on the
    /// day it was first seen.
    pub fn actor(&mut self, side: &Side<'_>, date: Option<&Date>) -> Option<&Actor> {
        self.key.clear();
        for field in side.fields() {
            self.key.push_str(field);
            self.key.push('\t');
        }
        if !self.actors.contains_key(self.key.as_str()) {
            let found = icews_actor(self.dictionary, side, date);
            self.actors.insert(self.key.clone(), found);
        }
        self.actors.get(self.key.as_str()).and_then(Option::as_ref)
    }
}

/// The state of the dictionary a country name names ("Russian Federation" is `RUS`).
fn state_named(dictionary: &Dictionary, country: &str) -> Option<Actor> {
    let country = country.trim();
    if country.is_empty() {
        return None;
    }
    dictionary
        .entity_named(country)
        .or_else(|| {
            let (_, id) = COUNTRY_NAMES
                .iter()
                .find(|(other, _)| other.eq_ignore_ascii_case(country))?;
            dictionary.entity(id)
        })
        .filter(|entity| entity.actor.kind == ActorKind::State)
        .map(|entity| entity.actor_on(None, false))
}

/// ICEWS's names of countries that the dictionary spells another way.
const COUNTRY_NAMES: [(&str, &str); 8] = [
    ("Occupied Palestinian Territory", "PSE"),
    ("Moldova, Republic of", "MDA"),
    ("the former Yugoslav Republic of Macedonia", "MKD"),
    ("Democratic Republic of Congo", "COD"),
    ("Congo", "COG"),
    ("Cote d'Ivoire", "CIV"),
    ("Swaziland", "SWZ"),
    ("Holy See", "VAT"),
];

/// The line and role of an ICEWS sector in the table, for picking the first.
fn sector_rank(sector: &str) -> Option<(usize, &'static str)> {
    table().get(sector).copied()
}

fn table() -> &'static HashMap<&'static str, (usize, &'static str)> {
    static TABLE: OnceLock<HashMap<&'static str, (usize, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("data/icews_sectors.tsv")
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
            .filter_map(|(at, line)| {
                let (sector, role) = line.split_once('\t')?;
                Some((sector, (at, role)))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(name: &str, sectors: &str, country: &str) -> Option<String> {
        let side = Side {
            name,
            sectors,
            country,
        };
        let date = Date::parse("2018-06-01").ok();
        icews_actor(Dictionary::bundled(), &side, date.as_ref()).map(|actor| actor.id.to_string())
    }

    #[test]
    fn every_line_of_the_sector_table_is_a_sector_and_a_role() {
        let text = include_str!("data/icews_sectors.tsv");
        for (at, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 2, "line {}", at + 1);
            assert!(
                fields[1].len() == 3 && fields[1].bytes().all(|b| b.is_ascii_uppercase()),
                "line {}",
                at + 1
            );
        }
        assert_eq!(
            table().len(),
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .count(),
            "no sector twice"
        );
    }

    #[test]
    fn countries_persons_and_sectors_map_to_geokg_actors() {
        assert_eq!(id("India", "", "India").as_deref(), Some("IND"));
        assert_eq!(
            id("Russian Federation", "", "Russian Federation").as_deref(),
            Some("RUS")
        );
        assert_eq!(
            id("Police (India)", "Police,Government", "India").as_deref(),
            Some("INDCOP")
        );
        assert_eq!(
            id(
                "High Ranking Military Personnel (Vietnam)",
                "Military,Government",
                "Vietnam"
            )
            .as_deref(),
            Some("VNMMIL")
        );
        assert_eq!(
            id(
                "Citizen (India)",
                "General Population / Civilian / Social,Social",
                "India"
            )
            .as_deref(),
            Some("INDCVL")
        );
        assert_eq!(
            id("Unknown Official", "Hindu", "India").as_deref(),
            Some("IND"),
            "no sector of a state: the state"
        );
        assert_eq!(
            id(
                "Somebody (Occupied Palestinian Territory)",
                "Government",
                "Occupied Palestinian Territory"
            )
            .as_deref(),
            Some("PSEGOV")
        );
        assert_eq!(
            id("Narendra Modi", "Executive", "India").as_deref(),
            Some("narendra-modi")
        );
        assert_eq!(
            id("Nobody In Particular", "Government", "").as_deref(),
            None
        );
        assert_eq!(id("", "", "India"), None);
    }
}
