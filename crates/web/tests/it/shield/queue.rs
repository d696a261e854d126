//! The waiting rooms over real HTTP: the newcomers' order, which refreshing, forging or
//! carrying a ticket elsewhere cannot change; signed-in users' own queue, called first; and
//! the passes that keep someone let in out of the queue.

use super::{
    ahead, bare_client, cookie_named, fixed_limit, occupy, retry_after, server, shield_verdict,
};
use crate::harness::Server;
use cartable_web::WebConfig;
use reqwest::header::COOKIE;
use reqwest::{Client, Response, StatusCode};

/// The fixed limit, with the waiting rooms called only when a test calls them (not four
/// times a second in the background), so that places in the queues are the test's to set.
fn fixed_limit_called_by_hand(config: &mut WebConfig) {
    fixed_limit(config);
    config.shield.as_mut().unwrap().call_every = std::time::Duration::from_secs(3600);
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
