//! The shield over real HTTP: rate limits, the waiting rooms (in [`queue`]), proof of work
//! under attack, slow clients and the connection cap. The shield runs before any database
//! work, so these run on SQLite only.

mod queue;

use crate::harness::Server;
use cartable_shield::admission::{AdmissionConfig, Class, Permit};
use cartable_shield::{AttackSetting, Challenge, Rate};
use cartable_store::testing::TestDatabase;
use cartable_web::WebConfig;
use reqwest::header::{COOKIE, RETRY_AFTER, SET_COOKIE};
use reqwest::{Client, Response, StatusCode};
use std::net::IpAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn server(configure: impl FnOnce(&mut WebConfig)) -> Server {
    Server::start_with(TestDatabase::sqlite().await.unwrap(), configure).await
}

/// A fixed limit of ten: anonymous requests get five places, sign-ins seven, signed-in
/// users nine, teachers ten.
fn fixed_limit(config: &mut WebConfig) {
    let shield = config.shield.as_mut().unwrap();
    shield.admission = AdmissionConfig {
        min_limit: 10,
        max_limit: 10,
        initial_limit: 10,
        ..AdmissionConfig::for_cores(2)
    };
}

/// Takes `count` places of the limit, as requests in flight would.
fn occupy(server: &Server, count: usize) -> Vec<Permit> {
    let shield = server.state.shield.as_ref().unwrap();
    (0..count)
        .map(|_| shield.admission.try_admit(Class::Priority).unwrap())
        .collect()
}

fn shield_verdict(response: &Response) -> Option<&str> {
    response
        .headers()
        .get("cartable-shield")
        .and_then(|v| v.to_str().ok())
}

fn retry_after(response: &Response) -> u64 {
    response.headers()[RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// A browser without a cookie store, whose cookies the test hands over itself.
fn bare_client(from: &str) -> Client {
    Client::builder()
        .local_address(from.parse::<IpAddr>().unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn cookie_named(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|line| {
            let pair = line.split(';').next()?;
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| value.to_owned())
        })
}

/// "N personne(s) avant vous": the place the waiting room page shows.
fn ahead(page: &str) -> u64 {
    let start = page.find("<strong>").unwrap() + "<strong>".len();
    let end = start + page[start..].find("</strong>").unwrap();
    page[start..end].parse().unwrap()
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after_and_spare_signed_in_users() {
    let server = server(|config| {
        let limits = &mut config.shield.as_mut().unwrap().rate_limits;
        limits.address = Rate::new(1, 4);
    })
    .await;
    // The sign-in takes one of the address's four.
    let pupil = server.signed_in("lea.martin").await;
    let anonymous = server.client();
    for _ in 0..3 {
        let response = anonymous.get(server.url("/signin")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    // One more a second comes back: within a few, one is refused.
    let mut page = anonymous.get(server.url("/signin")).send().await.unwrap();
    for _ in 0..5 {
        if page.status() != StatusCode::OK {
            break;
        }
        page = anonymous.get(server.url("/signin")).send().await.unwrap();
    }
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(shield_verdict(&page), Some("rate-limited"));
    assert!(retry_after(&page) >= 1);
    assert!(page.text().await.unwrap().contains("Réessayez dans"));
    let api = anonymous
        .get(server.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&api) >= 1);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"], "rate_limited");
    // The pupil signed in from the same address is counted on her session, not the address.
    for _ in 0..5 {
        let me = pupil.get(server.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(me.status(), StatusCode::OK);
        assert_eq!(
            me.json::<serde_json::Value>().await.unwrap()["role"],
            "pupil"
        );
    }
    server.stop().await;
}

fn challenge_of(response: &Response) -> (String, Challenge) {
    let token = response.headers()["cartable-challenge"]
        .to_str()
        .unwrap()
        .to_owned();
    let (text, _) = token.split_once('~').unwrap();
    (token.clone(), Challenge::parse(text).unwrap())
}

#[tokio::test]
async fn under_attack_anonymous_browsers_prove_work_once_and_signed_in_users_never_see_it() {
    let server = server(|config| {
        config.shield.as_mut().unwrap().pow_difficulty = 8;
    })
    .await;
    let pupil = server.signed_in("lea.martin").await;
    // A pupil may not switch the mode; the switch is refused before anything changes.
    let response = pupil
        .put(server.url("/api/v1/shield"))
        .json(&serde_json::json!({"attack_mode": "on"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let shield = server.state.shield.as_ref().unwrap();
    assert_eq!(shield.attack.setting(), AttackSetting::Auto);
    shield.attack.set(AttackSetting::On);

    let browser = server.client();
    let response = browser.get(server.url("/signin")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(shield_verdict(&response), Some("challenge"));
    let (token, challenge) = challenge_of(&response);
    assert_eq!(challenge.difficulty(), 8);
    let page = response.text().await.unwrap();
    assert!(page.contains("/static/pow-1.js"));
    assert!(page.contains("<noscript>"));

    // A wrong answer earns a new challenge, not a pass.
    let wrong = (0u64..)
        .map(|n| n.to_string())
        .find(|n| !challenge.is_solved_by(n))
        .unwrap();
    let response = browser
        .post(server.url("/shield/pass"))
        .form(&[
            ("challenge", token.as_str()),
            ("nonce", &wrong),
            ("next", "/signin"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(cookie_named(&response, "cartable_pass").is_none());

    // The right answer earns the pass and the way back; the sign-in page opens.
    let nonce = challenge.solve();
    let solution = [
        ("challenge", token.as_str()),
        ("nonce", &nonce),
        ("next", "/signin"),
    ];
    let response = browser
        .post(server.url("/shield/pass"))
        .form(&solution)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/signin");
    assert!(cookie_named(&response, "cartable_pass").is_some());
    let response = browser.get(server.url("/signin")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    // The same solution replayed by a bot is refused.
    let bot = server.client();
    let response = bot
        .post(server.url("/shield/pass"))
        .form(&solution)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.text().await.unwrap().contains("déjà servi"));
    // A forged easier challenge is refused: its signature does not match.
    let easy = token.replacen(".8~", ".1~", 1);
    let response = bot
        .post(server.url("/shield/pass"))
        .form(&[
            ("challenge", easy.as_str()),
            ("nonce", "0"),
            ("next", "/signin"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // API sign-ins without a pass get the challenge as JSON.
    let response = bot
        .post(server.url("/api/v1/session"))
        .json(&serde_json::json!({"login": "lea.martin", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "proof_of_work_required");
    assert!(body["challenge"].as_str().unwrap().starts_with("v1."));

    // The signed-in pupil works on as before.
    let response = pupil.get(server.url("/home")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("Léa"));

    let metrics = server.metrics().await;
    for line in [
        "cartable_challenges_total{outcome=\"issued\"}",
        "cartable_challenges_total{outcome=\"solved\"}",
        "cartable_admission_limit",
        "cartable_waiting_room_size",
        "cartable_waiting_room_wait_seconds",
        "cartable_admission_admitted_total{class=\"signed_in\"}",
    ] {
        assert!(metrics.contains(line), "{line} in\n{metrics}");
    }
    server.stop().await;
}

/// Reads until the server closes the connection; returns what it sent.
async fn until_closed(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut received));
    // Closed (or reset) by the server: either way the connection is gone.
    let _ = read.await.expect("the server closes the connection");
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test]
async fn slow_clients_are_cut_off_and_oversized_headers_refused() {
    let server = server(|config| {
        config.header_read_timeout = Duration::from_secs(1);
        config.body_read_timeout = Duration::from_secs(1);
    })
    .await;
    let address = server.base.trim_start_matches("http://").to_owned();

    // Slowloris: a request line, then a header every half second, never the blank line.
    let mut slow = TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /signin HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let dripping = async {
        for n in 0.. {
            tokio::time::sleep(Duration::from_millis(500)).await;
            if slow
                .write_all(format!("X-Drip-{n}: 1\r\n").as_bytes())
                .await
                .is_err()
            {
                break;
            }
            if n > 60 {
                panic!("the server kept a slowloris connection for 30 s");
            }
        }
    };
    dripping.await;
    let answer = until_closed(&mut slow).await;
    assert!(!answer.contains("200 OK"), "{answer}");

    // A slow body: the headers promise 1,000 bytes, ten arrive, then nothing.
    let mut upload = TcpStream::connect(&address).await.unwrap();
    upload
        .write_all(b"POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nlogin=lea.")
        .await
        .unwrap();
    let answer = until_closed(&mut upload).await;
    assert!(!answer.contains("303"), "{answer}");

    // Headers of 100 KB are refused whole.
    let mut heavy = TcpStream::connect(&address).await.unwrap();
    let request = format!(
        "GET /signin HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(100 * 1024)
    );
    let _ = heavy.write_all(request.as_bytes()).await;
    let answer = until_closed(&mut heavy).await;
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");

    // The server still serves everyone else.
    let response = server
        .client()
        .get(server.url("/signin"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn one_address_cannot_hold_more_than_its_share_of_connections() {
    let server = server(|config| {
        config.shield.as_mut().unwrap().connections.per_address = 2;
    })
    .await;
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut held = Vec::new();
    for _ in 0..2 {
        held.push(TcpStream::connect(&address).await.unwrap());
    }
    // Let the server accept both before the third arrives.
    for stream in &mut held {
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut buffer = [0u8; 256];
        let n = stream.read(&mut buffer).await.unwrap();
        assert!(String::from_utf8_lossy(&buffer[..n]).starts_with("HTTP/1.1 200"));
    }
    let mut third = TcpStream::connect(&address).await.unwrap();
    let _ = third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    assert_eq!(until_closed(&mut third).await, "");
    // Another address is served meanwhile, and the first gets its place back on closing.
    let elsewhere = bare_client("127.0.0.2");
    let response = elsewhere.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    drop(held);
    let mut served = false;
    for _ in 0..50 {
        let mut again = TcpStream::connect(&address).await.unwrap();
        let _ = again
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await;
        if until_closed(&mut again).await.starts_with("HTTP/1.1 200") {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(served, "closing connections gives their places back");
    server.stop().await;
}

#[tokio::test]
async fn with_the_database_down_a_pupil_still_sees_her_home_read_only_under_a_banner() {
    let server = server(|_| {}).await;
    let pupil = server.signed_in("lea.martin").await;
    let page = pupil.get(server.url("/home")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(!page.text().await.unwrap().contains("id=\"degraded\""));
    let api = pupil.get(server.url("/api/v1/home")).send().await.unwrap();
    assert!(api.headers().get("cartable-degraded").is_none());

    let teacher = server.signed_in("marc.dupont").await;
    let me = teacher.get(server.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);

    // The database goes away.
    server.store.close().await;
    let page = pupil.get(server.url("/home?lang=fr")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("id=\"degraded\""), "{page}");
    assert!(page.contains("lecture seule"));
    assert!(page.contains("6e A") && page.contains("Julie Bernard"));
    let api = pupil.get(server.url("/api/v1/home")).send().await.unwrap();
    assert_eq!(api.status(), StatusCode::OK);
    let since: i64 = api.headers()["cartable-degraded"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(since, server.now().0);
    let home: serde_json::Value = api.json().await.unwrap();
    assert_eq!(home["pupil"]["class"]["name"], "6e A");
    // A page with no copy to serve fails plainly, and someone who never loaded their home
    // has nothing to be shown.
    let inbox = pupil
        .get(server.url("/api/v1/messages"))
        .send()
        .await
        .unwrap();
    assert!(inbox.status().is_server_error());
    let never_loaded = teacher
        .get(server.url("/api/v1/home"))
        .send()
        .await
        .unwrap();
    assert!(never_loaded.status().is_server_error());
    server.stop().await;
}

#[tokio::test]
async fn a_flood_of_refused_anonymous_requests_switches_the_challenge_on_by_itself() {
    let server = server(|config| {
        let shield = config.shield.as_mut().unwrap();
        shield.rate_limits.address = Rate::new(1, 2);
        shield.attack_thresholds = cartable_shield::AttackThresholds {
            refusals_per_second: 1,
            window_seconds: 5,
            hold_seconds: 600,
        };
    })
    .await;
    let newcomer = bare_client("127.0.0.2");
    let before = newcomer.get(server.url("/signin")).send().await.unwrap();
    assert_eq!(before.status(), StatusCode::OK);
    let bot = bare_client("127.0.0.1");
    let mut refused = 0;
    for _ in 0..12 {
        let response = bot.get(server.url("/signin")).send().await.unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    assert!(refused >= 6, "{refused} refused");
    let shield = server.state.shield.as_ref().unwrap();
    assert_eq!(shield.attack.setting(), AttackSetting::Auto);
    assert!(shield.attack.is_active(server.now()));
    let after = newcomer.get(server.url("/signin")).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::FORBIDDEN);
    assert_eq!(shield_verdict(&after), Some("challenge"));
    server.stop().await;
}

#[tokio::test]
async fn a_queue_filled_by_bots_that_never_come_back_switches_the_challenge_on_an_honest_crowd_does_not(
) {
    let server = server(|config| {
        fixed_limit(config);
        config.shield.as_mut().unwrap().attack_thresholds = cartable_shield::AttackThresholds {
            refusals_per_second: 2,
            window_seconds: 5,
            hold_seconds: 600,
        };
    })
    .await;
    let held = occupy(&server, 7);
    let shield = server.state.shield.as_ref().unwrap();
    let visit = |client: &Client, ticket: Option<&str>| {
        let mut request = client.get(server.url("/signin"));
        if let Some(ticket) = ticket {
            request = request.header(COOKIE, format!("cartable_ticket={ticket}"));
        }
        request.send()
    };
    let first_return = |response: &Response| {
        assert_eq!(shield_verdict(response), Some("waiting-room"));
        assert!(
            retry_after(response) <= 3,
            "asked back within three seconds"
        );
    };
    // Twenty browsers from twenty schools queue up, and each comes back with its ticket.
    for school in 0..20 {
        let browser = bare_client(&format!("127.0.{}.1", 10 + school));
        let response = visit(&browser, None).await.unwrap();
        first_return(&response);
        let ticket = cookie_named(&response, "cartable_ticket").unwrap();
        let response = visit(&browser, Some(&ticket)).await.unwrap();
        assert!(cookie_named(&response, "cartable_ticket").is_none());
    }
    server.clock.advance(10);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(!shield.attack.is_active(server.now()), "an honest crowd");

    // As many bots from as many networks, under every rate limit, never keep a ticket.
    for network in 0..20 {
        let bot = bare_client(&format!("127.1.{network}.1"));
        for _ in 0..2 {
            first_return(&visit(&bot, None).await.unwrap());
        }
    }
    assert!(!shield.attack.is_active(server.now()), "not judged yet");
    server.clock.advance(10);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(shield.attack.is_active(server.now()));
    let response = visit(&bare_client("127.0.99.1"), None).await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(shield_verdict(&response), Some("challenge"));
    drop(held);
    server.stop().await;
}
