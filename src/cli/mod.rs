//! The command line: clap commands that wire ingest, extract, store, graph, export and server together.
//!
//! The only module (with `main.rs`) that knows argv, files, stdin and exit codes.
//! Output is for people by default; `--json` prints JSON (JSON Lines for streams) for programs.

use std::fs;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

/// `println!` that returns an error instead of panicking when stdout is closed (`geokg ... | head`).
macro_rules! say {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout(), $($arg)*)?
    };
}

/// `eprintln!` that goes on when stderr is closed (`geokg ... 2>&1 | head`) instead of
/// panicking half-way through a run.
macro_rules! note {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), "{}", $crate::cli::plain(&format!($($arg)*)));
    }};
}

mod import;
mod query;
mod stories;

pub use import::{GdeltArgs, IcewsArgs, ImportArgs, ImportSource};
pub use query::{
    ActorArgs, ActorsArgs, CommunitiesArgs, EventsArgs, ExportArgs, ExportFormat, Filters,
    NeighborsArgs, PathArgs, RankArgs, RelationArgs, Window,
};
pub use stories::StoriesArgs;

use crate::eval;
use crate::export;
use crate::extract::{self, Dictionary};
use crate::graph::{ActorGraph, Level, Subgraph};
use crate::ingest::{self, Defaults};
use crate::model::{ActorId, Document};
use crate::pipeline;
use crate::query::views::EventView;
use crate::samples;
use crate::server::{self, AppState};
use crate::store::{Saved, Store};
use query::parse_date;

/// Text from articles or imported files made safe for a terminal: control characters (the
/// escape that starts an ANSI sequence, bell, backspace, carriage return, the C1 controls) and
/// the marks that reorder text (bidirectional overrides) are dropped; tabs and line breaks
/// become spaces. The text that is left of an escape sequence (`[2J`) shows, harmless.
pub(crate) fn plain(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' => Some(' '),
            c if unsafe_char(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Exit code when some inputs were rejected and the others were processed.
pub const EXIT_REJECTED: u8 = 3;

/// geokg: turn news articles into a knowledge graph of political actors.
#[derive(Debug, Parser)]
#[command(name = "geokg", version, about, long_about = None)]
pub struct Cli {
    /// The store: a SQLite file (PATH or sqlite:PATH), or a PostgreSQL database
    /// (postgres://user@host:port/dbname).
    #[arg(long, env = "GEOKG_DB", default_value = "geokg.sqlite", global = true)]
    pub db: PathBuf,
    /// Your own dictionary files (actors, roles, nonactors or triggers; see src/extract/data/FORMAT.md),
    /// added to the bundled ones; repeat the option or separate paths with commas.
    #[arg(long, env = "GEOKG_DICT", global = true, value_delimiter = ',')]
    pub dict: Vec<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add documents: .txt files, directories (recursively), .jsonl files, `-` for stdin.
    Ingest(IngestArgs),
    /// Import events coded elsewhere: `import gdelt FILE...` for GDELT 1.0 and 2.0 event files,
    /// `import icews FILE...` for ICEWS event files.
    Import(ImportArgs),
    /// Extract events without a store: JSON Lines (or plain text) in, one JSON line per document out.
    Extract(ExtractArgs),
    /// List or search actors.
    Actors(ActorsArgs),
    /// One actor: counts by kind, top partners, rank.
    Actor(ActorArgs),
    /// List events, newest first.
    Events(EventsArgs),
    /// Real events that several reports tell, each once with every report of it.
    Stories(StoriesArgs),
    /// The relation between two actors: counts, dates, Goldstein, timeline and evidence.
    Relation(RelationArgs),
    /// The partners of an actor.
    Neighbors(NeighborsArgs),
    /// The best paths between two actors.
    Path(PathArgs),
    /// Rank actors by PageRank, degree, weighted degree or betweenness.
    Rank(RankArgs),
    /// Find communities: blocs of actors that deal mostly with each other.
    Communities(CommunitiesArgs),
    /// Export the graph or a subgraph.
    Export(ExportArgs),
    /// Serve the HTTP API.
    Serve(ServeArgs),
    /// Build the graph from the bundled sample articles and serve it (--write-graphs DIR also writes the example figures).
    Demo(DemoArgs),
    /// Score extraction against gold event records: precision, recall and F1.
    Eval(EvalArgs),
}

/// Arguments of `eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold records, one JSON object a line (`id`, `text` or `text_ref`, `date`, `events`).
    pub file: PathBuf,
    /// Where the corpus files named by `text_ref` records are (geokg's own development set
    /// in `devset/` refers to `../shared/data/news`).
    #[arg(long, env = "GEOKG_CORPUS", default_value = "../shared/data/news")]
    pub corpus: PathBuf,
    /// Also score each source (the corpus file of `text_ref`, else the id up to its last `-`).
    #[arg(long)]
    pub by_source: bool,
    /// Also list every missed and extra event with its text.
    #[arg(long)]
    pub misses: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories or `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Publication date for documents without one (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<String>,
    /// Source for documents without one.
    #[arg(long)]
    pub source: Option<String>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Input file; stdin when absent or `-`.
    pub input: Option<PathBuf>,
    /// Publication date for documents without one (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<String>,
    /// Print events as readable lines instead of JSON.
    #[arg(long)]
    pub text: bool,
    /// Show, sentence by sentence, the actors found, the triggers tried and why each made an event or not.
    #[arg(long)]
    pub explain: bool,
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where and how to serve.
    #[command(flatten)]
    pub server: ServerArgs,
}

/// The options of the HTTP server, for `serve` and `demo`.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Address to listen on; beyond loopback a token (or --no-auth) is required.
    #[arg(long, env = "GEOKG_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The token that writes (POST) must present as `Authorization: Bearer <token>`.
    #[arg(long, env = "GEOKG_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Serve beyond loopback without a token: anyone who can reach the server may add documents.
    #[arg(long, conflicts_with = "token")]
    pub no_auth: bool,
    /// A host name that clients use for the server (a DNS name, or a proxy's), accepted in the
    /// Host header beside localhost and the listening address; repeat or separate with commas.
    #[arg(long = "public-host", env = "GEOKG_PUBLIC_HOST", value_delimiter = ',')]
    pub public_hosts: Vec<String>,
    /// Documents extracted at once; a POST beyond that gets 503 (default: one per core).
    #[arg(long, env = "GEOKG_MAX_EXTRACTIONS", value_parser = clap::value_parser!(u16).range(1..))]
    pub max_extractions: Option<u16>,
}

impl ServerArgs {
    /// The server's options, or why it must not start.
    fn options(&self) -> Result<server::Options> {
        if self
            .token
            .as_deref()
            .is_some_and(|token| token.trim().is_empty())
        {
            anyhow::bail!("the token (--token or GEOKG_TOKEN) is empty");
        }
        let defaults = server::Options::default();
        let options = server::Options {
            token: self.token.clone(),
            public_hosts: self.public_hosts.clone(),
            max_extractions: self
                .max_extractions
                .map_or(defaults.max_extractions, usize::from),
            ..defaults
        };
        server::check_exposure(self.addr, &options, self.no_auth).map_err(anyhow::Error::msg)?;
        if self.no_auth && !self.addr.ip().is_loopback() {
            note!(
                "warning: serving on {} without a token (--no-auth): anyone who can reach it can add documents",
                self.addr
            );
        }
        Ok(options)
    }
}

/// Arguments of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where and how to serve.
    #[command(flatten)]
    pub server: ServerArgs,
    /// Where to write the example figures (DOT, GraphML, GEXF, SVG). A file is rewritten only
    /// when its content changed, and an SVG only when its DOT did, so that a checkout whose
    /// figures are current stays unchanged whatever Graphviz (or none) the machine has.
    #[arg(
        long,
        alias = "write-graphs",
        value_name = "DIR",
        default_value = "graphs"
    )]
    pub graphs: PathBuf,
    /// Write no figures: only the store.
    #[arg(long)]
    pub no_graphs: bool,
    /// Build the store (and the figures asked for), then stop instead of serving.
    #[arg(long)]
    pub no_serve: bool,
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest(args) => ingest(&cli.db, dictionary(&cli.dict)?, args),
        Command::Extract(args) => extract(dictionary(&cli.dict)?, args),
        Command::Import(args) => import::run(&cli.db, dictionary(&cli.dict)?, args),
        Command::Actors(args) => query::actors(&cli.db, &Lazy::new(&cli.dict), args),
        Command::Actor(args) => query::actor(&cli.db, &Lazy::new(&cli.dict), args),
        Command::Events(args) => query::events(&cli.db, &Lazy::new(&cli.dict), args),
        Command::Stories(args) => stories::stories(&cli.db, &Lazy::new(&cli.dict), args),
        Command::Relation(args) => query::relation(&cli.db, &Lazy::new(&cli.dict), args),
        Command::Neighbors(args) => query::neighbors(&cli.db, &Lazy::new(&cli.dict), args),
        Command::Path(args) => query::path(&cli.db, &Lazy::new(&cli.dict), args),
        Command::Rank(args) => query::rank(&cli.db, &Lazy::new(&cli.dict), args),
        Command::Communities(args) => query::communities(&cli.db, &Lazy::new(&cli.dict), args),
        Command::Export(args) => query::export_graph(&cli.db, &Lazy::new(&cli.dict), args),
        Command::Serve(args) => serve(&cli.db, dictionary(&cli.dict)?, &args.server),
        Command::Demo(args) => demo(&cli.db, dictionary(&cli.dict)?, args),
        Command::Eval(args) => evaluate(dictionary(&cli.dict)?, args),
    }
}

fn open_store(db: &Path) -> Result<Store> {
    Store::open(db).with_context(|| {
        format!(
            "cannot open store {}",
            crate::store::Location::of(db).display()
        )
    })
}

/// What an ingest run did.
#[derive(Debug, Default)]
struct Summary {
    added: usize,
    n_events: usize,
    duplicates: usize,
    rejected: Vec<String>,
    ignored: Vec<String>,
    /// Files and folders that could not be read, with the reason.
    unreadable: Vec<String>,
    /// Symbolic links and special files (FIFOs, sockets, devices) met in a folder, not read.
    not_regular: Vec<String>,
}

/// The user's dictionary, read the first time a command needs it: queries at the entity level
/// need none.
pub struct Lazy<'a> {
    files: &'a [PathBuf],
    loaded: std::cell::OnceCell<&'static Dictionary>,
}

impl<'a> Lazy<'a> {
    /// The dictionary of these files, not read yet.
    pub fn new(files: &'a [PathBuf]) -> Lazy<'a> {
        Lazy {
            files,
            loaded: std::cell::OnceCell::new(),
        }
    }

    /// The dictionary, read now if it was not.
    pub fn get(&self) -> Result<&'static Dictionary> {
        if let Some(dictionary) = self.loaded.get() {
            return Ok(dictionary);
        }
        let dictionary = dictionary(self.files)?;
        Ok(self.loaded.get_or_init(|| dictionary))
    }
}

/// The bundled dictionaries plus the user's files; every error of every file is reported.
fn dictionary(files: &[PathBuf]) -> Result<&'static Dictionary> {
    if files.is_empty() {
        return Ok(Dictionary::bundled());
    }
    let mut texts = Vec::new();
    for path in files {
        let text = fs::read_to_string(path)
            .with_context(|| format!("cannot read dictionary {}", path.display()))?;
        texts.push((path.display().to_string(), text));
    }
    match Dictionary::with_files(&texts) {
        // One dictionary per run, alive until the process ends.
        Ok(dictionary) => Ok(Box::leak(Box::new(dictionary))),
        Err(errors) => {
            for error in &errors {
                note!("{error}");
            }
            anyhow::bail!(
                "{} error{} in dictionary files",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            )
        }
    }
}

fn ingest(db: &Path, dictionary: &Dictionary, args: IngestArgs) -> Result<ExitCode> {
    let defaults = Defaults {
        date: parse_date("date", args.date.as_deref())?,
        source: args.source.clone(),
    };
    let mut store = open_store(db)?;
    let mut summary = Summary::default();
    let inputs = collect_inputs(&args.paths, &mut summary);
    let total_bytes: u64 = inputs.iter().map(|input| input.size).sum();
    let progress = if total_bytes > 1_000_000 && io::stderr().is_terminal() {
        ProgressBar::new(total_bytes)
    } else {
        ProgressBar::hidden()
    };
    progress.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
        )
        .expect("template is valid"),
    );
    for input in &inputs {
        let documents = match input.documents(&defaults) {
            Ok(documents) => documents,
            Err(error) => {
                summary.unreadable.push(format!("{error:#}"));
                progress.inc(input.size);
                continue;
            }
        };
        for (place, document) in documents {
            match document {
                Err(error) => summary.rejected.push(format!("{place}: {error}")),
                Ok(document) => match pipeline::add_document(&mut store, dictionary, &document)
                    .with_context(|| format!("cannot store {place}"))?
                {
                    (Saved::Added { n_events }, _) => {
                        summary.added += 1;
                        summary.n_events += n_events;
                    }
                    (Saved::Duplicate, _) => summary.duplicates += 1,
                },
            }
            progress.set_message(format!("{} added", summary.added));
        }
        progress.inc(input.size);
    }
    progress.finish_and_clear();
    for rejected in &summary.rejected {
        note!("rejected: {rejected}");
    }
    for ignored in &summary.ignored {
        note!("ignored: {ignored}");
    }
    for unreadable in &summary.unreadable {
        note!("unreadable: {unreadable}");
    }
    for skipped in &summary.not_regular {
        note!("skipped: {skipped}");
    }
    if args.json {
        say!(
            "{}",
            json!({
                "added": summary.added,
                "events": summary.n_events,
                "duplicates": summary.duplicates,
                "rejected": summary.rejected,
                "ignored": summary.ignored,
                "unreadable": summary.unreadable,
                "not_regular": summary.not_regular,
            })
        );
    } else {
        say!(
            "added {} document{} ({} events), skipped {} already stored, rejected {}, ignored {}, unreadable {}, links and special files skipped {}",
            summary.added,
            if summary.added == 1 { "" } else { "s" },
            summary.n_events,
            summary.duplicates,
            summary.rejected.len(),
            summary.ignored.len(),
            summary.unreadable.len(),
            summary.not_regular.len()
        );
    }
    let clean = summary.rejected.is_empty()
        && summary.unreadable.is_empty()
        && summary.not_regular.is_empty();
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_REJECTED)
    })
}

/// One input of `ingest` or `extract`: a file or stdin.
struct Input {
    path: Option<PathBuf>,
    label: String,
    size: u64,
}

impl Input {
    fn read(&self) -> io::Result<Vec<u8>> {
        match &self.path {
            Some(path) => fs::read(path),
            None => {
                let mut bytes = Vec::new();
                io::stdin().read_to_end(&mut bytes)?;
                Ok(bytes)
            }
        }
    }

    /// Every document of the input with its place (`file` or `file:line`), or why it is not one.
    fn documents(
        &self,
        defaults: &Defaults,
    ) -> Result<Vec<(String, Result<Document, ingest::Error>)>> {
        let bytes = self
            .read()
            .with_context(|| format!("cannot read {}", self.label))?;
        Ok(if self.is_json_lines(&bytes) {
            ingest::json_lines(&bytes, defaults)
                .map(|(line, document)| (format!("{}:{line}", self.label), document))
                .collect()
        } else {
            vec![(self.label.clone(), ingest::text(&bytes, defaults))]
        })
    }

    fn is_json_lines(&self, bytes: &[u8]) -> bool {
        match self
            .path
            .as_ref()
            .and_then(|path| path.extension())
            .and_then(|ext| ext.to_str())
        {
            Some("jsonl" | "ndjson") => true,
            Some("txt" | "text") => false,
            _ => ingest::looks_like_json_lines(&String::from_utf8_lossy(
                &bytes[..bytes.len().min(64)],
            )),
        }
    }
}

/// The inputs of `ingest`: stdin, the files named, and the `.txt` and `.jsonl` files of the
/// folders named (recursively, in name order). What cannot be read is put in the summary and
/// the walk goes on; in folders, symbolic links are not followed and special files (FIFOs,
/// sockets, devices) are not opened, and both are put in the summary too.
fn collect_inputs(paths: &[PathBuf], summary: &mut Summary) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                path: None,
                label: "<stdin>".into(),
                size: 0,
            });
            continue;
        }
        let metadata = match fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                summary
                    .unreadable
                    .push(format!("{}: {error}", path.display()));
                continue;
            }
        };
        if !metadata.is_dir() {
            // A path named on the command line is read whatever it is: `<(command)` is a pipe.
            inputs.push(Input {
                label: path.display().to_string(),
                path: Some(path.clone()),
                size: metadata.len(),
            });
            continue;
        }
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let place = error.path().unwrap_or(path).display().to_string();
                    let reason = error
                        .io_error()
                        .map_or_else(|| error.to_string(), ToString::to_string);
                    summary.unreadable.push(format!("{place}: {reason}"));
                    continue;
                }
            };
            let file_type = entry.file_type();
            if file_type.is_dir() {
                continue;
            }
            let file = entry.into_path();
            if !file_type.is_file() {
                summary.not_regular.push(format!(
                    "{}: {}",
                    file.display(),
                    special_kind(&file_type)
                ));
                continue;
            }
            let extension = file.extension().and_then(|ext| ext.to_str()).unwrap_or("");
            if matches!(extension, "txt" | "text" | "jsonl" | "ndjson") {
                let size = fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
                inputs.push(Input {
                    label: file.display().to_string(),
                    path: Some(file),
                    size,
                });
            } else {
                summary
                    .ignored
                    .push(format!("{}: not a .txt or .jsonl file", file.display()));
            }
        }
    }
    inputs
}

/// What a file that is neither a regular file nor a folder is, for the summary.
fn special_kind(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO, not read";
        }
        if file_type.is_socket() {
            return "a socket, not read";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device, not read";
        }
    }
    if file_type.is_symlink() {
        "a symbolic link, not followed"
    } else {
        "not a regular file, not read"
    }
}

/// The readable form of `extract --explain`.
fn write_explanation(
    out: &mut impl Write,
    document: &Document,
    sentences: &[extract::SentenceExplanation],
) -> io::Result<()> {
    writeln!(out, "# {}", document.id)?;
    for sentence in sentences {
        let text: String = sentence.text.chars().take(160).collect();
        let more = if sentence.text.chars().count() > 160 {
            "…"
        } else {
            ""
        };
        writeln!(out, "[{}..{}] {text:?}{more}", sentence.start, sentence.end)?;
        if let Some(reason) = &sentence.skipped {
            writeln!(out, "    {reason}")?;
            continue;
        }
        if sentence.actors.is_empty() {
            writeln!(out, "    no actor recognised")?;
        }
        for actor in &sentence.actors {
            writeln!(
                out,
                "    actor   {} = {} ({}) at {}..{}",
                actor.name, actor.id, actor.cameo, actor.span.start, actor.span.end
            )?;
        }
        if !sentence.chunks.is_empty() {
            writeln!(out, "    chunks  {}", sentence.chunks)?;
        }
        if !sentence.tree.is_empty() {
            writeln!(out, "    tree    {}", sentence.tree)?;
        }
        if sentence.triggers.is_empty() {
            writeln!(out, "    no trigger")?;
        }
        for trigger in &sentence.triggers {
            let outcome = match &trigger.reason {
                Some(reason) => format!("no event: {reason}"),
                None => trigger.events.join(", "),
            };
            writeln!(
                out,
                "    trigger {:?} {} [{}]: {outcome}",
                trigger.phrase, trigger.code, trigger.rule
            )?;
        }
    }
    Ok(())
}

fn extract(dictionary: &Dictionary, args: ExtractArgs) -> Result<ExitCode> {
    let defaults = Defaults {
        date: parse_date("date", args.date.as_deref())?,
        source: None,
    };
    let input = match args.input.as_ref().filter(|path| path.as_os_str() != "-") {
        Some(path) => Input {
            label: path.display().to_string(),
            path: Some(path.clone()),
            size: 0,
        },
        None => Input {
            path: None,
            label: "<stdin>".into(),
            size: 0,
        },
    };
    let documents = input.documents(&defaults)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut n_rejected = 0;
    for (place, document) in documents {
        let document = match document {
            Ok(document) => document,
            Err(error) => {
                note!("rejected: {place}: {error}");
                n_rejected += 1;
                continue;
            }
        };
        if args.explain {
            write_explanation(
                &mut out,
                &document,
                &extract::explain_with(dictionary, &document),
            )?;
            continue;
        }
        let extraction = extract::extract_with(dictionary, &document);
        if args.text {
            writeln!(out, "# {}", document.id)?;
            for event in &extraction.events {
                writeln!(
                    out,
                    "{}  [{}] {:?}",
                    plain(&event.to_string()),
                    event.rule,
                    event.evidence.sentence
                )?;
            }
            for diagnostic in &extraction.diagnostics {
                writeln!(
                    out,
                    "  note: {} (chars {}..{})",
                    diagnostic.message, diagnostic.start, diagnostic.end
                )?;
            }
        } else {
            let events: Vec<EventView> = extraction.events.iter().map(EventView::from).collect();
            let diagnostics: Vec<serde_json::Value> = extraction
                .diagnostics
                .iter()
                .map(|d| json!({ "start": d.start, "end": d.end, "message": d.message }))
                .collect();
            serde_json::to_writer(
                &mut out,
                &json!({ "id": document.id, "events": events, "diagnostics": diagnostics }),
            )?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(if n_rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_REJECTED)
    })
}

fn serve(db: &Path, dictionary: &'static Dictionary, args: &ServerArgs) -> Result<ExitCode> {
    let options = args.options()?;
    let store = open_store(db)?;
    let state = AppState::with_dictionary(store, dictionary)
        .context("cannot load the graph")?
        .with_options(options);
    run_server(state, args.addr, &[])?;
    Ok(ExitCode::SUCCESS)
}

fn run_server(state: AppState, addr: SocketAddr, tips: &[String]) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        // The banner is for whoever watches; a reader that stops after the address
        // (`geokg serve | head -1`, a supervisor) must not stop the server.
        let mut out = std::io::stdout();
        let _ = writeln!(out, "geokg is serving on http://{local} (Ctrl-C to stop)");
        let _ = writeln!(
            out,
            "  open http://{local}/ in a browser to explore the graph"
        );
        for tip in tips {
            let _ = writeln!(
                out,
                "  {}",
                tip.replace("{base}", &format!("http://{local}"))
            );
        }
        let _ = out.flush();
        server::serve(listener, state, shutdown_signal())
            .await
            .context("server failed")
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// The example files of `graphs/`, made from a graph of the sample corpus: each figure as DOT,
/// GraphML, GEXF and SVG (Graphviz's when `dot` is installed, else the pure-Rust drawing).
/// Writes the example figures into `dir`: each file only when its content changed, and an
/// SVG only when the DOT it is drawn from changed (or it is missing), so that another
/// Graphviz, or the pure-Rust drawing, never rewrites a current figure.
fn write_graphs(dir: &Path, files: Vec<(String, Vec<u8>)>) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut changed_dots = Vec::new();
    let mut n_unchanged = 0;
    for (name, bytes) in files {
        let path = dir.join(&name);
        let current = fs::read(&path).ok();
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem);
        let keep = match &current {
            None => false,
            Some(_) if name.ends_with(".svg") => !changed_dots.iter().any(|dot| dot == stem),
            Some(current) => *current == bytes,
        };
        if keep {
            n_unchanged += 1;
            continue;
        }
        if name.ends_with(".dot") {
            changed_dots.push(stem.to_string());
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        say!("wrote {}", path.display());
    }
    if n_unchanged > 0 {
        say!("{n_unchanged} figures in {} were current", dir.display());
    }
    Ok(())
}

pub fn demo_graphs(graph: &ActorGraph, dictionary: &Dictionary) -> Result<Vec<(String, Vec<u8>)>> {
    let pakistan = ActorId::parse("PAK").expect("valid id");
    let figures = [
        (
            "sample-entities",
            "geokg sample corpus: all actors",
            Subgraph::default(),
        ),
        (
            "sample-countries",
            "geokg sample corpus: countries",
            Subgraph {
                level: Level::Country,
                ..Subgraph::default()
            },
        ),
        (
            "pakistan-ego",
            "geokg sample corpus: around Pakistan, depth 1",
            Subgraph {
                center: Some(pakistan),
                depth: 1,
                ..Subgraph::default()
            },
        ),
    ];
    let mut files = Vec::new();
    for (stem, title, spec) in figures {
        let Some(subgraph) = graph.subgraph(&spec, |id| pipeline::lookup_actor(dictionary, id))
        else {
            continue;
        };
        for format in [
            export::Format::Dot,
            export::Format::GraphMl,
            export::Format::Gexf,
        ] {
            let mut bytes = Vec::new();
            export::write(&subgraph, format, title, &mut bytes)
                .expect("writing to a Vec cannot fail");
            files.push((format!("{stem}.{}", format.extension()), bytes));
        }
        let svg = crate::graphviz::svg(&subgraph, title)
            .with_context(|| format!("cannot draw {stem}.svg"))?;
        files.push((format!("{stem}.svg"), svg));
    }
    Ok(files)
}

fn demo(db: &Path, dictionary: &'static Dictionary, args: DemoArgs) -> Result<ExitCode> {
    let options = if args.no_serve {
        None
    } else {
        Some(args.server.options()?)
    };
    let mut store = open_store(db)?;
    refuse_foreign_store(&store, db)?;
    let mut summary = Summary::default();
    for document in samples::documents() {
        match pipeline::add_document(&mut store, dictionary, &document)
            .with_context(|| format!("cannot store sample {}", document.id))?
        {
            (Saved::Added { n_events }, _) => {
                summary.added += 1;
                summary.n_events += n_events;
            }
            (Saved::Duplicate, _) => summary.duplicates += 1,
        }
    }
    let graph = store.load_graph()?;
    say!(
        "sample corpus: added {} articles ({} events), {} already stored; the store {} holds {} actors and {} events",
        summary.added,
        summary.n_events,
        summary.duplicates,
        crate::store::Location::of(db).display(),
        graph.n_actors(),
        graph.n_events()
    );
    if !args.no_graphs {
        write_graphs(&args.graphs, demo_graphs(&graph, dictionary)?)?;
    }
    let Some(options) = options else {
        return Ok(ExitCode::SUCCESS);
    };
    let state = AppState::with_dictionary(store, dictionary)?.with_options(options);
    let tips = [
        "or open {base}/?actor=PAK to start from Pakistan".to_string(),
        "try: curl '{base}/health'".to_string(),
        "     curl '{base}/api/actors?q=pakis'".to_string(),
        "     curl '{base}/api/actors/PAK/neighbors'".to_string(),
        "     curl '{base}/api/relations/PAK/IND'".to_string(),
        "     curl '{base}/api/events?kind=visit&limit=5'".to_string(),
        "     curl '{base}/api/graph.dot?center=PAK&depth=1' | dot -Tsvg -o pak.svg".to_string(),
    ];
    run_server(state, args.server.addr, &tips)?;
    Ok(ExitCode::SUCCESS)
}

/// `demo` adds its sample articles only to a store of its own: a new one, or one that holds
/// the samples and nothing else. Mixing them into an analyst's store would put invented
/// articles beside real ones.
fn refuse_foreign_store(store: &Store, db: &Path) -> Result<()> {
    let stats = store.stats().context("cannot read the store's counts")?;
    let mut n_samples = 0;
    for document in samples::documents() {
        if store.contains_document(&document)? {
            n_samples += 1;
        }
    }
    let n_other_documents = stats.n_documents.saturating_sub(n_samples);
    let imported = [crate::model::Dataset::Gdelt, crate::model::Dataset::Icews]
        .into_iter()
        .map(|dataset| {
            store.events(&crate::store::EventQuery {
                filter: crate::graph::Filter {
                    dataset: Some(dataset),
                    ..Default::default()
                },
                limit: 1,
                ..Default::default()
            })
        })
        .collect::<Result<Vec<_>, _>>()?
        .iter()
        .any(|events| !events.is_empty());
    if n_other_documents > 0 || imported {
        let what = if n_other_documents > 0 {
            format!(
                "{n_other_documents} document{} that are not sample articles",
                if n_other_documents == 1 { "" } else { "s" }
            )
        } else {
            "imported events".to_string()
        };
        anyhow::bail!(
            "the store {} holds {what}; demo adds its samples only to a store of its own: run `geokg --db demo.sqlite demo`",
            db.display()
        );
    }
    Ok(())
}

/// The source of a gold record, for `eval --by-source`.
fn source_of(record: &eval::GoldRecord) -> String {
    match &record.text_ref {
        Some(text_ref) => text_ref.file.trim_end_matches(".jsonl").to_string(),
        None => record
            .id
            .rsplit_once('-')
            .map_or("all", |(stem, _)| stem)
            .to_string(),
    }
}

/// Fills the text of records that refer to a corpus, reading each named corpus file once.
fn resolve_text_refs(records: &mut [eval::GoldRecord], corpus: &Path) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct CorpusRecord {
        id: String,
        text: String,
    }
    let mut wanted: std::collections::BTreeMap<String, std::collections::HashSet<String>> =
        Default::default();
    for text_ref in records.iter().filter_map(|r| r.text_ref.as_ref()) {
        wanted
            .entry(text_ref.file.clone())
            .or_default()
            .insert(text_ref.id.clone());
    }
    let mut texts: std::collections::HashMap<(String, String), String> = Default::default();
    for (file, ids) in &wanted {
        let path = corpus.join(file);
        let reader = io::BufReader::new(fs::File::open(&path).with_context(|| {
            format!(
                "cannot open {} (give the corpus folder with --corpus)",
                path.display()
            )
        })?);
        for (idx, line) in io::BufRead::lines(reader).enumerate() {
            let line = line.with_context(|| format!("cannot read {}", path.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let record: CorpusRecord = serde_json::from_str(&line)
                .with_context(|| format!("{}:{}", path.display(), idx + 1))?;
            if ids.contains(&record.id) {
                texts.insert((file.clone(), record.id), record.text);
            }
        }
    }
    for record in records.iter_mut() {
        let Some(text_ref) = &record.text_ref else {
            continue;
        };
        let key = (text_ref.file.clone(), text_ref.id.clone());
        let text = texts
            .get(&key)
            .with_context(|| format!("record {}: {} has no record {}", record.id, key.0, key.1))?;
        let span = text_ref
            .resolve(text)
            .map_err(|message| anyhow::anyhow!("record {}: {message}", record.id))?;
        record.text = span.to_string();
    }
    Ok(())
}

fn evaluate(dictionary: &Dictionary, args: EvalArgs) -> Result<ExitCode> {
    let text = fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let mut records = eval::parse_gold(&text)
        .with_context(|| format!("cannot read gold records in {}", args.file.display()))?;
    resolve_text_refs(&mut records, &args.corpus)
        .with_context(|| format!("cannot read the texts of {}", args.file.display()))?;
    let extracted: Vec<Vec<crate::model::Event>> = records
        .iter()
        .map(|record| extract::extract_with(dictionary, &record.document()).events)
        .collect();
    let report = eval::score(&records, &extracted);
    let by_source: Vec<(String, eval::Report)> = if args.by_source {
        let mut groups: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
        for (idx, record) in records.iter().enumerate() {
            groups.entry(source_of(record)).or_default().push(idx);
        }
        groups
            .into_iter()
            .map(|(source, members)| {
                let subset: Vec<eval::GoldRecord> =
                    members.iter().map(|idx| records[*idx].clone()).collect();
                let found: Vec<Vec<crate::model::Event>> =
                    members.iter().map(|idx| extracted[*idx].clone()).collect();
                (source, eval::score(&subset, &found))
            })
            .collect()
    } else {
        Vec::new()
    };
    let level = |counts: &eval::Counts| {
        json!({
            "precision": counts.precision(), "recall": counts.recall(), "f1": counts.f1(),
            "true_positives": counts.true_positives, "false_positives": counts.false_positives,
            "false_negatives": counts.false_negatives,
        })
    };
    if args.json {
        let by_root: serde_json::Map<String, serde_json::Value> = report
            .by_root
            .iter()
            .map(|(root, counts)| (root.clone(), level(counts)))
            .collect();
        let misses: Vec<serde_json::Value> = report
            .misses
            .iter()
            .map(|miss| json!({ "record": miss.record, "what": miss.what, "event": miss.key, "text": miss.text }))
            .collect();
        say!(
            "{}",
            json!({
                "records": report.n_records, "skipped": report.n_skipped,
                "no_event_records": report.n_no_event, "no_event_records_with_events": report.n_no_event_with_events,
                "dyad_root": level(&report.dyad_root), "dyad_code": level(&report.dyad_code),
                "actor_code": level(&report.actor_code), "by_root": by_root, "misses": misses,
                "by_source": by_source.iter().map(|(source, r)| (source.clone(), json!({
                    "records": r.n_records, "dyad_root": level(&r.dyad_root),
                }))).collect::<serde_json::Map<String, serde_json::Value>>(),
            })
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "{}: {} records scored, {} skipped; {} of {} no-event records produced an event",
        args.file.display(),
        report.n_records,
        report.n_skipped,
        report.n_no_event_with_events,
        report.n_no_event
    )?;
    writeln!(
        out,
        "{:<26} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}",
        "level", "precision", "recall", "F1", "tp", "fp", "fn"
    )?;
    let row = |out: &mut BufWriter<io::StdoutLock<'_>>, name: &str, counts: &eval::Counts| {
        writeln!(
            out,
            "{name:<26} {:>9.3} {:>9.3} {:>9.3} {:>6} {:>6} {:>6}",
            counts.precision(),
            counts.recall(),
            counts.f1(),
            counts.true_positives,
            counts.false_positives,
            counts.false_negatives
        )
    };
    row(&mut out, "country dyad + root", &report.dyad_root)?;
    row(&mut out, "country dyad + code", &report.dyad_code)?;
    row(&mut out, "actor codes + code", &report.actor_code)?;
    writeln!(out, "by root (country dyad + root):")?;
    for (root, counts) in &report.by_root {
        let name = crate::model::CameoCode::parse(root)
            .map(|code| code.info().name)
            .unwrap_or("?");
        row(&mut out, &format!("  {root} {name:.21}"), counts)?;
    }
    if !by_source.is_empty() {
        writeln!(out, "by source (country dyad + root):")?;
        for (source, source_report) in &by_source {
            let name = format!("  {source:.17} ({})", source_report.n_records);
            row(&mut out, &name, &source_report.dyad_root)?;
        }
    }
    if args.misses {
        writeln!(out, "misses:")?;
        for miss in &report.misses {
            writeln!(
                out,
                "  {:<6} {:<14} [{}] {}",
                miss.what, miss.key, miss.record, miss.text
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
