//! The query strings of the API: one struct per route, read as text and turned into the
//! question of `crate::query` it asks, with a 400 that names the parameter when one is wrong.
//!
//! Each struct also describes its parameters to the OpenAPI document (`IntoParams`; the parts
//! flattened into a route's struct, `ScopeParams`, `PageParams` and `SubgraphParams`, are listed
//! beside it in the route's `params`, since utoipa does not follow `flatten`): the fixed
//! sets of values are the `query` enums clap reads too, and the bounds below are the ones
//! enforced here.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use utoipa::IntoParams;

use super::ApiError;
use crate::graph::{self, Filter};
use crate::model::Date;
use crate::query::{
    self, Choice, Dataset, DateOn, Dir, Flag, Format, Granularity, Kind, Level, Measure, Page,
    PathBy, Scope, Sort, Timeline,
};

/// The largest `cursor`, `offset` or count a parameter takes: the largest offset the store takes.
pub const MAX_NUMBER: usize = crate::store::MAX_OFFSET;

/// The most items a page holds.
pub const MAX_LIMIT: usize = 1000;

/// The most paths `/api/paths` finds.
pub const MAX_PATHS: usize = 10;

/// The deepest ego network.
pub const MAX_DEPTH: usize = 3;

/// A query string read into `T`; a malformed one is a JSON 400.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(params)| Params(params))
            .map_err(|rejection| ApiError::BadRequest(rejection.body_text()))
    }
}

/// Kinds, dates, datasets and the level: what every question over events takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScopeParams {
    /// Only events on or after this day (YYYY-MM-DD).
    #[param(value_type = Option<String>, format = Date)]
    since: Option<String>,
    /// Only events on or before this day (YYYY-MM-DD).
    #[param(value_type = Option<String>, format = Date)]
    until: Option<String>,
    /// The date `since` and `until` apply to: when the event happened, or when it was reported.
    #[param(inline, value_type = Option<DateOn>)]
    on: Option<String>,
    /// Only these kinds, comma-separated (`visit,meeting`).
    #[param(inline, value_type = Option<Vec<Kind>>, style = Form, explode = false)]
    kind: Option<String>,
    /// `true` leaves out events with more than two participants (summits, joint statements).
    #[param(inline, value_type = Option<Flag>)]
    bilateral: Option<String>,
    /// `false` leaves out events mentioned only as background ("since the 2008 war").
    #[param(inline, value_type = Option<Flag>)]
    background: Option<String>,
    /// Only events of one dataset: extracted from text, or imported from GDELT or ICEWS.
    #[param(inline, value_type = Option<Dataset>)]
    dataset: Option<String>,
    /// See actors as themselves, folded into sectors, or into countries.
    #[param(inline, value_type = Option<Level>)]
    level: Option<String>,
}

impl ScopeParams {
    fn scope(&self) -> Result<Scope, ApiError> {
        // Empty items (`kind=visit,,meeting`, `kind=,`) are read as absent, as an empty
        // parameter is.
        let kinds = self
            .kind
            .iter()
            .flat_map(|raw| raw.split(','))
            .filter_map(|name| choice::<Kind>("kind", Some(name.trim())).transpose())
            .map(|kind| kind.map(Into::into))
            .collect::<Result<_, _>>()?;
        Ok(Scope {
            level: level(self.level.as_deref())?,
            filter: Filter {
                since: date("since", self.since.as_deref())?,
                until: date("until", self.until.as_deref())?,
                kinds,
                on: choice::<DateOn>("on", self.on.as_deref())?
                    .map_or_else(Default::default, Into::into),
                bilateral_only: flag("bilateral", self.bilateral.as_deref(), false)?,
                news_only: !flag("background", self.background.as_deref(), true)?,
                dataset: choice::<Dataset>("dataset", self.dataset.as_deref())?.map(Into::into),
            },
        })
    }
}

/// Where a page starts and how long it is.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page (up to 1000; the default depends on the route).
    #[param(value_type = Option<u64>, minimum = 0, maximum = 1000)]
    limit: Option<String>,
    /// Where the page starts: the `next_cursor` of the page before (past the end: an empty page).
    #[param(value_type = Option<u64>, minimum = 0, maximum = 9223372036854775807_u64)]
    cursor: Option<String>,
    /// Where the page starts, as a number of items (`cursor` wins when both are given).
    #[param(value_type = Option<u64>, minimum = 0, maximum = 9223372036854775807_u64)]
    offset: Option<String>,
}

impl PageParams {
    fn page(&self, default_limit: usize) -> Result<Page, ApiError> {
        let start = match self.cursor.as_deref().filter(|raw| !raw.is_empty()) {
            Some(raw) => number("cursor", Some(raw), 0, MAX_NUMBER)?,
            None => number("offset", self.offset.as_deref(), 0, MAX_NUMBER)?,
        };
        Ok(Page {
            limit: number("limit", self.limit.as_deref(), default_limit, MAX_LIMIT)?,
            start,
        })
    }
}

/// `GET /api/actors`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActorsParams {
    /// Search text: part of a name, an alias or an id, any case, accents optional.
    q: Option<String>,
    /// See actors as themselves, folded into sectors, or into countries.
    #[param(inline, value_type = Option<Level>)]
    level: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    page: PageParams,
}

impl ActorsParams {
    /// The question.
    pub fn question(&self) -> Result<query::Actors, ApiError> {
        Ok(query::Actors {
            q: self.q.clone().unwrap_or_default(),
            level: level(self.level.as_deref())?,
            page: self.page.page(query::Actors::LIMIT)?,
        })
    }
}

/// `GET /api/actors/{id}`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActorParams {
    /// `true` adds the actor's place by PageRank and by degree (ranks every actor).
    #[param(inline, value_type = Option<Flag>)]
    rank: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    scope: ScopeParams,
}

impl ActorParams {
    /// The question about actor `id`.
    pub fn question(&self, id: String) -> Result<query::Actor, ApiError> {
        Ok(query::Actor {
            id,
            scope: self.scope.scope()?,
            rank: flag("rank", self.rank.as_deref(), false)?,
        })
    }
}

/// `GET /api/actors/{id}/neighbors`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NeighborsParams {
    /// Which events count: the actor's (out), others' to it (in), or both.
    #[param(inline, value_type = Option<Dir>)]
    dir: Option<String>,
    /// The order of the partners.
    #[param(inline, value_type = Option<Sort>)]
    sort: Option<String>,
    /// Only partners with at least this many events.
    #[param(value_type = Option<u64>, minimum = 0, maximum = 9223372036854775807_u64)]
    min_count: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    scope: ScopeParams,
    #[serde(flatten)]
    #[param(ignore)]
    page: PageParams,
}

impl NeighborsParams {
    /// The question about the partners of actor `id`.
    pub fn question(&self, id: String) -> Result<query::Neighbors, ApiError> {
        Ok(query::Neighbors {
            id,
            dir: choice::<Dir>("dir", self.dir.as_deref())?.map_or(graph::Dir::Both, Into::into),
            sort: choice::<Sort>("sort", self.sort.as_deref())?
                .map_or_else(Default::default, Into::into),
            min_count: number("min_count", self.min_count.as_deref(), 1, MAX_NUMBER)? as u64,
            scope: self.scope.scope()?,
            page: self.page.page(query::Neighbors::LIMIT)?,
        })
    }
}

/// `GET /api/relations/{a}/{b}`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RelationParams {
    /// The periods of the timeline.
    #[param(inline, value_type = Option<Granularity>)]
    granularity: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    scope: ScopeParams,
    #[serde(flatten)]
    #[param(ignore)]
    page: PageParams,
}

impl RelationParams {
    /// The question about the relation of `a` and `b`.
    pub fn question(&self, a: String, b: String) -> Result<query::RelationQuery, ApiError> {
        Ok(query::RelationQuery {
            a,
            b,
            scope: self.scope.scope()?,
            granularity: choice::<Granularity>("granularity", self.granularity.as_deref())?
                .map_or(graph::Granularity::Month, Into::into),
            page: self.page.page(query::RelationQuery::LIMIT)?,
        })
    }
}

/// `GET /api/events`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsParams {
    /// Only events of this actor.
    actor: Option<String>,
    /// With `actor`: only events between the two.
    other: Option<String>,
    /// `true`: only events of one actor (no target): protests, strikes, crackdowns.
    #[param(inline, value_type = Option<Flag>)]
    alone: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    scope: ScopeParams,
    #[serde(flatten)]
    #[param(ignore)]
    page: PageParams,
}

impl EventsParams {
    /// The question.
    pub fn question(&self) -> Result<query::Events, ApiError> {
        let given = |raw: &Option<String>| raw.clone().filter(|raw| !raw.is_empty());
        Ok(query::Events {
            actor: given(&self.actor),
            other: given(&self.other),
            alone: flag("alone", self.alone.as_deref(), false)?,
            scope: self.scope.scope()?,
            page: self.page.page(query::Events::LIMIT)?,
        })
    }
}

/// `GET /api/stories`: stories are told by extracted reports between actors seen as
/// themselves, so it takes no `level`, `dataset` or `bilateral`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StoriesParams {
    /// Only stories of this actor (as source or target).
    actor: Option<String>,
    /// With `actor`: only stories between the two, either way.
    other: Option<String>,
    /// Only stories told by at least this many documents (default 2; 0 or 1 lists every
    /// extracted event once).
    #[param(value_type = Option<u64>, minimum = 0, maximum = 9223372036854775807_u64)]
    min_reports: Option<String>,
    /// Only stories dated on or after this day (YYYY-MM-DD).
    #[param(value_type = Option<String>, format = Date)]
    since: Option<String>,
    /// Only stories dated on or before this day (YYYY-MM-DD).
    #[param(value_type = Option<String>, format = Date)]
    until: Option<String>,
    /// The date `since` and `until` apply to: the story's date, or the day of its first report.
    #[param(inline, value_type = Option<DateOn>)]
    on: Option<String>,
    /// Only these kinds, comma-separated (`conflict,threat`).
    #[param(inline, value_type = Option<Vec<Kind>>, style = Form, explode = false)]
    kind: Option<String>,
    /// `false` leaves out stories that every report mentions only as background.
    #[param(inline, value_type = Option<Flag>)]
    background: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    page: PageParams,
}

impl StoriesParams {
    /// The question.
    pub fn question(&self) -> Result<query::Stories, ApiError> {
        let given = |raw: &Option<String>| raw.clone().filter(|raw| !raw.is_empty());
        // The window is read as every route reads it.
        let window = ScopeParams {
            since: self.since.clone(),
            until: self.until.clone(),
            on: self.on.clone(),
            kind: self.kind.clone(),
            background: self.background.clone(),
            ..ScopeParams::default()
        };
        Ok(query::Stories {
            actor: given(&self.actor),
            other: given(&self.other),
            min_reports: number(
                "min_reports",
                self.min_reports.as_deref(),
                query::Stories::MIN_REPORTS as usize,
                MAX_NUMBER,
            )? as u64,
            filter: window.scope()?.filter,
            page: self.page.page(query::Stories::LIMIT)?,
        })
    }
}

/// `GET /api/paths`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PathsParams {
    /// Start actor id.
    #[param(required = true, value_type = String)]
    from: Option<String>,
    /// End actor id.
    #[param(required = true, value_type = String)]
    to: Option<String>,
    /// What a path minimises: fewest steps, or strong, cooperative ties.
    #[param(inline, value_type = Option<PathBy>)]
    by: Option<String>,
    /// How many paths, best first (0 counts as 1).
    #[param(value_type = Option<u64>, minimum = 0, maximum = 10)]
    k: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    scope: ScopeParams,
}

impl PathsParams {
    /// The question.
    pub fn question(&self) -> Result<query::Paths, ApiError> {
        Ok(query::Paths {
            from: required("from", &self.from)?,
            to: required("to", &self.to)?,
            by: choice::<PathBy>("by", self.by.as_deref())?
                .map_or_else(Default::default, Into::into),
            k: number("k", self.k.as_deref(), 1, MAX_PATHS)?,
            scope: self.scope.scope()?,
        })
    }
}

/// `GET /api/rankings`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankingsParams {
    /// The measure.
    #[param(inline, value_type = Option<Measure>)]
    measure: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    scope: ScopeParams,
    #[serde(flatten)]
    #[param(ignore)]
    page: PageParams,
}

impl RankingsParams {
    /// The question.
    pub fn question(&self) -> Result<query::Rankings, ApiError> {
        Ok(query::Rankings {
            measure: choice::<Measure>("measure", self.measure.as_deref())?
                .unwrap_or(Measure::Pagerank),
            scope: self.scope.scope()?,
            page: self.page.page(query::Rankings::LIMIT)?,
        })
    }
}

/// `GET /api/communities`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommunitiesParams {
    /// The largest this many communities (up to 1000).
    #[param(value_type = Option<u64>, minimum = 0, maximum = 1000)]
    limit: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    scope: ScopeParams,
}

impl CommunitiesParams {
    /// The question.
    pub fn question(&self) -> Result<query::CommunitiesQuery, ApiError> {
        Ok(query::CommunitiesQuery {
            scope: self.scope.scope()?,
            limit: number(
                "limit",
                self.limit.as_deref(),
                query::CommunitiesQuery::LIMIT,
                MAX_LIMIT,
            )?,
        })
    }
}

/// The part of the graph to export: `GET /api/graph.dot`, and with the format `GET /api/graph`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubgraphParams {
    /// Only the actors around this one.
    center: Option<String>,
    /// Hops around `center` (up to 3).
    #[param(value_type = Option<u64>, minimum = 0, maximum = 3)]
    depth: Option<String>,
    /// Keep at most this many partners per actor; `0` or `all` for no limit. Figures (dot, svg)
    /// keep 15 unless told; data (graphml, gexf, json, csv) is pruned only when asked. The
    /// header `X-Geokg-Pruned` says what was left out.
    #[param(value_type = Option<String>, pattern = "^([0-9]{1,18}|all)$")]
    top: Option<String>,
    /// Drop pairs with fewer events.
    #[param(value_type = Option<u64>, minimum = 0, maximum = 9223372036854775807_u64)]
    min_count: Option<String>,
    /// Do not expand actors with more partners than this.
    #[param(value_type = Option<u64>, minimum = 0, maximum = 9223372036854775807_u64)]
    supernode: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    scope: ScopeParams,
}

impl SubgraphParams {
    /// The question, for a figure or for data.
    pub fn question(&self, figure: bool) -> Result<query::GraphQuery, ApiError> {
        let top = match self.top.as_deref().filter(|raw| !raw.is_empty()) {
            None => None,
            Some("all" | "0") => Some(usize::MAX),
            Some(raw) => Some(number("top", Some(raw), 0, MAX_NUMBER).map_err(|_| {
                ApiError::BadRequest(format!(
                    "parameter `top`: expected a whole number, or 0 or `all` for no limit, found `{raw}`"
                ))
            })?),
        };
        let optional = |name: &str, raw: Option<&str>| {
            raw.filter(|raw| !raw.is_empty())
                .map(|raw| number(name, Some(raw), 0, MAX_NUMBER))
                .transpose()
        };
        Ok(query::GraphQuery {
            center: self.center.clone().filter(|raw| !raw.is_empty()),
            depth: number("depth", self.depth.as_deref(), 1, MAX_DEPTH)?,
            top,
            min_count: optional("min_count", self.min_count.as_deref())?.map(|n| n as u64),
            supernode: optional("supernode", self.supernode.as_deref())?,
            figure,
            scope: self.scope.scope()?,
        })
    }
}

/// `GET /api/graph`: the part of the graph and the file it is written as.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GraphParams {
    /// The file format: Graphviz DOT, SVG (drawn by Graphviz with a time limit and a few
    /// drawings at once), GraphML, GEXF 1.2 with time spells, Cytoscape.js JSON, or a CSV edge
    /// list.
    #[param(inline, value_type = Option<Format>)]
    format: Option<String>,
    /// JSON: a parent node per country holding its actors (Cytoscape compound nodes).
    #[param(inline, value_type = Option<Flag>)]
    compound: Option<String>,
    /// JSON: on each edge, `months`, its events and Goldstein sum by month, to replay the graph
    /// through time.
    #[param(inline, value_type = Option<Timeline>)]
    timeline: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    subgraph: SubgraphParams,
}

impl GraphParams {
    /// The format, the question, and whether the JSON has country parents and months.
    pub fn question(&self) -> Result<(Format, query::GraphQuery, bool, bool), ApiError> {
        let format = choice::<Format>("format", self.format.as_deref())?.unwrap_or(Format::Dot);
        let figure = crate::export::Format::from(format).is_figure();
        Ok((
            format,
            self.subgraph.question(figure)?,
            flag("compound", self.compound.as_deref(), false)?,
            choice::<Timeline>("timeline", self.timeline.as_deref())?.is_some(),
        ))
    }
}

/// One of a fixed set of values, by name; `None` when absent or empty.
fn choice<T: Choice>(name: &str, raw: Option<&str>) -> Result<Option<T>, ApiError> {
    match raw.filter(|raw| !raw.is_empty()) {
        None => Ok(None),
        Some(raw) => T::named(raw).map(Some).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "parameter `{name}`: expected one of {}, found `{raw}`",
                T::names().join(", ")
            ))
        }),
    }
}

fn level(raw: Option<&str>) -> Result<graph::Level, ApiError> {
    Ok(choice::<Level>("level", raw)?.map_or(graph::Level::Entity, Into::into))
}

fn flag(name: &str, raw: Option<&str>, default: bool) -> Result<bool, ApiError> {
    Ok(choice::<Flag>(name, raw)?.map_or(default, Into::into))
}

fn date(name: &str, raw: Option<&str>) -> Result<Option<Date>, ApiError> {
    raw.filter(|raw| !raw.is_empty())
        .map(|raw| {
            Date::parse(raw)
                .map_err(|error| ApiError::BadRequest(format!("parameter `{name}`: {error}")))
        })
        .transpose()
}

fn number(name: &str, raw: Option<&str>, default: usize, max: usize) -> Result<usize, ApiError> {
    match raw {
        None | Some("") => Ok(default),
        Some(raw) => match raw.parse::<usize>() {
            Ok(value) if value <= max => Ok(value),
            _ => Err(ApiError::BadRequest(format!(
                "parameter `{name}`: expected a whole number from 0 to {max}, found `{raw}`"
            ))),
        },
    }
}

fn required(name: &str, raw: &Option<String>) -> Result<String, ApiError> {
    raw.clone()
        .filter(|raw| !raw.is_empty())
        .ok_or_else(|| ApiError::BadRequest(format!("parameter `{name}` is required")))
}
