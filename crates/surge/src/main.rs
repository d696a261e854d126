//! `cartable-surge`: the load-and-attack harness's command line. See the crate's README.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cartable_surge::Cli::parse();
    let outcome = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(anyhow::Error::from)
        .and_then(|runtime| runtime.block_on(cartable_surge::run(cli)));
    match outcome {
        Ok(report) => {
            print!("{}", cartable_surge::summary::report(&report));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cartable-surge: {error:#}");
            ExitCode::FAILURE
        }
    }
}
