//! The HTTP API, with axum: router, shared state, handlers and JSON errors.
//!
//! The only module that speaks HTTP. Handlers extract parameters, call one store or graph
//! function and map the result; they hold no SQL and no graph algorithms. SQLite work runs on
//! the blocking pool, never on the async executor.

pub mod views;

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, RwLock};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use crate::graph::{ActorGraph, DateField, Dir, Filter, Level, Subgraph};
use crate::ingest;
use crate::model::{ActorId, Date, EventKind};
use crate::store::{self, EventQuery, Saved, Store};
use views::{ActorView, EventView, NeighborView, PairView, PathView};

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// What every handler shares: the store behind a mutex and the graph behind a read-write lock.
#[derive(Clone)]
pub struct AppState {
    store: Arc<Mutex<Store>>,
    graph: Arc<RwLock<ActorGraph>>,
}

impl AppState {
    /// Loads the graph from the store and wraps both for sharing.
    pub fn new(store: Store) -> store::Result<AppState> {
        let graph = store.load_graph()?;
        Ok(AppState {
            store: Arc::new(Mutex::new(store)),
            graph: Arc::new(RwLock::new(graph)),
        })
    }

    /// Runs a closure on the store on the blocking pool.
    async fn with_store<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store) -> store::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            let mut store = store
                .lock()
                .map_err(|_| ApiError::Internal("store lock poisoned".into()))?;
            work(&mut store).map_err(ApiError::from)
        })
        .await
        .map_err(|error| ApiError::Internal(format!("blocking task failed: {error}")))?
    }

    fn graph(&self) -> std::sync::RwLockReadGuard<'_, ActorGraph> {
        self.graph
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Builds the router with every route.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/api/actors", get(list_actors))
        .route("/api/actors/{id}", get(get_actor))
        .route("/api/actors/{id}/neighbors", get(get_neighbors))
        .route("/api/relations/{a}/{b}", get(get_relation))
        .route("/api/events", get(list_events))
        .route("/api/paths", get(get_path))
        .route("/api/graph", get(get_graph))
        .route("/api/graph.dot", get(get_graph_dot))
        .route("/api/documents", post(post_document))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves the router on a bound listener until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// An API error: a status code and a message for the client.
#[derive(Debug)]
pub enum ApiError {
    /// A malformed parameter (400).
    BadRequest(String),
    /// An unknown actor or route (404).
    NotFound(String),
    /// A body over the size limit (413).
    TooLarge(String),
    /// A well-formed body that is not a valid document (422).
    Unprocessable(String),
    /// Anything else (500); logged, and answered with a generic message.
    Internal(String),
}

impl From<store::Error> for ApiError {
    fn from(error: store::Error) -> ApiError {
        match error {
            store::Error::ActorNotFound(id) => {
                ApiError::NotFound(format!("actor `{id}` not found"))
            }
            other => ApiError::Internal(error_chain(&other)),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::BadRequest(message) => (StatusCode::BAD_REQUEST, message),
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, message),
            ApiError::TooLarge(message) => (StatusCode::PAYLOAD_TOO_LARGE, message),
            ApiError::Unprocessable(message) => (StatusCode::UNPROCESSABLE_ENTITY, message),
            ApiError::Internal(chain) => {
                tracing::error!(error = %chain, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error".to_string(),
                )
            }
        };
        (
            status,
            Json(json!({ "error": message, "status": status.as_u16() })),
        )
            .into_response()
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut chain = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    chain
}

/// Query parameters shared by the routes; each is checked where it is used.
#[derive(Debug, Default, Deserialize)]
struct Params {
    q: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    kind: Option<String>,
    dir: Option<String>,
    since: Option<String>,
    until: Option<String>,
    actor: Option<String>,
    other: Option<String>,
    from: Option<String>,
    to: Option<String>,
    center: Option<String>,
    depth: Option<String>,
    level: Option<String>,
    format: Option<String>,
    on: Option<String>,
}

impl Params {
    fn limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        number("limit", self.limit.as_deref(), default, max)
    }

    fn offset(&self) -> Result<usize, ApiError> {
        number("offset", self.offset.as_deref(), 0, usize::MAX)
    }

    fn kinds(&self) -> Result<Vec<EventKind>, ApiError> {
        let Some(raw) = self.kind.as_deref().filter(|raw| !raw.is_empty()) else {
            return Ok(Vec::new());
        };
        raw.split(',')
            .map(|name| {
                EventKind::parse(name.trim())
                    .map_err(|error| ApiError::BadRequest(format!("parameter `kind`: {error}")))
            })
            .collect()
    }

    /// The date window and kinds of the query.
    fn filter(&self) -> Result<Filter, ApiError> {
        let on = match self.on.as_deref() {
            None | Some("") | Some("event") => DateField::Event,
            Some("report") => DateField::Report,
            Some(raw) => {
                return Err(ApiError::BadRequest(format!(
                    "parameter `on`: expected event or report, found `{raw}`"
                )))
            }
        };
        Ok(Filter {
            since: Params::date("since", self.since.as_deref())?,
            until: Params::date("until", self.until.as_deref())?,
            kinds: self.kinds()?,
            on,
        })
    }

    fn date(name: &str, raw: Option<&str>) -> Result<Option<Date>, ApiError> {
        raw.filter(|raw| !raw.is_empty())
            .map(|raw| {
                Date::parse(raw)
                    .map_err(|error| ApiError::BadRequest(format!("parameter `{name}`: {error}")))
            })
            .transpose()
    }

    fn actor_param(name: &str, raw: Option<&str>) -> Result<Option<ActorId>, ApiError> {
        raw.filter(|raw| !raw.is_empty())
            .map(|raw| parse_actor_id(name, raw))
            .transpose()
    }
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

fn parse_actor_id(name: &str, raw: &str) -> Result<ActorId, ApiError> {
    ActorId::parse(raw)
        .map_err(|error| ApiError::BadRequest(format!("parameter `{name}`: {error}")))
}

fn known_actor(graph: &ActorGraph, name: &str, raw: &str) -> Result<ActorId, ApiError> {
    let id = parse_actor_id(name, raw)?;
    match graph.actor(&id) {
        Some(_) => Ok(id),
        None => Err(ApiError::NotFound(format!("actor `{id}` not found"))),
    }
}

async fn health(State(app): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let stats = app.with_store(|store| store.stats()).await?;
    Ok(Json(json!({
        "status": "ok",
        "documents": stats.n_documents,
        "actors": stats.n_actors,
        "events": stats.n_events,
    })))
}

async fn list_actors(
    State(app): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let limit = params.limit(50, 1000)?;
    let graph = app.graph();
    let actors: Vec<ActorView> = graph
        .search(params.q.as_deref().unwrap_or(""), limit)
        .into_iter()
        .map(ActorView::from)
        .collect();
    Ok(Json(json!({ "actors": actors })))
}

async fn get_actor(
    State(app): State<AppState>,
    Path(raw_id): Path<String>,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let filter = params.filter()?;
    let graph = app.graph();
    let id = known_actor(&graph, "id", &raw_id)?;
    let actor = graph.actor(&id).expect("checked by known_actor");
    let neighbors = graph
        .neighbors(&id, Dir::Both, &filter)
        .expect("checked by known_actor");
    let mut by_kind: HashMap<&'static str, u64> = HashMap::new();
    let mut n_events = 0;
    for neighbor in &neighbors {
        n_events += neighbor.n_events();
        for relation in [&neighbor.outgoing, &neighbor.incoming] {
            for (kind, n) in &relation.by_kind {
                *by_kind.entry(kind.as_str()).or_default() += n;
            }
        }
    }
    let top: Vec<NeighborView> = neighbors.iter().take(10).map(NeighborView::from).collect();
    Ok(Json(json!({
        "actor": ActorView::from(actor),
        "n_events": n_events,
        "by_kind": by_kind,
        "n_partners": neighbors.len(),
        "top_partners": top,
    })))
}

async fn get_neighbors(
    State(app): State<AppState>,
    Path(raw_id): Path<String>,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let dir = match params.dir.as_deref() {
        None | Some("") => Dir::Both,
        Some(raw) => Dir::parse(raw).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "parameter `dir`: expected out, in or both, found `{raw}`"
            ))
        })?,
    };
    let filter = params.filter()?;
    let limit = params.limit(50, 1000)?;
    let graph = app.graph();
    let id = known_actor(&graph, "id", &raw_id)?;
    let neighbors = graph
        .neighbors(&id, dir, &filter)
        .expect("checked by known_actor");
    let views: Vec<NeighborView> = neighbors
        .iter()
        .take(limit)
        .map(NeighborView::from)
        .collect();
    Ok(Json(json!({
        "actor": ActorView::from(graph.actor(&id).expect("checked by known_actor")),
        "total": neighbors.len(),
        "neighbors": views,
    })))
}

async fn get_relation(
    State(app): State<AppState>,
    Path((raw_a, raw_b)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Result<Json<PairView>, ApiError> {
    let limit = params.limit(20, 1000)?;
    let filter = params.filter()?;
    let (a, b) = {
        let graph = app.graph();
        (
            known_actor(&graph, "a", &raw_a)?,
            known_actor(&graph, "b", &raw_b)?,
        )
    };
    let query = EventQuery {
        actor: Some(a.clone()),
        other: Some(b.clone()),
        filter: filter.clone(),
        limit,
        ..Default::default()
    };
    let events = app.with_store(move |store| store.events(&query)).await?;
    let graph = app.graph();
    let pair = graph
        .relation(&a, &b, &filter)
        .ok_or_else(|| ApiError::NotFound("actor not found".into()))?;
    Ok(Json(PairView::new(&pair, &events)))
}

async fn list_events(
    State(app): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let query = EventQuery {
        actor: Params::actor_param("actor", params.actor.as_deref())?,
        other: Params::actor_param("other", params.other.as_deref())?,
        filter: params.filter()?,
        document: None,
        limit: params.limit(50, 1000)?,
        offset: params.offset()?,
    };
    let (limit, offset) = (query.limit, query.offset);
    let events = app.with_store(move |store| store.events(&query)).await?;
    let next_offset = (events.len() == limit && limit > 0).then_some(offset + limit);
    let views: Vec<EventView> = events.iter().map(EventView::from).collect();
    Ok(Json(json!({ "events": views, "next_offset": next_offset })))
}

async fn get_path(
    State(app): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Json<PathView>, ApiError> {
    let from = params
        .from
        .as_deref()
        .ok_or_else(|| ApiError::BadRequest("parameter `from` is required".into()))?;
    let to = params
        .to
        .as_deref()
        .ok_or_else(|| ApiError::BadRequest("parameter `to` is required".into()))?;
    let filter = params.filter()?;
    let graph = app.graph();
    let (from, to) = (
        known_actor(&graph, "from", from)?,
        known_actor(&graph, "to", to)?,
    );
    Ok(Json(PathView::new(&graph, &from, &to, &filter)))
}

async fn get_graph(
    State(app): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    match params.format.as_deref() {
        None | Some("") | Some("dot") => render_dot(&app, &params),
        Some(other) => Err(ApiError::BadRequest(format!(
            "parameter `format`: `{other}` is not supported; use dot"
        ))),
    }
}

async fn get_graph_dot(
    State(app): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    render_dot(&app, &params)
}

fn render_dot(app: &AppState, params: &Params) -> Result<Response, ApiError> {
    let level = match params.level.as_deref() {
        None | Some("") => Level::Entity,
        Some(raw) => Level::parse(raw).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "parameter `level`: expected entity, sector or country, found `{raw}`"
            ))
        })?,
    };
    let depth = number("depth", params.depth.as_deref(), 1, 3)?;
    let filter = params.filter()?;
    let graph = app.graph();
    let center = params
        .center
        .as_deref()
        .filter(|raw| !raw.is_empty())
        .map(|raw| known_actor(&graph, "center", raw))
        .transpose()?;
    let title = match &center {
        Some(center) => format!("geokg: {center} at depth {depth}"),
        None => "geokg: all actors".to_string(),
    };
    let spec = Subgraph {
        center,
        depth,
        level,
        filter,
    };
    let subgraph = graph
        .subgraph(&spec, crate::extract::lookup_actor)
        .expect("the center was checked by known_actor");
    let mut body = Vec::new();
    crate::export::dot(&subgraph, &title, &mut body)
        .map_err(|error| ApiError::Internal(error.to_string()))?;
    Ok((
        [(header::CONTENT_TYPE, "text/vnd.graphviz; charset=utf-8")],
        body,
    )
        .into_response())
}

async fn post_document(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(format!(
            "request body is larger than {MAX_BODY_BYTES} bytes"
        )),
        _ => ApiError::BadRequest(format!("request body: {}", rejection.body_text())),
    })?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    let defaults = ingest::Defaults::default();
    let document = if is_json {
        let text = std::str::from_utf8(&body)
            .map_err(|_| ApiError::BadRequest("request body: not valid UTF-8".into()))?;
        ingest::json_record(text, &defaults).map_err(|error| match error {
            ingest::Error::Json(message) => {
                ApiError::BadRequest(format!("request body: {message}"))
            }
            other => ApiError::Unprocessable(other.to_string()),
        })?
    } else {
        ingest::text(&body, &defaults)
            .map_err(|error| ApiError::Unprocessable(format!("request body: {error}")))?
    };
    let id = document.id.clone();
    let (saved, events) = app
        .with_store(move |store| store.add_document(&document))
        .await?;
    match saved {
        Saved::Added { n_events } => {
            {
                let mut graph = app
                    .graph
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                for event in &events {
                    graph.add_event(event);
                }
            }
            let views: Vec<EventView> = events.iter().map(EventView::from).collect();
            let body =
                json!({ "id": id, "status": "added", "n_events": n_events, "events": views });
            Ok((StatusCode::CREATED, Json(body)).into_response())
        }
        Saved::Duplicate => Ok((
            StatusCode::OK,
            Json(json!({ "id": id, "status": "duplicate", "n_events": 0 })),
        )
            .into_response()),
    }
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such route".into())
}
