//! The `geokg` binary: parse arguments, set up logging, run the command, pick the exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

// mimalloc: extraction allocates many small, short-lived strings and vectors; glibc's malloc
// took a sixth of its instructions (callgrind on Reuters), mimalloc a fraction of that. Built
// without transparent huge pages (Cargo.toml), which cost a loaded graph a third more memory.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("GEOKG_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = geokg::cli::Cli::parse();
    match geokg::cli::run(cli) {
        Ok(code) => code,
        // A reader that stopped early (`geokg events | head`) is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // Not `eprintln!`, which panics when stderr is closed.
            let _ = writeln!(std::io::stderr(), "error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
