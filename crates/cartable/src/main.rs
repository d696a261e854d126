//! `cartable`: the one binary a school or a region runs.
//!
//! `cartable serve --demo` starts the server over the embedded database with a demo academy;
//! `import`, `admin` manage the directory from the command line. Every subcommand takes
//! `--data` and `--database-url`, with `CARTABLE_*` environment fallbacks.

mod admin;
mod audit;
mod cli;
mod demo;
mod import;
mod seed;
mod serve;
mod shield;
mod shield_args;

use clap::Parser;

/// mimalloc rather than the system allocator: database rows are built on SQLite's worker
/// threads and dropped on the request threads, and glibc's allocator serialises those
/// cross-thread frees (measured: a third of the CPU of an inbox read went to malloc and free).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CARTABLE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(cli.run())
}
