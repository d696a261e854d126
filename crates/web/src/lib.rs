//! Cartable's HTTP face: the server-rendered pages, the JSON API and its OpenAPI document,
//! health checks and metrics.
//!
//! Handlers are thin: they parse the request, ask `cartable_core::authz` for a permit, call
//! the store and render. Signed-in requests are recognised from an in-memory session cache
//! ([`session_cache`]), so the hot path does no database work; password hashing runs in a
//! bounded pool ([`hash_pool`]); every error goes through one mapping ([`error`]).

pub mod account_filter;
pub mod activation;
pub mod activation_throttle;
pub mod api;
pub mod assets;
pub mod auth;
pub mod banners;
pub mod compression;
pub mod config;
pub mod continuity;
pub mod cookies;
pub mod csrf;
pub mod device;
pub mod documents;
pub mod error;
pub mod files;
pub mod hand_in;
pub mod hash_pool;
pub mod headers;
pub mod health;
pub mod i18n;
pub mod last_good;
pub mod messaging;
pub mod metrics;
pub mod pages;
pub mod school_admin;
pub mod serve;
pub mod session_cache;
pub mod session_token;
pub mod shield;
pub mod signin;
pub mod signing;
pub mod state;
pub mod today;

pub use config::WebConfig;
pub use state::AppState;

use axum::extract::{DefaultBodyLimit, Request};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::future::Future;
use tokio::net::TcpListener;

/// Largest request body accepted by default (the import route accepts more).
pub const BODY_LIMIT: usize = 64 * 1024;

/// Runs Cartable's web server on `listener` over `store` until `shutdown` completes.
pub async fn run(
    listener: TcpListener,
    config: WebConfig,
    store: cartable_store::Store,
    blobs: cartable_store::BlobStore,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let state = AppState::new(store, blobs, &config);
    serve_state(listener, state, shutdown).await
}

/// Runs the server over a state built by the caller, who keeps a handle on it (tests use it
/// to drop cached sessions after changing the store behind the server's back).
pub async fn serve_state(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve::serve(listener, app(state.clone()), state, shutdown).await
}

/// The whole application as a router.
pub fn app(state: AppState) -> Router {
    metrics::handle();
    let [csp, nosniff, referrer, frames] = headers::layers();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .route(assets::CSS_PATH, get(assets::css))
        .route(
            shield::challenge::SCRIPT_PATH,
            get(shield::challenge::script),
        )
        .route(
            shield::challenge::PASS_PATH,
            axum::routing::post(shield::challenge::pass),
        )
        .merge(api::router().layer(axum::middleware::from_fn(csrf::reject_cross_site)))
        .merge(pages::router())
        .route_layer(axum::middleware::from_fn(metrics::track))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            shield::gate::gate,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(csp)
        .layer(nosniff)
        .layer(referrer)
        .layer(frames)
        .layer(axum::middleware::from_fn(headers::cache_control))
        .layer(compression::layer())
        .with_state(state)
}

/// Anything no route matched: a JSON 404 under `/api`, a page elsewhere.
async fn not_found(request: Request) -> Response {
    let response = error::WebError::NotFound.into_response();
    metrics::count_unmatched(request.method(), response.status().as_str());
    if request.uri().path().starts_with("/api/") {
        response
    } else {
        pages::error_page(&request, response)
    }
}
