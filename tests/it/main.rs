//! Integration tests, one binary: the CLI as a user runs it, the HTTP API on a real socket,
//! and the example graphs checked against what the code makes now.

mod cli;
mod coded;
mod concurrency;
mod defences;
mod edges;
mod engines;
mod exports;
mod figures;
mod gdelt;
mod graphs;
mod queries;
mod robust;
mod server;
mod support;
mod time;
mod web;
