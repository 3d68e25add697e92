//! `geokg import gdelt`: GDELT 1.0 and 2.0 event files (plain, `.zip`, `.gz` or stdin) into the
//! store, in batches of one transaction each, with every bad row named by file, line and column.

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
use crate::extract::{ActorCache, Dictionary};
use crate::ingest::gdelt::{parse_line, RowActor};
use crate::model::{Actor, ActorId};
use crate::store::{Batch, Imported, Store};

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
}

/// Arguments of `import gdelt`.
#[derive(Debug, Args)]
pub struct GdeltArgs {
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

/// Bad rows printed per file; the others are counted.
const SHOWN_PER_FILE: usize = 20;

/// What an import did, over all files.
#[derive(Debug, Default)]
struct Counts {
    read: u64,
    imported: u64,
    duplicate: u64,
    one_actor: u64,
    no_country: u64,
    same_actor: u64,
    rejected: u64,
    new_actors: u64,
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
    let ImportSource::Gdelt(args) = args.source;
    let mut store = open_store(db)?;
    store.start_import().context("cannot prepare the store")?;
    let started = std::time::Instant::now();
    let (send, receive) = mpsc::sync_channel(MESSAGES_IN_FLIGHT);
    let (mut counts, stored) = thread::scope(|scope| {
        let reader = scope.spawn(|| read_files(&args, dictionary, send));
        let stored = store_rows(&mut store, receive);
        let counts = reader.join().expect("the reading thread does not panic");
        (counts, stored)
    });
    let stored = stored?;
    counts.imported = stored.added;
    counts.duplicate = stored.duplicate;
    counts.new_actors = stored.new_actors;
    store
        .finish_import()
        .context("cannot write the imported rows into the store")?;
    let seconds = started.elapsed().as_secs_f64();
    let skipped = counts.one_actor + counts.no_country + counts.same_actor;
    if args.json {
        say!(
            "{}",
            json!({
                "read": counts.read,
                "imported": counts.imported,
                "duplicate": counts.duplicate,
                "skipped_one_actor": counts.one_actor,
                "skipped_no_country": counts.no_country,
                "skipped_same_actor": counts.same_actor,
                "rejected": counts.rejected,
                "new_actors": counts.new_actors,
                "seconds": (seconds * 1000.0).round() / 1000.0,
            })
        );
    } else {
        say!(
            "read {} rows: imported {}, already stored {}, skipped {} ({} with one actor, {} with an actor of no country such as `BUS` or `CVL`, {} with the same actor on both sides), rejected {}; {} new actors; {:.1} s ({:.0} rows/s)",
            counts.read,
            counts.imported,
            counts.duplicate,
            skipped,
            counts.one_actor,
            counts.no_country,
            counts.same_actor,
            counts.rejected,
            counts.new_actors,
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

/// Stores the rows the reading thread sends, one transaction per `--batch` rows read, until it
/// stops or fails.
fn store_rows(store: &mut Store, receive: Receiver<Message>) -> Result<Imported> {
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
        total.added += imported.added;
        total.duplicate += imported.duplicate;
        total.new_actors += imported.new_actors;
    }
    Ok(total)
}

/// Reads every file and sends its rows, packed, to the storing thread; returns the counts of
/// rows read, rejected and skipped. Stops early when the storing thread has stopped.
fn read_files(args: &GdeltArgs, dictionary: &Dictionary, send: SyncSender<Message>) -> Counts {
    let mut counts = Counts::default();
    let mut actors = Actors {
        cache: ActorCache::new(dictionary),
        numbers: HashMap::new(),
        list: Vec::new(),
        sent: Vec::new(),
    };
    for path in &args.files {
        let sources = match open(path) {
            Ok(sources) => sources,
            Err(error) => {
                let _ = send.send(Message::Failed(error));
                return counts;
            }
        };
        for (name, reader, size) in sources {
            match read_file(args, &name, reader, size, &mut actors, &mut counts, &send) {
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

/// Reads one file; false when the storing thread has stopped.
fn read_file(
    args: &GdeltArgs,
    name: &str,
    reader: Box<dyn Read>,
    size: Option<u64>,
    actors: &mut Actors<'_>,
    counts: &mut Counts,
    send: &SyncSender<Message>,
) -> Result<bool> {
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
        if line.trim_end().is_empty() {
            continue;
        }
        counts.read += 1;
        in_batch += 1;
        let row = match parse_line(line) {
            Ok(row) => row,
            Err(error) => {
                counts.rejected += 1;
                report(&mut shown, name, number, &error.to_string());
                continue;
            }
        };
        if !row.has_two_actors() {
            counts.one_actor += 1;
        } else if let Some(source) = actors.number(&row.actor1) {
            match actors.number(&row.actor2) {
                None => counts.no_country += 1,
                Some(target) if target == source => counts.same_actor += 1,
                Some(target) => {
                    for side in [source, target] {
                        if !actors.sent[side] {
                            actors.sent[side] = true;
                            batch.add_actor(&actors.list[side]);
                        }
                    }
                    let (source, target) = (&actors.list[source].id, &actors.list[target].id);
                    batch
                        .push(number, &row, source, target)
                        .with_context(|| format!("cannot store {name}:{number}"))?;
                }
            }
        } else {
            counts.no_country += 1;
        }
        if in_batch % LINES_PER_MESSAGE == 0 || in_batch == args.batch {
            let commit = in_batch == args.batch;
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
struct Actors<'d> {
    cache: ActorCache<'d>,
    numbers: HashMap<ActorId, usize>,
    list: Vec<Actor>,
    /// Whether the actor of each number went to the store.
    sent: Vec<bool>,
}

impl Actors<'_> {
    /// The number of the actor of one side of a row, as `ActorCache` maps it.
    fn number(&mut self, side: &RowActor<'_>) -> Option<usize> {
        let actor = self.cache.actor(side)?;
        if let Some(&number) = self.numbers.get(&actor.id) {
            return Some(number);
        }
        let number = self.list.len();
        self.numbers.insert(actor.id.clone(), number);
        self.list.push(actor.clone());
        self.sent.push(false);
        Some(number)
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
