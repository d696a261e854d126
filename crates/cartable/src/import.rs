//! `cartable import`: load a directory file into a school, all or nothing.

use crate::cli::Storage;
use anyhow::{bail, Context};
use cartable_core::authz::{authorize, Action};
use cartable_core::import::{decode_directory, parse_directory};
use cartable_core::{Actor, Clock, SystemClock, Uai};
use cartable_store::StoreError;
use std::path::Path;

/// Largest directory file accepted (a big lycée with its parents is well under 1 MB).
const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Imports `file` into the school `uai`, printing what changed, or every bad row.
pub async fn import(storage: &Storage, uai: &str, file: &Path) -> anyhow::Result<()> {
    let uai = Uai::parse(uai).with_context(|| format!("--school {uai:?}"))?;
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    if size > MAX_FILE_BYTES {
        bail!(
            "{} is larger than {} MB",
            file.display(),
            MAX_FILE_BYTES / 1024 / 1024
        );
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = decode_directory(&bytes);
    let store = storage.open().await?;
    let school = store
        .school_by_uai(&uai)
        .await?
        .with_context(|| format!("unknown school {uai}"))?;
    let rows = match parse_directory(&text) {
        Ok(rows) => rows,
        Err(errors) => return report_bad_rows(file, &errors),
    };
    let permit = authorize(
        &Actor::platform_operator(),
        Action::ImportDirectory(school.id.clone()),
    )?;
    match store
        .import_directory(&permit, &rows, SystemClock.now())
        .await
    {
        Ok(report) => {
            println!(
                "{}: {} created, {} updated, {} unchanged, {} classes created",
                school.name,
                report.created,
                report.updated,
                report.unchanged,
                report.classes_created
            );
            Ok(())
        }
        Err(StoreError::Import(errors)) => report_bad_rows(file, &errors),
        Err(e) => Err(e.into()),
    }
}

fn report_bad_rows(file: &Path, errors: &[cartable_core::import::LineError]) -> anyhow::Result<()> {
    for error in errors {
        eprintln!("{}:{}: {}", file.display(), error.line, error.reason);
    }
    bail!("{} bad rows: nothing was imported", errors.len())
}
