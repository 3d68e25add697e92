//! The OpenAPI 3.1 document of the API, served at `/api/openapi.json`, derived from the code.
//!
//! Routes, parameters and answers come from the handlers' `#[utoipa::path]` attributes, the
//! parameter structs of `params` and the JSON views of `crate::query::views`; the router is
//! built from the same list (`super::routes`), so a route cannot be served undocumented. This
//! file adds what no handler says: the title, the bearer scheme, and the error answers that
//! every route shares.

use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoResponses, Modify, OpenApi, ToSchema};

/// The parts of the document no handler gives.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "geokg",
        description = "A knowledge graph of political actors built from news, with the evidence of every event."
    ),
    components(schemas(ErrorView)),
    modifiers(&Bearer)
)]
pub struct ApiDoc;

/// The write token as a bearer scheme.
struct Bearer;

impl Modify for Bearer {
    fn modify(&self, document: &mut utoipa::openapi::OpenApi) {
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The token the server was started with (`--token` or GEOKG_TOKEN); writes need it whenever one is set.",
                    ))
                    .build(),
            ),
        );
    }
}

/// An error answer: what was wrong, and the status code.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorView {
    /// What was wrong (a generic message for a 500).
    pub error: String,
    /// The HTTP status code.
    pub status: u16,
}

/// `/health`: the server is up, with the store's counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthView {
    /// Always `ok`.
    pub status: &'static str,
    /// Documents stored.
    pub documents: u64,
    /// Actors stored.
    pub actors: u64,
    /// Events stored, extracted and imported.
    pub events: u64,
}

/// The answer to a parameter that is not what it should be.
#[derive(IntoResponses)]
#[allow(dead_code)] // Describes answers to the document; `ApiError` makes them.
pub enum BadParameter {
    /// A bad parameter, named in the message.
    #[response(status = 400)]
    BadRequest(#[to_schema] ErrorView),
}

/// The answer about an actor the graph does not hold.
#[derive(IntoResponses)]
#[allow(dead_code)] // Describes answers to the document; `ApiError` makes them.
pub enum UnknownActor {
    /// An unknown actor; the message names the actors a few typing errors away.
    #[response(status = 404)]
    NotFound(#[to_schema] ErrorView),
}

/// The answer every route may give: a Host header that names another server.
#[derive(IntoResponses)]
#[allow(dead_code)] // Describes answers to the document; `ApiError` makes them.
pub enum Guarded {
    /// The Host header names another server (a defence against DNS rebinding).
    #[response(status = 421)]
    Misdirected(#[to_schema] ErrorView),
}
