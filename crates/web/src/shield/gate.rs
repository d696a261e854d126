//! The middleware every request passes before its handler: classify, rate-limit, challenge
//! under attack, admit or queue (see the [module](super) for the order and why).

use super::challenge::{self, PASS_PATH, SCRIPT_PATH};
use super::replies;
use super::waiting::{self, TICKET_COOKIE};
use super::Shield;
use crate::assets::CSS_PATH;
use crate::auth::CurrentUser;
use crate::cookies;
use crate::device;
use crate::session_token;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use cartable_core::{Role, Timestamp};
use cartable_shield::admission::{Class, Outcome, Permit};
use cartable_shield::waiting_room::FIRST_RETURN_SECONDS;
use cartable_shield::{Caller, Ticket, Turn, WaitingRoom};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Instant;

/// Longest session token worth checking (ours have 87 characters).
const MAX_TOKEN_LEN: usize = 128;

/// Routes that are never limited: the assets browsers already cache, the solving of a
/// challenge, and what operators and load balancers poll.
fn exempt(path: &str) -> bool {
    path == CSS_PATH
        || path == SCRIPT_PATH
        || path == PASS_PATH
        || matches!(path, "/healthz" | "/readyz" | "/metrics")
}

/// Sign-in attempts: each costs a password hash (or an activation code check).
fn signs_in(method: &Method, path: &str) -> bool {
    method == Method::POST
        && matches!(
            path,
            "/signin" | "/api/v1/session" | "/activate" | "/api/v1/activate"
        )
}

/// What the gate learnt about a request, without the database.
struct Arrival {
    address: IpAddr,
    api: bool,
    /// A session token the server signed.
    session: Option<String>,
    /// A device id from a device cookie the server signed.
    device: Option<String>,
    signs_in: bool,
}

fn arrival(state: &AppState, request: &Request) -> Arrival {
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    let headers = request.headers();
    let session = cookies::get(headers, cookies::SESSION)
        .filter(|token| {
            token.len() <= MAX_TOKEN_LEN && session_token::is_ours(&state.signer, token)
        })
        .map(str::to_owned);
    let device = cookies::get(headers, cookies::DEVICE)
        .and_then(|value| device::read_device(&state.signer, value))
        .map(str::to_owned);
    let path = request.uri().path();
    Arrival {
        address,
        api: path.starts_with("/api/"),
        session,
        device,
        signs_in: signs_in(request.method(), path),
    }
}

/// The gate, as an axum middleware over the whole application.
pub async fn gate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(shield) = state.shield.as_deref() else {
        return next.run(request).await;
    };
    if exempt(request.uri().path()) {
        return next.run(request).await;
    }
    let now = state.now();
    let seen = arrival(&state, &request);
    let cached = seen
        .session
        .as_deref()
        .and_then(|token| state.sessions.peek(token, now));
    let class = match cached {
        Some(session) => {
            let class = match session.profile.role {
                Role::Teacher => Class::Priority,
                _ => Class::SignedIn,
            };
            request.extensions_mut().insert(CurrentUser(session));
            class
        }
        // A session the server signed but this node has not cached (after a restart): still
        // a signed-in person's, checked against the store by the handler.
        None if seen.session.is_some() => Class::SignedIn,
        None if seen.signs_in => Class::SignIn,
        None => Class::Anonymous,
    };
    let caller = Caller {
        session: seen.session.as_deref(),
        device: seen.device.as_deref(),
        address: seen.address,
        signs_in: seen.signs_in,
    };
    if let Err(limited) = shield.rate_limits.check(&caller) {
        metrics::counter!("cartable_rate_limited_total", "limit" => limited.limit).increment(1);
        if seen.session.is_none() {
            shield.attack.record_refusal(now);
        }
        return replies::rate_limited(seen.api, limited.retry_after_seconds);
    }
    if seen.session.is_none()
        && shield.attack.is_active(now)
        && !challenge::has_pass(&state.signer, request.headers(), seen.address, now)
    {
        metrics::counter!("cartable_challenges_total", "outcome" => "issued").increment(1);
        let token = challenge::issue(&state.signer, shield.pow_difficulty, now);
        let next = request
            .uri()
            .path_and_query()
            .map_or("/signin", |p| p.as_str());
        return challenge::reply(seen.api, &token, shield.pow_difficulty, next, None);
    }
    let admitted = match class {
        Class::SignIn | Class::Anonymous => {
            admit_newcomer(&state, shield, &request, &seen, class, now)
        }
        Class::SignedIn | Class::Priority => {
            admit_signed_in(&state, shield, &request, &seen, class, now)
        }
    };
    let Admitted { permit, pass } = match admitted {
        Ok(admitted) => admitted,
        Err(refusal) => return *refusal,
    };
    let started = Instant::now();
    let response = next.run(request).await;
    let outcome = if response.status().is_server_error() {
        Outcome::Failed
    } else if seen.signs_in {
        // A sign-in waits for the hashing pool (and, after failures, a throttling delay) on
        // purpose: its time says nothing about queueing. It holds its place meanwhile, so
        // that when hashing slows page views down and the limit shrinks, sign-ins are the
        // ones turned away, not the pupils already at work.
        Outcome::Ignored
    } else {
        Outcome::Served
    };
    permit.finish(started.elapsed(), outcome);
    if seen.signs_in {
        shield.sign_in_answered();
    }
    if seen.signs_in && response.status() == StatusCode::UNAUTHORIZED {
        shield.attack.record_refusal(now);
    }
    let mut response = response;
    if let Some(pass) = pass {
        response.headers_mut().append(header::SET_COOKIE, pass);
    }
    response
}

/// A request let in, and the pass its browser is given when a queue is forming.
struct Admitted {
    permit: Permit,
    pass: Option<HeaderValue>,
}

impl Admitted {
    /// Let in with what the browser already holds.
    fn as_is(permit: Permit) -> Admitted {
        Admitted { permit, pass: None }
    }

    /// Let in without waiting: while a queue forms ([`Shield::busy`]), the browser gets a
    /// pass of `room`, so the rest of its visit is not sent to the back of that queue.
    fn walked_in(
        state: &AppState,
        shield: &Shield,
        room: &WaitingRoom,
        permit: Permit,
        network: &str,
        now: Timestamp,
    ) -> Admitted {
        let pass = shield.busy().then(|| {
            let sealed = waiting::seal(&state.signer, &room.pass(network), now);
            waiting::cookie(&sealed, state.secure_cookies)
        });
        Admitted { permit, pass }
    }
}

/// The ticket the request carries, if the server signed it and it has not expired.
fn held_ticket(state: &AppState, request: &Request, now: Timestamp) -> Option<Ticket> {
    cookies::get(request.headers(), TICKET_COOKIE)
        .and_then(|value| waiting::open(&state.signer, value, now))
}

/// The waiting room's answer to someone already in the queue: `ahead` of them and
/// `eta_seconds` to go, asked back after `retry` seconds.
fn in_queue(api: bool, ahead: u64, eta_seconds: Option<u64>, retry: u64) -> Box<Response> {
    Box::new(waiting::reply(api, ahead, eta_seconds, retry, None))
}

/// Someone already let in whom the server turns away for a moment: at the head of the queue,
/// back after `retry` seconds.
fn at_the_head(api: bool, retry: u64) -> Box<Response> {
    in_queue(api, 0, Some(retry), retry)
}

/// A new ticket at the back of `room`'s queue, and the page that says so.
fn queue_up(
    state: &AppState,
    room: &WaitingRoom,
    api: bool,
    network: &str,
    now: Timestamp,
) -> Box<Response> {
    let ticket = room.enter(network, now);
    let sealed = waiting::seal(&state.signer, &ticket, now);
    let (ahead, eta_seconds) = match room.peek(&ticket, network) {
        Turn::Waiting { ahead, eta_seconds } => (ahead, eta_seconds),
        Turn::Admitted | Turn::Refused => (0, None),
    };
    // Coming back soon with the ticket is what tells a browser from a bot that keeps no
    // cookie (see `WaitingRoom::judge`): the first visit is asked back within seconds.
    let retry = waiting::recheck_after(eta_seconds).min(FIRST_RETURN_SECONDS);
    Box::new(waiting::reply(
        api,
        ahead,
        eta_seconds,
        retry,
        Some(waiting::cookie(&sealed, state.secure_cookies)),
    ))
}

/// Admission for someone without a session: first come, first served. While either waiting
/// room holds anyone, a newcomer takes a ticket behind them; a ticket whose number was
/// called is let in (a page on the signed-in users' reserve, a sign-in on the sign-ins'
/// share and only while the hashing pool has room).
fn admit_newcomer(
    state: &AppState,
    shield: &Shield,
    request: &Request,
    seen: &Arrival,
    class: Class,
    now: Timestamp,
) -> Result<Admitted, Box<Response>> {
    let network = waiting::network_of(seen.address);
    let ticket = held_ticket(state, request, now);
    let turn = ticket
        .as_ref()
        .map(|ticket| shield.newcomers.turn(ticket, &network));
    match turn {
        Some(Turn::Admitted) if class == Class::SignIn && state.hash_pool.spare() == 0 => {
            // Called, but the hashing pool filled up meanwhile: still at the head of the
            // queue, back in a moment.
            return Err(at_the_head(seen.api, waiting::recheck_after(Some(1))));
        }
        Some(Turn::Admitted) => {
            // It waited its turn: a page on the signed-in users' reserve; a sign-in still on
            // the sign-ins' share, which shrinks first when hashing slows page views down. A
            // pass waited for nothing and keeps its own class.
            let class = match class {
                Class::Anonymous if !ticket.as_ref().is_some_and(Ticket::is_pass) => {
                    Class::SignedIn
                }
                class => class,
            };
            return shield
                .admission
                .try_admit(class)
                .map(Admitted::as_is)
                .map_err(|shed| at_the_head(seen.api, shed.retry_after_seconds));
        }
        Some(Turn::Waiting { ahead, eta_seconds }) => {
            let retry = waiting::recheck_after(eta_seconds);
            return Err(in_queue(seen.api, ahead, eta_seconds, retry));
        }
        Some(Turn::Refused) | None => {}
    }
    if shield.newcomers.waiting() == 0 && shield.signed_in.waiting() == 0 {
        // A sign-in's cost is its password hash: it is let in only while the hashing pool
        // has room as well.
        let fits = class != Class::SignIn || state.hash_pool.spare() > 0;
        if fits {
            if let Ok(permit) = shield.admission.try_admit(class) {
                return Ok(Admitted::walked_in(
                    state,
                    shield,
                    &shield.newcomers,
                    permit,
                    &network,
                    now,
                ));
            }
        }
    }
    Err(queue_up(state, &shield.newcomers, seen.api, &network, now))
}

/// Admission for a signed-in user. Someone already let in (a called ticket of either room:
/// a newcomer called before she signed in counts) and teachers, who go first, only meet
/// the concurrency limit, and are told they are at the head of the queue when it turns
/// them away. Anyone else waits behind the signed-in users already waiting, in order,
/// *standing by*: a place the people already in leave free at the moment she asks (the
/// requests in flight under the lowest class's share) is hers at once rather than lost,
/// since on one busy core the requests in flight stay few until it is truly full.
fn admit_signed_in(
    state: &AppState,
    shield: &Shield,
    request: &Request,
    seen: &Arrival,
    class: Class,
    now: Timestamp,
) -> Result<Admitted, Box<Response>> {
    let network = waiting::network_of(seen.address);
    let walked_in =
        |permit| Admitted::walked_in(state, shield, &shield.signed_in, permit, &network, now);
    let mut called = false;
    if let Some(ticket) = held_ticket(state, request, now) {
        match shield.signed_in.turn(&ticket, &network) {
            Turn::Admitted => called = true,
            Turn::Waiting { ahead, eta_seconds } if class != Class::Priority => {
                if let Some(permit) = shield.admission.try_admit_standing_by(class) {
                    return Ok(walked_in(permit));
                }
                let retry = waiting::recheck_after(eta_seconds);
                return Err(in_queue(seen.api, ahead, eta_seconds, retry));
            }
            Turn::Waiting { .. } => {}
            Turn::Refused => called = shield.newcomers.turn(&ticket, &network) == Turn::Admitted,
        }
    }
    if called || class == Class::Priority {
        return shield
            .admission
            .try_admit(class)
            .map(Admitted::as_is)
            .map_err(|shed| at_the_head(seen.api, shed.retry_after_seconds));
    }
    let permit = if shield.signed_in.waiting() == 0 {
        shield.admission.try_admit(class).ok()
    } else {
        shield.admission.try_admit_standing_by(class)
    };
    match permit {
        Some(permit) => Ok(walked_in(permit)),
        None => Err(queue_up(state, &shield.signed_in, seen.api, &network, now)),
    }
}
