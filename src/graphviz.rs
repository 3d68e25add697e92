//! SVG from Graphviz when it is installed, from the pure-Rust renderer when it is not.
//!
//! The only module that runs another program. `cli` and `server` call it; the core never does.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::export;
use crate::graph::ActorGraph;

/// Why no SVG could be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Graphviz is not installed and the graph is too large for the pure-Rust renderer.
    #[error(transparent)]
    TooLarge(#[from] export::svg::Error),
    /// Graphviz ran and failed.
    #[error("graphviz failed: {0}")]
    Graphviz(String),
    /// Graphviz could not be fed or read.
    #[error("cannot run graphviz")]
    Io(#[from] std::io::Error),
}

/// The graph as SVG: Graphviz `dot -Tsvg` on its DOT export when `dot` is on the PATH, else layout-rs.
pub fn svg(graph: &ActorGraph, title: &str) -> Result<Vec<u8>, Error> {
    let mut dot_text = Vec::new();
    export::dot(graph, title, &mut dot_text)?;
    match render_with_dot(&dot_text) {
        Some(result) => result,
        None => Ok(export::svg::render(graph)?.into_bytes()),
    }
}

/// Whether Graphviz's `dot` can be run.
pub fn available() -> bool {
    Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs `dot -Tsvg`; `None` when Graphviz is not installed.
fn render_with_dot(dot_text: &[u8]) -> Option<Result<Vec<u8>, Error>> {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
        Err(error) => return Some(Err(error.into())),
    };
    let fed = child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(dot_text);
    let output = match child.wait_with_output() {
        Ok(output) => output,
        Err(error) => return Some(Err(error.into())),
    };
    if let Err(error) = fed {
        return Some(Err(error.into()));
    }
    if !output.status.success() {
        return Some(Err(Error::Graphviz(
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        )));
    }
    Some(Ok(output.stdout))
}
