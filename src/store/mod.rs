//! The store: documents, actors and events, on SQLite (a file, the default) or PostgreSQL.
//!
//! This is the only module that speaks SQL. Its queries are written once, in the SQL both
//! engines speak, and run through [`engine::Conn`]; what only one engine does (migrations,
//! pragmas, bulk loads) is written per engine. The schema lives in `migrations/sqlite/` and
//! `migrations/postgres/`, applied in order when a store is opened. Each document and the events
//! it is given are written in one transaction; a document seen before (same id or same text) adds
//! nothing. The store extracts nothing: what to save is decided above it (`pipeline`).
//!
//! Several connections and processes share one store: on SQLite the write-ahead log lets
//! readers go on while one writer writes, on PostgreSQL its snapshots do; write transactions
//! take turns (see [`engine::Conn::write`]), so that a writer waits for another instead of
//! failing. `changes` tells a long-lived reader (the server) what other connections committed
//! since it last looked.

mod coded;
pub(crate) mod engine;
mod postgres;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use petgraph::stable_graph::NodeIndex;

use rusqlite::{Connection, TransactionBehavior};

use crate::graph::{ActorGraph, DateField, EventRecord, Filter, Level, NO_DAY};
use crate::model::{
    self, content_id, Actor, ActorId, ActorKind, CameoCode, Dataset, Date, Document, Event,
    EventKind, Evidence, Precision, Span,
};
pub use engine::Location;
use engine::{params, Cells, Conn, Param};

/// The migrations, in order; a released one is never edited or removed.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_create_documents_actors_events.sql"),
    include_str!("../../migrations/sqlite/0002_add_event_spans.sql"),
    include_str!("../../migrations/sqlite/0003_create_actor_aliases.sql"),
    include_str!("../../migrations/sqlite/0004_create_coded_events.sql"),
    include_str!("../../migrations/sqlite/0005_add_event_participants.sql"),
    include_str!("../../migrations/sqlite/0006_create_store_counts.sql"),
    include_str!("../../migrations/sqlite/0007_create_actor_date_indexes.sql"),
    include_str!("../../migrations/sqlite/0008_create_coded_places_and_views.sql"),
    include_str!("../../migrations/sqlite/0009_add_event_time_and_stories.sql"),
    include_str!("../../migrations/sqlite/0010_narrow_coded_indexes.sql"),
    include_str!("../../migrations/sqlite/0011_create_event_counts.sql"),
];

/// How long a connection waits for another to finish writing before it gives up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub use coded::{
    coded_key, placed, Batch, Checkpointer, CodedEvent, Columns, Imported, Place, StoredRow,
    Unstorable, KEY_SHIFT,
};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No actor has this id.
    #[error("actor `{0}` not found")]
    ActorNotFound(ActorId),
    /// A migration failed; the store is left at the previous version.
    #[error("migration {version} failed")]
    Migration {
        /// The schema version the migration would have reached.
        version: usize,
        /// What the database said.
        #[source]
        source: Box<Error>,
    },
    /// The store was written by a newer geokg.
    #[error("store schema version {found} is newer than this geokg knows ({known})")]
    TooNew {
        /// Version in the file.
        found: usize,
        /// Latest version this build knows.
        known: usize,
    },
    /// A stored value that does not validate (hand-edited or corrupt store).
    #[error("stored {what} is invalid")]
    Corrupt {
        /// Which value.
        what: &'static str,
        /// Why it is invalid.
        #[source]
        source: model::Error,
    },
    /// A stored or imported value out of range.
    #[error("{what}: {problem}")]
    Invalid {
        /// Which value.
        what: &'static str,
        /// What is wrong with it.
        problem: String,
    },
    /// An imported row failed to be read.
    #[error("reading: {0}")]
    Io(#[from] std::io::Error),
    /// Any other SQLite error.
    #[error("database error")]
    Sqlite(#[from] rusqlite::Error),
    /// Any other PostgreSQL error.
    #[error("database error: {0}")]
    Postgres(#[from] ::postgres::Error),
}

impl Error {
    /// Whether another writer held the store for longer than the busy timeout (a long import
    /// on a loaded machine): nothing was written, and the same write may succeed later.
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            Error::Sqlite(rusqlite::Error::SqliteFailure(failure, _))
                if matches!(
                    failure.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                )
        )
    }
}

/// Result with the store's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What saving a document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// The document and its events were added.
    Added {
        /// Events written.
        n_events: usize,
    },
    /// A document with the same id or the same text was already stored; nothing was written.
    Duplicate,
}

/// The largest offset of a page of events: the largest SQLite takes. Callers check offsets
/// against it and say so; a larger one is read as this one (an empty page).
pub const MAX_OFFSET: usize = i64::MAX as usize;

/// Filters for listing events.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Only events with this actor as source or target.
    pub actor: Option<ActorId>,
    /// With `actor`: only events between `actor` and this one, in either direction.
    pub other: Option<ActorId>,
    /// The level `actor` and `other` are given at: sector and country ids match every actor folded into them.
    pub level: Level,
    /// Date window and kinds.
    pub filter: Filter,
    /// Only events of this document.
    pub document: Option<String>,
    /// At most this many events (newest first).
    pub limit: usize,
    /// Skip this many events first.
    pub offset: usize,
    /// Only events extracted from text, not imported ones.
    pub extracted_only: bool,
    /// Only events of one actor (no target).
    pub alone: bool,
}

impl EventQuery {
    /// The dataset the query keeps: `Extracted` when `extracted_only`, else the filter's.
    fn dataset(&self) -> Option<Dataset> {
        if self.extracted_only {
            Some(Dataset::Extracted)
        } else {
            self.filter.dataset
        }
    }
}

/// Counts of what the store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Documents stored.
    pub n_documents: u64,
    /// Actors stored.
    pub n_actors: u64,
    /// Events stored.
    pub n_events: u64,
}

/// Filters for listing real events with their reports (`Store::stories`).
#[derive(Debug, Clone, Default)]
pub struct StoryQuery {
    /// Only stories with this actor as source or target (an entity id).
    pub actor: Option<ActorId>,
    /// With `actor`: only stories between the two, in either direction.
    pub other: Option<ActorId>,
    /// Kinds, background (`news_only`), and a window on the story's event date or its first
    /// report (`on`).
    pub filter: Filter,
    /// Only stories told by at least this many documents.
    pub min_reports: u64,
    /// At most this many stories (newest first).
    pub limit: usize,
    /// Skip this many stories first.
    pub offset: usize,
}

/// One real event as the store keeps it: every report of the same actors and kind on
/// overlapping dates shares its id (the first report's event id).
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// The id of its first stored report's event.
    pub id: String,
    /// Who acted.
    pub source: ActorId,
    /// On whom.
    pub target: ActorId,
    /// How precisely `date` is known: the sharpest of its reports.
    pub precision: Precision,
    /// Its kind (the family of its codes).
    pub kind: EventKind,
    /// The lowest code its reports give.
    pub code: CameoCode,
    /// The latest first day among its reports: the most precise start.
    pub date: Date,
    /// The earliest last day among its reports.
    pub date_end: Option<Date>,
    /// Documents that tell it.
    pub n_reports: u64,
    /// Sentences that tell it (a document may tell it twice).
    pub n_sentences: u64,
    /// The day of its first report.
    pub first_report: Option<Date>,
    /// The day of its last report.
    pub last_report: Option<Date>,
    /// Every report mentions it only as background.
    pub background: bool,
}

/// Where an event was reported: its document's title and URL, when known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentRef {
    /// Headline.
    pub title: Option<String>,
    /// Address of the article.
    pub url: Option<String>,
}

/// An open store: one connection to a SQLite file, a SQLite store in memory, or a PostgreSQL
/// database.
#[derive(Debug)]
pub struct Store {
    conn: Conn,
    /// Where it is, for opening more connections to it; `None` in memory.
    location: Option<Location>,
}

/// How far a reader has read the store: the last row of each table it has seen. Rows are
/// only ever added, and a new row of `actors` or `events` gets a larger rowid than every row
/// before it; imported rows are numbered by GLOBALEVENTID, which an import of older rows can
/// break, so the number of imported rows seen is kept too.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Watermark {
    actors: i64,
    events: i64,
    coded: i64,
    n_coded: u64,
}

/// What other connections committed since a [`Watermark`]: new actors, their names in the text,
/// and new events as the graph keeps them.
#[derive(Debug, Default)]
pub struct Changes {
    /// Actors stored since the watermark.
    pub actors: Vec<Actor>,
    /// Other names of the actors of the new events, as stored.
    pub aliases: Vec<(ActorId, String)>,
    /// New events: source, target and record.
    pub records: Vec<(ActorId, ActorId, EventRecord)>,
    /// New events of one actor: the actor and the record.
    pub solo_records: Vec<(ActorId, EventRecord)>,
    /// Imported rows were added below the watermark (an import of older rows): the graph has to
    /// be loaded again, and `records` is empty.
    pub reload: bool,
    /// The counts of the store as of these changes.
    pub stats: Stats,
    /// The watermark after these changes.
    pub watermark: Watermark,
}

impl Changes {
    /// Whether there is nothing new.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
            && self.records.is_empty()
            && self.solo_records.is_empty()
            && !self.reload
    }

    /// Adds the changes to a graph loaded at the watermark they were read from. Returns the
    /// number of new events.
    pub fn apply(self, graph: &mut ActorGraph) -> u64 {
        for actor in self.actors {
            graph.upsert_actor(actor);
        }
        for (id, alias) in &self.aliases {
            graph.add_alias(id, alias);
        }
        let n_solo = self
            .solo_records
            .into_iter()
            .filter(|(id, record)| graph.add_solo_record(id, *record))
            .count() as u64;
        graph.add_records(self.records) + n_solo
    }
}

/// Prepared statements a reader connection keeps.
const READER_STATEMENTS: usize = 128;

impl Store {
    /// Opens (or creates) the store `db` names (see [`Location::of`]: a SQLite file, or a
    /// `postgres://` URL) and brings its schema up to date.
    pub fn open(db: &Path) -> Result<Store> {
        Store::open_at(Location::of(db))
    }

    /// Opens (or creates) the store at a location and brings its schema up to date.
    pub fn open_at(location: Location) -> Result<Store> {
        match location {
            Location::Sqlite(path) => {
                let conn = Connection::open(&path)?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                conn.pragma_update(None, "journal_mode", "WAL")?;
                conn.pragma_update(None, "synchronous", "NORMAL")?;
                Store::init(conn, Some(Location::Sqlite(path)))
            }
            Location::Postgres(url) => postgres::open(url),
        }
    }

    /// Opens a store in memory, with the real migrations (for tests and `extract`).
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, None)
    }

    /// Which engine the store is on: `sqlite` or `postgres`.
    pub fn engine(&self) -> &'static str {
        match self.conn {
            Conn::Sqlite(_) => "sqlite",
            Conn::Postgres(_) => "postgres",
        }
    }

    /// Another connection to the same store, for reading only (it refuses writes); `None` for
    /// a store in memory, which has one connection. Readers never wait for the writer.
    pub fn reader(&self) -> Result<Option<Store>> {
        let Some(location) = &self.location else {
            return Ok(None);
        };
        let path = match location {
            Location::Sqlite(path) => path,
            Location::Postgres(url) => return postgres::reader(url).map(Some),
        };
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "query_only", true)?;
        // A commit elsewhere empties a connection's page cache; pages mapped from the file are
        // read again without a copy.
        conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
        // A page of events runs up to eight statements, each kept prepared; a server's readers
        // answer every kind of question, so they keep more than rusqlite's sixteen.
        conn.set_prepared_statement_cache_capacity(READER_STATEMENTS);
        Ok(Some(Store {
            conn: Conn::Sqlite(conn),
            location: Some(location.clone()),
        }))
    }

    fn init(conn: Connection, location: Option<Location>) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let mut store = Store {
            conn: Conn::Sqlite(conn),
            location,
        };
        store.migrate()?;
        store.repair_indexes()?;
        Ok(store)
    }

    /// The SQLite connection (tests reach under the store with it).
    #[cfg(test)]
    fn sqlite(&self) -> &Connection {
        self.conn.sqlite().expect("a SQLite store")
    }

    /// Applies the migrations the store has not seen yet, each in its own transaction. Two
    /// processes opening a new store at once apply each migration once: the version is read
    /// again inside the write transaction.
    pub fn migrate(&mut self) -> Result<()> {
        match self.conn {
            Conn::Sqlite(ref mut conn) => migrate_sqlite(conn),
            Conn::Postgres(_) => postgres::migrate(&self.conn),
        }
    }

    /// The schema version of the store.
    pub fn schema_version(&self) -> Result<usize> {
        match &self.conn {
            Conn::Sqlite(conn) => sqlite_version(conn),
            Conn::Postgres(_) => postgres::schema_version(&self.conn),
        }
    }

    /// Saves a document with its events in one transaction; a document seen before adds nothing.
    /// Each actor is stored as the events give it.
    pub fn save_document(&mut self, document: &Document, events: &[Event]) -> Result<Saved> {
        self.save_document_with_actors(document, &[], events)
    }

    /// Saves a document with its events in one transaction; a document seen before adds nothing.
    ///
    /// An actor not stored yet is stored as `actors` gives it (the caller's dictionary form,
    /// with the code of its latest role), else as its first event gives it (with the code of
    /// that event's day). Each event keeps the codes of its day.
    pub fn save_document_with_actors(
        &mut self,
        document: &Document,
        actors: &[Actor],
        events: &[Event],
    ) -> Result<Saved> {
        let conn = &self.conn;
        conn.write(|| {
            let content = content_id(&document.text);
            let seen = conn.first(
                "SELECT 1 FROM documents WHERE id = ?1 OR content_id = ?2",
                &params![&document.id, content.as_str()],
                |_| Ok(()),
            )?;
            if seen.is_some() {
                return Ok(Saved::Duplicate);
            }
            conn.execute(
                "INSERT INTO documents (id, content_id, title, date, source, url, text, n_events)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                &params![
                    &document.id,
                    content.as_str(),
                    document.title.as_deref(),
                    document.date.as_ref().map(Date::as_str),
                    document.source.as_deref(),
                    document.url.as_deref(),
                    &document.text,
                    events.len() as i64,
                ],
            )?;
            let (mut n_actors, mut n_events) = (0, 0);
            let given = actors.iter().chain(
                events
                    .iter()
                    .flat_map(|event| std::iter::once(&event.source).chain(&event.target)),
            );
            for actor in given {
                n_actors += insert_actor_row(conn, actor)?;
            }
            for event in events {
                let story = story_of(conn, event)?;
                let date_end = event
                    .date
                    .as_ref()
                    .map(|date| Date::from_days(event.time.period(date.days()).1.max(date.days())));
                let participants = participants_text(&event.participants);
                let added = conn.execute(
                    "INSERT INTO events (id, document_id, source_id, target_id, source_cameo,
                         target_cameo, code, kind, date, report_date, sentence, span_start,
                         span_end, rule, source_start, source_end, target_start, target_end,
                         trigger_start, trigger_end, participants, date_precision, date_end,
                         background, story_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                         ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)
                     ON CONFLICT DO NOTHING",
                    &params![
                        &event.id,
                        &document.id,
                        event.source.id.as_str(),
                        event.target.as_ref().map(|target| target.id.as_str()),
                        &event.source.cameo,
                        event.target.as_ref().map(|target| target.cameo.as_str()),
                        event.code.as_str(),
                        event.kind.as_str(),
                        event.date.as_ref().map(Date::as_str),
                        event.report_date.as_ref().map(Date::as_str),
                        &event.evidence.sentence,
                        event.evidence.start as i64,
                        event.evidence.end as i64,
                        &event.rule,
                        span_start(event.evidence.source),
                        span_end(event.evidence.source),
                        span_start(event.evidence.target),
                        span_end(event.evidence.target),
                        span_start(event.evidence.trigger),
                        span_end(event.evidence.trigger),
                        participants.as_deref(),
                        event.time.precision.as_str(),
                        date_end.as_ref().map(Date::as_str),
                        event.time.background,
                        story.as_deref().unwrap_or(&event.id),
                    ],
                )?;
                n_events += added;
                if added == 1 {
                    conn.execute(
                        COUNT_EVENTS,
                        &params![
                            event.source.id.as_str(),
                            event
                                .target
                                .as_ref()
                                .map_or("", |target| target.id.as_str()),
                            Dataset::Extracted.as_str(),
                            event.code.as_str(),
                            event.kind.as_str(),
                            event.date.as_ref().map_or("", Date::as_str),
                            date_end.as_ref().map_or("", Date::as_str),
                            event.time.precision.as_str(),
                            i64::from(event.time.background),
                            1i64,
                            event.report_date.as_ref().map(Date::as_str),
                            i64::from(event.n_participants().min(255)),
                        ],
                    )?;
                }
                let target = event
                    .target
                    .as_ref()
                    .map(|target| (target, event.target_text()));
                for (actor, text) in
                    std::iter::once((&event.source, event.source_text())).chain(target)
                {
                    if let Some(alias) = text.map(str::trim).filter(|alias| *alias != actor.name) {
                        conn.execute(
                            "INSERT INTO actor_aliases (actor_id, alias, n_seen) VALUES (?1, ?2, 1)
                             ON CONFLICT (actor_id, alias) DO UPDATE
                             SET n_seen = actor_aliases.n_seen + 1",
                            &params![actor.id.as_str(), alias],
                        )?;
                    }
                }
            }
            conn.execute(
                "UPDATE store_counts SET n_documents = n_documents + 1, n_actors = n_actors + ?1,
                     n_events = n_events + ?2",
                &params![n_actors as i64, n_events as i64],
            )?;
            Ok(Saved::Added {
                n_events: events.len(),
            })
        })
    }

    /// Whether a document with this id or this text is stored.
    pub fn contains_document(&self, document: &Document) -> Result<bool> {
        let seen = self.conn.first(
            "SELECT 1 FROM documents WHERE id = ?1 OR content_id = ?2",
            &params![&document.id, content_id(&document.text).as_str()],
            |_| Ok(()),
        )?;
        Ok(seen.is_some())
    }

    /// Builds the actor graph from every stored actor and event.
    pub fn load_graph(&self) -> Result<ActorGraph> {
        Ok(self.load_graph_at()?.0)
    }

    /// Builds the actor graph from every stored actor and the counts of their events per pair,
    /// code and day (`event_counts`), with the watermark of what it holds (read in one
    /// snapshot), from which [`Store::changes`] goes on. A store of many events reads one row
    /// per group of events that the graph would hold as one event anyway; a group counted in
    /// several rows is one event again once the graph merges its reports.
    pub fn load_graph_at(&self) -> Result<(ActorGraph, Watermark)> {
        let conn = &self.conn;
        conn.snapshot(|| {
            let watermark = self.watermark()?;
            let (mut graph, nodes) = self.load_actors()?;
            let mut groups: HashMap<(NodeIndex, NodeIndex), Vec<EventRecord>> = HashMap::new();
            let mut solo: HashMap<NodeIndex, Vec<EventRecord>> = HashMap::new();
            let sql = format!("SELECT {COUNTED_RECORD} FROM event_counts");
            conn.each(&sql, &[], |row| {
                let from = node_of(&nodes, row.need_text(0)?)?;
                let record = record_from_row(row, 2)?;
                let n = row.need_int(11)?.max(1);
                // Undated events are never one event: each stays a record of its own.
                let (record, copies) = if record.day == NO_DAY {
                    (record, n)
                } else {
                    let n_reports = u16::try_from(n).unwrap_or(u16::MAX);
                    (
                        EventRecord {
                            n_reports,
                            ..record
                        },
                        1,
                    )
                };
                let records = match row.text(1)? {
                    Some(target) => groups.entry((from, node_of(&nodes, target)?)).or_default(),
                    None => solo.entry(from).or_default(),
                };
                records.extend(std::iter::repeat_n(record, copies as usize));
                Ok(())
            })?;
            graph.add_grouped(groups);
            graph.add_solo_grouped(solo);
            Ok((graph, watermark))
        })
    }

    /// Builds the actor graph from every stored event row, as [`Store::load_graph`] builds it
    /// from the counts: slower on a large store, and a check that the counts are right.
    pub fn load_graph_from_events(&self) -> Result<ActorGraph> {
        let conn = &self.conn;
        conn.snapshot(|| {
            let (mut graph, nodes) = self.load_actors()?;
            // Extracted and imported events alike; grouped by pair (or by actor, for events of
            // one actor) so that each list is sorted once.
            let mut groups: HashMap<(NodeIndex, NodeIndex), Vec<EventRecord>> = HashMap::new();
            let mut solo: HashMap<NodeIndex, Vec<EventRecord>> = HashMap::new();
            for (table, columns) in [
                ("events", EXTRACTED_RECORD),
                ("coded_events", &*coded_record()),
            ] {
                let sql = format!(
                    "SELECT source_id, target_id, kind, code, date, report_date, {columns} FROM {table}"
                );
                conn.each(&sql, &[], |row| {
                    let from = node_of(&nodes, row.need_text(0)?)?;
                    let record = record_from_row(row, 2)?;
                    match row.text(1)? {
                        Some(target) => groups
                            .entry((from, node_of(&nodes, target)?))
                            .or_default()
                            .push(record),
                        None => solo.entry(from).or_default().push(record),
                    }
                    Ok(())
                })?;
            }
            graph.add_grouped(groups);
            graph.add_solo_grouped(solo);
            Ok(graph)
        })
    }

    /// A graph of every stored actor with its aliases and no events, and the node of each id.
    fn load_actors(&self) -> Result<(ActorGraph, HashMap<String, NodeIndex>)> {
        let conn = &self.conn;
        let mut graph = ActorGraph::default();
        let mut nodes: HashMap<String, NodeIndex> = HashMap::new();
        conn.each(
            "SELECT id, name, kind, cameo, country FROM actors",
            &[],
            |row| {
                let actor = actor_from_row(row, 0)?;
                let id = actor.id.as_str().to_string();
                nodes.insert(id, graph.upsert_actor(actor));
                Ok(())
            },
        )?;
        conn.each(
            "SELECT actor_id, alias FROM actor_aliases ORDER BY actor_id, n_seen DESC, alias",
            &[],
            |row| {
                graph.add_alias(&parse_id(row.need_text(0)?)?, row.need_text(1)?);
                Ok(())
            },
        )?;
        Ok((graph, nodes))
    }

    /// A number that changes when another connection (in this process or another) commits to
    /// the store. Cheap enough to ask every half second: SQLite's `data_version`; on PostgreSQL
    /// the sum of the kept counts, which every write that adds something raises.
    pub fn data_version(&self) -> Result<i64> {
        match &self.conn {
            Conn::Sqlite(conn) => {
                Ok(conn.pragma_query_value(None, "data_version", |row| row.get(0))?)
            }
            Conn::Postgres(_) => self.conn.one(
                "SELECT n_documents + n_actors + n_events + n_coded FROM store_counts",
                &[],
                |row| row.need_int(0),
            ),
        }
    }

    /// What was committed since `since`, read in one snapshot.
    pub fn changes(&self, since: &Watermark) -> Result<Changes> {
        let conn = &self.conn;
        conn.snapshot(|| {
            let watermark = self.watermark()?;
            let stats = self.stats()?;
            let mut changes = Changes {
                stats,
                watermark,
                ..Changes::default()
            };
            conn.each(
                "SELECT id, name, kind, cameo, country FROM actors WHERE rowid > ?1 AND rowid <= ?2",
                &params![since.actors, watermark.actors],
                |row| {
                    changes.actors.push(actor_from_row(row, 0)?);
                    Ok(())
                },
            )?;
            let n_coded_new = conn.one(
                "SELECT count(*) FROM coded_events WHERE id > ?1 AND id <= ?2",
                &params![since.coded, watermark.coded],
                |row| row.need_int(0),
            )?;
            if since.n_coded + n_coded_new as u64 != watermark.n_coded {
                changes.reload = true;
                return Ok(changes);
            }
            for (table, key, columns) in [
                ("events", "rowid", EXTRACTED_RECORD),
                ("coded_events", "id", &*coded_record()),
            ] {
                let (from, to) = if table == "events" {
                    (since.events, watermark.events)
                } else {
                    (since.coded, watermark.coded)
                };
                let sql = format!(
                    "SELECT source_id, target_id, kind, code, date, report_date, {columns}
                     FROM {table} WHERE {key} > ?1 AND {key} <= ?2"
                );
                conn.each(&sql, &params![from, to], |row| {
                    let source = parse_id(row.need_text(0)?)?;
                    let record = record_from_row(row, 2)?;
                    match row.text(1)? {
                        Some(target) => changes.records.push((source, parse_id(target)?, record)),
                        None => changes.solo_records.push((source, record)),
                    }
                    Ok(())
                })?;
            }
            let touched: HashSet<&ActorId> = changes
                .records
                .iter()
                .flat_map(|(source, target, _)| [source, target])
                .chain(changes.solo_records.iter().map(|(source, _)| source))
                .collect();
            let mut found = Vec::new();
            for id in touched {
                conn.each(
                    "SELECT alias FROM actor_aliases WHERE actor_id = ?1 ORDER BY n_seen DESC, alias",
                    &params![id.as_str()],
                    |row| {
                        found.push((id.clone(), row.need_text(0)?.to_string()));
                        Ok(())
                    },
                )?;
            }
            changes.aliases = found;
            Ok(changes)
        })
    }

    /// The last row of each table, and the number of imported rows.
    fn watermark(&self) -> Result<Watermark> {
        let max = |table: &str, key: &str| -> Result<i64> {
            self.conn.one(
                &format!("SELECT coalesce(max({key}), 0) FROM {table}"),
                &[],
                |row| row.need_int(0),
            )
        };
        Ok(Watermark {
            actors: max("actors", "rowid")?,
            events: max("events", "rowid")?,
            coded: max("coded_events", "id")?,
            n_coded: self.stats_row()?.3,
        })
    }

    /// The actor with this id.
    pub fn actor(&self, id: &ActorId) -> Result<Actor> {
        self.conn
            .first(
                "SELECT id, name, kind, cameo, country FROM actors WHERE id = ?1",
                &params![id.as_str()],
                |row| actor_from_row(row, 0),
            )?
            .ok_or_else(|| Error::ActorNotFound(id.clone()))
    }

    /// Events matching the query, newest first (then by id, so paging is stable).
    pub fn events(&self, query: &EventQuery) -> Result<Vec<Event>> {
        match (&query.actor, &query.other, query.level, &query.document) {
            (Some(actor), Some(other), Level::Entity, None) => {
                return self.indexed_events(
                    [
                        ("e.source_id = ?1 AND e.target_id = ?2", [actor, other]),
                        ("e.source_id = ?1 AND e.target_id = ?2", [other, actor]),
                    ],
                    query,
                );
            }
            (Some(actor), None, Level::Entity, None) | (None, Some(actor), Level::Entity, None) => {
                return self.indexed_events(
                    [
                        ("e.source_id = ?1", [actor, actor]),
                        ("e.target_id = ?1", [actor, actor]),
                    ],
                    query,
                );
            }
            _ => {}
        }
        let mut sql = String::from(
            "SELECT e.id, e.document_id, e.code, e.kind, e.date, e.report_date, e.sentence, e.span_start, e.span_end,
                    e.rule, e.source_cameo, e.target_cameo,
                    e.source_start, e.source_end, e.target_start, e.target_end, e.trigger_start, e.trigger_end,
                    s.id, s.name, s.kind, s.cameo, s.country,
                    t.id, t.name, t.kind, t.cameo, t.country, e.participants,
                    e.date_end, e.date_precision, e.background
             FROM all_events e JOIN actors s ON s.id = e.source_id LEFT JOIN actors t ON t.id = e.target_id
             WHERE 1 = 1",
        );
        if query.extracted_only {
            sql = sql.replace("FROM all_events e", "FROM events e");
        }
        let mut values: Vec<String> = Vec::new();
        let mut bind = |sql: &mut String, clause: &str, value: &str| {
            values.push(value.to_string());
            sql.push_str(&clause.replace('?', &format!("?{}", values.len())));
        };
        if let (Some(dataset), false) = (query.dataset(), query.extracted_only) {
            bind(&mut sql, " AND e.dataset = ?", dataset.as_str());
        }
        if query.alone {
            sql.push_str(" AND e.target_id IS NULL");
        }
        let (source_side, target_side) = match query.level {
            Level::Entity => ("e.source_id", "e.target_id"),
            Level::Sector => (
                "substr(e.source_cameo, 1, 6)",
                "substr(e.target_cameo, 1, 6)",
            ),
            Level::Country => (
                "CASE WHEN s.country IN ('IGO', 'NGO', 'MNC', 'IMG', 'UIS') THEN substr(e.source_cameo, 1, 6) ELSE s.country END",
                "CASE WHEN t.country IN ('IGO', 'NGO', 'MNC', 'IMG', 'UIS') THEN substr(e.target_cameo, 1, 6) ELSE t.country END",
            ),
        };
        match (&query.actor, &query.other) {
            (Some(actor), Some(other)) => {
                bind(
                    &mut sql,
                    &format!(" AND (({source_side} = ? "),
                    actor.as_str(),
                );
                bind(
                    &mut sql,
                    &format!("AND {target_side} = ?) "),
                    other.as_str(),
                );
                bind(&mut sql, &format!("OR ({source_side} = ? "), other.as_str());
                bind(
                    &mut sql,
                    &format!("AND {target_side} = ?))"),
                    actor.as_str(),
                );
            }
            (Some(actor), None) | (None, Some(actor)) => {
                bind(
                    &mut sql,
                    &format!(" AND ({source_side} = ? "),
                    actor.as_str(),
                );
                bind(&mut sql, &format!("OR {target_side} = ?)"), actor.as_str());
            }
            (None, None) => {}
        }
        let filter = &query.filter;
        if filter.bilateral_only {
            sql.push_str(" AND e.participants IS NULL");
        }
        if filter.news_only {
            sql.push_str(" AND e.background = 0");
        }
        if !filter.kinds.is_empty() {
            sql.push_str(" AND e.kind IN (");
            for (n, kind) in filter.kinds.iter().enumerate() {
                bind(&mut sql, if n == 0 { "?" } else { ", ?" }, kind.as_str());
            }
            sql.push(')');
        }
        let date_column = match filter.on {
            DateField::Event => "e.date",
            DateField::Report => "e.report_date",
        };
        bind_date_range(
            &mut sql,
            &mut bind,
            date_column,
            filter.since.as_ref().map(|date| date.as_str()),
            filter.until.as_ref().map(|date| date.as_str()),
        );
        if let Some(document) = &query.document {
            bind(&mut sql, " AND e.document_id = ?", document);
        }
        let n = values.len();
        sql.push_str(&format!(
            " ORDER BY e.date DESC NULLS LAST, e.id LIMIT ?{} OFFSET ?{}",
            n + 1,
            n + 2
        ));
        let mut params: Vec<Param<'_>> = values.iter().map(Param::from).collect();
        // Saturated, not cast: a huge offset must give an empty page, never wrap to the first.
        params.push(i64::try_from(query.limit).unwrap_or(i64::MAX).into());
        params.push(i64::try_from(query.offset).unwrap_or(i64::MAX).into());
        let mut events = Vec::new();
        self.conn.each(&sql, &params, |row| {
            events.push(event_from_row(row)?);
            Ok(())
        })?;
        Ok(events)
    }

    /// The events of one actor, or between two, newest first: what a relation's evidence and an
    /// actor's events page through, however many events they have. Each table and side (two
    /// conditions on `?1` and `?2`) is read through its `(source_id, target_id, date)` or
    /// `(source_id, date)` index from the newest day back, only as far as the page reaches
    /// (with every event of the day at the page's edge, so pages do not depend on how ties
    /// fall), and the parts are merged here.
    fn indexed_events(
        &self,
        sides: [(&str, [&ActorId; 2]); 2],
        query: &EventQuery,
    ) -> Result<Vec<Event>> {
        const ACTORS: &str =
            "s.id, s.name, s.kind, s.cameo, s.country, t.id, t.name, t.kind, t.cameo, t.country";
        let extracted = format!(
            "e.id, e.document_id, e.code, e.kind, e.date, e.report_date, e.sentence, e.span_start,
             e.span_end, e.rule, e.source_cameo, e.target_cameo, e.source_start, e.source_end,
             e.target_start, e.target_end, e.trigger_start, e.trigger_end, {ACTORS}, e.participants,
             e.date_end, e.date_precision, e.background"
        );
        let coded_id = format!(
            "CASE WHEN e.id >> {KEY_SHIFT} = 1 THEN 'icews-' ELSE 'gdelt-' END || (e.id & {})",
            (1i64 << KEY_SHIFT) - 1
        );
        let coded = format!(
            "{coded_id}, coalesce(e.url, {coded_id}), e.code, e.kind, e.date,
             e.report_date, '', 0, 0, CASE WHEN e.id >> {KEY_SHIFT} = 1 THEN 'icews' ELSE 'gdelt' END,
             e.source_code, e.target_code, NULL, NULL, NULL, NULL, NULL, NULL, {ACTORS}, NULL,
             e.date, 'day', 0"
        );
        // At most what SQLite takes as an offset: a larger one is an error (a 500), not a page.
        let reach = query.offset.saturating_add(query.limit).min(MAX_OFFSET);
        if reach == 0 {
            return Ok(Vec::new());
        }
        let filter = &query.filter;
        let date_column = match filter.on {
            DateField::Event => "e.date",
            DateField::Report => "e.report_date",
        };
        let mut found = Vec::new();
        // What the events of a day are ordered by, as the merge below orders them: the id,
        // byte by byte (PostgreSQL's `C` collation; an imported event's id is made here, and
        // would otherwise take the database's locale).
        let coded_order = match self.conn {
            Conn::Sqlite(_) => coded_id.clone(),
            Conn::Postgres(_) => format!("({coded_id}) COLLATE \"C\""),
        };
        let tables: &[(&str, &str, &str)] = match (query.dataset(), query.alone) {
            (None, false) => &[
                ("events", &extracted, "e.id"),
                ("coded_events", &coded, &coded_order),
            ],
            (Some(Dataset::Extracted), false) => &[("events", &extracted, "e.id")],
            (Some(Dataset::Extracted), true) => &[],
            _ => &[("coded_events", &coded, &coded_order)],
        };
        // Each table and side gives a list of events newest first; the page is the first
        // `reach` of their merge. First the conditions of each list and the day of its
        // `reach`th dated event: the page holds no event older than the latest of those days
        // (that list alone fills the page up to it), so every list is then read from that day
        // on only. When one list's events are all newer (reports just posted), the others give
        // none, instead of a page of their own that the merge drops.
        let mut lists = Vec::new();
        fn bind(values: &mut Vec<String>, condition: &mut String, clause: &str, value: &str) {
            values.push(value.to_string());
            condition.push_str(&clause.replace('?', &format!("?{}", values.len())));
        }
        let mut floor: Option<String> = None;
        for &(table, columns, order) in tables {
            for (side, [first, second]) in sides {
                let mut values: Vec<String> = vec![first.to_string(), second.to_string()];
                let mut condition = format!("{side} AND ?2 = ?2");
                if query.alone {
                    condition.push_str(" AND e.target_id IS NULL");
                }
                if let Some(dataset @ (Dataset::Gdelt | Dataset::Icews)) = query.dataset() {
                    let low = coded_key(dataset, 0).expect("0 is a number of every dataset");
                    condition.push_str(&format!(
                        " AND e.id >= {low} AND e.id < {}",
                        low + (1 << KEY_SHIFT)
                    ));
                }
                if filter.bilateral_only && table == "events" {
                    condition.push_str(" AND e.participants IS NULL");
                }
                if filter.news_only && table == "events" {
                    condition.push_str(" AND e.background = 0");
                }
                if !filter.kinds.is_empty() {
                    condition.push_str(" AND e.kind IN (");
                    for (n, kind) in filter.kinds.iter().enumerate() {
                        bind(
                            &mut values,
                            &mut condition,
                            if n == 0 { "?" } else { ", ?" },
                            kind.as_str(),
                        );
                    }
                    condition.push(')');
                }
                bind_date_range(
                    &mut condition,
                    &mut |sql, clause, value| bind(&mut values, sql, clause, value),
                    date_column,
                    filter.since.as_ref().map(|date| date.as_str()),
                    filter.until.as_ref().map(|date| date.as_str()),
                );
                let params: Vec<Param<'_>> = values.iter().map(Param::from).collect();
                // The day of the page's last dated event. Undated events sort after every dated
                // one, so leaving them out finds the same day; and an order without `NULLS
                // LAST` is the order of the index read backwards, which PostgreSQL then reads
                // only as far as the page (with `NULLS LAST` it read the actor's every event).
                let edge: Option<Option<String>> = self.conn.first(
                    &format!(
                        "SELECT e.date FROM {table} e WHERE {condition} AND e.date IS NOT NULL
                         ORDER BY e.date DESC LIMIT 1 OFFSET {}",
                        reach - 1
                    ),
                    &params,
                    |row| Ok(row.text(0)?.map(str::to_string)),
                )?;
                if let Some(Some(edge)) = edge {
                    if floor.as_ref().is_none_or(|floor| edge > *floor) {
                        floor = Some(edge);
                    }
                }
                lists.push((table, columns, order, condition, values));
            }
        }
        for (table, columns, order, mut condition, mut values) in lists {
            if let Some(floor) = &floor {
                bind(&mut values, &mut condition, " AND e.date >= ?", floor);
            }
            let params: Vec<Param<'_>> = values.iter().map(Param::from).collect();
            // Only the page's reach from that day on is read: a day with thousands of events
            // of one actor (a busy GDELT day, or many reports of one day) costs a sort of
            // their keys, not thousands of rows read and decoded.
            self.conn.each(
                &format!(
                    "SELECT {columns} FROM (SELECT e.id AS page_key FROM {table} e
                     WHERE {condition} ORDER BY e.date DESC NULLS LAST, {order}
                     LIMIT {reach}) page JOIN {table} e ON e.id = page.page_key
                     JOIN actors s ON s.id = e.source_id LEFT JOIN actors t ON t.id = e.target_id"
                ),
                &params,
                |row| {
                    found.push(event_from_row(row)?);
                    Ok(())
                },
            )?;
        }
        // As the general query orders: newest first, events without a date last, then by id.
        found.sort_by(|x, y| y.date.cmp(&x.date).then_with(|| x.id.cmp(&y.id)));
        // An event of an actor with itself is found on both sides.
        found.dedup_by(|x, y| x.id == y.id);
        Ok(found
            .into_iter()
            .skip(query.offset)
            .take(query.limit)
            .collect())
    }

    /// The title and URL of the documents of these events, by document id; an imported event's
    /// document is its source URL and has no row.
    pub fn document_refs(&self, events: &[Event]) -> Result<HashMap<String, DocumentRef>> {
        let mut refs = HashMap::new();
        // The documents of a page in one query, a hundred at a time.
        let mut ids: Vec<&str> = events.iter().map(|event| event.document.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        for chunk in ids.chunks(100) {
            let marks: Vec<String> = (1..=chunk.len()).map(|n| format!("?{n}")).collect();
            let params: Vec<Param<'_>> = chunk.iter().map(|id| Param::from(*id)).collect();
            self.conn.each(
                &format!(
                    "SELECT id, title, url FROM documents WHERE id IN ({})",
                    marks.join(", ")
                ),
                &params,
                |row| {
                    refs.insert(
                        row.need_text(0)?.to_string(),
                        DocumentRef {
                            title: row.text(1)?.map(str::to_string),
                            url: row.text(2)?.map(str::to_string),
                        },
                    );
                    Ok(())
                },
            )?;
        }
        // An imported event's document is its source URL and has no row.
        for event in events {
            if !refs.contains_key(&event.document) {
                let reference = DocumentRef {
                    title: None,
                    url: event.source_url().map(str::to_string),
                };
                refs.insert(event.document.clone(), reference);
            }
        }
        Ok(refs)
    }

    /// The real events from `source` to `target`, each once with the reports that tell it
    /// (the `stories` view), oldest first.
    pub fn stories_of(&self, source: &ActorId, target: &ActorId) -> Result<Vec<Story>> {
        let mut stories = Vec::new();
        self.conn.each(
            &format!(
                "SELECT {STORY_COLUMNS} FROM (
                     SELECT *, CASE precision_rank WHEN 1 THEN 'day' WHEN 2 THEN 'week'
                         WHEN 3 THEN 'month' WHEN 4 THEN 'year' WHEN 5 THEN 'decade'
                         ELSE 'report' END AS precision
                     FROM stories WHERE source_id = ?1 AND target_id = ?2) AS ranked
                 ORDER BY date, story_id"
            ),
            &params![source.as_str(), target.as_str()],
            |row| {
                stories.extend(story_from_row(row)?);
                Ok(())
            },
        )?;
        Ok(stories)
    }

    /// Real events told by extracted reports, newest first (by event date, then id), each once
    /// with its number of reports; `story_reports` gives the reports of one. The rows of the
    /// stories' actors and kinds are grouped in one pass (n log n in the events read).
    pub fn stories(&self, query: &StoryQuery) -> Result<Vec<Story>> {
        let mut values: Vec<String> = Vec::new();
        let mut bind = |sql: &mut String, clause: &str, value: &str| {
            values.push(value.to_string());
            sql.push_str(&clause.replace('?', &format!("?{}", values.len())));
        };
        // Every report of a story has its actors and kind: filtering rows on them first keeps
        // whole stories.
        let mut rows_sql = String::from("SELECT * FROM events WHERE target_id IS NOT NULL");
        match (&query.actor, &query.other) {
            (Some(actor), Some(other)) => {
                bind(&mut rows_sql, " AND ((source_id = ?", actor.as_str());
                bind(&mut rows_sql, " AND target_id = ?)", other.as_str());
                bind(&mut rows_sql, " OR (source_id = ?", other.as_str());
                bind(&mut rows_sql, " AND target_id = ?))", actor.as_str());
            }
            (Some(actor), None) | (None, Some(actor)) => {
                bind(&mut rows_sql, " AND (source_id = ?", actor.as_str());
                bind(&mut rows_sql, " OR target_id = ?)", actor.as_str());
            }
            (None, None) => {}
        }
        let filter = &query.filter;
        if !filter.kinds.is_empty() {
            rows_sql.push_str(" AND kind IN (");
            for (n, kind) in filter.kinds.iter().enumerate() {
                bind(
                    &mut rows_sql,
                    if n == 0 { "?" } else { ", ?" },
                    kind.as_str(),
                );
            }
            rows_sql.push(')');
        }
        let mut sql = format!(
            "SELECT {STORY_COLUMNS} FROM (
                 SELECT story_id, source_id, target_id, kind, code,
                        substr(sharpest, 2, 10) AS date, substr(sharpest, 12, 10) AS date_end,
                        CASE substr(sharpest, 1, 1) WHEN '1' THEN 'day' WHEN '2' THEN 'report'
                            WHEN '3' THEN 'week' WHEN '4' THEN 'month' WHEN '5' THEN 'year'
                            ELSE 'decade' END AS precision,
                        first_report, last_report, n_reports, n_sentences, background
                 FROM (
                     -- The story's date is its sharpest report's (a day named before a report
                     -- date before a week, ...), the earliest among equals: rank, date and end
                     -- day in one string, whose minimum is that report's.
                     SELECT story_id, source_id, target_id, kind, min(code) AS code,
                            min(CASE date_precision WHEN 'day' THEN '1' WHEN 'report' THEN '2'
                                WHEN 'week' THEN '3' WHEN 'month' THEN '4' WHEN 'year' THEN '5'
                                ELSE '6' END || date || coalesce(date_end, date)) AS sharpest,
                            min(report_date) AS first_report, max(report_date) AS last_report,
                            count(DISTINCT document_id) AS n_reports, count(*) AS n_sentences,
                            min(background) AS background
                     FROM ({rows_sql}) AS story_rows WHERE date IS NOT NULL
                     GROUP BY story_id, source_id, target_id, kind) AS grouped) AS dated
             WHERE 1 = 1"
        );
        let min_reports = i64::try_from(query.min_reports.max(1)).unwrap_or(i64::MAX);
        if filter.news_only {
            sql.push_str(" AND background = 0");
        }
        let date_column = match filter.on {
            DateField::Event => "date",
            DateField::Report => "first_report",
        };
        bind_date_range(
            &mut sql,
            &mut bind,
            date_column,
            filter.since.as_ref().map(|date| date.as_str()),
            filter.until.as_ref().map(|date| date.as_str()),
        );
        let n = values.len();
        sql.push_str(&format!(
            " AND n_reports >= ?{} ORDER BY date DESC, story_id LIMIT ?{} OFFSET ?{}",
            n + 1,
            n + 2,
            n + 3
        ));
        let limit = i64::try_from(query.limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        let mut bound: Vec<Param<'_>> = values
            .iter()
            .map(|value| Param::from(value.as_str()))
            .collect();
        bound.extend([
            Param::Int(Some(min_reports)),
            Param::Int(Some(limit)),
            Param::Int(Some(offset)),
        ]);
        let mut stories = Vec::new();
        self.conn.each(&sql, &bound, |row| {
            stories.extend(story_from_row(row)?);
            Ok(())
        })?;
        Ok(stories)
    }

    /// `stories`, each with its reports (`story_reports`).
    pub fn stories_with_reports(&self, query: &StoryQuery) -> Result<Vec<(Story, Vec<Event>)>> {
        self.stories(query)?
            .into_iter()
            .map(|story| {
                let reports = self.story_reports(&story.id)?;
                Ok((story, reports))
            })
            .collect()
    }

    /// Every report of one real event (one event per sentence that tells it), in the order
    /// they were reported; empty for an unknown story.
    pub fn story_reports(&self, story_id: &str) -> Result<Vec<Event>> {
        let mut events = Vec::new();
        self.conn.each(
            "SELECT e.id, e.document_id, e.code, e.kind, e.date, e.report_date, e.sentence,
                    e.span_start, e.span_end, e.rule, e.source_cameo, e.target_cameo,
                    e.source_start, e.source_end, e.target_start, e.target_end, e.trigger_start,
                    e.trigger_end, s.id, s.name, s.kind, s.cameo, s.country,
                    t.id, t.name, t.kind, t.cameo, t.country, e.participants,
                    e.date_end, e.date_precision, e.background
             FROM events e JOIN actors s ON s.id = e.source_id LEFT JOIN actors t ON t.id = e.target_id
             WHERE e.story_id = ?1 ORDER BY e.report_date, e.document_id, e.span_start, e.id",
            &params![story_id],
            |row| {
                events.push(event_from_row(row)?);
                Ok(())
            },
        )?;
        Ok(events)
    }

    /// Counts of documents, actors and events: one row, kept by every write.
    pub fn stats(&self) -> Result<Stats> {
        let (n_documents, n_actors, n_events, n_coded) = self.stats_row()?;
        Ok(Stats {
            n_documents,
            n_actors,
            n_events: n_events + n_coded,
        })
    }

    fn stats_row(&self) -> Result<(u64, u64, u64, u64)> {
        self.conn.one(
            "SELECT n_documents, n_actors, n_events, n_coded FROM store_counts",
            &[],
            |row| {
                Ok((
                    row.need_int(0)? as u64,
                    row.need_int(1)? as u64,
                    row.need_int(2)? as u64,
                    row.need_int(3)? as u64,
                ))
            },
        )
    }
}

/// The columns of a record of `events` after its kind, code and dates (see [`record_from_row`]).
const EXTRACTED_RECORD: &str = "CASE WHEN participants IS NULL THEN 2
         ELSE length(participants) - length(replace(participants, ' ', '')) + 1 END,
    'extracted', date_end, date_precision, background";

/// The same columns for a row of `coded_events`.
fn coded_record() -> String {
    format!("2, {}, date, 'day', 0", coded_dataset())
}

/// The dataset of a row of `coded_events`, from its key, as SQL.
fn coded_dataset() -> String {
    format!("CASE id >> {KEY_SHIFT} WHEN 1 THEN 'icews' ELSE 'gdelt' END")
}

/// The columns of a row of `event_counts` as [`record_from_row`] reads them from the third
/// (after the source and target), then the number of events of the group.
const COUNTED_RECORD: &str = "source_id, nullif(target_id, ''), kind, code, nullif(date, ''),
    report_date, participants, dataset, nullif(date_end, ''), date_precision, background,
    n_events";

/// Appends a group of events to `event_counts` (migration 11): events that agree on the key
/// columns, their number, the earliest report date and the largest number of participants.
const COUNT_EVENTS: &str = "INSERT INTO event_counts (source_id, target_id, dataset, code, kind,
        date, date_end, date_precision, background, n_events, report_date, participants)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

/// Applies the migrations a SQLite store has not seen yet, each in its own transaction. Two
/// processes opening a new store at once apply each migration once: the version is read again
/// inside the write transaction.
fn migrate_sqlite(conn: &mut Connection) -> Result<()> {
    if sqlite_version(conn)? == MIGRATIONS.len() {
        return Ok(());
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: usize = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if current > MIGRATIONS.len() {
            return Err(Error::TooNew {
                found: current,
                known: MIGRATIONS.len(),
            });
        }
        if current == MIGRATIONS.len() {
            return Ok(());
        }
        let version = current + 1;
        tx.execute_batch(MIGRATIONS[current])
            .and_then(|()| match version {
                8 => coded::finish_migration_8(&tx),
                _ => Ok(()),
            })
            .and_then(|()| tx.pragma_update(None, "user_version", version))
            .map_err(|source| Error::Migration {
                version,
                source: Box::new(source.into()),
            })?;
        tx.commit()?;
    }
}

/// The schema version of a SQLite store.
fn sqlite_version(conn: &Connection) -> Result<usize> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

fn corrupt(what: &'static str, source: model::Error) -> Error {
    Error::Corrupt { what, source }
}

fn parse_id(raw: &str) -> Result<ActorId> {
    ActorId::parse(raw).map_err(|source| corrupt("actor id", source))
}

/// The columns of a row of the `stories` view that `story_from_row` reads.
const STORY_COLUMNS: &str = "story_id, source_id, target_id, kind, code, date, date_end,
     precision, n_reports, n_sentences, first_report, last_report, background";

/// A story from `STORY_COLUMNS`; `None` for one without a date.
fn story_from_row(row: &dyn Cells) -> Result<Option<Story>> {
    let Some(date) = optional_date(row.text(5)?)? else {
        return Ok(None);
    };
    let precision = Precision::parse(row.need_text(7)?).unwrap_or_default();
    Ok(Some(Story {
        id: row.need_text(0)?.to_string(),
        source: parse_id(row.need_text(1)?)?,
        target: parse_id(row.need_text(2)?)?,
        precision,
        kind: EventKind::parse(row.need_text(3)?)
            .map_err(|source| corrupt("event kind", source))?,
        code: CameoCode::parse(row.need_text(4)?)
            .map_err(|source| corrupt("event code", source))?,
        date,
        date_end: optional_date(row.text(6)?)?,
        n_reports: row.need_int(8)? as u64,
        n_sentences: row.need_int(9)? as u64,
        first_report: optional_date(row.text(10)?)?,
        last_report: optional_date(row.text(11)?)?,
        background: row.need_int(12)? != 0,
    }))
}

fn optional_date(raw: Option<&str>) -> Result<Option<Date>> {
    raw.map(|raw| Date::parse(raw).map_err(|source| corrupt("date", source)))
        .transpose()
}

fn actor_from_row(row: &dyn Cells, first: usize) -> Result<Actor> {
    Ok(Actor {
        id: parse_id(row.need_text(first)?)?,
        name: row.need_text(first + 1)?.to_string(),
        kind: ActorKind::parse(row.need_text(first + 2)?)
            .map_err(|source| corrupt("actor kind", source))?,
        cameo: row.need_text(first + 3)?.to_string(),
        country: row.need_text(first + 4)?.to_string(),
    })
}

fn span_from_row(row: &dyn Cells, first: usize) -> Result<Option<Span>> {
    let start = row.int(first)?;
    let end = row.int(first + 1)?;
    Ok(start.zip(end).map(|(start, end)| Span {
        start: start as usize,
        end: end as usize,
    }))
}

fn span_start(span: Option<Span>) -> Option<i64> {
    span.map(|span| span.start as i64)
}

fn span_end(span: Option<Span>) -> Option<i64> {
    span.map(|span| span.end as i64)
}

/// The time of a stored event from three columns from `first`: date_end, date_precision and
/// background; the event date is column `date_at`.
fn event_time_from_row(row: &dyn Cells, first: usize, date_at: usize) -> Result<model::EventTime> {
    let precision = match row.text(first + 1)? {
        None => model::Precision::Report,
        Some(raw) => model::Precision::parse(raw).ok_or_else(|| Error::Invalid {
            what: "date precision",
            problem: format!("`{raw}` is not one of report, day, week, month, year, decade"),
        })?,
    };
    let date: Option<Date> = optional_date(row.text(date_at)?)?;
    let end: Option<Date> = optional_date(row.text(first)?)?;
    let end = match (date, end) {
        (Some(date), Some(end)) if precision != model::Precision::Report => {
            let (date, end) = (date.days(), end.days());
            (end != precision.last_day(date)).then_some(end)
        }
        _ => None,
    };
    Ok(model::EventTime {
        precision,
        end,
        background: row.int(first + 2)?.unwrap_or(0) != 0,
    })
}

/// The days of a stored date column; [`NO_DAY`] when NULL.
fn day_of(row: &dyn Cells, at: usize) -> Result<i32> {
    match row.text(at)? {
        None => Ok(NO_DAY),
        Some(raw) => match Date::days_of(raw) {
            Some(days) => Ok(days),
            None => Date::parse(raw)
                .map(|date| date.days())
                .map_err(|source| corrupt("date", source)),
        },
    }
}

/// The graph's record of an event from nine columns from `first`: kind, code, date, report
/// date, the number of participants, the dataset's name, then date_end, date_precision and
/// background.
fn record_from_row(row: &dyn Cells, first: usize) -> Result<EventRecord> {
    let kind =
        EventKind::parse(row.need_text(first)?).map_err(|source| corrupt("event kind", source))?;
    let code = CameoCode::parse(row.need_text(first + 1)?)
        .map_err(|source| corrupt("event code", source))?;
    Ok(EventRecord {
        day: day_of(row, first + 2)?,
        report_day: day_of(row, first + 3)?,
        code: code.index(),
        kind,
        n_reports: 1,
        participants: row.need_int(first + 4)?.clamp(2, 255) as u8,
        precision: model::Precision::Report,
        extent: 0,
        dataset: {
            let raw = row.need_text(first + 5)?;
            Dataset::parse(raw).ok_or_else(|| Error::Invalid {
                what: "dataset",
                problem: format!("`{raw}` is not one of extracted, gdelt, icews"),
            })?
        },
    }
    .with_time(event_time_from_row(row, first + 6, first + 2)?))
}

fn event_from_row(row: &dyn Cells) -> Result<Event> {
    let mut source = actor_from_row(row, 18)?;
    source.cameo = row.need_text(10)?.to_string();
    let target = match row.text(23)? {
        None => None,
        Some(_) => {
            let mut target = actor_from_row(row, 23)?;
            target.cameo = row.need_text(11)?.to_string();
            Some(target)
        }
    };
    Ok(Event {
        id: row.need_text(0)?.to_string(),
        document: row.need_text(1)?.to_string(),
        code: CameoCode::parse(row.need_text(2)?)
            .map_err(|source| corrupt("event code", source))?,
        kind: EventKind::parse(row.need_text(3)?)
            .map_err(|source| corrupt("event kind", source))?,
        date: optional_date(row.text(4)?)?,
        report_date: optional_date(row.text(5)?)?,
        evidence: Evidence {
            sentence: row.need_text(6)?.to_string(),
            start: row.need_int(7)? as usize,
            end: row.need_int(8)? as usize,
            source: span_from_row(row, 12)?,
            target: span_from_row(row, 14)?,
            trigger: span_from_row(row, 16)?,
        },
        rule: row.need_text(9)?.to_string(),
        source,
        target,
        participants: match row.text(28)? {
            None => Vec::new(),
            Some(ids) => ids.split(' ').map(parse_id).collect::<Result<_>>()?,
        },
        time: event_time_from_row(row, 29, 4)?,
    })
}

/// The story of an event about to be stored: the id of the stored story of the same actors
/// and kind whose period overlaps its own, `None` when it is the first report of its event.
/// A story's period is the narrowest of its reports' (as the graph keeps the most precise date
/// of an event), and the narrowest overlapping story wins.
fn story_of(conn: &Conn, event: &Event) -> Result<Option<String>> {
    // A one-actor event tells no story of a dyad.
    let (Some(date), Some(target)) = (&event.date, &event.target) else {
        return Ok(None);
    };
    let (start, end) = event.time.period(date.days());
    let mut stories: Vec<String> = Vec::new();
    let (from, to) = (
        Date::from_days(start),
        Date::from_days(end + model::REPORT_LOOKBACK_DAYS),
    );
    conn.each(
        "SELECT story_id FROM events
         WHERE source_id = ?1 AND target_id = ?2 AND kind = ?3 AND date_end >= ?4
           AND date <= ?5
         ORDER BY rowid",
        &params![
            event.source.id.as_str(),
            target.id.as_str(),
            event.kind.as_str(),
            from.as_str(),
            to.as_str(),
        ],
        |row| {
            let story = row.need_text(0)?;
            if !stories.iter().any(|known| known == story) {
                stories.push(story.to_string());
            }
            Ok(())
        },
    )?;
    let mut best: Option<(i32, String)> = None;
    for story in stories {
        // The narrowest period of the story's reports, the first stored among equals.
        let mut narrowest: Option<(i32, i32)> = None;
        conn.each(
            "SELECT date, date_end, date_precision FROM events WHERE story_id = ?1
             ORDER BY rowid",
            &params![&story],
            |row| {
                if let Some((day, time)) = stored_time(row, 0)? {
                    let period = time.period(day);
                    if narrowest.is_none_or(|(a, b)| period.1 - period.0 < b - a) {
                        narrowest = Some(period);
                    }
                }
                Ok(())
            },
        )?;
        let Some((other_start, other_end)) = narrowest else {
            continue;
        };
        let width = other_end - other_start;
        if other_start <= end
            && start <= other_end
            && best
                .as_ref()
                .is_none_or(|(narrowest, _)| width < *narrowest)
        {
            best = Some((width, story));
        }
    }
    Ok(best.map(|(_, story)| story))
}

/// The event date (days) and time of a stored event from three columns from `first`: date,
/// date_end and date_precision.
fn stored_time(row: &dyn Cells, first: usize) -> Result<Option<(i32, model::EventTime)>> {
    let day = |at: usize| -> Result<Option<i32>> {
        match row.text(at)? {
            None => Ok(None),
            Some(raw) => match Date::days_of(raw) {
                Some(days) => Ok(Some(days)),
                None => Err(corrupt("date", model::Error::Date(raw.to_string()))),
            },
        }
    };
    let Some(date) = day(first)? else {
        return Ok(None);
    };
    let raw = row.text(first + 2)?.unwrap_or("report");
    let precision = model::Precision::parse(raw).ok_or_else(|| Error::Invalid {
        what: "date precision",
        problem: format!("`{raw}` is not one of report, day, week, month, year, decade"),
    })?;
    let end = day(first + 1)?
        .filter(|end| *end != precision.last_day(date) && precision != model::Precision::Report);
    Ok(Some((
        date,
        model::EventTime {
            precision,
            end,
            background: false,
        },
    )))
}

/// The node of a stored actor, for an event that names it.
fn node_of(nodes: &HashMap<String, NodeIndex>, id: &str) -> Result<NodeIndex> {
    nodes.get(id).copied().ok_or_else(|| Error::Invalid {
        what: "event actor",
        problem: format!("`{id}` is not a stored actor"),
    })
}

/// The participants of a multilateral event as stored: space-separated ids; NULL when bilateral.
fn participants_text(participants: &[ActorId]) -> Option<String> {
    (participants.len() > 2).then(|| {
        participants
            .iter()
            .map(ActorId::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Appends " AND column >= ?" and " AND column <= ?" for the ends of a date range that are
/// set, binding each through `bind`.
fn bind_date_range(
    sql: &mut String,
    bind: &mut impl FnMut(&mut String, &str, &str),
    column: &str,
    since: Option<&str>,
    until: Option<&str>,
) {
    if let Some(since) = since {
        bind(sql, &format!(" AND {column} >= ?"), since);
    }
    if let Some(until) = until {
        bind(sql, &format!(" AND {column} <= ?"), until);
    }
}

/// Stores one actor unless an actor of its id is stored; 1 when it was stored, else 0. The one
/// place an actor row is written, for extracted and imported events alike.
pub(crate) fn insert_actor_row(conn: &Conn, actor: &Actor) -> Result<u64> {
    conn.execute(
        "INSERT INTO actors (id, name, kind, cameo, country) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO NOTHING",
        &params![
            actor.id.as_str(),
            &actor.name,
            actor.kind.as_str(),
            &actor.cameo,
            &actor.country
        ],
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A state actor whose id and code are `code`.
    fn state(code: &str) -> Actor {
        actor(code, ActorKind::State, code)
    }

    fn actor(id: &str, kind: ActorKind, cameo: &str) -> Actor {
        Actor {
            id: ActorId::parse(id).unwrap(),
            name: format!("name of {id}"),
            kind,
            cameo: cameo.to_string(),
            country: cameo[..3].to_string(),
        }
    }

    /// The `n` events of a query as "date id", after checking that they come newest first then
    /// by id, and that pages of each size are the same list cut in pieces.
    pub(crate) fn pages_follow_one_order(
        store: &Store,
        query: &EventQuery,
        n: usize,
        sizes: &[usize],
    ) -> Vec<String> {
        let page = |offset: usize, limit: usize| -> Vec<String> {
            store
                .events(&EventQuery {
                    limit,
                    offset,
                    ..query.clone()
                })
                .unwrap()
                .into_iter()
                .map(|event| format!("{} {}", event.date.unwrap(), event.id))
                .collect()
        };
        let all = page(0, 100);
        assert_eq!(all.len(), n);
        let mut sorted = all.clone();
        sorted.sort_by(|x, y| y[..10].cmp(&x[..10]).then(x[11..].cmp(&y[11..])));
        assert_eq!(all, sorted, "newest first, then by id");
        for &size in sizes {
            let pages: Vec<String> = (0..n).step_by(size).flat_map(|at| page(at, size)).collect();
            assert_eq!(pages, all, "pages of {size}");
        }
        all
    }

    pub(crate) fn document(id: &str, text: &str) -> Document {
        Document {
            id: id.to_string(),
            date: Some(Date::parse("2025-08-10").unwrap()),
            ..Document::from_text(text)
        }
    }

    pub(crate) fn event(
        document: &Document,
        source: &Actor,
        target: &Actor,
        code: &str,
        date: &str,
    ) -> Event {
        let code = CameoCode::parse(code).unwrap();
        Event {
            id: Event::make_id(
                &document.id,
                date.len(),
                code.as_str(),
                &source.id,
                &target.id,
            ) + date,
            source: source.clone(),
            target: Some(target.clone()),
            kind: EventKind::of_code(&code),
            code,
            date: Some(Date::parse(date).unwrap()),
            time: Default::default(),
            report_date: document.date.clone(),
            document: document.id.clone(),
            evidence: Evidence {
                sentence: "A sentence.".into(),
                start: 3,
                end: 14,
                source: Some(Span { start: 3, end: 4 }),
                trigger: Some(Span { start: 5, end: 13 }),
                ..Default::default()
            },
            rule: "test.rule".into(),
            participants: Vec::new(),
        }
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
        store.migrate().unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
    }

    #[test]
    fn a_version_1_store_migrates_and_keeps_its_events() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO documents (id, content_id, text, n_events) VALUES ('d', 'c', 'text', 1);
             INSERT INTO actors VALUES ('PAK', 'Pakistan', 'state', 'PAK', 'PAK'), ('IND', 'India', 'state', 'IND', 'IND');
             INSERT INTO events (id, document_id, source_id, target_id, source_cameo, target_cameo, code, kind,
                                 date, report_date, sentence, span_start, span_end, rule)
             VALUES ('e', 'd', 'PAK', 'IND', 'PAK', 'IND', '190', 'conflict', '2025-05-07', NULL, 'text', 0, 4, 'r');",
        )
        .unwrap();
        let store = Store::init(conn, None).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
        let events = store
            .events(&EventQuery {
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].evidence.source, None);
        // Migration 11 counted the stored event: the graph, read from the counts, holds it.
        let graph = store.load_graph().unwrap();
        assert_eq!(graph.n_events(), 1);
        assert_eq!(
            graph.records(
                &ActorId::parse("PAK").unwrap(),
                &ActorId::parse("IND").unwrap()
            ),
            store.load_graph_from_events().unwrap().records(
                &ActorId::parse("PAK").unwrap(),
                &ActorId::parse("IND").unwrap()
            )
        );
    }

    /// Issue 15: migration 8 unpacks the places of the GDELT rows a store kept packed (an
    /// actor's place `=` when it was the action's) into columns, keeps every row, and fills the
    /// CAMEO table.
    #[test]
    fn migration_8_unpacks_the_places_of_stored_rows() {
        let conn = Connection::open_in_memory().unwrap();
        for migration in &MIGRATIONS[..7] {
            conn.execute_batch(migration).unwrap();
        }
        conn.pragma_update(None, "user_version", 7).unwrap();
        conn.execute_batch(
            "INSERT INTO actors VALUES ('PAK', 'Pakistan', 'state', 'PAK', 'PAK'), ('IND', 'India', 'state', 'IND', 'IND');
             INSERT INTO coded_events VALUES (42, 'PAK', 'IND', 'PAK', 'IND', '190', 'conflict',
                 '2025-05-07', '2025-05-08', 20250508093000, 2, 1, 4, -10.0, 6, 2, 5, -3.25,
                 'PAK	PAKISTAN	PAK							', 'IND	INDIA	IND							',
                 '=', '1	India	IN	IN		21.0	78.0	IN',
                 '4	Lahore, Punjab, Pakistan	PK	PK04	12345	31.5497	74.3436	-2767043',
                 'https://example.org/a');
             UPDATE store_counts SET n_actors = 2, n_coded = 1;",
        )
        .unwrap();
        let store = Store::init(conn, None).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
        let places: (String, String, f64, String, String, Option<String>) = store
            .sqlite()
            .query_row(
                "SELECT source_geo_name, source_geo_country, source_geo_lat, target_geo_country,
                        action_geo_fips, target_geo_adm2
                 FROM coded_events WHERE id = 42",
                [],
                |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                        row.get(5)?,
                    ))
                },
            )
            .unwrap();
        assert_eq!(
            places,
            (
                "Lahore, Punjab, Pakistan".to_string(),
                "PAK".to_string(),
                31.5497,
                "IND".to_string(),
                "PK".to_string(),
                None
            )
        );
        let mut exported = Vec::new();
        store
            .each_coded_row(|row| {
                crate::ingest::gdelt::write_v2(&row.row(), &mut String::new());
                exported.push((
                    row.row().global_id,
                    row.row().actor1_geo.full_name.to_string(),
                ));
                Ok(())
            })
            .unwrap();
        assert_eq!(exported, [(42, "Lahore, Punjab, Pakistan".to_string())]);
        let n_codes: i64 = store
            .sqlite()
            .query_row("SELECT count(*) FROM cameo_codes", [], |row| row.get(0))
            .unwrap();
        assert_eq!(n_codes as usize, CameoCode::all().count());
        assert_eq!(store.load_graph().unwrap().n_events(), 1);
        let tables: i64 = store
            .sqlite()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'coded_events_packed'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0);
    }

    /// Issue 14: an import stopped between `start_import` and `finish_import` (killed, or a
    /// panic) left `coded_events` without its indexes for good.
    #[test]
    fn opening_a_store_rebuilds_the_indexes_an_interrupted_import_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        let mut store = Store::open(&path).unwrap();
        store.start_import().unwrap();
        let n_indexes = |store: &Store| -> i64 {
            store
                .sqlite()
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'coded_events'
                     AND name IN ('coded_by_source', 'coded_by_source_date', 'coded_by_target_date')",
                    [],
                    |row| row.get(0),
                )
                .unwrap()
        };
        assert_eq!(
            n_indexes(&store),
            0,
            "an import into an empty table drops them"
        );
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(n_indexes(&store), 3);
    }

    /// Issue 14: an offset past what SQLite takes (`usize::MAX`) wrapped around to -1, which
    /// SQLite reads as no offset at all, so the "last" page was the first.
    #[test]
    fn a_huge_offset_gives_an_empty_page_not_the_first() {
        let mut store = Store::open_in_memory().unwrap();
        let (pak, ind) = (state("PAK"), state("IND"));
        let doc = document("d", "Pakistan and India clashed.");
        store
            .save_document(&doc, &[event(&doc, &pak, &ind, "190", "2025-05-07")])
            .unwrap();
        for offset in [usize::MAX, i64::MAX as usize, i64::MAX as usize + 1] {
            for (actor, other) in [(None, None), (Some(&pak), Some(&ind))] {
                let events = store
                    .events(&EventQuery {
                        actor: actor.map(|actor| actor.id.clone()),
                        other: other.map(|actor| actor.id.clone()),
                        limit: 10,
                        offset,
                        ..Default::default()
                    })
                    .unwrap();
                assert!(events.is_empty(), "offset {offset}, pair {actor:?}");
            }
        }
        let all = store
            .events(&EventQuery {
                limit: usize::MAX,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(all.len(), 1, "a huge limit is no limit, not -1");
    }

    #[test]
    fn a_store_from_a_newer_geokg_is_refused() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .sqlite()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        assert!(matches!(
            store.migrate(),
            Err(Error::TooNew { found: 99, .. })
        ));
    }

    #[test]
    fn a_document_is_saved_once_by_id_and_by_text() {
        let mut store = Store::open_in_memory().unwrap();
        let (munir, usa) = (
            actor("asim-munir", ActorKind::Person, "PAKMIL"),
            state("USA"),
        );
        let doc = document("a", "Munir visited Washington.");
        let events = [
            event(&doc, &munir, &usa, "042", "2025-08-09"),
            event(&doc, &usa, &munir, "043", "2025-08-09"),
        ];
        assert_eq!(
            store.save_document(&doc, &events).unwrap(),
            Saved::Added { n_events: 2 }
        );
        assert_eq!(
            store.save_document(&doc, &events).unwrap(),
            Saved::Duplicate
        );
        let same_text = document("b", "Munir visited Washington.");
        assert_eq!(
            store.save_document(&same_text, &[]).unwrap(),
            Saved::Duplicate
        );
        assert_eq!(
            store.stats().unwrap(),
            Stats {
                n_documents: 1,
                n_actors: 2,
                n_events: 2
            }
        );
    }

    #[test]
    fn names_used_in_the_text_become_searchable_aliases() {
        let mut store = Store::open_in_memory().unwrap();
        let (munir, usa) = (
            actor("asim-munir", ActorKind::Person, "PAKMIL"),
            state("USA"),
        );
        let doc = document("a", "Gen. Munir visited Washington.");
        let mut visit = event(&doc, &munir, &usa, "042", "2025-08-09");
        visit.evidence = Evidence {
            sentence: "Gen. Munir visited Washington.".into(),
            start: 0,
            end: 30,
            source: Some(Span { start: 0, end: 10 }),
            target: Some(Span { start: 19, end: 29 }),
            trigger: Some(Span { start: 11, end: 18 }),
        };
        store.save_document(&doc, &[visit]).unwrap();
        let graph = store.load_graph().unwrap();
        assert_eq!(graph.aliases(&munir.id), ["Gen. Munir"]);
        assert_eq!(graph.search("washing", 5)[0].id, usa.id);
    }

    #[test]
    fn pages_of_a_pair_follow_one_order_whatever_the_ties() {
        let mut store = Store::open_in_memory().unwrap();
        let pak = state("PAK");
        let ind = state("IND");
        let codes = ["042", "043", "190", "111", "036"];
        for n in 0..12 {
            let doc = document(&format!("d{n}"), &format!("text number {n}"));
            // Four days, three events a day: every page edge falls inside a day.
            let day = format!("2025-05-0{}", 1 + n % 4);
            let (from, to) = if n % 2 == 0 {
                (&pak, &ind)
            } else {
                (&ind, &pak)
            };
            let event = event(&doc, from, to, codes[n % codes.len()], &day);
            store.save_document(&doc, &[event]).unwrap();
        }
        let query = EventQuery {
            actor: Some(pak.id.clone()),
            other: Some(ind.id.clone()),
            ..Default::default()
        };
        let all = pages_follow_one_order(&store, &query, 12, &[1, 2, 5]);
        // The general query (any one actor) gives the same order.
        let general: Vec<String> = store
            .events(&EventQuery {
                actor: Some(pak.id.clone()),
                limit: 100,
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .map(|event| format!("{} {}", event.date.unwrap(), event.id))
            .collect();
        assert_eq!(general, all);
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let (pak, ind) = (state("PAK"), state("IND"));
        let doc = document("a", "text");
        let first = event(&doc, &pak, &ind, "190", "2025-05-07");
        let refused = event(&doc, &ind, &pak, "190", "2025-05-08");
        // The second event's insert fails inside the transaction, after the document and the first event were written.
        store
            .sqlite()
            .execute_batch(
                "CREATE TRIGGER refuse_ind BEFORE INSERT ON events WHEN NEW.source_id = 'IND'
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .unwrap();
        assert!(store.save_document(&doc, &[first, refused]).is_err());
        assert_eq!(
            store.stats().unwrap(),
            Stats {
                n_documents: 0,
                n_actors: 0,
                n_events: 0
            }
        );
    }

    #[test]
    fn the_graph_loads_by_actor_id_with_aggregated_relations() {
        let mut store = Store::open_in_memory().unwrap();
        let (pak, ind, usa) = (state("PAK"), state("IND"), state("USA"));
        let doc = document("a", "one");
        store
            .save_document(
                &doc,
                &[
                    event(&doc, &pak, &ind, "190", "2025-05-07"),
                    event(&doc, &pak, &ind, "195", "2025-05-10"),
                    event(&doc, &pak, &usa, "042", "2025-06-18"),
                ],
            )
            .unwrap();
        let graph = store.load_graph().unwrap();
        assert_eq!(graph.n_actors(), 3);
        assert_eq!(graph.n_events(), 3);
        let relation = graph
            .relation(&pak.id, &ind.id, &crate::graph::Filter::default())
            .unwrap();
        assert_eq!(relation.a_to_b.n_events, 2);
        assert_eq!(relation.a_to_b.goldstein, -20.0);
        assert_eq!(relation.b_to_a.n_events, 0);
    }

    #[test]
    fn a_multilateral_event_is_stored_with_its_participants_and_listed_once() {
        let mut store = Store::open_in_memory().unwrap();
        let (kwt, qat, omn) = (state("KWT"), state("QAT"), state("OMN"));
        let doc = document("gulf", "The Gulf states met. Kuwait met Qatar.");
        let participants = vec![kwt.id.clone(), omn.id.clone(), qat.id.clone()];
        let mut events = Vec::new();
        for (source, target) in [(&kwt, &qat), (&kwt, &omn), (&qat, &omn)] {
            let mut summit = event(&doc, source, target, "040", "2025-09-01");
            summit.participants = participants.clone();
            events.push(summit);
        }
        events.push(event(&doc, &kwt, &qat, "042", "2025-09-02"));
        store.save_document(&doc, &events).unwrap();

        let all = store
            .events(&EventQuery {
                limit: 100,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(all.len(), 4);
        let multi: Vec<&Event> = all.iter().filter(|event| event.multilateral()).collect();
        assert_eq!(multi.len(), 3);
        assert!(multi.iter().all(|event| event.participants == participants));
        let bilateral = store
            .events(&EventQuery {
                limit: 100,
                filter: Filter {
                    bilateral_only: true,
                    ..Filter::default()
                },
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            bilateral
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["KWT -042-> QAT"]
        );
        // The pair's evidence path reads and filters them the same way.
        let pair = |bilateral_only| {
            store
                .events(&EventQuery {
                    actor: Some(kwt.id.clone()),
                    other: Some(qat.id.clone()),
                    limit: 100,
                    filter: Filter {
                        bilateral_only,
                        ..Filter::default()
                    },
                    ..Default::default()
                })
                .unwrap()
        };
        assert_eq!(pair(false).len(), 2);
        assert!(pair(false)
            .iter()
            .any(|event| event.participants == participants));
        assert_eq!(pair(true).len(), 1);
        let listed: Vec<(String, i64)> = store
            .sqlite()
            .prepare("SELECT participants, n_dyads FROM multilateral_events")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(listed, [("KWT OMN QAT".to_string(), 3)]);
        // The graph weighs each dyad of the three-party meeting 1/2.
        let graph = store.load_graph().unwrap();
        let relation = graph
            .relation(&kwt.id, &qat.id, &Filter::default())
            .unwrap();
        assert_eq!(relation.a_to_b.n_multilateral, 1);
        assert!((relation.a_to_b.weight - 1.5).abs() < 1e-9);
    }

    #[test]
    fn events_filter_by_actor_pair_kind_and_dates_newest_first() {
        let mut store = Store::open_in_memory().unwrap();
        let (pak, ind, usa) = (state("PAK"), state("IND"), state("USA"));
        let doc = document("a", "one");
        store
            .save_document(
                &doc,
                &[
                    event(&doc, &pak, &ind, "190", "2025-05-07"),
                    event(&doc, &ind, &pak, "195", "2025-05-10"),
                    event(&doc, &pak, &usa, "042", "2025-06-18"),
                ],
            )
            .unwrap();
        let codes = |query: EventQuery| -> Vec<String> {
            store
                .events(&EventQuery {
                    limit: 100,
                    ..query
                })
                .unwrap()
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert_eq!(
            codes(EventQuery::default()),
            ["PAK -042-> USA", "IND -195-> PAK", "PAK -190-> IND"]
        );
        assert_eq!(
            codes(EventQuery {
                actor: Some(ind.id.clone()),
                other: Some(pak.id.clone()),
                ..Default::default()
            }),
            ["IND -195-> PAK", "PAK -190-> IND"]
        );
        assert_eq!(
            codes(EventQuery {
                filter: Filter {
                    kinds: vec![EventKind::Visit],
                    ..Filter::default()
                },
                ..Default::default()
            }),
            ["PAK -042-> USA"]
        );
        assert_eq!(
            codes(EventQuery {
                filter: Filter {
                    since: Some(Date::parse("2025-05-08").unwrap()),
                    until: Some(Date::parse("2025-05-31").unwrap()),
                    ..Filter::default()
                },
                ..Default::default()
            }),
            ["IND -195-> PAK"]
        );
        assert_eq!(
            codes(EventQuery {
                filter: Filter {
                    since: Some(Date::parse("2025-08-10").unwrap()),
                    on: DateField::Report,
                    ..Filter::default()
                },
                ..Default::default()
            }),
            ["PAK -042-> USA", "IND -195-> PAK", "PAK -190-> IND"],
            "every event was reported on 2025-08-10"
        );
        assert_eq!(
            codes(EventQuery {
                offset: 2,
                ..Default::default()
            }),
            ["PAK -190-> IND"]
        );
        let first = &store
            .events(&EventQuery {
                limit: 1,
                ..Default::default()
            })
            .unwrap()[0];
        assert_eq!(
            first.evidence,
            Evidence {
                sentence: "A sentence.".into(),
                start: 3,
                end: 14,
                source: Some(Span { start: 3, end: 4 }),
                target: None,
                trigger: Some(Span { start: 5, end: 13 }),
            },
            "spans round-trip, and a missing one stays missing"
        );
        assert_eq!(first.rule, "test.rule");
        assert_eq!(first.report_date.as_ref().unwrap().as_str(), "2025-08-10");
    }

    /// The counts `/health` reports are kept by the writes, and agree with counting the rows.
    #[test]
    fn kept_counts_agree_with_counting_the_rows() {
        let mut store = Store::open_in_memory().unwrap();
        let (pak, ind, usa) = (state("PAK"), state("IND"), state("USA"));
        let doc = document("a", "one");
        let events = [
            event(&doc, &pak, &ind, "190", "2025-05-07"),
            event(&doc, &pak, &usa, "042", "2025-06-18"),
        ];
        store.save_document(&doc, &events).unwrap();
        store.save_document(&doc, &events).unwrap();
        let other = document("b", "two");
        store
            .save_document(&other, &[event(&other, &ind, &pak, "195", "2025-05-08")])
            .unwrap();
        let count = |table: &str| -> u64 {
            store
                .sqlite()
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                    row.get::<_, i64>(0)
                })
                .unwrap() as u64
        };
        assert_eq!(
            store.stats().unwrap(),
            Stats {
                n_documents: count("documents"),
                n_actors: count("actors"),
                n_events: count("events") + count("coded_events"),
            }
        );
        assert_eq!(store.stats().unwrap().n_events, 3);
    }

    /// Issue 14: a server saw nothing another process wrote. `changes` gives what another
    /// connection committed since a watermark, and nothing twice.
    #[test]
    fn changes_give_what_another_connection_committed_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        let mut writer = Store::open(&path).unwrap();
        let mut reader = writer.reader().unwrap().expect("a file has readers");
        let (mut graph, watermark) = reader.load_graph_at().unwrap();
        let (pak, ind) = (state("PAK"), state("IND"));
        let doc = document("a", "one");
        writer
            .save_document(&doc, &[event(&doc, &pak, &ind, "190", "2025-05-07")])
            .unwrap();
        let changes = reader.changes(&watermark).unwrap();
        assert!(!changes.reload);
        assert_eq!(changes.actors.len(), 2);
        assert_eq!(changes.records.len(), 1);
        assert_eq!(changes.stats.n_documents, 1);
        let next = changes.watermark;
        assert_eq!(changes.apply(&mut graph), 1);
        assert!(reader.changes(&next).unwrap().is_empty());
        assert_eq!(
            graph.n_events(),
            reader.load_graph().unwrap().n_events(),
            "the graph caught up is the graph loaded"
        );
        assert!(
            reader.save_document(&document("b", "two"), &[]).is_err(),
            "a reader refuses writes"
        );
    }

    /// Issue 14: a write transaction that read before writing failed at once with "database is
    /// locked" when another connection wrote; now it waits for the busy timeout.
    #[test]
    fn a_writer_waits_for_another_instead_of_failing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        let mut first = Store::open(&path).unwrap();
        let mut second = Store::open(&path).unwrap();
        let (pak, ind) = (state("PAK"), state("IND"));
        let Conn::Sqlite(conn) = &mut first.conn else {
            unreachable!("a SQLite store");
        };
        let held = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .unwrap();
        let writing = std::thread::spawn(move || {
            let doc = document("b", "two");
            second.save_document(&doc, &[event(&doc, &ind, &pak, "190", "2025-05-07")])
        });
        std::thread::sleep(Duration::from_millis(300));
        held.commit().unwrap();
        assert_eq!(
            writing.join().unwrap().unwrap(),
            Saved::Added { n_events: 1 }
        );
        assert_eq!(first.stats().unwrap().n_documents, 1);
    }

    #[test]
    fn unknown_actor_is_not_found() {
        let store = Store::open_in_memory().unwrap();
        let missing = ActorId::parse("XXX").unwrap();
        assert!(matches!(store.actor(&missing), Err(Error::ActorNotFound(id)) if id == missing));
    }
}
