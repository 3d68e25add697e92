//! The OpenAPI 3.1 document of the API, served at `/api/openapi.json`.
//!
//! Written by hand next to the router; a test checks that every route of `ROUTES` is in it.

use serde_json::{json, Value};

/// Every route of the router, as (method, OpenAPI path).
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/health"),
    ("get", "/api/openapi.json"),
    ("get", "/api/actors"),
    ("get", "/api/actors/{id}"),
    ("get", "/api/actors/{id}/neighbors"),
    ("get", "/api/relations/{a}/{b}"),
    ("get", "/api/events"),
    ("get", "/api/paths"),
    ("get", "/api/rankings"),
    ("get", "/api/communities"),
    ("get", "/api/graph"),
    ("get", "/api/graph.dot"),
    ("post", "/api/documents"),
];

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn path_param(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string" } })
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn integer() -> Value {
    json!({ "type": "integer", "minimum": 0 })
}

fn error(description: &str) -> Value {
    json!({ "description": format!("{description} A JSON body with `error` (the message) and `status`."),
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn one_of(values: &[&str]) -> Value {
    json!({ "type": "string", "enum": values })
}

/// The filters every query takes.
fn filters() -> Vec<Value> {
    vec![
        query(
            "since",
            "Only events on or after this day (YYYY-MM-DD).",
            json!({ "type": "string", "format": "date" }),
        ),
        query(
            "until",
            "Only events on or before this day (YYYY-MM-DD).",
            json!({ "type": "string", "format": "date" }),
        ),
        query(
            "on",
            "Which date since and until apply to.",
            one_of(&["event", "report"]),
        ),
        query(
            "background",
            "false leaves out events mentioned only as background (\"since the 2008 war\").",
            one_of(&["true", "false"]),
        ),
        query(
            "kind",
            "Only these kinds, comma-separated (visit, meeting, declined_visit, conflict, ...).",
            string(),
        ),
        query(
            "level",
            "Fold actors into their sector or country.",
            one_of(&["entity", "sector", "country"]),
        ),
        query(
            "dataset",
            "Only events of one dataset: extracted from text, or imported from GDELT or ICEWS.",
            one_of(&["extracted", "gdelt", "icews"]),
        ),
    ]
}

fn paging() -> Vec<Value> {
    vec![
        query("limit", "Items per page.", integer()),
        query(
            "cursor",
            "Where the page starts: the next_cursor of the previous page (0 to 9223372036854775807; past the end, an empty page).",
            json!({ "type": "string", "pattern": "^[0-9]{1,19}$" }),
        ),
    ]
}

fn operation(summary: &str, parameters: Vec<Value>, content_type: &str) -> Value {
    json!({
        "summary": summary,
        "parameters": parameters,
        "security": [],
        "responses": {
            "200": { "description": "OK", "content": { content_type: { "schema": { "type": if content_type == "application/json" { "object" } else { "string" } } } } },
            "400": error("A bad parameter."), "404": error("An unknown actor."),
            "421": error("A Host header that names another server (DNS rebinding defence)."),
        },
    })
}

/// The OpenAPI document.
pub fn document() -> Value {
    let json_type = "application/json";
    let with = |mut base: Vec<Value>, more: Vec<Value>| {
        base.extend(more);
        base
    };
    let subgraph = with(
        filters(),
        vec![
            query("center", "Draw only the actors around this one.", string()),
            query("depth", "Hops around the center (1 to 3).", integer()),
            query(
                "top",
                "Keep at most this many partners per actor (a whole number; 0 or `all` for no limit). Figures (dot, svg) keep 15 unless told; data (graphml, gexf, json, csv) is pruned only when asked. The header X-Geokg-Pruned says what was left out.",
                json!({ "oneOf": [integer(), { "type": "string", "enum": ["all"] }] }),
            ),
            query("min_count", "Drop pairs with fewer events.", integer()),
            query(
                "supernode",
                "Do not expand actors with more partners than this.",
                integer(),
            ),
        ],
    );
    json!({
        "openapi": "3.1.0",
        "info": { "title": "geokg", "version": env!("CARGO_PKG_VERSION"), "description": "A knowledge graph of political actors built from news, with the evidence of every event." },
        "paths": {
            "/health": { "get": operation("Health and counts of documents, actors and events.", vec![], json_type) },
            "/api/openapi.json": { "get": operation("This document.", vec![], json_type) },
            "/api/actors": { "get": operation("Search actors by name or id (case and accents ignored), best first. When nothing matches, `suggestions` lists actors whose name, id or alias is a few typing errors away.",
                with(vec![query("q", "Search text.", string()), query("level", "Fold actors.", one_of(&["entity", "sector", "country"]))], paging()), json_type) },
            "/api/actors/{id}": { "get": operation("An actor with its counts by kind and top partners.",
                with(vec![path_param("id", "Actor id.")], filters()), json_type) },
            "/api/actors/{id}/neighbors": { "get": operation("The partners of an actor.",
                with(with(vec![path_param("id", "Actor id."),
                    query("dir", "Direction of the events.", one_of(&["out", "in", "both"])),
                    query("sort", "Order of the partners.", one_of(&["count", "cooperation", "conflict", "recent"])),
                    query("min_count", "Only partners with at least this many events.", integer())], filters()), paging()), json_type) },
            "/api/relations/{a}/{b}": { "get": operation("The relation between two actors: counts, dates, Goldstein, timeline, evidence (newest first, paged).",
                with(with(vec![path_param("a", "First actor id."), path_param("b", "Second actor id."),
                    query("granularity", "Timeline periods.", one_of(&["week", "month", "year"]))], filters()), paging()), json_type) },
            "/api/events": { "get": operation("Events, newest first.",
                with(with(vec![query("actor", "Only events of this actor.", string()), query("other", "With actor: only events between the two.", string()), query("alone", "Only events of one actor (no target): protests, strikes, crackdowns.", one_of(&["true", "false"])),
                    query("offset", "Where the page starts (as cursor).", integer())], filters()), paging()), json_type) },
            "/api/paths": { "get": operation("The k best paths between two actors, each hop with its relation.",
                with(vec![query("from", "Start actor id (required).", string()), query("to", "End actor id (required).", string()),
                    query("by", "What a path minimises.", one_of(&["hops", "strength"])), query("k", "How many paths (1 to 10).", integer())], filters()), json_type) },
            "/api/rankings": { "get": operation("Actors ranked by a measure.",
                with(with(vec![query("measure", "The measure.", one_of(&["pagerank", "degree", "weighted_degree", "betweenness"]))], filters()), paging()), json_type) },
            "/api/communities": { "get": operation("Communities of actors (Louvain) and the modularity.",
                with(vec![query("limit", "Largest communities to list.", integer())], filters()), json_type) },
            "/api/graph": { "get": operation("The graph or an ego network in an export format.",
                with(vec![query("format", "Output format: Graphviz DOT, SVG (drawn by Graphviz with a time limit and a few drawings at once; 503 with Retry-After when all are busy, 422 when a drawing takes too long), GraphML, GEXF 1.2 with time spells, Cytoscape.js JSON or a CSV edge list.", one_of(&["dot", "svg", "graphml", "gexf", "json", "csv"])),
                    query("compound", "JSON: a parent node per country holding its actors (Cytoscape compound nodes).", one_of(&["true", "false"])),
                    query("timeline", "JSON: on each edge, `months`, its events and Goldstein sum by month ([\"2025-05\", 3, -12.5]), to replay the graph through time.", one_of(&["month"]))], subgraph.clone()), "text/vnd.graphviz") },
            "/api/graph.dot": { "get": operation("The graph or an ego network as Graphviz DOT.", subgraph, "text/vnd.graphviz") },
            "/api/documents": { "post": {
                "summary": "Add a document: a JSON object (id, title, date, source, url, text), or plain text with the token.",
                "description": "When the server has a token, this needs `Authorization: Bearer <token>`. JSON is read in any case of `application/json`; `text/plain` only with the token; other types get 415. At most a few documents are extracted at once; beyond that, 503 with Retry-After. The answer lists the first 20 events and counts all of them.",
                "security": [ { "bearer": [] }, {} ],
                "requestBody": { "required": true, "content": {
                    "application/json": { "schema": { "type": "object", "required": ["text"], "properties": {
                        "id": string(), "title": string(), "date": { "type": "string", "format": "date" }, "source": string(), "url": string(), "text": string() } } },
                    "text/plain": { "schema": string() } } },
                "responses": {
                    "201": { "description": "Added: `id`, `status`, `n_events`, `by_kind` (counts), `events` (the first 20) and `truncated` (whether there are more)." },
                    "200": { "description": "Already stored; nothing added." },
                    "400": error("Malformed JSON."),
                    "401": { "description": "The server has a token and the request did not present it, or presented another. A JSON error body.",
                             "headers": { "WWW-Authenticate": { "schema": { "type": "string", "const": "Bearer" } } },
                             "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                    "408": error("The body did not arrive in time."),
                    "413": error("Body over 2 MiB."),
                    "415": error("A content type other than application/json, or text/plain without the token, or a JSON object sent as text/plain."),
                    "421": error("A Host header that names another server."),
                    "422": error("No text, or a bad field."),
                    "503": { "description": "Every extraction slot is busy; try again after Retry-After seconds. A JSON error body.",
                             "headers": { "Retry-After": { "schema": { "type": "integer" } } },
                             "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } } } },
        },
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer",
                            "description": "The token the server was started with (`--token` or GEOKG_TOKEN); writes need it whenever one is set." },
            },
            "schemas": {
                "Error": { "type": "object", "required": ["error", "status"], "properties": {
                    "error": { "type": "string", "description": "What was wrong." },
                    "status": { "type": "integer", "description": "The HTTP status code." } } },
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_documented_and_nothing_else() {
        let document = document();
        let paths = document["paths"].as_object().unwrap();
        for (method, path) in ROUTES {
            assert!(
                paths
                    .get(*path)
                    .and_then(|item| item.get(*method))
                    .is_some(),
                "{method} {path} is not in the OpenAPI document"
            );
        }
        let n_operations: usize = paths
            .values()
            .map(|item| item.as_object().unwrap().len())
            .sum();
        assert_eq!(
            n_operations,
            ROUTES.len(),
            "the document names a route the router does not have"
        );
    }
}
