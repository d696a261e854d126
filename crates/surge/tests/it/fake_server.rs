//! A stand-in for Cartable behind its shield, just enough of the contract to exercise the
//! harness: every browser without a ticket first lands in the waiting room (503,
//! `Retry-After: 1`, a ticket cookie); `/api/v1/home` asks for a proof of work once per
//! browser; sign-in works through the API and the form; pages need the session cookie.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use cartable_shield::Challenge;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// What the fake server saw.
#[derive(Debug, Default)]
pub struct Seen {
    pub waiting_room: AtomicU64,
    pub challenges: AtomicU64,
    pub passes: AtomicU64,
    pub pages: AtomicU64,
}

fn has_cookie(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim().starts_with(&format!("{name}=")))
}

fn field<'a>(form: &'a str, name: &str) -> Option<&'a str> {
    form.split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

async fn handle(
    seen: Arc<Seen>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !has_cookie(&headers, "cartable_ticket") {
        seen.waiting_room.fetch_add(1, Ordering::Relaxed);
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                ("cartable-shield", "waiting-room"),
                ("retry-after", "1"),
                ("set-cookie", "cartable_ticket=t1; Path=/; HttpOnly"),
            ],
            "<p>Vous êtes dans la file d'attente.</p>",
        )
            .into_response();
    }
    let signed_in = has_cookie(&headers, "cartable_session");
    let session = [(
        "set-cookie",
        "cartable_session=s1; Path=/; HttpOnly; Max-Age=2592000",
    )];
    match (method, uri.path()) {
        (Method::POST, "/api/v1/session") => (session, "{\"login\":\"x\"}").into_response(),
        (Method::GET, "/signin") => (
            [("set-cookie", "cartable_csrf=c1; Path=/")],
            "<form method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\"tok\"></form>",
        )
            .into_response(),
        (Method::POST, "/signin") => {
            let form = String::from_utf8_lossy(&body);
            if field(&form, "csrf") == Some("tok") && has_cookie(&headers, "cartable_csrf") {
                (StatusCode::SEE_OTHER, [("location", "/home")], session).into_response()
            } else {
                StatusCode::FORBIDDEN.into_response()
            }
        }
        (Method::POST, "/shield/pass") => {
            let form = String::from_utf8_lossy(&body);
            let token = field(&form, "challenge")
                .unwrap_or_default()
                .replace("%7E", "~");
            let text = token.split('~').next().unwrap_or_default();
            let solved = Challenge::parse(text)
                .zip(field(&form, "nonce"))
                .is_some_and(|(c, nonce)| c.is_solved_by(nonce));
            if solved {
                seen.passes.fetch_add(1, Ordering::Relaxed);
                (
                    StatusCode::SEE_OTHER,
                    [
                        ("location", "/"),
                        ("set-cookie", "cartable_pass=p1; Path=/"),
                    ],
                )
                    .into_response()
            } else {
                StatusCode::FORBIDDEN.into_response()
            }
        }
        (Method::GET, "/api/v1/home") if !has_cookie(&headers, "cartable_pass") => {
            seen.challenges.fetch_add(1, Ordering::Relaxed);
            let token = "v1.0123456789abcdef0123456789abcdef.4102444800.6~c2ln";
            (
                StatusCode::FORBIDDEN,
                [
                    ("cartable-shield", "challenge"),
                    ("cartable-challenge", token),
                ],
            )
                .into_response()
        }
        (Method::GET, _) if signed_in => {
            seen.pages.fetch_add(1, Ordering::Relaxed);
            "page".into_response()
        }
        (Method::GET, _) => (StatusCode::SEE_OTHER, [("location", "/signin")]).into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Starts the fake server on 127.0.0.1:0.
pub async fn start() -> (SocketAddr, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let state = Arc::clone(&seen);
    let app = Router::new().fallback(move |method, uri, headers, body| {
        handle(Arc::clone(&state), method, uri, headers, body)
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, seen)
}
