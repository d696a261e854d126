//! The shield over real HTTP: rate limits, the waiting room's order, proof of work under
//! attack, shedding, slow clients and the connection cap. The shield runs before any
//! database work, so these run on SQLite only.

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

/// The fixed limit, with the waiting rooms called only when a test calls them (not four
/// times a second in the background), so that places in the queues are the test's to set.
fn fixed_limit_called_by_hand(config: &mut WebConfig) {
    fixed_limit(config);
    config.shield.as_mut().unwrap().call_every = std::time::Duration::from_secs(3600);
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

#[tokio::test]
async fn the_waiting_room_keeps_order_and_cannot_be_jumped_forged_or_carried_elsewhere() {
    let server = server(fixed_limit).await;
    // Seven requests in flight: no room for newcomers (their share is five, sign-ins seven),
    // still room for signed-in users (nine).
    let held = occupy(&server, 7);
    let first = bare_client("127.0.0.1");
    let second = bare_client("127.0.0.1");
    let visit = |client: &Client, cookie: Option<&str>| {
        let mut request = client.get(server.url("/signin"));
        if let Some(ticket) = cookie {
            request = request.header(COOKIE, format!("cartable_ticket={ticket}"));
        }
        request.send()
    };

    let response = visit(&first, None).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(shield_verdict(&response), Some("waiting-room"));
    assert!(retry_after(&response) >= 2);
    let first_ticket = cookie_named(&response, "cartable_ticket").unwrap();
    assert_eq!(ahead(&response.text().await.unwrap()), 0);

    let response = visit(&second, None).await.unwrap();
    let second_ticket = cookie_named(&response, "cartable_ticket").unwrap();
    assert_eq!(ahead(&response.text().await.unwrap()), 1);

    // Refreshing keeps the place and draws no new number.
    for _ in 0..3 {
        let response = visit(&first, Some(&first_ticket)).await.unwrap();
        assert!(cookie_named(&response, "cartable_ticket").is_none());
        assert_eq!(ahead(&response.text().await.unwrap()), 0);
    }
    let shield = server.state.shield.as_ref().unwrap();
    assert_eq!(shield.newcomers.waiting(), 2);

    // A forged number is refused: the forger goes to the back of the queue.
    let forged = second_ticket.replacen(".2.", ".1.", 1);
    assert_ne!(forged, second_ticket);
    let response = visit(&second, Some(&forged)).await.unwrap();
    assert!(cookie_named(&response, "cartable_ticket").is_some());
    assert_eq!(ahead(&response.text().await.unwrap()), 2);

    // The first ticket carried to another network is no good there either.
    let elsewhere = bare_client("127.0.9.1");
    let response = visit(&elsewhere, Some(&first_ticket)).await.unwrap();
    assert!(cookie_named(&response, "cartable_ticket").is_some());
    assert_eq!(ahead(&response.text().await.unwrap()), 3);

    // The server calls one number: the first in the queue gets in, the second is next.
    shield.newcomers.admit(1, server.now());
    let response = visit(&first, Some(&first_ticket)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("name=\"password\""));
    let response = visit(&second, Some(&second_ticket)).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ahead(&response.text().await.unwrap()), 0);

    // API clients waiting get the same facts as JSON, with Retry-After.
    let response = bare_client("127.0.0.1")
        .post(server.url("/api/v1/session"))
        .json(&serde_json::json!({"login": "lea.martin", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(retry_after(&response) >= 2);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "waiting_room");
    assert_eq!(body["ahead"], 3);

    drop(held);
    server.stop().await;
}

/// A signed-in client's request for the JSON of who it is.
async fn me(client: &Client, server: &Server) -> Response {
    client.get(server.url("/api/v1/me")).send().await.unwrap()
}

#[tokio::test]
async fn signed_in_users_go_first_wait_in_their_own_queue_and_keep_their_place_through_their_visit()
{
    let server = server(fixed_limit).await;
    let shield = server.state.shield.as_ref().unwrap();
    let teacher = server.signed_in("marc.dupont").await;
    let pupil = server.signed_in("lea.martin").await;
    let brother = server.signed_in("tom.martin").await;
    for client in [&teacher, &pupil, &brother] {
        let response = me(client, &server).await;
        assert_eq!(response.status(), StatusCode::OK);
        // A quiet server hands out no tickets.
        assert!(cookie_named(&response, "cartable_ticket").is_none());
    }

    // Nine in flight: a pupil's request no longer fits. She gets a place at the head of the
    // signed-in users' queue (as JSON for the API), her brother the place behind her (as the
    // page that reloads itself); a teacher still gets in.
    let held = occupy(&server, 9);
    let response = me(&pupil, &server).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(shield_verdict(&response), Some("waiting-room"));
    assert!(retry_after(&response) >= 2);
    assert!(cookie_named(&response, "cartable_ticket").is_some());
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "waiting_room");
    assert_eq!(body["ahead"], 0);
    let response = brother.get(server.url("/home")).send().await.unwrap();
    assert_eq!(shield_verdict(&response), Some("waiting-room"));
    let page = response.text().await.unwrap();
    assert!(page.contains("http-equiv=\"refresh\""));
    assert_eq!(ahead(&page), 1);
    let response = me(&teacher, &server).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap()["role"],
        "teacher"
    );
    // Asking again keeps the place; a newcomer waits behind every signed-in user.
    let response = me(&pupil, &server).await;
    assert!(cookie_named(&response, "cartable_ticket").is_none());
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap()["ahead"],
        0
    );
    let response = bare_client("127.0.0.1")
        .get(server.url("/signin"))
        .send()
        .await
        .unwrap();
    assert_eq!(shield_verdict(&response), Some("waiting-room"));
    assert_eq!(shield.signed_in.waiting(), 2);
    assert_eq!(shield.newcomers.waiting(), 1);

    // The server frees up: both get in.
    drop(held);
    for client in [&pupil, &brother] {
        let mut status = StatusCode::SERVICE_UNAVAILABLE;
        for _ in 0..40 {
            status = me(client, &server).await.status();
            if status == StatusCode::OK {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(status, StatusCode::OK);
    }
    // Let in standing by (the server was idle), they left their numbers behind: the next
    // call passes them.
    shield.call_waiting(server.now(), 0, false);
    assert_eq!(shield.signed_in.waiting(), 0);

    // A queue forms again: forty people who had not come yet. The pupil, whose ticket was
    // called, is not sent to its back: turned away while the server is full, she is told
    // she is at the head; with one place free (too few for anyone standing by), she is let
    // in while the queue still waits.
    let mut held = occupy(&server, 9);
    queue_behind(&server, 40);
    let response = me(&pupil, &server).await;
    assert_eq!(shield_verdict(&response), Some("waiting-room"));
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap()["ahead"],
        0
    );
    held.pop();
    assert_eq!(me(&pupil, &server).await.status(), StatusCode::OK);
    assert!(shield.signed_in.waiting() > 0);
    drop(held);
    server.stop().await;
}

/// Puts `count` signed-in users who are not these tests' clients in the queue.
fn queue_behind(server: &Server, count: usize) {
    let shield = server.state.shield.as_ref().unwrap();
    for _ in 0..count {
        shield.signed_in.enter("192.0.2.0/24", server.now());
    }
}

#[tokio::test]
async fn a_browser_let_in_while_a_queue_forms_gets_a_pass_that_keeps_it_out_of_the_queue() {
    let server = server(fixed_limit_called_by_hand).await;
    let shield = server.state.shield.as_ref().unwrap();
    let pupil = server.signed_in("lea.martin").await;
    let brother = server.signed_in("tom.martin").await;
    // Seven in flight: no room left for newcomers, still some for signed-in users. The
    // pupil is let in, with a pass.
    let mut held = occupy(&server, 7);
    let response = me(&pupil, &server).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(cookie_named(&response, "cartable_ticket").is_some());
    // Full: a queue forms, her brother at its back. With one place free again (too few for
    // anyone standing by), the pupil goes in; he still waits.
    held.extend(occupy(&server, 2));
    queue_behind(&server, 40);
    let response = me(&brother, &server).await;
    assert_eq!(shield_verdict(&response), Some("waiting-room"));
    held.pop();
    assert_eq!(me(&pupil, &server).await.status(), StatusCode::OK);
    let response = me(&brother, &server).await;
    assert_eq!(shield_verdict(&response), Some("waiting-room"));
    // Once the server has slack, he need not wait for his number: a place nobody needs is
    // his, standing by.
    held.truncate(4);
    let response = me(&brother, &server).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(shield.signed_in.waiting() > 0);
    drop(held);
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

#[tokio::test]
async fn a_pass_skips_the_queue_but_earns_no_higher_share() {
    let server = server(fixed_limit_called_by_hand).await;
    let bot = bare_client("127.0.0.1");
    // Six in flight: a sign-in attempt takes the seventh place, the last for sign-ins, and
    // its answer carries a pass.
    let held = occupy(&server, 6);
    let response = bot
        .post(server.url("/api/v1/session"))
        .json(&serde_json::json!({"login": "lea.martin", "password": "wrong"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let pass = cookie_named(&response, "cartable_ticket").unwrap();
    // With it, an anonymous page is still held to the anonymous share (five): no place at
    // six in flight, though a called ticket's page would have the signed-in users' nine.
    let response = bot
        .get(server.url("/signin"))
        .header(COOKIE, format!("cartable_ticket={pass}"))
        .send()
        .await
        .unwrap();
    assert_eq!(shield_verdict(&response), Some("waiting-room"));
    assert_eq!(ahead(&response.text().await.unwrap()), 0);
    drop(held);
    server.stop().await;
}
