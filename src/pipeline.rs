//! Adding a document: extraction with the user's dictionary, then one write to the store.
//!
//! The one `add_document` that the command line, the server, tests and benchmarks use. It sits
//! above `store` and `extract`, which do not know each other: the store saves what it is given,
//! and extraction never sees the store. Extraction runs outside any transaction or lock, so a
//! long document holds up no reader and no other writer; the server runs [`prepare`] on its
//! blocking pool and [`save`] on its writer connection.
//!
//! Lookups of actors by id ([`lookup_actor`], [`roles_of`]) are here too, since they need the
//! user's dictionary (`--dict`) as extraction does.

use crate::extract::{extract_with, Dictionary};
pub use crate::extract::{lookup_actor, roles_of};
use crate::model::{Actor, Document, Event};
use crate::store::{self, Saved, Store};

/// A document's events as the store takes them, and its actors in the dictionary's form.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Events between actors of known countries.
    pub events: Vec<Event>,
    /// Each actor of the events once, as the dictionary knows it (with the code of its latest
    /// role), else as its first event names it.
    pub actors: Vec<Actor>,
}

/// Extracts the events of a document for the store: events with an actor of no known country
/// are left out, and each actor is named as the dictionary names it. Pure: no store, no lock.
pub fn prepare(dictionary: &Dictionary, document: &Document) -> Prepared {
    let mut events = extract_with(dictionary, document).events;
    // An actor with no country named ("---REB", "the rebels") is no node of the graph: it would
    // join unrelated events into one hub. `extract` and `eval` still show such events.
    events.retain(|event| {
        !event.source.country.starts_with("---")
            && event
                .target
                .as_ref()
                .is_none_or(|target| !target.country.starts_with("---"))
    });
    let mut actors: Vec<Actor> = Vec::new();
    for actor in events
        .iter()
        .flat_map(|event| std::iter::once(&event.source).chain(&event.target))
    {
        if actors.iter().any(|known| known.id == actor.id) {
            continue;
        }
        // The actor row keeps the code of the actor's latest role; each event keeps the code of its day.
        actors.push(lookup_actor(dictionary, &actor.id).unwrap_or_else(|| actor.clone()));
    }
    Prepared { events, actors }
}

/// Saves a prepared document in one transaction. Returns what was saved and the events
/// (empty for a duplicate).
pub fn save(
    store: &mut Store,
    document: &Document,
    prepared: Prepared,
) -> store::Result<(Saved, Vec<Event>)> {
    let saved = store.save_document_with_actors(document, &prepared.actors, &prepared.events)?;
    Ok(match saved {
        Saved::Added { .. } => (saved, prepared.events),
        Saved::Duplicate => (saved, Vec::new()),
    })
}

/// Extracts the events of a document with `dictionary` and saves both; a document seen before
/// adds nothing and is not extracted. Events with an actor of no known country are left out.
///
/// Returns what was saved and the events (empty for a duplicate).
pub fn add_document(
    store: &mut Store,
    dictionary: &Dictionary,
    document: &Document,
) -> store::Result<(Saved, Vec<Event>)> {
    if store.contains_document(document)? {
        return Ok((Saved::Duplicate, Vec::new()));
    }
    let prepared = prepare(dictionary, document);
    save(store, document, prepared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActorId;

    fn id(raw: &str) -> ActorId {
        ActorId::parse(raw).unwrap()
    }

    #[test]
    fn events_with_an_actor_of_no_known_country_stay_out_of_the_store() {
        let mut store = Store::open_in_memory().unwrap();
        // No state is named twice, so nothing sets the rebels in one.
        let doc = Document {
            id: "a".into(),
            ..Document::from_text("Rebels attacked Pakistan. India and China clashed.")
        };
        let (saved, events) = add_document(&mut store, Dictionary::bundled(), &doc).unwrap();
        assert_eq!(saved, Saved::Added { n_events: 2 });
        assert!(events
            .iter()
            .all(|event| !event.source.id.as_str().starts_with("---")));
        assert_eq!(store.stats().unwrap().n_actors, 2);
        assert_eq!(
            add_document(&mut store, Dictionary::bundled(), &doc).unwrap(),
            (Saved::Duplicate, Vec::new())
        );
    }

    /// Issue 14: `lookup_actor` read the bundled dictionary only, so an actor of the user's
    /// `--dict` was stored with the code its first event gave, not its own.
    #[test]
    fn lookups_read_the_users_dictionary() {
        let user = Dictionary::with_files(&[(
            "mine.tsv".to_string(),
            "# geokg dictionary: actors\nzorblax-institute\torganization\tPAKEDU\tPAK\tZorblax Institute\tZorblax Institute\n"
                .to_string(),
        )]);
        let Ok(user) = user else {
            panic!("the test dictionary reads: {:?}", user.err());
        };
        let found = lookup_actor(&user, &id("zorblax-institute")).expect("the user's actor");
        assert_eq!(found.cameo, "PAKEDU");
        assert_eq!(
            lookup_actor(Dictionary::bundled(), &id("zorblax-institute")),
            None
        );
    }
}
