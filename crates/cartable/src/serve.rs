//! `cartable serve`: open the store, optionally seed the demo, and serve until Ctrl-C.

use crate::cli::Storage;
use crate::demo::DemoAccount;
use anyhow::Context;
use cartable_core::Role;
use cartable_store::{Clamd, ClamdAddress, Store};
use cartable_web::WebConfig;
use rand::rngs::OsRng;
use rand::RngCore;
use std::net::SocketAddr;

/// The setting holding the key that signs anti-forgery tokens and device cookies. It lives in
/// the database so that every node of a region signs with the same key.
const SECRET_KEY_SETTING: &str = "web_secret_key";

/// Runs the server on `listen` until interrupted; uploads are scanned by the clamd at `clamd`,
/// if given.
pub async fn serve(
    storage: &Storage,
    listen: SocketAddr,
    demo: bool,
    secure_cookies: bool,
    shield: Option<cartable_web::shield::ShieldConfig>,
    clamd: Option<ClamdAddress>,
) -> anyhow::Result<()> {
    let store = storage.open().await?;
    let mut blobs = cartable_store::BlobStore::open(storage.data_dir.join("blobs"))
        .await
        .context("cannot open the file store")?;
    match clamd {
        Some(address) => {
            tracing::info!(%address, "uploads are scanned by clamd");
            blobs = blobs.with_scanner(Clamd::new(address));
        }
        None => tracing::info!("no antivirus configured (--clamd): uploads are not scanned"),
    }
    let demo_accounts = if demo {
        Some(crate::seed::ensure_demo(&store, &blobs, &storage.data_dir).await?)
    } else {
        None
    };
    let mut config = WebConfig::new(secret_key(&store).await?);
    config.secure_cookies = secure_cookies;
    config.shield = shield;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let address = listener.local_addr()?;
    println!("Cartable is running at http://{address}/");
    if let Some(accounts) = &demo_accounts {
        print_demo_accounts(accounts, &storage.data_dir);
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    };
    cartable_web::run(listener, config, store, blobs, shutdown).await?;
    Ok(())
}

async fn secret_key(store: &Store) -> anyhow::Result<[u8; 32]> {
    let mut fresh = [0u8; 32];
    OsRng.fill_bytes(&mut fresh);
    let fresh: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
    // The first node to start sets the key; every other node (and every restart) reads it.
    let hex = store.setting_or_insert(SECRET_KEY_SETTING, &fresh).await?;
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .filter_map(|i| {
            hex.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect();
    bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("the stored secret key is damaged"))
}

fn print_demo_accounts(accounts: &[DemoAccount], data_dir: &std::path::Path) {
    println!(
        "Demo accounts (all {} are in {}):",
        accounts.len(),
        crate::seed::accounts_file(data_dir).display()
    );
    for role in [
        Role::Head,
        Role::Staff,
        Role::Teacher,
        Role::Pupil,
        Role::Parent,
    ] {
        if let Some(account) = accounts.iter().find(|a| a.role == role) {
            println!(
                "  {:<8} {:<28} {}",
                role.as_str(),
                account.login,
                account.password
            );
        }
    }
}
