//! The query commands: `actors`, `actor`, `events`, `relation`, `neighbors`, `path`, `rank`,
//! `communities` and `export`. Readable tables by default, `--json` for programs.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;

use crate::export;
use crate::graph::{
    sort_neighbors, ActorGraph, DateField, Dir, Filter, Granularity, Level, Measure, NeighborOrder,
    PathCost, Pruning, Subgraph,
};
use crate::model::{ActorId, Dataset, Date, Event, EventKind};
use crate::pipeline;
use crate::server::views::{
    ActorView, EventView, NeighborView, PairView, PathView, PeriodView, RelationView,
};
use crate::store::{EventQuery, Store};

use super::{plain, Lazy};

/// An `--offset`: a whole number no larger than the store takes (a larger one used to wrap
/// around to the first page).
fn offset(raw: &str) -> Result<usize, String> {
    match raw.parse::<usize>() {
        Ok(value) if value <= crate::store::MAX_OFFSET => Ok(value),
        _ => Err(format!(
            "expected a whole number from 0 to {}",
            crate::store::MAX_OFFSET
        )),
    }
}

/// Filters shared by the queries: kinds, a date window, and the level actors are seen at.
#[derive(Debug, Args, Default)]
pub struct Filters {
    /// Only these kinds, comma-separated (visit,meeting,declined_visit,conflict,...).
    #[arg(long)]
    pub kind: Option<String>,
    /// Only events on or after this date.
    #[arg(long)]
    pub since: Option<String>,
    /// Only events on or before this date.
    #[arg(long)]
    pub until: Option<String>,
    /// The date --since and --until apply to: event or report.
    #[arg(long, default_value = "event")]
    pub on: String,
    /// See actors as themselves (entity), folded into sectors (sector) or into countries (country).
    #[arg(long, default_value = "entity")]
    pub level: String,
    /// Leave out events with more than two participants (summits, joint statements).
    #[arg(long)]
    pub bilateral: bool,
    /// Leave out events mentioned only as background ("since the 2008 war"), keeping the news.
    #[arg(long)]
    pub no_background: bool,
    /// Only events of one dataset: extracted (from text), gdelt or icews.
    #[arg(long)]
    pub dataset: Option<String>,
}

impl Filters {
    /// The checked filter.
    pub fn filter(&self) -> Result<Filter> {
        let on = match self.on.as_str() {
            "event" => DateField::Event,
            "report" => DateField::Report,
            other => bail!("option --on: expected event or report, found `{other}`"),
        };
        Ok(Filter {
            since: parse_date("since", self.since.as_deref())?,
            until: parse_date("until", self.until.as_deref())?,
            kinds: parse_kinds(self.kind.as_deref())?,
            on,
            bilateral_only: self.bilateral,
            news_only: self.no_background,
            dataset: self
                .dataset
                .as_deref()
                .map(|raw| {
                    Dataset::parse(raw).with_context(|| {
                        format!(
                            "option --dataset: expected extracted, gdelt or icews, found `{raw}`"
                        )
                    })
                })
                .transpose()?,
        })
    }

    /// The checked level.
    pub fn level(&self) -> Result<Level> {
        Level::parse(&self.level).with_context(|| {
            format!(
                "option --level: expected entity, sector or country, found `{}`",
                self.level
            )
        })
    }
}

/// Arguments of `actors`.
#[derive(Debug, Args)]
pub struct ActorsArgs {
    /// Search text: part of a name or id, any case, accents optional.
    pub query: Option<String>,
    /// At most this many actors.
    #[arg(long, default_value_t = 50)]
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
    #[arg(long, default_value_t = 50)]
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
    /// Timeline periods: week, month or year.
    #[arg(long, default_value = "month")]
    pub granularity: String,
    /// Evidence events to show.
    #[arg(long, default_value_t = 10)]
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
    /// out, in or both.
    #[arg(long, default_value = "both")]
    pub dir: String,
    /// count, cooperation, conflict or recent.
    #[arg(long, default_value = "count")]
    pub sort: String,
    /// Only partners with at least this many events.
    #[arg(long, default_value_t = 1)]
    pub min_count: u64,
    #[command(flatten)]
    /// Filters and level.
    pub filters: Filters,
    /// At most this many partners.
    #[arg(long, default_value_t = 50)]
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
    /// hops (fewest steps) or strength (strong, cooperative ties).
    #[arg(long, default_value = "hops")]
    pub by: String,
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
    /// pagerank, degree, weighted_degree or betweenness.
    #[arg(long, default_value = "pagerank")]
    pub measure: String,
    #[command(flatten)]
    /// Filters and level.
    pub filters: Filters,
    /// At most this many actors.
    #[arg(long, default_value_t = 20)]
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
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Members shown per community in the table.
    #[arg(long, default_value_t = 12)]
    pub members: usize,
    /// Print JSON Lines.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// dot, svg, graphml, gexf (Gephi, with time), json (Cytoscape.js), csv (edge list), events
    /// (CSV of events, GDELT-like columns) or gdelt (every stored event as GDELT 2.0 rows; dates
    /// and kinds filter it).
    #[arg(long, default_value = "dot")]
    pub format: String,
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

fn open_store(db: &Path) -> Result<Store> {
    Store::open(db).with_context(|| format!("cannot open store {}", db.display()))
}

/// Parses an optional date option.
pub fn parse_date(flag: &str, raw: Option<&str>) -> Result<Option<Date>> {
    raw.map(|raw| Date::parse(raw).with_context(|| format!("option --{flag}")))
        .transpose()
}

fn parse_kinds(raw: Option<&str>) -> Result<Vec<EventKind>> {
    let Some(raw) = raw.filter(|raw| !raw.is_empty()) else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(|name| EventKind::parse(name.trim()).context("option --kind"))
        .collect()
}

fn load_graph(db: &Path) -> Result<ActorGraph> {
    let store = open_store(db)?;
    store.load_graph().context("cannot load the graph")
}

/// The graph at a level, with the given actor ids folded to it; an unknown actor is an error with suggestions.
fn at_level(
    graph: ActorGraph,
    level: Level,
    raw_ids: &[&str],
    dict: &Lazy<'_>,
) -> Result<(ActorGraph, Vec<ActorId>)> {
    let mut ids = Vec::new();
    for raw in raw_ids {
        let id = ActorId::parse(raw)?;
        let folded = match graph.fold_id(&id, level) {
            Some(folded) => folded,
            None if level != Level::Entity => id,
            None => return Err(unknown(&graph, raw)),
        };
        ids.push(folded);
    }
    let graph = if level == Level::Entity {
        graph
    } else {
        let dictionary = dict.get()?;
        graph.roll_up(level, |id| pipeline::lookup_actor(dictionary, id))
    };
    if let Some(missing) = ids.iter().find(|id| graph.actor(id).is_none()) {
        return Err(unknown(&graph, missing.as_str()));
    }
    Ok((graph, ids))
}

fn unknown(graph: &ActorGraph, raw: &str) -> anyhow::Error {
    anyhow::anyhow!(graph.unknown_actor(raw))
}

/// Says on stderr that nothing matches a search, with the names a few typing errors away.
fn near_matches(graph: &ActorGraph, query: &str) {
    let near: Vec<String> = graph
        .suggest(query, 5)
        .iter()
        .map(|actor| format!("{} ({})", actor.id, plain(&actor.name)))
        .collect();
    if near.is_empty() {
        eprintln!("no actor matches `{}`", plain(query));
    } else {
        eprintln!(
            "no actor matches `{}`; did you mean {}?",
            plain(query),
            near.join(", ")
        );
    }
}

/// `actors`: search by name or id.
pub fn actors(db: &Path, args: ActorsArgs) -> Result<ExitCode> {
    let graph = load_graph(db)?;
    let query = args.query.as_deref().unwrap_or("");
    let found = graph.search(query, args.limit);
    if found.is_empty() && !query.trim().is_empty() {
        near_matches(&graph, query);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    for actor in found {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(&ActorView::from(actor))?)?;
        } else {
            writeln!(
                out,
                "{:<24} {:<13} {:<10} {}",
                actor.id,
                actor.kind.as_str(),
                actor.cameo,
                plain(&actor.name)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `actor`: one actor with its counts by kind and top partners.
pub fn actor(db: &Path, dict: &Lazy<'_>, args: ActorArgs) -> Result<ExitCode> {
    let (graph, ids) = at_level(load_graph(db)?, args.filters.level()?, &[&args.id], dict)?;
    let filter = args.filters.filter()?;
    let actor = graph.actor(&ids[0]).expect("checked by at_level");
    let neighbors = graph
        .neighbors(&ids[0], Dir::Both, &filter)
        .expect("checked by at_level");
    // Events of the actor alone (a protest, a strike) count with the others.
    let alone = graph
        .solo_relation(&ids[0], &filter)
        .expect("checked by at_level");
    let mut total = crate::model::Relation::default();
    total.merge(&alone);
    for neighbor in &neighbors {
        total.merge(&neighbor.outgoing);
        total.merge(&neighbor.incoming);
    }
    total.timeline.clear();
    let rank_of = |measure| {
        graph
            .rank(measure, &filter)
            .iter()
            .position(|ranked| ranked.actor.id == actor.id)
            .map(|position| position + 1)
    };
    let (pagerank, degree) = (rank_of(Measure::PageRank), rank_of(Measure::Degree));
    if args.json {
        let top: Vec<NeighborView> = neighbors.iter().take(10).map(NeighborView::from).collect();
        let body = serde_json::json!({
            "actor": ActorView::from(actor), "sector": actor.sector(), "aliases": graph.aliases(&ids[0]),
            "roles": crate::server::views::roles(dict.get()?, &ids[0]),
            "events": RelationView::from(&total),
            "n_one_actor_events": alone.n_events,
            "timeline": graph
                .actor_timeline(&ids[0], &filter, crate::graph::Granularity::Month)
                .expect("checked by at_level")
                .iter()
                .map(crate::server::views::PeriodView::from)
                .collect::<Vec<_>>(),
            "n_partners": neighbors.len(), "top_partners": top,
            "rank": { "pagerank": pagerank, "degree": degree },
        });
        say!("{}", serde_json::to_string_pretty(&body)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "{} ({})  {}  code {}  country {}",
        plain(&actor.name),
        actor.id,
        actor.kind.as_str(),
        actor.cameo,
        actor.country
    )?;
    let aliases = graph.aliases(&ids[0]);
    if !aliases.is_empty() {
        writeln!(out, "also named: {}", plain(&aliases.join("; ")))?;
    }
    for role in pipeline::roles_of(dict.get()?, &ids[0]) {
        let day = |date: &Option<Date>| {
            date.as_ref()
                .map_or_else(|| "…".to_string(), ToString::to_string)
        };
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
    writeln!(
        out,
        "{} events ({} of them alone) with {} partners; PageRank {}, degree {}",
        total.n_events,
        alone.n_events,
        neighbors.len(),
        ranks(pagerank),
        ranks(degree)
    )?;
    write_relation(&mut out, "all events", &RelationView::from(&total))?;
    writeln!(out, "top partners:")?;
    for neighbor in neighbors.iter().take(10) {
        writeln!(
            out,
            "  {:<24} {:>5} events  {}",
            neighbor.actor.id,
            neighbor.n_events(),
            plain(&neighbor.actor.name)
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `events`: events newest first.
pub fn events(db: &Path, args: EventsArgs) -> Result<ExitCode> {
    let store = open_store(db)?;
    let query = EventQuery {
        actor: args.actor.as_deref().map(ActorId::parse).transpose()?,
        other: args.other.as_deref().map(ActorId::parse).transpose()?,
        level: args.filters.level()?,
        filter: args.filters.filter()?,
        document: None,
        limit: args.limit,
        offset: args.offset,
        extracted_only: false,
        alone: args.alone,
    };
    let found = store.events(&query)?;
    let mut out = BufWriter::new(io::stdout().lock());
    for event in &found {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(&EventView::from(event))?)?;
        } else {
            let date = event
                .date
                .as_ref()
                .map(Date::as_str)
                .unwrap_or("????-??-??");
            writeln!(
                out,
                "{date}  {:<14} {} -{}-> {}",
                event.kind,
                plain(&event.source.name),
                event.code,
                target_name(event)
            )?;
            writeln!(out, "            {}", evidence_line(event))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `relation`: counts, dates, Goldstein, timeline and evidence between two actors.
pub fn relation(db: &Path, dict: &Lazy<'_>, args: RelationArgs) -> Result<ExitCode> {
    let store = open_store(db)?;
    let level = args.filters.level()?;
    let (graph, ids) = at_level(store.load_graph()?, level, &[&args.a, &args.b], dict)?;
    let (a, b) = (&ids[0], &ids[1]);
    let filter = args.filters.filter()?;
    let granularity = Granularity::parse(&args.granularity).with_context(|| {
        format!(
            "option --granularity: expected week, month or year, found `{}`",
            args.granularity
        )
    })?;
    let pair = graph
        .relation(a, b, &filter)
        .expect("both actors are known");
    let periods: Vec<PeriodView> = graph
        .timeline(a, b, &filter, granularity)
        .expect("both actors are known")
        .iter()
        .map(PeriodView::from)
        .collect();
    let evidence = store.events(&EventQuery {
        actor: Some(a.clone()),
        other: Some(b.clone()),
        level,
        filter,
        limit: args.limit,
        offset: args.offset,
        ..Default::default()
    })?;
    let view = PairView::new(&pair, &evidence);
    if args.json {
        let mut body = serde_json::to_value(&view)?;
        body["periods"] = serde_json::json!(periods);
        say!("{}", serde_json::to_string_pretty(&body)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "{} ({}) and {} ({})",
        plain(&pair.a.name),
        pair.a.id,
        plain(&pair.b.name),
        pair.b.id
    )?;
    for (label, relation) in [
        (format!("{} -> {}", pair.a.id, pair.b.id), &view.a_to_b),
        (format!("{} -> {}", pair.b.id, pair.a.id), &view.b_to_a),
        ("both".to_string(), &view.total),
    ] {
        write_relation(&mut out, &label, relation)?;
    }
    if !periods.is_empty() {
        writeln!(out, "by {}:", args.granularity)?;
        for period in &periods {
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
    for event in &evidence {
        let date = event
            .date
            .as_ref()
            .map(Date::as_str)
            .unwrap_or("????-??-??");
        writeln!(
            out,
            "  {date} {} -{}-> {} ({})",
            plain(&event.source.name),
            event.code,
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
    let (graph, ids) = at_level(load_graph(db)?, args.filters.level()?, &[&args.actor], dict)?;
    let dir = Dir::parse(&args.dir).with_context(|| {
        format!(
            "option --dir: expected out, in or both, found `{}`",
            args.dir
        )
    })?;
    let order = NeighborOrder::parse(&args.sort).with_context(|| {
        format!(
            "option --sort: expected count, cooperation, conflict or recent, found `{}`",
            args.sort
        )
    })?;
    let mut found = graph
        .neighbors(&ids[0], dir, &args.filters.filter()?)
        .expect("actor is known");
    found.retain(|neighbor| neighbor.n_events() >= args.min_count);
    sort_neighbors(&mut found, order);
    let mut out = BufWriter::new(io::stdout().lock());
    if !args.json {
        writeln!(
            out,
            "{:<24} {:>6} {:>5} {:>5} {:>9}  {:<10}  name",
            "partner", "events", "out", "in", "Goldstein", "last"
        )?;
    }
    for neighbor in found.iter().take(args.limit) {
        let view = NeighborView::from(neighbor);
        if args.json {
            writeln!(out, "{}", serde_json::to_string(&view)?)?;
        } else {
            let last = view
                .outgoing
                .last
                .clone()
                .max(view.incoming.last.clone())
                .unwrap_or_else(|| "-".into());
            writeln!(
                out,
                "{:<24} {:>6} {:>5} {:>5} {:>+9.1}  {:<10}  {}",
                neighbor.actor.id,
                view.n_events,
                view.outgoing.n_events,
                view.incoming.n_events,
                view.outgoing.goldstein + view.incoming.goldstein,
                last,
                plain(&neighbor.actor.name)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `path`: the best paths between two actors.
pub fn path(db: &Path, dict: &Lazy<'_>, args: PathArgs) -> Result<ExitCode> {
    let (graph, ids) = at_level(
        load_graph(db)?,
        args.filters.level()?,
        &[&args.from, &args.to],
        dict,
    )?;
    let cost = PathCost::parse(&args.by).with_context(|| {
        format!(
            "option --by: expected hops or strength, found `{}`",
            args.by
        )
    })?;
    let filter = args.filters.filter()?;
    let paths = graph.paths(&ids[0], &ids[1], &filter, cost, args.k.max(1));
    if args.json {
        let views: Vec<PathView> = paths
            .iter()
            .map(|path| PathView::new(&graph, path, &filter))
            .collect();
        let body = serde_json::json!({ "from": ids[0].as_str(), "to": ids[1].as_str(), "found": !views.is_empty(), "paths": views });
        say!("{}", serde_json::to_string(&body)?);
    } else if paths.is_empty() {
        say!("no path from {} to {}", ids[0], ids[1]);
    } else {
        for path in &paths {
            let names: Vec<String> = path
                .actors
                .iter()
                .map(|actor| format!("{} ({})", plain(&actor.name), actor.id))
                .collect();
            if paths.len() == 1 && cost == PathCost::Hops {
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
    let measure = Measure::parse(&args.measure).with_context(|| {
        format!("option --measure: expected pagerank, degree, weighted_degree or betweenness, found `{}`", args.measure)
    })?;
    let (graph, _) = at_level(load_graph(db)?, args.filters.level()?, &[], dict)?;
    let ranked = graph.rank(measure, &args.filters.filter()?);
    let mut out = BufWriter::new(io::stdout().lock());
    for (position, entry) in ranked.iter().take(args.limit).enumerate() {
        if args.json {
            let body = serde_json::json!({ "rank": position + 1, "actor": ActorView::from(entry.actor), "score": entry.score });
            writeln!(out, "{body}")?;
        } else {
            writeln!(
                out,
                "{:>4}  {:<24} {:>12.6}  {}",
                position + 1,
                entry.actor.id,
                entry.score,
                plain(&entry.actor.name)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `communities`: blocs of actors that deal mostly with each other.
pub fn communities(db: &Path, dict: &Lazy<'_>, args: CommunitiesArgs) -> Result<ExitCode> {
    let (graph, _) = at_level(load_graph(db)?, args.filters.level()?, &[], dict)?;
    let found = graph.communities(&args.filters.filter()?, 20_000);
    let mut out = BufWriter::new(io::stdout().lock());
    if !args.json {
        writeln!(
            out,
            "{} communities, modularity {:.3}",
            found.communities.len(),
            found.modularity
        )?;
    }
    for (position, community) in found.communities.iter().take(args.limit).enumerate() {
        if args.json {
            let members: Vec<ActorView> = community
                .members
                .iter()
                .map(|actor| ActorView::from(*actor))
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::json!({ "id": position, "size": members.len(), "members": members })
            )?;
        } else {
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
                position + 1,
                community.members.len(),
                names.join(", ")
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `export`: the graph or a subgraph as DOT.
pub fn export_graph(db: &Path, dict: &Lazy<'_>, args: ExportArgs) -> Result<ExitCode> {
    let format = args.format.as_str();
    if format == "gdelt" {
        return export_gdelt(db, &args);
    }
    let known_format = format == "events" || export::Format::parse(format).is_some();
    if !known_format {
        bail!("option --format: expected dot, svg, graphml, gexf, json, csv, events or gdelt, found `{format}`");
    }
    let figure = export::Format::parse(format).is_some_and(export::Format::is_figure);
    let level = args.filters.level()?;
    let filter = args.filters.filter()?;
    let graph = load_graph(db)?;
    let mut pruned = crate::graph::Pruned::default();
    let (subgraph, title) = match &args.center {
        Some(raw) => {
            let (graph, ids) = at_level(graph, level, &[raw], dict)?;
            // Figures start from the default pruning, data from none; the options override.
            let defaults = if figure && args.top != Some(usize::MAX) {
                Pruning::default()
            } else {
                Pruning::unlimited()
            };
            let pruning = Pruning {
                top: args.top.unwrap_or(defaults.top),
                min_count: args.min_count.unwrap_or(defaults.min_count),
                supernode: defaults.supernode,
            };
            let (ego, left_out) = graph
                .pruned_ego(&ids[0], args.depth, &filter, &pruning)
                .expect("center is known");
            if let Some(note) = export::pruned_note(&left_out) {
                let why = if figure {
                    "to keep the figure readable (--top 0 for no limit)"
                } else {
                    "as asked with --top or --min-count"
                };
                note!("pruned: {note} {why}");
            }
            pruned = left_out;
            (ego, format!("geokg: {} at depth {}", ids[0], args.depth))
        }
        None => {
            let spec = Subgraph {
                center: None,
                depth: args.depth,
                level,
                filter,
            };
            let dictionary = dict.get()?;
            (
                graph
                    .subgraph(&spec, |id| pipeline::lookup_actor(dictionary, id))
                    .expect("no center"),
                "geokg: all actors".to_string(),
            )
        }
    };
    let mut bytes = Vec::new();
    match export::Format::parse(format) {
        Some(export::Format::Svg) => bytes = crate::graphviz::svg(&subgraph, &title)?,
        Some(export::Format::Dot) if args.per_event => export::dot::write(
            &subgraph,
            &export::DotOptions {
                per_event: true,
                ..export::DotOptions::titled(&title)
            },
            &mut bytes,
        )?,
        Some(other) => {
            let meta = export::Meta {
                title: title.clone(),
                pruned,
                compound: !args.no_compound,
                months: false,
            };
            export::write_with(&subgraph, other, &meta, &mut bytes)?
        }
        None => {
            let store = open_store(db)?;
            let all = store.events(&EventQuery {
                filter: args.filters.filter()?,
                limit: usize::MAX >> 1,
                ..Default::default()
            })?;
            let inside: Vec<crate::model::Event> = all
                .into_iter()
                .filter(|event| {
                    let folded = |actor: &crate::model::Actor| {
                        crate::graph::fold_code(actor, level).to_string()
                    };
                    std::iter::once(&event.source)
                        .chain(&event.target)
                        .map(folded)
                        .all(|id| ActorId::parse(&id).is_ok_and(|id| subgraph.actor(&id).is_some()))
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
    let store = open_store(db)?;
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
    let gdelt_rows = wants(Dataset::Gdelt);
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
    for dataset in [Dataset::Extracted, Dataset::Icews] {
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
fn target_name(event: &Event) -> String {
    event.target.as_ref().map_or_else(
        || "(alone)".to_string(),
        |target| plain(&target.name).into_owned(),
    )
}

/// The sentence of an event in quotes, or, for an imported event without one, its source;
/// without control characters either way.
fn evidence_line(event: &Event) -> String {
    if event.evidence.sentence.is_empty() {
        format!("(no sentence; source: {})", plain(&event.document))
    } else {
        format!("\"{}\"", plain(&event.evidence.sentence))
    }
}
