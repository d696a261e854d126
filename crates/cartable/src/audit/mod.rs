//! `cartable audit`: the evidence a school files with a police complaint, and the check that
//! nobody has rewritten it since.
//!
//! `export` writes one school's audited events since a date as a JSON document: the messages
//! as they were received, who sent them from which address and session, and when, with the
//! chain's head and whether it verifies. `verify` recomputes every school's chain and exits
//! non-zero if any is broken.

mod export;
mod verify;
mod when;

use crate::cli::Storage;
use clap::Subcommand;
use std::path::PathBuf;

/// The audit log from the command line.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Write a school's audited events since a date as a JSON document for a police complaint.
    Export {
        /// The school's UAI.
        #[arg(long)]
        school: String,
        /// From when: a date (YYYY-MM-DD, from midnight in --time-zone), an RFC 3339 instant
        /// (2024-03-18T08:00:00+01:00) or Unix seconds.
        #[arg(long)]
        since: String,
        /// The school's time zone: how a bare date is read, and how times are also shown.
        #[arg(long, default_value = "Europe/Paris")]
        time_zone: String,
        /// The file to write (standard output if absent).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Check every school's chain; exit non-zero if any is broken.
    Verify,
}

/// Runs an audit command.
pub async fn run(storage: &Storage, command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Export {
            school,
            since,
            time_zone,
            output,
        } => {
            let request = export::Request {
                uai: &school,
                since: &since,
                time_zone: &time_zone,
                output: output.as_deref(),
            };
            export::export(storage, request).await
        }
        AuditCommand::Verify => verify::verify(storage).await,
    }
}
