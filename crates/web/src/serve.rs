//! The serve loop: accept TCP connections and speak HTTP/1.1 on them with hyper, with a
//! header-read timeout and a body-read timeout against slow clients, and a graceful shutdown that lets requests in
//! flight finish.

use crate::state::AppState;
use axum::extract::ConnectInfo;
use axum::Router;
use cartable_core::Timestamp;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::timeout::RequestBodyTimeout;

/// The most a request's line and headers may weigh (hyper answers 431 beyond): far above
/// any browser's, far below what would let a client make the server buffer megabytes.
const MAX_HEADER_BYTES: usize = 64 * 1024;
/// Requests in flight get this long to finish at shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// How often last-seen times go to the database.
const FLUSH_EVERY: Duration = Duration::from_secs(180);
/// How often this node asks the store which sessions ended elsewhere (another node, the
/// command line): a lock or a sign-out takes effect everywhere within this time.
const FOLLOW_REVOCATIONS_EVERY: Duration = Duration::from_secs(1);
/// How often the rate limiters forget the callers whose allowance is full again.
const FORGET_IDLE_EVERY: Duration = Duration::from_secs(10);
/// How often the metrics recorder drains its histograms.
const METRICS_UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(state.header_read_timeout)
        .max_header_size(MAX_HEADER_BYTES)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let background = tokio::spawn(background_tasks(state.clone()));
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Out of file descriptors and the like: wait a little, keep serving.
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let held = match state.shield.as_ref().map(|shield| shield.connections.open(peer.ip())) {
                    Some(Err(refused)) => {
                        // Closed before a byte is read: a slowloris army or one address
                        // opening hundreds of sockets costs nothing more.
                        metrics::counter!("cartable_connections_refused_total", "reason" => refused.as_str()).increment(1);
                        continue;
                    }
                    Some(Ok(held)) => Some(held),
                    None => None,
                };
                let _ = stream.set_nodelay(true);
                let service = RequestBodyTimeout::new(router.clone(), state.body_read_timeout).map_request(move |mut request: axum::extract::Request<_>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    request
                });
                let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    if let Err(error) = connection.await {
                        tracing::debug!(%error, %peer, "connection ended with an error");
                    }
                    drop(held);
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("some connections did not finish within the shutdown grace period");
    }
    background.abort();
    flush(&state).await;
    Ok(())
}

async fn flush(state: &AppState) {
    if let Err(error) = state
        .sessions
        .flush_last_seen(&state.store, state.now())
        .await
    {
        tracing::warn!(%error, "could not record when sessions were last seen");
    }
}

/// How far back each look at revocations reaches before the last one seen: a revocation is
/// stamped when its request started, and may commit after one stamped later (it waited for
/// its turn to write), so looking only past the latest stamp could miss it.
const REVOCATION_OVERLAP_SECONDS: i64 = 60;

/// Forgets the cached sessions revoked since `since`, returning where to look from next time.
async fn follow_revocations(state: &AppState, since: Timestamp) -> Timestamp {
    let from = since.plus_seconds(-REVOCATION_OVERLAP_SECONDS);
    match state.store.sessions_revoked_since(from).await {
        Ok((ended, latest)) => {
            if !ended.is_empty() {
                state.sessions.forget_sessions(&ended);
            }
            latest.max(since)
        }
        Err(error) => {
            tracing::warn!(%error, "could not read the sessions revoked elsewhere");
            since
        }
    }
}

async fn background_tasks(state: AppState) {
    let mut flush_timer = tokio::time::interval(FLUSH_EVERY);
    let mut upkeep_timer = tokio::time::interval(METRICS_UPKEEP_EVERY);
    let mut revocation_timer = tokio::time::interval(FOLLOW_REVOCATIONS_EVERY);
    // Without the shield there is nobody to call: the timer only ticks now and then.
    let call_every = state
        .shield
        .as_ref()
        .map_or(Duration::from_secs(3600), |shield| shield.call_every);
    let mut call_timer = tokio::time::interval(call_every);
    let mut forget_timer = tokio::time::interval(FORGET_IDLE_EVERY);
    let mut revoked_since = state.now();
    loop {
        tokio::select! {
            _ = call_timer.tick() => {
                if let Some(shield) = &state.shield {
                    shield.call_waiting(
                        state.now(),
                        state.hash_pool.spare(),
                        state.hash_pool.in_flight() == 0,
                    );
                }
            }
            _ = forget_timer.tick() => {
                if let Some(shield) = &state.shield {
                    shield.rate_limits.forget_idle();
                }
            }
            _ = flush_timer.tick() => flush(&state).await,
            _ = revocation_timer.tick() => {
                revoked_since = follow_revocations(&state, revoked_since).await;
                if let Err(error) = state.banners.refresh(&state.store).await {
                    tracing::warn!(%error, "could not read the messaging switches");
                }
            }
            _ = upkeep_timer.tick() => {
                if let Some(handle) = crate::metrics::handle() {
                    handle.run_upkeep();
                }
            }
        }
    }
}
