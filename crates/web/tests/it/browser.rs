//! A real browser signs a pupil in: headless Chromium driven through chromedriver. Skipped,
//! with a message, where no Chromium is installed.

use crate::harness::{Server, PASSWORD};
use cartable_store::testing::TestDatabase;
use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// An executable on the PATH (or at one of the usual places).
fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|name| {
        let usual = PathBuf::from("/usr/bin").join(name);
        std::iter::once(usual)
            .chain(std::env::split_paths(&path).map(|dir| dir.join(name)))
            .find(|candidate| candidate.is_file())
    })
}

/// Kills the chromedriver this test started, and only it.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A headless Chromium under a chromedriver of its own, with a fresh profile; what it
/// downloads lands in [`Browser::downloads`].
pub struct Browser {
    pub client: fantoccini::Client,
    _driver: Driver,
    profile: tempfile::TempDir,
}

impl Browser {
    /// Where downloads are saved, without asking.
    pub fn downloads(&self) -> PathBuf {
        self.profile.path().join("downloads")
    }
}

/// Starts the browser, or says why not (no Chromium here) and returns `None`.
pub async fn launch() -> Option<Browser> {
    let (Some(driver), Some(chromium)) = (
        find(&["chromedriver"]),
        find(&["chromium", "chromium-browser", "google-chrome"]),
    ) else {
        eprintln!("skipped: no chromedriver");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let driver = Driver(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let webdriver = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let profile = tempfile::tempdir().unwrap();
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ]
    .iter()
    .map(|a| a.to_string())
    .chain(std::iter::once(format!(
        "--user-data-dir={}",
        profile.path().display()
    )))
    .collect::<Vec<_>>();
    let prefs = json!({
        "download.default_directory": profile.path().join("downloads"),
        "download.prompt_for_download": false,
    });
    let capabilities =
        json!({ "goog:chromeOptions": { "binary": chromium, "args": args, "prefs": prefs } });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!()
    };

    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&webdriver)
        .await
        .unwrap();
    Some(Browser {
        client,
        _driver: driver,
        profile,
    })
}

/// Signs `login` in through the sign-in form, and waits for the home page.
pub async fn sign_in(
    browser: &fantoccini::Client,
    server: &Server,
    login: &str,
) -> Result<(), fantoccini::error::CmdError> {
    browser.delete_all_cookies().await?;
    browser.goto(&server.url("/signin?lang=fr")).await?;
    assert_eq!(browser.title().await?, "Connexion · Cartable");
    browser
        .find(Locator::Id("login"))
        .await?
        .send_keys(login)
        .await?;
    browser
        .find(Locator::Id("password"))
        .await?
        .send_keys(PASSWORD)
        .await?;
    browser
        .find(Locator::Css("form.card button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for_path(browser, "/home").await
}

/// Waits (20 s at most) until the browser shows a page at `path`.
pub async fn wait_for_path(
    browser: &fantoccini::Client,
    path: &str,
) -> Result<(), fantoccini::error::CmdError> {
    for _ in 0..200 {
        if browser.current_url().await?.path() == path {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the browser never reached {path}: {}",
        browser.current_url().await?
    );
}

#[tokio::test]
async fn a_pupil_signs_in_with_a_real_browser_and_sees_her_class() {
    let Some(session) = launch().await else {
        return;
    };
    let browser = session.client.clone();
    let server = Server::start(TestDatabase::sqlite().await.unwrap()).await;
    let outcome = async {
        sign_in(&browser, &server, "lea.martin").await?;
        let class = browser
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("p.big"))
            .await?;
        assert_eq!(class.text().await?, "6e A");
        assert_eq!(browser.current_url().await?.path(), "/home");
        let page = browser.source().await?;
        assert!(page.contains("Julie Bernard") && page.contains("Français"));
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    server.stop().await;
    outcome.unwrap();
}

#[tokio::test]
async fn under_attack_a_real_browser_solves_the_proof_of_work_and_reaches_sign_in() {
    let Some(session) = launch().await else {
        return;
    };
    let browser = session.client.clone();
    let server = Server::start(TestDatabase::sqlite().await.unwrap()).await;
    let shield = server.state.shield.as_ref().unwrap();
    shield.attack.set(cartable_shield::AttackSetting::On);
    let outcome = async {
        // The challenge page's worker solves the puzzle (16 bits, the default) and posts it;
        // the browser lands on the sign-in form, and keeps its pass for the next pages.
        browser.goto(&server.url("/signin?lang=fr")).await?;
        browser
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Id("login"))
            .await?;
        assert_eq!(browser.title().await?, "Connexion · Cartable");
        browser.goto(&server.url("/signin")).await?;
        assert!(browser.find(Locator::Id("pow")).await.is_err());
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    let solved = server.metrics().await;
    server.stop().await;
    outcome.unwrap();
    assert!(solved.contains("cartable_challenges_total{outcome=\"solved\"}"));
}
