//! SVG from Graphviz when it is installed, from the pure-Rust renderer when it is not.
//!
//! The only module that runs another program, for the command line: each run is killed after a
//! time limit. The server runs Graphviz its own way (`server::render`, with slots and
//! cancellation); the core never does. The DOT that `export` writes picks a layout engine and
//! spline mode for its size (see `export::dot::layout`), so that figures render in seconds.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::export;
use crate::graph::ActorGraph;

/// How long `geokg export --format svg` lets Graphviz draw a figure before it kills it.
pub const CLI_TIMEOUT: Duration = Duration::from_secs(120);

/// Why no SVG could be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Graphviz is not installed and the graph is too large for the pure-Rust renderer.
    #[error(transparent)]
    TooLarge(#[from] export::svg::Error),
    /// Graphviz ran and failed.
    #[error("graphviz failed: {0}")]
    Graphviz(String),
    /// Graphviz did not finish in time and was stopped.
    #[error("graphviz did not finish within {} s; draw a smaller figure (--center, --depth, --top, --level country) or export DOT", .0.as_secs())]
    TimedOut(Duration),
    /// Graphviz could not be fed or read.
    #[error("cannot run graphviz")]
    Io(#[from] std::io::Error),
}

/// The graph as SVG: Graphviz `dot -Tsvg` on its DOT export when `dot` is on the PATH (killed
/// after `CLI_TIMEOUT`), else layout-rs.
pub fn svg(graph: &ActorGraph, title: &str) -> Result<Vec<u8>, Error> {
    svg_within(graph, title, CLI_TIMEOUT)
}

/// Like `svg`, with a time limit of its own.
pub fn svg_within(graph: &ActorGraph, title: &str, limit: Duration) -> Result<Vec<u8>, Error> {
    let mut dot_text = Vec::new();
    export::dot(graph, title, &mut dot_text)?;
    match render_with_dot(dot_text, limit) {
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

/// Runs `dot -Tsvg`, killed after `limit`; `None` when Graphviz is not installed.
fn render_with_dot(dot_text: Vec<u8>, limit: Duration) -> Option<Result<Vec<u8>, Error>> {
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
    // Feed and drain the pipes on threads, so that the wait below can give up at the deadline.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let feeder = std::thread::spawn(move || stdin.write_all(&dot_text));
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let complainer = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr.read_to_end(&mut bytes);
        bytes
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Some(Err(Error::TimedOut(limit)));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(error) => return Some(Err(error.into())),
        }
    };
    let fed = feeder.join().expect("the feeding thread does not panic");
    let output = reader.join().expect("the reading thread does not panic");
    let complaint = complainer
        .join()
        .expect("the reading thread does not panic");
    if !status.success() {
        return Some(Err(Error::Graphviz(
            String::from_utf8_lossy(&complaint).trim().to_string(),
        )));
    }
    if let Err(error) = fed {
        return Some(Err(error.into()));
    }
    Some(output.map_err(Error::from))
}
