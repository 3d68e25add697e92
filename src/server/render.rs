//! Graphviz for the server, bounded: a few slots, a time limit, and no orphan.
//!
//! Every `dot` run holds one of `slots` permits; a request that finds none free gets 503 with
//! `Retry-After` at once rather than a place in a queue. A run that takes longer than the time
//! limit is killed and answered with 422. The process belongs to the request's future
//! (`kill_on_drop`), so it is killed when the client goes away and the future is dropped, and
//! every run still going is stopped when the server stops.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::process::Command;
use tokio::sync::{watch, Semaphore};

use crate::export;
use crate::graph::ActorGraph;

use super::ApiError;

/// How long one Graphviz run may take in the server.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Graphviz runs at once: half the cores, at least one, so that drawing never takes every core
/// from the other requests.
pub fn default_slots() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |cores| cores.get() / 2)
        .max(1)
}

/// The slots, the time limit and the stop signal shared by every request of a router.
#[derive(Clone)]
pub struct Renderer {
    slots: Arc<Semaphore>,
    n_slots: usize,
    timeout: Duration,
    stop: Arc<watch::Sender<bool>>,
    /// `dot`, or a stand-in in tests.
    program: std::ffi::OsString,
}

impl Default for Renderer {
    fn default() -> Renderer {
        Renderer::new(default_slots(), TIMEOUT)
    }
}

impl Renderer {
    /// A renderer with this many slots and this time limit per run.
    pub fn new(n_slots: usize, timeout: Duration) -> Renderer {
        Renderer {
            slots: Arc::new(Semaphore::new(n_slots)),
            n_slots,
            timeout,
            stop: Arc::new(watch::channel(false).0),
            program: "dot".into(),
        }
    }

    /// Stops every run under way and refuses new ones: the server is shutting down.
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }

    /// The graph as SVG: Graphviz's drawing of its DOT export, or layout-rs's when Graphviz is
    /// not installed (422 when the graph is too large for it).
    pub async fn svg(&self, graph: ActorGraph, title: String) -> Result<Vec<u8>, ApiError> {
        let mut stopping = self.stop.subscribe();
        if *stopping.borrow() {
            return Err(ApiError::Busy("the server is stopping".into()));
        }
        let _slot = Arc::clone(&self.slots).try_acquire_owned().map_err(|_| {
            ApiError::Busy(format!(
                "{} drawings are being made already; try again in a moment, or ask for format=dot and draw it yourself",
                self.n_slots
            ))
        })?;
        let work = async {
            let (graph, dot_text) = tokio::task::spawn_blocking(move || {
                let mut dot_text = Vec::new();
                export::dot(&graph, &title, &mut dot_text).map(|()| (graph, dot_text))
            })
            .await
            .map_err(|error| ApiError::Internal(format!("export task failed: {error}")))?
            .map_err(|error| ApiError::Internal(error.to_string()))?;
            match run_dot(&self.program, dot_text, self.timeout).await {
                Some(result) => result,
                None => tokio::task::spawn_blocking(move || {
                    export::svg::render(&graph)
                        .map(String::into_bytes)
                        .map_err(|error| ApiError::Unprocessable(error.to_string()))
                })
                .await
                .map_err(|error| ApiError::Internal(format!("drawing task failed: {error}")))?,
            }
        };
        tokio::select! {
            result = work => result,
            _ = stopping.wait_for(|stopped| *stopped) => {
                Err(ApiError::Busy("the server is stopping".into()))
            }
        }
    }
}

/// Runs `dot -Tsvg` on the DOT text; `None` when Graphviz is not installed. The process is
/// killed when this future is dropped or the time limit passes.
async fn run_dot(
    program: &std::ffi::OsStr,
    dot_text: Vec<u8>,
    timeout: Duration,
) -> Option<Result<Vec<u8>, ApiError>> {
    let spawned = Command::new(program)
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
        Err(error) => {
            return Some(Err(ApiError::Internal(format!(
                "cannot run graphviz: {error}"
            ))))
        }
    };
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let feed = async move {
        let fed = stdin.write_all(&dot_text).await;
        drop(stdin);
        fed
    };
    let run = async move { tokio::join!(feed, child.wait_with_output()) };
    let (fed, output) = match tokio::time::timeout(timeout, run).await {
        Ok(done) => done,
        Err(_) => {
            return Some(Err(ApiError::Unprocessable(format!(
                "Graphviz did not finish this figure within {} s; ask for a smaller one (center, depth, top, level=country) or for format=dot",
                timeout.as_secs()
            ))))
        }
    };
    let output = match output {
        Ok(output) => output,
        Err(error) => {
            return Some(Err(ApiError::Internal(format!(
                "cannot run graphviz: {error}"
            ))))
        }
    };
    if !output.status.success() {
        return Some(Err(ApiError::Internal(format!(
            "graphviz failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ))));
    }
    if let Err(error) = fed {
        return Some(Err(ApiError::Internal(format!(
            "cannot feed graphviz: {error}"
        ))));
    }
    Some(Ok(output.stdout))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// A stand-in for `dot` that writes its process id to `pid` and then sleeps for a minute.
    fn slow_dot(dir: &Path) -> (PathBuf, PathBuf) {
        use std::os::unix::fs::PermissionsExt;
        let pid = dir.join("pid");
        let script = dir.join("slow-dot");
        std::fs::write(
            &script,
            format!("#!/bin/sh\necho $$ > {}\nexec sleep 60\n", pid.display()),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        (script, pid)
    }

    fn renderer(program: &Path, n_slots: usize, timeout: Duration) -> Renderer {
        Renderer {
            program: program.into(),
            ..Renderer::new(n_slots, timeout)
        }
    }

    /// The process id the stand-in wrote, once it has started.
    async fn started(pid: &Path) -> u32 {
        for _ in 0..500 {
            if let Some(id) = std::fs::read_to_string(pid)
                .ok()
                .and_then(|text| text.trim().parse().ok())
            {
                return id;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the stand-in for dot did not start");
    }

    /// Whether a process is gone (or a zombie waiting to be reaped), within two seconds.
    async fn gone(pid: u32) -> bool {
        for _ in 0..200 {
            let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let running = state
                .rsplit_once(')')
                .is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z'));
            if !running {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        false
    }

    #[tokio::test]
    async fn a_drawing_past_the_time_limit_is_killed_and_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (program, pid) = slow_dot(dir.path());
        let renderer = renderer(&program, 1, Duration::from_millis(500));
        let started_at = std::time::Instant::now();
        let answer = renderer.svg(ActorGraph::default(), "t".into()).await;
        assert!(
            matches!(&answer, Err(ApiError::Unprocessable(message)) if message.contains("within")),
            "{answer:?}"
        );
        assert!(started_at.elapsed() < Duration::from_secs(5));
        assert!(gone(started(&pid).await).await, "dot was left running");
    }

    #[tokio::test]
    async fn a_drawing_beyond_the_slots_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let (program, pid) = slow_dot(dir.path());
        let renderer = renderer(&program, 1, Duration::from_secs(30));
        let first = tokio::spawn({
            let renderer = renderer.clone();
            async move { renderer.svg(ActorGraph::default(), "t".into()).await }
        });
        let id = started(&pid).await;
        let second = renderer.svg(ActorGraph::default(), "t".into()).await;
        assert!(matches!(second, Err(ApiError::Busy(_))), "{second:?}");
        // The client of the first goes away: its future is dropped, and dot with it.
        first.abort();
        assert!(gone(id).await, "dot outlived its request");
    }

    #[tokio::test]
    async fn stopping_ends_the_drawings_under_way() {
        let dir = tempfile::tempdir().unwrap();
        let (program, pid) = slow_dot(dir.path());
        let renderer = renderer(&program, 2, Duration::from_secs(30));
        let drawing = tokio::spawn({
            let renderer = renderer.clone();
            async move { renderer.svg(ActorGraph::default(), "t".into()).await }
        });
        let id = started(&pid).await;
        renderer.stop();
        let answer = tokio::time::timeout(Duration::from_secs(5), drawing)
            .await
            .expect("the drawing ends when the server stops")
            .unwrap();
        assert!(matches!(answer, Err(ApiError::Busy(_))), "{answer:?}");
        assert!(gone(id).await, "dot outlived the server");
        let after = renderer.svg(ActorGraph::default(), "t".into()).await;
        assert!(matches!(after, Err(ApiError::Busy(_))), "{after:?}");
    }
}
