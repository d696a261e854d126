//! `serve --demo`: puts the demo academy into the store once, and writes its accounts file.
//!
//! The demo is generated from a fixed seed, so an interrupted first start simply runs again:
//! the import is idempotent and the same passwords are set. Its passwords are therefore public
//! knowledge — the demo is for trying Cartable, never for a real school.

use crate::demo::{self, DemoAcademy, DemoAccount};
use anyhow::Context;
use cartable_core::authz::{authorize, Action};
use cartable_core::directory::SchoolName;
use cartable_core::import::parse_directory;
use cartable_core::secret::SecretDigest;
use cartable_core::{password, Actor, Clock, Login, SystemClock};
use cartable_store::Store;
use rand::rngs::{OsRng, StdRng};
use rand::SeedableRng;
use std::path::{Path, PathBuf};

/// The setting that records that the demo academy is in place.
const DEMO_SETTING: &str = "demo_academy";
/// The seed the demo academy is generated from.
pub(crate) const DEMO_SEED: u64 = 2026;

/// The accounts file written beside the database.
pub fn accounts_file(data_dir: &Path) -> PathBuf {
    data_dir.join("demo-accounts.csv")
}

/// Creates the demo academy unless it already exists, and returns every demo account.
pub async fn ensure_demo(
    store: &Store,
    blobs: &cartable_store::BlobStore,
    data_dir: &Path,
) -> anyhow::Result<Vec<DemoAccount>> {
    let academy = demo::generate(&mut StdRng::seed_from_u64(DEMO_SEED));
    let accounts: Vec<DemoAccount> = academy
        .schools
        .iter()
        .flat_map(|s| s.accounts.iter().cloned())
        .collect();
    if store.get_setting(DEMO_SETTING).await?.is_none() {
        refuse_beside_real_schools(store, &academy).await?;
        tracing::info!(
            accounts = accounts.len(),
            "creating the demo academy (first start only)"
        );
        load(store, &academy).await?;
        store.set_setting(DEMO_SETTING, &academy.name).await?;
    }
    let week = demo::continuity::seed_week(store, blobs, &academy, SystemClock.now()).await?;
    tracing::info!(?week, "the demo schools are in the middle of their week");
    write_accounts_file(&accounts_file(data_dir), &academy)?;
    Ok(accounts)
}

/// The demo's passwords are public: never plant its accounts (heads included) beside the
/// schools of a real platform.
async fn refuse_beside_real_schools(store: &Store, academy: &DemoAcademy) -> anyhow::Result<()> {
    let mut demo_schools = 0;
    for school in &academy.schools {
        if store.school_by_uai(&school.uai).await?.is_some() {
            demo_schools += 1;
        }
    }
    if store.school_count().await? > demo_schools {
        anyhow::bail!(
            "this database already holds real schools: --demo would add accounts whose passwords \
             are public; start the demo on its own data directory instead"
        );
    }
    Ok(())
}

async fn load(store: &Store, academy: &DemoAcademy) -> anyhow::Result<()> {
    let operator = Actor::platform_operator();
    let academy_id = store
        .ensure_academy(&SchoolName::parse(&academy.name)?)
        .await?;
    let now = SystemClock.now();
    for school in &academy.schools {
        let record = store
            .ensure_school(&academy_id, &school.uai, &SchoolName::parse(&school.name)?)
            .await?;
        let rows = parse_directory(&school.directory_csv)
            .map_err(|errors| anyhow::anyhow!("demo directory is invalid: {}", errors[0]))?;
        let permit = authorize(&operator, Action::ImportDirectory(record.id.clone()))?;
        store.import_directory(&permit, &rows, now).await?;
        let hashes = hash_all(&school.accounts).await?;
        for (account, hash) in school.accounts.iter().zip(hashes) {
            let login = Login::parse(&account.login)?;
            let user = store
                .account_by_login(&login)
                .await?
                .with_context(|| format!("{login} was not imported"))?;
            let code = SecretDigest::of(&format!("demo:{login}"));
            let reset = authorize(
                &operator,
                Action::ResetAccess {
                    school: record.id.clone(),
                    target: user.role,
                },
            )?;
            store
                .issue_activation_codes(
                    &reset,
                    &[(user.id, code.clone())],
                    now.plus_seconds(60),
                    now,
                )
                .await?;
            store.activate(&code, &hash, now).await?;
        }
    }
    Ok(())
}

/// Hashes every demo password, one thread per core (this is most of the first start's time).
async fn hash_all(accounts: &[DemoAccount]) -> anyhow::Result<Vec<String>> {
    let passwords: Vec<String> = accounts.iter().map(|a| a.password.clone()).collect();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = passwords.len().div_ceil(workers).max(1);
    let tasks: Vec<_> = passwords
        .chunks(chunk)
        .map(|part| {
            let part = part.to_vec();
            tokio::task::spawn_blocking(move || {
                part.iter()
                    .map(|p| password::hash(p, &mut OsRng))
                    .collect::<Result<Vec<_>, _>>()
            })
        })
        .collect();
    let mut hashes = Vec::with_capacity(passwords.len());
    for task in tasks {
        hashes.extend(task.await??);
    }
    Ok(hashes)
}

/// Writes `login,password,role,school,class`, one line per demo account.
fn write_accounts_file(path: &Path, academy: &DemoAcademy) -> anyhow::Result<()> {
    let mut text = String::from("login,password,role,school,class\n");
    for school in &academy.schools {
        for account in &school.accounts {
            text.push_str(&format!(
                "{},{},{},{},{}\n",
                account.login, account.password, account.role, school.uai, account.class
            ));
        }
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
