//! The query commands: `actors`, `actor`, `events`, `relation`, `neighbors`, `path`, `rank`,
//! `communities` and `export`. Each reads its options into a question of `crate::query`, the
//! one the API asks too, and prints the answer: readable tables by default, `--json` for
//! programs (the API's JSON; JSON Lines of its items for lists).

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;

use crate::export;
use crate::graph::{self, Filter};
use crate::model::{Date, Event, EventKind, Precision};
use crate::query::views::{ActorView, EventView, RelationView};
use crate::query::{
    self, Dataset, DateOn, Dir, Granularity, Kind, Level, Measure, Page, PathBy, Scope, Sort,
};
use crate::store::{EventQuery, Store};

use super::{plain, Lazy};

/// An `--offset`: a whole number no larger than the store takes (a larger one used to wrap
/// around to the first page).
pub(super) fn offset(raw: &str) -> Result<usize, String> {
    match raw.parse::<usize>() {
        Ok(value) if value <= crate::store::MAX_OFFSET => Ok(value),
        _ => Err(format!(
            "expected a whole number from 0 to {}",
            crate::store::MAX_OFFSET
        )),
    }
}

/// The filters of every question over events: kinds, a date window and background.
#[derive(Debug, Args, Default)]
pub struct Window {
    /// Only these kinds, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub kind: Vec<Kind>,
    /// Only events on or after this date.
    #[arg(long)]
    pub since: Option<String>,
    /// Only events on or before this date.
    #[arg(long)]
    pub until: Option<String>,
    /// The date --since and --until apply to.
    #[arg(long, value_enum, default_value_t = DateOn::Event)]
    pub on: DateOn,
    /// Leave out events mentioned only as background ("since the 2008 war"), keeping the news.
    #[arg(long)]
    pub no_background: bool,
}

impl Window {
    /// The checked filter, of every dataset and any number of participants.
    pub fn filter(&self) -> Result<Filter> {
        Ok(Filter {
            since: parse_date("since", self.since.as_deref())?,
            until: parse_date("until", self.until.as_deref())?,
            kinds: self
                .kind
                .iter()
                .map(|kind| EventKind::from(*kind))
                .collect(),
            on: self.on.into(),
            news_only: self.no_background,
            ..Filter::default()
        })
    }
}

/// Filters shared by the queries: kinds, a date window, and the level actors are seen at.
#[derive(Debug, Args, Default)]
pub struct Filters {
    #[command(flatten)]
    /// Kinds, dates and background.
    pub window: Window,
    /// See actors as themselves (entity), folded into sectors (sector) or into countries (country).
    #[arg(long, value_enum, default_value_t = Level::Entity)]
    pub level: Level,
    /// Leave out events with more than two participants (summits, joint statements).
    #[arg(long)]
    pub bilateral: bool,
    /// Only events of one dataset.
    #[arg(long, value_enum)]
    pub dataset: Option<Dataset>,
}

impl Filters {
    /// The checked filter.
    pub fn filter(&self) -> Result<Filter> {
        Ok(Filter {
            bilateral_only: self.bilateral,
            dataset: self.dataset.map(Into::into),
            ..self.window.filter()?
        })
    }

    /// The level and the filter.
    pub fn scope(&self) -> Result<Scope> {
        Ok(Scope {
            level: self.level.into(),
            filter: self.filter()?,
        })
    }
}

/// Arguments of `actors`.
#[derive(Debug, Args)]
pub struct ActorsArgs {
    /// Search text: part of a name or id, any case, accents optional.
    pub query: Option<String>,
    /// See actors as themselves, or folded into sectors or countries.
    #[arg(long, value_enum, default_value_t = Level::Entity)]
    pub level: Level,
    /// At most this many actors.
    #[arg(long, default_value_t = query::Actors::LIMIT)]
    pub limit: usize,
    /// Print JSON Lines.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `actor`.
#[derive(Debug, Args)]
pub struct ActorArgs {
    /// Actor id.
    pub id: String,
    #[command(flatten)]
    /// Filters and level.
    pub filters: Filters,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `events`.
#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Only events of this actor.
    #[arg(long)]
    pub actor: Option<String>,
    /// With --actor: only events between the two.
    #[arg(long)]
    pub other: Option<String>,
    /// Only events of one actor (no target): protests, strikes, crackdowns.
    #[arg(long)]
    pub alone: bool,
    #[command(flatten)]
    /// Filters and level.
    pub filters: Filters,
    /// At most this many events.
    #[arg(long, default_value_t = query::Events::LIMIT)]
    pub limit: usize,
    /// Skip this many events first.
    #[arg(long, default_value_t = 0, value_parser = offset)]
    pub offset: usize,
    /// Print JSON Lines.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `relation`.
#[derive(Debug, Args)]
pub struct RelationArgs {
    /// First actor id.
    pub a: String,
    /// Second actor id.
    pub b: String,
    #[command(flatten)]
    /// Filters and level.
    pub filters: Filters,
    /// Timeline periods.
    #[arg(long, value_enum, default_value_t = Granularity::Month)]
    pub granularity: Granularity,
    /// Evidence events to show.
    #[arg(long, default_value_t = query::RelationQuery::LIMIT)]
    pub limit: usize,
    /// Skip this many evidence events first.
    #[arg(long, default_value_t = 0, value_parser = offset)]
    pub offset: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `neighbors`.
#[derive(Debug, Args)]
pub struct NeighborsArgs {
    /// Actor id.
    pub actor: String,
    /// Which events count: the actor's (out), others' to it (in), or both.
    #[arg(long, value_enum, default_value_t = Dir::Both)]
    pub dir: Dir,
    /// The order of the partners.
    #[arg(long, value_enum, default_value_t = Sort::Count)]
    pub sort: Sort,
    /// Only partners with at least this many events.
    #[arg(long, default_value_t = 1)]
    pub min_count: u64,
    #[command(flatten)]
    /// Filters and level.
    pub filters: Filters,
    /// At most this many partners.
    #[arg(long, default_value_t = query::Neighbors::LIMIT)]
    pub limit: usize,
    /// Print JSON Lines.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `path`.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// From this actor.
    pub from: String,
    /// To this actor.
    pub to: String,
    /// What a path minimises: fewest steps (hops), or strong, cooperative ties (strength).
    #[arg(long, value_enum, default_value_t = PathBy::Hops)]
    pub by: PathBy,
    /// How many paths, best first.
    #[arg(short, long, default_value_t = 1)]
    pub k: usize,
    #[command(flatten)]
    /// Filters and level.
    pub filters: Filters,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `rank`.
#[derive(Debug, Args)]
pub struct RankArgs {
    /// The measure.
    #[arg(long, value_enum, default_value_t = Measure::Pagerank)]
    pub measure: Measure,
    #[command(flatten)]
    /// Filters and level.
    pub filters: Filters,
    /// At most this many actors.
    #[arg(long, default_value_t = query::Rankings::LIMIT)]
    pub limit: usize,
    /// Print JSON Lines.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `communities`.
#[derive(Debug, Args)]
pub struct CommunitiesArgs {
    #[command(flatten)]
    /// Filters and level.
    pub filters: Filters,
    /// At most this many communities.
    #[arg(long, default_value_t = query::CommunitiesQuery::LIMIT)]
    pub limit: usize,
    /// Members shown per community in the table.
    #[arg(long, default_value_t = 12)]
    pub members: usize,
    /// Print JSON Lines.
    #[arg(long)]
    pub json: bool,
}

/// The formats of `export`: the graph's, and two of events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Graphviz DOT.
    Dot,
    /// SVG (Graphviz's when installed).
    Svg,
    /// GraphML.
    Graphml,
    /// GEXF 1.2, with time (Gephi).
    Gexf,
    /// Cytoscape.js JSON.
    Json,
    /// CSV edge list.
    Csv,
    /// CSV of events, GDELT-like columns.
    Events,
    /// Every stored event as GDELT 2.0 rows (dates, kinds and the dataset filter it).
    Gdelt,
}

impl ExportFormat {
    /// The graph format, for the formats that write the graph.
    fn graph_format(self) -> Option<export::Format> {
        let format = match self {
            ExportFormat::Dot => query::Format::Dot,
            ExportFormat::Svg => query::Format::Svg,
            ExportFormat::Graphml => query::Format::Graphml,
            ExportFormat::Gexf => query::Format::Gexf,
            ExportFormat::Json => query::Format::Json,
            ExportFormat::Csv => query::Format::Csv,
            ExportFormat::Events | ExportFormat::Gdelt => return None,
        };
        Some(format.into())
    }
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Dot)]
    pub format: ExportFormat,
    /// DOT: one edge per event instead of one per actor pair.
    #[arg(long)]
    pub per_event: bool,
    /// Only the actors around this one.
    #[arg(long)]
    pub center: Option<String>,
    /// Hops around --center.
    #[arg(long, default_value_t = 1)]
    pub depth: usize,
    /// With --center: keep at most this many partners per actor; 0 or `all` for no limit.
    /// Figures (dot, svg) keep 15 unless told; data (graphml, gexf, json, csv, events) is
    /// pruned only when asked.
    #[arg(long, value_parser = parse_top)]
    pub top: Option<usize>,
    /// With --center: drop pairs with fewer events.
    #[arg(long)]
    pub min_count: Option<u64>,
    /// json: leave out the parent node per country that holds its actors (Cytoscape compound nodes).
    #[arg(long)]
    pub no_compound: bool,
    #[command(flatten)]
    /// Filters and level.
    pub filters: Filters,
    /// Write to this file instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// `--top`: a whole number, with 0 and `all` meaning no limit (`usize::MAX`).
fn parse_top(raw: &str) -> Result<usize, String> {
    match raw {
        "all" | "0" => Ok(usize::MAX),
        _ => raw.parse::<usize>().map_err(|_| {
            format!("expected a whole number, or 0 or `all` for no limit, found `{raw}`")
        }),
    }
}

/// Opens a store that must be there already: a read-only command never creates one.
pub fn open_existing(db: &Path) -> Result<Store> {
    let remote = db.to_str().is_some_and(|raw| raw.contains("://"));
    if !remote && !db.exists() {
        bail!("no store at {}; run `geokg ingest` first", db.display());
    }
    Store::open(db).with_context(|| {
        format!(
            "cannot open store {}",
            crate::store::Location::of(db).display()
        )
    })
}

/// Parses an optional date option.
pub fn parse_date(flag: &str, raw: Option<&str>) -> Result<Option<Date>> {
    raw.map(|raw| Date::parse(raw).with_context(|| format!("option --{flag}")))
        .transpose()
}

/// Asks a question of the store at `db`, with the user's dictionary read only if needed.
pub(super) fn ask<T>(
    db: &Path,
    dict: &Lazy<'_>,
    question: impl FnOnce(&query::Local<'_>) -> query::Result<T>,
) -> Result<T> {
    let store = open_existing(db)?;
    let dictionary = || dict.get().map_err(|error| format!("{error:#}"));
    let source = query::Local::new(&store, &dictionary);
    Ok(question(&source)?)
}

/// Prints each item as a JSON line.
pub(super) fn json_lines<T: serde::Serialize>(items: &[T]) -> Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    for item in items {
        writeln!(out, "{}", serde_json::to_string(item)?)?;
    }
    out.flush()?;
    Ok(())
}

/// `actors`: search by name or id.
pub fn actors(db: &Path, dict: &Lazy<'_>, args: ActorsArgs) -> Result<ExitCode> {
    let question = query::Actors {
        q: args.query.unwrap_or_default(),
        level: args.level.into(),
        page: Page::first(args.limit),
    };
    let answer = ask(db, dict, |source| question.run(source))?;
    if let Some(near) = &answer.suggestions {
        if !question.q.trim().is_empty() {
            near_matches(&question.q, near);
        }
    }
    if args.json {
        json_lines(&answer.actors)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    for actor in &answer.actors {
        writeln!(
            out,
            "{:<24} {:<13} {:<10} {}",
            actor.id,
            actor.kind,
            actor.cameo,
            plain(&actor.name)
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Says on stderr that nothing matches a search, with the names a few typing errors away.
fn near_matches(query: &str, near: &[ActorView]) {
    let near: Vec<String> = near
        .iter()
        .map(|actor| format!("{} ({})", actor.id, plain(&actor.name)))
        .collect();
    if near.is_empty() {
        note!("no actor matches `{}`", plain(query));
    } else {
        note!(
            "no actor matches `{}`; did you mean {}?",
            plain(query),
            near.join(", ")
        );
    }
}

/// `actor`: one actor with its counts by kind and top partners.
pub fn actor(db: &Path, dict: &Lazy<'_>, args: ActorArgs) -> Result<ExitCode> {
    let question = query::Actor {
        id: args.id,
        scope: args.filters.scope()?,
        rank: true,
    };
    let view = ask(db, dict, |source| question.run(source))?;
    if args.json {
        say!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(ExitCode::SUCCESS);
    }
    let actor = &view.actor;
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "{} ({})  {}  code {}  country {}",
        plain(&actor.name),
        actor.id,
        actor.kind,
        actor.cameo,
        actor.country
    )?;
    if !view.aliases.is_empty() {
        writeln!(out, "also named: {}", plain(&view.aliases.join("; ")))?;
    }
    for role in &view.roles {
        let day = |date: &Option<String>| date.clone().unwrap_or_else(|| "…".to_string());
        writeln!(
            out,
            "role {} from {} to {}",
            role.code,
            day(&role.from),
            day(&role.to)
        )?;
    }
    let ranks =
        |rank: Option<usize>| rank.map_or_else(|| "-".to_string(), |rank| format!("#{rank}"));
    let rank = view.rank.expect("asked for");
    writeln!(
        out,
        "{} events ({} of them alone) with {} partners; PageRank {}, degree {}",
        view.n_events,
        view.n_one_actor_events,
        view.n_partners,
        ranks(rank.pagerank),
        ranks(rank.degree)
    )?;
    write_relation(&mut out, "all events", &view.events)?;
    writeln!(out, "top partners:")?;
    for neighbor in &view.top_partners {
        writeln!(
            out,
            "  {:<24} {:>5} events  {}",
            neighbor.actor.id,
            neighbor.n_events,
            plain(&neighbor.actor.name)
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `events`: events newest first.
pub fn events(db: &Path, dict: &Lazy<'_>, args: EventsArgs) -> Result<ExitCode> {
    let question = query::Events {
        actor: args.actor,
        other: args.other,
        alone: args.alone,
        scope: args.filters.scope()?,
        page: Page {
            limit: args.limit,
            start: args.offset,
        },
    };
    let answer = ask(db, dict, |source| question.run(source))?;
    if args.json {
        json_lines(&answer.events)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    for event in &answer.events {
        writeln!(
            out,
            "{}  {:<14} {} -{}-> {}",
            when(event),
            event.kind,
            plain(&event.source.name),
            event.cameo,
            target_name(event)
        )?;
        writeln!(out, "            {}", evidence_line(event))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `relation`: counts, dates, Goldstein, timeline and evidence between two actors.
pub fn relation(db: &Path, dict: &Lazy<'_>, args: RelationArgs) -> Result<ExitCode> {
    let question = query::RelationQuery {
        a: args.a,
        b: args.b,
        scope: args.filters.scope()?,
        granularity: args.granularity.into(),
        page: Page {
            limit: args.limit,
            start: args.offset,
        },
    };
    let view = ask(db, dict, |source| question.run(source))?;
    if args.json {
        say!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    let (a, b) = (&view.a, &view.b);
    writeln!(
        out,
        "{} ({}) and {} ({})",
        plain(&a.name),
        a.id,
        plain(&b.name),
        b.id
    )?;
    for (label, relation) in [
        (format!("{} -> {}", a.id, b.id), &view.a_to_b),
        (format!("{} -> {}", b.id, a.id), &view.b_to_a),
        ("both".to_string(), &view.total),
    ] {
        write_relation(&mut out, &label, relation)?;
    }
    if !view.periods.is_empty() {
        writeln!(out, "by {}:", query::Choice::name(&args.granularity))?;
        for period in &view.periods {
            writeln!(
                out,
                "  {:<9} {:>4} events  cooperation {:>4}  conflict {:>4}  net Goldstein {:+.1}",
                period.period,
                period.n_events,
                period.n_cooperation,
                period.n_conflict,
                period.goldstein
            )?;
        }
    }
    writeln!(out, "evidence (newest first):")?;
    for event in &view.events {
        writeln!(
            out,
            "  {} {} -{}-> {} ({})",
            when(event),
            plain(&event.source.name),
            event.cameo,
            target_name(event),
            event.kind
        )?;
        writeln!(out, "      {}", evidence_line(event))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_relation(out: &mut impl Write, label: &str, relation: &RelationView) -> io::Result<()> {
    let kinds: Vec<String> = relation
        .by_kind
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect();
    writeln!(
        out,
        "  {label:<18} {:>4} events  net Goldstein {:+.1}  conflict {:.0}%  {} .. {}  [{}]",
        relation.n_events,
        relation.goldstein,
        relation.conflict_share * 100.0,
        relation.first.as_deref().unwrap_or("-"),
        relation.last.as_deref().unwrap_or("-"),
        kinds.join(", ")
    )
}

/// `neighbors`: the partners of an actor.
pub fn neighbors(db: &Path, dict: &Lazy<'_>, args: NeighborsArgs) -> Result<ExitCode> {
    let question = query::Neighbors {
        id: args.actor,
        dir: args.dir.into(),
        sort: args.sort.into(),
        min_count: args.min_count,
        scope: args.filters.scope()?,
        page: Page::first(args.limit),
    };
    let answer = ask(db, dict, |source| question.run(source))?;
    if args.json {
        json_lines(&answer.neighbors)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "{:<24} {:>6} {:>5} {:>5} {:>9}  {:<10}  name",
        "partner", "events", "out", "in", "Goldstein", "last"
    )?;
    for view in &answer.neighbors {
        let last = view
            .outgoing
            .last
            .clone()
            .max(view.incoming.last.clone())
            .unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "{:<24} {:>6} {:>5} {:>5} {:>+9.1}  {:<10}  {}",
            view.actor.id,
            view.n_events,
            view.outgoing.n_events,
            view.incoming.n_events,
            view.outgoing.goldstein + view.incoming.goldstein,
            last,
            plain(&view.actor.name)
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `path`: the best paths between two actors.
pub fn path(db: &Path, dict: &Lazy<'_>, args: PathArgs) -> Result<ExitCode> {
    let question = query::Paths {
        from: args.from,
        to: args.to,
        by: args.by.into(),
        k: args.k,
        scope: args.filters.scope()?,
    };
    let view = ask(db, dict, |source| question.run(source))?;
    if args.json {
        say!("{}", serde_json::to_string(&view)?);
    } else if view.paths.is_empty() {
        say!("no path from {} to {}", view.from, view.to);
    } else {
        for path in &view.paths {
            let names: Vec<String> = path
                .actors
                .iter()
                .map(|actor| format!("{} ({})", plain(&actor.name), actor.id))
                .collect();
            if view.paths.len() == 1 && args.by == PathBy::Hops {
                say!("{}", names.join(" -> "));
            } else {
                say!("{:>6.2}  {}", path.cost, names.join(" -> "));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `rank`: actors ranked by a measure.
pub fn rank(db: &Path, dict: &Lazy<'_>, args: RankArgs) -> Result<ExitCode> {
    let question = query::Rankings {
        measure: args.measure,
        scope: args.filters.scope()?,
        page: Page::first(args.limit),
    };
    let answer = ask(db, dict, |source| question.run(source))?;
    if args.json {
        json_lines(&answer.rankings)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    for entry in &answer.rankings {
        writeln!(
            out,
            "{:>4}  {:<24} {:>12.6}  {}",
            entry.rank,
            entry.actor.id,
            entry.score,
            plain(&entry.actor.name)
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `communities`: blocs of actors that deal mostly with each other.
pub fn communities(db: &Path, dict: &Lazy<'_>, args: CommunitiesArgs) -> Result<ExitCode> {
    let question = query::CommunitiesQuery {
        scope: args.filters.scope()?,
        limit: args.limit,
    };
    let answer = ask(db, dict, |source| question.run(source))?;
    if args.json {
        json_lines(&answer.communities)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "{} communities, modularity {:.3}",
        answer.total, answer.modularity
    )?;
    for community in &answer.communities {
        let names: Vec<std::borrow::Cow<'_, str>> = community
            .members
            .iter()
            .take(args.members)
            .map(|actor| plain(&actor.name))
            .collect();
        let more = community.members.len().saturating_sub(args.members);
        let tail = if more > 0 {
            format!(", +{more} more")
        } else {
            String::new()
        };
        writeln!(
            out,
            "{:>3} ({:>4})  {}{tail}",
            community.id + 1,
            community.size,
            names.join(", ")
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `export`: the graph or a subgraph in a file format.
pub fn export_graph(db: &Path, dict: &Lazy<'_>, args: ExportArgs) -> Result<ExitCode> {
    if args.format == ExportFormat::Gdelt {
        return export_gdelt(db, &args);
    }
    let format = args.format.graph_format();
    let figure = format.is_some_and(export::Format::is_figure);
    let question = query::GraphQuery {
        center: args.center.clone(),
        depth: args.depth,
        top: args.top,
        min_count: args.min_count,
        supernode: None,
        figure,
        scope: args.filters.scope()?,
    };
    let store = open_existing(db)?;
    let dictionary = || dict.get().map_err(|error| format!("{error:#}"));
    let source = query::Local::new(&store, &dictionary);
    let drawn = question.run(&source)?;
    if let Some(note) = export::pruned_note(&drawn.pruned) {
        let why = if figure {
            "to keep the figure readable (--top 0 for no limit)"
        } else {
            "as asked with --top or --min-count"
        };
        note!("pruned: {note} {why}");
    }
    let mut bytes = Vec::new();
    match format {
        Some(export::Format::Svg) => bytes = crate::graphviz::svg(&drawn.graph, &drawn.title)?,
        Some(export::Format::Dot) if args.per_event => export::dot::write(
            &drawn.graph,
            &export::DotOptions {
                per_event: true,
                ..export::DotOptions::titled(&drawn.title)
            },
            &mut bytes,
        )?,
        Some(other) => {
            let meta = export::Meta {
                title: drawn.title.clone(),
                pruned: drawn.pruned,
                compound: !args.no_compound,
                months: false,
            };
            export::write_with(&drawn.graph, other, &meta, &mut bytes)?
        }
        None => {
            let level: graph::Level = args.filters.level.into();
            let all = store.events(&EventQuery {
                filter: args.filters.filter()?,
                limit: usize::MAX >> 1,
                ..Default::default()
            })?;
            let inside: Vec<Event> = all
                .into_iter()
                .filter(|event| {
                    let folded =
                        |actor: &crate::model::Actor| graph::fold_code(actor, level).to_string();
                    std::iter::once(&event.source)
                        .chain(&event.target)
                        .map(folded)
                        .all(|id| {
                            crate::model::ActorId::parse(&id)
                                .is_ok_and(|id| drawn.graph.actor(&id).is_some())
                        })
                })
                .collect();
            export::table::events_csv(&inside, &mut bytes)?;
        }
    }
    match &args.output {
        Some(path) => {
            fs::write(path, &bytes).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => io::stdout().lock().write_all(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `export --format gdelt`: imported GDELT rows as they came, then extracted and ICEWS events
/// with the numbers GDELT would give them (and a `SOURCEURL` that tells a later import where
/// they came from), streamed so that millions of rows need little memory.
fn export_gdelt(db: &Path, args: &ExportArgs) -> Result<ExitCode> {
    use crate::ingest::gdelt::{write_event_v2, write_v2};
    if args.center.is_some() || args.per_event {
        bail!("option --format gdelt: writes events, not a figure; --center and --per-event do not apply (--since, --until and --kind do)");
    }
    let filter = args.filters.filter()?;
    let store = open_existing(db)?;
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = io::BufWriter::with_capacity(1 << 20, sink);
    let mut line = String::new();
    let inside = |day: &Date, kind: EventKind| {
        filter.since.as_ref().is_none_or(|since| day >= since)
            && filter.until.as_ref().is_none_or(|until| day <= until)
            && (filter.kinds.is_empty() || filter.kinds.contains(&kind))
    };
    let wants = |dataset| filter.dataset.is_none_or(|wanted| wanted == dataset);
    let gdelt_rows = wants(crate::model::Dataset::Gdelt);
    store.each_coded_row(|stored| {
        if !gdelt_rows {
            return Ok(());
        }
        let row = stored.row();
        let day = match filter.on {
            crate::graph::DateField::Event => row.date(),
            crate::graph::DateField::Report => row.report_date(),
        };
        if inside(&day, EventKind::of_code(&row.event_code)) {
            line.clear();
            write_v2(&row, &mut line);
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    })?;
    for dataset in [
        crate::model::Dataset::Extracted,
        crate::model::Dataset::Icews,
    ] {
        if !wants(dataset) {
            continue;
        }
        let events = store.events(&EventQuery {
            filter: crate::graph::Filter {
                dataset: Some(dataset),
                ..filter.clone()
            },
            limit: usize::MAX >> 1,
            ..Default::default()
        })?;
        for event in &events {
            line.clear();
            // GLOBALEVENTIDs of events that are no GDELT rows: a hash of the event id, in the
            // upper half of the numbers a store keeps (2^47 to 2^48), far above GDELT's.
            let id = (1 << 47) | (crate::model::fnv1a(event.id.as_bytes()) & ((1 << 47) - 1));
            if write_event_v2(event, id, None, &mut line).is_ok() {
                out.write_all(line.as_bytes())?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The name of an event's target for people; `(alone)` for an event of one actor.
fn target_name(event: &EventView) -> String {
    event.target.as_ref().map_or_else(
        || "(alone)".to_string(),
        |target| plain(&target.name).into_owned(),
    )
}

/// An event's date as precisely as its sentence gives it (`2025-05 (month)`), and whether it
/// is background.
pub(super) fn when(event: &EventView) -> String {
    let Some(date) = &event.date else {
        return "????-??-??".to_string();
    };
    let background = if event.background { ", background" } else { "" };
    format!("{}{background}", at_precision(date, event.date_precision))
}

/// A date of a view at its precision (`2025-05 (month)`; `model::Precision::date_text`).
pub(super) fn at_precision(date: &str, precision: &str) -> String {
    match (Date::parse(date), Precision::parse(precision)) {
        (Ok(date), Some(precision)) => precision.date_text(&date),
        _ => date.to_string(),
    }
}

/// The sentence of an event in quotes, or, for an imported event without one, its source;
/// without control characters either way.
pub(super) fn evidence_line(event: &EventView) -> String {
    if event.evidence.sentence.is_empty() {
        format!("(no sentence; source: {})", plain(&event.document))
    } else {
        format!("\"{}\"", plain(&event.evidence.sentence))
    }
}
