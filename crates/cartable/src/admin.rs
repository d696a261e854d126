//! `cartable admin`: accounts and schools from the command line, as the platform operator.

use crate::cli::Storage;
use anyhow::{bail, Context};
use cartable_core::authz::{authorize, Action};
use cartable_core::directory::{PersonName, SchoolName};
use cartable_core::password::{self, NewPassword};
use cartable_core::{Actor, Clock, Login, Role, SystemClock, Uai};
use cartable_store::NewUser;
use rand::rngs::OsRng;
use std::io::BufRead;

/// Optional names for a new account.
pub struct Names {
    /// First name, or the login's part before its first dot.
    pub first: Option<String>,
    /// Last name, or the login's part after its first dot.
    pub last: Option<String>,
}

/// Creates an active account whose password is the first line of standard input.
pub async fn add_user(
    storage: &Storage,
    uai: &str,
    role: &str,
    login: &str,
    names: Names,
) -> anyhow::Result<()> {
    let uai = Uai::parse(uai).with_context(|| format!("--school {uai:?}"))?;
    let role: Role = role.parse()?;
    let login = Login::parse(login).with_context(|| format!("--login {login:?}"))?;
    let (guessed_first, guessed_last) = login
        .as_str()
        .split_once('.')
        .unwrap_or((login.as_str(), login.as_str()));
    let first = names.first.unwrap_or_else(|| capitalized(guessed_first));
    let last = names.last.unwrap_or_else(|| capitalized(guessed_last));
    let first = PersonName::parse(&first).context("first name")?;
    let last = PersonName::parse(&last).context("last name")?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let chosen = line.trim_end_matches(['\r', '\n']);
    let chosen =
        NewPassword::parse(chosen, &login).map_err(|e| anyhow::anyhow!("password refused: {e}"))?;
    let store = storage.open().await?;
    let school = store
        .school_by_uai(&uai)
        .await?
        .with_context(|| format!("unknown school {uai}"))?;
    let permit = authorize(
        &Actor::platform_operator(),
        Action::AddUser {
            school: school.id.clone(),
            role,
        },
    )?;
    let hash =
        tokio::task::spawn_blocking(move || password::hash(chosen.expose(), &mut OsRng)).await??;
    let new = NewUser {
        school: school.id,
        role,
        login: login.clone(),
        first_name: first,
        last_name: last,
        password_hash: Some(hash),
    };
    store.add_user(&permit, new, SystemClock.now()).await?;
    println!("{login}: {role} account created in {}", school.name);
    Ok(())
}

/// `paul` → `Paul`: a name guessed from a login.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Locks an account and ends all its sessions.
pub async fn lock(storage: &Storage, login: &str) -> anyhow::Result<()> {
    let login = Login::parse(login).with_context(|| format!("login {login:?}"))?;
    let store = storage.open().await?;
    let Some(account) = store.account_by_login(&login).await? else {
        bail!("no account has the login {login}");
    };
    let action = Action::LockAccount {
        school: account.school_id.clone(),
        target: account.role,
    };
    let permit = authorize(&Actor::platform_operator(), action)?;
    let ended = store
        .lock_account(&permit, &account.id, SystemClock.now())
        .await?;
    println!("{login}: locked, {} sessions ended", ended.len());
    Ok(())
}

/// Registers a school (and its academy, if new).
pub async fn add_school(
    storage: &Storage,
    uai: &str,
    name: &str,
    academy: &str,
) -> anyhow::Result<()> {
    let uai = Uai::parse(uai).with_context(|| format!("--uai {uai:?}"))?;
    let name = SchoolName::parse(name).context("--name")?;
    let academy = SchoolName::parse(academy).context("--academy")?;
    let store = storage.open().await?;
    let academy_id = store.ensure_academy(&academy).await?;
    let school = store.ensure_school(&academy_id, &uai, &name).await?;
    println!("{}: {} ({})", school.uai, school.name, school.id);
    Ok(())
}

/// Removes the stored files no row names that were stored more than `older_than_hours` ago,
/// and says how many and how much.
pub async fn sweep_files(storage: &Storage, older_than_hours: u64) -> anyhow::Result<()> {
    let store = storage.open().await?;
    let named = store.named_files().await?;
    let cutoff = std::time::SystemTime::now()
        .checked_sub(std::time::Duration::from_secs(
            older_than_hours.saturating_mul(3600),
        ))
        .context("older_than_hours reaches before 1970")?;
    let blobs = cartable_store::BlobStore::beside_server(storage.data_dir.join("blobs"));
    let report = blobs.sweep(&named, cutoff).await?;
    println!(
        "{} files removed ({} bytes freed), {} kept",
        report.removed, report.freed_bytes, report.kept
    );
    Ok(())
}
