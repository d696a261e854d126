//! The command line: flags, environment fallbacks, and which command runs.

use anyhow::Context;
use cartable_store::Store;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Cartable, a school's digital workspace.
#[derive(Debug, Parser)]
#[command(name = "cartable", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub storage: Storage,
    #[command(subcommand)]
    pub command: Command,
}

/// Where Cartable keeps its data; shared by every subcommand.
#[derive(Debug, Clone, Args)]
pub struct Storage {
    /// Data directory: the embedded database, the demo accounts file.
    #[arg(
        long = "data",
        env = "CARTABLE_DATA",
        default_value = "cartable-data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// A PostgreSQL URL (postgres://…) to use instead of the embedded SQLite database.
    #[arg(long, env = "CARTABLE_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
}

impl Storage {
    /// Opens the store, creating the data directory for the embedded database if needed.
    pub async fn open(&self) -> anyhow::Result<Store> {
        std::fs::create_dir_all(&self.data_dir).with_context(|| {
            format!(
                "cannot create the data directory {}",
                self.data_dir.display()
            )
        })?;
        let url = match &self.database_url {
            Some(url) => url.clone(),
            None => Store::sqlite_url(&self.data_dir),
        };
        Store::connect(&url)
            .await
            .context("cannot open the database")
    }
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "CARTABLE_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Create a demo academy on first start (two schools, ~900 pupils) if none exists.
        #[arg(long)]
        demo: bool,
        /// Mark cookies Secure (set this when Cartable is served over HTTPS).
        #[arg(long, env = "CARTABLE_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Protection: trusted networks, rate limits, under-attack mode.
        #[command(flatten)]
        shield: crate::shield_args::ShieldArgs,
        /// ClamAV's clamd, to scan every uploaded file before it is kept:
        /// `unix:/run/clamav/clamd.ctl` or `tcp:127.0.0.1:3310`. Infected files are moved to
        /// `<data>/blobs/quarantine/`; while clamd is unreachable uploads are refused. Without
        /// it, files are not scanned.
        #[arg(long, env = "CARTABLE_CLAMD")]
        clamd: Option<cartable_store::ClamdAddress>,
    },
    /// Load a directory file (pupils, parents, teachers) into a school. All or nothing.
    Import {
        /// The school's UAI.
        #[arg(long)]
        school: String,
        /// The CSV file: role,login,last_name,first_name,classes,children.
        file: PathBuf,
    },
    /// Administer accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Protection tools: screen messages.
    #[command(subcommand)]
    Shield(crate::shield::ShieldCommand),
    /// The audit log: evidence for a police complaint, and its integrity check.
    #[command(subcommand)]
    Audit(crate::audit::AuditCommand),
}

/// Account administration from the command line, as the platform operator.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account; its password is read from standard input.
    AddUser {
        /// The school's UAI.
        #[arg(long)]
        school: String,
        /// pupil, parent, teacher, staff, head or admin.
        #[arg(long)]
        role: String,
        /// The sign-in name.
        #[arg(long)]
        login: String,
        /// First name (defaults to the part of the login before the first dot).
        #[arg(long)]
        first_name: Option<String>,
        /// Last name (defaults to the part of the login after the first dot).
        #[arg(long)]
        last_name: Option<String>,
    },
    /// Lock an account and end all its sessions.
    Lock {
        /// The sign-in name.
        login: String,
    },
    /// Remove stored files that nothing names any more (purged documents, refused
    /// uploads), once older than a day; safe while the server runs.
    SweepFiles {
        /// Keep files stored within this many hours, whatever names them.
        #[arg(long, default_value_t = 24)]
        older_than_hours: u64,
    },
    /// Register a school, so that its directory can be imported.
    AddSchool {
        /// Its UAI (seven digits and the check letter).
        #[arg(long)]
        uai: String,
        /// Its name.
        #[arg(long)]
        name: String,
        /// The academy it belongs to (created if new).
        #[arg(long)]
        academy: String,
    },
}

impl Cli {
    /// Runs the chosen command.
    pub async fn run(self) -> anyhow::Result<()> {
        match self.command {
            Command::Serve {
                listen,
                demo,
                secure_cookies,
                shield,
                clamd,
            } => {
                let shield = shield.config()?;
                crate::serve::serve(&self.storage, listen, demo, secure_cookies, shield, clamd)
                    .await
            }
            Command::Import { school, file } => {
                crate::import::import(&self.storage, &school, &file).await
            }
            Command::Admin(AdminCommand::AddUser {
                school,
                role,
                login,
                first_name,
                last_name,
            }) => {
                let names = crate::admin::Names {
                    first: first_name,
                    last: last_name,
                };
                crate::admin::add_user(&self.storage, &school, &role, &login, names).await
            }
            Command::Admin(AdminCommand::Lock { login }) => {
                crate::admin::lock(&self.storage, &login).await
            }
            Command::Admin(AdminCommand::SweepFiles { older_than_hours }) => {
                crate::admin::sweep_files(&self.storage, older_than_hours).await
            }
            Command::Admin(AdminCommand::AddSchool { uai, name, academy }) => {
                crate::admin::add_school(&self.storage, &uai, &name, &academy).await
            }
            Command::Audit(command) => crate::audit::run(&self.storage, command).await,
            Command::Shield(command) => crate::shield::run(command),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartable_store::ClamdAddress;

    #[test]
    fn serve_takes_a_clamd_address_and_refuses_a_bad_one() {
        let socket = "unix:/run/clamav/clamd.ctl";
        let cli = Cli::try_parse_from(["cartable", "serve", "--clamd", socket]).unwrap();
        assert!(
            matches!(&cli.command, Command::Serve { clamd: Some(ClamdAddress::Unix(path)), .. }
                if path == std::path::Path::new("/run/clamav/clamd.ctl")),
            "{cli:?}"
        );
        let error =
            Cli::try_parse_from(["cartable", "serve", "--clamd", "localhost:3310"]).unwrap_err();
        assert!(error.to_string().contains("tcp:host:port"), "{error}");
    }
}
