//! A homework's whole journey in a real browser: a teacher sets it with a file and asks for a
//! hand-in; the pupil finds it on her day, downloads the file and hands in hers; the teacher
//! sees it. Skipped, with a message, where no Chromium is installed.

use crate::browser::{launch, sign_in, wait_for_path};
use crate::continuity::class;
use crate::harness::{user_id, Server};
use cartable_store::testing::TestDatabase;
use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use std::path::Path;
use std::time::Duration;

const SUBJECT_PDF: &[u8] = b"%PDF-1.4\n% Sujet : le theoreme de Pythagore\n%%EOF\n";
const COPY_PDF: &[u8] = b"%PDF-1.4\n% Copie de Lea\n%%EOF\n";

/// Waits (20 s at most) for a download to be complete at `path`, and reads it.
async fn downloaded(path: &Path) -> Vec<u8> {
    for _ in 0..200 {
        if let Ok(bytes) = std::fs::read(path) {
            if !bytes.is_empty() {
                return bytes;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("nothing was downloaded to {}", path.display());
}

/// Types `text` into the field `id`.
async fn fill(browser: &Client, id: &str, text: &str) -> Result<(), CmdError> {
    browser.find(Locator::Id(id)).await?.send_keys(text).await
}

/// Submits the form `id` and waits for the page it leads to, which says what was done.
async fn submit(browser: &Client, id: &str) -> Result<(), CmdError> {
    let button = format!("#{id} button[type=submit]");
    browser.find(Locator::Css(&button)).await?.click().await?;
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Id("notice"))
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_teacher_sets_homework_the_pupil_downloads_it_hands_in_and_the_teacher_sees_it() {
    let Some(session) = launch().await else {
        return;
    };
    let browser = session.client.clone();
    let server = Server::start(TestDatabase::sqlite().await.unwrap()).await;
    let files = tempfile::tempdir().unwrap();
    let subject = files.path().join("sujet.pdf");
    std::fs::write(&subject, SUBJECT_PDF).unwrap();
    let copy = files.path().join("copie.pdf");
    std::fs::write(&copy, COPY_PDF).unwrap();
    let six_a = class(&server, "6e A").await;
    let lea = user_id(&server.store, "lea.martin").await;

    let outcome = async {
        sign_in(&browser, &server, "marc.dupont").await?;
        browser
            .goto(&server.url(&format!(
                "/class-log?class={six_a}&subject=Math%C3%A9matiques"
            )))
            .await?;
        fill(
            &browser,
            "instructions",
            "Démontrer le théorème de Pythagore.",
        )
        .await?;
        browser.find(Locator::Id("hand_in")).await?.click().await?;
        fill(&browser, "files", subject.to_str().unwrap()).await?;
        submit(&browser, "homework-form").await?;
        let url = browser.current_url().await?;
        let homework = url.path().strip_prefix("/homework/").unwrap().to_owned();

        sign_in(&browser, &server, "lea.martin").await?;
        browser.goto(&server.url("/today")).await?;
        let item = browser.find(Locator::Id(&format!("hw-{homework}"))).await?;
        assert!(item
            .text()
            .await?
            .contains("Démontrer le théorème de Pythagore."));
        item.find(Locator::LinkText("sujet.pdf"))
            .await?
            .click()
            .await?;
        assert_eq!(
            downloaded(&session.downloads().join("sujet.pdf")).await,
            SUBJECT_PDF
        );
        item.find(Locator::LinkText("Rendre le travail"))
            .await?
            .click()
            .await?;
        wait_for_path(&browser, &format!("/homework/{homework}")).await?;
        fill(&browser, "body", "Voici ma copie.").await?;
        fill(&browser, "files", copy.to_str().unwrap()).await?;
        submit(&browser, "hand-in-form").await?;
        let status = browser
            .find(Locator::Id("hand-in-status"))
            .await?
            .text()
            .await?;
        assert!(status.starts_with("Rendu"), "{status}");

        sign_in(&browser, &server, "marc.dupont").await?;
        browser
            .goto(&server.url(&format!("/homework/{homework}")))
            .await?;
        let line = browser
            .find(Locator::Id(&format!("pupil-{lea}")))
            .await?
            .text()
            .await?;
        assert!(
            line.contains("Léa Martin")
                && line.contains("copie.pdf")
                && line.contains("Voici ma copie."),
            "{line}"
        );
        Ok::<(), CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    server.stop().await;
    outcome.unwrap();
}
