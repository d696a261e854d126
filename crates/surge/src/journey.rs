//! A legitimate user's morning: get a session (resume it, or sign in through the API or the
//! form), then read the planned pages with a pause before each. A request that is not
//! answered for real ends the morning: a pupil facing an error page closes the tab.

use crate::accounts::Account;
use crate::browser::Browser;
use crate::exchange::{self, Request};
use crate::plan::{Entry, UserPlan};
use crate::setup;
use std::time::Duration;

/// Plays `plan` as `account` in `browser`.
pub async fn morning(browser: &mut Browser, plan: &UserPlan, account: &Account) {
    if !sign_in(browser, plan.entry, account).await {
        return;
    }
    for (page, think) in plan.pages.iter().zip(&plan.thinks) {
        tokio::time::sleep(Duration::from_secs_f64(think.max(0.0))).await;
        if browser
            .fetch(&Request::get(*page), true, false)
            .await
            .is_none()
        {
            return;
        }
    }
}

/// Gets a session as `entry` says; false (and the user marked failed) if there is none.
async fn sign_in(browser: &mut Browser, entry: Entry, account: &Account) -> bool {
    let answered = match entry {
        Entry::Resume => true,
        Entry::SignInApi => browser
            .fetch(&setup::sign_in_request(account), false, false)
            .await
            .is_some(),
        Entry::SignInForm => sign_in_with_form(browser, account).await,
    };
    if answered && !browser.jar.signed_in() {
        browser.state.failed = true;
    }
    answered && browser.jar.signed_in()
}

/// `GET /signin` for the form's CSRF token (and its cookie), then `POST /signin`.
async fn sign_in_with_form(browser: &mut Browser, account: &Account) -> bool {
    let Some(page) = browser.fetch(&Request::get("/signin"), false, true).await else {
        return false;
    };
    let Some(csrf) = exchange::csrf_field(&page.body) else {
        browser.state.failed = true;
        return false;
    };
    let form = Request::form(
        "/signin",
        &[
            ("login", &account.login),
            ("password", &account.password),
            ("csrf", &csrf),
            ("stay_signed_in", "on"),
        ],
    );
    browser.fetch(&form, false, false).await.is_some()
}
