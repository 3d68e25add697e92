//! The HTTP API, with axum: router, shared state, handlers and JSON errors.
//!
//! The only module that speaks HTTP. Handlers extract parameters, call one store or graph
//! function and map the result; they hold no SQL and no graph algorithms. SQLite work runs on
//! the blocking pool, never on the async executor. The defences (token, host names, content
//! types, timeouts, limits) are in `guard`.

mod guard;
mod openapi;
pub mod render;
pub mod views;
mod web;

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower_http::cors::{Any, CorsLayer};
use tower_http::trace::TraceLayer;

use crate::export::Format;
use crate::extract::Dictionary;
use crate::graph::{
    sort_neighbors, ActorGraph, DateField, Dir, Filter, Granularity, Level, Measure, NeighborOrder,
    PathCost, Pruned, Pruning, Subgraph,
};
use crate::ingest;
use crate::model::{ActorId, Dataset, Date, Document, Event, EventKind};
use crate::pipeline;
use crate::store::{self, DocumentRef, EventQuery, Saved, Stats, Store, Watermark};
use views::{ActorView, EventView, NeighborView, PairView, PathView, PeriodView};

pub use guard::{check_exposure, Options, EVENTS_IN_ANSWER, RETRY_AFTER_SECONDS};
pub use openapi::{document as openapi_document, ROUTES};

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The largest `cursor` or `offset` of a page: the largest offset the store takes.
pub const MAX_CURSOR: usize = store::MAX_OFFSET;

/// How many near matches a search that found nothing offers.
const SUGGESTIONS: usize = 5;

/// Communities are found with Louvain up to this many actors, with label propagation above.
const LOUVAIN_LIMIT: usize = 20_000;

/// What every handler shares: the store's writer connection and a pool of readers, the graph
/// behind a read-write lock with the watermark of what it holds, the store's counts, the sector
/// and country roll-ups of the graph, made on first use and dropped on change, and the server's
/// options with the slots for extractions they allow.
#[derive(Clone)]
pub struct AppState {
    dictionary: &'static Dictionary,
    writer: Arc<Mutex<Store>>,
    readers: Arc<Readers>,
    graph: Arc<RwLock<ActorGraph>>,
    synced: Arc<Mutex<Synced>>,
    stats: Arc<Mutex<Stats>>,
    folded: Arc<Mutex<HashMap<Level, Arc<ActorGraph>>>>,
    options: Arc<Options>,
    extractions: Arc<Semaphore>,
}

/// Read connections to the store file, each used by one request at a time; empty for a store
/// in memory, whose reads go to the writer. With the write-ahead log, readers never wait for
/// the writer.
struct Readers {
    connections: Vec<Mutex<Store>>,
    next: AtomicUsize,
    /// A connection of its own that asks whether another connection committed.
    watcher: Option<Mutex<Store>>,
}

/// How far the graph has read the store, and the store's `data_version` when it last looked.
#[derive(Debug, Default)]
struct Synced {
    watermark: Watermark,
    data_version: Option<i64>,
}

/// How often the server looks for what other processes committed to its store.
const WATCH_PERIOD: Duration = Duration::from_millis(500);

impl AppState {
    /// Loads the graph from the store and wraps both for sharing.
    pub fn new(store: Store) -> store::Result<AppState> {
        AppState::with_dictionary(store, Dictionary::bundled())
    }

    /// Like `new`, extracting posted documents and naming actors with the given dictionaries.
    pub fn with_dictionary(
        store: Store,
        dictionary: &'static Dictionary,
    ) -> store::Result<AppState> {
        let n_readers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(2, 8)
            * 2;
        let mut connections = Vec::new();
        for _ in 0..n_readers {
            match store.reader()? {
                Some(reader) => connections.push(Mutex::new(reader)),
                None => break,
            }
        }
        let watcher = store.reader()?.map(Mutex::new);
        let (graph, watermark) = store.load_graph_at()?;
        let stats = store.stats()?;
        let options = Options::default();
        Ok(AppState {
            dictionary,
            writer: Arc::new(Mutex::new(store)),
            readers: Arc::new(Readers {
                connections,
                next: AtomicUsize::new(0),
                watcher,
            }),
            graph: Arc::new(RwLock::new(graph)),
            synced: Arc::new(Mutex::new(Synced {
                watermark,
                data_version: None,
            })),
            stats: Arc::new(Mutex::new(stats)),
            folded: Arc::new(Mutex::new(HashMap::new())),
            extractions: Arc::new(Semaphore::new(options.max_extractions)),
            options: Arc::new(options),
        })
    }

    /// The same state with these options (a token, public host names, limits).
    pub fn with_options(self, options: Options) -> AppState {
        AppState {
            extractions: Arc::new(Semaphore::new(options.max_extractions)),
            options: Arc::new(options),
            ..self
        }
    }

    /// Runs a read on a reader connection, on the blocking pool.
    async fn with_store<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Store) -> store::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.read(work).map_err(ApiError::from))
            .await
            .map_err(|error| ApiError::Internal(format!("blocking task failed: {error}")))?
    }

    /// Runs a write on the writer connection, on the blocking pool.
    async fn with_writer<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store) -> store::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let writer = Arc::clone(&self.writer);
        tokio::task::spawn_blocking(move || {
            let mut store = writer
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            work(&mut store).map_err(ApiError::from)
        })
        .await
        .map_err(|error| ApiError::Internal(format!("blocking task failed: {error}")))?
    }

    /// Runs a read on a free reader connection (blocking): the first free one, else the next in
    /// turn; the writer for a store in memory.
    fn read<T>(&self, work: impl FnOnce(&Store) -> store::Result<T>) -> store::Result<T> {
        let connections = &self.readers.connections;
        if connections.is_empty() {
            let store = self
                .writer
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            return work(&store);
        }
        let start = self.readers.next.fetch_add(1, Ordering::Relaxed);
        for offset in 0..connections.len() {
            if let Ok(store) = connections[(start + offset) % connections.len()].try_lock() {
                return work(&store);
            }
        }
        let store = connections[start % connections.len()]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        work(&store)
    }

    /// Extracts a document on the blocking pool (outside any lock), saves it with the writer,
    /// and brings the graph up to what was committed. Run as a task of its own, this finishes
    /// whether or not the client waits for the answer. The extraction slot is given back when
    /// extraction ends.
    async fn add_document(
        self,
        document: Document,
        slot: OwnedSemaphorePermit,
    ) -> Result<(Saved, Vec<Event>), ApiError> {
        let document = Arc::new(document);
        let seen = Arc::clone(&document);
        // A document posted again is answered without extracting it again.
        if self
            .with_store(move |store| store.contains_document(&seen))
            .await?
        {
            return Ok((Saved::Duplicate, Vec::new()));
        }
        let dictionary = self.dictionary;
        let read = Arc::clone(&document);
        let prepared = tokio::task::spawn_blocking(move || {
            let prepared = pipeline::prepare(dictionary, &read);
            drop(slot);
            prepared
        })
        .await
        .map_err(|error| ApiError::Internal(format!("extraction failed: {error}")))?;
        let (saved, events) = self
            .with_writer(move |store| pipeline::save(store, &document, prepared))
            .await?;
        if matches!(saved, Saved::Added { .. }) {
            let state = self.clone();
            tokio::task::spawn_blocking(move || state.sync_graph())
                .await
                .map_err(|error| ApiError::Internal(format!("graph update failed: {error}")))?
                .map_err(ApiError::from)?;
        }
        Ok((saved, events))
    }

    /// Adds to the graph what was committed to the store since it last looked, by this server
    /// or another process; loads the graph again when an import added rows below the
    /// watermark. Blocking; one at a time.
    fn sync_graph(&self) -> store::Result<()> {
        let mut synced = self
            .synced
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let changes = self.read(|store| store.changes(&synced.watermark))?;
        let stats = changes.stats;
        let watermark = if changes.reload {
            let (graph, watermark) = self.read(Store::load_graph_at)?;
            *self.graph_mut() = graph;
            self.clear_folded();
            watermark
        } else {
            let watermark = changes.watermark;
            if !changes.is_empty() {
                let mut graph = self.graph_mut();
                changes.apply(&mut graph);
                self.clear_folded();
            }
            watermark
        };
        synced.watermark = watermark;
        *self
            .stats
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = stats;
        Ok(())
    }

    /// Brings the graph up to date when another connection committed since the last look
    /// (blocking).
    fn watch_once(&self) -> store::Result<()> {
        let Some(watcher) = &self.readers.watcher else {
            return Ok(());
        };
        let version = watcher
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .data_version()?;
        let last = self
            .synced
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .data_version
            .replace(version);
        if last.is_some_and(|last| last != version) {
            self.sync_graph()?;
        }
        Ok(())
    }

    fn graph(&self) -> std::sync::RwLockReadGuard<'_, ActorGraph> {
        self.graph
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn graph_mut(&self) -> std::sync::RwLockWriteGuard<'_, ActorGraph> {
        self.graph
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn clear_folded(&self) {
        self.folded
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }

    fn lookup_actor(&self, id: &ActorId) -> Option<crate::model::Actor> {
        pipeline::lookup_actor(self.dictionary, id)
    }

    /// Runs a closure on the graph at a level, with the id of each named actor folded to that level.
    fn at_level<T>(
        &self,
        level: Level,
        names: &[(&str, &str)],
        work: impl FnOnce(&ActorGraph, &[ActorId]) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let graph = self.graph();
        let mut ids = Vec::new();
        for (parameter, raw) in names {
            let id = parse_actor_id(parameter, raw)?;
            match graph.fold_id(&id, level) {
                Some(folded) => ids.push(folded),
                None if level != Level::Entity => ids.push(id),
                None => return Err(ApiError::NotFound(graph.unknown_actor(raw))),
            }
        }
        if level == Level::Entity {
            return work(&graph, &ids);
        }
        let folded = {
            let mut cache = self
                .folded
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(
                cache
                    .entry(level)
                    .or_insert_with(|| Arc::new(graph.roll_up(level, |id| self.lookup_actor(id)))),
            )
        };
        drop(graph);
        if let Some(missing) = ids.iter().find(|id| folded.actor(id).is_none()) {
            return Err(ApiError::NotFound(folded.unknown_actor(missing.as_str())));
        }
        work(&folded, &ids)
    }
}

/// Builds the router with every route, for a server whose address is not known: the Host
/// header may then name localhost or a loopback address on any port.
pub fn router(state: AppState) -> Router {
    app(state, None, render::Renderer::default())
}

/// The router of a server bound to `bound`. GET routes allow any origin (CORS); the POST route
/// allows none, so a web page elsewhere can neither read its answer nor preflight a write.
fn app(state: AppState, bound: Option<SocketAddr>, renderer: render::Renderer) -> Router {
    let guard = Arc::new(guard::Guard::new(&state.options, bound));
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD]);
    let writes = Router::new()
        .route("/api/documents", post(post_document))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    Router::new()
        .route("/", get(web::index))
        .route("/web/app.js", get(web::app_js))
        .route("/web/style.css", get(web::style_css))
        .route("/web/vendor/{file}", get(web::vendor))
        .route("/web/icon.svg", get(web::icon_svg))
        .route("/favicon.ico", get(web::icon_svg))
        .route("/health", get(health))
        .route("/api/openapi.json", get(get_openapi))
        .route("/api/actors", get(list_actors))
        .route("/api/actors/{id}", get(get_actor))
        .route("/api/actors/{id}/neighbors", get(get_neighbors))
        .route("/api/relations/{a}/{b}", get(get_relation))
        .route("/api/events", get(list_events))
        .route("/api/paths", get(get_paths))
        .route("/api/rankings", get(get_rankings))
        .route("/api/communities", get(get_communities))
        .route("/api/graph", get(get_graph))
        .route("/api/graph.dot", get(get_graph_dot))
        .fallback(not_found)
        .layer(Extension(renderer))
        .layer(cors)
        .merge(writes)
        .layer(axum::middleware::from_fn_with_state(guard, guard::guard))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves the router on a bound listener until `shutdown` resolves, then lets the requests
/// under way finish (for up to ten seconds).
///
/// Each connection has `Options::header_timeout` to send a request's headers, and is closed
/// when it stays idle that long between requests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let bound = listener.local_addr()?;
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(state.options.header_timeout);
    let watcher = tokio::spawn(watch(state.clone()));
    let renderer = render::Renderer::default();
    let app = app(state, Some(bound), renderer.clone());
    let connections = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = connections.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    // Drawings under way end now (their `dot` is killed) instead of holding up the shutdown.
    renderer.stop();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), connections.shutdown()).await;
    watcher.abort();
    Ok(())
}

/// Every `WATCH_PERIOD`, adds to the graph what other processes (`geokg ingest`, `geokg import`)
/// committed to the store, so the server shows it without a restart.
async fn watch(state: AppState) {
    let mut ticks = tokio::time::interval(WATCH_PERIOD);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let looking = state.clone();
        match tokio::task::spawn_blocking(move || looking.watch_once()).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                tracing::warn!(error = %error_chain(&error), "cannot read what the store committed")
            }
            Err(error) => tracing::warn!(%error, "the store watcher failed"),
        }
    }
}

/// An API error: a status code and a message for the client.
#[derive(Debug)]
pub enum ApiError {
    /// A malformed parameter (400).
    BadRequest(String),
    /// A write without the token, or with a wrong one (401).
    Unauthorized(String),
    /// An unknown actor or route (404).
    NotFound(String),
    /// A body that did not arrive in time (408).
    Timeout(String),
    /// A body over the size limit (413).
    TooLarge(String),
    /// A body of a content type that is not accepted (415).
    UnsupportedMediaType(String),
    /// A Host header that names another server (421).
    MisdirectedRequest(String),
    /// A well-formed body that is not a valid document (422).
    Unprocessable(String),
    /// Every extraction slot is busy (503, with `Retry-After`).
    Busy(String),
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
        let mut headers = Vec::new();
        let (status, message) = match self {
            ApiError::BadRequest(message) => (StatusCode::BAD_REQUEST, message),
            ApiError::Unauthorized(message) => {
                headers.push((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
                (StatusCode::UNAUTHORIZED, message)
            }
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, message),
            ApiError::Timeout(message) => (StatusCode::REQUEST_TIMEOUT, message),
            ApiError::TooLarge(message) => (StatusCode::PAYLOAD_TOO_LARGE, message),
            ApiError::UnsupportedMediaType(message) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, message)
            }
            ApiError::MisdirectedRequest(message) => (StatusCode::MISDIRECTED_REQUEST, message),
            ApiError::Unprocessable(message) => (StatusCode::UNPROCESSABLE_ENTITY, message),
            ApiError::Busy(message) => {
                headers.push((header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS)));
                (StatusCode::SERVICE_UNAVAILABLE, message)
            }
            ApiError::Internal(chain) => {
                tracing::error!(error = %chain, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error".to_string(),
                )
            }
        };
        let mut response = (
            status,
            Json(json!({ "error": message, "status": status.as_u16() })),
        )
            .into_response();
        response.headers_mut().extend(headers);
        response
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
    cursor: Option<String>,
    kind: Option<String>,
    dir: Option<String>,
    since: Option<String>,
    until: Option<String>,
    on: Option<String>,
    bilateral: Option<String>,
    dataset: Option<String>,
    alone: Option<String>,
    actor: Option<String>,
    other: Option<String>,
    from: Option<String>,
    to: Option<String>,
    center: Option<String>,
    depth: Option<String>,
    level: Option<String>,
    format: Option<String>,
    sort: Option<String>,
    min_count: Option<String>,
    granularity: Option<String>,
    by: Option<String>,
    k: Option<String>,
    measure: Option<String>,
    top: Option<String>,
    supernode: Option<String>,
    compound: Option<String>,
    timeline: Option<String>,
    background: Option<String>,
}

impl Params {
    fn limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        number("limit", self.limit.as_deref(), default, max)
    }

    /// Where a page starts: `cursor` (as returned in `next_cursor`) or `offset`, up to
    /// `MAX_CURSOR` (a cursor past the end gives an empty page).
    fn start(&self) -> Result<usize, ApiError> {
        match self.cursor.as_deref().filter(|raw| !raw.is_empty()) {
            Some(raw) => number("cursor", Some(raw), 0, MAX_CURSOR),
            None => number("offset", self.offset.as_deref(), 0, MAX_CURSOR),
        }
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
        Ok(Filter {
            since: Params::date("since", self.since.as_deref())?,
            until: Params::date("until", self.until.as_deref())?,
            kinds: self.kinds()?,
            on: choice(
                "on",
                self.on.as_deref(),
                DateField::Event,
                &[("event", DateField::Event), ("report", DateField::Report)],
            )?,
            bilateral_only: choice(
                "bilateral",
                self.bilateral.as_deref(),
                false,
                &[("true", true), ("false", false)],
            )?,
            news_only: !choice(
                "background",
                self.background.as_deref(),
                true,
                &[("true", true), ("false", false)],
            )?,
            dataset: choice(
                "dataset",
                self.dataset.as_deref(),
                None,
                &[
                    ("extracted", Some(Dataset::Extracted)),
                    ("gdelt", Some(Dataset::Gdelt)),
                    ("icews", Some(Dataset::Icews)),
                ],
            )?,
        })
    }

    fn level(&self) -> Result<Level, ApiError> {
        choice(
            "level",
            self.level.as_deref(),
            Level::Entity,
            &[
                ("entity", Level::Entity),
                ("sector", Level::Sector),
                ("country", Level::Country),
            ],
        )
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

    fn required<'p>(name: &str, raw: &'p Option<String>) -> Result<&'p str, ApiError> {
        raw.as_deref()
            .filter(|raw| !raw.is_empty())
            .ok_or_else(|| ApiError::BadRequest(format!("parameter `{name}` is required")))
    }
}

/// One of a fixed set of values, by name; `default` when absent.
fn choice<T: Copy>(
    name: &str,
    raw: Option<&str>,
    default: T,
    options: &[(&str, T)],
) -> Result<T, ApiError> {
    match raw.filter(|raw| !raw.is_empty()) {
        None => Ok(default),
        Some(raw) => options
            .iter()
            .find(|(option, _)| *option == raw)
            .map(|(_, value)| *value)
            .ok_or_else(|| {
                let names: Vec<&str> = options.iter().map(|(option, _)| *option).collect();
                ApiError::BadRequest(format!(
                    "parameter `{name}`: expected one of {}, found `{raw}`",
                    names.join(", ")
                ))
            }),
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

/// The page of `items` that starts at `start`, and the cursor of the next page.
fn page<T>(items: Vec<T>, start: usize, limit: usize) -> (Vec<T>, Option<String>) {
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(start).take(limit).collect();
    let next = (start + page.len() < total).then(|| (start + page.len()).to_string());
    (page, next)
}

/// The store's counts as of the graph's last update: no SQL, so it answers whatever the store
/// is doing.
async fn health(State(app): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let stats = *app
        .stats
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Ok(Json(json!({
        "status": "ok",
        "documents": stats.n_documents,
        "actors": stats.n_actors,
        "events": stats.n_events,
    })))
}

async fn get_openapi() -> Json<serde_json::Value> {
    Json(openapi::document())
}

async fn list_actors(
    State(app): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let limit = params.limit(50, 1000)?;
    let start = params.start()?;
    let level = params.level()?;
    app.at_level(level, &[], |graph, _| {
        let found: Vec<ActorView> = graph
            .search(params.q.as_deref().unwrap_or(""), usize::MAX)
            .into_iter()
            .map(ActorView::from)
            .collect();
        let total = found.len();
        let (actors, next_cursor) = page(found, start, limit);
        let mut body = json!({ "actors": actors, "total": total, "next_cursor": next_cursor });
        if total == 0 {
            body["suggestions"] = json!(near_matches(graph, params.q.as_deref()));
        }
        Ok(Json(body))
    })
}

/// When a search finds nothing: the actors a few typing errors away ("Pakistn": Pakistan).
fn near_matches(graph: &ActorGraph, query: Option<&str>) -> Vec<ActorView> {
    graph
        .suggest(query.unwrap_or(""), SUGGESTIONS)
        .into_iter()
        .map(ActorView::from)
        .collect()
}

async fn get_actor(
    State(app): State<AppState>,
    Path(raw_id): Path<String>,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let filter = params.filter()?;
    let level = params.level()?;
    app.at_level(level, &[("id", &raw_id)], |graph, ids| {
        let id = &ids[0];
        let actor = graph.actor(id).expect("checked by at_level");
        let neighbors = graph
            .neighbors(id, Dir::Both, &filter)
            .expect("checked by at_level");
        // Events of the actor alone (a protest, a strike) have no partner but count here.
        let alone = graph
            .solo_relation(id, &filter)
            .expect("checked by at_level");
        let mut by_kind: BTreeMap<&'static str, u64> = BTreeMap::new();
        let mut n_events = alone.n_events;
        for (kind, n) in &alone.by_kind {
            *by_kind.entry(kind.as_str()).or_default() += n;
        }
        for neighbor in &neighbors {
            n_events += neighbor.n_events();
            for relation in [&neighbor.outgoing, &neighbor.incoming] {
                for (kind, n) in &relation.by_kind {
                    *by_kind.entry(kind.as_str()).or_default() += n;
                }
            }
        }
        let timeline: Vec<PeriodView> = graph
            .actor_timeline(id, &filter, Granularity::Month)
            .expect("checked by at_level")
            .iter()
            .map(PeriodView::from)
            .collect();
        let top: Vec<NeighborView> = neighbors.iter().take(10).map(NeighborView::from).collect();
        Ok(Json(json!({
            "actor": ActorView::from(actor),
            "sector": actor.sector(),
            "aliases": graph.aliases(id),
            "roles": views::roles(app.dictionary, id),
            "n_events": n_events,
            "n_one_actor_events": alone.n_events,
            "by_kind": by_kind,
            "timeline": timeline,
            "n_partners": neighbors.len(),
            "top_partners": top,
        })))
    })
}

async fn get_neighbors(
    State(app): State<AppState>,
    Path(raw_id): Path<String>,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let dir = choice(
        "dir",
        params.dir.as_deref(),
        Dir::Both,
        &[("out", Dir::Out), ("in", Dir::In), ("both", Dir::Both)],
    )?;
    let order = choice(
        "sort",
        params.sort.as_deref(),
        NeighborOrder::Count,
        &[
            ("count", NeighborOrder::Count),
            ("cooperation", NeighborOrder::Cooperation),
            ("conflict", NeighborOrder::Conflict),
            ("recent", NeighborOrder::Recent),
        ],
    )?;
    let min_count = number("min_count", params.min_count.as_deref(), 1, usize::MAX)? as u64;
    let filter = params.filter()?;
    let limit = params.limit(50, 1000)?;
    let start = params.start()?;
    let level = params.level()?;
    app.at_level(level, &[("id", &raw_id)], |graph, ids| {
        let mut neighbors = graph
            .neighbors(&ids[0], dir, &filter)
            .expect("checked by at_level");
        neighbors.retain(|neighbor| neighbor.n_events() >= min_count);
        sort_neighbors(&mut neighbors, order);
        let total = neighbors.len();
        let (neighbors, next_cursor) = page(neighbors, start, limit);
        let views: Vec<NeighborView> = neighbors.iter().map(NeighborView::from).collect();
        Ok(Json(json!({
            "actor": ActorView::from(graph.actor(&ids[0]).expect("checked by at_level")),
            "total": total,
            "neighbors": views,
            "next_cursor": next_cursor,
        })))
    })
}

async fn get_relation(
    State(app): State<AppState>,
    Path((raw_a, raw_b)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let limit = params.limit(20, 1000)?;
    let start = params.start()?;
    let filter = params.filter()?;
    let level = params.level()?;
    let granularity = choice(
        "granularity",
        params.granularity.as_deref(),
        Granularity::Month,
        &[
            ("week", Granularity::Week),
            ("month", Granularity::Month),
            ("year", Granularity::Year),
        ],
    )?;
    let (pair_view, periods, a, b) =
        app.at_level(level, &[("a", &raw_a), ("b", &raw_b)], |graph, ids| {
            let pair = graph
                .relation(&ids[0], &ids[1], &filter)
                .expect("checked by at_level");
            let periods: Vec<PeriodView> = graph
                .timeline(&ids[0], &ids[1], &filter, granularity)
                .expect("checked by at_level")
                .iter()
                .map(PeriodView::from)
                .collect();
            Ok((
                PairView::new(&pair, &[]),
                periods,
                ids[0].clone(),
                ids[1].clone(),
            ))
        })?;
    let query = EventQuery {
        actor: Some(a),
        other: Some(b),
        level,
        filter: filter.clone(),
        limit: limit + 1,
        offset: start,
        ..Default::default()
    };
    let (events, documents) = app.with_store(move |store| evidence(store, &query)).await?;
    let next_cursor = (events.len() > limit).then(|| (start + limit).to_string());
    let evidence: Vec<EventView> = events
        .iter()
        .take(limit)
        .map(|event| EventView::with_document(event, documents.get(&event.document)))
        .collect();
    let mut body =
        serde_json::to_value(&pair_view).map_err(|error| ApiError::Internal(error.to_string()))?;
    body["events"] = json!(evidence);
    body["next_cursor"] = json!(next_cursor);
    body["periods"] = json!(periods);
    Ok(Json(body))
}

/// Events of a query with the title and URL of their documents.
fn evidence(
    store: &Store,
    query: &EventQuery,
) -> store::Result<(Vec<Event>, HashMap<String, DocumentRef>)> {
    let events = store.events(query)?;
    let documents = store.document_refs(&events)?;
    Ok((events, documents))
}

async fn list_events(
    State(app): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let limit = params.limit(50, 1000)?;
    let start = params.start()?;
    let query = EventQuery {
        actor: Params::actor_param("actor", params.actor.as_deref())?,
        other: Params::actor_param("other", params.other.as_deref())?,
        level: Level::Entity,
        filter: params.filter()?,
        document: None,
        limit: limit + 1,
        offset: start,
        extracted_only: false,
        alone: choice(
            "alone",
            params.alone.as_deref(),
            false,
            &[("true", true), ("false", false)],
        )?,
    };
    let (events, documents) = app.with_store(move |store| evidence(store, &query)).await?;
    let next_cursor = (events.len() > limit).then(|| (start + limit).to_string());
    let views: Vec<EventView> = events
        .iter()
        .take(limit)
        .map(|event| EventView::with_document(event, documents.get(&event.document)))
        .collect();
    let next_offset = next_cursor.as_ref().map(|_| start + limit);
    Ok(Json(
        json!({ "events": views, "next_cursor": next_cursor, "next_offset": next_offset }),
    ))
}

async fn get_paths(
    State(app): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let from = Params::required("from", &params.from)?;
    let to = Params::required("to", &params.to)?;
    let cost = choice(
        "by",
        params.by.as_deref(),
        PathCost::Hops,
        &[("hops", PathCost::Hops), ("strength", PathCost::Strength)],
    )?;
    let k = number("k", params.k.as_deref(), 1, 10)?.max(1);
    let filter = params.filter()?;
    let level = params.level()?;
    app.at_level(level, &[("from", from), ("to", to)], |graph, ids| {
        let paths: Vec<PathView> = graph
            .paths(&ids[0], &ids[1], &filter, cost, k)
            .iter()
            .map(|path| PathView::new(graph, path, &filter))
            .collect();
        Ok(Json(json!({
            "from": ids[0].as_str(),
            "to": ids[1].as_str(),
            "found": !paths.is_empty(),
            "hops": paths.first().map(|path| json!(path.hops)).unwrap_or(json!([])),
            "paths": paths,
        })))
    })
}

async fn get_rankings(
    State(app): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let measure = choice(
        "measure",
        params.measure.as_deref(),
        Measure::PageRank,
        &[
            ("pagerank", Measure::PageRank),
            ("degree", Measure::Degree),
            ("weighted_degree", Measure::WeightedDegree),
            ("betweenness", Measure::Betweenness),
        ],
    )?;
    let filter = params.filter()?;
    let limit = params.limit(50, 1000)?;
    let start = params.start()?;
    let level = params.level()?;
    let measure_name = params.measure.clone().unwrap_or_else(|| "pagerank".into());
    tokio::task::spawn_blocking(move || {
        app.at_level(level, &[], |graph, _| {
            let ranked: Vec<serde_json::Value> = graph
                .rank(measure, &filter)
                .iter()
                .enumerate()
                .map(|(position, ranked)| json!({ "rank": position + 1, "actor": ActorView::from(ranked.actor), "score": ranked.score }))
                .collect();
            let total = ranked.len();
            let (ranked, next_cursor) = page(ranked, start, limit);
            Ok(Json(json!({ "measure": measure_name, "total": total, "rankings": ranked, "next_cursor": next_cursor })))
        })
    })
    .await
    .map_err(|error| ApiError::Internal(format!("ranking task failed: {error}")))?
}

async fn get_communities(
    State(app): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let filter = params.filter()?;
    let limit = params.limit(20, 1000)?;
    let level = params.level()?;
    tokio::task::spawn_blocking(move || {
        app.at_level(level, &[], |graph, _| {
            let found = graph.communities(&filter, LOUVAIN_LIMIT);
            let communities: Vec<serde_json::Value> = found
                .communities
                .iter()
                .take(limit)
                .enumerate()
                .map(|(position, community)| {
                    let members: Vec<ActorView> = community
                        .members
                        .iter()
                        .map(|actor| ActorView::from(*actor))
                        .collect();
                    json!({ "id": position, "size": members.len(), "members": members })
                })
                .collect();
            Ok(Json(json!({
                "modularity": found.modularity,
                "total": found.communities.len(),
                "communities": communities,
            })))
        })
    })
    .await
    .map_err(|error| ApiError::Internal(format!("communities task failed: {error}")))?
}

async fn get_graph(
    State(app): State<AppState>,
    Extension(renderer): Extension<render::Renderer>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    let format = match params.format.as_deref().filter(|raw| !raw.is_empty()) {
        None => Format::Dot,
        Some(raw) => Format::parse(raw).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "parameter `format`: expected one of dot, svg, graphml, gexf, json, csv, found `{raw}`"
            ))
        })?,
    };
    let compound = match params.compound.as_deref() {
        None | Some("" | "false" | "0") => false,
        Some("true" | "1") => true,
        Some(raw) => {
            return Err(ApiError::BadRequest(format!(
                "parameter `compound`: expected true or false, found `{raw}`"
            )))
        }
    };
    let (subgraph, title, pruned) = build_subgraph(&app, &params, format.is_figure())?;
    let note = axum::http::HeaderValue::from_str(&pruned_note(&pruned))
        .map_err(|error| ApiError::Internal(error.to_string()))?;
    let body = if format == Format::Svg {
        renderer.svg(subgraph, title).await?
    } else {
        let meta = crate::export::Meta {
            title,
            pruned,
            compound,
            months: timeline_param(&params)?,
        };
        tokio::task::spawn_blocking(move || -> Result<Vec<u8>, ApiError> {
            let mut body = Vec::new();
            crate::export::write_with(&subgraph, format, &meta, &mut body)
                .map_err(|error| ApiError::Internal(error.to_string()))?;
            Ok(body)
        })
        .await
        .map_err(|error| ApiError::Internal(format!("export task failed: {error}")))??
    };
    let headers = [
        (
            header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static(format.content_type()),
        ),
        (axum::http::HeaderName::from_static(PRUNED_HEADER), note),
    ];
    Ok((headers, body).into_response())
}

/// `timeline=month`: whether a JSON graph carries the events of each edge by month, for the
/// page's replay through time.
fn timeline_param(params: &Params) -> Result<bool, ApiError> {
    choice(
        "timeline",
        params.timeline.as_deref(),
        false,
        &[("month", true)],
    )
}

/// The header that says what an ego network left out to stay readable.
const PRUNED_HEADER: &str = "x-geokg-pruned";

fn pruned_note(pruned: &Pruned) -> String {
    let capped = if pruned.capped.is_empty() {
        "-".to_string()
    } else {
        pruned.capped.join(" ")
    };
    format!(
        "actors={}; relations={}; capped={capped}",
        pruned.n_actors, pruned.n_relations
    )
}

async fn get_graph_dot(
    State(app): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    let (subgraph, title, _) = build_subgraph(&app, &params, true)?;
    dot_response(&subgraph, &title)
}

/// The subgraph a `/api/graph` request asks for: an ego network or everything. A figure is
/// pruned to stay readable unless `top` is `0` or `all`; data is pruned only when `top`,
/// `min_count` or `supernode` asks.
fn build_subgraph(
    app: &AppState,
    params: &Params,
    figure: bool,
) -> Result<(ActorGraph, String, Pruned), ApiError> {
    let level = params.level()?;
    let depth = number("depth", params.depth.as_deref(), 1, 3)?;
    let filter = params.filter()?;
    // Figures start from the default pruning, data from none; what the request says overrides.
    let unlimited = matches!(params.top.as_deref(), Some("all" | "0"));
    let defaults = if unlimited || !figure {
        Pruning::unlimited()
    } else {
        Pruning::default()
    };
    let top = match params.top.as_deref() {
        Some("all") => defaults.top,
        raw => number("top", raw, defaults.top, usize::MAX).map_err(|_| {
            ApiError::BadRequest(format!(
                "parameter `top`: expected a whole number, or 0 or `all` for no limit, found `{}`",
                raw.unwrap_or_default()
            ))
        })?,
    };
    let pruning = Pruning {
        top: if top == 0 { usize::MAX } else { top },
        min_count: number(
            "min_count",
            params.min_count.as_deref(),
            defaults.min_count as usize,
            usize::MAX,
        )? as u64,
        supernode: number(
            "supernode",
            params.supernode.as_deref(),
            defaults.supernode,
            usize::MAX,
        )?,
    };
    let Some(center) = params.center.as_deref().filter(|raw| !raw.is_empty()) else {
        let graph = app.graph();
        let spec = Subgraph {
            center: None,
            depth,
            level,
            filter,
        };
        let subgraph = graph
            .subgraph(&spec, |id| app.lookup_actor(id))
            .expect("no center to miss");
        return Ok((subgraph, "geokg: all actors".to_string(), Pruned::default()));
    };
    app.at_level(level, &[("center", center)], |graph, ids| {
        let (ego, pruned) = graph
            .pruned_ego(&ids[0], depth, &filter, &pruning)
            .expect("checked by at_level");
        Ok((ego, format!("geokg: {} at depth {depth}", ids[0]), pruned))
    })
}

fn dot_response(subgraph: &ActorGraph, title: &str) -> Result<Response, ApiError> {
    let mut body = Vec::new();
    crate::export::dot(subgraph, title, &mut body)
        .map_err(|error| ApiError::Internal(error.to_string()))?;
    Ok((
        [(header::CONTENT_TYPE, "text/vnd.graphviz; charset=utf-8")],
        body,
    )
        .into_response())
}

async fn post_document(
    State(app): State<AppState>,
    Extension(authorized): Extension<guard::Authorized>,
    request: Request,
) -> Result<Response, ApiError> {
    let kind = guard::body_kind(request.headers(), authorized)?;
    let body = guard::read_body(request, app.options.body_timeout).await?;
    let defaults = ingest::Defaults::default();
    let text = std::str::from_utf8(&body);
    let document = match kind {
        guard::BodyKind::Json => {
            let text =
                text.map_err(|_| ApiError::BadRequest("request body: not valid UTF-8".into()))?;
            ingest::json_record(text, &defaults).map_err(|error| match error {
                ingest::Error::Json(message) => {
                    ApiError::BadRequest(format!("request body: {message}"))
                }
                other => ApiError::Unprocessable(other.to_string()),
            })?
        }
        guard::BodyKind::Text if text.is_ok_and(is_json_object) => {
            return Err(ApiError::UnsupportedMediaType(
                "this text/plain body is a JSON object; send it as application/json".into(),
            ))
        }
        guard::BodyKind::Text => ingest::text(&body, &defaults)
            .map_err(|error| ApiError::Unprocessable(format!("request body: {error}")))?,
    };
    // The slot goes with the work to the blocking pool, so that it stays taken until the
    // extraction ends even when the client leaves first.
    let slot = Arc::clone(&app.extractions)
        .try_acquire_owned()
        .map_err(|_| {
            ApiError::Busy(format!(
                "{} documents are being extracted already; try again in a moment",
                app.options.max_extractions
            ))
        })?;
    let id = document.id.clone();
    // The work is a task of its own: when the client leaves, this handler is dropped, but the
    // document is still extracted, saved and added to the graph.
    let work = tokio::spawn(app.clone().add_document(document, slot));
    let (saved, events) = work
        .await
        .map_err(|error| ApiError::Internal(format!("document task failed: {error}")))??;
    match saved {
        Saved::Added { n_events } => Ok((
            StatusCode::CREATED,
            Json(added_summary(&id, n_events, &events)),
        )
            .into_response()),
        Saved::Duplicate => Ok((
            StatusCode::OK,
            Json(json!({ "id": id, "status": "duplicate", "n_events": 0 })),
        )
            .into_response()),
    }
}

/// The answer to an added document: its counts by kind and its first events, not all of them.
fn added_summary(id: &str, n_events: usize, events: &[Event]) -> serde_json::Value {
    let mut by_kind: BTreeMap<&'static str, usize> = BTreeMap::new();
    for event in events {
        *by_kind.entry(event.kind.as_str()).or_default() += 1;
    }
    let views: Vec<EventView> = events
        .iter()
        .take(EVENTS_IN_ANSWER)
        .map(EventView::from)
        .collect();
    json!({
        "id": id,
        "status": "added",
        "n_events": n_events,
        "by_kind": by_kind,
        "events": views,
        "truncated": events.len() > views.len(),
    })
}

/// Whether a text is a JSON object (an envelope that must not be stored as article text).
fn is_json_object(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).is_ok()
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such route".into())
}
