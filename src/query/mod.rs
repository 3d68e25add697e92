//! The analysts' questions, one type each: its parameters, the graph or store call that answers
//! it, and the JSON view of the answer (mini-redis's `cmd` style).
//!
//! The command line (`cli::query`) and the HTTP API (`server`) both ask through here, so that the
//! same question gets the same answer from both; each only reads its parameters (argv, a query
//! string) into a question and prints or sends the view. This module knows neither argv nor
//! HTTP: it takes a [`Source`] (the graph, its roll-ups, a store reader and the dictionary) and
//! returns values. The fixed sets of values its parameters take are in `options`.

mod options;
pub mod views;

use std::collections::BTreeMap;
use std::ops::Deref;
use std::sync::Arc;

use crate::extract::Dictionary;
use crate::graph::{self, ActorGraph, Filter, Pruned, Pruning, Subgraph};
use crate::model::{ActorId, Event, Relation};
use crate::store::{self, EventQuery, Store, StoryQuery};

pub use options::{
    schema_of, Choice, Dataset, DateOn, Dir, Flag, Format, Granularity, Kind, Level, Measure,
    PathBy, Sort, Timeline,
};
use views::{
    ActorDetailView, ActorView, ActorsView, CommunitiesView, CommunityView, EventView, EventsView,
    HopView, NeighborView, NeighborsView, PathView, PathsView, PeriodView, RankView, RankedView,
    RankingsView, RelationAnswerView, RelationView, RoleView, StoriesView, StoryView,
};

/// Why a question has no answer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A parameter that is not what it should be (an actor id that cannot be one).
    #[error("parameter `{name}`: {message}")]
    BadParameter {
        /// The parameter.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// An actor the graph does not hold, with the near matches.
    #[error("{0}")]
    UnknownActor(String),
    /// The user's dictionary could not be read.
    #[error("{0}")]
    Dictionary(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] store::Error),
}

/// The result of a question.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A graph that a question reads: borrowed, behind a lock, or shared.
pub type GraphRef<'a> = Box<dyn Deref<Target = ActorGraph> + 'a>;

/// Where questions find their answers: the command line opens the store and loads the graph,
/// the server shares its own.
pub trait Source {
    /// The graph of every actor as itself (the entity level).
    fn graph(&self) -> Result<GraphRef<'_>>;
    /// The graph at a sector or country level, rolled up from `entity` (or kept from before).
    fn folded(&self, level: graph::Level, entity: &ActorGraph) -> Result<Arc<ActorGraph>>;
    /// Runs a read on the store.
    fn read<T>(&self, work: impl FnOnce(&Store) -> store::Result<T>) -> Result<T>;
    /// The dictionary that names actors and knows their roles.
    fn dictionary(&self) -> Result<&Dictionary>;
}

/// How many near matches a search that found nothing offers.
pub const SUGGESTIONS: usize = 5;

/// Communities are found with Louvain up to this many actors, with label propagation above.
pub const LOUVAIN_LIMIT: usize = 20_000;

/// Partners listed in an actor's view.
const TOP_PARTNERS: usize = 10;

/// What every question over events takes: a level and a filter.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// The level actors are seen at.
    pub level: graph::Level,
    /// Kinds, dates, datasets.
    pub filter: Filter,
}

/// A page of a list: at most `limit` items from `start`.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Items per page.
    pub limit: usize,
    /// Items skipped first.
    pub start: usize,
}

impl Page {
    /// The first page of `limit` items.
    pub fn first(limit: usize) -> Page {
        Page { limit, start: 0 }
    }

    /// The items of the page and the cursor of the next one.
    fn of<T>(self, items: Vec<T>) -> (Vec<T>, Option<String>) {
        let total = items.len();
        let page: Vec<T> = items
            .into_iter()
            .skip(self.start)
            .take(self.limit)
            .collect();
        let next = (self.start.saturating_add(page.len()) < total)
            .then(|| (self.start + page.len()).to_string());
        (page, next)
    }
}

/// The graph at a level with the named actors folded to it: each name is (parameter, raw id).
/// An actor the graph does not hold is [`Error::UnknownActor`], naming the near matches.
pub fn at_level<'s, S: Source>(
    source: &'s S,
    level: graph::Level,
    names: &[(&str, &str)],
) -> Result<(GraphRef<'s>, Vec<ActorId>)> {
    let entity = source.graph()?;
    let mut ids = Vec::new();
    for (name, raw) in names {
        let id = ActorId::parse(raw).map_err(|error| Error::BadParameter {
            name: name.to_string(),
            message: error.to_string(),
        })?;
        match entity.fold_id(&id, level) {
            Some(folded) => ids.push(folded),
            None if level != graph::Level::Entity => ids.push(id),
            None => return Err(Error::UnknownActor(entity.unknown_actor(raw))),
        }
    }
    if level == graph::Level::Entity {
        return Ok((entity, ids));
    }
    let folded = source.folded(level, &entity)?;
    drop(entity);
    if let Some(missing) = ids.iter().find(|id| folded.actor(id).is_none()) {
        return Err(Error::UnknownActor(folded.unknown_actor(missing.as_str())));
    }
    Ok((Box::new(folded), ids))
}

/// `actors`: search actors by part of a name or id, any case, accents optional.
#[derive(Debug, Clone)]
pub struct Actors {
    /// The search text; empty lists every actor.
    pub q: String,
    /// The level actors are seen at.
    pub level: graph::Level,
    /// Which of them.
    pub page: Page,
}

impl Actors {
    /// Items per page unless told.
    pub const LIMIT: usize = 50;

    /// The actors found, best first; when none, the near matches.
    pub fn run(&self, source: &impl Source) -> Result<ActorsView> {
        let (graph, _) = at_level(source, self.level, &[])?;
        let found: Vec<ActorView> = graph
            .search(&self.q, usize::MAX)
            .into_iter()
            .map(ActorView::from)
            .collect();
        let total = found.len();
        let (actors, next_cursor) = self.page.of(found);
        let suggestions = (total == 0).then(|| {
            graph
                .suggest(&self.q, SUGGESTIONS)
                .into_iter()
                .map(ActorView::from)
                .collect()
        });
        Ok(ActorsView {
            actors,
            total,
            next_cursor,
            suggestions,
        })
    }
}

/// `actor`: one actor with its names, roles, counts by kind, timeline and top partners.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The actor's id.
    pub id: String,
    /// Level and filter.
    pub scope: Scope,
    /// Also its place by PageRank and by degree (ranks every actor: slower on a large graph).
    pub rank: bool,
}

impl Actor {
    /// The actor's view.
    pub fn run(&self, source: &impl Source) -> Result<ActorDetailView> {
        let (graph, ids) = at_level(source, self.scope.level, &[("id", &self.id)])?;
        let id = &ids[0];
        let filter = &self.scope.filter;
        let actor = graph.actor(id).expect("checked by at_level");
        let neighbors = graph
            .neighbors(id, graph::Dir::Both, filter)
            .expect("known");
        // Events of the actor alone (a protest, a strike) have no partner but count here.
        let alone = graph.solo_relation(id, filter).expect("known");
        let mut total = Relation::default();
        total.merge(&alone);
        for neighbor in &neighbors {
            total.merge(&neighbor.outgoing);
            total.merge(&neighbor.incoming);
        }
        total.timeline.clear();
        let by_kind: BTreeMap<&'static str, u64> = total
            .by_kind
            .iter()
            .map(|(kind, n)| (kind.as_str(), *n))
            .collect();
        let rank = self.rank.then(|| {
            let place = |measure| {
                graph
                    .rank(measure, filter)
                    .iter()
                    .position(|ranked| ranked.actor.id == actor.id)
                    .map(|position| position + 1)
            };
            RankView {
                pagerank: place(graph::Measure::PageRank),
                degree: place(graph::Measure::Degree),
            }
        });
        let roles = crate::pipeline::roles_of(source.dictionary()?, id)
            .iter()
            .map(RoleView::from)
            .collect();
        Ok(ActorDetailView {
            actor: ActorView::from(actor),
            sector: actor.sector().to_string(),
            aliases: graph.aliases(id).into_iter().map(str::to_string).collect(),
            roles,
            n_events: total.n_events,
            n_one_actor_events: alone.n_events,
            by_kind,
            events: RelationView::from(&total),
            timeline: graph
                .actor_timeline(id, filter, graph::Granularity::Month)
                .expect("known")
                .iter()
                .map(PeriodView::from)
                .collect(),
            n_partners: neighbors.len(),
            top_partners: neighbors
                .iter()
                .take(TOP_PARTNERS)
                .map(NeighborView::from)
                .collect(),
            rank,
        })
    }
}

/// `events`: events newest first, of an actor, a pair, or all.
#[derive(Debug, Clone)]
pub struct Events {
    /// Only events of this actor.
    pub actor: Option<String>,
    /// With `actor`: only events between the two.
    pub other: Option<String>,
    /// Only events of one actor (no target).
    pub alone: bool,
    /// Level (of `actor` and `other`) and filter.
    pub scope: Scope,
    /// Which of them.
    pub page: Page,
}

impl Events {
    /// Items per page unless told.
    pub const LIMIT: usize = 50;

    /// The page of events, with the titles and addresses of their documents.
    pub fn run(&self, source: &impl Source) -> Result<EventsView> {
        let query = EventQuery {
            actor: actor_id("actor", self.actor.as_deref())?,
            other: actor_id("other", self.other.as_deref())?,
            level: self.scope.level,
            filter: self.scope.filter.clone(),
            document: None,
            limit: self.page.limit.saturating_add(1),
            offset: self.page.start,
            extracted_only: false,
            alone: self.alone,
        };
        let (events, next_cursor) = evidence(source, &query, self.page)?;
        let next_offset = next_cursor
            .as_ref()
            .map(|_| self.page.start + self.page.limit);
        Ok(EventsView {
            events,
            next_cursor,
            next_offset,
        })
    }
}

/// An optional actor id parameter, checked.
fn actor_id(name: &str, raw: Option<&str>) -> Result<Option<ActorId>> {
    raw.map(|raw| {
        ActorId::parse(raw).map_err(|error| Error::BadParameter {
            name: name.to_string(),
            message: error.to_string(),
        })
    })
    .transpose()
}

/// `stories`: the real events that several reports tell, newest first, each once with every
/// report of it (one event per sentence, in the order they were reported). Stories are told by
/// extracted reports between two actors, seen as themselves.
#[derive(Debug, Clone)]
pub struct Stories {
    /// Only stories of this actor (as source or target).
    pub actor: Option<String>,
    /// With `actor`: only stories between the two, either way.
    pub other: Option<String>,
    /// Only stories told by at least this many documents (0 counts as 1).
    pub min_reports: u64,
    /// Kinds, background (`news_only`) and a window on the story's date, or on its first
    /// report (`on`); its level, dataset and participants are not asked.
    pub filter: Filter,
    /// Which of them.
    pub page: Page,
}

impl Stories {
    /// Items per page unless told.
    pub const LIMIT: usize = 20;

    /// Reports a story needs unless told.
    pub const MIN_REPORTS: u64 = 2;

    /// The page of stories, each with its reports and their documents' titles and addresses.
    pub fn run(&self, source: &impl Source) -> Result<StoriesView> {
        if self.other.is_some() && self.actor.is_none() {
            return Err(Error::BadParameter {
                name: "other".to_string(),
                message: "needs `actor`".to_string(),
            });
        }
        let query = StoryQuery {
            actor: actor_id("actor", self.actor.as_deref())?,
            other: actor_id("other", self.other.as_deref())?,
            filter: self.filter.clone(),
            min_reports: self.min_reports,
            limit: self.page.limit.saturating_add(1),
            offset: self.page.start,
        };
        let limit = self.page.limit;
        let (found, more, documents) = source.read(|store| {
            let mut found = store.stories_with_reports(&query)?;
            let more = found.len() > limit;
            found.truncate(limit);
            let mut documents = std::collections::HashMap::new();
            for (_, reports) in &found {
                documents.extend(store.document_refs(reports)?);
            }
            Ok((found, more, documents))
        })?;
        let next_offset = more.then(|| self.page.start + limit);
        Ok(StoriesView {
            stories: found
                .iter()
                .filter_map(|(story, reports)| StoryView::new(story, reports, &documents))
                .collect(),
            next_cursor: next_offset.map(|offset| offset.to_string()),
            next_offset,
        })
    }
}

/// A page of the events of a query, with their documents, and the cursor of the next page.
fn evidence(
    source: &impl Source,
    query: &EventQuery,
    page: Page,
) -> Result<(Vec<EventView>, Option<String>)> {
    let (events, documents) = source.read(|store| {
        let events: Vec<Event> = store.events(query)?;
        let documents = store.document_refs(&events)?;
        Ok((events, documents))
    })?;
    let next_cursor = (events.len() > page.limit).then(|| (page.start + page.limit).to_string());
    let views = events
        .iter()
        .take(page.limit)
        .map(|event| EventView::with_document(event, documents.get(&event.document)))
        .collect();
    Ok((views, next_cursor))
}

/// `relation`: the relation between two actors, each way and both, by period, with a page of
/// its evidence.
#[derive(Debug, Clone)]
pub struct RelationQuery {
    /// First actor.
    pub a: String,
    /// Second actor.
    pub b: String,
    /// Level and filter.
    pub scope: Scope,
    /// The periods of the timeline.
    pub granularity: graph::Granularity,
    /// Which evidence.
    pub page: Page,
}

impl RelationQuery {
    /// Evidence events per page unless told.
    pub const LIMIT: usize = 20;

    /// The relation's view.
    pub fn run(&self, source: &impl Source) -> Result<RelationAnswerView> {
        let filter = &self.scope.filter;
        let (mut answer, query) = {
            let (graph, ids) =
                at_level(source, self.scope.level, &[("a", &self.a), ("b", &self.b)])?;
            let pair = graph.relation(&ids[0], &ids[1], filter).expect("known");
            let periods = graph
                .timeline(&ids[0], &ids[1], filter, self.granularity)
                .expect("known")
                .iter()
                .map(PeriodView::from)
                .collect();
            let answer = RelationAnswerView {
                a: ActorView::from(pair.a),
                b: ActorView::from(pair.b),
                total: RelationView::from(&pair.total()),
                a_to_b: RelationView::from(&pair.a_to_b),
                b_to_a: RelationView::from(&pair.b_to_a),
                events: Vec::new(),
                next_cursor: None,
                periods,
            };
            let query = EventQuery {
                actor: Some(ids[0].clone()),
                other: Some(ids[1].clone()),
                level: self.scope.level,
                filter: filter.clone(),
                limit: self.page.limit.saturating_add(1),
                offset: self.page.start,
                ..Default::default()
            };
            (answer, query)
        };
        (answer.events, answer.next_cursor) = evidence(source, &query, self.page)?;
        Ok(answer)
    }
}

/// `neighbors`: the partners of an actor.
#[derive(Debug, Clone)]
pub struct Neighbors {
    /// The actor.
    pub id: String,
    /// Which events count: out, in or both.
    pub dir: graph::Dir,
    /// The order of the partners.
    pub sort: graph::NeighborOrder,
    /// Only partners with at least this many events.
    pub min_count: u64,
    /// Level and filter.
    pub scope: Scope,
    /// Which partners.
    pub page: Page,
}

impl Neighbors {
    /// Items per page unless told.
    pub const LIMIT: usize = 50;

    /// The page of partners.
    pub fn run(&self, source: &impl Source) -> Result<NeighborsView> {
        let (graph, ids) = at_level(source, self.scope.level, &[("id", &self.id)])?;
        // The graph keeps the whole sorted list; only the page is copied out of it.
        let found = graph
            .neighbor_page(
                &ids[0],
                self.dir,
                &self.scope.filter,
                self.sort,
                self.min_count,
                self.page.start,
                self.page.limit,
            )
            .expect("checked by at_level");
        let total = found.total;
        let next_cursor = (self.page.start.saturating_add(found.neighbors.len()) < total)
            .then(|| (self.page.start + found.neighbors.len()).to_string());
        Ok(NeighborsView {
            actor: ActorView::from(graph.actor(&ids[0]).expect("checked by at_level")),
            total,
            neighbors: found.neighbors.iter().map(NeighborView::from).collect(),
            next_cursor,
        })
    }
}

/// `path`: the k best paths between two actors, each hop with its relation.
#[derive(Debug, Clone)]
pub struct Paths {
    /// Start actor.
    pub from: String,
    /// End actor.
    pub to: String,
    /// What a path minimises.
    pub by: graph::PathCost,
    /// How many paths.
    pub k: usize,
    /// Level and filter.
    pub scope: Scope,
}

impl Paths {
    /// The paths, best first.
    pub fn run(&self, source: &impl Source) -> Result<PathsView> {
        let filter = &self.scope.filter;
        let (graph, ids) = at_level(
            source,
            self.scope.level,
            &[("from", &self.from), ("to", &self.to)],
        )?;
        let paths: Vec<PathView> = graph
            .paths(&ids[0], &ids[1], filter, self.by, self.k.max(1))
            .iter()
            .map(|path| PathView::new(&graph, path, filter))
            .collect();
        let hops: Vec<HopView> = paths
            .first()
            .map(|path| path.hops.clone())
            .unwrap_or_default();
        Ok(PathsView {
            from: ids[0].to_string(),
            to: ids[1].to_string(),
            found: !paths.is_empty(),
            hops,
            paths,
        })
    }
}

/// `rank`: actors ranked by a measure.
#[derive(Debug, Clone)]
pub struct Rankings {
    /// The measure.
    pub measure: Measure,
    /// Level and filter.
    pub scope: Scope,
    /// Which actors.
    pub page: Page,
}

impl Rankings {
    /// Items per page unless told.
    pub const LIMIT: usize = 50;

    /// The page of ranked actors.
    pub fn run(&self, source: &impl Source) -> Result<RankingsView> {
        let (graph, _) = at_level(source, self.scope.level, &[])?;
        let ranked: Vec<RankedView> = graph
            .rank(self.measure.into(), &self.scope.filter)
            .iter()
            .enumerate()
            .map(|(position, ranked)| RankedView {
                rank: position + 1,
                actor: ActorView::from(ranked.actor),
                score: ranked.score,
            })
            .collect();
        let total = ranked.len();
        let (rankings, next_cursor) = self.page.of(ranked);
        Ok(RankingsView {
            measure: self.measure.name(),
            total,
            rankings,
            next_cursor,
        })
    }
}

/// `communities`: blocs of actors that deal mostly with each other (Louvain).
#[derive(Debug, Clone)]
pub struct CommunitiesQuery {
    /// Level and filter.
    pub scope: Scope,
    /// The largest this many.
    pub limit: usize,
}

impl CommunitiesQuery {
    /// Communities listed unless told.
    pub const LIMIT: usize = 20;

    /// The largest communities and the modularity.
    pub fn run(&self, source: &impl Source) -> Result<CommunitiesView> {
        let (graph, _) = at_level(source, self.scope.level, &[])?;
        let found = graph.communities(&self.scope.filter, LOUVAIN_LIMIT);
        Ok(CommunitiesView {
            modularity: found.modularity,
            total: found.communities.len(),
            communities: found
                .communities
                .iter()
                .take(self.limit)
                .enumerate()
                .map(|(position, community)| CommunityView {
                    id: position,
                    size: community.members.len(),
                    members: community
                        .members
                        .iter()
                        .map(|actor| ActorView::from(*actor))
                        .collect(),
                })
                .collect(),
        })
    }
}

/// `export` and `/api/graph`: the whole graph or an ego network, pruned as asked.
#[derive(Debug, Clone)]
pub struct GraphQuery {
    /// Only the actors around this one.
    pub center: Option<String>,
    /// Hops around the center.
    pub depth: usize,
    /// At most this many partners per actor (`usize::MAX`: no limit); the default of the kind
    /// of file when absent.
    pub top: Option<usize>,
    /// Drop pairs with fewer events.
    pub min_count: Option<u64>,
    /// Do not expand actors with more partners than this.
    pub supernode: Option<usize>,
    /// Whether it is for a figure (DOT, SVG), which is pruned to stay readable unless told.
    pub figure: bool,
    /// Level and filter.
    pub scope: Scope,
}

/// A graph to export, with its title and what pruning left out.
#[derive(Debug)]
pub struct Drawn {
    /// The graph.
    pub graph: ActorGraph,
    /// Its title.
    pub title: String,
    /// What was left out.
    pub pruned: Pruned,
}

impl GraphQuery {
    /// The graph asked for. A figure starts from the default pruning, data from none; what was
    /// asked overrides.
    pub fn run(&self, source: &impl Source) -> Result<Drawn> {
        let Some(center) = &self.center else {
            let graph = source.graph()?;
            let dictionary = source.dictionary()?;
            let spec = Subgraph {
                center: None,
                depth: self.depth,
                level: self.scope.level,
                filter: self.scope.filter.clone(),
            };
            let graph = graph
                .subgraph(&spec, |id| crate::pipeline::lookup_actor(dictionary, id))
                .expect("no center to miss");
            return Ok(Drawn {
                graph,
                title: "geokg: all actors".to_string(),
                pruned: Pruned::default(),
            });
        };
        let defaults = if self.figure && self.top != Some(usize::MAX) {
            Pruning::default()
        } else {
            Pruning::unlimited()
        };
        let pruning = Pruning {
            top: self.top.unwrap_or(defaults.top),
            min_count: self.min_count.unwrap_or(defaults.min_count),
            supernode: self.supernode.unwrap_or(defaults.supernode),
        };
        let (graph, ids) = at_level(source, self.scope.level, &[("center", center)])?;
        let (ego, pruned) = graph
            .pruned_ego(&ids[0], self.depth, &self.scope.filter, &pruning)
            .expect("checked by at_level");
        Ok(Drawn {
            graph: ego,
            title: format!("geokg: {} at depth {}", ids[0], self.depth),
            pruned,
        })
    }
}

/// A source for tests and one-off work: a graph and a store held by value, with the bundled
/// dictionary.
pub struct Local<'a> {
    graph: std::cell::OnceCell<ActorGraph>,
    folded: std::cell::RefCell<std::collections::HashMap<graph::Level, Arc<ActorGraph>>>,
    store: &'a Store,
    dictionary: &'a dyn Fn() -> std::result::Result<&'static Dictionary, String>,
}

impl<'a> Local<'a> {
    /// A source over a store, whose graph is loaded when a question first needs it, with the
    /// dictionary `dictionary` gives when asked.
    pub fn new(
        store: &'a Store,
        dictionary: &'a dyn Fn() -> std::result::Result<&'static Dictionary, String>,
    ) -> Local<'a> {
        Local {
            graph: std::cell::OnceCell::new(),
            folded: Default::default(),
            store,
            dictionary,
        }
    }
}

impl Source for Local<'_> {
    fn graph(&self) -> Result<GraphRef<'_>> {
        if let Some(graph) = self.graph.get() {
            return Ok(Box::new(graph));
        }
        let loaded = self.store.load_graph()?;
        Ok(Box::new(self.graph.get_or_init(|| loaded)))
    }

    fn folded(&self, level: graph::Level, entity: &ActorGraph) -> Result<Arc<ActorGraph>> {
        if let Some(folded) = self.folded.borrow().get(&level) {
            return Ok(Arc::clone(folded));
        }
        let dictionary = self.dictionary()?;
        let folded =
            Arc::new(entity.roll_up(level, |id| crate::pipeline::lookup_actor(dictionary, id)));
        self.folded.borrow_mut().insert(level, Arc::clone(&folded));
        Ok(folded)
    }

    fn read<T>(&self, work: impl FnOnce(&Store) -> store::Result<T>) -> Result<T> {
        Ok(work(self.store)?)
    }

    fn dictionary(&self) -> Result<&Dictionary> {
        (self.dictionary)().map_err(Error::Dictionary)
    }
}
