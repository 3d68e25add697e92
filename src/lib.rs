//! geokg turns news articles into a knowledge graph of political actors.
//!
//! Layout (see the README's Architecture section):
//! - `model`: documents, actors, events and relations; plain validated data.
//! - `ingest`: raw input (text files, JSON Lines, request bodies) to `Document`s; pure.
//! - `extract`: `Document` to events with evidence and diagnostics; pure.
//! - `graph`: `ActorGraph`, the in-memory actor graph and its queries; pure.
//! - `eval`: scoring extraction against gold event records; pure.
//! - `export`: graph to Graphviz DOT, written to any `io::Write`.
//! - `graphviz`: SVG through Graphviz when installed; the only code that runs another program.
//! - `store`: SQLite (rusqlite) or PostgreSQL (postgres) behind one `Store`; the only code that speaks SQL.
//! - `pipeline`: adding a document: extraction with the user's dictionary, then one write to the store.
//! - `query`: the analysts' questions, one type each (parameters, graph or store call, JSON view), asked by `cli` and `server` alike.
//! - `server`: axum HTTP API; the only code that speaks HTTP.
//! - `cli`: the command line; glue between the others.
//! - `samples`: the bundled sample corpus.
#![forbid(unsafe_code)]

pub mod cli;
pub mod eval;
pub mod export;
pub mod extract;
pub mod graph;
pub mod graphviz;
pub mod ingest;
pub mod model;
pub mod pipeline;
pub mod query;
pub mod samples;
pub mod server;
pub mod store;
