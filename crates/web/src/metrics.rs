//! Prometheus metrics: requests by route and status, latency histograms, sign-in and
//! activation outcomes, and gauges of the caches and queues, rendered at `/metrics`.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

/// Requests served, by method, matched route and status.
pub const REQUESTS: &str = "cartable_http_requests_total";
/// Time to produce a response, by matched route.
pub const DURATION: &str = "cartable_http_request_duration_seconds";
/// Sign-in attempts by outcome: success, failure, throttled, busy.
pub const SIGNINS: &str = "cartable_signins_total";
/// Activation attempts by outcome: success, failure, throttled. A rise in failures from
/// nowhere is someone guessing codes.
pub const ACTIVATIONS: &str = "cartable_activations_total";

/// Uploads the antivirus made us refuse, by outcome: infected (quarantined) or unavailable
/// (clamd gave no verdict). A run of `unavailable` means clamd is down and every upload fails.
pub const ANTIVIRUS_REFUSALS: &str = "cartable_antivirus_refusals_total";

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's Prometheus recorder, installed on first use. Several servers in one process
/// (tests) share it; if another recorder was installed first, metrics are not exported.
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let buckets = [
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                10.0,
            ];
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(DURATION.to_owned()), &buckets)
                .ok()?;
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            match metrics::set_global_recorder(recorder) {
                Ok(()) => Some(handle),
                Err(_) => {
                    tracing::warn!(
                        "a metrics recorder was already installed; /metrics stays empty"
                    );
                    None
                }
            }
        })
        .as_ref()
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// Middleware counting and timing every request that matched a route.
pub async fn track(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status().as_str().to_owned();
    metrics::counter!(REQUESTS, "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(DURATION, "route" => route).record(started.elapsed().as_secs_f64());
    response
}

/// Counts a request no route matched.
pub fn count_unmatched(method: &Method, status: &str) {
    metrics::counter!(REQUESTS, "method" => method_label(method), "route" => "unmatched", "status" => status.to_owned())
        .increment(1);
}

/// Counts a sign-in attempt by outcome.
pub fn count_signin(outcome: &'static str) {
    metrics::counter!(SIGNINS, "outcome" => outcome).increment(1);
}

/// Counts an activation attempt by outcome.
pub fn count_activation(outcome: &'static str) {
    metrics::counter!(ACTIVATIONS, "outcome" => outcome).increment(1);
}

/// Counts an upload refused because of the antivirus, by outcome.
pub fn count_antivirus_refusal(outcome: &'static str) {
    metrics::counter!(ANTIVIRUS_REFUSALS, "outcome" => outcome).increment(1);
}

/// `GET /metrics`: the Prometheus text exposition.
pub async fn render(State(state): State<AppState>) -> Response {
    metrics::gauge!("cartable_session_cache_entries").set(state.sessions.len() as f64);
    metrics::gauge!("cartable_hash_pool_in_flight").set(state.hash_pool.in_flight() as f64);
    metrics::gauge!("cartable_signin_throttle_keys").set(state.throttle.tracked_keys() as f64);
    metrics::gauge!("cartable_activation_throttle_keys")
        .set(state.activation_throttle.tracked_keys() as f64);
    if let Some(shield) = &state.shield {
        shield.record_gauges();
    }
    let body = handle().map(PrometheusHandle::render).unwrap_or_default();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}
