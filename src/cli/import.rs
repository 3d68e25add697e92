//! `geokg import gdelt` and `geokg import icews`: GDELT 1.0 and 2.0 event files and ICEWS event
//! files (plain, `.zip`, `.gz` or stdin) into the store, in batches of one transaction each,
//! with every bad row named by file, line and column.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use super::{open_store, EXIT_REJECTED};
use crate::extract::{ActorCache, Dictionary, IcewsActors, Placement};
use crate::ingest::gdelt::{parse_line, Geo, Origin, RowActor};
use crate::ingest::icews;
use crate::model::{Actor, ActorId, CameoCode, Dataset};
use crate::store::{
    coded_key, placed, Batch, Checkpointer, CodedEvent, Columns, Imported, Place, Store, Unstorable,
};

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Where the events come from.
    #[command(subcommand)]
    pub source: ImportSource,
}

/// The formats `import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// GDELT event files, 1.0 (57 or 58 columns) or 2.0 (61 columns), as published: plain,
    /// `.zip` or `.gz`; `-` reads stdin.
    Gdelt(GdeltArgs),
    /// ICEWS event files (20 tab-separated columns with a header row), as published: plain,
    /// `.zip` or `.gz`; `-` reads stdin.
    Icews(IcewsArgs),
}

/// The arguments every import of coded event files takes.
#[derive(Debug, Args)]
pub struct CodedArgs {
    /// Event files, or `-` for stdin.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Rows per transaction.
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `import gdelt`.
#[derive(Debug, Args)]
pub struct GdeltArgs {
    #[command(flatten)]
    pub coded: CodedArgs,
    /// Do not place actors whose code names a role but no country (`GOV`, `COP`, `BUS`) in the
    /// country of their place: skip their rows, as geokg did before.
    #[arg(long)]
    pub no_geo_actors: bool,
}

/// Arguments of `import icews`.
#[derive(Debug, Args)]
pub struct IcewsArgs {
    #[command(flatten)]
    pub coded: CodedArgs,
}

/// Bad rows printed per file; the others are counted.
const SHOWN_PER_FILE: usize = 20;

/// What an import did, over all files.
#[derive(Debug, Default)]
struct Counts {
    read: u64,
    stored: Imported,
    no_actor: u64,
    no_country: u64,
    same_actor: u64,
    rejected: u64,
    placed_own: u64,
    placed_action: u64,
}

/// Lines read per message from the reading thread to the storing thread.
const LINES_PER_MESSAGE: u64 = 4096;

/// Messages in flight between the two threads.
const MESSAGES_IN_FLIGHT: usize = 16;

/// What the reading thread sends to the storing thread.
enum Message {
    /// Rows of a file, and whether they end a transaction.
    Rows {
        name: String,
        batch: Batch,
        commit: bool,
    },
    /// Reading failed: the transaction in progress is dropped.
    Failed(anyhow::Error),
}

/// Runs `import`: one thread reads, parses and packs rows while this one stores them.
pub fn run(db: &Path, dictionary: &Dictionary, args: ImportArgs) -> Result<ExitCode> {
    match args.source {
        ImportSource::Gdelt(args) => {
            let mut reader = GdeltReader {
                cache: ActorCache::new(dictionary),
                geo_actors: !args.no_geo_actors,
            };
            import(db, Dataset::Gdelt, &args.coded, &mut reader)
        }
        ImportSource::Icews(args) => {
            let mut reader = IcewsReader {
                actors: IcewsActors::new(dictionary),
                countries: HashMap::new(),
                dictionary,
            };
            import(db, Dataset::Icews, &args.coded, &mut reader)
        }
    }
}

fn import(
    db: &Path,
    dataset: Dataset,
    common: &CodedArgs,
    rows: &mut (dyn RowReader + Send),
) -> Result<ExitCode> {
    let mut store = open_store(db)?;
    let checkpointer = store.start_import().context("cannot prepare the store")?;
    let started = std::time::Instant::now();
    let (send, receive) = mpsc::sync_channel(MESSAGES_IN_FLIGHT);
    let (mut counts, stored) = thread::scope(|scope| {
        let reader = scope.spawn(|| read_files(common, rows, send));
        let log = checkpointer.map(|checkpointer| Log::start(scope, checkpointer));
        let stored = store_rows(&mut store, receive, log);
        let counts = reader.join().expect("the reading thread does not panic");
        (counts, stored)
    });
    counts.stored = stored?;
    let [no_actor, no_country, same_actor] = counts.stored.unstorable;
    counts.no_actor += no_actor;
    counts.no_country += no_country;
    counts.same_actor += same_actor;
    store
        .finish_import()
        .context("cannot write the imported rows into the store")?;
    let seconds = started.elapsed().as_secs_f64();
    let stored = &counts.stored;
    let skipped = counts.no_actor + counts.no_country + counts.same_actor;
    if common.json {
        say!(
            "{}",
            json!({
                "dataset": dataset.as_str(),
                "read": counts.read,
                "imported": stored.added,
                "imported_two_actors": stored.added - stored.one_actor,
                "imported_one_actor": stored.one_actor,
                "duplicate": stored.duplicate,
                "own_export": stored.own,
                "placed_by_own_place": counts.placed_own,
                "placed_by_action_place": counts.placed_action,
                "skipped_no_actor": counts.no_actor,
                "skipped_no_country": counts.no_country,
                "skipped_same_actor": counts.same_actor,
                "rejected": counts.rejected,
                "new_actors": stored.new_actors,
                "seconds": (seconds * 1000.0).round() / 1000.0,
            })
        );
    } else {
        let placed = if counts.placed_own + counts.placed_action > 0 {
            format!(
                " ({} actors with a role but no country placed by their own place, {} by the place of the action, theirs being empty)",
                counts.placed_own, counts.placed_action
            )
        } else {
            String::new()
        };
        say!(
            "read {} {dataset} rows: imported {} ({} between two actors, {} of one actor){placed}, already stored {} (same event number), already stored {} (geokg's own export of events this store holds), skipped {} ({} with no actor, {} with an actor of no country, {} with the same actor on both sides), rejected {}; {} new actors; {:.1} s ({:.0} rows/s)",
            counts.read,
            stored.added,
            stored.added - stored.one_actor,
            stored.one_actor,
            stored.duplicate,
            stored.own,
            skipped,
            counts.no_actor,
            counts.no_country,
            counts.same_actor,
            counts.rejected,
            stored.new_actors,
            seconds,
            counts.read as f64 / seconds.max(1e-9)
        );
    }
    Ok(if counts.rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_REJECTED)
    })
}

/// Rows committed between two checkpoints asked of the [`Log`] thread.
const ROWS_PER_CHECKPOINT: u64 = 50_000;

/// Rows committed between two times the storing thread waits for the log to be copied whole,
/// so that it starts again from its beginning: the log holds at most about this many rows.
const ROWS_PER_WHOLE_CHECKPOINT: u64 = 1_000_000;

/// The thread that copies the write-ahead log into the store while rows are stored (see
/// `Store::start_import`), and what the storing thread knows of it.
struct Log {
    ask: SyncSender<()>,
    done: Receiver<()>,
    /// Checkpoints asked for and not yet done.
    pending: usize,
    /// Rows committed since the last checkpoint asked for.
    since_asked: u64,
    /// Rows committed since the log was last copied whole.
    since_whole: u64,
}

impl Log {
    fn start<'s>(scope: &'s thread::Scope<'s, '_>, checkpointer: Checkpointer) -> Log {
        let (ask, asked) = mpsc::sync_channel(1);
        let (finished, done) = mpsc::channel();
        scope.spawn(move || {
            for () in asked {
                // A checkpoint that fails leaves its pages in the log, where `finish_import`
                // copies them (and says so if it cannot).
                let _ = checkpointer.checkpoint();
                if finished.send(()).is_err() {
                    return;
                }
            }
        });
        Log {
            ask,
            done,
            pending: 0,
            since_asked: 0,
            since_whole: 0,
        }
    }

    /// After a commit of `rows` rows: asks for a checkpoint when none is under way and enough
    /// rows came since the last; now and then waits for the whole log to be copied, before the
    /// next transaction begins, so that the log does not grow without end.
    fn committed(&mut self, rows: u64) {
        self.since_asked += rows;
        self.since_whole += rows;
        while self.done.try_recv().is_ok() {
            self.pending -= 1;
        }
        if self.since_whole >= ROWS_PER_WHOLE_CHECKPOINT {
            while self.pending > 0 && self.done.recv().is_ok() {
                self.pending -= 1;
            }
            if self.ask.send(()).is_ok() {
                let _ = self.done.recv();
            }
            self.since_whole = 0;
            self.since_asked = 0;
        } else if self.pending == 0
            && self.since_asked >= ROWS_PER_CHECKPOINT
            && self.ask.send(()).is_ok()
        {
            self.pending = 1;
            self.since_asked = 0;
        }
    }
}

/// Stores the rows the reading thread sends, one transaction per `--batch` rows read, until it
/// stops or fails; after each commit, tells the log thread, when there is one.
fn store_rows(
    store: &mut Store,
    receive: Receiver<Message>,
    mut log: Option<Log>,
) -> Result<Imported> {
    let mut total = Imported::default();
    let mut more = true;
    while more {
        let imported = store.import_coded(|writer| -> Result<()> {
            loop {
                match receive.recv() {
                    Ok(Message::Rows {
                        name,
                        batch,
                        commit,
                    }) => {
                        writer.add(&batch).map_err(|failed| {
                            anyhow::Error::from(failed.error)
                                .context(format!("cannot store {name}:{}", failed.line))
                        })?;
                        if commit {
                            return Ok(());
                        }
                    }
                    Ok(Message::Failed(error)) => return Err(error),
                    Err(_) => {
                        more = false;
                        return Ok(());
                    }
                }
            }
        })?;
        if let Some(log) = &mut log {
            log.committed(imported.added);
        }
        total.merge(&imported);
    }
    Ok(total)
}

/// One format's rows: parses a line and packs its event into the batch, or says why not.
trait RowReader {
    /// Whether the line is a header to pass over.
    fn is_header(&self, line: &str) -> bool;

    /// Reads line `number`: packs its event, counts it as skipped, or gives the reason it is
    /// rejected (naming the column).
    fn read(
        &mut self,
        number: usize,
        line: &str,
        actors: &mut Actors,
        batch: &mut Batch,
        counts: &mut Counts,
    ) -> std::result::Result<(), String>;
}

/// The sides of a row as the importer found them.
enum Sides {
    /// Neither side names an actor.
    None,
    /// A side names an actor geokg cannot place.
    NoCountry,
    /// Both sides are the same actor.
    Same,
    /// The actor or actors of the event, by number.
    Found(usize, Option<usize>),
}

impl Sides {
    /// Counts a row that gives no event; true when it gives one. A row of a geokg export
    /// (`url` names an [`Origin`]) goes to the store to be counted: as its own, when the store
    /// holds its event.
    fn counted(
        &self,
        counts: &mut Counts,
        batch: &mut Batch,
        line: usize,
        url: Option<&str>,
    ) -> bool {
        let why = match self {
            Sides::None => Unstorable::NoActor,
            Sides::NoCountry => Unstorable::NoCountry,
            Sides::Same => Unstorable::SameActor,
            Sides::Found(..) => return true,
        };
        match url.filter(|url| Origin::of_url(url).is_some()) {
            Some(url) => batch.probe(line, url, why),
            None => match why {
                Unstorable::NoActor => counts.no_actor += 1,
                Unstorable::NoCountry => counts.no_country += 1,
                Unstorable::SameActor => counts.same_actor += 1,
            },
        }
        false
    }
}

struct GdeltReader<'d> {
    cache: ActorCache<'d>,
    geo_actors: bool,
}

impl GdeltReader<'_> {
    /// The number of the actor of one side and how it was placed; `None` when it has none.
    fn side(
        &mut self,
        actor: &RowActor<'_>,
        own: &Geo<'_>,
        action: &Geo<'_>,
        actors: &mut Actors,
    ) -> Option<(usize, Placement)> {
        if let Some(found) = self.cache.actor(actor) {
            return Some((actors.number(found), Placement::Code));
        }
        if !self.geo_actors {
            return None;
        }
        let (found, placement) =
            self.cache
                .placed_actor(actor, own.country_code, action.country_code)?;
        Some((actors.number(found), placement))
    }
}

impl RowReader for GdeltReader<'_> {
    fn is_header(&self, _line: &str) -> bool {
        false
    }

    fn read(
        &mut self,
        number: usize,
        line: &str,
        actors: &mut Actors,
        batch: &mut Batch,
        counts: &mut Counts,
    ) -> std::result::Result<(), String> {
        let row = parse_line(line).map_err(|error| error.to_string())?;
        let key = coded_key(Dataset::Gdelt, row.global_id).ok_or_else(|| {
            format!(
                "field `GLOBALEVENTID`: {} is too large for the store",
                row.global_id
            )
        })?;
        let (first, second) = (!row.actor1.is_empty(), !row.actor2.is_empty());
        let one = if first {
            self.side(&row.actor1, &row.actor1_geo, &row.action_geo, actors)
        } else {
            None
        };
        let two = if second {
            self.side(&row.actor2, &row.actor2_geo, &row.action_geo, actors)
        } else {
            None
        };
        let sides = match (first, second, one, two) {
            (false, false, ..) => Sides::None,
            (true, true, Some(a), Some(b)) if a.0 == b.0 => Sides::Same,
            (true, true, Some(a), Some(b)) => Sides::Found(a.0, Some(b.0)),
            (true, false, Some(a), _) => Sides::Found(a.0, None),
            (false, true, _, Some(b)) => Sides::Found(b.0, None),
            _ => Sides::NoCountry,
        };
        if !sides.counted(counts, batch, number, row.source_url) {
            return Ok(());
        }
        let Sides::Found(source, target) = sides else {
            unreachable!("counted above");
        };
        // The bits of `placed` are of the stored source and target: an event whose one actor
        // is GDELT's Actor2 stores it as its source.
        let mut bits = 0;
        let stored_sides = match (one, two) {
            (Some(a), Some(b)) => [Some(a.1), Some(b.1)],
            (Some(a), None) => [Some(a.1), None],
            (None, Some(b)) => [Some(b.1), None],
            (None, None) => [None, None],
        };
        for (side, placement) in stored_sides.into_iter().enumerate() {
            let (own, action) = if side == 0 {
                (placed::SOURCE_BY_OWN_PLACE, placed::SOURCE_BY_ACTION)
            } else {
                (placed::TARGET_BY_OWN_PLACE, placed::TARGET_BY_ACTION)
            };
            match placement {
                Some(Placement::OwnPlace) => {
                    bits |= own;
                    counts.placed_own += 1;
                }
                Some(Placement::ActionPlace) => {
                    bits |= action;
                    counts.placed_action += 1;
                }
                _ => {}
            }
        }
        let maybe = row
            .source_url
            .is_some_and(|url| Origin::of_url(url).is_some());
        actors.send(source, batch, maybe);
        if let Some(target) = target {
            actors.send(target, batch, maybe);
        }
        let event = CodedEvent {
            key,
            source: &actors.list[source].id,
            target: target.map(|target| &actors.list[target].id),
            source_code: row.actor1.code,
            target_code: row.actor2.code,
            source_columns: Columns::Gdelt(row.actor1),
            target_columns: Columns::Gdelt(row.actor2),
            placed: bits,
            code: row.event_code,
            day: row.day,
            report_day: row.date_added.day,
            added: row.date_added.raw(),
            version: match row.version {
                crate::ingest::gdelt::Version::V1 => 1,
                crate::ingest::gdelt::Version::V2 => 2,
            },
            is_root: row.is_root,
            quad_class: row.quad_class,
            goldstein: row.goldstein,
            counts: [row.num_mentions, row.num_sources, row.num_articles],
            tone: row.avg_tone,
            places: [
                Place::of_geo(&row.actor1_geo),
                Place::of_geo(&row.actor2_geo),
                Place::of_geo(&row.action_geo),
            ],
            url: row.source_url,
            story: None,
            publisher: "",
        };
        batch.push(number, &event);
        Ok(())
    }
}

struct IcewsReader<'d> {
    actors: IcewsActors<'d>,
    /// ISO codes of ICEWS's country names, for places.
    countries: HashMap<String, Option<String>>,
    dictionary: &'d Dictionary,
}

impl RowReader for IcewsReader<'_> {
    fn is_header(&self, line: &str) -> bool {
        icews::is_header(line)
    }

    fn read(
        &mut self,
        number: usize,
        line: &str,
        actors: &mut Actors,
        batch: &mut Batch,
        counts: &mut Counts,
    ) -> std::result::Result<(), String> {
        let row = icews::parse_line(line).map_err(|error| error.to_string())?;
        let key = coded_key(Dataset::Icews, row.event_id).ok_or_else(|| {
            format!(
                "column 1 `Event ID`: {} is too large for the store",
                row.event_id
            )
        })?;
        let date = row.day.to_date();
        let mut side = |side: &icews::Side<'_>| {
            let found = self.actors.actor(side, Some(&date))?;
            Some(actors.number(found))
        };
        let source = side(&row.source);
        let target = if row.target.is_empty() {
            None
        } else {
            side(&row.target)
        };
        let sides = match (source, row.target.is_empty(), target) {
            (Some(a), true, _) => Sides::Found(a, None),
            (Some(a), false, Some(b)) if a == b => Sides::Same,
            (Some(a), false, Some(b)) => Sides::Found(a, Some(b)),
            _ => Sides::NoCountry,
        };
        if !sides.counted(counts, batch, number, None) {
            return Ok(());
        }
        let Sides::Found(source, target) = sides else {
            unreachable!("counted above");
        };
        actors.send(source, batch, false);
        if let Some(target) = target {
            actors.send(target, batch, false);
        }
        let dictionary = self.dictionary;
        let country = self
            .countries
            .entry(row.country.to_string())
            .or_insert_with(|| {
                let side = icews::Side {
                    name: row.country,
                    sectors: "",
                    country: row.country,
                };
                crate::extract::icews_actor(dictionary, &side, None)
                    .filter(|actor| actor.kind == crate::model::ActorKind::State)
                    .map(|actor| actor.country)
            })
            .as_deref()
            .unwrap_or("");
        let place_name = row.place_name();
        let action = Place {
            kind: match (
                row.city.is_empty(),
                row.province.is_empty(),
                row.country.is_empty(),
            ) {
                (false, ..) => 4,
                (true, false, _) => 5,
                (true, true, false) => 1,
                (true, true, true) => 0,
            },
            name: &place_name,
            fips: "",
            country,
            adm1: row.province,
            adm2: row.district,
            lat: row.lat,
            long: row.long,
            feature: "",
        };
        let code: CameoCode = row.code;
        let event = CodedEvent {
            key,
            source: &actors.list[source].id,
            target: target.map(|target| &actors.list[target].id),
            source_code: row.source.name,
            target_code: row.target.name,
            source_columns: Columns::Icews(row.source.fields()),
            target_columns: Columns::Icews(row.target.fields()),
            placed: 0,
            code,
            day: row.day,
            report_day: row.day,
            added: u64::from(row.day.yyyymmdd()),
            version: 0,
            is_root: false,
            quad_class: code.info().quad_class,
            goldstein: row.intensity,
            counts: [1, 1, 1],
            tone: 0.0,
            places: [Place::default(), Place::default(), action],
            url: None,
            story: row
                .story_id
                .zip(row.sentence)
                .map(|(story, sentence)| (story as i64, i64::from(sentence))),
            publisher: row.publisher,
        };
        batch.push(number, &event);
        Ok(())
    }
}

/// Reads every file and sends its rows, packed, to the storing thread; returns the counts of
/// rows read, rejected and skipped. Stops early when the storing thread has stopped.
fn read_files(
    common: &CodedArgs,
    rows: &mut (dyn RowReader + Send),
    send: SyncSender<Message>,
) -> Counts {
    let mut counts = Counts::default();
    let mut actors = Actors::default();
    for path in &common.files {
        let sources = match open(path) {
            Ok(sources) => sources,
            Err(error) => {
                let _ = send.send(Message::Failed(error));
                return counts;
            }
        };
        for (name, reader, size) in sources {
            let file = File_ {
                name: &name,
                batch: common.batch,
            };
            match read_file(&file, reader, size, rows, &mut actors, &mut counts, &send) {
                Ok(true) => {}
                Ok(false) => return counts,
                Err(error) => {
                    let _ = send.send(Message::Failed(error));
                    return counts;
                }
            }
        }
    }
    counts
}

/// A file being read: its name for messages, and rows per transaction.
struct File_<'a> {
    name: &'a str,
    batch: u64,
}

/// Reads one file; false when the storing thread has stopped.
fn read_file(
    file: &File_<'_>,
    reader: Box<dyn Read>,
    size: Option<u64>,
    rows: &mut (dyn RowReader + Send),
    actors: &mut Actors,
    counts: &mut Counts,
    send: &SyncSender<Message>,
) -> Result<bool> {
    let name = file.name;
    let progress = progress_bar(size);
    let mut lines = Lines {
        reader: BufReader::with_capacity(
            1 << 20,
            Counting {
                inner: reader,
                progress: progress.clone(),
            },
        ),
        buffer: Vec::new(),
        number: 0,
    };
    let mut shown = 0;
    let mut batch = Batch::default();
    let mut in_batch = 0;
    while let Some((number, line)) = lines
        .read_line()
        .with_context(|| format!("cannot read {name}"))?
    {
        let Some(line) = line else {
            counts.read += 1;
            counts.rejected += 1;
            report(&mut shown, name, number, "not valid UTF-8");
            continue;
        };
        if line.trim_end().is_empty() || (number == 1 && rows.is_header(line)) {
            continue;
        }
        counts.read += 1;
        in_batch += 1;
        if let Err(reason) = rows.read(number, line, actors, &mut batch, counts) {
            counts.rejected += 1;
            report(&mut shown, name, number, &reason);
        }
        if in_batch % LINES_PER_MESSAGE == 0 || in_batch == file.batch {
            let commit = in_batch == file.batch;
            if commit {
                in_batch = 0;
            }
            if !send_rows(send, name, &mut batch, commit) {
                return Ok(false);
            }
        }
    }
    progress.finish_and_clear();
    if shown > SHOWN_PER_FILE {
        note!("rejected: {name}: more bad rows not shown; see the count below");
    }
    Ok(send_rows(send, name, &mut batch, true))
}

/// Sends the rows of a batch, leaving it empty; false when the storing thread has stopped.
fn send_rows(send: &SyncSender<Message>, name: &str, batch: &mut Batch, commit: bool) -> bool {
    let rows = Message::Rows {
        name: name.to_string(),
        batch: std::mem::take(batch),
        commit,
    };
    send.send(rows).is_ok()
}

/// The actors of an import, numbered in the order rows first name them.
#[derive(Default)]
struct Actors {
    numbers: HashMap<ActorId, usize>,
    list: Vec<Actor>,
    /// Whether the actor of each number went to the store.
    sent: Vec<bool>,
}

impl Actors {
    /// The number of an actor.
    fn number(&mut self, actor: &Actor) -> usize {
        if let Some(&number) = self.numbers.get(&actor.id) {
            return number;
        }
        let number = self.list.len();
        self.numbers.insert(actor.id.clone(), number);
        self.list.push(actor.clone());
        self.sent.push(false);
        number
    }

    /// Adds the actor of a number to the batch the first time a row names it; every time for
    /// a row that may not be stored (`maybe`: a row of a geokg export, which adds nothing when
    /// the store holds its event), so that the next row that names it sends it again.
    fn send(&mut self, number: usize, batch: &mut Batch, maybe: bool) {
        if !self.sent[number] {
            self.sent[number] = !maybe;
            batch.add_actor(&self.list[number]);
        }
    }
}

/// Prints a bad row, up to `SHOWN_PER_FILE` per file.
fn report(shown: &mut usize, name: &str, line: usize, reason: &str) {
    if *shown < SHOWN_PER_FILE {
        note!("rejected: {name}:{line}: {reason}");
    }
    *shown += 1;
}

/// One input: its name for messages, its reader, and its size in bytes when known.
type Source = (String, Box<dyn Read>, Option<u64>);

/// The readers of a path: a plain or gzip file, every file of a zip archive, or stdin; each
/// with its name for messages and its size in bytes when known.
fn open(path: &Path) -> Result<Vec<Source>> {
    let name = path.display().to_string();
    if name == "-" {
        return Ok(vec![(
            "stdin".to_string(),
            Box::new(io::stdin().lock()),
            None,
        )]);
    }
    let file = File::open(path).with_context(|| format!("cannot open {name}"))?;
    let size = file.metadata().ok().map(|meta| meta.len());
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".gz") {
        return Ok(vec![(
            name,
            Box::new(flate2::read::MultiGzDecoder::new(file)),
            None,
        )]);
    }
    if !lower.ends_with(".zip") {
        return Ok(vec![(name, Box::new(file), size)]);
    }
    // A zip is read entry by entry into memory: GDELT's archives hold one file of a few MB.
    let mut archive =
        zip::ZipArchive::new(file).with_context(|| format!("{name} is not a zip archive"))?;
    let mut readers: Vec<Source> = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .with_context(|| format!("cannot read entry {index} of {name}"))?;
        if entry.is_dir() {
            continue;
        }
        let entry_name = match entry.name() {
            Ok(inner) => format!("{name}:{inner}"),
            Err(_) => format!("{name}:entry {index}"),
        };
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot unpack {entry_name}"))?;
        let size = bytes.len() as u64;
        readers.push((entry_name, Box::new(io::Cursor::new(bytes)), Some(size)));
    }
    Ok(readers)
}

fn progress_bar(size: Option<u64>) -> ProgressBar {
    let large = size.is_none_or(|size| size > 5_000_000);
    if !large || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match size {
        Some(size) => (
            ProgressBar::new(size),
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec})",
        ),
        None => (
            ProgressBar::no_length(),
            "{spinner} [{elapsed_precise}] {bytes} read ({bytes_per_sec})",
        ),
    };
    bar.set_style(ProgressStyle::with_template(template).expect("template is valid"));
    bar
}

/// A reader that moves a progress bar.
struct Counting<R> {
    inner: R,
    progress: ProgressBar,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.inc(n as u64);
        Ok(n)
    }
}

/// The lines of a reader, numbered from 1, without allocating one string each.
struct Lines<R> {
    reader: R,
    buffer: Vec<u8>,
    number: usize,
}

impl<R: BufRead> Lines<R> {
    /// The next line with its number (the line is None when it is not UTF-8); None at the end.
    fn read_line(&mut self) -> io::Result<Option<(usize, Option<&str>)>> {
        self.buffer.clear();
        if self.reader.read_until(b'\n', &mut self.buffer)? == 0 {
            return Ok(None);
        }
        self.number += 1;
        Ok(Some((self.number, std::str::from_utf8(&self.buffer).ok())))
    }
}
