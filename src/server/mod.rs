//! The HTTP API, with axum: router, shared state, handlers and JSON errors.
//!
//! The only module that speaks HTTP. Handlers extract parameters, call one store or graph
//! function and map the result; they hold no SQL and no graph algorithms. SQLite work runs on
//! the blocking pool, never on the async executor. The defences (token, host names, content
//! types, timeouts, limits) are in `guard`.

mod guard;
mod openapi;
mod params;
pub mod render;
mod web;

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json, Router};
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower_http::cors::{Any, CorsLayer};
use tower_http::trace::TraceLayer;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::Dictionary;
use crate::graph::{ActorGraph, Level, Pruned};
use crate::ingest;
use crate::model::{Document, Event};
use crate::pipeline;
use crate::query::views::{
    ActorDetailView, ActorsView, CommunitiesView, EventView, EventsView, NeighborsView, PathsView,
    RankingsView, RelationAnswerView, StoriesView,
};
use crate::query::{self, GraphRef};
use crate::store::{self, Saved, Stats, Store, Watermark};
use openapi::{BadParameter, ErrorView, Guarded, HealthView, UnknownActor};
use params::{
    ActorParams, ActorsParams, CommunitiesParams, EventsParams, GraphParams, NeighborsParams,
    PageParams, Params, PathsParams, RankingsParams, RelationParams, ScopeParams, StoriesParams,
    SubgraphParams,
};

pub use guard::{check_exposure, Options, EVENTS_IN_ANSWER, RETRY_AFTER_SECONDS};

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The largest `cursor` or `offset` of a page: the largest offset the store takes.
pub const MAX_CURSOR: usize = params::MAX_NUMBER;

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
    /// One permit per connection (one for the writer of a store in memory): requests wait
    /// for a permit in turn, in order, rather than as threads fighting over the connections'
    /// locks, which on a busy server makes some wait much longer than others.
    permits: Arc<Semaphore>,
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
                permits: Arc::new(Semaphore::new(connections.len().max(1))),
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
        let permit = Arc::clone(&self.readers.permits)
            .acquire_owned()
            .await
            .map_err(|error| ApiError::Internal(format!("no reader: {error}")))?;
        tokio::task::spawn_blocking(move || {
            let read = state.read(work).map_err(ApiError::from);
            drop(permit);
            read
        })
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
}

/// Questions read this server's graph, its roll-ups (made on first use, dropped on change) and
/// a reader connection.
impl query::Source for AppState {
    fn graph(&self) -> query::Result<GraphRef<'_>> {
        Ok(Box::new(AppState::graph(self)))
    }

    fn folded(&self, level: Level, entity: &ActorGraph) -> query::Result<Arc<ActorGraph>> {
        let mut cache = self
            .folded
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Ok(Arc::clone(cache.entry(level).or_insert_with(|| {
            Arc::new(entity.roll_up(level, |id| pipeline::lookup_actor(self.dictionary, id)))
        })))
    }

    fn read<T>(&self, work: impl FnOnce(&Store) -> store::Result<T>) -> query::Result<T> {
        Ok(AppState::read(self, work)?)
    }

    fn dictionary(&self) -> query::Result<&Dictionary> {
        Ok(self.dictionary)
    }
}

/// Every route with its OpenAPI operation: the router and the document are made from this one
/// list, so no route is served undocumented. The write route is apart: it has its own body
/// limit, and no CORS.
fn routes() -> (OpenApiRouter<AppState>, OpenApiRouter<AppState>) {
    let reads = OpenApiRouter::new()
        .routes(routes!(web::index))
        .routes(routes!(web::app_js))
        .routes(routes!(web::style_css))
        .routes(routes!(web::vendor))
        .routes(routes!(web::icon_svg))
        .routes(routes!(web::favicon))
        .routes(routes!(health))
        .routes(routes!(get_openapi))
        .routes(routes!(list_actors))
        .routes(routes!(get_actor))
        .routes(routes!(get_neighbors))
        .routes(routes!(get_relation))
        .routes(routes!(list_events))
        .routes(routes!(list_stories))
        .routes(routes!(get_paths))
        .routes(routes!(get_rankings))
        .routes(routes!(get_communities))
        .routes(routes!(get_graph))
        .routes(routes!(get_graph_dot));
    let writes = OpenApiRouter::new()
        .routes(routes!(post_document))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    (reads, writes)
}

/// The OpenAPI document of every route.
pub fn openapi_document() -> serde_json::Value {
    let (reads, writes) = routes();
    let mut document = <openapi::ApiDoc as utoipa::OpenApi>::openapi();
    document.merge(reads.into_openapi());
    document.merge(writes.into_openapi());
    document.info.version = env!("CARGO_PKG_VERSION").to_string();
    serde_json::to_value(&document).expect("the document is JSON")
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
    let document = Arc::new(openapi_document());
    let (reads, writes) = routes();
    let (reads, _) = reads.split_for_parts();
    let (writes, _) = writes.split_for_parts();
    reads
        .fallback(not_found)
        .layer(Extension(document))
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
            // Another writer (an import) held the store past the busy timeout: nothing was
            // written; the client may try again.
            busy if busy.is_busy() => ApiError::Busy(format!(
                "the store is busy with another writer: {}",
                error_chain(&busy)
            )),
            other => ApiError::Internal(error_chain(&other)),
        }
    }
}

impl From<query::Error> for ApiError {
    fn from(error: query::Error) -> ApiError {
        match error {
            query::Error::BadParameter { .. } => ApiError::BadRequest(error.to_string()),
            query::Error::UnknownActor(message) => ApiError::NotFound(message),
            query::Error::Dictionary(message) => ApiError::Internal(message),
            query::Error::Store(error) => ApiError::from(error),
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
            Json(ErrorView {
                error: message,
                status: status.as_u16(),
            }),
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

/// Runs a question on the blocking pool, against this server's graph and a reader connection.
async fn ask<T: Send + 'static>(
    app: AppState,
    question: impl FnOnce(&AppState) -> query::Result<T> + Send + 'static,
) -> Result<Json<T>, ApiError> {
    tokio::task::spawn_blocking(move || question(&app))
        .await
        .map_err(|error| ApiError::Internal(format!("query task failed: {error}")))?
        .map(Json)
        .map_err(ApiError::from)
}

/// The store's counts as of the graph's last update: no SQL, so it answers whatever the store
/// is doing.
#[utoipa::path(get, path = "/health", tag = "api",
    responses((status = 200, description = "The server is up; the store's counts.", body = HealthView), Guarded))]
async fn health(State(app): State<AppState>) -> Json<HealthView> {
    let stats = *app
        .stats
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Json(HealthView {
        status: "ok",
        documents: stats.n_documents,
        actors: stats.n_actors,
        events: stats.n_events,
    })
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "api",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API.", body = Object), Guarded))]
async fn get_openapi(Extension(document): Extension<Arc<serde_json::Value>>) -> Response {
    Json(document.as_ref()).into_response()
}

/// Search actors by part of a name, an alias or an id (case and accents ignored), best first.
/// When nothing matches, `suggestions` lists the actors a few typing errors away.
#[utoipa::path(get, path = "/api/actors", tag = "api", params(ActorsParams, PageParams),
    responses((status = 200, description = "A page of actors.", body = ActorsView), BadParameter, Guarded))]
async fn list_actors(
    State(app): State<AppState>,
    Params(params): Params<ActorsParams>,
) -> Result<Json<ActorsView>, ApiError> {
    let question = params.question()?;
    ask(app, move |source| question.run(source)).await
}

/// An actor: names, roles, counts by kind, a monthly timeline and its top partners.
#[utoipa::path(get, path = "/api/actors/{id}", tag = "api",
    params(("id" = String, Path, description = "Actor id."), ActorParams, ScopeParams),
    responses((status = 200, description = "The actor.", body = ActorDetailView), BadParameter, UnknownActor, Guarded))]
async fn get_actor(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Params(params): Params<ActorParams>,
) -> Result<Json<ActorDetailView>, ApiError> {
    let question = params.question(id)?;
    ask(app, move |source| question.run(source)).await
}

/// The partners of an actor, with the relation each way.
#[utoipa::path(get, path = "/api/actors/{id}/neighbors", tag = "api",
    params(("id" = String, Path, description = "Actor id."), NeighborsParams, ScopeParams, PageParams),
    responses((status = 200, description = "A page of partners.", body = NeighborsView), BadParameter, UnknownActor, Guarded))]
async fn get_neighbors(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Params(params): Params<NeighborsParams>,
) -> Result<Json<NeighborsView>, ApiError> {
    let question = params.question(id)?;
    ask(app, move |source| question.run(source)).await
}

/// The relation between two actors: counts, dates, Goldstein, timeline, and a page of the
/// evidence, newest first.
#[utoipa::path(get, path = "/api/relations/{a}/{b}", tag = "api",
    params(("a" = String, Path, description = "First actor id."), ("b" = String, Path, description = "Second actor id."), RelationParams, ScopeParams, PageParams),
    responses((status = 200, description = "The relation.", body = RelationAnswerView), BadParameter, UnknownActor, Guarded))]
async fn get_relation(
    State(app): State<AppState>,
    Path((a, b)): Path<(String, String)>,
    Params(params): Params<RelationParams>,
) -> Result<Json<RelationAnswerView>, ApiError> {
    let question = params.question(a, b)?;
    ask(app, move |source| question.run(source)).await
}

/// Events, newest first.
#[utoipa::path(get, path = "/api/events", tag = "api", params(EventsParams, ScopeParams, PageParams),
    responses((status = 200, description = "A page of events.", body = EventsView), BadParameter, Guarded))]
async fn list_events(
    State(app): State<AppState>,
    Params(params): Params<EventsParams>,
) -> Result<Json<EventsView>, ApiError> {
    let question = params.question()?;
    ask(app, move |source| question.run(source)).await
}

/// Real events that several documents report, newest first, each once with every report (one
/// event per sentence, in the order they were reported). `on=report` puts the date window on a
/// story's first report.
#[utoipa::path(get, path = "/api/stories", tag = "api", params(StoriesParams, PageParams),
    responses((status = 200, description = "A page of stories.", body = StoriesView), BadParameter, Guarded))]
async fn list_stories(
    State(app): State<AppState>,
    Params(params): Params<StoriesParams>,
) -> Result<Json<StoriesView>, ApiError> {
    let question = params.question()?;
    ask(app, move |source| question.run(source)).await
}

/// The k best paths between two actors, each hop with its relation.
#[utoipa::path(get, path = "/api/paths", tag = "api", params(PathsParams, ScopeParams),
    responses((status = 200, description = "The paths, best first.", body = PathsView), BadParameter, UnknownActor, Guarded))]
async fn get_paths(
    State(app): State<AppState>,
    Params(params): Params<PathsParams>,
) -> Result<Json<PathsView>, ApiError> {
    let question = params.question()?;
    ask(app, move |source| question.run(source)).await
}

/// Actors ranked by a measure.
#[utoipa::path(get, path = "/api/rankings", tag = "api", params(RankingsParams, ScopeParams, PageParams),
    responses((status = 200, description = "A page of ranked actors.", body = RankingsView), BadParameter, Guarded))]
async fn get_rankings(
    State(app): State<AppState>,
    Params(params): Params<RankingsParams>,
) -> Result<Json<RankingsView>, ApiError> {
    let question = params.question()?;
    ask(app, move |source| question.run(source)).await
}

/// Communities of actors (Louvain) and the modularity.
#[utoipa::path(get, path = "/api/communities", tag = "api", params(CommunitiesParams, ScopeParams),
    responses((status = 200, description = "The largest communities.", body = CommunitiesView), BadParameter, Guarded))]
async fn get_communities(
    State(app): State<AppState>,
    Params(params): Params<CommunitiesParams>,
) -> Result<Json<CommunitiesView>, ApiError> {
    let question = params.question()?;
    ask(app, move |source| question.run(source)).await
}

/// The graph or an ego network in an export format.
#[utoipa::path(get, path = "/api/graph", tag = "api", params(GraphParams, SubgraphParams, ScopeParams),
    responses(
        (status = 200, description = "The graph in the format asked for.",
         headers(("x-geokg-pruned" = String, description = "What pruning left out: `actors=N; relations=N; capped=IDS`.")),
         content((String = "text/vnd.graphviz"), (String = "image/svg+xml"), (String = "application/graphml+xml"),
                 (String = "application/gexf+xml"), (Object = "application/json"), (String = "text/csv"))),
        BadParameter, UnknownActor, Guarded,
        (status = 422, description = "Graphviz could not draw the SVG in time.", body = ErrorView),
        (status = 503, description = "Every drawing slot is busy; try again after `Retry-After` seconds.", body = ErrorView,
         headers(("retry-after" = u64, description = "Seconds to wait."))),
    ))]
async fn get_graph(
    State(app): State<AppState>,
    Extension(renderer): Extension<render::Renderer>,
    Params(params): Params<GraphParams>,
) -> Result<Response, ApiError> {
    let (format, question, compound, months) = params.question()?;
    let drawn = ask(app, move |source| question.run(source)).await?.0;
    let format = crate::export::Format::from(format);
    let note = HeaderValue::from_str(&pruned_note(&drawn.pruned))
        .map_err(|error| ApiError::Internal(error.to_string()))?;
    let body = if format == crate::export::Format::Svg {
        renderer.svg(drawn.graph, drawn.title).await?
    } else {
        let meta = crate::export::Meta {
            title: drawn.title,
            pruned: drawn.pruned,
            compound,
            months,
        };
        tokio::task::spawn_blocking(move || -> Result<Vec<u8>, ApiError> {
            let mut body = Vec::new();
            crate::export::write_with(&drawn.graph, format, &meta, &mut body)
                .map_err(|error| ApiError::Internal(error.to_string()))?;
            Ok(body)
        })
        .await
        .map_err(|error| ApiError::Internal(format!("export task failed: {error}")))??
    };
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static(format.content_type()),
        ),
        (axum::http::HeaderName::from_static(PRUNED_HEADER), note),
    ];
    Ok((headers, body).into_response())
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

/// The graph or an ego network as Graphviz DOT.
#[utoipa::path(get, path = "/api/graph.dot", tag = "api", params(SubgraphParams, ScopeParams),
    responses((status = 200, description = "The graph as Graphviz DOT.", content_type = "text/vnd.graphviz", body = String),
        BadParameter, UnknownActor, Guarded))]
async fn get_graph_dot(
    State(app): State<AppState>,
    Params(params): Params<SubgraphParams>,
) -> Result<Response, ApiError> {
    let question = params.question(true)?;
    let drawn = ask(app, move |source| question.run(source)).await?.0;
    let mut body = Vec::new();
    crate::export::dot(&drawn.graph, &drawn.title, &mut body)
        .map_err(|error| ApiError::Internal(error.to_string()))?;
    Ok((
        [(header::CONTENT_TYPE, "text/vnd.graphviz; charset=utf-8")],
        body,
    )
        .into_response())
}

/// A document as it is posted: JSON with these fields (`text` required), or plain text with
/// the token.
#[derive(ToSchema)]
#[allow(dead_code)] // Read by `ingest::json_record`; this type only describes it.
struct DocumentBody {
    /// The caller's id; a content hash when absent.
    id: Option<String>,
    /// The headline.
    title: Option<String>,
    /// The publication date (YYYY-MM-DD).
    #[schema(format = Date)]
    date: Option<String>,
    /// Where it was published.
    source: Option<String>,
    /// The article's address.
    url: Option<String>,
    /// The article's text.
    text: String,
}

/// The answer to a posted document.
#[derive(Debug, Serialize, ToSchema)]
struct DocumentAnswer {
    /// The document's id.
    id: String,
    /// `added`, or `duplicate` when it was stored before (nothing added).
    status: &'static str,
    /// Events stored.
    n_events: usize,
    /// Added: events by kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    by_kind: Option<BTreeMap<&'static str, usize>>,
    /// Added: the first events.
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<Vec<EventView>>,
    /// Added: whether there are more events than `events` lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    truncated: Option<bool>,
}

/// Add a document: a JSON object, or plain text with the token. When the server has a token,
/// this needs `Authorization: Bearer <token>`. JSON is read in any case of `application/json`;
/// `text/plain` only with the token; other types get 415. At most a few documents are extracted
/// at once; beyond that, 503 with `Retry-After`. The answer lists the first 20 events and
/// counts all of them.
#[utoipa::path(post, path = "/api/documents", tag = "api",
    security(("bearer" = []), ()),
    request_body(content((DocumentBody = "application/json"), (String = "text/plain"))),
    responses(
        (status = 201, description = "Added.", body = DocumentAnswer),
        (status = 200, description = "Stored before; nothing added.", body = DocumentAnswer),
        (status = 400, description = "Malformed JSON.", body = ErrorView),
        (status = 401, description = "The server has a token and the request did not present it, or presented another.", body = ErrorView,
         headers(("www-authenticate" = String, description = "`Bearer`."))),
        (status = 408, description = "The body did not arrive in time.", body = ErrorView),
        (status = 413, description = "A body over 2 MiB.", body = ErrorView),
        (status = 415, description = "A content type other than application/json, text/plain without the token, or a JSON object sent as text/plain.", body = ErrorView),
        Guarded,
        (status = 422, description = "No text, or a bad field.", body = ErrorView),
        (status = 503, description = "Every extraction slot is busy; try again after `Retry-After` seconds.", body = ErrorView,
         headers(("retry-after" = u64, description = "Seconds to wait."))),
    ))]
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
            Json(added_summary(id, n_events, &events)),
        )
            .into_response()),
        Saved::Duplicate => Ok((
            StatusCode::OK,
            Json(DocumentAnswer {
                id,
                status: "duplicate",
                n_events: 0,
                by_kind: None,
                events: None,
                truncated: None,
            }),
        )
            .into_response()),
    }
}

/// The answer to an added document: its counts by kind and its first events, not all of them.
fn added_summary(id: String, n_events: usize, events: &[Event]) -> DocumentAnswer {
    let mut by_kind: BTreeMap<&'static str, usize> = BTreeMap::new();
    for event in events {
        *by_kind.entry(event.kind.as_str()).or_default() += 1;
    }
    let views: Vec<EventView> = events
        .iter()
        .take(EVENTS_IN_ANSWER)
        .map(EventView::from)
        .collect();
    DocumentAnswer {
        id,
        status: "added",
        n_events,
        by_kind: Some(by_kind),
        truncated: Some(events.len() > views.len()),
        events: Some(views),
    }
}

/// Whether a text is a JSON object (an envelope that must not be stored as article text).
fn is_json_object(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).is_ok()
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such route".into())
}
