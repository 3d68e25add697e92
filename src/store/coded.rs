//! Events coded elsewhere (GDELT), kept row by row in `coded_events` beside the extracted ones.
//!
//! Imports come in batches of many rows, each batch in one transaction with cached statements;
//! a batch that fails leaves nothing behind. The columns GDELT has beyond a geokg event (the
//! actors' ten columns, the three places) are kept packed, tab-separated, so that an export
//! writes the row back as it came.

use std::fmt::Write;

use rusqlite::{params, OptionalExtension, Row as SqlRow, Transaction, TransactionBehavior};

use super::{corrupt, Result, Store};
use crate::ingest::gdelt::{DateAdded, Day, Geo, Row, RowActor, Version};
use crate::model::{Actor, ActorId, CameoCode, EventKind};

/// The indexes of `coded_events`, as migrations 0004 and 0007 make them.
const CODED_INDEXES: &str =
    "CREATE INDEX IF NOT EXISTS coded_by_source ON coded_events (source_id, target_id, date);
     CREATE INDEX IF NOT EXISTS coded_by_target ON coded_events (target_id, source_id, date);
     CREATE INDEX IF NOT EXISTS coded_by_source_date ON coded_events (source_id, date);
     CREATE INDEX IF NOT EXISTS coded_by_target_date ON coded_events (target_id, date);";

/// The names of the indexes of `coded_events`.
const CODED_INDEX_NAMES: [&str; 4] = [
    "coded_by_source",
    "coded_by_target",
    "coded_by_source_date",
    "coded_by_target_date",
];

/// What one batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    /// Rows stored.
    pub added: u64,
    /// Rows whose GLOBALEVENTID was already stored.
    pub duplicate: u64,
    /// Actors stored for the first time.
    pub new_actors: u64,
}

/// Rows packed for the store, with the actors they name for the first time in the import.
///
/// Packing (formatting dates, joining columns) is most of the work of a row before SQLite sees
/// it, so an importer can pack on one thread while another stores. The texts of all rows share
/// one buffer.
#[derive(Debug, Default)]
pub struct Batch {
    actors: Vec<Actor>,
    rows: Vec<CodedRow>,
    text: String,
}

/// One packed row: its numbers, and where its texts lie in the text of its batch.
#[derive(Debug)]
struct CodedRow {
    line: usize,
    id: i64,
    code: CameoCode,
    added: i64,
    version: u8,
    is_root: bool,
    quad_class: u8,
    goldstein: f32,
    mentions: u32,
    sources: u32,
    articles: u32,
    tone: f32,
    /// Text `i` (in the order of [`Text`]) is `text[bounds[i]..bounds[i + 1]]`.
    bounds: [usize; TEXTS + 1],
}

/// The text columns of a packed row, in the order they are packed.
#[derive(Debug, Clone, Copy)]
enum Text {
    SourceId,
    TargetId,
    SourceCode,
    TargetCode,
    Date,
    ReportDate,
    SourceActor,
    TargetActor,
    SourceGeo,
    TargetGeo,
    ActionGeo,
    Url,
}

const TEXTS: usize = Text::Url as usize + 1;

impl Batch {
    /// Adds an actor to write before the rows, the first time a row names it in an import.
    pub fn add_actor(&mut self, actor: &Actor) {
        self.actors.push(actor.clone());
    }

    /// Packs row `line` of a file between two actors, given to [`Batch::add_actor`] in
    /// this or an earlier batch of the import.
    pub fn push(
        &mut self,
        line: usize,
        row: &Row<'_>,
        source: &ActorId,
        target: &ActorId,
    ) -> Result<()> {
        let Ok(id) = i64::try_from(row.global_id) else {
            return Err(super::Error::Invalid {
                what: "GLOBALEVENTID",
                problem: format!("{} is too large for the store", row.global_id),
            });
        };
        let text = &mut self.text;
        let mut bounds = [0; TEXTS + 1];
        bounds[0] = text.len();
        let mut next = 1;
        let mut end = |text: &String| {
            bounds[next] = text.len();
            next += 1;
        };
        text.push_str(source.as_str());
        end(text);
        text.push_str(target.as_str());
        end(text);
        text.push_str(row.actor1.code);
        end(text);
        text.push_str(row.actor2.code);
        end(text);
        write_day(text, row.day);
        end(text);
        write_day(text, row.date_added.day);
        end(text);
        pack_actor(text, &row.actor1);
        end(text);
        pack_actor(text, &row.actor2);
        end(text);
        pack_place(text, &row.actor1_geo, &row.action_geo);
        end(text);
        pack_place(text, &row.actor2_geo, &row.action_geo);
        end(text);
        pack_geo(text, &row.action_geo);
        end(text);
        text.push_str(row.source_url.unwrap_or_default());
        end(text);
        self.rows.push(CodedRow {
            line,
            id,
            code: row.event_code,
            added: row.date_added.raw() as i64,
            version: match row.version {
                Version::V1 => 1,
                Version::V2 => 2,
            },
            is_root: row.is_root,
            quad_class: row.quad_class,
            goldstein: row.goldstein,
            mentions: row.num_mentions,
            sources: row.num_sources,
            articles: row.num_articles,
            tone: row.avg_tone,
            bounds,
        });
        Ok(())
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn text(&self, row: &CodedRow, which: Text) -> &str {
        let at = which as usize;
        &self.text[row.bounds[at]..row.bounds[at + 1]]
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
    tx: &'t Transaction<'t>,
    imported: Imported,
}

impl Writer<'_> {
    /// Stores packed rows (first the actors they name for the first time); a row whose
    /// GLOBALEVENTID is already stored counts as a duplicate.
    pub fn add(&mut self, rows: &Batch) -> std::result::Result<(), Failed> {
        let first_line = rows.rows.first().map_or(0, |row| row.line);
        self.add_actors(&rows.actors).map_err(|error| Failed {
            line: first_line,
            error,
        })?;
        let mut insert = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO coded_events (id, source_id, target_id, source_code,
                target_code, code, kind, date, report_date, added, version, is_root, quad_class,
                goldstein, mentions, sources, articles, tone, source_actor, target_actor,
                source_geo, target_geo, action_geo, url)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
            )
            .map_err(|error| Failed {
                line: first_line,
                error: error.into(),
            })?;
        for row in &rows.rows {
            let text = |which| rows.text(row, which);
            let url = Some(text(Text::Url)).filter(|url| !url.is_empty());
            let n = insert
                .execute(params![
                    row.id,
                    text(Text::SourceId),
                    text(Text::TargetId),
                    text(Text::SourceCode),
                    text(Text::TargetCode),
                    row.code.as_str(),
                    EventKind::of_code(&row.code).as_str(),
                    text(Text::Date),
                    text(Text::ReportDate),
                    row.added,
                    row.version,
                    row.is_root,
                    row.quad_class,
                    f64::from(row.goldstein),
                    row.mentions,
                    row.sources,
                    row.articles,
                    f64::from(row.tone),
                    text(Text::SourceActor),
                    text(Text::TargetActor),
                    text(Text::SourceGeo),
                    text(Text::TargetGeo),
                    text(Text::ActionGeo),
                    url,
                ])
                .map_err(|error| Failed {
                    line: row.line,
                    error: error.into(),
                })?;
            if n == 1 {
                self.imported.added += 1;
            } else {
                self.imported.duplicate += 1;
            }
        }
        Ok(())
    }

    fn add_actors(&mut self, actors: &[Actor]) -> Result<()> {
        let mut insert = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO actors (id, name, kind, cameo, country) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for actor in actors {
            let n = super::insert_actor_row(&mut insert, actor)?;
            self.imported.new_actors += n as u64;
        }
        Ok(())
    }
}

/// One stored row, with the text its borrowed [`Row`] points into.
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
    source_geo: String,
    target_geo: String,
    action_geo: String,
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
            actor1_geo: unpack_place(&self.source_geo, &self.action_geo),
            actor2_geo: unpack_place(&self.target_geo, &self.action_geo),
            action_geo: unpack_geo(&self.action_geo),
            date_added: self.added,
            source_url: self.url.as_deref(),
        }
    }

    fn from_sql(row: &SqlRow<'_>) -> Result<StoredRow> {
        let text = |at: usize| -> Result<String> { Ok(row.get::<_, String>(at)?) };
        let day = super::optional_date(row.get(1)?)?
            .map(|date| Day::from_date(&date))
            .ok_or_else(|| super::Error::Invalid {
                what: "coded event date",
                problem: "missing".to_string(),
            })?;
        let added: i64 = row.get(2)?;
        Ok(StoredRow {
            global_id: row.get::<_, i64>(0)? as u64,
            day,
            added: DateAdded::from_raw(added as u64).ok_or_else(|| super::Error::Invalid {
                what: "coded event DATEADDED",
                problem: added.to_string(),
            })?,
            version: if row.get::<_, i64>(3)? == 1 {
                Version::V1
            } else {
                Version::V2
            },
            code: CameoCode::parse(&text(4)?).map_err(|source| corrupt("event code", source))?,
            is_root: row.get(5)?,
            quad_class: row.get(6)?,
            goldstein: row.get::<_, f64>(7)? as f32,
            mentions: row.get(8)?,
            sources: row.get(9)?,
            articles: row.get(10)?,
            tone: row.get::<_, f64>(11)? as f32,
            source_actor: text(12)?,
            target_actor: text(13)?,
            source_geo: text(14)?,
            target_geo: text(15)?,
            action_geo: text(16)?,
            url: row.get(17)?,
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
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(super::Error::from)?;
        let imported = {
            let mut batch = Writer {
                tx: &tx,
                imported: Imported::default(),
            };
            fill(&mut batch)?;
            batch.imported
        };
        tx.execute(
            "UPDATE store_counts SET n_actors = n_actors + ?1, n_coded = n_coded + ?2",
            params![imported.new_actors as i64, imported.added as i64],
        )
        .map_err(super::Error::from)?;
        tx.commit().map_err(super::Error::from)?;
        Ok(imported)
    }

    /// Starts an import. Into an empty table, the rows go in without their indexes, which are
    /// built once at the end by `finish_import`: sorting once is cheaper than placing every row
    /// in two indexes. A failed import leaves the table without indexes until the next
    /// `finish_import` or `start_import`, which rebuild them; queries are right meanwhile, only
    /// slower.
    ///
    /// Without indexes, a batch only adds pages at the end of the table, and the write-ahead
    /// log is copied into the store after each batch, as usual, while the reading thread of
    /// the importer works on the next one. With indexes, a batch touches pages all over them:
    /// they stay in memory (256 MB at most) instead of spilling half-written pages to the log,
    /// and the log is copied into the store once, by `finish_import`.
    pub fn start_import(&mut self) -> Result<()> {
        let empty: bool = self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM coded_events)",
            [],
            |row| row.get(0),
        )?;
        self.conn.pragma_update(None, "cache_size", -262_144)?;
        if empty {
            for name in CODED_INDEX_NAMES {
                self.conn
                    .execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
            }
        } else {
            self.conn.execute_batch(CODED_INDEXES)?;
            self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        }
        Ok(())
    }

    /// Builds the indexes of `coded_events` when an import that dropped them was stopped before
    /// `finish_import` (killed, or a crash): every open does this, so no store stays without them.
    pub(super) fn repair_indexes(&mut self) -> Result<()> {
        let present: i64 = self.conn.query_row(
            "SELECT count(*) FROM sqlite_master
             WHERE type = 'index' AND tbl_name = 'coded_events' AND name IN (?1, ?2, ?3, ?4)",
            CODED_INDEX_NAMES,
            |row| row.get(0),
        )?;
        if present < CODED_INDEX_NAMES.len() as i64 {
            self.conn.execute_batch(CODED_INDEXES)?;
        }
        Ok(())
    }

    /// Ends an import: builds the indexes if `start_import` left them out, copies the
    /// write-ahead log into the store and goes back to checkpoints every few megabytes and
    /// SQLite's usual cache.
    pub fn finish_import(&mut self) -> Result<()> {
        // The sorts that build indexes go in runs of 4 MB (as the cache size sets them) on two
        // threads, which is faster than one sort of everything in memory.
        self.conn.pragma_update(None, "threads", 2)?;
        self.conn.pragma_update(None, "cache_size", -4096)?;
        self.conn.execute_batch(CODED_INDEXES)?;
        self.conn.pragma_update(None, "threads", 0)?;
        self.conn.pragma_update(None, "cache_size", -2000)?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .optional()?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 1000)?;
        Ok(())
    }

    /// Every imported row, by GLOBALEVENTID, handed to `each` one at a time (for exports).
    pub fn each_coded_row(
        &self,
        mut each: impl FnMut(&StoredRow) -> std::io::Result<()>,
    ) -> Result<()> {
        let mut statement = self.conn.prepare(
            "SELECT id, date, added, version, code, is_root, quad_class, goldstein, mentions,
                    sources, articles, tone, source_actor, target_actor, source_geo, target_geo,
                    action_geo, url
             FROM coded_events ORDER BY id",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            each(&StoredRow::from_sql(row)?)?;
        }
        Ok(())
    }

    /// Number of imported rows.
    pub fn n_coded(&self) -> Result<u64> {
        Ok(self.stats_row()?.3)
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

/// A place's eight columns, tab-separated; coordinates in the shortest form that reads back
/// the same.
fn pack_geo(out: &mut String, geo: &Geo<'_>) {
    if geo.is_empty() {
        return;
    }
    let coordinate = |out: &mut String, value: Option<f64>| {
        if let Some(value) = value {
            write!(out, "{value}").expect("writing to a string succeeds");
        }
    };
    write!(
        out,
        "{}\t{}\t{}\t{}\t{}\t",
        geo.kind, geo.full_name, geo.country_code, geo.adm1, geo.adm2
    )
    .expect("writing to a string succeeds");
    coordinate(out, geo.lat);
    out.push('\t');
    coordinate(out, geo.long);
    out.push('\t');
    out.push_str(geo.feature_id);
}

/// An actor's place: `=` when it is the place of the action, as it most often is.
fn pack_place(out: &mut String, place: &Geo<'_>, action: &Geo<'_>) {
    if place == action && !place.is_empty() {
        out.push('=');
    } else {
        pack_geo(out, place);
    }
}

fn unpack_place<'a>(packed: &'a str, action: &'a str) -> Geo<'a> {
    unpack_geo(if packed == "=" { action } else { packed })
}

fn unpack_geo(packed: &str) -> Geo<'_> {
    if packed.is_empty() {
        return Geo::default();
    }
    let mut f = [""; 8];
    for (slot, field) in f.iter_mut().zip(packed.split('\t')) {
        *slot = field;
    }
    Geo {
        kind: f[0].parse().unwrap_or(0),
        full_name: f[1],
        country_code: f[2],
        adm1: f[3],
        adm2: f[4],
        lat: f[5].parse().ok(),
        long: f[6].parse().ok(),
        feature_id: f[7],
    }
}
