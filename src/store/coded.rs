//! Events coded elsewhere (GDELT, ICEWS), kept row by row in `coded_events` beside the
//! extracted ones.
//!
//! Imports come in batches of many rows, each batch in one transaction with cached statements;
//! a batch that fails leaves nothing behind. Each row is keyed by its dataset and its number
//! there, so a re-import adds nothing; a row of geokg's own GDELT export whose event the store
//! holds adds nothing either. Places are columns (name, FIPS and ISO country, latitude,
//! longitude); the actors' columns are kept tab-separated, so that an export writes a GDELT row
//! back as it came.

use std::fmt::Write;

use std::collections::{HashMap, HashSet};

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use rusqlite::{OptionalExtension, Transaction};

use super::engine::{params, Cells, Conn, Param, Pg};
use super::{corrupt, Result, Store};
use crate::ingest::gdelt::{
    iso3_of_fips, DateAdded, Day, Geo, GeoBuf, Origin, Row, RowActor, Version,
};
use crate::model::{Actor, ActorId, CameoCode, Dataset, EventKind};

/// The indexes of `coded_events`, as migration 0010 leaves them: the target's leave out
/// one-actor events (a NULL target), which no query by target wants.
const CODED_INDEXES: &str = "CREATE INDEX IF NOT EXISTS coded_by_source
         ON coded_events (source_id, target_id, date) WHERE target_id IS NOT NULL;
     CREATE INDEX IF NOT EXISTS coded_by_source_date ON coded_events (source_id, date);
     CREATE INDEX IF NOT EXISTS coded_by_target_date
         ON coded_events (target_id, date) WHERE target_id IS NOT NULL;";

/// The names of the indexes of `coded_events`.
const CODED_INDEX_NAMES: [&str; 3] = [
    "coded_by_source",
    "coded_by_source_date",
    "coded_by_target_date",
];

/// What one batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    /// Rows stored.
    pub added: u64,
    /// Of those, events of one actor.
    pub one_actor: u64,
    /// Rows whose key (dataset and number) was already stored.
    pub duplicate: u64,
    /// Rows of a geokg export whose event the store already holds (extracted, or imported
    /// from another dataset).
    pub own: u64,
    /// Actors stored for the first time.
    pub new_actors: u64,
    /// Rows of a geokg export that give no event here (see [`Batch::probe`]) and whose event
    /// the store does not hold, by why they give none.
    pub unstorable: [u64; 3],
}

/// Why a row gives no event: no actor at all, an actor geokg cannot place, or the same actor
/// on both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unstorable {
    /// No actor on either side.
    NoActor = 0,
    /// An actor of no country.
    NoCountry = 1,
    /// The same actor on both sides.
    SameActor = 2,
}

impl Imported {
    /// Adds another batch's counts.
    pub fn merge(&mut self, other: &Imported) {
        self.added += other.added;
        self.one_actor += other.one_actor;
        self.duplicate += other.duplicate;
        self.own += other.own;
        self.new_actors += other.new_actors;
        for (mine, theirs) in self.unstorable.iter_mut().zip(other.unstorable) {
            *mine += theirs;
        }
    }
}

/// The number of a dataset in the keys of `coded_events` (see [`coded_key`]).
fn dataset_number(dataset: Dataset) -> i64 {
    match dataset {
        Dataset::Extracted | Dataset::Gdelt => 0,
        Dataset::Icews => 1,
    }
}

/// Bits of a dataset's number in a key of `coded_events`: the event's own number lies below.
pub const KEY_SHIFT: u32 = 48;

/// The key of an imported event in `coded_events`: its number in its dataset (GDELT's
/// GLOBALEVENTID, ICEWS's Event ID) plus the dataset's number times 2^48, so that the same
/// number in two datasets is two rows. `None` for a number of 2^48 or more.
pub fn coded_key(dataset: Dataset, number: u64) -> Option<i64> {
    (number < 1 << KEY_SHIFT).then(|| (dataset_number(dataset) << KEY_SHIFT) | number as i64)
}

/// The dataset and number of a key of `coded_events`.
fn split_key(key: i64) -> (Dataset, u64) {
    let dataset = if key >> KEY_SHIFT == 1 {
        Dataset::Icews
    } else {
        Dataset::Gdelt
    };
    (dataset, (key & ((1 << KEY_SHIFT) - 1)) as u64)
}

/// How an importer placed the actors of a row in their countries by geography: the bits of
/// the `placed` column of `coded_events`.
pub mod placed {
    /// The source actor by its own place (`Actor1Geo_CountryCode`).
    pub const SOURCE_BY_OWN_PLACE: u8 = 1;
    /// The source actor by the action's place, its own being empty.
    pub const SOURCE_BY_ACTION: u8 = 2;
    /// The target actor by its own place.
    pub const TARGET_BY_OWN_PLACE: u8 = 4;
    /// The target actor by the action's place.
    pub const TARGET_BY_ACTION: u8 = 8;
}

/// A place as it is stored: GDELT's eight columns plus the ISO country.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Place<'a> {
    /// GDELT's place type (0 none).
    pub kind: u8,
    /// Full name (`Hanoi, Thanh Pho Ha Noi, Vietnam`).
    pub name: &'a str,
    /// FIPS 10-4 country code as GDELT wrote it.
    pub fips: &'a str,
    /// ISO 3166-1 alpha-3 country, when known.
    pub country: &'a str,
    /// ADM1 code or province.
    pub adm1: &'a str,
    /// ADM2 code or district.
    pub adm2: &'a str,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub long: Option<f64>,
    /// Feature id.
    pub feature: &'a str,
}

impl<'a> Place<'a> {
    /// The place of a GDELT row, with the ISO country of its FIPS code.
    pub fn of_geo(geo: &Geo<'a>) -> Place<'a> {
        Place {
            kind: geo.kind,
            name: geo.full_name,
            fips: geo.country_code,
            country: iso3_of_fips(geo.country_code).unwrap_or(""),
            adm1: geo.adm1,
            adm2: geo.adm2,
            lat: geo.lat,
            long: geo.long,
            feature: geo.feature_id,
        }
    }
}

/// One imported event, ready to be packed: what every dataset gives.
#[derive(Debug, Clone, Copy)]
pub struct CodedEvent<'a> {
    /// Its key ([`coded_key`]).
    pub key: i64,
    /// The geokg actor who acted, or the one actor.
    pub source: &'a ActorId,
    /// The geokg actor acted upon; `None` in a one-actor event.
    pub target: Option<&'a ActorId>,
    /// The source as the dataset wrote it (`GOV`, `Police (India)`).
    pub source_code: &'a str,
    /// The target as the dataset wrote it; empty when none.
    pub target_code: &'a str,
    /// The source's columns as the dataset has them.
    pub source_columns: Columns<'a>,
    /// The target's columns.
    pub target_columns: Columns<'a>,
    /// Bits of [`placed`].
    pub placed: u8,
    /// CAMEO code.
    pub code: CameoCode,
    /// Event day.
    pub day: Day,
    /// Report day.
    pub report_day: Day,
    /// GDELT's `DATEADDED` as written (ICEWS: the event day as `YYYYMMDD`).
    pub added: u64,
    /// GDELT 1 or 2, ICEWS 0.
    pub version: u8,
    /// `IsRootEvent`.
    pub is_root: bool,
    /// QuadClass.
    pub quad_class: u8,
    /// Goldstein weight (ICEWS: Intensity).
    pub goldstein: f32,
    /// Mentions, sources and articles.
    pub counts: [u32; 3],
    /// Tone.
    pub tone: f32,
    /// The source's, the target's and the action's places.
    pub places: [Place<'a>; 3],
    /// The evidence URL.
    pub url: Option<&'a str>,
    /// ICEWS's Story ID and Sentence Number.
    pub story: Option<(i64, i64)>,
    /// ICEWS's Publisher.
    pub publisher: &'a str,
}

/// An actor's columns in a dataset, kept tab-separated in `source_actor` and `target_actor`.
#[derive(Debug, Clone, Copy)]
pub enum Columns<'a> {
    /// GDELT's ten `Actor1*` or `Actor2*` columns.
    Gdelt(RowActor<'a>),
    /// ICEWS's name, sectors and country.
    Icews([&'a str; 3]),
}

impl Columns<'_> {
    fn write(&self, out: &mut String) {
        match self {
            Columns::Gdelt(actor) => pack_actor(out, actor),
            Columns::Icews(fields) => {
                for (at, field) in fields.iter().enumerate() {
                    if at > 0 {
                        out.push('\t');
                    }
                    out.push_str(field);
                }
            }
        }
    }
}

/// Rows packed for the store, with the actors they name for the first time in the import.
///
/// Packing (formatting dates, copying texts) is most of the work of a row before SQLite sees
/// it, so an importer can pack on one thread while another stores. The texts of all rows share
/// one buffer.
#[derive(Debug, Default)]
pub struct Batch {
    actors: Vec<Actor>,
    /// Actors given since the last row: they go with the next row.
    pending: usize,
    rows: Vec<CodedRow>,
    text: String,
}

/// One packed row: its numbers, and where its texts lie in the text of its batch.
#[derive(Debug)]
struct CodedRow {
    line: usize,
    /// The actors to store before the row (given to [`Batch::add_actor`] with it).
    actors: std::ops::Range<usize>,
    id: i64,
    code: CameoCode,
    added: i64,
    version: u8,
    is_root: bool,
    quad_class: u8,
    goldstein: f32,
    counts: [u32; 3],
    tone: f32,
    placed: u8,
    has_target: bool,
    /// Type, latitude and longitude of each place; no type for an actor's place that is the
    /// action's, whose columns are all NULL.
    geo: [(Option<u8>, Option<f64>, Option<f64>); 3],
    story: Option<(i64, i64)>,
    /// Whether the row came from a geokg export ([`Origin`]): stored only when the store does
    /// not hold it already.
    origin: Option<Known>,
    /// A row that gives no event, only looked up by its origin ([`Batch::probe`]).
    probe: Option<Unstorable>,
    /// Text `i` (in the order of [`Text`]) is `text[bounds[i]..bounds[i + 1]]`.
    bounds: [usize; TEXTS + 1],
}

/// The text columns of a packed row, in the order they are packed: eight, then six for each
/// of the three places, then the URL and the publisher.
const FIXED_TEXTS: usize = 8;
const PLACE_TEXTS: usize = 6;
const URL_TEXT: usize = FIXED_TEXTS + 3 * PLACE_TEXTS;
const TEXTS: usize = URL_TEXT + 2;

impl Batch {
    /// Adds an actor to store with the next row pushed, the first time a row names it in an
    /// import (or each time, for rows of a geokg export, which may not be stored).
    pub fn add_actor(&mut self, actor: &Actor) {
        self.actors.push(actor.clone());
    }

    /// Packs the event of line `line` of a file; its actors were given to
    /// [`Batch::add_actor`] in this or an earlier batch of the import.
    pub fn push(&mut self, line: usize, event: &CodedEvent<'_>) {
        let text = &mut self.text;
        let mut bounds = [0; TEXTS + 1];
        bounds[0] = text.len();
        let mut next = 1;
        let mut put = |text: &mut String, value: &str| {
            text.push_str(value);
            bounds[next] = text.len();
            next += 1;
        };
        put(text, event.source.as_str());
        put(text, event.target.map_or("", ActorId::as_str));
        put(text, event.source_code);
        put(text, event.target_code);
        for day in [event.day, event.report_day] {
            write_day(text, day);
            put(text, "");
        }
        for columns in [&event.source_columns, &event.target_columns] {
            columns.write(text);
            put(text, "");
        }
        // An actor's place that is the action's (as it most often is) is stored as NULLs.
        let action = &event.places[2];
        let same = |at: usize| at < 2 && event.places[at] == *action && action.kind != 0;
        for (at, place) in event.places.iter().enumerate() {
            let place = if same(at) { &Place::default() } else { place };
            for value in [
                place.name,
                place.fips,
                place.country,
                place.adm1,
                place.adm2,
                place.feature,
            ] {
                put(text, value);
            }
        }
        put(text, event.url.unwrap_or_default());
        put(text, event.publisher);
        let actors = self.pending..self.actors.len();
        self.pending = self.actors.len();
        self.rows.push(CodedRow {
            line,
            actors,
            id: event.key,
            code: event.code,
            added: event.added as i64,
            version: event.version,
            is_root: event.is_root,
            quad_class: event.quad_class,
            goldstein: event.goldstein,
            counts: event.counts,
            tone: event.tone,
            placed: event.placed,
            has_target: event.target.is_some(),
            geo: std::array::from_fn(|at| {
                let place = &event.places[at];
                if same(at) {
                    (None, None, None)
                } else {
                    (Some(place.kind), place.lat, place.long)
                }
            }),
            story: event.story,
            origin: event.url.and_then(known),
            probe: None,
            bounds,
        });
    }

    /// Adds a row of a geokg export (its `SOURCEURL` names an [`Origin`]) that gives no event
    /// here: the store counts it as its own when it holds its event, else as `why`.
    pub fn probe(&mut self, line: usize, url: &str, why: Unstorable) {
        let at = self.text.len();
        self.rows.push(CodedRow {
            line,
            actors: self.pending..self.pending,
            id: 0,
            code: CameoCode::from_index(0).expect("the table has codes"),
            added: 0,
            version: 0,
            is_root: false,
            quad_class: 0,
            goldstein: 0.0,
            counts: [0; 3],
            tone: 0.0,
            placed: 0,
            has_target: false,
            geo: [(Some(0), None, None); 3],
            story: None,
            origin: known(url),
            probe: Some(why),
            bounds: [at; TEXTS + 1],
        });
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn text(&self, row: &CodedRow, at: usize) -> &str {
        &self.text[row.bounds[at]..row.bounds[at + 1]]
    }
}

/// Where the store would hold the event of a row of a geokg export.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Known {
    /// In `events`, by id.
    Extracted(String),
    /// In `coded_events`, by key.
    Coded(i64),
}

/// Where the store would hold the event of a row whose `SOURCEURL` names an [`Origin`].
fn known(url: &str) -> Option<Known> {
    match Origin::of_url(url)? {
        Origin::Extracted(id) => Some(Known::Extracted(id)),
        Origin::Icews(number) => coded_key(Dataset::Icews, number).map(Known::Coded),
    }
}

/// A row that could not be stored: its line, and why.
#[derive(Debug)]
pub struct Failed {
    /// The line of the row in its file.
    pub line: usize,
    /// What went wrong.
    pub error: super::Error,
}

/// Writes batches of rows in one transaction.
pub struct Writer<'t> {
    conn: &'t Conn,
    imported: Imported,
    /// SQLite: the actors found stored in this transaction.
    checked: HashSet<String>,
    /// SQLite: the rows added in this transaction by group of `event_counts` (source, target,
    /// dataset, code and date, joined by tabs): how many, and the first report date. Written
    /// when the transaction's rows are all in (see [`Writer::write_counts`]).
    counted: HashMap<String, (i64, String)>,
    /// A key being made.
    key: String,
}

impl Batch {
    /// The values of a packed row, in the order of the columns of `coded_events` (and of
    /// [`INSERT_CODED`]); on the stack, since every row of an import goes through here.
    fn values<'b>(&'b self, row: &'b CodedRow) -> [Param<'b>; CODED_COLUMNS] {
        let text = |at| self.text(row, at);
        let optional = |at| Param::from(Some(text(at)).filter(|value: &&str| !value.is_empty()));
        let mut values = [Param::Int(None); CODED_COLUMNS];
        let mut next = values.iter_mut();
        let mut put = |value: Param<'b>| {
            *next.next().expect("as many values as columns") = value;
        };
        put(row.id.into());
        put(optional(0));
        put(if row.has_target {
            optional(1)
        } else {
            Param::Text(None)
        });
        put(text(2).into());
        put(text(3).into());
        put(i64::from(row.placed).into());
        put(row.code.as_str().into());
        put(EventKind::of_code(&row.code).as_str().into());
        put(text(4).into());
        put(text(5).into());
        put(row.added.into());
        put(i64::from(row.version).into());
        put(row.is_root.into());
        put(i64::from(row.quad_class).into());
        put(f64::from(row.goldstein).into());
        for count in row.counts {
            put(i64::from(count).into());
        }
        put(f64::from(row.tone).into());
        put(text(6).into());
        put(text(7).into());
        for (place, (kind, lat, long)) in row.geo.iter().enumerate() {
            let at = FIXED_TEXTS + place * PLACE_TEXTS;
            put(kind.map(i64::from).into());
            for offset in 0..5 {
                put(optional(at + offset));
            }
            put((*lat).into());
            put((*long).into());
            put(optional(at + 5));
        }
        put(optional(URL_TEXT));
        put(row.story.map(|(story, _)| story).into());
        put(row.story.map(|(_, sentence)| sentence).into());
        put(optional(URL_TEXT + 1));
        values
    }
}

/// The number of columns of `coded_events`.
const CODED_COLUMNS: usize = 52;

impl Writer<'_> {
    /// Stores packed rows, each after the actors it names for the first time; a row whose key
    /// is already stored counts as a duplicate, and a row of a geokg export whose event the
    /// store holds (extracted, or imported from another dataset) as one of its own, and stores
    /// nothing, not even its actors.
    pub fn add(&mut self, rows: &Batch) -> std::result::Result<(), Failed> {
        match self.conn {
            Conn::Sqlite(sqlite) => self.add_each(sqlite, rows),
            Conn::Postgres(pg) => {
                let first_line = rows.rows.first().map_or(0, |row| row.line);
                self.add_copy(pg, rows).map_err(|error| Failed {
                    line: first_line,
                    error,
                })
            }
        }
    }

    /// SQLite: that the actor of this id is stored, as the foreign keys of `coded_events`
    /// want; asked once per actor and transaction (see [`Store::import_coded`]).
    fn check_actor(&mut self, id: &str) -> Result<()> {
        if self.checked.contains(id) {
            return Ok(());
        }
        let stored = self
            .conn
            .first("SELECT 1 FROM actors WHERE id = ?1", &params![id], |_| {
                Ok(())
            })?;
        if stored.is_none() {
            return Err(super::Error::Invalid {
                what: "coded event actor",
                problem: format!("`{id}` is not a stored actor"),
            });
        }
        self.checked.insert(id.to_string());
        Ok(())
    }

    /// SQLite: one prepared insert per row, its values bound one by one.
    fn add_each(
        &mut self,
        sqlite: &rusqlite::Connection,
        rows: &Batch,
    ) -> std::result::Result<(), Failed> {
        let conn = self.conn;
        let first_line = rows.rows.first().map_or(0, |row| row.line);
        let mut insert = sqlite
            .prepare_cached(INSERT_CODED)
            .map_err(|error| Failed {
                line: first_line,
                error: error.into(),
            })?;
        // Which parameters hold a NULL bound by this call (none at first).
        let mut null = [false; CODED_COLUMNS];
        for row in &rows.rows {
            let failed = |error| Failed {
                line: row.line,
                error,
            };
            let known = match &row.origin {
                None => false,
                Some(Known::Extracted(id)) => conn
                    .first("SELECT 1 FROM events WHERE id = ?1", &params![id], |_| {
                        Ok(())
                    })
                    .map_err(failed)?
                    .is_some(),
                Some(Known::Coded(key)) => conn
                    .first(
                        "SELECT 1 FROM coded_events WHERE id = ?1",
                        &params![*key],
                        |_| Ok(()),
                    )
                    .map_err(failed)?
                    .is_some(),
            };
            if known {
                self.imported.own += 1;
                continue;
            }
            if let Some(why) = row.probe {
                self.imported.unstorable[why as usize] += 1;
                continue;
            }
            for actor in &rows.actors[row.actors.clone()] {
                self.imported.new_actors += super::insert_actor_row(conn, actor).map_err(failed)?;
            }
            let (source, target) = (rows.text(row, 0), rows.text(row, 1));
            self.check_actor(source).map_err(failed)?;
            if row.has_target {
                self.check_actor(target).map_err(failed)?;
            }
            // A binding stays until it is replaced: a NULL bound for the previous row is not
            // bound again (most rows leave the same place columns NULL, row after row).
            for ((at, value), was_null) in rows.values(row).iter().enumerate().zip(&mut null) {
                let is_null = matches!(
                    value,
                    Param::Text(None) | Param::Int(None) | Param::Real(None)
                );
                if !(is_null && *was_null) {
                    insert
                        .raw_bind_parameter(at + 1, value)
                        .map_err(|error| failed(error.into()))?;
                }
                *was_null = is_null;
            }
            let n = insert.raw_execute().map_err(|error| failed(error.into()))?;
            if n == 1 {
                self.imported.added += 1;
                if !row.has_target {
                    self.imported.one_actor += 1;
                }
                let target = if row.has_target { target } else { "" };
                self.key.clear();
                for field in [
                    source,
                    target,
                    split_key(row.id).0.as_str(),
                    row.code.as_str(),
                    rows.text(row, 4),
                ] {
                    self.key.push_str(field);
                    self.key.push('\t');
                }
                let report = rows.text(row, 5);
                match self.counted.get_mut(self.key.as_str()) {
                    Some((n, first)) => {
                        *n += 1;
                        if report < first.as_str() {
                            *first = report.to_string();
                        }
                    }
                    None => {
                        self.counted
                            .insert(self.key.clone(), (1, report.to_string()));
                    }
                }
            } else {
                self.imported.duplicate += 1;
            }
        }
        Ok(())
    }

    /// SQLite: the groups of the rows this transaction added, into `event_counts`, one row
    /// each. (On PostgreSQL, each batch's statement writes them.)
    fn write_counts(&mut self) -> Result<()> {
        let Some(sqlite) = self.conn.sqlite() else {
            return Ok(());
        };
        let mut count = sqlite.prepare_cached(COUNT_CODED)?;
        for (key, (n, report)) in self.counted.drain() {
            let mut fields = key.split('\t');
            let mut field = || fields.next().unwrap_or_default();
            let (source, target, dataset, code, date) =
                (field(), field(), field(), field(), field());
            let kind = CameoCode::parse(code)
                .map(|code| EventKind::of_code(&code).as_str())
                .map_err(|source| super::corrupt("event code", source))?;
            for (at, value) in [source, target, dataset, code, kind, date]
                .iter()
                .enumerate()
            {
                count.raw_bind_parameter(at + 1, value)?;
            }
            count.raw_bind_parameter(7, n)?;
            count.raw_bind_parameter(8, report.as_str())?;
            count.raw_execute()?;
        }
        Ok(())
    }

    /// PostgreSQL: the batch's rows go into a staging table with one binary `COPY`, and from
    /// there into `coded_events`, each row whose key is not stored yet; its new actors go in
    /// first with one insert.
    fn add_copy(&mut self, pg: &Pg, rows: &Batch) -> Result<()> {
        let mut client = pg.client()?;
        let extracted: Vec<&str> = rows
            .rows
            .iter()
            .filter_map(|row| match &row.origin {
                Some(Known::Extracted(id)) => Some(id.as_str()),
                _ => None,
            })
            .collect();
        let coded: Vec<i64> = rows
            .rows
            .iter()
            .filter_map(|row| match &row.origin {
                Some(Known::Coded(key)) => Some(*key),
                _ => None,
            })
            .collect();
        let mut held_ids = HashSet::new();
        if !extracted.is_empty() {
            for row in client.query("SELECT id FROM events WHERE id = ANY($1)", &[&extracted])? {
                held_ids.insert(row.get::<_, String>(0));
            }
        }
        let mut held_keys = HashSet::new();
        if !coded.is_empty() {
            for row in client.query("SELECT id FROM coded_events WHERE id = ANY($1)", &[&coded])? {
                held_keys.insert(row.get::<_, i64>(0));
            }
        }
        let mut staged = Vec::new();
        let mut actors: [Vec<&str>; 5] = Default::default();
        let mut seen_actors = HashSet::new();
        for row in &rows.rows {
            let known = match &row.origin {
                None => false,
                Some(Known::Extracted(id)) => held_ids.contains(id),
                Some(Known::Coded(key)) => held_keys.contains(key),
            };
            if known {
                self.imported.own += 1;
                continue;
            }
            if let Some(why) = row.probe {
                self.imported.unstorable[why as usize] += 1;
                continue;
            }
            for actor in &rows.actors[row.actors.clone()] {
                if seen_actors.insert(actor.id.as_str()) {
                    let fields = [
                        actor.id.as_str(),
                        &actor.name,
                        actor.kind.as_str(),
                        &actor.cameo,
                        &actor.country,
                    ];
                    for (column, field) in actors.iter_mut().zip(fields) {
                        column.push(field);
                    }
                }
            }
            staged.push(row);
        }
        if !actors[0].is_empty() {
            self.imported.new_actors += client.execute(
                "INSERT INTO actors (id, name, kind, cameo, country)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
                 ON CONFLICT (id) DO NOTHING",
                &[&actors[0], &actors[1], &actors[2], &actors[3], &actors[4]],
            )?;
        }
        let Some(first) = staged.first() else {
            return Ok(());
        };
        client.batch_execute(
            "CREATE TEMP TABLE IF NOT EXISTS coded_stage (LIKE coded_events) ON COMMIT DELETE ROWS",
        )?;
        let types: Vec<Type> = rows
            .values(first)
            .iter()
            .map(|value| match value {
                Param::Text(_) => Type::TEXT,
                Param::Int(_) => Type::INT8,
                Param::Real(_) => Type::FLOAT8,
            })
            .collect();
        let sink = client.copy_in("COPY coded_stage FROM STDIN (FORMAT binary)")?;
        let mut copy = BinaryCopyInWriter::new(sink, &types);
        for row in &staged {
            let values = rows.values(row);
            let values: Vec<&(dyn postgres::types::ToSql + Sync)> = values
                .iter()
                .map(|value| value as &(dyn postgres::types::ToSql + Sync))
                .collect();
            copy.write(&values)?;
        }
        copy.finish()?;
        // The rows added go into their groups of `event_counts` in the same statement.
        let counts = client.query_one(
            &format!(
                "WITH added AS (
                     INSERT INTO coded_events SELECT * FROM coded_stage ON CONFLICT (id) DO NOTHING
                     RETURNING id, source_id, target_id, code, kind, date, report_date),
                 counted AS (
                     INSERT INTO event_counts (source_id, target_id, dataset, code, kind, date,
                         date_end, date_precision, background, n_events, report_date, participants)
                     SELECT source_id, coalesce(target_id, ''), {dataset}, code, kind, date, date,
                         'day', 0, count(*), min(report_date), 2
                     FROM added
                     GROUP BY source_id, coalesce(target_id, ''), {dataset}, code, kind, date)
                 SELECT count(*), count(*) FILTER (WHERE target_id IS NULL) FROM added",
                dataset = super::coded_dataset(),
            ),
            &[],
        )?;
        client.batch_execute("TRUNCATE coded_stage")?;
        let (added, alone) = (
            counts.get::<_, i64>(0) as u64,
            counts.get::<_, i64>(1) as u64,
        );
        self.imported.added += added;
        self.imported.one_actor += alone;
        self.imported.duplicate += staged.len() as u64 - added;
        Ok(())
    }
}

/// The row of `event_counts` for a group of imported rows (imported rows are dated to the day,
/// bilateral, and never background): the key, the number of rows and the first report date.
const COUNT_CODED: &str = "INSERT INTO event_counts (source_id, target_id, dataset, code, kind,
        date, date_end, date_precision, background, n_events, report_date, participants)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 'day', 0, ?7, ?8, 2)";

/// The insert of [`Writer::add`], its values in the order it binds them.
const INSERT_CODED: &str = "INSERT OR IGNORE INTO coded_events (id, source_id, target_id,
    source_code, target_code, placed, code, kind, date, report_date, added, version, is_root,
    quad_class, goldstein, mentions, sources, articles, tone, source_actor, target_actor,
    source_geo_type, source_geo_name, source_geo_fips, source_geo_country, source_geo_adm1,
    source_geo_adm2, source_geo_lat, source_geo_long, source_geo_feature,
    target_geo_type, target_geo_name, target_geo_fips, target_geo_country, target_geo_adm1,
    target_geo_adm2, target_geo_lat, target_geo_long, target_geo_feature,
    action_geo_type, action_geo_name, action_geo_fips, action_geo_country, action_geo_adm1,
    action_geo_adm2, action_geo_lat, action_geo_long, action_geo_feature,
    url, story_id, sentence_number, publisher)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
    ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37,
    ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45, ?46, ?47, ?48, ?49, ?50, ?51, ?52)";

/// One stored GDELT row, with the text its borrowed [`Row`] points into.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRow {
    global_id: u64,
    version: Version,
    day: Day,
    added: DateAdded,
    code: CameoCode,
    is_root: bool,
    quad_class: u8,
    goldstein: f32,
    mentions: u32,
    sources: u32,
    articles: u32,
    tone: f32,
    source_actor: String,
    target_actor: String,
    places: [GeoBuf; 3],
    url: Option<String>,
}

impl StoredRow {
    /// The row as the parser would give it, for `ingest::gdelt::write_v2`.
    pub fn row(&self) -> Row<'_> {
        Row {
            version: self.version,
            global_id: self.global_id,
            day: self.day,
            actor1: unpack_actor(&self.source_actor),
            actor2: unpack_actor(&self.target_actor),
            is_root: self.is_root,
            event_code: self.code,
            quad_class: self.quad_class,
            goldstein: self.goldstein,
            num_mentions: self.mentions,
            num_sources: self.sources,
            num_articles: self.articles,
            avg_tone: self.tone,
            actor1_geo: self.places[0].as_geo(),
            actor2_geo: self.places[1].as_geo(),
            action_geo: self.places[2].as_geo(),
            date_added: self.added,
            source_url: self.url.as_deref(),
        }
    }

    /// From the columns `SELECT`ed by [`Store::each_coded_row`].
    fn from_sql(row: &dyn Cells) -> Result<StoredRow> {
        let text =
            |at: usize| -> Result<String> { Ok(row.text(at)?.unwrap_or_default().to_string()) };
        let small = |at: usize| -> Result<u8> {
            let value = row.need_int(at)?;
            u8::try_from(value).map_err(|_| super::Error::Invalid {
                what: "coded event number",
                problem: format!("{value} is out of range"),
            })
        };
        let count = |at: usize| -> Result<u32> {
            let value = row.need_int(at)?;
            u32::try_from(value).map_err(|_| super::Error::Invalid {
                what: "coded event count",
                problem: format!("{value} is out of range"),
            })
        };
        let day = super::optional_date(row.text(1)?)?
            .map(|date| Day::from_date(&date))
            .ok_or_else(|| super::Error::Invalid {
                what: "coded event date",
                problem: "missing".to_string(),
            })?;
        let added = row.need_int(2)?;
        let place = |first: usize| -> Result<GeoBuf> {
            Ok(GeoBuf {
                kind: small(first)?,
                full_name: text(first + 1)?,
                country_code: text(first + 2)?,
                adm1: text(first + 3)?,
                adm2: text(first + 4)?,
                lat: row.real(first + 5)?,
                long: row.real(first + 6)?,
                feature_id: text(first + 7)?,
            })
        };
        Ok(StoredRow {
            global_id: split_key(row.need_int(0)?).1,
            day,
            added: DateAdded::from_raw(added as u64).ok_or_else(|| super::Error::Invalid {
                what: "coded event DATEADDED",
                problem: added.to_string(),
            })?,
            version: if row.need_int(3)? == 1 {
                Version::V1
            } else {
                Version::V2
            },
            code: CameoCode::parse(row.need_text(4)?)
                .map_err(|source| corrupt("event code", source))?,
            is_root: row.need_int(5)? != 0,
            quad_class: small(6)?,
            goldstein: row.need_real(7)? as f32,
            mentions: count(8)?,
            sources: count(9)?,
            articles: count(10)?,
            tone: row.need_real(11)? as f32,
            source_actor: text(12)?,
            target_actor: text(13)?,
            places: {
                // A place with no type is the action's.
                let action = place(30)?;
                let or_action = |first: usize| -> Result<GeoBuf> {
                    match row.int(first)? {
                        None => Ok(action.clone()),
                        Some(_) => place(first),
                    }
                };
                [or_action(14)?, or_action(22)?, action.clone()]
            },
            url: row.text(38)?.map(str::to_string),
        })
    }
}

impl Store {
    /// Writes one batch of imported rows in one transaction: `fill` adds the rows; when it or
    /// a write fails, nothing of the batch stays.
    pub fn import_coded<E: From<super::Error>>(
        &mut self,
        fill: impl FnOnce(&mut Writer<'_>) -> std::result::Result<(), E>,
    ) -> std::result::Result<Imported, E> {
        let conn = &self.conn;
        // SQLite would look up both actors of every row to check the foreign keys of
        // `coded_events`: about a quarter of its work for an insert. The writer checks each
        // actor once per transaction instead (`Writer::check_actor`), with SQLite's checks off
        // until the transaction ends (the setting cannot change inside one).
        let foreign_keys = |on: bool| -> Result<()> {
            if let Some(sqlite) = conn.sqlite() {
                sqlite.pragma_update(None, "foreign_keys", on)?;
            }
            Ok(())
        };
        foreign_keys(false)?;
        let written: std::result::Result<Imported, E> = conn.write(|| {
            let mut writer = Writer {
                conn,
                imported: Imported::default(),
                checked: HashSet::new(),
                counted: HashMap::new(),
                key: String::new(),
            };
            fill(&mut writer)?;
            writer.write_counts()?;
            let imported = writer.imported;
            conn.execute(
                "UPDATE store_counts SET n_actors = n_actors + ?1, n_coded = n_coded + ?2",
                &params![imported.new_actors as i64, imported.added as i64],
            )?;
            Ok(imported)
        });
        let restored = foreign_keys(true);
        let imported = written?;
        restored?;
        Ok(imported)
    }

    /// Starts an import. Into an empty table, the rows go in without their indexes, which are
    /// built once at the end by `finish_import`: sorting once is cheaper than placing every row
    /// in three indexes. A failed import leaves the table without indexes until the next
    /// `finish_import` or `start_import`, which rebuild them; queries are right meanwhile, only
    /// slower.
    ///
    /// Without indexes, a batch only adds pages at the end of the table. Copying them from the
    /// write-ahead log into the store is a fifth of the writer's work, so a store file gives a
    /// [`Checkpointer`] for another thread to do it while the writer goes on. With indexes, a
    /// batch touches pages all over them: they stay in memory (256 MB at most) instead of
    /// spilling half-written pages to the log, and the log is copied into the store once, by
    /// `finish_import`.
    ///
    /// On PostgreSQL, rows go in with their indexes, by `COPY` (see [`Writer::add`]).
    pub fn start_import(&mut self) -> Result<Option<Checkpointer>> {
        let Some(conn) = self.conn.sqlite() else {
            return Ok(None);
        };
        let empty: bool = conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM coded_events)",
            [],
            |row| row.get(0),
        )?;
        conn.pragma_update(None, "cache_size", -262_144)?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        if !empty {
            conn.execute_batch(CODED_INDEXES)?;
            return Ok(None);
        }
        for name in CODED_INDEX_NAMES {
            conn.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
        }
        let Some(super::Location::Sqlite(path)) = &self.location else {
            // In memory: one connection, and no log.
            return Ok(None);
        };
        let other = rusqlite::Connection::open(path)?;
        other.busy_timeout(super::BUSY_TIMEOUT)?;
        Ok(Some(Checkpointer { conn: other }))
    }

    /// Builds the indexes of `coded_events` when an import that dropped them was stopped before
    /// `finish_import` (killed, or a crash): every open does this, so no store stays without them.
    pub(super) fn repair_indexes(&mut self) -> Result<()> {
        let Some(conn) = self.conn.sqlite() else {
            return Ok(());
        };
        let present: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master
             WHERE type = 'index' AND tbl_name = 'coded_events' AND name IN (?1, ?2, ?3)",
            CODED_INDEX_NAMES,
            |row| row.get(0),
        )?;
        if present < CODED_INDEX_NAMES.len() as i64 {
            conn.execute_batch(CODED_INDEXES)?;
        }
        Ok(())
    }

    /// Ends an import: builds the indexes if `start_import` left them out, copies the
    /// write-ahead log into the store and goes back to checkpoints every few megabytes and
    /// SQLite's usual cache.
    ///
    /// On PostgreSQL, it has the planner's statistics of the tables brought up to date.
    pub fn finish_import(&mut self) -> Result<()> {
        let conn = match &self.conn {
            Conn::Sqlite(conn) => conn,
            Conn::Postgres(_) => return self.conn.batch("ANALYZE coded_events, actors"),
        };
        // The sorts that build indexes go in runs of 4 MB (as the cache size sets them) on two
        // threads, which is faster than one sort of everything in memory.
        conn.pragma_update(None, "threads", 2)?;
        conn.pragma_update(None, "cache_size", -4096)?;
        conn.execute_batch(CODED_INDEXES)?;
        conn.pragma_update(None, "threads", 0)?;
        conn.pragma_update(None, "cache_size", -2000)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .optional()?;
        conn.pragma_update(None, "wal_autocheckpoint", 1000)?;
        Ok(())
    }

    /// Every imported GDELT row, by GLOBALEVENTID, handed to `each` one at a time (for
    /// exports).
    pub fn each_coded_row(
        &self,
        mut each: impl FnMut(&StoredRow) -> std::io::Result<()>,
    ) -> Result<()> {
        let place = |prefix: &str| {
            [
                "type", "name", "fips", "adm1", "adm2", "lat", "long", "feature",
            ]
            .map(|column| format!("{prefix}_geo_{column}"))
            .join(", ")
        };
        let sql = format!(
            "SELECT id, date, added, version, code, is_root, quad_class, goldstein, mentions,
                    sources, articles, tone, source_actor, target_actor, {}, {}, {}, url
             FROM coded_events WHERE id < ?1 ORDER BY id",
            place("source"),
            place("target"),
            place("action")
        );
        self.conn.each(&sql, &params![1i64 << KEY_SHIFT], |row| {
            Ok(each(&StoredRow::from_sql(row)?)?)
        })
    }

    /// Number of imported rows.
    pub fn n_coded(&self) -> Result<u64> {
        Ok(self.stats_row()?.3)
    }
}

/// A second connection to a SQLite store, for another thread to copy what an import committed
/// from the write-ahead log into the store while the import goes on writing (see
/// [`Store::start_import`]).
pub struct Checkpointer {
    conn: rusqlite::Connection,
}

impl Checkpointer {
    /// Copies the committed pages of the log into the store: SQLite's passive checkpoint, which
    /// neither waits for the writer nor makes it wait, and which the store's `synchronous`
    /// setting makes as safe as the one a commit would run. The log starts again from its
    /// beginning at the next write transaction only when the whole of it was copied before that
    /// transaction began; until then it grows.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// `YYYY-MM-DD`.
fn write_day(out: &mut String, day: Day) {
    write!(out, "{day}").expect("writing to a string succeeds");
}

/// An actor's ten columns, tab-separated.
fn pack_actor(out: &mut String, actor: &RowActor<'_>) {
    for (at, field) in actor.fields().into_iter().enumerate() {
        if at > 0 {
            out.push('\t');
        }
        out.push_str(field);
    }
}

fn unpack_actor(packed: &str) -> RowActor<'_> {
    let mut f = [""; 10];
    for (slot, field) in f.iter_mut().zip(packed.split('\t')) {
        *slot = field;
    }
    RowActor::from_fields(&f)
}

/// The second half of migration 8: copies the rows of `coded_events_packed` (places packed
/// into tab-separated strings, an actor's place `=` when it was the action's) into the new
/// `coded_events`, fills `cameo_codes` from geokg's code table, and drops the old table.
pub(super) fn finish_migration_8(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut cameo = tx.prepare(INSERT_CAMEO)?;
    each_cameo_row(|values| cameo.execute(rusqlite::params_from_iter(values)).map(drop))?;
    let mut old = tx.prepare(
        "SELECT id, source_id, target_id, source_code, target_code, code, kind, date,
                report_date, added, version, is_root, quad_class, goldstein, mentions, sources,
                articles, tone, source_actor, target_actor, source_geo, target_geo, action_geo, url
         FROM coded_events_packed",
    )?;
    let mut insert = tx.prepare(INSERT_CODED)?;
    let mut rows = old.query([])?;
    while let Some(row) = rows.next()? {
        let text = |at: usize| -> rusqlite::Result<String> { row.get(at) };
        let (source_geo, target_geo, action_geo) = (text(20)?, text(21)?, text(22)?);
        let places = [
            unpack_packed(if source_geo == "=" {
                &action_geo
            } else {
                &source_geo
            }),
            unpack_packed(if target_geo == "=" {
                &action_geo
            } else {
                &target_geo
            }),
            unpack_packed(&action_geo),
        ];
        let mut values: Vec<Box<dyn rusqlite::ToSql>> = Vec::with_capacity(52);
        values.push(Box::new(row.get::<_, i64>(0)?));
        for at in 1..5 {
            values.push(Box::new(text(at)?));
        }
        values.push(Box::new(0));
        for at in 5..18 {
            values.push(Box::new(row.get::<_, rusqlite::types::Value>(at)?));
        }
        values.push(Box::new(text(18)?));
        values.push(Box::new(text(19)?));
        for place in &places {
            let geo = place.as_geo();
            let iso = iso3_of_fips(geo.country_code);
            let some = |value: &str| Some(value.to_string()).filter(|value| !value.is_empty());
            values.push(Box::new(geo.kind));
            values.push(Box::new(some(geo.full_name)));
            values.push(Box::new(some(geo.country_code)));
            values.push(Box::new(iso));
            values.push(Box::new(some(geo.adm1)));
            values.push(Box::new(some(geo.adm2)));
            values.push(Box::new(geo.lat));
            values.push(Box::new(geo.long));
            values.push(Box::new(some(geo.feature_id)));
        }
        values.push(Box::new(row.get::<_, Option<String>>(23)?));
        values.push(Box::new(None::<i64>));
        values.push(Box::new(None::<i64>));
        values.push(Box::new(None::<String>));
        insert.execute(rusqlite::params_from_iter(values.iter()))?;
    }
    tx.execute_batch("DROP TABLE coded_events_packed")
}

/// The insert of a row of `cameo_codes`, its values as [`each_cameo_row`] gives them.
pub(super) const INSERT_CAMEO: &str =
    "INSERT INTO cameo_codes (code, root, name, kind, quad_class, goldstein, plover)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/// Hands the values of each row of `cameo_codes` (geokg's code table) to `insert`.
pub(super) fn each_cameo_row<E>(
    mut insert: impl FnMut(&[Param<'_>]) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    for info in CameoCode::all() {
        let code = CameoCode::parse(info.code).expect("codes of the table parse");
        insert(&params![
            info.code,
            &info.code[..2],
            info.name,
            EventKind::of_code(&code).as_str(),
            i64::from(info.quad_class),
            info.goldstein,
            info.plover,
        ])?;
    }
    Ok(())
}

/// A place as migration 7 packed it: eight tab-separated columns, or nothing.
fn unpack_packed(packed: &str) -> GeoBuf {
    if packed.is_empty() {
        return GeoBuf::default();
    }
    let mut f = [""; 8];
    for (slot, field) in f.iter_mut().zip(packed.split('\t')) {
        *slot = field;
    }
    GeoBuf {
        kind: f[0].parse().unwrap_or(0),
        full_name: f[1].to_string(),
        country_code: f[2].to_string(),
        adm1: f[3].to_string(),
        adm2: f[4].to_string(),
        lat: f[5].parse().ok(),
        long: f[6].parse().ok(),
        feature_id: f[7].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActorKind;

    fn state(code: &str) -> Actor {
        Actor {
            id: ActorId::parse(code).unwrap(),
            name: code.to_string(),
            kind: ActorKind::State,
            cameo: code.to_string(),
            country: code.to_string(),
        }
    }

    /// An ICEWS-like event of `number` between two actors.
    fn event<'a>(number: u64, source: &'a ActorId, target: &'a ActorId) -> CodedEvent<'a> {
        let day = Day::new(2018, 3, 1).unwrap();
        CodedEvent {
            key: coded_key(Dataset::Icews, number).unwrap(),
            source,
            target: Some(target),
            source_code: source.as_str(),
            target_code: target.as_str(),
            source_columns: Columns::Icews([source.as_str(), "", ""]),
            target_columns: Columns::Icews([target.as_str(), "", ""]),
            placed: 0,
            code: CameoCode::parse("042").unwrap(),
            day,
            report_day: day,
            added: 20180301,
            version: 0,
            is_root: false,
            quad_class: 1,
            goldstein: 1.9,
            counts: [1, 1, 1],
            tone: 0.0,
            places: [Place::default(); 3],
            url: None,
            story: None,
            publisher: "",
        }
    }

    /// An import turns SQLite's foreign-key checks off for its transactions and checks each
    /// actor itself: a row whose actor was never stored still fails, with nothing of its batch
    /// kept, and the checks are back on afterwards.
    #[test]
    fn an_imported_row_of_an_actor_not_stored_fails_its_batch() {
        let mut store = Store::open_in_memory().unwrap();
        let (pak, ind, chn) = (state("PAK"), state("IND"), state("CHN"));
        let mut batch = Batch::default();
        batch.add_actor(&pak);
        batch.add_actor(&ind);
        batch.push(1, &event(1, &pak.id, &ind.id));
        // CHN is named but never given to `add_actor`.
        batch.push(2, &event(2, &pak.id, &chn.id));
        let failed = store
            .import_coded(|writer| writer.add(&batch).map_err(|failed| failed.error))
            .unwrap_err();
        assert!(
            failed.to_string().contains("`CHN` is not a stored actor"),
            "{failed}"
        );
        assert_eq!(store.n_coded().unwrap(), 0);
        let n_rows: i64 = store
            .conn
            .sqlite()
            .unwrap()
            .query_row("SELECT count(*) FROM coded_events", [], |row| row.get(0))
            .unwrap();
        assert_eq!(n_rows, 0, "the first row went with its batch");
        let foreign_keys: bool = store
            .conn
            .sqlite()
            .unwrap()
            .pragma_query_value(None, "foreign_keys", |row| row.get(0))
            .unwrap();
        assert!(foreign_keys);

        let mut batch = Batch::default();
        batch.add_actor(&pak);
        batch.add_actor(&ind);
        batch.push(1, &event(1, &pak.id, &ind.id));
        let imported = store
            .import_coded(|writer| writer.add(&batch).map_err(|failed| failed.error))
            .unwrap();
        assert_eq!((imported.added, imported.new_actors), (1, 2));
    }

    /// A page of one actor's events merges extracted and imported ones, newest first then by
    /// id, whichever table holds the newest: every page is the same slice of the whole list,
    /// when one table's events are all newer than the other's and when their days interleave.
    #[test]
    fn pages_of_an_actor_merge_extracted_and_imported_events() {
        use crate::store::tests::{document, event as report, pages_follow_one_order};
        use crate::store::EventQuery;
        let (pak, ind) = (state("PAK"), state("IND"));
        for extracted_days in [["2018-04-01", "2018-04-02"], ["2018-02-27", "2018-03-01"]] {
            let mut store = Store::open_in_memory().unwrap();
            let mut batch = Batch::default();
            batch.add_actor(&pak);
            batch.add_actor(&ind);
            for number in 0..9 {
                let (source, target) = if number % 3 == 0 {
                    (&ind.id, &pak.id)
                } else {
                    (&pak.id, &ind.id)
                };
                let mut row = event(number, source, target);
                row.day = Day::new(2018, 3, 1 + (number % 4) as u32).unwrap();
                batch.push(number as usize + 1, &row);
            }
            store
                .import_coded(|writer| writer.add(&batch).map_err(|failed| failed.error))
                .unwrap();
            for n in 0..6 {
                let doc = document(&format!("d{n}"), &format!("text number {n}"));
                let (from, to) = if n % 2 == 0 {
                    (&pak, &ind)
                } else {
                    (&ind, &pak)
                };
                let day = extracted_days[n % 2];
                store
                    .save_document(&doc, &[report(&doc, from, to, "042", day)])
                    .unwrap();
            }
            let query = EventQuery {
                actor: Some(pak.id.clone()),
                ..Default::default()
            };
            pages_follow_one_order(&store, &query, 15, &[1, 2, 4, 7]);
        }
    }

    /// The insert leaves a NULL bound for the previous row in place: rows whose own places
    /// alternate between the action's (stored as NULLs) and another keep each its own.
    #[test]
    fn rows_keep_their_own_places_whatever_the_row_before_had() {
        let mut store = Store::open_in_memory().unwrap();
        let (pak, ind) = (state("PAK"), state("IND"));
        let place = |name: &'static str| Place {
            kind: 4,
            name,
            country: "PAK",
            ..Place::default()
        };
        let action = place("Lahore");
        let mut batch = Batch::default();
        batch.add_actor(&pak);
        batch.add_actor(&ind);
        for (number, own) in [
            (1, "Lahore"),
            (2, "Karachi"),
            (3, "Lahore"),
            (4, "Lahore"),
            (5, "Quetta"),
        ] {
            let mut event = event(number, &pak.id, &ind.id);
            event.places = [place(own), action, action];
            batch.push(number as usize, &event);
        }
        store
            .import_coded(|writer| writer.add(&batch).map_err(|failed| failed.error))
            .unwrap();
        let conn = store.conn.sqlite().unwrap();
        let mut statement = conn
            .prepare("SELECT source_geo_name, target_geo_name FROM coded_events ORDER BY id")
            .unwrap();
        let stored: Vec<(Option<String>, Option<String>)> = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let name = |name: &str| Some(name.to_string());
        assert_eq!(
            stored,
            [
                (None, None),
                (name("Karachi"), None),
                (None, None),
                (None, None),
                (name("Quetta"), None)
            ]
        );
    }
}
